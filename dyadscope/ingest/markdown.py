"""Markdown -> plain text with markdown-it-py: headings and paragraphs become lines, markup goes.

Raw HTML inside Markdown (``<script>``, ``<img onerror=…>``) is dropped, not kept as text, and links
keep their words but never their targets (so a ``javascript:`` link leaves nothing executable).
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

_BLOCK_ENDS = {"paragraph_close", "heading_close", "th_close", "td_close", "tr_close"}
_SKIP_CONTENT_TAGS = ("<script", "<style", "<iframe", "<object", "<template")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Parse every link as a link (even javascript:) so its target is dropped with the markup
    # instead of the whole "[text](javascript:…)" staying behind as literal text.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """``(text, title)``: the document as lines of plain text, and its first heading if any."""
    tokens = _parser().parse(source)
    lines: list[str] = []
    title = None
    current: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "inline":
            words = _inline_text(token.children or [])
            if words:
                current.append(words)
            if title is None and i > 0 and tokens[i - 1].type == "heading_open":
                title = words or None
        elif token.type in ("fence", "code_block"):
            lines.extend(line for line in token.content.splitlines() if line.strip())
        elif token.type in _BLOCK_ENDS and current:
            separator = " | " if token.type in ("th_close", "td_close") else ""
            if separator:
                current.append(separator)
                continue
            lines.append("".join(current).strip(" |"))
            current = []
    if current:
        lines.append("".join(current).strip(" |"))
    return "\n\n".join(line for line in lines if line), title


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    skipping = False
    for child in children:
        if child.type == "html_inline":
            tag = child.content.lower()
            if tag.startswith(_SKIP_CONTENT_TAGS):
                skipping = True
            elif tag.startswith("</"):
                skipping = False
            continue
        if skipping:
            continue
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts).strip()
