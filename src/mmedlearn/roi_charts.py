"""Altair charts of the ROI model: builders that return charts, never display them.

:func:`roi_explorer` is the kernel-free explorer of chapter 5: every ``Assumptions`` field
is a bound parameter *of the same name*, and Vega expressions compute docs/roi-model.md in the
reader's browser (``docs/roi-model.md``, version 2). ``tests/test_roi_explorer.py`` holds those expressions against
:func:`mmedlearn.roi.evaluate`, in vl-convert and in Chromium.
"""

from __future__ import annotations

from dataclasses import asdict

import altair as alt
import numpy as np
import pandas as pd

from mmedlearn.charts import LABEL_LIMIT, LEGEND_LABEL_LIMIT, LEGEND_WRAP, OKABE_ITO, fitted_title
from mmedlearn.fields import FIELDS, MAX_HORIZON, FieldError
from mmedlearn.roi import Assumptions, Result, Simulation

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION = OKABE_ITO[:6]
MONEY = "money of today, in the one currency you use"


def _annuity_expression(principal: str) -> str:
    """Vega expression of the equal annual payment repaying ``principal`` (see roi._annuity)."""
    return (
        f"loan_rate == 0 ? {principal} / loan_term_years : "
        f"{principal} * loan_rate / (1 - pow(1 + loan_rate, -loan_term_years))"
    )


#: docs/roi-model.md as Vega expressions, one per term, in order. ``datum.year`` is t.
MODEL_EXPRESSIONS: dict[str, str] = {
    "last_study_year": "ceil(duration_years)",
    "share": "clamp(duration_years - (datum.year - 1), 0, 1)",
    "baseline": "baseline_salary * pow(1 + baseline_growth, datum.year - 1)",
    "post": "post_salary * pow(1 + post_growth, max(0, datum.year - datum.last_study_year - 1))",
    "degree": "datum.share * study_income + (1 - datum.share) * datum.post",
    "costs": (
        "datum.share * (tuition_per_year * (1 - loan_share) + extra_costs_per_year)"
        " + (datum.year == 1 ? one_off_fees : 0)"
    ),
    # Balance owed when study ends: full years' draws accrue for (c - t) years (a geometric
    # series), the last (possibly part) year's draw accrues nothing.
    "last_share": "duration_years - (datum.last_study_year - 1)",
    "balance": (
        "tuition_per_year * loan_share * ((loan_rate == 0 ? datum.last_study_year - 1 : "
        "(1 + loan_rate) * (pow(1 + loan_rate, datum.last_study_year - 1) - 1) / loan_rate)"
        " + datum.last_share)"
    ),
    "loan": (
        f"(datum.year >= datum.last_study_year + 1 && "
        f"datum.year <= datum.last_study_year + loan_term_years) ? "
        f"({_annuity_expression('datum.balance')}) : 0"
    ),
    # A non-finisher leaves after year d; a d beyond the programme's last full year cannot
    # happen (roi.Assumptions refuses it), so the page uses the last full year and says so.
    "leaves_after": "min(dropout_year, max(1, floor(duration_years)))",
    # Draws of years 1 … d accrue to the end of year d: a geometric series again.
    "dropout_balance": (
        "tuition_per_year * loan_share * min(1, duration_years) * (loan_rate == 0 ? "
        "datum.leaves_after : (pow(1 + loan_rate, datum.leaves_after) - 1) / loan_rate)"
    ),
    "dropout_loan": (
        f"(datum.year >= datum.leaves_after + 1 && "
        f"datum.year <= datum.leaves_after + loan_term_years) ? "
        f"({_annuity_expression('datum.dropout_balance')}) : 0"
    ),
    # Expected over finishing (p) and leaving after year d (back to the baseline).
    "expected_degree": (
        "datum.year <= datum.leaves_after ? datum.degree : completion_probability * datum.degree"
        " + (1 - completion_probability) * datum.baseline"
    ),
    "expected_costs": "datum.year <= datum.leaves_after ? datum.costs : completion_probability * datum.costs",
    "expected_loan": "completion_probability * datum.loan + (1 - completion_probability) * datum.dropout_loan",
    "net_flow": (
        "(1 - tax_rate) * (datum.expected_degree - datum.baseline)"
        " - datum.expected_costs - datum.expected_loan"
    ),
    "discounted": "datum.net_flow / pow(1 + discount_rate, datum.year)",
    "abs_discounted": "abs(datum.discounted)",
}


def _input(name: str, value: float) -> alt.Parameter:
    low, high, step = FIELDS[name].slider
    return alt.param(
        name=name,
        value=value,
        bind=alt.binding_range(min=low, max=high, step=step, name=FIELDS[name].label + " "),
    )


def roi_explorer(start: Assumptions) -> alt.LayerChart:
    """The cumulative discounted gain of an MMed, recomputed in the page as inputs move.

    Inputs start at ``start``; each is named exactly like its ``Assumptions`` field.
    """
    values = asdict(start)
    for name, field in FIELDS.items():
        low, high, _ = field.slider
        if not low <= values[name] <= high:
            raise FieldError(
                name, f"the explorer's input runs from {low:g} to {high:g}; got {values[name]:g}"
            )
    params = [_input(name, values[name]) for name in FIELDS]
    model = alt.Chart(alt.sequence(1, MAX_HORIZON + 1, as_="year")).transform_filter(
        "datum.year <= horizon_years"
    )
    for name, expression in MODEL_EXPRESSIONS.items():
        model = model.transform_calculate(**{name: expression})
    model = (
        model.transform_window(
            cumulative="sum(discounted)",
            sort=[alt.SortField("year")],
            frame=[None, 0],
        )
        .transform_window(
            # the lowest cumulative value from this year on: ≥ 0 means "stays ≥ 0 through H"
            future_min="min(cumulative)",
            sort=[alt.SortField("year")],
            frame=[0, None],
        )
        .transform_joinaggregate(npv="sum(discounted)", scale="sum(abs_discounted)")
        .transform_calculate(
            breakeven_candidate="datum.future_min >= -1e-9 * (1 + datum.scale) ? datum.year : null",
        )
        .transform_joinaggregate(breakeven_year="min(breakeven_candidate)")
    )

    x = alt.X(
        "year:Q",
        title="Year from the start of study",
        scale=alt.Scale(nice=False),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    line = model.mark_line(
        color=BLUE, strokeWidth=3, point=alt.OverlayMarkDef(color=BLUE, size=30)
    ).encode(
        x=x,
        y=alt.Y(
            "cumulative:Q",
            title=["Cumulative discounted gain", f"({MONEY})"],
            axis=alt.Axis(format="~s"),
        ),
        tooltip=[
            alt.Tooltip("year:Q", title="Year"),
            alt.Tooltip("net_flow:Q", title="Net gain that year", format=",.0f"),
            alt.Tooltip("cumulative:Q", title="Cumulative, discounted", format=",.0f"),
        ],
    )
    zero = alt.Chart().mark_rule(color="#555555", aria=False).encode(y=alt.datum(0))
    breakeven = (
        model.transform_filter("datum.year == datum.breakeven_year")
        .mark_rule(color=VERMILION, strokeDash=[6, 4], strokeWidth=2, aria=False)
        .encode(x=x)
    )
    summary = model.transform_filter("datum.year == horizon_years").transform_calculate(
        npv_text="'NPV over ' + horizon_years + ' years: ' + format(datum.npv, ',.0f')",
        breakeven_text=(
            "datum.breakeven_year == null ? 'No break-even within ' + horizon_years + ' years'"
            " : 'Break-even in year ' + datum.breakeven_year"
        ),
    )
    npv_text = summary.mark_text(
        align="left",
        baseline="top",
        x=8,
        y=8,
        fontWeight="bold",
        fontSize=alt.ExprRef(expr="containerSize()[0] < 400 ? 11 : 15"),
        color="#222222",
    ).encode(text="npv_text:N")
    breakeven_text = summary.mark_text(
        align="left", baseline="top", x=8, y=30, fontSize=13, color="#222222"
    ).encode(text="breakeven_text:N")
    # Said, not silently changed: a dropout year past the programme's last full year.
    dropout_text = (
        summary.transform_filter("dropout_year > datum.leaves_after")
        .transform_calculate(
            dropout_text="'A non-finisher leaves after year ' + datum.leaves_after + ', the last full year'",
        )
        .mark_text(align="left", baseline="top", x=8, y=50, fontSize=13, color="#222222")
        .encode(text="dropout_text:N")
    )
    return (
        alt.layer(zero, line, breakeven, npv_text, breakeven_text, dropout_text)
        .add_params(*params)
        .properties(
            width="container",
            height=340,
            title=fitted_title(
                "What an MMed adds up to, year by year",
                subtitle="Move the inputs below the chart; the dashed line marks the break-even year.",
            ),
            description=(
                "Line chart of the cumulative discounted gain of the MMed path over the path "
                "without it, by year. The NPV and the break-even year are written in the chart's "
                "top left corner; inputs below the chart change every assumption."
            ),
        )
    )


def _year_axis() -> alt.X:
    return alt.X(
        "year:Q", title="Year from the start of study", axis=alt.Axis(tickMinStep=1, format="d")
    )


def _cumulative_axis(money: str) -> alt.Y:
    return alt.Y(
        "cumulative_discounted:Q",
        title=f"Cumulative discounted gain ({money})",
        axis=alt.Axis(format="~s"),
    )


def cumulative_chart(result: Result, currency: str = "") -> alt.LayerChart:
    """The same picture as :func:`roi_explorer`, drawn from a computed :class:`Result`."""
    money = f"{currency}, money of today" if currency else MONEY
    flows = result.cashflows.assign(breakeven=result.breakeven_year)
    line = (
        alt.Chart(flows)
        .mark_line(color=BLUE, strokeWidth=3, point=alt.OverlayMarkDef(color=BLUE))
        .encode(
            x=_year_axis(),
            y=_cumulative_axis(money),
            tooltip=[
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip("net_flow:Q", title="Net gain that year", format=",.0f"),
                alt.Tooltip(
                    "cumulative_discounted:Q", title="Cumulative, discounted", format=",.0f"
                ),
            ],
        )
    )
    layers = [alt.Chart().mark_rule(color="#555555", aria=False).encode(y=alt.datum(0)), line]
    if result.breakeven_year:
        layers.append(
            alt.Chart()
            .mark_rule(color=VERMILION, strokeDash=[6, 4], strokeWidth=2, aria=False)
            .encode(x=alt.datum(result.breakeven_year))
        )
    return alt.layer(*layers).properties(
        width="container",
        height=280,
        title="Cumulative discounted gain",
        description="Line chart of the cumulative discounted gain by year; a dashed line marks "
        "the break-even year if there is one.",
    )


def tornado_chart(table: pd.DataFrame, currency: str = "") -> alt.Chart:
    """Bars from the NPV with each field low to the NPV with it high (``roi.sensitivity``)."""
    money = f"{currency}, money of today" if currency else MONEY
    moved = table[table["swing"] > 0].assign(
        low=lambda t: t[["npv_low", "npv_high"]].min(axis=1),
        high=lambda t: t[["npv_low", "npv_high"]].max(axis=1),
        direction=lambda t: np.where(
            t["npv_high"] >= t["npv_low"], "Raising it raises the NPV", "Raising it lowers the NPV"
        ),
    )
    return (
        alt.Chart(moved)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                sort=alt.SortField("swing", order="descending"),
                title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            x=alt.X(
                "low:Q",
                title=["NPV when the input moves ±20 %", f"({money})"],
                axis=alt.Axis(format="~s"),
            ),
            x2="high:Q",
            color=alt.Color(
                "direction:N",
                title=None,
                scale=alt.Scale(
                    domain=["Raising it raises the NPV", "Raising it lowers the NPV"],
                    range=[BLUE, ORANGE],
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Input"),
                alt.Tooltip("low_value:Q", title="Low value", format=",.3~f"),
                alt.Tooltip("high_value:Q", title="High value", format=",.3~f"),
                alt.Tooltip("npv_low:Q", title="NPV at low", format=",.0f"),
                alt.Tooltip("npv_high:Q", title="NPV at high", format=",.0f"),
            ],
        )
        .properties(
            width="container",
            title=fitted_title("Which assumptions matter most"),
            description="Horizontal bars, one per input, from the NPV with the input 20 % lower "
            "to the NPV with it 20 % higher, longest first.",
        )
    )


def npv_distribution_chart(simulation: Simulation, currency: str = "") -> alt.LayerChart:
    """Histogram of simulated NPVs with zero marked and P(NPV > 0) in the title."""
    money = f"{currency}, money of today" if currency else MONEY
    samples = pd.DataFrame(
        {
            "npv": simulation.npv,
            "side": np.where(simulation.npv > 0, "NPV above 0", "NPV 0 or below"),
        }
    )
    bars = (
        alt.Chart(samples)
        .mark_bar()
        .encode(
            x=alt.X(
                "npv:Q", bin=alt.Bin(maxbins=40), title=f"NPV ({money})", axis=alt.Axis(format="~s")
            ),
            y=alt.Y("count():Q", title="Simulated cases"),
            color=alt.Color(
                "side:N",
                title=None,
                scale=alt.Scale(domain=["NPV above 0", "NPV 0 or below"], range=[BLUE, ORANGE]),
            ),
        )
    )
    zero = (
        alt.Chart().mark_rule(color="#222222", strokeDash=[4, 3], aria=False).encode(x=alt.datum(0))
    )
    return alt.layer(bars, zero).properties(
        width="container",
        height=220,
        title=fitted_title(
            f"Chance that the MMed pays off: {simulation.probability_positive:.0%} of "
            f"{len(simulation.npv):,} simulated cases"
        ),
        description="Histogram of simulated NPVs; bars above zero in blue, at or below zero in orange.",
    )


def cases_chart(
    results: dict[str, Result],
    currency: str = "",
    title: str = "The illustrative cases, year by year",
) -> alt.LayerChart:
    """Cumulative discounted gain of several cases (or programmes) on one chart, one colour
    and one dash pattern each."""
    money = f"{currency}, money of today" if currency else MONEY
    frames = [result.cashflows.assign(case=name) for name, result in results.items()]
    data = pd.concat(frames, ignore_index=True)
    names = list(results)
    line = (
        alt.Chart(data)
        .mark_line(strokeWidth=3, point=True)
        .encode(
            x=_year_axis(),
            y=_cumulative_axis(money),
            color=alt.Color(
                "case:N",
                title=None,
                scale=alt.Scale(domain=names, range=[ORANGE, BLUE, *OKABE_ITO[2:]]),
                legend=alt.Legend(
                    orient="bottom",
                    direction="vertical",
                    labelLimit=LEGEND_LABEL_LIMIT,
                    labelExpr=LEGEND_WRAP,
                ),
            ),
            # Dashes too, so the lines stay apart in grey print and for colour-blind readers.
            strokeDash=alt.StrokeDash(
                "case:N",
                scale=alt.Scale(domain=names, range=[[6, 3], [1, 0], [2, 2], [8, 2, 2, 2], [4, 4]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("case:N", title="Case"),
                alt.Tooltip("year:Q", title="Year"),
                alt.Tooltip(
                    "cumulative_discounted:Q", title="Cumulative, discounted", format=",.0f"
                ),
            ],
        )
    )
    zero = alt.Chart().mark_rule(color="#555555", aria=False).encode(y=alt.datum(0))
    return alt.layer(zero, line).properties(
        width="container",
        height=300,
        title=fitted_title(title),
        description="Lines of cumulative discounted gain by year, one per case, "
        "distinguished by colour and by dash pattern.",
    )
