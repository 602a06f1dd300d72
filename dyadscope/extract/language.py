"""Which sentences the English extraction rules may read (ontology/languages.yaml).

The rules for events, indicators and claims are English. A document in another language is read only
where a sentence is itself English (a quoted statement); a sentence of an English document written in
another language (a Vietnamese footer) is skipped. Dates and actor names are found everywhere.
Recognising a sentence's language takes function words only: accented names do not make it foreign.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR
from .patterns import load_yaml

LANGUAGES_PATH = ONTOLOGY_DIR / "languages.yaml"
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class RuleLanguage:
    """The rules' language: document codes taken as it, its function words, other languages' words."""

    codes: frozenset[str]
    function_words: frozenset[str]
    min_hits: int
    min_share: float
    foreign_words: frozenset[str]
    foreign_min_hits: int


@lru_cache(maxsize=1)
def rule_language() -> RuleLanguage:
    """languages.yaml, checked (E603 naming the file when it is malformed)."""
    data = load_yaml(LANGUAGES_PATH) or {}
    try:
        foreign = [str(w).lower() for words in (data.get("foreign_words") or {}).values() for w in words]
        return RuleLanguage(
            codes=frozenset(str(c).lower() for c in data["english_codes"]),
            function_words=frozenset(str(w).lower() for w in data["function_words"]),
            min_hits=int(data["min_hits"]),
            min_share=float(data["min_share"]),
            foreign_words=frozenset(foreign),
            foreign_min_hits=int(data.get("foreign_min_hits", 2)),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ProfileError(Errors.E603.format(path=LANGUAGES_PATH, detail=str(exc))) from exc


def reads_as_english(text: str) -> bool:
    """True when enough of the words of ``text`` are English function words."""
    rules = rule_language()
    words = [w.lower() for w in _WORD.findall(text)]
    hits = sum(w in rules.function_words for w in words)
    return hits >= rules.min_hits and hits >= rules.min_share * len(words)


def rules_apply(text: str, language: str | None) -> bool:
    """True when the English rules may read ``text``, a sentence of a document in ``language``."""
    rules = rule_language()
    code = (language or "").lower()
    code = code if code == "und" else code[:2]
    if code in rules.codes and not _looks_foreign(text, rules):
        return True
    return reads_as_english(text)


def _looks_foreign(text: str, rules: RuleLanguage) -> bool:
    if text.isascii():
        return False  # Vietnamese is written with diacritics: plain ASCII is never taken for it
    words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]
    return sum(w in rules.foreign_words for w in words) >= rules.foreign_min_hits
