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
    rate_note,
    rates_used,
)
from mmedlearn.compare_rule import NUMBER_COLUMNS
from mmedlearn.fields import FIELDS, Field
from mmedlearn.model import SIMULATION_RANGES, SIMULATION_RANGES_TEXT
from mmedlearn.roi import Assumptions, asdict
from mmedlearn.scenario import (
    SALARY_FIELDS,
    SALARY_NOTE_TEMPLATES,
    fee_context,
    programme_scenario,
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


def _width_signal(fallback: int = 640) -> dict:
    size = (
        f"isFinite(containerSize()[0]) && containerSize()[0] > 0 ? containerSize()[0] : {fallback}"
    )
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
    """Which assumptions matter most: roi.sensitivity's table, drawn as a tornado. A renderer:
    the page's script replaces the rows of ``sensitivity`` (every field: field, label,
    npv_low, npv_high, low_value, high_value, swing, position, low, high, direction, sorted
    as roi.sensitivity sorts it) and of ``bars`` (those with a swing).
    """
    data = [{"name": "sensitivity", "values": []}, {"name": "bars", "values": []}]
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
            {"name": "currency", "value": currency},
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


#: The fees a preset fills in, converted in the page from the programme's own currency.
PRESET_FEES = ("tuition_per_year", "one_off_fees")
#: A currency code no rate table holds: the notes are written once in it, then its amount
#: and rate phrase become the placeholders the page fills for the reader's currency.
_PLACEHOLDER_CURRENCY = "XXX"


def _fee_templates(programme: pd.Series, base: Assumptions, rates: pd.Series) -> dict:
    """Each fee of one programme as the page needs it, from programme_scenario's own notes:
    ``kind`` "fixed" (the same value and note in every currency: a degree by examination has
    no tuition), "missing" (``note`` says why, with ``{currency}``) or "fee" (``value`` in the
    programme's own currency; ``note`` as written in that currency; ``template`` as written
    after conversion, with ``{money}`` for the converted amount and ``{rates}`` for the rates
    phrase, which the page picks from ``rate_groups`` as compare.rate_note does)."""
    fee_currency = programme.get("fee_currency")
    fixed = ("horizon_years", "dropout_year", "duration_years")
    has_rate = isinstance(fee_currency, str) and fee_currency in rates.index
    pseudo = rates.copy()
    pseudo.attrs = {
        **rates.attrs,
        "rate_dates": dict(rates.attrs.get("rate_dates", {})),
        "rate_sources": dict(rates.attrs.get("rate_sources", {})),
    }
    if has_rate:
        pseudo[_PLACEHOLDER_CURRENCY] = rates[fee_currency]
        pseudo.attrs["rate_dates"][_PLACEHOLDER_CURRENCY] = rates.attrs.get("rate_date", "")
        pseudo.attrs["rate_sources"][_PLACEHOLDER_CURRENCY] = "placeholder"
    converted = programme_scenario(programme, base, _PLACEHOLDER_CURRENCY, pseudo, fixed=fixed)
    own = (
        programme_scenario(programme, base, fee_currency, rates, fixed=fixed) if has_rate else None
    )
    phrase = rate_note(pseudo, rates_used(_PLACEHOLDER_CURRENCY, [fee_currency], pseudo))
    out = {}
    for name in PRESET_FEES:
        note = converted.field_notes[name]
        if name in converted.missing:
            # A note about a missing value ends with the reader's own value: keep its reason.
            reason = note.split(": your ")[0].replace(_PLACEHOLDER_CURRENCY, "{currency}")
            out[name] = {"kind": "missing", "note": reason}
        elif pd.isna(programme.get(name)):  # set by rule, not by a fee (examination only)
            value = _tidy(getattr(converted.assumptions, name))
            out[name] = {"kind": "fixed", "value": value, "note": note}
        else:
            amount = getattr(converted.assumptions, name)
            template = note.replace(phrase, "{rates}").replace(
                f"{amount:,.0f} {_PLACEHOLDER_CURRENCY}", "{money}"
            )
            out[name] = {
                "kind": "fee",
                "value": _tidy(float(programme[name])),
                "note": own.field_notes[name],
                "template": template,
            }
    return out


class _Texts:
    """Notes stored once: each becomes an index into one list, with what is particular to a
    programme (its own amount, its fee's year and context, its length) as placeholders."""

    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _generalised(text: str, programme: pd.Series) -> str:
    """A note with the programme's own fee amounts and fee context as placeholders."""
    currency = programme.get("fee_currency")
    if isinstance(currency, str):
        for name, token in (("tuition_per_year", "{tuition}"), ("one_off_fees", "{one_off}")):
            amount = programme.get(name)
            if amount is not None and pd.notna(amount):
                text = text.replace(f"{float(amount):,.0f} {currency}", token)
    return text.replace(fee_context(programme), "{context}")


def presets(
    programs: pd.DataFrame, base: Assumptions, rates: pd.Series, texts: _Texts | None = None
) -> list[dict]:
    """Every programme once, in its own currency (the page converts with the rates): its
    length and programme_scenario's notes, so the page grows with the programmes only.
    With ``texts``, every note is an index into it (placeholders ``{tuition}``,
    ``{one_off}``: the programme's own amounts; ``{context}``: its fee's year and who the
    fee is for; ``{years}``: its length); without, the notes are written out."""
    out = []
    for key, programme in programs.iterrows():
        scenario = programme_scenario(
            programme, base, "EUR", pd.Series({"EUR": 1.0}), fixed=PRESET_FEES
        )
        missing = "duration_years" in scenario.missing
        note = scenario.field_notes["duration_years"]
        fee_currency = programme.get("fee_currency")
        duration = None if missing else _tidy(scenario.assumptions.duration_years)
        entry = {
            "id": str(key),
            "label": f"{programme['institution']} · {programme['programme']}",
            "currency": fee_currency if isinstance(fee_currency, str) else None,
            "duration_years": duration,
            "duration_note": note.split(": your ")[0] if missing else note,
            **_fee_templates(programme, base, rates),
        }
        if texts is not None:
            entry["context"] = texts.add(fee_context(programme))
            entry["duration_note"] = texts.add(
                entry["duration_note"].replace(f"Length {duration:g} years", "Length {years} years")
                if duration is not None
                else entry["duration_note"]
            )
            for name in PRESET_FEES:
                fee = entry[name]
                for part in ("note", "template"):
                    if part in fee:
                        fee[part] = texts.add(_generalised(fee[part], programme))
        out.append(entry)
    return out


def _packed_fee(fee: dict) -> int | list:
    """One fee, as short as it can be said: a missing fee is its note's index; a fixed one
    [value, note]; a fee in its own currency [value, note, template]."""
    if fee["kind"] == "missing":
        return fee["note"]
    if fee["kind"] == "fixed":
        return [fee["value"], fee["note"]]
    return [fee["value"], fee["note"], fee["template"]]


def packed_presets(entries: list[dict], texts: _Texts) -> list[list]:
    """The presets as short arrays (the page unpacks them, explorers.js unpackPreset):
    [id, institution, programme, currency, duration_years, duration_note, context, tuition,
    one_off_fees] (fees as :func:`_packed_fee`); names and notes are indices into ``texts``.
    A programme costs the page about 120 bytes, whatever the number of currencies."""
    out = []
    for entry in entries:
        institution, programme = entry["label"].split(" · ", 1)
        out.append(
            [
                entry["id"],
                texts.add(institution),
                texts.add(programme),
                entry["currency"],
                entry["duration_years"],
                entry["duration_note"],
                entry["context"],
                *[_packed_fee(entry[name]) for name in PRESET_FEES],
            ]
        )
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
    # The generator's state, not its draws: the page regenerates numpy's uniform numbers
    # (mmed-model.gen.js numpyUniforms), the very ones roi.simulate(seed=SIMULATION_SEED) uses.
    generator = np.random.default_rng(SIMULATION_SEED).bit_generator.state["state"]
    texts = _Texts()
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
        "presets": packed_presets(presets(programs, start, rates, texts), texts),
        "preset_texts": texts.items,
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
