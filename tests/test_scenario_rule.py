"""The scenario rule (mmedlearn.scenario.programme_scenario) on made-up programmes whose
answers are worked out by hand here: the shortest length, fees converted through the euro,
the person's own values kept where no source gives one or where they fixed them, and the
horizon and dropout year moved only as far as the programme's length requires."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mmedlearn.roi import Assumptions
from mmedlearn.scenario import programme_scenario

# Units per euro, as data/exchange_rates.csv states them (made-up values, easy to divide).
RATES = pd.Series({"EUR": 1.0, "ZAR": 20.0, "USD": 1.25})
RATES.attrs = {
    "rate_dates": {"ZAR": "2026-10-30", "USD": "2026-10-30"},
    "rate_sources": {"ZAR": "ECB, https://example.org", "USD": "ECB, https://example.org"},
}


def programme(**values) -> pd.Series:
    row = {
        "duration_min_years": 3.5,
        "duration_max_years": 5.0,
        "tuition_per_year": 1_000.0,
        "one_off_fees": 200.0,
        "fee_currency": "EUR",
        "fee_year": 2026,
        "sources_read": "2026-11-25",
        "delivery_mode": "on campus",
    }
    return pd.Series({**row, **values}, name="made_up")


BASE = Assumptions(
    duration_years=6,
    tuition_per_year=7,
    one_off_fees=3,
    baseline_salary=100,
    post_salary=200,
    horizon_years=7,
    dropout_year=5,
)


def test_the_shortest_length_and_fees_converted_through_the_euro():
    s = programme_scenario(programme(), BASE, "ZAR", RATES)
    a = s.assumptions
    assert a.duration_years == 3.5  # the minimum, not the maximum of 5
    assert a.tuition_per_year == pytest.approx(1_000 / 1.0 * 20.0)  # 20,000 ZAR
    assert a.one_off_fees == pytest.approx(200 / 1.0 * 20.0)  # 4,000 ZAR
    assert s.missing == ()
    # Between two currencies that are not the euro: ZAR -> USD is x / 20 * 1.25.
    usd = programme_scenario(programme(fee_currency="ZAR"), BASE, "USD", RATES).assumptions
    assert usd.tuition_per_year == pytest.approx(1_000 / 20 * 1.25)
    assert usd.one_off_fees == pytest.approx(200 / 20 * 1.25)


def test_a_fee_in_the_chosen_currency_stays_exactly_as_published():
    s = programme_scenario(
        programme(fee_currency="ZAR", tuition_per_year=12_345.67), BASE, "ZAR", RATES
    )
    assert s.assumptions.tuition_per_year == 12_345.67
    assert "converted" not in s.field_notes["tuition_per_year"]


def test_what_no_source_gives_keeps_the_persons_own_value_and_says_so():
    given = programme(duration_min_years=math.nan, tuition_per_year=math.nan, one_off_fees=math.nan)
    s = programme_scenario(given, BASE, "ZAR", RATES)
    assert (s.assumptions.duration_years, s.assumptions.tuition_per_year) == (6, 7)
    assert s.assumptions.one_off_fees == 3
    assert s.missing == ("duration_years", "tuition_per_year", "one_off_fees")
    assert s.field_notes["tuition_per_year"].startswith("No source gives its fee")
    # A fee in a currency with no rate is not guessed either.
    s = programme_scenario(programme(fee_currency="KES"), BASE, "ZAR", RATES)
    assert s.assumptions.tuition_per_year == 7 and "tuition_per_year" in s.missing


def test_fields_the_person_fixed_are_never_replaced():
    fixed = ("duration_years", "tuition_per_year", "one_off_fees")
    s = programme_scenario(programme(), BASE, "ZAR", RATES, fixed=fixed)
    assert (s.assumptions.duration_years, s.assumptions.tuition_per_year) == (6, 7)
    assert s.assumptions.one_off_fees == 3
    assert not set(fixed) & set(s.field_notes)


def test_the_horizon_and_dropout_year_move_only_as_far_as_the_length_requires():
    # Study ends in year ceil(3.5) = 4; the dropout year can be at most floor(3.5) = 3.
    s = programme_scenario(programme(), BASE, "ZAR", RATES)
    assert s.assumptions.horizon_years == 7  # already past the programme: kept
    assert s.assumptions.dropout_year == 3
    short = BASE.replace(duration_years=1, horizon_years=3, dropout_year=1)
    s = programme_scenario(programme(), short, "ZAR", RATES)
    assert s.assumptions.horizon_years == 5  # ceil(3.5) + 1
    assert s.assumptions.dropout_year == 1  # already within the full years: kept


def test_an_examination_only_degree_has_no_tuition():
    given = programme(tuition_per_year=math.nan, delivery_mode="examination only")
    s = programme_scenario(given, BASE, "ZAR", RATES)
    assert s.assumptions.tuition_per_year == 0 and s.assumptions.one_off_fees == pytest.approx(
        4_000
    )
