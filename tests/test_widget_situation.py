"""The ROI calculator's "Start from my situation" (issue 22), driven as a learner drives it:
pick a country, a funding and a programme, press the button. Every expectation is read from
mmedlearn.scenario.start_from_situation over the same tables, not from the widget."""

import pandas as pd
import pytest

from mmedlearn import roi
from mmedlearn.catalog import data_dir, load_programs, load_tables
from mmedlearn.compare import load_exchange_rates
from mmedlearn.fields import FIELDS
from mmedlearn.scenario import ILLUSTRATIVE, start_from_situation
from mmedlearn.widgets import YOUR_VALUE, ROICalculator

TABLES = load_tables(data_dir())
PROGRAMS = load_programs()
RATES = load_exchange_rates()


def expected(calc, country, funding, program=None, currency=None, tables=TABLES):
    return start_from_situation(
        country,
        funding,
        base={name: getattr(calc.start, name) for name in FIELDS},
        base_currency=calc.start_currency,
        pay_scales=tables["pay_scales.csv"],
        funding_terms=tables["funding_terms.csv"],
        sources=tables["sources.csv"],
        rates=RATES,
        programme=PROGRAMS.loc[program] if program else None,
        currency=currency,
    )


def pick(calc, country, funding, program=""):
    calc.country.value = country
    calc.funding.value = funding
    calc.programme.value = program
    calc.fill.click()


def shown(value, name):
    return round(value) if FIELDS[name].kind == "money" else value


@pytest.fixture(scope="module")
def calc():
    return ROICalculator(programs=PROGRAMS, rates=RATES, tables=TABLES)


@pytest.mark.parametrize(
    "country, funding, program, currency",
    [
        ("Kenya", "self sponsored", "nairobi_psych", "KES"),
        ("South Africa", "government sponsored", "uct_family", "ZAR"),
        ("Uganda", "government sponsored", "ug_must_obstetrics_gynaecology", "UGX"),
        ("Malaysia", "government sponsored", "", "MYR"),
    ],
)
def test_a_situation_fills_every_input_in_the_readers_currency(
    calc, country, funding, program, currency
):
    want = expected(calc, country, funding, program or None)
    assert want.currency == currency  # the country's pay scales are in it
    updates = calc.updates
    pick(calc, country, funding, program)
    assert calc.updates == updates + 1  # one recomputation for the whole fill
    assert calc.currency.value == currency
    for name in FIELDS:
        assert calc.inputs[name].value == shown(want.values[name], name), name
        origin = calc.origins[name]
        if want.origins[name] == ILLUSTRATIVE:
            assert origin.startswith(ILLUSTRATIVE), name
            assert "illustrative" in calc.origin_labels[name].value
        else:
            assert origin == want.origins[name], name
    assert calc.result.npv == pytest.approx(
        roi.evaluate(roi.Assumptions(**{n: shown(want.values[n], n) for n in FIELDS})).npv
    )
    assert f"Started from your situation: {country}, {funding}" in calc.note.value
    assert currency in calc.summary.value


def test_sourced_values_show_their_source_and_year(calc):
    pick(calc, "South Africa", "government sponsored", "uct_family")
    label = calc.origin_labels["post_salary"].value
    assert "Medical Specialist" in label and "(2025)" in label
    assert "illustrative" in calc.origin_labels["tax_rate"].value
    # The money no source gives was the starting case's, in USD: converted, and it says so.
    assert calc.origins["one_off_fees"] == "illustrative, converted from USD"


def test_the_programme_list_follows_the_country(calc):
    calc.country.value = "Kenya"
    keys = [key for _, key in calc.programme.options if key]
    assert keys and set(PROGRAMS.loc[keys, "country"]) == {"Kenya"}
    assert set(keys) == set(PROGRAMS.index[PROGRAMS["country"] == "Kenya"])
    calc.country.value = "Zimbabwe"
    assert "nairobi_psych" not in [key for _, key in calc.programme.options]


def test_typing_a_value_makes_it_yours_and_a_currency_change_says_converted(calc):
    pick(calc, "Kenya", "self sponsored", "nairobi_psych")
    calc.inputs["post_salary"].value = 5_000_000
    assert calc.origins["post_salary"] == YOUR_VALUE
    assert "your value" in calc.origin_labels["post_salary"].value
    calc.currency.value = "USD"
    assert calc.origins["baseline_salary"].endswith("converted from KES")
    assert calc.origins["post_salary"] == YOUR_VALUE  # still the learner's, converted


def _with_pay_row(country: str, currency: str, annual: int) -> dict:
    """The shipped tables plus one medical officer's pay row for a country that has no
    programme and no other pay row: a made-up country, so new data cannot change the case."""
    row = {
        "pay_id": "test_only_row",
        "country": country,
        "grade": "medical_officer",
        "funding": "all",
        "annual_min": annual,
        "annual_max": annual,
        "currency": currency,
        "year": 2025,
        "source_ids": "test_only_source",
    }
    pay = pd.concat([TABLES["pay_scales.csv"], pd.DataFrame([row])], ignore_index=True)
    return {**TABLES, "pay_scales.csv": pay}


def test_a_country_with_pay_scales_and_no_programme_is_offered_in_its_currency():
    # As a Nigerian reader is: pay-scale rows, no programme. The currency is one with a rate.
    currency = next(code for code in RATES.index if code not in ("USD", "EUR"))
    tables = _with_pay_row("Testland", currency, 6_000_000)
    assert "Testland" not in set(PROGRAMS["country"])
    calc = ROICalculator(programs=PROGRAMS, rates=RATES, tables=tables)
    assert "Testland" in [key for _, key in calc.country.options]
    pick(calc, "Testland", "self sponsored")
    want = expected(calc, "Testland", "self sponsored", tables=tables)
    assert calc.currency.value == want.currency == currency
    assert calc.inputs["baseline_salary"].value == 6_000_000
    assert calc.origins["baseline_salary"] == "test_only_source (2025)"  # no such source: its id
    assert calc.origins["post_salary"] == "illustrative, converted from USD"
    assert calc.inputs["post_salary"].value == round(want.values["post_salary"])
    assert "enter your own" in calc.note.value  # the salaries no source gives are flagged


def test_a_country_whose_currency_has_no_rate_says_so_and_keeps_the_start_currency():
    # XTS is ISO 4217's code reserved for testing: no exchange-rate row will ever carry it.
    assert "XTS" not in RATES.index
    tables = _with_pay_row("Testland", "XTS", 2_506_260)
    calc = ROICalculator(programs=PROGRAMS, rates=RATES, tables=tables)
    pick(calc, "Testland", "self sponsored")
    assert calc.currency.value == "USD"
    assert "2,506,260 XTS, which has no exchange rate to USD" in calc.note.value
    assert calc.origins["baseline_salary"] == ILLUSTRATIVE


def test_no_country_chosen_is_a_message_not_a_change():
    calc = ROICalculator(programs=PROGRAMS, rates=RATES, tables=TABLES)
    before = calc.current()
    calc.fill.click()
    assert "Choose your country first" in calc.note.value and calc.current() == before


def test_a_hostile_source_title_stays_text():
    sources = TABLES["sources.csv"].copy()
    first = TABLES["pay_scales.csv"].query("country == 'Kenya' and grade == 'specialist'")
    source_id = first["source_ids"].iloc[0].split(" ; ")[0]
    sources.loc[sources["source_id"] == source_id, "title"] = "<img src=x onerror=alert(1)>"
    calc = ROICalculator(programs=PROGRAMS, rates=RATES, tables={**TABLES, "sources.csv": sources})
    pick(calc, "Kenya", "self sponsored")
    label = calc.origin_labels["post_salary"].value
    assert "&lt;img src=x" in label and "<img" not in label


def test_the_starting_values_are_labelled_as_the_chapter_labels_them():
    from mmedlearn.cases import starting_case

    calc = ROICalculator(programs=PROGRAMS, rates=RATES, tables=TABLES)
    table = starting_case(calc.start)
    assert [calc.origins[name] for name in FIELDS] == table["where it comes from"].tolist()
