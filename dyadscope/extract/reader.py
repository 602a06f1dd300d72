"""Read one file into a Document and its sentences for ``dyadscope extract`` (no database).

Uses the ingest stage's own parsers, so ``extract FILE`` sees exactly the text ``ingest`` would store;
HTML and PDF parsing runs in the ingest worker pool (its own process, time and memory limits).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Errors, InputError
from ..schema import Document, Sentence


def read_document(path: str | Path, *, timeout: float = 30.0) -> tuple[Document, list[Sentence]]:
    """The Document and sentences ingest would build for ``path``; InputError for unreadable files."""
    doc, sentences, _order = read_document_and_order(path, timeout=timeout)
    return doc, sentences


def read_document_and_order(
    path: str | Path, *, timeout: float = 30.0
) -> tuple[Document, list[Sentence], str | None]:
    """:func:`read_document` plus the source's numeric date order ("DMY"/"MDY"/None), as ingest reads it."""
    from ..ingest.document import build_document
    from ..ingest.parsers import PARSERS, parse_plain, parsed_from_job
    from ..ingest.published import date_order
    from ..ingest.sniff import sniff
    from ..ingest.text import read_capped
    from ..ingest.worker import ParserPool

    file = Path(path)
    if not file.is_file():
        raise InputError(Errors.E111.format(path=path))
    data = read_capped(file)
    label = str(path)
    if not data.strip():
        raise InputError(Errors.E103.format(path=label))
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data[:8192], file.suffix.lower())
    if kind.kind == "binary":
        raise InputError(Errors.E104.format(path=label, kind=kind.detail))
    if kind.kind == "unsupported" or (kind.kind not in ("text", "markdown") and kind.kind not in PARSERS):
        raise InputError(Errors.E112.format(path=label, kind=kind.detail))
    if kind.kind in ("text", "markdown"):
        parsed = parse_plain(data, label, sha, markdown=kind.kind == "markdown")
    else:
        with ParserPool(1, timeout=timeout) as pool:
            result = pool.run(PARSERS[kind.kind], data, label, path=label)
        parsed = parsed_from_job(result, label, sha, kind.kind)
    doc, sentences = build_document(parsed)
    return doc, sentences, date_order(parsed.text, parsed.meta, parsed.source)
