"""Safe zip handling for GDELT files: one member, no path traversal, size and ratio caps."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from gdelt_rows import gdelt2_row

from dyadscope.connectors.archive import expand_paths, unpack
from dyadscope.errors import InputError, ResourceLimit


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "members, cap, needle",
    [
        ({"a.CSV": b"x\n", "b.CSV": b"y\n"}, 10_000, "2 members"),
        ({"../../x": b"x\n"}, 10_000, "unsafe member name"),
        ({"/etc/x": b"x\n"}, 10_000, "unsafe member name"),
        ({"bomb.CSV": b"0" * 5_000_000}, 100_000_000, "zip bomb"),
        ({"big.CSV": (gdelt2_row(1) + "\n").encode() * 400}, 50_000, "over the cap"),
    ],
)
def test_archive_refuses_unsafe_zips(tmp_path, members, cap, needle):
    work = tmp_path / "work"
    work.mkdir()
    archive = make_zip(tmp_path / "in.zip", members)
    with pytest.raises(ResourceLimit) as caught:
        unpack(archive, work, max_bytes=cap)
    assert needle in caught.value.message and caught.value.code == "E303"
    assert list(work.iterdir()) == [] and not (tmp_path.parent / "x").exists()


def test_archive_single_member_unpacked_under_fixed_name(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    plain = unpack(make_zip(tmp_path / "ok.zip", {"sub/20240101.export.CSV": b"a\tb\n"}), work)
    assert plain == work / "member.tsv" and plain.read_bytes() == b"a\tb\n"


def test_archive_refused_zip_is_a_failed_file_in_the_import(tmp_db, tmp_path):
    archive = make_zip(tmp_path / "two.zip", {"a.CSV": b"x\n", "b.CSV": b"y\n"})
    report = tmp_db.import_gdelt(archive)
    assert report.files[0]["status"] == "failed" and not report.ok
    assert len(tmp_db.events()) == 0


def test_archive_expand_paths(tmp_path):
    (tmp_path / "d").mkdir()
    for name in ("d/1.export.CSV", "d/2.export.CSV.zip", "d/readme.md"):
        (tmp_path / name).write_text("x")
    found = expand_paths([tmp_path / "d", str(tmp_path / "d" / "*.zip")])
    assert [p.name for p in found] == ["1.export.CSV", "2.export.CSV.zip"]
    with pytest.raises(InputError):
        expand_paths(tmp_path / "missing.CSV")
