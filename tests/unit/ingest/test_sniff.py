from __future__ import annotations

import pytest

from dyadscope.ingest.sniff import sniff

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    "head, suffix, kind",
    [
        (b"%PDF-1.7\n1 0 obj", ".txt", "pdf"),  # a PDF named .txt
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", ".pdf", "html"),  # HTML named .pdf
        (b"<html><body>hi</body></html>", ".zip", "html"),
        (b"Plain words here.", ".txt", "text"),
        (b"# Title\n\nBody", ".md", "markdown"),
        (PNG, ".txt", "binary"),
        (bytes(range(32)) * 100, ".txt", "binary"),
        (b"\x00\x01\x02\x03" * 500, ".txt", "binary"),  # a NUL rhythm like UTF-16, but not text
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, ".txt", "binary"),
        (b"<?xml version='1.0'?><rss><channel></channel></rss>", ".xml", "feed"),
        (b"just text pretending", ".pdf", "unsupported"),
        ("Hello “world”".encode("utf-16"), ".txt", "text"),
    ],
)
def test_sniff_picks_parser_from_bytes(head: bytes, suffix: str, kind: str) -> None:
    assert sniff(head, suffix).kind == kind
