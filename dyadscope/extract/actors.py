"""Actor mentions: country names, demonyms, capitals, IGOs, leaders and titles -> ISO3 / IGO codes.

Everything comes from the gazetteers in ``dyadscope/ontology/gazetteers`` and ``igos.csv``; matching
is exact (case-sensitive, on word boundaries), never fuzzy: "Niger" is NER and never Nigeria.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..ontology import ONTOLOGY_DIR

GAZ_DIR = ONTOLOGY_DIR / "gazetteers"
# Phrases that stand for "both parties of the document's dyad" (resolved later by the caller).
GROUP_RE = re.compile(
    r"\b(?:the two (?:countries|sides|nations|governments|leaders|parties|presidents|militaries|peoples)"
    r"|both (?:countries|sides|nations|governments|leaders|parties)|our two (?:countries|nations|governments)"
    r"|the leaders|each other)\b",
    re.IGNORECASE,
)
US_STATE_CUES = re.compile(
    r"\b(Atlanta|Savannah|governor|state of Georgia|Georgia's (?:governor|legislature)"
    r"|Alabama|Florida|Tennessee|Carolina)\b"
)
GEO_CUES = re.compile(r"\b(Tbilisi|Caucasus|Georgian|Abkhazia|South Ossetia)\b")


@dataclass(frozen=True)
class Entry:
    """What one gazetteer string stands for."""

    code: str | None
    kind: str  # country | demonym | capital | igo | leader | title | body | block | ambiguous
    person: str | None = None
    role: str | None = None
    candidates: tuple[str, ...] = ()
    rule: str = ""  # ambiguous.csv's rule for an ambiguous name: flag, context or dyad


@dataclass(frozen=True)
class Mention:
    """One actor mention in a text, with char offsets relative to that text."""

    start: int
    end: int
    text: str
    code: str | None
    kind: str
    person: str | None = None
    role: str | None = None
    candidates: tuple[str, ...] = field(default=())

    @property
    def ambiguous(self) -> bool:
        return self.code is None or len(self.candidates) > 1


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@lru_cache(maxsize=1)
def country_rows() -> list[dict[str, str]]:
    """Rows of gazetteers/countries.csv (iso3, iso2, name, aliases, demonyms, capitals, un_member)."""
    return _rows(GAZ_DIR / "countries.csv")


def _country_entries(table: dict[str, Entry]) -> None:
    for row in country_rows():
        for alias in [row["name"], *_split(row["aliases"])]:
            table.setdefault(alias, Entry(row["iso3"], "country"))
        for demonym in _split(row["demonyms"]):
            table.setdefault(demonym, Entry(row["iso3"], "demonym"))
        for capital in _split(row["capitals"]):
            table.setdefault(capital, Entry(row["iso3"], "capital"))


def _igo_entries(table: dict[str, Entry]) -> None:
    for row in _rows(ONTOLOGY_DIR / "igos.csv"):
        for alias in [row["name"], *_split(row["aliases"])]:
            table[alias] = Entry(row["code"], "igo")


def _leader_entries(table: dict[str, Entry]) -> None:
    for row in _rows(GAZ_DIR / "leaders.csv"):
        for alias in [row["name"], *_split(row["aliases"])]:
            table.setdefault(alias, Entry(row["iso3"], "leader", person=row["name"], role=row["role"]))
    for row in _rows(GAZ_DIR / "titles.csv"):
        table[row["text"]] = Entry(row["iso3"], "title", role=row["role"])


def _body_entries(table: dict[str, Entry]) -> None:
    """National bodies and metonyms ("the Kremlin", "State Department") and ship prefixes ("USS")."""
    for row in _rows(GAZ_DIR / "bodies.csv"):
        table.setdefault(row["text"], Entry(row["iso3"], "body", role=row["kind"]))


def _curly_variants(table: dict[str, Entry]) -> None:
    """ "People’s Republic" with a typographic apostrophe is the same name as "People's Republic"."""
    for text, entry in list(table.items()):
        if "'" in text:
            table.setdefault(text.replace("'", "’"), entry)


def _ambiguous_entries(table: dict[str, Entry]) -> None:
    for row in _rows(GAZ_DIR / "ambiguous.csv"):
        candidates = tuple(_split(row["candidates"]))
        if row["rule"] == "block":
            table[row["text"]] = Entry(None, "block")
        elif row["rule"] == "exact" and len(candidates) == 1:
            table[row["text"]] = Entry(candidates[0], "country")
        else:
            table[row["text"]] = Entry(None, "ambiguous", candidates=candidates, rule=row["rule"])


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Entry]:
    """Every known string -> Entry; later tables override earlier ones where they must."""
    table: dict[str, Entry] = {}
    _country_entries(table)
    _leader_entries(table)
    _igo_entries(table)
    _body_entries(table)
    _ambiguous_entries(table)
    _curly_variants(table)
    return table


def trie_regex(words: list[str]) -> str:
    """One regex for many literal strings, as a character trie: far faster than a flat alternation."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


@lru_cache(maxsize=1)
def _matcher() -> re.Pattern[str]:
    body = trie_regex(list(gazetteer()))
    # Not inside a word; a trailing period of "U.S." may be followed by anything but a letter.
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _resolve_ambiguous(entry: Entry, text: str) -> tuple[str | None, tuple[str, ...]]:
    """Georgia by context (a U.S. state or the country), other ambiguous names stay flagged."""
    if "USA-state" in entry.candidates:
        if US_STATE_CUES.search(text):
            return "USA", ("USA",)
        if GEO_CUES.search(text):
            return "GEO", ("GEO",)
        return "GEO", ("GEO", "USA")
    return None, entry.candidates


def resolve_by_dyad(mention: Mention, pair: tuple[str, str] | None) -> Mention:
    """An ambiguous name whose ambiguous.csv rule is ``dyad`` stands for its one candidate that is a
    party of the document's dyad: "Korea" is KOR in a JPN-KOR document, PRK in a USA-PRK one, and
    stays flagged when both or neither candidate is a party."""
    if pair is None or mention.kind != "ambiguous" or len(mention.candidates) < 2:
        return mention
    entry = gazetteer().get(mention.text) or _casefold_table().get(mention.text.casefold())
    inside = [code for code in mention.candidates if code in pair]
    if entry is None or entry.rule != "dyad" or len(inside) != 1:
        return mention
    return replace(mention, code=inside[0], candidates=(inside[0],))


_DIASPORA = re.compile(r"[\s-]Americans?\b")


def find_mentions(text: str) -> list[Mention]:
    """All actor mentions in ``text`` (left to right, longest match first, no overlaps)."""
    table = gazetteer()
    out: list[Mention] = []
    skip_until = -1
    for found in _matcher().finditer(text):
        entry = table[found.group(0)]
        if entry.kind == "block" or found.start() < skip_until:
            continue
        if entry.kind == "demonym" and _DIASPORA.match(text, found.end()):
            skip_until = found.end() + 10  # "Cuban Americans" are Americans, neither state acting
            continue
        code, candidates = entry.code, entry.candidates
        if entry.kind == "ambiguous":
            code, candidates = _resolve_ambiguous(entry, text)
        out.append(
            Mention(
                found.start(),
                found.end(),
                found.group(0),
                code,
                entry.kind,
                entry.person,
                entry.role,
                candidates,
            )
        )
    return out


def find_groups(text: str) -> list[tuple[int, int]]:
    """Spans of phrases such as "the two countries" that stand for both parties of a dyad."""
    return [(m.start(), m.end()) for m in GROUP_RE.finditer(text)]


def resolve_country(query: str) -> Mention | None:
    """Exact lookup of one name, alias, demonym, capital, leader, ISO2/ISO3 or IGO code (no fuzzy match)."""
    text = query.strip()
    if not text:
        return None
    table = gazetteer()
    entry = table.get(text) or _casefold_table().get(text.casefold())
    if entry is None:
        entry = _code_entry(text.upper())
    if entry is None or entry.kind == "block":
        return None
    code, candidates = entry.code, entry.candidates
    if entry.kind == "ambiguous":
        code, candidates = _resolve_ambiguous(entry, text)
    return Mention(0, len(text), text, code, entry.kind, entry.person, entry.role, candidates)


@lru_cache(maxsize=1)
def _casefold_table() -> dict[str, Entry]:
    return {k.casefold(): v for k, v in sorted(gazetteer().items(), key=lambda kv: kv[0].isupper())}


def _code_entry(code: str) -> Entry | None:
    for row in country_rows():
        if code in (row["iso3"], row["iso2"]):
            return Entry(row["iso3"], "country")
    for row in _rows(ONTOLOGY_DIR / "igos.csv"):
        if code == row["code"].upper():
            return Entry(row["code"], "igo")
    return None


@lru_cache(maxsize=256)
def leader_terms(person: str) -> tuple[str, ...]:
    """Start dates of the terms of ``person`` as head of state or government, oldest first."""
    rows = [
        r
        for r in _rows(GAZ_DIR / "leaders.csv")
        if r["name"] == person and r["role"] in ("head_of_state", "head_of_government")
    ]
    return tuple(sorted(r["start"] for r in rows if r["start"]))
