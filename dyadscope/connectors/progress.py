"""Terminal progress for bulk imports: a rich bar with rows/s and ETA, silent off a TTY or in CI."""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .report import ImportReport


def enabled() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class ImportProgress:
    """Context manager whose ``update(file, done, total)`` is the ``progress`` callback of an import."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.tasks: dict[str, tuple[TaskID, float]] = {}

    def __enter__(self) -> ImportProgress:
        if enabled():
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=False,
            )
            self.bar.start()
        return self

    def update(self, name: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if name not in self.tasks:
            self.tasks[name] = (self.bar.add_task(name, total=max(total, 1), rate=""), time.perf_counter())
        task_id, started = self.tasks[name]
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        self.bar.update(task_id, completed=done, rate=f"{rate:,.0f} rows/s")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.stop()


def summary_lines(report: ImportReport, *, limit: int = 20) -> list[str]:
    """What the import did, for stderr: totals, why rows were left out, the first problems."""
    lines = [
        f"read {report.rows_read:,} rows, loaded {report.rows_loaded:,}, quarantined "
        f"{report.rows_quarantined:,}, filtered {report.rows_filtered:,} "
        f"in {report.seconds:.1f} s ({report.rows_per_second:,.0f} rows/s)"
    ]
    for why, count in report.filtered.most_common():
        lines.append(f"  filtered {count:,}: {why}")
    listed = set()
    for entry in report.files:
        if entry["status"] != "ok":
            listed.add(str(entry["path"]))
            message = entry.get("message", "")
            where = "" if str(entry["path"]) in message else f"{entry['path']}: "  # coded messages name it
            lines.append(f"  {entry['status']}: {where}{message}")
    for problem in report.problems[:limit]:
        if not problem["line"] and str(problem["path"]) in listed:
            continue  # a whole file's failure: already on its file line above
        where = f"{problem['path']}:{problem['line']}" if problem["line"] else problem["path"]
        lines.append(
            f"  quarantined {where}: {problem['reason']}"
            if problem["line"]
            else f"  error {where}: {problem['reason']}"
        )
    hidden = report.rows_quarantined - sum(1 for p in report.problems[:limit] if p["line"])
    if hidden > 0:
        lines.append(f"  … and {hidden:,} more quarantined rows (see the quarantine table)")
    return lines
