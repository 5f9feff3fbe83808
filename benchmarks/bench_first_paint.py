"""When a reader on a phone sees a chart chapter's text, and its first chart: Chromium with the
CPU slowed 4x and DevTools' "Fast 3G" network (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s
up), both set through the Chrome DevTools Protocol, against the built book served on loopback
gzip-compressed as a static host serves it. The reader scrolls to the first chart as soon as
the text shows. Beside it, the floor: the stock Jupyter Book template (`jupyter-book create`,
built in a temporary folder with the same Jupyter Book), which has no chart.

Prints a Markdown table for the README: first contentful paint, and the time the first chart's
SVG appeared, both from the start of navigation, median of --runs loads with an empty cache.
Builds only the floor: run `make book` first.
Run: `.venv/bin/python benchmarks/bench_first_paint.py [--runs N]`
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from compressed_server import serve_compressed  # noqa: E402

from browser import CHROMIUM_ARGS  # noqa: E402
from browser import READER_CHROMIUM as CHROMIUM  # noqa: E402  (what a reader runs)
from conftest import VENV_BIN, book_pages  # noqa: E402

BUILT_BOOK = REPO / "_build" / "html"
CPU_SLOWDOWN = 4
FAST_3G = {  # Chrome DevTools' preset, in the units of Network.emulateNetworkConditions
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.44e6 / 8,
    "uploadThroughput": 675e3 / 8,
}
# When the first chart's SVG appears, from the start of navigation.
FIRST_CHART = """
window.__firstChart = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('[id^=altair-viz-] svg, .mmed-explorer svg')) {
    window.__firstChart = performance.now(); observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
PAINTED = (
    "() => (performance.getEntriesByType('paint')"
    ".find(e => e.name === 'first-contentful-paint') || {}).startTime"
)
FIRST_CHART_ELEMENT = "[id^=altair-viz-], .mmed-explorer"


def chart_pages() -> list[str]:
    return [
        path
        for path in book_pages()
        if any(
            mark in (BUILT_BOOK / path).read_text()
            for mark in ('class="mmed-chart-data"', 'class="mmed-explorer"', "altair-viz-")
        )
    ]


def load(browser, url: str, scroll_to_chart: bool) -> tuple[float, float | None]:
    """One load with an empty cache: (first contentful paint, first chart drawn) in ms."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    try:
        context.add_init_script(FIRST_CHART)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="commit", timeout=120_000)
        page.wait_for_function(f"({PAINTED})() !== undefined", timeout=120_000, polling=50)
        painted = page.evaluate(PAINTED)
        if not scroll_to_chart:
            return painted, None
        page.locator(FIRST_CHART_ELEMENT).first.scroll_into_view_if_needed(timeout=120_000)
        page.wait_for_function("window.__firstChart !== null", timeout=120_000, polling=50)
        return painted, page.evaluate("window.__firstChart")
    finally:
        context.close()


def build_floor(folder: Path) -> Path:
    """The stock template of this Jupyter Book, built without executing its notebooks (its
    example needs matplotlib, which the book does not install)."""
    jupyter_book = str(VENV_BIN / "jupyter-book")
    subprocess.run([jupyter_book, "create", str(folder / "floor")], check=True, capture_output=True)
    config = folder / "floor" / "_config.yml"
    config.write_text(
        config.read_text().replace("execute_notebooks: force", "execute_notebooks: off")
    )
    subprocess.run([jupyter_book, "build", str(folder / "floor")], check=True, capture_output=True)
    return folder / "floor" / "_build" / "html"


def median_row(name: str, loads: list[tuple[float, float | None]]) -> str:
    painted = statistics.median(p for p, _ in loads) / 1000
    charts = [c for _, c in loads if c is not None]
    chart = f"{statistics.median(charts) / 1000:.2f} s" if charts else "no chart"
    return f"| {name} | {painted:.2f} s | {chart} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="loads per page (median shown)")
    args = parser.parse_args()
    if not (BUILT_BOOK / "index.html").is_file():
        raise SystemExit(f"No built book at {BUILT_BOOK}: run `make book` first.")
    from playwright.sync_api import sync_playwright

    print(
        f"Chromium, CPU {CPU_SLOWDOWN}x slower, Fast 3G; median of {args.runs} loads, "
        "empty cache; the reader scrolls to the first chart once the text shows\n"
    )
    print("| page | first text (FCP) | first chart drawn |")
    print("|---|---:|---:|")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        floor = build_floor(Path(folder))
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        try:
            with serve_compressed(floor) as base_url:
                loads = [load(browser, f"{base_url}/intro.html", False) for _ in range(args.runs)]
                print(median_row("floor: stock Jupyter Book template (intro)", loads), flush=True)
            with serve_compressed(BUILT_BOOK) as base_url:
                for path in chart_pages():
                    loads = [load(browser, f"{base_url}/{path}", True) for _ in range(args.runs)]
                    print(median_row(path, loads), flush=True)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
