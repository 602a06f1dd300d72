"""FetchReport: the slices of a ``fetch gdelt`` window, what was done with each, and the import of them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import Errors
from .report import ImportReport


@dataclass
class SliceState:
    """One slice of the window: what the plan said and how it ended (``ok``, ``skipped``, ``failed``,
    ``missing``; ``planned`` in a dry run)."""

    slice: str
    name: str | None
    size: int | None
    action: str  # download, reuse, skip, unlisted
    status: str = "planned"
    reason: str = ""
    attempts: int = 0
    downloaded: bool = False
    rows_loaded: int = 0


@dataclass
class FetchReport:
    """Outcome of ``db.fetch_gdelt``: the slices and their fate, and the import of the verified files.

    ``ok`` is False when a slice failed, a listed slice is missing, or the import quarantined rows;
    the CLI then exits 1. Slices GDELT never listed are recorded as missing but do not fail the run.
    """

    version: int
    source: str
    base_url: str
    since: str
    until: str
    folder: str
    dry_run: bool = False
    slices: list[SliceState] = field(default_factory=list)
    imported: ImportReport = field(default_factory=ImportReport)
    bytes_downloaded: int = 0
    seconds: float = 0.0

    def _count(self, **match: Any) -> int:
        return sum(all(getattr(s, k) == v for k, v in match.items()) for s in self.slices)

    @property
    def ok(self) -> bool:
        return not self.problems() and self.imported.ok

    def problems(self) -> list[str]:
        """A coded message (E310 failed, E311 missing) for every slice that spoils the run."""
        messages = []
        for s in self.slices:
            if s.status == "failed":
                messages.append(
                    Errors.E310.format(slice=s.slice, name=s.name, attempts=s.attempts, reason=s.reason)
                )
            elif s.status == "missing" and s.action != "unlisted":
                messages.append(Errors.E311.format(slice=s.slice, name=s.name, reason=s.reason))
        return messages

    def totals(self) -> dict[str, Any]:
        download = [s for s in self.slices if s.action == "download"]
        return {
            "slices": len(self.slices),
            "listed": len(self.slices) - self._count(action="unlisted"),
            "unlisted": self._count(action="unlisted"),
            "already_ok": self._count(action="skip"),
            "to_download": len(download),
            "bytes_to_download": sum(s.size or 0 for s in download),
            "reused": self._count(action="reuse"),
            "downloaded": self._count(downloaded=True),
            "bytes_downloaded": self.bytes_downloaded,
            "imported": self._count(status="ok"),
            "failed": self._count(status="failed"),
            "missing": self._count(status="missing"),
            "rows_read": self.imported.rows_read,
            "rows_loaded": self.imported.rows_loaded,
            "rows_quarantined": self.imported.rows_quarantined,
            "rows_filtered": self.imported.rows_filtered,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "version": self.version,
            "since": self.since,
            "until": self.until,
            "base_url": self.base_url,
            "folder": self.folder,
            **self.totals(),
            "seconds": round(self.seconds, 3),
            "slices": [asdict(s) for s in self.slices],
            "problems": self.problems(),
            "import": self.imported.to_json(),
        }
