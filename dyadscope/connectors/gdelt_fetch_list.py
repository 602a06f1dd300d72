"""GDELT's published file lists read into export slices, and the times of a fetch window, all in UTC.

GDELT 2.0 publishes ``masterfilelist.txt``: one ``SIZE MD5 URL`` line per file (exports, mentions,
GKG). GDELT 1.0 publishes ``md5sums`` (``MD5  NAME``, the format of ``md5sum``) and ``filesizes``
(``SIZE NAME``) beside its daily files in ``events/``. Only event exports are kept: 2.0
``YYYYMMDDHHMMSS.export.CSV.zip`` every 15 minutes, 1.0 ``YYYYMMDD.export.CSV.zip`` every day (the 1.0
monthly and yearly backfiles before April 2013 are left to ``import gdelt``). A slice's time comes from
its file name, which GDELT writes in UTC; a time the user gives without an offset is UTC too, never
local time, so one command selects the same slices under any ``TZ`` (RELIABILITY case 22).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..errors import Errors, InputError
from .coverage import FORMATS, STEPS

MD5 = re.compile(r"^[0-9a-fA-F]{32}$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Version:
    number: int
    source: str  # name in the coverage table
    base_url: str
    export: re.Pattern[str]  # an export file name; group 1 is the slice stamp

    @property
    def step(self) -> timedelta:
        return STEPS[self.source]

    @property
    def fmt(self) -> str:
        return FORMATS[self.source]


V2 = Version(
    2, "gdelt2", "http://data.gdeltproject.org/gdeltv2/", re.compile(r"^(\d{14})\.export\.csv\.zip$", re.I)
)
V1 = Version(
    1, "gdelt1", "http://data.gdeltproject.org/events/", re.compile(r"^(\d{8})\.export\.csv\.zip$", re.I)
)
VERSIONS = {1: V1, 2: V2}


@dataclass
class Listed:
    """One export file as the list gives it; ``size`` or ``md5`` is None when the list lacks it (1.0)."""

    stamp: str
    name: str
    size: int | None = None
    md5: str | None = None


@dataclass
class Listing:
    """The exports listed inside the window, and the first and last export stamps of the whole list."""

    files: dict[str, Listed] = field(default_factory=dict)
    first: str | None = None
    last: str | None = None
    valid_lines: int = 0


def parse_time(text: str, option: str) -> datetime:
    """An aware UTC datetime from ISO 8601 (``2025-04-01``, ``2025-04-01T06:00``, ``…Z``, ``…+01:00``) or
    a GDELT stamp (``20250401060000``, ``20250401``); no offset means UTC, never the local zone."""
    value = text.strip()
    try:
        if value.isdigit() and len(value) in (8, 14):
            at = datetime.strptime(value, "%Y%m%d%H%M%S" if len(value) == 14 else "%Y%m%d")
        else:
            at = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(Errors.E308.format(text=text, option=option)) from exc
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def utc_text(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp_time(version: Version, stamp: str) -> datetime:
    return datetime.strptime(stamp, version.fmt).replace(tzinfo=UTC)


def read_listing(
    version: Version, get_lines: Callable[[str, bool], Iterable[str]], start: datetime, end: datetime
) -> Listing:
    """Read the version's lists through ``get_lines(name, required)``, keeping exports in [start, end)."""
    listing = Listing()
    if version.number == 2:
        for line in get_lines("masterfilelist.txt", True):
            parts = line.split()
            if len(parts) == 3 and parts[0].isdigit() and MD5.match(parts[1]):
                _keep(listing, version, parts[2], start, end, size=int(parts[0]), md5=parts[1].lower())
        return listing
    for line in get_lines("md5sums", True):
        parts = line.split()
        if len(parts) == 2 and MD5.match(parts[0]):
            _keep(listing, version, parts[1], start, end, md5=parts[0].lower())
    for line in get_lines("filesizes", False):
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            name = parts[1].rsplit("/", 1)[-1]
            found = version.export.match(name)
            if found and found.group(1) in listing.files:
                listing.files[found.group(1)].size = int(parts[0])
    return listing


def _keep(
    listing: Listing,
    version: Version,
    url: str,
    start: datetime,
    end: datetime,
    *,
    size: int | None = None,
    md5: str | None = None,
) -> None:
    """Count a well-formed line; keep it when it names an export inside the window.

    Only the file *name* is kept, never the URL: files are fetched from the base URL the user chose,
    so a tampered list cannot send the downloader to another host or path.
    """
    listing.valid_lines += 1
    name = url.rsplit("/", 1)[-1]
    found = version.export.match(name)
    if not found:
        return
    stamp = found.group(1)
    try:
        at = stamp_time(version, stamp)
    except ValueError:  # 20251399… matches the pattern but is no time
        return
    listing.first = stamp if listing.first is None else min(listing.first, stamp)
    listing.last = stamp if listing.last is None else max(listing.last, stamp)
    if start <= at < end:
        listing.files[stamp] = Listed(stamp, name, size, md5)


def expected_slices(version: Version, listing: Listing, start: datetime, end: datetime) -> list[str]:
    """Every slice GDELT should have published in [start, end): on the version's grid, from its first
    listed export, and no later than its last one (later slices are not published yet)."""
    if listing.first is None or listing.last is None:
        return []
    step = version.step
    low = max(start, stamp_time(version, listing.first))
    high = min(end, stamp_time(version, listing.last) + step)
    at = low + (-(low - EPOCH) % step)  # round up onto the grid (:00/:15/:30/:45, or midnight)
    stamps = []
    while at < high:
        stamps.append(at.strftime(version.fmt))
        at += step
    return stamps
