"""Pick a parser from the bytes, not the file name: a PDF named .txt is a PDF, HTML named .pdf is HTML.

Binary data (images, archives, executables) is ``binary`` (E104); text in a format dyadscope does not
read is ``unsupported`` (E112).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import puremagic

from .text import looks_utf16

SUFFIX_KINDS = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
INGESTIBLE_SUFFIXES = frozenset(k for k in SUFFIX_KINDS if k)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]", re.IGNORECASE)
_FEED = re.compile(rb"<\?xml|<rss[\s>]|<feed[\s>]|<!DOCTYPE\s+(rss|feed)", re.IGNORECASE)
_TEXT_CONTROLS = set(b"\t\n\r\x0c\x08\x1b")
_CONTROL_BYTE = re.compile(rb"[\x00-\x07\x0b\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True)
class Sniffed:
    kind: str  # text, markdown, html, pdf, feed, binary, unsupported
    detail: str = ""


def sniff(head: bytes, suffix: str = "") -> Sniffed:
    """Decide the document type from the first bytes (a few KB are enough) and the name's suffix."""
    suffix = suffix.lower()
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    binary = _binary_kind(head)
    if binary:
        return Sniffed("binary", binary)
    probe = head[:4096]
    wide = looks_utf16(probe)
    if wide:
        probe = probe.decode(wide, errors="ignore").encode("utf-8")
    if _FEED.search(probe[:512]) and not _HTML.search(probe[:1024]):
        return Sniffed("feed")
    if _HTML.search(probe[:2048]) or SUFFIX_KINDS.get(suffix) == "html":
        return Sniffed("html")
    if SUFFIX_KINDS.get(suffix) == "markdown":
        return Sniffed("markdown")
    if SUFFIX_KINDS.get(suffix) in ("pdf", "feed"):
        return Sniffed("unsupported", f"{suffix} file that is neither PDF nor XML")
    return Sniffed("text")


def _binary_kind(head: bytes) -> str:
    """A short description when ``head`` is binary data, else ''."""
    if not head:
        return ""
    if _plain_utf8(head):
        return ""  # the common case, decided without the signature tables
    try:
        matches = puremagic.magic_string(head[:8192])
    except (puremagic.PureError, ValueError):
        matches = []
    for match in matches:
        mime = match.mime_type or ""
        if match.confidence >= 0.8 and mime and not mime.startswith("text/") and "xml" not in mime:
            return match.name or mime
    if looks_utf16(head):
        return ""
    sample = head[:8192]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if controls / len(sample) > 0.05:
        return "control bytes"
    return ""


def _plain_utf8(head: bytes) -> bool:
    """UTF-8 text without control bytes (a cut multi-byte character at the end is fine)."""
    if _CONTROL_BYTE.search(head, 0, 8192):
        return False
    try:
        head[:8192].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= min(len(head), 8192) - 3
    return True
