from __future__ import annotations

import pytest
from sqlalchemy import text

import dyadscope
from dyadscope.errors import NotFound, ReadOnly, StoreError
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
