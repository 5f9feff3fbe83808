"""What a page says agrees with itself (issue 24): a chart's details give the same duration as
the tables (Sydney's and Pretoria's maximum, which no source gives, was the minimum again in
the chart), and amounts are written one way (3430 beside 3,593 in one table)."""

import pandas as pd

from mmedlearn import catalog, charts
from mmedlearn.tables import MISSING, present


def chart_rows(chart) -> pd.DataFrame:
    """The rows a layered chart draws (Altair keeps data its layers share on the chart)."""
    return chart.data if isinstance(chart.data, pd.DataFrame) else chart.layer[0].data


def tooltip_field(chart, title: str) -> str:
    """The field a chart's details show under a title (what a tap shows, js/chart-details.js)."""
    spec = chart.to_dict()
    tooltips = spec.get("encoding", {}).get("tooltip") or spec["layer"][0]["encoding"]["tooltip"]
    return next(t["field"] for t in tooltips if t["title"] == title)


def test_the_duration_chart_details_say_what_the_tables_say():
    programs = catalog.load_programs()
    chart = charts.duration_ranges(programs)
    rows = chart_rows(chart).set_index("program_id")
    shown = tooltip_field(chart, "Duration (years)")
    table = present(programs, ["program_id", "duration_min_years", "duration_max_years"])
    cells = {row[0]: row[1:] for row in table.cells}
    assert {"usyd_ccm", "pretoria_fammed"} <= set(rows.index)
    for key, row in rows.iterrows():
        low, high = cells[key]
        given = [value for value in (low, high) if value != MISSING]
        expected = given[0] if len(set(given)) == 1 else f"{low}\u2013{high}"
        assert row[shown] == expected, key
    # The two the reader found: no source gives a maximum, and the details invent none.
    for key in ("usyd_ccm", "pretoria_fammed"):
        assert pd.isna(programs.loc[key, "duration_max_years"]) and cells[key][1] == MISSING
        assert rows.loc[key, shown] == cells[key][0]


def test_the_bars_still_end_at_the_longest_reported_duration():
    programs = catalog.load_programs()
    chart = charts.duration_ranges(programs)
    rows = chart_rows(chart).set_index("program_id")
    ends = chart.to_dict()["layer"][0]["encoding"]["x2"]["field"]
    expected = programs["duration_max_years"].fillna(programs["duration_min_years"])
    assert (rows[ends] == expected.loc[rows.index]).all()


def test_amounts_have_thousands_separators_and_years_do_not():
    frame = pd.DataFrame(
        {
            "tuition_per_year": [3430.0, 3593.3, 950.0, 1_234_567.0],
            "fee_year": [2024.0, 2025.0, None, 2023.0],
        }
    )
    assert present(frame).cells == [
        ["3,430", "2024"],
        ["3,593", "2025"],
        ["950", MISSING],
        ["1,234,567", "2023"],
    ]
