"""Indicator tables from CSV: ``import csv FILE --map name=…,value=…,period=…[,reporter=…,unit=…,…]``.

Each ``--map`` entry names the column holding a field, or gives a constant in quotes
(``name='goods_exports'``, ``unit='USD'``). Values are read as numbers in base units ("1,234.5",
"(12)" for -12); periods as YYYY, YYYY-MM or YYYY-Qn; reporter and partner must be ISO3 or IGO
codes. A row that fails is reported with its row number (header = row 1) and quarantined; the
others are stored, each with its source attribution.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import DyadscopeError, Errors, InputError
from ..ontology.countries import check_code
from . import records
from .archive import sha256_file
from .report import ImportReport

FIELDS = ("name", "value", "period", "reporter", "partner", "unit", "source", "measure")
REQUIRED = ("name", "value", "period")
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$")
MEASURES = ("flow", "stock", "level", "count", "rate", "rank")


def parse_mapping(spec: str | dict[str, str]) -> dict[str, str]:
    """``"name=Indicator,value='1'"`` -> {"name": "Indicator", "value": "'1'"}; checks field names."""
    if isinstance(spec, dict):
        mapping = {str(k): str(v) for k, v in spec.items()}
    else:
        mapping = {}
        for part in [p for p in re.split(r",(?=\s*\w+\s*=)", spec) if p.strip()]:
            key, sep, value = part.partition("=")
            if not sep or not value.strip():
                raise InputError(
                    Errors.E305.format(spec=spec, detail=f"{part.strip()!r} is not field=column")
                )
            mapping[key.strip()] = value.strip()
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise InputError(
            Errors.E305.format(
                spec=spec, detail=f"unknown field(s) {', '.join(unknown)}; use {', '.join(FIELDS)}"
            )
        )
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        raise InputError(Errors.E305.format(spec=spec, detail=f"missing {', '.join(missing)}"))
    return mapping


def _column(frame: pd.DataFrame, path: Path, target: str) -> pd.Series:
    """The column named by ``target``, or a constant when quoted."""
    if len(target) >= 2 and target[0] == target[-1] and target[0] in "'\"":
        return pd.Series(target[1:-1], index=frame.index)
    if target not in frame.columns:
        raise InputError(Errors.E304.format(path=path, column=target))
    return frame[target].astype(str).str.strip()


def parse_number(text: str) -> float:
    """'1,234.5' -> 1234.5; '(12)' -> -12.0; ValueError otherwise."""
    cleaned = text.replace(",", "").replace("_", "").replace(" ", "")
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = "-" + cleaned[1:-1]
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def _row(values: dict[str, str], line: int, sha: str) -> dict[str, Any]:
    """One indicator record, or ValueError naming the field at fault."""
    if not values["name"]:
        raise ValueError("empty name")
    try:
        number = parse_number(values["value"])
    except ValueError:
        raise ValueError(f"value {values['value']!r} is not a number") from None
    if not PERIOD.match(values["period"]):
        raise ValueError(f"period {values['period']!r} is not YYYY, YYYY-MM or YYYY-Qn")
    codes = {}
    for side in ("reporter", "partner"):
        text = values.get(side) or ""
        try:
            codes[side] = check_code(text) if text else None
        except DyadscopeError:
            raise ValueError(f"{side} {text!r} is not an ISO3 or IGO code") from None
    measure = values.get("measure") or "flow"
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    return {
        "id": records.ledger_id("csv", sha, line),
        "doc_id": None,
        "name": values["name"],
        "value": number,
        "unit": (values.get("unit") or "unknown")[:16],
        "period": values["period"],
        **codes,
        "source_attribution": values.get("source") or None,
        "measure": measure,
        "text": f"{values['name']} {values['period']} = {values['value']} (CSV row {line})",
        "char_start": 0,
        "char_end": 0,
        "confidence": 0.9,
        "origin": "csv",
    }


def import_csv(db, path: str | Path, mapping: str | dict[str, str]) -> ImportReport:
    """Store the mapped rows of ``path`` as indicators; returns an :class:`ImportReport`."""
    started = time.perf_counter()
    path = Path(path)
    fields = parse_mapping(mapping)
    if not path.is_file():
        raise InputError(Errors.E111.format(path=path))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(Errors.E301.format(path=path, detail=f"not a readable CSV ({exc})")) from exc
    sha = sha256_file(path)
    import_id = records.ledger_id("csv", sha, sorted(fields.items()))
    report = ImportReport(rows_read=len(frame))
    entry = {"path": str(path), "status": "ok", "layout": "csv"}
    report.files.append(entry)
    if records.finished(db, import_id):
        entry.update(status="duplicate", message="duplicate: this file was imported with this mapping")
        report.rows_read = 0
        return report
    columns = {field: _column(frame, path, target) for field, target in fields.items()}
    rows, problems = [], []
    for i in range(len(frame)):
        line = i + 2  # row 1 is the header
        try:
            rows.append(_row({f: columns[f].iat[i] for f in columns}, line, sha))
        except ValueError as exc:
            problems.append((line, str(exc), ",".join(frame.iloc[i].astype(str))[:2000]))
    records.commit_indicator_rows(db, report, import_id, "csv", path, rows, problems)
    report.seconds = time.perf_counter() - started
    return report
