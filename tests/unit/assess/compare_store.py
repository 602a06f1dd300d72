"""A GDELT export of U.S.-Vietnam rows over ten months of 2023, for the documents-vs-GDELT tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "connectors"))
from gdelt_rows import gdelt2_row  # noqa: E402

# (month, goldstein of its rows, rows): 2023-05 has too few rows to be compared
MONTHS = [
    ("2023-01", 1.0, 6),
    ("2023-02", 3.0, 6),
    ("2023-03", -2.0, 7),
    ("2023-04", 4.0, 6),
    ("2023-05", 7.0, 2),
    ("2023-06", 2.0, 8),
    ("2023-07", 5.0, 6),
    ("2023-08", -1.0, 6),
    ("2023-09", 6.0, 9),
    ("2023-10", 0.5, 6),
]


def gdelt_file(folder: Path) -> Path:
    lines, i = [], 0
    for month, goldstein, rows in MONTHS:
        for day in range(1, rows + 1):  # one row a day: dedupe merges nothing
            i += 1
            mentions = str(day)  # unequal weights, so a plain mean would differ from the weighted one
            date = f"{month.replace('-', '')}{day:02d}"
            lines.append(gdelt2_row(i, sqldate=date, goldstein=str(goldstein), mentions=mentions))
    path = folder / "20231031.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
