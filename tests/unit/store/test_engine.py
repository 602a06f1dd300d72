from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import text

import dyadscope
from dyadscope.errors import NotFound, ReadOnly, StoreError
from dyadscope.store.engine import redact
from dyadscope.store.tables import SCHEMA_VERSION


def test_engine_creates_store_with_schema_version(tmp_path):
    db = dyadscope.open(tmp_path / "a.db")
    with db.read() as conn:
        version = conn.execute(text("select value from schema_meta where key='schema_version'")).scalar()
        mode = conn.execute(text("PRAGMA journal_mode")).scalar()
        fks = conn.execute(text("PRAGMA foreign_keys")).scalar()
    assert (int(version), mode, fks) == (SCHEMA_VERSION, "wal", 1)


def test_engine_refuses_newer_schema(tmp_path):
    path = tmp_path / "b.db"
    db = dyadscope.open(path)
    with db.write() as conn:
        conn.execute(text("update schema_meta set value='999' where key='schema_version'"))
    with pytest.raises(StoreError, match=r"\[E501\].*schema version 999"):
        dyadscope.open(path)


def test_engine_read_only_refuses_writes(tmp_path):
    path = tmp_path / "c.db"
    dyadscope.open(path).close()
    ro = dyadscope.open(path, read_only=True)
    assert ro.documents().empty
    with pytest.raises(ReadOnly):
        with ro.write():
            pass


@pytest.mark.parametrize("doc_id", ["abc", "../../etc/passwd", "0" * 64])
def test_document_lookup_unknown_ids_are_not_found(tmp_db, doc_id):
    with pytest.raises(NotFound, match=r"\[E405\]"):
        tmp_db.document(doc_id)


def test_engine_missing_database_driver_is_a_coded_store_error(tmp_path):
    """A URL whose dialect is known but whose driver is not installed says which driver to install."""
    if importlib.util.find_spec("pymysql") is not None:
        pytest.skip("pymysql is installed here; the test needs a driver that is absent")
    with pytest.raises(StoreError, match=r"\[E506\].*'pymysql'.*not installed") as info:
        dyadscope.open("mysql+pymysql://user@127.0.0.1:1/dyadscope")
    assert info.value.code == "E506"


def test_engine_unknown_dialect_is_a_coded_store_error(tmp_path):
    with pytest.raises(StoreError, match=r"\[E503\].*nosuchdb"):
        dyadscope.open("nosuchdb://host/store")


@pytest.mark.parametrize(
    "url",
    [
        "mysql+pymysql://analyst:s3cr3t-pw@127.0.0.1:1/dyadscope",  # driver missing: E506
        "nosuchdb://analyst:s3cr3t-pw@host/store",  # unknown dialect: E503
    ],
)
def test_engine_errors_never_show_the_password(url):
    if url.startswith("mysql") and importlib.util.find_spec("pymysql") is not None:
        pytest.skip("pymysql is installed here; the test needs a driver that is absent")
    with pytest.raises(StoreError) as info:
        dyadscope.open(url)
    assert "s3cr3t-pw" not in info.value.message and "analyst:***@" in info.value.message


def test_engine_redact_hides_only_the_password():
    assert (
        redact("postgresql+psycopg://me:pw@db.example:5432/rel")
        == "postgresql+psycopg://me:***@db.example:5432/rel"
    )
    assert redact("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert redact("weird://u:p@@h").startswith("weird://u:***@")
