"""PDF -> text and metadata with pypdf (runs inside the parser worker, under a timeout and memory cap).

A PDF encrypted for permissions only (empty user password) is opened; one that needs a password is
``encrypted`` (E102); a damaged or truncated file is ``parse_error`` (E106); a PDF whose pages carry no
text layer is ``no_text`` with the flag ``ocr_needed`` (E107).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import (
    DependencyError,
    FileNotDecryptedError,
    LimitReachedError,
    PdfReadError,
    PyPdfError,
)

from ..errors import Errors, InputError, ResourceLimit
from .text import normalise

MAX_PAGES = 5000


def pdf_to_text(data: bytes, path: str) -> dict[str, Any]:
    """Text (pages joined by blank lines), title, raw creation date and page count of a PDF."""
    try:
        with _damage_log() as damage:
            reader = PdfReader(io.BytesIO(data), strict=False)
            _unlock(reader, path)
            pages = [_page_text(page) for page in reader.pages[:MAX_PAGES]]
            info = _info(reader)
    except InputError:
        raise
    except LimitReachedError as exc:
        raise ResourceLimit(Errors.E115.format(path=path)) from exc
    except (FileNotDecryptedError, DependencyError) as exc:
        raise InputError(Errors.E102.format(path=path)) from exc
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        OSError,
        UnicodeError,
        ZeroDivisionError,
    ) as exc:
        raise InputError(Errors.E106.format(path=path, detail=_short(exc))) from exc
    text = normalise("\n\n".join(page for page in pages if page.strip()))
    if not text.strip():
        if not pages:
            raise InputError(Errors.E106.format(path=path, detail="no pages found"))
        if damage:  # text lost to broken objects (e.g. an unbalanced "<<"), not a scan: OCR would not help
            detail = "damaged object: " + damage[0].splitlines()[0][:100]
            raise InputError(Errors.E106.format(path=path, detail=detail))
        raise InputError(Errors.E107.format(path=path))
    return {"text": text, "title": info.get("title"), "pdf_date": info.get("date"), "pages": len(pages)}


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


@contextmanager
def _damage_log() -> Iterator[list[str]]:
    """pypdf's warnings about damaged objects, collected (not printed): we report the file once, ourselves."""
    logger, found = logging.getLogger("pypdf"), list[str]()
    handler, saved = _Collect(found), (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _unlock(reader: PdfReader, path: str) -> None:
    """Open permission-only encryption with the empty password; anything else needs the user."""
    if not reader.is_encrypted:
        return
    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise InputError(Errors.E102.format(path=path))


def _page_text(page: Any) -> str:
    return page.extract_text() or ""


def _info(reader: PdfReader) -> dict[str, str | None]:
    try:
        meta: Any = reader.metadata or {}
    except (PdfReadError, PyPdfError, KeyError, ValueError, TypeError):
        return {}
    title = str(meta.get("/Title") or "").strip() or None
    raw = meta.get("/CreationDate") or meta.get("/ModDate")
    return {"title": title, "date": str(raw) if raw else None}


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
