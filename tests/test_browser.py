"""Every built page in a real headless Chromium: no errors, nothing fetched from elsewhere."""

import pytest

from browser import (
    browser_context,
    header_and_search_problems,
    open_page,
    require_chromium,
    serve,
    wait_for_charts,
    whole_page_screenshot,
)
from conftest import REPO, book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = book_pages()
VENDOR_VERSIONS = dict(
    line.split() for line in (REPO / "book/_assets/vendored/VERSIONS.txt").read_text().splitlines()
)


@pytest.fixture(scope="module")
def site(built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": 1280, "height": 900}) as context,
    ):
        yield base_url, context


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_from_the_book_alone_with_one_header_and_search(
    site, path, artifacts_dir
):
    base_url, context = site
    # Waits for the network to be idle too: a script that fetched from elsewhere late is caught.
    page, log = open_page(context, base_url, path, wait_for_network=True)
    try:
        wait_for_charts(page)
        problems = log.problems() + header_and_search_problems(page, path)
        script_failed = "Error loading script" in page.inner_text("body")
        whole_page_screenshot(
            page, artifacts_dir / (path.replace("/", "__") + ".png"), problems or script_failed
        )
        assert problems == []
        assert not script_failed
    finally:
        page.close()


def test_charts_run_on_the_vendored_libraries(site):
    base_url, context = site
    page, _ = open_page(context, base_url, "book/chapters/03_comparing_providers.html")
    try:
        loaded = page.evaluate("() => [vega.version, vegaEmbed.version, typeof vegaLite]")
        # Charts are compiled to Vega when the book is built: no page needs the Vega-Lite compiler.
        assert loaded == [VENDOR_VERSIONS["vega"], VENDOR_VERSIONS["vega-embed"], "undefined"]
        assert page.locator("[id^=altair-viz-] svg, [id^=altair-viz-] canvas").count() >= 1
    finally:
        page.close()


def test_self_check_answer_opens_on_click(site):
    base_url, context = site
    page, _ = open_page(context, base_url, "book/chapters/01_what_is_an_mmed.html")
    try:
        answer = page.locator("details.sd-dropdown").first
        assert answer.get_attribute("open") is None
        answer.locator("summary").click()
        assert answer.get_attribute("open") is not None
        assert answer.locator(".sd-summary-content").is_visible()
    finally:
        page.close()
