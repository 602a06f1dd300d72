"""The embedded demo corpus: original documents on U.S.-Vietnam (and China-Vietnam) relations, 1994-2026."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from dyadscope.demo.pdf import SOURCE as PDF_SOURCE
from dyadscope.demo.pdf import render_pdf

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SUFFIXES = frozenset({".md", ".html", ".htm", ".pdf", ".txt"})
PDF_NAME = PDF_SOURCE.with_suffix(".pdf").name

__all__ = ["CORPUS_DIR", "build_pdf", "corpus_paths", "expected", "run_demo"]


def build_pdf(target_dir: Path | None = None) -> Path:
    """Render the corpus PDF from its Markdown source (into the corpus folder, else a temp cache folder)."""
    cache = Path(tempfile.gettempdir()) / "dyadscope-demo"
    for folder in [target_dir] if target_dir else [CORPUS_DIR, cache]:
        try:
            return render_pdf(PDF_SOURCE, folder / PDF_NAME)
        except OSError:
            # An installed package may sit in a read-only site-packages: fall back to the cache folder.
            continue
    raise OSError(f"cannot write the demo PDF {PDF_NAME} into {CORPUS_DIR} or the temp folder")


def corpus_paths() -> list[Path]:
    """The demo documents in a stable order; builds the PDF first when it is missing."""
    paths = sorted(p for p in CORPUS_DIR.iterdir() if p.suffix.lower() in SUFFIXES and p.name != "README.md")
    if not any(p.name == PDF_NAME for p in paths):
        paths = sorted([*paths, build_pdf()], key=lambda p: p.name)
    return paths


def expected() -> dict[str, Any]:
    """The hand-made yardstick for the demo corpus: events, indicators and findings a reader would list."""
    return yaml.safe_load((Path(__file__).resolve().parent / "expected.yaml").read_text(encoding="utf-8"))


def run_demo(out_dir: Path | str) -> Path:
    """Ingest the corpus into OUT/demo.db, assess, write the report; returns the report path."""
    from dyadscope.demo.run import run_demo as _run

    return _run(out_dir)
