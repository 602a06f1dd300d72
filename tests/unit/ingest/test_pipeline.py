from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from ingest_builders import encrypt_pdf, make_image_pdf, make_pdf
from sqlalchemy import func, select

import dyadscope.extract
from dyadscope.extract import Extraction
from dyadscope.ingest.sentences import MAX_SENTENCE_CHARS
from dyadscope.schema import Claim, Event, Indicator
from dyadscope.store import tables as t

STORY = (
    "HANOI, 26 October 2025\n\nThe two governments agreed on a framework for a trade agreement on Sunday. "
    "Officials said talks on market access would continue. Tariffs stay at 20 percent for now."
)
PAGE = (
    "<html><head><title>Joint statement on education</title></head><body><nav><a href='/'>Home</a></nav>"
    "<article><p>The two ministries signed a plan to double student exchanges within five years, and "
    "universities on both sides will open new joint programmes in engineering and public health.</p>"
    "</article><script>alert(1)</script></body></html>"
)


def statuses(outcomes) -> dict[str, str]:
    return {Path(o.source).name: o.status for o in outcomes}


def count(db, table) -> int:
    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_pipeline_folder_with_bad_files_ingests_the_good_ones(tmp_db, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    files = {
        "story.txt": STORY.encode(),
        "page.html": PAGE.encode(),
        "sub/brief.md": b"# Brief\n\n" + STORY.encode(),
        "report.pdf": make_pdf(["Defense ties grew steadily since 2016, officials said."]),
        "perm.pdf": encrypt_pdf(make_pdf(["Permissions only encryption still yields text."]), ""),
        "empty.txt": b"",
        "blank.md": b"  \n\t\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "locked.pdf": encrypt_pdf(make_pdf(["Secret."]), "pw"),
        "cut.pdf": make_pdf(["Cut short."])[:600],
        "scan.pdf": make_image_pdf(),
        "notes.csv": b"ignored,by,suffix",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    outcomes = tmp_db.ingest([folder])
    assert statuses(outcomes) == {
        "binary.txt": "unsupported",
        "blank.md": "no_text",
        "cut.pdf": "parse_error",
        "empty.txt": "no_text",
        "locked.pdf": "encrypted",
        "page.html": "ok",
        "perm.pdf": "ok",
        "report.pdf": "ok",
        "scan.pdf": "no_text",
        "story.txt": "ok",
        "brief.md": "ok",
    }
    by_name = {Path(o.source).name: o for o in outcomes}
    assert by_name["scan.pdf"].flags == ["ocr_needed"] and by_name["locked.pdf"].code == "E102"
    for outcome in outcomes:
        if outcome.status != "ok":
            assert Path(outcome.source).name in outcome.message and "\n" not in outcome.message
    assert count(tmp_db, t.documents) == 5
    log = tmp_db.ingest_log()
    assert sorted(log.status.value_counts().items()) == [
        ("encrypted", 1),
        ("no_text", 3),
        ("ok", 5),
        ("parse_error", 1),
        ("unsupported", 1),
    ]


def test_pipeline_same_file_twice_and_same_bytes_under_another_name(tmp_db, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(STORY)
    (tmp_path / "copy.txt").write_text(STORY)
    assert [o.status for o in tmp_db.ingest([first])] == ["ok"]
    rows = (count(tmp_db, t.documents), count(tmp_db, t.sentences))
    again = tmp_db.ingest([first, tmp_path / "copy.txt"])
    assert [o.status for o in again] == ["duplicate", "duplicate"]
    assert all("sha256" in o.message for o in again)
    assert (count(tmp_db, t.documents), count(tmp_db, t.sentences)) == rows
    assert list(tmp_db.ingest_log().status[:2]) == ["duplicate", "duplicate"]


def test_pipeline_same_text_in_another_format_is_a_duplicate(tmp_db, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY + "\n\n\n")  # other bytes, same cleaned text
    assert [o.status for o in tmp_db.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])] == ["ok", "duplicate"]


def test_pipeline_changed_file_is_a_new_version(tmp_db, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(STORY)
    old = tmp_db.ingest([path])[0]
    path.write_text(STORY + " A correction was added later.")
    new = tmp_db.ingest([path])[0]
    assert new.status == "ok" and new.doc_id != old.doc_id
    assert tmp_db.document(new.doc_id)["supersedes"] == old.doc_id
    assert count(tmp_db, t.documents) == 2


def test_pipeline_hundred_megabyte_file_refused_without_reading_it(tmp_db, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    tracemalloc.start()
    outcome = tmp_db.ingest([big])[0]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert outcome.status == "resource_limit" and outcome.code == "E105"
    assert "huge.txt" in outcome.message and "--max-bytes" in outcome.message
    assert peak < 20 * 1024 * 1024


def test_pipeline_size_cap_is_configurable(tmp_db, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    assert tmp_db.ingest([tmp_path / "a.txt"], max_bytes=50)[0].status == "resource_limit"
    assert tmp_db.ingest([tmp_path / "a.txt"], max_bytes=10_000)[0].status == "ok"


def test_pipeline_dry_run_writes_nothing(tmp_db, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_bytes(b"")
    outcomes = tmp_db.ingest([tmp_path], dry_run=True)
    assert [o.status for o in outcomes] == ["ok", "no_text"] and "dry run" in outcomes[0].message
    assert count(tmp_db, t.documents) == 0 and count(tmp_db, t.ingest_log) == 0


def test_pipeline_wrong_extensions_are_sniffed(tmp_db, tmp_path: Path) -> None:
    (tmp_path / "really_html.pdf").write_text(PAGE)
    (tmp_path / "really_pdf.txt").write_bytes(make_pdf(["A PDF hiding behind a text extension."]))
    outcomes = tmp_db.ingest([tmp_path / "really_html.pdf", tmp_path / "really_pdf.txt"])
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert "alert" not in tmp_db.document(outcomes[0].doc_id)["text"]
    assert "hiding behind" in tmp_db.document(outcomes[1].doc_id)["text"]


@pytest.mark.parametrize(
    "body, status",
    [
        (
            "<nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>About</a></li></ul></nav>"
            "<footer><p>© 2025 Example Ministry. All rights reserved.</p></footer>",
            "no_text",
        ),
        (
            "<div>" * 300
            + "<p>The text at the bottom of a deep page still counts as the article body here.</p>"
            + "</div>" * 300,
            "ok",
        ),
        ("<div>" * 100_000 + "<p>x</p>" + "</div>" * 100_000, "resource_limit"),
    ],
)
def test_pipeline_html_edge_cases(tmp_db, tmp_path: Path, body: str, status: str) -> None:
    (tmp_path / "p.html").write_text(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert tmp_db.ingest([tmp_path / "p.html"])[0].status == status


def test_pipeline_two_megabyte_sentence(tmp_db, tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("word " * 400_000)
    outcome = tmp_db.ingest([tmp_path / "long.txt"], extract=False)[0]  # extraction times itself
    assert outcome.status == "ok" and outcome.sentences >= 2000
    frame = tmp_db.sentences(outcome.doc_id)
    assert (frame.char_end - frame.char_start).max() <= MAX_SENTENCE_CHARS


def test_pipeline_globs_and_missing_paths(tmp_db, tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"{STORY} File {name}.")
    outcomes = tmp_db.ingest([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.md")])
    assert [(Path(o.source).name, o.status) for o in outcomes] == [
        ("a.txt", "ok"),
        ("b.txt", "ok"),
        ("nope.txt", "parse_error"),
        ("*.md", "parse_error"),
    ]
    assert outcomes[2].code == "E111"


def test_pipeline_urls_from_a_local_server(tmp_db, local_server) -> None:
    page = local_server.add("/statement.html", PAGE.encode())
    slow = local_server.add("/slow.html", PAGE.encode(), delay=3)
    refused = tmp_db.ingest([page])[0]
    assert refused.status == "fetch_error" and refused.code == "E204"
    outcomes = tmp_db.ingest([page, slow, page], allow_private_urls=True, timeout=1.0)
    outcomes += tmp_db.ingest([page], allow_private_urls=True)
    assert [o.status for o in outcomes] == ["ok", "fetch_error", "duplicate"]  # one input per distinct URL
    assert outcomes[0].title == "Joint statement on education" and outcomes[1].code == "E202"
    assert tmp_db.document(outcomes[0].doc_id)["source"] == page


def _extraction(doc, sentences, **_options) -> Extraction:
    sent = sentences[0]
    common = {"doc_id": doc.id, "text": sent.text, "char_start": sent.char_start, "char_end": sent.char_end}
    return Extraction(
        events=[
            Event(
                id=f"e-{doc.id[:8]}",
                date="2025",
                date_precision="year",
                source_actor="USA",
                target_actor="VNM",
                event_code="0251",
                event_label="Appeal",
                goldstein=3.0,
                quad_class=1,
                dimension="economic",
                status="reported",
                confidence=0.7,
                **common,
            )
        ],
        indicators=[
            Indicator(
                id=f"i-{doc.id[:8]}",
                name="tariff_rate",
                value=20,
                unit="percent",
                period="2025",
                reporter="USA",
                partner="VNM",
                **common,
            )
        ],
        claims=[
            Claim(
                id=f"c-{doc.id[:8]}",
                factor=None,
                stance="driver",
                dimension="economic",
                actors=["USA", "VNM"],
                confidence=0.6,
                **common,
            )
        ],
        dyad="USA-VNM",
    )


def test_pipeline_writes_extraction_with_derived_columns(tmp_db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dyadscope.extract, "extract_document", _extraction)
    (tmp_path / "a.txt").write_text(STORY)
    outcome = tmp_db.ingest([tmp_path / "a.txt"])[0]
    assert (outcome.events, outcome.indicators, outcome.claims) == (1, 1, 1)
    with tmp_db.read() as conn:
        event = conn.execute(select(t.events.c.month, t.events.c.event_root)).one()
        actors = conn.execute(select(t.claims.c.actors)).scalar_one()
    assert tuple(event) == ("2025-01", "02") and actors == "USA VNM"
    assert tmp_db.document(outcome.doc_id)["dyad"] == "USA-VNM"


def test_pipeline_failure_mid_write_leaves_nothing(tmp_db, tmp_path: Path, monkeypatch) -> None:
    def broken(doc, sentences, **_options):
        extraction = _extraction(doc, sentences)
        extraction.claims.append(extraction.claims[0])  # duplicate primary key: the insert fails
        return extraction

    monkeypatch.setattr(dyadscope.extract, "extract_document", broken)
    (tmp_path / "a.txt").write_text(STORY)
    outcome = tmp_db.ingest([tmp_path / "a.txt"])[0]
    assert outcome.status == "parse_error" and "a.txt" in outcome.message
    assert [count(tmp_db, table) for table in (t.documents, t.sentences, t.events, t.indicators)] == [
        0,
        0,
        0,
        0,
    ]


def test_pipeline_no_extract_option(tmp_db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dyadscope.extract, "extract_document", _extraction)
    (tmp_path / "a.txt").write_text(STORY)
    assert tmp_db.ingest([tmp_path / "a.txt"], extract=False)[0].events == 0
    assert count(tmp_db, t.events) == 0


def test_pipeline_seeds(tmp_db, shared_dir) -> None:
    seeds = sorted((shared_dir / "seeds").glob("0*.txt"))
    outcomes = tmp_db.ingest(seeds)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    report, article = (tmp_db.document(o.doc_id) for o in outcomes)
    assert (report["published"], report["date_ambiguous"]) == ("2026-01-29", False)
    assert article["published"] is None  # the article carries no date of its own
    raw = seeds[1].read_text(encoding="utf-8")
    body = [p.strip() for p in raw[: raw.index("reCAPTCHA")].split("\n\n") if len(p.strip()) > 150]
    stored = set(tmp_db.sentences(article["id"]).text)
    from dyadscope.ingest.sentences import split_sentences

    checked = [p[a:b] for p in body[::4] for a, b in split_sentences(p)]
    assert len(checked) > 10 and all(sentence in stored for sentence in checked)
    text = article["text"]
    assert "reCAPTCHA" not in text and "\nRelated\n" not in text and not text.rstrip().endswith("trên")


def test_pipeline_full_disk_stops_with_one_clear_error(tmp_db, tmp_path: Path, monkeypatch) -> None:
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    from dyadscope.errors import StoreError

    @contextmanager
    def full_disk():
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))
        yield  # pragma: no cover

    (tmp_path / "a.txt").write_text(STORY)
    monkeypatch.setattr(tmp_db, "write", full_disk)
    with pytest.raises(StoreError) as info:
        tmp_db.ingest([tmp_path / "a.txt"])
    assert info.value.code == "E505" and "disk is full" in info.value.message
    monkeypatch.undo()
    assert count(tmp_db, t.documents) == 0
    assert tmp_db.doctor()["integrity_check"] in ("ok", "n/a")  # n/a: PostgreSQL checks itself


def test_outcome_and_summary_lines_use_singular_for_one() -> None:
    from dyadscope.ingest.progress import outcome_line, summary_line
    from dyadscope.schema import IngestOutcome

    one = IngestOutcome(
        source="a.md", status="ok", doc_id="d" * 64, title="A", sentences=1, events=1, indicators=0, claims=2
    )
    assert outcome_line(one).endswith("1 sentence, 1 event, 0 indicators, 2 claims")
    assert summary_line([one]) == "1 ingested, 0 duplicate, 0 failed (1 input)"
    assert summary_line([one, one]).endswith("(2 inputs)")
