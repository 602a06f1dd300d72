"""expected.yaml (the demo's yardstick) must describe the corpus as it is: quotes, files, dates, values."""

from __future__ import annotations

import datetime as dt
import re

import pypdf
import pytest

from dyadscope.demo import corpus_paths, expected
from dyadscope.schema import DIMENSIONS

TEXTS = {}
for _path in corpus_paths():
    if _path.suffix == ".pdf":
        _raw = " ".join(page.extract_text() for page in pypdf.PdfReader(str(_path)).pages)
    else:
        _raw = re.sub(r"<[^>]+>", " ", _path.read_text(encoding="utf-8"))
    TEXTS[_path.name] = " ".join(_raw.split())

EXPECTED = expected()


@pytest.mark.parametrize("item", EXPECTED["events"], ids=lambda i: f"{i['doc'][:2]}-{i['date']}")
def test_expected_event_is_in_its_document(item: dict) -> None:
    assert item["quote"] in TEXTS[item["doc"]]
    assert item["dimension"] in DIMENSIONS and len(set(item["actors"])) == 2
    assert item.get("status", "reported") in {"reported", "planned", "hypothetical", "negated"}
    parts = str(item["date"]).split("-")
    dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


@pytest.mark.parametrize("item", EXPECTED["indicators"], ids=lambda i: f"{i['doc'][:2]}-{i['name']}")
def test_expected_indicator_value_is_stated_in_its_document(item: dict) -> None:
    value = float(item["value"])
    text = TEXTS[item["doc"]]
    if abs(value) >= 1e9:
        stated = f"{abs(value) / 1e9:g} billion"
    elif abs(value) >= 1e6:
        stated = f"{abs(value) / 1e6:g} million"
    else:
        stated = f"{value:,.0f}" if value >= 1000 else f"{value:g}"
    assert stated in text, f"{item['doc']} does not state {stated}"


def test_expected_findings_are_the_deliberate_traps() -> None:
    kinds = {f["kind"] for f in EXPECTED["findings"]}
    assert {"figure_conflict", "date_variant", "policy_change", "inconsistency"} <= kinds
