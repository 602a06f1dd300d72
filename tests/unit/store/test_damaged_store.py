"""Issue 14, case c50: `doctor` reports a damaged store (no crash); `ingest` refuses to write into it."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

import dyadscope
from dyadscope.errors import StoreError

TEXT = "Vietnam and the United States signed a trade agreement in Hanoi on 5 March 2024. "


def _damaged_store(tmp_path: Path) -> Path:
    """A store with 40 documents whose middle pages are overwritten with junk."""
    path = tmp_path / "damaged.db"
    db = dyadscope.open(path)
    for i in range(40):
        (tmp_path / f"d{i}.txt").write_text(f"Document {i}. " + TEXT * 20)
    db.ingest(sorted(tmp_path.glob("d*.txt")), extract=False)
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size, pages = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count"))
    with open(path, "r+b") as fh:
        for page in range(pages // 3, pages // 3 + 6):
            fh.seek(page * page_size + 100)
            fh.write(b"\xde\xad\xbe\xef" * 200)
    return path


def test_c50_doctor_reports_a_damaged_store(tmp_path, monkeypatch, capsys):
    path = _damaged_store(tmp_path)
    report = dyadscope.open(path).doctor()
    assert report["integrity_check"] != "ok" and "\n" not in report["integrity_check"]

    from dyadscope.cli import main

    monkeypatch.setattr(sys, "argv", ["dyadscope", "doctor", "--db", str(path)])
    with pytest.raises(SystemExit) as info:
        main()
    out, err = capsys.readouterr()
    assert info.value.code == 1 and "unexpected" not in err and "integrity_check" in out


def test_c50_ingest_refuses_a_damaged_store(tmp_path):
    path = _damaged_store(tmp_path)
    (tmp_path / "new.txt").write_text("A new document. " + TEXT)
    with sqlite3.connect(path) as conn:
        before = conn.execute("SELECT count(*) FROM ingest_log").fetchone()
    with pytest.raises(StoreError) as info:
        dyadscope.open(path).ingest([tmp_path / "new.txt"])
    assert info.value.code == "E507" and "\n" not in info.value.message
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM ingest_log").fetchone() == before
