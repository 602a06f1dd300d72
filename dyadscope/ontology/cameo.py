"""CAMEO event codes as data: label, Goldstein value, QuadClass, root, default dimension, PLOVER type.

The table lives in ``cameo.csv`` (public facts from the CAMEO codebook and GDELT's Goldstein lookup).
Codes are TEXT with their leading zeros: ``"010"`` (make statement) is not ``"10"`` (demand).
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import pandas as pd

from ..errors import Errors, InputError, ProfileError
from ..schema import DIMENSIONS
from . import ONTOLOGY_DIR

CAMEO_PATH = ONTOLOGY_DIR / "cameo.csv"
_CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)\d{0,2}$")
QUAD_CLASSES = {
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code and the facts attached to it."""

    code: str
    label: str
    goldstein: float
    quad_class: int
    root: str
    dimension: str
    plover: str | None


def _parse_row(row: dict[str, str], line: int) -> CameoCode:
    """One CSV row -> CameoCode, checking every field (E603 names the line)."""
    try:
        code = row["code"].strip()
        item = CameoCode(
            code=code,
            label=row["label"].strip(),
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            root=row["root"].strip(),
            dimension=row["dimension"].strip(),
            plover=(row.get("plover") or "").strip() or None,
        )
    except (KeyError, ValueError, AttributeError) as exc:
        raise ProfileError(Errors.E603.format(path=CAMEO_PATH, detail=f"line {line}: {exc}")) from exc
    problems = []
    if not _CODE_RE.match(code) or not code.startswith(item.root):
        problems.append(f"bad code {code!r} for root {item.root!r}")
    if not -10.0 <= item.goldstein <= 10.0:
        problems.append(f"Goldstein {item.goldstein} outside -10..10")
    if item.quad_class not in QUAD_CLASSES:
        problems.append(f"QuadClass {item.quad_class} not in 1..4")
    if item.dimension not in DIMENSIONS:
        problems.append(f"unknown dimension {item.dimension!r}")
    if problems:
        raise ProfileError(Errors.E603.format(path=CAMEO_PATH, detail=f"line {line}: " + "; ".join(problems)))
    return item


@lru_cache(maxsize=1)
def _codes() -> dict[str, CameoCode]:
    """All codes of cameo.csv, keyed by code."""
    with open(CAMEO_PATH, encoding="utf-8", newline="") as fh:
        rows = [_parse_row(row, i + 2) for i, row in enumerate(csv.DictReader(fh))]
    return {row.code: row for row in rows}


def is_valid(code: str) -> bool:
    """True when ``code`` is a CAMEO code of the table, or a 4-digit child of a known 3-digit code."""
    return get(code) is not None


def get(code: str | None) -> CameoCode | None:
    """The CameoCode for ``code`` or None; unknown 4-digit codes inherit their 3-digit parent's facts."""
    text = (code or "").strip()
    codes = _codes()
    if text in codes:
        return codes[text]
    if len(text) == 4 and text.isdigit() and text[:3] in codes:
        parent = codes[text[:3]]
        return CameoCode(
            text,
            parent.label,
            parent.goldstein,
            parent.quad_class,
            parent.root,
            parent.dimension,
            parent.plover,
        )
    return None


def lookup(code: str) -> CameoCode:
    """The CameoCode for ``code``; InputError (E411) for codes that are not CAMEO, e.g. ``13y``."""
    found = get(code)
    if found is None:
        raise InputError(Errors.E411.format(code=code))
    return found


def roots() -> list[CameoCode]:
    """The 20 root categories, 01 to 20."""
    return [c for c in _codes().values() if len(c.code) == 2]


def table() -> pd.DataFrame:
    """One row per code with columns code, label, goldstein, quad_class, root, dimension, plover."""
    frame = pd.DataFrame([asdict(c) for c in _codes().values()])
    return frame.astype({"code": "string", "root": "string"})
