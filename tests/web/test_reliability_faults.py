"""Issue 14, store faults: c31 concurrent creation of a new store, c32 a store on read-only storage,
c50 a corrupted store, c53 E503 on one line."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_store import build_sample_store

import dyadscope
from dyadscope.errors import ReadOnly, StoreError

ROOT = Path(__file__).resolve().parents[2]


# -- c31: creating a store is safe under concurrency ------------------------------------------------
def _open_store(path: str, results: multiprocessing.Queue) -> None:
    try:
        dyadscope.open(path).close()
        results.put("ok")
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(f"{type(exc).__name__}: {exc}")


def test_c31_processes_racing_to_create_a_store_all_succeed(tmp_path):
    context = multiprocessing.get_context("fork")
    for trial in range(6):
        path = str(tmp_path / f"race{trial}.db")
        results = context.Queue()
        workers = [context.Process(target=_open_store, args=(path, results)) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        assert sorted(results.get(timeout=5) for _ in workers) == ["ok"] * 4, trial
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM schema_meta").fetchone() == (1,)
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_c31_two_ingests_create_one_store(tmp_path):
    texts = [
        "The leaders of Vietnam and the United States met in Hanoi on 5 March 2024. " * 2,
        "Trade between the United States and Vietnam grew in 2024, officials in Hanoi said. " * 2,
    ]
    files = []
    for i, text in enumerate(texts):
        files.append(tmp_path / f"doc{i}.txt")
        files[-1].write_text(text)
    db = tmp_path / "new.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from dyadscope.cli import main; main()",
                "ingest",
                str(f),
                "--db",
                str(db),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    errors = [p.communicate(timeout=240)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert len(dyadscope.open(db).documents()) == 2


# -- c32: a store on read-only storage serves, assesses and reports read-only ------------------------
@pytest.fixture
def read_only_store(tmp_path: Path) -> Iterator[Path]:
    """The sample store on read-only storage: a read-only tmpfs as root, else chmod."""
    build_sample_store(tmp_path / "src.db").close()
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        shutil.copy(tmp_path / "src.db", folder / "s.db")
        os.chmod(folder / "s.db", 0o444)
        os.chmod(folder, 0o555)
        try:
            yield folder / "s.db"
        finally:
            os.chmod(folder, 0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(folder)]).returncode:
        pytest.skip("cannot mount a tmpfs to make read-only storage")
    try:
        shutil.copy(tmp_path / "src.db", folder / "s.db")
        assert subprocess.run(["mount", "-o", "remount,ro", str(folder)]).returncode == 0
        yield folder / "s.db"
    finally:
        subprocess.run(["umount", "-l", str(folder)])  # lazy: the test's engine may still hold the file


def test_c32_read_only_storage_serves_assesses_and_reports(read_only_store, tmp_path):
    db = dyadscope.open(read_only_store)
    assert db.read_only
    assert len(db.documents()) > 0
    assert db.assess("USA", "VNM").current is not None  # no snapshot written, no error
    assert db.report("USA", "VNM", output=tmp_path / "r.html").exists()
    assert db.doctor()["integrity_check"] == "ok"
    with pytest.raises(ReadOnly):
        db.delete_document(db.documents()["id"].iloc[0])


def test_c32_upload_to_read_only_storage_is_403(read_only_store):
    from dyadscope.web.app import create_app

    app = create_app(read_only_store, allow_ingest=True)
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert client.get("/api/v1/documents").status_code == 200
    response = client.post("/api/v1/ingest", files={"file": ("a.txt", b"Ministers met in Hanoi.")})
    assert (response.status_code, response.json()["code"]) == (403, "E703")


# -- c53: E503 on one line ---------------------------------------------------------------------------
@pytest.mark.parametrize("broken", [False, True])
def test_c53_store_error_is_one_line(tmp_path, broken):
    from sqlalchemy.exc import IntegrityError

    from dyadscope.store.engine import _detail

    if broken:  # a file that is not a database
        path = tmp_path / "not-a-store.db"
        path.write_bytes(b"this is not a database file at all, just some bytes. " * 200)
        with pytest.raises(StoreError) as info:
            dyadscope.open(path)
        assert info.value.code == "E503" and "\n" not in info.value.message
    else:  # what a driver error looks like: the statement and parameters on further lines
        exc = IntegrityError(
            "INSERT INTO schema_meta (key, value) VALUES (?, ?)", ("v", "1"), Exception("UNIQUE")
        )
        assert "\n" in str(exc)
        assert "\n" not in _detail(exc, "sqlite:///x.db") and "UNIQUE" in _detail(exc, "sqlite:///x.db")
