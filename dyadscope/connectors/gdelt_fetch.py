"""Fetch GDELT event exports published between two UTC times: plan, download, verify, import, record.

Plan: read GDELT's file list (``gdelt_fetch_list``) and give every slice in [since, until) an action:
``skip`` (its coverage row is already ``ok``), ``reuse`` (a copy with the listed size and MD5 is in the
download folder), ``download``, or ``unlisted`` (GDELT should have published it but its list lacks it).
Run, in rounds of BATCH slices: download and verify (``gdelt_fetch_http``); import the verified files
through :func:`gdelt.import_gdelt` (one transaction per file, natural key GLOBALEVENTID, the same dyad
and date filters); then record in ``coverage`` ``ok`` for each imported slice, ``failed`` for a file that
arrived wrong or that the import refused (nothing from it is committed), and ``missing`` for one that
did not arrive or is not listed. Running the same fetch again fills the gaps and downloads nothing else.
Downloads are kept in ``<store>.cache/gdelt/downloads/<gdelt1|gdelt2>/``, or in the ``keep`` folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..dyads import parse_dyad
from ..errors import Errors, FetchError, InputError, ReadOnly
from ..ingest.url import check_url
from ..store import tables as t
from . import coverage, gdelt_fetch_http, gdelt_fetch_list
from .gdelt import cache_dir, import_gdelt
from .gdelt_fetch_list import Listed, Version
from .gdelt_fetch_report import FetchReport, SliceState
from .report import ImportReport

BATCH = 96  # slices per download-then-import round: one day of GDELT 2.0
DEFAULT_MAX_DOWNLOAD = 2_000_000_000  # a 2.0 export zip is under 1 MB, a 1.0 daily one under 100 MB
Progress = Callable[[str, int, int], None]


@dataclass
class _Options:
    pair: Any
    events_since: str | None
    events_until: str | None
    max_bytes: int
    attempts: int
    backoff: float
    sleep: Callable[[float], None]
    allow_private: bool
    progress: Progress | None


def fetch_gdelt(
    db,
    *,
    since: str,
    until: str | None = None,
    version: int = 2,
    dyad: Any = None,
    events_since: str | None = None,
    events_until: str | None = None,
    base_url: str | None = None,
    keep: str | Path | None = None,
    dry_run: bool = False,
    attempts: int = 3,
    backoff: float = 2.0,
    timeout: float = 30.0,
    max_bytes: int = DEFAULT_MAX_DOWNLOAD,
    allow_private: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress | None = None,
) -> FetchReport:
    """Download, verify and import the GDELT exports of [since, until) (see module docstring)."""
    spec = _version(version)
    start = gdelt_fetch_list.parse_time(since, "--since")
    end = gdelt_fetch_list.parse_time(until, "--until") if until else datetime.now(UTC)
    if start >= end:
        raise InputError(
            Errors.E309.format(start=gdelt_fetch_list.utc_text(start), end=gdelt_fetch_list.utc_text(end))
        )
    if events_since and events_until and events_since > events_until:
        raise InputError(Errors.E410.format(start=events_since, end=events_until))
    if db.read_only and not dry_run:
        raise ReadOnly(Errors.E504.format(url=db.url))
    pair = parse_dyad(dyad) if dyad is not None else None
    base = (base_url or spec.base_url).rstrip("/") + "/"
    check_url(base, allow_private=allow_private)
    folder = Path(keep).expanduser() if keep else cache_dir(db) / "downloads" / spec.source
    report = FetchReport(
        spec.number,
        spec.source,
        base,
        gdelt_fetch_list.utc_text(start),
        gdelt_fetch_list.utc_text(end),
        str(folder),
        dry_run=dry_run,
    )
    started = time.perf_counter()
    options = _Options(
        pair, events_since, events_until, max_bytes, attempts, backoff, sleep, allow_private, progress
    )
    with gdelt_fetch_http.client(timeout, allow_private=allow_private) as http:
        listing = _listing(http, spec, base, start, end, allow_private)
        report.slices = _plan(db, spec, listing, start, end, folder)
        if not dry_run:
            folder.mkdir(parents=True, exist_ok=True)
            _run(db, http, spec, base, folder, report, listing, options)
    report.seconds = time.perf_counter() - started
    return report


def _version(version: int | str) -> Version:
    try:
        return gdelt_fetch_list.VERSIONS[int(version)]
    except (KeyError, ValueError) as exc:
        raise InputError(Errors.E407.format(value=version, field="version", choices="1, 2")) from exc


def _listing(http, spec: Version, base: str, start: datetime, end: datetime, allow_private: bool):
    def get_lines(name: str, required: bool):
        return gdelt_fetch_http.list_lines(http, base + name, required=required, allow_private=allow_private)

    listing = gdelt_fetch_list.read_listing(spec, get_lines, start, end)
    if listing.valid_lines == 0:
        first = "masterfilelist.txt" if spec.number == 2 else "md5sums"
        raise FetchError(Errors.E312.format(url=base + first))
    return listing


def _plan(db, spec: Version, listing, start: datetime, end: datetime, folder: Path) -> list[SliceState]:
    """Every expected or listed slice of the window, with what to do about it."""
    stamps = sorted(set(gdelt_fetch_list.expected_slices(spec, listing, start, end)) | set(listing.files))
    done = _ok_slices(db, spec.source, stamps)
    plan = []
    for stamp in stamps:
        listed = listing.files.get(stamp)
        if listed is None:
            plan.append(SliceState(stamp, None, None, "skip" if stamp in done else "unlisted"))
            continue
        if stamp in done:
            action = "skip"
        elif gdelt_fetch_http.file_matches(folder / listed.name, listed):
            action = "reuse"
        else:
            action = "download"
        plan.append(SliceState(stamp, listed.name, listed.size, action))
    return plan


def _ok_slices(db, source: str, stamps: list[str]) -> set[str]:
    if not stamps:
        return set()
    c = t.coverage.c
    with db.read() as conn:
        rows = conn.execute(
            select(c.slice).where(
                (c.source == source) & (c.status == "ok") & c.slice.between(stamps[0], stamps[-1])
            )
        ).scalars()
        return set(rows)


def _run(
    db, http, spec: Version, base: str, folder: Path, report: FetchReport, listing, options: _Options
) -> None:
    todo = [s for s in report.slices if s.action in ("download", "reuse")]
    for s in report.slices:
        if s.action == "skip":
            s.status = "skipped"
        elif s.action == "unlisted":
            s.status, s.reason = "missing", "not in GDELT's file list"
    for i in range(0, len(todo), BATCH):
        batch = todo[i : i + BATCH]
        files = _download_batch(
            http, base, folder, batch, listing.files, report, options, done=i, total=len(todo)
        )
        _import_batch(db, spec, batch, files, report, options)
    unlisted = {s.slice: "missing" for s in report.slices if s.action == "unlisted"}
    coverage.mark(db, spec.source, unlisted)


def _download_batch(
    http,
    base: str,
    folder: Path,
    batch: list[SliceState],
    listed: dict[str, Listed],
    report: FetchReport,
    options: _Options,
    *,
    done: int,
    total: int,
) -> dict[str, Path]:
    files: dict[str, Path] = {}
    label = f"GDELT {report.version}.0 slices"
    for n, s in enumerate(batch, start=done + 1):
        entry = listed[s.slice]
        target = folder / entry.name
        if s.action == "reuse":
            files[s.slice] = target
        else:
            outcome = gdelt_fetch_http.download(
                http,
                base + entry.name,
                target,
                entry,
                max_bytes=options.max_bytes,
                attempts=options.attempts,
                backoff=options.backoff,
                sleep=options.sleep,
                allow_private=options.allow_private,
            )
            s.attempts = outcome.attempts
            if outcome.path is None:
                s.status, s.reason = outcome.status, outcome.reason
            else:
                s.downloaded = True
                report.bytes_downloaded += outcome.bytes
                files[s.slice] = outcome.path
        if options.progress:
            options.progress(label, n, total)
    return files


def _import_batch(
    db, spec: Version, batch: list[SliceState], files: dict[str, Path], report: FetchReport, options: _Options
) -> None:
    """Import the verified files; a file the import refuses is a failed slice and is deleted."""
    if files:
        part = import_gdelt(
            db,
            list(files.values()),
            dyad=options.pair,
            since=options.events_since,
            until=options.events_until,
            progress=options.progress,
        )
        _merge(report.imported, part)
        by_path = {entry["path"]: entry for entry in part.files}
        for s in batch:
            if s.slice not in files:
                continue
            entry = by_path.get(str(files[s.slice]), {"status": "failed", "message": "not imported"})
            if entry["status"] in ("ok", "duplicate"):
                s.status, s.rows_loaded = "ok", entry.get("rows_loaded", 0)
            else:
                s.status, s.reason = "failed", entry.get("message", "the import refused the file")
                s.attempts = max(s.attempts, 1)
                files[s.slice].unlink(missing_ok=True)  # fetched again next time, not reused
    coverage.mark(db, spec.source, {s.slice: s.status for s in batch if s.status in ("failed", "missing")})


def _merge(total: ImportReport, part: ImportReport) -> None:
    total.rows_read += part.rows_read
    total.rows_loaded += part.rows_loaded
    total.rows_quarantined += part.rows_quarantined
    total.rows_filtered += part.rows_filtered
    total.filtered.update(part.filtered)
    total.files.extend(part.files)
    for problem in part.problems:
        total.add_problem(problem["path"], problem["line"], problem["reason"])
    total.seconds += part.seconds
