"""A chart page's text is on screen before Vega arrives, and the charts still draw once it
does (js/charts.js): in Chromium with the vega bundle's request held back until released."""

import pytest

from browser import browser_context, require_chromium, serve
from page_checks import heading_skips

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHAPTER_3 = "book/chapters/03_comparing_providers.html"
CHAPTER_5 = "book/chapters/05_investment_and_return.html"
PAINTED = "performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint')"
HEADINGS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => [+h.tagName[1], h.textContent.trim()])"


@pytest.fixture(scope="module")
def phone(built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": 412, "height": 823}) as context,
    ):
        yield base_url, context


def test_the_text_paints_while_vega_is_held_back_and_the_chart_draws_after(phone):
    base_url, context = phone
    page = context.new_page()
    held = []
    page.route("**/vendored/vega.min.js*", lambda route: held.append(route))  # held: not answered
    try:
        page.goto(f"{base_url}/{CHAPTER_3}", wait_until="load")
        page.wait_for_function(PAINTED)
        assert page.locator("article h1").is_visible()
        assert "Comparing providers" in page.locator("article h1").inner_text()
        # Nothing near the top needs a chart: Vega is not even asked for yet.
        assert held == [] and page.evaluate("typeof vega") == "undefined"
        chart = page.locator("[id^=altair-viz-]").first
        with page.expect_request("**/vendored/vega.min.js*", timeout=30_000):
            chart.scroll_into_view_if_needed()
        # The route's handler runs once Playwright hands it the request: a round trip to the
        # page (a frame) lets it.
        for _ in range(50):
            if held:
                break
            page.evaluate("() => new Promise(r => requestAnimationFrame(r))")
        assert len(held) == 1, "scrolling to a chart did not ask for Vega"
        # Frames go by: a chart drawn without Vega, or an error, would show by then.
        page.evaluate(
            "() => new Promise(r => { let n = 10; const f = () => --n ? requestAnimationFrame(f) : r(); requestAnimationFrame(f); })"
        )
        # Vega requested but not arrived: the text is still there, no chart drawn, no error.
        assert chart.locator("svg").count() == 0
        assert page.locator("article h1").is_visible()
        held[0].continue_()
        chart.locator("svg").first.wait_for(timeout=30_000)
        # The explorer waits for Vega too, and starts once it has come.
        page.locator(".mmed-explorer[data-updates]").wait_for(state="attached", timeout=60_000)
        assert page.evaluate("typeof vega") == "object"
    finally:
        page.close()


@pytest.mark.parametrize("path", [CHAPTER_3, CHAPTER_5])
def test_no_heading_skips_a_level_once_the_explorers_have_drawn(phone, path):
    base_url, context = phone
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{path}", wait_until="load")
        page.evaluate("() => window.mmedDrawAllCharts()")
        page.locator(".mmed-explorer[data-updates]").first.wait_for(
            state="attached", timeout=60_000
        )
        headings = [tuple(h) for h in page.evaluate(HEADINGS)]
        if path == CHAPTER_5:  # the ROI explorer's own headings are there (chapter 3 folds
            # its filters into disclosure summaries instead of headings)
            assert any(level == 3 for level, _ in headings)
        assert heading_skips(headings) == []
    finally:
        page.close()
