"""A document's publication date, read from the document itself — never the day it was ingested.

Sources, best first: metadata the author wrote (front matter / ``DATE:`` header lines, HTML meta tags,
a "Published" line), then PDF metadata. Numeric dates such as ``02/03/2025`` are read day-first for
non-US sources or when the day is over 12, month-first for US sources; when both readings stay
possible and the document does not settle the order, ``ambiguous`` is set (date_ambiguous).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_ISO = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d/])")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-)")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(published|publication date|posted|date|dated|released|issued|updated|"
    r"last updated)\b\s*(?:on|at)?\s*[:\-–]?\s*(.*)$",
    re.IGNORECASE,
)
_US_HOSTS = (".gov", ".mil", ".us")
_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
)


@dataclass(frozen=True)
class Published:
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # day, month, year
    ambiguous: bool = False


def numeric_date_order(text: str) -> str | None:
    """'DMY' or 'MDY' when a numeric date in ``text`` can only be read one way, else None."""
    for found in _NUMERIC.finditer(text):
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12 >= second:
            return "DMY"
        if second > 12 >= first:
            return "MDY"
    return None


def source_order(source: str, meta: dict[str, str] | None = None) -> str | None:
    """Date order implied by where the document comes from: US hosts/country MDY, others DMY."""
    meta = meta or {}
    country = meta.get("country", "").strip().upper()
    if country:
        return "MDY" if country in ("US", "USA", "UNITED STATES") else "DMY"
    host = (urlsplit(source).hostname or "") if "://" in source else ""
    if host:
        if host.endswith(_US_HOSTS):
            return "MDY"
        tld = host.rsplit(".", 1)[-1]
        if len(tld) == 2:
            return "DMY"
    return None


def date_order(text: str, meta: dict[str, str] | None = None, source: str = "") -> str | None:
    """The order numeric dates are read in for a whole document: settled by its own text, else by its
    source (a U.S. host or ``country: US`` reads 02/03/2025 as 3 February), else None (day-first, flagged).

    The publication date and the dates of the document's events are read with this one order.
    """
    return numeric_date_order(text) or source_order(source, meta)


# A wire dateline opening a story: "HANOI, March 3 (Reuters) -", "WASHINGTON, Dec. 2, 2025 —".
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?,\s+"
    rf"(?i:{_MONTH})\s+(\d{{1,2}})"
    r"(?:,\s*(\d{4}))?\s*(?:\([^)]{1,40}\)\s*)?(?:-|–|—|--)\s",
    re.MULTILINE,
)


def dateline_date(text: str, published: Published | None = None) -> Published | None:
    """The day a wire dateline gives, its year from the dateline or a coarser publication date."""
    found = _DATELINE.search(text[:800])
    if not found:
        return None
    month, day = MONTHS[found.group(1).lower()], int(found.group(2))
    if found.group(3):
        return _make(int(found.group(3)), month, day)
    if published is None or published.precision == "day":
        return None
    if published.precision == "month" and int(published.value[5:7]) != month:
        return None
    return _make(int(published.value[:4]), month, day)


def parse_date(text: str, order: str | None = None, settled: bool = False) -> Published | None:
    """The first date in ``text``; ``order`` 'DMY'/'MDY' reads numeric dates, default day-first."""
    for pattern, build in _READERS:
        found = pattern.search(text)
        if found:
            result = build(found, order, settled)
            if result is not None:
                return result
    return None


def _iso(found: re.Match, _order: str | None, _settled: bool) -> Published | None:
    return _make(int(found.group(1)), int(found.group(2)), int(found.group(3)))


def _iso_month(found: re.Match, _order: str | None, _settled: bool) -> Published | None:
    year, month = int(found.group(1)), int(found.group(2))
    return Published(f"{year:04d}-{month:02d}", "month") if 1 <= month <= 12 and 1000 < year < 2200 else None


def _numeric(found: re.Match, order: str | None, settled: bool) -> Published | None:
    first, second, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
    if first > 12:
        return _make(year, second, first)
    if second > 12:
        return _make(year, first, second)
    both_valid = first != second
    dmy = order != "MDY"
    result = _make(year, second, first) if dmy else _make(year, first, second)
    if result is None:
        return None
    return Published(result.value, "day", ambiguous=both_valid and not settled)


def _day_month(found: re.Match, _order: str | None, _settled: bool) -> Published | None:
    return _make(int(found.group(3)), MONTHS[found.group(2).lower()], int(found.group(1)))


def _month_day(found: re.Match, _order: str | None, _settled: bool) -> Published | None:
    return _make(int(found.group(3)), MONTHS[found.group(1).lower()], int(found.group(2)))


def _month_year(found: re.Match, _order: str | None, _settled: bool) -> Published | None:
    year = int(found.group(2))
    return (
        Published(f"{year:04d}-{MONTHS[found.group(1).lower()]:02d}", "month") if 1000 < year < 2200 else None
    )


_READERS = (
    (_ISO, _iso),
    (_DAY_MONTH, _day_month),
    (_MONTH_DAY, _month_day),
    (_NUMERIC, _numeric),
    (_ISO_MONTH, _iso_month),
    (_MONTH_YEAR, _month_year),
)


def _make(year: int, month: int, day: int) -> Published | None:
    try:
        return Published(date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def date_from_lines(
    text: str, order: str | None = None, settled: bool = False, max_lines: int = 40
) -> Published | None:
    """A "Published …" line (its date on the same or the next line), else a date-only line at the top."""
    lines = [line.strip() for line in text[:6000].split("\n")][:max_lines]
    nonblank = [line for line in lines if line]
    for i, line in enumerate(nonblank):
        label = _LABEL.match(line)
        if not label or label.group(1).lower().endswith("updated"):
            continue
        for candidate in [label.group(2), *nonblank[i + 1 : i + 2]]:
            found = parse_date(candidate, order, settled) if candidate and len(candidate) < 80 else None
            if found:
                return found
    for line in nonblank[:8]:
        if len(line) <= 40:
            found = parse_date(line, order, settled)
            if found and len(_strip_date_words(line)) <= 3:
                return found
    return None


def _strip_date_words(line: str) -> str:
    rest = re.sub(_MONTH, "", line, flags=re.IGNORECASE)
    return re.sub(r"[\d\s,./\-–:]|st|nd|rd|th", "", rest)


def pdf_date(raw: str | None) -> Published | None:
    """PDF ``D:20251026…`` dates."""
    found = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", raw or "")
    if not found:
        return None
    year, month, day = found.group(1), found.group(2), found.group(3)
    if day:
        return _make(int(year), int(month), int(day))
    if month:
        return Published(f"{year}-{month}", "month")
    return Published(year, "year")


def html_meta_date(tree: Any) -> str | None:
    """ISO date from ``<meta>`` publication tags, JSON-LD ``datePublished`` or ``<time pubdate>``."""
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in _META_NAMES and meta.get("content"):
            found = parse_date(meta.get("content"))
            if found:
                return found.value
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        quoted = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text or "")
        stated = parse_date(quoted.group(1)) if quoted else None
        if stated:
            return stated.value
    for element in tree.xpath("//time[@pubdate or @itemprop='datePublished']"):
        found = parse_date(element.get("datetime") or element.text_content())
        if found:
            return found.value
    return None


def find_published(
    text: str,
    *,
    meta: dict[str, str] | None = None,
    source: str = "",
    html_date: str | None = None,
    pdf_raw_date: str | None = None,
) -> Published | None:
    """The publication date from the document's own metadata and text, else None."""
    meta = meta or {}
    from_text = numeric_date_order(text)
    order = from_text or source_order(source, meta)
    settled = from_text is not None
    found = _stated(text, meta, order, settled, html_date) or pdf_date(pdf_raw_date)
    if found is None or found.precision != "day":
        return dateline_date(text, found) or found  # "HANOI, March 3 (Reuters) -" places the day
    return found


def _stated(
    text: str, meta: dict[str, str], order: str | None, settled: bool, html_date: str | None
) -> Published | None:
    if meta.get("published"):
        found = parse_date(meta["published"], order, settled)
        if found:
            return found
    if html_date:
        found = parse_date(html_date)
        if found:
            return found
    return date_from_lines(text, order, settled)
