"""The kernel-free explorers (mmedlearn.static_explorers + book/_assets/js/*-explorer.js) in
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
from mmedlearn.scenario import ILLUSTRATIVE
from mmedlearn.widgets import simulation_ranges
from test_browser_charts import measure, problems_of
from test_roi_page import expected, with_nigeria

pytestmark = [pytest.mark.slow, pytest.mark.browser]
RATES = load_exchange_rates()
PROGRAMS = catalog.load_programs()


# The shipped tables, with a Nigerian pay row (test data) where the data have none yet.
TABLES = with_nigeria(static_explorers.situation_tables())
EXPLORER = static_explorers.roi_explorer_page(tables=TABLES)
START = EXPLORER.config["start"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("explorers")
    write_page(folder, EXPLORER, "roi.html")
    # As the book's build writes them (book/_ext/mmed_book.py): one file a country.
    static_explorers.write_situation_files(
        folder / "_static" / "situations", START, "USD", PROGRAMS, RATES, TABLES
    )
    with (
        serve(folder) as base_url,
        browser_context(base_url, viewport={"width": 1280, "height": 900}) as context,
    ):
        yield base_url, context


def opened(site, name):
    base_url, context = site
    page, log = open_page(context, base_url, name)  # until its first result is complete
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


CURRENCY = '.mmed-explorer select[data-name="currency"]'


def set_scenario(page, values: dict, currency: str):
    before = updates(page)
    page.select_option(CURRENCY, currency)
    settled(page, before)
    before = updates(page)
    # The year a non-finisher leaves must fit the programme (roi-model.md): make room first.
    typed = [("dropout_year", "1"), *((name, shown(name, value)) for name, value in values.items())]
    # Each value committed as a reader does (leaving the box), without waiting for its result:
    # the page computes each, and finishes the uncertainty band of the last only (an older
    # band stops, and never clears data-busy). Two frames on, every computation has started,
    # so the page settles on the last.
    for name, text in typed:
        box = page.locator(f'.mmed-box[data-name="{name}"]')
        box.fill(text)
        box.press("Tab")
        assert page.locator(f'.mmed-box[data-name="{name}"][aria-invalid]').count() == 0, name
    next_frames(page)
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
        page.select_option(CURRENCY, currency)
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


def pick(page, country: str, funding: str, programme: str | None = None):
    """Start from a situation as a reader does: country, then funding, then programme."""
    before = updates(page)
    page.select_option('.mmed-explorer select[data-name="country"]', country)
    page.wait_for_selector(f'.mmed-explorer[data-situation^="{country}|"]', timeout=10_000)
    page.select_option('.mmed-explorer select[data-name="funding"]', funding)
    if programme:
        page.select_option('.mmed-explorer select[data-name="programme"]', programme)
    wanted = f"{country}|{funding}|{programme or ''}"
    page.wait_for_selector(f'.mmed-explorer[data-situation="{wanted}"]', timeout=10_000)
    settled(page, before)


def state(page) -> dict:
    return page.evaluate("document.querySelector('.mmed-explorer').mmedState()")


SITUATIONS = [
    ("Kenya", "self sponsored", "nairobi_psych"),
    ("South Africa", "government sponsored", "uct_family"),
    ("Malaysia", "government sponsored", PROGRAMS.index[PROGRAMS["country"] == "Malaysia"][0]),
    ("Nigeria", "self sponsored", None),
]


def test_a_value_applied_after_the_typing_pause_is_not_applied_again_on_leaving(site):
    """Typing recomputes once the reader pauses; leaving the box afterwards must not compute
    the same value a second time (the pause's timer was left set, so it did)."""
    page, _log = opened(site, "roi.html")
    before = updates(page)
    page.locator('.mmed-box[data-name="post_salary"]').fill("90000")  # no Tab: the pause applies
    settled(page, before)
    after_pause = updates(page)
    page.locator('.mmed-box[data-name="post_salary"]').press("Tab")
    next_frames(page)
    assert updates(page) == after_pause
    assert state(page)["values"]["post_salary"] == 90_000


def test_the_starting_case_says_where_each_value_comes_from(site):
    """The starting case is part sourced: each box says what chapter 5's table says
    (cases.starting_case), a source with its year, or illustrative; never all illustrative."""
    from mmedlearn.cases import starting_case

    page, _log = opened(site, "roi.html")
    table = starting_case(load_default_assumptions(), rates=RATES)
    want = dict(zip(FIELDS, table["where it comes from"], strict=True))
    got = state(page)["origins"]
    assert any(origin != ILLUSTRATIVE for origin in want.values())
    for name, origin in want.items():
        if origin == ILLUSTRATIVE:
            assert got[name].startswith("Illustrative"), (name, got[name])
        else:
            assert got[name] == f"Source: {origin}", name
            summary = page.locator(f'.mmed-control[data-name="{name}"] .mmed-origin summary')
            assert re.fullmatch(r"Source, (\d{4}|as read \d{4}-\d\d-\d\d)", summary.inner_text()), (
                name
            )


@pytest.mark.parametrize("country, funding, programme", SITUATIONS)
def test_start_from_my_situation_fills_what_start_from_situation_gives(
    site, country, funding, programme
):
    """Issue 22: a Kenyan, a South African, a Malaysian and a Nigerian reader each get their
    own currency and every input the data give, each with its source and year; the rest is
    marked illustrative. Expected values come from the Python rule itself."""
    page, log = opened(site, "roi.html")
    pick(page, country, funding, programme)
    want = expected(country, funding, programme, tables=TABLES)  # start_from_situation's
    got = state(page)
    assert got["currency"] == want["currency"]
    assert page.locator(CURRENCY).input_value() == want["currency"]
    for name, value in want["values"].items():
        assert got["values"][name] == pytest.approx(value, rel=1e-12), name
        said = got["origins"][name]
        if want["origins"][name] == ILLUSTRATIVE:
            assert said.startswith("Illustrative"), (name, said)
        else:
            assert said == f"Source: {want['origins'][name]}", name
            # On screen: "Source, <year>" under the box; the source in full on a tap.
            origin = page.locator(f'.mmed-control[data-name="{name}"] .mmed-origin')
            summary = origin.locator("summary").inner_text()
            assert re.fullmatch(
                r"Source, (\d{4}|no year stated|as read \d{4}-\d\d-\d\d)"
                r"(, \d+ years before its sources were read: ask for the current fee)?"
                r"(, converted from [A-Z]{3})?",
                summary,
            ), (name, summary)
            origin.locator("summary").click()
            assert want["origins"][name] in origin.inner_text(), name
    sourced = [name for name, origin in want["origins"].items() if origin != ILLUSTRATIVE]
    assert "baseline_salary" in sourced  # every reader here has a pay scale to start from
    notes = page.locator(".mmed-notes").inner_text()
    assert f"Started from {country}, {funding}" in notes
    assert f"{len(sourced)} inputs filled from sources" in notes
    assert "your tuition" not in notes.lower()
    assert log.problems() == []


def test_both_charts_fit_a_phone_in_each_readers_currency(site):
    """At 375 px a Kenyan reader's NPV ("NPV over 30 years: 15,449,284 KES") ran past the
    chart's right edge, and so did the tornado's axis title: in every situation's currency,
    every text of both charts stays inside them, readable and apart, on the narrowest phone
    the book is checked at (test_browser_charts.py checks the starting case at every width)."""
    base_url, _context = site
    phone = dict(is_mobile=True, has_touch=True, device_scale_factor=2)
    with browser_context(base_url, viewport={"width": 320, "height": 900}, **phone) as context:
        page, log = open_page(context, base_url, "roi.html")
        for country, funding, programme in SITUATIONS:
            pick(page, country, funding, programme)
            charts = page.evaluate(measure(".mmed-explorer .mmed-chart"))
            assert len(charts) == 2, country
            report = {f"{country}, chart {chart['index']}": problems_of(chart) for chart in charts}
            assert {where: found for where, found in report.items() if found} == {}
        assert log.problems() == []


def test_switching_currency_after_typing_converts_what_was_typed(site):
    """Issue 24: the reader's typed values follow the currency, converted, never reset; a
    field's note says the reader changed it, and no longer names a source."""
    page, log = opened(site, "roi.html")
    pick(page, "Kenya", "self sponsored", "nairobi_psych")
    before = type_into(page, "tuition_per_year", "500,000")
    settled(page, before)
    tuition = '.mmed-control[data-name="tuition_per_year"] .mmed-origin'
    assert page.locator(tuition).inner_text() == "You changed this."
    before = updates(page)
    page.select_option(CURRENCY, "ZAR")
    settled(page, before)
    converted = round(500_000 / RATES["KES"] * RATES["ZAR"])
    assert state(page)["values"]["tuition_per_year"] == converted
    assert page.locator('.mmed-box[data-name="tuition_per_year"]').input_value() == f"{converted:,}"
    assert page.locator(tuition).inner_text() == "You changed this."
    # A value filled from a source says it was converted.
    salary = state(page)["origins"]["baseline_salary"]
    shown = page.locator('.mmed-control[data-name="baseline_salary"] .mmed-origin summary')
    assert shown.inner_text().endswith(", converted to ZAR")
    assert salary.startswith("Source: ") and salary.endswith(
        "converted to ZAR at the exchange rates"
    )
    # Choosing another programme keeps what the reader typed.
    other = PROGRAMS.index[(PROGRAMS["country"] == "Kenya") & (PROGRAMS.index != "nairobi_psych")][
        0
    ]
    before = updates(page)
    page.select_option('.mmed-explorer select[data-name="programme"]', other)
    page.wait_for_selector(f'.mmed-explorer[data-situation="Kenya|self sponsored|{other}"]')
    settled(page, before)
    assert state(page)["values"]["tuition_per_year"] == round(
        converted / RATES["ZAR"] * RATES["KES"]
    )
    assert (
        "Kept what you set: " + FIELDS["tuition_per_year"].label
        in page.locator(".mmed-notes").inner_text()
    )
    assert log.problems() == []


def test_a_country_loads_from_a_page_opened_from_disk(tmp_path):
    """The book must work from file:// (a downloaded bundle), where fetch() cannot read a
    file: a country's situations come in a <script>, and nothing is asked of any server."""
    require_chromium()
    write_page(tmp_path, EXPLORER, "roi.html")
    static_explorers.write_situation_files(
        tmp_path / "_static" / "situations", START, "USD", PROGRAMS, RATES, TABLES
    )
    base_url = tmp_path.as_uri()
    with browser_context(base_url, viewport={"width": 375, "height": 800}) as context:
        page, log = open_page(context, base_url, "roi.html")
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
        pick(page, "Kenya", "self sponsored", "nairobi_psych")
        assert state(page)["currency"] == "KES"
        assert log.problems() == []


def test_a_link_with_only_a_currency_converts_the_starting_amounts(site):
    """Issue 24: '#roi.currency=ZAR' relabelled the USD amounts as rand; they are converted."""
    page, log = opened(site, "roi.html#roi.currency=ZAR")
    got = state(page)
    assert got["currency"] == "ZAR"
    first = EXPLORER.config["start_origins"]
    for name in ("tuition_per_year", "one_off_fees", "baseline_salary", "post_salary"):
        assert got["values"][name] == round(START[name] / RATES["USD"] * RATES["ZAR"]), name
        if first[name] == ILLUSTRATIVE:
            want = "Illustrative (converted from USD): no source gives yours here."
            assert got["origins"][name] == want, name
        else:
            assert got["origins"][name] == (
                f"Source: {first[name]}; converted to ZAR at the exchange rates"
            ), name
    assert log.problems() == []


def test_converted_salaries_are_flagged_and_income_above_the_salary_warned(site):
    """Review item 2: after a currency change the default salaries are flagged as the
    illustrative case, converted; a salary the reader types is theirs and is not changed;
    income while studying above the salary without the degree is warned of."""
    page, log = opened(site, "roi.html")
    before = updates(page)
    page.select_option(CURRENCY, "KES")
    settled(page, before)
    notes = page.locator(".mmed-notes").inner_text()
    labels = ", ".join(FIELDS[n].label for n in ("baseline_salary", "study_income", "post_salary"))
    assert (
        f"Salaries are still the starting case's, in USD, converted: enter your own ({labels})."
        in notes
    )
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
    pick(page, "Kenya", "government sponsored", "nairobi_anaes")
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
    pick(page, "Kenya", "self sponsored", "nairobi_psych")
    set_scenario(page, values, "ZAR")
    saved = state(page)
    page.get_by_role("button", name="Copy link").click()
    url = page.locator(".mmed-link").input_value()
    assert "#roi." in url and "roi.currency=ZAR" in url and "roi.country=Kenya" in url
    base_url, context = site
    again, _ = open_page(context, base_url, "roi.html" + url.split("roi.html", 1)[1])
    again.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
    again.wait_for_selector(
        'select[data-name="programme"] option[value="nairobi_psych"]', state="attached"
    )
    restored = state(again)
    assert {k: restored[k] for k in ("currency", "values", "situation")} == {
        k: saved[k] for k in ("currency", "values", "situation")
    }
    assert again.locator('select[data-name="programme"]').input_value() == "nairobi_psych"
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
