"""ipywidgets wiring for live kernels (Binder, Jupyter, Colab): controls in, pure functions
and chart builders out. No model logic lives here."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from mmedlearn import charts
from mmedlearn.catalog import load_programs
from mmedlearn.compare import (CRITERIA, MAX_WEIGHT, RANKED_COLUMNS, Filters, Weights, compare,
                               load_exchange_rates, result_labels)
from mmedlearn.schema import DELIVERY_MODES, RESEARCH_REQUIREMENTS
from mmedlearn.tables import present

_WIDE = {"description_width": "initial"}


def show_chart(output: widgets.Output, chart) -> None:
    """Replace what an Output widget shows, without printing into the notebook cell."""
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


class ComparisonExplorer(widgets.VBox):
    """Filter and rank programmes; the table and chart follow every change.

    Attributes tests and instructors may drive: the controls (``countries``, ``max_duration``,
    ``research``, ``paid_post_only``, ``delivery``, ``limit_cost``, ``max_cost``, ``currency``,
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
                                                step=0.5, description="Longest acceptable (years)",
                                                style=_WIDE)
        self.paid_post_only = widgets.Checkbox(description="Only programmes with a paid post")
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
                    self.paid_post_only, self.limit_cost, self.max_cost, self.currency,
                    *self.weights.values()]
        for control in controls:
            control.observe(self.refresh, names="value")
        self.limit_cost.observe(lambda change: setattr(self.max_cost, "disabled", not change["new"]),
                                names="value")
        super().__init__([
            widgets.HTML("<b>Filters</b>: a programme is removed only when its sources show it fails."),
            widgets.HBox([self.countries, self.research, self.delivery]),
            self.max_duration, self.paid_post_only,
            widgets.HBox([self.limit_cost, self.max_cost, self.currency]),
            widgets.HTML("<b>Weights</b>: how much each criterion matters (0 ignores it)."),
            *self.weights.values(), self.summary, self.chart_output, self.table,
        ])
        self.refresh()

    def current_filters(self) -> Filters:
        return Filters(
            countries=tuple(self.countries.value), research=tuple(self.research.value),
            delivery=tuple(self.delivery.value), max_duration_years=self.max_duration.value,
            paid_post_only=self.paid_post_only.value, currency=self.currency.value,
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
