"""Widgets driven as a learner would: change a control, the outputs follow."""

from pathlib import Path

import pytest

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
    assert "15 of 15 programmes match" in explorer.summary.value
    assert explorer.table.value.count("<tr>") == len(explorer.ranked) + 1


def test_filters_change_table_and_chart(explorer):
    table, chart = explorer.table.value, explorer.chart.to_dict()
    explorer.countries.value = ("South Africa",)
    assert set(explorer.ranked["country"]) == {"South Africa"}
    assert explorer.table.value != table and explorer.chart.to_dict() != chart
    assert "Kenya" not in explorer.table.value
    explorer.paid_post_only.value = True
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


def test_hostile_programme_names_stay_text():
    explorer = ComparisonExplorer(catalog.load_programs(DATA / "good_programs" / "hostile_names.csv"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in explorer.table.value
    assert "<script>alert" not in explorer.table.value and "<img src=x" not in explorer.table.value
    html = chart_html(explorer)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)" in html  # still in the chart's data, escaped for the script
