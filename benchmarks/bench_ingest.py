"""Ingest throughput on a generated corpus: text docs/s and MB/s, HTML docs/s, PDF pages/s.

Targets (issue 3): >= 200 text documents/s and >= 20 PDF pages/s on 2 cores. Prints, asserts nothing.
Run: ``python benchmarks/bench_ingest.py [--docs 1000] [--pdfs 40] [--pages 10] [--extract]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

import dyadscope

SUBJECTS = ["The delegation", "The foreign minister", "A trade mission", "The coast guard", "The ministry"]
VERBS = ["met officials in", "signed an agreement in", "announced new aid for", "held talks in", "visited"]
PLACES = ["Hanoi", "Washington", "Da Nang", "Ho Chi Minh City", "Hai Phong", "Jakarta"]


def paragraph(rng: random.Random, sentences: int = 6) -> str:
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(PLACES)} on {rng.randint(1, 28)} "
        f"March {rng.randint(1995, 2025)}, and trade rose by {rng.randint(1, 40)}.{rng.randint(0, 9)} "
        "percent."
        for _ in range(sentences)
    )


def make_text_corpus(folder: Path, count: int, rng: random.Random) -> int:
    folder.mkdir(parents=True)
    size = 0
    for i in range(count):
        body = "\n\n".join(paragraph(rng) for _ in range(rng.randint(3, 8)))
        date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = f"TITLE: Generated brief {i}\nDATE: {date}\n\n{body}\n"
        suffix = ".md" if i % 3 == 0 else ".txt"
        (folder / f"doc{i:05d}{suffix}").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def make_html_corpus(folder: Path, count: int, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        paragraphs = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(5))
        page = (
            f"<html><head><title>Page {i}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Page {i}</h1>{paragraphs}</article><footer>© 2025 Example</footer></body></html>"
        )
        (folder / f"page{i:05d}.html").write_text(page, encoding="utf-8")


def make_pdf_corpus(folder: Path, count: int, pages: int, rng: random.Random) -> int:
    folder.mkdir(parents=True)
    for i in range(count):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=10)
        for _ in range(pages):
            pdf.add_page()
            for _ in range(4):
                pdf.multi_cell(0, 5, paragraph(rng))
                pdf.ln(2)
        pdf.output(str(folder / f"report{i:04d}.pdf"))
    return count * pages


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the parser workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_ingest(db_path: Path, folder: Path, extract: bool) -> tuple[float, int]:
    """Wall seconds and documents stored; also prints CPU seconds used (independent of machine load)."""
    db = dyadscope.open(db_path)
    started, cpu = time.perf_counter(), _cpu()
    outcomes = db.ingest([folder], extract=extract)
    elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    ok = sum(o.status == "ok" for o in outcomes)
    db.close()
    print(
        f"       ({folder.name}: {cpu:.2f} CPU-s in all processes = {ok / max(cpu, 1e-9):.0f} docs/CPU-s, "
        f"x2 on 2 idle cores; load average {os.getloadavg()[0]:.1f})"
    )
    return elapsed, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--html", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=40)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--extract", action="store_true", help="also run extraction (default: ingest only)")
    args = parser.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        size = make_text_corpus(root / "text", args.docs, rng)
        make_html_corpus(root / "html", args.html, rng)
        pages = make_pdf_corpus(root / "pdf", args.pdfs, args.pages, rng)
        seconds, ok = timed_ingest(root / "text.db", root / "text", args.extract)
        print(
            f"text:  {ok}/{args.docs} docs in {seconds:.2f} s = {ok / seconds:.0f} docs/s, "
            f"{size / 1e6 / seconds:.2f} MB/s (target >= 200 docs/s)"
        )
        seconds, ok = timed_ingest(root / "html.db", root / "html", args.extract)
        print(f"html:  {ok}/{args.html} docs in {seconds:.2f} s = {ok / seconds:.0f} docs/s")
        seconds, ok = timed_ingest(root / "pdf.db", root / "pdf", args.extract)
        print(
            f"pdf:   {ok}/{args.pdfs} docs, {pages} pages in {seconds:.2f} s = {pages / seconds:.0f} pages/s "
            f"(target >= 20 pages/s)"
        )
        db = dyadscope.open(root / "text.db")
        started = time.perf_counter()
        again = db.ingest([root / "text"])
        print(
            f"rerun: {sum(o.status == 'duplicate' for o in again)} duplicates skipped in "
            f"{time.perf_counter() - started:.2f} s"
        )


if __name__ == "__main__":
    main()
