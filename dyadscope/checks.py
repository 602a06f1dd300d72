"""Checks of the numbers and dates a user passes as options, made once at the API edge.

A NaN timeout, a negative seed or an ``--as-of x`` must fail here with a coded error (E607, E409),
never deep in numpy, httpx or a date parser as an unexpected exception. The CLI and the web API go
through the same :class:`dyadscope.Database` methods, so both get the same checks.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from .errors import Errors, InputError

ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)  # ASCII: no "٢٠٢٤"
MAX_SEED = 2**63 - 1


def check_int(name: str, value: Any, low: int, high: int) -> int:
    """``value`` as an int in [low, high], else E607."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InputError(Errors.E607.format(name=name, low=low, high=high, value=_shown(value)))
    return value


def check_float(name: str, value: Any, low: float, high: float) -> float:
    """``value`` as a finite float in [low, high] (NaN and infinities refused), else E607."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number) or not low <= number <= high:
        raise InputError(Errors.E607.format(name=name, low=low, high=high, value=_shown(value)))
    return number


def check_iso_date(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits naming a real date from year 1900 on, else E409."""
    if value is None:
        return None
    found = ISO_DATE.fullmatch(str(value).strip())
    try:
        if not found:
            raise ValueError(value)
        year, month, day = (int(g) if g else 1 for g in found.groups())
        date(year, month, day)
        if year < 1900:
            raise ValueError(value)
    except ValueError:
        raise InputError(Errors.E409.format(text=str(value)[:40]) + f" ({name})") from None
    return found.group(0)


def _shown(value: Any) -> str:
    """The value as echoed in a message: short and printable (a CLI user typed it; the web never echoes)."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text[:40] + ("…" if len(text) > 40 else "")


# option -> (kind, low, high): the bounds of the numeric options of ingest, import and fetch
BOUNDS: dict[str, tuple[type, float, float]] = {
    "max_bytes": (int, 1, 10**13),
    "timeout": (float, 0.001, 86_400.0),
    "parse_timeout": (float, 0.001, 86_400.0),
    "backoff": (float, 0.0, 3_600.0),
    "attempts": (int, 1, 100),
    "batch_size": (int, 1, 10_000_000),
    "memory_mb": (int, 16, 1_000_000),
}


def check_options(options: dict[str, Any]) -> None:
    """Check in place every bounded numeric option present in ``options`` (E607 on the first bad one)."""
    for name, (kind, low, high) in BOUNDS.items():
        if name not in options or options[name] is None:
            continue
        if kind is int:
            options[name] = check_int(name, options[name], int(low), int(high))
        else:
            options[name] = check_float(name, options[name], low, high)
