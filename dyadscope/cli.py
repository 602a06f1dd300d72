"""The ``dyadscope`` command line: each command parses strings, makes one API call, renders the result."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import api
from .errors import DyadscopeError
from .foresight import DEFAULT_RUNS
from .render import Format, render

app = typer.Typer(
    name="dyadscope",
    help="Evidence-based, dynamic assessment of bilateral relations between states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Shared options, declared once.
DB = Annotated[
    str | None,  # a str, not a Path: a Path would turn postgresql://host into postgresql:/host
    typer.Option(
        "--db",
        envvar="DYADSCOPE_DB",
        help="Store: SQLite path or SQLAlchemy URL (default ./dyadscope.db).",  # "[…]" would be Rich markup
    ),
]
FORMAT = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OUTPUT = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]

_state: dict[str, Any] = {"debug": False, "db": None}


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    db: DB = None,
) -> None:
    """Options given before the command (``dyadscope --db X assess USA VNM``) hold for it."""
    _state["debug"] = debug or bool(os.environ.get("DYADSCOPE_DEBUG"))
    _state["db"] = db


def open_db(db: str | Path | None, *, read_only: bool = False) -> api.Database:
    """The store named by the command's --db, else by --db before the command, else the default."""
    return api.open(db if db is not None else _state["db"], read_only=read_only)


def _country(value: str | None) -> str | None:
    """A country argument: whatever `dyadscope countries` resolves ("Viet Nam", "vietnam", "VN")."""
    return None if value is None else api.resolve_code(value)


def _countries(values: list[str] | None) -> list[str] | None:
    return None if values is None else [api.resolve_code(v) for v in values]


# --since/--until everywhere; --from/--to stay as hidden old names
SINCE = Annotated[str | None, typer.Option("--since", help="First date or month kept (YYYY[-MM[-DD]]).")]
UNTIL = Annotated[str | None, typer.Option("--until", help="Last date or month kept, inclusive.")]
OLD_FROM = Annotated[str | None, typer.Option("--from", hidden=True, help="Old name of --since.")]
OLD_TO = Annotated[str | None, typer.Option("--to", hidden=True, help="Old name of --until.")]


# --- documents commands (foundation) -------------------------------------------------------------
@app.command("documents")
def documents_cli(
    db: DB = None, kind: str | None = None, format: FORMAT = Format.table, output: OUTPUT = None
) -> None:
    """List stored documents (id, title, published, source, language, kind)."""
    frame = open_db(db).documents(kind=kind)
    if format is Format.table:
        frame = frame[["id", "published", "kind", "language", "title", "source"]].assign(
            id=frame["id"].str[:12]
        )
    render(frame, format, output=output, title="documents")


@app.command("show")
def show_cli(doc_id: str, db: DB = None, format: FORMAT = Format.table, text: bool = False) -> None:
    """Show one document: metadata and sentence count (``--text`` adds the cleaned text)."""
    database = open_db(db)
    record = database.document(resolve_doc_id(database, doc_id))
    if not text and format is Format.table:
        record = {k: v for k, v in record.items() if k != "text"}
    render(record, format, title="document")


def resolve_doc_id(database: api.Database, prefix: str) -> str:
    """Accept a unique id prefix of at least 6 hex characters, as git does."""
    if len(prefix) == 64:
        return prefix
    frame = database.documents()
    matches = frame[frame["id"].str.startswith(prefix.lower())] if len(prefix) >= 6 else frame.iloc[0:0]
    return matches["id"].iloc[0] if len(matches) == 1 else prefix


# --- ingest commands ----------------------------------------------------------------------------
@app.command("ingest")
def ingest_cli(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (recursive), globs or http(s) URLs. None: the embedded demo corpus."
        ),
    ] = None,
    db: DB = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse larger inputs.")] = 50_000_000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds allowed to fetch one URL.")] = 30.0,
    parse_timeout: Annotated[
        float, typer.Option("--parse-timeout", help="Seconds allowed to parse and extract one input.")
    ] = 300.0,
    allow_private_urls: Annotated[
        bool,
        typer.Option("--allow-private-urls", help="Allow loopback/private/link-local hosts (intranet use)."),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Parse and report; write nothing.")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store without extracting.")] = False,
    follow_links: Annotated[
        bool,
        typer.Option("--follow-links", help="Follow symbolic links out of the folders and globs given."),
    ] = False,
    format: FORMAT = Format.table,
) -> None:
    """Ingest documents (.txt .md .html .pdf, RSS) from paths and URLs; one line per input.

    Exits 1 when any input failed (duplicates are not failures).
    """
    from .ingest.pipeline import FAILED
    from .ingest.progress import OutcomePrinter, summary_line

    database = open_db(db)
    with OutcomePrinter(lines=format is Format.table) as printer:
        outcomes = database.ingest(
            sources or None,
            max_bytes=max_bytes,
            timeout=timeout,
            parse_timeout=parse_timeout,
            allow_private_urls=allow_private_urls,
            follow_links=follow_links,
            extract=not no_extract,
            dry_run=dry_run,
            on_outcome=printer.update,
        )
    if format is not Format.table:
        render([o.model_dump() for o in outcomes], format)
    for outcome in outcomes:
        if outcome.status in FAILED:
            typer.echo(f"error: {outcome.message}", err=True)
    typer.echo(summary_line(outcomes), err=True)
    if any(o.status in FAILED for o in outcomes):
        raise typer.Exit(1)


@app.command("migrate")
def migrate_cli(db: DB = None, format: FORMAT = Format.table) -> None:
    """Upgrade the store to this version's schema and print the version."""
    render(open_db(db).migrate(), format, title="schema")


@app.command("doctor")
def doctor_cli(db: DB = None, format: FORMAT = Format.table) -> None:
    """Check the store (path, schema version, integrity, row counts, last ingest problems) and the
    knowledge files (schemas and cross-file check); exit 1 on a failed check."""
    report = open_db(db).doctor()
    knowledge_errors = bool(report["knowledge"]["error"])
    if format is Format.table:
        counts = report.pop("counts")
        problems = report.pop("recent_problems")
        report["counts"] = ", ".join(
            f"{name}={'unreadable' if n is None else n}" for name, n in counts.items()
        )
        lines = [f"{p['at']} {p['status']} {p['message']}" for p in problems]
        report["recent_problems"] = "\n".join(lines) or "none"
        knowledge = report.pop("knowledge")
        found = [f"{level}: {line}" for level in ("error", "warning") for line in knowledge[level]]
        report["knowledge"] = "\n".join(found) or "ok"
        stalled = report.pop("incomplete_imports")
        lines = [f"{i['kind']} {i['status']} {i['path']}: {i['message'] or '-'}" for i in stalled]
        report["incomplete_imports"] = "\n".join(lines) or "none"
    render(report, format, title="doctor")
    if report["integrity_check"] not in ("ok", "n/a") or knowledge_errors:
        raise typer.Exit(1)


# --- extract commands ---------------------------------------------------------------------------
_EXTRACT_COLUMNS = {
    "events": [
        "date",
        "source_actor",
        "target_actor",
        "event_code",
        "event_label",
        "dimension",
        "status",
        "confidence",
        "text",
    ],
    "indicators": ["name", "value", "unit", "period", "reporter", "partner", "source_attribution", "text"],
    "claims": ["factor", "stance", "kind", "dimension", "confidence", "text"],
}


# --- listings: the same filters as db.events / db.indicators / db.claims and /api/v1 ---------------
DYAD_OPT = Annotated[
    str | None, typer.Option("--dyad", help="Keep records of this pair, e.g. USA-VNM (names resolve too).")
]
DOC_OPT = Annotated[str | None, typer.Option("--doc", help="Keep records of this document id.")]
LIMIT = Annotated[int | None, typer.Option("--limit", help="At most this many rows.")]
OFFSET = Annotated[int, typer.Option("--offset", help="Skip this many rows first.")]


def _dyad(text: str | None) -> str | None:
    if text is None:
        return None
    parts = text.replace("-", " ").split() if "-" in text or " " in text else [text]
    return "-".join(api.resolve_code(part) for part in parts)


def _page(frame: Any, limit: int | None, offset: int) -> Any:
    return frame.iloc[offset : None if limit is None else offset + limit].reset_index(drop=True)


@app.command("events")
def events_cli(
    dyad: DYAD_OPT = None,
    since: SINCE = None,
    until: UNTIL = None,
    dimension: Annotated[str | None, typer.Option("--dimension", help="One of the six dimensions.")] = None,
    root: Annotated[str | None, typer.Option("--root", help="CAMEO root code, e.g. 04.")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Source or target country.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="reported, planned, hypothetical, negated.")
    ] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="document, gdelt, csv, ...")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", help="Drop rows below.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Sentence contains this (any case).")] = None,
    doc: DOC_OPT = None,
    limit: LIMIT = None,
    offset: OFFSET = 0,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """List extracted events, newest first (db.events; /api/v1/events)."""
    frame = open_db(db, read_only=True).events(
        dyad=_dyad(dyad),
        since=since,
        until=until,
        dimension=dimension,
        root=root,
        actor=_country(actor),
        status=status,
        origin=origin,
        text=text,
        doc_id=doc,
        min_confidence=min_confidence,
        limit=limit,
        offset=offset,
    )
    shown = frame[_EXTRACT_COLUMNS["events"]] if format is Format.table else frame
    render(shown, format, output=output, title="events", max_width=60)


@app.command("indicators")
def indicators_cli(
    dyad: DYAD_OPT = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Indicator name, e.g. goods_trade_total.")
    ] = None,
    period: Annotated[str | None, typer.Option("--period", help="Period, e.g. 2024 or 2024-Q1.")] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="document, csv, unvotes, ...")] = None,
    doc: DOC_OPT = None,
    limit: LIMIT = None,
    offset: OFFSET = 0,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """List extracted and imported indicators, newest period first (db.indicators; /api/v1/indicators)."""
    frame = open_db(db, read_only=True).indicators(
        dyad=_dyad(dyad), name=name, period=period, origin=origin, doc_id=doc
    )
    frame = _page(frame, limit, offset)
    shown = frame[_EXTRACT_COLUMNS["indicators"]] if format is Format.table else frame
    render(shown, format, output=output, title="indicators", max_width=60)


@app.command("claims")
def claims_cli(
    dyad: DYAD_OPT = None,
    factor: Annotated[str | None, typer.Option("--factor", help="Profile factor id.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="driver or constraint.")] = None,
    doc: DOC_OPT = None,
    limit: LIMIT = None,
    offset: OFFSET = 0,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """List claims (drivers, constraints, risks) with their sentences (db.claims; /api/v1/claims)."""
    frame = open_db(db, read_only=True).claims(dyad=_dyad(dyad), factor=factor, stance=stance, doc_id=doc)
    frame = _page(frame, limit, offset)
    shown = frame[_EXTRACT_COLUMNS["claims"]] if format is Format.table else frame
    render(shown, format, output=output, title="claims", max_width=60)


@app.command("extract")
def extract_cli(
    file: Annotated[Path, typer.Argument(help="A .txt, .md, .html or .pdf document.")],
    format: FORMAT = Format.table,  # noqa: A002
    output: OUTPUT = None,
) -> None:
    """Show the events, indicators and claims one document yields, without a database."""
    from .extract.files import as_frame

    result = api.extract(file)
    if format is Format.json:
        keys = ("document", "events", "indicators", "claims", "quarantined")
        render({k: result[k] for k in keys}, format, output=output)
        return
    if format in (Format.csv, Format.parquet):
        render(as_frame(result), format, output=output)
        return
    doc = result["document"]
    typer.echo(f"{doc['title']}  ({doc['published'] or 'no date'}, dyad {result['dyad'] or '?'})")
    for kind, columns in _EXTRACT_COLUMNS.items():
        import pandas as pd

        frame = pd.DataFrame(result[kind], columns=columns)
        render(frame, Format.table, title=f"{kind} ({len(frame)})", max_width=40)
    for held in result.get("quarantined", []):  # impossible dates: left out, never silently
        typer.echo(f"quarantined {held['kind']} dated {held['date']}: {held['reason']}")


@app.command("countries")
def countries_cli(
    query: Annotated[
        str | None, typer.Argument(help="A name, code, demonym, capital or leader to resolve.")
    ] = None,
    format: FORMAT = Format.table,  # noqa: A002
) -> None:
    """List country and organisation codes, or resolve one name exactly (never fuzzy)."""
    frame = api.countries(query)
    if format is Format.table:
        frame = frame.drop(columns=[c for c in ("aliases", "demonyms") if c in frame.columns])
    render(frame, format)


# --- assess commands ----------------------------------------------------------------------------
A_ARG = Annotated[
    str,
    typer.Argument(help="First country: a code or a name `countries` resolves, e.g. USA.", callback=_country),
]
B_ARG = Annotated[
    str,
    typer.Argument(
        help="Second country: a code or a name `countries` resolves, e.g. VNM.", callback=_country
    ),
]


@app.command("assess")
def assess_cli(
    a: A_ARG,
    b: B_ARG,
    since: SINCE = None,
    until: UNTIL = None,
    old_from: OLD_FROM = None,
    old_to: OLD_TO = None,
    scoring: Annotated[str, typer.Option("--scoring", help="Scoring method version.")] = "levels.v2",
    top: Annotated[int, typer.Option("--top", help="Drivers and constraints to show.")] = 5,
    origins: Annotated[
        str | None,
        typer.Option("--origins", help="Keep only evidence of these origins, e.g. document or document,csv."),
    ] = None,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Score relations A-B month by month: level, trend, dimensions, framework, drivers, constraints."""
    from .assess.present import dimension_table, factor_table, summary

    since, until = since or old_from, until or old_to
    kept = tuple(o.strip() for o in origins.split(",") if o.strip()) if origins is not None else None
    assessment = open_db(db).assess(a, b, since=since, until=until, scoring=scoring, origins=kept)
    if format is Format.json:
        render(assessment.to_json(), format, output=output)
    elif format in (Format.csv, Format.parquet):
        render(assessment.timeline, format, output=output)
    else:
        render(summary(assessment), format, title=f"assessment {assessment.dyad}")
        render(dimension_table(assessment.dimensions), format, title="dimensions")
        render(factor_table(assessment.drivers, top), format, title="top drivers", max_width=100)
        render(factor_table(assessment.constraints, top), format, title="top constraints", max_width=100)


@app.command("compare")
def compare_cli(
    a: A_ARG,
    b: B_ARG,
    since: SINCE = None,
    until: UNTIL = None,
    old_from: OLD_FROM = None,
    old_to: OLD_TO = None,
    weight: Annotated[
        str, typer.Option("--weight", help="GDELT row weight: count, mentions, sources or articles.")
    ] = "mentions",
    dedupe: Annotated[
        bool, typer.Option("--dedupe/--no-dedupe", help="One GDELT event per day, pair and CAMEO code.")
    ] = True,
    min_events: Annotated[
        int, typer.Option("--min-events", min=1, help="GDELT events a month needs to be compared.")
    ] = 5,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Document-derived scores against GDELT Goldstein for A-B: correlations and the months that diverge."""
    import pandas as pd

    since, until = since or old_from, until or old_to
    result = open_db(db).compare_origins(
        a, b, since=since, until=until, weight=weight, dedupe=dedupe, min_events=min_events
    )
    if format is Format.json:
        render(result.to_json(), format, output=output)
    elif format in (Format.csv, Format.parquet):
        render(result.monthly, format, output=output)
    else:
        summary = pd.DataFrame({"statistic": list(result.summary), "value": list(result.summary.values())})
        render(summary, format, title=f"documents vs GDELT {result.dyad}")
        shown = result.divergences.round({"doc_score": 2, "gdelt_goldstein": 2, "gap": 2})
        render(shown, format, title="largest divergences (z-score gap)")


@app.command("explain")
def explain_cli(
    a: A_ARG,
    b: B_ARG,
    month: Annotated[str, typer.Argument(help="Month to explain, YYYY-MM.")],
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """What moved the scores in MONTH: each event, indicator and baseline pull with its contribution."""
    frame = open_db(db).assess(a, b, snapshot=False).explain(month)
    if format is Format.table:
        columns = ["kind", "dimension", "contribution", "date", "doc_title", "text"]
        frame = frame[columns].round({"contribution": 4})
    render(frame, format, output=output, title=f"explain {a}-{b} {month}", max_width=90)


@app.command("snapshots")
def snapshots_cli(
    dyad: Annotated[list[str] | None, typer.Argument(help="Optional dyad, e.g. USA VNM.")] = None,
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Stored assessment runs, newest first."""
    frame = open_db(db, read_only=True).snapshots(dyad or None)
    shown = frame.assign(id=frame["id"].str[:16]) if format is Format.table else frame
    render(shown, format, title="snapshots")


@app.command("diff")
def diff_cli(
    snap1: Annotated[str, typer.Argument(help="Earlier snapshot id (or a unique prefix of 6+ characters).")],
    snap2: Annotated[str, typer.Argument(help="Later snapshot id.")],
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Which scores changed between two snapshots, and which added or removed documents caused it."""
    import pandas as pd

    result = open_db(db, read_only=True).diff(snap1, snap2)
    if format is not Format.table:
        render(result, format)
        return
    before, after = result["current"]["before"] or {}, result["current"]["after"] or {}
    render(
        {
            "dyad": result["dyad"],
            "score": f"{_two(before.get('score'))} -> {_two(after.get('score'))}",
            "months changed": len({c["month"] for c in result["changes"]}),
            "documents added": len(result["documents_added"]),
            "documents removed": len(result["documents_removed"]),
        },
        format,
        title="diff",
    )
    shifts = pd.DataFrame(result["dimensions"])
    for column in ("before", "after", "delta"):
        shifts[column] = [_two(v) for v in shifts[column]]
    render(shifts, format, title="score at the last month, every dimension")
    render(pd.DataFrame(result["causes"]), format, title="documents behind the change")


def _two(value: Any) -> str:
    return "–" if value is None else f"{float(value):+.2f}"


@app.command("correct")
def correct_cli(
    action: Annotated[str, typer.Argument(help="recode, swap_actors, merge, reject or add_event.")],
    record_id: Annotated[str | None, typer.Argument(help="The event's id (not for add_event).")] = None,
    who: Annotated[str, typer.Option("--who", help="Who makes the correction.")] = "",
    why: Annotated[str, typer.Option("--why", help="Why: kept with the correction.")] = "",
    code: Annotated[str | None, typer.Option("--code", help="recode/add_event: the CAMEO code.")] = None,
    into: Annotated[str | None, typer.Option("--into", help="merge: the event this one duplicates.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="add_event: the document id.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="add_event: YYYY-MM-DD or YYYY-MM.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="add_event: source actor code.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="add_event: target actor code.")] = None,
    sentence: Annotated[str | None, typer.Option("--sentence", help="add_event: its sentence.")] = None,
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Correct an extracted event (stored apart, with who/when/why; re-extraction keeps it; scores use it)."""
    event = None
    if action == "add_event":
        event = {"doc_id": doc, "date": date, "source_actor": source, "target_actor": target}
        event.update(event_code=code, text=sentence)
    row = open_db(db).correct(action, record_id, who=who, why=why, event_code=code, into=into, event=event)
    render({k: v for k, v in row.items() if k != "changes"} | {"changes": str(row["changes"])}, format)


@app.command("corrections")
def corrections_cli(
    db: DB = None,
    export: Annotated[
        bool, typer.Option("--export", help="Print (or write with -o) the corrections as gold-format YAML.")
    ] = False,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Every correction with who, when and why; --export gives them as gold YAML for evaluation."""
    database = open_db(db, read_only=True)
    if export:
        text = database.export_corrections()
        if output:
            Path(output).write_text(text, encoding="utf-8")
            typer.echo(str(output))
        else:
            typer.echo(text)
        return
    frame = database.corrections()
    render(frame.assign(changes=frame["changes"].map(str)), format, output=output, title="corrections")


profile_app = typer.Typer(
    help="Dyad profiles: framework history, drivers and constraints, leaders.", no_args_is_help=True
)
app.add_typer(profile_app, name="profile")


@profile_app.command("new")
def profile_new_cli(
    a: A_ARG,
    b: B_ARG,
    directory: Annotated[Path | None, typer.Option("--dir", help="Folder (default ./profiles).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing profile.")] = False,
) -> None:
    """Write a starter profile A-B.yaml to edit (loaded ahead of the shipped ones)."""
    from .profiles.starter import new_profile

    typer.echo(str(new_profile((a, b), directory, force=force)))


@profile_app.command("show")
def profile_show_cli(a: A_ARG, b: B_ARG, format: FORMAT = Format.table) -> None:
    """The profile used for A-B: framework steps and factors (defaults if none exists)."""
    import pandas as pd

    from .profiles import profile_or_default

    profile = profile_or_default((a, b))  # what db.profile() returns; no store needed
    if format is not Format.table:
        render(profile.model_dump(mode="json"), format)
        return
    render(
        {
            "dyad": profile.dyad,
            "name": profile.name,
            "file": profile.path or "defaults",
            "third parties": ", ".join(tp.code for tp in profile.third_parties),
            "leaders": len(profile.leaders),
        },
        format,
        title="profile",
    )
    render(
        pd.DataFrame(
            [
                {"date": s.date, "level": s.level, "baseline": profile.rung(s.level).baseline}
                for s in profile.framework
            ],
            columns=["date", "level", "baseline"],
        ),
        format,
        title="framework",
    )
    render(
        pd.DataFrame(
            [f.model_dump(include={"id", "stance", "dimension", "weight", "label"}) for f in profile.factors]
        ),
        format,
        title="factors",
    )


@profile_app.command("list")
def profile_list_cli(format: FORMAT = Format.table) -> None:
    """Every profile found ($DYADSCOPE_PROFILES, ./profiles, then the shipped ones)."""
    from .profiles import list_profiles

    render(list_profiles(), format, title="profiles")


# --- findings and foresight commands ------------------------------------------------------------
@app.command("findings")
def findings_cli(
    a: A_ARG,
    b: B_ARG,
    db: DB = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Reference date for staleness (ISO).")] = None,
    horizon: Annotated[int | None, typer.Option("--horizon", help="Months until evidence is stale.")] = None,
    tolerance: Annotated[float | None, typer.Option("--tolerance", help="Relative gap = conflict.")] = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Evidence-quality findings: conflicting figures and dates, tenure errors, stale or thin claims."""
    from .dyads import parse_dyad

    pair = parse_dyad(a, b)  # a bad code fails here, before the store is opened
    database = open_db(db, read_only=True)
    frame = database.findings(pair, as_of=as_of, tolerance=tolerance, horizon_months=horizon)
    if format is Format.table:
        frame = frame.assign(sources=frame["evidence"].map(len))[
            ["severity", "kind", "title", "explanation", "sources"]
        ]
    elif format in (Format.csv, Format.parquet):
        import json

        frame = frame.assign(evidence=frame["evidence"].map(lambda e: json.dumps(e, ensure_ascii=False)))
    render(frame, format, output=output, title=f"findings {a}-{b}", max_width=1000)  # explanations whole


@app.command("scenario")
def scenario_cli(
    a: A_ARG,
    b: B_ARG,
    db: DB = None,
    months: Annotated[int, typer.Option("--months", help="Months ahead (1-120).")] = 12,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs per scenario.")] = DEFAULT_RUNS,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario", help="Scenario YAML file or shipped id (repeatable; default: all for the dyad)."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed gives the same numbers.")
    ] = 0,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Monte Carlo of the scores under the baseline and scenarios: median, 50 % and 90 % bands, level odds."""
    from .dyads import parse_dyad
    from .foresight.result import LEVELS

    pair = parse_dyad(a, b)
    result = open_db(db, read_only=True).scenario(
        pair, months=months, runs=runs, scenarios=scenario, seed=seed
    )
    if format is Format.json:
        render(result.to_json(), format, output=output)
        return
    if format is not Format.table:
        render(result.bands, format, output=output)
        return
    steps = sorted({1, 3, 6, 9, 12, months} & set(range(1, months + 1)))
    bands = result.bands[(result.bands["series"] == "overall") & result.bands["step"].isin(steps)]
    render(
        bands[["scenario", "month", "p05", "p25", "p50", "p75", "p95"]],
        format,
        title=f"{pair} overall score from {result.origin}, {runs:,} runs (seed {seed})",
    )
    last = result.level_probs[result.level_probs["step"] == months]
    odds = last.pivot(index="scenario", columns="level", values="probability").reset_index()
    odds = odds[["scenario", *[name for name in LEVELS if name in odds.columns]]]
    render(odds, format, title=f"probability of each level in {result.months[-1]}")


@app.command("backtest")
def backtest_cli(
    a: A_ARG,
    b: B_ARG,
    db: DB = None,
    horizon: Annotated[int, typer.Option("--horizon", help="Months ahead of each forecast (1-24).")] = 3,
    min_history: Annotated[
        int, typer.Option("--min-history", help="Months of history before the first origin.")
    ] = 24,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Rolling-origin backtest (no look-ahead): MAE, RMSE, share within ±0.1/±0.5 vs persistence and trend."""
    from .dyads import parse_dyad

    pair = parse_dyad(a, b)
    result = open_db(db, read_only=True).backtest(pair, horizon=horizon, min_history=min_history)
    if format is Format.json:
        render(result.to_json(), format, output=output)
        return
    frame = result.metrics if format is Format.table else result.forecasts
    render(
        frame.round(4),
        format,
        output=output,
        title=f"{pair}: {horizon}-month-ahead forecasts at {int(result.metrics['n'].max())} origins",
    )
    if format is Format.table and result.evidence is not None:
        render(
            result.evidence.round(4),
            format,
            title="forecasts against the balance of the evidence that followed (sign agreement, Spearman)",
        )


# --- import commands ----------------------------------------------------------------------------
import_app = typer.Typer(
    help="Import bulk data: GDELT, POLECAT and ICEWS event files, UN General Assembly votes, indicator CSVs.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")
DYAD_PAIR = Annotated[
    tuple[str, str] | None,
    typer.Option("--dyad", help="Keep only events between these two countries, e.g. --dyad USA VNM."),
]


def _finish_import(report, format: Format) -> None:  # noqa: A002
    """Print the report (json) or a summary (stderr); exit 1 when rows were quarantined or a file failed."""
    from .connectors.progress import summary_lines

    if format is not Format.table:
        render(report.to_json(), format)
    for line in summary_lines(report):
        typer.echo(line, err=True)
    if not report.ok:
        raise typer.Exit(1)


@import_app.command("gdelt")
def import_gdelt_cli(
    sources: Annotated[
        list[str], typer.Argument(help="GDELT 1.0/2.0 export files (.CSV/.zip), globs or folders.")
    ],
    db: DB = None,
    dyad: DYAD_PAIR = None,
    since: SINCE = None,
    until: UNTIL = None,
    old_from: OLD_FROM = None,
    old_to: OLD_TO = None,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (one machine) or spark (PySpark).")
    ] = "duckdb",
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master, e.g. local[2] or spark://host:7077.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Cap on the unzipped size of one file.")
    ] = 8_000_000_000,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per store transaction.")] = 100_000,
    format: FORMAT = Format.table,
) -> None:
    """Import GDELT event files; malformed rows are quarantined with file and line (exit 1 if any)."""
    from .connectors.progress import ImportProgress

    since, until = since or old_from, until or old_to
    database = open_db(db)
    with ImportProgress() as bar:
        report = database.import_gdelt(
            sources,
            dyad=dyad,
            since=since,
            until=until,
            engine=engine,
            master=master,
            max_bytes=max_bytes,
            batch_size=batch_size,
            progress=bar.update,
        )
    _finish_import(report, format)


def _import_eventdata_cli(kind: str, sources, db, dyad, since, until, max_bytes, batch_size, format) -> None:  # noqa: A002, ANN001
    from .connectors.progress import ImportProgress

    database = open_db(db)
    run = database.import_polecat if kind == "polecat" else database.import_icews
    with ImportProgress() as bar:
        report = run(
            sources,
            dyad=dyad,
            since=since,
            until=until,
            max_bytes=max_bytes,
            batch_size=batch_size,
            progress=bar.update,
        )
    _finish_import(report, format)


MAX_BYTES = Annotated[int, typer.Option("--max-bytes", help="Cap on the unzipped size of one file.")]
BATCH = Annotated[int, typer.Option("--batch-size", help="Rows per insert batch.")]


@import_app.command("polecat")
def import_polecat_cli(
    sources: Annotated[
        list[str],
        typer.Argument(help="POLECAT weekly/yearly tab-separated files (.txt/.tsv/.zip), globs or folders."),
    ],
    db: DB = None,
    dyad: DYAD_PAIR = None,
    since: SINCE = None,
    until: UNTIL = None,
    old_from: OLD_FROM = None,
    old_to: OLD_TO = None,
    max_bytes: MAX_BYTES = 8_000_000_000,
    batch_size: BATCH = 100_000,
    format: FORMAT = Format.table,
) -> None:
    """Import POLECAT (PLOVER) event files; malformed rows are quarantined by file and line (exit 1 if so)."""
    _import_eventdata_cli(
        "polecat", sources, db, dyad, since or old_from, until or old_to, max_bytes, batch_size, format
    )


@import_app.command("icews")
def import_icews_cli(
    sources: Annotated[
        list[str], typer.Argument(help="ICEWS coded event files (.tab/.tsv/.zip), globs or folders.")
    ],
    db: DB = None,
    dyad: DYAD_PAIR = None,
    since: SINCE = None,
    until: UNTIL = None,
    old_from: OLD_FROM = None,
    old_to: OLD_TO = None,
    max_bytes: MAX_BYTES = 8_000_000_000,
    batch_size: BATCH = 100_000,
    format: FORMAT = Format.table,
) -> None:
    """Import ICEWS coded event files; malformed rows are quarantined with file and line (exit 1 if any)."""
    _import_eventdata_cli(
        "icews", sources, db, dyad, since or old_from, until or old_to, max_bytes, batch_size, format
    )


@import_app.command("unvotes")
def import_unvotes_cli(
    votes: Annotated[Path, typer.Argument(help="un_votes.csv: rcid, country, country_code (ISO2), vote.")],
    roll_calls: Annotated[Path, typer.Argument(help="un_roll_calls.csv: rcid, session, date, ….")],
    issues: Annotated[
        Path | None, typer.Argument(help="un_roll_call_issues.csv (optional): rcid, issue.")
    ] = None,
    db: DB = None,
    countries: Annotated[
        list[str] | None,
        typer.Option(
            "--countries", help="ISO3 codes (repeat, or comma-separated): pairs involving them are stored."
        ),
    ] = None,
    dyad: DYAD_PAIR = None,
    format: FORMAT = Format.table,
) -> None:
    """Yearly UNGA vote agreement and distance per dyad, stored as indicators."""
    codes = [c for item in countries or [] for c in item.replace(",", " ").split()]
    report = open_db(db).import_unvotes(votes, roll_calls, issues, countries=codes or None, dyad=dyad)
    _finish_import(report, format)


@import_app.command("csv")
def import_csv_cli(
    path: Annotated[Path, typer.Argument(help="CSV table of indicators, one row per value.")],
    mapping: Annotated[
        str,
        typer.Option(
            "--map",
            help="Columns: name=…,value=…,period=…[,reporter=…,partner=…,"
            "unit=…,source=…]; a quoted value is a constant.",
        ),
    ],
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Import indicator rows (trade, FDI, students …) with units and attribution; lists bad rows by number."""
    report = open_db(db).import_csv(path, mapping)
    _finish_import(report, format)


# --- fetch commands -----------------------------------------------------------------------------
fetch_app = typer.Typer(
    help="Download bulk data from its publisher, verify it, and import it.", no_args_is_help=True
)
app.add_typer(fetch_app, name="fetch")


@fetch_app.command("gdelt")
def fetch_gdelt_cli(
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="Start of the window, UTC (2025-04-01T00:00; an offset such as +01:00 is converted).",
        ),
    ],
    until: Annotated[
        str | None, typer.Option("--until", help="End of the window, UTC, exclusive (default: now).")
    ] = None,
    version: Annotated[
        int, typer.Option("--version", help="GDELT 2.0 (15-minute files) or 1.0 (daily files).")
    ] = 2,
    db: DB = None,
    dyad: DYAD_PAIR = None,
    events_since: Annotated[
        str | None, typer.Option("--from", help="Keep events dated from (YYYY[-MM[-DD]]).")
    ] = None,
    events_until: Annotated[
        str | None, typer.Option("--to", help="Keep events dated up to, inclusive.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Folder of the lists and files (default: "
            "http://data.gdeltproject.org/gdeltv2/, or …/events/ for 1.0).",
        ),
    ] = None,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="Download folder (default: <store>.cache/gdelt/downloads/).")
    ] = None,
    attempts: Annotated[
        int, typer.Option("--attempts", help="Tries per file before it counts as failed.")
    ] = 3,
    backoff: Annotated[
        float, typer.Option("--backoff", help="Seconds before the first retry; doubled each time.")
    ] = 2.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a download may stall.")] = 30.0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Cap on the size of one downloaded file.")
    ] = 2_000_000_000,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls", help="Allow a loopback/private --base-url (an intranet mirror)."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print the plan (to fetch, already ok, bytes); download and write nothing."
        ),
    ] = False,
    format: FORMAT = Format.table,
) -> None:
    """Fetch GDELT event exports of a UTC window: MD5-checked, retried, imported, gaps recorded in coverage.

    Exits 1 when a slice failed or is missing, or rows were quarantined; run it again to fill the gaps.
    """
    from .connectors.progress import ImportProgress, summary_lines

    database = open_db(db)
    with ImportProgress() as bar:
        report = database.fetch_gdelt(
            since=since,
            until=until,
            version=version,
            dyad=dyad,
            events_since=events_since,
            events_until=events_until,
            base_url=base_url,
            keep=keep,
            dry_run=dry_run,
            attempts=attempts,
            backoff=backoff,
            timeout=timeout,
            max_bytes=max_bytes,
            allow_private=allow_private_urls,
            progress=bar.update,
        )
    if format is not Format.table:
        render(report.to_json(), format)
    else:
        if dry_run:
            plan = [
                {"slice": s.slice, "file": s.name, "bytes": s.size, "action": s.action}
                for s in report.slices
                if s.action != "skip"
            ]
            if plan:
                render(plan, format, title="Plan (slices already ok are not listed)")
        totals = report.totals()
        if dry_run:
            totals = {
                k: totals[k]
                for k in (
                    "slices",
                    "listed",
                    "unlisted",
                    "already_ok",
                    "to_download",
                    "bytes_to_download",
                    "reused",
                )
            }
        render(
            {"since": report.since, "until": report.until, **totals},
            format,
            title=f"GDELT {report.version}.0",
        )
    if report.imported.files:
        for line in summary_lines(report.imported):
            typer.echo(line, err=True)
    problems = report.problems()
    for message in problems[:20]:
        typer.echo(f"error: {message}", err=True)
    if len(problems) > 20:
        typer.echo(
            f"error: … and {len(problems) - 20} more slices failed or missing (see --format json)", err=True
        )
    if not report.ok:
        raise typer.Exit(1)


# --- watch command -------------------------------------------------------------------------------
@app.command("watch")
def watch_cli(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Folders, files, globs, RSS/Atom feed URLs or URL lists (one URL per line)."),
    ] = None,
    db: DB = None,
    every: Annotated[str, typer.Option("--every", help="Time between runs: 90s, 15m, 1h, 1h30m, 1d.")] = "1h",
    once: Annotated[bool, typer.Option("--once", help="Run once and exit (for cron or CI).")] = False,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Alert when a score moves by more than this many points.")
    ] = 0.5,
    dyad: Annotated[
        list[str] | None,
        typer.Option(
            "--dyad",
            help="Watch this pair (repeatable): --dyad USA VNM or --dyad USA-VNM. Default: every pair.",
        ),
    ] = None,
    alerts: Annotated[
        Path, typer.Option("--alerts", help="Append each alert to this JSON-lines file.")
    ] = Path("dyadscope-alerts.jsonl"),
    log_file: Annotated[
        Path | None, typer.Option("--log", help="Also write the log lines (key=value) to this file.")
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST each run's alerts as JSON to this URL.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds allowed to fetch one URL.")] = 30.0,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls", help="Allow loopback/private/link-local hosts (feeds, webhook)."
        ),
    ] = False,
    format: FORMAT = Format.table,
) -> None:
    """Refresh the store from folders and feeds on a schedule; alert when a score moves or a finding appears.

    Each run ingests what is new, reassesses the dyads and compares their scores with the last run.

    A move of more than --threshold points (overall or a dimension), or a new high finding, is an alert.

    Alerts go to stderr (key=value lines), the --alerts file, the --webhook and GET /api/v1/alerts.

    Ctrl-C stops cleanly; a bad folder, URL or option exits 1 before anything is read.
    """
    import json
    import logging

    from .watch import parse_interval, run_every

    seconds = parse_interval(every)  # a bad interval fails before anything is read
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logger = logging.getLogger("dyadscope.watch")
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    database = open_db(db)
    pairs, sources = _watch_pairs(dyad or [], sources or [])

    runs = {"done": 0}

    def job() -> None:
        try:
            found = database.watch_once(
                sources,
                dyads=pairs or None,
                threshold=threshold,
                alerts_path=alerts,
                webhook=webhook,
                allow_private_urls=allow_private_urls,
                timeout=timeout,
            )
        except DyadscopeError as exc:
            if not runs["done"]:
                raise  # a bad source, dyad or option: exit 1 before watching starts
            logger.error(f"event=run_failed error={json.dumps(exc.message)}")  # e.g. a busy store: next time
            return
        finally:
            runs["done"] += 1
        for alert in found:
            line = (
                json.dumps(alert, ensure_ascii=False, default=str)
                if format is Format.json
                else alert["title"]
            )
            typer.echo(line)

    try:
        done = run_every(seconds, job, runs=1 if once else None)
    except KeyboardInterrupt:
        done = -1
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
            handler.close()
    if not once:
        typer.echo(f"watch stopped{f' after {done} run(s)' if done >= 0 else ''}", err=True)


def _watch_pairs(values: list[str], sources: list[str]) -> tuple[list[str], list[str]]:
    """``--dyad USA VNM``: click reads USA as the option's value and VNM as a source; pair them again.

    A ``--dyad`` value that is one code takes the first remaining source that is a country
    or organisation code (not an existing path) as its partner; ``--dyad USA-VNM`` needs no partner.
    """
    rest = list(sources)
    pairs = []
    for value in values:
        if re.search(r"[\s,/-]", value.strip()):
            pairs.append(value)
            continue
        partner = next((s for s in rest if _is_code(s) and not Path(s).exists()), None)
        if partner is None:
            pairs.append(value)  # parse_dyad reports the malformed dyad (E402)
            continue
        rest.remove(partner)
        pairs.append(f"{value} {partner}")
    return pairs, rest


def _is_code(text: str) -> bool:
    from .ontology.countries import check_code

    if not re.fullmatch(r"[A-Za-z]{2,6}", text):
        return False
    try:
        check_code(text)
    except DyadscopeError:
        return False
    return True


# --- report and serve commands -------------------------------------------------------------------
@app.command("report")
def report_cli(
    a: A_ARG,
    b: B_ARG,
    db: DB = None,
    format: Annotated[str, typer.Option("--format", "-f", help="html (one offline file), md or pdf.")] = (
        "html"
    ),
    output: OUTPUT = None,
    compare: Annotated[
        list[str] | None,
        typer.Option("--compare", help="Another pair to set beside this one, e.g. CHN-VNM (repeatable)."),
    ] = None,
) -> None:
    """Write the report on relations between A and B (ten chapters, every statement cited); print its path."""
    others = [d for item in compare or [] for d in item.split(",") if d.strip()]
    path = open_db(db, read_only=True).report(a, b, format=format, output=output, compare=others or None)
    typer.echo(str(path))


@app.command("serve")
def serve_cli(
    db: DB = None,
    host: Annotated[str, typer.Option(help="Interface to bind; keep 127.0.0.1 unless behind a proxy.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only/--allow-ingest",
            help="Read-only (default) or enable the upload form and ingest API.",
        ),
    ] = True,
    get: Annotated[
        str | None, typer.Option("--get", help="Answer one GET for PATH in-process, print it, exit.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (each keeps its own cache).")
    ] = 1,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="DYADSCOPE_TOKEN",
            help="Token writes must carry (generated and printed when --allow-ingest binds beyond loopback).",
        ),
    ] = None,
) -> None:
    """Serve the dashboard and the JSON API (/api/v1, docs at /api/v1/docs) over the store."""
    from .web.serve import get_once, serve

    if get is not None:
        status, text = get_once(db, get, allow_ingest=not read_only)
        typer.echo(text)
        raise typer.Exit(0 if status < 400 else 1)
    serve(db, host=host, port=port, allow_ingest=not read_only, workers=workers, token=token)


# --- demo command --------------------------------------------------------------------------------
@app.command("demo")
def demo_cli(
    out: Annotated[Path, typer.Option("--out", help="Output folder (for demo.db and the report).")] = Path(
        "demo-output"
    ),
) -> None:
    """Run the pipeline on the embedded demo corpus: ingest, assess, report; prints the report path last."""
    from .demo.run import run_pipeline

    run = run_pipeline(out)
    for line in run.summary_lines():
        typer.echo(line)
    typer.echo(str(run.output))


def main() -> None:
    """Entry point: run the app, turning DyadscopeError into one line on stderr and its class's exit code."""
    try:
        code = app(standalone_mode=False)  # click returns (not raises) typer.Exit codes in this mode
        if isinstance(code, int) and code:
            sys.exit(code)
    except DyadscopeError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        from .errors import mask_credentials

        detail = mask_credentials(str(exc))
        typer.echo(
            f"error: unexpected {type(exc).__name__}: {detail} (run with --debug for details)", err=True
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
