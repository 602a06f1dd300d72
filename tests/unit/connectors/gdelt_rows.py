"""Builders of GDELT rows for the connector tests: a valid 2.0 row with fields overridden by name."""

from __future__ import annotations

# 1-based positions of the named fields in a GDELT 2.0 row (61 fields).
V2 = {
    "gid": 1,
    "sqldate": 2,
    "a1code": 6,
    "a1name": 7,
    "a1cc": 8,
    "a1known": 9,
    "a2code": 16,
    "a2name": 17,
    "a2cc": 18,
    "a2known": 19,
    "isroot": 26,
    "code": 27,
    "base": 28,
    "root": 29,
    "quad": 30,
    "goldstein": 31,
    "mentions": 32,
    "sources": 33,
    "articles": 34,
    "tone": 35,
    "action_cc": 54,
    "dateadded": 60,
    "url": 61,
}


def gdelt2_fields(i: int, **over: str) -> list[str]:
    """A valid GDELT 2.0 row (USA -> VNM, 042 Make a visit) as its 61 fields."""
    fields = [""] * 61
    base = {
        "gid": str(1_000_000 + i),
        "sqldate": "20240115",
        "a1code": "USAGOV",
        "a1name": "UNITED STATES",
        "a1cc": "USA",
        "a2code": "VNMGOV",
        "a2name": "VIETNAM",
        "a2cc": "VNM",
        "isroot": "1",
        "code": "042",
        "base": "042",
        "root": "04",
        "quad": "1",
        "goldstein": "1.9",
        "mentions": "10",
        "sources": "2",
        "articles": "10",
        "tone": "2.5",
        "action_cc": "VM",
        "dateadded": "20240115121500",
        "url": f"https://news.example.org/{i}.html",
    }
    for name, value in {**base, **over}.items():
        fields[V2[name] - 1] = value
    return fields


def gdelt2_row(i: int, **over: str) -> str:
    return "\t".join(gdelt2_fields(i, **over))
