"""Jinja filters shared by the report and the dashboard: numbers, money, scores, levels, labels."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from jinja2 import Environment, Undefined

from .data import DIMENSION_LABELS, LEVEL_BANDS
from .svg import sparkline

UNIT_WORDS = {"USD": "$", "EUR": "€"}


def missing(value: Any) -> bool:
    if value is None or isinstance(value, Undefined):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean(value: Any) -> Any:
    """JSON-safe copy: NaN/NaT -> None, numpy scalars -> Python, recursively."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NaT:
        return None
    return value


def score(value: Any, digits: int = 2) -> str:
    return "–" if missing(value) else f"{float(value):+.{digits}f}"


def number(value: Any, digits: int = 0) -> str:
    if missing(value):
        return "–"
    return f"{float(value):,.{digits}f}"


def money(value: Any, unit: str | None = "USD") -> str:
    """150000000000 USD -> "$150.0 billion"; other units are printed after the number."""
    if missing(value):
        return "–"
    v = float(value)
    prefix = UNIT_WORDS.get(unit or "", "")
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            text = f"{v / size:,.1f} {word}"
            break
    else:
        text = f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"
    if prefix:
        return ("−" if v < 0 else "") + prefix + text.lstrip("-")
    return f"{text} {unit}" if unit and unit not in ("count", "") else text


def indicator_value(value: Any, unit: str | None) -> str:
    if unit in ("USD", "EUR"):
        return money(value, unit)
    if unit in ("percent", "%"):
        return "–" if missing(value) else f"{float(value):g} %"
    if unit in ("share",):
        return "–" if missing(value) else f"{float(value):.2f}"
    return money(value, unit)


def level_colour(level: Any) -> str:
    name = str(level or "").split(" ")[0]
    return next((colour for band, _, _, colour in LEVEL_BANDS if band == name), "#cccccc")


def level_text_colour(level: Any) -> str:
    """White only on the two dark bands; "good" (#67a9cf) gives white text 2.6:1, dark text 6.7:1."""
    name = str(level or "").split(" ")[0]
    return "#ffffff" if name in ("confrontational", "friendly") else "#1b1b1b"


def dimension_label(name: Any) -> str:
    return DIMENSION_LABELS.get(str(name), str(name).replace("_", " ").capitalize())


def headless(text: Any, title: Any = None) -> str:
    """A cited sentence without the document's headline glued to its start (sentence splitters keep a
    title line with the first sentence; rendered as HTML the line break vanishes and they run together)."""
    value = "" if text is None or missing(text) else str(text)
    if isinstance(title, str) and title and value.startswith(title) and len(value) > len(title):
        return value[len(title) :].lstrip(" \n\r\t:—-")
    return value


def publisher(doc: Any) -> str:
    """Who published a document: its front-matter/page ``publisher``, else a URL's host; never a
    server file path (that says where the file sat, not who wrote it)."""
    get = doc.get if isinstance(doc, dict) else (lambda k, d=None: getattr(doc, k, d))
    name = get("publisher")
    if isinstance(name, str) and name.strip():
        return name.strip()
    source = str(get("source") or "")
    if source.startswith(("http://", "https://")):
        return source.split("/")[2].removeprefix("www.")
    return "publisher not stated"


def short_id(value: Any) -> str:
    return str(value or "")[:12]


def install(env: Environment) -> None:
    env.filters.update(
        score=score,
        number=number,
        money=money,
        indicator_value=indicator_value,
        level_colour=level_colour,
        level_text_colour=level_text_colour,
        dimension_label=dimension_label,
        short_id=short_id,
        headless=headless,
        publisher=publisher,
        missing=missing,
        sparkline=lambda values: sparkline(list(values or [])),
    )
    env.tests["missing"] = missing
