"""Worked cases for chapter 5. All are ILLUSTRATIVE: round numbers chosen to show how the
model behaves, not data about any programme, country or salary scale.

The chapter's lessons come from changing ONE assumption at a time for the same person, so
that each difference has one cause. Every sentence the chapter states about these cases is
produced here from the model (:func:`lessons`), so the prose cannot drift from the numbers.

* ``SELF_FUNDED_COURSEWORK``: a one-year coursework degree paid from savings while working
  half-time (the course's default assumptions, ``data/default_assumptions.toml``).
* The registrar ladder: a four-year MMed for a doctor earning 50,000 a year without it.
  ``UNPAID_STUDY`` earns nothing while studying and gains 7.5 % after it; ``PAID_POST``
  changes only the income while studying (a salaried post paying what they earn now);
  ``PAID_POST_LARGE_RISE`` then changes only the salary after the degree (an 80 % rise).
* Late dropout: the same cases with ``dropout_year = 4``, a candidate whose research is still
  unfinished when the four years of training end.
"""

from __future__ import annotations

import itertools

import pandas as pd

from mmedlearn.fields import FIELDS
from mmedlearn.roi import Assumptions, Result, evaluate

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
