"""A programme from the catalog as an ROI scenario: the one builder that the command line,
the handout, the ROI calculator and the in-page presets all use.

The rule, stated once: a programme supplies its length (the shortest its sources report),
its annual tuition and its one-off fees, converted to the chosen currency, each fee with its
year (and who it is for, where the source gives different fees). Where no source gives a value, or
the fee's currency has no exchange rate, the person's own value is kept and a note says
so: nothing is invented, and nothing is changed without a word. Fields the person fixed
themselves (``fixed``) are never replaced.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import pandas as pd

from mmedlearn.compare import (
    FEE_AGE_LIMIT_YEARS,
    annual_cost,
    fee_age_years,
    rate_note,
    rates_used,
)
from mmedlearn.fields import FIELDS
from mmedlearn.roi import Assumptions, last_dropout_year


@dataclass(frozen=True)
class Scenario:
    """A programme's scenario, with notes on where each value came from.

    ``missing`` names the fields the programme's sources do not give (the person's own
    value was kept); ``notes`` says, in words, what was taken, converted, kept or moved;
    ``field_notes`` holds the same sentences by the field they are about.
    """

    assumptions: Assumptions
    notes: tuple[str, ...]
    missing: tuple[str, ...]
    field_notes: Mapping[str, str] = field(default_factory=dict)


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}".rstrip()


def _text(programme: pd.Series, column: str) -> str | None:
    value = programme.get(column)
    return None if value is None or pd.isna(value) else str(value)


def fee_context(programme: pd.Series) -> str:
    """Who a programme's published fee is for and how old it is, as its notes say it: the
    fee's year, and a warning where the year is missing or the fee is more than
    :data:`~mmedlearn.compare.FEE_AGE_LIMIT_YEARS` years older than its sources' reading.

    >>> fee_context(pd.Series({"fee_year": 2015, "sources_read": "2026-11-25"}))
    '2015 fee, 11 years before its sources were read: ask for the current fee'
    >>> fee_context(pd.Series({"fee_year": None, "fee_applies_to": "Ugandan students"}))
    'for Ugandan students; the source gives no year for this fee'
    """
    who = _text(programme, "fee_applies_to")
    age = fee_age_years(programme)
    if pd.isna(programme.get("fee_year")):
        when = "the source gives no year for this fee"
    elif age is not None and age > FEE_AGE_LIMIT_YEARS:
        when = (
            f"{int(programme['fee_year'])} fee, {age} years before its sources were read: "
            "ask for the current fee"
        )
    else:
        when = f"{int(programme['fee_year'])} fee"
    return f"for {who}; {when}" if who else when


def _converted(amount, fee_currency, currency: str, rates: pd.Series) -> float:
    """``amount`` in ``currency`` as compare.annual_cost converts a fee; NaN where unknown."""
    if pd.isna(amount) or fee_currency == currency:
        return amount  # unknown stays unknown; a fee in the chosen currency stays as published
    if currency not in rates.index:
        return math.nan
    fee = pd.DataFrame({"tuition_per_year": [float(amount)], "fee_currency": [fee_currency]})
    return float(annual_cost(fee, rates, currency).iloc[0])


def _fee_note(what, amount, converted, fee_currency, currency, rates, programme, told) -> str:
    """The note on a fee from the data; ``told``: the tuition's note already gave the fee's
    year and rates, which the one-off fees share, so they are not repeated."""
    if told:
        same = (
            "" if fee_currency == currency else f", converted from {_money(amount, fee_currency)}"
        )
        return (
            f"{what(_money(converted, currency))}{same} (same fee year and rates as the tuition)."
        )
    context = fee_context(programme)
    if fee_currency == currency:
        return f"{what(_money(converted, currency))} ({context})."
    used = rate_note(rates, rates_used(currency, [fee_currency], rates))
    return (
        f"{what(_money(converted, currency))}, converted from {_money(amount, fee_currency)} "
        f"({context}; rates: {used})."
    )


def programme_scenario(
    programme: pd.Series,
    base: Assumptions,
    currency: str,
    rates: pd.Series,
    fixed: Collection[str] = (),
) -> Scenario:
    """``base`` with the programme's length, converted tuition and one-off fees.

    ``programme`` is one row of :func:`mmedlearn.catalog.load_programs` (its name is the
    programme ID); ``rates`` are :func:`mmedlearn.compare.load_exchange_rates`. A degree
    awarded by examination only (``delivery_mode``) has no tuition: 0, and a note says so.

    >>> rates = pd.Series({"EUR": 1.0, "ZAR": 20.0})
    >>> rates.attrs = {"rate_dates": {"ZAR": "2026-10-30"}, "rate_sources": {"ZAR": "ECB, https://x"}}
    >>> programme = pd.Series({"duration_min_years": 4.0, "tuition_per_year": 500.0,
    ...     "one_off_fees": None, "fee_currency": "EUR", "fee_year": 2025, "sources_read": "2026-11-25"})
    >>> base = Assumptions(duration_years=1, tuition_per_year=0, baseline_salary=600_000, post_salary=900_000)
    >>> s = programme_scenario(programme, base, "ZAR", rates)
    >>> s.assumptions.duration_years, s.assumptions.tuition_per_year, s.missing
    (4.0, 10000.0, ('one_off_fees',))
    >>> s.field_notes["tuition_per_year"]
    'Tuition 10,000 ZAR a year, converted from 500 EUR (2025 fee; rates: ECB for ZAR, 2026-10-30).'
    >>> programme_scenario(programme, base, "KES", rates).field_notes["tuition_per_year"]
    'Its fee is published in EUR, which has no exchange rate to KES here: your tuition of 0 KES a year is used.'
    """
    changes, notes, missing = {}, {}, []
    if "duration_years" not in fixed:
        if pd.notna(programme["duration_min_years"]):
            changes["duration_years"] = float(programme["duration_min_years"])
            notes["duration_years"] = (
                f"Length {changes['duration_years']:g} years (the shortest its sources report)."
            )
        else:
            missing.append("duration_years")
            notes["duration_years"] = (
                f"No source gives its length: your {base.duration_years:g} years are used."
            )
    fee_currency = programme.get("fee_currency")
    by_examination = programme.get("delivery_mode") == "examination only"
    for name, what, kept in (
        (
            "tuition_per_year",
            lambda money: f"Tuition {money} a year",
            lambda money: f"your tuition of {money} a year is used",
        ),
        (
            "one_off_fees",
            lambda money: f"One-off fees {money} in year 1",
            lambda money: f"your one-off fees of {money} are used",
        ),
    ):
        if name in fixed:
            continue
        amount = programme.get(name)
        if name == "tuition_per_year" and pd.isna(amount) and by_examination:
            changes[name] = 0.0
            notes[name] = (
                "Awarded by examination only, with no course: tuition 0 a year "
                "(the examination's fees are the one-off fees)."
            )
            continue
        converted = _converted(amount, fee_currency, currency, rates)
        if pd.notna(converted):
            changes[name] = float(converted)
            told = (
                name == "one_off_fees"
                and "tuition_per_year" in changes
                and (pd.notna(programme.get("tuition_per_year")))
            )
            notes[name] = _fee_note(
                what, amount, converted, fee_currency, currency, rates, programme, told
            )
        else:
            missing.append(name)
            fee = "fee" if name == "tuition_per_year" else "one-off fees"
            why = (
                f"No source gives its {fee}"
                if pd.isna(amount)
                else f"Its {fee} {'is' if name == 'tuition_per_year' else 'are'} published in "
                f"{fee_currency}, which has no exchange rate to {currency} here"
            )
            notes[name] = f"{why}: {kept(_money(getattr(base, name), currency))}."
    duration = changes.get("duration_years", base.duration_years)
    if "horizon_years" not in fixed and base.horizon_years <= math.ceil(duration):
        changes["horizon_years"] = math.ceil(duration) + 1
        notes["horizon_years"] = (
            f"Years counted extended to {changes['horizon_years']}, past the programme."
        )
    last_full_year = int(last_dropout_year(duration))
    if "dropout_year" not in fixed and base.dropout_year > last_full_year:
        changes["dropout_year"] = last_full_year
        notes["dropout_year"] = (
            f"A non-finisher leaves after year {last_full_year}, the programme's last full year."
        )
    return Scenario(base.replace(**changes), tuple(notes.values()), tuple(missing), notes)


#: The salaries a reader must supply: the shipped defaults are an illustrative case only.
SALARY_FIELDS = ("baseline_salary", "study_income", "post_salary")
#: The words of the salary notes, with {placeholders}; the in-page explorer receives them, so
#: it says exactly what the calculator and the command say.
SALARY_NOTE_TEMPLATES = {
    "illustrative": "Salaries are still the illustrative {example_currency} case{converted}: "
    "enter your own ({fields}).",
    "converted": ", converted",
    "study_above_baseline": "Income while studying ({study_income}) is more than the salary "
    "without the degree ({baseline_salary}): check that both are yours, in {currency}.",
}


def salary_notes(
    values: Mapping[str, float],
    currency: str,
    illustrative: Collection[str] = (),
    example_currency: str = "USD",
) -> list[str]:
    """What to say about the salaries: which are still the shipped illustrative case
    (``illustrative``, named by field; flagged after a preset or a currency change), and a
    warning when income while studying exceeds the salary without the degree.

    >>> salary_notes({"baseline_salary": 600_000, "study_income": 610_000}, "ZAR", ["post_salary"])
    ['Salaries are still the illustrative USD case, converted: enter your own (Salary after the degree).', 'Income while studying (610,000 ZAR) is more than the salary without the degree (600,000 ZAR): check that both are yours, in ZAR.']
    """
    notes = []
    still = [FIELDS[name].label for name in SALARY_FIELDS if name in illustrative]
    if still:
        notes.append(
            SALARY_NOTE_TEMPLATES["illustrative"].format(
                example_currency=example_currency,
                converted=SALARY_NOTE_TEMPLATES["converted"]
                if currency != example_currency
                else "",
                fields=", ".join(still),
            )
        )
    if values["study_income"] > values["baseline_salary"]:
        notes.append(
            SALARY_NOTE_TEMPLATES["study_above_baseline"].format(
                study_income=_money(values["study_income"], currency),
                baseline_salary=_money(values["baseline_salary"], currency),
                currency=currency,
            )
        )
    return notes
