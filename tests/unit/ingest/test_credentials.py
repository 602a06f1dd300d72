"""Issue 14, case c49: credentials in a URL never reach messages, stored sources or ingest_log."""

from __future__ import annotations

import socket

import pytest

from dyadscope.errors import InputError, mask_credentials

PAGE = (
    b"<html><head><title>Talks in Hanoi</title></head><body><article><p>"
    + b"Vietnam and the United States held talks in Hanoi on 5 March 2024 about trade and security. " * 3
    + b"</p></article></body></html>"
)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("http://user:secret@host/x", "http://user:***@host/x"),
        (
            "see https://TOKEN123@example.org/a@b and ftp://a:b@c/",
            "see https://***@example.org/a@b and ftp://a:***@c/",
        ),
        ("postgresql://ds:pw@db:5432/x", "postgresql://ds:***@db:5432/x"),
        ("postgresql://ds:***@db:5432/x", "postgresql://ds:***@db:5432/x"),
        ("mail me at a@b.org or http://example.org/p@q", "mail me at a@b.org or http://example.org/p@q"),
    ],
)
def test_c49_mask_credentials(text, shown):
    assert mask_credentials(text) == shown


def test_c49_error_messages_are_masked():
    assert "secret" not in InputError("[E201] http://u:secret@h/: could not connect").message


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_c49_failed_url_ingest_masks_credentials_everywhere(tmp_db):
    url = f"http://reader:s3cret@127.0.0.1:{_closed_port()}/brief.html"
    [outcome] = tmp_db.ingest([url], allow_private_urls=True, timeout=2)
    assert outcome.status == "fetch_error"
    log = tmp_db.ingest_log()
    shown = " ".join([outcome.source, outcome.message or "", *log["source"], *log["message"].fillna("")])
    assert "s3cret" not in shown
    assert "reader:***@127.0.0.1" in outcome.source


def test_c49_stored_document_source_is_masked(tmp_db, local_server):
    url = local_server.add("/talks.html", PAGE).replace("http://", "http://reader:s3cret@")
    [outcome] = tmp_db.ingest([url], allow_private_urls=True, timeout=5)
    assert outcome.status == "ok", outcome
    source = tmp_db.documents()["source"].iloc[0]
    assert "s3cret" not in source and source.startswith("http://reader:***@127.0.0.1")
