"""Claims: sentences that assert an interest, driver, constraint, risk or perception.

With a dyad profile, each sentence is matched against the profile's factors (their regex patterns)
and tagged with the factor's id, stance and dimension; the cue lexicon in ontology/claims.yaml adds the
kind (interest, driver, constraint, risk, perception). Without a profile, sentences with a cue and an
actor become generic claims (factor None) with a stance from the cue.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

from ..errors import DyadscopeError, Errors, ProfileError
from ..ontology import ONTOLOGY_DIR
from ..schema import Claim
from .patterns import load_yaml, score_dimensions
from .status import is_hedged

CLAIMS_PATH = ONTOLOGY_DIR / "claims.yaml"
KIND_ORDER = ("constraint", "risk", "perception", "interest", "driver")


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, re.Pattern[str]], frozenset[str]]:
    data = load_yaml(CLAIMS_PATH) or {}
    try:
        kinds = {k: re.compile("|".join(v), re.IGNORECASE) for k, v in data["kinds"].items()}
        return kinds, frozenset(data.get("constraint_kinds", ["constraint", "risk"]))
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise ProfileError(Errors.E603.format(path=CLAIMS_PATH, detail=str(exc))) from exc


def claim_kind(text: str) -> str | None:
    """The first claim kind (in KIND_ORDER) whose cue occurs in ``text``."""
    kinds, _ = _cues()
    return next((k for k in KIND_ORDER if k in kinds and kinds[k].search(text)), None)


@lru_cache(maxsize=64)
def profile_factors(dyad: str | None) -> tuple[Any, ...]:
    """The factors of the dyad's profile, or () when there is no profile (or profiles are unavailable)."""
    if not dyad:
        return ()
    try:
        from ..profiles import load_profile
    except ImportError:  # profiles stage not installed: generic cues only
        return ()
    try:
        profile = load_profile(dyad)
    except DyadscopeError:
        return ()
    return tuple(profile.factors) if profile else ()


def claim_id(doc_id: str | None, start: int, factor: str | None) -> str:
    """Deterministic id from the document, the sentence and the factor."""
    return "cl_" + hashlib.sha256(f"{doc_id}|{start}|{factor}".encode()).hexdigest()[:24]


@lru_cache(maxsize=64)
def _compiled(dyad: str | None) -> tuple[tuple[Any, re.Pattern[str], tuple[re.Pattern[str], ...]], ...]:
    """Per factor: one combined regex (a quick test) and its patterns (to count the evidence)."""
    out = []
    for factor in profile_factors(dyad):
        parts = tuple(re.compile(p, re.IGNORECASE) for p in factor.patterns)
        combined = re.compile("|".join(f"(?:{p})" for p in factor.patterns), re.IGNORECASE)
        out.append((factor, combined, parts))
    return tuple(out)


def _factor_matches(dyad: str | None, text: str) -> list[tuple[Any, int]]:
    out = []
    for factor, combined, parts in _compiled(dyad):
        if combined.search(text):
            out.append((factor, sum(1 for p in parts if p.search(text))))
    return out


def extract_claims(
    doc_id: str,
    text: str,
    offset: int,
    actors: list[str],
    dyad: str | None,
    date: str | None,
    has_event: bool,
) -> list[Claim]:
    """Claims one sentence makes (one per matching profile factor, or one generic claim)."""
    kind = claim_kind(text)
    hedged = is_hedged(text)
    matches = _factor_matches(dyad, text)
    common: dict[str, Any] = dict(
        doc_id=doc_id,
        actors=actors,
        date=date,
        text=text,
        char_start=offset,
        char_end=offset + len(text),
        hedged=hedged,
    )
    claims = []
    for factor, hits in matches:
        if kind is None and has_event and hits < 2:
            continue  # an event report that merely mentions a topic is not a claim about a factor
        confidence = min(0.95, 0.45 + 0.15 * hits + (0.2 if kind else 0.0)) * (0.85 if hedged else 1.0)
        claims.append(
            Claim(
                id=claim_id(doc_id, offset, factor.id),
                factor=factor.id,
                stance=factor.stance,
                dimension=factor.dimension,
                kind=kind or factor.stance,  # type: ignore[arg-type]
                confidence=round(confidence, 3),
                **common,
            )
        )
    if claims or kind is None or not actors or has_event:
        return claims
    _, constraint_kinds = _cues()
    dimension = score_dimensions(text, len(text) // 2) or "diplomatic"
    stance = "constraint" if kind in constraint_kinds else "driver"
    return [
        Claim(
            id=claim_id(doc_id, offset, None),
            factor=None,
            stance=stance,  # type: ignore[arg-type]
            dimension=dimension,  # type: ignore[arg-type]
            kind=kind,  # type: ignore[arg-type]
            confidence=0.4 if hedged else 0.5,
            **common,
        )
    ]
