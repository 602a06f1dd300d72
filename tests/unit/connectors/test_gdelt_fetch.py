"""The GDELT downloader against a mirror on 127.0.0.1 (RELIABILITY cases 16, 17, 21 and 22)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from gdelt_rows import gdelt2_fields, gdelt2_row
from gdelt_server import serve, zip_bytes
from sqlalchemy import text

import dyadscope
from dyadscope.connectors.gdelt import cache_dir
from dyadscope.connectors.gdelt_fetch_list import parse_time
from dyadscope.errors import FetchError, InputError

START = datetime(2025, 4, 1, tzinfo=UTC)


def stamps(count: int, start: datetime = START) -> list[str]:
    return [(start + timedelta(minutes=15 * i)).strftime("%Y%m%d%H%M%S") for i in range(count)]


def rows_for(index: int, per_slice: int = 3) -> list[str]:
    """USA->VNM rows, then one CHN->VNM row; GLOBALEVENTIDs unique per slice index."""
    rows = [gdelt2_row(index * 10 + k) for k in range(per_slice)]
    rows.append(gdelt2_row(index * 10 + 9, a1code="CHNGOV", a1name="CHINA", a1cc="CHN"))
    return rows


@pytest.fixture
def mirror():
    with serve() as running:
        yield running


@pytest.fixture
def fill(mirror):
    """Publish ``count`` consecutive 2.0 slices from START on the mirror; returns their stamps."""

    def publish(count: int = 4, start: datetime = START) -> list[str]:
        published = stamps(count, start)
        for i, stamp in enumerate(published):
            mirror.add_export(stamp, rows_for(i))
        return published

    return publish


def fetch(db, mirror, since="2025-04-01T00:00", until="2025-04-01T01:00", version=2, **options):
    """db.fetch_gdelt against the mirror; the backoff sleeps are recorded in ``report.sleeps``, not slept."""
    sleeps: list[float] = []
    report = db.fetch_gdelt(
        since=since,
        until=until,
        version=version,
        base_url=mirror.url(version),
        allow_private=True,
        sleep=sleeps.append,
        **options,
    )
    report.sleeps = sleeps
    return report


def slice_ids(index: int) -> set[str]:
    return {str(1_000_000 + index * 10 + k) for k in (0, 1, 2, 9)}


def coverage(db, source: str = "gdelt2") -> list[tuple[str, str]]:
    with db.read() as conn:
        rows = conn.execute(
            text("SELECT slice, status FROM coverage WHERE source = :s ORDER BY slice"), {"s": source}
        )
        return [tuple(r) for r in rows]


def event_ids(db) -> list[str]:
    return sorted(db.events(origin="gdelt")["source_event_id"].astype(str))


def test_gdelt_fetch_loads_the_window_and_marks_coverage_ok(tmp_db, mirror, fill):
    published = fill(6)  # 00:00 .. 01:15; the window [00:00, 01:00) holds four
    report = fetch(tmp_db, mirror)
    assert report.ok and [s.slice for s in report.slices] == published[:4]
    totals = report.totals()
    assert (totals["downloaded"], totals["imported"], totals["failed"], totals["missing"]) == (4, 4, 0, 0)
    assert totals["rows_loaded"] == 16 and len(event_ids(tmp_db)) == 16
    assert coverage(tmp_db) == [(s, "ok") for s in published[:4]]
    assert sorted(mirror.downloads()) == [f"{s}.export.CSV.zip" for s in published[:4]]
    kept = {p.name for p in Path(report.folder).iterdir()}
    assert kept == {f"{s}.export.CSV.zip" for s in published[:4]}
    assert Path(report.folder) == cache_dir(tmp_db) / "downloads" / "gdelt2"


@pytest.mark.parametrize("fault, needle", [("corrupt", "MD5"), ("html", "HTML page")])
def test_gdelt_fetch_bad_file_retried_then_failed_and_nothing_committed(tmp_db, mirror, fill, fault, needle):
    published = fill(4)
    mirror.fault(f"{published[1]}.export.CSV.zip", fault)
    report = fetch(tmp_db, mirror, attempts=3, backoff=0.5)
    bad = next(s for s in report.slices if s.slice == published[1])
    assert (bad.status, bad.attempts) == ("failed", 3) and needle in bad.reason
    assert report.sleeps == [0.5, 1.0]  # exponential backoff between the three attempts
    assert not report.ok and report.problems()[0].startswith(f"[E310] GDELT slice {published[1]}")
    assert dict(coverage(tmp_db))[published[1]] == "failed"
    assert set(event_ids(tmp_db)) == slice_ids(0) | slice_ids(2) | slice_ids(3)  # none from slice 1
    assert mirror.downloads().count(f"{published[1]}.export.CSV.zip") == 3
    assert sorted(p.name for p in Path(report.folder).iterdir()) == [
        f"{published[i]}.export.CSV.zip" for i in (0, 2, 3)
    ]  # neither the bad file nor a temporary part is left


def test_gdelt_fetch_transient_fault_recovers_on_retry(tmp_db, mirror, fill):
    published = fill(2)
    mirror.fault(f"{published[0]}.export.CSV.zip", "corrupt", times=1)
    mirror.fault(f"{published[1]}.export.CSV.zip", "503", times=2)
    report = fetch(tmp_db, mirror, until="2025-04-01T00:30", backoff=1.0)
    assert report.ok and [(s.status, s.attempts) for s in report.slices] == [("ok", 2), ("ok", 3)]
    assert report.sleeps == [1.0, 1.0, 2.0]
    assert len(event_ids(tmp_db)) == 8


def test_gdelt_fetch_404_is_missing_and_a_rerun_fills_it_without_duplicates(tmp_db, mirror, fill):
    published = fill(4)
    name = f"{published[2]}.export.CSV.zip"
    mirror.fault(name, "404")
    first = fetch(tmp_db, mirror)
    gap = next(s for s in first.slices if s.slice == published[2])
    assert (gap.status, gap.attempts, gap.reason) == ("missing", 1, "HTTP 404")  # a 404 is not retried
    assert not first.ok and first.problems()[0].startswith(f"[E311] GDELT slice {published[2]}")
    assert dict(coverage(tmp_db))[published[2]] == "missing" and len(event_ids(tmp_db)) == 12
    mirror.heal(name)
    mirror.requests.clear()
    second = fetch(tmp_db, mirror)
    assert second.ok and second.totals()["already_ok"] == 3 and mirror.downloads() == [name]
    assert coverage(tmp_db) == [(s, "ok") for s in published]
    ids = event_ids(tmp_db)
    assert len(ids) == 16 and len(set(ids)) == 16


def test_gdelt_fetch_timeout_is_missing(tmp_db, mirror, fill):
    published = fill(1)
    mirror.stall = 1.5
    mirror.fault(f"{published[0]}.export.CSV.zip", "slow")
    report = fetch(tmp_db, mirror, until="2025-04-01T00:15", timeout=0.3, attempts=2)
    assert [(s.status, s.attempts) for s in report.slices] == [("missing", 2)]
    assert "no answer within 0.3 s" in report.slices[0].reason
    assert coverage(tmp_db) == [(published[0], "missing")] and event_ids(tmp_db) == []


def test_gdelt_fetch_second_run_downloads_nothing(tmp_db, mirror, fill):
    fill(4)
    assert fetch(tmp_db, mirror).ok
    before = event_ids(tmp_db)
    mirror.requests.clear()
    again = fetch(tmp_db, mirror)
    totals = again.totals()
    assert again.ok and (totals["already_ok"], totals["downloaded"], totals["rows_loaded"]) == (4, 0, 0)
    assert mirror.downloads() == [] and mirror.requests == ["/gdeltv2/masterfilelist.txt"]
    assert event_ids(tmp_db) == before


def test_gdelt_fetch_reuses_a_verified_download_without_fetching(tmp_path, mirror, fill):
    fill(2)
    keep = tmp_path / "downloads"
    first = dyadscope.open(tmp_path / "a.db")
    assert fetch(first, mirror, until="2025-04-01T00:30", keep=keep).ok
    mirror.requests.clear()
    other = dyadscope.open(tmp_path / "b.db")  # a new store, the same download folder
    report = fetch(other, mirror, until="2025-04-01T00:30", keep=keep)
    assert report.ok and report.totals()["reused"] == 2 and mirror.downloads() == []
    assert event_ids(other) == event_ids(first)


def test_gdelt_fetch_dry_run_writes_nothing(tmp_db, mirror, fill):
    fill(4)
    report = fetch(tmp_db, mirror, dry_run=True)
    totals = report.totals()
    sizes = sum(len(mirror.files[s.name]) for s in report.slices)
    assert (totals["to_download"], totals["bytes_to_download"], totals["downloaded"]) == (4, sizes, 0)
    assert [s.status for s in report.slices] == ["planned"] * 4
    assert mirror.downloads() == [] and coverage(tmp_db) == [] and event_ids(tmp_db) == []
    assert not os.path.exists(report.folder)
    with tmp_db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM imports")).scalar() == 0


@pytest.mark.parametrize(
    "members, needle",
    [
        ({"a.export.CSV": gdelt2_row(1).encode(), "b.export.CSV": gdelt2_row(2).encode()}, "2 members"),
        ({"bomb.export.CSV": b"0" * 5_000_000}, "zip bomb"),
        ({"../../escape.CSV": gdelt2_row(1).encode()}, "unsafe member name"),
    ],
)
def test_gdelt_fetch_unsafe_zip_from_the_server_is_refused(tmp_db, mirror, members, needle):
    stamp = stamps(1)[0]
    mirror.add_file(f"{stamp}.export.CSV.zip", zip_bytes(members))  # listed with its own MD5: it verifies
    report = fetch(tmp_db, mirror, until="2025-04-01T00:15")
    s = report.slices[0]
    assert s.status == "failed" and "E303" in s.reason and needle in s.reason
    assert event_ids(tmp_db) == [] and coverage(tmp_db) == [(stamp, "failed")]
    assert list(Path(report.folder).iterdir()) == []  # deleted: the next run fetches it again


def test_gdelt_fetch_unlisted_slice_is_missing_but_does_not_fail(tmp_db, mirror):
    published = stamps(3)
    mirror.add_export(published[0], rows_for(0))
    mirror.add_export(published[2], rows_for(2))
    report = fetch(tmp_db, mirror, until="2025-04-01T00:45")
    assert [(s.slice, s.action, s.status) for s in report.slices] == [
        (published[0], "download", "ok"),
        (published[1], "unlisted", "missing"),
        (published[2], "download", "ok"),
    ]
    assert report.ok and dict(coverage(tmp_db))[published[1]] == "missing"


def test_gdelt_fetch_later_import_keeps_failed_slices(tmp_db, mirror, fill, write_gdelt2):
    published = fill(2)
    mirror.fault(f"{published[0]}.export.CSV.zip", "corrupt")
    fetch(tmp_db, mirror, until="2025-04-01T00:30", attempts=1)
    later = write_gdelt2([gdelt2_row(77)], name=f"{stamps(4)[3]}.export.CSV")
    tmp_db.import_gdelt(later)
    assert coverage(tmp_db) == [
        (published[0], "failed"),
        (published[1], "ok"),
        (stamps(4)[2], "missing"),
        (stamps(4)[3], "ok"),
    ]


def _london_or_utc(monkeypatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()


def test_gdelt_fetch_same_slices_and_rows_under_london_and_utc_across_dst(tmp_path, mirror, monkeypatch):
    # Europe/London moves from GMT to BST at 2025-03-30 01:00 UTC; the window spans it.
    dst_start = datetime(2025, 3, 29, 23, 0, tzinfo=UTC)
    for i, stamp in enumerate(stamps(20, dst_start)):
        mirror.add_export(stamp, rows_for(i))
    results = {}
    try:
        for zone in ("Europe/London", "UTC"):
            _london_or_utc(monkeypatch, zone)
            db = dyadscope.open(tmp_path / f"{zone.replace('/', '-')}.db")
            report = fetch(db, mirror, since="2025-03-30T00:00", until="2025-03-30T03:00")
            assert report.ok
            results[zone] = ([s.slice for s in report.slices], coverage(db), event_ids(db), report.until)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert results["Europe/London"] == results["UTC"]
    assert results["UTC"][0] == stamps(12, datetime(2025, 3, 30, tzinfo=UTC))
    assert results["UTC"][3] == "2025-03-30T03:00:00Z"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("2025-03-30T01:30", datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),
        ("2025-03-30T02:30+01:00", datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),
        ("2025-03-30T01:30:00Z", datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),
        ("2025-03-30", datetime(2025, 3, 30, tzinfo=UTC)),
        ("20250330013000", datetime(2025, 3, 30, 1, 30, tzinfo=UTC)),
    ],
)
def test_gdelt_fetch_times_are_utc(given, expected):
    assert parse_time(given, "--since") == expected


@pytest.mark.parametrize(
    "since, until, code",
    [
        ("yesterday", "2025-04-01", "E308"),
        ("2025-04-02", "2025-04-01", "E309"),
        ("2025-04-01", "2025-04-01", "E309"),
    ],
)
def test_gdelt_fetch_bad_window_is_a_coded_error(tmp_db, mirror, since, until, code):
    with pytest.raises(InputError) as caught:
        fetch(tmp_db, mirror, since=since, until=until)
    assert caught.value.code == code and mirror.requests == []


def test_gdelt_fetch_private_base_url_needs_the_opt_in(tmp_db, mirror):
    with pytest.raises(FetchError) as caught:
        tmp_db.fetch_gdelt(since="2025-04-01", until="2025-04-02", base_url=mirror.url())
    assert caught.value.code == "E204" and mirror.requests == []


def test_gdelt_fetch_a_page_that_is_no_list_is_refused(tmp_db, mirror):
    mirror.master_override = b"<html><body>Temporarily unavailable</body></html>\n"
    with pytest.raises(FetchError) as caught:
        fetch(tmp_db, mirror)
    assert caught.value.code == "E312"


def gdelt1_row(i: int, day: str) -> str:
    """A GDELT 1.0 daily row (58 fields) built from the 2.0 row's values."""
    v2 = gdelt2_fields(i, sqldate=day)
    fields = v2[:35] + [""] * 23
    fields[51], fields[56], fields[57] = v2[53], day, v2[60]
    return "\t".join(fields)


@pytest.mark.parametrize("with_sizes", [True, False])
def test_gdelt_fetch_version1_daily_files(tmp_db, mirror, with_sizes):
    for n, day in enumerate(["20160727", "20160728", "20160729"]):
        mirror.add_export(day, [gdelt1_row(n * 10 + k, day) for k in range(2)])
    if not with_sizes:
        mirror.absent.add("filesizes")  # optional: sizes unknown, MD5 still checked
    report = tmp_db.fetch_gdelt(
        since="2016-07-28",
        until="2016-07-30",
        version=1,
        base_url=mirror.url(1),
        allow_private=True,
        sleep=lambda s: None,
    )
    assert report.ok and [(s.slice, s.status) for s in report.slices] == [
        ("20160728", "ok"),
        ("20160729", "ok"),
    ]
    assert [s.size is not None for s in report.slices] == [with_sizes] * 2
    assert coverage(tmp_db, "gdelt1") == [("20160728", "ok"), ("20160729", "ok")]
    assert len(event_ids(tmp_db)) == 4
