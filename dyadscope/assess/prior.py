"""Structural facts for any pair (alliances, frameworks, sanctions, wars) and the prior level they set.

The facts are data: ``dyadscope/ontology/structural/facts.csv`` (one row per fact: dyad, kind, level,
start, end, label, source, url) and ``kinds.yaml`` (the value of each kind and framework level). Both
are validated on load; a bad row raises ProfileError E603 naming the file, the row and the field. A user
adds facts in ``$DYADSCOPE_STRUCTURAL`` (a CSV with the same columns; its rows are added to the shipped
ones).

In month t the facts in force give the prior P_t = (highest positive value, else 0) + (lowest negative
value, else 0), clipped to -9..+9, with weight ``prior_weight`` (in months of evidence); a dyad with no
fact at all has P = 0 with the smaller weight ``prior_weight_none`` and a wider interval.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from ..dyads import Dyad
from ..errors import Errors, ProfileError
from ..profiles import Profile

STRUCTURAL_DIR = Path(__file__).resolve().parents[1] / "ontology" / "structural"
FACTS_FILE = STRUCTURAL_DIR / "facts.csv"
KINDS_FILE = STRUCTURAL_DIR / "kinds.yaml"
COLUMNS = ("dyad", "kind", "level", "start", "end", "label", "source", "url")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DYAD = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")


@dataclass(frozen=True)
class Fact:
    """One structural fact about a pair, with the value it sets and its public source."""

    dyad: str
    kind: str
    level: str | None
    start: str
    end: str | None
    label: str
    source: str
    url: str
    value: float

    def in_force(self, month: str) -> bool:
        """True when the fact holds in ``month`` (YYYY-MM): start month <= month <= end month."""
        return self.start[:7] <= month and (self.end is None or month <= self.end[:7])


@lru_cache(maxsize=1)
def kinds() -> dict:
    """``kinds.yaml``: {"kinds": {kind: {value, reading}}, "frameworks": {level: value}}."""
    try:
        with open(KINDS_FILE, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(Errors.E603.format(path=KINDS_FILE, detail=str(exc))) from exc
    if not isinstance(data, dict) or not {"kinds", "frameworks"} <= set(data):
        raise ProfileError(
            Errors.E603.format(path=KINDS_FILE, detail="needs the mappings kinds and frameworks")
        )
    return data


def read_facts(path: str | Path) -> list[Fact]:
    """Read and validate one facts CSV; ProfileError E603 names the file, row and problem."""
    path = Path(path)
    table = kinds()
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=f"cannot read ({exc.strerror})")) from exc
    facts = []
    for number, row in enumerate(rows, start=2):
        facts.append(_fact(row, table, f"{path}:{number}"))
    return facts


def _fact(row: dict, table: dict, where: str) -> Fact:
    def bad(detail: str) -> ProfileError:
        return ProfileError(Errors.E603.format(path=where, detail=detail))

    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise bad(f"missing columns {', '.join(missing)}")
    kind, level = (row["kind"] or "").strip(), (row["level"] or "").strip() or None
    dyad, start, end = row["dyad"].strip(), row["start"].strip(), (row["end"] or "").strip() or None
    if not DYAD.match(dyad):
        raise bad(f"dyad {dyad!r} is not two ISO alpha-3 codes like USA-VNM")
    if kind not in table["kinds"]:
        raise bad(f"unknown kind {kind!r}; use one of {', '.join(table['kinds'])}")
    if kind == "framework":
        if level not in table["frameworks"]:
            raise bad(f"unknown framework level {level!r}; use one of {', '.join(table['frameworks'])}")
        value = float(table["frameworks"][level])
    else:
        value = float(table["kinds"][kind]["value"])
    for name, date in (("start", start), ("end", end)):
        if date is not None and not DATE.match(date):
            raise bad(f"{name} {date!r} is not YYYY-MM-DD")
    if end is not None and end < start:
        raise bad(f"end {end} is before start {start}")
    if not row["source"].strip() or not row["url"].strip():
        raise bad("every fact needs a public source (name and URL)")
    return Fact(
        dyad, kind, level, start, end, row["label"].strip(), row["source"].strip(), row["url"].strip(), value
    )


@lru_cache(maxsize=4)
def _all_facts(extra: str) -> tuple[Fact, ...]:
    facts = read_facts(FACTS_FILE)
    for path in [p for p in extra.split(os.pathsep) if p]:
        facts += read_facts(path)
    return tuple(facts)


def all_facts() -> tuple[Fact, ...]:
    """The shipped facts plus those in ``$DYADSCOPE_STRUCTURAL`` (CSV paths joined with os.pathsep)."""
    return _all_facts(os.environ.get("DYADSCOPE_STRUCTURAL", ""))


def facts_for(pair: Dyad, profile: Profile | None = None) -> list[Fact]:
    """Facts of the pair (either order), sorted by start; a profile's framework steps fill in when the
    data has no framework row for the pair (so a user's profile still sets the partnership ladder)."""
    names = {f"{pair.a}-{pair.b}", f"{pair.b}-{pair.a}"}
    found = [f for f in all_facts() if f.dyad in names]
    if profile is not None and profile.path and not any(f.kind == "framework" for f in found):
        found += _profile_frameworks(profile)
    return sorted(found, key=lambda f: (f.start, f.kind))


def _profile_frameworks(profile: Profile) -> list[Fact]:
    steps = list(profile.framework)
    out = []
    for i, step in enumerate(steps):
        end = steps[i + 1].date if i + 1 < len(steps) else None
        rung = profile.rung(step.level)
        start = (step.date + "-01-01")[:10] if len(step.date) < 10 else step.date
        end = (end + "-01-01")[:10] if end and len(end) < 10 else end
        out.append(
            Fact(
                profile.dyad,
                "framework",
                step.level,
                start,
                end,
                rung.label,
                "profile",
                str(profile.path),
                rung.baseline,
            )
        )
    return out


def prior_series(facts: list[Fact], months: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(P_t, has_facts_t) per month: the prior level and whether any fact is in force."""
    prior = np.zeros(len(months))
    known = np.zeros(len(months), dtype=bool)
    for t, month in enumerate(months):
        values = [f.value for f in facts if f.in_force(month)]
        if not values:
            continue
        known[t] = True
        top = max([v for v in values if v > 0], default=0.0)
        low = min([v for v in values if v < 0], default=0.0)
        prior[t] = float(np.clip(top + low, -9.0, 9.0))
    return prior, known


def facts_in_force(facts: list[Fact], month: str) -> list[Fact]:
    return [f for f in facts if f.in_force(month)]
