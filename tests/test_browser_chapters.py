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


PHONE = dict(
    viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True, device_scale_factor=2
)


def test_a_tap_on_a_routes_cell_shows_what_the_sources_say(built_book, artifacts_dir):
    """Touch readers cannot hover: tapping a cell writes its details under the grid."""
    require_chromium()
    routes = catalog.load_routes()
    with serve(built_book) as base_url, browser_context(base_url, **PHONE) as phone:
        page, log = open_page(phone, base_url, "book/chapters/01_what_is_an_mmed.html")
        chart = first_chart(page)
        # The cell of the last route and the first question, tapped where a finger would: on
        # its middle, where its mark (✓, ?) sits.
        last = routes.iloc[-1]
        cell = chart.locator(
            f'g.mark-rect path[aria-label*="Route: {last["route"]};"]'
            '[aria-label*="Question: Leads to specialist registration;"]'
        )
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        detail = page.locator(".mmed-chart-detail")
        detail.wait_for()
        text = detail.inner_text()
        assert f"Route\n{last['route']}" in text and "Leads to specialist registration" in text
        assert "feature_label" not in text
        assert f"Answer\n{last['specialist_registration']}" in text
        assert "Sources say" in text and str(last["notes"])[:40] in text
        # Route names are never cut into ambiguity: every row label is shown whole.
        labels = chart.locator(".role-axis-label text").evaluate_all(
            "ts => ts.map(t => t.textContent)"
        )
        assert [label for label in labels if "…" in label] == []
        shown = " ".join(labels)
        for route in routes["route"]:
            assert all(word in shown for word in route.split()), route
        chart.screenshot(path=artifacts_dir / "chapter1-routes-375-tap.png")
        assert log.problems() == []


PLAN = "book/chapters/08_making_your_decision.html"


def test_the_plan_is_filled_in_the_page_copied_as_text_and_printed(built_book, artifacts_dir):
    require_chromium()
    with serve(built_book) as base_url, browser_context(base_url, **PHONE) as phone:
        page, log = open_page(phone, base_url, PLAN)
        plan = page.locator("form.mmed-plan")
        fields = plan.locator("input[type=text], textarea")
        assert fields.count() >= 18
        # Every box is named by its label (a phone's screen reader says what to type).
        unnamed = fields.evaluate_all(
            "fs => fs.filter(f => !f.closest('label') || !f.closest('label').textContent.trim())"
            ".map(f => f.name)"
        )
        assert unnamed == []
        plan.locator("input[name=country_specialty]").fill("Kenya, psychiatry")
        plan.locator("textarea[name=decision]").fill("Apply in 2027; review in March")
        plan.get_by_role("button", name="Copy the plan as text").click()
        copied = plan.locator(".mmed-plan-text textarea")
        copied.wait_for()
        text = copied.input_value()
        assert "My MMed plan" in text
        assert "Country and specialty: Kenya, psychiatry" in text
        assert "Decision and review date: Apply in 2027; review in March" in text
        assert "Name: \u2014" in text  # an empty box is said, not dropped
        assert "nothing is stored or sent" in page.inner_text("article")
        # On paper: what was typed is printed, the buttons are not.
        page.emulate_media(media="print")
        # The box's copy, which holds the answer whole (js/plan.js), prints in its place.
        typed = plan.locator("input[name=country_specialty] + .mmed-fill-print")
        assert typed.is_visible() and typed.inner_text() == "Kenya, psychiatry"
        assert not plan.get_by_role("button", name="Copy the plan as text").is_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        page.emulate_media(media="screen")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        plan.screenshot(path=artifacts_dir / "chapter8-plan-375.png")
        assert log.problems() == []


def test_starting_values_are_written_as_the_explorer_writes_them(built_book):
    """Money with its currency and separators, rates as percentages, from mmedlearn.fields."""
    from mmedlearn.defaults import load_default_assumptions
    from mmedlearn.fields import FIELDS
    from mmedlearn.static_explorers import ROI_EXPLORER_CURRENCY

    require_chromium()
    start = load_default_assumptions()
    with serve(built_book) as base_url, browser_context(base_url) as browser:
        page, log = open_page(browser, base_url, PLAN)
        table = page.locator("table", has_text="What the chapter 5 explorer starts from")
        cells = table.locator("tbody tr").evaluate_all(
            "rs => rs.map(r => [...r.cells].map(c => c.textContent.trim()))"
        )
        rows = {label: shown for label, shown, _origin in cells}
        origins = {label: origin for label, _shown, origin in cells}
        assert set(rows) == {field.label for field in FIELDS.values()}
        # Each value says where it comes from: a source's address and year, or illustrative.
        assert all(
            o == "illustrative" or ("https://" in o or "http://" in o) for o in origins.values()
        )
        assert origins[FIELDS["post_salary"].label] != "illustrative"
        for name, field in FIELDS.items():
            value = getattr(start, name)
            shown = rows[field.label]
            if field.kind == "money":
                assert shown.endswith(f" {ROI_EXPLORER_CURRENCY}"), shown
                assert shown.removesuffix(f" {ROI_EXPLORER_CURRENCY}").replace(",", "") == (
                    f"{value:.0f}"
                ), shown
                if value >= 1000:
                    assert "," in shown, shown
            elif field.kind in ("rate", "probability"):
                assert shown.endswith(" %") and float(shown[:-2]) == pytest.approx(value * 100)
        assert log.problems() == []
