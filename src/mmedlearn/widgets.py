"""ipywidgets wiring for live kernels (Binder, Jupyter, Colab): controls in, pure functions
and chart builders out. No model logic lives here."""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd

from mmedlearn import charts, roi, roi_charts
from mmedlearn.catalog import load_programs
from mmedlearn.defaults import load_default_assumptions
from mmedlearn.compare import (CRITERIA, MAX_WEIGHT, RANKED_COLUMNS, Filters, Weights, annual_cost,
                               compare, load_exchange_rates, result_labels)
from mmedlearn.fields import FIELDS, FieldError
from mmedlearn.scenario import programme_scenario
from mmedlearn.schema import DELIVERY_MODES, PAID_POST, RESEARCH_REQUIREMENTS
from mmedlearn.tables import present

_WIDE = {"description_width": "initial"}


def show_chart(output: widgets.Output, chart) -> None:
    """Replace what an Output widget shows, without printing into the notebook cell.

    The spec is not schema-validated here: the builders' output is validated by the tests,
    and skipping it halves the time a calculator takes to answer a change.
    """
    spec = chart.to_dict(validate=False, context={"pre_transform": False})
    bundle = alt.renderers.get()(spec)
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


class ComparisonExplorer(widgets.VBox):
    """Filter and rank programmes; the table and chart follow every change.

    Attributes tests and instructors may drive: the controls (``countries``, ``max_duration``,
    ``research``, ``paid_post``, ``delivery``, ``limit_cost``, ``max_cost``, ``currency``,
    ``weights[criterion]``), and the results ``ranked`` (DataFrame), ``table`` (HTML widget)
    and ``chart`` (the Altair chart last shown).
    """

    def __init__(self, programs: pd.DataFrame | None = None, rates: pd.Series | None = None):
        self.programs = load_programs() if programs is None else programs
        self.rates = load_exchange_rates() if rates is None else rates
        longest = float(self.programs["duration_max_years"].max(skipna=True) or 10)

        self.countries = widgets.SelectMultiple(options=sorted(self.programs["country"].unique()),
                                                description="Countries (none = all)", style=_WIDE, rows=5)
        self.research = widgets.SelectMultiple(options=RESEARCH_REQUIREMENTS, style=_WIDE, rows=5,
                                               description="Research (none = any)")
        self.delivery = widgets.SelectMultiple(options=DELIVERY_MODES, style=_WIDE, rows=5,
                                               description="Delivery (none = any)")
        self.max_duration = widgets.FloatSlider(value=max(longest, 1.0), min=1, max=max(longest, 1.0),
                                                step=0.5, description="Can be finished within (years)",
                                                style=_WIDE)
        self.paid_post = widgets.SelectMultiple(options=PAID_POST, style=_WIDE, rows=4,
                                                description="Paid post (none = any)")
        self.limit_cost = widgets.Checkbox(description="Limit annual tuition")
        self.max_cost = widgets.BoundedFloatText(value=10_000, min=0, max=1e9, step=500,
                                                 description="at most", disabled=True)
        self.currency = widgets.Dropdown(options=list(self.rates.index), value="USD"
                                         if "USD" in self.rates.index else self.rates.index[0],
                                         description="Currency")
        self.weights = {name: widgets.IntSlider(value=1, min=0, max=int(MAX_WEIGHT), style=_WIDE,
                                                description=charts.CRITERION_LABELS[name])
                        for name in CRITERIA}
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.chart_output = widgets.Output()
        self.chart = None
        self.ranked = pd.DataFrame()

        controls = [self.countries, self.research, self.delivery, self.max_duration,
                    self.paid_post, self.limit_cost, self.max_cost, self.currency,
                    *self.weights.values()]
        for control in controls:
            control.observe(self.refresh, names="value")
        self.limit_cost.observe(lambda change: setattr(self.max_cost, "disabled", not change["new"]),
                                names="value")
        super().__init__([
            widgets.HTML("<b>Filters</b>: a programme is removed only when its sources show it fails."),
            widgets.HBox([self.countries, self.research, self.delivery]),
            self.max_duration, self.paid_post,
            widgets.HBox([self.limit_cost, self.max_cost, self.currency]),
            widgets.HTML("<b>Weights</b>: how much each criterion matters (0 ignores it)."),
            *self.weights.values(), self.summary, self.chart_output, self.table,
        ])
        self.refresh()

    def current_filters(self) -> Filters:
        return Filters(
            countries=tuple(self.countries.value), research=tuple(self.research.value),
            delivery=tuple(self.delivery.value), max_duration_years=self.max_duration.value,
            paid_post=tuple(self.paid_post.value), currency=self.currency.value,
            max_annual_cost=self.max_cost.value if self.limit_cost.value else None,
        )

    def refresh(self, change=None) -> None:
        try:
            weights = Weights(**{name: slider.value for name, slider in self.weights.items()})
        except ValueError as error:
            self.summary.value = f"<p role='alert'>{html.escape(str(error))}</p>"
            return
        currency = self.currency.value
        self.ranked = compare(self.programs, self.current_filters(), weights, self.rates)
        self.summary.value = (f"<p>{len(self.ranked)} of {len(self.programs)} programmes match. "
                              f"Exchange rates of {html.escape(str(self.rates.attrs.get('rate_date', '?')))}.</p>")
        self.table.value = present(self.ranked, RANKED_COLUMNS, labels=result_labels(currency))._repr_html_()
        self.chart = charts.ranking_chart(self.ranked)
        show_chart(self.chart_output, self.chart)


class ROICalculator(widgets.VBox):
    """Every ``Assumptions`` field as a control; NPV, IRR, break-even, payback and total cost;
    the cumulative chart, a sensitivity tornado and a Monte Carlo NPV distribution, all
    recomputed on every change. A programme preset fills duration and tuition from the
    catalog, converted to the chosen currency.

    Drive it from code as a learner would: ``calc.inputs["post_salary"].value = 90_000``;
    read ``calc.result``, ``calc.sensitivity``, ``calc.simulation`` and ``calc.summary.value``.
    """

    SIMULATION_DRAWS = 2_000

    def __init__(self, start: "roi.Assumptions | None" = None, programs: pd.DataFrame | None = None,
                 rates: pd.Series | None = None, currency: str = "USD"):
        start = load_default_assumptions() if start is None else start
        self.programs = load_programs() if programs is None else programs
        self.rates = load_exchange_rates() if rates is None else rates
        self.inputs = {}
        for name, field in FIELDS.items():
            low, high, step = field.slider
            kind = widgets.IntSlider if field.integer else widgets.FloatSlider
            extra = {} if field.integer else {"readout_format": ".3g" if step < 1 else ",.0f"}
            self.inputs[name] = kind(value=getattr(start, name), min=low, max=high, step=step,
                                     description=field.label, style=_WIDE,
                                     continuous_update=False, layout={"width": "95%"}, **extra)
        self._applying_preset = False
        known = self.programs.dropna(subset=["duration_min_years"])
        self.preset = widgets.Dropdown(
            options=[("Your own values", "")] + [(f"{r.institution} · {r.programme}", key)
                                                 for key, r in known.iterrows()],
            description="Programme preset", style=_WIDE, layout={"width": "65%"})
        self.currency = widgets.Dropdown(options=list(self.rates.index),
                                         value=currency if currency in self.rates.index else self.rates.index[0],
                                         description="Currency", style=_WIDE)
        self.note = widgets.HTML()
        self.summary = widgets.HTML()
        self.outputs = {name: widgets.Output() for name in ("cumulative", "tornado", "simulation")}
        self.result = self.sensitivity = self.simulation = None
        self.charts = {}
        for control in self.inputs.values():
            control.observe(self.refresh, names="value")
        self.currency.observe(self.refresh, names="value")
        self.preset.observe(self.apply_preset, names="value")
        super().__init__([
            widgets.HTML("<p>All amounts are annual, in today's money, in the one currency you "
                         "choose; the preset converts a programme's published fee to it.</p>"),
            widgets.HBox([self.preset, self.currency]), self.note,
            widgets.GridBox(list(self.inputs.values()),
                            layout={"grid_template_columns": "repeat(2, minmax(0, 1fr))"}),
            self.summary, *self.outputs.values(),
        ])
        self.refresh()

    def apply_preset(self, change=None) -> None:
        key = self.preset.value
        if not key:
            self.note.value = ""
            return
        try:
            base = self.current()
        except FieldError as error:
            self.note.value = f"<p role='alert'>Check the inputs first: {html.escape(str(error))}</p>"
            return
        scenario = programme_scenario(self.programs.loc[key], base, self.currency.value, self.rates)
        # One recomputation for the whole preset, not one per control it sets.
        self._applying_preset = True
        try:
            for name in ("duration_years", "tuition_per_year", "horizon_years", "dropout_year"):
                control, value = self.inputs[name], getattr(scenario.assumptions, name)
                if value > control.max:  # widen the control rather than change the programme's value
                    control.max = value
                control.value = value
        finally:
            self._applying_preset = False
        self.note.value = "<p>" + html.escape(" ".join(scenario.notes)) + "</p>"
        self.refresh()

    def current(self) -> "roi.Assumptions":
        return roi.Assumptions(**{name: control.value for name, control in self.inputs.items()})

    def refresh(self, change=None) -> None:
        if self._applying_preset:
            return
        if self._applying_preset:
            return
        try:
            assumptions = self.current()
        except ValueError as error:
            self.summary.value = f"<p role='alert'><b>Check the inputs:</b> {html.escape(str(error))}</p>"
            return
        currency = self.currency.value
        self.result = result = roi.evaluate(assumptions)
        self.sensitivity = roi.sensitivity(assumptions)
        self.simulation = roi.simulate(assumptions, simulation_ranges(assumptions), n=self.SIMULATION_DRAWS)
        at = [h for h in (10, 20, 30) if h <= assumptions.horizon_years]
        rows = [
            ("NPV", f"{result.npv:,.0f} {currency}"),
            ("NPV at " + ", ".join(map(str, at)) + " years",
             ", ".join(f"{result.npv_at(h):,.0f}" for h in at)),
            ("IRR", f"{result.irr:.1%}" if result.irr is not None else
             "not defined (the yearly gains do not change sign exactly once)"),
            ("Break-even year", str(result.breakeven_year or f"not within {assumptions.horizon_years} years")),
            ("Payback year (undiscounted)", str(result.payback_year or "not within the horizon")),
            ("Total cost (fees, extra costs, loan payments, income given up)", f"{result.total_cost:,.0f} {currency}"),
            ("Chance that NPV > 0 (simulation)", f"{self.simulation.probability_positive:.0%}"),
        ]
        self.summary.value = ("<table class='mmed-table'><tbody>" + "".join(
            f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
            + "</tbody></table>")
        self.charts = {
            "cumulative": roi_charts.cumulative_chart(result, currency),
            "tornado": roi_charts.tornado_chart(self.sensitivity, currency),
            "simulation": roi_charts.npv_distribution_chart(self.simulation, currency),
        }
        for name, chart in self.charts.items():
            show_chart(self.outputs[name], chart)


def simulation_ranges(a: "roi.Assumptions") -> dict[str, tuple]:
    """The calculator's uncertainty: the new salary 20 % either side, up to a year's delay,
    and a completion chance up to 0.2 lower. Illustrative, and stated beside the chart."""
    ranges = {"post_salary": (0.8 * a.post_salary, a.post_salary, 1.2 * a.post_salary) if a.post_salary
              else None,
              "duration_years": (a.duration_years, min(a.duration_years + 1, 10.0, a.horizon_years - 1.0)),
              "completion_probability": (max(0.05, a.completion_probability - 0.2), a.completion_probability)}
    return {name: bounds for name, bounds in ranges.items() if bounds and bounds[0] < bounds[-1]}
