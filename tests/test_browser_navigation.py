"""The menu button opens the table of contents on a phone (a tap, at 375 px) and collapses or
brings back the sidebar on a desktop (a click, at 1280 px); a link in the contents then takes
the reader to that page. One header and one search box at either width: checked on every page
where it is loaded at that width anyway (browser.header_and_search_problems)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import browser_context, open_page, require_chromium, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]
START = "book/chapters/01_what_is_an_mmed.html"
TARGET = "book/glossary.html"
PHONE = dict(
    viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
)
DESKTOP = dict(viewport={"width": 1280, "height": 900})


@pytest.fixture(scope="module")
def book_url(built_book):
    require_chromium()
    with serve(built_book) as base_url:
        yield base_url


def visible_menu_buttons(page):
    return [button for button in page.locator(".primary-toggle").all() if button.is_visible()]


def contents_link(page):
    """The glossary's entry in the table of contents, wherever the theme has put the contents
    (in the page's sidebar, or moved into the phone's pop-up dialog)."""
    return (
        page.locator(f"nav.bd-links a[href$='{TARGET.split('/')[-1]}']")
        .locator("visible=true")
        .first
    )


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return (
        box is not None and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width
    )


ON_SCREEN = """([selector, wanted]) => {
    const box = document.querySelector(selector)?.getBoundingClientRect();
    const shown = !!box && box.width > 0 && box.x >= 0 && box.x + box.width <= window.innerWidth;
    return shown === wanted;
}"""


def comes_to(page, selector: str, on_screen: bool, timeout: int = 5000) -> bool:
    """Whether the element is (or is not) wholly inside the window within timeout ms: a slide
    that has not finished is waited for, one that never comes is a failure."""
    try:
        page.wait_for_function(ON_SCREEN, arg=[selector, on_screen], timeout=timeout)
    except PlaywrightTimeout:
        return False
    return True


def test_phone_menu_tap_opens_contents_and_a_link_navigates(book_url):
    with browser_context(book_url, **PHONE) as context:
        page, log = open_page(context, book_url, START)
        buttons = visible_menu_buttons(page)
        assert len(buttons) == 1, f"{len(buttons)} visible menu buttons"
        assert contents_link(page).count() == 0 or not in_viewport(page, contents_link(page)), (
            "the contents are on screen before the menu is opened"
        )
        buttons[0].tap()
        link = contents_link(page)
        link.wait_for(state="visible", timeout=3000)
        assert in_viewport(page, link), "the menu opened, but its links are off screen"
        link.tap()
        page.wait_for_url(f"**/{TARGET}", timeout=5000)
        assert page.locator("h1").first.inner_text().strip().startswith("Glossary")
        assert log.problems() == []


def test_desktop_menu_click_hides_and_shows_the_sidebar(book_url):
    with browser_context(book_url, **DESKTOP) as context:
        page, log = open_page(context, book_url, START)
        buttons = visible_menu_buttons(page)
        assert len(buttons) == 1, f"{len(buttons)} visible menu buttons"
        link = contents_link(page)
        assert in_viewport(page, link), "the sidebar is not shown on a desktop"
        buttons[0].click()
        # The theme slides the sidebar out: wait for it to have left the window.
        assert comes_to(page, "#pst-primary-sidebar", on_screen=False), (
            "the click did not hide the sidebar"
        )
        buttons[0].click()
        assert comes_to(page, "#pst-primary-sidebar", on_screen=True), (
            "a second click did not bring the sidebar back"
        )
        link = contents_link(page)
        assert in_viewport(page, link), "a second click did not bring the sidebar back"
        link.click()
        page.wait_for_url(f"**/{TARGET}", timeout=5000)
        assert log.problems() == []
