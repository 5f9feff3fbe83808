"""Chapter 3's kernel-free comparison in a real browser, with our data and a hostile file."""

import pytest

from browser import (
    browser_context,
    expected_duration_bars,
    open_page,
    require_chromium,
    serve,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHAPTER_3 = "book/chapters/03_comparing_providers.html"


def bar_count(page) -> int:
    # The duration explorer is the page's first chart; vega draws one path per bar (SVG renderer).
    return page.locator("[id^=altair-viz-]").first.locator("g.mark-rect path").count()


def expected_bars(max_years: float, research: str = "any") -> int:
    return expected_duration_bars(max_years, research)


def test_static_inputs_filter_the_duration_chart(built_book, artifacts_dir):
    require_chromium()
    with serve(built_book) as base_url, browser_context(base_url) as context:
        page, log = open_page(context, base_url, CHAPTER_3)
        page.locator("[id^=altair-viz-] g.mark-rect path").first.wait_for(state="attached")
        assert bar_count(page) == expected_bars(8)
        page.locator('input[name="max_duration_years"]').fill("3")
        page.wait_for_function(
            f"document.querySelector('[id^=altair-viz-]')"
            f".querySelectorAll('g.mark-rect path').length == {expected_bars(3)}"
        )
        page.locator('select[name="research_requirement"]').select_option("dissertation")
        page.wait_for_function(
            f"document.querySelector('[id^=altair-viz-]')"
            f".querySelectorAll('g.mark-rect path').length == "
            f"{expected_bars(3, 'dissertation')}"
        )
        assert expected_bars(3, "dissertation") < expected_bars(3) < expected_bars(8)
        page.locator("[id^=altair-viz-]").first.screenshot(
            path=artifacts_dir / "chapter3-filtered.png"
        )
        assert log.problems() == []


def test_the_duration_chart_says_when_no_programme_matches(built_book, artifacts_dir):
    """Filtered to nothing, the chart drew an empty frame with no word of why."""
    from mmedlearn.charts import NO_MATCH

    require_chromium()
    research = "dissertation"  # none within a year; some within eight
    assert expected_bars(1, research) == 0 < expected_bars(8, research)
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": 375, "height": 800}) as context,
    ):
        page, log = open_page(context, base_url, CHAPTER_3)
        chart = page.locator("[id^=altair-viz-]").first
        chart.locator("g.mark-rect path").first.wait_for(state="attached")
        assert NO_MATCH[0] not in chart.inner_text()
        page.locator('select[name="research_requirement"]').select_option(research)
        page.locator('input[name="max_duration_years"]').fill("1")
        chart.get_by_text(NO_MATCH[0]).wait_for()
        assert chart.locator("g.mark-rect path").count() == 0
        # The message fits the plot on a phone: neither line is cut at the chart's edges.
        box = chart.locator("svg").first.bounding_box()
        for line in NO_MATCH:
            text = chart.get_by_text(line).bounding_box()
            assert box["x"] <= text["x"] and text["x"] + text["width"] <= box["x"] + box["width"]
        # The title stays whole on screen (long axis labels pushed it off the left edge).
        title = chart.locator("g.role-title text").first.bounding_box()
        assert title["x"] >= box["x"] and title["x"] + title["width"] <= 375
        assert "0.0" not in (chart.locator("g.role-axis-label").first.text_content() or "")
        chart.screenshot(path=artifacts_dir / "chapter3-no-match-375.png")
        page.locator('input[name="max_duration_years"]').fill("8")
        page.wait_for_function(
            f"document.querySelector('[id^=altair-viz-]')"
            f".querySelectorAll('g.mark-rect path').length == {expected_bars(8, research)}"
        )
        assert NO_MATCH[0] not in chart.inner_text()
        assert log.problems() == []


def test_hostile_names_stay_inert_text_in_the_built_page(hostile_book, artifacts_dir):
    require_chromium()
    with serve(hostile_book) as base_url, browser_context(base_url) as context:
        dialogs = []
        context.on(
            "page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        )
        page, log = open_page(context, base_url, CHAPTER_3)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        bar = page.locator('[id^=altair-viz-] g.mark-symbol path[aria-label*="alert(1)"]').first
        bar.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible")
        assert "<script>alert(1)</script>" in tooltip.inner_text()
        assert tooltip.locator("script, img").count() == 0
        page.screenshot(path=artifacts_dir / "chapter3-hostile.png")
        assert page.locator("img[src=x]").count() == 0
        # Chapter 1's table of every programme shows the names as text (chapter 3's widget
        # table is no longer on the page: it runs only in a live kernel).
        table_page, table_log = open_page(
            context, base_url, "book/chapters/01_what_is_an_mmed.html"
        )
        table_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        assert (
            table_page.locator("table.mmed-table", has_text="<script>alert(1)</script>").count()
            >= 1
        )
        assert table_page.locator("img[src=x]").count() == 0
        assert dialogs == []
        assert log.problems() == [] and table_log.problems() == []
