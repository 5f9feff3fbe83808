"""A programme from the catalog as an ROI scenario: the one builder that the command line,
the handout, the ROI calculator and the in-page presets all use.

The rule, stated once: a programme supplies its length (the shortest its sources report)
and its annual tuition converted to the chosen currency. Where no source gives a value, or
the fee's currency has no exchange rate, the person's own value is kept and a note says
so: nothing is invented, and nothing is changed without a word. Fields the person fixed
themselves (``fixed``) are never replaced.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from mmedlearn.compare import annual_cost, rate_note, rates_used
from mmedlearn.roi import Assumptions, last_dropout_year


@dataclass(frozen=True)
class Scenario:
    """A programme's scenario, with notes on where each value came from.

    ``missing`` names the fields the programme's sources do not give (the person's own
    value was kept); ``notes`` says, in words, what was taken, converted, kept or moved.
    """

    assumptions: Assumptions
    notes: tuple[str, ...]
    missing: tuple[str, ...]


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}".rstrip()


def programme_scenario(
    programme: pd.Series,
    base: Assumptions,
    currency: str,
    rates: pd.Series,
    fixed: Collection[str] = (),
) -> Scenario:
    """``base`` with the programme's length and converted tuition.

    ``programme`` is one row of :func:`mmedlearn.catalog.load_programs` (its name is the
    programme ID); ``rates`` are :func:`mmedlearn.compare.load_exchange_rates`.

    >>> rates = pd.Series({"EUR": 1.0, "ZAR": 20.0})
    >>> rates.attrs = {"rate_dates": {"ZAR": "2026-10-30"}, "rate_sources": {"ZAR": "ECB, https://x"}}
    >>> programme = pd.Series({"duration_min_years": 4.0, "tuition_per_year": 500.0, "fee_currency": "EUR"})
    >>> base = Assumptions(duration_years=1, tuition_per_year=0, baseline_salary=600_000, post_salary=900_000)
    >>> s = programme_scenario(programme, base, "ZAR", rates)
    >>> s.assumptions.duration_years, s.assumptions.tuition_per_year, s.missing
    (4.0, 10000.0, ())
    >>> s.notes[1]
    'Tuition 10,000 ZAR a year, converted from 500 EUR (rates: ECB for ZAR, 2026-10-30).'
    >>> programme_scenario(programme, base, "KES", rates).notes[1]
    'Its fee is published in EUR, which has no exchange rate to KES here: your tuition of 0 KES a year is used.'
    """
    changes, notes, missing = {}, [], []
    if "duration_years" not in fixed:
        if pd.notna(programme["duration_min_years"]):
            changes["duration_years"] = float(programme["duration_min_years"])
            notes.append(
                f"Length {changes['duration_years']:g} years (the shortest its sources report)."
            )
        else:
            missing.append("duration_years")
            notes.append(
                f"No source gives its length: your {base.duration_years:g} years are used."
            )
    if "tuition_per_year" not in fixed:
        fee, fee_currency = programme["tuition_per_year"], programme["fee_currency"]
        if pd.isna(fee) or fee_currency == currency:
            converted = (
                fee  # unknown stays unknown; a fee in the chosen currency stays as published
            )
        elif currency in rates.index:
            converted = annual_cost(programme.to_frame().T, rates, currency).iloc[0]
        else:
            converted = math.nan
        if pd.notna(converted):
            changes["tuition_per_year"] = float(converted)
            source = (
                ""
                if fee_currency == currency
                else f", converted from {_money(fee, fee_currency)} (rates: "
                f"{rate_note(rates, rates_used(currency, [fee_currency], rates))})"
            )
            notes.append(f"Tuition {_money(converted, currency)} a year{source}.")
        else:
            missing.append("tuition_per_year")
            why = (
                "No source gives its fee"
                if pd.isna(fee)
                else f"Its fee is published in {fee_currency}, which has no exchange rate to {currency} here"
            )
            notes.append(
                f"{why}: your tuition of {_money(base.tuition_per_year, currency)} a year is used."
            )
    duration = changes.get("duration_years", base.duration_years)
    if "horizon_years" not in fixed and base.horizon_years <= math.ceil(duration):
        changes["horizon_years"] = math.ceil(duration) + 1
        notes.append(f"Years counted extended to {changes['horizon_years']}, past the programme.")
    last_full_year = int(last_dropout_year(duration))
    if "dropout_year" not in fixed and base.dropout_year > last_full_year:
        changes["dropout_year"] = last_full_year
        notes.append(
            f"A non-finisher leaves after year {last_full_year}, the programme's last full year."
        )
    return Scenario(base.replace(**changes), tuple(notes), tuple(missing))
