"""`dyadscope demo`: ingest the embedded corpus into a fresh store, assess, and write the report.

Later stages are used when they are present (``Database.assess``, ``Database.report``, importable); until
then the demo still runs and writes a Markdown summary of what the store holds, so it upgrades by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

import dyadscope
from dyadscope.demo.summary import write_summary
from dyadscope.dyads import parse_dyad
from dyadscope.errors import DyadscopeError, Errors, InputError

CONFIG = Path(__file__).resolve().parent / "demo.yaml"


@dataclass
class DemoRun:
    """What one demo run produced: the store, counts, per-dyad current state and the output file."""

    out_dir: Path
    db_path: Path
    documents: int = 0
    failed: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    current: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    output: Path | None = None

    def summary_lines(self) -> list[str]:
        """Short human-readable lines for the terminal (the output path is printed separately)."""
        failed = f", {len(self.failed)} failed" if self.failed else ""
        lines = [
            f"store: {self.db_path}",
            f"documents: {self.documents} ingested{failed}",
            "extracted: " + ", ".join(f"{n} {k}" for k, n in self.counts.items()),
        ]
        lines += [f"{dyad}: {describe_current(cur)}" for dyad, cur in self.current.items()]
        for dyad, kinds in self.findings.items():
            listed = ", ".join(f"{n} {kind}" for kind, n in kinds.items()) or "none"
            lines.append(f"{dyad} findings: {listed}")
        return lines + [f"note: {note}" for note in self.notes]


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    """The demo's dyads and report format (data, not code)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    dyads = [parse_dyad(d) for d in data.get("dyads", [])]
    return {"dyads": dyads, "format": data.get("report_format", "html")}


def describe_current(current: dict[str, Any]) -> str:
    """'2025-11: score +4.20, good (mid), trend +0.31 over 12 months' from an Assessment.current dict."""
    score, trend = current.get("score"), current.get("trend")
    parts = [f"score {score:+.2f}" if isinstance(score, int | float) else "score n/a"]
    parts += [str(current[key]) for key in ("level", "framework") if current.get(key)]
    if isinstance(trend, int | float):
        parts.append(f"trend {trend:+.2f} over 12 months")
    return f"{current.get('month', '?')}: " + ", ".join(parts)


def fresh_store(out_dir: Path) -> tuple[dyadscope.Database, Path]:
    """Open OUT/demo.db after removing any previous demo store (and its SQLite side files)."""
    db_path = out_dir / "demo.db"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        probe = out_dir / ".dyadscope-write-test"
        probe.write_bytes(b"")  # fail here, with a clear message, rather than half-way through the run
        probe.unlink()
    except OSError as exc:
        raise InputError(Errors.E801.format(path=out_dir, detail=exc.strerror or exc)) from exc
    return dyadscope.open(db_path), db_path


def run_pipeline(out_dir: Path | str) -> DemoRun:
    """Ingest → assess → report (or summary), returning what happened."""
    out = Path(out_dir)
    db, db_path = fresh_store(out)
    run = DemoRun(out_dir=out, db_path=db_path)
    try:
        ingest(db, run)
        config = load_config()
        assessments = assess_all(db, run, config["dyads"])
        run.output = write_output(db, run, config, assessments)
    finally:
        db.close()
    return run


def run_demo(out_dir: Path | str) -> Path:
    """Run the demo end to end into out_dir; returns the report path (summary.md before the report stage)."""
    output = run_pipeline(out_dir).output
    assert output is not None  # write_output always returns a path
    return output


def ingest(db: dyadscope.Database, run: DemoRun) -> None:
    """Ingest the embedded corpus and count what extraction produced."""
    outcomes = db.ingest(None)
    good = [o for o in outcomes if o.status in ("ok", "duplicate")]
    run.documents = len(good)
    run.failed = [f"{o.source}: {o.message or o.status}" for o in outcomes if o not in good]
    run.counts = {"events": len(db.events()), "indicators": len(db.indicators()), "claims": len(db.claims())}
    if run.failed:
        run.notes += [f"ingest failed for {line}" for line in run.failed]


def assess_all(db: dyadscope.Database, run: DemoRun, dyads: list) -> dict[str, Any]:
    """Assess each configured dyad; a dyad the assessment refuses (a DyadscopeError) becomes a note."""
    results: dict[str, Any] = {}
    for dyad in dyads:
        try:
            results[str(dyad)] = assessment = db.assess(dyad.a, dyad.b)
        except DyadscopeError as exc:
            run.notes.append(f"assessment of {dyad} failed: {exc}")
            continue
        run.current[str(dyad)] = dict(getattr(assessment, "current", {}) or {})
        found = getattr(assessment, "findings", None)
        if isinstance(found, pd.DataFrame) and "kind" in found.columns:
            run.findings[str(dyad)] = {str(k): int(n) for k, n in found["kind"].value_counts().items()}
    return results


def write_output(
    db: dyadscope.Database, run: DemoRun, config: dict[str, Any], assessments: dict[str, Any]
) -> Path:
    """The report of the first dyad (when the config names one); always a Markdown summary too."""
    summary = write_summary(db, run, assessments, run.out_dir / "summary.md")
    dyads = config["dyads"]
    if not dyads:
        return summary
    fmt = config["format"]
    target = run.out_dir / f"report.{'md' if fmt == 'md' else fmt}"
    try:
        return Path(db.report(dyads[0].a, dyads[0].b, format=fmt, output=target))
    except DyadscopeError as exc:
        run.notes.append(f"report failed ({exc}); wrote summary.md instead")
        return summary
