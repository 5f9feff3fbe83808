"""The published pages as readers meet them: accessible (axe-core, light and dark themes) and
usable on a phone (375 px wide, nothing scrolls sideways, one header and search box, a wide
table scrolls inside its column and says so). Screenshots of every page at
desktop and phone width go to test-artifacts/."""

import json

import pytest

from browser import (
    browser_context,
    header_and_search_problems,
    open_page,
    require_chromium,
    serve,
    table_scroll_problems,
    wait_for_charts_settled,
    whole_page_screenshot,
)
from conftest import REPO, book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PAGES = book_pages()
AXE = REPO / "tests" / "vendor" / "axe.min.js"  # axe-core from the npm registry, with its licence
#: axe-core's rules that judge colours.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def settle(page):
    """Wait for every chart to draw and widgets to render before judging the page."""
    wait_for_charts_settled(page)


@pytest.fixture(scope="module", params=["light", "dark"])
def themed(request, built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": 1280, "height": 900}) as context,
    ):
        # The theme keeps the reader's choice in localStorage; set it before any page loads.
        context.add_init_script(
            f"localStorage.setItem('mode', '{request.param}');"
            f"localStorage.setItem('theme', '{request.param}');"
        )
        yield request.param, base_url, context


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(themed, path, artifacts_dir):
    theme, base_url, context = themed
    page, log = open_page(context, base_url, path)
    settle(page)
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    page.add_script_tag(path=str(AXE))
    # Every rule in the light theme; in the dark one, the rules a theme's colours can break
    # (the rest read the markup, the same in both).
    options = {"resultTypes": ["violations"]}
    if theme == "dark":
        options["runOnly"] = list(COLOUR_RULES)
    violations = page.evaluate(
        "async (options) => (await axe.run(document, options)).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        options,
    )
    if theme == "dark":
        whole_page_screenshot(
            page, artifacts_dir / f"dark__{path.replace('/', '__')}.png", bool(violations)
        )
    assert violations == [], json.dumps(violations, indent=1)
    assert log.problems() == []
    page.close()


@pytest.fixture(scope="module")
def phone(built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(
            base_url,
            viewport={"width": 375, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        ) as context,
    ):
        yield base_url, context


@pytest.mark.parametrize("path", PAGES)
def test_phone_width_never_scrolls_sideways_and_shows_one_header_and_scrolling_tables(
    phone, path, artifacts_dir
):
    base_url, context = phone
    page, log = open_page(context, base_url, path)
    settle(page)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    charts = page.locator("[id^=altair-viz-]")
    boxes = [charts.nth(index).bounding_box() for index in range(charts.count())]
    overflowing = [
        index
        for index, box in enumerate(boxes)
        if not (box["x"] >= 0 and box["x"] + box["width"] <= widths[1] + 1)
    ]
    # What else a phone must show on each page, checked on this one load of it.
    problems = header_and_search_problems(page, path) + table_scroll_problems(page, path)
    # One image pixel per CSS pixel: the phone's double density would make the catalogue's
    # whole-page image four times larger (27 MB) and its encoding a third of the file's time.
    whole_page_screenshot(
        page,
        artifacts_dir / f"phone__{path.replace('/', '__')}.png",
        widths[0] > widths[1] or bool(overflowing) or bool(problems),
        scale="css",
    )
    assert widths[0] <= widths[1], (
        f"{path}: the page is {widths[0]} px wide on a {widths[1]} px screen"
    )
    assert overflowing == [], f"{path}: charts {overflowing} overflow"
    assert problems == []
    assert log.problems() == []
    page.close()


def test_references_list_reads_by_author_year_not_by_number(phone):
    """Citations say "(Prepsurg, 2026a)"; the list they lead to shows that author and year
    first, and no "[12]" that nothing in the book refers to."""
    base_url, context = phone
    page, log = open_page(context, base_url, "book/references.html")
    entries = page.locator('div.citation[role="doc-biblioentry"]')
    assert entries.count() >= 60
    first = entries.first
    assert first.locator(".label").is_hidden()
    assert not first.inner_text().lstrip().startswith("[")
    prepsurg = entries.filter(has_text="ENT ST3 self-assessment tool")
    assert prepsurg.inner_text().startswith("Prepsurg.") and "2026a." in prepsurg.inner_text()
    assert log.problems() == []
    page.close()
