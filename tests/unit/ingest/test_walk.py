"""Issue 14: folder ingest keeps to its roots (c46); tiny and boilerplate-only inputs (c51, c2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BODY = "Vietnam and the United States signed a trade agreement in Hanoi on 5 March 2024. " * 3


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """inbox/ with one real document, a link out of it, a link inside it, a FIFO and a dangling link."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Secret text that must never be stored by a folder ingest of the inbox. " * 2)
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "brief.txt").write_text(BODY)
    (inbox / "notes.txt").symlink_to(secret)
    (inbox / "outside-dir").symlink_to(secret.parent, target_is_directory=True)
    (inbox / "alias.txt").symlink_to(inbox / "sub" / "brief.txt")
    os.mkfifo(inbox / "pipe.txt")
    return inbox


def test_c46_folder_ingest_skips_links_out_fifos_and_reports_each(tmp_db, inbox):
    outcomes = tmp_db.ingest([inbox])
    by_name = {Path(o.source).name: (o.status, o.code) for o in outcomes}
    assert by_name == {
        "brief.txt": ("ok", None),
        "notes.txt": ("unsupported", "E118"),
        "outside-dir": ("unsupported", "E118"),
        "pipe.txt": ("unsupported", "E117"),
    }  # alias.txt points inside the folder: the same file, read once
    assert not tmp_db.documents()["title"].str.contains("secret", case=False).any()
    texts = " ".join(tmp_db.document(i)["text"] for i in tmp_db.documents()["id"])
    assert "Secret text" not in texts


def test_c46_glob_ingest_skips_links_out_of_its_folder(tmp_db, inbox):
    outcomes = tmp_db.ingest([str(inbox / "*.txt")])
    assert sorted((Path(o.source).name, o.status) for o in outcomes) == [
        ("brief.txt", "ok"),  # alias.txt, resolved
        ("notes.txt", "unsupported"),
        ("pipe.txt", "unsupported"),
    ]


def test_c46_follow_links_opts_in(tmp_db, inbox):
    outcomes = tmp_db.ingest([inbox], follow_links=True)
    stored = {Path(o.source).name for o in outcomes if o.status == "ok"}
    assert stored == {"brief.txt", "secret.txt"}
    assert [o.code for o in outcomes if o.status != "ok" and o.status != "duplicate"] == ["E117"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_c46_device_named_on_the_command_line_is_refused(tmp_db, device):
    if not Path(device).exists():
        pytest.skip(f"{device} not present")
    [outcome] = tmp_db.ingest([device])
    assert (outcome.status, outcome.code) == ("unsupported", "E117")


@pytest.mark.parametrize("text, code", [("x", "E116"), ("  \n", "E103"), ("", "E103")])
def test_c51_tiny_file_not_called_empty(tmp_db, tmp_path, text, code):
    path = tmp_path / "tiny.txt"
    path.write_text(text)
    [outcome] = tmp_db.ingest([path])
    assert (outcome.status, outcome.code) == ("no_text", code)


@pytest.mark.parametrize(
    "name, body",
    [
        ("share.html", "<html><body><p>Share on Facebook | Follow us on Twitter</p></body></html>"),
        ("share.txt", "Share on Facebook | Follow us on Twitter\n"),
        ("share2.html", "<html><body><div>Share on Facebook · Share on X · Follow us</div></body></html>"),
    ],
)
def test_c2_share_and_follow_boilerplate_is_no_text(tmp_db, tmp_path, name, body):
    path = tmp_path / name
    path.write_text(body)
    [outcome] = tmp_db.ingest([path])
    assert outcome.status == "no_text", outcome
    assert tmp_db.documents().empty
