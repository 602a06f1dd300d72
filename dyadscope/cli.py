"""The ``dyadscope`` command line: each command parses strings, makes one API call, renders the result."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import api
from .errors import DyadscopeError
from .render import Format, render

app = typer.Typer(
    name="dyadscope",
    help="Evidence-based, dynamic assessment of bilateral relations between states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Shared options, declared once.
DB = Annotated[
    str | None,  # a str, not a Path: a Path would turn postgresql://host into postgresql:/host
    typer.Option(
        "--db",
        envvar="DYADSCOPE_DB",
        help="Store: SQLite path or SQLAlchemy URL (default ./dyadscope.db).",  # "[…]" would be Rich markup
    ),
]
FORMAT = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OUTPUT = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]

_state = {"debug": False}


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    _state["debug"] = debug or bool(os.environ.get("DYADSCOPE_DEBUG"))


def open_db(db: str | Path | None, *, read_only: bool = False) -> api.Database:
    return api.open(db, read_only=read_only)


# --- documents commands (foundation) -------------------------------------------------------------
@app.command("documents")
def documents_cli(
    db: DB = None, kind: str | None = None, format: FORMAT = Format.table, output: OUTPUT = None
) -> None:
    """List stored documents (id, title, published, source, language, kind)."""
    frame = open_db(db).documents(kind=kind)
    if format is Format.table:
        frame = frame[["id", "published", "kind", "language", "title", "source"]].assign(
            id=frame["id"].str[:12]
        )
    render(frame, format, output=output, title="documents")


@app.command("show")
def show_cli(doc_id: str, db: DB = None, format: FORMAT = Format.table, text: bool = False) -> None:
    """Show one document: metadata and sentence count (``--text`` adds the cleaned text)."""
    database = open_db(db)
    record = database.document(resolve_doc_id(database, doc_id))
    if not text and format is Format.table:
        record = {k: v for k, v in record.items() if k != "text"}
    render(record, format, title="document")


def resolve_doc_id(database: api.Database, prefix: str) -> str:
    """Accept a unique id prefix of at least 6 hex characters, as git does."""
    if len(prefix) == 64:
        return prefix
    frame = database.documents()
    matches = frame[frame["id"].str.startswith(prefix.lower())] if len(prefix) >= 6 else frame.iloc[0:0]
    return matches["id"].iloc[0] if len(matches) == 1 else prefix


# --- ingest commands ----------------------------------------------------------------------------
@app.command("ingest")
def ingest_cli(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (recursive), globs or http(s) URLs. None: the embedded demo corpus."
        ),
    ] = None,
    db: DB = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse larger inputs.")] = 50_000_000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds allowed to fetch one URL.")] = 30.0,
    parse_timeout: Annotated[
        float, typer.Option("--parse-timeout", help="Seconds allowed to parse and extract one input.")
    ] = 300.0,
    allow_private_urls: Annotated[
        bool,
        typer.Option("--allow-private-urls", help="Allow loopback/private/link-local hosts (intranet use)."),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Parse and report; write nothing.")] = False,
    no_extract: Annotated[bool, typer.Option("--no-extract", help="Store without extracting.")] = False,
    format: FORMAT = Format.table,
) -> None:
    """Ingest documents (.txt .md .html .pdf, RSS) from paths and URLs; one line per input.

    Exits 1 when any input failed (duplicates are not failures).
    """
    from .ingest.pipeline import FAILED
    from .ingest.progress import OutcomePrinter, summary_line

    database = open_db(db)
    with OutcomePrinter(lines=format is Format.table) as printer:
        outcomes = database.ingest(
            sources or None,
            max_bytes=max_bytes,
            timeout=timeout,
            parse_timeout=parse_timeout,
            allow_private_urls=allow_private_urls,
            extract=not no_extract,
            dry_run=dry_run,
            on_outcome=printer.update,
        )
    if format is not Format.table:
        render([o.model_dump() for o in outcomes], format)
    for outcome in outcomes:
        if outcome.status in FAILED:
            typer.echo(f"error: {outcome.message}", err=True)
    typer.echo(summary_line(outcomes), err=True)
    if any(o.status in FAILED for o in outcomes):
        raise typer.Exit(1)


@app.command("migrate")
def migrate_cli(db: DB = None, format: FORMAT = Format.table) -> None:
    """Upgrade the store to this version's schema and print the version."""
    render(open_db(db).migrate(), format, title="schema")


@app.command("doctor")
def doctor_cli(db: DB = None, format: FORMAT = Format.table) -> None:
    """Check the store: path, schema version, integrity, row counts, last ingest problems."""
    report = open_db(db).doctor()
    if format is Format.table:
        counts = report.pop("counts")
        problems = report.pop("recent_problems")
        report["counts"] = ", ".join(f"{name}={n}" for name, n in counts.items())
        lines = [f"{p['at']} {p['status']} {p['message']}" for p in problems]
        report["recent_problems"] = "\n".join(lines) or "none"
    render(report, format, title="doctor")
    if report["integrity_check"] not in ("ok", "n/a"):
        raise typer.Exit(1)


# --- extract commands ---------------------------------------------------------------------------
_EXTRACT_COLUMNS = {
    "events": [
        "date",
        "source_actor",
        "target_actor",
        "event_code",
        "event_label",
        "dimension",
        "status",
        "confidence",
        "text",
    ],
    "indicators": ["name", "value", "unit", "period", "reporter", "partner", "source_attribution", "text"],
    "claims": ["factor", "stance", "kind", "dimension", "confidence", "text"],
}


@app.command("extract")
def extract_cli(
    file: Annotated[Path, typer.Argument(help="A .txt, .md, .html or .pdf document.")],
    format: FORMAT = Format.table,  # noqa: A002
    output: OUTPUT = None,
) -> None:
    """Show the events, indicators and claims one document yields, without a database."""
    from .extract.files import as_frame

    result = api.extract(file)
    if format is Format.json:
        render({k: result[k] for k in ("document", "events", "indicators", "claims")}, format, output=output)
        return
    if format in (Format.csv, Format.parquet):
        render(as_frame(result), format, output=output)
        return
    doc = result["document"]
    typer.echo(f"{doc['title']}  ({doc['published'] or 'no date'}, dyad {result['dyad'] or '?'})")
    for kind, columns in _EXTRACT_COLUMNS.items():
        import pandas as pd

        frame = pd.DataFrame(result[kind], columns=columns)
        render(frame, Format.table, title=f"{kind} ({len(frame)})", max_width=40)


@app.command("countries")
def countries_cli(
    query: Annotated[
        str | None, typer.Argument(help="A name, code, demonym, capital or leader to resolve.")
    ] = None,
    format: FORMAT = Format.table,  # noqa: A002
) -> None:
    """List country and organisation codes, or resolve one name exactly (never fuzzy)."""
    frame = api.countries(query)
    if format is Format.table:
        frame = frame.drop(columns=[c for c in ("aliases", "demonyms") if c in frame.columns])
    render(frame, format)


# --- assess commands ----------------------------------------------------------------------------
A_ARG = Annotated[str, typer.Argument(help="First country (ISO3), e.g. USA.")]
B_ARG = Annotated[str, typer.Argument(help="Second country (ISO3), e.g. VNM.")]


@app.command("assess")
def assess_cli(
    a: A_ARG,
    b: B_ARG,
    since: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    scoring: Annotated[str, typer.Option("--scoring", help="Scoring method version.")] = "levels.v2",
    top: Annotated[int, typer.Option("--top", help="Drivers and constraints to show.")] = 5,
    origins: Annotated[
        str | None,
        typer.Option("--origins", help="Keep only evidence of these origins, e.g. document or document,csv."),
    ] = None,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Score relations A-B month by month: level, trend, dimensions, framework, drivers, constraints."""
    from .assess.present import factor_table, summary

    kept = tuple(o.strip() for o in origins.split(",") if o.strip()) if origins is not None else None
    assessment = open_db(db).assess(a, b, since=since, until=until, scoring=scoring, origins=kept)
    if format is Format.json:
        render(assessment.to_json(), format, output=output)
    elif format in (Format.csv, Format.parquet):
        render(assessment.timeline, format, output=output)
    else:
        render(summary(assessment), format, title=f"assessment {assessment.dyad}")
        render(assessment.dimensions, format, title="dimensions")
        render(factor_table(assessment.drivers, top), format, title="top drivers", max_width=100)
        render(factor_table(assessment.constraints, top), format, title="top constraints", max_width=100)


@app.command("compare")
def compare_cli(
    a: A_ARG,
    b: B_ARG,
    since: Annotated[str | None, typer.Option("--from", help="First month, YYYY-MM.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last month, YYYY-MM.")] = None,
    weight: Annotated[
        str, typer.Option("--weight", help="GDELT row weight: count, mentions, sources or articles.")
    ] = "mentions",
    dedupe: Annotated[
        bool, typer.Option("--dedupe/--no-dedupe", help="One GDELT event per day, pair and CAMEO code.")
    ] = True,
    min_events: Annotated[
        int, typer.Option("--min-events", min=1, help="GDELT events a month needs to be compared.")
    ] = 5,
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Document-derived scores against GDELT Goldstein for A-B: correlations and the months that diverge."""
    import pandas as pd

    result = open_db(db).compare_origins(
        a, b, since=since, until=until, weight=weight, dedupe=dedupe, min_events=min_events
    )
    if format is Format.json:
        render(result.to_json(), format, output=output)
    elif format in (Format.csv, Format.parquet):
        render(result.monthly, format, output=output)
    else:
        summary = pd.DataFrame({"statistic": list(result.summary), "value": list(result.summary.values())})
        render(summary, format, title=f"documents vs GDELT {result.dyad}")
        shown = result.divergences.round({"doc_score": 2, "gdelt_goldstein": 2, "gap": 2})
        render(shown, format, title="largest divergences (z-score gap)")


@app.command("explain")
def explain_cli(
    a: A_ARG,
    b: B_ARG,
    month: Annotated[str, typer.Argument(help="Month to explain, YYYY-MM.")],
    db: DB = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """What moved the scores in MONTH: each event, indicator and baseline pull with its contribution."""
    frame = open_db(db).assess(a, b, snapshot=False).explain(month)
    if format is Format.table:
        columns = ["kind", "dimension", "contribution", "date", "doc_title", "text"]
        frame = frame[columns].round({"contribution": 4})
    render(frame, format, output=output, title=f"explain {a}-{b} {month}", max_width=90)


@app.command("snapshots")
def snapshots_cli(
    dyad: Annotated[list[str] | None, typer.Argument(help="Optional dyad, e.g. USA VNM.")] = None,
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Stored assessment runs, newest first."""
    frame = open_db(db, read_only=True).snapshots(dyad or None)
    shown = frame.assign(id=frame["id"].str[:16]) if format is Format.table else frame
    render(shown, format, title="snapshots")


@app.command("diff")
def diff_cli(
    snap1: Annotated[str, typer.Argument(help="Earlier snapshot id (or a unique prefix of 6+ characters).")],
    snap2: Annotated[str, typer.Argument(help="Later snapshot id.")],
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Which scores changed between two snapshots, and which added or removed documents caused it."""
    import pandas as pd

    result = open_db(db, read_only=True).diff(snap1, snap2)
    if format is not Format.table:
        render(result, format)
        return
    before, after = result["current"]["before"] or {}, result["current"]["after"] or {}
    render(
        {
            "dyad": result["dyad"],
            "score": f"{before.get('score')} -> {after.get('score')}",
            "months changed": len({c["month"] for c in result["changes"]}),
            "documents added": len(result["documents_added"]),
            "documents removed": len(result["documents_removed"]),
        },
        format,
        title="diff",
    )
    render(pd.DataFrame(result["causes"]), format, title="documents behind the change")


profile_app = typer.Typer(
    help="Dyad profiles: framework history, drivers and constraints, leaders.", no_args_is_help=True
)
app.add_typer(profile_app, name="profile")


@profile_app.command("new")
def profile_new_cli(
    a: A_ARG,
    b: B_ARG,
    directory: Annotated[Path | None, typer.Option("--dir", help="Folder (default ./profiles).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing profile.")] = False,
) -> None:
    """Write a starter profile A-B.yaml to edit (loaded ahead of the shipped ones)."""
    from .profiles.starter import new_profile

    typer.echo(str(new_profile((a, b), directory, force=force)))


@profile_app.command("show")
def profile_show_cli(a: A_ARG, b: B_ARG, format: FORMAT = Format.table) -> None:
    """The profile used for A-B: framework steps and factors (defaults if none exists)."""
    import pandas as pd

    from .profiles import profile_or_default

    profile = profile_or_default((a, b))  # what db.profile() returns; no store needed
    if format is not Format.table:
        render(profile.model_dump(mode="json"), format)
        return
    render(
        {
            "dyad": profile.dyad,
            "name": profile.name,
            "file": profile.path or "defaults",
            "third parties": ", ".join(tp.code for tp in profile.third_parties),
            "leaders": len(profile.leaders),
        },
        format,
        title="profile",
    )
    render(
        pd.DataFrame(
            [
                {"date": s.date, "level": s.level, "baseline": profile.rung(s.level).baseline}
                for s in profile.framework
            ],
            columns=["date", "level", "baseline"],
        ),
        format,
        title="framework",
    )
    render(
        pd.DataFrame(
            [f.model_dump(include={"id", "stance", "dimension", "weight", "label"}) for f in profile.factors]
        ),
        format,
        title="factors",
    )


@profile_app.command("list")
def profile_list_cli(format: FORMAT = Format.table) -> None:
    """Every profile found ($DYADSCOPE_PROFILES, ./profiles, then the shipped ones)."""
    from .profiles import list_profiles

    render(list_profiles(), format, title="profiles")


# --- findings and foresight commands ------------------------------------------------------------
@app.command("findings")
def findings_cli(
    a: Annotated[str, typer.Argument(help="First country (ISO3), e.g. USA.")],
    b: Annotated[str, typer.Argument(help="Second country (ISO3), e.g. VNM.")],
    db: DB = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Reference date for staleness (ISO).")] = None,
    horizon: Annotated[int | None, typer.Option("--horizon", help="Months until evidence is stale.")] = None,
    tolerance: Annotated[float | None, typer.Option("--tolerance", help="Relative gap = conflict.")] = None,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Evidence-quality findings: conflicting figures and dates, tenure errors, stale or thin claims."""
    from .dyads import parse_dyad

    pair = parse_dyad(a, b)  # a bad code fails here, before the store is opened
    database = open_db(db, read_only=True)
    frame = database.findings(pair, as_of=as_of, tolerance=tolerance, horizon_months=horizon)
    if format is Format.table:
        frame = frame.assign(sources=frame["evidence"].map(len))[["severity", "kind", "title", "sources"]]
    elif format in (Format.csv, Format.parquet):
        import json

        frame = frame.assign(evidence=frame["evidence"].map(lambda e: json.dumps(e, ensure_ascii=False)))
    render(frame, format, output=output, title=f"findings {a}-{b}", max_width=110)


@app.command("scenario")
def scenario_cli(
    a: Annotated[str, typer.Argument(help="First country (ISO3), e.g. USA.")],
    b: Annotated[str, typer.Argument(help="Second country (ISO3), e.g. VNM.")],
    db: DB = None,
    months: Annotated[int, typer.Option("--months", help="Months ahead (1-120).")] = 12,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs per scenario.")] = 10000,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario", help="Scenario YAML file or shipped id (repeatable; default: all for the dyad)."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed gives the same numbers.")
    ] = 0,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Monte Carlo of the scores under the baseline and scenarios: median, 50 % and 90 % bands, level odds."""
    from .dyads import parse_dyad
    from .foresight.result import LEVELS

    pair = parse_dyad(a, b)
    result = open_db(db, read_only=True).scenario(
        pair, months=months, runs=runs, scenarios=scenario, seed=seed
    )
    if format is Format.json:
        render(result.to_json(), format, output=output)
        return
    if format is not Format.table:
        render(result.bands, format, output=output)
        return
    steps = sorted({1, 3, 6, 9, 12, months} & set(range(1, months + 1)))
    bands = result.bands[(result.bands["series"] == "overall") & result.bands["step"].isin(steps)]
    render(
        bands[["scenario", "month", "p05", "p25", "p50", "p75", "p95"]],
        format,
        title=f"{pair} overall score from {result.origin}, {runs:,} runs (seed {seed})",
    )
    last = result.level_probs[result.level_probs["step"] == months]
    odds = last.pivot(index="scenario", columns="level", values="probability").reset_index()
    odds = odds[["scenario", *[name for name in LEVELS if name in odds.columns]]]
    render(odds, format, title=f"probability of each level in {result.months[-1]}")


@app.command("backtest")
def backtest_cli(
    a: Annotated[str, typer.Argument(help="First country (ISO3), e.g. USA.")],
    b: Annotated[str, typer.Argument(help="Second country (ISO3), e.g. VNM.")],
    db: DB = None,
    horizon: Annotated[int, typer.Option("--horizon", help="Months ahead of each forecast (1-24).")] = 3,
    min_history: Annotated[
        int, typer.Option("--min-history", help="Months of history before the first origin.")
    ] = 24,
    format: FORMAT = Format.table,
    output: OUTPUT = None,
) -> None:
    """Rolling-origin backtest (no look-ahead): MAE, RMSE, share within ±0.1/±0.5 vs persistence and trend."""
    from .dyads import parse_dyad

    pair = parse_dyad(a, b)
    result = open_db(db, read_only=True).backtest(pair, horizon=horizon, min_history=min_history)
    if format is Format.json:
        render(result.to_json(), format, output=output)
        return
    frame = result.metrics if format is Format.table else result.forecasts
    render(
        frame.round(4),
        format,
        output=output,
        title=f"{pair}: {horizon}-month-ahead forecasts at {int(result.metrics['n'].max())} origins",
    )
    if format is Format.table and result.evidence is not None:
        render(
            result.evidence.round(4),
            format,
            title="forecasts against the balance of the evidence that followed (sign agreement, Spearman)",
        )


# --- import commands ----------------------------------------------------------------------------
import_app = typer.Typer(
    help="Import bulk data: GDELT event files, UN General Assembly votes, indicator CSVs.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")
DYAD_PAIR = Annotated[
    tuple[str, str] | None,
    typer.Option("--dyad", help="Keep only events between these two countries, e.g. --dyad USA VNM."),
]


def _finish_import(report, format: Format) -> None:  # noqa: A002
    """Print the report (json) or a summary (stderr); exit 1 when rows were quarantined or a file failed."""
    from .connectors.progress import summary_lines

    if format is not Format.table:
        render(report.to_json(), format)
    for line in summary_lines(report):
        typer.echo(line, err=True)
    if not report.ok:
        raise typer.Exit(1)


@import_app.command("gdelt")
def import_gdelt_cli(
    sources: Annotated[
        list[str], typer.Argument(help="GDELT 1.0/2.0 export files (.CSV/.zip), globs or folders.")
    ],
    db: DB = None,
    dyad: DYAD_PAIR = None,
    since: Annotated[
        str | None, typer.Option("--from", help="First date kept (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last date kept, inclusive.")] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="duckdb (one machine) or spark (PySpark).")
    ] = "duckdb",
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master, e.g. local[2] or spark://host:7077.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Cap on the unzipped size of one file.")
    ] = 8_000_000_000,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per store transaction.")] = 100_000,
    format: FORMAT = Format.table,
) -> None:
    """Import GDELT event files; malformed rows are quarantined with file and line (exit 1 if any)."""
    from .connectors.progress import ImportProgress

    database = open_db(db)
    with ImportProgress() as bar:
        report = database.import_gdelt(
            sources,
            dyad=dyad,
            since=since,
            until=until,
            engine=engine,
            master=master,
            max_bytes=max_bytes,
            batch_size=batch_size,
            progress=bar.update,
        )
    _finish_import(report, format)


@import_app.command("unvotes")
def import_unvotes_cli(
    votes: Annotated[Path, typer.Argument(help="un_votes.csv: rcid, country, country_code (ISO2), vote.")],
    roll_calls: Annotated[Path, typer.Argument(help="un_roll_calls.csv: rcid, session, date, ….")],
    issues: Annotated[
        Path | None, typer.Argument(help="un_roll_call_issues.csv (optional): rcid, issue.")
    ] = None,
    db: DB = None,
    countries: Annotated[
        list[str] | None,
        typer.Option(
            "--countries", help="ISO3 codes (repeat, or comma-separated): pairs involving them are stored."
        ),
    ] = None,
    dyad: DYAD_PAIR = None,
    format: FORMAT = Format.table,
) -> None:
    """Yearly UNGA vote agreement and distance per dyad, stored as indicators."""
    codes = [c for item in countries or [] for c in item.replace(",", " ").split()]
    report = open_db(db).import_unvotes(votes, roll_calls, issues, countries=codes or None, dyad=dyad)
    _finish_import(report, format)


@import_app.command("csv")
def import_csv_cli(
    path: Annotated[Path, typer.Argument(help="CSV table of indicators, one row per value.")],
    mapping: Annotated[
        str,
        typer.Option(
            "--map",
            help="Columns: name=…,value=…,period=…[,reporter=…,partner=…,"
            "unit=…,source=…]; a quoted value is a constant.",
        ),
    ],
    db: DB = None,
    format: FORMAT = Format.table,
) -> None:
    """Import indicator rows (trade, FDI, students …) with units and attribution; lists bad rows by number."""
    report = open_db(db).import_csv(path, mapping)
    _finish_import(report, format)


# --- fetch commands -----------------------------------------------------------------------------
fetch_app = typer.Typer(
    help="Download bulk data from its publisher, verify it, and import it.", no_args_is_help=True
)
app.add_typer(fetch_app, name="fetch")


@fetch_app.command("gdelt")
def fetch_gdelt_cli(
    since: Annotated[
        str,
        typer.Option(
            "--since",
            help="Start of the window, UTC (2025-04-01T00:00; an offset such as +01:00 is converted).",
        ),
    ],
    until: Annotated[
        str | None, typer.Option("--until", help="End of the window, UTC, exclusive (default: now).")
    ] = None,
    version: Annotated[
        int, typer.Option("--version", help="GDELT 2.0 (15-minute files) or 1.0 (daily files).")
    ] = 2,
    db: DB = None,
    dyad: DYAD_PAIR = None,
    events_since: Annotated[
        str | None, typer.Option("--from", help="Keep events dated from (YYYY[-MM[-DD]]).")
    ] = None,
    events_until: Annotated[
        str | None, typer.Option("--to", help="Keep events dated up to, inclusive.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Folder of the lists and files (default: "
            "http://data.gdeltproject.org/gdeltv2/, or …/events/ for 1.0).",
        ),
    ] = None,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="Download folder (default: <store>.cache/gdelt/downloads/).")
    ] = None,
    attempts: Annotated[
        int, typer.Option("--attempts", help="Tries per file before it counts as failed.")
    ] = 3,
    backoff: Annotated[
        float, typer.Option("--backoff", help="Seconds before the first retry; doubled each time.")
    ] = 2.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a download may stall.")] = 30.0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Cap on the size of one downloaded file.")
    ] = 2_000_000_000,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls", help="Allow a loopback/private --base-url (an intranet mirror)."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print the plan (to fetch, already ok, bytes); download and write nothing."
        ),
    ] = False,
    format: FORMAT = Format.table,
) -> None:
    """Fetch GDELT event exports of a UTC window: MD5-checked, retried, imported, gaps recorded in coverage.

    Exits 1 when a slice failed or is missing, or rows were quarantined; run it again to fill the gaps.
    """
    from .connectors.progress import ImportProgress, summary_lines

    database = open_db(db)
    with ImportProgress() as bar:
        report = database.fetch_gdelt(
            since=since,
            until=until,
            version=version,
            dyad=dyad,
            events_since=events_since,
            events_until=events_until,
            base_url=base_url,
            keep=keep,
            dry_run=dry_run,
            attempts=attempts,
            backoff=backoff,
            timeout=timeout,
            max_bytes=max_bytes,
            allow_private=allow_private_urls,
            progress=bar.update,
        )
    if format is not Format.table:
        render(report.to_json(), format)
    else:
        if dry_run:
            plan = [
                {"slice": s.slice, "file": s.name, "bytes": s.size, "action": s.action}
                for s in report.slices
                if s.action != "skip"
            ]
            if plan:
                render(plan, format, title="Plan (slices already ok are not listed)")
        totals = report.totals()
        if dry_run:
            totals = {
                k: totals[k]
                for k in (
                    "slices",
                    "listed",
                    "unlisted",
                    "already_ok",
                    "to_download",
                    "bytes_to_download",
                    "reused",
                )
            }
        render(
            {"since": report.since, "until": report.until, **totals},
            format,
            title=f"GDELT {report.version}.0",
        )
    if report.imported.files:
        for line in summary_lines(report.imported):
            typer.echo(line, err=True)
    problems = report.problems()
    for message in problems[:20]:
        typer.echo(f"error: {message}", err=True)
    if len(problems) > 20:
        typer.echo(
            f"error: … and {len(problems) - 20} more slices failed or missing (see --format json)", err=True
        )
    if not report.ok:
        raise typer.Exit(1)


# --- report and serve commands -------------------------------------------------------------------
@app.command("report")
def report_cli(
    a: Annotated[str, typer.Argument(help="First country (ISO3), e.g. USA.")],
    b: Annotated[str, typer.Argument(help="Second country (ISO3), e.g. VNM.")],
    db: DB = None,
    format: Annotated[str, typer.Option("--format", "-f", help="html (one offline file), md or pdf.")] = (
        "html"
    ),
    output: OUTPUT = None,
) -> None:
    """Write the report on relations between A and B (ten chapters, every statement cited); print its path."""
    typer.echo(str(open_db(db, read_only=True).report(a, b, format=format, output=output)))


@app.command("serve")
def serve_cli(
    db: DB = None,
    host: Annotated[str, typer.Option(help="Interface to bind; keep 127.0.0.1 unless behind a proxy.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only/--allow-ingest",
            help="Read-only (default) or enable the upload form and ingest API.",
        ),
    ] = True,
    get: Annotated[
        str | None, typer.Option("--get", help="Answer one GET for PATH in-process, print it, exit.")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (each keeps its own cache).")
    ] = 1,
) -> None:
    """Serve the dashboard and the JSON API (/api/v1, docs at /api/v1/docs) over the store."""
    from .web.serve import get_once, serve

    if get is not None:
        status, text = get_once(db, get, allow_ingest=not read_only)
        typer.echo(text)
        raise typer.Exit(0 if status < 400 else 1)
    serve(db, host=host, port=port, allow_ingest=not read_only, workers=workers)


# --- demo command --------------------------------------------------------------------------------
@app.command("demo")
def demo_cli(
    out: Annotated[Path, typer.Option("--out", help="Output folder (for demo.db and the report).")] = Path(
        "demo-output"
    ),
) -> None:
    """Run the pipeline on the embedded demo corpus: ingest, assess, report; prints the report path last."""
    from .demo.run import run_pipeline

    run = run_pipeline(out)
    for line in run.summary_lines():
        typer.echo(line)
    typer.echo(str(run.output))


def main() -> None:
    """Entry point: run the app, turning DyadscopeError into one line on stderr and exit code 1."""
    try:
        code = app(standalone_mode=False)  # click returns (not raises) typer.Exit codes in this mode
        if isinstance(code, int) and code:
            sys.exit(code)
    except DyadscopeError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
