"""Printing a chapter: the self-check answers are open and every table fits the printed
column (the ranking table was cut at "Currenc"), on an A4-wide page in print media."""

import pytest

from browser import browser_context, open_page, require_chromium, serve
from conftest import book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]
A4_CSS_PX = 794  # 210 mm at 96 px per inch


@pytest.fixture(scope="module")
def printing(built_book):
    require_chromium()
    with (
        serve(built_book) as base_url,
        browser_context(base_url, viewport={"width": A4_CSS_PX, "height": 1123}) as context,
    ):
        yield base_url, context


@pytest.mark.parametrize("path", book_pages())
def test_printed_page_opens_answers_and_fits_tables(printing, path):
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
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert log.problems() == []
    page.close()
