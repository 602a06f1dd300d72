"""The English rules read English sentences only: Vietnamese text yields its dates and names, no records."""

from __future__ import annotations

import pytest

from dyadscope.extract import Extraction, extract_document
from dyadscope.extract.language import reads_as_english, rules_apply
from dyadscope.schema import Document, Sentence

# Written for these tests: Vietnamese sentences with English glosses in brackets and figures in the
# Vietnamese number format (comma for decimals, full stop for thousands). Read by the English rules
# they gave a phone call, an embargo lifting and figures of 11 and 134 dollars.
VIETNAMESE = [
    "Ngày 4/4/2025, Tổng Bí thư Tô Lâm điện đàm với Tổng thống Donald Trump (phone call) về thuế quan.",
    "Hoa Kỳ dỡ bỏ lệnh cấm vận (lifted the embargo) đối với Việt Nam vào ngày 3/2/1994.",
    "Tính đến tháng 1/2025, vốn FDI của Hoa Kỳ tại Việt Nam đạt USD 11,8 tỷ với 1.429 dự án.",
    "Kim ngạch thương mại (trade) giữa hai nước năm 2024 đạt $134,6 tỷ, theo Tổng cục Hải quan Việt Nam.",
]


def _doc(lines: list[str], language: str, title: str = "Việt Nam và Hoa Kỳ") -> Extraction:
    text = "\n".join(lines)
    doc = Document(
        id="v" * 8,
        title=title,
        published="2025-07-20",
        source="test",
        text=text,
        language=language,
        ingested_at="2026-01-30T00:00:00Z",
    )
    sentences, pos = [], 0
    for i, part in enumerate(lines):
        sentences.append(Sentence(doc_id=doc.id, idx=i, char_start=pos, char_end=pos + len(part), text=part))
        pos += len(part) + 1
    return extract_document(doc, sentences)


def test_issue_vietnamese_document_yields_no_english_rule_records() -> None:
    out = _doc(VIETNAMESE, "vi")
    assert (out.events, out.indicators, out.claims) == ([], [], [])
    assert out.dyad == "USA-VNM" and out.unread == len(VIETNAMESE)  # names still settle the pair


def test_issue_english_quote_in_a_vietnamese_document_is_still_read() -> None:
    quote = "On 4 April 2025, General Secretary To Lam called President Trump and offered to negotiate."
    out = _doc([*VIETNAMESE[:2], quote], "vi")
    calls = [(e.date, e.source_actor, e.target_actor) for e in out.events if e.event_code == "041"]
    assert calls == [("2025-04-04", "VNM", "USA")]
    assert out.unread == 2


def test_issue_vietnamese_footer_of_an_english_document_is_skipped() -> None:
    english = "Two-way trade between the United States and Vietnam reached $150 billion in 2024."
    out = _doc([english, VIETNAMESE[2]], "en", title="Trade with Vietnam")
    assert [(i.name, i.value) for i in out.indicators] == [("goods_trade_total", 150e9)]
    assert out.unread == 1


@pytest.mark.parametrize(
    ("text", "language", "read"),
    [
        ("General Secretary Tô Lâm thanked President Biden.", "en", True),  # accented names are not foreign
        ("Nguyễn Phú Trọng met Barack Obama at the White House in July 2015.", "en", True),
        ("Bản quyền thuộc về Báo Sông Hồng, ghi rõ nguồn khi phát hành lại.", "en", False),
        ("The two leaders agreed to hold talks again in the autumn.", "vi", True),
        ("Hai nước nâng cấp quan hệ lên Đối tác Chiến lược Toàn diện.", "vi", False),
        ("Le président a visité Hanoï et signé un accord.", "fr", False),
        ("Short English line.", "und", True),  # an undetermined language is read as before
    ],
)
def test_language_rules_apply_to_english_sentences(text: str, language: str, read: bool) -> None:
    assert rules_apply(text, language) is read


def test_language_function_words_decide() -> None:
    assert reads_as_english("The visit was the first by a sitting president since the war.")
    assert not reads_as_english("Tổng thống Obama thăm Việt Nam tháng 5/2016 (the visit).")
