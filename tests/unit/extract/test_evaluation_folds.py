"""The gold's folds (tests/gold/folds.yaml), the checks on misfiled gold, and the fold-aware metrics."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from dyadscope.evaluation import extraction
from dyadscope.evaluation.extraction import evaluate, main, match_events, match_indicators
from dyadscope.evaluation.folds import GoldError, load_folds, load_gold, whitehouse_fold
from dyadscope.schema import Indicator

from .test_evaluation import _event

GOLD = Path(__file__).resolve().parents[2] / "gold"
# sha1 of these paths starts with e (even -> test) and b (odd -> tune)
WH_TEST = (
    "usa_ind/2023-02-14_statement-from-president-joe-biden-on-air-indias-"
    "historic-purchase-of-boeing-aircraft.md"
)
WH_TUNE = "usa_ind/2023-02-14_readout-of-president-bidens-call-with-prime-minister-modi-of-india-2.md"


def test_evaluation_folds_whitehouse_rule_is_the_first_sha1_digit() -> None:
    for name in (WH_TEST, WH_TUNE, "usa_rus/2021-01-26_x.md"):
        digit = int(hashlib.sha1(name.encode()).hexdigest()[0], 16)
        assert whitehouse_fold(name) == ("test" if digit % 2 == 0 else "tune")
    assert (whitehouse_fold(WH_TEST), whitehouse_fold(WH_TUNE)) == ("test", "tune")


def test_evaluation_folds_lists_and_whitehouse_paths() -> None:
    folds = load_folds(GOLD / "folds.yaml")
    assert folds.fold_of("seeds/000_f978b08c8f3fb1f9.txt") == "tune"
    assert folds.fold_of("eval/docs/us_vn_joint_leaders_statement_csp_2023.txt") == "test"
    assert folds.fold_of(f"eval/whitehouse/{WH_TEST}") == "test"
    assert folds.fold_of(f"eval/whitehouse/{WH_TUNE}") == "tune"
    with pytest.raises(GoldError, match="not in any fold"):
        folds.fold_of("eval/docs/never_listed.txt")


def _gold_dir(tmp_path: Path, files: dict[str, str], test: list[str] | None = None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "folds.yaml").write_text(
        yaml.safe_dump({"tune": ["docs/a.txt"], "test": test or ["docs/b.txt"]}), encoding="utf-8"
    )
    for name, document in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"document: {document}\nevents: []\n", encoding="utf-8")
    return tmp_path


def test_evaluation_folds_accepts_well_filed_gold(tmp_path: Path) -> None:
    gold = _gold_dir(
        tmp_path,
        {
            "tune/a.yaml": "docs/a.txt",
            "test/b.yaml": "docs/b.txt",
            "test/w.yaml": f"eval/whitehouse/{WH_TEST}",
        },
    )
    assert sorted((g["file"].name, g["fold"]) for g in load_gold(gold)) == [
        ("a.yaml", "tune"),
        ("b.yaml", "test"),
        ("w.yaml", "test"),
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"test/a.yaml": "docs/a.txt"}, "belongs to the tune fold"),
        ({"tune/w.yaml": f"eval/whitehouse/{WH_TEST}"}, "belongs to the test fold"),
        ({"b.yaml": "docs/b.txt"}, "filed in tests/gold/"),
        ({"test/b.yaml": "docs/b.txt", "test/b2.yaml": "docs/b.txt"}, "already annotated"),
        ({"test/c.yaml": "docs/c.txt"}, "not in any fold"),
    ],
)
def test_evaluation_folds_rejects_misfiled_gold(tmp_path: Path, files: dict[str, str], message: str) -> None:
    with pytest.raises(GoldError, match=message):
        load_gold(_gold_dir(tmp_path, files))


def test_evaluation_folds_rejects_same_text_under_two_paths(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    for name in ("docs/b.txt", "docs/b_copy.txt"):
        (shared / name).parent.mkdir(parents=True, exist_ok=True)
        (shared / name).write_text("One text filed twice.", encoding="utf-8")
    gold = _gold_dir(
        tmp_path / "gold",
        {"test/b.yaml": "docs/b.txt", "test/c.yaml": "docs/b_copy.txt"},
        test=["docs/b.txt", "docs/b_copy.txt"],
    )
    with pytest.raises(GoldError, match="already annotated"):
        load_gold(gold, shared)
    assert len(load_gold(gold)) == 2  # without the documents only paths are compared


def test_evaluation_folds_fold_field_must_agree(tmp_path: Path) -> None:
    gold = _gold_dir(tmp_path, {"test/b.yaml": "docs/b.txt"})
    (gold / "test/b.yaml").write_text("document: docs/b.txt\nfold: tune\n", encoding="utf-8")
    with pytest.raises(GoldError, match="says `fold: tune`"):
        load_gold(gold)


def test_evaluation_metrics_direction_status_and_dimension() -> None:
    gold = [
        {
            "date": "2024-04-18",
            "actors": ["USA", "IRN"],
            "source": "USA",
            "target": "IRN",
            "root": "16",
            "dimension": "economic",
            "status": "reported",
        },
        {
            "date": "2024-04",
            "actors": ["IRN", "ISR"],
            "source": "IRN",
            "target": "ISR",
            "root": "19",
            "dimension": "security",
            "status": "reported",
        },
        {
            "date": "2024",
            "actors": ["USA", "IRN"],
            "root": "04",
            "dimension": "diplomatic",
            "status": "planned",
        },
        {
            "date": "2024",
            "actors": ["USA", "CUB"],
            "root": "02",
            "dimension": "diplomatic",
            "status": "reported",
        },
    ]
    found = [
        _event("2024-04-18", "USA", "IRN", "163"),  # right root and order; dimension diplomatic != economic
        _event("2024-04-13", "ISR", "IRN", "190"),  # right root, reversed order
        _event("2024-05-01", "IRN", "USA", "040"),  # joint gold: order not scored; reported != planned
        _event("2024-05-01", "USA", "JPN", "040"),  # extra
    ]
    score = match_events(gold, found)
    assert (score.tp, score.fp, score.fn) == (3, 1, 1)
    assert (score.same_root, score.directed, score.same_direction) == (3, 2, 1)
    assert (score.same_status, score.same_dimension) == (2, 1)
    assert score.share("same_direction", "directed") == 0.5 and score.share("same_root") == 1.0
    assert "CUB-USA 02" in score.misses[0] and "USA>JPN 040" in score.extras[0]


def test_evaluation_metrics_prefer_the_right_direction_among_candidates() -> None:
    gold = [
        {
            "date": "2024",
            "actors": ["USA", "IRN"],
            "source": "IRN",
            "target": "USA",
            "root": "11",
            "dimension": "diplomatic",
            "status": "reported",
        }
    ]
    score = match_events(gold, [_event("2024", "USA", "IRN", "111"), _event("2024", "IRN", "USA", "111")])
    assert (score.tp, score.fp, score.same_direction) == (1, 1, 1)


def test_evaluation_metrics_indicator_period_and_parties() -> None:
    def found(value: float, period: str, reporter: str | None = None) -> Indicator:
        return Indicator(
            id=str(value),
            doc_id="d",
            name="x",
            value=value,
            unit="USD",
            period=period,
            reporter=reporter,
            partner="VNM",
        )

    gold = [
        {"name": "x", "value": 100, "unit": "USD", "period": "2024", "reporter": "USA", "partner": "VNM"},
        {"name": "x", "value": 200, "unit": "USD", "period": "2023"},
        {"name": "x", "value": 300, "unit": "USD", "period": None, "partner": "VNM"},
    ]
    score = match_indicators(gold, [found(100, "2024-06", "USA"), found(200, "2024"), found(300, "2025")])
    assert (score.tp, score.same_period, score.with_parties, score.same_parties) == (3, 2, 2, 2)
    score = match_indicators(gold[:1], [found(100, "2024", "VNM")])
    assert (score.same_period, score.same_parties) == (1, 0)


def test_evaluation_main_rejects_misfiled_gold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shared" / "seeds").mkdir(parents=True)
    gold = _gold_dir(tmp_path / "gold", {"test/a.yaml": "docs/a.txt"})
    monkeypatch.setattr(extraction, "GOLD_DIR", gold)
    monkeypatch.setattr(extraction, "SHARED_DIR", tmp_path / "shared")
    assert main(["--fold", "test"]) == 2
    assert "belongs to the tune fold" in capsys.readouterr().err


def _norm(text: str) -> str:
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2011", "-"),
        ("\\", ""),
    ):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).lower()


def test_evaluation_test_fold_is_large_and_varied(shared_dir: Path) -> None:
    gold = [g for g in load_gold(GOLD, shared_dir) if g["fold"] == "test"]
    assert len(gold) >= 24
    assert len(Counter(g["genre"] for g in gold)) >= 4
    assert len(Counter(g["dyad"] for g in gold)) >= 8
    roots = Counter(e["root"] for g in gold for e in g["events"])
    assert sum(roots[r] for r in ("11", "13", "15", "16", "17", "19")) >= 30  # conflictual events


def test_evaluation_gold_locates_are_in_their_documents(shared_dir: Path) -> None:
    for gold in load_gold(GOLD, shared_dir):
        text = _norm((shared_dir / gold["document"]).read_text(encoding="utf-8"))
        for record in (gold.get("events") or []) + (gold.get("indicators") or []):
            locate = record.get("locate")
            assert locate is None or _norm(locate) in text, (gold["file"].name, locate)
            assert locate is None or len(locate.split()) <= 6, (gold["file"].name, locate)
            if "source" in record:
                assert {record["source"], record["target"]} == set(record["actors"]), gold["file"].name
            if "code" in record:
                assert record["code"].startswith(record["root"]), gold["file"].name


def test_evaluation_scores_both_folds(shared_dir: Path) -> None:
    result = evaluate(shared_dir=shared_dir, fold="tune")
    assert set(result["folds"]) == {"tune"} and result["folds"]["tune"]["documents"] >= 6


def test_evaluation_main_prints_one_fold_as_json(
    shared_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(extraction, "SHARED_DIR", shared_dir)
    assert main(["--fold", "tune", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out["folds"]) == ["tune"] and out["folds"]["tune"]["documents"] >= 6
    assert {"root_accuracy", "direction_accuracy", "status_accuracy"} <= set(out["folds"]["tune"]["events"])
    assert {"period_accuracy", "parties_accuracy"} <= set(out["folds"]["tune"]["indicators"])
    assert all(doc["fold"] == "tune" for doc in out["documents"])
