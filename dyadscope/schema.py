"""Pydantic models of the public JSON contract: Document, Sentence, Event, Indicator, Claim.

These shapes are what ``--format json``, the web API and every export print. Field names and
meanings follow DESIGN.md; a change here is a change of the public contract.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Dimension = Literal["diplomatic", "security", "economic", "human_rights", "people", "legacy"]
DIMENSIONS: tuple[str, ...] = ("diplomatic", "security", "economic", "human_rights", "people", "legacy")
Status = Literal["reported", "planned", "hypothetical", "negated"]
STATUSES: tuple[str, ...] = ("reported", "planned", "hypothetical", "negated")
Precision = Literal["day", "month", "year"]
Stance = Literal["driver", "constraint"]
DocKind = Literal["report", "news", "statement", "fact_sheet", "dataset", "other"]
Origin = Literal["document", "gdelt", "unvotes", "csv", "scenario"]
IngestStatus = Literal[
    "ok",
    "no_text",
    "encrypted",
    "parse_error",
    "parse_timeout",
    "resource_limit",
    "duplicate",
    "unsupported",
    "fetch_error",
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Sentence(Record):
    doc_id: str
    idx: int
    char_start: int
    char_end: int
    text: str


class Document(Record):
    id: str = Field(description="sha256 of the cleaned text, hex")
    title: str
    published: str | None = Field(
        None, description="ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from the document"
    )
    published_precision: Precision | None = None
    date_ambiguous: bool = False
    source: str = Field(description="path, URL or publisher")
    language: str = "en"
    kind: DocKind = "other"
    text: str
    ingested_at: str = Field(description="UTC timestamp, ISO 8601")
    encoding: str | None = None
    content_sha256: str | None = Field(None, description="sha256 of the raw bytes as read")
    supersedes: str | None = Field(None, description="id of the earlier version of the same source")
    dyad: str | None = Field(None, description="the document's main dyad, e.g. USA-VNM, when known")
    publisher: str | None = Field(None, description="who published it, from the document's own metadata")


class Event(Record):
    id: str
    doc_id: str | None
    date: str
    date_precision: Precision
    source_actor: str
    target_actor: str
    source_person: str | None = None
    event_code: str
    event_label: str
    goldstein: float
    quad_class: int
    dimension: Dimension
    status: Status
    text: str
    char_start: int
    char_end: int
    confidence: float = Field(ge=0.0, le=1.0)
    origin: Origin = "document"
    source_url: str | None = None
    date_ambiguous: bool = False
    date_uncertain: bool = False
    num_mentions: int | None = None
    num_sources: int | None = None
    num_articles: int | None = None
    avg_tone: float | None = None
    source_event_id: str | None = None


class Indicator(Record):
    id: str
    doc_id: str | None
    name: str
    value: float
    unit: str
    period: str
    reporter: str | None = None
    partner: str | None = None
    source_attribution: str | None = None
    measure: Literal["flow", "stock", "level", "count", "rate", "rank"] = "flow"
    text: str = ""
    char_start: int = 0
    char_end: int = 0
    confidence: float = 0.8
    origin: Origin = "document"


class Claim(Record):
    id: str
    doc_id: str | None
    factor: str | None
    stance: Stance
    dimension: Dimension
    kind: Literal["interest", "driver", "constraint", "risk", "perception"] = "driver"
    actors: list[str] = Field(default_factory=list)
    date: str | None = None
    text: str
    char_start: int
    char_end: int
    confidence: float = Field(ge=0.0, le=1.0)
    hedged: bool = False


class IngestOutcome(Record):
    """One row of the ingest log: what happened to one input."""

    source: str
    status: IngestStatus
    doc_id: str | None = None
    message: str | None = None
    code: str | None = None
    title: str | None = None
    sentences: int = 0
    events: int = 0
    indicators: int = 0
    claims: int = 0
    flags: list[str] = Field(default_factory=list, description="e.g. ocr_needed, date_ambiguous")
