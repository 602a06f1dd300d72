"""Import GDELT 1.0 (57/58 columns) and 2.0 (61 columns) event files, zipped or plain, into the store.

Per file: hash it (sha256); skip it if an import with the same hash and filters finished; unpack it
safely; detect its layout; parse, validate and map every line into the Parquet cache (DuckDB, or
Spark with ``engine="spark"``); record malformed lines in ``quarantine`` with file and line; then
insert the kept rows that pass the filters into ``events`` (origin ``gdelt``, natural key
GLOBALEVENTID) in one transaction with the file's quarantine and ledger rows, so a file is stored
whole or not at all. POLECAT and ICEWS files go through the same steps (``import_files`` with their
``BulkSource``, see ``eventdata.py``). The Parquet cache keeps every valid row of every file for analytics
(``dyadscope.store.analytics``); SQLite keeps the selected state-to-state rows.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError, Errors, InputError
from ..store.engine import redact
from . import archive, coverage, gdelt_load, records
from .gdelt_layout import BLANK, Layout, detect_layout
from .report import ImportReport

Progress = Callable[[str, int, int], None]  # (file name, rows done, rows to do)


@dataclass(frozen=True)
class BulkSource:
    """One producer's event files: how to recognise a file's layout, parse it, and shape its rows."""

    kind: str  # ledger kind, events origin and cache folder: gdelt, polecat, icews
    detect: Callable[[Path, Path], Any]  # (file as named, plain text) -> layout with a .name; raises
    transform: Callable[[Path, Any, Path, Path, Any], None]  # (plain, layout, staged, work, spark)
    shape: dict[str, str] = field(default_factory=lambda: gdelt_load.SHAPE)


def cache_dir(db, kind: str = "gdelt") -> Path:
    """Where the Parquet cache of ``db`` lives: ``<store>.cache/<kind>`` beside a SQLite file."""
    import os

    if db.url.startswith("sqlite"):
        store = Path(db.url.split("///", 1)[-1])
        return store.with_name(store.name + ".cache") / kind
    return Path(os.environ.get("DYADSCOPE_CACHE", "dyadscope-cache")) / kind


def cache_files(db, kinds: tuple[str, ...] = ("gdelt",)) -> list[Path]:
    """Cache files of finished imports of these kinds."""
    found: list[Path] = []
    for kind in kinds:
        folder = cache_dir(db, kind)
        found += sorted(p for p in folder.glob("*.parquet")) if folder.exists() else []
    return found


def _import_id(sha: str, dyad: Dyad | None, since: str | None, until: str | None) -> str:
    """The file hash; with filters, a hash of file and filters (another selection is another import)."""
    if dyad is None and not since and not until:
        return sha
    return hashlib.sha256(f"{sha}|{dyad}|{since}|{until}".encode()).hexdigest()


def import_gdelt(
    db,
    sources: Any,
    *,
    dyad: Any = None,
    since: str | None = None,
    until: str | None = None,
    engine: str = "duckdb",
    master: str | None = None,
    max_bytes: int = archive.DEFAULT_MAX_BYTES,
    batch_size: int = 100_000,
    progress: Progress | None = None,
) -> ImportReport:
    """Import GDELT event files (see module docstring); returns an :class:`ImportReport`."""
    if engine not in ("duckdb", "spark"):
        raise InputError(Errors.E407.format(value=engine, field="engine", choices="duckdb, spark"))
    spark = None
    if engine == "spark":
        from . import spark as spark_engine

        _check_period(since, until)
        spark = spark_engine.session(master)
    report = import_files(
        db,
        sources,
        GDELT,
        dyad=dyad,
        since=since,
        until=until,
        spark=spark,
        max_bytes=max_bytes,
        batch_size=batch_size,
        progress=progress,
    )
    done = [Path(f["path"]) for f in report.files if f["status"] in ("ok", "duplicate")]
    coverage.record(db, done)
    return report


def _check_period(since: str | None, until: str | None) -> None:
    if since and until and since > until:
        raise InputError(Errors.E410.format(start=since, end=until))


def import_files(
    db,
    sources: Any,
    source: BulkSource,
    *,
    dyad: Any = None,
    since: str | None = None,
    until: str | None = None,
    spark: Any = None,
    max_bytes: int = archive.DEFAULT_MAX_BYTES,
    batch_size: int = 100_000,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every file of ``sources`` with ``source``'s layouts; one file = one transaction."""
    _check_period(since, until)
    pair = parse_dyad(dyad) if dyad is not None else None
    report = ImportReport()
    started = time.perf_counter()
    paths = archive.expand_paths(sources)
    if not paths:
        raise InputError(Errors.E111.format(path=", ".join(map(str, _items(sources))) or "(none)"))
    if db.url.startswith("sqlite"):
        gdelt_load.ensure_indexes(db)  # heals a store left without them by an older version's crash
    for path in paths:
        entry = {
            "path": str(path),
            "status": "ok",
            "layout": None,
            "rows_read": 0,
            "rows_loaded": 0,
            "rows_quarantined": 0,
        }
        report.files.append(entry)
        try:
            _import_file(
                db,
                path,
                source,
                entry,
                report,
                pair,
                since,
                until,
                spark=spark,
                max_bytes=max_bytes,
                batch_size=batch_size,
                progress=progress,
            )
        except DyadscopeError as exc:
            _fail(db, source, path, entry, report, exc.message)
        except (OperationalError, sqlite3.OperationalError, OSError, duckdb.IOException) as exc:
            message = _store_failure(db, exc)
            if message is None:
                raise
            _fail(db, source, path, entry, report, message)
    report.seconds = time.perf_counter() - started
    return report


def _items(sources: Any) -> list:
    return [sources] if isinstance(sources, (str, Path)) else list(sources)


def _store_failure(db, exc: BaseException) -> str | None:
    """The coded message for a write the store or the disk refused (busy, full, I/O), else None.

    A busy store (another writer held the lock past the busy timeout) is E502; a full disk or a failed
    write is E505. Either way the file's transaction was rolled back whole: nothing of it is stored
    (reliability cases 28 and 29), and running the import again loads it.
    """
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return Errors.E502.format(url=redact(db.url))
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    if full or any(word in text for word in ("disk is full", "disk i/o", "no space", "file too large")):
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
        return Errors.E505.format(url=redact(db.url), detail=detail)
    return None


def _fail(db, source: BulkSource, path: Path, entry: dict, report: ImportReport, message: str) -> None:
    """Record a failed file in the report and, if the store takes the write, in the ledger."""
    entry.update(status="failed", message=message)
    report.add_problem(str(path), None, message)
    import_id = entry.get("import_id")
    if import_id is None:
        return
    try:
        records.mark(db, import_id, source.kind, path, "failed", message=message)
    except (DyadscopeError, SQLAlchemyError, sqlite3.Error, OSError):
        pass  # a full or busy store cannot take even this row; nothing was left "running" either


def _import_file(
    db,
    path: Path,
    source: BulkSource,
    entry: dict,
    report: ImportReport,
    pair: Dyad | None,
    since: str | None,
    until: str | None,
    *,
    spark: Any,
    max_bytes: int,
    batch_size: int,
    progress: Progress | None,
) -> None:
    sha = archive.sha256_file(path)
    import_id = _import_id(sha, pair, since, until)
    entry["sha256"] = sha
    if records.finished(db, import_id):
        entry["status"] = "duplicate"
        entry["message"] = f"duplicate (sha256 {sha[:12]}…): already imported, nothing added"
        return
    entry["import_id"] = import_id
    folder = cache_dir(db, source.kind)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"dyadscope-{source.kind}-", dir=folder) as tmp:
        work = Path(tmp)
        plain = archive.unpack(path, work, max_bytes=max_bytes)
        layout = source.detect(path, plain)
        entry["layout"] = layout.name
        # Rows are loaded from this import's own staged copy, which is published to the shared cache
        # only afterwards: a second process importing the same file at the same time replaces the cache
        # file under our feet, and must not make our reads fail. No ledger row is written before the
        # file's one transaction: a killed or failed import never leaves one marked "running".
        staged = work / "cache.parquet"
        source.transform(plain, layout, staged, work, spark)
        # The cache file is published last inside the file's transaction: if that fails, nothing is stored.
        cache = folder / f"{sha}.parquet"
        loading = (pair, since, until, work, batch_size, progress)
        _record(db, source, import_id, path, staged, entry, report, *loading, lambda: _publish(staged, cache))


def _detect_gdelt(path: Path, plain: Path) -> Layout:
    layout = detect_layout(archive.head_lines(plain))
    if layout is None:
        counts = sorted({line.count("\t") + 1 for line in archive.head_lines(plain) if line.strip()})
        raise InputError(Errors.E302.format(path=path, columns=counts or 0))
    return layout


def _transform(plain: Path, layout: Layout, staged: Path, work: Path, spark: Any) -> None:
    """Validate and convert the file into ``staged`` (a Parquet file, or a folder of parts from Spark)."""
    if spark is not None:
        from . import spark as spark_engine

        spark_engine.transform_file(spark, plain, layout, staged)
    else:
        from . import gdelt_duckdb

        con = gdelt_duckdb.connect(work)
        try:
            gdelt_duckdb.transform_file(con, plain, layout, staged)
        finally:
            con.close()


def _publish(staged: Path, cache: Path) -> None:
    """Put ``staged`` in place of ``cache``: a file replaces a file atomically (readers see the old one or
    the new one, never none); a folder (Spark) or a change between file and folder goes remove-then-rename."""
    if staged.is_file() and not cache.is_dir():
        staged.replace(cache)
        return
    if cache.is_dir():
        shutil.rmtree(cache, ignore_errors=True)
    elif cache.exists():
        cache.unlink(missing_ok=True)
    try:
        staged.replace(cache)
    except OSError:  # another importer published the same content first: theirs stays
        if not cache.exists():
            raise


def _record(
    db,
    source: BulkSource,
    import_id: str,
    path: Path,
    cache: Path,
    entry: dict,
    report: ImportReport,
    pair: Dyad | None,
    since: str | None,
    until: str | None,
    work: Path,
    batch_size: int,
    progress: Progress | None,
    publish: Callable[[], None],
) -> None:
    """Load the selected kept rows, quarantine the bad lines, mark the import ok and publish the cache
    file, all in one transaction (if publishing fails, nothing of the file is stored)."""
    from . import gdelt_duckdb

    con = gdelt_duckdb.connect(work)
    cache_sql = gdelt_load.cache_source([cache])
    try:
        kept = f"{cache_sql} WHERE reason IS DISTINCT FROM '{BLANK}'"  # blank lines are not rows
        read, bad = con.execute(f"SELECT count(*), count(reason) FROM {kept}").fetchall()[0]
        problems = con.execute(
            f"SELECT line, reason, raw FROM {kept} AND reason IS NOT NULL ORDER BY line"
        ).fetchall()
        conds = gdelt_load.selection(pair, since, until)
        filtered = gdelt_load.filter_counts(con, cache_sql, conds)
        todo = read - bad - sum(filtered.values())
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress(path.name, done[0], todo)

        def finish(conn, loaded: int) -> None:
            records.quarantine(conn, import_id, path, problems)
            records.upsert(
                conn, import_id, source.kind, path, "ok", read=read, loaded=loaded, quarantined=bad
            )
            publish()

        if progress:
            progress(path.name, 0, todo)
        loaded = gdelt_load.load_events(
            db,
            con,
            cache_sql,
            conds,
            batch_size=batch_size,
            progress=tick,
            expected=todo,
            shape=source.shape,
            finish=finish,
        )
    finally:
        con.close()
    for line, reason, _raw in problems:
        report.add_problem(str(path), line, reason)
    entry.update(
        rows_read=read, rows_loaded=loaded, rows_quarantined=bad, rows_filtered=sum(filtered.values())
    )
    report.rows_read += read
    report.rows_loaded += loaded
    report.rows_quarantined += bad
    report.rows_filtered += sum(filtered.values())
    report.filtered.update(filtered)


GDELT = BulkSource("gdelt", _detect_gdelt, _transform)
