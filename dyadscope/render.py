"""Render DataFrames and records for the terminal: table (rich), json, csv, parquet."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import Errors, InputError


class Format(str, Enum):  # noqa: UP042 (Typer's choices are read from a str-valued Enum)
    table = "table"
    json = "json"
    csv = "csv"
    parquet = "parquet"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-safe records: NaN -> None, numpy scalars -> Python."""
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def render(
    data: pd.DataFrame | dict | list,
    fmt: Format | str = Format.table,
    *,
    output: Path | None = None,
    title: str | None = None,
    max_width: int = 60,
) -> None:
    fmt = Format(fmt)
    if fmt is Format.json:
        payload = records(data) if isinstance(data, pd.DataFrame) else data
        text = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
        _emit(text, output)
    elif fmt is Format.csv:
        frame = (
            data
            if isinstance(data, pd.DataFrame)
            else pd.DataFrame(data if isinstance(data, list) else [data])
        )
        _emit(frame.to_csv(index=False), output)
    elif fmt is Format.parquet:
        frame = (
            data
            if isinstance(data, pd.DataFrame)
            else pd.DataFrame(data if isinstance(data, list) else [data])
        )
        if output is None:
            raise SystemExit("error: --format parquet needs -o FILE")
        with _writing(output):
            frame.to_parquet(output, index=False)
    elif output is not None:
        with _writing(output), Path(output).open("w", encoding="utf-8") as handle:
            _print_table(data, Console(file=handle, width=200), title, max_width)
    else:
        _print_table(
            data, Console(file=sys.stdout, width=200 if not sys.stdout.isatty() else None), title, max_width
        )


def _print_table(
    data: pd.DataFrame | dict | list, console: Console, title: str | None, max_width: int
) -> None:
    if isinstance(data, dict):
        table = Table("field", "value", title=title, show_lines=False)
        for key, value in data.items():
            table.add_row(str(key), _cell(value, max_width * 3))
    else:
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
        table = Table(*[str(c) for c in frame.columns], title=title)
        for row in frame.itertuples(index=False):
            table.add_row(*[_cell(v, max_width) for v in row])
    console.print(table)


def _cell(value: Any, width: int) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    # Cells hold document text: escape it so '[...]' is shown, never read as rich markup.
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        with _writing(output):
            Path(output).write_text(text, encoding="utf-8")


@contextmanager
def _writing(output: Path) -> Iterator[None]:
    """An OSError writing ``-o FILE`` (/dev/full, a folder, no permission) becomes E414, exit 1."""
    try:
        yield
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise InputError(Errors.E414.format(path=output, detail=detail)) from exc
