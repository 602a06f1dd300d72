"""One pydantic schema per knowledge file, one loader, and a check across the files.

Every YAML or CSV file of knowledge shipped in the package (ontology, gazetteers, scoring signals,
findings rules, profiles, scenarios, report chapters) is named in :data:`SCHEMAS` with its schema.
:func:`load_knowledge` reads a file through its schema and fails loudly (ProfileError E603 naming the
file, the key and the problem) on a misspelt key, a wrong type or an unknown value. A new file of a kind
already known is covered by its glob; a new kind of file is one more entry in :data:`SCHEMAS`.
:func:`check_knowledge` runs every file through its schema, then checks the files against each other
(indicator names, CAMEO codes, dimensions, country codes, leaders); ``dyadscope doctor`` shows it.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import Errors, ProfileError
from ..schema import DIMENSIONS
from . import cameo

PACKAGE = Path(__file__).resolve().parent.parent
Dimension = Literal["diplomatic", "security", "economic", "human_rights", "people", "legacy"]
CameoCode = str  # checked against cameo.csv by the cross-file check
TRANSFORMS = ("growth", "deficit_share", "tariff", "rank", "presence")


class Strict(BaseModel):
    """A mapping whose keys are all known: a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _regexes(values: list[str]) -> list[str]:
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"bad regular expression {value!r}: {exc}") from None
    return values


Regexes = list[str]


# --- ontology/*.yaml -------------------------------------------------------------------------------
class ClaimCues(Strict):
    kinds: dict[Literal["constraint", "risk", "perception", "interest", "driver"], Regexes]
    constraint_kinds: list[str]

    _check = field_validator("kinds")(lambda v: {k: _regexes(x) for k, x in v.items()})


class DimensionCues(Strict):
    dimensions: dict[Dimension, Regexes]

    _check = field_validator("dimensions")(lambda v: {k: _regexes(x) for k, x in v.items()})


class Languages(Strict):
    rules_language: str = Field(pattern=r"^[a-z]{2,3}$")
    english_codes: list[str]
    function_words: list[str]
    min_hits: int = Field(ge=0)
    min_share: float = Field(ge=0, le=1)
    foreign_words: dict[str, list[str]]
    foreign_min_hits: int = Field(ge=0)


class PloverType(Strict):
    mode: Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
    cameo_roots: list[str]
    description: str


class Plover(Strict):
    types: dict[str, PloverType]


class StatusCues(Strict):
    negated: Regexes
    hypothetical: Regexes
    planned: Regexes
    window: int = Field(gt=0)
    negation_window: int = Field(gt=0)

    _check = field_validator("negated", "hypothetical", "planned")(_regexes)


class Signal(Strict):
    """How one indicator enters the scores (docs/methodology.md, "Indicators")."""

    dimension: Dimension
    transform: Literal["growth", "deficit_share", "tariff", "rank", "presence"]
    sign: Literal[1, -1]
    scale: float | None = Field(None, gt=0)
    level_scale: float | None = Field(None, gt=0)
    change_scale: float | None = Field(None, gt=0)
    level_share: float | None = Field(None, ge=0, le=1)
    base_rate: float | None = Field(None, ge=0)


class IndicatorSpec(Strict):
    unit: str
    measure: Literal["flow", "stock", "level", "rate", "count", "rank", "share"]
    kind: Literal["money", "percent", "count", "rank", "imported"]
    cues: Regexes = Field(default_factory=list)
    nouns: Regexes = Field(default_factory=list)
    negative_if: str | None = None
    signal: Signal | None = None  # how it is scored; or an entry in assess/signals.yaml

    _check = field_validator("cues", "nouns")(_regexes)


class Indicators(Strict):
    indicators: dict[str, IndicatorSpec]


class EventPattern(Strict):
    id: str
    keywords: list[str]
    trigger: str
    code: CameoCode
    roles: Literal["directed", "mutual", "host"]
    scope: str | None = None
    confidence: float = Field(ge=0, le=1)
    exclude_before: str | None = None
    reported_after: str | None = None
    dimension: Dimension | None = None
    dimension_if: dict[Dimension, str] | None = None
    needs_target: bool = False

    _check = field_validator("trigger")(lambda v: _regexes([v])[0])


class EventPatterns(Strict):
    patterns: list[EventPattern]


# --- assess/*.yaml --------------------------------------------------------------------------------
class FindingsRules(Strict):
    figure_tolerance: float = Field(ge=0, le=1)
    rounding_gap: float = Field(ge=0, le=1)
    stale_horizon_months: int = Field(gt=0)
    approximation_words: list[str]
    hedge_words: list[str]
    trade_flows: list[str]
    symmetric_indicators: list[str]
    sum_of_parts_indicators: list[str]
    changing_levels: list[str]
    policy_measures: list[str]
    policy_indicators: list[str]
    policy_stage_words: dict[Literal["proposed", "in_force"], list[str]]
    reasons: dict[str, str]
    title_modifiers: list[str]
    target_words: list[str]
    present_cues: Regexes
    succession_words: list[str]
    framework_verbs: list[str]
    framework_window_chars: int = Field(gt=0)
    framework_tolerance_days: int = Field(ge=0)
    time_zone_days: int = Field(ge=0)
    place_words: list[str]

    _check = field_validator("present_cues")(_regexes)


# --- report, ingest, demo -------------------------------------------------------------------------
class Chapter(Strict):
    id: str
    title: str


class SentencePick(Strict):
    words: list[str]
    max_sentences: int | None = Field(None, gt=0)
    max_items: int | None = Field(None, gt=0)
    event_codes: list[CameoCode] = Field(default_factory=list)
    content_words: list[str] = Field(default_factory=list)


class Chapters(Strict):
    chapters: list[Chapter]
    politics: SentencePick
    agreement: SentencePick
    risks: SentencePick


class Abbreviations(Strict):
    titles: list[str]
    ambiguous: list[str]
    openers: list[str]


class Boilerplate(Strict):
    lines: Regexes
    related_headings: list[str]


class DemoConfig(Strict):
    dyads: list[str]
    report_format: Literal["html", "md", "pdf"]


# --- CSV rows -------------------------------------------------------------------------------------
class CameoRow(Strict):
    code: str = Field(pattern=r"^\d{2,4}$")
    label: str
    goldstein: float = Field(ge=-10, le=10)
    quad_class: int = Field(ge=1, le=4)
    root: str = Field(pattern=r"^\d{2}$")
    dimension: Dimension
    plover: str


class IgoRow(Strict):
    code: str
    name: str
    aliases: str = ""


class AmbiguousRow(Strict):
    text: str
    candidates: str = ""
    rule: Literal["flag", "context", "exact", "block", "dyad"]


class CameoCountryRow(Strict):
    cameo: str
    iso3: str = ""
    kind: str
    name: str
    note: str = ""


class CountryRow(Strict):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    iso2: str = Field(pattern=r"^[A-Z]{2}$|^$")
    name: str
    aliases: str = ""
    demonyms: str = ""
    capitals: str = ""
    un_member: str = ""


class FipsRow(Strict):
    fips: str
    iso3: str = ""
    name: str
    note: str = ""


class LeaderRow(Strict):
    name: str
    aliases: str = ""
    iso3: str
    title: str
    role: str
    start: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$|^$")
    end: str = Field("", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$|^$")


class TitleRow(Strict):
    text: str
    iso3: str
    role: str


class FallbackCameoRow(Strict):
    code: str = Field(pattern=r"^\d{2,4}$")
    label: str
    dimension: Dimension


class PloverMappingType(Strict):
    cameo: CameoCode
    goldstein: float | None = Field(default=None, ge=-10, le=10)
    modes: dict[str, CameoCode] = {}


class PloverMapping(Strict):
    """ontology/plover_mapping.yaml: how a POLECAT event enters the CAMEO-based model."""

    types: dict[str, PloverMappingType]
    contexts: dict[str, Dimension] = {}


class EventdataCountryRow(Strict):
    name: str
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    note: str = ""


class UnvotesCodeRow(Strict):
    country_code: str
    country: str
    iso3: str
    note: str = ""


# --- ontology/lexicon/*.yaml (the event coder's lexicon) -------------------------------------------
class LexiconEntry(Strict):
    """One kind of action; unknown keys are errors (a misspelt key must not be silently ignored)."""

    id: str = Field(min_length=1)
    code: str
    verbs: list[str] = []
    nouns: list[str] = []
    phrases: list[str] = []
    roles: Literal["directed", "mutual", "host"] = "directed"
    about: bool = False
    needs_target: bool = False
    scope: Literal["clause"] | None = None
    dimension: Dimension | None = None
    confidence: float = Field(0.6, ge=0.0, le=1.0)
    exclude: list[str] = []  # words that must not occur inside a match ("signed an executive order")
    target_near: bool = False  # the target must follow the match right away

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str) -> str:
        if not cameo.is_valid(value):
            raise ValueError(f"unknown CAMEO code {value!r}")
        return value

    @field_validator("verbs", "nouns", "phrases")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        for item in value:
            if not item.strip() or item.strip() != item:
                raise ValueError(f"bad word or phrase {item!r}")
        return value


class LexiconFile(Strict):
    entries: list[LexiconEntry]


class InflectionFile(Strict):
    irregular: dict[str, list[str]]
    invariant: list[str]


class ScopeRule(Strict):
    verbs: list[str]
    recode: dict[str, str]

    @field_validator("recode")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        for key, code in value.items():
            if not cameo.is_valid(key) or not cameo.is_valid(code):
                raise ValueError(f"unknown CAMEO code in {key!r}: {code!r}")
        return value


class ScopeFile(Strict):
    cancel: ScopeRule


class BodyRow(Strict):
    """gazetteers/bodies.csv: a national body, metonym or ship prefix standing for its country."""

    text: str = Field(min_length=1)
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    kind: Literal["body", "ship_prefix"]
    note: str = ""


# --- assess/move_labels.yaml, assess/support.yaml ------------------------------------------------------
class MoveTopic(Strict):
    pattern: str
    label: str
    needs: str | None = None
    event: str | None = None

    _check = field_validator("pattern", "needs", "event")(lambda v: _regexes([v])[0] if v is not None else v)


class MoveLabels(Strict):
    topics: list[MoveTopic]
    filler: Regexes = []

    _check = field_validator("filler")(_regexes)


class SupportCues(Strict):
    positive: Regexes
    negative: Regexes

    _check = field_validator("positive", "negative")(_regexes)


# --- ontology/structural/, assess/calibrated.yaml: the structural prior and the fitted constants ------
class FactRow(Strict):
    """ontology/structural/facts.csv: one dated structural fact of a pair, with its public source."""

    dyad: str = Field(pattern=r"^[A-Z]{3}-[A-Z]{3}$")
    kind: str
    level: str = ""
    start: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    end: str = Field(default="", pattern=r"^(\d{4}-\d{2}-\d{2})?$")
    label: str = Field(min_length=1)
    source: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://")


class FactKind(Strict):
    value: float | None = Field(ge=-9, le=9)
    reading: str


class StructuralKinds(Strict):
    kinds: dict[str, FactKind]
    frameworks: dict[str, float]


class Calibrated(Strict):
    fitted: str
    command: str
    cross_validated: dict[str, float]
    constants: dict[Literal["level_scale", "level_offset", "conflict_weight", "prior_weight"], float]


# --- the registry ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """One kind of knowledge file: where it lives (a glob under the package) and its schema."""

    pattern: str
    schema: Any  # a Strict model (the whole file, or one CSV row), a dict[str, model] or a loader
    rows: bool = False  # a CSV file: the schema is one row's
    mapping: bool = False  # a YAML mapping of names to schema instances (signals.yaml)
    loader: Callable[[Path], Any] | None = None  # a file with its own validating loader


def _profile(path: Path) -> Any:
    from ..profiles import read_profile

    return read_profile(path)


def _profile_defaults(path: Path) -> Any:
    from ..profiles import Profile

    data = _yaml(path)
    unknown = sorted(set(data) - set(Profile.model_fields))
    if unknown:
        raise ProfileError(Errors.E603.format(path=path, detail=f"unknown key(s) {', '.join(unknown)}"))
    return data


def _scenario(path: Path) -> Any:
    from ..foresight.scenarios import read_scenario

    return read_scenario(path)


SCENARIO = Kind("scenarios/*.yaml", None, loader=_scenario)
SCHEMAS: tuple[Kind, ...] = (
    Kind("ontology/claims.yaml", ClaimCues),
    Kind("ontology/dimensions.yaml", DimensionCues),
    Kind("ontology/languages.yaml", Languages),
    Kind("ontology/plover.yaml", Plover),
    Kind("ontology/status.yaml", StatusCues),
    Kind("ontology/indicators.yaml", Indicators),
    Kind("ontology/event_patterns.yaml", EventPatterns),
    Kind("ontology/cameo.csv", CameoRow, rows=True),
    Kind("ontology/igos.csv", IgoRow, rows=True),
    Kind("ontology/gazetteers/ambiguous.csv", AmbiguousRow, rows=True),
    Kind("ontology/gazetteers/cameo_country_codes.csv", CameoCountryRow, rows=True),
    Kind("ontology/gazetteers/countries.csv", CountryRow, rows=True),
    Kind("ontology/gazetteers/fips10_4.csv", FipsRow, rows=True),
    Kind("ontology/gazetteers/leaders.csv", LeaderRow, rows=True),
    Kind("ontology/gazetteers/titles.csv", TitleRow, rows=True),
    Kind("ontology/gazetteers/bodies.csv", BodyRow, rows=True),
    Kind("ontology/lexicon/conflict.yaml", LexiconFile),
    Kind("ontology/lexicon/cooperation.yaml", LexiconFile),
    Kind("ontology/lexicon/inflections.yaml", InflectionFile),
    Kind("ontology/lexicon/scope.yaml", ScopeFile),
    Kind("connectors/cameo_fallback.csv", FallbackCameoRow, rows=True),
    Kind("connectors/unvotes_codes.csv", UnvotesCodeRow, rows=True),
    Kind("connectors/eventdata_countries.csv", EventdataCountryRow, rows=True),
    Kind("ontology/plover_mapping.yaml", PloverMapping),
    Kind("assess/signals.yaml", Signal, mapping=True),
    Kind("assess/findings_rules.yaml", FindingsRules),
    Kind("assess/calibrated.yaml", Calibrated),
    Kind("ontology/structural/facts.csv", FactRow, rows=True),
    Kind("ontology/structural/kinds.yaml", StructuralKinds),
    Kind("assess/move_labels.yaml", MoveLabels),
    Kind("assess/support.yaml", SupportCues),
    Kind("report/chapters.yaml", Chapters),
    Kind("ingest/abbreviations.yaml", Abbreviations),
    Kind("ingest/boilerplate.yaml", Boilerplate),
    Kind("demo/demo.yaml", DemoConfig),
    Kind("demo/expected.yaml", None, loader=lambda path: _yaml(path)),  # a yardstick, read by tests only
    Kind("profiles/defaults.yaml", None, loader=_profile_defaults),
    Kind("profiles/[A-Z][A-Z][A-Z]-[A-Z][A-Z][A-Z].yaml", None, loader=_profile),
    SCENARIO,
)
# folders whose every .yaml/.csv must have a schema (a new file without one is reported)
KNOWLEDGE_DIRS = ("ontology", "assess", "report", "ingest", "connectors", "profiles", "scenarios", "demo")


def kind_of(path: Path, root: Path = PACKAGE) -> Kind | None:
    """The registry entry for ``path`` (a file under ``root``), or None."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.name
    for kind in SCHEMAS:
        if fnmatch.fnmatchcase(rel, kind.pattern):
            return kind
    # a file outside the package (a user's copy, a profile folder) is known by its name; a scenario
    # file's name says nothing, so its caller passes SCENARIO
    for kind in SCHEMAS:
        name = kind.pattern.split("/")[-1]
        if name != "*.yaml" and fnmatch.fnmatchcase(path.name, name):
            return kind
    return None


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=str(exc).splitlines()[0])) from exc


def _describe(exc: ValidationError, where: str = "") -> str:
    """The first problems, a misspelt (unknown) key first: it usually explains a missing one."""
    found = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    parts = []
    for error in found[:3]:
        loc = ".".join(str(x) for x in (where, *error["loc"]) if x != "")
        parts.append(f"{loc or 'top level'}: {error['msg']}")
    more = f" (and {len(found) - 3} more)" if len(found) > 3 else ""
    return "; ".join(parts) + more


def load_knowledge(path: str | Path, kind: Kind | None = None) -> Any:
    """Read one knowledge file through its schema: the validated model (or list of rows, or mapping).

    Raises ProfileError (E603) naming the file, the key and the problem.
    """
    path = Path(path)
    kind = kind or kind_of(path)
    if kind is None:
        raise ProfileError(
            Errors.E603.format(path=path, detail="no schema for this file in ontology/schemas.py")
        )
    if kind.loader is not None:
        return kind.loader(path)
    if kind.rows:
        return _load_rows(path, kind.schema)
    data = _yaml(path)
    try:
        if kind.mapping:
            if not isinstance(data, dict):
                raise ProfileError(Errors.E603.format(path=path, detail="the top level must be a mapping"))
            return {name: validate_data(kind.schema, item, path, name) for name, item in data.items()}
        return kind.schema.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=_describe(exc))) from exc


def validate_data(schema: type[BaseModel], item: Any, path: str | Path, where: str = "") -> BaseModel:
    """``item`` through ``schema``, or ProfileError (E603) naming ``path``, the key and the problem."""
    try:
        return schema.model_validate(item)
    except ValidationError as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=_describe(exc, where))) from exc


def _load_rows(path: Path, schema: type[BaseModel]) -> list[BaseModel]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=str(exc))) from exc
    reader = csv.DictReader(io.StringIO(text))
    unknown = sorted(set(reader.fieldnames or ()) - set(schema.model_fields))
    if unknown:
        raise ProfileError(Errors.E603.format(path=path, detail=f"unknown column(s) {', '.join(unknown)}"))
    return [validate_data(schema, row, path, f"line {n}") for n, row in enumerate(reader, start=2)]


# --- the cross-file check -------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One finding of the knowledge check: ``error`` breaks a rule, ``warning`` is worth a look."""

    level: Literal["error", "warning"]
    file: str
    message: str


def knowledge_files(root: Path = PACKAGE) -> list[Path]:
    """Every .yaml/.csv file in the knowledge folders under ``root``."""
    found: list[Path] = []
    for folder in KNOWLEDGE_DIRS:
        base = root / folder
        if base.is_dir():
            found += [p for p in base.rglob("*") if p.suffix in (".yaml", ".yml", ".csv") and p.is_file()]
    return sorted(p for p in found if "templates" not in p.relative_to(root).parts)


def check_knowledge(root: Path = PACKAGE, extra: Iterable[Path] = ()) -> list[Problem]:
    """Validate every knowledge file under ``root`` (and ``extra`` profile or scenario files), then
    check them against each other."""
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for path in [*knowledge_files(root), *extra]:
        rel = _rel(path, root)
        kind = kind_of(path, root)
        if kind is None:
            problems.append(Problem("error", rel, "no schema for this file: add one entry to SCHEMAS"))
            continue
        try:
            loaded[rel] = load_knowledge(path, kind)
        except ProfileError as exc:
            problems.append(Problem("error", rel, exc.message))
    problems += cross_check(loaded)
    return problems


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def cross_check(files: dict[str, Any]) -> list[Problem]:
    """The rules between files, on files already loaded (relative path -> validated content)."""
    out: list[Problem] = []

    def err(file: str, message: str, level: Literal["error", "warning"] = "error") -> None:
        out.append(Problem(level, file, message))

    specs = getattr(files.get("ontology/indicators.yaml"), "indicators", {}) or {}
    indicators = set(specs)
    cameo = {row.code for row in files.get("ontology/cameo.csv", [])}
    countries = {row.iso3 for row in files.get("ontology/gazetteers/countries.csv", [])}
    countries |= {row.code for row in files.get("ontology/igos.csv", [])}
    countries |= _iso_codes() if countries else set()
    plover = set(getattr(files.get("ontology/plover.yaml"), "types", {}) or {})

    signals = dict(files.get("assess/signals.yaml", {}))
    for name, spec in specs.items():
        if spec.signal is not None and name in signals:
            err("ontology/indicators.yaml", f"{name}: scored twice (here and in assess/signals.yaml)")
        elif spec.signal is not None:
            signals[name] = spec.signal
    for name in sorted(set(signals) - indicators):
        err("assess/signals.yaml", f"{name!r} is not an indicator in ontology/indicators.yaml")
    for name in sorted(indicators - set(signals)):
        err(
            "ontology/indicators.yaml",
            f"{name!r} has no assess/signals.yaml entry: stored, never scored",
            "warning",
        )
    for name, spec in signals.items():
        needs = {"tariff": ("level_scale", "change_scale", "level_share")}.get(spec.transform, ("scale",))
        missing = [key for key in needs if getattr(spec, key) is None]
        if missing:
            err("assess/signals.yaml", f"{name}: transform {spec.transform} needs {', '.join(missing)}")

    rules = files.get("assess/findings_rules.yaml")
    if rules is not None:
        for key in ("trade_flows", "symmetric_indicators", "sum_of_parts_indicators", "policy_indicators"):
            for name in getattr(rules, key):
                if name not in indicators:
                    err("assess/findings_rules.yaml", f"{key}: {name!r} is not an indicator")

    for row in files.get("ontology/cameo.csv", []):
        if plover and row.plover and row.plover not in plover:
            err("ontology/cameo.csv", f"{row.code}: PLOVER type {row.plover!r} is not in plover.yaml")
        if row.root != row.code[:2]:
            err("ontology/cameo.csv", f"{row.code}: root {row.root} is not its first two digits")

    def known_code(file: str, code: str, where: str) -> None:
        if cameo and code not in cameo:
            err(file, f"{where}: unknown CAMEO code {code!r}")

    for pattern in getattr(files.get("ontology/event_patterns.yaml"), "patterns", []):
        known_code("ontology/event_patterns.yaml", pattern.code, pattern.id)
    kinds = files.get("ontology/structural/kinds.yaml")
    for row in files.get("ontology/structural/facts.csv", []):
        where = f"{row.dyad} {row.start}"
        if kinds is not None and row.kind not in kinds.kinds:
            err("ontology/structural/facts.csv", f"{where}: unknown kind {row.kind!r}")
        if kinds is not None and row.kind == "framework" and row.level not in kinds.frameworks:
            err("ontology/structural/facts.csv", f"{where}: unknown framework level {row.level!r}")
        for code in row.dyad.split("-"):
            if countries and code not in countries:
                err("ontology/structural/facts.csv", f"{where}: unknown country code {code!r}")
    mapping = files.get("ontology/plover_mapping.yaml")
    for name, spec in (getattr(mapping, "types", {}) or {}).items():
        known_code("ontology/plover_mapping.yaml", spec.cameo, name)
        for mode, code in spec.modes.items():
            known_code("ontology/plover_mapping.yaml", code, f"{name}/{mode}")
    for row in files.get("connectors/eventdata_countries.csv", []):
        if countries and row.iso3 not in countries:
            err("connectors/eventdata_countries.csv", f"{row.name}: unknown country code {row.iso3!r}")
    for type_name, spec in (getattr(files.get("ontology/plover.yaml"), "types", {}) or {}).items():
        for root in spec.cameo_roots:
            known_code("ontology/plover.yaml", root, type_name)
    for code in getattr(getattr(files.get("report/chapters.yaml"), "agreement", None), "event_codes", []):
        known_code("report/chapters.yaml", code, "agreement.event_codes")
    for row in files.get("connectors/cameo_fallback.csv", []):
        known_code("connectors/cameo_fallback.csv", row.code, "code")

    def known_country(file: str, code: str, where: str) -> None:
        # XAA-XZZ are left to users by ISO 3166 (XKX: Kosovo)
        if countries and code and code not in countries and not code.startswith("X"):
            err(file, f"{where}: {code!r} is not a country or organisation code")

    for file, key in (
        ("ontology/gazetteers/leaders.csv", "iso3"),
        ("ontology/gazetteers/titles.csv", "iso3"),
        ("ontology/gazetteers/cameo_country_codes.csv", "iso3"),
        ("ontology/gazetteers/fips10_4.csv", "iso3"),
        ("connectors/unvotes_codes.csv", "iso3"),
    ):
        for n, row in enumerate(files.get(file, []), start=2):
            known_country(file, getattr(row, key), f"line {n}")
    for n, row in enumerate(files.get("ontology/gazetteers/ambiguous.csv", []), start=2):
        for code in filter(None, row.candidates.split("|")):
            if "-" not in code:  # USA-state: a place inside a country
                known_country("ontology/gazetteers/ambiguous.csv", code, f"line {n}")

    leaders = files.get("ontology/gazetteers/leaders.csv", [])
    for file, content in files.items():
        if (
            fnmatch.fnmatchcase(Path(file).name, "[A-Z][A-Z][A-Z]-[A-Z][A-Z][A-Z].yaml")
            and content is not None
        ):
            out.extend(_check_profile(file, content, indicators, countries, leaders))
        if file.startswith("scenarios/") or getattr(content, "shocks", None) is not None:
            out.extend(_check_scenario(file, content, cameo, indicators))
    return out


def _check_profile(
    file: str, profile: Any, indicators: set[str], countries: set[str], leaders: list
) -> list[Problem]:
    out = []
    for code in profile.pair.codes:
        if countries and code not in countries:
            out.append(Problem("error", file, f"dyad code {code!r} is not a country code"))
    for party in profile.third_parties:
        if countries and party.code not in countries:
            out.append(Problem("error", file, f"third party {party.code!r} is not a country code"))
    for factor in profile.factors:
        for name in factor.indicators:
            if indicators and name not in indicators:
                out.append(Problem("error", file, f"factor {factor.id}: {name!r} is not an indicator"))
    by_name: dict[tuple[str, str], list[Any]] = {}
    for row in leaders:
        by_name.setdefault((row.name, row.iso3), []).append(row)
    for leader in profile.leaders:
        rows = by_name.get((leader.name, leader.country))
        same = [r for r in rows or [] if r.title == leader.title]
        # a person the gazetteer does not list (a minister) is fine; the same office on other dates is not
        if same and not any(r.start == leader.start for r in same):
            terms = "; ".join(f"{r.title} from {r.start}" for r in same)
            message = f"leader {leader.name}: {leader.title} from {leader.start}; leaders.csv has {terms}"
            out.append(Problem("warning", file, message))
    return out


def _check_scenario(file: str, scenario: Any, cameo: set[str], indicators: set[str]) -> list[Problem]:
    out = []
    for shock in getattr(scenario, "shocks", []) or []:
        code = getattr(shock, "cameo", None)
        if code and cameo and code not in cameo:
            out.append(Problem("error", file, f"shock {shock.id}: unknown CAMEO code {code!r}"))
        name = getattr(shock, "indicator", None)
        if isinstance(name, str) and indicators and name not in indicators:
            out.append(Problem("error", file, f"shock {shock.id}: {name!r} is not an indicator"))
    return out


@lru_cache(maxsize=1)
def _iso_codes() -> set[str]:
    """ISO 3166-1 alpha-3 codes, current and historic (CSK, YUG, DDR), as pycountry knows them."""
    import pycountry

    return {c.alpha_3 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.historic_countries}


def dimensions() -> tuple[str, ...]:
    """The six dimensions, defined once (``schema.DIMENSIONS``); the schemas' Literal must agree."""
    return DIMENSIONS
