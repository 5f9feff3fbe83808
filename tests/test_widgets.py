"""Widgets driven as a learner would: change a control, the outputs follow."""

import subprocess
import sys
from pathlib import Path

import pytest

from mmedlearn import charts
from mmedlearn import catalog
from mmedlearn.widgets import ComparisonExplorer

DATA = Path(__file__).parent / "data"


def chart_html(explorer) -> str:
    return explorer.chart_output.outputs[0]["data"]["text/html"]


@pytest.fixture
def explorer():
    return ComparisonExplorer()


def test_starts_with_every_programme_ranked(explorer):
    assert len(explorer.ranked) == len(catalog.load_programs())
    count = len(catalog.load_programs())
    assert f"{count} of {count} programmes match" in explorer.summary.value
    assert explorer.table.value.count("<tr>") == len(explorer.ranked) + 1


def test_filters_change_table_and_chart(explorer):
    table, chart = explorer.table.value, explorer.chart.to_dict()
    explorer.countries.value = ("South Africa",)
    assert set(explorer.ranked["country"]) == {"South Africa"}
    assert explorer.table.value != table and explorer.chart.to_dict() != chart
    assert "Kenya" not in explorer.table.value
    explorer.paid_post.value = ("yes", "unknown")
    assert set(explorer.ranked["paid_post"]) <= {"yes", "unknown"}


def test_weights_reorder_the_ranking(explorer):
    before = list(explorer.ranked.index)
    for name, slider in explorer.weights.items():
        slider.value = 10 if name == "research" else 0
    after = explorer.ranked
    assert list(after.index) != before
    assert after.iloc[0]["research_requirement"] in {"thesis", "dissertation"}


def test_cost_limit_and_currency(explorer):
    assert explorer.max_cost.disabled
    explorer.limit_cost.value = True
    assert not explorer.max_cost.disabled
    explorer.currency.value = "ZAR"
    explorer.max_cost.value = 5000  # UCT's R10,960 is known to exceed it
    assert "uct_family" not in explorer.ranked.index
    assert "In ZAR" in explorer.table.value


def test_all_zero_weights_explain_instead_of_failing(explorer):
    *others, last = explorer.weights.values()
    for slider in others:
        slider.value = 0
    table = explorer.table.value
    last.value = 0
    assert "at least one weight must be above 0" in explorer.summary.value
    assert explorer.table.value == table


def test_hostile_programme_names_stay_text(monkeypatch):
    # The book's HTML renderer writes the chart's data into a <script>: the case to check.
    monkeypatch.setenv(charts.BOOK_BUILD_ENV_VAR, "1")
    assert charts.enable_renderer() == "mmedlearn"
    explorer = ComparisonExplorer(catalog.load_programs(DATA / "good_programs" / "hostile_names.csv"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in explorer.table.value
    assert "<script>alert" not in explorer.table.value and "<img src=x" not in explorer.table.value
    html = chart_html(explorer)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)" in html  # still in the chart's data, escaped for the script
    monkeypatch.delenv(charts.BOOK_BUILD_ENV_VAR)
    assert charts.enable_renderer() == "default"  # a live kernel: the front end draws the spec


def test_importing_the_package_changes_no_global_setting():
    code = ("import altair as alt; before = alt.renderers.active; import mmedlearn.widgets, mmedlearn.roi_charts; "
            "assert alt.renderers.active == before, alt.renderers.active; "
            "import sys, mmedlearn.defaults; print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_reading_the_defaults_loads_no_chart_or_widget_code():
    code = ("import sys, mmedlearn.defaults; "
            "print(sorted(m for m in ('altair', 'ipywidgets', 'mmedlearn.charts') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


# ---------------------------------------------------------------- ROI calculator

from mmedlearn import roi  # noqa: E402
from mmedlearn.cases import PAID_POST, SELF_FUNDED_COURSEWORK  # noqa: E402
from mmedlearn.widgets import ROICalculator  # noqa: E402


@pytest.fixture
def calculator():
    return ROICalculator(SELF_FUNDED_COURSEWORK)


def test_calculator_has_every_field_and_starts_on_the_case(calculator):
    assert set(calculator.inputs) == set(roi.FIELD_NAMES)
    assert calculator.current() == SELF_FUNDED_COURSEWORK
    assert calculator.result.npv == roi.evaluate(SELF_FUNDED_COURSEWORK).npv
    assert f"{calculator.result.npv:,.0f}" in calculator.summary.value
    assert set(calculator.charts) == {"cumulative", "tornado", "simulation"}


def test_calculator_follows_every_change(calculator):
    before = (calculator.result.npv, calculator.charts["cumulative"].to_dict(),
              calculator.sensitivity["npv_low"].tolist(), calculator.simulation.probability_positive)
    calculator.inputs["study_income"].value = 80_000  # keep the salary: a paid post
    after = roi.evaluate(SELF_FUNDED_COURSEWORK.replace(study_income=80_000))
    assert calculator.result.npv == pytest.approx(after.npv) and after.npv > before[0]
    assert calculator.charts["cumulative"].to_dict() != before[1]
    assert calculator.sensitivity["npv_low"].tolist() != before[2]
    assert calculator.simulation.probability_positive >= before[3]
    assert f"{after.npv:,.0f}" in calculator.summary.value


def test_irr_not_defined_is_said_in_words():
    # Paid more while studying than without the degree: the gain is never negative.
    calculator = ROICalculator(PAID_POST.replace(study_income=55_000))
    assert calculator.result.irr is None
    assert "IRR</th><td>not defined" in calculator.summary.value


def test_preset_fills_duration_and_converted_tuition(calculator):
    calculator.currency.value = "USD"
    calculator.preset.value = "uct_family"
    assert calculator.inputs["duration_years"].value == 4
    # R10,960 through the ECB rates of 30 October 2026 (18.6455 ZAR and 1.1172 USD per euro),
    # then snapped by the slider's 500 step.
    expected = 10_960 / 18.6455 * 1.1172
    assert abs(calculator.inputs["tuition_per_year"].value - expected) <= 250
    assert "Length 4 years" in calculator.note.value
    calculator.preset.value = "nairobi_psych"
    assert "Its fee is published in KES, which has no exchange rate to USD here" in calculator.note.value
    assert calculator.inputs["duration_years"].value == 3


def test_a_preset_recomputes_once(calculator, monkeypatch):
    calls = []
    original = roi.simulate
    monkeypatch.setattr(roi, "simulate", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    calculator.preset.value = "uct_family"
    assert len(calls) == 1


def test_simulation_is_reproducible_between_calculators():
    one, two = ROICalculator(SELF_FUNDED_COURSEWORK), ROICalculator(SELF_FUNDED_COURSEWORK)
    assert (one.simulation.npv == two.simulation.npv).all()
