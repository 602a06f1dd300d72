"""Loaders for the extraction data files: event patterns and dimension cues (ontology/*.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR, cameo
from ..schema import DIMENSIONS

PATTERNS_PATH = ONTOLOGY_DIR / "event_patterns.yaml"
DIMENSIONS_PATH = ONTOLOGY_DIR / "dimensions.yaml"
ROLES = ("directed", "mutual", "host")


@dataclass(frozen=True)
class EventPattern:
    """One entry of event_patterns.yaml, compiled."""

    id: str
    trigger: re.Pattern[str]
    code: str
    roles: str
    dimension: str | None
    requires: re.Pattern[str] | None
    confidence: float
    exclude_before: re.Pattern[str] | None = None
    clause_scope: bool = False
    needs_target: bool = False
    dimension_if: tuple[tuple[str, re.Pattern[str]], ...] = ()
    keywords: tuple[str, ...] = ()
    reported_after: re.Pattern[str] | None = None
    about: bool = False  # the target is the party the act is about ("condemn X's attack on Y" -> X)
    target_near: bool = False  # the target must follow the trigger right away (within a few words)

    def may_match(self, lowered: str) -> bool:
        """Quick pre-check on the lower-cased sentence (True when the pattern has no keywords)."""
        return not self.keywords or any(k in lowered for k in self.keywords)


def load_yaml(path: Path) -> Any:
    """Parsed YAML or InputError E603 naming the file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=str(exc))) from exc


# "[^.;]" in a pattern means "within the clause"; a period inside "U.S." or "3.5" does not end it.
_IN_CLAUSE = "(?:[^.;]|\\.(?=[\\w,]|\\s+[a-z]))"


def _compile(path: Path, where: str, text: str) -> re.Pattern[str]:
    try:
        return re.compile(text.replace("[^.;]", _IN_CLAUSE), re.IGNORECASE)
    except re.error as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=f"{where}: bad regex ({exc})")) from exc


def _pattern(item: dict[str, Any], path: Path) -> EventPattern:
    where = f"pattern {item.get('id', '?')!r}"
    code = str(item.get("code", ""))
    if not cameo.is_valid(code):
        raise ProfileError(Errors.E603.format(path=path, detail=f"{where}: unknown CAMEO code {code!r}"))
    roles = item.get("roles", "directed")
    dimension = item.get("dimension")
    if roles not in ROLES or (dimension is not None and dimension not in DIMENSIONS):
        raise ProfileError(Errors.E603.format(path=path, detail=f"{where}: bad roles or dimension"))
    requires = item.get("requires")
    return EventPattern(
        id=str(item["id"]),
        trigger=_compile(path, where, item["trigger"]),
        code=code,
        roles=roles,
        dimension=dimension,
        requires=_compile(path, where, requires) if requires else None,
        confidence=float(item.get("confidence", 0.7)),
        exclude_before=_compile(path, where, item["exclude_before"]) if item.get("exclude_before") else None,
        clause_scope=item.get("scope") == "clause",
        needs_target=bool(item.get("needs_target", False)),
        about=bool(item.get("about", False)),
        keywords=tuple(str(k).lower() for k in item.get("keywords") or ()),
        reported_after=_compile(path, where, rf"\b(?:{item['reported_after']})\s+to\s+$")
        if item.get("reported_after")
        else None,
        dimension_if=tuple(
            (dim, _compile(path, where, rx))
            for dim, rx in (item.get("dimension_if") or {}).items()
            if dim in DIMENSIONS
        ),
    )


@lru_cache(maxsize=4)
def event_patterns(path: Path = PATTERNS_PATH) -> tuple[EventPattern, ...]:
    """All event patterns, in file order (earlier entries win overlapping triggers)."""
    data = load_yaml(path) or {}
    items = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ProfileError(Errors.E603.format(path=path, detail="expected a top-level 'patterns' list"))
    try:
        return tuple(_pattern(item, path) for item in items)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=str(exc))) from exc


@lru_cache(maxsize=1)
def dimension_cues() -> dict[str, re.Pattern[str]]:
    """Dimension -> one compiled regex of its cue words."""
    data = load_yaml(DIMENSIONS_PATH) or {}
    cues = data.get("dimensions", {}) if isinstance(data, dict) else {}
    unknown = set(cues) - set(DIMENSIONS)
    if unknown:
        detail = f"unknown dimensions {sorted(unknown)}"
        raise ProfileError(Errors.E603.format(path=DIMENSIONS_PATH, detail=detail))
    return {dim: _compile(DIMENSIONS_PATH, dim, "|".join(words)) for dim, words in cues.items()}


def score_dimensions(text: str, centre: int) -> str | None:
    """The dimension whose cues occur most often in ``text`` (closest to ``centre`` breaks ties)."""
    best: tuple[int, float, str] | None = None
    for dim, regex in dimension_cues().items():
        hits = [m.start() for m in regex.finditer(text)]
        if not hits:
            continue
        key = (len(hits), -min(abs(h - centre) for h in hits), dim)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None
