"""Chapters 1, 2 and 4: each in-page element answers the reader's input (no kernel)."""

import pytest

from browser import browser_context, open_page, require_chromium, serve
from mmedlearn import catalog

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def context(built_book):
    require_chromium()
    with serve(built_book) as base_url, browser_context(base_url) as browser:
        yield base_url, browser


def first_chart(page):
    chart = page.locator("[id^=altair-viz-]").first
    chart.locator("svg").first.wait_for()
    return chart


def test_routes_grid_dims_routes_without_the_chosen_feature(context, artifacts_dir):
    base_url, browser = context
    page, log = open_page(browser, base_url, "book/chapters/01_what_is_an_mmed.html")
    chart = first_chart(page)
    cells = chart.locator("g.mark-rect path")
    routes = catalog.load_routes()
    assert cells.count() == len(routes) * 4
    dim = (
        "() => [...document.querySelectorAll('[id^=altair-viz-] g.mark-rect path')]"
        ".filter(p => p.getAttribute('opacity') === '0.2').length"
    )
    assert page.evaluate(dim) == 0
    chart.locator('select[name="route_focus"]').select_option("paid_post")
    without = int((routes["paid_post"] != "yes").sum()) * 4  # every cell of such a route dims
    page.wait_for_function(f"({dim})() === {without}")
    chart.screenshot(path=artifacts_dir / "chapter1-routes.png")
    assert log.problems() == []


def test_timeline_follows_the_chosen_programme(context, artifacts_dir):
    base_url, browser = context
    page, log = open_page(browser, base_url, "book/chapters/02_how_programmes_work.html")
    chart = first_chart(page)
    structures = catalog.load_structures()
    bars = "() => document.querySelector('[id^=altair-viz-]').querySelectorAll('g.mark-rect path').length"
    first = structures["structure_id"].iloc[0]
    assert page.evaluate(bars) == int((structures["structure_id"] == first).sum())
    chart.locator('select[name="programme_structure"]').select_option("uct_family")
    page.wait_for_function(
        f"({bars})() === {int((structures['structure_id'] == 'uct_family').sum())}"
    )
    labels = chart.locator("g.mark-rect path").evaluate_all(
        "ps => ps.map(p => p.getAttribute('aria-label'))"
    )
    assert any("Time allowed to finish" in label for label in labels)
    chart.screenshot(path=artifacts_dir / "chapter2-timeline.png")
    assert log.problems() == []


def test_reflection_reorders_and_links_back(context, artifacts_dir):
    base_url, browser = context
    page, log = open_page(browser, base_url, "book/chapters/04_benefits_and_limitations.html")
    chart = first_chart(page)
    # The bar drawn highest on the chart (DOM order is data order, not rank order).
    top = (
        "() => [...document.querySelector('[id^=altair-viz-]').querySelectorAll('g.mark-rect path')]"
        ".sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0]"
        ".getAttribute('aria-label')"
    )
    assert "A narrower field" not in page.evaluate(top)
    for factor in ("career", "recognition", "research", "time", "money"):
        chart.locator(f'input[name="matters_{factor}"]').fill("0")
    chart.locator('input[name="matters_flexibility"]').fill("5")
    page.wait_for_function(f"({top})().includes('A narrower field')")
    # Bars are links to the section that discusses each item, and those sections exist.
    for section in catalog.load_reflection()["section"]:
        assert page.locator(f"section#{section}, #{section}").count() >= 1, section
    chart.screenshot(path=artifacts_dir / "chapter4-reflection.png")
    assert "nothing you set is stored or sent anywhere" in page.inner_text("body")
    assert log.problems() == []
