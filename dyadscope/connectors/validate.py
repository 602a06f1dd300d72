"""Checks shared by the bulk imports (CSV, UN votes, GDELT): periods, numbers, names and pairs.

A row that fails one raises ValueError naming the field; the importer quarantines it with its line
number, so one bad row never poisons a dyad (a period of 9999 made it "current" until 9999).

- Periods use ASCII digits only ("٢٠٢٤" is refused), start no earlier than 1900 and no later than
  the import's run date (UTC): a figure cannot describe a period that has not begun.
- Numbers are read in the decimal convention the mapping declares (``decimal='.'``, the default, or
  ``decimal=','``); a number that does not fit it ("1.234,5" with ``.``) is refused, never guessed.
- Indicator names must be in ``ontology/indicators.yaml``; counts, ranks and rates (tariffs) must not
  be negative, ranks start at 1; the reporter and the partner must differ.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import yaml

from ..ontology import ONTOLOGY_DIR

FIRST_YEAR = 1900
PERIOD = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?", re.ASCII)
NON_NEGATIVE = ("count", "rank", "rate")
DECIMALS = (".", ",")
# One pattern per decimal mark: digits grouped by the other mark (or a space, thin space, _ or ')
# in threes, or not grouped at all; an optional fraction and exponent.
_GROUP = {".": "[,\u202f '_]", ",": "[.\u202f '_]"}
_NUMBER = {
    mark: re.compile(
        rf"[-+]?(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{re.escape(mark)}\d+)?(?:[eE][-+]?\d+)?", re.ASCII
    )
    for mark, group in _GROUP.items()
}


def run_date() -> date:
    """Today in UTC: the latest date an imported period or event may start on."""
    return datetime.now(UTC).date()


def check_period(text: str, *, latest: date | None = None) -> str:
    """YYYY, YYYY-MM or YYYY-Qn from 1900 up to ``latest`` (default: today, UTC); else ValueError."""
    found = PERIOD.fullmatch(text)
    if not found:
        raise ValueError(f"period {text!r} is not YYYY, YYYY-MM or YYYY-Qn")
    year, month, quarter = found.groups()
    start = date(int(year), int(month or 1) if not quarter else 3 * int(quarter) - 2, 1)
    if start.year < FIRST_YEAR or start > (latest or run_date()):
        raise ValueError(f"period {text!r} is before {FIRST_YEAR} or after the import date")
    return text


def check_decimal(mark: str) -> str:
    if mark not in DECIMALS:
        raise ValueError(f"decimal mark {mark!r} is not '.' or ','")
    return mark


def parse_number(text: str, decimal: str = ".") -> float:
    """'1,234.5' -> 1234.5 ('.' decimal), '1.234,5' -> 1234.5 (',' decimal), '(12)' -> -12.0.

    ValueError for anything else: a number in the other convention, NaN, infinities, non-ASCII digits.
    """
    cleaned = text.strip()
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1].strip()
    if not _NUMBER[decimal].fullmatch(cleaned):
        raise ValueError(text)
    digits = re.sub(_GROUP[decimal], "", cleaned).replace(decimal, ".")
    value = float(digits)
    return -value if negative else value


@lru_cache(maxsize=1)
def known_indicators() -> dict[str, dict[str, Any]]:
    """Indicator name -> its entry in ``ontology/indicators.yaml`` (unit, measure, kind)."""
    with open(ONTOLOGY_DIR / "indicators.yaml", encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh)["indicators"])


def check_indicator(name: str, value: float, measure: str | None) -> None:
    """ValueError for a name not in the vocabulary or a value its measure cannot take."""
    entry = known_indicators().get(name)
    if entry is None:
        raise ValueError(
            f"unknown indicator name {name[:60]!r}; use a name from dyadscope/ontology/indicators.yaml"
        )
    kind = measure or entry.get("measure") or "flow"
    if kind in NON_NEGATIVE and value < (1 if kind == "rank" else 0):
        raise ValueError(f"{name} is a {kind} and cannot be {value:g}")


def check_pair(reporter: str | None, partner: str | None) -> None:
    if reporter and reporter == partner:
        raise ValueError(f"reporter and partner are the same country ({reporter})")
