"""The kernel-free ROI explorer's Vega expressions against mmedlearn.roi.evaluate.

vl-convert runs the same Vega engine as the browser, so many input combinations can be
checked quickly; the browser test then checks a few on the built page itself.
"""

import re

import pytest
import vl_convert as vlc
from hypothesis import given, settings
from hypothesis import strategies as st

from browser import browser_context, open_page, require_chromium, serve
from mmedlearn import roi
from mmedlearn.cases import CASES, SELF_FUNDED_COURSEWORK
from mmedlearn.fields import FIELDS
from mmedlearn.roi_charts import roi_explorer


def shown(spec: dict) -> tuple[str, str]:
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    npv = next(t for t in texts if t.startswith("NPV over"))
    breakeven = next(t for t in texts if "reak-even" in t)
    return npv, breakeven


def vega_format(number: float) -> str:
    """d3-format's ",.0f": a true minus sign (U+2212), and no sign on a value that rounds to 0."""
    text = f"{number:,.0f}"
    return "0" if text == "-0" else text.replace("-", "\u2212")


def expected_text(a: roi.Assumptions) -> tuple[str, str]:
    r = roi.evaluate(a)
    npv = f"NPV over {a.horizon_years} years: {vega_format(r.npv)}"
    breakeven = (
        f"Break-even in year {r.breakeven_year}"
        if r.breakeven_year
        else f"No break-even within {a.horizon_years} years"
    )
    return npv, breakeven


def on_grid(name):
    low, high, step = FIELDS[name].slider
    return st.integers(0, round((high - low) / step)).map(lambda k: round(low + k * step, 10))


def within_the_programme(values: dict) -> dict:
    """A scenario roi.Assumptions accepts: the dropout year within the programme's full years."""
    last_full_year = max(1, int(values["duration_years"]))
    return {**values, "dropout_year": min(values["dropout_year"], last_full_year)}


grid_scenarios = st.fixed_dictionaries({name: on_grid(name) for name in FIELDS}).map(
    within_the_programme
)


def test_every_field_is_an_input_named_like_it():
    spec = roi_explorer(SELF_FUNDED_COURSEWORK).to_dict()
    names = {p["name"] for p in spec["params"] if "bind" in p}
    assert names == set(roi.FIELD_NAMES) == set(FIELDS)


def test_inputs_are_fine_enough_and_reach_realistic_values():
    for name, field in FIELDS.items():
        low, high, step = field.slider
        assert field.accepts(low) and field.accepts(high), name  # every reachable value is valid
        if name == "duration_years":
            assert step <= 0.25
        elif field.integer:
            assert step == 1
        elif name == "completion_probability" or name == "loan_share":
            assert step <= 0.01
        elif name.endswith(("growth", "rate")):
            assert step <= 0.005
        else:
            assert step <= 500
    for salary in ("baseline_salary", "study_income", "post_salary"):
        assert FIELDS[salary].slider[1] >= 500_000


def test_a_dropout_year_past_the_programme_is_said_and_the_last_full_year_used():
    a = SELF_FUNDED_COURSEWORK.replace(
        duration_years=3.5, completion_probability=0.6, dropout_year=3
    )
    spec = roi_explorer(a).to_dict()
    (chosen,) = [p for p in spec["params"] if p["name"] == "dropout_year"]
    chosen["value"] = 6  # what a reader can set with the slider
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    assert "A non-finisher leaves after year 3, the last full year" in svg
    assert shown(spec) == expected_text(a)
    assert "last full year" not in vlc.vegalite_to_svg(roi_explorer(a).to_dict(), vl_version="6.4")


@pytest.mark.parametrize("name", list(CASES))
def test_worked_cases_match(name):
    assert shown(roi_explorer(CASES[name]).to_dict()) == expected_text(CASES[name])


@settings(max_examples=40, deadline=None)
@given(grid_scenarios)
def test_vega_expressions_match_evaluate(values):
    a = roi.Assumptions(**values)
    got_npv, got_breakeven = shown(roi_explorer(a).to_dict())
    want_npv, want_breakeven = expected_text(a)
    # Equal to the displayed unit, allowing one unit for a value that sits on a rounding edge.
    number = lambda text: int(text.rsplit(": ", 1)[1].replace(",", "").replace("−", "-"))  # noqa: E731
    assert abs(number(got_npv) - number(want_npv)) <= 1
    r = roi.evaluate(a)
    cumulative = r.cashflows["cumulative_discounted"].abs()
    if r.breakeven_year is None or cumulative.min() > 1e-6 * (1 + cumulative.max()):
        assert got_breakeven == want_breakeven


BROWSER_CASES = [
    # fractional duration, growth, tax
    dict(
        duration_years=2.75,
        tuition_per_year=25_000,
        baseline_salary=70_000,
        study_income=10_000,
        post_salary=110_000,
        baseline_growth=0.01,
        post_growth=0.025,
        tax_rate=0.3,
        discount_rate=0.035,
        horizon_years=25,
    ),
    # a loan and dropout
    dict(
        duration_years=3.5,
        tuition_per_year=40_000,
        baseline_salary=60_000,
        study_income=30_000,
        post_salary=95_000,
        loan_share=0.75,
        loan_rate=0.065,
        loan_term_years=12,
        completion_probability=0.7,
        dropout_year=3,
        one_off_fees=5_000,
        extra_costs_per_year=6_000,
        horizon_years=40,
    ),
    # a paid post that never needs to break even, then a case that never does
    dict(
        duration_years=4,
        tuition_per_year=1_000,
        baseline_salary=50_000,
        study_income=55_000,
        post_salary=90_000,
        horizon_years=30,
    ),
    dict(
        duration_years=1.25,
        tuition_per_year=60_000,
        baseline_salary=120_000,
        study_income=0,
        post_salary=121_000,
        horizon_years=15,
        discount_rate=0.07,
    ),
]


@pytest.mark.slow
@pytest.mark.browser
def test_explorer_on_the_built_page_matches_evaluate(built_book, artifacts_dir):
    """Chapter 5's explorer (mmedlearn.static_explorers, which reuses MODEL_EXPRESSIONS) on the
    built page, its inputs typed as a reader types them."""
    require_chromium()
    page_path = "book/chapters/05_investment_and_return.html"
    with serve(built_book) as base_url, browser_context(base_url) as context:
        page, log = open_page(context, base_url, page_path)
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
        for number, case in enumerate(BROWSER_CASES):
            values = {**roi.asdict(SELF_FUNDED_COURSEWORK), **case}
            for name, value in values.items():
                percent = FIELDS[name].kind in ("rate", "probability")
                page.locator(f'.mmed-box[data-name="{name}"]').fill(
                    f"{value * 100:g}" if percent else str(value)
                )
            want_npv, want_breakeven = expected_text(roi.Assumptions(**values))
            chart = page.locator(".mmed-explorer .mmed-chart").first
            chart.locator("text", has_text=want_npv + " USD").wait_for(timeout=10_000)
            assert chart.locator("text", has_text=want_breakeven).count() == 1
            chart.screenshot(path=artifacts_dir / f"chapter5-explorer-case{number + 1}.png")
        assert log.problems() == []
