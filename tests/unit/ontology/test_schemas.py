"""Knowledge as validated data (issue #13): one schema per file, one loader, a cross-file check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dyadscope.errors import ProfileError
from dyadscope.ontology import schemas
from dyadscope.ontology.schemas import PACKAGE, check_knowledge, knowledge_files, load_knowledge


def copy_knowledge(tmp_path: Path) -> Path:
    """The package's knowledge files (data only) under ``tmp_path``, to break one on purpose."""
    root = tmp_path / "pkg"
    for path in knowledge_files():
        target = root / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return root


def errors_of(problems: list[schemas.Problem]) -> list[str]:
    return [f"{p.file}: {p.message}" for p in problems if p.level == "error"]


def test_schemas_shipped_knowledge_has_no_errors() -> None:
    assert errors_of(check_knowledge()) == []


def test_schemas_every_knowledge_file_has_a_schema() -> None:
    assert [p.relative_to(PACKAGE).as_posix() for p in knowledge_files() if schemas.kind_of(p) is None] == []


def test_schemas_dimensions_defined_once() -> None:
    assert tuple(schemas.Dimension.__args__) == schemas.dimensions()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "file, old, new, needle",
    [
        ("assess/signals.yaml", "transform: growth", "transform: grwoth", "goods_trade_total.transform"),
        ("assess/signals.yaml", "sign: 1, scale: 0.2}", "sign: 1, scael: 0.2}", "scael"),
        ("ontology/indicators.yaml", "    measure: flow\n", "    measrue: flow\n", "measrue"),
        ("ontology/status.yaml", "negation_window:", "negation_windwo:", "negation_windwo"),
        ("assess/findings_rules.yaml", "rounding_gap:", "rounding_gpa:", "rounding_gpa"),
        ("report/chapters.yaml", "max_sentences", "max_sentence", "max_sentence"),
        ("ontology/cameo.csv", "code,label", "cod,label", "unknown column"),
    ],
)
def test_schemas_misspelt_key_fails_loudly(
    tmp_path: Path, file: str, old: str, new: str, needle: str
) -> None:
    root = copy_knowledge(tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_knowledge(path, schemas.kind_of(path, root))
    assert (
        caught.value.code == "E603" and str(path) in caught.value.message and needle in caught.value.message
    )
    assert any(needle in line for line in errors_of(check_knowledge(root)))


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        (
            "assess/findings_rules.yaml",
            "symmetric_indicators: [goods_trade_total",
            "symmetric_indicators: [total_trade",
            "assess/findings_rules.yaml: symmetric_indicators: 'total_trade' is not an indicator",
        ),
        (
            "assess/signals.yaml",
            "students: {",
            "student_visas: {",
            "assess/signals.yaml: 'student_visas' is not an indicator in ontology/indicators.yaml",
        ),
        (
            "ontology/gazetteers/leaders.csv",
            ",USA,President,",
            ",USX,President,",
            "ontology/gazetteers/leaders.csv: line",
        ),
        ("scenarios/usa_vnm_arms_sale.yaml", 'cameo: "062"', 'cameo: "069"', "CAMEO event code '069'"),
        ("report/chapters.yaml", "event_codes: [", "event_codes: ['999', ", "unknown CAMEO code '999'"),
    ],
)
def test_schemas_cross_file_errors(tmp_path: Path, file: str, old: str, new: str, expected: str) -> None:
    root = copy_knowledge(tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert any(expected in line for line in errors_of(check_knowledge(root))), errors_of(
        check_knowledge(root)
    )


def test_schemas_indicator_without_signal_is_reported(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path = root / "ontology/indicators.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  patents_filed:\n    unit: items\n    measure: count\n    kind: count\n    nouns: ['patents?']\n",
        encoding="utf-8",
    )
    problems = check_knowledge(root)
    assert errors_of(problems) == []
    assert any(
        p.level == "warning" and "'patents_filed' has no assess/signals.yaml entry" in p.message
        for p in problems
    )


def test_schemas_profile_leader_inconsistent_with_gazetteer(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path = root / "profiles/USA-VNM.yaml"
    text = path.read_text(encoding="utf-8")
    assert "2021-01-20" in text
    path.write_text(text.replace("2021-01-20", "2021-02-20", 1), encoding="utf-8")
    problems = check_knowledge(root)
    assert any("leaders.csv has" in p.message and p.file.endswith("USA-VNM.yaml") for p in problems)


def test_schemas_signal_rules_loader_refuses_an_unknown_transform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dyadscope.assess import indicators

    bad = tmp_path / "signals.yaml"
    bad.write_text("students: {dimension: people, transform: sqrt, sign: 1, scale: 0.2}\n", encoding="utf-8")
    monkeypatch.setattr(indicators, "SIGNALS_FILE", bad)
    indicators.signal_rules.cache_clear()
    try:
        with pytest.raises(ProfileError, match=r"\[E603\].*students\.transform"):
            indicators.signal_rules()
    finally:
        indicators.signal_rules.cache_clear()


def test_schemas_findings_rules_override_with_misspelt_key(tmp_path: Path) -> None:
    from dyadscope.assess.findings_common import load_rules

    rules = tmp_path / "rules.yaml"
    rules.write_text("figure_tolerence: 0.05\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"\[E603\].*figure_tolerence"):
        load_rules(rules)


def test_schemas_doctor_has_a_knowledge_section(runner, tmp_path: Path) -> None:
    from dyadscope.cli import app

    result = runner.invoke(app, ["doctor", "--db", str(tmp_path / "k.db"), "-f", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["knowledge"]["error"] == []
    assert any("stored, never scored" in line for line in report["knowledge"]["warning"])
