"""Shared fixtures, defined once: tmp_db, demo_db, runner, shared_dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyadscope

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DYADSCOPE_SHARED", ROOT.parent / "shared"))


# PostgreSQL, tested for real: with DYADSCOPE_TEST_PG_URL set (`make test` starts a throwaway cluster and
# sets it), every test of these suites that uses `tmp_db` runs twice, on SQLite and on PostgreSQL, with the
# same assertions, so both backends give identical numbers.
PG_URL = os.environ.get("DYADSCOPE_TEST_PG_URL")
PG_SUITES = ("unit/store", "unit/ingest", "unit/assess", "web", "unit/connectors/test_eventdata.py")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if PG_URL and "store_backend" in metafunc.fixturenames:
        where = Path(str(metafunc.definition.path)).resolve().relative_to(ROOT / "tests").as_posix()
        if where.startswith(PG_SUITES):
            metafunc.parametrize("store_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store_backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` (always) or ``postgresql`` (the second run of a test when DYADSCOPE_TEST_PG_URL is set)."""
    return getattr(request, "param", "sqlite")


def _pg_worker_url() -> str:
    """One database per xdist worker in the test cluster (created once), so workers never share tables."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = make_url(PG_URL)
    name = f"{url.database}_{worker}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def tmp_db(
    tmp_path: Path, store_backend: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dyadscope.Database]:
    """An empty store: a SQLite file in a temporary directory, or a freshly emptied PostgreSQL database."""
    if store_backend == "sqlite":
        db = dyadscope.open(tmp_path / "test.db")
    else:
        from sqlalchemy import create_engine

        from dyadscope.store.tables import metadata

        url = _pg_worker_url()
        engine = create_engine(url)
        metadata.drop_all(engine)
        engine.dispose()
        monkeypatch.setenv("DYADSCOPE_CACHE", str(tmp_path / "cache"))  # bulk caches beside no file
        db = dyadscope.open(url)
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> dyadscope.Database:
    """A store holding the embedded demo corpus, ingested once per test session."""
    db = dyadscope.open(tmp_path_factory.mktemp("demo") / "demo.db")
    db.ingest(None)
    return db


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project; tests that need it skip with a reason when it is absent."""
    if not (SHARED / "DESIGN.md").exists():
        pytest.skip(
            f"../shared not found at {SHARED}; set DYADSCOPE_SHARED to run tests on the seeds and eval data"
        )
    return SHARED
