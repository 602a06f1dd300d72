"""PDF -> text and metadata with pypdf (runs inside the parser worker, under a timeout and memory cap).

A PDF encrypted for permissions only (empty user password) is opened; one that needs a password is
``encrypted`` (E102); a damaged or truncated file is ``parse_error`` (E106); a PDF whose pages carry no
text layer is ``no_text`` with the flag ``ocr_needed`` (E107).
"""

from __future__ import annotations

import io
import logging
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
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported by us, once
    try:
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
        raise InputError(Errors.E107.format(path=path))
    return {"text": text, "title": info.get("title"), "pdf_date": info.get("date"), "pages": len(pages)}


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
