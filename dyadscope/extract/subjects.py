"""Who acts: the actor mention that is the subject of an event trigger's clause.

A mention right after a preposition or a verb ("met the U.S. Secretary", "after meeting Vietnam's
leader") is an object or a place, not an actor. A trigger in a later clause takes that clause's own
subject ("..., and Washington pledged"), the person a relative clause is said of ("..., who pledged"),
or, when the clause has no subject at all ("..., and pledged to"), the subject of the sentence. A
clause whose subject is a thing ("..., and the lifting of that embargo") borrows no subject from the
sentence; an agentless passive ("since the embargo was lifted") names no actor, so none is guessed
from the countries the sentence happens to mention.
"""

from __future__ import annotations

import re

from .actors import Mention

# A mention right after one of these words is an object or a place, not the actor of the clause.
OBJECT_WORDS = re.compile(
    r"\b(?:to|in|into|with|on|of|from|for|against|toward|towards|at|by|about|including|between|among|than|over"
    r"|during|and|visited|visit|met|welcomed|hosted|called|urged|invited|after|before|since|following|despite"
    r"|under|amid|within|across|throughout|via|upon|near|like|as|meeting|meets|visiting|visits|hosting"
    r"|receiving|received|welcoming|phoned|thanked|thanking|told|telling|inviting|joined|joining)"
    r"\s+(?:(?:the|a|an)\s+)?$",
    re.IGNORECASE,
)
# ... or after such a verb and the titles of the person met: "met the U.S. Secretary of State Antony Blinken".
OBJECT_TITLED = re.compile(
    r"\b(?:met|meet\w*|visit\w*|welcom\w*|host\w*|called|urged|invit\w*|receiv\w*|phoned|thank\w*|told|join\w*"
    r"|with|and|by|from|to)\s+(?:(?:the|a|an)\s+)?(?:(?-i:[A-Z])[\w.'’-]*\s+){1,3}$",
    re.IGNORECASE,
)
CLAUSE_OPEN = re.compile(
    r"[;:]|,\s+(?:and|but|while|whereas|during which|after which|where|when|which|who)\b"
)
# Between a clause opener and its subject: an article and capitalised title words ("the U.S. Secretary").
_LEAD_IN = re.compile(r"\s*(?:(?:the|a|an)\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}")
# After a clause's subject: head nouns, then a finite verb ("the Biden administration provided").
_VERB_AFTER = re.compile(
    r"(?:'s|’s)?(?:\s+(?:administration|government|officials?|leaders?|authorities|delegation|side))*"
    r"\s+(?:has|have|had|is|are|was|were|will|would|also|then|later|quickly|\w+ed|said|says|made|gave|sent"
    r"|took|held|met|paid|sold|bought|told|set|cut|won|began|became|came|went|flew|kept|left|put|brought"
    r"|spoke|wrote|sought|struck|lent|spent|withdrew|froze)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\s*(?:he|she|it|they|we)\b", re.IGNORECASE)
# A clause whose subject is its own and no actor: the trigger is that subject's noun ("..., and the
# lifting of that embargo"), or follows a name that is no actor ("..., and Congress imposed").
_OWN_SUBJECT = re.compile(
    r"\s*(?:(?:the|a|an|this|that|its|their|his|her|any|each|no)\s+(?:[a-z][\w-]*\s+){0,2}"
    r"|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+(?:[a-z]+ly\s+)?)"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PASSIVE_IN = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
# A mention that modifies the trigger's noun: "the U.S. arms embargo was lifted", "Washington's ban".
_MODIFIER_GAP = re.compile(r"(?:'s|’s|')?(?:\s+[a-z][\w-]*){0,2}\s+")


def is_subject(text: str, mention: Mention) -> bool:
    """True unless the words just before ``mention`` make it an object or a place."""
    head = text[max(0, mention.start - 60) : mention.start]
    return not (OBJECT_WORDS.search(head) or OBJECT_TITLED.search(head))


def find_source(text: str, mentions: list[Mention], span: tuple[int, int]) -> Mention | None:
    """The acting party of the trigger at ``span`` among the known ``mentions``, or None."""
    before = [m for m in mentions if m.end <= span[0]]
    if _is_passive(text, span):
        return _agent(text, mentions, span) or _modifier(text, before, span)
    opener = next(reversed(list(CLAUSE_OPEN.finditer(text, 0, span[0]))), None)
    clause_start = opener.end() if opener else 0
    in_clause = [m for m in before if m.start >= clause_start]
    subjects = [m for m in in_clause if is_subject(text, m) or _opens_clause(text, m, clause_start)]
    if subjects:
        return subjects[0]
    if opener and opener.group().endswith("who"):
        said_of = [m for m in before if m.end <= opener.start()]
        return said_of[-1] if said_of else None
    if opener is None or _borrows_subject(text[clause_start : span[0]], in_clause, text, clause_start):
        sentence = [m for m in before if is_subject(text, m)]
        if sentence:
            return sentence[0]
    return before[-1] if before else None


def _opens_clause(text: str, mention: Mention, clause_start: int) -> bool:
    """A mention that starts a clause and is followed by its verb: "..., and Washington pledged"."""
    if clause_start == 0 or not _LEAD_IN.fullmatch(text[clause_start : mention.start]):
        return False
    return bool(_VERB_AFTER.match(text, mention.end))


def _borrows_subject(head: str, in_clause: list[Mention], text: str, clause_start: int) -> bool:
    """True when the clause has no subject of its own, or a pronoun for the sentence's subject."""
    if _PRONOUN.match(head):
        return True
    first = in_clause[0] if in_clause else None
    if first is not None and _LEAD_IN.fullmatch(text[clause_start : first.start]):
        return True  # ", and Canada to ...": a list of objects goes on, not a new clause
    return not _OWN_SUBJECT.fullmatch(head)


_BY_AFTER = re.compile(r"\s+by\s+(?:the\s+)?(?-i:[A-Z])", re.IGNORECASE)


def _is_passive(text: str, span: tuple[int, int]) -> bool:
    trigger = text[span[0] : span[1]]
    participle = re.match(r"\w+(?:ed|en)\b", trigger)
    if participle and participle.end() == len(trigger) and _BY_AFTER.match(text, span[1]):
        return True  # "citizens abducted by the DPRK": a reduced passive, the agent after "by"
    return bool(
        _PASSIVE_IN.search(trigger)
        or (participle and _PASSIVE_BEFORE.search(text[max(0, span[0] - 40) : span[0]]))
    )


def _agent(text: str, mentions: list[Mention], span: tuple[int, int]) -> Mention | None:
    """The actor of a passive after "by": "... was lifted in 2016 by the United States"."""
    for m in mentions:
        if m.start >= span[0] and _BY.search(text[max(0, m.start - 8) : m.start]):
            return m
    return None


def _modifier(text: str, before: list[Mention], span: tuple[int, int]) -> Mention | None:
    """The actor named on the trigger's own noun: "the U.S. arms embargo was lifted"."""
    if before and _MODIFIER_GAP.fullmatch(text[before[-1].end : span[0]]):
        return before[-1]
    return None
