"""What readers met when the window changed size, on a phone, and in the dark theme (issue 24):
charts redrawn 1,800 px wide in a 790 px column after widening the window; tables wider than a
phone's column with no sign that they scroll (checked on every page at phone width by
test_browser_reader.py, browser.table_scroll_problems); chapter 2's timeline squeezed to a sliver; the
explorers white panels with the dark theme's pale text."""

from pathlib import Path

import pytest

from browser import (
    browser_context,
    open_page,
    require_chromium,
    serve,
    tables_on_page,
    wait_for_charts,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHAPTERS_WITH_CHARTS = [
    f"book/chapters/{name}.html"
    for name in (
        "01_what_is_an_mmed",
        "02_how_programmes_work",
        "03_comparing_providers",
        "04_benefits_and_limitations",
        "05_investment_and_return",
    )
]
EXPLORER_CHAPTERS = [
    "book/chapters/03_comparing_providers.html",
    "book/chapters/05_investment_and_return.html",
]
CONTRAST = (Path(__file__).parent / "contrast.js").read_text()


def settle(page):
    wait_for_charts(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mmed-explorer')].every(e => e.dataset.updates)",
        timeout=30_000,
    )


# Every chart's drawing within the column that holds it, and filling it (a chart drawn for
# the old, narrower window is within the column too, but leaves half of it empty).
CHARTS_FIT = """() => [...document.querySelectorAll('.vega-embed')].every(chart => {
  const svg = chart.querySelector('svg'), column = chart.parentElement;
  const drawn = svg.getBoundingClientRect(), room = column.getBoundingClientRect();
  return drawn.width > 0 && drawn.right <= room.right + 1 && drawn.width >= 0.85 * room.width;
})"""
CHART_SIZES = """() => [...document.querySelectorAll('.vega-embed')].map(chart =>
  [Math.round(chart.querySelector('svg').getBoundingClientRect().width),
   Math.round(chart.parentElement.getBoundingClientRect().width)])"""


@pytest.fixture(scope="module")
def site(built_book):
    require_chromium()
    with serve(built_book) as base_url:
        yield base_url


@pytest.mark.parametrize("path", CHAPTERS_WITH_CHARTS)
def test_charts_are_redrawn_within_their_column_when_the_window_changes(site, path):
    with browser_context(site, viewport={"width": 720, "height": 900}) as context:
        page, log = open_page(context, site, path)
        settle(page)
        assert page.locator(".vega-embed").count() > 0
        page.wait_for_function(CHARTS_FIT, timeout=10_000)
        for width in (1440, 720, 1024, 1440):
            page.set_viewport_size({"width": width, "height": 900})
            try:
                page.wait_for_function(CHARTS_FIT, timeout=10_000)
            except Exception:  # say which chart, at which width
                pytest.fail(
                    f"{path} at {width} px: chart and column widths {page.evaluate(CHART_SIZES)}"
                )
        assert log.problems() == []


@pytest.fixture(scope="module")
def phone(site):
    with browser_context(
        site,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    ) as context:
        yield site, context


def test_the_route_table_of_chapter_6_is_readable_on_a_phone(phone):
    """Its columns were squeezed to two or three letters a line: each column is now wide
    enough for a word (and the table scrolls, saying so)."""
    base_url, context = phone
    page, log = open_page(context, base_url, "book/chapters/06_routes_by_country.html")
    settle(page)
    tables = tables_on_page(page)
    assert tables, "chapter 6 has no table"
    for table in tables:
        assert table["narrowest"] >= 72, f"{table['name']!r}: a column {table['narrowest']} px wide"
    assert log.problems() == []


def test_the_timeline_of_chapter_2_leaves_room_for_its_plot_on_a_phone(phone):
    base_url, context = phone
    page, log = open_page(context, base_url, "book/chapters/02_how_programmes_work.html")
    settle(page)
    timeline = page.locator(".vega-embed", has=page.locator("text=How a programme's years"))
    assert timeline.count() == 1
    # The plot is as wide as its horizontal axis line (the vertical one is 0 px wide).
    plot, chart = timeline.evaluate(
        """chart => [Math.max(...[...chart.querySelectorAll('.role-axis-domain')]
            .map(line => line.getBoundingClientRect().width)),
            chart.querySelector('svg').getBoundingClientRect().width]"""
    )
    # Half the chart's width at least (it was 82 px of 305).
    assert plot >= 0.5 * chart, f"the plot is {plot:.0f} px of a {chart:.0f} px chart"
    assert log.problems() == []


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", EXPLORER_CHAPTERS)
def test_explorer_text_has_aa_contrast_in_both_themes(site, path, theme, artifacts_dir):
    with browser_context(site, viewport={"width": 1280, "height": 900}) as context:
        context.add_init_script(
            f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');"
        )
        page, log = open_page(context, site, path)
        settle(page)
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        explorer = page.locator(".mmed-explorer").first
        checked, failures = explorer.evaluate(CONTRAST)
        explorer.screenshot(path=artifacts_dir / f"explorer-{theme}-{Path(path).stem}.png")
        assert checked > 40  # the panel's text, its charts' axes and legends
        assert failures == [], failures[:10]
        assert log.problems() == []
