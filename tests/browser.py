"""Headless Chromium against the built book, served from a loopback HTTP server.

Everything a page loads must come from that server: any other host is blocked and recorded,
so a forgotten CDN reference fails the test instead of passing on a networked machine.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

#: What a reader runs: Debian's Chromium (the benchmarks, which measure what a reader waits
#: for, and the handout's PDF, which the command prints with it).
READER_CHROMIUM = os.environ.get("MMED_CHROMIUM", "/usr/bin/chromium")
#: What the tests drive: Chromium's headless shell (Debian's chromium-headless-shell, the
#: build Playwright itself runs headless tests on) where installed: the same Blink and V8,
#: without the full browser's machinery, it loaded the book's pages with 40 % of the CPU.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM = os.environ.get("MMED_CHROMIUM") or (
    HEADLESS_SHELL if Path(HEADLESS_SHELL).is_file() else READER_CHROMIUM
)
# Flags that keep Chromium from phoning home on a machine with a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip where no Chromium is installed, unless the run demands browser tests (CI does)."""
    if shutil.which(CHROMIUM) or Path(CHROMIUM).is_file():
        return
    message = (
        f"Chromium not found at {CHROMIUM} "
        "(apt-get install chromium chromium-headless-shell, or set MMED_CHROMIUM)"
    )
    if os.environ.get("MMED_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextmanager
def serve(
    directory: Path,
    handler_class: type = _QuietHandler,
    server_class: type = http.server.ThreadingHTTPServer,
):
    """Serve a folder on 127.0.0.1 at a free port; yield the base URL. The benchmarks pass
    their own handler (benchmarks/compressed_server.py: gzip, as a static host serves)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What went wrong while a page loaded."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console: {m}" for m in self.console_errors]
            + [f"failed: {u}" for u in self.failed_requests]
            + [f"outside the book: {u}" for u in self.outside_requests]
        )


_shared = {}


def shared_playwright():
    """The one Playwright of the test run: its sync API allows one instance at a time, so a
    test that needs a browser with other options launches it from this one."""
    if "playwright" not in _shared:
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
    return _shared["playwright"]


def shared_browser():
    """One Chromium for the whole test run: starting the browser once is faster.
    ``close_shared_browser`` ends it."""
    if "browser" not in _shared:
        _shared["browser"] = shared_playwright().chromium.launch(
            executable_path=_shared.get("executable", CHROMIUM), args=CHROMIUM_ARGS
        )
    return _shared["browser"]


def use_reader_chromium() -> None:
    """Make shared_browser the reader's Chromium (READER_CHROMIUM): for the benchmarks."""
    _shared["executable"] = READER_CHROMIUM


def close_shared_browser() -> None:
    if "browser" in _shared:
        _shared.pop("browser").close()
    if "playwright" in _shared:
        _shared.pop("playwright").stop()


@contextmanager
def browser_context(base_url: str, **context_options):
    """A fresh browser context (its own storage and cookies) on the shared Chromium."""
    context = shared_browser().new_context(**context_options)
    try:
        yield context
    finally:
        context.close()


def open_page(context, base_url: str, path: str, wait_for_network: bool = False):
    """Open base_url/path, blocking every request outside base_url (another host, or for a
    file:// bundle anything outside its folder); return (page, log) once its charts are drawn."""
    log = PageLog()

    def inside(url: str) -> bool:
        return url.startswith(base_url + "/") or urlparse(url).scheme in ("data", "blob", "about")

    def guard(route):
        url = route.request.url
        if not inside(url):
            log.outside_requests.append(url)
            route.abort()
        else:
            route.continue_()

    page = context.new_page()
    page.route("**/*", guard)
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
    page.on("pageerror", lambda error: log.console_errors.append(str(error)))
    page.on(
        "requestfailed",
        lambda r: inside(r.url) and log.failed_requests.append(f"{r.url} ({r.failure})"),
    )
    page.on(
        "response",
        lambda r: r.status >= 400 and log.failed_requests.append(f"{r.url} ({r.status})"),
    )
    # "load": every file the page names has arrived. Waiting for the network to be idle
    # instead costs half a second of nothing a page; a test that must see late requests too
    # asks for it (wait_for_network).
    page.goto(f"{base_url}/{path}", wait_until="networkidle" if wait_for_network else "load")
    # The book draws a chart once it comes near the screen (js/charts.js): a test of what the
    # charts show asks for all of them, as printing does, and waits until they are drawn and
    # each explorer has shown its first result. test_first_paint.py checks the wait.
    assert _all_drawn(page), f"{path}: an explorer did not finish its first result in 15 s"
    if wait_for_network:
        page.wait_for_load_state("networkidle")
    return page, log


def _all_drawn(page) -> bool:
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.evaluate(_ALL_DRAWN, 15_000)
    except PlaywrightError as error:
        # The page went on to another as it loaded (the book's index.html redirects to its
        # first page): wait for that one instead.
        if "Execution context was destroyed" not in error.message:
            raise
        page.wait_for_load_state("load")
        return page.evaluate(_ALL_DRAWN, 15_000)


_ALL_DRAWN = """async (limit) => {
    if (window.mmedDrawAllCharts) await window.mmedDrawAllCharts();
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    // Each explorer has shown its first result and finished what it computes after (the
    // uncertainty band: data-busy).
    const shown = () => [...document.querySelectorAll('.mmed-explorer')]
        .every(node => node.hasAttribute('data-updates') && !node.hasAttribute('data-busy'));
    const started = performance.now();
    while (!shown()) {
        if (performance.now() - started > limit) return false;
        await frame();
    }
    return true;
}"""


#: Whole-page screenshots of every page (test-artifacts/) are for a person to look at: taken
#: when a check fails, or for every page with MMED_SCREENSHOTS=1. A long page's image takes
#: seconds to encode, and the suite took some ninety seconds to write them all every run.
SCREENSHOTS = os.environ.get("MMED_SCREENSHOTS") == "1"


def whole_page_screenshot(page, path: Path, failing: bool = False, **options) -> None:
    """Save the whole page as an image if the check failed or screenshots were asked for."""
    if failing or SCREENSHOTS:
        page.screenshot(path=path, full_page=True, **options)


def wait_for_charts(page, timeout: int = 10_000) -> int:
    """Wait until every Altair chart on the page has drawn (an offline failure draws nothing);
    return how many there are."""
    charts = page.locator("[id^=altair-viz-]")
    for index in range(charts.count()):
        charts.nth(index).locator("svg, canvas").first.wait_for(timeout=timeout)
    return charts.count()


_CHARTS_SETTLED = """async (limit) => {
    // Vega lays a chart out again once fonts load or its container resizes: done when the
    // charts' markup and boxes are unchanged across two animation frames.
    await document.fonts.ready;
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    const shape = () => [...document.querySelectorAll('[id^=altair-viz-]')].map(chart => {
        const box = chart.getBoundingClientRect();
        return `${chart.innerHTML.length}:${box.width}x${box.height}`;
    }).join('|');
    let last = shape();
    const started = performance.now();
    while (performance.now() - started < limit) {
        await frame();
        await frame();
        const now = shape();
        if (now === last) return true;
        last = now;
    }
    return false;
}"""


def wait_for_charts_settled(page, timeout: int = 10_000) -> int:
    """wait_for_charts, then until no chart changes any more (a condition, not a fixed pause);
    return how many charts there are."""
    count = wait_for_charts(page, timeout)
    assert page.evaluate(_CHARTS_SETTLED, timeout), f"the charts still change after {timeout} ms"
    return count


def expected_duration_bars(max_years: float, research: str = "any") -> int:
    """How many bars chapter 3's duration chart draws once filtered, from the data: a bar a
    programme, or (above charts.PER_PROGRAMME_LIMIT programmes with a duration) a bar a
    duration and research answer, as the chart then counts programmes."""
    from mmedlearn import catalog, charts, compare

    programs = catalog.load_programs()
    longest = compare.longest_duration(programs)
    keep = longest <= max_years  # "can be finished within"; no reported duration stays out
    if research != "any":
        keep &= programs["research_requirement"] == research
    if longest.notna().sum() <= charts.PER_PROGRAMME_LIMIT:
        return int(keep.sum())
    kept = programs[keep].assign(longest=longest[keep])
    return int(kept.groupby(["longest", "research_requirement"]).ngroups)


# ------------------------------------------------------------ checks run on every page loaded
# at a width by the per-page tests (test_browser.py at 1280 px, test_browser_reader.py at
# 375 px): one load of a page serves them all.

_HEADERS_AND_SEARCHES = """() => {
  const shown = el => { const r = el.getBoundingClientRect();
                        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  return {
    headers: [...document.querySelectorAll('header, .bd-header, .bd-header-article')].filter(shown).length,
    searches: [...document.querySelectorAll('.search-button, .search-button-field, form.bd-search')]
                .filter(el => shown(el) && !el.closest('dialog:not([open])')).length,
  };
}"""


def header_and_search_problems(page, path: str) -> list[str]:
    """One header and one search box shown (the theme once drew two of each on a phone)."""
    counts = page.evaluate(_HEADERS_AND_SEARCHES)
    wanted = {"headers": 1, "searches": 1}
    return [] if counts == wanted else [f"{path}: {counts}, wanted {wanted}"]


# For each table (not inside a chart): its width, the column's, whether the box that scrolls
# it is wider than itself, and whether a visible line says so.
_TABLES = """() => {
  const column = document.querySelector('article.bd-article').getBoundingClientRect();
  return [...document.querySelectorAll('table')].filter(t => !t.closest('.vega-embed') && t.offsetParent)
    .map(t => {
      let frame = t.parentElement;
      while (frame !== document.body && getComputedStyle(frame).overflowX === 'visible') frame = frame.parentElement;
      const cue = frame.previousElementSibling;
      return {
        name: (t.querySelector('caption, th') || t).innerText.trim().slice(0, 40),
        width: t.getBoundingClientRect().width, column: column.width,
        scrolls: frame !== document.body && frame.scrollWidth > frame.clientWidth + 1,
        frameRight: frame.getBoundingClientRect().right, columnRight: column.right,
        cue: !!cue && cue.classList.contains('mmed-scroll-cue') && !cue.hidden && cue.offsetHeight > 0
          && cue.innerText.includes('sideways'),
        narrowest: Math.min(...[...t.rows].slice(1).flatMap(r => [...r.cells]).map(c => c.getBoundingClientRect().width)),
      };
    });
}"""


def tables_on_page(page) -> list[dict]:
    """Each table's measures (_TABLES), as the page lays it out now."""
    return page.evaluate(_TABLES)


def table_scroll_problems(page, path: str) -> list[str]:
    """Each table wider than its column scrolls inside the column, with a line saying so."""
    problems = []
    for table in tables_on_page(page):
        if table["width"] > table["column"] + 1:
            if not table["scrolls"]:
                problems.append(f"{path}: {table['name']!r} is cut, not scrolled")
            elif table["frameRight"] > table["columnRight"] + 1:
                problems.append(f"{path}: {table['name']!r} scrolls past the column: {table}")
            elif not table["cue"]:
                problems.append(f"{path}: {table['name']!r} scrolls with no sign of it")
    return problems
