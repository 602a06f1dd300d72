"""Metadata written at the top of a text or Markdown file: YAML front matter or ``KEY: value`` lines.

``---\\ntitle: …\\ndate: 2025-10-26\\n---`` and ``TITLE: …`` / ``DATE: 2025-10-26`` header lines are
both read and removed from the body, so the stored text is the document itself.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "dated": "published",
    "source": "publisher",
    "publisher": "publisher",
    "author": "author",
    "url": "url",
    "kind": "kind",
    "type": "kind",
    "language": "language",
    "lang": "language",
    "country": "country",
}
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(\n|\Z)", re.DOTALL)
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}):[ \t]+(\S.{0,300})$")
_MAX_HEADER_LINES = 12


def split_headers(text: str) -> tuple[dict[str, str], str, int]:
    """``(metadata, body, offset)``: metadata with canonical keys, the body and where it starts."""
    found = _FRONT.match(text)
    if found:
        meta = _front_matter(found.group(1))
        if meta is not None:
            return meta, text[found.end() :], found.end()
    return _header_lines(text)


def _front_matter(block: str) -> dict[str, str] | None:
    try:
        data: Any = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    meta = {}
    for key, value in data.items():
        name = HEADER_KEYS.get(str(key).strip().lower())
        if name and value is not None and not isinstance(value, dict | list):
            meta[name] = str(value).strip()
    return meta


def _header_lines(text: str) -> tuple[dict[str, str], str, int]:
    """``KEY: value`` lines at the very top, up to the first blank or non-header line."""
    meta: dict[str, str] = {}
    offset = 0
    for count, line in enumerate(text.split("\n")):
        if count >= _MAX_HEADER_LINES:
            break
        found = _HEADER_LINE.match(line.strip())
        name = HEADER_KEYS.get(found.group(1).strip().lower()) if found else None
        if not name:
            break
        meta[name] = found.group(2).strip()  # type: ignore[union-attr]
        offset += len(line) + 1
    if not meta:
        return {}, text, 0
    return meta, text[offset:], offset
