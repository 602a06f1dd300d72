"""Strip site boilerplate from extracted text while keeping every body sentence; detect the language.

Removed: notice and widget lines (reCAPTCHA, cookies, share/follow prompts — patterns in
``boilerplate.yaml``), "Related" blocks of teaser titles and summaries, repeated teaser lines, and
trailing lines in another language than the body (py3langid). Body paragraphs are never touched:
every rule works on whole lines, and only on lines that look like titles, teasers or notices.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .sentences import unwrap_lines

_TERMINAL = (".", "!", "?", ".”", '."', "?”", "!”", ":")
TITLE_MAX = 160  # a line this short without a terminal mark reads as a title or link
TEASER_MAX = 400  # a summary line under a teaser title
NOTICE_MAX = 300
_SEPARATORS = re.compile(r"\s+[|·•/–-]\s+|\s*[|·•]\s*")  # between notices on one line


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = yaml.safe_load(resources.files(__package__).joinpath("boilerplate.yaml").read_text("utf-8"))
    compile_all = lambda items: [re.compile(p, re.IGNORECASE) for p in items]  # noqa: E731
    return compile_all(data["lines"]), compile_all(data["related_headings"])


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability (py3langid) from three spread samples of 600 characters."""
    if not text.strip():
        return "und", 0.0
    if len(text) > 1800:  # three spread samples are as telling as the whole and keep this O(1)
        middle = len(text) // 2
        text = "\n".join((text[:600], text[middle : middle + 600], text[-600:]))
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


def clean_text(text: str) -> tuple[str, str]:
    """``(cleaned_text, language)``; lines of the cleaned text are lines of the input."""
    notices, headings = _patterns()
    lines = [line.rstrip() for line in text.split("\n")]
    lines = [line for line in lines if not _is_notice(line.strip(), notices)]
    lines = _drop_related_blocks(lines, headings)
    lines = _drop_repeated_short_lines(lines)
    body = "\n".join(line for line in lines if len(line) > TITLE_MAX) or "\n".join(lines)
    language, prob = detect_language(body)
    lines = _drop_trailing_foreign(lines, language if prob >= 0.5 else None)
    cleaned = re.sub(r"\n{3,}", "\n\n", unwrap_lines("\n".join(lines))).strip()
    return cleaned, language


def _is_notice(line: str, notices: list[re.Pattern[str]]) -> bool:
    """A notice line, or a line of notices joined by separators ("Share on Facebook | Follow us")."""
    if not line or len(line) > NOTICE_MAX:
        return False
    if any(p.fullmatch(line) for p in notices):
        return True
    parts = [part.strip() for part in _SEPARATORS.split(line)]
    return len(parts) > 1 and all(not part or any(p.fullmatch(part) for p in notices) for part in parts)


def _is_title_like(line: str) -> bool:
    return len(line) <= TITLE_MAX and not line.endswith(_TERMINAL)


def _drop_related_blocks(lines: list[str], headings: list[re.Pattern[str]]) -> list[str]:
    """From a "Related" heading, drop title lines, their repeats and the summaries under them."""
    keep = list(lines)
    i = 0
    while i < len(keep):
        if not (
            keep[i].strip() and len(keep[i]) < 60 and any(h.fullmatch(keep[i].strip()) for h in headings)
        ):
            i += 1
            continue
        end, previous_title = i + 1, True
        while end < len(keep):
            line = keep[end].strip()
            if not line:
                end += 1
                continue
            if _is_title_like(line):
                previous_title = True
            elif previous_title and len(line) <= TEASER_MAX:
                previous_title = False  # the summary under a teaser title
            else:
                break
            end += 1
        del keep[i:end]
    return keep


def _drop_repeated_short_lines(lines: list[str]) -> list[str]:
    """Keep the first of repeated title-like lines (teasers printed twice, repeated bylines)."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = line.strip().casefold()
        if key and _is_title_like(line.strip()):
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return kept


def _drop_trailing_foreign(lines: list[str], language: str | None) -> list[str]:
    """Drop short lines at the end written in another language than the body."""
    if language is None:
        return lines
    end = len(lines)
    while end > 0:
        line = lines[end - 1].strip()
        if not line:
            end -= 1
            continue
        if len(line) > NOTICE_MAX or not _is_foreign(line, language):
            break
        end -= 1
    return lines[:end]


def _is_foreign(line: str, language: str) -> bool:
    lang, prob = _identifier().classify(line)
    if lang == language or prob < 0.9:
        return False
    has_non_ascii_letter = any(ch.isalpha() and not ch.isascii() for ch in line)
    return has_non_ascii_letter or len(line.split()) >= 4
