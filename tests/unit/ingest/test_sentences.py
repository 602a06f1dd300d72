from __future__ import annotations

import time

import pytest

from dyadscope.ingest.sentences import MAX_SENTENCE_CHARS, split_sentences, unwrap_lines


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Lee met Gen. Tran in Hanoi. They spoke.", ["Dr. Lee met Gen. Tran in Hanoi.", "They spoke."]),
        (
            "Trade reached $134.6 billion in 2024. Exports grew.",
            ["Trade reached $134.6 billion in 2024.", "Exports grew."],
        ),
        (
            "President George W. Bush came in Nov. 2006 for APEC. He left.",
            ["President George W. Bush came in Nov. 2006 for APEC.", "He left."],
        ),
        ("The U.S. Navy sent a ship. It docked.", ["The U.S. Navy sent a ship.", "It docked."]),
        ("Aid came from the U.S. The talks ended.", ["Aid came from the U.S.", "The talks ended."]),
        (
            "Resolution No. 57 was adopted. Why? Reform!",
            ["Resolution No. 57 was adopted.", "Why?", "Reform!"],
        ),
        ('He said: "We agree." Then he left.', ['He said: "We agree."', "Then he left."]),
        ("  1. Overview of relations\n  2. China\n", ["1. Overview of relations", "2. China"]),
        (
            "Heading\n\nBody text starts here. It goes on.",
            ["Heading", "Body text starts here.", "It goes on."],
        ),
        ("a line that wraps\nover two lines. Next.", ["a line that wraps\nover two lines.", "Next."]),
        ("", []),
        ("   \n\n ", []),
    ],
)
def test_sentences_split_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_sentences_offsets_point_into_text() -> None:
    text = "First one. Second one!  Third?\nFourth"
    for start, end in split_sentences(text):
        assert text[start:end] == text[start:end].strip() and text[start:end]


def test_sentences_two_megabyte_sentence_is_chunked_in_linear_time() -> None:
    text = ("word " * 400_000).strip()  # 2 MB, no punctuation
    started = time.perf_counter()
    spans = split_sentences(text)
    elapsed = time.perf_counter() - started
    assert len(spans) >= len(text) // MAX_SENTENCE_CHARS
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert elapsed < 5  # generous: guards against quadratic behaviour only


def test_sentences_unbroken_run_without_spaces_is_hard_cut() -> None:
    spans = split_sentences("x" * 2500)
    assert [end - start for start, end in spans] == [1000, 1000, 500]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "grown steadily since the arms\nembargo was lifted.",
            "grown steadily since the arms embargo was lifted.",
        ),
        (
            "a text that is\nplainly hard\nwrapped with a line long enough to be a filled line, so it wraps\n"
            "United States agreed.",
            "a text that is plainly hard wrapped with a line long enough to be a filled line, so it wraps "
            "United States agreed.",
        ),
        (
            "Twenty-five years of relations between old foes: a view from Hanoi\nOn 12 July 1995 it ended.",
            "Twenty-five years of relations between old foes: a view from Hanoi\nOn 12 July 1995 it ended.",
        ),
        ("Short heading\nBody starts here.", "Short heading\nBody starts here."),
        ("It ended.\nThen more.", "It ended.\nThen more."),
        ("with rela-\ntions", "with rela-tions"),
        ("  1. Item\n  2. Item", "  1. Item\n  2. Item"),
        ("Paragraph one.\n\nparagraph two", "Paragraph one.\n\nparagraph two"),
    ],
)
def test_sentences_unwrap_lines(text: str, expected: str) -> None:
    assert unwrap_lines(text) == expected
