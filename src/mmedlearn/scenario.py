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
from mmedlearn.vocabulary import FUNDING_TYPES


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
    "illustrative": "Salaries are still the starting case's, in {example_currency}{converted}: "
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
    """What to say about the salaries: which are still the shipped starting case's
    (``illustrative``, named by field; flagged after a preset or a currency change), and a
    warning when income while studying exceeds the salary without the degree.

    >>> salary_notes({"baseline_salary": 600_000, "study_income": 610_000}, "ZAR", ["post_salary"])
    ["Salaries are still the starting case's, in USD, converted: enter your own (Salary after the degree).", 'Income while studying (610,000 ZAR) is more than the salary without the degree (600,000 ZAR): check that both are yours, in ZAR.']
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


# ---------------------------------------------------------------------------------------------
# "Start from my situation" (issue 22): a country, how the place is funded and optionally a
# programme fill every input the data can give, each with where it came from.

#: What a value no source gives is labelled.
ILLUSTRATIVE = "illustrative"
#: Inputs of ROI model version 3 that come from funding_terms and pay_scales. They are plain
#: keys here, so this works whether or not mmedlearn.fields defines them yet.
WAIT_AND_BOND_FIELDS = ("wait_years", "bond_years", "bond_salary")
_SALARY_GRADES = {"baseline_salary": "medical_officer", "post_salary": "specialist"}


@dataclass(frozen=True)
class Situation:
    """Starting values for one reader: ``values`` by input name, in ``currency``;
    ``origins`` says for each where it came from (a source's title, address and year) or
    :data:`ILLUSTRATIVE`; ``notes`` adds what could not be filled and why."""

    values: Mapping[str, float]
    origins: Mapping[str, str]
    currency: str
    notes: tuple[str, ...] = ()


def _cited(source_ids: str, sources: pd.DataFrame, year) -> str:
    """'title, address' for each source, then the year the value applies to."""
    table = sources.set_index("source_id")
    parts = []
    for source_id in str(source_ids).split(" ; "):
        if source_id in table.index:
            row = table.loc[source_id]
            parts.append(f"{row['title']}, {row['address']}")
        else:
            parts.append(source_id)
    when = "no year stated" if year is None or pd.isna(year) else f"{int(year)}"
    return f"{'; '.join(parts)} ({when})"


def _in_currency(amount: float, from_currency: str, currency: str, rates: pd.Series) -> float:
    """An amount converted with the exchange rates (units per euro); NaN without a rate."""
    if from_currency == currency:
        return float(amount)
    if from_currency not in rates.index or currency not in rates.index:
        return math.nan
    return float(amount) * float(rates[currency]) / float(rates[from_currency])


def _latest_for_funding(rows: pd.DataFrame, funding: str):
    """The newest row for this funding type, else the newest that applies to all."""
    row = _latest(rows[rows["funding"] == funding])
    return _latest(rows[rows["funding"] == "all"]) if row is None else row


def _latest(rows: pd.DataFrame) -> pd.Series | None:
    """The row for the most recent year (the first in file order among equals), or None."""
    if rows.empty:
        return None
    return rows.sort_values("year", kind="stable", ascending=False).iloc[0]


def _country_currency(country: str, pay_scales: pd.DataFrame, programme) -> str | None:
    rows = pay_scales[pay_scales["country"] == country]
    if not rows.empty:
        return str(_latest(rows)["currency"])
    if programme is not None and isinstance(programme.get("fee_currency"), str):
        return programme["fee_currency"]
    return None


def situation_currency(
    country: str,
    pay_scales: pd.DataFrame,
    rates: pd.Series,
    programme: pd.Series | None = None,
    fallback: str = "USD",
) -> str:
    """The currency a reader's situation is shown in: the country's pay currency, else the
    programme's fee currency, provided the exchange rates know it (otherwise the amounts no
    source gives could not be converted to it); else ``fallback``.

    >>> pay = pd.DataFrame({"country": ["Malawi", "Kenya"], "currency": ["MWK", "KES"], "year": [2020, 2025]})
    >>> rates = pd.Series({"USD": 1.1, "KES": 150.0})
    >>> situation_currency("Kenya", pay, rates), situation_currency("Malawi", pay, rates)
    ('KES', 'USD')
    """
    currency = _country_currency(country, pay_scales, programme)
    return currency if currency in rates.index else fallback


def situation_countries(
    programs: pd.DataFrame, pay_scales: pd.DataFrame, funding_terms: pd.DataFrame
) -> list[str]:
    """Every country a reader can start from: one with a programme, a pay scale or funding
    terms in the data (a country with pay scales and no programme is one of them).

    >>> situation_countries(pd.DataFrame({"country": ["Kenya"]}),
    ...     pd.DataFrame({"country": ["Nigeria", "Kenya"]}), pd.DataFrame({"country": ["Fiji"]}))
    ['Fiji', 'Kenya', 'Nigeria']
    """
    found = set()
    for table in (programs, pay_scales, funding_terms):
        found |= set(table["country"].dropna()) if table is not None else set()
    return sorted(found)


def start_from_situation(
    country: str,
    funding: str,
    *,
    base: Mapping[str, float],
    base_currency: str,
    pay_scales: pd.DataFrame,
    funding_terms: pd.DataFrame,
    sources: pd.DataFrame,
    rates: pd.Series,
    programme: pd.Series | None = None,
    currency: str | None = None,
) -> Situation:
    """The inputs a reader's situation fills from the data, in their currency.

    ``base`` holds the illustrative values (in ``base_currency``) used where no source gives
    one; money among them is converted to the reader's currency and still labelled
    illustrative. The reader's currency is ``currency``, else that of the country's pay
    scales, else of the programme's fee, else ``base_currency``. From the data: length and
    fees from ``programme`` (a row of :func:`mmedlearn.catalog.load_programs`); salary
    without the degree (medical officer), income while training (registrar, for this funding,
    else for 'all') and salary after it (specialist), each the bottom of the latest scale;
    wait and bond (fewest years) from ``funding_terms``; pay during the bond (grade 'bond').
    A value no source gives keeps the illustrative one: never one from another country.
    """
    if funding not in FUNDING_TYPES:
        raise ValueError(f"funding: must be one of {', '.join(FUNDING_TYPES)}; got {funding!r}")
    if programme is not None and programme["country"] != country:
        raise ValueError(
            f"program: {programme['program_id']!r} is in {programme['country']}, not {country}"
        )
    currency = currency or _country_currency(country, pay_scales, programme) or base_currency
    values, origins, notes = {}, {}, []
    money = {name for name, spec in FIELDS.items() if spec.kind == "money"} | {"bond_salary"}
    for name, value in base.items():
        if name in money:
            converted = _in_currency(value, base_currency, currency, rates)
            if math.isnan(converted):
                notes.append(
                    f"{name}: the illustrative {value:,.0f} {base_currency} has no rate to "
                    f"{currency}; enter your own"
                )
                converted = float(value)
            values[name] = converted
        else:
            values[name] = value
        origins[name] = ILLUSTRATIVE

    def take(name: str, amount: float, amount_currency: str, origin: str) -> None:
        converted = _in_currency(amount, amount_currency, currency, rates)
        if math.isnan(converted):
            notes.append(
                f"{name}: the source gives {amount:,.0f} {amount_currency}, which has no "
                f"exchange rate to {currency}; the illustrative value is kept"
            )
            return
        values[name] = converted
        origins[name] = origin + (
            "" if amount_currency == currency else f", converted from {amount_currency}"
        )

    if programme is not None:
        cited = "; ".join(
            f"{title}, {address}"
            for title, address in zip(
                str(programme.get("sources_title") or programme["sources"]).split(" ; "),
                str(programme["sources"]).split(" ; "),
                strict=False,
            )
        )
        # A length, or a rule, has no year it applies to: its sources' reading dates it.
        read = _text(programme, "sources_read")
        read = f"as read {read}" if read else "no year stated"
        if pd.notna(programme["duration_min_years"]):
            values["duration_years"] = float(programme["duration_min_years"])
            rule = (
                " (the institution's rule)"
                if programme.get("duration_from") == "institution"
                else ""
            )
            origins["duration_years"] = f"{cited}{rule} ({read})"
        fee_sources = programme.get("fee_sources")
        for name in ("tuition_per_year", "one_off_fees"):
            if pd.notna(programme[name]):
                where = fee_sources if isinstance(fee_sources, str) else programme["sources"]
                year = programme["fee_year"]
                when = "no year stated" if pd.isna(year) else str(int(year))
                age = fee_age_years(programme)
                if pd.notna(year) and age is not None and age > FEE_AGE_LIMIT_YEARS:
                    # As fee_context warns: an old fee is a reason to ask, not a figure.
                    when += f", {age} years before its sources were read: ask for the current fee"
                take(name, float(programme[name]), programme["fee_currency"], f"{where} ({when})")
            elif (
                name == "tuition_per_year" and programme.get("delivery_mode") == "examination only"
            ):
                # As programme_scenario says: a degree by examination has no course to pay for.
                values[name] = 0.0
                origins[name] = f"{cited}: awarded by examination only, so no tuition ({read})"

    def take_pay(name: str, row) -> None:
        if row is not None:
            cited = _cited(row["source_ids"], sources, row["year"])
            take(name, row["annual_min"], row["currency"], cited)

    pay = pay_scales[pay_scales["country"] == country]
    for name, grade in _SALARY_GRADES.items():
        take_pay(name, _latest(pay[(pay["grade"] == grade) & (pay["funding"] == "all")]))
    take_pay("study_income", _latest_for_funding(pay[pay["grade"] == "registrar"], funding))
    take_pay("bond_salary", _latest(pay[pay["grade"] == "bond"]))
    terms = funding_terms[funding_terms["country"] == country]
    for name, column in (("wait_years", "wait_years_min"), ("bond_years", "bond_years_min")):
        # The wait and the bond are looked up apart: a row on the bond of one funding says
        # nothing of the wait that every specialist serves (Malaysia's gazettement).
        row = _latest_for_funding(terms[terms[column].notna()], funding)
        if row is None:
            continue
        years = float(row[column])
        values[name] = float(math.ceil(years))
        origins[name] = _cited(row["source_ids"], sources, row["year"])
        if years != values[name]:
            # The model counts whole years (docs/roi-model.md); the source's own figure
            # is said, not hidden.
            origins[name] += (
                f"; the source gives at least {years:g} years, counted as "
                f"{values[name]:g}, as the model counts whole years"
            )
    if values.get("bond_years", 0) > 0 and origins.get("bond_salary", ILLUSTRATIVE) == ILLUSTRATIVE:
        # A bond with no pay figure: bonded doctors serve in the public posts the specialist
        # scale pays, so the salary after the degree is the plain assumption, said as such; a
        # bond salary of 0 would count years of work as unpaid.
        values["bond_salary"] = values.get("post_salary", 0.0)
        notes.append(
            "bond_salary: no source gives pay during the bond; the salary after the degree is "
            "used, an assumption: enter your own"
        )
    return Situation(values, origins, currency, tuple(notes))
