from __future__ import annotations

import re

import pytest

from dyadscope.ingest.clean import clean_text

BODY = [
    "The two countries agreed to expand cooperation on clean energy and education during the visit.",
    "Officials said trade had grown every year since the partnership was upgraded.",
    "Share of exports going to the United States rose to about thirty percent last year.",
    "Follow-up talks are planned for the autumn in Washington.",
]


def test_clean_strips_notices_related_blocks_and_trailing_foreign_lines() -> None:
    text = "\n\n".join(
        [
            "Headline about the visit",
            *BODY,
            "Mời quý độc giả theo dõi tin tức trên trang của chúng tôi",
            "Viết bình luận",
            "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
            "Related",
            "Another story about ports",
            "Another story about ports",
            "A short teaser summary of the other story, which is not part of this article.",
            "Second related title",
            "Second related title",
            "Its teaser, also not part of this article.",
        ]
    )
    cleaned, language = clean_text(text)
    assert language == "en"
    for sentence in BODY:
        assert sentence in cleaned
    for gone in ("reCAPTCHA", "Related", "Another story", "teaser", "bình luận", "Mời"):
        assert gone not in cleaned
    assert cleaned.endswith(BODY[-1])


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to improve your experience. Accept all cookies",
        "Share on Facebook",
        "Facebook Twitter LinkedIn Email",
        "Follow us on Twitter",
        "© 2025 Example News. All rights reserved.",
        "Comments (12)",
    ],
)
def test_clean_drops_widget_lines(line: str) -> None:
    cleaned, _ = clean_text("\n".join([BODY[0], line, BODY[1]]))
    assert line not in cleaned and BODY[0] in cleaned and BODY[1] in cleaned


def test_clean_keeps_body_lines_that_resemble_boilerplate_words() -> None:
    text = "\n".join(
        BODY
        + [
            "Copyright protection remains weak, the report said.",
            "Related talks on fisheries will follow next year.",
        ]
    )
    cleaned, _ = clean_text(text)
    assert cleaned == text


def test_clean_keeps_a_non_english_document_whole() -> None:
    text = (
        "Hai nước đã nhất trí mở rộng hợp tác trong lĩnh vực năng lượng sạch và giáo dục.\n"
        "Các quan chức cho biết thương mại tăng trưởng mỗi năm kể từ khi nâng cấp quan hệ."
    )
    cleaned, language = clean_text(text)
    assert cleaned == text and language == "vi"


def test_clean_seed_002_keeps_body_and_loses_boilerplate(shared_dir) -> None:
    raw = next((shared_dir / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    cleaned, language = clean_text(raw)
    assert language == "en"
    cut = raw.index("reCAPTCHA")
    body_paragraphs = [p.strip() for p in raw[:cut].split("\n\n") if len(p.strip()) > 150]
    assert len(body_paragraphs) > 20
    for paragraph in body_paragraphs:
        assert paragraph in cleaned
    assert "reCAPTCHA" not in cleaned
    assert not re.search(r"^Related$", cleaned, re.MULTILINE)
    assert cleaned.endswith(body_paragraphs[-1])
