"""The lexicon coder: event triggers of one sentence from the compiled lexicon (lexicon.py).

``find_triggers(text)`` scans the sentence once for head words, then tries the forms behind each head
word, longest first. What it leaves out on purpose:

- a trigger glued to a word by a hyphen is an adjective ("long-threatened invasion", "U.S.-brokered
  talks"): the noun after it is the event;
- a participle right before a noun trigger is an adjective too ("the threatened invasion");
- a capitalised trigger word inside a sentence is part of a name or title ("Press Secretary",
  "Operation Desert Strike").

A word that is both verb and noun ("attack", "visit", "demand") is read as a noun after a determiner,
a possessive or an adjective ("Iran's attack", "the attack", "a new demand"), otherwise as a verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import Mention
from .lexicon import Lexicon, lexicon
from .patterns import EventPattern

_ARTICLE_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|this|that)|['’]s)\s+$", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"['’]s?\s+(?:[\w-]+\s+){0,2}$")
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|this|these|those|its|their|his|her|our|any|such|no|every|each|of|in|on|for|after|"
    r"before|since|against|amid|despite|following|by|with|from|over)\s+(?:[\w.’'-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _is_noun(text: str, start: int, mentions: list[Mention]) -> bool:
    """A word that is both verb and noun, read in context ("Russia attacks" vs "the Russian attacks")."""
    head = text[max(0, start - 60) : start]
    if _POSSESSIVE_BEFORE.search(head):
        return True
    right_before = next((m for m in mentions if m.end <= start and not text[m.end : start].strip()), None)
    if right_before is not None:
        return right_before.kind == "demonym" or bool(
            re.search(r"\b(?:the|a|an)\s+$", text[max(0, right_before.start - 6) : right_before.start], re.I)
        )
    if _DETERMINER_BEFORE.search(head):
        return True
    previous = re.search(r"(?-i:\b([a-z][\w-]*))\s+$", head)
    return bool(previous and previous.group(1) not in _VERB_CUES and not previous.group(1).endswith("ly"))


# Words after which a verb follows ("they attack", "will sanction", "to visit"); any other lower-case
# word right before makes the trigger a noun ("armed attacks", "targeted strikes").
_VERB_CUES = frozenset(
    "to will would could can may might must shall should also then and or not never who which that has have"
    " had did does do we they he she it i you both jointly together further again now today yesterday"
    " subsequently later repeatedly".split()
)


@dataclass(frozen=True)
class Hit:
    """One trigger found by the lexicon."""

    pattern: EventPattern
    start: int
    end: int
    nominal: bool

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _sentence_start(text: str, pos: int) -> bool:
    return not text[:pos].strip(" \t\"'“‘*-•([")


def find_triggers(text: str, mentions: list[Mention] | None = None, lex: Lexicon | None = None) -> list[Hit]:
    """Non-overlapping lexicon triggers of ``text``, left to right (``mentions``: its actor mentions)."""
    lex = lex or lexicon()
    mentions = mentions or []
    hits: list[Hit] = []
    taken_until = -1
    for found in lex.heads.finditer(text):
        start, head_end = found.span()
        if start < taken_until:
            continue
        word = found.group(0)
        if start > 0 and text[start - 1] == "-":
            continue  # "long-threatened": an adjective
        if word[0].isupper() and not _sentence_start(text, start) and not word.isupper():
            continue  # part of a name or title
        for form in lex.forms.get(word.lower(), ()):
            end = head_end
            if form.rest is not None:
                rest = form.rest.match(text, head_end)
                if rest is None:
                    continue
                end = rest.end()
            if form.exclude is not None and form.exclude.search(text, start, end):
                continue
            nominal = form.nominal
            if form.length == 1 and form.nominal and form.verbal:
                nominal = _is_noun(text, start, mentions)
            elif form.length > 1 and _ARTICLE_BEFORE.search(text, 0, start):
                nominal = True  # "the release of hostages", "a visit to": a noun phrase
            hits.append(Hit(form.pattern, start, end, nominal))
            taken_until = end
            break
    return _drop_adjectival(text, hits)


def _drop_adjectival(text: str, hits: list[Hit]) -> list[Hit]:
    """A participle right before a noun trigger modifies it: "the threatened invasion"."""
    out = []
    for i, hit in enumerate(hits):
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        surface = text[hit.start : hit.end]
        if (
            nxt is not None
            and nxt.nominal
            and " " not in surface
            and surface.lower().endswith(("ed", "en"))
            and not text[hit.end : nxt.start].strip()
        ):
            continue
        out.append(hit)
    return out


def cancelled(text: str, start: int, lex: Lexicon | None = None) -> bool:
    """True when a cancelling verb governs the trigger at ``start`` ("postponed the planned visit")."""
    lex = lex or lexicon()
    return bool(lex.cancel.search(text[max(0, start - 60) : start]))
