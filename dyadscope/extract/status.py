"""Event status from the words before the trigger: reported, planned, hypothetical or negated."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR

STATUS_PATH = ONTOLOGY_DIR / "status.yaml"
ORDER = ("negated", "hypothetical", "planned")
# A clause break stops a cue from reaching a later trigger ("..., while the US imposed ...").
CLAUSE_BREAK = re.compile(
    r"[;:()]|\s[–—]\s|,\s+(?:while|but|and then|whereas|during which|after which)\b"
    r"|\b(?:which|that)\s+(?:was|were|had)\b"
)


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, re.Pattern[str]], int, int]:
    try:
        data = yaml.safe_load(STATUS_PATH.read_text(encoding="utf-8"))
        compiled = {name: re.compile("|".join(data[name]), re.IGNORECASE) for name in ORDER}
        return compiled, int(data.get("window", 90)), int(data.get("negation_window", 40))
    except (OSError, KeyError, TypeError, re.error, yaml.YAMLError) as exc:
        raise ProfileError(Errors.E603.format(path=STATUS_PATH, detail=str(exc))) from exc


def clause_before(text: str, start: int, window: int | None = None) -> str:
    """The words before ``start`` back to the clause break or the window limit."""
    width = window if window is not None else _cues()[1]
    chunk = text[max(0, start - width) : start]
    breaks = list(CLAUSE_BREAK.finditer(chunk))
    return chunk[breaks[-1].end() :] if breaks else chunk


def event_status(text: str, start: int, end: int) -> str:
    """Status of the event whose trigger spans ``text[start:end]``."""
    cues, _, negation_width = _cues()
    before = clause_before(text, start)
    if cues["negated"].search(clause_before(text, start, negation_width)):
        return "negated"
    for name in ORDER[1:]:
        if cues[name].search(before):
            return name
    # "If rumours of X ... materialize": the condition may open the sentence, far from the trigger.
    head = text[:start]
    if re.search(r"^\s*(?:if|unless|should)\b", head, re.IGNORECASE) and "," not in head[:start]:
        return "hypothetical"
    return "reported"


def is_hedged(text: str) -> bool:
    """True when a sentence is hedged (may, could, reportedly, rumours) — used for claims."""
    cues = _cues()[0]
    return bool(cues["hypothetical"].search(text) or re.search(r"\breportedly\b|\bappears? to\b", text, re.I))
