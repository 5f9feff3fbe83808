"""ipywidgets wiring for live kernels (Binder, Jupyter, Colab): controls in, pure functions
and chart builders out. No model logic lives here."""

from __future__ import annotations

import functools
import html
import math

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from mmedlearn import charts, roi, roi_charts
from mmedlearn.catalog import data_dir, load_programs, load_tables
from mmedlearn.compare import (
    CRITERIA,
    MAX_WEIGHT,
    RANKED_COLUMNS,
    Filters,
    Weights,
    compare,
    load_exchange_rates,
    longest_duration,
    rate_note,
    rates_used,
    result_labels,
)
from mmedlearn.defaults import load_default_assumptions
from mmedlearn.fields import FIELDS
from mmedlearn.scenario import (
    FUNDING_TYPES,
    ILLUSTRATIVE,
    SALARY_FIELDS,
    programme_scenario,
    salary_notes,
    situation_countries,
    situation_currency,
    start_from_situation,
)
from mmedlearn.schema import DELIVERY_MODES, PAID_POST, RESEARCH_REQUIREMENTS
from mmedlearn.tables import present

_WIDE = {"description_width": "initial"}

#: The currency in which the money ranges of ``mmedlearn.fields`` (slider minimum, maximum and
#: step) are stated. In another currency they are scaled by the exchange rate and rounded to a
#: round number, so a salary of 600,000 ZAR is as reachable as one of 36,000 USD.
RANGE_CURRENCY = "USD"


def check_currency(currency: str, rates: pd.Series) -> str:
    """The currency, if the exchange rates know it; otherwise a ValueError that lists those known."""
    if currency not in rates.index:
        raise ValueError(
            f"currency: no exchange rate for {currency!r}; known: {', '.join(rates.index)}"
        )
    return currency


def money_scale(currency: str, rates: pd.Series) -> float:
    """Units of ``currency`` per unit of :data:`RANGE_CURRENCY` (per euro if the rates lack it)."""
    reference = rates[RANGE_CURRENCY] if RANGE_CURRENCY in rates.index else 1.0
    return float(rates[check_currency(currency, rates)] / reference)


def round_up(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value`` (> 0).

    >>> round_up(8_345_000), round_up(500_000), round_up(0.3)
    (10000000.0, 500000.0, 0.5)
    """
    power = 10.0 ** math.floor(math.log10(value))
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= value * (1 - 1e-12))


def round_step(value: float) -> float:
    """A round slider step near ``value``: 1, 2 or 5 times a power of ten, at least 1.

    >>> round_step(8_345), round_step(500), round_step(0.4)
    (5000.0, 500.0, 1.0)
    """
    power = 10.0 ** math.floor(math.log10(value)) if value >= 1 else 1.0
    return max(1.0, max(power * m for m in (1, 2, 5) if power * m <= max(value, 1.0)))


def slider_range(field, currency: str, rates: pd.Series) -> tuple[float, float, float]:
    """The control's (min, max, step) for a field in a currency: the field's own range, with
    money scaled from :data:`RANGE_CURRENCY` to ``currency``."""
    low, high, step = field.slider
    if field.kind != "money":
        return low, high, step
    scale = money_scale(currency, rates)
    return low * scale, round_up(high * scale), round_step(step * scale)


def show_chart(output: widgets.Output, chart) -> None:
    """Replace what an Output widget shows, without printing into the notebook cell.

    The spec is not schema-validated here: the builders' output is validated by the tests,
    and skipping it halves the time a calculator takes to answer a change. Renderers return
    a bundle, or a (bundle, metadata) pair (the mimetype renderer a live kernel uses).
    """
    spec = chart.to_dict(validate=False, context={"pre_transform": False})
    rendered = alt.renderers.get()(spec)
    bundle, metadata = rendered if isinstance(rendered, tuple) else (rendered, {})
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": metadata},)


class _Batch:
    """Counts nested changes so that one learner action recomputes once, at its end."""

    def __init__(self, on_end):
        self.depth, self.on_end = 0, on_end

    def __enter__(self):
        self.depth += 1

    def __exit__(self, *exc):
        self.depth -= 1
        if self.depth == 0 and exc[0] is None:
            self.on_end()

    @property
    def active(self) -> bool:
        return self.depth > 0


#: An HTML widget that holds a table: as wide as the widget, never wider; a wide or long table
#: scrolls inside it, with both scrollbars in view.
_TABLE_LAYOUT = {"width": "auto", "max_height": "32em", "overflow": "auto"}


def _scrolling(html_text: str) -> str:
    return f"<div class='mmed-scroll'>{html_text}</div>"


class ComparisonExplorer(widgets.VBox):
    """Filter and rank programmes; the table and chart follow every change, once per change.

    Attributes tests and instructors may drive: the controls (``countries``, ``max_duration``,
    ``research``, ``paid_post``, ``delivery``, ``limit_cost``, ``max_cost``, ``currency``,
    ``weights[criterion]``), and the results ``ranked`` (DataFrame), ``table`` (HTML widget)
    and ``chart`` (the Altair chart last shown). ``updates`` counts the recomputations.
    """

    def __init__(
        self,
        programs: pd.DataFrame | None = None,
        rates: pd.Series | None = None,
        currency: str = "USD",
    ):
        self.programs = load_programs() if programs is None else programs
        self.rates = load_exchange_rates() if rates is None else rates
        check_currency(currency, self.rates)
        self.updates = 0
        self._batch = _Batch(self.refresh)

        self.countries = widgets.SelectMultiple(
            options=sorted(self.programs["country"].unique()),
            description="Countries (none = all)",
            style=_WIDE,
            rows=5,
        )
        self.research = widgets.SelectMultiple(
            options=RESEARCH_REQUIREMENTS, style=_WIDE, rows=5, description="Research (none = any)"
        )
        self.delivery = widgets.SelectMultiple(
            options=DELIVERY_MODES, style=_WIDE, rows=5, description="Delivery (none = any)"
        )
        longest = duration_slider_max(self.programs)
        self.max_duration = widgets.FloatSlider(
            value=longest,
            min=min(1.0, longest),
            max=longest,
            step=0.5,
            description="Can be finished within (years)",
            style=_WIDE,
            layout={"width": "95%"},
        )
        self.paid_post = widgets.SelectMultiple(
            options=PAID_POST, style=_WIDE, rows=4, description="Paid post (none = any)"
        )
        self.limit_cost = widgets.Checkbox(
            description="Limit annual tuition", indent=False, style=_WIDE, layout={"width": "auto"}
        )
        # A text box, not a bounded one: a bounded box would silently change what is typed.
        self.max_cost = widgets.FloatText(
            value=round(10_000 * money_scale(currency, self.rates)),
            description="at most",
            disabled=True,
            style=_WIDE,
        )
        self.currency = widgets.Dropdown(
            options=list(self.rates.index), value=currency, description="Currency", style=_WIDE
        )
        self.weights = {
            name: widgets.IntSlider(
                value=1,
                min=0,
                max=int(MAX_WEIGHT),
                style=_WIDE,
                description=charts.CRITERION_LABELS[name],
                layout={"width": "95%"},
            )
            for name in CRITERIA
        }
        self.summary = widgets.HTML()
        self.table = widgets.HTML(layout=_TABLE_LAYOUT)
        self.chart_output = widgets.Output()
        self.chart = None
        self.ranked = pd.DataFrame()

        controls = [
            self.countries,
            self.research,
            self.delivery,
            self.max_duration,
            self.paid_post,
            self.max_cost,
            *self.weights.values(),
        ]
        for control in controls:
            control.observe(self._changed, names="value")
        self.limit_cost.observe(self._limit_changed, names="value")
        self.currency.observe(self._currency_changed, names="value")
        super().__init__(
            [
                widgets.HTML(
                    "<b>Filters</b>: a programme is removed only when its sources show it fails."
                ),
                widgets.HBox(
                    [self.countries, self.research, self.delivery], layout={"flex_flow": "row wrap"}
                ),
                self.max_duration,
                self.paid_post,
                widgets.HBox(
                    [self.limit_cost, self.max_cost, self.currency],
                    layout={"flex_flow": "row wrap"},
                ),
                widgets.HTML("<b>Weights</b>: how much each criterion matters (0 ignores it)."),
                *self.weights.values(),
                self.summary,
                self.chart_output,
                self.table,
            ]
        )
        self.refresh()

    def _changed(self, change=None) -> None:
        with self._batch:
            pass

    def _limit_changed(self, change) -> None:
        with self._batch:
            self.max_cost.disabled = not change["new"]

    def _currency_changed(self, change) -> None:
        """The cost limit keeps its meaning: it is converted, then everything recomputes once."""
        with self._batch:
            factor = self.rates[change["new"]] / self.rates[change["old"]]
            if math.isfinite(self.max_cost.value):
                self.max_cost.value = round(self.max_cost.value * factor)

    def current_filters(self) -> Filters:
        return Filters(
            countries=tuple(self.countries.value),
            research=tuple(self.research.value),
            delivery=tuple(self.delivery.value),
            max_duration_years=self.max_duration.value,
            paid_post=tuple(self.paid_post.value),
            currency=self.currency.value,
            max_annual_cost=self.max_cost.value if self.limit_cost.value else None,
        )

    def refresh(self, change=None) -> None:
        if self._batch.active:
            return
        problem = None
        if self.limit_cost.value and not (
            math.isfinite(self.max_cost.value) and self.max_cost.value >= 0
        ):
            problem = f"The tuition limit must be a number ≥ 0; got {self.max_cost.value:g}."
        try:
            weights = Weights(**{name: slider.value for name, slider in self.weights.items()})
        except ValueError as error:
            problem = str(error)
        if problem:
            # Nothing shown may disagree with the controls: the old results go.
            self.summary.value = f"<p role='alert'><b>Not updated:</b> {html.escape(problem)}</p>"
            self.table.value, self.chart_output.outputs, self.chart = "", (), None
            self.ranked = pd.DataFrame()
            return
        self.updates += 1
        currency = self.currency.value
        self.ranked = compare(self.programs, self.current_filters(), weights, self.rates)
        converted = self.ranked.loc[self.ranked["annual_cost"].notna(), "fee_currency"]
        note = rate_note(self.rates, rates_used(currency, converted, self.rates))
        self.summary.value = (
            f"<p>{len(self.ranked)} of {len(self.programs)} programmes match. "
            f"Exchange rates: {html.escape(note)}.</p>"
        )
        self.table.value = _scrolling(
            present(self.ranked, RANKED_COLUMNS, labels=result_labels(currency))._repr_html_()
        )
        self.chart = charts.ranking_chart(self.ranked)
        show_chart(self.chart_output, self.chart)


def duration_slider_max(programs: pd.DataFrame) -> float:
    """The duration slider's maximum: every programme passes it (judged, as the filter judges,
    on its longest reported duration); 10 years (the model's limit) when no programme reports
    one, never NaN. Rounded up to the slider's half-year step."""
    known = longest_duration(programs).astype(float).dropna()
    longest = float(known.max()) if len(known) else 10.0
    return max(1.0, math.ceil(longest * 2) / 2)


#: What a preset sets: the programme's length, tuition and one-off fees, and the two inputs the
#: scenario moves with the length (years counted, the year a non-finisher leaves).
PRESET_FIELDS = (
    "duration_years",
    "tuition_per_year",
    "one_off_fees",
    "horizon_years",
    "dropout_year",
)


class ROICalculator(widgets.VBox):
    """Every ``Assumptions`` field as a control; NPV, IRR, break-even, payback and total cost;
    the cumulative chart, a sensitivity tornado and a Monte Carlo NPV distribution, all
    recomputed once per change. A programme preset fills duration and tuition from the
    catalog, converted to the chosen currency.

    Each field is a text box holding the exact value the model uses, and a slider beside it
    for dragging. Money sliders span a range that follows the currency; a typed value beyond
    a slider widens the slider; a value the model does not accept is refused with a message
    naming the field, and the results are withdrawn until it is corrected. Changing the
    currency converts every amount, and a chosen preset is converted from its published fee.

    "Start from my situation" (issue 22): pick a country (any with a programme, a pay scale or
    funding terms in the data), how the place is funded and optionally a programme, then press
    the button: :func:`mmedlearn.scenario.start_from_situation` fills every input, in the
    country's currency where it has an exchange rate. Under each input a line says where its
    value comes from (``calc.origins[name]``): a source and its year, "illustrative", or
    "your value" once the learner types one.

    Drive it from code as a learner would: ``calc.inputs["post_salary"].value = 90_000``;
    ``calc.country.value = "Kenya"; calc.funding.value = "self sponsored";
    calc.programme.value = "nairobi_psych"; calc.fill.click()``; read ``calc.result``,
    ``calc.sensitivity``, ``calc.simulation``, ``calc.origins`` and ``calc.summary.value``.
    ``ROICalculator(currency="XYZ")`` raises ValueError: amounts in an unknown currency
    could not be converted.
    """

    SIMULATION_DRAWS = 2_000

    def __init__(
        self,
        start: roi.Assumptions | None = None,
        programs: pd.DataFrame | None = None,
        rates: pd.Series | None = None,
        currency: str = "USD",
        tables: dict[str, pd.DataFrame] | None = None,
    ):
        start = load_default_assumptions() if start is None else start
        self.programs = load_programs() if programs is None else programs
        self.rates = load_exchange_rates() if rates is None else rates
        # Pay scales, funding terms and sources (mmedlearn.catalog.load_tables) for the picker.
        self.tables = _shipped_tables() if tables is None else tables
        check_currency(currency, self.rates)
        self.start = start
        self.updates = 0
        self._batch = _Batch(self.refresh)
        self._syncing = False
        # Salaries still at the illustrative starting case (scenario.salary_notes), until the
        # learner sets them; set while the calculator itself writes values (a conversion).
        self.start_currency = currency
        self.illustrative = set(SALARY_FIELDS)
        self._writing = False
        self._preset_note = ""
        self._situation_notes: list[str] = []
        self._filling = False  # set while a situation fills the inputs (and the currency)
        self._converted = False
        self.inputs, self.sliders, self.origin_labels = {}, {}, {}
        self.origins = _starting_origins(start, currency, self.tables, self.rates, self.programs)
        for name, field in FIELDS.items():
            low, high, step = slider_range(field, currency, self.rates)
            value = getattr(start, name)
            kind = widgets.IntSlider if field.integer else widgets.FloatSlider
            self.sliders[name] = kind(
                value=value,
                min=min(low, value),
                max=max(high, value),
                step=step,
                readout=False,
                continuous_update=False,
                tooltip=field.label,
                layout={"width": "98%"},
            )
            # A long label moves its box to the next line rather than being cut.
            self.inputs[name] = widgets.FloatText(
                value=value,
                step=None,
                style=_WIDE,
                description=_label(field),
                layout={"width": "98%", "flex_flow": "row wrap"},
            )
            self.inputs[name].observe(self._typed, names="value")
            self.sliders[name].observe(self._dragged, names="value")
            self.origin_labels[name] = widgets.HTML(layout={"width": "98%"})
        known = self.programs.dropna(subset=["duration_min_years"])
        self.preset = widgets.Dropdown(
            options=[("Your own values", "")]
            + [(f"{r.institution} · {r.programme}", key) for key, r in known.iterrows()],
            description="Programme preset",
            style=_WIDE,
            layout={"width": "auto", "max_width": "100%"},
        )
        self.currency = widgets.Dropdown(
            options=list(self.rates.index),
            value=currency,
            description="Currency",
            style=_WIDE,
            layout={"width": "auto"},
        )
        self.country = widgets.Dropdown(
            options=[("Choose your country", "")]
            + [
                (name, name)
                for name in situation_countries(
                    self.programs,
                    self.tables.get("pay_scales.csv"),
                    self.tables.get("funding_terms.csv"),
                )
            ],
            description="Country",
            style=_WIDE,
            layout={"width": "auto"},
        )
        self.funding = widgets.Dropdown(
            options=FUNDING_TYPES,
            description="How your place is funded",
            style=_WIDE,
            layout={"width": "auto"},
        )
        self.programme = widgets.Dropdown(
            options=[("No programme (length and fees illustrative)", "")],
            description="Programme",
            style=_WIDE,
            layout={"width": "auto", "max_width": "100%"},
        )
        self.fill = widgets.Button(
            description="Start from my situation",
            tooltip="Fill every input the data give for this country, funding and programme",
            layout={"width": "auto"},
        )
        self.note = widgets.HTML()
        self.summary = widgets.HTML(layout=_TABLE_LAYOUT)
        self.outputs = {name: widgets.Output() for name in ("cumulative", "tornado", "simulation")}
        self.result = self.sensitivity = self.simulation = None
        self.charts = {}
        self.currency.observe(self._currency_changed, names="value")
        self.preset.observe(self._preset_chosen, names="value")
        self.country.observe(self._country_chosen, names="value")
        self.fill.on_click(self._fill_from_situation)
        cells = [
            widgets.VBox(
                [self.inputs[name], self.sliders[name], self.origin_labels[name]],
                layout={"min_width": "0"},
            )
            for name in FIELDS
        ]
        super().__init__(
            [
                widgets.HTML(
                    "<p>All amounts are annual, in today's money, in the one currency you "
                    "choose; changing it converts them. Type an exact value in a box, or drag "
                    "the slider under it.</p>"
                ),
                widgets.HTML(
                    "<p><b>Start from my situation:</b> choose your country, how your place is "
                    "funded and, if you like, a programme, then press the button. Every input "
                    "the data give is filled in your currency; under each input you see its "
                    "source and year, or that it is illustrative.</p>"
                ),
                widgets.HBox(
                    [self.country, self.funding, self.programme, self.fill],
                    layout={"flex_flow": "row wrap"},
                ),
                widgets.HBox([self.preset, self.currency], layout={"flex_flow": "row wrap"}),
                self.note,
                widgets.GridBox(
                    cells,
                    layout={
                        "grid_template_columns": "repeat(auto-fit, minmax(22em, 1fr))",
                        "grid_gap": "0.25em 1em",
                    },
                ),
                self.summary,
                *self.outputs.values(),
            ]
        )
        self._show_origins()
        self.refresh()

    # ----------------------------------------------------------- what the learner does

    def _typed(self, change) -> None:
        """A value typed (or set from code): used exactly as typed, or refused by ``refresh``."""
        name = next(n for n, box in self.inputs.items() if box is change["owner"])
        if not self._writing:
            self.illustrative.discard(name)
            self.origins[name] = YOUR_VALUE
            self._show_origin(name)
        with self._batch:
            self._follow(name)

    def _dragged(self, change) -> None:
        if self._syncing:
            return
        name = next(n for n, slider in self.sliders.items() if slider is change["owner"])
        with self._batch:
            self.inputs[name].value = change["new"]

    def _preset_chosen(self, change) -> None:
        with self._batch:
            self._apply_preset()

    def _country_chosen(self, change) -> None:
        """The programme list follows the country: its programmes, or none."""
        mine = self.programs[self.programs["country"] == change["new"]]
        self.programme.options = [("No programme (length and fees illustrative)", "")] + [
            (f"{r.institution} · {r.programme}", key) for key, r in mine.iterrows()
        ]
        self.programme.value = ""

    def _fill_from_situation(self, button=None) -> None:
        """Every input from :func:`mmedlearn.scenario.start_from_situation`; the values no
        source gives are the starting case's, converted and labelled illustrative."""
        country = self.country.value
        if not country:
            self._situation_notes = ["Choose your country first."]
            self.refresh()
            return
        key = self.programme.value
        currency = situation_currency(
            country,
            self.tables.get("pay_scales.csv"),
            self.rates,
            self.programs.loc[key] if key else None,
            fallback=self.start_currency,
        )
        situation = start_from_situation(
            country,
            self.funding.value,
            base={name: getattr(self.start, name) for name in FIELDS},
            base_currency=self.start_currency,
            pay_scales=self.tables.get("pay_scales.csv"),
            funding_terms=self.tables.get("funding_terms.csv"),
            sources=self.tables["sources.csv"],
            rates=self.rates,
            programme=self.programs.loc[key] if key else None,
            currency=currency,
        )
        with self._batch:
            self._writing, self._filling = True, True
            try:
                self.preset.value = ""  # the programme chosen here gives length and fees
                self.currency.value = situation.currency
                for name, field in FIELDS.items():
                    value = situation.values[name]
                    self.inputs[name].value = round(value) if field.kind == "money" else value
                    self._follow(name)
            finally:
                self._writing, self._filling = False, False
            converted = situation.currency != self.start_currency
            for name, field in FIELDS.items():
                origin = situation.origins[name]
                if origin == ILLUSTRATIVE and field.kind == "money" and converted:
                    origin = f"{ILLUSTRATIVE}, converted from {self.start_currency}"
                self.origins[name] = origin
            self.illustrative = {
                name for name in SALARY_FIELDS if situation.origins[name] == ILLUSTRATIVE
            }
            self._converted = bool(self.illustrative)
            place = f"{country}, {self.funding.value}" + (
                f", {self.programs.loc[key, 'institution']} · {self.programs.loc[key, 'programme']}"
                if key
                else ""
            )
            self._situation_notes = [
                f"Started from your situation: {place}, in {situation.currency}."
            ]
            self._situation_notes += [f"{note}." for note in situation.notes]
            self._preset_note = ""
            self._show_origins()

    def _currency_changed(self, change) -> None:
        """Every amount keeps its worth: converted at the exchange rates, to the whole unit; a
        chosen preset takes its tuition from the published fee again."""
        if self._filling:
            return  # the situation's values are already in the new currency
        factor = self.rates[change["new"]] / self.rates[change["old"]]
        with self._batch:
            self._writing, self._converted = True, True
            try:
                for name, field in FIELDS.items():
                    box = self.inputs[name]
                    if field.kind == "money" and math.isfinite(box.value):
                        box.value = round(box.value * factor)
                        origin = self.origins[name]
                        if origin != YOUR_VALUE and "converted" not in origin:
                            self.origins[name] = f"{origin}, converted from {change['old']}"
                    self._follow(name)
            finally:
                self._writing = False
            if self.preset.value:
                self._apply_preset()
            self._show_origins()

    # ----------------------------------------------------------- keeping controls in step

    def _follow(self, name: str) -> None:
        """Bring the slider to the box's value and the currency's range, widening the range
        rather than changing the value. An invalid value leaves the slider where it was."""
        field, slider, value = FIELDS[name], self.sliders[name], self.inputs[name].value
        low, high, step = slider_range(field, self.currency.value, self.rates)
        self._syncing = True
        try:
            slider.step = step
            if field.accepts(value):
                low, high = min(low, value), max(high, value)
                # Widen first, then set the value, then narrow: ipywidgets clamps a value
                # outside its slider's range (only the slider: the box keeps its value).
                slider.max, slider.min = max(slider.max, high), min(slider.min, low)
                slider.value = value
            slider.min, slider.max = low, high
        finally:
            self._syncing = False

    def _apply_preset(self) -> None:
        key = self.preset.value
        if not key:
            self._preset_note = ""
            return
        try:
            base = self.current()
        except ValueError as error:
            self._preset_note = f"The preset was not applied; check the inputs first: {error}"
            return
        scenario = programme_scenario(self.programs.loc[key], base, self.currency.value, self.rates)
        self._writing, self._converted = True, True
        try:
            for name in PRESET_FIELDS:
                value = getattr(scenario.assumptions, name)
                # Whole currency units, as the note states them.
                self.inputs[name].value = round(value) if FIELDS[name].kind == "money" else value
                self._follow(name)
        finally:
            self._writing = False
        for name, note in scenario.field_notes.items():
            if name not in scenario.missing:
                self.origins[name] = note.rstrip(".")
        self._preset_note = " ".join(scenario.notes)
        self._situation_notes = []
        self._show_origins()

    def _show_origin(self, name: str) -> None:
        origin = self.origins.get(name, ILLUSTRATIVE)
        self.origin_labels[name].value = (
            # The widget's own line height is a control's (28 px): a source list wraps tightly.
            "<small class='mmed-origin' style='display:block;line-height:1.3;"
            f"overflow-wrap:anywhere'>From: {html.escape(origin)}</small>"
        )

    def _show_origins(self) -> None:
        for name in FIELDS:
            self._show_origin(name)

    def notes(self) -> list[str]:
        """The preset's notes, then scenario.salary_notes on the current values: the salaries
        still illustrative (after a preset or a currency change), income while studying
        above the salary without the degree."""
        values = {name: self.inputs[name].value for name in SALARY_FIELDS}
        illustrative = self.illustrative if self._converted else ()
        said = [*self._situation_notes, *([self._preset_note] if self._preset_note else [])]
        return said + salary_notes(
            values, self.currency.value, illustrative, example_currency=self.start_currency
        )

    def current(self) -> roi.Assumptions:
        """The scenario the boxes hold, or a ``FieldError`` naming the first wrong field."""
        return roi.Assumptions(
            **{name: FIELDS[name].check(box.value) for name, box in self.inputs.items()}
        )

    # ----------------------------------------------------------- results

    def refresh(self, change=None) -> None:
        if self._batch.active:
            return
        said = self.notes()
        self.note.value = f"<p role='status'>{html.escape(' '.join(said))}</p>" if said else ""
        try:
            assumptions = self.current()
        except ValueError as error:
            # Refused, not changed: the value stays in its box, and no result computed from
            # other inputs stays on screen beside it.
            self.summary.value = (
                f"<p role='alert'><b>Not computed:</b> {html.escape(str(error))}. "
                "Correct the value to see the results.</p>"
            )
            self.result = self.sensitivity = self.simulation = None
            self.charts = {}
            for output in self.outputs.values():
                output.outputs = ()
            return
        self.updates += 1
        currency = self.currency.value
        self.result = result = roi.evaluate(assumptions)
        self.sensitivity = roi.sensitivity(assumptions)
        self.simulation = roi.simulate(
            assumptions, simulation_ranges(assumptions), n=self.SIMULATION_DRAWS
        )
        at = [h for h in (10, 20, 30) if h <= assumptions.horizon_years]
        rows = [
            ("NPV", f"{result.npv:,.0f} {currency}"),
            (
                "NPV at " + ", ".join(map(str, at)) + " years",
                ", ".join(f"{result.npv_at(h):,.0f}" for h in at),
            ),
            (
                "IRR",
                f"{result.irr:.1%}"
                if result.irr is not None
                else "not defined (the yearly gains do not change sign exactly once)",
            ),
            (
                "Break-even salary after the degree (NPV 0)",
                roi.breakeven_salary_words(result, currency),
            ),
            (
                "Break-even year",
                str(result.breakeven_year or f"not within {assumptions.horizon_years} years"),
            ),
            ("Payback year (undiscounted)", str(result.payback_year or "not within the horizon")),
            (
                "Total cost (fees, extra costs, loan payments, income given up)",
                f"{result.total_cost:,.0f} {currency}",
            ),
            ("Chance that NPV > 0 (simulation)", f"{self.simulation.probability_positive:.0%}"),
        ]
        self.summary.value = _scrolling(
            "<table class='mmed-table mmed-roi-summary'><tbody>"
            + "".join(
                f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                for k, v in rows
            )
            + "</tbody></table>"
        )
        self.charts = {
            "cumulative": roi_charts.cumulative_chart(result, currency),
            "tornado": roi_charts.tornado_chart(self.sensitivity, currency),
            "simulation": roi_charts.npv_distribution_chart(self.simulation, currency),
        }
        for name, chart in self.charts.items():
            show_chart(self.outputs[name], chart)


@functools.cache
def _shipped_tables() -> dict[str, pd.DataFrame]:
    """The shipped catalogue's tables, read once per kernel: every calculator reads them."""
    return load_tables(data_dir())


#: What a value the learner typed is labelled with.
YOUR_VALUE = "your value"


def _starting_origins(start, currency, tables, rates, programs) -> dict[str, str]:
    """Where each starting value comes from (mmedlearn.cases.starting_case): the source and
    year of a value the starting situation gives, else illustrative. A calculator started in
    another currency than the starting case's says its money values are converted."""
    from mmedlearn.cases import (
        STARTING_CURRENCY,
        STARTING_SITUATION,
        starting_case,
        starting_situation,
    )

    if currency != STARTING_CURRENCY:  # the start is then taken as given, in this currency
        return {name: ILLUSTRATIVE for name in FIELDS}
    ours = STARTING_SITUATION["program"] in programs.index
    try:
        situation = starting_situation(
            start, tables=tables, rates=rates, programs=programs if ours else None
        )
    except (KeyError, ValueError):  # an instructor's data without the starting situation
        return {name: ILLUSTRATIVE for name in FIELDS}
    table = starting_case(start, situation, rates)
    return dict(zip(FIELDS, table["where it comes from"], strict=True))


def _label(field) -> str:
    """A control's label; rates and probabilities say they are fractions (0.03 is 3 %)."""
    if field.kind in ("rate", "probability"):
        return f"{field.label} (0.03 = 3 %)" if field.kind == "rate" else f"{field.label} (0 to 1)"
    return field.label


def simulation_ranges(a: roi.Assumptions) -> dict[str, tuple]:
    """The calculator's uncertainty (``mmedlearn.model.SIMULATION_RANGES``, which the page's
    explorer uses too): the new salary 20 % either side, up to a year's delay, and a
    completion chance up to 0.2 lower. Illustrative, and stated beside the chart."""
    from mmedlearn.model import SIMULATION_RANGES, evaluate_expression

    columns = {name: np.array([float(value)]) for name, value in roi.asdict(a).items()}
    ranges = {
        name: tuple(float(evaluate_expression(bound, columns)[0]) for bound in bounds)
        for name, bounds in SIMULATION_RANGES.items()
    }
    return {name: bounds for name, bounds in ranges.items() if bounds[0] < bounds[-1]}
