"""What a reader's browser pays for each page: bytes and requests loaded, and the time until
the first chart is drawn, in headless Chromium against a freshly built book served on
loopback, each page against the budget (issue 13): at most 1.5 MB per page, uncompressed, on a
first visit, and a median page under 1 MB. Prints a Markdown table for the README.
Run: `.venv/bin/python benchmarks/bench_pages.py` (needs Chromium)."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import browser_context, close_shared_browser, serve, use_reader_chromium  # noqa: E402

use_reader_chromium()  # measured in the browser a reader runs, not the tests' headless shell
from conftest import book_pages, build_book  # noqa: E402

PAGE_BUDGET_MB = 1.5
MEDIAN_BUDGET_MB = 1.0

# Record when the first chart's SVG appears, measured from the start of navigation.
FIRST_CHART = """
window.__firstChart = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('[id^=altair-viz-] svg')) {
    window.__firstChart = performance.now(); observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def main() -> None:
    pages = book_pages()
    with tempfile.TemporaryDirectory() as out:
        html = build_book(Path(out))
        with serve(html) as base_url:
            print("| page (empty cache) | requests | loaded | first chart | budget 1.5 MB |")
            print("|---|---:|---:|---:|:---:|")
            loaded = []
            for path in pages:
                with browser_context(base_url) as context:  # a new context: an empty cache
                    loaded.append(measure(context, base_url, path))
    close_shared_browser()
    median = statistics.median(loaded)
    verdict = "pass" if median < MEDIAN_BUDGET_MB and max(loaded) <= PAGE_BUDGET_MB else "FAIL"
    print(
        f"\nmedian page {median:.2f} MB (budget < {MEDIAN_BUDGET_MB} MB), largest {max(loaded):.2f} MB "
        f"(budget {PAGE_BUDGET_MB} MB): {verdict}"
    )


def measure(context, base_url: str, path: str) -> float:
    context.add_init_script(FIRST_CHART)
    sizes = []
    page = context.new_page()
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page.goto(f"{base_url}/{path}", wait_until="networkidle")
    # Charts load Vega once they come near the screen (js/charts.js): count a reader who reads
    # the whole page, as printing does.
    page.evaluate("() => window.mmedDrawAllCharts ? window.mmedDrawAllCharts().then(() => 1) : 0")
    page.wait_for_load_state("networkidle")
    first = page.evaluate("window.__firstChart")
    shown = f"{first:.0f} ms" if first is not None else "no chart"
    megabytes = sum(sizes) / 1e6
    verdict = "pass" if megabytes <= PAGE_BUDGET_MB else "FAIL"
    print(f"| {path} | {len(sizes)} | {megabytes:.2f} MB | {shown} | {verdict} |")
    page.close()
    return megabytes


if __name__ == "__main__":
    main()
