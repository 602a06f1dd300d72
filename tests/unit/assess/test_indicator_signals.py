"""Indicators as signals: series, growth, tariffs, deficits, placement in a month."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadscope.assess.indicators import indicator_signals, period_month, place_in_month


def _obs(
    name: str,
    value: float,
    month: str,
    *,
    reporter: str = "USA",
    attribution: str = "U.S. data",
    idx: int = 0,
) -> dict:
    return {
        "id": f"{name}-{month}-{idx}-{attribution}",
        "name": name,
        "value": value,
        "month": month,
        "reporter": reporter,
        "partner": "VNM",
        "source_attribution": attribution,
    }


def _signals(rows: list[dict]) -> pd.Series:
    out = indicator_signals(pd.DataFrame(rows))
    return out.set_index("id")["signal"]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024", ("2024-12", False)),
        ("2025-04", ("2025-04", True)),
        ("2025-04-02", ("2025-04", True)),
        ("2025-Q2", ("2025-06", False)),
        ("2025-H1", ("2025-06", False)),
        ("FY2024", None),
        ("", None),
    ],
)
def test_indicators_period_month(period: str, expected: tuple | None) -> None:
    assert period_month(period) == expected


def test_indicators_tariff_imposed_negative_cut_positive_level_drags() -> None:
    signals = _signals(
        [
            _obs("tariff_rate", 46, "2025-04"),
            _obs("tariff_rate", 20, "2025-08"),
            _obs("tariff_rate", 20, "2025-10"),
        ]
    )
    assert signals["tariff_rate-2025-04-0-U.S. data"] == pytest.approx(-(0.5 * 46 / 50 + 1.5))
    assert signals["tariff_rate-2025-08-0-U.S. data"] == pytest.approx(-(0.5 * 20 / 50 - 26 / 25))
    assert signals["tariff_rate-2025-10-0-U.S. data"] == pytest.approx(-0.2)


def test_indicators_growth_within_one_series_only() -> None:
    rows = [
        _obs("goods_trade_total", 100e9, "2023-12"),
        _obs("goods_trade_total", 120e9, "2024-12"),
        _obs("goods_trade_total", 90e9, "2024-12", reporter="VNM", attribution="Vietnam Customs"),
    ]
    signals = _signals(rows)
    assert signals["goods_trade_total-2023-12-0-U.S. data"] == 0.0  # first observation: no growth yet
    assert signals["goods_trade_total-2024-12-0-U.S. data"] == pytest.approx(0.2 / 0.25)
    assert signals["goods_trade_total-2024-12-0-Vietnam Customs"] == 0.0  # not compared with U.S. data


def test_indicators_growth_is_annualised() -> None:
    signals = _signals(
        [_obs("goods_trade_total", 450e6, "1995-12"), _obs("goods_trade_total", 150e9, "2024-12")]
    )
    growth = (150e9 / 450e6) ** (1 / 29) - 1
    assert signals["goods_trade_total-2024-12-0-U.S. data"] == pytest.approx(min(1.0, growth / 0.25))


def test_indicators_deficit_share_of_trade() -> None:
    signals = _signals(
        [_obs("goods_trade_total", 150e9, "2024-12"), _obs("trade_balance", -123e9, "2024-12")]
    )
    assert signals["trade_balance-2024-12-0-U.S. data"] == pytest.approx(-123 / 150)


def test_indicators_same_series_same_month_split_between_reports() -> None:
    signals = _signals(
        [_obs("vessels_transferred", 3, "2023-12", idx=0), _obs("vessels_transferred", 3, "2023-12", idx=1)]
    )
    assert signals.tolist() == pytest.approx([0.25, 0.25])


def test_indicators_unscored_names_are_ignored() -> None:
    assert _signals(
        [_obs("unga_vote_agreement", 0.3, "2019-12"), _obs("services_trade_balance", 1.7e9, "2024-12")]
    ).empty


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"doc_id": "d", "char_start": 10, "period": "2025", "published": "2025-10-29"},
            "2025-04",
        ),  # same sentence
        ({"doc_id": "d", "char_start": 99, "period": "2025-07", "published": "2025-10-29"}, "2025-07"),
        ({"doc_id": "d", "char_start": 99, "period": "2025", "published": "2025-10-29"}, "2025-10"),
        ({"doc_id": "d", "char_start": 99, "period": "2024", "published": "2025-02-01"}, "2024-12"),
        ({"doc_id": "d", "char_start": 99, "period": "2024", "published": float("nan")}, "2024-12"),
        ({"doc_id": "d", "char_start": 99, "period": "sometime", "published": "2025-01-01"}, None),
    ],
)
def test_indicators_place_in_month(row: dict, expected: str | None) -> None:
    assert place_in_month(pd.Series(row), {("d", 10): "2025-04"}) == expected
