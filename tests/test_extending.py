"""docs/extending.md, done: a profile, a lexicon entry, an indicator, a scenario, one step each (#13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import dyadscope
from dyadscope.cli import app
from dyadscope.errors import ProfileError
from dyadscope.extract.actors import find_mentions, resolve_by_dyad
from dyadscope.ontology import schemas

DOCS = {
    "jk1.txt": (
        "TITLE: Leaders of Japan and South Korea meet\nDATE: 2024-03-10\n\n"
        "On 8 March 2024 the Prime Minister of Japan visited Seoul and met the President of Korea.\n"
        "The two governments agreed to hold a regular security dialogue.\n"
    ),
    "jk2.txt": (
        "TITLE: Japan and South Korea sign a defence pact\nDATE: 2024-06-12\n\n"
        "On 11 June 2024 Korea and Japan signed a defence agreement.\n"
        "Japanese and Korean firms filed 1,200 patent applications in 2023 and 1,500 patent applications "
        "in 2024 for joint projects.\n"
    ),
}
NEW_INDICATOR = """  patents_filed:
    unit: items
    measure: count
    kind: count
    nouns: ["patent applications?", "patents?"]
    signal: {dimension: economic, transform: growth, sign: 1, scale: 0.5}
"""


@pytest.fixture
def jpn_kor(tmp_path: Path, runner, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The one step for a new dyad: ``dyadscope profile new JPN KOR`` (then the documents)."""
    folder = tmp_path / "profiles"
    monkeypatch.setenv("DYADSCOPE_PROFILES", str(folder))
    result = runner.invoke(app, ["profile", "new", "JPN", "KOR", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return folder / "JPN-KOR.yaml", tmp_path


def test_extending_profile_is_one_file(jpn_kor: tuple[Path, Path]) -> None:
    profile, folder = jpn_kor
    from dyadscope.profiles import load_profile

    assert str(load_profile(("KOR", "JPN")).dyad) == "JPN-KOR"  # type: ignore[union-attr]
    assert [p for p in schemas.check_knowledge(extra=[profile]) if p.level == "error"] == []
    db = dyadscope.open(folder / "jk.db")
    db.ingest([folder / "jk1.txt", folder / "jk2.txt"])
    events = db.events(dyad="JPN-KOR")
    assert set(events["source_actor"]) | set(events["target_actor"]) == {"JPN", "KOR"}
    assessment = db.assess("JPN", "KOR", snapshot=False)
    assert assessment.current["month"] == "2024-06" and -9 <= assessment.current["score"] <= 9


def test_extending_profile_with_a_misspelt_key_is_refused(jpn_kor: tuple[Path, Path]) -> None:
    profile, _ = jpn_kor
    profile.write_text(profile.read_text(encoding="utf-8").replace("factors:", "factorz:"), encoding="utf-8")
    found = [p.message for p in schemas.check_knowledge(extra=[profile]) if p.level == "error"]
    assert len(found) == 1 and "[E601]" in found[0] and "factorz" in found[0]


@pytest.mark.parametrize(
    "pair, expected",
    [
        (("JPN", "KOR"), "KOR"),
        (("USA", "PRK"), "PRK"),
        (("KOR", "PRK"), None),
        (("USA", "VNM"), None),
        (None, None),
    ],
)
def test_extending_korea_resolved_by_the_dyad(pair: tuple[str, str] | None, expected: str | None) -> None:
    (mention,) = find_mentions("Korea")
    resolved = resolve_by_dyad(mention, pair)
    assert resolved.code == expected and resolved.ambiguous == (expected is None)


def test_extending_lexicon_entry_is_one_entry(tmp_path: Path) -> None:
    source = schemas.PACKAGE / "ontology" / "event_patterns.yaml"
    if not source.exists():
        pytest.skip("event_patterns.yaml replaced by the lexicon")
    entry = {
        "id": "coast_guard_exercise",
        "keywords": ["coast guard"],
        "trigger": "\\bjoint\\s+coast\\s+guard\\s+(?:exercises?|drills?)\\b",
        "code": "062",
        "roles": "mutual",
        "dimension": "security",
        "confidence": 0.7,
    }
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["patterns"].append(entry)
    path = tmp_path / "event_patterns.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kind = schemas.kind_of(path)
    assert schemas.load_knowledge(path, kind).patterns[-1].id == "coast_guard_exercise"
    data["patterns"][-1] = {**entry, "code": "999"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loaded = {"ontology/event_patterns.yaml": schemas.load_knowledge(path, kind)}
    loaded["ontology/cameo.csv"] = schemas.load_knowledge(schemas.PACKAGE / "ontology" / "cameo.csv")
    assert [p.message for p in schemas.cross_check(loaded)] == [
        "coast_guard_exercise: unknown CAMEO code '999'"
    ]


def test_extending_indicator_is_one_entry(
    jpn_kor: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dyadscope.assess import indicators as signals
    from dyadscope.extract import indicators as vocabulary

    vocab = tmp_path / "indicators.yaml"
    vocab.write_text(vocabulary.INDICATORS_PATH.read_text(encoding="utf-8") + NEW_INDICATOR, encoding="utf-8")
    root = tmp_path / "pkg"
    for path in schemas.knowledge_files():
        target = root / path.relative_to(schemas.PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(vocab if path == vocabulary.INDICATORS_PATH else path, target)
    problems = schemas.check_knowledge(root)
    assert [p for p in problems if p.level == "error" or "patents_filed" in p.message] == []

    monkeypatch.setattr(vocabulary, "INDICATORS_PATH", vocab)
    for cached in (vocabulary.vocabulary, signals.signal_rules):
        cached.cache_clear()
    try:
        assert signals.signal_rules()["patents_filed"]["transform"] == "growth"
        _, folder = jpn_kor
        db = dyadscope.open(folder / "jk.db")
        db.ingest([folder / "jk2.txt"])
        stored = db.indicators()
        assert sorted(stored.loc[stored["name"] == "patents_filed", "value"]) == [1200.0, 1500.0]
    finally:
        for cached in (vocabulary.vocabulary, signals.signal_rules):
            cached.cache_clear()


def test_extending_scenario_is_one_file(jpn_kor: tuple[Path, Path]) -> None:
    _, folder = jpn_kor
    path = folder / "my_summit.yaml"
    scenario = {
        "id": "summit",
        "name": "A leaders' summit",
        "dyad": "JPN-KOR",
        "shocks": [
            {"id": "visit", "label": "A summit visit", "cameo": "042", "probability": 0.5, "window": [1, 6]}
        ],
    }
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    assert schemas.load_knowledge(path, schemas.SCENARIO).id == "summit"
    db = dyadscope.open(folder / "jk.db")
    db.ingest([folder / "jk1.txt", folder / "jk2.txt"])
    result = db.scenario("JPN", "KOR", months=6, runs=200, scenarios=[path], seed=1)
    assert set(result.bands["scenario"]) >= {"baseline", "summit"}
    path.write_text(yaml.safe_dump({**scenario, "dyad": "USA-VNM"}), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"\[E602\]"):
        db.scenario("JPN", "KOR", months=6, runs=200, scenarios=[path], seed=1)
