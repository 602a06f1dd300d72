"""Consistency checks against the profile: a leader named with a title they no longer held.

A sentence that calls someone "General Secretary X" while crediting X with something dated after X's
tenure ended contradicts the profile's leader data. The finding cites both sides: the sentence, the
profile fact, and any stored sentence that states the succession. Nothing here names a leader: the
names, titles and tenures come from the dyad profile.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from sqlalchemy import or_, select

from ..store import tables as t
from .findings_common import Finding, citation, has_words, profile_citation

MONTHS = ("january february march april may june july august september october november december").split()
MONTH_RE = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})\s+{MONTH_RE}\s*,?\s+((?:19|20)\d\d)\b", re.I), ("d", "m", "y")),
    (
        re.compile(rf"\b{MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+((?:19|20)\d\d)\b", re.I),
        ("m", "d", "y"),
    ),
    (re.compile(rf"\b{MONTH_RE}\s+((?:19|20)\d\d)\b", re.I), ("m", "y")),
    (re.compile(r"\b((?:19|20)\d\d)\b"), ("y",)),
)


def find_tenure_conflicts(
    db: Any, profile: Any, docs: dict[str, dict[str, Any]], rules: dict[str, Any]
) -> list[Finding]:
    """Findings for sentences crediting a titled leader with acts dated after every tenure of that title."""
    if profile is None or not getattr(profile, "leaders", None):
        return []
    findings = []
    for (name, title), tenures in _identities(profile).items():
        if all(x.end is None for x in tenures):
            continue  # still in office: nothing can be after the tenure
        names = _names(tenures)
        for sent in _sentences_naming(db, names):
            finding = _check(sent, name, title, names, tenures, db, profile, docs, rules)
            if finding is not None:
                findings.append(finding)
    return findings


def _identities(profile: Any) -> dict[tuple[str, str], list[Any]]:
    found: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for leader in profile.leaders:
        found[(leader.name, leader.title)].append(leader)
    return found


def _names(tenures: list[Any]) -> list[str]:
    names = {tenures[0].name}
    for leader in tenures:
        names.update(a for a in leader.aliases if a)
    return sorted(names, key=len, reverse=True)


def _sentences_naming(db: Any, names: list[str]) -> list[dict[str, Any]]:
    s = t.sentences.c
    query = (
        select(s.doc_id, s.idx, s.char_start, s.char_end, s.text)
        .where(or_(*[s.text.contains(n, autoescape=True) for n in names]))
        .order_by(s.doc_id, s.idx)
    )
    with db.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def titled_mentions(text: str, title: str, names: list[str], modifiers: list[str]) -> list[re.Match[str]]:
    """Mentions "<title> <name>" with a current title (no "Vice", "former", "late" before it)."""
    pattern = re.compile(rf"\b{re.escape(title)}\s+(?:{'|'.join(re.escape(n) for n in names)})\b", re.I)
    found = []
    for match in pattern.finditer(text):
        before = re.search(r"(\w+)[\s-]*$", text[: match.start()])
        if before and before.group(1).lower() in {m.lower() for m in modifiers}:
            continue
        found.append(match)
    return found


def action_dates(text: str, published: str | None, target_words: list[str]) -> list[str]:
    """ISO dates the sentence puts on actions: no targets ("by 2030"), none after publication."""
    return [iso for iso, _start, _end in dated_spans(text, published, target_words)]


def dated_spans(text: str, published: str | None, target_words: list[str]) -> list[tuple[str, int, int]]:
    """Like :func:`action_dates`, with each date's character span in ``text``."""
    taken: list[tuple[int, int]] = []
    dates = []
    for pattern, order in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            before = re.search(r"(\w+)\s*$", text[: match.start()])
            if before and before.group(1).lower() in {w.lower() for w in target_words}:
                continue
            iso = _iso(dict(zip(order, match.groups(), strict=True)))
            if published and iso[:4] > str(published)[:4]:
                continue  # a year after publication is a plan or target, not an act
            dates.append((iso, match.start(), match.end()))
    return dates


def _iso(parts: dict[str, str]) -> str:
    year = parts["y"]
    if "m" not in parts:
        return year
    month = next(i for i, m in enumerate(MONTHS, 1) if m.startswith(parts["m"].lower().rstrip(".")[:3]))
    return f"{year}-{month:02d}" + (f"-{int(parts['d']):02d}" if "d" in parts else "")


def _after_all(date: str, tenures: list[Any]) -> bool:
    """True when ``date`` falls in no tenure and after the end of at least one (prefix comparison)."""
    n = len(date)
    if any(x.in_office(date) for x in tenures):
        return False
    return any(x.end is not None and date > x.end[:n] for x in tenures)


def _check(
    sent: dict[str, Any],
    name: str,
    title: str,
    names: list[str],
    tenures: list[Any],
    db: Any,
    profile: Any,
    docs: dict[str, dict[str, Any]],
    rules: dict[str, Any],
) -> Finding | None:
    text = sent["text"]
    if not titled_mentions(text, title, names, rules.get("title_modifiers", [])):
        return None
    if has_words(text, rules.get("succession_words", [])):
        return None  # the sentence itself states the change of office
    doc = docs.get(sent["doc_id"]) or {}
    published = doc.get("published")
    dates = action_dates(text, published, rules.get("target_words", []))
    if dates:
        if not all(_after_all(d, tenures) for d in dates):
            return None
        when, how, severity = max(dates), "dated", "high"
    elif published and has_words(text, rules.get("present_cues", [])) and _after_all(str(published), tenures):
        when, how, severity = str(published), "written in the present tense in a document published", "medium"
    else:
        return None
    ended = max(x.end for x in tenures if x.end)
    spans = "; ".join(f"{x.start} to {x.end or 'present'}" for x in tenures)
    evidence = [
        citation(sent, docs, date=when),
        profile_citation(
            profile,
            f"{name}: {title} {spans} ({profile.dyad} profile, leaders)",
            name=name,
            title=title,
            end=ended,
        ),
    ]
    evidence += _succession_sentences(db, tenures, title, profile, docs, rules, exclude=sent)
    explanation = (
        f'The sentence calls {name} "{title}" and credits them with something {how} {when}, but '
        f"{name} held that title {spans} according to the profile; someone else held it by {when}. "
        "The claim is likely misattributed (or the title is out of date); check who led at that time."
    )
    return Finding(
        kind="inconsistency",
        severity=severity,
        title=f"{title} {name} credited after tenure ({when})",
        explanation=explanation,
        evidence=evidence,
        subject=f"{name}:{title}:{sent['doc_id']}:{sent['idx']}",
    )


def _succession_sentences(
    db: Any,
    tenures: list[Any],
    title: str,
    profile: Any,
    docs: dict[str, dict[str, Any]],
    rules: dict[str, Any],
    exclude: dict[str, Any],
    limit: int = 3,
) -> list[dict[str, Any]]:
    """Stored sentences that state the change: the leader leaving, or the successor holding the title."""
    ended = max(x.end for x in tenures if x.end)
    country = tenures[0].country
    successors = [
        x
        for x in profile.leaders
        if x.country == country
        and x.title == title
        and x.name != tenures[0].name
        and x.start >= ended[: len(x.start)]
    ]
    ranked = []
    succession = rules.get("succession_words", [])
    for sent in _sentences_naming(db, _names(tenures) + [n for s in successors for n in _names([s])]):
        if (sent["doc_id"], sent["idx"]) == (exclude["doc_id"], exclude["idx"]):
            continue
        text = sent["text"]
        names_successor = any(
            re.search(rf"\b{re.escape(n)}\b", text) for s in successors for n in _names([s])
        )
        states_change = has_words(text, succession)
        if title.lower() in text.lower() and (names_successor or states_change):
            ranked.append((0 if names_successor and states_change else 1 if states_change else 2, sent))
    ranked.sort(key=lambda p: p[0])
    picked, seen_docs = [], set()
    for _rank, sent in ranked:
        if sent["doc_id"] in seen_docs:
            continue
        seen_docs.add(sent["doc_id"])
        picked.append(citation(sent, docs, role="succession"))
        if len(picked) == limit:
            break
    return picked
