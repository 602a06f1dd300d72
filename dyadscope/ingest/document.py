"""Build the Document record and its sentences from parsed text and the metadata found on the way.

The id is the sha256 of the cleaned text (the same words from two files are one document);
``content_sha256`` hashes the raw bytes as read (the cheap duplicate check before parsing).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from ..errors import Errors, InputError
from ..schema import Document, Sentence
from .clean import clean_text
from .published import find_published
from .sentences import split_sentences

KINDS = ("report", "news", "statement", "fact_sheet", "dataset", "other")
_KIND_CUES = (  # (kind, regex over the title and the first 600 characters)
    ("fact_sheet", r"\bfact ?sheet\b"),
    (
        "statement",
        r"\b(joint statement|press statement|statement by|statement of|statement on|press release|"
        r"remarks by|readout|communiqu[eé]|declaration)\b",
    ),
    ("report", r"\b(report|assessment|analysis|white paper|working paper|brief(ing)? paper|study)\b"),
    (
        "news",
        r"\b(Reuters|Associated Press|AFP|[Nn]ews [Aa]gency)\b|^[A-Z][A-Z .]{2,30}(,[^\n]{0,30})? (—|–|--) ",
    ),
)
_BREADCRUMB = re.compile(r"^[^.!?]{1,80}( / | > | » )[^.!?]{1,80}$")
_SUBSTANTIVE = re.compile(r"(\w+\W+){3,}\w+|[^\x00-\x7f]{12,}")


@dataclass
class Parsed:
    """What a parser found in one input, before cleaning."""

    text: str
    source: str
    content_sha256: str
    fmt: str  # text, markdown, html, pdf, feed
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    html_date: str | None = None
    pdf_date: str | None = None
    language: str | None = None
    pages: int = 0


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_document(parsed: Parsed) -> tuple[Document, list[Sentence]]:
    """Clean, date, title and split one parsed input; E103/E110 when no text remains."""
    cleaned, language = clean_text(parsed.text)
    if not cleaned.strip():
        if parsed.fmt == "html":
            raise InputError(Errors.E110.format(path=parsed.source))
        if not parsed.text.strip():
            raise InputError(Errors.E103.format(path=parsed.source))
        size = len(parsed.text.strip().encode("utf-8"))  # text there, but none of it a document's
        raise InputError(Errors.E116.format(path=parsed.source, size=size))
    if parsed.fmt in ("html", "feed") and not _SUBSTANTIVE.search(cleaned):
        raise InputError(Errors.E110.format(path=parsed.source))
    published = find_published(
        parsed.text,
        meta=parsed.meta,
        source=parsed.source,
        html_date=parsed.html_date,
        pdf_raw_date=parsed.pdf_date,
    )
    title = guess_title(parsed, cleaned)
    if language == "und" or len(cleaned) < 40:
        language = (parsed.meta.get("language") or parsed.language or language or "und")[:8]
    doc_id = sha256_text(cleaned)
    doc = Document(
        id=doc_id,
        title=title,
        published=published.value if published else None,
        published_precision=published.precision if published else None,  # type: ignore[arg-type]
        date_ambiguous=bool(published and published.ambiguous),
        source=parsed.source,
        language=language,
        kind=guess_kind(parsed.meta.get("kind"), title, cleaned),  # type: ignore[arg-type]
        text=cleaned,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        encoding=parsed.encoding,
        content_sha256=parsed.content_sha256,
        publisher=parsed.meta.get("publisher"),
        supersedes=None,
        dyad=None,
    )
    sentences = [
        Sentence(doc_id=doc_id, idx=i, char_start=start, char_end=end, text=cleaned[start:end])
        for i, (start, end) in enumerate(split_sentences(cleaned))
    ]
    return doc, sentences


def guess_title(parsed: Parsed, cleaned: str) -> str:
    """Metadata title, the parser's title, a short first line (not a breadcrumb), else the file name."""
    for candidate in (parsed.meta.get("title"), parsed.title):
        if candidate and candidate.strip():
            return _one_line(candidate)
    for line in cleaned.split("\n")[:6]:
        line = line.strip().lstrip("#").strip()
        if 3 <= len(line) <= 150 and not _BREADCRUMB.match(line) and not line.endswith((".", ":")):
            return _one_line(line)
    return _name_of(parsed.source)


def guess_kind(declared: str | None, title: str, text: str) -> str:
    """Declared kind when valid, else the first cue found in the title and opening; else 'other'."""
    if declared and declared.strip().lower().replace(" ", "_") in KINDS:
        return declared.strip().lower().replace(" ", "_")
    head = f"{title}\n{text[:600]}"
    for kind, cue in _KIND_CUES:
        if re.search(cue, head, re.IGNORECASE if kind != "news" else re.MULTILINE):
            return kind
    return "report" if len(text) > 20_000 else "other"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:300]


def _name_of(source: str) -> str:
    if "://" in source:
        parts = urlsplit(source)
        name = PurePath(parts.path).stem or parts.hostname or source
    else:
        name = PurePath(source).stem
    return name.replace("_", " ").replace("-", " ").strip() or source
