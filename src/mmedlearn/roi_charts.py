"""Altair charts of the ROI model: builders that return charts, never display them.

The model itself is never written here: chapter 5's in-page explorer computes with the
JavaScript generated from :mod:`mmedlearn.model` (see ``mmedlearn.static_explorers``), and
these builders only draw results that :mod:`mmedlearn.roi` computed.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from mmedlearn.charts import LABEL_LIMIT, LEGEND_LABEL_LIMIT, LEGEND_WRAP, OKABE_ITO, fitted_title
from mmedlearn.roi import Result, Simulation

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION = OKABE_ITO[:6]
MONEY = "money of today, in the one currency you use"


def _year_axis() -> alt.X:
    return alt.X(
        "year:Q", title="Year from the start of study", axis=alt.Axis(tickMinStep=1, format="d")
    )


def _cumulative_axis(money: str, lines: bool = False) -> alt.Y:
    title = ["Cumulative", "discounted gain", f"({money})"] if lines else None
    return alt.Y(
        "cumulative_discounted:Q",
        title=title or f"Cumulative discounted gain ({money})",
        axis=alt.Axis(format="~s"),
    )


def cumulative_chart(result: Result, currency: str = "") -> alt.LayerChart:
    """The cumulative discounted gain year by year, drawn from a computed :class:`Result`."""
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
    short: bool = False,
) -> alt.LayerChart:
    """Cumulative discounted gain of several cases (or programmes) on one chart, one colour
    and one dash pattern each. ``short``: a chart too low for the y title on one line (the
    printed handout's) writes it on three lines."""
    money = f"{currency}, money of today" if currency else MONEY
    frames = [result.cashflows.assign(case=name) for name, result in results.items()]
    data = pd.concat(frames, ignore_index=True)
    names = list(results)
    line = (
        alt.Chart(data)
        .mark_line(strokeWidth=3, point=True)
        .encode(
            x=_year_axis(),
            y=_cumulative_axis(money, lines=short),
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
