"""The ROI model against hand-worked examples, numpy-financial, a plain reference
transcription of docs/roi-model.md, and the invariants the spec implies."""

import itertools
import math

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mmedlearn.fields import FieldError
from mmedlearn.roi import FIELDS, Assumptions, evaluate, evaluate_many, sensitivity, simulate
from roi_reference import (
    first_year_staying_non_negative,
    reference_breakeven_post_salary,
    reference_flows,
    reference_npv,
)

BASE = dict(
    duration_years=1,
    tuition_per_year=10_000,
    baseline_salary=50_000,
    post_salary=60_000,
    horizon_years=3,
    discount_rate=0.0,
)


def flows(**changes):
    return evaluate(Assumptions(**{**BASE, **changes})).cashflows["net_flow"].tolist()


# ---------------------------------------------------------------- worked by hand


def test_one_year_self_funded():
    assert flows() == [-60_000, 10_000, 10_000]  # -(50,000 forgone) - 10,000; then +10,000
    r = evaluate(Assumptions(**{**BASE, "discount_rate": 0.1}))
    assert r.npv == pytest.approx(-60_000 / 1.1 + 10_000 / 1.1**2 + 10_000 / 1.1**3)
    assert r.total_cost == 60_000


def test_fractional_year_is_split_between_study_and_work():
    # Year 2 is half study (no income, half tuition) and half work at the new salary.
    assert flows(duration_years=1.5) == [-60_000, 0.5 * 60_000 - 50_000 - 5_000, 10_000]


def test_growth_starts_a_year_after_study_ends_for_the_new_salary():
    got = flows(duration_years=1, horizon_years=4, baseline_growth=0.1, post_growth=0.2)
    baseline = [50_000 * 1.1**k for k in range(4)]
    post = [60_000, 60_000 * 1.2, 60_000 * 1.2**2]  # P_2 = post, P_3 = post * (1 + g)
    assert got == pytest.approx(
        [-baseline[0] - 10_000] + [p - b for p, b in zip(post, baseline[1:], strict=False)]
    )


def test_tax_applies_to_earnings_not_costs():
    assert flows(tax_rate=0.25) == pytest.approx([-0.75 * 50_000 - 10_000, 7_500, 7_500])
    assert evaluate(Assumptions(**{**BASE, "tax_rate": 0.25})).total_cost == pytest.approx(47_500)


def test_loan_accrues_during_study_and_is_repaid_after():
    # Two years of 10,000 borrowed at 10 %: 11,000 + 10,000 = 21,000 owed when study ends,
    # repaid in two instalments of 21,000 * 0.1 / (1 - 1.1**-2) = 12,100.
    same_pay = dict(baseline_salary=50_000, study_income=50_000, post_salary=50_000)
    r = evaluate(
        Assumptions(
            duration_years=2,
            tuition_per_year=10_000,
            loan_share=1,
            loan_rate=0.1,
            loan_term_years=2,
            horizon_years=5,
            discount_rate=0,
            **same_pay,
        )
    )
    assert r.cashflows["loan_payment"].tolist() == pytest.approx([0, 0, 12_100, 12_100, 0])
    assert npf.pmt(0.1, 2, -21_000) == pytest.approx(12_100)
    assert r.npv == pytest.approx(-24_200) and r.cashflows["costs"].sum() == 0


def test_loan_payments_past_the_horizon_are_dropped():
    r = evaluate(
        Assumptions(
            duration_years=2,
            tuition_per_year=10_000,
            loan_share=1,
            loan_term_years=10,
            baseline_salary=1,
            post_salary=1,
            study_income=1,
            horizon_years=5,
        )
    )
    assert r.cashflows["loan_payment"].tolist() == pytest.approx([0, 0, 2_000, 2_000, 2_000])


def test_dropout_returns_to_baseline_and_repays_year_one_loan():
    # Completed: loan 20,000 repaid 10,000 in years 3-4. Leaver: year 1's 10,000 repaid
    # 5,000 in years 2-3. Half finish: E = 0.5 F + 0.5 G.
    same_pay = dict(baseline_salary=50_000, study_income=50_000, post_salary=50_000)
    r = evaluate(
        Assumptions(
            duration_years=2,
            tuition_per_year=10_000,
            loan_share=1,
            loan_term_years=2,
            horizon_years=5,
            discount_rate=0,
            completion_probability=0.5,
            **same_pay,
        )
    )
    assert r.cashflows["net_flow"].tolist() == pytest.approx([0, -2_500, -7_500, -5_000, 0])
    assert flows(completion_probability=0.5) == [-60_000, 5_000, 5_000]


def test_late_dropout_spends_years_one_to_d_on_the_degree_path():
    # Three years without income instead of 50,000, then 60,000. Half leave after year 2:
    # they lose two years' pay, then earn the baseline again. E = 0.5 F + 0.5 G.
    r = evaluate(
        Assumptions(
            duration_years=3,
            tuition_per_year=0,
            baseline_salary=50_000,
            post_salary=60_000,
            horizon_years=5,
            discount_rate=0,
            completion_probability=0.5,
            dropout_year=2,
        )
    )
    assert r.cashflows["net_flow"].tolist() == pytest.approx(
        [-50_000, -50_000, -25_000, 5_000, 5_000]
    )
    assert r.cashflows["degree_earnings"].tolist() == pytest.approx([0, 0, 25_000, 55_000, 55_000])


def test_late_dropout_repays_what_was_borrowed_up_to_year_d():
    # Completed: three draws of 10,000 at 10 %, K = 33,100, repaid in years 4-5. Leaver after
    # year 2: K_2 = 11,000 + 10,000 = 21,000, repaid 12,100 in years 3-4.
    same_pay = dict(baseline_salary=50_000, study_income=50_000, post_salary=50_000)
    r = evaluate(
        Assumptions(
            duration_years=3,
            tuition_per_year=10_000,
            loan_share=1,
            loan_rate=0.1,
            loan_term_years=2,
            horizon_years=7,
            discount_rate=0,
            completion_probability=0.5,
            dropout_year=2,
            **same_pay,
        )
    )
    finished = -npf.pmt(0.1, 2, 33_100)
    left = -npf.pmt(0.1, 2, 21_000)
    assert left == pytest.approx(12_100)
    assert r.cashflows["net_flow"].tolist() == pytest.approx(
        [0, 0, -0.5 * left, -0.5 * (finished + left), -0.5 * finished, 0, 0]
    )


def test_dropout_year_one_is_version_one():
    a = Assumptions(
        duration_years=4,
        tuition_per_year=5_000,
        baseline_salary=50_000,
        post_salary=80_000,
        completion_probability=0.7,
        loan_share=0.5,
        loan_rate=0.05,
    )
    assert a.dropout_year == 1
    assert evaluate(a).npv == pytest.approx(evaluate(a.replace(dropout_year=1)).npv)
    assert evaluate(a.replace(dropout_year=3)).npv != pytest.approx(evaluate(a).npv)


def test_npv_at_cuts_the_sum_and_checks_its_year():
    a = Assumptions(
        duration_years=3, tuition_per_year=20_000, baseline_salary=60_000, post_salary=90_000
    )
    r = evaluate(a)
    assert r.npv_at(30) == pytest.approx(r.npv)
    assert r.npv_at(10) == pytest.approx(reference_npv(a, upto=10))
    for bad in (0, 31, 2.5):
        with pytest.raises(
            ValueError, match="horizon: must be a whole number from 1 to horizon_years"
        ):
            r.npv_at(bad)


def test_irr_reported_only_for_one_sign_change():
    all_negative = evaluate(Assumptions(**{**BASE, "post_salary": 40_000}))
    assert all_negative.irr is None
    # + then - then +: income above baseline while studying, a one-year loan repaid in year 2.
    two_changes = evaluate(
        Assumptions(
            duration_years=1,
            tuition_per_year=10_000,
            loan_share=0.5,
            loan_term_years=1,
            baseline_salary=50_000,
            study_income=60_000,
            post_salary=50_100,
            horizon_years=5,
        )
    )
    signs = np.sign(two_changes.cashflows["net_flow"]).tolist()
    assert signs == [1, -1, 1, 1, 1] and two_changes.irr is None
    conventional = evaluate(
        Assumptions(
            duration_years=3, tuition_per_year=20_000, baseline_salary=60_000, post_salary=90_000
        )
    )
    assert conventional.irr == pytest.approx(npf.irr(conventional.cashflows["net_flow"]), abs=1e-10)


def test_npv_matches_numpy_financial_with_its_year_zero_convention():
    a = Assumptions(
        duration_years=2.5,
        tuition_per_year=15_000,
        baseline_salary=55_000,
        post_salary=80_000,
        study_income=20_000,
        discount_rate=0.05,
        post_growth=0.01,
    )
    r = evaluate(a)
    assert r.npv == pytest.approx(npf.npv(0.05, [0, *r.cashflows["net_flow"]]))


# ---------------------------------------------------------------- validation

INVALID = {
    "duration_years": [0, 10.5, -1],
    "tuition_per_year": [-1],
    "one_off_fees": [-0.01],
    "extra_costs_per_year": [-5],
    "baseline_salary": [-1],
    "baseline_growth": [-0.5, 0.5],
    "study_income": [-1],
    "post_salary": [-1],
    "post_growth": [0.5],
    "horizon_years": [61, 10.5, 1],
    "discount_rate": [-0.5, 1],
    "tax_rate": [1, -0.1],
    "completion_probability": [0, 1.01],
    "loan_share": [1.1, -0.1],
    "loan_rate": [1, -0.01],
    "loan_term_years": [0, 2.5],
    "dropout_year": [0, 1.5, 2, 11],  # 2: BASE's programme lasts one year
    "wait_years": [-1, 0.5, 11],
    "bond_years": [-1, 1.5, 21],
    "bond_salary": [-1],
}


def test_every_field_has_invalid_examples():
    assert set(INVALID) == set(FIELDS)


@pytest.mark.parametrize("name, value", [(n, v) for n, vs in INVALID.items() for v in vs])
def test_invalid_value_names_the_field_and_range(name, value):
    with pytest.raises(ValueError) as raised:
        Assumptions(**{**BASE, "horizon_years": 30, name: value})
    message = str(raised.value)
    assert message.startswith(f"{name}: must be")
    assert "horizon_years" not in message or name == "horizon_years"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "3", None])
def test_non_numbers_are_refused(value):
    with pytest.raises(ValueError, match=r"^tuition_per_year: must be"):
        Assumptions(**{**BASE, "tuition_per_year": value})


def test_dropout_happens_within_the_programmes_full_years():
    with pytest.raises(ValueError, match=r"^dropout_year: must be at most .* = 2, .*; got 3$"):
        Assumptions(**{**BASE, "duration_years": 2.5, "horizon_years": 30, "dropout_year": 3})
    assert Assumptions(**{**BASE, "duration_years": 0.5, "dropout_year": 1}).dropout_year == 1
    table = pd.DataFrame(
        {**{k: [v, v] for k, v in BASE.items()}, "dropout_year": [1, 2]}, index=["a", "b"]
    )
    with pytest.raises(FieldError) as raised:
        evaluate_many(table)
    assert (raised.value.field, raised.value.row) == ("dropout_year", "b")


def test_horizon_must_outlast_the_programme():
    with pytest.raises(
        ValueError, match=r"horizon_years: must be more than .* ceil\(duration_years\) = 3; got 3"
    ):
        Assumptions(**{**BASE, "duration_years": 2.2, "horizon_years": 3})


def test_evaluate_many_names_field_and_row():
    table = pd.DataFrame(
        {**{k: [v, v] for k, v in BASE.items()}, "tax_rate": [0.1, 1.5]}, index=["a", "b"]
    )
    with pytest.raises(ValueError, match=r"^tax_rate: must be ≥ 0 and < 1; got 1.5 \(row 'b'\)$"):
        evaluate_many(table)
    with pytest.raises(ValueError, match=r"^post_salary: required"):
        evaluate_many({"duration_years": [1], "tuition_per_year": [0], "baseline_salary": [1]})
    with pytest.raises(ValueError, match="unknown field"):
        evaluate_many({**{k: [v] for k, v in BASE.items()}, "salary": [1]})


# ---------------------------------------------------------------- against the reference

money = st.floats(0, 300_000, allow_nan=False)
without_dropout_year = st.builds(
    dict,
    duration_years=st.floats(0.25, 8).map(lambda d: round(d, 3)),
    tuition_per_year=money,
    one_off_fees=st.floats(0, 20_000),
    extra_costs_per_year=st.floats(0, 20_000),
    baseline_salary=money,
    baseline_growth=st.floats(-0.1, 0.1),
    study_income=money,
    post_salary=money,
    post_growth=st.floats(-0.1, 0.1),
    horizon_years=st.integers(9, 60),
    discount_rate=st.floats(-0.05, 0.2),
    tax_rate=st.floats(0, 0.6),
    completion_probability=st.floats(0.05, 1),
    loan_share=st.floats(0, 1),
    loan_rate=st.floats(0, 0.2),
    loan_term_years=st.integers(1, 25),
    wait_years=st.integers(0, 10),
    bond_years=st.integers(0, 20),
    bond_salary=money,
)
scenarios = without_dropout_year.flatmap(
    lambda fields: st.integers(1, max(1, math.floor(fields["duration_years"]))).map(
        lambda d: {**fields, "dropout_year": d}
    )
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(scenarios)
def test_flows_npv_and_breakeven_match_the_reference(fields):
    a = Assumptions(**fields)
    r = evaluate(a)
    expected = reference_flows(a)
    scale = 1 + sum(abs(f) for f in expected)
    assert np.allclose(r.cashflows["net_flow"], expected, rtol=1e-9, atol=1e-9 * scale)
    assert r.npv == pytest.approx(reference_npv(a), rel=1e-9, abs=1e-9 * scale)
    cumulative = list(
        itertools.accumulate(f / (1 + a.discount_rate) ** t for t, f in enumerate(expected, 1))
    )
    if all(abs(v) > 1e-6 * scale for v in cumulative):  # away from ties at zero
        assert r.breakeven_year == first_year_staying_non_negative(cumulative)
        assert r.payback_year == first_year_staying_non_negative(
            list(itertools.accumulate(expected))
        )


@SETTINGS
@given(scenarios)
def test_irr_zeroes_the_npv(fields):
    r = evaluate(Assumptions(**fields))
    assume(r.irr is not None)
    flows = r.cashflows["net_flow"].to_numpy()
    terms = [f / (1 + r.irr) ** t for t, f in enumerate(flows, 1)]
    # Relative to the size of the discounted terms: near the bracket's -90 % they are up to
    # 10^60 times the flows, and a sum of such terms is only that accurate.
    assert abs(sum(terms)) <= 1e-6 * sum(map(abs, terms))


# Most drawn scenarios are not conventional (a loan repaid late, a bond, a growing baseline
# change the sign more than once): the filter below is the property's own condition, so
# hypothesis may discard many draws before it finds enough (its filter_too_much check, which
# an unlucky local run tripped).
@settings(SETTINGS, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(scenarios, st.floats(0.001, 0.3))
def test_npv_falls_as_the_discount_rate_rises_for_conventional_flows(fields, step):
    # Conventional flows (costs first, then gains): NPV·(1+r)^T* is strictly decreasing in r,
    # where T* is the year the sign changes. So NPV itself falls wherever it is positive, and
    # it is positive below the IRR and negative above it. (Where NPV < 0, a higher rate can
    # shrink early costs more than late gains: -3 x 4 then +1 x 5 is worth more at 25 %.)
    a = Assumptions(**fields)
    flows = evaluate(a).cashflows["net_flow"].to_numpy()
    nonzero = flows[np.abs(flows) > 1e-9 * (1 + np.abs(flows).sum())]
    assume(len(nonzero) > 1 and nonzero[0] < 0 and (np.diff(np.sign(nonzero)) != 0).sum() == 1)
    assume(a.discount_rate + step < 1)
    here, higher = evaluate(a), evaluate(a.replace(discount_rate=a.discount_rate + step))
    if here.npv > 0:
        assert higher.npv < here.npv
    if here.irr is not None and abs(here.irr - a.discount_rate) > 1e-6:
        assert (here.npv > 0) == (a.discount_rate < here.irr)


@SETTINGS
@given(scenarios)
def test_certain_completion_is_the_completed_path(fields):
    a = Assumptions(**{**fields, "completion_probability": 1.0})
    almost = Assumptions(**{**fields, "completion_probability": 1 - 1e-9})
    expected = reference_flows(a)
    scale = 1 + sum(abs(f) for f in expected)
    assert np.allclose(evaluate(a).cashflows["net_flow"], expected, rtol=1e-9, atol=1e-9 * scale)
    assert evaluate(almost).npv == pytest.approx(evaluate(a).npv, rel=1e-6, abs=1e-3)


@SETTINGS
@given(scenarios)
def test_identical_paths_without_costs_are_worth_nothing(fields):
    same = dict(
        tuition_per_year=0,
        one_off_fees=0,
        extra_costs_per_year=0,
        baseline_growth=0,
        post_growth=0,
        study_income=fields["baseline_salary"],
        post_salary=fields["baseline_salary"],
        bond_salary=fields["baseline_salary"],
    )
    r = evaluate(Assumptions(**{**fields, **same}))
    assert r.npv == pytest.approx(0, abs=1e-6)
    assert r.breakeven_year == 1 and r.irr is None


@SETTINGS
@given(scenarios)
def test_fractional_durations_are_continuous(fields):
    # Within one programme year: crossing a whole year moves the loan and the growth start
    # by a year, which the spec defines as a step (see docs/roi-model.md's timeline).
    d = fields["duration_years"]
    assume(math.ceil(d) == math.ceil(d + 0.001) and d + 0.001 < fields["horizon_years"])
    a = Assumptions(**fields)
    b = a.replace(duration_years=d + 0.001)
    # A borrowed unit of tuition costs up to (1 + i)^c · (1 + n·i) in repayments.
    loan_cost = (1 + a.loan_rate) ** math.ceil(d) * (1 + a.loan_term_years * a.loan_rate)
    # A boundary that moves (the end of study, of the wait, of the bond) swaps one salary for
    # another as it stands then: grown from the end of the wait (post and bond salaries) or from
    # year 1 (the baseline), so the bound carries that growth.
    grown_post = max(1.0, (1 + a.post_growth) ** (a.wait_years + a.bond_years + 1))
    grown_base = max(1.0, (1 + a.baseline_growth) ** (math.ceil(d) + a.wait_years + 1))
    scale = (
        a.tuition_per_year * max(1.0, loan_cost)
        + a.extra_costs_per_year
        + a.baseline_salary * grown_base
        + (a.post_salary + a.bond_salary) * grown_post
        + a.study_income
    ) * 2
    assert abs(evaluate(b).npv - evaluate(a).npv) <= 0.001 * scale + 1e-6


@settings(max_examples=25, deadline=None)
@given(st.lists(scenarios, min_size=1, max_size=12))
def test_evaluate_many_equals_evaluate_row_by_row(rows):
    table = pd.DataFrame(rows)
    many = evaluate_many(table)
    for (_, row), (_, got) in zip(table.iterrows(), many.iterrows(), strict=True):
        one = evaluate(Assumptions(**row.to_dict()))
        assert got["npv"] == pytest.approx(one.npv, rel=1e-12, abs=1e-6)
        assert (pd.isna(got["irr"]) and one.irr is None) or got["irr"] == pytest.approx(
            one.irr, abs=1e-10
        )
        assert (pd.isna(got["breakeven_year"]) and one.breakeven_year is None) or got[
            "breakeven_year"
        ] == one.breakeven_year
        assert got["total_cost"] == pytest.approx(one.total_cost)


def test_evaluate_many_fills_defaults_and_keeps_the_index():
    table = pd.DataFrame({k: [v] * 2 for k, v in BASE.items()}, index=["x", "y"]).drop(
        columns="horizon_years"
    )
    many = evaluate_many(table)
    assert list(many.index) == ["x", "y"]
    assert many["npv"].iloc[0] == pytest.approx(
        evaluate(Assumptions(**{**BASE, "horizon_years": 30})).npv
    )


# ---------------------------------------------------------------- beyond one scenario


def test_sensitivity_moves_one_field_at_a_time_and_sorts_by_swing():
    a = Assumptions(
        duration_years=3,
        tuition_per_year=20_000,
        baseline_salary=60_000,
        post_salary=90_000,
        completion_probability=0.9,
    )
    table = sensitivity(a, spread=0.2)
    assert table["swing"].is_monotonic_decreasing
    post = table.set_index("field").loc["post_salary"]
    assert (post["low_value"], post["high_value"]) == (72_000, 108_000)
    assert post["npv_high"] == pytest.approx(evaluate(a.replace(post_salary=108_000)).npv)
    probability = table.set_index("field").loc["completion_probability"]
    assert probability["high_value"] == 1.0  # 0.9 * 1.2 stops at the edge of the range
    assert table.set_index("field").loc["one_off_fees", "swing"] == 0
    with pytest.raises(ValueError, match=r"^spread: must be"):
        sensitivity(a, spread=1.5)


def test_simulation_is_reproducible_and_summarised():
    a = Assumptions(
        duration_years=3, tuition_per_year=20_000, baseline_salary=60_000, post_salary=90_000
    )
    ranges = {
        "post_salary": (70_000, 90_000, 120_000),
        "duration_years": (3, 4.5),
        "completion_probability": (0.6, 1),
    }
    first, again = simulate(a, ranges, n=2_000, seed=7), simulate(a, ranges, n=2_000, seed=7)
    assert np.array_equal(first.npv, again.npv)
    assert not np.array_equal(first.npv, simulate(a, ranges, n=2_000, seed=8).npv)
    assert first.percentiles[5] < first.percentiles[50] < first.percentiles[95]
    assert first.probability_positive == (first.npv > 0).mean()
    assert first.draws["post_salary"].between(70_000, 120_000).all()
    assert first.draws["tuition_per_year"].eq(20_000).all()
    i = 17
    assert first.npv[i] == pytest.approx(evaluate(Assumptions(**first.draws.iloc[i].to_dict())).npv)


@pytest.mark.parametrize(
    "ranges, message",
    [
        ({"post_salary": (90_000, 70_000)}, "increasing order"),
        ({"horizon_years": (10, 20)}, "cannot vary 'horizon_years'"),
        ({"completion_probability": (0, 1)}, "completion_probability: must be"),
        ({"post_salary": 80_000}, "^post_salary: a range is"),
        ({"post_salary": None}, "^post_salary: a range is"),
        ({"post_salary": "80000"}, "^post_salary: a range is"),
        ({"post_salary": (1, 2, 3, 4)}, "^post_salary: a range is"),
        ({"post_salary": (1, float("inf"))}, "^post_salary: must be"),
        ({}, "^ranges: name at least one field"),
        (None, "^ranges: must map field names"),
        ((("post_salary", (1, 2)),), "^ranges: must map field names"),
    ],
)
def test_simulation_ranges_are_checked(ranges, message):
    a = Assumptions(duration_years=3, tuition_per_year=1, baseline_salary=1, post_salary=1)
    with pytest.raises(ValueError, match=message):
        simulate(a, ranges)


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(n=True), "^n: must be a whole number"),
        (dict(n=0), "^n: must be"),
        (dict(n=2.5), "^n: must be"),
        (dict(n=1_000_001), "^n: must be"),
        (dict(seed=-1), "^seed: must be a whole number ≥ 0"),
        (dict(seed=1.5), "^seed: must be"),
        (dict(seed=True), "^seed: must be"),
    ],
)
def test_simulation_size_and_seed_are_checked(options, message):
    a = Assumptions(duration_years=3, tuition_per_year=1, baseline_salary=1, post_salary=1)
    with pytest.raises(FieldError, match=message):
        simulate(a, {"post_salary": (1, 2)}, **options)


@pytest.mark.parametrize(
    "fields, message",
    [
        ([], "^fields: name at least one field"),
        ("post_salary", "^fields: must be a list"),
        (["horizon_years"], "^fields: cannot vary 'horizon_years'"),
        (None, "^fields: must be a list"),
    ],
)
def test_sensitivity_fields_are_checked(fields, message):
    a = Assumptions(duration_years=3, tuition_per_year=1, baseline_salary=1, post_salary=1)
    with pytest.raises(FieldError, match=message):
        sensitivity(a, fields=fields)


def test_dropout_year_is_an_uncertain_whole_number():
    a = Assumptions(
        duration_years=4,
        tuition_per_year=5_000,
        baseline_salary=50_000,
        post_salary=80_000,
        completion_probability=0.6,
    )
    s = simulate(a, {"dropout_year": (1, 4), "duration_years": (2.5, 5)}, n=4_000, seed=3)
    drawn = s.draws["dropout_year"]
    assert set(drawn.unique()) == {1.0, 2.0, 3.0, 4.0}
    # A programme drawn shorter than the drawn dropout year: the candidate leaves in its last full year.
    assert (drawn <= np.maximum(1, np.floor(s.draws["duration_years"]))).all()
    i = int(np.flatnonzero(drawn.to_numpy() == 3)[0])
    assert s.npv[i] == pytest.approx(
        evaluate(
            Assumptions(**s.draws.iloc[i].to_dict() | {"dropout_year": 3, "horizon_years": 30})
        ).npv
    )
    moved = sensitivity(a.replace(dropout_year=3)).set_index("field").loc["dropout_year"]
    assert (moved["low_value"], moved["high_value"]) == (2, 4)  # 2.4 and 3.6, to whole years
    assert moved["npv_high"] == pytest.approx(evaluate(a.replace(dropout_year=4)).npv)


def test_a_large_simulation_is_evaluated_in_bounded_chunks():
    from mmedlearn.roi import CHUNK

    a = Assumptions(duration_years=3, tuition_per_year=1_000, baseline_salary=10, post_salary=20)
    s = simulate(a, {"post_salary": (10, 30)}, n=CHUNK * 2 + 7, seed=1)
    assert len(s.npv) == CHUNK * 2 + 7 and np.isfinite(s.npv).all()
    assert s.npv[-1] == pytest.approx(
        evaluate(a.replace(post_salary=float(s.draws["post_salary"].iloc[-1]))).npv
    )


@pytest.mark.parametrize("rate", [0.0, 1e-12, 1e-6, 0.01, 0.05, 0.2, 0.9])
@pytest.mark.parametrize("term", [1, 5, 25])
def test_loan_payment_is_numpy_financials_pmt(rate, term):
    from mmedlearn.model import _annuity, _in, evaluate_expression

    expression = _annuity(_in["tuition_per_year"], _in["loan_rate"], _in["loan_term_years"])
    columns = {"tuition_per_year": [10_000.0], "loan_rate": [rate], "loan_term_years": [term]}
    got = evaluate_expression(expression, {**columns, "horizon_years": [1.0]})[0]
    # npf.pmt is exact enough from 1e-6 a year; below that, the limit 10,000 / term.
    want = -npf.pmt(rate, term, 10_000) if rate >= 1e-6 or rate == 0 else 10_000 / term
    assert got == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize(
    "values, message",
    [
        (["3"], r"^tuition_per_year: must be a number"),
        ([True], r"^tuition_per_year: must be a number"),
        ([1 + 2j], r"^tuition_per_year: must be a number"),
        ([[1.0]], r"^tuition_per_year: must be one value per scenario"),
        ([1e308], r"^tuition_per_year: must be ≥ 0 and ≤ 1,000,000,000,000; got 1e\+308"),
    ],
)
def test_evaluate_many_refuses_what_is_not_a_column_of_numbers(values, message):
    table = {
        "duration_years": [1],
        "baseline_salary": [1],
        "post_salary": [1],
        "tuition_per_year": values,
    }
    with pytest.raises(FieldError, match=message):
        evaluate_many(table)


# ---------------------------------------------------------------- version 3


def test_a_wait_then_a_bond_then_specialist_pay():
    # Worked by hand: two years of study on a 30,000 stipend instead of 40,000; one year
    # waiting on 40,000; two bonded years at 45,000; then 70,000. No discounting.
    a = Assumptions(
        duration_years=2,
        tuition_per_year=0,
        baseline_salary=40_000,
        study_income=30_000,
        post_salary=70_000,
        wait_years=1,
        bond_years=2,
        bond_salary=45_000,
        horizon_years=7,
        discount_rate=0,
    )
    r = evaluate(a)
    assert r.cashflows["net_flow"].tolist() == pytest.approx(
        [-10_000, -10_000, 0, 5_000, 5_000, 30_000, 30_000]
    )
    assert r.cashflows["wait_share"].tolist() == [0, 0, 1, 0, 0, 0, 0]
    # NPV = 50,000; each unit of post_salary counts in years 6 and 7: N(x) = x·2 − 90,000.
    assert r.npv == pytest.approx(50_000)
    assert r.breakeven_post_salary == pytest.approx(45_000)


def test_a_fractional_programme_splits_the_wait_and_the_bond_across_years():
    # 1.5 years of study, half a year... no: the wait is whole years, starting mid-year.
    a = Assumptions(
        duration_years=1.5,
        tuition_per_year=0,
        baseline_salary=40_000,
        post_salary=60_000,
        wait_years=1,
        bond_years=1,
        bond_salary=50_000,
        horizon_years=5,
        discount_rate=0,
    )
    r = evaluate(a)
    # Year 2: half study (0 − 40,000), half wait (0). Year 3: half wait, half bond (+10,000).
    # Year 4: half bond (+10,000), half specialist (+20,000). Year 5: specialist.
    assert r.cashflows["net_flow"].tolist() == pytest.approx(
        [-40_000, -20_000, 5_000, 15_000, 20_000]
    )


def test_no_specialist_pay_within_the_horizon_gives_no_breakeven_salary():
    a = Assumptions(
        duration_years=3,
        tuition_per_year=1_000,
        baseline_salary=40_000,
        post_salary=90_000,
        wait_years=2,
        bond_years=5,
        horizon_years=10,
    )
    assert evaluate(a).breakeven_post_salary is None
    cheap = a.replace(bond_years=0, wait_years=0, tuition_per_year=0, study_income=50_000)
    # Study pays more than the baseline and nothing costs: pays back at any salary... only if
    # the specialist years do not lose more; at salary 0 they do, so a positive threshold.
    assert evaluate(cheap).breakeven_post_salary == pytest.approx(
        reference_breakeven_post_salary(cheap)
    )


def test_three_sign_changes_report_no_irr():
    # roi-model.md: an IRR only when the flows change sign exactly once. A 1-year programme
    # paid by a loan repaid in year 2, study income above the baseline, and a baseline
    # growing 3 % a year that overtakes the post-degree salary in year 8: + − + … −.
    a = Assumptions(
        duration_years=1,
        tuition_per_year=30_000,
        loan_share=1,
        loan_term_years=1,
        baseline_salary=50_000,
        baseline_growth=0.03,
        study_income=60_000,
        post_salary=60_000,
    )
    flows = reference_flows(a)
    signs = [f > 0 for f in flows if f != 0]
    assert sum(x != y for x, y in itertools.pairwise(signs)) == 3
    assert signs[:3] == [True, False, True] and not signs[-1]
    assert evaluate(a).irr is None
    assert evaluate_many(pd.DataFrame([a.__dict__]))["irr"].isna().all()


@SETTINGS
@given(scenarios)
def test_breakeven_post_salary_matches_the_reference(fields):
    a = Assumptions(**fields)
    got, expected = evaluate(a).breakeven_post_salary, reference_breakeven_post_salary(a)
    if expected is None or got is None:
        # N(1) − N(0) is the NPV of one unit of specialist pay: zero when none falls in H.
        slope = reference_npv(a, post_salary=1.0) - reference_npv(a, post_salary=0.0)
        assert abs(slope) < 1e-6 and (got is None or expected is None)
        return
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-3)
    if got > 0:
        assert reference_npv(a, post_salary=got) == pytest.approx(
            0, abs=1e-6 * (1 + sum(abs(f) for f in reference_flows(a, got)))
        )


@SETTINGS
@given(st.lists(scenarios, min_size=1, max_size=5))
def test_evaluate_many_agrees_with_evaluate_on_version_3_outputs(many):
    table = evaluate_many(pd.DataFrame(many))
    for row, fields in zip(table.itertuples(), many, strict=True):
        r = evaluate(Assumptions(**fields))
        assert row.npv == pytest.approx(r.npv, rel=1e-12, abs=1e-6)
        if r.breakeven_post_salary is None:
            assert pd.isna(row.breakeven_post_salary)
        else:
            assert row.breakeven_post_salary == pytest.approx(r.breakeven_post_salary)
