"""Widgets driven as a learner would: change a control, the outputs follow."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mmedlearn import catalog, charts
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


def test_the_summary_names_the_rates_its_conversions_used(explorer):
    explorer.currency.value = "EUR"
    explorer.countries.value = ("Kenya",)
    # Kenyan fees in euros: the Central Bank of Kenya's rate and its date, not the ECB's.
    assert "Central Bank of Kenya" in explorer.summary.value
    assert "2025-07-24" in explorer.summary.value and "2026-10-30" not in explorer.summary.value
    explorer.countries.value = ("Kenya", "South Africa")
    assert "2025-07-24" in explorer.summary.value and "2026-10-30" in explorer.summary.value
    explorer.currency.value = "KES"
    explorer.countries.value = ("Kenya",)
    assert "Exchange rates: none used (no fee was converted)." in explorer.summary.value


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
    last.value = 0
    assert "at least one weight must be above 0" in explorer.summary.value
    # No ranking made with the previous weights stays beside controls that say otherwise.
    assert explorer.table.value == "" and explorer.chart is None and explorer.ranked.empty
    last.value = 1
    assert explorer.table.value.count("<tr>") == len(explorer.ranked) + 1 > 1


def test_hostile_programme_names_stay_text(monkeypatch):
    # The book's HTML renderer writes the chart's data into a <script>: the case to check.
    monkeypatch.setenv(charts.BOOK_BUILD_ENV_VAR, "1")
    assert charts.enable_renderer() == "mmedlearn"
    explorer = ComparisonExplorer(
        catalog.load_programs(DATA / "good_programs" / "hostile_names.csv")
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in explorer.table.value
    assert "<script>alert" not in explorer.table.value and "<img src=x" not in explorer.table.value
    html = chart_html(explorer)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert (
        "\\u003cscript\\u003ealert(1)" in html
    )  # still in the chart's data, escaped for the script
    monkeypatch.delenv(charts.BOOK_BUILD_ENV_VAR)
    assert (
        charts.enable_renderer() == charts.FRONTEND_RENDERER
    )  # a live kernel: the front end draws it


def test_a_live_kernel_gets_a_vega_lite_bundle_with_no_script():
    # In JupyterLab and Notebook 7 the front end draws this itself: no CDN, works offline.
    code = (
        "from mmedlearn import charts; from mmedlearn.widgets import ComparisonExplorer; "
        "charts.enable_renderer(); out = ComparisonExplorer().chart_output.outputs[0]; "
        "print(sorted(out['data']))"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != charts.BOOK_BUILD_ENV_VAR}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.stdout.strip() == "['application/vnd.vegalite.v5+json', 'text/plain']", (
        result.stderr
    )


def test_the_notebook_bundle_has_a_fixed_width():
    # A container width grows without end in JupyterLab's output area (the page hangs).
    from mmedlearn import roi_charts

    calculator = ROICalculator(SELF_FUNDED_COURSEWORK)
    spec = roi_charts.tornado_chart(calculator.sensitivity, "USD").to_dict()
    assert '"container"' in json.dumps(spec)
    bundle, _ = charts.frontend_renderer(spec)
    sent = json.dumps(bundle[charts.FRONTEND_MIMETYPE])
    assert '"container"' not in sent and f'"width": {charts.FRONTEND_WIDTH}' in sent
    assert "$schema" not in bundle[charts.FRONTEND_MIMETYPE]


def test_importing_the_package_changes_no_global_setting():
    code = (
        "import altair as alt; before = alt.renderers.active; import mmedlearn.widgets, mmedlearn.roi_charts; "
        "assert alt.renderers.active == before, alt.renderers.active; "
        "import sys, mmedlearn.defaults; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_reading_the_defaults_loads_no_chart_or_widget_code():
    code = (
        "import sys, mmedlearn.defaults; "
        "print(sorted(m for m in ('altair', 'ipywidgets', 'mmedlearn.charts') if m in sys.modules))"
    )
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
    before = (
        calculator.result.npv,
        calculator.charts["cumulative"].to_dict(),
        calculator.sensitivity["npv_low"].tolist(),
        calculator.simulation.probability_positive,
    )
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
    # to the whole dollar that the note states; no slider step changes it.
    expected = round(10_960 / 18.6455 * 1.1172)
    assert (
        calculator.inputs["tuition_per_year"].value
        == expected
        == calculator.current().tuition_per_year
    )
    assert f"Tuition {expected:,} USD" in calculator.note.value
    assert "Length 4 years" in calculator.note.value
    calculator.preset.value = "nairobi_psych"
    # 300,000 KES through the Central Bank of Kenya's indicative rate of 24 July 2025
    # (152.2479 KES per euro) and the ECB's dollar rate: the note names both dates.
    expected = round(300_000 / 152.2479 * 1.1172)
    assert calculator.current().tuition_per_year == expected
    assert f"Tuition {expected:,} USD a year, converted from 300,000 KES" in calculator.note.value
    assert "Central Bank of Kenya" in calculator.note.value
    assert "2025-07-24" in calculator.note.value and "2026-10-30" in calculator.note.value
    assert calculator.inputs["duration_years"].value == 3


def test_a_fee_without_a_rate_keeps_your_tuition():
    calculator = ROICalculator(SELF_FUNDED_COURSEWORK, rates=RATES.drop("KES"), currency="USD")
    calculator.preset.value = "nairobi_psych"
    assert (
        "Its fee is published in KES, which has no exchange rate to USD here"
        in calculator.note.value
    )
    assert calculator.current().tuition_per_year == SELF_FUNDED_COURSEWORK.tuition_per_year


def test_a_preset_recomputes_once(calculator, monkeypatch):
    calls = []
    original = roi.simulate
    monkeypatch.setattr(
        roi, "simulate", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs)
    )
    calculator.preset.value = "uct_family"
    assert len(calls) == 1


def test_simulation_is_reproducible_between_calculators():
    one, two = ROICalculator(SELF_FUNDED_COURSEWORK), ROICalculator(SELF_FUNDED_COURSEWORK)
    assert (one.simulation.npv == two.simulation.npv).all()


# ---------------------------------------------------------------- exactly what is shown

import html  # noqa: E402
import math  # noqa: E402

import pandas as pd  # noqa: E402

from mmedlearn.compare import load_exchange_rates  # noqa: E402
from mmedlearn.fields import FIELDS  # noqa: E402

RATES = load_exchange_rates()
MONEY = [name for name, field in FIELDS.items() if field.kind == "money"]


def test_an_unknown_currency_is_an_error_not_a_fallback():
    with pytest.raises(ValueError, match="no exchange rate for 'XYZ'; known: EUR, USD"):
        ROICalculator(currency="XYZ")
    with pytest.raises(ValueError, match="no exchange rate for 'XYZ'"):
        ComparisonExplorer(currency="XYZ")


def test_the_readmes_rand_salary_is_used_as_given():
    # README: `mmedlearn roi --program uct_family --baseline-salary 600000 ...` in ZAR.
    start = SELF_FUNDED_COURSEWORK.replace(
        baseline_salary=600_000, post_salary=900_000, study_income=600_000
    )
    calculator = ROICalculator(start, currency="ZAR")
    for name in ("baseline_salary", "post_salary", "study_income"):
        assert calculator.inputs[name].value == getattr(start, name)
        assert calculator.sliders[name].value == getattr(start, name)
        # The range follows the currency: the rand slider reaches far past the dollar one.
        assert calculator.sliders[name].max >= 500_000 * 18.6455 / 1.1172
    assert calculator.current() == start
    assert calculator.result.npv == roi.evaluate(start).npv


def test_a_typed_value_beyond_the_slider_is_used_and_the_slider_widens(calculator):
    top = calculator.sliders["post_salary"].max
    calculator.inputs["post_salary"].value = top + 123_456.78
    assert calculator.current().post_salary == top + 123_456.78
    assert calculator.sliders["post_salary"].max >= top + 123_456.78
    assert calculator.sliders["post_salary"].value == top + 123_456.78
    expected = roi.evaluate(SELF_FUNDED_COURSEWORK.replace(post_salary=top + 123_456.78)).npv
    assert calculator.result.npv == pytest.approx(expected)


def test_a_value_off_the_slider_step_is_not_snapped(calculator):
    calculator.inputs["discount_rate"].value = 0.0337
    assert calculator.current().discount_rate == 0.0337
    assert calculator.result.npv == pytest.approx(
        roi.evaluate(SELF_FUNDED_COURSEWORK.replace(discount_rate=0.0337)).npv
    )


@pytest.mark.parametrize(
    "name, value, says",
    [
        ("tax_rate", 1.3, "tax_rate: must be ≥ 0 and < 1; got 1.3"),
        ("horizon_years", 30.5, "horizon_years: must be a whole number"),
        ("tuition_per_year", -5, "tuition_per_year: must be ≥ 0 and ≤ 1,000,000,000,000; got -5"),
        ("duration_years", math.nan, "duration_years: must be > 0 and ≤ 10; got nan"),
    ],
)
def test_an_invalid_value_is_refused_with_a_message_not_changed(calculator, name, value, says):
    calculator.inputs[name].value = value
    assert calculator.inputs[name].value == value or math.isnan(value)  # left as typed
    assert (
        "role='alert'" in calculator.summary.value and html.escape(says) in calculator.summary.value
    )
    # Nothing computed from other numbers stays on screen.
    assert calculator.result is None and calculator.charts == {}
    assert all(output.outputs == () for output in calculator.outputs.values())
    calculator.inputs[name].value = getattr(SELF_FUNDED_COURSEWORK, name)
    assert calculator.result.npv == roi.evaluate(SELF_FUNDED_COURSEWORK).npv


def test_a_currency_change_converts_every_amount(calculator):
    usd = calculator.current()
    npv_usd = calculator.result.npv
    calculator.currency.value = "ZAR"
    factor = RATES["ZAR"] / RATES["USD"]
    for name in MONEY:
        assert calculator.inputs[name].value == round(getattr(usd, name) * factor), name
    for name in set(FIELDS) - set(MONEY):
        assert calculator.inputs[name].value == getattr(usd, name), name
    # The same scenario in another unit: the NPV scales with it (up to whole-rand rounding).
    assert calculator.result.npv == pytest.approx(npv_usd * factor, rel=1e-4)
    assert "ZAR" in calculator.summary.value and "USD" not in calculator.summary.value


def test_a_preset_follows_every_currency_change(calculator):
    calculator.preset.value = "uct_family"
    calculator.currency.value = "ZAR"  # UCT publishes its fee in rand: exactly R10,960
    assert calculator.current().tuition_per_year == 10_960
    assert "Tuition 10,960 ZAR a year (" in calculator.note.value
    assert "2015 fee, " in calculator.note.value
    calculator.currency.value = "EUR"
    assert calculator.current().tuition_per_year == round(10_960 / RATES["ZAR"])
    assert "EUR" in calculator.note.value and "ZAR a year." not in calculator.note.value


def test_a_shilling_preset_uses_the_fee_it_states():
    # The case: a rates file that knows UGX (the shipped one, since the Bank of
    # Uganda's rate was added), a fee of 4,070,000 UGX a year.
    assert "UGX" in RATES.index
    calculator = ROICalculator(SELF_FUNDED_COURSEWORK, rates=RATES, currency="UGX")
    calculator.preset.value = "must_im"
    # Review items 7 and 8: who the fee is for, and that its source gives no year.
    assert (
        "Tuition 4,070,000 UGX a year (for Ugandan students; the source gives no year for "
        "this fee)." in calculator.note.value
    )
    assert calculator.current().tuition_per_year == 4_070_000
    assert calculator.sliders["tuition_per_year"].value == 4_070_000


def test_one_update_per_change(calculator):
    before = calculator.updates
    calculator.preset.value = "uct_family"
    calculator.currency.value = "ZAR"
    calculator.inputs["post_salary"].value = 2_000_000
    calculator.sliders["tax_rate"].value = 0.2  # a drag
    assert calculator.inputs["tax_rate"].value == 0.2
    assert calculator.updates - before == 4


def test_a_file_without_maximum_durations_lists_every_programme(tmp_path):
    # The catalogue as one flat file (an instructor's own layout), with no maximum anywhere.
    flat = io.StringIO(catalog.flat_csv(catalog.load_programs()))
    table = pd.read_csv(flat, dtype=str, keep_default_na=False)
    table["duration_max_years"] = ""
    path = tmp_path / "no_maximum.csv"
    table.to_csv(path, index=False)
    programs = catalog.load_programs(path)
    explorer = ComparisonExplorer(programs)
    assert math.isfinite(explorer.max_duration.max)
    assert explorer.max_duration.max >= programs["duration_min_years"].max()
    assert len(explorer.ranked) == len(programs)
    assert f"{len(programs)} of {len(programs)} programmes match" in explorer.summary.value
    table["duration_min_years"] = ""
    table.to_csv(path, index=False)
    explorer = ComparisonExplorer(catalog.load_programs(path))
    assert explorer.max_duration.max == 10 and len(explorer.ranked) == len(table)


def test_the_cost_limit_keeps_its_meaning_across_currencies(explorer):
    explorer.limit_cost.value = True
    explorer.max_cost.value = 1_000
    before = explorer.updates
    explorer.currency.value = "ZAR"
    assert explorer.updates == before + 1
    assert explorer.max_cost.value == round(1_000 * RATES["ZAR"] / RATES["USD"])
    explorer.max_cost.value = -1
    assert explorer.max_cost.value == -1  # not clamped to 0
    assert "tuition limit must be a number ≥ 0; got -1" in explorer.summary.value
    assert explorer.table.value == ""


def test_a_preset_takes_one_off_fees_and_flags_illustrative_salaries(calculator):
    """Review items 2 and 3: the programme's one-off fees are converted like its tuition; after
    a preset or a currency change the salaries still at the starting case are flagged, and
    income while studying above the salary without the degree is warned of."""
    assert "illustrative" not in calculator.note.value  # nothing converted yet
    calculator.currency.value = "KES"
    calculator.preset.value = "nairobi_psych"
    programme = catalog.load_programs().loc["nairobi_psych"]
    assert calculator.current().one_off_fees == programme["one_off_fees"]
    note = html.unescape(calculator.note.value)
    assert f"One-off fees {programme['one_off_fees']:,.0f} KES in year 1" in note
    labels = ", ".join(FIELDS[n].label for n in ("baseline_salary", "study_income", "post_salary"))
    assert (
        f"Salaries are still the starting case's, in USD, converted: enter your own ({labels})."
        in note
    )
    calculator.inputs["baseline_salary"].value = 1_800_000  # the learner's own salary
    note = html.unescape(calculator.note.value)
    assert "enter your own (Income while studying, Salary after the degree)." in note
    calculator.inputs["study_income"].value = 2_000_000
    note = html.unescape(calculator.note.value)
    assert (
        "Income while studying (2,000,000 KES) is more than the salary without the degree "
        "(1,800,000 KES)" in note
    )
    assert calculator.current().baseline_salary == 1_800_000  # the learner's numbers are kept
    calculator.inputs["study_income"].value = 1_000_000
    assert "Income while studying (" not in html.unescape(calculator.note.value)
