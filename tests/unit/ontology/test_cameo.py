"""The CAMEO table: codes as text, facts from the public tables, strict lookups."""

from __future__ import annotations

import pytest

from dyadscope.errors import InputError
from dyadscope.ontology import cameo


@pytest.mark.parametrize(
    ("code", "label_part", "goldstein", "quad", "root"),
    [
        ("042", "visit", 1.9, 1, "04"),
        ("057", "agreement", 8.0, 1, "05"),
        ("010", "statement", 0.0, 1, "01"),
        ("10", "Demand", -5.0, 3, "10"),
        ("163", "embargo", -8.0, 4, "16"),
        ("0251", "administrative sanctions", -0.3, 1, "02"),
        ("190", "conventional military force", -10.0, 4, "19"),
    ],
)
def test_cameo_lookup_known_codes(code: str, label_part: str, goldstein: float, quad: int, root: str) -> None:
    item = cameo.lookup(code)
    assert label_part.lower() in item.label.lower()
    assert (item.goldstein, item.quad_class, item.root) == (goldstein, quad, root)


def test_cameo_keeps_leading_zeros_distinct() -> None:
    assert cameo.lookup("010").root == "01"
    assert cameo.lookup("10").root == "10"
    assert cameo.lookup("010").label != cameo.lookup("10").label


@pytest.mark.parametrize("code", ["13y", "", "21", "00", "0", "99999", "04x", "2050"])
def test_cameo_lookup_rejects_invalid_codes(code: str) -> None:
    assert not cameo.is_valid(code)
    with pytest.raises(InputError, match="E411"):
        cameo.lookup(code)


def test_cameo_unknown_child_inherits_parent() -> None:
    assert cameo.lookup("0429").goldstein == cameo.lookup("042").goldstein


def test_cameo_table_has_all_roots_and_columns() -> None:
    frame = cameo.table()
    assert list(frame.columns) == ["code", "label", "goldstein", "quad_class", "root", "dimension", "plover"]
    assert sorted(r.code for r in cameo.roots()) == [f"{i:02d}" for i in range(1, 21)]
    assert frame["code"].is_unique
    assert len(frame[frame["code"].str.len() == 3]) >= 140
    assert frame["goldstein"].between(-10, 10).all()


def test_cameo_quad_class_follows_root() -> None:
    frame = cameo.table()
    expected = {r: (1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4) for r in range(1, 21)}
    assert all(expected[int(row.root)] == row.quad_class for row in frame.itertuples())


def test_cameo_plover_types_are_defined() -> None:
    import yaml

    from dyadscope.ontology import ONTOLOGY_DIR

    types = yaml.safe_load((ONTOLOGY_DIR / "plover.yaml").read_text(encoding="utf-8"))["types"]
    used = set(cameo.table()["plover"].dropna())
    assert used <= set(types)
    for name, item in types.items():
        for root in item["cameo_roots"]:
            assert cameo.lookup(root).plover == name, (name, root)
