"""Altair chart builders: data in, chart out. They never display anything themselves.

Importing this module changes nothing; a notebook calls :func:`enable_renderer` once. In the
book's build it selects a renderer that is safe for text from data: Altair's stock HTML
output writes the chart's data into an inline <script> with json.dumps, so a programme named
"</script><script>..." would end that script and run its own. Ours escapes <, > and & inside
the JSON (still the same JSON to the parser), uses the book's own copies of Vega, and draws
SVG so that chart text is in the page for screen readers and tests.
"""

from __future__ import annotations

import json
import os
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from mmedlearn.schema import RESEARCH_REQUIREMENTS

# Long category labels (institutions, routes) leave no room for the plot on a phone: the
# space they may take follows the width of the chart's container.
LABEL_LIMIT = alt.ExprRef(
    expr="containerSize()[0] < 400 ? 96 : containerSize()[0] < 560 ? 120 : 320"
)
# Charts narrower than this (a phone) change their layout.
NARROW = "containerSize()[0] < 560"
# A legend under the plot starts where the plot does, after the category labels: its labels
# may take what is left of the width (vega-embed's menu takes 40 px), less the symbol. On the
# narrowest phones the longest are shortened with an ellipsis (the tooltip has them whole).
LEGEND_LABEL_LIMIT = alt.ExprRef(
    expr="containerSize()[0] < 560 ? max(containerSize()[0] - 150, 90) "
    ": max(containerSize()[0] - 400, 200)"
)

# Text of every chart at least 11 px (axis, legend, titles), titles from the chart's left
# edge, legends under the plot so that a phone's width goes to the plot.
SIZING = {
    "axis": {"labelFontSize": 11, "titleFontSize": 12},
    # A horizontal axis title sits at the plot's right end and runs leftwards under the labels:
    # centred under a narrow plot, it ran past the chart's right edge.
    "axisX": {"titleAnchor": "end"},
    # One entry a line: a row of entries ran past the right edge of a phone-width chart.
    "legend": {
        "orient": "bottom",
        "direction": "vertical",
        "labelFontSize": 11,
        "titleFontSize": 12,
        "labelLimit": LEGEND_LABEL_LIMIT.to_dict(),
    },
    "title": {"fontSize": 14, "subtitleFontSize": 12, "anchor": "start", "frame": "bounds"},
    "text": {"fontSize": 11},
}


# A legend's labelExpr: on a phone a long label goes onto two lines, broken at the last space
# before its middle.
_MIDDLE_SPACE = "lastindexof(substring(datum.label, 0, floor(length(datum.label) / 2) + 1), ' ')"
LEGEND_WRAP = (
    f"{NARROW} && length(datum.label) > 20 && {_MIDDLE_SPACE} > 0 ? "
    f"[substring(datum.label, 0, {_MIDDLE_SPACE}), substring(datum.label, {_MIDDLE_SPACE} + 1)] "
    ": datum.label"
)


def _register_sizing_theme() -> None:
    @alt.theme.register("mmedlearn", enable=True)
    def _sizing() -> alt.theme.ThemeConfig:
        return {"config": {"view": {"continuousWidth": 300, "continuousHeight": 300}, **SIZING}}


_register_sizing_theme()


def fitted_title(text: str, subtitle: str | None = None, char_px: float = 8.6) -> alt.Title:
    """A chart title that wraps onto several lines when the chart is too narrow for it on one
    (Vega never wraps a title; it ran past the chart's edge). char_px is the width of one
    character of the title font, generously. Vega-Lite takes no expression for a subtitle, so
    a subtitle is always set in short lines that fit a phone."""

    def lines(words: str, per_line: int) -> list[str]:
        out: list[str] = []
        for word in words.split():
            if out and len(out[-1]) + 1 + len(word) <= per_line:
                out[-1] += " " + word
            else:
                out.append(word)
        return out

    def wrapped(words: str, px: float) -> alt.ExprRef:
        one_line = len(words) * px + 60  # vega-embed's menu takes 40 px of the container
        return alt.ExprRef(
            expr=f"containerSize()[0] < {one_line:.0f} ? {json.dumps(lines(words, 26))} "
            f": {json.dumps(words)}"
        )

    params = {"text": wrapped(text, char_px)}
    if subtitle:
        params["subtitle"] = lines(subtitle, 36)
    return alt.Title(**params)


# Okabe-Ito colours: distinguishable with the common forms of colour-blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NEUTRAL = "#D9D9D9"  # "not found": a grey that reads as absence, not as a third answer
#: Greys the charts use beside the Okabe-Ito colours (for absence, time allowed, rules, text).
GREYS = [NEUTRAL, "#999999", "#555555", "#222222"]

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


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


#: Set by the book's Sphinx extension (book/_ext/mmed_book.py) for the kernels it starts.
BOOK_BUILD_ENV_VAR = "MMEDLEARN_BOOK_BUILD"


FRONTEND_RENDERER = "mmedlearn-frontend"
#: The Vega-Lite type JupyterLab 4 and Notebook 7 draw with the Vega-Lite they ship.
FRONTEND_MIMETYPE = "application/vnd.vegalite.v5+json"


def frontend_renderer(spec: dict, **metadata) -> tuple[dict, dict]:
    """A bundle the notebook front end draws itself, with no script and no network.

    Altair 6 writes Vega-Lite 6 specifications; the front ends ship Vega-Lite 5, which draws
    what these charts use (tests/test_jupyterlab.py checks every chart in JupyterLab). The
    version in ``$schema`` is left out so that vega-embed does not warn about it, and a
    container width becomes :data:`FRONTEND_WIDTH`.
    """
    spec = _fixed_width({key: value for key, value in spec.items() if key != "$schema"})
    return {
        FRONTEND_MIMETYPE: spec,
        "text/plain": "<a chart: run the cell in Jupyter to draw it>",
    }, {}


#: The width of a chart in a notebook. The book's charts take their container's width, but in
#: JupyterLab's output area that width follows the chart itself and grows without end (the
#: page hangs): a notebook gets a fixed width instead.
FRONTEND_WIDTH = 640


def _fixed_width(spec):
    if isinstance(spec, dict):
        return {
            key: FRONTEND_WIDTH if key == "width" and value == "container" else _fixed_width(value)
            for key, value in spec.items()
        }
    if isinstance(spec, list):
        return [_fixed_width(item) for item in spec]
    return spec


def enable_renderer() -> str:
    """Choose how charts display here, and return the renderer's name.

    In the book's build: the script-safe HTML renderer, whose pages load Vega from the book
    itself. Anywhere else (JupyterLab, Notebook 7, VS Code): :func:`frontend_renderer`, a
    Vega-Lite bundle that the front end draws with its own renderer, with no network.
    """
    if not os.environ.get(BOOK_BUILD_ENV_VAR):
        # Not Altair's "default" (HTML that loads Vega from a CDN), nor its "mimetype" (a
        # Vega-Lite 6 type that JupyterLab 4 and Notebook 7 do not know: they print its text).
        alt.renderers.register(FRONTEND_RENDERER, frontend_renderer)
        alt.renderers.enable(FRONTEND_RENDERER)
        return FRONTEND_RENDERER
    from altair.utils.display import HTMLRenderer

    alt.renderers.register(
        "mmedlearn",
        HTMLRenderer(
            mode="vega-lite",
            template="universal",
            vega_version=alt.VEGA_VERSION,
            vegaembed_version=alt.VEGAEMBED_VERSION,
            vegalite_version=alt.VEGALITE_VERSION,
            json_kwds={"cls": ScriptSafeJSONEncoder},
        ),
    )
    # The editor link would send the reader's data to an outside site: keep only exports.
    alt.renderers.enable(
        "mmedlearn",
        embed_options={
            "renderer": "svg",
            "actions": {"export": True, "source": False, "compiled": False, "editor": False},
        },
    )
    return "mmedlearn"


# Words that name no institution in particular: "University of Nairobi" is "Nairobi".
_GENERIC_WORDS = {"University", "Universiti", "of", "the"}
# Words that do: "National University of Singapore" is not "National Singapore" but "NUS".
_DESCRIPTIVE_WORDS = {
    "National", "International", "Institute", "College", "Christian", "Islamic", "Medical",
    "Science", "Sciences", "Health", "Technology", "Postgraduate", "and", "Allied",
}  # fmt: skip


def short_institution(name: str) -> str:
    """A name short enough for a phone that still tells institutions apart: the place or
    founder a university is named after, else its initials.

    >>> [short_institution(n) for n in ("University of Nairobi", "Aga Khan University",
    ...     "National University of Singapore", "University of the Witwatersrand")]
    ['Nairobi', 'Aga Khan', 'NUS', 'Witwatersrand']
    """
    if ", " in name:  # "Postgraduate Institute of Medicine, University of Colombo"
        return ", ".join(short_institution(part) for part in name.split(", ", 1))
    words = name.split()
    rest = [word for word in words if word not in _GENERIC_WORDS]
    if 0 < len(rest) < len(words) and len(rest) <= 3 and not _DESCRIPTIVE_WORDS & set(rest):
        return " ".join(rest)
    initials = "".join(word[0] for word in words if word[:1].isupper())
    return initials if len(initials) >= 2 else name


def programme_labels(
    programs: pd.DataFrame, short: bool = False, country_first: bool = False
) -> pd.Series:
    """One label per programme that tells it apart from every other: institution, specialty
    and country ("University of Nairobi · Psychiatry · Kenya"; the country is left out when
    the institution's name as shown holds it). ``short`` uses :func:`short_institution`;
    ``country_first`` puts the country before the institution."""
    institution = programs["institution"].map(short_institution if short else str)
    country = programs["country"].fillna("")
    parts = pd.DataFrame(
        {
            "institution": institution,
            "specialty": programs["specialty"].fillna(programs["programme"]),
            "country": [
                "" if c and c in name else c for c, name in zip(country, institution, strict=True)
            ],
        }
    )
    if country_first:
        parts = parts[["country", "institution", "specialty"]]
    labels = parts.apply(lambda row: " · ".join(part for part in row if part), axis=1)
    # Two rows alike in all three (an instructor's file may hold them) keep their own ids.
    repeated = labels.duplicated(keep=False)
    return labels.where(~repeated, labels + " (" + programs.index.astype(str) + ")")


def _years_text(programs: pd.DataFrame) -> pd.Series:
    """A programme's reported duration as the chapter 3 table writes it: "3–5", or the only
    figure a source gives ("1"), never a maximum no source gave."""
    low, high = programs["duration_min_years"], programs["duration_max_years"]
    number = lambda v: f"{v:g}"  # noqa: E731
    one = low.fillna(high).map(number, na_action="ignore")
    both = low.map(number, na_action="ignore") + "\u2013" + high.map(number, na_action="ignore")
    return both.where(low.notna() & high.notna() & (low != high), one).fillna("not stated")


def _known_durations(programs: pd.DataFrame) -> pd.DataFrame:
    """The programmes with a reported duration, drawn from their shortest to their longest
    (compare.longest_duration) reported figure; a programme with only one figure (a minimum or
    a maximum) is drawn at it."""
    known = programs[
        programs["duration_min_years"].notna() | programs["duration_max_years"].notna()
    ]
    return known.assign(
        years=_years_text(known),
        duration_min_years=lambda t: t["duration_min_years"].fillna(t["duration_max_years"]),
        duration_max_years=lambda t: t["duration_max_years"].fillna(t["duration_min_years"]),
        label=lambda t: programme_labels(t),
        # On a phone the country leads: a label cut short at the screen's edge keeps it.
        short_label=lambda t: programme_labels(t, short=True, country_first=True),
    )


#: How research is coloured: Okabe-Ito in order of intensity, black for none, grey for what
#: no source says.
RESEARCH_COLOURS = dict(
    zip(
        RESEARCH_REQUIREMENTS,
        [*OKABE_ITO[:3], OKABE_ITO[4], OKABE_ITO[3], OKABE_ITO[7], GREYS[1]],
        strict=True,
    )
)


def duration_ranges(programs: pd.DataFrame) -> alt.LayerChart:
    """Each programme's reported duration, as a bar from minimum to maximum years, under a
    label naming the programme and its country.

    Programmes with no reported duration are left out (not drawn as zero); a programme with
    only a minimum is drawn as a point at that minimum. The labels sit above the bars, so
    that on a phone they take the plot's whole width instead of squeezing it; there the
    institution's name is shortened (University of Nairobi: Nairobi).
    """
    known = _known_durations(programs)
    row = alt.Y(
        "label:N",
        sort=alt.SortField("duration_min_years"),
        title=None,
        axis=None,
        scale=alt.Scale(paddingInner=0, paddingOuter=0.2),
    )
    base = alt.Chart(known).encode(
        y=row,
        tooltip=[
            alt.Tooltip("institution:N", title="Institution"),
            alt.Tooltip("programme:N", title="Programme"),
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("years:N", title="Duration (years)"),
            alt.Tooltip("research_requirement:N", title="Research"),
        ],
    )
    colour = alt.Color(
        "research_requirement:N",
        # A fixed domain keeps each answer's colour when the reader filters programmes out.
        scale=alt.Scale(domain=list(RESEARCH_COLOURS), range=list(RESEARCH_COLOURS.values())),
        title="Research required",
        legend=alt.Legend(orient="bottom", columns=alt.ExprRef(expr=f"{NARROW} ? 1 : 2")),
    )
    x = alt.X(
        "duration_min_years:Q", title="Reported duration (years)", scale=alt.Scale(domain=[0, 8])
    )
    # The band's lower half holds the bar, its upper half the label.
    bars = base.mark_bar(height=9, yOffset=6).encode(x=x, x2="duration_max_years:Q", color=colour)
    points = base.mark_point(filled=True, size=60, yOffset=6).encode(x=x, color=colour)
    labels = base.mark_text(
        align="left",
        baseline="bottom",
        yOffset=-1,
        x=0,
        limit=alt.ExprRef(expr="containerSize()[0] - 20"),
        text=alt.ExprRef(expr=f"{NARROW} ? datum.short_label : datum.label"),
        color="#222222",
    )
    return (bars + points + labels).properties(
        width="container",
        height=alt.Step(32),
        title=fitted_title("How long each programme takes, as reported by its sources"),
        description="Horizontal bars from minimum to maximum reported duration in years, one "
        "per programme with a reported duration, each under a label naming the institution, "
        "specialty and country, coloured by the research the programme requires.",
    )


#: Names of the static comparison chart's inputs (an input's name attribute in the page).
MAX_DURATION_PARAM = "max_duration_years"
RESEARCH_PARAM = "research_requirement"


#: Above this many programmes with a reported duration, a bar each is unreadable (and the
#: page's data grows with the catalogue): the chart counts programmes by duration instead.
PER_PROGRAMME_LIMIT = 60


def duration_counts(programs: pd.DataFrame) -> alt.Chart:
    """How many programmes can be finished within each duration (their longest reported
    figure), coloured by the research they require: a bar per duration, whatever the size of
    the catalogue (the chart receives one row per duration and research answer)."""
    counts = (
        _known_durations(programs)
        .groupby(["duration_max_years", "research_requirement"], observed=True)
        .size()
        .reset_index(name="programmes")
    )
    colour = alt.Color(
        "research_requirement:N",
        scale=alt.Scale(domain=list(RESEARCH_COLOURS), range=list(RESEARCH_COLOURS.values())),
        title="Research required",
        legend=alt.Legend(orient="bottom", columns=alt.ExprRef(expr=f"{NARROW} ? 1 : 2")),
    )
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("duration_max_years:O", title="Longest reported duration (years)"),
            # Whole programmes: with nothing left to draw, the default labels read "0.000000"
            # and pushed the title off a phone's screen.
            y=alt.Y(
                "sum(programmes):Q", title="Programmes", axis=alt.Axis(format="d", tickMinStep=1)
            ),
            color=colour,
            tooltip=[
                alt.Tooltip("duration_max_years:O", title="Longest reported duration (years)"),
                alt.Tooltip("research_requirement:N", title="Research"),
                alt.Tooltip("sum(programmes):Q", title="Programmes"),
            ],
        )
        .properties(
            width="container",
            height=260,
            title=fitted_title("How long programmes take, as reported by their sources"),
            description="Bars counting the programmes whose longest reported duration is each "
            "number of years, stacked by the research the programme requires; programmes with "
            "no reported duration are not counted.",
        )
    )


def duration_explorer(programs: pd.DataFrame) -> alt.LayerChart:
    """:func:`duration_ranges` with two inputs that filter it in the page, with no kernel:
    "can be finished within" so many years (compared with each programme's longest reported
    duration) and the research requirement."""
    max_duration = alt.param(
        name=MAX_DURATION_PARAM,
        value=8,
        bind=alt.binding_range(min=1, max=8, step=0.5, name="Can be finished within (years): "),
    )
    research = alt.param(
        name=RESEARCH_PARAM,
        value="any",
        bind=alt.binding_select(
            options=["any", *RESEARCH_REQUIREMENTS], name="Research required: "
        ),
    )
    # The longest duration the sources report (compare.longest_duration, as _known_durations
    # computes it): a 4-6-year programme is out at 5.5.
    keep = (
        f"datum.duration_max_years <= {MAX_DURATION_PARAM} && "
        f"({RESEARCH_PARAM} == 'any' || datum.research_requirement == {RESEARCH_PARAM})"
    )
    known = _known_durations(programs)
    if len(known) > PER_PROGRAMME_LIMIT:
        counts = duration_counts(programs)
        bars = counts.transform_filter(keep)
        # The layer holds the size and title; its bars keep only what they draw.
        for name in ("width", "height", "title", "description"):
            setattr(bars, name, alt.Undefined)
        chart = alt.layer(bars, no_match_message(counts.data, keep)).properties(
            width=counts.width,
            height=counts.height,
            title=counts.title,
            description=counts.description,
        )
    else:
        chart = duration_ranges(programs)
        chart.layer = [layer.transform_filter(keep) for layer in chart.layer]
        chart.layer.append(no_match_message(known, keep))
    return chart.add_params(max_duration, research).properties(
        description=chart.description + " Two inputs below the chart filter it: the longest "
        "duration you accept and the research requirement.",
    )


#: What the duration chart says when its inputs leave no programme (it drew an empty frame).
#: Short lines: the plot is about 250 px wide on a phone.
NO_MATCH = [
    "No programme matches these choices.",
    "Allow more years, or choose",
    "another research requirement.",
]


def no_match_message(data: pd.DataFrame, keep: str) -> alt.Chart:
    """A layer that writes NO_MATCH in the middle of the plot when no row of data passes the
    Vega expression keep, and draws nothing otherwise (one row, counting the rows kept)."""
    return (
        alt.Chart(data)
        .transform_calculate(kept=f"({keep}) ? 1 : 0")
        .transform_aggregate(matched="sum(kept)")
        .transform_filter("datum.matched == 0")
        .mark_text(
            text=NO_MATCH,
            align="center",
            baseline="middle",
            fontSize=13,
            lineHeight=18,
            color="#222222",
            x=alt.ExprRef(expr="width / 2"),
            y=alt.ExprRef(expr="max(height / 2, 16)"),
        )
    )


CRITERION_LABELS = {
    "duration": "Shorter duration",
    "cost": "Lower tuition",
    "research": "More research",
    "paid_post": "Paid post",
}


#: The ranking chart draws the first programmes only (the table lists them all): a bar each
#: for thousands would be unreadable, and beyond Altair's 5,000-row limit.
RANKING_CHART_ROWS = 25


def ranking_chart(ranked: pd.DataFrame, rows: int = RANKING_CHART_ROWS) -> alt.Chart:
    """The first ``rows`` ranked programmes' scores, each bar split into what every criterion
    contributed.

    ``ranked`` is the output of :func:`mmedlearn.compare.rank_programs`.
    """
    shown = ranked.head(rows)
    title = (
        "Ranking by your weights"
        if len(ranked) <= rows
        else f"Ranking by your weights: the first {rows} of {len(ranked):,}"
    )
    parts = (
        shown.assign(
            label=lambda t: t["rank"].astype(str) + ". " + t["institution"],
            unknown=lambda t: t["unknown"].map(lambda flags: ", ".join(flags) or "nothing"),
        )
        .melt(
            id_vars=["label", "rank", "programme", "score", "unknown"],
            value_vars=[f"from_{name}" for name in CRITERION_LABELS],
            var_name="criterion",
            value_name="part",
        )
        .assign(criterion=lambda t: t["criterion"].str.removeprefix("from_").map(CRITERION_LABELS))
    )
    return (
        alt.Chart(parts)
        .mark_bar()
        .encode(
            x=alt.X("sum(part):Q", title="Score (0 to 1)", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y(
                "label:N",
                sort=alt.SortField("rank"),
                title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            color=alt.Color(
                "criterion:N",
                title="Criterion",
                sort=list(CRITERION_LABELS.values()),
                scale=alt.Scale(domain=list(CRITERION_LABELS.values()), range=OKABE_ITO[:4]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Programme"),
                alt.Tooltip("criterion:N", title="Criterion"),
                alt.Tooltip("part:Q", title="Adds", format=".2f"),
                alt.Tooltip("score:Q", title="Score", format=".2f"),
                alt.Tooltip("unknown:N", title="Unknown (scores 0)"),
            ],
        )
        .properties(
            width="container",
            title=title,
            description="Stacked horizontal bars, one per programme in rank order; each bar's "
            "segments show how much each criterion adds to the score from 0 to 1.",
        )
    )


# ---------------------------------------------------------------- chapters 1, 2 and 4

ROUTE_FEATURES = {
    "specialist_registration": "Leads to specialist registration",
    "paid_post": "Paid post",
    "research": "Research required",
    "taught_by_university": "Taught by a university",
}
ROUTE_FOCUS_PARAM = "route_focus"


_ANSWER_MARK = (
    "(datum.label == 'yes' ? '✓' : datum.label == 'no' ? '✗' : "
    "datum.label == 'depends' ? '~' : '?')"
)


def routes_chart(routes: pd.DataFrame) -> alt.LayerChart:
    """A grid of routes to specialist practice against what a physician may care about;
    the reader picks a feature and the routes that have it stay bright (no kernel needed)."""
    long = routes.melt(
        id_vars=["route", "example", "length", "notes"],
        value_vars=list(ROUTE_FEATURES),
        var_name="feature",
        value_name="answer",
    )
    long["feature_label"] = long["feature"].map(ROUTE_FEATURES)
    # Lines of at most 16 letters fit the 110 px a phone leaves the names.
    phone_lines = {route: textwrap.wrap(route, 16) for route in routes["route"]}
    focus = alt.param(
        name=ROUTE_FOCUS_PARAM,
        value="everything",
        bind=alt.binding_select(
            options=["everything", *ROUTE_FEATURES],
            labels=["Show every route", *ROUTE_FEATURES.values()],
            name="Which routes have: ",
        ),
    )
    base = (
        alt.Chart(long)
        .transform_calculate(
            has=f"datum.feature == {ROUTE_FOCUS_PARAM} && datum.answer == 'yes' ? 1 : 0",
        )
        .transform_joinaggregate(route_has="max(has)", groupby=["route"])
        .transform_calculate(
            bright=f"{ROUTE_FOCUS_PARAM} == 'everything' || datum.route_has == 1",
        )
        .encode(
            x=alt.X(
                "feature_label:N",
                title=None,
                sort=list(ROUTE_FEATURES.values()),
                # one word a line, so the column headings never run into each other (Vega
                # stacks a multi-line label downwards, so the headings sit under the grid);
                # on a phone the columns are too narrow for a word: headings turn upright
                axis=alt.Axis(
                    orient="bottom",
                    labelAngle=alt.ExprRef(expr=f"{NARROW} ? -90 : 0"),
                    labelAlign=alt.ExprRef(expr=f"{NARROW} ? 'right' : 'center'"),
                    labelBaseline=alt.ExprRef(expr=f"{NARROW} ? 'middle' : 'top'"),
                    labelExpr=f"{NARROW} ? datum.label : split(datum.label, ' ')",
                ),
            ),
            # On a phone a route's name goes onto up to three short lines rather than being
            # cut short ("MMed inside s…" could be any of the MMeds).
            y=alt.Y(
                "route:N",
                title=None,
                sort=list(routes["route"]),
                axis=alt.Axis(
                    labelLimit=alt.ExprRef(expr=f"{NARROW} ? 110 : 320"),
                    labelExpr=f"{NARROW} ? {json.dumps(phone_lines)}[datum.label] : datum.label",
                ),
            ),
            opacity=alt.condition("datum.bright", alt.value(1.0), alt.value(0.2)),
            tooltip=[
                alt.Tooltip("route:N", title="Route"),
                alt.Tooltip("example:N", title="Example"),
                alt.Tooltip("length:N", title="Length"),
                alt.Tooltip("feature_label:N", title="Question"),
                alt.Tooltip("answer:N", title="Answer"),
                alt.Tooltip("notes:N", title="Sources say"),
            ],
        )
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "answer:N",
            title="Answer",
            legend=alt.Legend(orient="bottom", labelExpr=f"datum.label + ' ' + {_ANSWER_MARK}"),
            scale=alt.Scale(
                domain=["yes", "no", "depends", "not found"],
                range=[OKABE_ITO[0], OKABE_ITO[1], GREYS[2], NEUTRAL],
            ),
        )
    )
    # On a narrow grid "not found" no longer fits a cell at a readable size: the cells then show
    # the answer's mark (✓, ✗, ~, ?), which the legend pairs with each answer.
    labels = base.mark_text(
        fontSize=alt.ExprRef(expr="containerSize()[0] < 560 ? 13 : 12"),
        text=alt.ExprRef(
            expr=f"containerSize()[0] < 560 ? {_ANSWER_MARK.replace('datum.label', 'datum.answer')} : datum.answer"
        ),
    ).encode(
        color=alt.condition("datum.answer == 'not found'", alt.value("#222222"), alt.value("white"))
    )
    return (
        (cells + labels)
        .add_params(focus)
        .properties(
            width="container",
            height=alt.Step(50),  # room for up to four lines of a route's name
            title=fitted_title("Routes to specialist practice, as the sources describe them"),
            description="A grid with one row per route and one column per question (specialist "
            "registration, paid post, research, university teaching); each cell says yes, "
            "no, depends (on sponsorship) or not found. A selector below dims the routes "
            "without the chosen feature.",
        )
    )


STRUCTURE_PARAM = "programme_structure"
COMPONENT_COLOURS = {
    "Coursework": OKABE_ITO[4],
    "Clinical training": OKABE_ITO[0],
    "Research": OKABE_ITO[2],
    "Examinations": OKABE_ITO[5],
    "Time allowed to finish": "#999999",
}


def programme_timeline(structures: pd.DataFrame) -> alt.LayerChart:
    """A programme's years as bars (coursework, clinical training, research, examinations);
    the reader picks the programme. Illustrative parts are paler and say so."""
    data = structures.assign(
        kind=lambda t: t["component"].map(
            lambda c: next((k for k in COMPONENT_COLOURS if c.startswith(k)), c)
        ),
        shown=lambda t: (
            t["component"] + np.where(t["basis"] == "illustrative", " (illustrative)", "")
        ),
    )
    choices = list(dict.fromkeys(structures["structure_id"]))
    labels = [structures.loc[structures["structure_id"] == c, "label"].iloc[0] for c in choices]
    pick = alt.param(
        name=STRUCTURE_PARAM,
        value=choices[0],
        bind=alt.binding_select(options=choices, labels=labels, name="Programme: "),
    )
    base = alt.Chart(data).transform_filter(f"datum.structure_id == {STRUCTURE_PARAM}")
    bars = base.mark_bar(height=22, cornerRadius=3).encode(
        x=alt.X(
            "start_year:Q",
            title=["Years from the start", "of the programme"],
            scale=alt.Scale(domain=[0, 7]),
        ),
        x2="end_year:Q",
        y=alt.Y("shown:N", title=None, sort=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        color=alt.Color(
            "kind:N",
            title="Part",
            scale=alt.Scale(domain=list(COMPONENT_COLOURS), range=list(COMPONENT_COLOURS.values())),
        ),
        opacity=alt.condition("datum.basis == 'illustrative'", alt.value(0.45), alt.value(1.0)),
        tooltip=[
            alt.Tooltip("label:N", title="Programme"),
            alt.Tooltip("component:N", title="Part"),
            alt.Tooltip("start_year:Q", title="From year"),
            alt.Tooltip("end_year:Q", title="To year"),
            alt.Tooltip("basis:N", title="Basis"),
            alt.Tooltip("note:N", title="Source says"),
        ],
    )
    return bars.add_params(pick).properties(
        width="container",
        height=alt.Step(30),
        title=fitted_title("How a programme's years are spent (pale bars are illustrative)"),
        description="Horizontal bars, one per part of the chosen programme, from the year it starts "
        "to the year it ends; parts whose timing no source gives are paler and labelled "
        "illustrative. A selector below picks the programme.",
    )


FACTOR_LABELS = {
    "career": "Career prospects",
    "recognition": "Specialist recognition",
    "research": "Research",
    "time": "Time",
    "money": "Money",
    "flexibility": "Flexibility across fields",
}


def reflection_chart(items: pd.DataFrame, weight: int = 3) -> alt.Chart:
    """Which benefits and limitations weigh most for the reader: each slider says how much a
    factor matters (0 to 5); an item's weight is the sum over factors of slider × how much the
    item bears on that factor (0 to 2). Bars link to the section that discusses the item.
    Everything runs in the page: nothing is stored or sent."""
    params = [
        alt.param(
            name=f"matters_{factor}",
            value=weight,
            bind=alt.binding_range(min=0, max=5, step=1, name=f"{label} "),
        )
        for factor, label in FACTOR_LABELS.items()
    ]
    score = " + ".join(f"matters_{factor} * datum.{factor}" for factor in FACTOR_LABELS)
    return (
        alt.Chart(items.assign(link="#" + items["section"]))
        .transform_calculate(
            weight=score,
        )
        .mark_bar(cursor="pointer")
        .encode(
            y=alt.Y(
                "item:N",
                title=None,
                sort=alt.SortField("weight", order="descending"),
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            x=alt.X("weight:Q", title=["How much it weighs for you", "(sum of your weights)"]),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=["benefit", "limitation"], range=[OKABE_ITO[0], OKABE_ITO[1]]
                ),
            ),
            href="link:N",
            tooltip=[
                alt.Tooltip("item:N", title="Item"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("weight:Q", title="Weight"),
            ],
        )
        .add_params(*params)
        .properties(
            width="container",
            title="What weighs most for you",
            description="Horizontal bars, one per benefit or limitation, longest first; their length "
            "follows the six sliders below. Each bar links to the section that discusses it.",
        )
    )
