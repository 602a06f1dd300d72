"""How ``dyadscope ingest`` shows its work: one line per input, a progress bar only on a terminal."""

from __future__ import annotations

import sys
from collections import Counter
from types import TracebackType
from typing import Any

from ..schema import IngestOutcome
from .pipeline import FAILED


def outcome_line(outcome: IngestOutcome) -> str:
    """``status  id-prefix  title  counts`` for stored documents; ``status  -  message`` for the rest."""
    doc = (outcome.doc_id or "-")[:12].ljust(12)
    if outcome.status == "ok":
        counts = ", ".join(
            plural(n, word)
            for n, word in (
                (outcome.sentences, "sentence"),
                (outcome.events, "event"),
                (outcome.indicators, "indicator"),
                (outcome.claims, "claim"),
            )
        )
        extra = f"  ({outcome.message})" if outcome.message else ""
        flags = f"  [{', '.join(outcome.flags)}]" if outcome.flags else ""
        return f"{outcome.status:<14} {doc}  {outcome.title or outcome.source}  —  {counts}{extra}{flags}"
    return f"{outcome.status:<14} {doc}  {outcome.message or outcome.source}"


def summary_line(outcomes: list[IngestOutcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    failed = sum(n for status, n in counts.items() if status in FAILED)
    return (
        f"{counts.get('ok', 0)} ingested, {counts.get('duplicate', 0)} duplicate, {failed} failed "
        f"({plural(len(outcomes), 'input')})"
    )


def plural(n: int | None, word: str) -> str:
    """``1 event``, ``2 events``, ``0 events``."""
    return f"{n or 0} {word}{'' if n == 1 else 's'}"


class OutcomePrinter:
    """Prints each outcome line as it arrives (table format) under a rich progress bar on a TTY."""

    def __init__(self, *, lines: bool = True) -> None:
        self.lines = lines
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> OutcomePrinter:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=sys.stdout.isatty(),
                redirect_stderr=False,
            )
            self._progress.start()
        return self

    def update(self, outcome: IngestOutcome, done: int, total: int) -> None:
        if self._progress is not None:
            if self._task is None:
                self._task = self._progress.add_task("ingest", total=total)
            self._progress.update(self._task, completed=done, total=total)
        if self.lines:
            sys.stdout.write(outcome_line(outcome) + "\n")
            sys.stdout.flush()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
