"""Document upload: refused unless the server runs with --allow-ingest; size cap and type check first.

The upload is written under a fresh temporary directory with a sanitised name, ingested through
``db.ingest`` (the same path as the CLI), then deleted.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from ..errors import Errors, ReadOnly, ResourceLimit, UnsupportedUpload
from .state import WebState

ALLOWED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
CHUNK = 1 << 16


def safe_name(name: str | None) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "upload.txt").name).strip("._") or "upload"
    return stem[:100]


def check_type(name: str, head: bytes) -> None:
    """Suffix in the allow-list, and a PDF suffix only on PDF bytes, text suffixes never on binary."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UnsupportedUpload(Errors.E707)
    is_pdf = head.startswith(b"%PDF-")
    if (suffix == ".pdf") != is_pdf or (
        not is_pdf and b"\x00" in head[:4096] and head[:2] not in (b"\xff\xfe", b"\xfe\xff")
    ):
        raise UnsupportedUpload(Errors.E707)


async def read_capped(upload: UploadFile, cap: int) -> bytes:
    data = bytearray()
    while chunk := await upload.read(CHUNK):
        data.extend(chunk)
        if len(data) > cap:
            raise ResourceLimit(Errors.E706.format(size=f"more than {cap}", cap=cap))
    return bytes(data)


async def ingest_upload(state: WebState, request: Request) -> list[Any]:
    """Check, store in a temp dir, ingest; returns the IngestOutcome list."""
    if not state.allow_ingest or state.read_only:
        raise ReadOnly(Errors.E703)
    form = await request.form(max_files=1, max_fields=5, max_part_size=1024)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise UnsupportedUpload(Errors.E707)
    data = await read_capped(upload, state.max_upload_bytes)
    name = safe_name(upload.filename)
    check_type(name, data[:8192])
    with tempfile.TemporaryDirectory(prefix="dyadscope-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return await asyncio.to_thread(state.db.ingest, [path], max_bytes=state.max_upload_bytes)
