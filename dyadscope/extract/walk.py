"""The sentence-by-sentence walk through one document: dates in context, then events, indicators, claims.

State carried from sentence to sentence: the previous stated date ("the following year"), the date a
paragraph's story is about (for "Trump affirmed ..." after "On July 2, 2025, Lam called Trump"), and
the people that story names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..schema import Claim, Document, Event, Indicator, Sentence
from .actors import Mention, find_groups, find_mentions, leader_terms
from .claims import extract_claims
from .dates import Context, DateMention, find_dates, needs_context, to_date
from .dates_other import find_dates_other_language
from .events import SentenceInput, extract_events_dated
from .indicators import extract_indicators
from .language import rules_apply

# A sentence continues the previous one's story when it opens with a pronoun or names the same person.
CONTINUES = re.compile(
    r"^\W*(?:He|She|They|It|The (?:two )?leaders|Both (?:leaders|sides)|The two sides"
    r"|For (?:his|her|their) part|In (?:response|turn))\b"
)
# A sentence about the previous sentence's figures ("That placed the United States 11th ...").
FIGURE_CONTINUES = re.compile(r"^\W*(?:That|This|These|Those|It|The (?:figure|total|amount|sum))\b")
ADMINISTRATION = re.compile(r"\b(?:(?P<nth>first|second) )?(?P<name>[A-Z][a-z]+) administration\b")
MIN_EVENT_WORDS = 5  # headings ("6. 2025 Trade Agreement Framework") report nothing
METADATA_LINE = re.compile(r"^\s*[A-Z][A-Z ]{2,20}:\s")  # "SOURCE: ...", "URL: ..." left in the text
STATEMENT_TITLE = re.compile(
    r"\b(?:statement|readout|fact sheet|communiqu|declaration|press release|remarks)", re.IGNORECASE
)


def document_dates(text: str, ctx: Context, language: str) -> list[DateMention]:
    if language in ("en", "vi", "", None):
        return find_dates(text, ctx)
    return find_dates_other_language(text, language, ctx)


def latest_date(found: list[list[DateMention]]) -> str | None:
    """The latest absolute date the document states (a stand-in anchor when it has no publication date)."""
    values = [d.value for dates in found for d in dates if d.kind == "absolute" and not d.uncertain]
    return max(values) if values else None


def _is_statement(doc: Document) -> bool:
    return doc.kind in ("statement", "fact_sheet") or bool(STATEMENT_TITLE.search(doc.title or ""))


def _same_paragraph(doc: Document, prev: Sentence | None, sent: Sentence) -> bool:
    if prev is None:
        return False
    between = doc.text[prev.char_end : sent.char_start] if doc.text else ""
    return "\n\n" not in between and "\n" not in between.strip(" \t")


def _statement_date(doc: Document) -> DateMention | None:
    found = to_date(doc.published)
    if not found or not _is_statement(doc):
        return None
    return DateMention(0, 0, doc.published or "", found[1])


_URL = re.compile(r"https?://\S+|www\.\S+")


def plain_text(text: str) -> str:
    """Line breaks and URLs blanked out with spaces: same length, so offsets stay those of the document."""
    text = text.replace("\n", " ").replace("\r", " ")
    return _URL.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=256)
def _title_author(title: str) -> str | None:
    """ "Statement by President Biden on ...", "Readout of Secretary Rubio's Call": the person's country."""
    people = [m for m in find_mentions(title) if m.kind in ("leader", "title", "body") and m.code]
    return people[0].code if people else None


def _administration_date(text: str, mentions: list[Mention]) -> DateMention | None:
    """ "The second Trump administration" dates a sentence to the start year of that term (uncertain)."""
    found = list(ADMINISTRATION.finditer(text))
    if len(found) != 1:
        return None
    match = found[0]
    person = next((m.person for m in mentions if m.kind == "leader" and m.start == match.start("name")), None)
    if person is None:
        return None
    terms = leader_terms(person)
    if not terms:
        return None
    index = {"first": 0, "second": 1}.get((match["nth"] or "").lower(), len(terms) - 1 if match["nth"] else 0)
    if index >= len(terms):
        return None
    year = terms[index][:4]
    return DateMention(match.start(), match.end(), year, "year", uncertain=True)


def _carry_applies(text: str, mentions: list[Mention], carry_people: set[str]) -> bool:
    people = {m.person for m in mentions if m.person}
    return bool(CONTINUES.search(text) or (people & carry_people))


@dataclass
class Walk:
    """Extraction state for one document, fed one sentence at a time in order."""

    doc: Document
    pair: tuple[str, str] | None
    ctx: Context
    language: str
    events: list[Event] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    inferred: set[str] = field(default_factory=set)  # events dated from context, not by their own sentence
    prev: Sentence | None = None
    carry: DateMention | None = None
    carry_people: set[str] = field(default_factory=set)
    figure_period: str | None = None  # the period of the previous sentence's last figure (same paragraph)
    unread: int = 0  # sentences in a language the rules do not read

    @property
    def author(self) -> str | None:
        """The country of the person a statement, readout or remarks are by (named in the title)."""
        if not _is_statement(self.doc):
            return None
        return _title_author(self.doc.title or "")

    @property
    def dyad(self) -> str | None:
        return f"{self.pair[0]}-{self.pair[1]}" if self.pair else None

    def step(self, sent: Sentence, mentions: list[Mention], first_pass: list[DateMention]) -> None:
        """Extract from one sentence, then update the carried context."""
        dates = document_dates(sent.text, self.ctx, self.language) if needs_context(sent.text) else first_pass
        if not _same_paragraph(self.doc, self.prev, sent):
            self.carry = None
            self.figure_period = None
        if not dates:
            admin = _administration_date(sent.text, mentions)
            dates = [admin] if admin else []
        readable = rules_apply(sent.text, self.doc.language)  # the rules are English; dates are not
        self.unread += not readable
        prose = readable and len(sent.text.split()) >= MIN_EVENT_WORDS and not METADATA_LINE.match(sent.text)
        events = self._events(sent, mentions, dates) if prose else []
        self.figure_period = self._indicators(sent, mentions, dates) if readable else None
        if prose:
            self._claims(sent, mentions, dates, bool(events))
        self._remember(sent, mentions, dates)

    def _indicators(self, sent: Sentence, mentions: list[Mention], dates: list[DateMention]) -> str | None:
        """Extract the sentence's figures; the period of the last one (for a sentence continuing it)."""
        continued = self.figure_period if FIGURE_CONTINUES.search(sent.text) else None
        default_period = continued or (self.doc.published or self.ctx.latest or "")[:4] or None
        found = extract_indicators(
            self.doc.id, sent.text, sent.char_start, mentions, dates, self.pair, default_period
        )
        self.indicators.extend(found)
        return found[-1].period if found else None

    def _events(self, sent: Sentence, mentions: list[Mention], dates: list[DateMention]) -> list[Event]:
        carry = self.carry if self.carry and _carry_applies(sent.text, mentions, self.carry_people) else None
        fallback = carry or _statement_date(self.doc)
        inputs = SentenceInput(
            self.doc.id,
            sent.text,
            sent.char_start,
            mentions,
            find_groups(sent.text),
            dates,
            self.pair,
            fallback,
            self.doc.published,
            self.author,
        )
        dated = extract_events_dated(inputs)
        self.inferred.update(e.id for e, carried in dated if carried)
        self.events.extend(e for e, _ in dated)
        return [e for e, _ in dated]

    def _claims(
        self, sent: Sentence, mentions: list[Mention], dates: list[DateMention], has_event: bool
    ) -> None:
        actors = sorted({m.code for m in mentions if m.code})
        first_date = next((d.value for d in dates if d.kind not in ("target", "reference")), None)
        when = first_date or (self.carry.value if self.carry else None)
        self.claims.extend(
            extract_claims(self.doc.id, sent.text, sent.char_start, actors, self.dyad, when, has_event)
        )

    def _remember(self, sent: Sentence, mentions: list[Mention], dates: list[DateMention]) -> None:
        stated = [d for d in dates if d.kind in ("absolute", "since") and not d.uncertain]
        if stated:
            self.ctx = replace(self.ctx, anchor=stated[-1].value)
        if dates:
            self.carry = next(
                (d for d in reversed(dates) if d.kind not in ("target", "reference")), self.carry
            )
            self.carry_people = {m.person for m in mentions if m.person}
        self.prev = sent
