"""Issue 14, case c54 (CLI half): option values that parse as their type never give exit 2.

Property-based (hypothesis): every command below gets random values of the right type (any int,
any float including NaN and infinities, any text), on an empty store. The answer is exit 0 or a
coded error with exit 1; never ``unexpected …`` (exit 2). Nothing reaches the network: URLs point
at a closed loopback port, which the SSRF guard refuses before connecting.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import dyadscope
from dyadscope.cli import main

FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# argv cannot hold NUL; anything else a shell can pass is fair
TEXT = st.one_of(
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30),
    st.sampled_from(["٢٠٢٤", "2024-13", "0001", "9999-12", "x", "-1", "2024-02-30", "USA", "USA VNM"]),
)
INT = st.integers(min_value=-(2**64), max_value=2**64)
FLOAT = st.floats(allow_nan=True, allow_infinity=True)
CODE = st.one_of(
    st.sampled_from(["USA", "VNM", "usa", "XXX", "EU", "CHN"]), TEXT.filter(lambda t: not t.startswith("-"))
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("fuzz") / "empty.db"
    dyadscope.open(path).close()
    return str(path)


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["dyadscope", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


def assert_handled(code: int, err: str) -> None:
    assert code in (0, 1), err
    assert "unexpected" not in err, err


@FUZZ
@given(a=CODE, b=CODE, as_of=TEXT, tolerance=FLOAT, horizon=INT)
@example(a="USA", b="VNM", as_of="x", tolerance=-1.0, horizon=12)
def test_c54_findings_options(monkeypatch, capsys, store, a, b, as_of, tolerance, horizon):
    args = ["findings", a, b, f"--as-of={as_of}", f"--tolerance={tolerance}", f"--horizon={horizon}"]
    assert_handled(*run(monkeypatch, capsys, *args, "--db", store))


@FUZZ
@given(seed=INT, months=INT, runs=INT, horizon=INT, history=INT)
@example(seed=-1, months=12, runs=100, horizon=3, history=24)
def test_c54_foresight_options(monkeypatch, capsys, store, seed, months, runs, horizon, history):
    runs = runs if not 1 <= runs <= 100_000 else 50  # a valid count stays small
    scenario = ["scenario", "USA", "VNM", f"--seed={seed}", f"--months={months}", f"--runs={runs}"]
    assert_handled(*run(monkeypatch, capsys, *scenario, "--db", store))
    backtest = ["backtest", "USA", "VNM", f"--horizon={horizon}", f"--min-history={history}"]
    assert_handled(*run(monkeypatch, capsys, *backtest, "--db", store))


@FUZZ
@given(since=TEXT, until=TEXT, month=TEXT.filter(lambda t: not t.startswith("-")), top=INT)
def test_c54_assess_options(monkeypatch, capsys, store, since, until, month, top):
    assess = ["assess", "USA", "VNM", f"--from={since}", f"--to={until}", f"--top={top}"]
    assert_handled(*run(monkeypatch, capsys, *assess, "--db", store))
    assert_handled(*run(monkeypatch, capsys, "explain", "USA", "VNM", month, "--db", store))


@FUZZ
@given(timeout=FLOAT, parse_timeout=FLOAT, max_bytes=INT, name=TEXT.filter(lambda t: not t.startswith("-")))
@example(timeout=float("nan"), parse_timeout=1.0, max_bytes=1000, name="missing.txt")
def test_c54_ingest_options(
    monkeypatch, capsys, store, tmp_path_factory, timeout, parse_timeout, max_bytes, name
):
    args = ["ingest", f"--timeout={timeout}", f"--parse-timeout={parse_timeout}", f"--max-bytes={max_bytes}"]
    assert_handled(*run(monkeypatch, capsys, *args, "--dry-run", name or "x", "--db", store))


@FUZZ
@given(since=TEXT, until=TEXT, timeout=FLOAT, attempts=INT, backoff=FLOAT, max_bytes=INT)
@example(since="2025-04-01", until="2025-04-01T01:00", timeout=-1.0, attempts=1, backoff=0.0, max_bytes=10)
def test_c54_fetch_gdelt_options(
    monkeypatch, capsys, store, since, until, timeout, attempts, backoff, max_bytes
):
    args = [
        "fetch",
        "gdelt",
        f"--since={since}",
        f"--until={until}",
        f"--timeout={timeout}",
        f"--attempts={attempts}",
        f"--backoff={backoff}",
        f"--max-bytes={max_bytes}",
        "--base-url=http://127.0.0.1:9/",  # loopback without --allow-private-urls: refused, never fetched
    ]
    assert_handled(*run(monkeypatch, capsys, *args, "--db", store))


@FUZZ
@given(since=TEXT, until=TEXT, batch=INT, max_bytes=INT, mapping=TEXT, pattern=TEXT)
@example(since="2024", until="2023", batch=0, max_bytes=1, mapping="name=a", pattern="nothing-*.CSV")
def test_c54_import_options(
    monkeypatch, capsys, store, tmp_path_factory, since, until, batch, max_bytes, mapping, pattern
):
    folder = tmp_path_factory.mktemp("imp")
    (folder / "t.csv").write_text("Year,Value\n2024,5\n")
    gdelt = ["import", "gdelt", str(folder / pattern.replace("/", "_")), f"--from={since}", f"--to={until}"]
    gdelt += [f"--batch-size={batch}", f"--max-bytes={max_bytes}"]
    assert_handled(*run(monkeypatch, capsys, *gdelt, "--db", store))
    csv = ["import", "csv", str(folder / "t.csv"), f"--map={mapping}"]
    assert_handled(*run(monkeypatch, capsys, *csv, "--db", store))


@FUZZ
@given(
    query=TEXT.filter(lambda t: not t.startswith("-")),
    kind=TEXT,
    doc=TEXT.filter(lambda t: not t.startswith("-")),
)
def test_c54_lookup_options(monkeypatch, capsys, store, query, kind, doc):
    assert_handled(*run(monkeypatch, capsys, "countries", query))
    assert_handled(*run(monkeypatch, capsys, "documents", f"--kind={kind}", "--db", store))
    assert_handled(*run(monkeypatch, capsys, "show", doc, "--db", store))


def test_c54_output_to_unwritable_places(monkeypatch, capsys, store, tmp_path: Path):
    for target in ("/dev/full", str(tmp_path), "/proc/nope/x.csv"):
        assert_handled(*run(monkeypatch, capsys, "documents", "-f", "csv", "-o", target, "--db", store))
