"""Every chart on every page fits its container and stays readable, from a small phone (320 px)
to a wide screen (1440 px): the chart within the page, its plot area wide enough to read, its
bars drawn, its text at least 11 px, within the chart, and never on top of other text."""

import json

import pytest

from browser import (
    browser_context,
    open_page,
    require_chromium,
    serve,
    wait_for_charts_settled,
    whole_page_screenshot,
)
from conftest import book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]
WIDTHS = [320, 375, 1280, 1440]
MIN_TEXT_PX = 11
MIN_PLOT_PX = 120  # narrower than this, bars and lines stop being comparable by eye

MEASURE_CHARTS = """() => [...document.querySelectorAll('SELECTOR')].map((chart, index) => {
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


def measure(selector: str = "[id^=altair-viz-]") -> str:
    """The script that measures each chart drawn in an element matching ``selector``."""
    return MEASURE_CHARTS.replace("SELECTOR", selector)


MEASURE = measure("[id^=altair-viz-], .mmed-explorer .mmed-chart")


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
def test_every_chart_fits_and_reads(built_book, book_url, path, width, artifacts_dir):
    # A page whose HTML holds no chart is not opened (the count below would be 0).
    if "altair-viz-" not in (built_book / path).read_text(encoding="utf-8"):
        pytest.skip(f"{path} has no chart")
    phone = width < 768
    options = dict(viewport={"width": width, "height": 900})
    if phone:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    with browser_context(book_url, **options) as context:
        page, log = open_page(context, book_url, path)
        if wait_for_charts_settled(page) == 0:
            pytest.skip(f"{path} has no chart")
        charts = page.evaluate(MEASURE)
        report = {
            f"{chart['title']} (chart {chart['index']})": problems_of(chart) for chart in charts
        }
        report = {name: found for name, found in report.items() if found}
        whole_page_screenshot(
            page, artifacts_dir / f"charts_{width}__{path.replace('/', '__')}.png", bool(report)
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


CHAPTER_3 = "book/chapters/03_comparing_providers.html"


@pytest.mark.parametrize("width", [375, 1280])
def test_chapter3_labels_tell_programmes_and_countries_apart(book_url, width):
    """Nairobi Psychiatry and Nairobi Anaesthesia, Aga Khan in Kenya and in Tanzania: every
    label drawn on the duration and ranking charts names one programme, and the duration
    chart names each programme's country."""
    from mmedlearn import catalog

    programs = catalog.load_programs()
    phone = width < 768
    options = dict(viewport={"width": width, "height": 900})
    if phone:
        options.update(is_mobile=True, has_touch=True)
    with browser_context(book_url, **options) as context:
        page, log = open_page(context, book_url, CHAPTER_3)
        page.locator(".mmed-explorer .mmed-chart svg").wait_for()
        wait_for_charts_settled(page)
        duration = page.locator("[id^=altair-viz-]").first
        labels = duration.locator("g.mark-text.role-mark text").evaluate_all(
            "ts => ts.map(t => t.textContent)"
        )
        from mmedlearn import charts, compare

        known = programs[compare.longest_duration(programs).notna()]
        if len(known) > charts.PER_PROGRAMME_LIMIT:
            # Too many for a bar each: the chart counts programmes by duration and labels none.
            assert labels == []
        else:
            assert len(labels) == len(set(labels)) == len(known)
            if not phone:
                assert not any("…" in label for label in labels), labels
            for label in labels:  # on a phone the country comes first, never cut off
                assert any(country in label for country in programs["country"].unique()), label
            for specialty in ("Psychiatry", "Anaesthesia"):
                assert any("Nairobi" in label and specialty in label for label in labels)
        ranking = page.locator(".mmed-explorer .mmed-chart .role-axis-label > text").evaluate_all(
            "ts => ts.map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' / ')"
            " || t.textContent)"
        )
        ranking = [label for label in ranking if ". " in label]  # the y axis: "3. Nairobi"
        from mmedlearn.static_explorers import CHART_ROWS

        # The ranking chart draws the first CHART_ROWS (the table lists the rest).
        assert len(ranking) == len(set(ranking)) == min(CHART_ROWS, len(programs))
        # What a label shows beyond its rank is unique too (the rank alone tells nothing).
        names = [label.split(". ", 1)[1] for label in ranking]
        assert len(set(names)) == len(names), sorted(names)
        assert log.problems() == []


def test_chapter3_ranking_table_key_columns_fit_a_phone(book_url, artifacts_dir):
    options = dict(viewport={"width": 375, "height": 900}, is_mobile=True, has_touch=True)
    with browser_context(book_url, **options) as context:
        page, log = open_page(context, book_url, CHAPTER_3)
        table = page.locator("table.mmed-ranking")
        table.wait_for()
        heads = table.locator("thead th").evaluate_all(
            "hs => hs.filter(h => h.getBoundingClientRect().width > 0)"
            ".map(h => [h.textContent, h.getBoundingClientRect().right])"
        )
        shown = [name for name, _ in heads]
        assert shown[:4] == ["Programme", "In USD", "Score", "Unknown (scores 0), or fee to check"]
        assert all(right <= 375 for _, right in heads), heads
        holder = table.locator("xpath=..")
        assert holder.evaluate("h => h.scrollWidth <= h.clientWidth + 1")
        # What the hidden columns held is still there, under each programme's name.
        first = table.locator("tbody tr").first.inner_text()
        assert "research:" in first and "paid post:" in first and "fee:" in first
        table.locator("tbody tr").first.screenshot(path=artifacts_dir / "ranking-row-375.png")
        assert log.problems() == []
