"""Every chart on every page fits its container and stays readable, from a small phone (320 px)
to a wide screen (1440 px): the chart within the page, its plot area wide enough to read, its
bars drawn, its text at least 11 px, within the chart, and never on top of other text."""

import json

import pytest

from browser import browser_context, open_page, require_chromium, serve, wait_for_charts
from conftest import book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]
WIDTHS = [320, 375, 1280, 1440]
MIN_TEXT_PX = 11
MIN_PLOT_PX = 120  # narrower than this, bars and lines stop being comparable by eye

MEASURE = """() => [...document.querySelectorAll('[id^=altair-viz-]')].map((chart, index) => {
  const svg = chart.querySelector('svg');
  const box = r => ({x: r.left, y: r.top, right: r.right, bottom: r.bottom, w: r.width, h: r.height});
  const container = box(chart.getBoundingClientRect());
  const drawn = box(svg.getBoundingClientRect());
  // Vega hides axis labels that would collide by making them transparent: those are not shown.
  const shown = t => getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0';
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getBBox().width > 0 && shown(t))
    .map(t => ({text: t.textContent.trim(), size: parseFloat(getComputedStyle(t).fontSize),
                role: (t.closest('[class*=role-]') || {}).getAttribute?.('class') || '',
                ...box(t.getBoundingClientRect())}));
  const plot = svg.querySelector('.role-frame.root > g > path.background, .role-frame.root > g > rect.background')
    || svg.querySelector('.role-frame.root');
  const bars = [...svg.querySelectorAll('.mark-rect.role-mark path, .mark-rect.role-mark rect')]
    .map(b => b.getBoundingClientRect()).filter(r => r.height > 0);
  return {index, title: (svg.querySelector('.role-title-text text') || {}).textContent || `chart ${index}`,
          viewport: window.innerWidth, container, drawn, texts, plotWidth: plot.getBoundingClientRect().width,
          bars: bars.length, widestBar: Math.max(0, ...bars.map(r => r.width))};
})"""


def problems_of(chart: dict) -> list[str]:
    found = []
    drawn, container, viewport = chart["drawn"], chart["container"], chart["viewport"]
    if drawn["right"] > container["right"] + 1 or drawn["right"] > viewport or drawn["x"] < 0:
        found.append(
            f"drawn {drawn['w']:.0f} px wide from x={drawn['x']:.0f}, "
            f"in a {container['w']:.0f} px container on a {viewport} px screen"
        )
    if chart["plotWidth"] < MIN_PLOT_PX:
        found.append(f"plot area only {chart['plotWidth']:.0f} px wide")
    if chart["bars"] and chart["widestBar"] < 4:
        found.append(f"{chart['bars']} bars, none wider than {chart['widestBar']:.1f} px")
    texts = chart["texts"]
    for text in texts:
        if text["size"] < MIN_TEXT_PX:
            found.append(f"text {text['text']!r} at {text['size']:.0f} px")
        if (
            text["x"] < drawn["x"] - 1
            or text["right"] > drawn["right"] + 1
            or text["y"] < drawn["y"] - 1
            or text["bottom"] > drawn["bottom"] + 1
        ):
            found.append(f"text {text['text']!r} cut at the chart's edge")
    for i, first in enumerate(texts):
        for second in texts[i + 1 :]:
            overlap_x = min(first["right"], second["right"]) - max(first["x"], second["x"])
            overlap_y = min(first["bottom"], second["bottom"]) - max(first["y"], second["y"])
            if overlap_x > 2 and overlap_y > 2:
                found.append(f"{first['text']!r} overlaps {second['text']!r}")
    return found


@pytest.fixture(scope="module")
def book_url(built_book):
    require_chromium()
    with serve(built_book) as base_url:
        yield base_url


CHART_PAGES = [path for path in book_pages() if "/chapters/" in path]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", CHART_PAGES)
def test_every_chart_fits_and_reads(book_url, path, width, artifacts_dir):
    phone = width < 768
    options = dict(viewport={"width": width, "height": 900})
    if phone:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    with browser_context(book_url, **options) as context:
        page, log = open_page(context, book_url, path)
        if wait_for_charts(page) == 0:
            pytest.skip(f"{path} has no chart")
        page.wait_for_timeout(300)
        charts = page.evaluate(MEASURE)
        report = {
            f"{chart['title']} (chart {chart['index']})": problems_of(chart) for chart in charts
        }
        report = {name: found for name, found in report.items() if found}
        if report:
            page.screenshot(
                path=artifacts_dir / f"charts_{width}__{path.replace('/', '__')}.png",
                full_page=True,
            )
        assert report == {}, f"{path} at {width} px:\n{json.dumps(report, indent=1)}"
        assert log.problems() == []
        page.close()


def test_the_measure_sees_a_cut_and_tiny_label():
    """The check itself: a chart drawn past its container with a 9 px label overlapping another."""
    chart = {
        "index": 0,
        "title": "t",
        "viewport": 375,
        "plotWidth": 60,
        "bars": 3,
        "widestBar": 0,
        "container": {"x": 0, "y": 0, "right": 343, "bottom": 300, "w": 343, "h": 300},
        "drawn": {"x": 0, "y": 0, "right": 400, "bottom": 300, "w": 400, "h": 300},
        "texts": [
            {"text": "a", "size": 9, "x": 390, "y": 10, "right": 410, "bottom": 20},
            {"text": "b", "size": 12, "x": 395, "y": 12, "right": 405, "bottom": 22},
        ],
    }
    found = " | ".join(problems_of(chart))
    for expected in (
        "drawn 400 px",
        "plot area only 60 px",
        "none wider than 0.0 px",
        "'a' at 9 px",
        "'a' cut",
        "'a' overlaps 'b'",
    ):
        assert expected in found
