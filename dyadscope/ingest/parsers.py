"""The parser for each sniffed format, and :func:`process`: bytes -> Document, sentences, Extraction.

:func:`process` is what the worker pool runs for every input (a persistent pool, so no process is
started per file): parsing, cleaning, dating, sentence splitting and extraction all happen under the
pool's timeout and memory cap, on as many cores as the pool has, while the main process reads,
deduplicates and writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..schema import Document, Sentence
from .document import Parsed, build_document
from .feed import feed_to_text
from .headers import split_headers
from .html import html_to_text
from .markdown import markdown_to_text
from .pdf import pdf_to_text
from .text import decode

PARSERS: dict[str, Callable[[bytes, str], dict[str, Any]]] = {
    "html": html_to_text,
    "pdf": pdf_to_text,
    "feed": feed_to_text,
}


def parse_plain(data: bytes, label: str, sha: str, *, markdown: bool = False) -> Parsed:
    """Decode text or Markdown, lift its header/front-matter metadata, render Markdown to text."""
    text, encoding = decode(data, label)
    meta, body, _offset = split_headers(text)
    title = None
    if markdown:
        body, title = markdown_to_text(body)
    return Parsed(
        text=body,
        source=label,
        content_sha256=sha,
        fmt="markdown" if markdown else "text",
        title=title,
        meta=meta,
        encoding=encoding,
    )


def parsed_from_job(result: dict[str, Any], label: str, sha: str, fmt: str) -> Parsed:
    """A worker's dict as :class:`Parsed`; PDFs may carry header lines at the top of their text too."""
    text = result.get("text") or ""
    meta: dict[str, str] = {}
    if fmt == "pdf":
        meta, text, _offset = split_headers(text)
    if result.get("publisher") and "publisher" not in meta:
        meta["publisher"] = str(result["publisher"])
    return Parsed(
        text=text,
        source=label,
        content_sha256=sha,
        fmt=fmt,
        title=result.get("title"),
        meta=meta,
        encoding=result.get("encoding"),
        html_date=result.get("published"),
        pdf_date=result.get("pdf_date"),
        language=result.get("language"),
        pages=int(result.get("pages") or 0),
    )


def process(
    fmt: str, data: bytes, label: str, sha: str, extract: bool
) -> tuple[Document, list[Sentence], Any]:
    """Parse, clean, date, split and (optionally) extract one input; raises coded DyadscopeErrors."""
    if fmt in ("text", "markdown"):
        parsed = parse_plain(data, label, sha, markdown=fmt == "markdown")
    else:
        parsed = parsed_from_job(PARSERS[fmt](data, label), label, sha, fmt)
    doc, sentences = build_document(parsed)
    extraction = None
    if extract:
        from ..extract import extract_document
        from .published import date_order

        # The order the source's publication date was read in applies to its events too (case 23).
        order = date_order(parsed.text, parsed.meta, parsed.source)
        extraction = extract_document(doc, sentences, date_order=order)
    return doc, sentences, extraction
