"""Chapter 3's weight as the catalogue grows (issue 26), as benchmarks/bench_roi_weight.py
measures chapter 5's: what a reader's browser loads on a first visit (uncompressed, empty
cache, every chart drawn, as benchmarks/bench_pages.py counts it), the page's own HTML, then
what the reader's first change adds (the catalogue's file, `_static/comparison/catalogue-*.js`,
which the comparison explorer loads only then), for the shipped catalogue and synthetic
catalogues (benchmarks/synthetic_programmes.py). Each size builds a small book holding
chapter 3 alone (tests/small_book.py), with the book's own configuration, extension and
scripts, and the programmes file as an instructor passes it (MMEDLEARN_PROGRAMS). Prints a
Markdown table for the README.

Run: `.venv/bin/python benchmarks/bench_compare_weight.py [shipped] [500] [5000]` (needs
Chromium; a minute or two a size, most of it executing the chapter).
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

CHAPTER = "03_comparing_providers"
PAGE = f"book/chapters/{CHAPTER}.html"
CATALOGUE_FILE = "/_static/comparison/catalogue-"


def loaded_bytes(context, base_url: str) -> tuple[int, int, int]:
    """Bytes of the first visit, and of the catalogue's file among them (none is expected);
    then the bytes the reader's first change (a weight typed) adds."""
    sizes: list[tuple[str, int]] = []
    said: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: said.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: said.append(f"error: {error}"))
    page.on(
        "requestfinished",
        lambda request: sizes.append((request.url, request.sizes()["responseBodySize"])),
    )
    page.goto(f"{base_url}/{PAGE}", wait_until="networkidle")
    page.evaluate("() => window.mmedDrawAllCharts ? window.mmedDrawAllCharts().then(() => 1) : 0")
    try:
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=60_000)
    except Exception:
        shown = page.locator(".mmed-explorer").all_inner_texts() or page.inner_text("main")[:2000]
        sys.exit(f"chapter 3's explorer did not start: {said[-10:]}\n{shown}")
    page.wait_for_load_state("networkidle")
    first = sum(size for _, size in sizes)
    early = sum(size for url, size in sizes if CATALOGUE_FILE in url)
    before, count = len(sizes), int(page.get_attribute(".mmed-explorer", "data-updates"))
    page.locator("details.mmed-more summary").nth(1).click()
    page.locator('.mmed-box[data-name="w_cost"]').fill("3")
    page.wait_for_function(
        f"Number(document.querySelector('.mmed-explorer').dataset.updates) > {count}",
        timeout=60_000,
    )
    page.wait_for_load_state("networkidle")
    change = sum(size for _, size in sizes[before:])
    page.close()
    return first, early, change


def main(sizes: list[str]) -> None:
    print(
        "| programmes | chapter 3, first visit | budget 1.5 MB | the page's HTML | "
        "catalogue file, loaded on demand | build |"
    )
    print("|---|---:|:---:|---:|---:|---:|")
    for size in sizes:
        with chapter_built_alone(CHAPTER, size) as (html, took):
            own = (html / PAGE).stat().st_size
            (catalogue,) = (html / "_static" / "comparison").glob("catalogue-*.js")
            with serve(html) as base_url, browser_context(base_url) as context:
                first, early, change = loaded_bytes(context, base_url)
            if early:
                sys.exit(f"the first visit loaded the catalogue's file ({early:,} bytes)")
            verdict = "pass" if first / 1e6 <= PAGE_BUDGET_MB else "FAIL"
            print(
                f"| {size} | {first / 1e6:.3f} MB ({first:,} bytes) | {verdict} | "
                f"{own / 1e3:.0f} KB | {catalogue.stat().st_size / 1e3:.0f} KB "
                f"(the change loaded {change / 1e3:.0f} KB) | {took:.0f} s |",
                flush=True,
            )
    close_shared_browser()


if __name__ == "__main__":
    main(sys.argv[1:] or ["shipped", "500", "5000"])
