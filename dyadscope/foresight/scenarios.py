"""Scenarios as data: YAML files of assumed future events and indicator shocks, validated on load.

A scenario lists *shocks*: each an event (CAMEO code or Goldstein value, dimension, salience) or an
indicator observation (name, value), with a probability of happening at all, a timing window in
months ahead, an optional dependence on another shock (``after``) and a magnitude distribution.
``background`` says how ordinary months are drawn (bootstrapped from the dyad's recent history).
Every scenario runs on top of the baseline's background. Problems raise ProfileError [E602] naming
the file and the field.

Lookup for a name (not a path): ``$DYADSCOPE_SCENARIOS`` (dirs joined with ``os.pathsep``),
``./scenarios``, then the scenarios shipped in ``dyadscope/scenarios/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..dyads import Dyad, parse_dyad
from ..errors import DyadscopeError, Errors, ProfileError
from ..schema import Dimension

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "scenarios"
BASELINE_ID = "baseline"
MAX_BYTES = 1_000_000  # a scenario is a page of YAML; anything larger is a mistake or an attack


class _Model(BaseModel):
    # allow_inf_nan=False: a magnitude of .inf or .nan would silently equal the baseline
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Magnitude(_Model):
    """A distribution to sample from: fixed, uniform, triangular or normal (clipped to low/high if set)."""

    distribution: Literal["fixed", "uniform", "triangular", "normal"] = "fixed"
    value: float | None = None
    low: float | None = None
    mode: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _complete(self) -> Magnitude:
        need = {
            "fixed": ("value",),
            "uniform": ("low", "high"),
            "triangular": ("low", "mode", "high"),
            "normal": ("mean", "sd"),
        }[self.distribution]
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a {self.distribution} magnitude needs {', '.join(missing)}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        if self.distribution == "triangular" and not (self.low <= self.mode <= self.high):  # type: ignore[operator]
            raise ValueError(f"mode ({self.mode}) must lie between low and high")
        return self

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.distribution == "fixed":
            return np.full(n, float(self.value))  # type: ignore[arg-type]
        if self.distribution == "uniform":
            return rng.uniform(self.low, self.high, n)  # type: ignore[arg-type]
        if self.distribution == "triangular":
            if self.low == self.high:
                return np.full(n, float(self.low))  # type: ignore[arg-type]
            return rng.triangular(self.low, self.mode, self.high, n)  # type: ignore[arg-type]
        draws = rng.normal(self.mean, self.sd, n)  # type: ignore[arg-type]
        return np.clip(
            draws,
            self.low if self.low is not None else -np.inf,
            self.high if self.high is not None else np.inf,
        )

    def support(self) -> tuple[float, float]:
        """The range the samples fall in (normal without bounds: mean ± 4 sd)."""
        if self.distribution == "fixed":
            return float(self.value), float(self.value)  # type: ignore[arg-type]
        if self.distribution == "normal":
            low = self.low if self.low is not None else self.mean - 4 * self.sd  # type: ignore[operator]
            high = self.high if self.high is not None else self.mean + 4 * self.sd  # type: ignore[operator]
            return float(low), float(high)
        return float(self.low), float(self.high)  # type: ignore[arg-type]


def _magnitude(value: Any) -> Any:
    return {"value": value} if isinstance(value, int | float) and not isinstance(value, bool) else value


class After(_Model):
    """Dependence: happens only if ``shock`` happened, ``lag`` months later (drawn uniformly)."""

    shock: str
    lag: tuple[int, int] = (0, 0)


class Shock(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    kind: Literal["event", "indicator"] = "event"
    probability: float = Field(1.0, ge=0.0, le=1.0)
    window: tuple[int, int] = (1, 1)
    after: After | None = None
    # events
    cameo: str | None = None
    goldstein: float | None = Field(None, ge=-10.0, le=10.0)
    dimension: Dimension | None = None
    leader: bool = False
    joint: bool = False
    magnitude: Magnitude = Magnitude(value=1.0)
    # indicators
    name: str | None = None
    value: Magnitude | None = None
    reporter: str | None = None
    partner: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _numbers_as_fixed(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for key in ("magnitude", "value"):
                if key in data:
                    data[key] = _magnitude(data[key])
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Shock:
        first, last = self.window
        if not 1 <= first <= last:
            raise ValueError(
                f"shock {self.id!r}: window [{first}, {last}] must be months ahead, 1 <= first <= last"
            )
        if self.after is not None and not 0 <= self.after.lag[0] <= self.after.lag[1]:
            raise ValueError(f"shock {self.id!r}: after.lag must be [min, max] with 0 <= min <= max")
        if self.kind == "event":
            return self._resolve_event()
        if not self.name or self.value is None:
            raise ValueError(f"indicator shock {self.id!r} needs name and value")
        from ..assess.indicators import signal_rules

        if self.name not in signal_rules():
            raise ValueError(
                f"indicator shock {self.id!r}: {self.name!r} does not enter the scores "
                f"(known: {', '.join(sorted(signal_rules()))})"
            )
        return self

    def _resolve_event(self) -> Shock:
        if self.cameo is not None:
            from ..ontology import cameo

            try:
                code = cameo.lookup(str(self.cameo))
            except DyadscopeError as exc:
                raise ValueError(f"shock {self.id!r}: {exc.message}") from exc
            updates = {
                "goldstein": self.goldstein if self.goldstein is not None else code.goldstein,
                "dimension": self.dimension or code.dimension,
            }
            object.__setattr__(self, "goldstein", updates["goldstein"])
            object.__setattr__(self, "dimension", updates["dimension"])
        if self.goldstein is None or self.dimension is None:
            raise ValueError(f"event shock {self.id!r} needs a cameo code, or goldstein and dimension")
        return self


class Background(_Model):
    """Ordinary months: whole past months drawn with replacement from the last ``lookback_months``."""

    method: Literal["bootstrap", "none"] = "bootstrap"
    lookback_months: int = Field(36, ge=1, le=600)
    scale: float = Field(1.0, ge=0.0, le=5.0)


class Scenario(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""
    dyad: str | None = None
    background: Background | None = None
    shocks: list[Shock] = Field(default_factory=list, max_length=200)
    direction: Literal[-1, 0, 1] | None = None  # the way its author says the events push the score
    path: str | None = None

    @model_validator(mode="after")
    def _links(self) -> Scenario:
        seen: set[str] = set()
        for shock in self.shocks:
            if shock.id in seen:
                raise ValueError(f"duplicate shock id {shock.id!r}")
            if shock.after is not None and shock.after.shock not in seen:
                raise ValueError(
                    f"shock {shock.id!r}: after.shock {shock.after.shock!r} must name an earlier shock"
                )
            seen.add(shock.id)
        if self.dyad is not None:
            parse_dyad(self.dyad)
        push = self.expected_push()
        if self.direction is not None and self.direction != int(np.sign(round(push, 9))):
            raise ValueError(
                f"direction {self.direction:+d} disagrees with its shocks, whose expected push is "
                f"{push:+.2f} (probability x Goldstein x mean magnitude, summed)"
            )
        return self

    def expected_push(self) -> float:
        """Σ over shocks of P(it happens, its ``after`` chain included) × Goldstein × mean magnitude;
        an indicator shock counts as ±1 by the sign of its rule in signals.yaml (a tariff pushes down)."""
        chance: dict[str, float] = {}
        total = 0.0
        for shock in self.shocks:
            p = shock.probability * (chance.get(shock.after.shock, 0.0) if shock.after else 1.0)
            chance[shock.id] = p
            if shock.kind == "event":
                low, high = shock.magnitude.support()
                total += p * float(shock.goldstein or 0.0) * (low + high) / 2
            else:
                from ..assess.indicators import signal_rules

                total += p * float(signal_rules()[str(shock.name)].get("sign", 1))
        return total

    def fits(self, pair: Dyad) -> bool:
        """True for a scenario written for ``pair`` (either direction) or for any dyad."""
        return self.dyad is None or set(parse_dyad(self.dyad).codes) == set(pair.codes)


def read_scenario(path: str | Path) -> Scenario:
    """Read and validate one scenario file; ProfileError [E602] naming the file and the problem."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ProfileError(Errors.E602.format(path=path, detail=f"larger than {MAX_BYTES:,} bytes"))
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(Errors.E602.format(path=path, detail=f"cannot read ({exc.strerror})")) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ProfileError(Errors.E602.format(path=path, detail="not valid YAML")) from exc
    if not isinstance(raw, dict):
        raise ProfileError(Errors.E602.format(path=path, detail="the top level must be a mapping"))
    try:
        return Scenario.model_validate({**raw, "path": str(path)})
    except ValidationError as exc:
        raise ProfileError(Errors.E602.format(path=path, detail=_describe(exc))) from exc
    except DyadscopeError as exc:
        raise ProfileError(Errors.E602.format(path=path, detail=exc.message)) from exc


def search_dirs() -> list[Path]:
    dirs = [Path(p) for p in os.environ.get("DYADSCOPE_SCENARIOS", "").split(os.pathsep) if p]
    return [*dirs, Path.cwd() / "scenarios", PACKAGE_DIR]


def available(pair: Dyad | None = None) -> list[Scenario]:
    """Every scenario found (first file per id wins), for ``pair`` when given; baseline first."""
    found: dict[str, Scenario] = {}
    for folder in search_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            scenario = read_scenario(path)
            found.setdefault(scenario.id, scenario)
    chosen = [s for s in found.values() if pair is None or s.fits(pair)]
    return sorted(chosen, key=lambda s: (s.id != BASELINE_ID, s.id))


def baseline() -> Scenario:
    return next(s for s in available() if s.id == BASELINE_ID)


def load_scenarios(specs: list[str | Path] | None, pair: Dyad) -> list[Scenario]:
    """The baseline plus the scenarios asked for (paths or ids); ``None``: every one fitting ``pair``."""
    if specs is None:
        return available(pair)
    by_id = {s.id: s for s in available()}
    chosen = [by_id[BASELINE_ID]]
    for spec in specs:
        path = Path(spec)
        if path.suffix.lower() in (".yaml", ".yml") or path.exists():
            scenario = read_scenario(path)
        elif str(spec) in by_id:
            scenario = by_id[str(spec)]
        else:
            detail = f"no such file or scenario id (known ids: {', '.join(sorted(by_id))})"
            raise ProfileError(Errors.E602.format(path=spec, detail=detail))
        if not scenario.fits(pair):
            detail = f"written for {scenario.dyad}, not {pair}"
            raise ProfileError(Errors.E602.format(path=scenario.path or spec, detail=detail))
        if scenario.id not in {s.id for s in chosen}:
            chosen.append(scenario)
    return chosen


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err["loc"]) or "scenario"
        parts.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)
