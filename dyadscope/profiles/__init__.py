"""Dyad profiles as data: ``<A>-<B>.yaml`` files read into a validated :class:`Profile`.

A profile holds what the assessment needs to know about one pair of countries and nothing in
Python does: the framework ladder with dates (and the baseline score R* of each rung), the factors
(drivers and constraints) with the patterns that evidence them, third parties, leader tenures.

Lookup order for ``load_profile(dyad)``: ``$DYADSCOPE_PROFILES`` (a directory, or several joined
with ``os.pathsep``), then ``./profiles``, then the profiles shipped in this package. Either
direction of the pair matches (``VNM-USA`` finds ``USA-VNM.yaml``). A dyad without a profile gets
``None``; the assessment then runs on :func:`default_profile`.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..dyads import Dyad, parse_dyad
from ..errors import Errors, ProfileError
from ..schema import DIMENSIONS, Dimension

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULTS_FILE = PACKAGE_DIR / "defaults.yaml"
NAME = re.compile(r"^([A-Z]{2,8})-([A-Z]{2,8})\.ya?ml$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrameworkStep(NamedTuple):
    """One dated step of the framework history: ``(date, level)``."""

    date: str
    level: str


class Rung(_Model):
    """One level of the framework ladder and the structural baseline score R* it sets."""

    id: str
    label: str
    baseline: float = Field(ge=-9, le=9)


class Factor(_Model):
    """An interest (driver) or a constraint, with the sentence patterns that evidence it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    stance: Literal["driver", "constraint"]
    dimension: Dimension
    direction: Literal[1, -1]
    weight: float = Field(1.0, gt=0, le=5)
    patterns: list[str] = Field(min_length=1)
    description: str = ""
    indicators: list[str] = Field(default_factory=list, description="indicator names that evidence it")

    @field_validator("patterns")
    @classmethod
    def _compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a valid regular expression ({exc})") from exc
        return patterns

    @model_validator(mode="after")
    def _stance_matches_direction(self) -> Factor:
        if (self.stance == "driver") != (self.direction == 1):
            raise ValueError(f"factor {self.id!r}: a driver has direction +1 and a constraint -1")
        return self

    def matches(self, text: str) -> bool:
        """True when one of the factor's patterns occurs in ``text`` (case-insensitive)."""
        return any(_regex(p).search(text or "") for p in self.patterns)


class Leader(_Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str
    title: str
    start: str
    end: str | None = None

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is not None and not ISO_DATE.match(str(value)):
            raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    def in_office(self, date: str) -> bool:
        """True when ``date`` (ISO, any precision) falls within the tenure (prefix comparison)."""
        n = len(date)
        return self.start[:n] <= date and (self.end is None or date <= self.end[:n])


class ThirdParty(_Model):
    code: str
    relevance: str = ""
    for_country: str | None = Field(None, description="whose calculus the third party weighs on")


class Profile(_Model):
    """A validated dyad profile. ``path`` is the file it came from (None for defaults)."""

    dyad: str
    name: str = ""
    summary: str = ""
    ladder: list[Rung]
    framework: list[FrameworkStep] = Field(default_factory=list)
    initial_level: str = "normalized"
    factors: list[Factor] = Field(default_factory=list)
    third_parties: list[ThirdParty] = Field(default_factory=list)
    leaders: list[Leader] = Field(default_factory=list)
    dimension_weights: dict[str, float] = Field(default_factory=dict)
    dimension_offsets: dict[str, float] = Field(default_factory=dict)
    path: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        rungs = {r.id for r in self.ladder}
        for step in self.framework:
            if step.level not in rungs:
                known = ", ".join(sorted(rungs))
                raise ValueError(f"framework level {step.level!r} is not on the ladder ({known})")
            if not ISO_DATE.match(step.date):
                raise ValueError(f"framework date {step.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if self.initial_level not in rungs:
            raise ValueError(f"initial_level {self.initial_level!r} is not on the ladder")
        if [s.date for s in self.framework] != sorted(s.date for s in self.framework):
            raise ValueError("framework steps must be in date order")
        ids = [f.id for f in self.factors]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate factor ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        for key in list(self.dimension_weights) + list(self.dimension_offsets):
            if key not in DIMENSIONS:
                raise ValueError(f"unknown dimension {key!r}; use one of {', '.join(DIMENSIONS)}")
        return self

    @property
    def pair(self) -> Dyad:
        return parse_dyad(self.dyad)

    @property
    def drivers(self) -> list[Factor]:
        return [f for f in self.factors if f.stance == "driver"]

    @property
    def constraints(self) -> list[Factor]:
        return [f for f in self.factors if f.stance == "constraint"]

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.factors if f.id == factor_id), None)

    def rung(self, level: str) -> Rung:
        return next(r for r in self.ladder if r.id == level)

    def level_at(self, month: str) -> str:
        """Framework level in force in ``month`` (YYYY-MM): the last step dated on or before it."""
        level = self.initial_level
        for step in self.framework:
            if step.date[:7] <= month:
                level = step.level
        return level

    def baseline_at(self, month: str) -> float:
        """Structural baseline R* in ``month``, from the framework ladder."""
        return self.rung(self.level_at(month)).baseline

    def leaders_of(self, country: str, date: str | None = None) -> list[Leader]:
        found = [x for x in self.leaders if x.country == country]
        return [x for x in found if x.in_office(date)] if date else found


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def defaults() -> dict[str, Any]:
    """The shipped defaults: ladder, dimension weights, initial level (``defaults.yaml``)."""
    return _read_yaml(DEFAULTS_FILE)


def search_dirs() -> list[Path]:
    """Profile directories in lookup order: ``$DYADSCOPE_PROFILES``, ``./profiles``, the package."""
    dirs = [Path(p) for p in os.environ.get("DYADSCOPE_PROFILES", "").split(os.pathsep) if p]
    dirs.append(Path.cwd() / "profiles")
    dirs.append(PACKAGE_DIR)
    return dirs


def find_profile_path(dyad: Dyad | str | tuple[str, str]) -> Path | None:
    """Path of the profile for ``dyad`` (either direction), or None."""
    pair = parse_dyad(dyad)
    names = [f"{pair.a}-{pair.b}", f"{pair.b}-{pair.a}"]
    for folder in search_dirs():
        for name in names:
            for suffix in (".yaml", ".yml"):
                path = folder / f"{name}{suffix}"
                if path.is_file():
                    return path
    return None


def load_profile(dyad: Dyad | str | tuple[str, str]) -> Profile | None:
    """The validated profile for ``dyad`` (either direction), or None when there is none."""
    path = find_profile_path(dyad)
    return None if path is None else read_profile(path)


def read_profile(path: str | Path) -> Profile:
    """Read and validate one profile file; ProfileError (E601) naming the file and the problem."""
    path = Path(path)
    stat = path.stat()
    return _read_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_cached(path: str, _mtime: int, _size: int) -> Profile:
    raw = _read_yaml(Path(path))
    if not isinstance(raw, dict):
        raise ProfileError(Errors.E601.format(path=path, detail="the top level must be a mapping"))
    data = _with_defaults(raw, path)
    data["path"] = path
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(Errors.E601.format(path=path, detail=_describe(exc))) from exc
    match = NAME.match(Path(path).name)
    if match and {match.group(1), match.group(2)} != set(profile.pair.codes):
        detail = f"the file name says {match.group(1)}-{match.group(2)} but dyad is {profile.dyad}"
        raise ProfileError(Errors.E601.format(path=path, detail=detail))
    return profile


def _with_defaults(raw: dict[str, Any], path: str) -> dict[str, Any]:
    data = dict(raw)
    base = defaults()
    data.setdefault("ladder", base["ladder"])
    data.setdefault("initial_level", base["initial_level"])
    try:
        steps = data.get("framework") or []
        data["framework"] = [FrameworkStep(str(s["date"]), str(s["level"])) for s in steps]
    except (TypeError, KeyError) as exc:
        detail = "framework must be a list of {date, level} mappings"
        raise ProfileError(Errors.E601.format(path=path, detail=detail)) from exc
    # YAML reads 2024-07-19 as a date: keep every date a string so comparisons stay textual.
    data["leaders"] = [_dates_as_text(x) for x in data.get("leaders") or []]
    return data


def _dates_as_text(leader: Any) -> Any:
    if not isinstance(leader, dict):
        return leader
    return {**leader, **{k: str(leader[k]) for k in ("start", "end") if leader.get(k) is not None}}


def default_profile(dyad: Dyad | str | tuple[str, str]) -> Profile:
    """The profile used for a dyad without a file: default ladder, no factors, no framework history."""
    pair = parse_dyad(dyad)
    base = defaults()
    return Profile(
        dyad=str(pair),
        name=f"{pair} (defaults)",
        ladder=base["ladder"],
        initial_level=base["initial_level"],
        dimension_weights=base["dimension_weights"],
    )


def profile_or_default(dyad: Dyad | str | tuple[str, str]) -> Profile:
    return load_profile(dyad) or default_profile(dyad)


def list_profiles() -> list[dict[str, Any]]:
    """Every profile file found (first one wins per pair), with its dyad, path and factor counts."""
    seen: dict[frozenset[str], dict[str, Any]] = {}
    for folder in search_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            match = NAME.match(path.name)
            if not match or frozenset(match.groups()) in seen:
                continue
            profile = read_profile(path)
            seen[frozenset(match.groups())] = {
                "dyad": profile.dyad,
                "name": profile.name,
                "path": str(path),
                "drivers": len(profile.drivers),
                "constraints": len(profile.constraints),
                "framework": profile.level_at("9999-12"),
                "leaders": len(profile.leaders),
            }
    return list(seen.values())


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise ProfileError(Errors.E601.format(path=path, detail=f"not valid YAML ({exc})")) from exc
    except OSError as exc:
        raise ProfileError(Errors.E601.format(path=path, detail=f"cannot read ({exc.strerror})")) from exc


def _describe(exc: ValidationError) -> str:
    """Pydantic's errors as one line: ``factors.3.stance: Input should be 'driver' or 'constraint'``."""
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err["loc"]) or "profile"
        parts.append(f"{where}: {err['msg']}")
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


__all__ = [
    "Factor",
    "FrameworkStep",
    "Leader",
    "Profile",
    "Rung",
    "ThirdParty",
    "default_profile",
    "defaults",
    "find_profile_path",
    "list_profiles",
    "load_profile",
    "profile_or_default",
    "read_profile",
    "search_dirs",
]
