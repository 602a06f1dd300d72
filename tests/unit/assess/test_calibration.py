"""Issue #11: `make calibrate` on the shared corpus reaches the cross-validated numbers it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadscope.evaluation import calibration


@pytest.mark.slow
def test_calibration_leave_one_dyad_out_on_the_shared_corpus(shared_dir: Path) -> None:
    if not (shared_dir / "eval" / "whitehouse").is_dir():
        pytest.skip("shared eval corpus not available")
    out = calibration.calibrate(shared_dir, quiet=True)
    cv = out["cv"]
    # Reached on 2026-12-03 (docs/methodology.md, calibrated.yaml); the targets are higher for
    # exact band (0.60 met), rank correlation (0.85 met with the lexicon coder: 0.87) and the USA-RUS fall
    # (3 points not met).
    assert cv["exact"] >= 0.6 and cv["within_one"] >= 0.9
    assert cv["rank_2023"] >= 0.7
    # reached with the lexicon coder: a fall of 1.8 to -2.9 (discord, at the edge of tense); the issue asks
    # for a fall of 3 and tense or worse, which the shipped model does not reach yet (see calibrated.yaml)
    assert cv["rus_fall"] > 1.0 and cv["rus_2022"] < -2.5


def test_calibration_expectations_cover_every_dyad_three_times() -> None:
    frame = calibration.load_expectations()
    counts = frame.groupby("dyad").size()
    assert counts.min() >= 3 and len(counts) >= 14
    assert set(frame["band"]) <= set(calibration.CENTRES)
