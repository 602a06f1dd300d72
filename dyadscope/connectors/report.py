"""ImportReport: what a bulk import read, loaded, quarantined and filtered, per file and in total."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS = 200  # problems listed one by one; the counts always cover every row


@dataclass
class ImportReport:
    """Outcome of ``db.import_gdelt`` / ``import_unvotes`` / ``import_csv``.

    ``rows_read`` counts data lines, ``rows_loaded`` the records newly written to the store,
    ``rows_quarantined`` the malformed rows (each one in ``problems`` with file and line, and in the
    ``quarantine`` table), ``rows_filtered`` the valid rows left out on purpose (``--dyad``,
    ``--from``/``--to``, no state or IGO actor; reasons in ``filtered``). ``ok`` is False when a row
    was quarantined or a file failed; the CLI then exits 1.
    """

    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_filtered: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    filtered: Counter = field(default_factory=Counter)
    files: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.rows_quarantined == 0 and not any(f["status"] == "failed" for f in self.files)

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0

    def add_problem(self, path: str, line: int | None, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append({"path": path, "line": line, "reason": reason})

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "rows_filtered": self.rows_filtered,
            "filtered": dict(self.filtered),
            "problems": self.problems,
            "files": self.files,
            "seconds": round(self.seconds, 3),
        }
