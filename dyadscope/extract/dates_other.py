"""Dates in languages other than English and Vietnamese: dateparser restricted to the document language.

dateparser finds full dates ("12 juillet 1995", "23 de mayo de 2016"); the project's own rules then
cover what it leaves (years, relative dates). Bare numbers that dateparser would guess at are skipped.
"""

from __future__ import annotations

import re

from .dates import Context, DateMention, find_dates, overlaps, to_date


def find_dates_other_language(text: str, language: str, ctx: Context | None = None) -> list[DateMention]:
    """Dates in a non-English text: dateparser restricted to ``language``, then our rules for the rest."""
    ctx = ctx or Context()
    own = find_dates(text, ctx)
    if language in ("en", "vi"):
        return own
    found = _dateparser_dates(text, language, ctx)
    taken = [(d.start, d.end) for d in found]
    return sorted(found + [d for d in own if not overlaps((d.start, d.end), taken)], key=lambda d: d.start)


def _dateparser_dates(text: str, language: str, ctx: Context) -> list[DateMention]:
    try:
        from dateparser.search import search_dates
    except ImportError:  # pragma: no cover - dateparser is a declared dependency
        return []
    ref = to_date(ctx.published)
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if ref:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(ref[0].year, ref[0].month, ref[0].day)
    try:
        hits = search_dates(text, languages=[language], settings=settings) or []
    except (ValueError, KeyError, TypeError):  # unsupported language code: our own rules only
        return []
    out, pos = [], 0
    for phrase, when in hits:
        start = text.find(phrase, pos)
        if start < 0 or not re.search(r"(?:19|20)\d\d", phrase):
            continue  # only full dates with a year: dateparser's guesses from bare numbers are unreliable
        pos = start + len(phrase)
        numbers = re.findall(r"\d+", phrase)
        has_year = any(len(n) == 4 for n in numbers)
        has_day = any(len(n) <= 2 for n in numbers)
        precision = (
            "day" if has_day else "month" if has_year and re.search(r"[^\W\d_]{3,}", phrase) else "year"
        )
        value = when.date().isoformat()
        value = value if precision == "day" else value[:7] if precision == "month" else value[:4]
        out.append(DateMention(start, pos, value, precision, uncertain=ref is None and not has_year))
    return out
