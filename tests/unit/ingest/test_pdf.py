from __future__ import annotations

import pytest
from ingest_builders import TEXT_OPS, encrypt_pdf, make_image_pdf, make_pdf, raw_pdf

from dyadscope.errors import DyadscopeError
from dyadscope.ingest.pdf import pdf_to_text

PARAGRAPHS = [
    "DATE: 2025-11-20",
    "Defense ties between the two countries have grown steadily since 2016.",
    "Both navies held a search and rescue exercise in the spring.",
]


def test_pdf_text_title_and_pages() -> None:
    result = pdf_to_text(make_pdf(PARAGRAPHS, title="Security brief", pages=3), "brief.pdf")
    assert "search and rescue exercise" in result["text"]
    assert result["title"] == "Security brief" and result["pages"] == 3


def test_pdf_permissions_only_encryption_opens_with_empty_password() -> None:
    result = pdf_to_text(encrypt_pdf(make_pdf(PARAGRAPHS), ""), "perm.pdf")
    assert "Defense ties" in result["text"]


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("locked.pdf", lambda: encrypt_pdf(make_pdf(PARAGRAPHS), "s3cret"), "E102"),
        ("truncated.pdf", lambda: make_pdf(PARAGRAPHS)[:700], "E106"),
        ("noise.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "E106"),
        ("scan.pdf", make_image_pdf, "E107"),
    ],
)
def test_pdf_bad_files_give_coded_errors_naming_the_file(name: str, data, code: str) -> None:
    with pytest.raises(DyadscopeError) as info:
        pdf_to_text(data(), name)
    assert info.value.code == code and name in info.value.message
    if code == "E102":
        assert "password" in info.value.message
    if code == "E107":
        assert "ocr_needed" in info.value.message


def test_pdf_decompression_bomb_is_a_resource_limit() -> None:
    bomb = raw_pdf(TEXT_OPS + b" " * 300_000_000, flate=True)  # 300 MB inflated, ~300 KB on disk
    assert len(bomb) < 1_000_000
    with pytest.raises(DyadscopeError) as info:
        pdf_to_text(bomb, "bomb.pdf")
    assert info.value.code == "E115" and "bomb.pdf" in info.value.message


def test_pdf_circular_prev_xref_does_not_hang() -> None:
    looped = raw_pdf(TEXT_OPS, trailer_extra=b"/Prev {xref} ")
    assert "Relations improved" in pdf_to_text(looped, "loop.pdf")["text"]


def test_pdf_unbalanced_dictionary_is_a_parse_error_not_a_scan() -> None:
    """RELIABILITY case 13: an unbalanced ``<<`` loses the text: damage (E106), not ocr_needed (E107)."""
    good = raw_pdf(TEXT_OPS)
    broken = good.replace(b">>\nstream", b"  \nstream", 1)  # same length: the xref offsets stay right
    assert broken != good and len(broken) == len(good)
    with pytest.raises(DyadscopeError) as info:
        pdf_to_text(broken, "unbalanced.pdf")
    assert info.value.code == "E106" and "unbalanced.pdf" in info.value.message
    assert "damaged object" in info.value.message and "ocr_needed" not in info.value.message
