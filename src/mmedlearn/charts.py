"""Altair chart builders: data in, chart out. They never display anything themselves."""

from __future__ import annotations

import altair as alt
import pandas as pd

# Okabe-Ito colours: distinguishable with the common forms of colour-blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def duration_ranges(programs: pd.DataFrame) -> alt.Chart:
    """Each programme's reported duration, as a bar from minimum to maximum years.

    Programmes with no reported duration are left out (not drawn as zero); a programme with
    only a minimum is drawn as a point at that minimum.
    """
    known = programs.dropna(subset=["duration_min_years"]).assign(
        duration_max_years=lambda t: t["duration_max_years"].fillna(t["duration_min_years"]),
        # Two programmes at one university stay on separate rows.
        label=lambda t: t["institution"] + (" · " + t["specialty"]).fillna(""),
    )
    base = alt.Chart(known).encode(
        y=alt.Y("label:N", sort=alt.SortField("duration_min_years"), title=None,
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("country:N", scale=alt.Scale(range=OKABE_ITO), title="Country"),
        tooltip=[
            alt.Tooltip("institution:N", title="Institution"),
            alt.Tooltip("programme:N", title="Programme"),
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("duration_min_years:Q", title="Minimum (years)"),
            alt.Tooltip("duration_max_years:Q", title="Maximum (years)"),
            alt.Tooltip("research_requirement:N", title="Research"),
        ],
    )
    bars = base.mark_bar(height=10).encode(
        x=alt.X("duration_min_years:Q", title="Reported duration (years)", scale=alt.Scale(domain=[0, 8])),
        x2="duration_max_years:Q",
    )
    points = base.mark_point(filled=True, size=70).encode(x="duration_min_years:Q")
    return (bars + points).properties(
        width="container",
        title="How long each programme takes, as reported by its sources",
        description="Horizontal bars from minimum to maximum reported duration in years, "
        "one per programme with a reported duration, coloured by country.",
    )
