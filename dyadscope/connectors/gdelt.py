"""Import GDELT 1.0 (57/58 columns) and 2.0 (61 columns) event files, zipped or plain, into the store.

Per file: hash it (sha256); skip it if an import with the same hash and filters finished; unpack it
safely; detect its layout; parse, validate and map every line into the Parquet cache (DuckDB, or
Spark with ``engine="spark"``); record malformed lines in ``quarantine`` with file and line; then
insert the kept rows that pass the filters into ``events`` (origin ``gdelt``, natural key
GLOBALEVENTID) in batches. The Parquet cache keeps every valid row of every file for analytics
(``dyadscope.store.analytics``); SQLite keeps the selected state-to-state rows.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError, Errors, InputError
from ..store.engine import redact
from . import archive, coverage, gdelt_load, records
from .gdelt_layout import BLANK, Layout, detect_layout
from .report import ImportReport

Progress = Callable[[str, int, int], None]  # (file name, rows done, rows to do)


def cache_dir(db) -> Path:
    """Where the Parquet cache of ``db`` lives: ``<store>.cache/gdelt`` beside a SQLite file."""
    import os

    if db.url.startswith("sqlite"):
        store = Path(db.url.split("///", 1)[-1])
        return store.with_name(store.name + ".cache") / "gdelt"
    return Path(os.environ.get("DYADSCOPE_CACHE", "dyadscope-cache")) / "gdelt"


def cache_files(db) -> list[Path]:
    """Cache files of finished GDELT imports."""
    folder = cache_dir(db)
    return sorted(p for p in folder.glob("*.parquet")) if folder.exists() else []


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
    if since and until and since > until:
        raise InputError(Errors.E410.format(start=since, end=until))
    pair = parse_dyad(dyad) if dyad is not None else None
    report = ImportReport()
    started = time.perf_counter()
    paths = archive.expand_paths(sources)
    if db.url.startswith("sqlite"):
        gdelt_load.ensure_indexes(db)  # heals a store left without them by a crash mid bulk load
    spark = None
    if engine == "spark":
        from . import spark as spark_engine

        spark = spark_engine.session(master)
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
            entry["status"] = "failed"
            entry["message"] = exc.message
            report.add_problem(str(path), None, exc.message)
        except (OperationalError, sqlite3.OperationalError) as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            # Another process held the write lock past the busy timeout: this file's committed
            # batches stay (natural keys), and running the import again finishes it.
            message = Errors.E502.format(url=redact(db.url))
            entry.update(status="failed", message=message)
            report.add_problem(str(path), None, message)
    done = [Path(f["path"]) for f in report.files if f["status"] in ("ok", "duplicate")]
    coverage.record(db, done)
    report.seconds = time.perf_counter() - started
    return report


def _import_file(
    db,
    path: Path,
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
    folder = cache_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dyadscope-gdelt-", dir=folder) as tmp:
        work = Path(tmp)
        plain = archive.unpack(path, work, max_bytes=max_bytes)
        layout = detect_layout(archive.head_lines(plain))
        if layout is None:
            counts = sorted({line.count("\t") + 1 for line in archive.head_lines(plain) if line.strip()})
            raise InputError(Errors.E302.format(path=path, columns=counts or 0))
        entry["layout"] = layout.name
        records.mark(db, import_id, "gdelt", path, "running")
        # Rows are loaded from this import's own staged copy, which is published to the shared cache
        # only afterwards: a second process importing the same file at the same time replaces the cache
        # file under our feet, and must not make our reads fail.
        staged = work / "cache.parquet"
        _transform(plain, layout, staged, work, spark)
        _record(db, import_id, path, staged, entry, report, pair, since, until, work, batch_size, progress)
        _publish(staged, folder / f"{sha}.parquet")


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
) -> None:
    """Quarantine the bad lines, load the selected kept rows, mark the import finished."""
    from . import gdelt_duckdb

    con = gdelt_duckdb.connect(work)
    source = gdelt_load.cache_source([cache])
    try:
        kept = f"{source} WHERE reason IS DISTINCT FROM '{BLANK}'"  # blank lines are not rows
        read, bad = con.execute(f"SELECT count(*), count(reason) FROM {kept}").fetchall()[0]
        problems = con.execute(
            f"SELECT line, reason, raw FROM {kept} AND reason IS NOT NULL ORDER BY line"
        ).fetchall()
        with db.write() as conn:
            records.quarantine(conn, import_id, path, problems)
        conds = gdelt_load.selection(pair, since, until)
        filtered = gdelt_load.filter_counts(con, source, conds)
        todo = read - bad - sum(filtered.values())
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress(path.name, done[0], todo)

        if progress:
            progress(path.name, 0, todo)
        loaded = gdelt_load.load_events(
            db, con, source, conds, batch_size=batch_size, progress=tick, expected=todo
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
    records.mark(db, import_id, "gdelt", path, "ok", read=read, loaded=loaded, quarantined=bad)
