"""Levels of the -9..+9 relationship scale (Tsinghua IIR bands) and their low/mid/high thirds."""

from __future__ import annotations

import math

# (lower bound, name): each band is 3 points wide; the top band includes +9.
BANDS: tuple[tuple[float, str], ...] = (
    (-9.0, "confrontational"),
    (-6.0, "tense"),
    (-3.0, "discord"),
    (0.0, "normal"),
    (3.0, "good"),
    (6.0, "friendly"),
)
THIRDS = ("low", "mid", "high")
ORDER = tuple(name for _, name in BANDS)


def band(score: float) -> str:
    """The band name of ``score``: ``4.2`` -> ``"good"``; NaN -> ``"unknown"``."""
    if score is None or math.isnan(score):
        return "unknown"
    clipped = min(max(score, -9.0), 9.0)
    index = min(int((clipped + 9.0) // 3.0), len(BANDS) - 1)
    return BANDS[index][1]


def level(score: float) -> str:
    """Band plus third: ``4.2`` -> ``"good (mid)"``, ``-7.5`` -> ``"confrontational (mid)"``."""
    if score is None or math.isnan(score):
        return "unknown"
    clipped = min(max(score, -9.0), 9.0)
    index = min(int((clipped + 9.0) // 3.0), len(BANDS) - 1)
    offset = clipped - BANDS[index][0]
    third = THIRDS[min(int(offset // 1.0), 2)]
    return f"{BANDS[index][1]} ({third})"


def at_least(score: float, name: str) -> bool:
    """True when ``score`` is in band ``name`` or a higher one."""
    return ORDER.index(band(score)) >= ORDER.index(name) if band(score) != "unknown" else False
