"""UN General Assembly roll-call votes -> yearly vote agreement and distance per dyad (indicators).

Input: the ``unvotes`` tables (Voeten et al., Harvard Dataverse hdl:1902.1/12379): votes
``rcid, country, country_code (ISO2), vote`` and roll calls ``rcid, …, date``. For each pair of
countries and year, over the roll calls in which both cast a vote (yes, no or abstain):

- ``unga_vote_agreement``: share of those roll calls where both voted the same way (0-1);
- ``unga_vote_distance``: mean absolute difference of the votes scored yes = 1, abstain = 0.5,
  no = 0 (0 identical … 1 always opposite): a simple ideal-point-style distance that, unlike
  agreement, counts an abstention against a no as half a disagreement.

Absences are not votes. ISO2 codes map to ISO3 via pycountry, with historic and missing codes
(CS Czechoslovakia, YU, YD, DD, West Germany, North Yemen, Zanzibar) from ``unvotes_codes.csv``.
Only pairs involving the requested countries are computed, to keep the store small.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from ..dyads import parse_dyad
from ..errors import Errors, InputError
from ..ontology.countries import check_code
from . import records
from .archive import sha256_file
from .report import ImportReport
from .validate import run_date

SCORES = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
ATTRIBUTION = "UNGA roll-call votes (Voeten et al., Harvard Dataverse hdl:1902.1/12379)"
CODES_FILE = Path(__file__).with_name("unvotes_codes.csv")
FIRST_SESSION = 1946


def _read(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not Path(path).is_file():
        raise InputError(Errors.E111.format(path=path))
    try:
        # keep_default_na=False: "NA" is Namibia's ISO2 code, not a missing value.
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(Errors.E301.format(path=path, detail=f"not a readable CSV ({exc})")) from exc
    for column in required:
        if column not in frame.columns:
            raise InputError(Errors.E304.format(path=path, column=column))
    return frame


def iso3_codes(votes: pd.DataFrame) -> pd.Series:
    """ISO3 per vote row from (country_code, country): overrides first, then pycountry; '' if unknown."""
    overrides = pd.read_csv(CODES_FILE, dtype=str, keep_default_na=False)
    by_pair = {(r.country_code, r.country): r.iso3 for r in overrides.itertuples()}
    pairs = votes[["country_code", "country"]].drop_duplicates()
    mapping = {}
    for code, name in pairs.itertuples(index=False):
        found = by_pair.get((code, name))
        if found is None and code:
            country = pycountry.countries.get(alpha_2=code)
            found = country.alpha_3 if country else ""
        mapping[(code, name)] = found or ""
    return pd.Series(
        [mapping[p] for p in zip(votes["country_code"], votes["country"], strict=True)], index=votes.index
    )


def pair_years(votes: pd.DataFrame, focus: list[str], only: tuple[str, str] | None) -> pd.DataFrame:
    """Agreement, distance and roll-call count per (year, a, b) for pairs involving ``focus``."""
    rows = []
    for a in focus:
        mine = votes[votes["iso3"] == a][["rcid", "year", "score"]]
        others = votes[votes["iso3"] != a][["rcid", "iso3", "score"]]
        if only is not None:
            others = others[others["iso3"] == (only[1] if a == only[0] else only[0])]
        both = mine.merge(others, on="rcid", suffixes=("_a", "_b"))
        both["same"] = both["score_a"] == both["score_b"]
        both["gap"] = (both["score_a"] - both["score_b"]).abs()
        grouped = both.groupby(["year", "iso3"]).agg(
            n=("same", "size"), same=("same", "sum"), gap=("gap", "mean")
        )
        rows.append(grouped.reset_index().assign(a=a).rename(columns={"iso3": "b"}))
    frame = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["year", "b", "n", "same", "gap", "a"])
    )
    # A pair of two focus countries is computed twice; keep it once, in the order the user gave.
    rank = {code: i for i, code in enumerate(focus)}
    keep = frame["b"].map(lambda b: rank.get(b, len(focus))) > frame["a"].map(rank)
    return frame[keep].reset_index(drop=True)


def indicator_rows(pairs: pd.DataFrame) -> list[dict[str, Any]]:
    """Two indicators per pair-year, with ids stable across runs (idempotent re-imports)."""
    out = []
    for r in pairs.itertuples(index=False):
        year, n, same = str(r.year), int(r.n), int(r.same)
        text = (
            f"{r.a} and {r.b} voted alike in {same} of {n} UN General Assembly roll calls in {year} "
            "in which both voted."
        )
        for name, value, unit in (
            ("unga_vote_agreement", same / n, "share"),
            ("unga_vote_distance", float(r.gap), "index"),
        ):
            out.append(
                {
                    "id": records.ledger_id("unvotes", name, year, r.a, r.b),
                    "doc_id": None,
                    "name": name,
                    "value": round(value, 6),
                    "unit": unit,
                    "period": year,
                    "reporter": r.a,
                    "partner": r.b,
                    "source_attribution": ATTRIBUTION,
                    "measure": "level",
                    "text": text,
                    "char_start": 0,
                    "char_end": 0,
                    "confidence": 0.95,
                    "origin": "unvotes",
                }
            )
    return out


def import_unvotes(
    db,
    votes_csv: str | Path,
    roll_calls_csv: str | Path,
    issues_csv: str | Path | None = None,
    *,
    countries: Any = None,
    dyad: Any = None,
) -> ImportReport:
    """Compute and store the indicators (module docstring); returns an :class:`ImportReport`."""
    import time

    started = time.perf_counter()
    pair = parse_dyad(dyad) if dyad is not None else None
    focus = list(pair.codes) if pair else [check_code(c) for c in (countries or [])]
    if not focus:
        raise InputError(Errors.E306)
    report = ImportReport()
    import_id = records.ledger_id(
        sha256_file(Path(votes_csv)), sha256_file(Path(roll_calls_csv)), pair, focus
    )
    entry = {"path": str(votes_csv), "status": "ok", "layout": "unvotes"}
    report.files.append(entry)
    if records.finished(db, import_id):
        entry.update(status="duplicate", message="duplicate: these files were imported for these countries")
        return report
    votes, problems = _clean_votes(votes_csv, roll_calls_csv, issues_csv)
    report.rows_read = len(votes) + len(problems)
    rows = indicator_rows(pair_years(votes, focus, pair.codes if pair else None))
    records.commit_indicator_rows(db, report, import_id, "unvotes", votes_csv, rows, problems)
    report.seconds = time.perf_counter() - started
    return report


def _valid_year(text: str) -> bool:
    """A roll-call year in ASCII digits from the first UN session (1946) to the import date."""
    return bool(re.fullmatch(r"[0-9]{4}", text)) and FIRST_SESSION <= int(text) <= run_date().year


def _clean_votes(
    votes_csv: str | Path, roll_calls_csv: str | Path, issues_csv: str | Path | None
) -> tuple[pd.DataFrame, list[tuple[int, str, str]]]:
    """Votes with iso3, year and score; the rows that cannot be used, as (line, reason, raw)."""
    votes = _read(Path(votes_csv), ("rcid", "country", "country_code", "vote"))
    calls = _read(Path(roll_calls_csv), ("rcid", "date"))
    if issues_csv is not None:
        _read(Path(issues_csv), ("rcid", "issue"))  # checked; issues do not change the yearly totals
    calls = calls.assign(year=calls["date"].str.slice(0, 4))
    calls = calls[calls["year"].map(_valid_year)]
    votes = votes.assign(
        line=votes.index + 2, iso3=iso3_codes(votes), score=votes["vote"].str.lower().map(SCORES)
    )
    votes = votes.merge(calls[["rcid", "year"]].drop_duplicates("rcid"), on="rcid", how="left")
    reasons = pd.Series(None, index=votes.index, dtype=object)
    reasons[votes["year"].isna()] = (
        "roll call not found in the roll-call table (or no date from 1946 to today)"
    )
    reasons[votes["iso3"] == ""] = "country code not recognised"
    reasons[votes["score"].isna()] = "vote is not yes, no or abstain"
    bad = votes[reasons.notna()]
    problems = [
        (
            int(r.line),
            str(reasons[i]) + f": {r.country_code or r.country!s} {r.vote!s}",
            f"{r.rcid},{r.country},{r.country_code},{r.vote}",
        )
        for i, r in bad.iterrows()
    ]
    return votes[reasons.isna()], problems
