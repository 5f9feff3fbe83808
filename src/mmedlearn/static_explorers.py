"""The published book's kernel-free explorers: Vega specs and the controls' configuration.

The book has no kernel, so the two explorers of chapters 3 and 5 compute in the reader's
browser. What runs there is generated here, in Python, from the one definition of each thing:

* the ROI model is :data:`mmedlearn.roi_charts.MODEL_EXPRESSIONS` (roi-model.md as Vega
  expressions), rewritten to read each scenario's inputs from its row, so one set of
  expressions computes the reader's line, the sensitivity (``roi.sensitivity``) and the
  uncertainty band (``roi.simulate`` with ``widgets.simulation_ranges``);
* every control comes from :data:`mmedlearn.fields.FIELDS` (label, range, slider, kind);
* "start from my situation" is :func:`mmedlearn.scenario.start_from_situation`, computed here
  for every country, funding and programme into one file a country (:func:`situation_files`),
  which the page loads when the reader picks the country;
* the comparison runs ``book/_assets/js/compare-rule.js``, generated from
  :mod:`mmedlearn.compare_rule` (the rule :func:`mmedlearn.compare.compare` runs), on the
  catalogue sent column by column (:func:`comparison_data`); its chart only draws the top rows.
  The page itself carries only its first view, the default ranking's first rows computed by
  :func:`mmedlearn.compare.compare` (:func:`comparison_first_view`); the catalogue is a file of
  its own under _static (:func:`split_explorer_files`), loaded when the reader changes a
  setting, so what the page sends does not grow with the catalogue.

The pages' scripts (``book/_assets/js/explorer-common.js`` and one file per explorer) draw labelled sliders, typed
boxes and selects from the configuration, and pushes values into the Vega views with
``view.signal(name, value)``. Tests hold the views against the Python functions in Chromium.
"""

from __future__ import annotations

import hashlib
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
    Filters,
    Weights,
    compare,
    encode,
    load_exchange_rates,
    longest_duration,
    rate_groups,
)
from mmedlearn.compare_rule import NUMBER_COLUMNS
from mmedlearn.fields import FIELDS, Field
from mmedlearn.model import SIMULATION_RANGES, SIMULATION_RANGES_TEXT
from mmedlearn.roi import Assumptions, asdict
from mmedlearn.scenario import (
    FUNDING_TYPES,
    ILLUSTRATIVE,
    SALARY_FIELDS,
    SALARY_NOTE_TEMPLATES,
    start_from_situation,
)
from mmedlearn.schema import DELIVERY_MODES, PAID_POST, RESEARCH_REQUIREMENTS

BLUE, ORANGE, GREEN, PINK, SKY, VERMILION = OKABE_ITO[:6]

# ------------------------------------------------------------------ the page's model
# The page computes the model with book/_assets/js/mmed-model.gen.js, generated from
# mmedlearn.model (the same tree roi.evaluate runs), and pushes the rows it computes into
# the Vega views below, which only draw them.

SPREAD = 0.2


def _round_half_even(x: str) -> str:
    """Python's round() (ties to even) as a Vega expression; Vega's round() rounds ties up."""
    return f"({x} - floor({x}) == 0.5 ? (floor({x}) % 2 == 0 ? floor({x}) : floor({x}) + 1) : round({x}))"


#: 1,000 draws (the live calculator takes 2,000): the draws travel with the page, and the
#: chapter must stay within its 1.5 MB budget.
SIMULATION_DRAWS = 1_000
SIMULATION_SEED = 0
SIMULATION_RANGES_TEXT = SIMULATION_RANGES_TEXT


def uniform_draws(n: int = SIMULATION_DRAWS, seed: int = SIMULATION_SEED) -> np.ndarray:
    """The uniform numbers ``roi.simulate(..., n, seed)`` uses, one block of n per varied field:
    numpy's Generator draws its uniform, and its triangular, from one such number each."""
    blocks = len(SIMULATION_RANGES)
    return np.random.default_rng(seed).random(blocks * n).reshape(blocks, n)


# ------------------------------------------------------------------ the ROI views


#: The explorers' charts read as the book's Altair charts do (charts.SIZING): no text under
#: 11 px (Vega's own axis labels are 10 px); a horizontal axis title that starts from the
#: plot's right end (centred under a phone's narrow plot, it ran past the chart's edge), and
#: end labels kept within the plot.
_CHART_CONFIG = {
    "axis": {"labelFontSize": 11, "titleFontSize": 12},
    "axisX": {"titleAnchor": "end", "labelFlush": True, "labelOverlap": True},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
}


def _container_width(fallback: str) -> str:
    """The width of the element a chart is drawn in, where the page has laid it out, else
    ``fallback`` (an expression)."""
    return (
        f"isFinite(containerSize()[0]) && containerSize()[0] > 0 ? containerSize()[0] : {fallback}"
    )


_CONTAINER = f"({_container_width('width')})"


def _width_signal(fallback: int = 640) -> dict:
    size = _container_width(str(fallback))
    return {"name": "width", "init": size, "on": [{"events": "window:resize", "update": size}]}


def roi_spec(start: Assumptions, currency: str = "USD") -> dict:
    """The cumulative discounted gain year by year, its 5th–95th percentile band over
    simulated cases, the break-even year and the NPV: a renderer only. The page's script
    computes (mmed-model.gen.js) and replaces the rows of ``flows`` (year, cumulative,
    net_flow), ``band`` (year, low, high) and ``summary`` (one row: npv, breakeven_year,
    payback_year, total_cost, irr, breakeven_post_salary, leaves_after, dropout_moved), and
    sets the signals ``currency`` and ``horizon_years``. Tests read those datasets, and
    ``simulation_percentiles`` (prob, value) and ``simulation_chance``.
    """
    # No rows here: the page's script computes the first result and puts its rows into the
    # spec before drawing it (so the scales never start from empty data), then replaces them.
    data = [
        {"name": name, "values": []}
        for name in ("flows", "band", "summary", "simulation_percentiles", "simulation_chance")
    ]
    x = {
        "name": "x",
        "type": "linear",
        "domain": [1, {"signal": "max(2, horizon_years)"}],
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

    def summary_line(y: int | str, signal: str, size: int = 13, bold: bool = False) -> dict:
        """One line of the summary written in the chart's top left corner (``y`` a number, or
        an expression)."""
        font = {"fontSize": {"value": size}, **({"fontWeight": {"value": "bold"}} if bold else {})}
        place = {"value": y} if isinstance(y, int) else {"signal": y}
        return {
            "type": "text",
            "from": {"data": "summary"},
            "encode": {"update": {**text, "y": place, **font, "text": {"signal": signal}}},
        }

    # On a phone the NPV in a large currency ("NPV over 30 years: 15,449,284 KES") is wider
    # than the plot: there it takes two lines, and the lines below move down by one.
    narrow = "width < 520"
    npv = "format(datum.npv, ',.0f') + ' ' + currency"

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
            f"{narrow} ? ['NPV over ' + horizon_years + ' years:', {npv}]"
            f" : 'NPV over ' + horizon_years + ' years: ' + {npv}",
            size=15,
            bold=True,
        ),
        summary_line(
            f"{narrow} ? 48 : 30",
            "datum.breakeven_year == null ? 'No break-even within ' + horizon_years + ' years'"
            " : 'Break-even in year ' + datum.breakeven_year",
        ),
        summary_line(
            f"{narrow} ? 68 : 50",
            "datum.dropout_moved ? 'A non-finisher leaves after year ' + datum.leaves_after"
            " + ', the last full year' : ''",
        ),
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "config": _CHART_CONFIG,
        "description": (
            "Line chart of the cumulative discounted gain of the MMed path over the path without "
            "it, by year, with a shaded band from the 5th to the 95th percentile of simulated "
            "cases. The NPV and the break-even year are written in the top left corner and in "
            "the results beside the chart."
        ),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "height": 320,
        # Vega's bounds of a two-line vertical title fall 2 px short on the left.
        "padding": {"left": 8, "top": 5, "right": 5, "bottom": 5},
        "signals": [
            _width_signal(),
            {"name": "currency", "value": currency},
            {"name": "horizon_years", "value": start.horizon_years},
        ],
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
                # Taller than a phone's chart on one line: two there.
                "title": {
                    "signal": f"{narrow} ? ['Cumulative discounted gain', '(' + currency + ', "
                    "money of today)'] : 'Cumulative discounted gain (' + currency + ', money of "
                    "today)'"
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
    """Which assumptions matter most: roi.sensitivity's table, drawn as a tornado. A renderer:
    the page's script replaces the rows of ``sensitivity`` (every field: field, label,
    npv_low, npv_high, low_value, high_value, swing, position, low, high, direction, sorted
    as roi.sensitivity sorts it) and of ``bars`` (those with a swing).
    """
    data = [{"name": "sensitivity", "values": []}, {"name": "bars", "values": []}]
    directions = ["Raising it raises the NPV", "Raising it lowers the NPV"]
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "config": _CHART_CONFIG,
        "description": (
            "Horizontal bars, one per input, from the NPV with the input 20 % lower to the NPV "
            "with it 20 % higher, longest first."
        ),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": 5,
        "signals": [
            _width_signal(),
            {"name": "currency", "value": currency},
            {"name": "height", "update": "max(1, length(data('bars'))) * 24"},
            # By the container's width: the plot's own width shrinks as the labels grow.
            {
                "name": "label_limit",
                "update": f"{_CONTAINER} < 360 ? 100 : {_CONTAINER} < 560 ? 120 : 150",
            },
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
                # Two lines, as chapter 5's Altair tornado has them: one is wider than a phone.
                "title": {"signal": "['NPV when the input moves ±20 %', '(' + currency + ')']"},
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


# ------------------------------------------------------------------ start from my situation
# The page never applies scenario.start_from_situation's rule itself: its results are computed
# here, when the book is built, for every country, funding and programme, and written one file
# a country (situation_files). The page loads a country's file when the reader picks it, so
# what it sends at first grows with the countries, never with the programmes.


def situation_countries(
    programs: pd.DataFrame, pay_scales: pd.DataFrame, funding_terms: pd.DataFrame
) -> list[str]:
    """Every country a reader can start from: those with programmes, and those with pay
    scales or funding terms but no programme (a Nigerian reader still gets their salaries)."""
    names = set(programs["country"].dropna())
    names |= set(pay_scales["country"].dropna()) | set(funding_terms["country"].dropna())
    return sorted(str(name) for name in names)


def situation_file_name(country: str) -> str:
    """The file of one country's situations: ASCII letters and digits only (a safe URL)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", country).encode("ascii", "ignore").decode()
    slug = "".join(c if c.isalnum() else "-" for c in folded.lower()).strip("-") or "country"
    digest = hashlib.sha1(country.encode()).hexdigest()[:6]  # two names, one slug: two files
    return f"{slug}-{digest}.js"


def _situation_json(situation) -> dict:
    return {
        "currency": situation.currency,
        "values": {name: _tidy(value) for name, value in situation.values.items()},
        "origins": dict(situation.origins),
        "notes": list(situation.notes),
    }


def _difference(full: dict, against: dict) -> dict:
    """What ``full`` changes in ``against``: the page lays it over (roi-explorer.js situationFor)."""
    out = {}
    if full["currency"] != against["currency"]:
        out["currency"] = full["currency"]
    added = [note for note in full["notes"] if note not in against["notes"]]
    if added:
        out["notes_added"] = added
    changed = [
        name
        for name in full["values"]
        if full["values"][name] != against["values"].get(name)
        or full["origins"][name] != against["origins"].get(name)
    ]
    if changed:
        out["values"] = {name: full["values"][name] for name in changed}
        out["origins"] = {name: full["origins"][name] for name in changed}
    return out


def situation_data(
    country: str,
    *,
    base: dict,
    base_currency: str,
    programs: pd.DataFrame,
    pay_scales: pd.DataFrame,
    funding_terms: pd.DataFrame,
    sources: pd.DataFrame,
    rates: pd.Series,
) -> dict:
    """One country's file: for each funding, start_from_situation's values, sources and notes
    with no programme; for each of the country's programmes, what choosing it changes."""

    def situation(funding, programme=None, pay=pay_scales, terms=funding_terms, currency=None):
        return _situation_json(
            start_from_situation(
                country,
                funding,
                base=base,
                base_currency=base_currency,
                pay_scales=pay,
                funding_terms=terms,
                sources=sources,
                rates=rates,
                programme=programme,
                currency=currency,
            )
        )

    fundings = {funding: situation(funding) for funding in FUNDING_TYPES}
    # What a programme fills (length, fees) does not depend on the funding, nor on the pay
    # tables but through the currency: computed once a programme, without the pay tables and
    # in the country's currency (the pay lookups were most of the time: 5,000 programmes build
    # in seconds, not minutes). tests/test_roi_page.py holds every laid-over result against
    # start_from_situation itself, for every country, funding and programme shipped.
    has_pay = bool((pay_scales["country"] == country).any())
    currency = fundings[FUNDING_TYPES[0]]["currency"] if has_pay else None
    none = {"pay": pay_scales.iloc[:0], "terms": funding_terms.iloc[:0], "currency": currency}
    against = situation(FUNDING_TYPES[0], None, **none) if has_pay else None
    programmes = []
    for key, programme in programs[programs["country"] == country].iterrows():
        if has_pay:
            fills = _difference(situation(FUNDING_TYPES[0], programme, **none), against)
        else:
            # No pay scale: the programme's fee sets the currency, and the funding terms still
            # apply: each funding's situation with this programme, whole.
            fills = {
                "by_funding": {
                    f: _difference(situation(f, programme), fundings[f]) for f in FUNDING_TYPES
                }
            }
        programmes.append(
            {
                "id": str(key),
                "label": f"{programme['institution']} · {programme['programme']}",
                "fills": fills,
            }
        )
    programmes.sort(key=lambda p: p["label"])
    # Each source's words once a file: programmes share their institution's sources, so an
    # origin is an index into ``texts`` (roi-explorer.js situationFor looks it up).
    index: dict[str, int] = {}

    def indexed(origins: dict) -> dict:
        return {name: index.setdefault(text, len(index)) for name, text in origins.items()}

    parts = list(fundings.values())
    for programme in programmes:
        fills = programme["fills"]
        parts += list(fills["by_funding"].values()) if "by_funding" in fills else [fills]
    for part in parts:
        if "origins" in part:
            part["origins"] = indexed(part["origins"])
    texts = sorted(index, key=index.get)
    return {"country": country, "texts": texts, "fundings": fundings, "programmes": programmes}


def situation_tables() -> dict[str, pd.DataFrame]:
    """The tables start_from_situation reads, as the command reads them."""
    from mmedlearn.catalog import data_dir, load_tables

    tables = load_tables(data_dir())
    return {
        "pay_scales": tables["pay_scales.csv"],
        "funding_terms": tables["funding_terms.csv"],
        "sources": tables["sources.csv"],
    }


def situation_files(
    base: dict,
    base_currency: str,
    programs: pd.DataFrame,
    rates: pd.Series,
    tables: dict[str, pd.DataFrame] | None = None,
) -> dict[str, str]:
    """Every country's file (name -> script text): a call of ``window.mmedSituationLoaded``
    with :func:`situation_data`, which the page loads on demand. ``base`` is the page's
    starting values (its config's ``start``), in ``base_currency``."""
    tables = situation_tables() if tables is None else tables
    files = {}
    for country in situation_countries(programs, tables["pay_scales"], tables["funding_terms"]):
        data = situation_data(
            country,
            base=base,
            base_currency=base_currency,
            programs=programs,
            rates=rates,
            **tables,
        )
        text = json.dumps(
            data, cls=ScriptSafeJSONEncoder, separators=(",", ":"), ensure_ascii=False
        )
        files[situation_file_name(country)] = f"window.mmedSituationLoaded({text});\n"
    return files


def write_situation_files(folder, *args, **kwargs) -> list[str]:
    """Write :func:`situation_files` into ``folder`` (the book's _static/situations)."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = situation_files(*args, **kwargs)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(files)


def rate_config(rates: pd.Series) -> dict:
    """What the page needs to name the rates a conversion used, in compare.rate_note's words:
    the page picks the groups whose currencies it converted and joins their phrases."""
    return {
        "rate_groups": [[phrase, list(codes)] for phrase, codes in rate_groups(rates)],
        "no_rates_note": NO_CONVERSION_NOTE,
    }


def start_origins(start: Assumptions, rates: pd.Series) -> dict[str, str]:
    """Where each starting value comes from, as chapter 5's table under the explorer says it
    (cases.starting_case): a source and its year, or "illustrative"; so the boxes of the
    starting case do not call a sourced value illustrative."""
    from mmedlearn.cases import starting_case

    table = starting_case(start, rates=rates)
    return dict(zip(FIELDS, table["where it comes from"], strict=True))


def roi_config(
    start: Assumptions,
    programs: pd.DataFrame,
    rates: pd.Series,
    currency: str = "USD",
    tables: dict[str, pd.DataFrame] | None = None,
) -> dict:
    """Chapter 5's explorer. The situations a reader starts from are not in it, only the
    countries: their files (:func:`situation_files`) are written beside the page's scripts."""
    tables = situation_tables() if tables is None else tables
    # Only currencies with a rate, as in the comparison and the calculator: in any other, no
    # amount could be converted, and a fee in it is shown with its reason in the preset's note.
    currencies = list(rates.index)
    # The generator's state, not its draws: the page regenerates numpy's uniform numbers
    # (mmed-model.gen.js numpyUniforms), the very ones roi.simulate(seed=SIMULATION_SEED) uses.
    generator = np.random.default_rng(SIMULATION_SEED).bit_generator.state["state"]
    countries = situation_countries(programs, tables["pay_scales"], tables["funding_terms"])
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
        "start_origins": start_origins(start, rates),
        "situations": {
            "countries": [[country, situation_file_name(country)] for country in countries],
            "fundings": list(FUNDING_TYPES),
            "illustrative": ILLUSTRATIVE,
        },
        "salary_fields": list(SALARY_FIELDS),
        "salary_notes": SALARY_NOTE_TEMPLATES,
        "spread": SPREAD,
        "simulation": {
            "draws": SIMULATION_DRAWS,
            "ranges": SIMULATION_RANGES_TEXT,
            "blocks": len(SIMULATION_RANGES),
            "generator": [str(generator["state"]), str(generator["inc"])],
        },
        "specs": {"roi": roi_spec(start, currency), "tornado": tornado_spec(start, currency)},
    }


# ------------------------------------------------------------------ the comparison


def _json_numbers(values: np.ndarray) -> list:
    """Numbers as the page's JSON writes them: null for unknown, 2015 rather than 2015.0."""
    out = pd.Series(values, dtype=object)
    whole = np.isfinite(values) & (np.mod(values, 1) == 0)
    out[whole] = values[whole].astype(np.int64)
    return out.where(~np.isnan(values), None).tolist()


def comparison_data(programs: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> dict:
    """The catalogue as chapter 3's page receives it, column by column: ``rule`` is exactly
    what :func:`mmedlearn.compare.encode` gives the comparison rule (so the page ranks from
    the same numbers and codes as Python), ``shown`` what the page writes about a programme.
    Repeated text (institutions, countries, specialties) is sent once, as categories.
    ``programs`` may be a few rows of ``catalogue`` (the first view): whether an institution
    is in two countries is then still judged on the whole catalogue."""
    catalogue = programs if catalogue is None else catalogue
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
    abroad = catalogue.groupby("institution")["country"].nunique() > 1
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
        "config": _CHART_CONFIG,
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
                # Two columns ran past a 320 px phone's edge: one there.
                "columns": {"signal": "width < 360 ? 1 : 2"},
                "title": "Criterion",
                "aria": False,
            }
        ],
        "marks": [bars],
    }


#: Where chapter 3's catalogue file goes, under the book's _static folder.
COMPARISON_FOLDER = "comparison"


def comparison_first_view(
    programs: pd.DataFrame, rates: pd.Series, currency: str, choices: dict
) -> dict:
    """What the page shows before the reader changes anything: the default ranking (every
    answer of ``choices`` ticked, no limit, equal weights, in ``currency``) as
    :func:`mmedlearn.compare.compare` computes it, its first :data:`TABLE_ROWS` rows with the
    text the page writes about them (:func:`comparison_data` of those rows), how many match,
    and the currencies whose rates the whole ranking used. The page ranks nothing until the
    reader changes a setting; it then loads the catalogue and ranks with compare-rule.js."""
    filters = Filters(
        research=tuple(choices["research"]),
        delivery=tuple(choices["delivery"]),
        paid_post=tuple(choices["paid_post"]),
        currency=currency,
    )
    ranked = compare(programs, filters, Weights(), rates)
    top = ranked.head(TABLE_ROWS)
    positions = [int(programs.index.get_loc(key)) for key in top.index]
    numbers = ["score", "coverage", "annual_cost", *(f"from_{c}" for c in CRITERIA)]
    converted = ranked.loc[ranked["annual_cost"].notna(), "fee_currency"].dropna()
    return {
        "matched": len(ranked),
        "converted": sorted({str(code) for code in converted}),
        "positions": positions,
        "data": comparison_data(programs.iloc[positions], catalogue=programs),
        "result": {name: _json_numbers(top[name].to_numpy(dtype=float)) for name in numbers},
        "unknown": [", ".join(flags) for flags in top["unknown"]],
    }


def comparison_file(programs: pd.DataFrame) -> tuple[str, str]:
    """The catalogue file chapter 3's page loads on demand: its path under _static (named by
    its content, so a browser never keeps a stale copy) and its JSON."""
    payload = json.dumps(
        comparison_data(programs), cls=ScriptSafeJSONEncoder, separators=(",", ":")
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
    return f"{COMPARISON_FOLDER}/catalogue-{digest}.js", payload


def compare_config(
    programs: pd.DataFrame, rates: pd.Series, currency: str = "USD", data_file: str | None = None
) -> dict:
    """Chapter 3's explorer: the first view (:func:`comparison_first_view`), the name of the
    catalogue's file (:func:`comparison_file`; ``data_file`` when the caller made it already),
    the choices its filters offer, and the chart; the page ranks with compare-rule.js once the
    catalogue is loaded."""
    longest = longest_duration(programs)
    present = lambda column, order: [v for v in order if v in set(programs[column])]  # noqa: E731
    choices = {
        "countries": sorted(programs["country"].dropna().unique()),
        "specialties": sorted(programs["specialty"].dropna().unique()),
        "research": present("research_requirement", RESEARCH_REQUIREMENTS),
        "delivery": present("delivery_mode", DELIVERY_MODES),
        "paid_post": present("paid_post", PAID_POST),
    }
    return {
        "kind": "compare",
        "key": "compare",
        "currency": currency,
        "currencies": list(rates.index),
        "rates": {c: float(rates[c]) for c in rates.index},
        **rate_config(rates),
        "scales": slider_scales(rates.index, rates),
        "total": len(programs),
        "choices": choices,
        "unknown_duration": int(longest.isna().sum()),
        "criteria": [{"name": c, "label": CRITERION_LABELS[c]} for c in CRITERIA],
        "max_weight": MAX_WEIGHT,
        "duration_slider": [1, 10, 0.5],
        "cost_slider": [0, 50_000, 500],
        "chart_rows": CHART_ROWS,
        "table_rows": TABLE_ROWS,
        "first_view": comparison_first_view(programs, rates, currency, choices),
        "data_file": data_file or comparison_file(programs)[0],
        "specs": {"ranking": compare_spec()},
    }


# ------------------------------------------------------------------ in the page


#: A file an explorer loads on demand, as it travels in the notebook's output until the
#: book's build writes it under _static and takes it out of the page (split_explorer_files).
EXPLORER_FILE = re.compile(
    r'<script type="application/json" class="mmed-explorer-file" data-file="([^"]+)">(.*?)</script>',
    re.S,
)
#: What a file's name may be: a folder and a name of letters, digits and dashes (a safe URL,
#: and a path that cannot leave _static).
EXPLORER_FILE_NAME = re.compile(r"[a-z]+/[a-z0-9-]+\.js")


class StaticExplorer:
    """An explorer as notebook output: in the book's build, the configuration the page's
    script draws; in a live kernel, a line pointing to the calculator that runs there.
    ``files`` (path under _static -> JSON) are what the page loads on demand: they travel with
    the output and the build writes them beside the page's scripts (split_explorer_files)."""

    def __init__(self, config: dict, live_hint: str, files: dict[str, str] | None = None):
        self.config, self.live_hint, self.files = config, live_hint, dict(files or {})

    def html(self) -> str:
        config = json.dumps(self.config, cls=ScriptSafeJSONEncoder, separators=(",", ":"))
        key = html.escape(self.config["key"])
        files = "".join(
            f'<script type="application/json" class="mmed-explorer-file" '
            f'data-file="{html.escape(name)}">{payload}</script>'
            for name, payload in self.files.items()
        )
        return (
            f'<div class="mmed-explorer" id="mmed-explorer-{key}" data-explorer="{key}">'
            f'<script type="application/json" class="mmed-explorer-config">{config}</script>'
            f'<p class="mmed-explorer-loading">The explorer is loading; it needs JavaScript, and '
            f"nothing you enter leaves this page.</p>{files}</div>"
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
    tables: dict[str, pd.DataFrame] | None = None,
) -> StaticExplorer:
    """Chapter 5's kernel-free ROI explorer. Its situations' files are written by the book's
    build (book/_ext/mmed_book.py, :func:`write_situation_files`) into _static/situations."""
    from mmedlearn.catalog import load_programs
    from mmedlearn.defaults import load_default_assumptions

    start = load_default_assumptions() if start is None else start
    programs = load_programs() if programs is None else programs
    rates = load_exchange_rates() if rates is None else rates
    return StaticExplorer(
        roi_config(start, programs, rates, currency, tables),
        "The in-page ROI explorer is drawn in the published book; here, use the "
        "calculator below (`ROICalculator()`), which runs in this kernel.",
    )


def compare_explorer_page(
    programs: pd.DataFrame | None = None, rates: pd.Series | None = None, currency: str = "USD"
) -> StaticExplorer:
    """Chapter 3's kernel-free comparison explorer: the page holds its first view, and the
    catalogue travels as a file of its own (:func:`comparison_file`)."""
    from mmedlearn.catalog import load_programs

    programs = load_programs() if programs is None else programs
    rates = load_exchange_rates() if rates is None else rates
    # The catalogue serialised once: its name goes in the configuration, its text in the file.
    name, payload = comparison_file(programs)
    return StaticExplorer(
        compare_config(programs, rates, currency, data_file=name),
        "The in-page comparison is drawn in the published book; here, use the "
        "explorer below (`ComparisonExplorer()`), which runs in this kernel.",
        files={name: payload},
    )


def explorer_file_script(name: str, payload: str) -> str:
    """A data file as the page loads it: a script calling ``window.mmedExplorerFileLoaded``
    (a <script> element, not fetch(), so that a page opened from file:// can load it)."""
    return f"window.mmedExplorerFileLoaded({json.dumps(name)}, {payload});\n"


def split_explorer_files(body: str) -> tuple[str, dict[str, str]]:
    """Take the files an explorer loads on demand out of a page's HTML: the page without
    them, and each file's path under _static with its script text (explorer_file_script).
    The book's build (book/_ext/mmed_book.py) writes them beside the page's scripts."""
    files: dict[str, str] = {}

    def take(match: re.Match) -> str:
        name = html.unescape(match.group(1))
        if not EXPLORER_FILE_NAME.fullmatch(name):
            raise ValueError(
                f"an explorer file's name must match {EXPLORER_FILE_NAME.pattern}: {name!r}"
            )
        files[name] = explorer_file_script(name, match.group(2))
        return ""

    return EXPLORER_FILE.sub(take, body), files
