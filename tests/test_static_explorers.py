"""The kernel-free explorers (mmedlearn.static_explorers + book/_assets/js/explorers.js) in
Chromium, held against the Python functions they stand for.

Tolerances: the page's NPVs, sensitivity and total cost equal roi's to 1e-9 relative (the
same formulas, summed in another order); the simulation draws the same uniform numbers as
roi.simulate (numpy's Generator, seed 0, shipped in the spec) and applies the same inverse
transforms, so its percentiles equal roi.simulate's to 1e-6 relative, and the chance that
the NPV is above 0 to one draw (1/n).
"""

from __future__ import annotations

import random
import re

import pytest

from browser import browser_context, open_page, require_chromium, serve
from explorer_page import write_page
from mmedlearn import catalog, roi, static_explorers
from mmedlearn.compare import (
    load_exchange_rates,
)
from mmedlearn.defaults import load_default_assumptions
from mmedlearn.fields import FIELDS
from mmedlearn.widgets import simulation_ranges

pytestmark = [pytest.mark.slow, pytest.mark.browser]
RATES = load_exchange_rates()
PROGRAMS = catalog.load_programs()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("explorers")
    write_page(folder, static_explorers.roi_explorer_page(), "roi.html")
    with (
        serve(folder) as base_url,
        browser_context(base_url, viewport={"width": 1280, "height": 900}) as context,
    ):
        yield base_url, context


def opened(site, name):
    base_url, context = site
    page, log = open_page(context, base_url, name)
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
    return page, log


def updates(page) -> int:
    return int(page.get_attribute(".mmed-explorer", "data-updates"))


def settled(page, before: int):
    """Wait until the page has recomputed since ``before`` and the simulation's band is in.

    The explorer marks itself busy (data-busy) before the update that follows a computation,
    and clears it, with a last update, once the band is drawn: so the page is settled when
    the count has moved and it is not busy. Each action this file takes computes at once
    (a select, a slider, a typed value committed by leaving the box: type_into), so no later
    computation can follow one this has waited for."""
    page.wait_for_function(
        f"""() => {{ const root = document.querySelector('.mmed-explorer');
            return Number(root.dataset.updates) > {before} && !root.hasAttribute('data-busy'); }}""",
        timeout=30_000,
    )


def type_into(page, name: str, text: str) -> int:
    """Type a value into a field's box and leave the box (Tab), as a reader does: the value is
    used at once, not after the typing pause. Returns the update count before, once settled."""
    before = updates(page)
    box = page.locator(f'.mmed-box[data-name="{name}"]')
    box.fill(text)
    box.press("Tab")
    if box.get_attribute("aria-invalid") is None:  # a refused value computes nothing
        settled(page, before)
    return before


def next_frames(page) -> None:
    """Two animation frames: what the page schedules for the next frame has run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


# ------------------------------------------------------------------ ROI

ROI_READ = """() => { const v = document.querySelector('.mmed-explorer').mmedViews;
  return {summary: v.roi.data('summary')[0], percentiles: v.roi.data('simulation_percentiles'),
          chance: v.roi.data('simulation_chance')[0], sensitivity: v.tornado.data('sensitivity'),
          moved: v.tornado.data('sensitivity').flatMap((r) => [
            {field: r.field, side: 'low', value: r.low_value},
            {field: r.field, side: 'high', value: r.high_value}])}; }"""


def random_scenario(rng: random.Random, scale: float) -> dict:
    """A valid scenario with money in the currency's size (scale × USD-sized amounts)."""
    duration = rng.choice([0.5, 1, 1.25, 2, 2.75, 3, 3.5, 4, 5, 6.5])
    values = {
        "duration_years": duration,
        "tuition_per_year": round(rng.uniform(0, 60_000) * scale),
        "one_off_fees": round(rng.uniform(0, 5_000) * scale),
        "extra_costs_per_year": round(rng.uniform(0, 10_000) * scale),
        "baseline_salary": round(rng.uniform(20_000, 300_000) * scale),
        "study_income": round(rng.uniform(0, 200_000) * scale),
        "post_salary": round(rng.uniform(20_000, 400_000) * scale),
        "baseline_growth": rng.choice([-0.01, 0, 0.01, 0.025]),
        "post_growth": rng.choice([0, 0.015, 0.03]),
        "horizon_years": rng.randint(11, 45),
        "discount_rate": rng.choice([0, 0.03, 0.05, 0.1]),
        "tax_rate": rng.choice([0, 0.2, 0.35]),
        "completion_probability": rng.choice([1, 0.9, 0.6]),
        "dropout_year": rng.randint(1, max(1, int(duration))),
        "loan_share": rng.choice([0, 0.5, 1]),
        "loan_rate": rng.choice([0, 0.05, 0.12]),
        "loan_term_years": rng.randint(1, 15),
        "wait_years": rng.choice([0, 0, 1, 2]),
        "bond_years": rng.choice([0, 0, 3, 5]),
        "bond_salary": round(rng.uniform(20_000, 200_000) * scale),
    }
    return values


def shown(name: str, value: float) -> str:
    return (
        f"{value * 100:g}"
        if static_explorers.FIELDS[name].kind in static_explorers.PERCENT_KINDS
        else f"{value:,}"
    )


def set_scenario(page, values: dict, currency: str):
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=1", currency)
    settled(page, before)
    # The year a non-finisher leaves must fit the programme (roi-model.md): make room first.
    type_into(page, "dropout_year", "1")
    for name, value in values.items():
        before = type_into(page, name, shown(name, value))
        assert page.locator(f'.mmed-box[data-name="{name}"][aria-invalid]').count() == 0, name
    settled(page, before)


# The model's arithmetic is held against roi on hundreds of cases in Node (test_model.py);
# here, two currencies (one with salaries in the millions) check the wiring end to end.
@pytest.mark.parametrize("currency, seed", [("USD", 1), ("UGX", 4)])
def test_roi_explorer_equals_evaluate_sensitivity_and_simulate(site, currency, seed):
    page, log = opened(site, "roi.html")
    scale = static_explorers.slider_scales([currency], RATES)[currency]
    rng = random.Random(seed)
    for _ in range(1):
        values = random_scenario(rng, scale)
        set_scenario(page, values, currency)
        got = page.evaluate(ROI_READ)
        a = roi.Assumptions(**values)
        result = roi.evaluate(a)
        assert got["summary"]["npv"] == pytest.approx(result.npv, rel=1e-9, abs=1e-6)
        assert got["summary"]["breakeven_year"] == result.breakeven_year
        assert got["summary"]["payback_year"] == result.payback_year
        assert got["summary"]["total_cost"] == pytest.approx(result.total_cost, rel=1e-9, abs=1e-6)
        # the sensitivity, exactly: the same rows in the same order, the same values moved to
        want = roi.sensitivity(a)
        rows = sorted(got["sensitivity"], key=lambda row: row["position"])
        assert [row["field"] for row in rows if row["swing"] > 1e-6 * (1 + abs(result.npv))] == [
            f
            for f, s in zip(want["field"], want["swing"], strict=False)
            if s > 1e-6 * (1 + abs(result.npv))
        ]
        by_field = {row["field"]: row for row in rows}
        moved = {(m["field"], m["side"]): m["value"] for m in got["moved"]}
        for _, row in want.iterrows():
            assert by_field[row["field"]]["npv_low"] == pytest.approx(
                row["npv_low"], rel=1e-9, abs=1e-6
            )
            assert by_field[row["field"]]["npv_high"] == pytest.approx(
                row["npv_high"], rel=1e-9, abs=1e-6
            )
            assert moved[(row["field"], "low")] == pytest.approx(row["low_value"], rel=1e-12)
            assert moved[(row["field"], "high")] == pytest.approx(row["high_value"], rel=1e-12)
        # the uncertainty band: roi.simulate with the live calculator's ranges, same draws
        simulation = roi.simulate(
            a,
            simulation_ranges(a),
            n=static_explorers.SIMULATION_DRAWS,
            seed=static_explorers.SIMULATION_SEED,
        )
        percentiles = {round(row["prob"] * 100): row["value"] for row in got["percentiles"]}
        spread = 1 + max(abs(v) for v in simulation.percentiles.values())
        for q in (5, 50, 95):
            assert abs(percentiles[q] - simulation.percentiles[q]) <= 1e-6 * spread, q
        assert got["chance"]["probability_positive"] == pytest.approx(
            simulation.probability_positive, abs=1 / static_explorers.SIMULATION_DRAWS
        )
        # what the reader reads: the NPV with separators and the currency code
        assert (
            f"{result.npv:,.0f}".replace("-", "\u2212") + f" {currency}"
            in page.locator(".mmed-results").inner_text()
        )
    assert log.problems() == []


def test_money_sliders_reach_each_currencys_salaries(site):
    page, _ = opened(site, "roi.html")
    for currency, salary in (
        ("ZAR", 900_000),
        ("KES", 3_000_000),
        ("UGX", 40_000_000),
        ("USD", 200_000),
    ):
        page.select_option(".mmed-explorer select >> nth=1", currency)
        slider = page.locator('.mmed-range[data-name="post_salary"]')
        assert float(slider.get_attribute("max")) >= salary, currency
        step = float(slider.get_attribute("step"))
        assert step <= salary / 50, currency  # one move changes the salary by at most 2 %
        assert (
            page.locator('.mmed-control[data-name="post_salary"] .mmed-unit').inner_text()
            == currency
        )


@pytest.mark.parametrize(
    "text, words", [("abc", "is not a number"), ("-5", "at least 0"), ("1e400", "at least 0")]
)
def test_bad_typed_money_shows_a_message_and_keeps_the_result(site, text, words):
    page, log = opened(site, "roi.html")
    before, count = page.locator(".mmed-results").inner_text(), updates(page)
    page.locator('.mmed-box[data-name="tuition_per_year"]').fill(text)
    message = page.locator('.mmed-control[data-name="tuition_per_year"] .mmed-message')
    message.filter(has_text=words).wait_for(timeout=5_000)  # once the reader pauses
    assert (
        page.locator('.mmed-box[data-name="tuition_per_year"]').get_attribute("aria-invalid")
        == "true"
    )
    next_frames(page)  # a computation the refused value had started would have run by now
    assert page.locator(".mmed-results").inner_text() == before  # the last valid result stays
    assert updates(page) == count and page.get_attribute(".mmed-explorer", "data-busy") is None
    assert page.locator(".mmed-chart svg text", has_text="NPV over").count() == 1
    assert log.problems() == []


@pytest.mark.parametrize(
    "name, text, words",
    [
        ("discount_rate", "150", "less than 100 %"),
        ("horizon_years", "2.5", "whole number"),
        ("horizon_years", "1", "must be more than the programme's last year"),
        ("completion_probability", "0", "more than 0 %"),
        ("dropout_year", "0", "at least 1"),
    ],
)
def test_out_of_range_is_named_in_the_readers_units(site, name, text, words):
    page, _ = opened(site, "roi.html")
    page.locator(f'.mmed-box[data-name="{name}"]').fill(text)
    message = page.locator(f'.mmed-control[data-name="{name}"] .mmed-message')
    message.filter(has_text=words).wait_for(timeout=5_000)  # once the reader pauses


def test_every_roi_control_changes_what_it_controls(site):
    page, log = opened(site, "roi.html")
    default = load_default_assumptions()
    for name, field in FIELDS.items():
        before_text = page.locator(".mmed-results").inner_text()
        before_sens = page.evaluate(ROI_READ)["sensitivity"]
        slider = page.locator(f'.mmed-range[data-name="{name}"]')
        low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
        value = getattr(default, name) * (
            100 if field.kind in static_explorers.PERCENT_KINDS else 1
        )
        target = high if value < high else low
        if (
            name == "dropout_year"
        ):  # it matters only with a chance of not finishing, in a longer programme
            type_into(page, "duration_years", "4")
            type_into(page, "completion_probability", "60")
            target = 3
        before = updates(page)
        slider.fill(str(target))
        settled(page, before)
        after_text = page.locator(".mmed-results").inner_text()
        assert after_text != before_text or page.evaluate(ROI_READ)["sensitivity"] != before_sens, (
            name
        )
    assert log.problems() == []


def test_presets_fill_length_and_converted_tuition_or_say_what_is_missing(site):
    page, _ = opened(site, "roi.html")
    page.select_option(".mmed-explorer select >> nth=1", "ZAR")
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=0", "uct_family")
    settled(page, before)
    assert page.locator('.mmed-box[data-name="duration_years"]').input_value() == "4"
    assert page.locator('.mmed-box[data-name="tuition_per_year"]').input_value() == "10,960"
    # Review item 7: the fee's year, and its age against the day its sources were read.
    age = int(PROGRAMS.loc["uct_family", "sources_read"][:4]) - 2015
    notes = page.locator(".mmed-notes").inner_text()
    assert "Tuition 10,960 ZAR a year (" in notes
    assert f"2015 fee, {age} years before its sources were read: ask for the current fee)." in notes
    page.select_option(".mmed-explorer select >> nth=1", "USD")
    converted = PROGRAMS.loc["uct_family", "tuition_per_year"] / RATES["ZAR"] * RATES["USD"]
    assert (
        f"Tuition {converted:,.0f} USD a year, converted from 10,960 ZAR"
        in page.locator(".mmed-notes").inner_text()
    )
    no_fee = PROGRAMS.index[PROGRAMS["tuition_per_year"].isna()][0]
    page.select_option(".mmed-explorer select >> nth=0", no_fee)
    assert "No source gives its fee: your tuition of" in page.locator(".mmed-notes").inner_text()


def test_a_kenyan_fee_in_euros_is_dated_by_the_kenyan_rate(site):
    page, log = opened(site, "roi.html")
    page.select_option(".mmed-explorer select >> nth=1", "KES")
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=0", "nairobi_psych")
    settled(page, before)
    assert page.locator('.mmed-box[data-name="tuition_per_year"]').input_value() == "300,000"
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=1", "EUR")
    settled(page, before)
    euros = 300_000 / 152.2479  # the CBK's indicative rate of 24 July 2025
    notes = page.locator(".mmed-notes").inner_text()
    assert f"Tuition {euros:,.0f} EUR a year, converted from 300,000 KES" in notes
    # The tuition's note and the currency change's name the KES rate's date, not the ECB's;
    # the one-off fees share the tuition's year and rates and say so rather than repeat them.
    assert (
        f"One-off fees {45_000 / 152.2479:,.0f} EUR in year 1, converted from 45,000 KES "
        "(same fee year and rates as the tuition)." in notes
    )
    assert notes.count("Central Bank of Kenya indicative rate") == 2
    assert notes.count("for KES, 2025-07-24, over a year old") == 2
    assert "2026-10-30" not in notes and "European Central Bank" not in notes
    assert log.problems() == []


def test_an_examination_only_preset_has_no_tuition_and_its_one_off_fees(site):
    """Review item 3: nus_surgery is awarded by examination: tuition 0 (said), its one-off
    fees converted like tuition, never the reader's 30,000 USD a year kept silently."""
    page, log = opened(site, "roi.html")
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=0", "nus_surgery")
    settled(page, before)
    programme = PROGRAMS.loc["nus_surgery"]
    assert programme["delivery_mode"] == "examination only"
    assert page.locator('.mmed-box[data-name="tuition_per_year"]').input_value() == "0"
    usd = programme["one_off_fees"] / RATES["SGD"] * RATES["USD"]
    box = page.locator('.mmed-box[data-name="one_off_fees"]').input_value()
    assert float(box.replace(",", "")) == pytest.approx(usd, abs=0.01)
    notes = page.locator(".mmed-notes").inner_text()
    assert "Awarded by examination only, with no course: tuition 0 a year" in notes
    assert f"One-off fees {usd:,.0f} USD in year 1, converted from 3,430 SGD (2024 fee;" in notes
    # The salaries are the illustrative case: said once a preset has filled amounts in.
    assert "Salaries are still the illustrative USD case: enter your own" in notes
    assert log.problems() == []


def test_converted_salaries_are_flagged_and_income_above_the_salary_warned(site):
    """Review item 2: after a currency change the default salaries are flagged as the
    illustrative case, converted; a salary the reader types is theirs and is not changed;
    income while studying above the salary without the degree is warned of."""
    page, log = opened(site, "roi.html")
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=1", "KES")
    settled(page, before)
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=0", "nairobi_psych")
    settled(page, before)
    notes = page.locator(".mmed-notes").inner_text()
    labels = ", ".join(FIELDS[n].label for n in ("baseline_salary", "study_income", "post_salary"))
    assert (
        f"Salaries are still the illustrative USD case, converted: enter your own ({labels})."
        in notes
    )
    assert "One-off fees 45,000 KES in year 1 (same fee year and rates as the tuition)." in notes
    before = type_into(page, "baseline_salary", "1,800,000")
    settled(page, before)
    notes = page.locator(".mmed-notes").inner_text()
    assert "enter your own (Income while studying, Salary after the degree)." in notes
    study = float(
        page.locator('.mmed-box[data-name="study_income"]').input_value().replace(",", "")
    )
    assert study > 1_800_000  # the converted default: kept, not changed behind the reader's back
    assert (
        f"Income while studying ({study:,.0f} KES) is more than the salary without the degree "
        "(1,800,000 KES)" in notes
    )
    before = type_into(page, "study_income", "1,000,000")
    settled(page, before)
    assert "Income while studying (" not in page.locator(".mmed-notes").inner_text()
    assert log.problems() == []


def test_a_dropout_year_past_the_programme_is_refused_naming_the_last_full_year(site):
    """Review item 22: Nairobi Anaesthesia is 4 years; 6 is refused with a message naming the
    field and the last full year, never used silently as 4."""
    page, log = opened(site, "roi.html")
    before = updates(page)
    page.select_option(".mmed-explorer select >> nth=0", "nairobi_anaes")
    settled(page, before)
    before = type_into(page, "completion_probability", "60")
    settled(page, before)
    results = page.locator(".mmed-results").inner_text()
    page.locator('.mmed-box[data-name="dropout_year"]').fill("6")
    label = FIELDS["dropout_year"].label
    page.locator('.mmed-control[data-name="dropout_year"] .mmed-message').filter(
        has_text=f"{label} (6) must be at most 4, the programme's last full year (length 4 years)"
    ).wait_for(timeout=5_000)
    next_frames(page)  # a computation the refused value had started would have run by now
    assert page.locator(".mmed-results").inner_text() == results
    before = type_into(page, "dropout_year", "3")
    settled(page, before)
    assert page.locator(".mmed-results").inner_text() != results  # 3 is used, and changes it
    # A shorter programme is refused while the dropout year is past it, too.
    page.locator('.mmed-box[data-name="duration_years"]').fill("2.5")
    page.locator('.mmed-control[data-name="duration_years"] .mmed-message').filter(
        has_text=f"{label} (3) must be at most 2, the programme's last full year"
    ).wait_for(timeout=5_000)
    assert log.problems() == []


def test_both_explorers_offer_only_currencies_with_a_rate():
    """Review item 28: a currency with no dated rate is offered by neither explorer."""
    roi_currencies = static_explorers.roi_config(load_default_assumptions(), PROGRAMS, RATES)[
        "currencies"
    ]
    assert roi_currencies == static_explorers.compare_config(PROGRAMS, RATES)["currencies"]
    assert roi_currencies == list(RATES.index)
    without_tzs = RATES.drop("TZS")
    assert "TZS" not in static_explorers.compare_config(PROGRAMS, without_tzs)["currencies"]
    assert (
        "TZS"
        not in static_explorers.roi_config(load_default_assumptions(), PROGRAMS, without_tzs)[
            "currencies"
        ]
    )


def test_the_pages_receive_each_rates_own_date():
    for config in (
        static_explorers.compare_config(PROGRAMS, RATES),
        static_explorers.roi_config(load_default_assumptions(), PROGRAMS, RATES),
    ):
        assert "rate_date" not in config  # one date for every rate was the defect
        groups = {tuple(codes): phrase for phrase, codes in config["rate_groups"]}
        assert groups[("KES",)].endswith("for KES, 2025-07-24, over a year old")
        assert groups[("UGX",)].endswith("for UGX, 2025-04-29, over a year old")
        ecb = next(phrase for codes, phrase in groups.items() if "USD" in codes)
        assert ecb == "European Central Bank euro reference rates, 2026-10-30"
        assert not any("EUR" in codes for codes in groups)  # 1 by definition: no rate used


def test_a_copied_link_restores_every_input(site):
    page, log = opened(site, "roi.html")
    values = random_scenario(random.Random(9), 20)
    set_scenario(page, values, "ZAR")
    state = page.evaluate("document.querySelector('.mmed-explorer').mmedState()")
    page.get_by_role("button", name="Copy link").click()
    url = page.locator(".mmed-link").input_value()
    assert "#roi." in url and "roi.currency=ZAR" in url
    base_url, context = site
    again, _ = open_page(context, base_url, "roi.html" + url.split("roi.html", 1)[1])
    again.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
    assert again.evaluate("document.querySelector('.mmed-explorer').mmedState()") == state
    assert again.locator(".mmed-results").inner_text() == page.locator(".mmed-results").inner_text()
    assert log.problems() == []


def test_print_my_result_is_one_clean_page(site, tmp_path):
    page, _ = opened(site, "roi.html")
    page.evaluate(
        "window.print = () => {}"
    )  # the dialog cannot open headless: print to PDF instead
    page.get_by_role("button", name="Print my result").click()
    page.emulate_media(media="print")
    assert page.locator("text=Before.").is_hidden() and page.locator("text=After.").is_hidden()
    assert page.locator(".mmed-print-summary").is_visible()
    assert page.locator(".mmed-grid").is_hidden()
    pdf = page.pdf(path=str(tmp_path / "result.pdf"), format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


# The comparison explorer's tests are in test_browser_compare_page.py (in Chromium, at a
# phone's width) and test_compare_rule.py (its ranking against compare.compare, in Node).
