"""Indicator tables from CSV: ``import csv FILE --map name=…,value=…,period=…[,reporter=…,unit=…,…]``.

Each ``--map`` entry names the column holding a field, or gives a constant in quotes
(``name='goods_exports'``, ``unit='USD'``). Values are read as numbers in base units ("1,234.5",
"(12)" for -12; ``decimal=','`` reads "1.234,5"); periods as YYYY, YYYY-MM or YYYY-Qn from 1900 to
the import date; names from ``ontology/indicators.yaml``; reporter and partner must be two different
ISO3 or IGO codes (checks in ``validate.py``). A row that fails is reported with its row number
(header = row 1) and quarantined; the others are stored, each with its source attribution.
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
from .validate import check_decimal, check_indicator, check_pair, check_period, parse_number

FIELDS = ("name", "value", "period", "reporter", "partner", "unit", "source", "measure", "decimal")
REQUIRED = ("name", "value", "period")
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
    if "decimal" in mapping:
        try:
            check_decimal(mapping["decimal"].strip("'\""))
        except ValueError as exc:
            raise InputError(Errors.E305.format(spec=spec, detail=str(exc))) from None
        mapping["decimal"] = "'" + mapping["decimal"].strip("'\"") + "'"  # a constant, never a column
    return mapping


def _column(frame: pd.DataFrame, path: Path, target: str) -> pd.Series:
    """The column named by ``target``, or a constant when quoted."""
    if len(target) >= 2 and target[0] == target[-1] and target[0] in "'\"":
        return pd.Series(target[1:-1], index=frame.index)
    if target not in frame.columns:
        raise InputError(Errors.E304.format(path=path, column=target))
    return frame[target].astype(str).str.strip()


def _row(values: dict[str, str], line: int, sha: str) -> dict[str, Any]:
    """One indicator record, or ValueError naming the field at fault (see ``validate``)."""
    if not values["name"]:
        raise ValueError("empty name")
    decimal = values.get("decimal") or "."
    try:
        number = parse_number(values["value"], decimal)
    except ValueError:
        raise ValueError(
            f"value {values['value'][:40]!r} is not a number written with {decimal!r} as decimal mark"
        ) from None
    check_period(values["period"])
    codes = {}
    for side in ("reporter", "partner"):
        text = values.get(side) or ""
        try:
            codes[side] = check_code(text) if text else None
        except DyadscopeError:
            raise ValueError(f"{side} {text[:20]!r} is not an ISO3 or IGO code") from None
    check_pair(codes["reporter"], codes["partner"])
    measure = values.get("measure") or "flow"
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    check_indicator(values["name"], number, values.get("measure") or None)
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
