"""What a reader's browser pays for each page: bytes and requests loaded, and the time until
the first chart is drawn, in headless Chromium against a freshly built book served on
loopback. Run: `.venv/bin/python benchmarks/bench_pages.py` (needs Chromium)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import browser_context, close_shared_browser, serve  # noqa: E402
from conftest import book_pages, build_book  # noqa: E402

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
            print(f"{'page (empty cache)':48} {'requests':>8} {'loaded':>9} {'first chart':>12}")
            for path in pages:
                with browser_context(base_url) as context:  # a new context: an empty cache
                    measure(context, base_url, path)
    close_shared_browser()


def measure(context, base_url: str, path: str) -> None:
    context.add_init_script(FIRST_CHART)
    sizes = []
    page = context.new_page()
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page.goto(f"{base_url}/{path}", wait_until="networkidle")
    first = page.evaluate("window.__firstChart")
    shown = f"{first:8.0f} ms" if first is not None else "no chart"
    print(f"{path:48} {len(sizes):8d} {sum(sizes) / 1e6:7.2f} MB {shown:>12}")
    page.close()


if __name__ == "__main__":
    main()
