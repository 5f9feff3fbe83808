"""Two worked cases for chapter 5. Both are ILLUSTRATIVE: round numbers chosen to show how
the model behaves, not data about any programme, country or salary scale.

* ``SELF_FUNDED_COURSEWORK``: a one-year coursework MMed paid from savings, studied while
  working half-time (compare the University of Sydney's one-year coursework degree).
* ``PAID_REGISTRAR``: a four-year MMed taken inside a salaried registrar post, so income is
  not forgone (compare the South African and Kenyan in-post programmes).
"""

import pandas as pd

from mmedlearn.roi import FIELDS, Assumptions, Result, evaluate

SELF_FUNDED_COURSEWORK = Assumptions(
    duration_years=1, tuition_per_year=30_000, one_off_fees=2_000, extra_costs_per_year=3_000,
    baseline_salary=80_000, baseline_growth=0.01, study_income=40_000,
    post_salary=86_000, post_growth=0.01, tax_rate=0.3, completion_probability=0.9,
    horizon_years=30, discount_rate=0.03,
)

PAID_REGISTRAR = Assumptions(
    duration_years=4, tuition_per_year=1_000, baseline_salary=50_000, baseline_growth=0.01,
    study_income=55_000, post_salary=90_000, post_growth=0.01, tax_rate=0.3,
    completion_probability=0.85, horizon_years=30, discount_rate=0.03,
)

CASES = {
    "A one-year self-funded coursework MMed (illustrative)": SELF_FUNDED_COURSEWORK,
    "A four-year MMed in a paid registrar post (illustrative)": PAID_REGISTRAR,
}


def case_results(cases: dict = CASES) -> dict[str, Result]:
    return {name: evaluate(assumptions) for name, assumptions in cases.items()}


def case_table(cases: dict = CASES) -> pd.DataFrame:
    """Inputs and results of each case, one column per case, one row per quantity."""
    columns = {}
    for name, result in case_results(cases).items():
        a = result.assumptions
        columns[name] = {
            **{FIELDS[field].label + f" ({field})": getattr(a, field) for field in FIELDS},
            "NPV": round(result.npv),
            "IRR": "not defined" if result.irr is None else f"{result.irr:.1%}",
            "Break-even year": result.breakeven_year or "none",
            "Payback year": result.payback_year or "none",
            "Total cost": round(result.total_cost),
        }
    return pd.DataFrame(columns).rename_axis("quantity").reset_index()
