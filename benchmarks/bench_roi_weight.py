"""Chapter 5's weight as the catalogue grows (issue 26): what a reader's browser loads on a
first visit (uncompressed, empty cache, every chart drawn, as benchmarks/bench_pages.py
counts it), then what picking a country adds (its "start from my situation" file), for the
shipped catalogue and synthetic catalogues (benchmarks/synthetic_programmes.py). Each size
builds a small book holding chapter 5 alone (tests/small_book.py), with the book's own
configuration, extension and scripts, and the programmes file as an instructor passes it
(MMEDLEARN_PROGRAMS). Prints a Markdown table for the README.

Run: `.venv/bin/python benchmarks/bench_roi_weight.py [shipped] [500] [5000]` (needs Chromium;
a few minutes a size, most of it executing the chapter).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_pages import PAGE_BUDGET_MB  # noqa: E402
from synthetic_programmes import chapter_built_alone  # noqa: E402

from browser import browser_context, close_shared_browser, serve, use_reader_chromium  # noqa: E402

use_reader_chromium()  # measured in the browser a reader runs, not the tests' headless shell

CHAPTER = "05_investment_and_return"
PAGE = f"book/chapters/{CHAPTER}.html"


def loaded_bytes(context, base_url: str) -> tuple[int, int, str, int]:
    """Bytes of the first visit; then the country with the most programmes is picked: the
    bytes that adds, its name and its programmes."""
    sizes: list[int] = []
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: said.append(f"error: {error}"))
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page.goto(f"{base_url}/{PAGE}", wait_until="networkidle")
    page.evaluate("() => window.mmedDrawAllCharts ? window.mmedDrawAllCharts().then(() => 1) : 0")
    try:
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=60_000)
    except Exception:
        shown = page.locator(".mmed-explorer").all_inner_texts() or page.inner_text("main")[:2000]
        sys.exit(f"chapter 5's explorer did not start: {said[-10:]}\n{shown}")
    page.wait_for_load_state("networkidle")
    first = sum(sizes)
    countries = page.eval_on_selector_all(
        '.mmed-explorer select[data-name="country"] option', "o => o.map(x => x.value)"
    )
    best, best_count, best_bytes = "", -1, 0
    for country in [c for c in countries if c]:
        before = sum(sizes)
        page.select_option('.mmed-explorer select[data-name="country"]', country)
        page.wait_for_selector(f'.mmed-explorer[data-situation^="{country}|"]', timeout=60_000)
        count = page.locator('.mmed-explorer select[data-name="programme"] option').count() - 1
        if count > best_count:
            best, best_count, best_bytes = country, count, sum(sizes) - before
    page.close()
    return first, best_bytes, best, best_count


def main(sizes: list[str]) -> None:
    print(
        "| programmes | chapter 5, first visit | budget 1.5 MB | largest country's file "
        "(programmes) | build |"
    )
    print("|---|---:|:---:|---:|---:|")
    for size in sizes:
        with chapter_built_alone(CHAPTER, size) as (html, took):
            with serve(html) as base_url, browser_context(base_url) as context:
                first, extra, country, count = loaded_bytes(context, base_url)
            verdict = "pass" if first / 1e6 <= PAGE_BUDGET_MB else "FAIL"
            print(
                f"| {size} | {first / 1e6:.3f} MB ({first:,} bytes) | {verdict} | "
                f"{extra / 1e3:.0f} KB ({country}, {count}) | {took:.0f} s |",
                flush=True,
            )
    close_shared_browser()


if __name__ == "__main__":
    main(sys.argv[1:] or ["shipped", "5000"])
