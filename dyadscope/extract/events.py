"""Events from one sentence: pattern triggers + actors + dates -> CAMEO-coded, dated Event records.

One sentence can hold several events (several triggers, or one trigger with a list of dates:
"phone talks on 11 November 2024, and April 4 and July 2, 2025" gives three calls).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..ontology import cameo
from ..schema import Event
from .actors import Mention
from .coder import Hit, cancelled, find_triggers
from .dates import DateMention
from .lexicon import lexicon, recode_cancelled
from .patterns import EventPattern, event_patterns, score_dimensions
from .status import event_status
from .subjects import find_source, is_subject

ROLE_DIMENSIONS = {
    "defence_minister": "security",
    "trade_minister": "economic",
    "finance_minister": "economic",
}
_LIST_GAP = re.compile(r"[\s,;]*(?:and|or|&)?[\s,;]*")


@dataclass
class SentenceInput:
    """Everything the event rules need to know about one sentence."""

    doc_id: str
    text: str
    offset: int  # char offset of the sentence in the document
    mentions: list[Mention]
    groups: list[tuple[int, int]]
    dates: list[DateMention]
    dyad: tuple[str, str] | None
    fallback: DateMention | None = None  # the paragraph's date or the statement's own date
    published: str | None = None  # a reported event cannot be dated after its document
    author: str | None = None  # the country of the person a statement is by ("we", "I" in its text)


def event_id(doc_id: str | None, start: int, end: int, code: str, source: str, target: str, day: str) -> str:
    """Deterministic id: the same document always yields the same event ids (idempotent re-ingest)."""
    key = f"{doc_id}|{start}|{end}|{code}|{source}|{target}|{day}"
    return "ev_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _known(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.code and not (m.kind == "ambiguous" and len(m.candidates) > 1)]


def _pair_from_sentence(
    known: list[Mention], dyad: tuple[str, str] | None, group: bool = False
) -> tuple[str, str] | None:
    """Both parties for a mutual event: two distinct actors named in the sentence, else the dyad."""
    codes = list(dict.fromkeys(m.code for m in known if m.code))
    if group and dyad and len(codes) != 2:
        return dyad  # "the two governments" with one third country named: the document's pair
    if len(codes) == 2:
        return _ordered(codes[0], codes[1], dyad)
    if len(codes) > 2 and dyad and all(c in codes for c in dyad):
        return dyad
    if len(codes) == 1 and dyad and codes[0] in dyad:
        return dyad
    if not codes and dyad:
        return dyad
    return None


def _ordered(a: str, b: str, dyad: tuple[str, str] | None) -> tuple[str, str]:
    if dyad and {a, b} == set(dyad):
        return dyad
    return a, b


def _partner(code: str, dyad: tuple[str, str] | None) -> str | None:
    if dyad and code in dyad:
        return dyad[1] if dyad[0] == code else dyad[0]
    return None


Actors = tuple[str, str, str | None, float]


def _all_actors(pat: EventPattern, sent: SentenceInput, span: tuple[int, int]) -> list[Actors]:
    """One (source, target, person, certainty) per event; both leaders acting on a third party give two.

    "X and Y condemned Z" gives two events, X on Z and Y on Z.
    """
    first = _group_or_single(pat, sent, span)
    if pat.roles == "mutual" or len(first) != 1:
        return first
    source, target = first[0][0], first[0][1]
    known = _known(sent.mentions)
    for a, b in zip(known, known[1:], strict=False):
        if (
            a.code == source
            and b.end <= span[0]
            and b.code not in (source, target)
            and _AND.fullmatch(sent.text[a.end : b.start])
            and b.kind != "igo"
        ):
            return [first[0], (str(b.code), target, None, first[0][3])]
    return first


TARGET_NEAR = 25  # characters between a target_near match and its target ("commitment to the people of")
# "the Cuban people", "Belarusian protesters": a population or its opposition, not its state.
_PEOPLE = re.compile(
    r"\s+(?:people|peoples|protesters|protestors|demonstrators|activists|dissidents|opposition"
    r"|civil society)\b",
    re.IGNORECASE,
)
# A first-person subject right before the trigger, with no actor named between: the statement's author.
_FIRST_PERSON = re.compile(r"(?:\b[Ww]e|\bI)(?:['’](?:ve|re|ll|d|m))?\s+(?:(?-i:[a-z][\w'’-]*)\s+){0,4}$")
# A sentence whose subject is "they" (in a readout: the two leaders) and that names no other actor.
_THEY = re.compile(r"^\W*(?:(?:together|jointly|also),?\s+)?(?:they|both)\b", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")


def _group_or_single(pat: EventPattern, sent: SentenceInput, span: tuple[int, int]) -> list[Actors]:
    known = _known(sent.mentions)
    before = [m for m in known if m.end <= span[0]]
    after = [m for m in known if m.start >= span[0]]
    group_near = any(g[1] <= span[0] + 40 and g[0] >= span[0] - 120 for g in sent.groups)
    no_subject = not any(is_subject(sent.text, m) for m in before)
    if pat.roles != "mutual" and group_near and no_subject and sent.dyad:
        third = next((m for m in after if m.code not in sent.dyad and m.kind != "igo"), None)
        if third is not None:  # "the leaders called on Pakistan to ...": each leader's country acts
            return [(code, str(third.code), None, 0.8) for code in sent.dyad]
    return [_actors(pat, sent, span)]


def _actors(pat: EventPattern, sent: SentenceInput, span: tuple[int, int]) -> Actors:
    """(source, target, person, certainty) for a trigger at ``span``; raises LookupError when unresolved."""
    known = _known(sent.mentions)
    before = [m for m in known if m.end <= span[0]]
    after = [m for m in known if m.start >= span[0]]  # a place inside "travelled to Hanoi in" is a target
    group_near = any(g[1] <= span[0] + 40 and g[0] >= span[0] - 120 for g in sent.groups)
    no_subject = not any(is_subject(sent.text, m) for m in before)
    group_near = group_near or bool(no_subject and _THEY.match(sent.text))
    if pat.roles == "mutual" or (group_near and no_subject):
        if pat.roles != "mutual" and not after:
            raise LookupError("both parties act, but on whom?")
        if pat.id.startswith("lexicon:") and not (known or sent.groups or _THEY.match(sent.text)):
            raise LookupError("a lexicon word names no party")  # "we spoke with her family"
        pair = _pair_from_sentence(known, sent.dyad, bool(sent.groups))
        if group_near and no_subject and sent.dyad:
            pair = sent.dyad  # "the two leaders discussed Russia's war": the leaders meet, not Russia
        if pair is None:
            raise LookupError("no pair")
        person = next((m.person for m in before if m.person), None)
        return pair[0], pair[1], person, 1.0 if len(known) >= 2 else 0.8
    speakers, trailing = _speakers(sent.text, known, span)
    src = find_source(sent.text, [m for m in known if m not in speakers], span)
    if src is None and sent.author and _FIRST_PERSON.search(sent.text[max(0, span[0] - 50) : span[0]]):
        src = Mention(span[0], span[0], "we", sent.author, "author")  # "we sanctioned ...": the author acts
    after = [m for m in after if m not in trailing]
    if src is not None and pat.about:
        about = _about_target(sent.text, [m for m in known if m not in trailing], span, src)
        if about is None:
            raise LookupError("no party the act is about")
        return str(src.code), str(about.code), src.person, 1.0
    if src is None:
        if group_near and sent.dyad and after:
            return sent.dyad[0], sent.dyad[1], None, 0.8
        raise LookupError("no source")
    target = next((m for m in after if m.code != src.code), None)
    partner = _partner(str(src.code), sent.dyad)
    if target is not None and target.kind == "igo" and pat.needs_target:
        raise LookupError("an act aimed at an organisation, not at a state")
    if target is not None and target.kind == "igo" and partner and not pat.code.startswith("04"):
        return (
            str(src.code),
            partner,
            src.person,
            0.8,
        )  # a commitment "at the WTO" is still made to the partner
    target = target or next((m for m in reversed(before) if m.code != src.code), None)
    person = src.person or next((m.person for m in before if m.person and m.code == src.code), None)
    if target is not None and pat.target_near and target.start - span[1] > TARGET_NEAR:
        raise LookupError("the party named is not the one the act is for")
    if target is not None and pat.code[:2] < "09" and _PEOPLE.match(sent.text, target.end):
        raise LookupError("support for a people is no cooperation with its state")
    if target is not None:
        return str(src.code), str(target.code), person, 1.0
    if partner is None or pat.needs_target or src.kind == "author":
        raise LookupError("no target")
    return str(src.code), partner, person, 0.75


# A mention followed by a verb of saying is a speaker ("Hanoi said ...", ", the embassy said").
_SPEECH = re.compile(
    r"(?:['’]s(?:\s+[\w-]+){1,3})?\s+(?:said|says|stated|states|told|tells|added|adds|noted|notes|"
    r"announced|reported|claimed|claims|confirmed|confirms|insisted|wrote|tweeted)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"(?:,|\baccording to)\s*(?:the\s+|a\s+|an\s+)?(?:[\w.'’-]+\s+){0,3}$", re.IGNORECASE
)
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+|a\s+|an\s+)?(?:[\w.'’-]+\s+){0,3}$", re.IGNORECASE)


def _speakers(text: str, known: list[Mention], span: tuple[int, int]) -> tuple[list[Mention], list[Mention]]:
    """Quoted speakers: (those before the trigger whose reported clause has its own actor, trailing ones).

    "Vietnam said China rammed its boat": Vietnam speaks, China acts. "..., the U.S. embassy said" or
    "according to Manila" after the trigger names who reports, not whom the act is aimed at.
    """
    before: list[Mention] = []
    trailing: list[Mention] = []
    for m in known:
        head = text[max(0, m.start - 40) : m.start]
        if _ACCORDING.search(head):
            (trailing if m.start >= span[1] else before).append(m)
            continue
        if not _SPEECH.match(text, m.end):
            continue
        if m.start >= span[1] and _ATTRIBUTION.search(text[span[1] : m.start]):
            trailing.append(m)
        elif m.end <= span[0] and any(
            m.end < k.start and k.end <= span[0] and k.code != m.code for k in known
        ):
            before.append(m)
    return before, trailing


_VICTIM_BEFORE = re.compile(
    r"\b(?:on|against|in|at|to|toward|towards|of|with|from|for|over|into|near|off|inside|across|upon|"
    r"between|and)\s+(?:(?:the|a|an|its|their)\s+)?(?:[a-z][\w-]*\s+){0,2}$",
    re.IGNORECASE,
)
_BY_BEFORE = re.compile(r"\bby\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?\b")


def _about_target(text: str, known: list[Mention], span: tuple[int, int], src: Mention) -> Mention | None:
    """The party a condemnation, accusation or protest is about, not the victim of what it is about.

    "condemned China's ramming of a Vietnamese boat" and "condemned the attack by a Chinese vessel on
    Vietnamese fishermen" are about China; "condemned Iran for ..." is about Iran; "condemned the
    attack on Vietnam" names no one to blame (None).
    """
    stop = CLAUSE_END.search(text, span[1])
    end = stop.start() if stop else len(text)
    candidates = [m for m in known if m.start >= span[1] and m.end <= end and m.code != src.code]
    for m in candidates:
        head = text[max(0, m.start - 40) : m.start]
        if _BY_BEFORE.search(head) or _POSSESSIVE.match(text, m.end):
            return m
    for m in candidates:
        if not _VICTIM_BEFORE.search(text[max(0, m.start - 40) : m.start]):
            return m
    return None


def _nominal_actors(pat: EventPattern, sent: SentenceInput, span: tuple[int, int]) -> list[Actors]:
    """Agent and patient of a nominalised event: "Russia's invasion of Ukraine", "the seizure by Iran of".

    The agent is a possessive or a national adjective on the noun ("the Chinese blockade"), or follows
    "by"; the patient follows "of/on/against/into/..." after the noun. No agent in the noun phrase: no event.
    """
    text = sent.text
    known = _known(sent.mentions)
    stop = CLAUSE_END.search(text, span[1])
    end = stop.start() if stop else len(text)
    agent = None
    before = [m for m in known if m.end <= span[0]]
    if before:
        last = before[-1]
        gap = text[last.end : span[0]]
        if (
            re.fullmatch(r"['’]s?(?:\s+[a-z][\w-]*){0,3}\s+", gap)
            or (last.kind == "demonym" and re.fullmatch(r"(?:\s+[a-z][\w-]*){0,2}\s+", gap))
            or re.fullmatch(r"\s+", gap)
        ):
            agent = last
    after = [m for m in known if m.start >= span[1] and m.end <= end]
    if agent is None:
        agent = next((m for m in after if _BY_BEFORE.search(text[max(0, m.start - 30) : m.start])), None)
    if agent is None or agent.kind == "igo":
        return []  # "the APEC summit": an organisation's meeting is no act of it on a state
    patient = next(
        (
            m
            for m in after
            if m.code != agent.code and not _BY_BEFORE.search(text[max(0, m.start - 30) : m.start])
        ),
        None,
    )
    if patient is None:
        partner = _partner(str(agent.code), sent.dyad)
        if partner is None or pat.needs_target:
            return []
        return [(str(agent.code), partner, agent.person, 0.7)]
    return [(str(agent.code), str(patient.code), agent.person, 0.9)]


def _dates_for(text: str, span: tuple[int, int], dates: list[DateMention]) -> list[DateMention]:
    """The date nearest the trigger plus any dates listed right after it ("April 4 and July 2, 2025")."""
    usable = [d for d in dates if d.kind not in ("target", "reference")]
    if not usable:
        return []

    inside = _paren_of(text, span[0])
    has_absolute = any(d.kind != "relative" for d in usable)

    def distance(d: DateMention) -> tuple[int, int]:
        gap = span[0] - d.end if d.end <= span[0] else d.start - span[1]
        # A date inside parentheses dates only what the parentheses say, and vice versa; a stated
        # date beats a nearby relative one ("three months later, in December 2023").
        penalty = 0 if _paren_of(text, d.start) == inside else 10_000
        penalty += 60 if has_absolute and d.kind == "relative" else 0
        return (max(gap, 0) + penalty, 0 if d.end <= span[0] else 1)

    first = min(usable, key=distance)
    chosen = [first]
    for nxt in usable[usable.index(first) + 1 :]:
        if not _LIST_GAP.fullmatch(text[chosen[-1].end : nxt.start]):
            break
        chosen.append(nxt)
    return chosen


def _paren_of(text: str, pos: int) -> int:
    """Start of the innermost open parenthesis around ``pos`` (-1 outside any)."""
    stack: list[int] = []
    for i, ch in enumerate(text[:pos]):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            stack.pop()
    return stack[-1] if stack else -1


CONSULT_ROOT = "04"
CLAUSE_END = re.compile(r"[;:()]|,\s+(?:and|but|while|during which|which)\b|(?<![A-Z])\.\s")


def _dimension(pat: EventPattern, sent: SentenceInput, span: tuple[int, int], person_role: str | None) -> str:
    tail = sent.text[max(0, span[0] - 30) : span[1] + 60]
    for dim, regex in pat.dimension_if:
        if regex.search(tail):
            return dim
    if pat.dimension:
        return pat.dimension
    consult = pat.code.startswith(CONSULT_ROOT)
    if consult and person_role in ROLE_DIMENSIONS:
        return ROLE_DIMENSIONS[person_role]
    # Meetings and visits take their topic only from words right by the trigger; other events
    # from the clause around it.
    width = 40 if consult and pat.code != "046" else 80
    window = sent.text[max(0, span[0] - width) : span[1] + width]
    found = score_dimensions(window, min(width, span[0]))
    if found:
        return found
    if person_role in ROLE_DIMENSIONS:
        return ROLE_DIMENSIONS[person_role]
    return cameo.lookup(pat.code).dimension


def _make(
    sent: SentenceInput,
    pat: EventPattern,
    span: tuple[int, int],
    when: DateMention,
    actors: tuple[str, str, str | None, float],
    carried: bool,
    status: str | None = None,
) -> Event:
    source, target, person, certainty = actors
    code = cameo.lookup(pat.code)
    role = next((m.role for m in sent.mentions if m.person == person and m.role), None) if person else None
    confidence = pat.confidence * certainty * (0.8 if carried else 1.0) * (0.8 if when.uncertain else 1.0)
    start, end = sent.offset, sent.offset + len(sent.text)
    return Event(
        id=event_id(sent.doc_id, start, end, code.code, source, target, when.value),
        doc_id=sent.doc_id,
        date=when.value,
        date_precision=when.precision,  # type: ignore[arg-type]
        source_actor=source,
        target_actor=target,
        source_person=person,
        event_code=code.code,
        event_label=code.label,
        goldstein=code.goldstein,
        quad_class=code.quad_class,
        dimension=_dimension(pat, sent, span, role),  # type: ignore[arg-type]
        status=status or _status(pat, sent.text, span),  # type: ignore[arg-type]
        text=sent.text,
        char_start=start,
        char_end=end,
        confidence=round(min(confidence, 1.0), 3),
        date_ambiguous=when.ambiguous,
        date_uncertain=when.uncertain or carried,
    )


def _after(value: str, published: str) -> bool:
    """True when ``value`` lies wholly after ``published`` (compared at the coarser precision)."""
    size = min(len(value), len(published))
    return value[:size] > published[:size]


_FULL_YEAR = re.compile(r"(?:19|20)\d\d")


def _until_published(text: str, dates: list[DateMention], published: str) -> list[DateMention]:
    """The dates a reported event can have: none after its document, unless the text states it in full.

    A bare year after publication is a target or a misreading ("the 2045 vision"), and a month and day
    resolved against the publication year may belong to the year before. A month or day written out
    with its year ("in December 2023") is kept even after the publication date (a wrong or first-
    version date in the metadata is commoner than a wrong date in the text), flagged uncertain.
    """
    kept = []
    for d in dates:
        if not _after(d.value, published):
            kept.append(d)
        elif d.kind == "absolute" and d.precision != "year" and _FULL_YEAR.search(text[d.start : d.end]):
            kept.append(replace(d, uncertain=True))
    return kept


def _status(pat: EventPattern, text: str, span: tuple[int, int]) -> str:
    status = event_status(text, span[0], span[1])
    before = text[max(0, span[0] - 30) : span[0]]
    if status == "planned" and pat.reported_after and pat.reported_after.search(before):
        return "reported"  # "agreed to set up a partnership": the agreement is the event
    return status


def _inside_mention(span: tuple[int, int], mentions: list[Mention]) -> bool:
    return any(m.start <= span[0] and span[1] <= m.end for m in mentions)


def extract_events(sent: SentenceInput) -> list[Event]:
    """All events one sentence reports, plans, imagines or denies."""
    return [event for event, _ in extract_events_dated(sent)]


def _triggers(sent: SentenceInput) -> Iterator[tuple[EventPattern, tuple[int, int], bool]]:
    """Triggers in order of precedence: the regex patterns first, then the lexicon's words and phrases."""
    lowered = sent.text.lower()
    hits = [h for h in find_triggers(sent.text, sent.mentions) if _not_relative(sent.text, h)]
    nouns = {h.start for h in hits if h.nominal}
    # An appeal, threat or refusal claims its clause before anything the clause names ("called on X
    # to lift sanctions" is no lifting); then the regex patterns, in file order; then the other words.
    for hit in hits:
        if hit.pattern.clause_scope:
            yield hit.pattern, hit.span, hit.nominal
    for pat in event_patterns():
        if not pat.may_match(lowered) or (pat.requires and not pat.requires.search(sent.text)):
            continue
        for found in pat.trigger.finditer(sent.text):
            span = found.span()
            if pat.exclude_before and pat.exclude_before.search(sent.text[max(0, span[0] - 30) : span[0]]):
                continue
            if span[0] > 0 and sent.text[span[0] - 1] == "-":
                continue  # "long-threatened invasion": an adjective, not a threat
            if _ADJECTIVAL.fullmatch(found.group(0)) and (span[1] + 1) in nouns:
                continue  # "the threatened invasion"
            if _RELATIVE.search(sent.text[max(0, span[0] - 50) : span[0]]):
                continue
            yield pat, span, False
    for hit in hits:
        if not hit.pattern.clause_scope:
            yield hit.pattern, hit.span, hit.nominal


def _not_relative(text: str, hit: Hit) -> bool:
    return hit.nominal or not _RELATIVE.search(text[max(0, hit.start - 50) : hit.start])


_ADJECTIVAL = re.compile(r"[A-Za-z]+(?:ed|en)")
# "regimes that threaten ...", "a deal which eased ...": the act of a thing or a class, no actor of ours.
_RELATIVE = re.compile(
    r"\b(?-i:[a-z][\w-]*)\s+(?:that|which|who)\s+(?:(?:also|have|has|had|continues? to|[a-z]+ly)\s+){0,2}$",
    re.IGNORECASE,
)


# Appeals, demands, rejections and threats: what their clause names is asked for, refused or threatened,
# never reported as done, even when the speaker of the appeal cannot be resolved.
_CLAIMS_CLAUSE = ("02", "10", "12", "13")


def _scoped(pat: EventPattern, text: str, span: tuple[int, int]) -> tuple[EventPattern, str | None]:
    """A cancelled, postponed or prohibited event: recoded (visit -> reduce relations) or negated."""
    if not cancelled(text, span[0]):
        return pat, None
    code = recode_cancelled(pat.code, lexicon())
    if code is None:
        return pat, "negated"
    return replace(pat, code=code, id=f"{pat.id}:cancelled", roles="directed", about=False), None


def extract_events_dated(sent: SentenceInput) -> list[tuple[Event, bool]]:
    """Events with a flag: True when the date came from context (paragraph or statement), not the sentence."""
    used: list[tuple[int, int]] = []
    events: list[tuple[Event, bool]] = []
    for pat, span, nominal in _triggers(sent):
        if any(span[0] < e and s < span[1] for s, e in used) or _inside_mention(span, sent.mentions):
            continue
        pat, status = _scoped(pat, sent.text, span)
        try:
            found = _nominal_actors(pat, sent, span) if nominal else _all_actors(pat, sent, span)
        except LookupError:
            found = []
        parties = [a for a in found if a[0] != a[1]]
        if not parties:
            if pat.clause_scope and pat.code[:2] in _CLAIMS_CLAUSE:
                used.append(_clause_span(sent.text, span))  # what is urged or threatened did not happen
            continue
        dates = _dates_for(sent.text, span, sent.dates)
        if sent.published and (status or _status(pat, sent.text, span)) == "reported":
            dates = _until_published(sent.text, dates, sent.published)
        carried = not dates
        if carried:
            if sent.fallback is None or nominal:
                continue  # a noun with no date of its own is background ("Russia's invasion")
            dates = [sent.fallback]
        used.append(_clause_span(sent.text, span) if pat.clause_scope else span)
        for actors in parties:
            events.extend((_make(sent, pat, span, when, actors, carried, status), carried) for when in dates)
    return _one_per_actor(events)


def _clause_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The trigger plus the rest of its clause (what an appeal or threat is about)."""
    found = CLAUSE_END.search(text, span[1])
    return span[0], found.start() if found else len(text)


def _one_per_actor(events: list[tuple[Event, bool]]) -> list[tuple[Event, bool]]:
    """In one sentence, one actor makes one event of a kind on one date ("came to ... for a visit")."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for event, carried in events:
        key = (event.event_code, event.source_actor, event.date, "")
        if key not in seen:
            seen.add(key)
            out.append((event, carried))
    return out
