"""Cut a document's text into sentences and highlighted pieces for the document page.

Each sentence becomes an anchor (``#s-<idx>``) so citations can link to it; each extracted span
(event, indicator, claim) becomes a highlighted piece with its kind. The template escapes every piece.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Piece:
    text: str
    kinds: tuple[str, ...] = ()
    cited: bool = False


@dataclass
class Block:
    """A sentence (idx set) or the text between two sentences (idx None)."""

    idx: int | None
    pieces: list[Piece] = field(default_factory=list)


def spans_of(frames: dict[str, pd.DataFrame]) -> list[tuple[int, int, str]]:
    spans = []
    for kind, frame in frames.items():
        if frame.empty:
            continue
        for start, end in zip(frame["char_start"], frame["char_end"], strict=False):
            if pd.notna(start) and pd.notna(end) and int(end) > int(start):
                spans.append((int(start), int(end), kind))
    return spans


def cut(
    text: str, start: int, end: int, spans: list[tuple[int, int, str]], cited: tuple[int, int] | None
) -> list[Piece]:
    """Pieces of text[start:end] split at every span boundary inside it."""
    marks = {start, end}
    for s, e, _ in spans:
        marks.update(x for x in (s, e) if start < x < end)
    if cited:
        marks.update(x for x in cited if start < x < end)
    bounds = sorted(marks)
    pieces = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        kinds = tuple(sorted({k for s, e, k in spans if s <= a and b <= e}))
        is_cited = bool(cited and cited[0] <= a and b <= cited[1])
        pieces.append(Piece(text[a:b], kinds, is_cited))
    return pieces


def blocks(
    text: str,
    sentences: pd.DataFrame,
    spans: list[tuple[int, int, str]],
    cited: tuple[int, int] | None = None,
) -> list[Block]:
    """The whole text as sentence blocks and gap blocks, in order."""
    out: list[Block] = []
    pos = 0
    rows = sentences.sort_values("char_start") if not sentences.empty else sentences
    for idx, start, end in zip(
        rows.get("idx", []), rows.get("char_start", []), rows.get("char_end", []), strict=False
    ):
        start, end = max(int(start), pos), min(int(end), len(text))
        if start > pos:
            out.append(Block(None, [Piece(text[pos:start])]))
        if end > start:
            out.append(Block(int(idx), cut(text, start, end, spans, cited)))
            pos = end
    if pos < len(text):
        out.append(Block(None, cut(text, pos, len(text), spans, cited)))
    return out


def sentence_at(sentences: pd.DataFrame, char_start: int) -> int | None:
    """Index of the sentence holding ``char_start`` (None if no sentence does)."""
    if sentences.empty:
        return None
    hit = sentences[(sentences["char_start"] <= char_start) & (sentences["char_end"] > char_start)]
    return int(hit["idx"].iloc[0]) if not hit.empty else None
