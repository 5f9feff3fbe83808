"""Chapter 3's comparison explorer with the shipped catalogue, 500 and 5,000 programmes
(benchmarks/synthetic_programmes.py, seeded): what the page weighs, and how long a change
takes to show, in Chromium, unthrottled and with the CPU throttled 4x (a mid-range phone,
CDP Emulation.setCPUThrottlingRate). Target: a median under 100 ms throttled.

A change is one of 30 in turn: a weight typed, the country chosen, a search typed. Its time
runs from the input event to the first frame after the explorer has drawn the new ranking
(its data-updates counter moves, then one requestAnimationFrame). The page shows its first
view (the default ranking's first rows, computed when the book is built) and asks for the
catalogue's file when the reader reaches for a control (a tap, a key, the focus), or at the
latest on their first change. The first change is timed apart, before the 30, twice: cold
(the change itself asks for the file: the worst case) and as a reader makes it, the select
focused half a second before it is changed (a tap on a select and a pick take longer). The page is the explorer with the book's scripts
(tests/explorer_page.py); its weight is the HTML (the first view and the configuration), raw
and gzipped, and the catalogue's file beside it (what grows with the catalogue). The scripts
are the same at every size and listed once. The duration chart above the explorer in
chapter 3 is counted apart: its data is the size of its Vega-Lite specification.

    .venv/bin/python benchmarks/bench_compare_page.py
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path

from synthetic_programmes import synthetic_csv

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import browser_context, open_page, serve, use_reader_chromium  # noqa: E402

use_reader_chromium()  # measured in the browser a reader runs, not the tests' headless shell
from explorer_page import ASSETS, SCRIPTS, write_page  # noqa: E402
from mmedlearn import catalog, charts, static_explorers  # noqa: E402
from mmedlearn.compare import load_exchange_rates  # noqa: E402
from mmedlearn.schema import validate_text  # noqa: E402

SHIPPED = 0  # stands for the shipped catalogue, whatever its size
SIZES = (SHIPPED, 500, 5_000)
CHANGES = 30

CHANGE = """async (i) => {
  const root = document.querySelector('.mmed-explorer');
  const before = Number(root.dataset.updates);
  const done = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (Number(root.dataset.updates) > before) {
        watch.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      }
    });
    watch.observe(root, {attributes: true, attributeFilter: ['data-updates']});
  });
  const kind = i % 3;
  const start = performance.now();
  if (kind === 0) {
    const box = root.querySelector('.mmed-box[data-name="w_cost"]');
    box.value = String(1 + (i % 10));
    box.dispatchEvent(new Event('input', {bubbles: true}));
  } else if (kind === 1) {
    const select = root.querySelector('select[data-name="country"]');
    select.selectedIndex = (i % (select.options.length - 1)) + 1;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    const search = root.querySelector('.mmed-search');
    search.value = i % 2 ? 'university 1' : '';
    search.dispatchEvent(new Event('input', {bubbles: true}));
  }
  return (await done) - start;
}"""


def programmes(size: int):
    if size == SHIPPED:
        return catalog.load_programs()
    table, problems = validate_text(synthetic_csv(size, seed=7))
    assert not problems, problems[:3]
    return table.set_index("program_id", drop=False).rename_axis(None)


REACH_MS = 500


def first_change_after_reach(context, base_url: str, name: str, throttle: float) -> float:
    """The first change when the reader's tap on the select came REACH_MS before it."""
    page, log = open_page(context, base_url, name)
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=120_000)
    session = context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.locator('.mmed-explorer select[data-name="country"]').focus()
    page.wait_for_timeout(REACH_MS)
    first = page.evaluate(CHANGE, CHANGES + 1)  # a country chosen
    session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert log.problems() == [], log.problems()
    page.close()
    return first


def change_times(context, base_url: str, name: str, throttle: float) -> tuple[float, list[float]]:
    """The first change, cold (it asks for the catalogue itself), then CHANGES more."""
    page, log = open_page(context, base_url, name)
    page.wait_for_selector(".mmed-explorer[data-updates]", timeout=120_000)
    assert not page.evaluate("document.querySelector('.mmed-explorer').mmedComplete()")
    session = context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    first = page.evaluate(CHANGE, CHANGES + 1)  # a country chosen
    assert page.evaluate("document.querySelector('.mmed-explorer').mmedComplete()")
    times = [page.evaluate(CHANGE, i) for i in range(CHANGES)]
    session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert log.problems() == [], log.problems()
    page.close()
    return first, times


def main() -> None:
    rates = load_exchange_rates()
    scripts = sum((ASSETS / s).stat().st_size for s in SCRIPTS)
    scripts_gz = sum(len(gzip.compress((ASSETS / s).read_bytes())) for s in SCRIPTS)
    print(
        f"scripts, the same at every size: {scripts / 1024:,.0f} KiB "
        f"({scripts_gz / 1024:,.0f} KiB gzipped)"
    )
    with tempfile.TemporaryDirectory() as folder:
        pages = {}
        for size in SIZES:
            programs = programmes(size)
            size = len(programs) if size == SHIPPED else size
            name = f"compare-{size}.html"
            explorer = static_explorers.compare_explorer_page(programs, rates)
            write_page(Path(folder), explorer, name)
            html = (Path(folder) / name).read_bytes()
            catalogue = (Path(folder) / "_static" / explorer.config["data_file"]).read_bytes()
            duration_chart = json.dumps(charts.duration_explorer(programs).to_dict()).encode()
            pages[size] = name
            print(
                f"{size:>5,} programmes: explorer page {len(html) / 1024:6,.1f} KiB "
                f"({len(gzip.compress(html)) / 1024:5,.1f} KiB gzipped); catalogue file, loaded "
                f"on demand, {len(catalogue) / 1024:6,.1f} KiB "
                f"({len(gzip.compress(catalogue)) / 1024:5,.1f} KiB gzipped); duration chart "
                f"{len(duration_chart) / 1024:5,.1f} KiB",
                flush=True,
            )
        with (
            serve(Path(folder)) as base_url,
            browser_context(base_url, viewport={"width": 375, "height": 740}) as context,
        ):
            for size, name in pages.items():
                for throttle in (1, 4):
                    first, times = change_times(context, base_url, name, throttle)
                    reached = first_change_after_reach(context, base_url, name, throttle)
                    print(
                        f"{size:>5,} programmes, CPU {throttle}x: first change cold (loads the "
                        f"catalogue) {first:6.1f} ms, after a tap on the control {reached:6.1f} "
                        f"ms; then median change "
                        f"{statistics.median(times):6.1f} ms, slowest {max(times):6.1f} ms "
                        f"({CHANGES} changes)",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
