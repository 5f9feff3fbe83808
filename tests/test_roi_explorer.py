"""Chapter 5's in-page explorer on the built book, its inputs typed as a reader types them,
against mmedlearn.roi.evaluate. (The page's model itself, mmed-model.gen.js, is held against
roi on hundreds of cases in Node by tests/test_model.py; this checks the wiring and what the
reader sees.)"""

import pytest

from browser import browser_context, open_page, require_chromium, serve
from mmedlearn import roi
from mmedlearn.cases import SELF_FUNDED_COURSEWORK
from mmedlearn.fields import FIELDS


def vega_format(number: float) -> str:
    """d3-format's ",.0f": a true minus sign (U+2212), and no sign on a value that rounds to 0."""
    text = f"{number:,.0f}"
    return "0" if text == "-0" else text.replace("-", "\u2212")


def expected_text(a: roi.Assumptions) -> tuple[str, str]:
    r = roi.evaluate(a)
    npv = f"NPV over {a.horizon_years} years: {vega_format(r.npv)}"
    breakeven = (
        f"Break-even in year {r.breakeven_year}"
        if r.breakeven_year
        else f"No break-even within {a.horizon_years} years"
    )
    return npv, breakeven


BROWSER_CASES = [
    # a loan, dropout, a wait and a bond (version 3)
    dict(
        duration_years=3.5,
        tuition_per_year=40_000,
        baseline_salary=60_000,
        study_income=30_000,
        post_salary=95_000,
        loan_share=0.75,
        loan_rate=0.065,
        loan_term_years=12,
        completion_probability=0.7,
        dropout_year=3,
        one_off_fees=5_000,
        extra_costs_per_year=6_000,
        horizon_years=40,
        wait_years=1,
        bond_years=3,
        bond_salary=70_000,
    ),
    # a case that never breaks even
    dict(
        duration_years=1.25,
        tuition_per_year=60_000,
        baseline_salary=120_000,
        study_income=0,
        post_salary=121_000,
        discount_rate=0.07,
    ),
]


@pytest.mark.slow
@pytest.mark.browser
def test_explorer_on_the_built_page_matches_evaluate(built_book, artifacts_dir):
    """Chapter 5's explorer (mmedlearn.static_explorers and the generated mmed-model.gen.js) on the
    built page, its inputs typed as a reader types them."""
    require_chromium()
    page_path = "book/chapters/05_investment_and_return.html"
    with serve(built_book) as base_url, browser_context(base_url) as context:
        page, log = open_page(context, base_url, page_path)
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
        for number, case in enumerate(BROWSER_CASES):
            values = {**roi.asdict(SELF_FUNDED_COURSEWORK), **case}
            # The year of leaving must fit the programme (roi-model.md): make room first.
            page.locator('.mmed-box[data-name="dropout_year"]').fill("1")
            for name, value in values.items():
                percent = FIELDS[name].kind in ("rate", "probability")
                page.locator(f'.mmed-box[data-name="{name}"]').fill(
                    f"{value * 100:g}" if percent else str(value)
                )
            want_npv, want_breakeven = expected_text(roi.Assumptions(**values))
            chart = page.locator(".mmed-explorer .mmed-chart").first
            chart.locator("text", has_text=want_npv + " USD").wait_for(timeout=10_000)
            assert chart.locator("text", has_text=want_breakeven).count() == 1
            chart.screenshot(path=artifacts_dir / f"chapter5-explorer-case{number + 1}.png")
        assert log.problems() == []


@pytest.mark.slow
def test_the_built_book_holds_every_countrys_situations(built_book):
    """The build writes one file a country beside the page's scripts (book/_ext/mmed_book.py),
    each the script the page loads when that country is picked; chapter 3 carries no line of
    chapter 5's explorer, nor chapter 5 of chapter 3's (page weight, issue 26)."""
    import json
    import re

    chapter = (built_book / "book/chapters/05_investment_and_return.html").read_text()
    config = json.loads(
        re.search(r'class="mmed-explorer-config">(.*?)</script>', chapter, re.S).group(1)
    )
    countries = config["situations"]["countries"]
    assert {"Kenya", "South Africa", "Malaysia"} <= {name for name, _ in countries}
    for name, file in countries:
        text = (built_book / "_static" / "situations" / file).read_text(encoding="utf-8")
        assert text.startswith("window.mmedSituationLoaded({"), file
        assert json.loads(text[len("window.mmedSituationLoaded(") : -3])["country"] == name
    assert "roi-explorer.js" in chapter and "compare-explorer.js" not in chapter
    assert "compare-rule.js" not in chapter
    comparison = (built_book / "book/chapters/03_comparing_providers.html").read_text()
    assert "compare-explorer.js" in comparison and "roi-explorer.js" not in comparison
