"""Worked cases for chapter 5, and where the course's starting case comes from.

The starting case (``data/default_assumptions.toml``, read by
:func:`mmedlearn.defaults.load_default_assumptions`) is a representative registrar MMed taken
from the data: :data:`STARTING_SITUATION` through
:func:`mmedlearn.scenario.start_from_situation`, converted to US dollars and rounded
(:func:`rounded`); :func:`starting_case` says for each value where it comes from. The other
cases are ILLUSTRATIVE: round numbers chosen to show how the model behaves, not data about any
programme, country or salary scale.

The chapter's lessons come from changing ONE assumption at a time for the same person, so
that each difference has one cause. Every sentence the chapter states about these cases is
produced here from the model (:func:`lessons`), so the prose cannot drift from the numbers.

* ``SELF_FUNDED_COURSEWORK``: a one-year coursework degree at 30,000 a year paid from savings
  while working half-time (the course's starting case until issue 22; one example among others).
* The registrar ladder: a four-year MMed for a doctor earning 50,000 a year without it.
  ``UNPAID_STUDY`` earns nothing while studying and gains 7.5 % after it; ``PAID_POST``
  changes only the income while studying (a salaried post paying what they earn now);
  ``PAID_POST_LARGE_RISE`` then changes only the salary after the degree (an 80 % rise).
* Late dropout: the same cases with ``dropout_year = 4``, a candidate whose research is still
  unfinished when the four years of training end.
"""

from __future__ import annotations

import itertools
import math
import re

import pandas as pd

from mmedlearn.catalog import data_dir, load_programs, load_tables
from mmedlearn.compare import load_exchange_rates, rate_note, rates_used
from mmedlearn.defaults import load_default_assumptions
from mmedlearn.fields import FIELD_NAMES, FIELDS
from mmedlearn.roi import Assumptions, Result, evaluate
from mmedlearn.scenario import ILLUSTRATIVE, Situation, start_from_situation

#: The situation the course's starting case is taken from: a four-year MMed (Family Medicine)
#: at the University of Cape Town in a funded registrar post. South Africa is the one country
#: whose data give all three salaries (medical officer, registrar, specialist) from official
#: posts of one recent year; the fee is UCT's newest found (2015).
STARTING_SITUATION = {
    "country": "South Africa",
    "funding": "government sponsored",
    "program": "uct_family",
}
#: The currency of the starting case (and of the in-page explorer's ranges).
STARTING_CURRENCY = "USD"

SELF_FUNDED_COURSEWORK = Assumptions(
    duration_years=1,
    tuition_per_year=30_000,
    one_off_fees=2_000,
    extra_costs_per_year=3_000,
    baseline_salary=80_000,
    baseline_growth=0.01,
    study_income=40_000,
    post_salary=86_000,
    post_growth=0.01,
    tax_rate=0.3,
    completion_probability=0.9,
    horizon_years=30,
    discount_rate=0.03,
)

UNPAID_STUDY = Assumptions(
    duration_years=4,
    tuition_per_year=1_000,
    baseline_salary=50_000,
    baseline_growth=0.01,
    study_income=0,
    post_salary=53_750,
    post_growth=0.01,
    tax_rate=0.3,
    completion_probability=0.85,
    horizon_years=30,
    discount_rate=0.03,
)
PAID_POST = UNPAID_STUDY.replace(study_income=UNPAID_STUDY.baseline_salary)
PAID_POST_LARGE_RISE = PAID_POST.replace(post_salary=90_000)
LAST_TRAINING_YEAR = 4

#: The registrar ladder, in order: each case differs from the one before in one field.
CASES = {
    "Unpaid study, 7.5 % rise (illustrative)": UNPAID_STUDY,
    "Paid post, 7.5 % rise (illustrative)": PAID_POST,
    "Paid post, 80 % rise (illustrative)": PAID_POST_LARGE_RISE,
}


def rounded(value: float) -> float:
    """How the starting case rounds a converted amount: to the nearest 10 below 10,000 (fees),
    to the nearest 100 from there (salaries).

    >>> rounded(656.7), rounded(59_998.77), rounded(80_401.19)
    (660.0, 60000.0, 80400.0)
    """
    step = 10 if abs(value) < 10_000 else 100
    return float(round(value / step) * step)


def starting_situation(
    base: Assumptions | None = None,
    *,
    tables: dict[str, pd.DataFrame] | None = None,
    rates: pd.Series | None = None,
    programs: pd.DataFrame | None = None,
) -> Situation:
    """:data:`STARTING_SITUATION` from the shipped data (``tables``, as
    :func:`mmedlearn.catalog.load_tables` reads them), in :data:`STARTING_CURRENCY`, with
    ``base`` (the default assumptions) where no source gives a value."""
    base = load_default_assumptions() if base is None else base
    tables = load_tables(data_dir()) if tables is None else tables
    rates = load_exchange_rates() if rates is None else rates
    programs = load_programs(data_dir()) if programs is None else programs
    return start_from_situation(
        STARTING_SITUATION["country"],
        STARTING_SITUATION["funding"],
        base={name: getattr(base, name) for name in FIELD_NAMES},
        base_currency=STARTING_CURRENCY,
        pay_scales=tables["pay_scales.csv"],
        funding_terms=tables["funding_terms.csv"],
        sources=tables["sources.csv"],
        rates=rates,
        programme=programs.loc[STARTING_SITUATION["program"]],
        currency=STARTING_CURRENCY,
    )


def starting_case(
    start: Assumptions | None = None,
    situation: Situation | None = None,
    rates: pd.Series | None = None,
) -> pd.DataFrame:
    """Each starting value (``start``, by default the default assumptions) with where it comes
    from: the source and year of ``situation`` (by default :func:`starting_situation`) where
    the value is that source's, rounded; otherwise illustrative (a value an instructor set
    lands here too)."""
    start = load_default_assumptions() if start is None else start
    rates = load_exchange_rates() if rates is None else rates
    situation = starting_situation(start, rates=rates) if situation is None else situation
    rows = []
    for name, field in FIELDS.items():
        value, origin = getattr(start, name), situation.origins.get(name, ILLUSTRATIVE)
        sourced = situation.values.get(name, math.nan)
        money = field.kind == "money"
        if origin != ILLUSTRATIVE and not math.isclose(
            rounded(sourced) if money else sourced, value
        ):
            origin = ILLUSTRATIVE
        if origin != ILLUSTRATIVE and money and rounded(sourced) != sourced:
            converted = re.search(r"converted from ([A-Z]{3})$", origin)
            if converted:  # which rate, of which date
                used = rates_used(STARTING_CURRENCY, [converted[1]], rates)
                origin += f" ({rate_note(rates, used)})"
            origin += f"; {sourced:,.2f} {STARTING_CURRENCY}, rounded"
        rows.append(
            {
                "input": field.label,
                "starts at": field.format_with_unit(value, STARTING_CURRENCY),
                "where it comes from": origin,
            }
        )
    return pd.DataFrame(rows)


def case_results(cases: dict = CASES) -> dict[str, Result]:
    return {name: evaluate(assumptions) for name, assumptions in cases.items()}


def case_table(cases: dict = CASES) -> pd.DataFrame:
    """Inputs and results of each case, one column per case, one row per quantity."""
    columns = {}
    for name, result in case_results(cases).items():
        a = result.assumptions
        columns[name] = {
            **{field.label: field.format(getattr(a, name)) for name, field in FIELDS.items()},
            "NPV": money(result.npv),
            "IRR": "not defined" if result.irr is None else f"{result.irr:.1%}",
            "Break-even year": result.breakeven_year or "none",
            "Payback year": result.payback_year or "none",
            "Total cost": money(result.total_cost),
        }
    return pd.DataFrame(columns).rename_axis("quantity").reset_index()


def money(value: float) -> str:
    """Rounded, with separators and a true minus sign, as the chapter prints amounts."""
    return f"{round(value):,}".replace("-", "\u2212")


def breakeven(result: Result) -> str:
    return (
        f"year {result.breakeven_year}"
        if result.breakeven_year
        else f"never within {result.assumptions.horizon_years} years"
    )


def non_finisher_npv(assumptions: Assumptions) -> float:
    """NPV of the path of someone who leaves after ``dropout_year``: the model's expected
    flows are p·F + (1 − p)·G, so G's NPV is (NPV − p·NPV(finishing)) / (1 − p)."""
    p = assumptions.completion_probability
    finishing = evaluate(assumptions.replace(completion_probability=1.0)).npv
    return (evaluate(assumptions).npv - p * finishing) / (1 - p)


def one_change_at_a_time() -> pd.DataFrame:
    """Each step of the ladder: the one field changed, NPV and break-even before and after."""
    rows = []
    steps = list(CASES.items())
    for (_before_name, before), (_after_name, after) in itertools.pairwise(steps):
        (field,) = [name for name in FIELDS if getattr(before, name) != getattr(after, name)]
        was, now = evaluate(before), evaluate(after)
        rows.append(
            {
                "change": FIELDS[field].label,
                "from": FIELDS[field].format(getattr(before, field)),
                "to": FIELDS[field].format(getattr(after, field)),
                "NPV before": money(was.npv),
                "NPV after": money(now.npv),
                "difference": money(now.npv - was.npv),
                "break-even before": breakeven(was),
                "break-even after": breakeven(now),
            }
        )
    return pd.DataFrame(rows)


def lessons() -> list[str]:
    """The chapter's statements about the cases, each computed from the model."""
    unpaid, paid, rise = (evaluate(a) for a in CASES.values())
    paid_effect, rise_effect = paid.npv - unpaid.npv, rise.npv - paid.npv
    late_unpaid = UNPAID_STUDY.replace(dropout_year=LAST_TRAINING_YEAR)
    late_paid = PAID_POST.replace(dropout_year=LAST_TRAINING_YEAR)
    lost_unpaid = non_finisher_npv(UNPAID_STUDY) - non_finisher_npv(late_unpaid)
    lost_paid = non_finisher_npv(PAID_POST) - non_finisher_npv(late_paid)
    return [
        f"Taking the same four years in a paid post instead of unpaid moves the NPV from "
        f"{money(unpaid.npv)} to {money(paid.npv)}, a difference of {money(paid_effect)}; "
        f"break-even moves from {breakeven(unpaid)} to {breakeven(paid)}.",
        f"Keeping the paid post and assuming an 80 % rise after the degree instead of 7.5 % moves "
        f"the NPV from {money(paid.npv)} to {money(rise.npv)}, a difference of {money(rise_effect)}; "
        f"break-even moves from {breakeven(paid)} to {breakeven(rise)}.",
        f"With these numbers the assumed pay rise moves the NPV {rise_effect / paid_effect:.1f} times "
        f"as much as the paid post does: check the salary you assume after the degree first.",
        f"Someone whose research is unfinished when training ends, and who leaves after year "
        f"{LAST_TRAINING_YEAR} instead of year 1, loses {money(lost_unpaid)} more if the study was "
        f"unpaid, but {money(lost_paid)} in a paid post, where those years were salaried.",
        f"Weighted by the {(1 - UNPAID_STUDY.completion_probability) * 100:.0f} % chance of not finishing, "
        f"leaving late instead of early lowers the expected NPV by "
        f"{money(unpaid.npv - evaluate(late_unpaid).npv)} (unpaid) and "
        f"{money(paid.npv - evaluate(late_paid).npv)} (paid post).",
    ]


def starting_case_lessons(start: Assumptions | None = None) -> list[str]:
    """What chapter 5 says about its starting case (``start``, by default the default
    assumptions) and about the coursework example beside it, each computed from the model."""
    start = load_default_assumptions() if start is None else start
    started, coursework = evaluate(start), evaluate(SELF_FUNDED_COURSEWORK)
    c, unit = SELF_FUNDED_COURSEWORK, STARTING_CURRENCY

    def irr(result: Result) -> str:
        return "no IRR" if result.irr is None else f"an IRR of {result.irr:.1%}"

    return [
        f"The starting case, {start.duration_years:g} years with tuition of "
        f"{money(start.tuition_per_year)} {unit} a year, earning {money(start.study_income)} "
        f"{unit} a year while training ({money(start.baseline_salary)} {unit} without the degree, "
        f"{money(start.post_salary)} {unit} after it), has an NPV of "
        f"{money(started.npv)} {unit} and {irr(started)} (break-even: {breakeven(started)}).",
        f"The illustrative one-year self-funded coursework MMed, with tuition of "
        f"{money(c.tuition_per_year)} {unit} a year paid while working half-time (earning "
        f"{money(c.study_income)} {unit} a year instead of {money(c.baseline_salary)} {unit}), "
        f"then {money(c.post_salary)} {unit}, has an NPV of {money(coursework.npv)} {unit} "
        f"and {irr(coursework)} (break-even: {breakeven(coursework)}).",
    ]
