"""A fast rule-based sentence splitter: text -> (start, end) character spans, in linear time.

spaCy's statistical sentencizer needs a model and chokes on megabyte-long "sentences" (spaCy#2817),
so ingestion and extraction share this splitter: it knows abbreviations (``U.S.``, ``Dr.``, ``No.``),
initials (``George W. Bush``), decimals (``$134.6 billion``), numbered list items and hard-wrapped
lines, and cuts any over-long span into bounded chunks at whitespace.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

MAX_SENTENCE_CHARS = 1000
WRAP_WIDTH = 60  # a line at least this long, cut without a full stop, continues on the next line
_LOOKBACK = 24  # longest abbreviation token we look at before a period

# A run of terminal punctuation (plus closing quotes/brackets) followed by whitespace, or a newline.
_CANDIDATE = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)|\n")
_TERMINAL = set('.!?:;"”’)')


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = yaml.safe_load(resources.files(__package__).joinpath("abbreviations.yaml").read_text("utf-8"))
    return frozenset(data["titles"]), frozenset(data["ambiguous"]), frozenset(data["openers"])


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans as ``(char_start, char_end)`` offsets into ``text``, whitespace trimmed.

    >>> split_sentences("Dr. Lee met Gen. Tran. They spoke.")
    [(0, 22), (23, 34)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if match.group() == "\n":
            if _is_wrapped_line(text, match.start()):
                continue
            cut = match.start()
        elif _is_boundary(text, match.start(), match.end()):
            cut = match.end()
        else:
            continue
        _add_span(text, start, cut, spans)
        start = cut
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    if end - start <= MAX_SENTENCE_CHARS:
        spans.append((start, end))
        return
    spans.extend(chunk_span(text, start, end))


def chunk_span(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Cut an over-long span into pieces of at most ``limit`` chars, preferring whitespace."""
    pieces = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines (PDF text, e-mail style files) so each paragraph is one line.

    Uses the same rule as the splitter; a line broken after a hyphen joins without a space.
    """
    parts: list[str] = []
    start = 0
    by_width = _looks_hard_wrapped(text)
    newline = text.find("\n")
    while newline != -1:
        if _is_wrapped_line(text, newline, by_width=by_width):
            left = text[start:newline].rstrip(" \t")
            parts.append(left if left.endswith("-") else left + " ")
            start = newline + 1
            while start < len(text) and text[start] in " \t":
                start += 1
        newline = text.find("\n", newline + 1)
    parts.append(text[start:])
    return "".join(parts)


def _looks_hard_wrapped(text: str) -> bool:
    """True when some lines plainly continue on the next (it ends unpunctuated, the next starts lowercase).

    Only then may a long unpunctuated line be taken as wrapped: in HTML and Markdown, where every
    paragraph is one line, a long line without a full stop is a heading, not half a sentence.
    """
    lines = [line.strip() for line in text.split("\n")]
    pairs = sum(
        1
        for line, nxt in zip(lines, lines[1:], strict=False)
        if line and nxt and line[-1] not in _TERMINAL and nxt[0].islower()
    )
    return pairs >= max(2, len([line for line in lines if line]) // 20)


def _is_wrapped_line(text: str, newline: int, *, by_width: bool = True) -> bool:
    """A single newline inside a hard-wrapped paragraph (PDF text, e-mail style files).

    Wrapped when no terminal mark precedes it and the next line starts in lowercase, or the line
    before is as long as a filled line (a heading is short; ``WRAP_WIDTH`` chars is not a heading).
    """
    before = newline - 1
    while before >= 0 and text[before] in " \t\r":
        before -= 1
    if before < 0 or text[before] == "\n" or text[before] in _TERMINAL:
        return False
    after = newline + 1
    while after < len(text) and text[after] in " \t":
        after += 1
    if after >= len(text) or text[after] == "\n":
        return False
    if text[after].islower():
        return True
    if not by_width:
        return False
    line_start = text.rfind("\n", max(0, newline - WRAP_WIDTH - 1), newline)
    return line_start == -1 and newline >= WRAP_WIDTH or newline - line_start > WRAP_WIDTH


def _is_boundary(text: str, punct_start: int, punct_end: int) -> bool:
    """Decide whether the punctuation at ``punct_start`` ends a sentence."""
    if text[punct_start] != "." or punct_end - punct_start > 1 and text[punct_start + 1] in ".!?":
        return True  # ! ? and ellipses end sentences
    token = _token_before(text, punct_start)
    following = _word_after(text, punct_end)
    if following[:1].islower() or following[:1] in {",", ";", ")"}:
        return False  # "approx. five", "etc., and"
    titles, ambiguous, openers = _lexicon()
    bare = token.lstrip("(\"'“‘[")
    if bare in titles:
        return False
    if len(bare) == 1 and bare.isupper():
        return False  # an initial: "George W. Bush"
    if bare in ambiguous:
        return following.rstrip(",;:") in openers
    if bare.isdigit() and len(bare) <= 2 and _starts_line(text, punct_start - len(token)):
        return False  # numbered list item "1. Overview"
    return True


def _token_before(text: str, end: int) -> str:
    start = end
    floor = max(0, end - _LOOKBACK)
    while start > floor and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _word_after(text: str, start: int) -> str:
    while start < len(text) and text[start] in " \t":
        start += 1
    end = start
    limit = min(len(text), start + _LOOKBACK)
    while end < limit and not text[end].isspace():
        end += 1
    return text[start:end]


def _starts_line(text: str, pos: int) -> bool:
    pos -= 1
    while pos >= 0 and text[pos] in " \t":
        pos -= 1
    return pos < 0 or text[pos] == "\n"
