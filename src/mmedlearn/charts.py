"""Altair chart builders: data in, chart out. They never display anything themselves.

Importing this module also selects a chart renderer that is safe for text from data: Altair's
stock HTML output writes the chart's data into an inline <script> with json.dumps, so a
programme named "</script><script>..." would end that script and run its own. Ours escapes
<, > and & inside the JSON (still the same JSON to the parser), and draws SVG so that chart
text is in the page for screen readers and tests.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from mmedlearn.schema import RESEARCH_REQUIREMENTS

# Okabe-Ito colours: distinguishable with the common forms of colour-blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class ScriptSafeJSONEncoder(json.JSONEncoder):
    """JSON that cannot close the <script> element it is written into.

    >>> json.dumps({"name": "</script>"}, cls=ScriptSafeJSONEncoder)
    '{"name": "\\\\u003c/script\\\\u003e"}'
    """

    def encode(self, o) -> str:
        text = super().encode(o)
        for char, escaped in _SCRIPT_UNSAFE.items():
            text = text.replace(char, escaped)
        return text


def _register_renderer() -> None:
    from altair.utils.display import HTMLRenderer

    alt.renderers.register("mmedlearn", HTMLRenderer(
        mode="vega-lite", template="universal", vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION, vegalite_version=alt.VEGALITE_VERSION,
        json_kwds={"cls": ScriptSafeJSONEncoder},
    ))
    # The editor link would send the reader's data to an outside site: keep only exports.
    alt.renderers.enable("mmedlearn", embed_options={
        "renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    })


_register_renderer()


def _known_durations(programs: pd.DataFrame) -> pd.DataFrame:
    return programs.dropna(subset=["duration_min_years"]).assign(
        duration_max_years=lambda t: t["duration_max_years"].fillna(t["duration_min_years"]),
        # Two programmes at one university stay on separate rows.
        label=lambda t: t["institution"] + (" · " + t["specialty"]).fillna(""),
    )


def duration_ranges(programs: pd.DataFrame) -> alt.LayerChart:
    """Each programme's reported duration, as a bar from minimum to maximum years.

    Programmes with no reported duration are left out (not drawn as zero); a programme with
    only a minimum is drawn as a point at that minimum.
    """
    known = _known_durations(programs)
    # A fixed domain keeps each country's colour when the reader filters programmes out.
    countries = sorted(known["country"].unique())
    base = alt.Chart(known).encode(
        y=alt.Y("label:N", sort=alt.SortField("duration_min_years"), title=None,
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("country:N", scale=alt.Scale(domain=countries, range=OKABE_ITO), title="Country"),
        tooltip=[
            alt.Tooltip("institution:N", title="Institution"),
            alt.Tooltip("programme:N", title="Programme"),
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("duration_min_years:Q", title="Minimum (years)"),
            alt.Tooltip("duration_max_years:Q", title="Maximum (years)"),
            alt.Tooltip("research_requirement:N", title="Research"),
        ],
    )
    x = alt.X("duration_min_years:Q", title="Reported duration (years)", scale=alt.Scale(domain=[0, 8]))
    bars = base.mark_bar(height=10).encode(x=x, x2="duration_max_years:Q")
    points = base.mark_point(filled=True, size=70).encode(x=x)
    return (bars + points).properties(
        width="container",
        title="How long each programme takes, as reported by its sources",
        description="Horizontal bars from minimum to maximum reported duration in years, "
        "one per programme with a reported duration, coloured by country.",
    )


#: Names of the static comparison chart's inputs (an input's name attribute in the page).
MAX_DURATION_PARAM = "max_duration_years"
RESEARCH_PARAM = "research_requirement"


def duration_explorer(programs: pd.DataFrame) -> alt.LayerChart:
    """:func:`duration_ranges` with two inputs that filter it in the page, with no kernel:
    the longest duration the reader accepts (compared with each programme's minimum) and the
    research requirement."""
    max_duration = alt.param(
        name=MAX_DURATION_PARAM, value=8,
        bind=alt.binding_range(min=1, max=8, step=0.5, name="Longest acceptable duration (years): "),
    )
    research = alt.param(
        name=RESEARCH_PARAM, value="any",
        bind=alt.binding_select(options=["any", *RESEARCH_REQUIREMENTS], name="Research required: "),
    )
    keep = (f"datum.duration_min_years <= {MAX_DURATION_PARAM} && "
            f"({RESEARCH_PARAM} == 'any' || datum.research_requirement == {RESEARCH_PARAM})")
    chart = duration_ranges(programs)
    chart.layer = [layer.transform_filter(keep) for layer in chart.layer]
    return chart.add_params(max_duration, research).properties(
        description=chart.description + " Two inputs below the chart filter it: the longest "
        "duration you accept and the research requirement.",
    )


CRITERION_LABELS = {"duration": "Shorter duration", "cost": "Lower tuition",
                    "research": "More research", "paid_post": "Paid post"}


def ranking_chart(ranked: pd.DataFrame) -> alt.Chart:
    """The ranked programmes' scores, each bar split into what every criterion contributed.

    ``ranked`` is the output of :func:`mmedlearn.compare.rank_programs`.
    """
    parts = ranked.assign(
        label=lambda t: t["rank"].astype(str) + ". " + t["institution"],
        unknown=lambda t: t["unknown"].map(lambda flags: ", ".join(flags) or "nothing"),
    ).melt(
        id_vars=["label", "rank", "programme", "score", "unknown"],
        value_vars=[f"from_{name}" for name in CRITERION_LABELS], var_name="criterion", value_name="part",
    ).assign(criterion=lambda t: t["criterion"].str.removeprefix("from_").map(CRITERION_LABELS))
    return alt.Chart(parts).mark_bar().encode(
        x=alt.X("sum(part):Q", title="Score (0 to 1)", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", sort=alt.SortField("rank"), title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("criterion:N", title="Criterion", sort=list(CRITERION_LABELS.values()),
                        scale=alt.Scale(domain=list(CRITERION_LABELS.values()), range=OKABE_ITO[:4])),
        tooltip=[alt.Tooltip("label:N", title="Programme"), alt.Tooltip("criterion:N", title="Criterion"),
                 alt.Tooltip("part:Q", title="Adds", format=".2f"),
                 alt.Tooltip("score:Q", title="Score", format=".2f"),
                 alt.Tooltip("unknown:N", title="Unknown (scores 0)")],
    ).properties(
        width="container", title="Ranking by your weights",
        description="Stacked horizontal bars, one per programme in rank order; each bar's "
        "segments show how much each criterion adds to the score from 0 to 1.",
    )
