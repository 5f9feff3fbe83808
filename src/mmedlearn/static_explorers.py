"""The published book's kernel-free explorers: Vega specs and the controls' configuration.

The book has no kernel, so the two explorers of chapters 3 and 5 compute in the reader's
browser. What runs there is generated here, in Python, from the one definition of each thing:

* the ROI model is :data:`mmedlearn.roi_charts.MODEL_EXPRESSIONS` (roi-model.md as Vega
  expressions), rewritten to read each scenario's inputs from its row, so one set of
  expressions computes the reader's line, the sensitivity (``roi.sensitivity``) and the
  uncertainty band (``roi.simulate`` with ``widgets.simulation_ranges``);
* every control comes from :data:`mmedlearn.fields.FIELDS` (label, range, slider, kind);
* the presets come from :func:`mmedlearn.scenario.programme_scenario`, for every programme
  and every currency, and costs from :func:`mmedlearn.compare.annual_cost`;
* the comparison runs ``book/_assets/js/compare-rule.js``, generated from
  :mod:`mmedlearn.compare_rule` (the rule :func:`mmedlearn.compare.compare` runs), on the
  catalogue sent column by column (:func:`comparison_data`); its chart only draws the top rows.

The page's own script (``book/_assets/js/explorers.js``) draws labelled sliders, typed
boxes and selects from the configuration, and pushes values into the Vega views with
``view.signal(name, value)``. Tests hold the views against the Python functions in Chromium.
"""

from __future__ import annotations

import html
import json
import math
import os
import re

import numpy as np
import pandas as pd

from mmedlearn.charts import (
    BOOK_BUILD_ENV_VAR,
    CRITERION_LABELS,
    OKABE_ITO,
    ScriptSafeJSONEncoder,
    short_institution,
)
from mmedlearn.compare import (
    CRITERIA,
    MAX_WEIGHT,
    NO_CONVERSION_NOTE,
    encode,
    load_exchange_rates,
    longest_duration,
    rate_groups,
)
from mmedlearn.compare_rule import NUMBER_COLUMNS
from mmedlearn.fields import FIELDS, SENSITIVITY_FIELDS, Field
from mmedlearn.roi import Assumptions, asdict
from mmedlearn.roi_charts import MODEL_EXPRESSIONS
from mmedlearn.scenario import SALARY_FIELDS, SALARY_NOTE_TEMPLATES, programme_scenario
from mmedlearn.schema import DELIVERY_MODES, PAID_POST, RESEARCH_REQUIREMENTS

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION = OKABE_ITO[:6]

# ------------------------------------------------------------------ the model on rows

_FIELD_NAME = re.compile(r"(?<![\w.'])(" + "|".join(sorted(FIELDS, key=len, reverse=True)) + r")\b")


def on_rows(expression: str) -> str:
    """A model expression reading each input from the row (``datum.tax_rate``) instead of
    from the page's parameter (``tax_rate``), so that many scenarios run at once."""
    return _FIELD_NAME.sub(r"datum.\1", expression)


#: roi-model.md per row: MODEL_EXPRESSIONS with inputs read from the row, plus the two
#: summaries the page also reports (payback on undiscounted flows, total cost).
ROW_MODEL: dict[str, str] = {
    **{name: on_rows(expression) for name, expression in MODEL_EXPRESSIONS.items()},
    "abs_net_flow": "abs(datum.net_flow)",
    # roi._flows: costs + loan payments + after-tax income given up in study years.
    "cost_part": (
        "datum.expected_costs + datum.expected_loan + (datum.year <= datum.last_study_year ? "
        "max(0, (1 - datum.tax_rate) * (datum.baseline - datum.expected_degree)) : 0)"
    ),
}

#: The year a non-finisher leaves, as the page uses it: a dropout year past the programme's
#: last full year cannot happen (roi.Assumptions refuses it); the page uses that last full
#: year and says so.
EFFECTIVE_DROPOUT = "min(dropout_year, max(1, floor(duration_years)))"

# Vega runs these formulas again, in place, when a parameter changes: a formula must never
# write a field that an earlier formula reads, or a change would be applied twice. So the
# page's parameters go into base_* fields, and each input of the model is written once.


def _inputs_from_signals(prefix: str = "") -> list[dict]:
    """Every input as a field of the row (named ``prefix + name``), from the page's parameter."""
    return [
        {
            "type": "formula",
            "as": prefix + name,
            "expr": EFFECTIVE_DROPOUT if name == "dropout_year" else name,
        }
        for name in FIELDS
    ]


def _model(key: str) -> list[dict]:
    """Rows of scenarios (one per ``key``) become rows of scenario-years with every term."""
    return [
        {"type": "formula", "as": "years", "expr": "sequence(1, datum.horizon_years + 1)"},
        {"type": "flatten", "fields": ["years"], "as": ["year"]},
    ] + [
        {"type": "formula", "as": name, "expr": expression}
        for name, expression in ROW_MODEL.items()
    ]


def _npv_by(key: str, more: tuple[str, ...] = ()) -> dict:
    return {
        "type": "aggregate",
        "groupby": [key, *more],
        "ops": ["sum"],
        "fields": ["discounted"],
        "as": ["npv"],
    }


# ------------------------------------------------------------------ sensitivity (roi.sensitivity)

SPREAD = 0.2


def _round_half_even(x: str) -> str:
    """Python's round() (ties to even) as a Vega expression; Vega's round() rounds ties up."""
    return f"({x} - floor({x}) == 0.5 ? (floor({x}) % 2 == 0 ? floor({x}) : floor({x}) + 1) : round({x}))"


def _nearest_valid_expression(name: str, value: str) -> str:
    """roi._nearest_valid as a Vega expression: ``value`` kept within the field's range (an
    open bound approached by 1e-9 relative), and within the rules joining it to the base
    scenario (the page's parameters)."""
    spec = FIELDS[name]
    step = f"1e-9 * max(1, abs({value}))"
    low = f"{spec.low!r}" if spec.low_inclusive else f"({spec.low!r} + {step})"
    high = (
        None
        if math.isinf(spec.high)
        else (f"{spec.high!r}" if spec.high_inclusive else f"({spec.high!r} - {step})")
    )
    if name == "duration_years":
        low = f"max({low}, datum.base_dropout_year > 1 ? datum.base_dropout_year : {low})"
        high = f"min({high}, horizon_years - 1)"
    if name == "dropout_year":
        high = f"min({high}, max(1, floor(duration_years)))"
    clamped = f"max({value}, {low})" if high is None else f"min(max({value}, {low}), {high})"
    return _round_half_even(clamped) if spec.integer else clamped


def sensitivity_data() -> dict:
    """The scenarios of roi.sensitivity: each field alone at (1 − spread) and (1 + spread)."""
    rows = [
        {"field": name, "label": FIELDS[name].label, "order": order, "side": side, "factor": factor}
        for order, name in enumerate(SENSITIVITY_FIELDS)
        for side, factor in (("low", 1 - SPREAD), ("high", 1 + SPREAD))
    ]
    moved = []
    for name in FIELDS:
        base = f"datum.base_{name}"
        if name in SENSITIVITY_FIELDS:
            expression = _nearest_valid_expression(name, f"{base} * datum.factor")
            moved.append(
                {
                    "type": "formula",
                    "as": name,
                    "expr": f"datum.field == '{name}' ? {expression} : {base}",
                }
            )
        else:
            moved.append({"type": "formula", "as": name, "expr": base})
    # Named field by field: Vega re-runs a formula only when a field it names changes.
    moved.append(
        {
            "type": "formula",
            "as": "moved_value",
            "expr": " : ".join(
                f"datum.field == '{name}' ? datum.{name}" for name in SENSITIVITY_FIELDS
            )
            + " : null",
        }
    )
    return {"values": rows, "transform": [*_inputs_from_signals("base_"), *moved]}


# ------------------------------------------------------------------ uncertainty (roi.simulate)

#: 1,000 draws (the live calculator takes 2,000): the draws travel with the page, and the
#: chapter must stay within its 1.5 MB budget.
SIMULATION_DRAWS = 1_000
SIMULATION_SEED = 0
#: widgets.simulation_ranges as Vega expressions on the base scenario's row, in its order;
#: each entry: (field, whether it varies, its draw from one uniform number U).
_RANGES = (
    (
        "post_salary",
        "datum.base_post_salary > 0",
        # numpy's triangular(left, mode, right): the inverse CDF of one uniform number.
        "(datum.post_salary_u <= (datum.base_post_salary - 0.8 * datum.base_post_salary) / (1.2 * datum.base_post_salary - 0.8 * datum.base_post_salary)"
        " ? 0.8 * datum.base_post_salary + sqrt(datum.post_salary_u * ((datum.base_post_salary - 0.8 * datum.base_post_salary)"
        " * (1.2 * datum.base_post_salary - 0.8 * datum.base_post_salary)))"
        " : 1.2 * datum.base_post_salary - sqrt((1 - datum.post_salary_u) * ((1.2 * datum.base_post_salary - datum.base_post_salary)"
        " * (1.2 * datum.base_post_salary - 0.8 * datum.base_post_salary))))",
    ),
    (
        "duration_years",
        "datum.base_duration_years < min(datum.base_duration_years + 1, 10.0, datum.base_horizon_years - 1.0)",
        "datum.base_duration_years + (min(datum.base_duration_years + 1, 10.0, datum.base_horizon_years - 1.0)"
        " - datum.base_duration_years) * datum.duration_years_u",
    ),
    (
        "completion_probability",
        "max(0.05, datum.base_completion_probability - 0.2) < datum.base_completion_probability",
        "max(0.05, datum.base_completion_probability - 0.2) + (datum.base_completion_probability"
        " - max(0.05, datum.base_completion_probability - 0.2)) * datum.completion_probability_u",
    ),
)
SIMULATION_RANGES_TEXT = (
    "the salary after the degree 20 % either side (most likely as you set it), "
    "up to a year's delay, and a chance of finishing up to 0.2 lower"
)


def uniform_draws(n: int = SIMULATION_DRAWS, seed: int = SIMULATION_SEED) -> np.ndarray:
    """The uniform numbers ``roi.simulate(..., n, seed)`` uses, one block of n per varied field:
    numpy's Generator draws its uniform, and its triangular, from one such number each."""
    return np.random.default_rng(seed).random(len(_RANGES) * n).reshape(len(_RANGES), n)


def simulation_transforms() -> list[dict]:
    """Base inputs, then each varied field drawn from its block of uniform numbers: the k-th
    field that varies takes block k, as numpy's stream gives them to roi.simulate."""
    steps = [*_inputs_from_signals("base_")]
    varies = []
    for name, condition, _ in _RANGES:
        steps.append({"type": "formula", "as": f"{name}_on", "expr": f"({condition}) ? 1 : 0"})
        block = " + ".join([f"datum.{earlier}_on" for earlier in varies]) or "0"
        steps.append(
            {
                "type": "formula",
                "as": f"{name}_u",
                "expr": f"[datum.u0, datum.u1, datum.u2][{block}]",
            }
        )
        varies.append(name)
    drawn = {name: draw for name, _, draw in _RANGES}
    for name in FIELDS:
        if name in drawn:
            expression = f"datum.{name}_on ? {drawn[name]} : datum.base_{name}"
        elif (
            name == "dropout_year"
        ):  # roi.simulate: leave in the drawn programme's last full year at the latest
            expression = "min(datum.base_dropout_year, max(1, floor(datum.duration_years)))"
        else:
            expression = f"datum.base_{name}"
        steps.append({"type": "formula", "as": name, "expr": expression})
    return steps


# ------------------------------------------------------------------ the ROI views


def _width_signal(fallback: int = 640) -> dict:
    size = (
        f"isFinite(containerSize()[0]) && containerSize()[0] > 0 ? containerSize()[0] : {fallback}"
    )
    return {"name": "width", "init": size, "on": [{"events": "window:resize", "update": size}]}


def _signals(start: Assumptions, currency: str) -> list[dict]:
    values = asdict(start)
    return [{"name": name, "value": values[name]} for name in FIELDS] + [
        {"name": "currency", "value": currency}
    ]


def roi_spec(start: Assumptions, currency: str = "USD", draws: int = SIMULATION_DRAWS) -> dict:
    """The cumulative discounted gain year by year, its 5th–95th percentile band over
    simulated cases, the break-even year, NPV and a note where the dropout year was moved.

    Datasets tests read: ``summary`` (npv, breakeven_year, payback_year, total_cost),
    ``flows`` (one row per year), ``simulation_percentiles`` (prob, value), ``simulation_chance``.
    """
    # Twelve decimals instead of seventeen keep the page lighter; a draw moves by at most
    # 5e-13, far inside the band's stated 1e-6 tolerance.
    u = np.round(uniform_draws(draws), 12)
    band_data = [
        {
            "name": "draws",
            "values": [{"u0": u[0].tolist(), "u1": u[1].tolist(), "u2": u[2].tolist()}],
            "transform": [
                {"type": "flatten", "fields": ["u0", "u1", "u2"]},
                {"type": "identifier", "as": "draw"},
                *simulation_transforms(),
                *_model("draw"),
                {
                    "type": "window",
                    "groupby": ["draw"],
                    "sort": {"field": "year"},
                    "ops": ["sum"],
                    "fields": ["discounted"],
                    "as": ["cumulative"],
                    "frame": [None, 0],
                },
            ],
        },
        {
            "name": "simulation_npv",
            "source": "draws",
            "transform": [
                {"type": "filter", "expr": "datum.year == horizon_years"},
                {"type": "project", "fields": ["draw", "cumulative"], "as": ["draw", "npv"]},
            ],
        },
        {
            "name": "simulation_percentiles",
            "source": "simulation_npv",
            "transform": [{"type": "quantile", "field": "npv", "probs": [0.05, 0.5, 0.95]}],
        },
        {
            "name": "simulation_chance",
            "source": "simulation_npv",
            "transform": [
                {"type": "formula", "as": "positive", "expr": "datum.npv > 0 ? 1 : 0"},
                {
                    "type": "aggregate",
                    "ops": ["mean", "count"],
                    "fields": ["positive", "positive"],
                    "as": ["probability_positive", "draws"],
                },
            ],
        },
        {
            "name": "band",
            "source": "draws",
            "transform": [
                {
                    "type": "quantile",
                    "groupby": ["year"],
                    "field": "cumulative",
                    "probs": [0.05, 0.95],
                },
                {"type": "pivot", "groupby": ["year"], "field": "prob", "value": "value"},
                {"type": "formula", "as": "low", "expr": "datum['0.05']"},
                {"type": "formula", "as": "high", "expr": "datum['0.95']"},
            ],
        },
    ]
    data = [
        {
            "name": "flows",
            "values": [{"scenario": "yours"}],
            "transform": [
                *_inputs_from_signals(),
                *_model("scenario"),
                {
                    "type": "window",
                    "sort": {"field": "year"},
                    "ops": ["sum", "sum"],
                    "fields": ["discounted", "net_flow"],
                    "as": ["cumulative", "cumulative_flow"],
                    "frame": [None, 0],
                },
                # the lowest cumulative value from this year on: ≥ 0 means "stays ≥ 0 through H"
                {
                    "type": "window",
                    "sort": {"field": "year"},
                    "ops": ["min", "min"],
                    "fields": ["cumulative", "cumulative_flow"],
                    "as": ["future_min", "future_min_flow"],
                    "frame": [0, None],
                },
                {
                    "type": "joinaggregate",
                    "ops": ["sum", "sum", "sum", "sum"],
                    "fields": ["discounted", "abs_discounted", "abs_net_flow", "cost_part"],
                    "as": ["npv", "scale", "scale_flow", "total_cost"],
                },
                {
                    "type": "formula",
                    "as": "breakeven_candidate",
                    "expr": "datum.future_min >= -1e-9 * (1 + datum.scale) ? datum.year : null",
                },
                {
                    "type": "formula",
                    "as": "payback_candidate",
                    "expr": "datum.future_min_flow >= -1e-9 * (1 + datum.scale_flow) ? datum.year : null",
                },
                {
                    "type": "joinaggregate",
                    "ops": ["min", "min"],
                    "fields": ["breakeven_candidate", "payback_candidate"],
                    "as": ["breakeven_year", "payback_year"],
                },
            ],
        },
        {
            "name": "summary",
            "source": "flows",
            "transform": [
                {"type": "filter", "expr": "datum.year == horizon_years"},
                {
                    "type": "formula",
                    "as": "dropout_moved",
                    "expr": "dropout_year > datum.leaves_after",
                },
            ],
        },
        *band_data,
    ]
    x = {
        "name": "x",
        "type": "linear",
        "domain": [1, {"signal": "horizon_years"}],
        "range": "width",
        "nice": False,
        "zero": False,
    }
    y = {
        "name": "y",
        "type": "linear",
        "range": "height",
        "nice": True,
        "zero": True,
        "domain": {
            "fields": [
                {"data": "flows", "field": "cumulative"},
                {"data": "band", "field": "low"},
                {"data": "band", "field": "high"},
            ]
        },
    }
    text = {
        "fill": {"value": "#222222"},
        "align": {"value": "left"},
        "baseline": {"value": "top"},
        "x": {"value": 8},
    }

    def summary_line(y: int, signal: str, size: int = 13, bold: bool = False) -> dict:
        """One line of the summary written in the chart's top left corner."""
        font = {"fontSize": {"value": size}, **({"fontWeight": {"value": "bold"}} if bold else {})}
        return {
            "type": "text",
            "from": {"data": "summary"},
            "encode": {"update": {**text, "y": {"value": y}, **font, "text": {"signal": signal}}},
        }

    marks = [
        {
            "type": "area",
            "from": {"data": "band"},
            "aria": False,
            "encode": {
                "update": {
                    "x": {"scale": "x", "field": "year"},
                    "y": {"scale": "y", "field": "low"},
                    "y2": {"scale": "y", "field": "high"},
                    "fill": {"value": SKY},
                    "fillOpacity": {"value": 0.3},
                }
            },
        },
        {
            "type": "rule",
            "aria": False,
            "encode": {
                "update": {
                    "x": {"value": 0},
                    "x2": {"signal": "width"},
                    "y": {"scale": "y", "value": 0},
                    "stroke": {"value": "#555555"},
                }
            },
        },
        {
            "type": "rule",
            "from": {"data": "summary"},
            "aria": False,
            "encode": {
                "update": {
                    "x": {"scale": "x", "field": "breakeven_year"},
                    "y": {"value": 0},
                    "y2": {"signal": "height"},
                    "stroke": {"value": VERMILION},
                    "strokeDash": {"value": [6, 4]},
                    "strokeWidth": {"value": 2},
                    "opacity": {"signal": "datum.breakeven_year == null ? 0 : 1"},
                }
            },
        },
        {
            "type": "line",
            "from": {"data": "flows"},
            "aria": False,
            "encode": {
                "update": {
                    "x": {"scale": "x", "field": "year"},
                    "y": {"scale": "y", "field": "cumulative"},
                    "stroke": {"value": BLUE},
                    "strokeWidth": {"value": 3},
                }
            },
        },
        {
            "type": "symbol",
            "from": {"data": "flows"},
            "encode": {
                "update": {
                    "x": {"scale": "x", "field": "year"},
                    "y": {"scale": "y", "field": "cumulative"},
                    "fill": {"value": BLUE},
                    "size": {"value": 30},
                    "tooltip": {
                        "signal": "{'Year': datum.year, 'Net gain that year': format(datum.net_flow, ',.0f') + "
                        "' ' + currency, 'Cumulative, discounted': format(datum.cumulative, ',.0f') + "
                        "' ' + currency}"
                    },
                    "description": {
                        "signal": "'Year ' + datum.year + ': cumulative discounted gain ' + "
                        "format(datum.cumulative, ',.0f') + ' ' + currency"
                    },
                }
            },
        },
        summary_line(
            8,
            "'NPV over ' + horizon_years + ' years: ' + format(datum.npv, ',.0f') + ' ' + currency",
            size=15,
            bold=True,
        ),
        summary_line(
            30,
            "datum.breakeven_year == null ? 'No break-even within ' + horizon_years + ' years'"
            " : 'Break-even in year ' + datum.breakeven_year",
        ),
        summary_line(
            50,
            "datum.dropout_moved ? 'A non-finisher leaves after year ' + datum.leaves_after"
            " + ', the last full year' : ''",
        ),
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "description": (
            "Line chart of the cumulative discounted gain of the MMed path over the path without "
            "it, by year, with a shaded band from the 5th to the 95th percentile of simulated "
            "cases. The NPV and the break-even year are written in the top left corner and in "
            "the results beside the chart."
        ),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "height": 320,
        "padding": 5,
        "signals": [_width_signal(), *_signals(start, currency)],
        "data": data,
        "scales": [x, y],
        "axes": [
            {
                "orient": "bottom",
                "scale": "x",
                "title": "Year from the start of study",
                "format": "d",
                "tickMinStep": 1,
                "aria": False,
            },
            {
                "orient": "left",
                "scale": "y",
                "format": "~s",
                "aria": False,
                "title": {
                    "signal": "'Cumulative discounted gain (' + currency + ', money of today)'"
                },
            },
        ],
        "marks": marks,
    }


def _bar_mark(
    data: str, span: tuple[str, str], colour_by: str, *, tooltip: str, description: str
) -> dict:
    """A horizontal bar per row of ``data``: one band of the "y" scale (by label), from
    ``span[0]`` to ``span[1]`` on "x", coloured by ``colour_by``; the tooltip and the
    description a screen reader announces are Vega expressions."""
    return {
        "type": "rect",
        "from": {"data": data},
        "encode": {
            "update": {
                "y": {"scale": "y", "field": "label"},
                "height": {"scale": "y", "band": 1},
                "x": {"scale": "x", "field": span[0]},
                "x2": {"scale": "x", "field": span[1]},
                "fill": {"scale": "color", "field": colour_by},
                "tooltip": {"signal": tooltip},
                "description": {"signal": description},
            }
        },
    }


def tornado_spec(start: Assumptions, currency: str = "USD") -> dict:
    """Which assumptions matter most: roi.sensitivity's table, drawn as a tornado.

    Dataset tests read: ``sensitivity`` (field, npv_low, npv_high, low_value, high_value,
    swing, position), sorted as roi.sensitivity sorts it.
    """

    def side(what: str, which: str) -> str:
        return f"datum.side == '{which}' ? datum.{what} : null"

    data = [
        {"name": "moved_scenarios", **sensitivity_data()},
        {
            "name": "moves",
            "source": "moved_scenarios",
            "transform": [*_model("key"), _npv_by("field", ("label", "order", "side"))],
        },
        {
            "name": "sensitivity",
            "source": "moves",
            "transform": [
                {"type": "formula", "as": "npv_low", "expr": side("npv", "low")},
                {"type": "formula", "as": "npv_high", "expr": side("npv", "high")},
                {
                    "type": "aggregate",
                    "groupby": ["field", "label", "order"],
                    "ops": ["max", "max"],
                    "fields": ["npv_low", "npv_high"],
                    "as": ["npv_low", "npv_high"],
                },
                {"type": "formula", "as": "swing", "expr": "abs(datum.npv_high - datum.npv_low)"},
                {
                    "type": "window",
                    "sort": {"field": ["swing", "order"], "order": ["descending", "ascending"]},
                    "ops": ["row_number"],
                    "as": ["position"],
                },
                {"type": "formula", "as": "low", "expr": "min(datum.npv_low, datum.npv_high)"},
                {"type": "formula", "as": "high", "expr": "max(datum.npv_low, datum.npv_high)"},
                {
                    "type": "formula",
                    "as": "direction",
                    "expr": "datum.npv_high >= datum.npv_low ? "
                    "'Raising it raises the NPV' : 'Raising it lowers the NPV'",
                },
            ],
        },
        {
            "name": "moved_values",
            "source": "moved_scenarios",
            "transform": [
                {"type": "formula", "as": "value", "expr": "datum.moved_value"},
                {"type": "project", "fields": ["field", "side", "value"]},
            ],
        },
        {
            "name": "bars",
            "source": "sensitivity",
            "transform": [{"type": "filter", "expr": "datum.swing > 0"}],
        },
    ]
    directions = ["Raising it raises the NPV", "Raising it lowers the NPV"]
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "description": (
            "Horizontal bars, one per input, from the NPV with the input 20 % lower to the NPV "
            "with it 20 % higher, longest first."
        ),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": 5,
        "signals": [
            _width_signal(),
            *_signals(start, currency),
            {"name": "height", "update": "max(1, length(data('bars'))) * 24"},
            {"name": "label_limit", "update": "width < 560 ? 120 : 260"},
        ],
        "data": data,
        "scales": [
            {
                "name": "y",
                "type": "band",
                "range": "height",
                "padding": 0.2,
                "domain": {
                    "data": "bars",
                    "field": "label",
                    "sort": {"field": "position", "op": "min"},
                },
            },
            {
                "name": "x",
                "type": "linear",
                "range": "width",
                "nice": True,
                "zero": False,
                "domain": {
                    "fields": [{"data": "bars", "field": "low"}, {"data": "bars", "field": "high"}]
                },
            },
            {"name": "color", "type": "ordinal", "domain": directions, "range": [BLUE, ORANGE]},
        ],
        "axes": [
            {
                "orient": "left",
                "scale": "y",
                "labelLimit": {"signal": "label_limit"},
                "aria": False,
            },
            {
                "orient": "bottom",
                "scale": "x",
                "format": "~s",
                "aria": False,
                "labelOverlap": True,
                "title": {"signal": "'NPV when the input moves ±20 % (' + currency + ')'"},
            },
        ],
        "legends": [{"fill": "color", "orient": "bottom", "direction": "vertical", "aria": False}],
        "marks": [
            _bar_mark(
                "bars",
                ("low", "high"),
                "direction",
                tooltip="{'Input': datum.label, 'NPV at low': format(datum.npv_low, ',.0f'), "
                "'NPV at high': format(datum.npv_high, ',.0f')}",
                description="datum.label + ': NPV from ' + format(datum.npv_low, ',.0f') + ' to ' + "
                "format(datum.npv_high, ',.0f') + ' ' + currency",
            )
        ],
    }


# ------------------------------------------------------------------ controls and currencies

#: How a kind of input is shown: percentages for rates and probabilities (the page multiplies
#: by 100 for the reader and divides by 100 for the model).
PERCENT_KINDS = ("rate", "probability")

#: Money sliders scale with the currency: by the currency's units per US dollar (the rates of
#: data/exchange_rates.csv), rounded to 1, 2 or 5 times a power of ten, so a slider that
#: reaches 500,000 USD reaches 10,000,000 ZAR. Both explorers offer only currencies with a rate.


def nice_scale(units_per_usd: float) -> float:
    """1, 2 or 5 times a power of ten, the nearest on a log scale.

    >>> [nice_scale(x) for x in (1.0, 0.9, 1.42, 4.06, 16.7, 129)]
    [1, 1, 2, 5, 20, 100]
    """
    exponent = math.floor(math.log10(units_per_usd))
    candidates = [m * 10**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    best = min(candidates, key=lambda c: abs(math.log(units_per_usd / c)))
    return int(best) if best >= 1 else best


#: What a preset fills in; every other input stays the reader's.
PRESET_FIELDS = ("duration_years", "tuition_per_year", "one_off_fees")

#: Money sliders step by a fifth of the calculator's step (100 USD, 2,000 ZAR): one move of
#: the slider changes a salary by well under 2 %, and the typed box takes any exact figure.
MONEY_STEP_DIVISOR = 5


def slider_scales(currencies, rates: pd.Series) -> dict[str, float]:
    per_usd = rates / rates["USD"] if "USD" in rates.index else rates
    return {c: nice_scale(float(per_usd[c])) for c in currencies}


def allowed_text(field: Field) -> str:
    """The valid range in the units the reader types (percentages for rates)."""
    factor = 100 if field.kind in PERCENT_KINDS else 1
    unit = " %" if factor == 100 else ""

    def shown(number):
        return f"{number * factor:,g}".replace("-", "−") + unit

    low = ("at least " if field.low_inclusive else "more than ") + shown(field.low)
    if math.isinf(field.high):
        return f"{'a whole number ' if field.integer else 'a number '}{low}"
    high = ("at most " if field.high_inclusive else "less than ") + shown(field.high)
    return f"{'a whole number ' if field.integer else 'a number '}{low} and {high}"


def field_controls() -> list[dict]:
    """Every ROI input as the page's script draws it: label, kind, slider in model units,
    the valid range (checked before a typed value reaches the model) and its wording."""
    return [
        {
            "name": name,
            "label": field.label,
            "kind": field.kind,
            "integer": field.integer,
            "slider": list(field.slider),
            "low": field.low,
            "high": None if math.isinf(field.high) else field.high,
            "low_inclusive": field.low_inclusive,
            "high_inclusive": field.high_inclusive,
            "percent": field.kind in PERCENT_KINDS,
            "allowed": allowed_text(field),
        }
        for name, field in FIELDS.items()
    ]


def _tidy(value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if float(value).is_integer() else float(value)


def presets(programs: pd.DataFrame, base: Assumptions, currencies, rates: pd.Series) -> list[dict]:
    """Every programme's duration, tuition and one-off fees in every currency, by
    programme_scenario, each with its note (the fee's year, and who it is for).

    A value its sources do not give (or a fee with no rate to that currency) is null with the
    reason; the page keeps the reader's own value and says so.
    """
    out = []
    for key, programme in programs.iterrows():
        label = f"{programme['institution']} · {programme['programme']}"
        entry = {"id": str(key), "label": label, "fees": {}, "one_off_fees": {}}
        for currency in currencies:
            scenario = programme_scenario(
                programme, base, currency, rates, fixed=("horizon_years", "dropout_year")
            )
            for name in PRESET_FIELDS:
                value = (
                    None if name in scenario.missing else _tidy(getattr(scenario.assumptions, name))
                )
                note = scenario.field_notes[name]
                # A note about a missing value ends with the reader's own value: keep its reason.
                note = note.split(": your ")[0] if name in scenario.missing else note
                if name == "duration_years":
                    entry["duration_years"], entry["duration_note"] = value, note
                else:
                    entry["fees" if name == "tuition_per_year" else name][currency] = [value, note]
        out.append(entry)
    return out


def rate_config(rates: pd.Series) -> dict:
    """What the page needs to name the rates a conversion used, in compare.rate_note's words:
    the page picks the groups whose currencies it converted and joins their phrases."""
    return {
        "rate_groups": [[phrase, list(codes)] for phrase, codes in rate_groups(rates)],
        "no_rates_note": NO_CONVERSION_NOTE,
    }


def roi_config(
    start: Assumptions, programs: pd.DataFrame, rates: pd.Series, currency: str = "USD"
) -> dict:
    # Only currencies with a rate, as in the comparison and the calculator: in any other, no
    # amount could be converted, and a fee in it is shown with its reason in the preset's note.
    currencies = list(rates.index)
    return {
        "kind": "roi",
        "key": "roi",
        "currency": currency,
        "currencies": currencies,
        "rates": {c: float(rates[c]) for c in rates.index},
        **rate_config(rates),
        "scales": slider_scales(currencies, rates),
        "money_step_divisor": MONEY_STEP_DIVISOR,
        "fields": field_controls(),
        "start": {name: _tidy(value) for name, value in asdict(start).items()},
        "presets": presets(programs, start, currencies, rates),
        "salary_fields": list(SALARY_FIELDS),
        "salary_notes": SALARY_NOTE_TEMPLATES,
        "simulation": {"draws": SIMULATION_DRAWS, "ranges": SIMULATION_RANGES_TEXT},
        "specs": {"roi": roi_spec(start, currency), "tornado": tornado_spec(start, currency)},
    }


# ------------------------------------------------------------------ the comparison


def _json_numbers(values: np.ndarray) -> list:
    """Numbers as the page's JSON writes them: null for unknown, 2015 rather than 2015.0."""
    out = pd.Series(values, dtype=object)
    whole = np.isfinite(values) & (np.mod(values, 1) == 0)
    out[whole] = values[whole].astype(np.int64)
    return out.where(~np.isnan(values), None).tolist()


def comparison_data(programs: pd.DataFrame) -> dict:
    """The catalogue as chapter 3's page receives it, column by column: ``rule`` is exactly
    what :func:`mmedlearn.compare.encode` gives the comparison rule (so the page ranks from
    the same numbers and codes as Python), ``shown`` what the page writes about a programme.
    Repeated text (institutions, countries, specialties) is sent once, as categories."""
    data = encode(programs)
    specialty = programs["specialty"].fillna(programs["programme"]) if len(programs) else []
    shown = {"program_id": [str(key) for key in programs.index]}
    for name, values in (
        ("programme", programs["programme"]),
        ("specialty", pd.Series(specialty, index=programs.index, dtype=object)),
        (
            "fee_applies_to",
            programs["fee_applies_to"]
            if "fee_applies_to" in programs
            else pd.Series(np.nan, index=programs.index),
        ),
    ):
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        shown[name] = {"codes": codes.tolist(), "categories": [str(v) for v in distinct]}
    institutions = data.categories["institution"]
    # An institution in two countries (Aga Khan: Nairobi and Dar es Salaam) says which.
    abroad = programs.groupby("institution")["country"].nunique() > 1
    shown["institution_short"] = [short_institution(name) for name in institutions]
    shown["institution_abroad"] = [bool(abroad.get(name, False)) for name in institutions]
    return {
        "rule": {
            "n": data.n,
            "columns": {
                name: _json_numbers(values)
                if name in NUMBER_COLUMNS
                else values.astype(int).tolist()
                for name, values in data.columns.items()
            },
            "categories": data.categories,
        },
        "shown": shown,
    }


def _map_expression(mapping: dict, field: str) -> str:
    """A lookup as a Vega expression; a value not in the mapping gives null (unknown)."""
    cases = " : ".join(f"{field} == {json.dumps(k)} ? {v!r}" for k, v in mapping.items())
    return f"({cases} : null)"


def _text_map_expression(mapping: dict[str, str], field: str) -> str:
    cases = " : ".join(f"{field} == {json.dumps(k)} ? {json.dumps(v)}" for k, v in mapping.items())
    return f"({cases} : null)"


#: How many programmes the ranking chart draws, and the table lists before "Show all": a
#: phone's screenful, whatever the size of the catalogue.
CHART_ROWS = 10
TABLE_ROWS = 20

_TOP_ROW = "data('top')[toNumber(datum.value) - 1]"
_AXIS_LINES = (
    f"[{_TOP_ROW}.rank + '. ' + (width < 560 ? {_TOP_ROW}.narrow[0] : {_TOP_ROW}.wide[0]), "
    f"width < 560 ? {_TOP_ROW}.narrow[1] : {_TOP_ROW}.wide[1]]"
)


def compare_spec() -> dict:
    """The ranking chart: one stacked bar per programme the page hands it (dataset ``top``:
    ``slot`` 1, 2, ..., ``rank``, ``score``, ``from_<criterion>``, ``unknown`` and two-line
    labels ``wide`` and ``narrow``). The ranking itself is computed by the page's
    compare-rule.js, generated from :mod:`mmedlearn.compare_rule`; the chart only draws."""
    parts = [
        {
            "type": "fold",
            "fields": [f"from_{c}" for c in CRITERIA],
            "as": ["criterion_key", "part"],
        },
        {
            "type": "formula",
            "as": "criterion",
            "expr": _text_map_expression(
                {f"from_{c}": label for c, label in CRITERION_LABELS.items()}, "datum.criterion_key"
            ),
        },
        {
            "type": "formula",
            "as": "criterion_order",
            "expr": _map_expression(
                {f"from_{c}": i for i, c in enumerate(CRITERIA)}, "datum.criterion_key"
            ),
        },
        {
            "type": "stack",
            "groupby": ["slot"],
            "field": "part",
            "sort": {"field": "criterion_order"},
            "as": ["x0", "x1"],
        },
        {"type": "formula", "as": "label", "expr": "datum.rank + '. ' + datum.name"},
    ]
    labels = list(CRITERION_LABELS.values())
    bars = _bar_mark(
        "parts",
        ("x0", "x1"),
        "criterion",
        tooltip="{'Programme': datum.label, 'Criterion': datum.criterion, "
        "'Adds': format(datum.part, '.2f'), 'Score': format(datum.score, '.2f'), "
        "'Unknown (scores 0), or fee to check': datum.unknown || 'nothing'}",
        description="datum.label + ', ' + datum.criterion + ': adds ' + format(datum.part, '.2f')",
    )
    bars["encode"]["update"]["y"]["field"] = "slot"  # one band per row drawn, in rank order
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "description": (
            "Stacked horizontal bars, one per programme in rank order; each bar's segments show "
            "how much each criterion adds to the score from 0 to 1."
        ),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": 5,
        "signals": [
            _width_signal(),
            # Two lines of label a programme: the institution, then what tells its programmes apart.
            {"name": "height", "update": "max(1, length(data('top'))) * 34"},
            {"name": "label_limit", "update": "width < 560 ? 120 : 300"},
        ],
        "data": [
            {"name": "top", "values": []},
            {"name": "parts", "source": "top", "transform": parts},
        ],
        "scales": [
            {
                "name": "y",
                "type": "band",
                "range": "height",
                "padding": 0.15,
                "domain": {"data": "top", "field": "slot", "sort": {"field": "slot", "op": "min"}},
            },
            {"name": "x", "type": "linear", "range": "width", "domain": [0, 1]},
            {"name": "color", "type": "ordinal", "domain": labels, "range": OKABE_ITO[:4]},
        ],
        "axes": [
            {
                "orient": "left",
                "scale": "y",
                "labelLimit": {"signal": "label_limit"},
                "aria": False,
                "encode": {"labels": {"update": {"text": {"signal": _AXIS_LINES}}}},
            },
            {"orient": "bottom", "scale": "x", "title": "Score (0 to 1)", "aria": False},
        ],
        "legends": [
            {
                "fill": "color",
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 2,
                "title": "Criterion",
                "aria": False,
            }
        ],
        "marks": [bars],
    }


def compare_config(programs: pd.DataFrame, rates: pd.Series, currency: str = "USD") -> dict:
    """Chapter 3's explorer: the catalogue column by column (:func:`comparison_data`), the
    choices its filters offer, and the chart; the page ranks with compare-rule.js."""
    longest = longest_duration(programs)
    present = lambda column, order: [v for v in order if v in set(programs[column])]  # noqa: E731
    return {
        "kind": "compare",
        "key": "compare",
        "currency": currency,
        "currencies": list(rates.index),
        "rates": {c: float(rates[c]) for c in rates.index},
        **rate_config(rates),
        "scales": slider_scales(rates.index, rates),
        "total": len(programs),
        "choices": {
            "countries": sorted(programs["country"].dropna().unique()),
            "specialties": sorted(programs["specialty"].dropna().unique()),
            "research": present("research_requirement", RESEARCH_REQUIREMENTS),
            "delivery": present("delivery_mode", DELIVERY_MODES),
            "paid_post": present("paid_post", PAID_POST),
        },
        "unknown_duration": int(longest.isna().sum()),
        "criteria": [{"name": c, "label": CRITERION_LABELS[c]} for c in CRITERIA],
        "max_weight": MAX_WEIGHT,
        "duration_slider": [1, 10, 0.5],
        "cost_slider": [0, 50_000, 500],
        "chart_rows": CHART_ROWS,
        "table_rows": TABLE_ROWS,
        "data": comparison_data(programs),
        "specs": {"ranking": compare_spec()},
    }


# ------------------------------------------------------------------ in the page


class StaticExplorer:
    """An explorer as notebook output: in the book's build, the configuration the page's
    script draws; in a live kernel, a line pointing to the calculator that runs there."""

    def __init__(self, config: dict, live_hint: str):
        self.config, self.live_hint = config, live_hint

    def html(self) -> str:
        config = json.dumps(self.config, cls=ScriptSafeJSONEncoder, separators=(",", ":"))
        key = html.escape(self.config["key"])
        return (
            f'<div class="mmed-explorer" id="mmed-explorer-{key}" data-explorer="{key}">'
            f'<script type="application/json" class="mmed-explorer-config">{config}</script>'
            f'<p class="mmed-explorer-loading">The explorer is loading; it needs JavaScript, and '
            f"nothing you enter leaves this page.</p></div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        if os.environ.get(BOOK_BUILD_ENV_VAR):
            return {"text/html": self.html(), "text/plain": "The in-page explorer."}
        return {"text/plain": self.live_hint, "text/markdown": self.live_hint}


#: The currency chapter 5's explorer starts in (chapter 8 lists its starting values in it).
ROI_EXPLORER_CURRENCY = "USD"


def roi_explorer_page(
    start: Assumptions | None = None,
    programs: pd.DataFrame | None = None,
    rates: pd.Series | None = None,
    currency: str = ROI_EXPLORER_CURRENCY,
) -> StaticExplorer:
    """Chapter 5's kernel-free ROI explorer."""
    from mmedlearn.catalog import load_programs
    from mmedlearn.defaults import load_default_assumptions

    start = load_default_assumptions() if start is None else start
    programs = load_programs() if programs is None else programs
    rates = load_exchange_rates() if rates is None else rates
    return StaticExplorer(
        roi_config(start, programs, rates, currency),
        "The in-page ROI explorer is drawn in the published book; here, use the "
        "calculator below (`ROICalculator()`), which runs in this kernel.",
    )


def compare_explorer_page(
    programs: pd.DataFrame | None = None, rates: pd.Series | None = None, currency: str = "USD"
) -> StaticExplorer:
    """Chapter 3's kernel-free comparison explorer."""
    from mmedlearn.catalog import load_programs

    programs = load_programs() if programs is None else programs
    rates = load_exchange_rates() if rates is None else rates
    return StaticExplorer(
        compare_config(programs, rates, currency),
        "The in-page comparison is drawn in the published book; here, use the "
        "explorer below (`ComparisonExplorer()`), which runs in this kernel.",
    )
