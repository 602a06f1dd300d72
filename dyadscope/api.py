"""The public Python API: ``dyadscope.open(db)`` -> Database.

Every CLI command and web endpoint is a thin layer over one method here. Methods return pandas
DataFrames (tidy, stable column names) or small result objects; nothing prints.

Each stage's logic lives in its own package; the methods below only parse arguments and delegate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Connection, select

from .dyads import Dyad, parse_dyad
from .errors import Errors, NotFound, ReadOnly, make
from .foresight import DEFAULT_RUNS
from .store import queries as q
from .store import tables as t
from .store.engine import make_engine, prepare, read_only_storage, redact, resolve_url

if TYPE_CHECKING:
    from .assess import Assessment
    from .assess.compare import OriginComparison
    from .connectors.gdelt_fetch_report import FetchReport
    from .connectors.report import ImportReport
    from .foresight.backtest import BacktestResult
    from .foresight.result import ScenarioResult
    from .profiles import Profile
    from .schema import IngestOutcome

DOC_ID = re.compile(r"^[0-9a-f]{64}$")
DyadLike = str | tuple[str, str] | list[str] | Dyad


class Database:
    """A dyadscope store. Open with :func:`dyadscope.open`.

    >>> db = dyadscope.open("x.db")
    >>> db.ingest(["brief.md"])
    >>> db.documents().head()
    """

    def __init__(self, db: str | Path | None = None, *, read_only: bool = False) -> None:
        self.url = resolve_url(db)
        # a store on read-only storage is opened read-only: it still serves, assesses and reports
        self.read_only = read_only or read_only_storage(self.url)
        read_only = self.read_only
        self.engine = make_engine(self.url, read_only=read_only)
        prepare(self.engine, self.url, read_only=read_only)

    def __repr__(self) -> str:
        return f"<dyadscope.Database {redact(self.url)}{' (read-only)' if self.read_only else ''}>"

    # -- connections -------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._damage_reported(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction: committed whole or rolled back whole."""
        if self.read_only:
            raise ReadOnly(Errors.E504.format(url=redact(self.url)))
        with self._damage_reported(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _damage_reported(self) -> Iterator[None]:
        """A damaged SQLite file ("database disk image is malformed") becomes E507, never a traceback."""
        from sqlalchemy.exc import DatabaseError, OperationalError

        from .errors import StoreError
        from .store.health import one_line

        try:
            yield
        except DatabaseError as exc:
            text = str(exc)
            if isinstance(exc, OperationalError) or not ("malformed" in text or "not a database" in text):
                raise
            raise StoreError(Errors.E507.format(url=redact(self.url), detail=one_line(exc))) from exc

    def close(self) -> None:
        self.engine.dispose()

    # -- documents ---------------------------------------------------------------------------
    def ingest(
        self, sources: Iterable[str | Path] | str | Path | None = None, **options: Any
    ) -> list[IngestOutcome]:
        """Ingest files, folders (recursively), globs and http(s) URLs; ``None`` ingests the demo corpus.

        Returns one :class:`~dyadscope.schema.IngestOutcome` per input. Bad inputs do not stop the
        batch; their outcome carries the status and message. Options: ``max_bytes``, ``timeout``,
        ``allow_private_urls``, ``extract`` (default True), ``dry_run``.
        """
        from .checks import check_options
        from .ingest.pipeline import ingest_sources

        check_options(options)
        return ingest_sources(self, sources, **options)

    def documents(self, *, kind: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """All stored documents (without their text), newest publication first."""
        where = [t.documents.c.kind == kind] if kind else []
        with self.read() as conn:
            return q.frame(
                conn,
                t.documents,
                where,
                order_by=[t.documents.c.published.desc().nulls_last(), t.documents.c.title],
                limit=limit,
                columns=q.LIST_COLUMNS["documents"],
            )

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document as a record dict, with ``sentence_count``; NotFound (E405) if absent."""
        if not DOC_ID.match(doc_id or ""):
            raise NotFound(Errors.E405.format(doc_id=doc_id))
        with self.read() as conn:
            row = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).mappings().first()
            if row is None:
                raise NotFound(Errors.E405.format(doc_id=doc_id))
            count = conn.execute(select(t.sentences.c.idx).where(t.sentences.c.doc_id == doc_id)).fetchall()
        record = dict(row)
        record["sentence_count"] = len(count)
        return record

    def sentences(self, doc_id: str) -> pd.DataFrame:
        self.document(doc_id)
        with self.read() as conn:
            return q.frame(conn, t.sentences, [t.sentences.c.doc_id == doc_id], order_by=[t.sentences.c.idx])

    def delete_document(self, doc_id: str) -> None:
        """Remove a document and everything extracted from it (one transaction)."""
        self.document(doc_id)
        with self.write() as conn:
            for table in (t.events, t.indicators, t.claims, t.sentences):
                conn.execute(table.delete().where(table.c.doc_id == doc_id))
            conn.execute(t.documents.delete().where(t.documents.c.id == doc_id))

    def ingest_log(self, limit: int = 200) -> pd.DataFrame:
        with self.read() as conn:
            return q.frame(conn, t.ingest_log, [], order_by=[t.ingest_log.c.id.desc()], limit=limit)

    def doctor(self) -> dict[str, Any]:
        """Store path, schema version, ``integrity_check``, row counts, the last ingest problems, and
        ``knowledge``: the schema and cross-file check of the data files (profiles, ontology, signals)."""
        from .ontology.schemas import check_knowledge
        from .store.health import diagnose

        with self.read() as conn:
            report = diagnose(conn, redact(self.url))
        problems = check_knowledge()
        report["knowledge"] = {
            level: [f"{p.file}: {p.message}" for p in problems if p.level == level]
            for level in ("error", "warning")
        }
        return report

    def migrate(self) -> dict[str, Any]:
        """Bring the store to this version's schema (opening it already does); returns the versions."""
        from .store.engine import stored_version
        from .store.tables import SCHEMA_VERSION

        with self.read() as conn:
            found = stored_version(conn)
        return {
            "url": redact(self.url),
            "schema_version": found,
            "expected_schema_version": SCHEMA_VERSION,
            "up_to_date": found == SCHEMA_VERSION,
        }

    # -- extracted records ---------------------------------------------------------------------
    def events(
        self,
        *,
        dyad: DyadLike | None = None,
        since: str | None = None,
        until: str | None = None,
        origin: str | None = None,
        status: str | None = None,
        dimension: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        actor: str | None = None,
        root: str | None = None,
        text: str | None = None,
        min_confidence: float | None = None,
    ) -> pd.DataFrame:
        """Events as a DataFrame, newest first; ``dyad`` matches both directions.

        The dashboard's filters too: ``actor`` (source or target), ``root`` (CAMEO root, ``"04"``),
        ``text`` (a case-insensitive substring of the sentence) and ``min_confidence``.
        """
        d = parse_dyad(dyad) if dyad is not None else None
        c = t.events.c
        where = q.dyad_filter(t.events, d) + q.period_filter(c.date, since, until)
        for column, value in (
            (c.origin, origin),
            (c.status, status),
            (c.dimension, dimension),
            (c.doc_id, doc_id),
            (c.event_root, root),
        ):
            if value is not None:
                where.append(column == value)
        if actor is not None:
            where.append((c.source_actor == actor) | (c.target_actor == actor))
        if min_confidence is not None:
            where.append(c.confidence >= min_confidence)
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(c.text.ilike(f"%{escaped}%", escape="\\"))
        with self.read() as conn:
            return q.frame(
                conn, t.events, where, order_by=[c.date.desc(), c.id.desc()], limit=limit, offset=offset
            )

    def indicators(
        self,
        *,
        dyad: DyadLike | None = None,
        name: str | None = None,
        period: str | None = None,
        doc_id: str | None = None,
        origin: str | None = None,
    ) -> pd.DataFrame:
        """Indicators as a DataFrame; ``dyad`` matches reporter/partner in either order (or unset)."""
        c = t.indicators.c
        where: list = []
        if dyad is not None:
            d = parse_dyad(dyad)
            pair = {d.a, d.b}
            where.append(c.reporter.in_(pair) | c.reporter.is_(None))
            where.append(c.partner.in_(pair) | c.partner.is_(None))
        for column, value in ((c.name, name), (c.period, period), (c.doc_id, doc_id), (c.origin, origin)):
            if value is not None:
                where.append(column == value)
        with self.read() as conn:
            return q.frame(conn, t.indicators, where, order_by=[c.period.desc(), c.name])

    def claims(
        self,
        *,
        dyad: DyadLike | None = None,
        factor: str | None = None,
        stance: str | None = None,
        doc_id: str | None = None,
    ) -> pd.DataFrame:
        """Claims as a DataFrame; ``dyad`` keeps claims naming at least one of its two actors."""
        c = t.claims.c
        where: list = []
        if dyad is not None:
            d = parse_dyad(dyad)
            where.append(c.actors.contains(d.a) | c.actors.contains(d.b))
        for column, value in ((c.factor, factor), (c.stance, stance), (c.doc_id, doc_id)):
            if value is not None:
                where.append(column == value)
        with self.read() as conn:
            return q.frame(conn, t.claims, where, order_by=[c.date.desc().nulls_last(), c.id])

    # -- assessment ------------------------------------------------------------------------------
    def assess(
        self,
        a: DyadLike,
        b: str | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        scoring: str = "levels.v2",
        snapshot: bool = True,
        origins: tuple[str, ...] | None = None,
    ) -> Assessment:
        """Assess dyad A-B month by month on the -9..+9 scale, per dimension, with drivers and constraints.

        ``a`` may be ``"USA VNM"``, ``("USA", "VNM")``, a Dyad, or ``"USA"`` with ``b="VNM"``. A dyad
        without a profile is assessed with the default ladder and weights. Each run is stored as a
        snapshot (unless ``snapshot=False`` or the store is read-only). ``origins`` keeps only evidence
        of those origins, e.g. ``("document",)`` to leave imported GDELT events out.

        >>> a = db.assess("USA", "VNM"); a.current; a.explain("2023-09")
        """
        from .assess import assess

        return assess(
            self, a, b, since=since, until=until, scoring=scoring, snapshot=snapshot, origins=origins
        )

    def compare_origins(
        self,
        a: DyadLike,
        b: str | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        weight: str = "mentions",
        dedupe: bool = True,
        min_events: int = 5,
    ) -> OriginComparison:
        """Document-derived scores against the GDELT Goldstein mean for one dyad, month by month and by year.

        ``weight``/``dedupe`` are the GDELT aggregation options; months with fewer than ``min_events``
        GDELT events are left out of the correlations. See ``assess.compare`` for every statistic.

        >>> c = db.compare_origins("USA", "VNM"); c.summary; c.monthly; c.divergences
        """
        from .assess.compare import compare_origins

        return compare_origins(
            self,
            parse_dyad(a, b),
            since=since,
            until=until,
            weight=weight,
            dedupe=dedupe,
            min_events=min_events,
        )

    def snapshots(self, dyad: DyadLike | None = None) -> pd.DataFrame:
        """Stored assessment runs, newest first (id, created_at, dyad, scoring, period, score, level)."""
        from .assess.snapshots import list_snapshots

        return list_snapshots(self, str(parse_dyad(dyad)) if dyad is not None else None)

    def diff(self, snap1: str, snap2: str) -> dict[str, Any]:
        """What changed between two snapshots (ids or unique prefixes of 6+ characters), and why."""
        from .assess.snapshots import diff

        return diff(self, snap1, snap2)

    def profile(self, a: DyadLike, b: str | None = None) -> Profile:
        """The dyad's profile (from ``$DYADSCOPE_PROFILES``, ``./profiles`` or the package), else defaults."""
        from .profiles import profile_or_default

        return profile_or_default(parse_dyad(a, b) if b is not None else parse_dyad(a))

    # -- findings and foresight ------------------------------------------------------------------
    def findings(
        self,
        dyad: DyadLike,
        b: str | None = None,
        *,
        as_of: str | None = None,
        tolerance: float | None = None,
        horizon_months: int | None = None,
    ) -> pd.DataFrame:
        """Evidence-quality findings for a dyad (conflicting figures and dates, tenure errors, stale claims).

        Columns ``id, kind, severity, title, explanation, evidence, subject``; ``evidence`` is a list
        of citation dicts. ``as_of`` and ``horizon_months`` set staleness, ``tolerance`` the figure gap.

        >>> db.findings("USA-VNM")[["kind", "severity", "title"]]
        """
        from .assess.findings import find_all
        from .checks import check_float, check_int, check_iso_date

        pair = parse_dyad(dyad, b) if b is not None else parse_dyad(dyad)
        as_of = check_iso_date("as_of", as_of)
        if tolerance is not None:
            tolerance = check_float("tolerance", tolerance, 0.0, 1.0)
        if horizon_months is not None:
            horizon_months = check_int("horizon", horizon_months, 1, 600)
        return find_all(self, pair, None, as_of=as_of, tolerance=tolerance, horizon_months=horizon_months)

    def scenario(
        self,
        a: DyadLike,
        b: str | None = None,
        *,
        months: int = 12,
        runs: int = DEFAULT_RUNS,
        scenarios: Sequence[str | Path] | None = None,
        seed: int = 0,
    ) -> ScenarioResult:
        """Monte Carlo of the dyad's scores ``months`` ahead under the baseline and each scenario.

        ``scenarios``: YAML paths or shipped ids (``None``: every scenario written for the dyad).
        Returns a ScenarioResult: ``.bands`` (month, scenario, series, p05…p95), ``.level_probs``,
        ``.to_json()``. The same seed gives the same numbers.

        >>> r = db.scenario("USA", "VNM", months=12, scenarios=["tariff_46"], seed=1)
        """
        from .checks import MAX_SEED, check_int
        from .foresight.montecarlo import run_scenarios
        from .foresight.scenarios import load_scenarios

        pair = parse_dyad(a, b) if b is not None else parse_dyad(a)
        _check_range("months", months, 1, 120)
        _check_range("runs", runs, 1, 100_000)
        _check_range("runs × months", runs * months, 1, 1_200_000)  # bounds memory: ~60 MB per array
        check_int("seed", seed, 0, MAX_SEED)
        chosen = load_scenarios(list(scenarios) if scenarios is not None else None, pair)
        assessment = self.assess(pair, snapshot=False)
        return run_scenarios(assessment, chosen, months=months, runs=runs, seed=seed, db=self)

    def backtest(
        self,
        a: DyadLike,
        b: str | None = None,
        *,
        horizon: int = 3,
        min_history: int = 24,
        max_origins: int | None = None,
    ) -> BacktestResult:
        """Rolling-origin ``horizon``-month forecasts over the history, no look-ahead, against two baselines.

        Returns a BacktestResult: ``.metrics`` (method, mae, rmse, within_0_1, within_0_5, n) for the
        model, persistence and linear trend; ``.forecasts`` (origin, target, actual, one column per method).
        """
        from .foresight.backtest import backtest

        pair = parse_dyad(a, b) if b is not None else parse_dyad(a)
        _check_range("horizon", horizon, 1, 24)
        _check_range("min_history", min_history, 2, 600)
        return backtest(self, pair, horizon=horizon, min_history=min_history, max_origins=max_origins)

    # -- bulk data -------------------------------------------------------------------------------
    def import_gdelt(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        dyad: DyadLike | None = None,
        since: str | None = None,
        until: str | None = None,
        engine: str = "duckdb",
        master: str | None = None,
        **options: Any,
    ) -> ImportReport:
        """Import GDELT 1.0/2.0 event files (plain or zipped; files, globs or folders).

        Rows land in ``events`` with ``origin='gdelt'`` (natural key GLOBALEVENTID); every valid row
        also lands in the Parquet cache used by :meth:`gdelt_aggregates`. Malformed rows are
        quarantined with file and line, never abort the run. ``dyad``/``since``/``until`` select
        the rows stored as events; ``engine="spark"`` parses with PySpark (``master`` e.g.
        ``local[2]``). Options: ``max_bytes`` (zip member cap), ``batch_size``, ``progress``.

        >>> report = db.import_gdelt("20250401.export.CSV.zip", dyad="USA VNM")
        >>> report.rows_loaded, report.rows_quarantined
        """
        from .checks import check_options
        from .connectors.gdelt import import_gdelt

        check_options(options)
        return import_gdelt(
            self, paths, dyad=dyad, since=since, until=until, engine=engine, master=master, **options
        )

    def import_polecat(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        dyad: DyadLike | None = None,
        since: str | None = None,
        until: str | None = None,
        **options: Any,
    ) -> ImportReport:
        """Import POLECAT (PLOVER-coded) event files: the Dataverse weekly/yearly tab-separated files.

        PLOVER type and mode map to a CAMEO code (``ontology/plover_mapping.yaml``), which gives label,
        Goldstein value and quad class; rows land in ``events`` with ``origin='polecat'`` (natural key:
        POLECAT's Event ID) and in the Parquet cache. Guarantees and options as :meth:`import_gdelt`.

        >>> report = db.import_polecat("ngec_coded_all_2024.txt", dyad="USA VNM")
        """
        from .connectors.eventdata import import_eventdata

        return import_eventdata(self, "polecat", paths, dyad=dyad, since=since, until=until, **options)

    def import_icews(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        dyad: DyadLike | None = None,
        since: str | None = None,
        until: str | None = None,
        **options: Any,
    ) -> ImportReport:
        """Import ICEWS coded event files (Dataverse yearly/weekly ``.tab``, plain or zipped).

        ICEWS rows carry a CAMEO code and an Intensity (its Goldstein value); they land in ``events``
        with ``origin='icews'`` (natural key: ICEWS's Event ID). Guarantees and options as
        :meth:`import_gdelt`.

        >>> report = db.import_icews("events.2024.tab.zip", dyad="USA VNM", since="2024-01")
        """
        from .connectors.eventdata import import_eventdata

        return import_eventdata(self, "icews", paths, dyad=dyad, since=since, until=until, **options)

    def fetch_gdelt(
        self,
        *,
        since: str,
        until: str | None = None,
        version: int = 2,
        dyad: DyadLike | None = None,
        events_since: str | None = None,
        events_until: str | None = None,
        base_url: str | None = None,
        keep: str | Path | None = None,
        dry_run: bool = False,
        **options: Any,
    ) -> FetchReport:
        """Download the GDELT exports published in [since, until) (UTC), verify them, import them.

        Each 15-minute (2.0) or daily (1.0) slice is checked against GDELT's list (size and MD5; an HTML
        page sent with status 200 is refused), retried with backoff, then imported like
        :meth:`import_gdelt` (``dyad``, and ``events_since``/``events_until`` on the event date). The
        ``coverage`` table records each slice ``ok``, ``failed`` (nothing from it stored) or ``missing``;
        slices already ``ok`` are skipped, so running it again fills only the gaps. ``until`` defaults to
        now; times without an offset are UTC. ``base_url`` replaces GDELT's (a mirror); ``keep`` is the
        download folder (default ``<store>.cache/gdelt/downloads/``); ``dry_run`` returns the plan only.
        Options: ``attempts``, ``backoff``, ``timeout``, ``max_bytes``, ``allow_private``, ``sleep``,
        ``progress``.

        >>> report = db.fetch_gdelt(since="2025-04-01T00:00", until="2025-04-01T06:00", dyad="USA VNM")
        >>> report.totals()["rows_loaded"], report.ok
        """
        from .checks import check_options
        from .connectors.gdelt_fetch import fetch_gdelt

        check_options(options)
        return fetch_gdelt(
            self,
            since=since,
            until=until,
            version=version,
            dyad=dyad,
            events_since=events_since,
            events_until=events_until,
            base_url=base_url,
            keep=keep,
            dry_run=dry_run,
            **options,
        )

    def import_unvotes(
        self,
        votes_csv: str | Path,
        roll_calls_csv: str | Path,
        issues_csv: str | Path | None = None,
        *,
        countries: Iterable[str] | None = None,
        dyad: DyadLike | None = None,
    ) -> ImportReport:
        """Yearly UNGA vote agreement and distance per dyad, stored as indicators (origin ``unvotes``).

        ``countries`` (ISO3) or ``dyad`` limit the pairs to those involving these countries.
        """
        from .connectors.unvotes import import_unvotes

        return import_unvotes(self, votes_csv, roll_calls_csv, issues_csv, countries=countries, dyad=dyad)

    def import_csv(self, path: str | Path, mapping: dict[str, str] | str) -> ImportReport:
        """Indicator rows from a CSV table; ``mapping`` names the columns (``name=…,value=…,period=…``)."""
        from .connectors.csv import import_csv

        return import_csv(self, path, mapping)

    def gdelt_aggregates(
        self,
        dyad: DyadLike | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        **options: Any,
    ) -> pd.DataFrame:
        """Monthly GDELT dyad aggregates from the Parquet cache (see ``store.analytics``).

        Options: ``weight`` (count|mentions|sources|articles), ``dedupe``, ``normalise``,
        ``by_dimension``, ``directed``.
        """
        from .store.analytics import monthly_dyad_aggregates

        return monthly_dyad_aggregates(self, dyad=dyad, since=since, until=until, **options)

    # -- watching --------------------------------------------------------------------------------
    def watch_once(
        self,
        sources: Iterable[str | Path] | str | Path | None = None,
        *,
        dyads: Sequence[DyadLike] | None = None,
        threshold: float = 0.5,
        alerts_path: str | Path | None = None,
        webhook: str | None = None,
        allow_private_urls: bool = False,
        timeout: float = 30.0,
    ) -> list[dict[str, Any]]:
        """One watch run: ingest the sources, reassess the dyads, return the new alerts.

        ``sources``: folders, files, globs, RSS/Atom feed URLs (their item links are ingested, each
        once) and URL lists (a file or URL with one URL per line). ``dyads``: the pairs to watch
        (default: every pair with reported events, most evidence first, at most 25). An alert is raised
        when the current overall or a dimension score moved by more than ``threshold`` points since
        the previous run, or a new high-severity finding appeared; the first run of a dyad only
        records its scores. Alerts are stored (see :meth:`alerts`), logged, appended to
        ``alerts_path`` (JSON lines) and POSTed to ``webhook``.

        >>> alerts = db.watch_once(["inbox/"], dyads=["USA VNM"], threshold=0.5)
        """
        from .watch import WatchOptions, watch_once
        from .watch.sources import check_sources

        listed = [] if sources is None else [sources] if isinstance(sources, str | Path) else list(sources)
        names = [str(s) for s in listed]
        _check_threshold(threshold)
        check_sources(names, allow_private=allow_private_urls)
        options = WatchOptions(
            sources=names,
            dyads=[parse_dyad(d) for d in dyads] if dyads else None,
            threshold=threshold,
            alerts_path=alerts_path,
            webhook=webhook,
            allow_private_urls=allow_private_urls,
            timeout=timeout,
        )
        if webhook:
            from .ingest.url import check_url

            check_url(webhook, allow_private=allow_private_urls)
        return watch_once(self, options)

    def alerts(self, *, dyad: DyadLike | None = None, limit: int = 50, offset: int = 0) -> pd.DataFrame:
        """Alerts raised by ``watch``, newest first: kind, dyad, month, series, old/new score, cause."""
        from .watch.state import list_alerts

        frame, _total = list_alerts(
            self, dyad=str(parse_dyad(dyad)) if dyad is not None else None, limit=limit, offset=offset
        )
        return frame

    # -- report ----------------------------------------------------------------------------------
    def correct(
        self,
        action: str,
        record_id: str | None = None,
        *,
        who: str,
        why: str,
        event_code: str | None = None,
        into: str | None = None,
        event: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store a correction of an extracted event (recode, swap_actors, merge, reject, add_event) with who
        and why; it survives re-ingest and re-extraction and is applied whenever events are read for scoring.

        >>> db.correct("recode", event_id, event_code="057", who="analyst", why="a signing, not a visit")
        >>> db.correct("add_event", event={"doc_id": d, "date": "2025-05-02", "source_actor": "USA",
        ...     "target_actor": "VNM", "event_code": "042", "text": "..."}, who="analyst", why="missed")
        """
        from .store.corrections import add_correction

        with self.write() as conn:
            return add_correction(
                conn, action, record_id, who=who, why=why, event_code=event_code, into=into, event=event
            )

    def corrections(self) -> pd.DataFrame:
        """Every stored correction (id, action, record_id, doc_id, span, into_id, changes, who, at, why)."""
        from .store.corrections import list_corrections

        with self.read() as conn:
            return list_corrections(conn)

    def export_corrections(self) -> str:
        """The corrections as gold-format YAML (``tests/gold`` layout), for evaluating extraction."""
        from .store.corrections import export_gold

        with self.read() as conn:
            return export_gold(conn)

    def compare_pairs(
        self,
        dyads: Sequence[DyadLike],
        *,
        dimension: str = "overall",
        since: str | None = None,
        until: str | None = None,
    ) -> Any:
        """Several pairs' scores side by side: ``.scores`` (month, dyad, score, level), ``.latest``,
        ``.missing`` (pairs without evidence, with the reason). ``dimension``: overall or one dimension.

        >>> c = db.compare_pairs(["USA-VNM", "CHN-VNM", "JPN-VNM"], dimension="security", since="2015-01")
        """
        from .assess.pairs import compare_pairs

        pairs = [str(parse_dyad(d)) for d in dyads]
        return compare_pairs(self, pairs, dimension=dimension, since=since, until=until)

    def report(
        self,
        a: str,
        b: str | None = None,
        *,
        format: str = "html",  # noqa: A002
        output: str | Path | None = None,
        compare: Sequence[DyadLike] | None = None,
    ) -> Path:
        """Write the report on dyad A-B and return its path.

        ``format``: ``html`` (one self-contained file that works offline), ``md`` or ``pdf``.
        ``output`` defaults to ``A-B-report.<ext>`` in the working directory. ``compare``: other pairs
        set beside this one in the overview (chart and table).

        >>> db.report("USA", "VNM", format="html", output="usa-vnm.html")
        """
        from .report.build import build_report

        others = [str(parse_dyad(d)) for d in compare or []]
        dyad = parse_dyad(a, b) if b is not None else parse_dyad(a)
        return build_report(self, dyad, format, output, others)


def _check_range(name: str, value: int, low: int, high: int) -> None:
    """Bounded numeric options (months, runs, horizon) fail early with E607, never deep in numpy."""
    from .errors import InputError

    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InputError(Errors.E607.format(name=name, low=low, high=high, value=value))


def _check_threshold(threshold: float) -> None:
    """A watch threshold is a number of points on the -9..+9 scale, 0 to 18 (E607 otherwise)."""
    from .errors import InputError

    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 18:
        raise InputError(Errors.E607.format(name="threshold", low=0, high=18, value=threshold))


def extract(path: str | Path) -> dict[str, Any]:
    """What one file yields, without a database.

    Returns ``{"document", "dyad", "events", "indicators", "claims"}``.
    """
    from .extract.files import extract_file

    return extract_file(path)


def countries(query: str | None = None) -> pd.DataFrame:
    """All country/IGO codes, or the exact resolution of one name, code, demonym, capital or leader.

    Never fuzzy: "Niger" is NER, "UK" is GBR; "Congo" comes back with both candidates and
    ``ambiguous=True``. An unknown name raises UnknownCountry (E401).
    """
    from .errors import UnknownCountry
    from .extract.actors import resolve_country
    from .ontology.countries import countries_frame

    frame = countries_frame()
    if query is None:
        return frame
    found = resolve_country(query)
    if found is None or (found.code is None and not found.candidates):
        raise UnknownCountry(Errors.E401.format(code=query))
    codes = list(found.candidates) if found.ambiguous else [found.code]
    rows = frame[frame["code"].isin([c for c in codes if c])].copy()
    rows.insert(0, "query", query)
    rows.insert(1, "matched_as", found.kind if found.kind != "ambiguous" else "name")
    rows.insert(2, "ambiguous", found.ambiguous)
    return rows.reset_index(drop=True)


def resolve_code(text: str) -> str:
    """The one code ``text`` stands for, as :func:`countries` resolves it: ``"Viet Nam"``, ``"vietnam"``,
    ``"VN"`` and ``"VNM"`` are all ``"VNM"``. An ambiguous name ("Congo") is refused with its candidates
    (E407), an unknown one with E401."""
    from .extract.actors import resolve_country
    from .ontology.countries import check_code, is_known_code

    if len(text.strip()) == 3 and is_known_code(text.strip()):
        return check_code(text)
    found = resolve_country(text)
    if found is None or (found.code is None and not found.candidates):
        raise make("E401", code=text)
    if found.ambiguous:
        raise make("E407", value=text, field="country", choices=", ".join(found.candidates))
    return str(found.code)


def open(db: str | Path | None = None, *, read_only: bool = False) -> Database:  # noqa: A001
    """Open (creating if needed) a dyadscope store: a SQLite path, or any SQLAlchemy URL.

    >>> import dyadscope
    >>> db = dyadscope.open("relations.db")
    """
    return Database(db, read_only=read_only)
