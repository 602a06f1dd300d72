"""Shared pieces of the evidence-quality checks: the Finding record, citations, rules, word patterns."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import Errors, ProfileError
from ..ontology import ONTOLOGY_DIR

RULES_FILE = Path(__file__).resolve().parent / "findings_rules.yaml"
COLUMNS = ["id", "kind", "severity", "title", "explanation", "evidence", "subject"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass
class Finding:
    """One evidence-quality finding; ``evidence`` holds citation dicts (see :func:`citation`)."""

    kind: str
    severity: str
    title: str
    explanation: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    subject: str = ""

    @property
    def id(self) -> str:
        """Stable id: the kind, the subject and the cited spans, hashed (same inputs, same id)."""
        keys = sorted(f"{e.get('doc_id')}:{e.get('char_start')}:{e.get('char_end')}" for e in self.evidence)
        raw = "|".join([self.kind, self.subject, *keys])
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity,
            "title": self.title,
            "explanation": self.explanation,
            "evidence": self.evidence,
            "subject": self.subject,
        }


def to_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame, most severe first, then by kind and title (a stable order)."""
    rows = [f.to_record() for f in findings]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame = frame.drop_duplicates(subset="id")
    order = frame["severity"].map(SEVERITY_ORDER).fillna(9)
    frame = frame.assign(_o=order).sort_values(["_o", "kind", "title", "id"]).drop(columns="_o")
    return frame.reset_index(drop=True)


def citation(row: Any, docs: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A citation dict (doc_id, doc_title, published, text, char_start, char_end, + extra) for a row."""
    get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
    doc_id = get("doc_id")
    doc = docs.get(doc_id or "") or {}
    record = {
        "doc_id": doc_id,
        "doc_title": doc.get("title"),
        "published": doc.get("published"),
        "text": get("text") or "",
        "char_start": _int(get("char_start")),
        "char_end": _int(get("char_end")),
    }
    record.update({k: _plain(v) for k, v in extra.items()})
    return record


def indicator_citation(row: Any, docs: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """``citation`` of an indicator row, with its value, unit, name, period, reporter and partner."""
    return citation(
        row,
        docs,
        value=row["value"],
        unit=row["unit"],
        name=row["name"],
        period=row["period"],
        reporter=row.get("reporter"),
        partner=row.get("partner"),
        **extra,
    )


def profile_citation(profile: Any, text: str, **extra: Any) -> dict[str, Any]:
    """A citation of a fact held in the dyad profile (no document: the profile file is the source)."""
    path = getattr(profile, "path", None)
    title = f"dyad profile {Path(path).name}" if path else f"dyad profile {getattr(profile, 'dyad', '')}"
    return {
        "doc_id": None,
        "doc_title": title,
        "published": None,
        "text": text,
        "char_start": None,
        "char_end": None,
        "source": path,
        **extra,
    }


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with NaN/NaT read as None (pandas turns NULL text into NaN in mixed columns)."""
    if frame is None or frame.empty:
        return []
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")


def documents_index(db: Any) -> dict[str, dict[str, Any]]:
    """Document metadata (no text) keyed by id."""
    frame = db.documents()
    if frame.empty:
        return {}
    return {row["id"]: row for row in records(frame)}


@lru_cache(maxsize=8)
def _load_rules(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileError(Errors.E603.format(path=path, detail=str(exc).splitlines()[0])) from exc
    if not isinstance(data, dict):
        raise ProfileError(Errors.E603.format(path=path, detail="the top level must be a mapping"))
    return data


def load_rules(path: str | Path | None = None) -> dict[str, Any]:
    """The findings rules (thresholds and vocabulary); the shipped file unless ``path`` is given."""
    from ..ontology.schemas import FindingsRules, validate_data

    base = dict(_load_rules(str(RULES_FILE)))
    if path is not None:
        base.update(_load_rules(str(Path(path).resolve())))
    validate_data(FindingsRules, base, path or RULES_FILE)  # a misspelt key fails loudly (E603)
    return base


@lru_cache(maxsize=1)
def ontology_measures() -> dict[str, str]:
    """Indicator name -> measure (flow, stock, rate, ...), from ``ontology/indicators.yaml``."""
    with open(ONTOLOGY_DIR / "indicators.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {name: str(spec.get("measure", "")) for name, spec in (data.get("indicators") or {}).items()}


def policy_mask(indicators: pd.DataFrame, rules: dict[str, Any]) -> pd.Series:
    """True for policy levels (tariff rates, quotas): a listed name, or a ``policy_measures`` measure in
    the ontology or on the row itself."""
    measures = set(rules.get("policy_measures", []))
    listed = set(rules.get("policy_indicators", [])) | {
        n for n, m in ontology_measures().items() if m in measures
    }
    mask = indicators["name"].isin(listed)
    if "measure" in indicators:
        mask |= indicators["measure"].isin(measures)
    return mask


@lru_cache(maxsize=64)
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``words`` as whole words (phrases allowed)."""
    parts = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def has_words(text: str, words: list[str] | tuple[str, ...]) -> bool:
    return bool(words) and word_pattern(tuple(words)).search(text or "") is not None


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (ISO dates of any precision; year-only reads as January)."""

    def ym(value: str) -> tuple[int, int]:
        parts = str(value).split("-")
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 1

    (y1, m1), (y2, m2) = ym(start), ym(end)
    return (y2 - y1) * 12 + (m2 - m1)


def _int(value: Any) -> int | None:
    try:
        return None if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return None


def _plain(value: Any) -> Any:
    """numpy scalars and NaN as plain Python values, so evidence stays JSON-safe."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value
