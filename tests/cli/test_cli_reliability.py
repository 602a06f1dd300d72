"""Issue 14: bad option values become coded errors with exit 1, never `unexpected …` and exit 2.

Cases c40-c43 of tests/reliability_cases.md. Each runs ``dyadscope.cli.main`` in-process (the same
path as the installed command: DyadscopeError -> one line on stderr, exit 1).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import dyadscope
from dyadscope.cli import main


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    """(exit code, stderr) of ``dyadscope ARGS`` run in-process."""
    monkeypatch.setattr(sys, "argv", ["dyadscope", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = tmp_path / "s.db"
    dyadscope.open(path).close()
    return str(path)


@pytest.mark.parametrize(
    "args, code",
    [
        (["scenario", "USA", "VNM", "--seed", "-1", "--runs", "10"], "E607"),
        (["findings", "USA", "VNM", "--tolerance", "-1"], "E607"),
        (["findings", "USA", "VNM", "--tolerance", "nan"], "E607"),
        (["findings", "USA", "VNM", "--tolerance", "inf"], "E607"),
        (["findings", "USA", "VNM", "--horizon", "0"], "E607"),
        (["ingest", "--timeout", "nan", "/nonexistent-file.txt"], "E607"),
        (["ingest", "--parse-timeout", "-5", "/nonexistent-file.txt"], "E607"),
        (["ingest", "--max-bytes", "-1", "/nonexistent-file.txt"], "E607"),
        (
            ["fetch", "gdelt", "--since", "2025-04-01", "--until", "2025-04-01T01:00", "--timeout", "-1"],
            "E607",
        ),
        (
            ["fetch", "gdelt", "--since", "2025-04-01", "--until", "2025-04-01T01:00", "--backoff", "nan"],
            "E607",
        ),
        (
            ["fetch", "gdelt", "--since", "2025-04-01", "--until", "2025-04-01T01:00", "--attempts", "0"],
            "E607",
        ),
        (["import", "gdelt", "/nonexistent.CSV", "--batch-size", "0"], "E607"),
    ],
)
def test_c40_bad_numbers_are_coded_errors(monkeypatch, capsys, store, args, code) -> None:
    exit_code, err = run_main(monkeypatch, capsys, *args, "--db", store)
    assert exit_code == 1, err
    assert err.startswith(f"error: [{code}]"), err
    assert "unexpected" not in err


@pytest.mark.parametrize("as_of", ["x", "2024-13", "0001-01-01", "٢٠٢٤-01-01", "2024-02-30"])
def test_c41_findings_as_of_malformed_is_e409(monkeypatch, capsys, store, as_of) -> None:
    exit_code, err = run_main(monkeypatch, capsys, "findings", "USA", "VNM", "--as-of", as_of, "--db", store)
    assert (exit_code, err[:13]) == (1, "error: [E409]"), err


def test_c41_findings_as_of_well_formed_still_works(monkeypatch, capsys, store) -> None:
    exit_code, err = run_main(
        monkeypatch, capsys, "findings", "USA", "VNM", "--as-of", "2025-06", "--db", store, "-f", "json"
    )
    assert exit_code == 0, err


@pytest.mark.parametrize(
    "args",
    [
        ["profile", "new", "USA", "VNM", "--dir", "/proc"],
        ["documents", "-o", "/dev/full", "--db", "{store}"],
        ["documents", "-f", "json", "-o", "/dev/full", "--db", "{store}"],
        ["documents", "-f", "csv", "-o", "{store_dir}", "--db", "{store}"],
    ],
)
def test_c42_unwritable_output_is_e414(monkeypatch, capsys, store, args) -> None:
    if not Path("/dev/full").exists() or not Path("/proc").is_dir():
        pytest.skip("needs Linux /dev/full and /proc")
    filled = [a.format(store=store, store_dir=str(Path(store).parent)) for a in args]
    exit_code, err = run_main(monkeypatch, capsys, *filled)
    assert (exit_code, err[:13]) == (1, "error: [E414]"), err


def test_c42_table_output_goes_to_the_file(monkeypatch, capsys, store, tmp_path) -> None:
    out = tmp_path / "docs.txt"
    exit_code, err = run_main(monkeypatch, capsys, "documents", "-o", str(out), "--db", store)
    assert exit_code == 0, err
    assert "documents" in out.read_text(encoding="utf-8")


def _scenario(tmp_path: Path, magnitude: str) -> Path:
    path = tmp_path / "boom.yaml"
    path.write_text(
        "id: boom\nname: Boom\ndyad: USA-VNM\nshocks:\n  - id: hit\n    label: A hit\n"
        f"    goldstein: -5\n    dimension: security\n    magnitude: {magnitude}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("magnitude", [".inf", "-.inf", ".nan", "{distribution: normal, mean: 0, sd: .inf}"])
def test_c43_scenario_with_infinite_value_refused(tmp_path, magnitude) -> None:
    from dyadscope.errors import ProfileError
    from dyadscope.foresight.scenarios import read_scenario

    assert read_scenario(_scenario(tmp_path, "2")).id == "boom"  # the file is valid with a finite value
    with pytest.raises(ProfileError, match=r"\[E602\]"):
        read_scenario(_scenario(tmp_path, magnitude))
