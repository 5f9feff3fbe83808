"""Printing a chapter: the self-check answers are open and every table fits the printed
column (the ranking table was cut at "Currenc"), on an A4-wide page in print media; words and
numbers stay whole; "Print my result" says what it is on one page; chapter 8's plan prints
every answer whole (issue 24)."""

import datetime as dt
import io
import re

import pytest

from browser import browser_context, open_page, require_chromium, serve
from conftest import book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]
A4_CSS_PX = 794  # 210 mm at 96 px per inch
ROI_CHAPTER = "book/chapters/05_investment_and_return.html"


@pytest.fixture(scope="module")
def printing(built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": A4_CSS_PX, "height": 1123}) as context,
    ):
        yield base_url, context


# Each word of a table's cells (addresses aside, which may break anywhere) on one line: a word
# or number split over two lines ("1,25" / "0") shows as two boxes of one range.
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('table td, table th')) {
    if (!cell.offsetParent || cell.closest('.vega-embed')) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest('a')) continue;
      // A line may break after a hyphen or a dash (KwaZulu-/Natal, 0.75–/0.83), never inside.
      for (const match of node.textContent.matchAll(/[^\\s\\-\u2013\u2014]+/g)) {
        if (/[\\/_@]/.test(match[0]) || match[0].length > 24) continue;  // addresses, file names
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split.slice(0, 10);
}"""


# Both checks of a printed page on one load of it.
@pytest.mark.parametrize("path", book_pages())
def test_printed_page_opens_answers_fits_tables_and_breaks_no_word(printing, path):
    base_url, context = printing
    page, log = open_page(context, base_url, path)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    closed = page.evaluate(
        "() => [...document.querySelectorAll('details.sd-dropdown:not([open])')]"
        ".map(d => d.querySelector('summary').innerText.trim())"
    )
    assert closed == [], f"{path}: answers still closed in print: {closed}"
    overflowing = page.evaluate("""() => {
      const column = document.querySelector('article.bd-article, main').getBoundingClientRect();
      return [...document.querySelectorAll('table')].filter(t => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && (r.right > column.right + 1 || t.scrollWidth > t.clientWidth + 1);
      }).map(t => (t.querySelector('caption, th') || t).innerText.slice(0, 40));
    }""")
    assert overflowing == [], f"{path}: tables wider than the printed column: {overflowing}"
    assert page.evaluate(SPLIT_WORDS) == [], f"{path}: words broken across lines in print"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert log.problems() == []
    page.close()


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """How many pages, and their text with every run of white space made one space."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def test_print_my_result_says_what_it_is_on_one_page(printing, artifacts_dir):
    """Printed alone, the ROI result was two pages with no title, date, programme or link."""
    base_url, context = printing
    page, log = open_page(context, base_url, ROI_CHAPTER)
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=30_000)
    page.locator('.mmed-explorer select[data-name="country"]').select_option("Kenya")
    page.wait_for_selector('.mmed-explorer[data-situation^="Kenya|"]')
    chooser = page.locator('.mmed-explorer select[data-name="programme"]')
    option = chooser.locator("option").nth(2)
    programme, value = option.inner_text().strip(), option.get_attribute("value")
    chooser.select_option(value)
    page.wait_for_selector(f'.mmed-explorer[data-situation$="|{value}"]')
    page.wait_for_function("() => document.querySelector('.mmed-explorer').dataset.updates > 1")
    # The browser's print dialogue cannot open headless: printing sends 'beforeprint' as the
    # browser does, then the page is printed to PDF in print media.
    page.evaluate("window.print = () => window.dispatchEvent(new Event('beforeprint'))")
    page.get_by_role("button", name="Print my result").click()
    page.emulate_media(media="print")
    # With the margins a browser's print dialogue leaves by default.
    margins = {side: "10mm" for side in ("top", "right", "bottom", "left")}
    pdf = page.pdf(format="A4", margin=margins, path=str(artifacts_dir / "print-my-result.pdf"))
    pages, text = pdf_text(pdf)
    today = dt.date.today()
    assert "MMed Pathways" in text and "my result" in text
    assert f"{today.day} {today:%B} {today.year}" in text
    assert programme in text and "Kenya" in text, programme
    address = f"{base_url}/{ROI_CHAPTER}"
    assert address in text.replace(" ", ""), "the page's address is not printed"
    assert "NPV over" in text and "Your inputs" in text
    assert pages == 1, f"{pages} pages"
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".mmed-print-header").count() == 0  # gone once printed
    assert log.problems() == []
    page.close()


def test_the_plan_prints_every_answer_whole(printing):
    """Chapter 8's plan printed only the first characters of each one-line answer."""
    base_url, context = printing
    page, log = open_page(context, base_url, "book/chapters/08_making_your_decision.html")
    plan = page.locator("form.mmed-plan")
    answers = {
        "country_specialty": "Kenya, psychiatry, with a view to moving to Rwanda after the fellowship",
        "registering_body": "Kenya Medical Practitioners and Dentists Council, which accepts the MMed",
        "shortlist_1": "University of Nairobi MMed Psychiatry, four years, fees as for 2023 entrants",
        "date": "14 December 2026",
        "npv_planned": "1,234,567 KES",
        "decision": "Apply in 2027 if the county funds the post; review in March after the interview",
    }
    for name, value in answers.items():
        plan.locator(f"[name={name}]").fill(value)
    page.emulate_media(media="print")
    _, text = pdf_text(page.pdf(format="A4"))
    squeezed = text.replace(" ", "")
    for name, value in answers.items():
        assert value.replace(" ", "") in squeezed, f"{name}: {value!r} is not printed whole"
    assert log.problems() == []
    page.close()
