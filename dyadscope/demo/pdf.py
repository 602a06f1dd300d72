"""Build the demo corpus PDF from its Markdown source with fpdf2 (deterministic bytes, dated metadata).

The PDF is committed; fpdf2 is a dev dependency, imported only when the PDF is rebuilt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from fpdf import FPDF

PDF_SOURCE_DIR = Path(__file__).resolve().parent / "pdf_source"
SOURCE = PDF_SOURCE_DIR / "08_security_legacy_2025.md"

# The PDF core fonts are Latin-1 only; map the typographic characters the sources may use.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (metadata, body) of a Markdown text with a leading `---` YAML block."""
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    return (meta if isinstance(meta, dict) else {}), body


def _blocks(body: str) -> list[tuple[str, str]]:
    """Split Markdown into (kind, text) blocks: h1, h2 or p (paragraph lines joined)."""
    blocks: list[tuple[str, str]] = []
    for chunk in body.strip().split("\n\n"):
        line = " ".join(part.strip() for part in chunk.strip().splitlines())
        if line.startswith("## "):
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:]))
        elif line:
            blocks.append(("p", line))
    return blocks


def _published(meta: dict) -> dt.datetime:
    """The publication date from the front matter, as a UTC datetime at midnight."""
    value = meta["published"]
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def render_pdf(source: Path, target: Path) -> Path:
    """Render one Markdown file with front matter (title, published, source, kind) to a PDF at target."""
    meta, body = split_front_matter(source.read_text(encoding="utf-8"))
    published = _published(meta)
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(str(meta.get("title", source.stem)).translate(_LATIN1))
    pdf.set_author(str(meta.get("source", "dyadscope demo")).translate(_LATIN1))
    pdf.set_subject(f"kind: {meta.get('kind', 'report')}")
    pdf.set_creator("dyadscope demo corpus")
    pdf.set_producer("dyadscope demo corpus (fpdf2)")
    # A fixed creation date makes the bytes (and fpdf2's content-derived /ID) reproducible, so the
    # content-hash document id is stable across builds.
    pdf.set_creation_date(published)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for kind, text in _blocks(body):
        _write_block(pdf, kind, text.translate(_LATIN1))
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))
    return target


def _write_block(pdf: FPDF, kind: str, text: str) -> None:
    """Write one heading or paragraph."""
    size, style, gap = {"h1": (15, "B", 4), "h2": (12, "B", 2), "p": (10.5, "", 3)}[kind]
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, size * 0.55, text.replace("*", ""), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)
