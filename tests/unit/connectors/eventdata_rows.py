"""Builders of POLECAT and ICEWS files in their published tab-separated layouts (header row first)."""

from __future__ import annotations

from pathlib import Path

ICEWS_HEADER = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
]

POLECAT_HEADER = [
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor Sectors",
    "Recipient Name",
    "Recipient Country",
    "Recipient Sectors",
    "Placename",
    "Story ID",
    "Publisher",
    "Headline",
    "Language",
]


def icews_row(i: int, **over: str) -> str:
    """A valid ICEWS row (a U.S. official visits Vietnam, CAMEO 042) with fields overridden by name."""
    row = {
        "Event ID": str(20_000_000 + i),
        "Event Date": "2024-01-15",
        "Source Name": "Secretary of State (United States)",
        "Source Sectors": "Executive,Government",
        "Source Country": "United States",
        "Event Text": "Make a visit",
        "CAMEO Code": "042",
        "Intensity": "1.9",
        "Target Name": "Vietnam",
        "Target Sectors": "",
        "Target Country": "Vietnam",
        "Story ID": str(70_000 + i),
        "Sentence Number": "1",
        "Publisher": "Example Wire",
        "City": "Hanoi",
        "District": "",
        "Province": "Hanoi",
        "Country": "Vietnam",
        "Latitude": "21.0245",
        "Longitude": "105.841",
    }
    row.update({name.replace("_", " "): value for name, value in over.items()})
    return "\t".join(row[name] for name in ICEWS_HEADER)


def polecat_row(i: int, **over: str) -> str:
    """A valid POLECAT row (USA consults VNM by a visit) with fields overridden by name."""
    row = {
        "Event ID": f"20240115-{i:06d}-a",
        "Event Date": "2024-01-15",
        "Event Type": "CONSULT",
        "Event Mode": "visit",
        "Contexts": "diplomatic",
        "Actor Name": "Antony Blinken",
        "Actor Country": "USA",
        "Actor Sectors": "GOV",
        "Recipient Name": "Vietnam",
        "Recipient Country": "VNM",
        "Recipient Sectors": "GOV",
        "Placename": "Hanoi",
        "Story ID": f"story-{i}",
        "Publisher": "Example Wire",
        "Headline": "Envoy arrives for talks",
        "Language": "en",
    }
    row.update({name.replace("_", " "): value for name, value in over.items()})
    return "\t".join(row[name] for name in POLECAT_HEADER)


def write_table(path: Path, header: list[str], lines: list[str]) -> Path:
    path.write_text("\t".join(header) + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
