"""CSV and JSON downloads of any table; the "spreadsheet" CSV defuses formula injection.

In the spreadsheet dialect a text cell starting with ``= + - @`` (or tab/CR) gets a leading ``'`` so
Excel and LibreOffice show it as text (OWASP CSV injection); numbers are left untouched, so ``-3.2``
stays a number. Plain CSV and JSON keep every value raw.
"""

from __future__ import annotations

import json

import pandas as pd

from ..render import records

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):  # numbers (even -3.2) stay numbers
            out[column] = out[column].map(defuse)
    return out


def to_csv(frame: pd.DataFrame, *, spreadsheet: bool) -> str:
    return (spreadsheet_safe(frame) if spreadsheet else frame).to_csv(index=False)


def to_parquet(frame: pd.DataFrame) -> bytes:
    """The table as Parquet (pyarrow); lists and dicts (citations) as JSON text, so any reader opens it."""
    import io

    buffer = io.BytesIO()
    _flat(frame).to_parquet(buffer, index=False)
    return buffer.getvalue()


def to_excel(frame: pd.DataFrame) -> bytes:
    """The table as an .xlsx sheet, formula-safe like the spreadsheet CSV; needs openpyxl (extra excel)."""
    import io

    try:
        import openpyxl  # noqa: F401
    except ImportError:
        from ..errors import Errors, InputError

        raise InputError(Errors.E718) from None
    buffer = io.BytesIO()
    spreadsheet_safe(_flat(frame)).to_excel(buffer, index=False, sheet_name="dyadscope")
    return buffer.getvalue()


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, list | dict)).any():
            out[column] = out[column].map(lambda v: json.dumps(v, ensure_ascii=False, default=str))
    return out


def to_json(frame: pd.DataFrame) -> str:
    return json.dumps(records(frame) if not frame.empty else [], ensure_ascii=False, indent=1)
