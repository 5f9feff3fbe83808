"""Every "Try this" of chapters 3 and 5, performed in Chromium on the built book, with the
outcome the text promises checked (and the promise itself read from the page, so an edited
sentence without an edited test fails)."""

from __future__ import annotations

import pytest

from browser import (
    browser_context,
    expected_duration_bars,
    open_page,
    require_chromium,
    serve,
)
from mmedlearn import catalog, compare, roi
from mmedlearn.defaults import load_default_assumptions

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CHAPTER_3 = "book/chapters/03_comparing_providers.html"
CHAPTER_5 = "book/chapters/05_investment_and_return.html"


@pytest.fixture(scope="module")
def book(built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": 1280, "height": 900}) as context,
    ):
        yield base_url, context


def explorer(page):
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
    return page.locator(".mmed-explorer")


def after_update(page, action):
    """Do the action and wait until the explorer has updated for it and is not busy (chapter
    5's marks itself busy until its simulation band is in). Every action here computes at
    once (a select, a checkbox, a typed value committed by leaving the box: commit), so no
    later update can follow the one waited for."""
    before = int(page.get_attribute(".mmed-explorer", "data-updates"))
    action()
    page.wait_for_function(
        f"""() => {{ const root = document.querySelector('.mmed-explorer');
            return Number(root.dataset.updates) > {before} && !root.hasAttribute('data-busy'); }}"""
    )


def commit(page, name: str, value: str):
    """Type into a field's box and leave it (Tab), as a reader does: used at once."""
    box = page.locator(f'.mmed-box[data-name="{name}"]')
    box.fill(value)
    box.press("Tab")


NPV_NOW = "document.querySelector('.mmed-explorer').mmedViews.roi.data('summary')[0].npv"


def npv_moved_from(page, npv: float) -> None:
    """Until the result shown has left ``npv``: the uncertainty band, computed in idle time,
    also counts as an update, so a count alone can be the previous change's."""
    page.wait_for_function(f"(old) => {NPV_NOW} !== old", arg=npv, timeout=15_000)


def summary(page) -> dict:
    return page.evaluate(
        "document.querySelector('.mmed-explorer').mmedViews.roi.data('summary')[0]"
    )


def test_chapter_5_try_this(book, artifacts_dir):
    base_url, context = book
    page, log = open_page(context, base_url, CHAPTER_5)
    text = page.locator("p", has_text="Try this").first.inner_text()
    flat = text.replace("\n", " ")
    assert "set Income while studying to 0" in flat.replace("*", "")
    assert "the NPV falls and the break-even year comes years later" in flat
    assert "60 %: the NPV falls" in flat
    explorer(page)
    start = summary(page)
    default = load_default_assumptions()
    assert start["npv"] == pytest.approx(roi.evaluate(default).npv, rel=1e-9)
    # "set Income while studying to 0, as for an unpaid supernumerary"
    after_update(page, lambda: commit(page, "study_income", "0"))
    npv_moved_from(page, start["npv"])
    unpaid = summary(page)
    assert unpaid["npv"] < start["npv"]
    assert unpaid["breakeven_year"] is None or (
        unpaid["breakeven_year"] >= start["breakeven_year"] + 2
    )
    # "then set Chance of finishing to 60 %: the NPV falls"
    after_update(page, lambda: commit(page, "completion_probability", "60"))
    npv_moved_from(page, unpaid["npv"])
    assert summary(page)["npv"] < unpaid["npv"]
    # "Start from your situation, type your own salaries, and see which bar is longest"
    programme = catalog.load_programs().loc["uct_family"]
    page.locator('.mmed-explorer select[data-name="country"]').select_option(programme["country"])
    page.wait_for_selector(f'.mmed-explorer[data-situation^="{programme["country"]}|"]')
    after_update(
        page,
        lambda: page.locator('.mmed-explorer select[data-name="programme"]').select_option(
            "uct_family"
        ),
    )
    page.wait_for_selector('.mmed-explorer[data-situation$="|uct_family"]')
    for name, value in (
        ("baseline_salary", "600,000"),
        ("study_income", "600,000"),
        ("post_salary", "900,000"),
    ):
        after_update(
            page,
            lambda name=name, value=value: commit(page, name, value),
        )
    state = page.evaluate("document.querySelector('.mmed-explorer').mmedState()")
    # The programme's own length and fee, in its own currency (the country's).
    assert state["currency"] == programme["fee_currency"]
    assert state["values"]["duration_years"] == programme["duration_min_years"]
    assert state["values"]["tuition_per_year"] == programme["tuition_per_year"]
    first = page.evaluate(
        "document.querySelector('.mmed-explorer').mmedViews.tornado.data('sensitivity')"
        ".find(d => d.position === 1).label"
    )
    want = roi.sensitivity(roi.Assumptions(**state["values"]))["label"].iloc[0]
    assert first == want
    assert page.locator(".mmed-tornado svg text", has_text=want).count() == 1
    assert "ZAR" in page.locator(".mmed-results").inner_text()
    page.locator(".mmed-explorer").screenshot(path=artifacts_dir / "chapter5-try-this.png")
    assert log.problems() == []


def test_chapter_3_try_this_comparison(book, artifacts_dir):
    base_url, context = book
    page, log = open_page(context, base_url, CHAPTER_3)
    text = page.locator("p", has_text="Weight: More research").first.inner_text().replace("\n", " ")
    assert (
        "the programmes with a dissertation or thesis rise to the top" in text
        and "untick unknown" in text
    )
    explorer(page)

    programs = catalog.load_programs()

    def ranked():
        rows = page.evaluate("document.querySelector('.mmed-explorer').mmedRanking()")
        return [
            [
                programs.index[r["row"]],
                *programs.iloc[r["row"]][["paid_post", "research_requirement"]],
            ]
            for r in rows
        ]

    page.get_by_text("Weights: how much each criterion matters").click()  # opens the panel
    start = ranked()
    for name, value in (
        ("w_research", "5"),
        ("w_duration", "0"),
        ("w_cost", "0"),
        ("w_paid_post", "0"),
    ):
        after_update(
            page,
            lambda name=name, value=value: commit(page, name, value),
        )
    weighted = ranked()
    research = [r in ("dissertation", "thesis") for _, _, r in weighted]
    assert weighted != start and research[0] and research == sorted(research, reverse=True)
    want = compare.compare(
        programs, weights=compare.Weights(duration=0, cost=0, research=5, paid_post=0)
    )
    assert [row[0] for row in weighted] == list(want.index)
    page.get_by_text("More filters: research, delivery").click()
    unknown = page.locator('input[data-group="paid_post"][value="unknown"]')
    after_update(page, lambda: unknown.uncheck())
    answered = ranked()
    assert 0 < len(answered) < len(weighted) and all(paid != "unknown" for _, paid, _ in answered)
    page.locator(".mmed-explorer").screenshot(path=artifacts_dir / "chapter3-try-this.png")
    assert log.problems() == []


def test_chapter_3_try_this_duration_chart(book):
    base_url, context = book
    page, log = open_page(context, base_url, CHAPTER_3)
    assert "drag Can be finished within (years) down to 3 years" in page.locator(
        "p", has_text="Try this"
    ).first.inner_text().replace("*", "")
    chart = page.locator("[id^=altair-viz-]").first
    chart.locator("g.mark-rect path").first.wait_for(state="attached")

    def bars():
        return chart.locator("g.mark-rect path").count()

    start = bars()
    page.locator('input[name="max_duration_years"]').fill("3")
    page.wait_for_function(
        f"document.querySelector('[id^=altair-viz-]').querySelectorAll('g.mark-rect path')"
        f".length < {start}"
    )
    at_three = bars()
    page.locator('select[name="research_requirement"]').select_option("dissertation")
    page.wait_for_function(
        f"document.querySelector('[id^=altair-viz-]').querySelectorAll('g.mark-rect path')"
        f".length < {at_three}"
    )
    assert bars() == expected_duration_bars(3, "dissertation")
    assert log.problems() == []
