from __future__ import annotations

import codecs

import pytest

from dyadscope.errors import ResourceLimit
from dyadscope.ingest.text import decode, read_capped

SMART = "The minister said “we agree” – and that’s final. Trade rose by 5 percent."
GERMAN = "Die Beziehungen für beide Länder sind gut, sagte der Minister. Grüße aus Berlin."
CHINESE = "越南和美国的关系在过去三十年中发展迅速。两国贸易额持续增长，合作领域不断扩大。"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SMART.encode("utf-8"), SMART, "utf-8"),
        (codecs.BOM_UTF8 + SMART.encode("utf-8"), SMART, "utf-8 (BOM)"),
        (SMART.encode("utf-16"), SMART, "utf-16 (BOM)"),
        (SMART.encode("utf-16-le"), SMART, "utf-16-le"),
        (SMART.encode("cp1252"), SMART, "cp1252"),
        (GERMAN.encode("latin-1"), GERMAN, "cp1252"),
        (b"Line one\x00 with NULs\x00.\r\nLine two.", "Line one with NULs.\nLine two.", "utf-8"),
    ],
)
def test_text_decode_encodings(data: bytes, text: str, encoding: str) -> None:
    assert decode(data, "x.txt") == (text, encoding)


def test_text_decode_gb2312() -> None:
    text, encoding = decode(CHINESE.encode("gb2312"), "cn.txt")
    assert text == CHINESE
    assert encoding.replace("_", "").lower() in {"gb2312", "gb18030", "gbk"}


@pytest.mark.parametrize(
    "data", [SMART.encode("cp1252"), GERMAN.encode("latin-1"), b"ok \xff\xfe bytes \x81"]
)
def test_text_decode_never_leaves_replacement_characters(data: bytes) -> None:
    text, _ = decode(data, "x.txt")
    assert "\ufffd" not in text and "\x00" not in text


def test_text_read_capped_refuses_before_reading(tmp_path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(100_000_001)  # sparse: 100 MB on paper
    with pytest.raises(ResourceLimit) as info:
        read_capped(big, 50_000_000)
    assert (
        info.value.code == "E105" and "big.txt" in info.value.message and "--max-bytes" in info.value.message
    )
