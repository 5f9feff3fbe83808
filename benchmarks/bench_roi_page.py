"""How fast chapter 5's ROI explorer answers a change, as a phone would run it: headless
Chromium with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate), and unthrottled.

Each of 30 changes moves one slider (the salary after the degree) and times from the input
event to the moment the page has pushed the new result into both Vega views and they have
redrawn (the page's `data-updates` counter). The uncertainty band comes after, in idle
chunks; its time is printed separately (it never blocks input). Target: median < 100 ms at 4×.

Run on the real built page (after `make book`, or with --build):
    .venv/bin/python benchmarks/bench_roi_page.py [--html _build/html] [--build]
Without a built book it uses a bare page holding the same explorer (--bare).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from browser import browser_context, close_shared_browser, serve, use_reader_chromium  # noqa: E402

use_reader_chromium()  # measured in the browser a reader runs, not the tests' headless shell

CHAPTER = "book/chapters/05_investment_and_return.html"
CHANGES = 30

# Time one slider move: from the input event to the next data-updates increment (the
# deterministic result drawn), then to the one after (the band), in the page's own clock.
ONE_CHANGE = """async (value) => {
  const root = document.querySelector('.mmed-explorer[data-explorer="roi"]');
  const range = root.querySelector('.mmed-range[data-name="post_salary"]');
  const before = root.mmedUpdates;
  const start = performance.now();
  const waitFor = (count) => new Promise((resolve) => {
    const check = () => root.mmedUpdates >= count ? resolve(performance.now()) : requestAnimationFrame(check);
    check();
  });
  range.value = String(value);
  range.dispatchEvent(new Event('input', {bubbles: true}));
  const drawn = await waitFor(before + 1);
  const banded = await waitFor(before + 2);
  return [drawn - start, banded - start];
}"""


def measure(page, throttle: float) -> tuple[list[float], list[float]]:
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    low = float(
        page.get_attribute(
            '.mmed-explorer[data-explorer="roi"] .mmed-range[data-name="post_salary"]', "min"
        )
    )
    high = float(
        page.get_attribute(
            '.mmed-explorer[data-explorer="roi"] .mmed-range[data-name="post_salary"]', "max"
        )
    )
    drawn, banded = [], []
    for k in range(CHANGES):
        value = low + (high - low) * (0.2 + 0.6 * ((k * 7) % CHANGES) / CHANGES)
        first, second = page.evaluate(ONE_CHANGE, value)
        drawn.append(first)
        banded.append(second)
    session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    return drawn, banded


def run(base_url: str, path: str) -> None:
    with browser_context(base_url, viewport={"width": 412, "height": 900}) as context:
        page = context.new_page()
        page.goto(f"{base_url}/{path}", wait_until="load")
        # The explorer starts once it comes within a screen of being seen (issue 26), as a
        # reader scrolls to it.
        page.locator('.mmed-explorer[data-explorer="roi"]').scroll_into_view_if_needed()
        page.wait_for_selector('.mmed-explorer[data-explorer="roi"][data-updates]', timeout=60_000)
        print(f"page: {path}")
        print("| CPU | median to result | max to result | median to band | max to band |")
        print("|---|---:|---:|---:|---:|")
        for throttle in (1, 4):
            drawn, banded = measure(page, throttle)
            print(
                f"| {throttle}× | {statistics.median(drawn):.0f} ms | {max(drawn):.0f} ms | "
                f"{statistics.median(banded):.0f} ms | {max(banded):.0f} ms |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--build", action="store_true", help="build the book first")
    parser.add_argument("--bare", action="store_true", help="a bare page, not the built book")
    args = parser.parse_args()
    if args.bare:
        from explorer_page import write_page
        from mmedlearn.static_explorers import roi_explorer_page

        with tempfile.TemporaryDirectory() as folder:
            write_page(Path(folder), roi_explorer_page(), "roi.html")
            with serve(Path(folder)) as base_url:
                run(base_url, "roi.html")
    else:
        html = args.html
        if args.build:
            from conftest import build_book

            html = build_book(Path(tempfile.mkdtemp()))
        if not (html / CHAPTER).is_file():
            sys.exit(f"{html / CHAPTER} not found: build the book (--build) or use --bare")
        with serve(html) as base_url:
            run(base_url, CHAPTER)
    close_shared_browser()


if __name__ == "__main__":
    main()
