"""Extraction throughput: sentences per second for full extraction (events, indicators, claims).

Builds a corpus of at least 5,000 sentences from the demo corpus (and the shared seeds and eval
documents when ../shared is present), each copy a distinct document, then times extract_document in
one process and in a pool of two. Prints numbers and asserts nothing (see STYLE.md).
Run: .venv/bin/python benchmarks/bench_extract.py [--sentences N]
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dyadscope.demo import corpus_paths
from dyadscope.extract import extract_document
from dyadscope.extract.reader import read_document
from dyadscope.schema import Document, Sentence

SHARED = Path(os.environ.get("DYADSCOPE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def _sources() -> list[Path]:
    paths = list(corpus_paths())
    if SHARED.exists():
        paths += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "eval" / "docs").glob("*.txt"))
    return [p for p in paths if p.name != "README.md"]


def build_corpus(target: int) -> list[tuple[Document, list[Sentence]]]:
    """Copies of the source documents (distinct ids) until ``target`` sentences are reached."""
    base = [read_document(p) for p in _sources()]
    corpus: list[tuple[Document, list[Sentence]]] = []
    total, copy = 0, 0
    while total < target:
        for doc, sentences in base:
            clone = doc.model_copy(update={"id": f"{doc.id[:48]}{copy:016d}"})
            corpus.append((clone, [s.model_copy(update={"doc_id": clone.id}) for s in sentences]))
            total += len(sentences)
        copy += 1
    return corpus


def _run(batch: list[tuple[Document, list[Sentence]]]) -> tuple[int, int, int, int]:
    sentences = events = indicators = claims = 0
    for doc, sents in batch:
        out = extract_document(doc, sents)
        sentences += len(sents)
        events, indicators, claims = (
            events + len(out.events),
            indicators + len(out.indicators),
            claims + len(out.claims),
        )
    return sentences, events, indicators, claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=6000)
    args = parser.parse_args()
    corpus = build_corpus(args.sentences)
    _run(corpus[:3])  # warm caches (gazetteer regex, YAML files, profiles)
    start, cpu = time.perf_counter(), time.process_time()
    n, events, indicators, claims = _run(corpus)
    single, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"corpus: {len(corpus)} documents, {n} sentences -> {events} events, {indicators} indicators, "
        f"{claims} claims"
    )
    print(
        f"1 process : {n / single:8.0f} sentences/s wall ({single:.2f} s), "
        f"{n / cpu:8.0f} sentences/s of CPU time"
    )
    print(
        f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(other work slows the wall figures)"
    )
    halves = [corpus[0::2], corpus[1::2]]
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_run, [c[:2] for c in halves]))  # start and warm the workers
        start = time.perf_counter()
        total = sum(r[0] for r in pool.map(_run, halves))
        double = time.perf_counter() - start
    print(f"2 processes: {total / double:8.0f} sentences/s ({double:.2f} s); target >= 1000/s on 2 cores")


if __name__ == "__main__":
    main()
