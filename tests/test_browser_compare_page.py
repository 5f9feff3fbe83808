"""Chapter 3's comparison explorer in Chromium at 375 px, as a registrar on a phone uses it:
find a programme by name and by specialty among hundreds, keep one country in one tap, read
a message (not an empty chart) when nothing matches, and open a link whose numbers the boxes
would refuse. The page shows its first view without the catalogue, which comes in a file of
its own on the first change (issue 26). Only the wiring and what a reader sees are checked
here: the ranking itself is held against compare.compare in Node (tests/test_compare_rule.py)."""

from __future__ import annotations

import sys

import pytest

from browser import browser_context, open_page, require_chromium, serve
from conftest import REPO
from explorer_page import write_page
from mmedlearn import static_explorers
from mmedlearn.compare import CRITERIA, Filters, Weights, compare, load_exchange_rates
from mmedlearn.schema import validate_text

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic_programmes import synthetic_csv

pytestmark = [pytest.mark.slow, pytest.mark.browser]
RATES = load_exchange_rates()
PHONE = {"width": 375, "height": 740}


def programmes(count: int):
    table, problems = validate_text(synthetic_csv(count, seed=3))
    assert not problems
    return table.set_index("program_id", drop=False).rename_axis(None)


PROGRAMS = programmes(600)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("compare")
    write_page(folder, static_explorers.compare_explorer_page(PROGRAMS, RATES), "compare.html")
    with (
        serve(folder) as base_url,
        browser_context(base_url, viewport=PHONE, has_touch=True, is_mobile=True) as context,
    ):
        yield base_url, context


def opened(site, fragment: str = ""):
    base_url, context = site
    page, log = open_page(context, base_url, "compare.html" + fragment)
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=60_000)
    return page, log


def updated_after(page, count: int) -> None:
    page.wait_for_function(
        f"Number(document.querySelector('.mmed-explorer').dataset.updates) > {count}"
    )


def updates(page) -> int:
    return int(page.locator(".mmed-explorer").get_attribute("data-updates"))


def ranked_with(page, words: str) -> None:
    """Wait until the ranking shown was made with these settings (the line under it says so)."""
    page.wait_for_function(
        "words => document.querySelector('.mmed-ranked-with').textContent.includes(words)",
        arg=words,
    )


def rows_shown(page) -> list[int]:
    return [
        int(row.get_attribute("data-row")) for row in page.locator(".mmed-ranking tbody tr").all()
    ]


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 375 px phone"


def test_a_reader_finds_a_programme_by_name_at_375_px(site):
    page, log = opened(site)
    target = PROGRAMS.iloc[437]
    before = updates(page)
    # Typed as a reader would: part of the institution's name and the programme's number.
    page.get_by_label("Find a programme").fill(
        f"{target['institution'].split()[-1]} ({target['specialty']}) 437".lower()
    )
    updated_after(page, before)
    assert rows_shown(page) == [437]
    first = page.locator(".mmed-ranking tbody tr").first
    assert target["programme"] in first.inner_text()
    assert first.is_visible()
    # Its rank is its rank among every programme compared, not among the matches.
    ranked = compare(PROGRAMS, Filters(), Weights(), RATES)
    assert first.locator(".mmed-rank").inner_text().strip() == f"{ranked.loc[target.name, 'rank']}."
    fits_the_phone(page)
    assert log.problems() == []


def test_a_reader_finds_programmes_by_specialty_and_keeps_one_country_in_one_tap(site):
    page, log = opened(site)
    before = updates(page)
    page.get_by_label("Specialty").select_option("Psychiatry")
    updated_after(page, before)
    want = compare(PROGRAMS, Filters(specialties=("Psychiatry",)), Weights(), RATES)
    summary = page.locator(".mmed-summary").inner_text()
    assert summary.startswith(f"{len(want)} of {len(PROGRAMS)} programmes match")
    shown = rows_shown(page)
    assert len(shown) == min(20, len(want))  # the first 20, then "Show all"
    assert [PROGRAMS.index[row] for row in shown] == list(want.index[: len(shown)])
    # One tap on "Only <country>" under a programme keeps that country's programmes.
    country = PROGRAMS.iloc[shown[0]]["country"]
    before = updates(page)
    page.locator(".mmed-ranking tbody tr").first.get_by_role("button", name=f"Only {country}").tap()
    updated_after(page, before)
    both = compare(
        PROGRAMS, Filters(countries=(country,), specialties=("Psychiatry",)), Weights(), RATES
    )
    assert [PROGRAMS.index[row] for row in rows_shown(page)] == list(both.index[:20])
    assert page.get_by_label("Country").input_value() == country
    assert "country: " + country in page.locator(".mmed-ranked-with").inner_text()
    fits_the_phone(page)
    assert log.problems() == []


CATALOGUE_FILE = "/_static/comparison/catalogue-"


def catalogue_requests(site):
    """The requests for the catalogue's file, from every page of the context, as they come."""
    _, context = site
    seen: list[str] = []
    context.on("request", lambda r: CATALOGUE_FILE in r.url and seen.append(r.url))
    return seen


def ranking_of(page) -> list[dict]:
    return page.evaluate("document.querySelector('.mmed-explorer').mmedRanking()")


def test_the_first_view_is_compares_ranking_and_the_first_change_loads_the_catalogue(site):
    """Issue 26: the page carries the default ranking's first rows; the catalogue comes in its
    own file on the first change, and from then on the page ranks as compare() does."""
    from mmedlearn.compare import rate_note, rates_used

    seen = catalogue_requests(site)
    page, log = opened(site)
    ranked = compare(PROGRAMS, Filters(), Weights(), RATES)
    assert (
        seen == []
        and page.evaluate("document.querySelector('.mmed-explorer').mmedComplete()") is False
    )
    assert [PROGRAMS.index[row] for row in rows_shown(page)] == list(ranked.index[:20])
    first = ranking_of(page)
    assert [r["rank"] for r in first] == list(ranked["rank"][:20])
    assert [r["score"] for r in first] == list(ranked["score"][:20])
    converted = ranked.loc[ranked["annual_cost"].notna(), "fee_currency"]
    assert page.locator(".mmed-summary").inner_text() == (
        f"{len(ranked)} of {len(PROGRAMS)} programmes match. Exchange rates: "
        f"{rate_note(RATES, rates_used('USD', converted, RATES))}."
    )
    assert page.locator(".mmed-chart svg g.mark-rect path").count() == 10 * len(CRITERIA)
    assert page.get_by_role("button", name=f"Show all {len(PROGRAMS)}").is_visible()
    # The first change: the catalogue is loaded once, then ranked by the page's own rule.
    before = updates(page)
    page.locator("details.mmed-more summary").nth(1).click()
    page.locator('.mmed-box[data-name="w_cost"]').fill("3")
    updated_after(page, before)
    ranked_with(page, "lower tuition 3")
    assert len(seen) == 1
    assert page.evaluate("document.querySelector('.mmed-explorer').mmedComplete()") is True
    want = compare(PROGRAMS, Filters(), Weights(cost=3), RATES)
    got = ranking_of(page)
    assert [PROGRAMS.index[r["row"]] for r in got] == list(want.index)
    assert [r["score"] for r in got] == list(want["score"])
    assert [r["unknown"] for r in got] == [", ".join(flags) for flags in want["unknown"]]
    assert [PROGRAMS.index[row] for row in rows_shown(page)] == list(want.index[:20])
    # A second change needs no second load.
    before = updates(page)
    page.get_by_label("Country").select_option(index=1)
    updated_after(page, before)
    assert len(seen) == 1
    assert log.problems() == []


def test_a_reader_who_only_reads_loads_no_catalogue_and_reaching_for_a_control_starts_it(site):
    seen = catalogue_requests(site)
    page, log = opened(site)
    summary, count = page.locator(".mmed-summary").inner_text(), updates(page)
    page.mouse.wheel(0, 600)  # reading on, past the explorer
    page.wait_for_timeout(300)
    assert seen == []
    # Focus on a control: the catalogue starts coming, and nothing on screen changes yet.
    page.get_by_label("Find a programme").focus()
    for _ in range(100):
        if seen:
            break
        page.wait_for_timeout(50)
    assert len(seen) == 1
    page.wait_for_load_state("networkidle")
    assert page.locator(".mmed-summary").inner_text() == summary and updates(page) == count
    assert page.get_attribute(".mmed-explorer", "data-busy") is None
    assert page.evaluate("document.querySelector('.mmed-explorer').mmedComplete()") is False
    # The change then ranks at once from what has arrived, with no second request.
    page.get_by_label("Find a programme").fill("university 1")
    updated_after(page, count)
    ranked_with(page, "university 1")
    assert len(seen) == 1
    assert log.problems() == []


def test_while_the_catalogue_loads_the_explorer_says_so_and_a_failed_load_says_so(site):
    page, _ = opened(site)
    held = []
    page.route(f"**{CATALOGUE_FILE}*", lambda route: held.append(route))
    before = updates(page)
    page.get_by_label("Specialty").select_option("Psychiatry")
    page.wait_for_selector('.mmed-explorer[data-busy="catalogue"][aria-busy="true"]')
    summary = page.locator(".mmed-summary")
    assert (
        summary.inner_text()
        == f"Loading all {len(PROGRAMS)} programmes to rank them with your settings\u2026"
    )
    # No number of the ranking made with other settings stays in sight.
    assert page.locator(".mmed-ranking").is_hidden() and page.locator(".mmed-chart").is_hidden()
    assert page.locator(".mmed-ranked-with").inner_text() == ""
    for _ in range(200):  # the request reaches the route a moment after the busy state
        if held:
            break
        page.wait_for_timeout(50)
    held.pop().abort()
    page.wait_for_selector('.mmed-explorer[data-busy="failed"]')
    said = summary.inner_text()
    assert said.startswith("The ranking could not be loaded") and "\n" not in said
    assert page.get_attribute(".mmed-explorer", "aria-busy") is None
    assert page.locator(".mmed-ranking").is_hidden()
    assert updates(page) == before  # nothing was ranked
    # The next change tries again, and ranks as compare() does.
    page.unroute(f"**{CATALOGUE_FILE}*")
    page.get_by_label("Specialty").select_option("Surgery")
    updated_after(page, before)
    ranked_with(page, "specialty: Surgery")
    assert page.get_attribute(".mmed-explorer", "data-busy") is None
    want = compare(PROGRAMS, Filters(specialties=("Surgery",)), Weights(), RATES)
    assert [PROGRAMS.index[row] for row in rows_shown(page)] == list(want.index[:20])
    assert page.locator(".mmed-ranking").is_visible()


def test_the_catalogue_loads_in_a_page_opened_from_disk(tmp_path):
    """The book must work from file:// (a downloaded bundle), where fetch() cannot read a
    file: the catalogue comes in a <script>, and nothing is asked of any server."""
    require_chromium()
    write_page(tmp_path, static_explorers.compare_explorer_page(PROGRAMS, RATES), "compare.html")
    base_url = tmp_path.as_uri()
    with browser_context(base_url, viewport=PHONE) as context:
        page, log = open_page(context, base_url, "compare.html")
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=60_000)
        before = updates(page)
        page.get_by_role("button", name=f"Show all {len(PROGRAMS)}").click()
        updated_after(page, before)
        assert len(rows_shown(page)) == len(PROGRAMS)
        assert log.problems() == []


def test_show_all_lists_every_match_and_the_chart_only_the_first_ten(site):
    page, _ = opened(site)
    assert len(rows_shown(page)) == 20
    assert page.locator(".mmed-chart svg g.mark-rect path").count() == 10 * len(CRITERIA)
    before = updates(page)
    page.get_by_role("button", name=f"Show all {len(PROGRAMS)}").click()
    updated_after(page, before)
    assert len(rows_shown(page)) == len(PROGRAMS)


def test_nothing_found_is_said_and_no_empty_chart_is_drawn(site):
    page, log = opened(site)
    before = updates(page)
    page.get_by_label("Find a programme").fill("no such programme anywhere")
    updated_after(page, before)
    assert "none of them matches" in page.locator(".mmed-summary").inner_text()
    assert page.locator(".mmed-chart").is_hidden()
    assert rows_shown(page) == []
    assert log.problems() == []


@pytest.mark.parametrize(
    "name, value",
    [
        ("w_cost", "-1"),
        ("w_duration", "Infinity"),
        ("w_research", "0x5"),
        ("w_paid_post", ""),
        ("max_annual_cost", "-500"),
        ("max_duration_years", "1e400"),
    ],
)
def test_a_link_cannot_set_what_the_boxes_refuse(site, name, value):
    limits = "&compare.limit_cost=1&compare.limit_duration=1"
    page, log = opened(site, f"#compare.{name}={value}{limits}")
    message = page.locator(f'.mmed-control[data-name="{name}"] .mmed-message')
    assert "from the link was not used" in message.inner_text()
    state = page.evaluate("document.querySelector('.mmed-explorer').mmedState()")
    if name.startswith("w_"):
        assert state[name] == 1  # the starting weight, not the link's
    else:
        assert state[name] is None  # the limit from the link is off, not applied
    assert log.problems() == []


def test_the_ranking_says_what_it_was_ranked_with_on_screen_and_on_paper(site):
    page, _ = opened(site, "#compare.w_cost=3&compare.country=Kenya&compare.currency=KES")
    said = page.locator(".mmed-ranked-with").inner_text()
    assert "country: Kenya" in said and "lower tuition 3" in said
    page.emulate_media(media="print")
    assert page.locator(".mmed-ranked-with").is_visible()
    page.emulate_media(media="screen")


def test_a_copied_link_restores_the_settings_and_the_ranking(site):
    page, _ = opened(site)
    before = updates(page)
    page.get_by_label("Specialty").select_option("Surgery")
    page.get_by_label("Currency").select_option("ZAR")
    page.locator("details.mmed-more summary").nth(1).click()
    page.locator('.mmed-box[data-name="w_cost"]').fill("4")
    page.get_by_label("Find a programme").fill("university 1")
    updated_after(page, before)
    ranked_with(page, "lower tuition 4")
    ranked_with(page, "university 1")
    state = page.evaluate("document.querySelector('.mmed-explorer').mmedState()")
    shown = rows_shown(page)
    assert state["specialties"] == ["Surgery"] and state["currency"] == "ZAR" and shown
    page.get_by_role("button", name="Copy link").click()
    url = page.locator(".mmed-link").input_value()
    again, log = opened(site, "#" + url.split("#", 1)[1])
    assert again.evaluate("document.querySelector('.mmed-explorer').mmedState()") == state
    assert rows_shown(again) == shown
    assert log.problems() == []


def test_weights_all_zero_are_refused_and_the_last_ranking_stays(site):
    page, _ = opened(site)
    page.locator("details.mmed-more summary").nth(1).click()
    for c in CRITERIA[:-1]:
        page.locator(f'.mmed-box[data-name="w_{c}"]').fill("0")
    page.wait_for_function("document.querySelector('.mmed-explorer').mmedState().w_research === 0")
    updated_after(page, updates(page) - 1)
    ranking = page.evaluate("document.querySelector('.mmed-explorer').mmedRanking()")
    page.locator(f'.mmed-box[data-name="w_{CRITERIA[-1]}"]').fill("0")
    page.wait_for_function(
        "document.querySelector('.mmed-explorer').innerText.includes('At least one weight')"
    )
    count = updates(page)
    page.get_by_label("Country").select_option(index=1)  # still the last valid settings
    updated_after(page, count)
    assert page.evaluate("document.querySelector('.mmed-explorer').mmedRanking()") == ranking


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped catalogue: the exchange rates' own dates in the summary."""
    from mmedlearn import catalog

    require_chromium()
    folder = tmp_path_factory.mktemp("compare-shipped")
    programs = catalog.load_programs()
    write_page(folder, static_explorers.compare_explorer_page(programs, RATES), "compare.html")
    with (
        serve(folder) as base_url,
        browser_context(base_url, viewport=PHONE) as context,
    ):
        yield base_url, context, programs


@pytest.mark.parametrize("currency", ["EUR", "USD", "KES"])
def test_the_summary_names_the_rates_the_ranking_used(shipped, currency):
    from mmedlearn.compare import rate_note, rates_used

    base_url, context, programs = shipped
    page, log = open_page(context, base_url, f"compare.html#compare.currency={currency}")
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=60_000)
    ranked = compare(programs, Filters(currency=currency), Weights(), RATES)
    converted = ranked.loc[ranked["annual_cost"].notna(), "fee_currency"]
    note = rate_note(RATES, rates_used(currency, converted, RATES))
    assert page.locator(".mmed-summary").inner_text() == (
        f"{len(ranked)} of {len(programs)} programmes match. Exchange rates: {note}."
    )
    assert log.problems() == []
