"""The embedded demo corpus: formats, dates, the facts and traps later stages rely on, originality."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from dyadscope.demo import CORPUS_DIR, build_pdf, corpus_paths
from dyadscope.demo.pdf import PDF_SOURCE_DIR, split_front_matter


def _text(path: Path) -> str:
    """Plain text of a corpus file (tags dropped for HTML, text layer for PDF)."""
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    raw = path.read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", " ", raw) if path.suffix == ".html" else raw


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return {p.name: _text(p) for p in corpus_paths()}


def test_corpus_has_mixed_formats_and_size(corpus: dict[str, str]) -> None:
    suffixes = [Path(name).suffix for name in corpus]
    assert 8 <= len(corpus) <= 12
    assert suffixes.count(".html") >= 2 and suffixes.count(".pdf") == 1 and suffixes.count(".md") >= 4
    for name, text in corpus.items():
        assert 250 <= len(text.split()) <= 800, name


def test_corpus_paths_excludes_readme_and_is_sorted() -> None:
    names = [p.name for p in corpus_paths()]
    assert "README.md" not in names and names == sorted(names)
    assert all(p.is_file() for p in corpus_paths())


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.md")), ids=lambda p: p.name)
def test_markdown_documents_state_date_and_publisher(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    meta, _ = split_front_matter(text)
    if path.name == "README.md":
        return
    if meta:
        assert {"title", "published", "source", "kind"} <= meta.keys()
        assert "dyadscope demo" in meta["source"]
    else:  # header-line style: "Published: DD/MM/YYYY"
        assert re.search(r"^Published: \d{2}/\d{2}/\d{4}$", text, re.M)
        assert re.search(r"^Source: .*dyadscope demo", text, re.M)


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.html")), ids=lambda p: p.name)
def test_html_documents_carry_dates_and_boilerplate(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    date_meta = r'<meta (name="date"|property="article:published_time") content="\d{4}-\d{2}-\d{2}'
    assert re.search(date_meta, html)
    assert "<title>" in html and "<script" in html and "cookie" in html.lower()
    assert ">Related<" in html and re.search(r"<footer[^>]*>.*[ảạầếộ].*</footer>", html, re.S)


def test_pdf_has_publication_date_in_metadata_and_is_reproducible(tmp_path: Path) -> None:
    first, second = build_pdf(tmp_path / "a"), build_pdf(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    meta = pypdf.PdfReader(str(first)).metadata
    assert meta.creation_date.date().isoformat() == "2025-11-20"
    assert "dyadscope demo" in meta.author
    committed = CORPUS_DIR / first.name
    assert committed.read_bytes() == first.read_bytes(), "run dyadscope.demo.build_pdf() and commit the PDF"


def test_pdf_source_is_not_ingested_twice() -> None:
    sources = {p.stem for p in PDF_SOURCE_DIR.glob("*.md")}
    assert sources and not sources & {p.stem for p in CORPUS_DIR.glob("*.md")}


FACTS = [
    r"3 February 1994",
    r"11 July 1995",
    r"12 July 1995, Hanoi time",
    r"Vo Van Kiet",
    r"13 July 2000",
    r"10 December 2001",
    r"November 2000",
    r"November 2006",
    r"25 July 2013",
    r"Truong Tan Sang",
    r"July 2015",
    r"23 May 2016",
    r"November 2017",
    r"February 2019",
    r"May 2022",
    r"10 September 2023",
    r"24\s+(Metal Shark )?patrol boats",
    r"three former (U\.S\.\s+)?Coast\s+Guard\s+cutters",
    r"19 July\s+2024",
    r"3 August 2024",
    r"25 September 2024",
    r"11\s+November 2024",
    r"4 April 2025",
    r"2 July\s+2025",
    r"46 percent",
    r"20 percent",
    r"7 August 2025",
    r"26 October 2025",
    r"\$150 billion",
    r"\$134\.6 billion",
    r"\$123\s+billion",
    r"\$1\.7 billion",
    r"\$4\.4 billion",
    r"8 percent",
    r"\$11\.8 billion",
    r"1,429",
    r"11th among 149",
    r"\$79\.7 billion",
    r"\$450 million",
    r"Hegseth",
    r"14 and 15 April 2025",
    r"29 September 2024",
    r"Mekong",
    r"Bien Hoa",
    r"Da Nang",
    r"30,000 Vietnamese students",
    r"Fulbright University Vietnam",
    r"PEPFAR",
    r"Vietnam Human Rights Act",
    r"regime change",
]


@pytest.mark.parametrize("fact", FACTS)
def test_corpus_states_fact(corpus: dict[str, str], fact: str) -> None:
    assert re.search(fact, "\n".join(corpus.values())), fact


def test_trade_figure_conflict_lives_in_two_documents(corpus: dict[str, str]) -> None:
    us = [n for n, t in corpus.items() if re.search(r"\$150 billion in 2024, according to U\.S\.", t)]
    vn = [n for n, t in corpus.items() if re.search(r"\$134\.6 billion in 2024, according to\s+the", t)]
    assert len(us) == 1 and len(vn) == 1 and us != vn


def test_leader_tenure_trap_is_present_once(corpus: dict[str, str]) -> None:
    misattributed = r"restructuring[^.]*led by General Secretary Nguyen Phu\s+Trong"
    wrong = [n for n, t in corpus.items() if re.search(misattributed, t)]
    right = [n for n, t in corpus.items() if re.search(r"under To Lam, the government\s+reduced", t)]
    assert wrong == ["10_china_vietnam_2025.md"] and len(right) == 1


def test_hypothetical_purchase_is_phrased_as_such(corpus: dict[str, str]) -> None:
    pdf_text = " ".join(corpus["08_security_legacy_2025.pdf"].split())
    assert re.search(r"might consider buying American military aircraft", pdf_text)


def _shingles(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_corpus_text_is_original(corpus: dict[str, str], shared_dir: Path) -> None:
    """No run of eight words is shared with the seed documents or the evaluation sources."""
    outside = set()
    patterns = ("seeds/*.txt", "eval/**/*.txt", "eval/**/*.md", "eval/**/*.html")
    for path in (p for pattern in patterns for p in shared_dir.glob(pattern)):
        outside |= _shingles(path.read_text(encoding="utf-8", errors="replace"))
    for name, text in corpus.items():
        shared = _shingles(text) & outside
        assert not shared, f"{name} shares wording with ../shared: {' '.join(next(iter(shared)))}"


def test_corpus_paths_builds_missing_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import dyadscope.demo as demo

    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, copy, ignore=shutil.ignore_patterns("*.pdf"))
    monkeypatch.setattr(demo, "CORPUS_DIR", copy)
    paths = demo.corpus_paths()
    assert [p.name for p in paths] == sorted(p.name for p in corpus_paths())
    assert (copy / demo.PDF_NAME).is_file()


def test_build_pdf_falls_back_when_corpus_folder_is_unwritable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dyadscope.demo as demo

    blocked = tmp_path / "not-a-dir"
    # A file where the folder should be: writing below it fails with an OSError, even as root.
    blocked.write_text("not a folder")
    monkeypatch.setattr(demo, "CORPUS_DIR", blocked)
    monkeypatch.setattr(demo.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    assert demo.build_pdf() == tmp_path / "tmp" / "dyadscope-demo" / demo.PDF_NAME
