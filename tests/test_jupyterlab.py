"""The chapters as a learner meets them after the launch button: in JupyterLab, run in full.

An environment built the way Binder builds it (scripts/lab_env.py, cached by the hash of the
files that define it), JupyterLab on 127.0.0.1 with a token, headless Chromium with every
request to any other host blocked and recorded. Each chapter with a widget is run in full:
no cell shows an error, every widget is live (not a repr, not "Loading widget"), every chart
is drawn by the front end's own Vega, and one real interaction per widget changes its result,
once, to the value the model gives. Every other chapter is opened as the launch link opens it,
as far as its MyST markup being rendered, not raw: that every chapter runs in this environment
is strict nbval's job (tests/test_notebooks.py), which runs each one there.

Also, without running every chapter: what a learner meets on opening one (the tests at the
end): readable citations, terms and links, no change on opening, chapter 8's plan.

Screenshots at 1280 px go to test-artifacts/jupyterlab-*.png.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from conftest import CHAPTERS, REPO

pytestmark = [pytest.mark.slow, pytest.mark.browser]

RUN_TIMEOUT_MS = 240_000
# What unrendered MyST looks like in a notebook's Markdown cell.
RAW_MYST = re.compile(r":::\s*\{|```\{|\{term\}`|\{cite(:p|:t)?\}`|\{ref\}`|\{doc\}`")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_chromium()
    from live_lab import lab_server

    with lab_server(tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


@pytest.fixture(scope="module")
def chromium():
    from browser import shared_playwright

    # A browser of this module's own (JupyterLab needs a larger shared-memory allowance), from
    # the run's one Playwright: a second sync Playwright fails once the other tests started one.
    browser = shared_playwright().chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--disable-dev-shm-usage"]
    )
    yield browser
    browser.close()


def guarded_page(context):
    """A page of the context whose every request to a host other than the loopback server is
    refused and recorded (page.blocked), as are the page's script errors (page.page_errors)."""
    blocked = []

    def guard(route):
        url = route.request.url
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.blocked = blocked
    page.page_errors = []
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    return page


@pytest.fixture
def page(chromium, lab):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield guarded_page(context)
    context.close()


#: The chapters with a widget, run in full; the others are opened only (see above), but for
#: chapters 1 and 8, which the learner's tests at the end open (and check) anyway.
LIVE = [path for path in CHAPTERS if re.search(r"Explorer\(|Calculator\(", path.read_text())]
CHAPTER_1 = "book/chapters/01_what_is_an_mmed.md"
CHAPTER_8 = "book/chapters/08_making_your_decision.md"
OPENED = [
    path
    for path in CHAPTERS
    if path not in LIVE and path not in (REPO / CHAPTER_1, REPO / CHAPTER_8)
]


def open_notebook(page, lab, chapter) -> None:
    """Open a chapter as JupyterLab opens it from a launch link, until its kernel is ready."""
    base_url, token, _ = lab
    path = chapter.relative_to(REPO).as_posix()
    page.goto(f"{base_url}/lab/tree/{path}?reset&token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    page.get_by_text(re.compile(r"\| Idle$")).first.wait_for(timeout=120_000)  # kernel connected


def open_and_run(page, lab, chapter) -> float:
    """Open a chapter (open_notebook), run all cells, wait for the kernel to finish; return
    the seconds the run took."""
    open_notebook(page, lab, chapter)
    return run_all(page)


def run_all(page) -> float:
    """Run all cells of the open notebook and wait for the kernel to finish; return the
    seconds the run took."""
    # Outputs a file may carry are cleared first, so that only this run's count.
    page.locator(".lm-MenuBar-itemLabel", has_text="Edit").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Clear Outputs of All Cells$")).click()
    started = time.monotonic()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    # Done when every code cell has run, or a cell failed (Run All stops there).
    page.wait_for_function(
        """() => {
        const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
        const failed = document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
        return prompts.length > 0 && !prompts.some(p => p.textContent.includes('*'))
            && (failed || prompts.every(p => /\\[\\d+\\]/.test(p.textContent)));
    }""",
        timeout=RUN_TIMEOUT_MS,
    )
    return time.monotonic() - started


def outputs(page, mime_prefix: str):
    return page.locator(f'.jp-Notebook .jp-OutputArea-output[data-mime-type^="{mime_prefix}"]')


def check_no_errors(page):
    errors = outputs(page, "application/vnd.jupyter.stderr")
    texts = [errors.nth(i).inner_text()[:2000] for i in range(errors.count())]
    assert not texts, "a cell shows an error or warning:\n" + "\n---\n".join(texts)


WIDGET_OUTPUTS = """() => [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
    .filter(e => !e.parentElement.closest('.jupyter-widgets'))
    .filter(e => e.querySelector('.jupyter-widgets') || /Loading widget|Error displaying widget/.test(e.textContent))
    .map(e => e.querySelector('.jupyter-widgets') && !/Loading widget|Error displaying widget/.test(e.textContent))"""


def check_widgets_live(page) -> int:
    """Every widget output is a drawn widget; none shows its Python repr."""
    # Widgets render asynchronously after their output arrives.
    page.wait_for_function(f"({WIDGET_OUTPUTS})().every(live => live)", timeout=30_000)
    plain = outputs(page, "text/plain")
    for i in range(plain.count()):
        assert not re.search(r"\w+\(children=", plain.nth(i).inner_text()), (
            "a widget shows as its repr"
        )
    return len(page.evaluate(WIDGET_OUTPUTS))


def check_charts_drawn(page, chapter) -> int:
    """Every chart (a cell's own, or inside a widget's Output) is drawn by JupyterLab's own
    Vega-Lite renderer, and no chart was sent as HTML that loads scripts."""
    charts = page.locator(".jp-Notebook .jp-OutputArea-output.jp-RenderedVegaCommon5")
    for i in range(charts.count()):
        charts.nth(i).locator("svg, canvas").first.wait_for(timeout=20_000)
        box = charts.nth(i).locator("svg, canvas").first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"chart {i} is drawn empty"
    body = page.locator(".jp-Notebook").inner_text()
    for sign in ("Error loading script", "Javascript Error", "<VegaLite", "<a chart: run the cell"):
        assert sign not in body, f"a chart failed: {sign}"
    assert page.locator(".jp-Notebook .jp-OutputArea-output [id^=altair-viz-]").count() == 0
    source = chapter.read_text()
    if re.search(r"_chart\(|Explorer\(|Calculator\(", source):
        assert charts.count() > 0, "the chapter draws charts, but none is on the page"
    return charts.count()


def check_myst_rendered(page, chapter) -> None:
    source = chapter.read_text()
    # What the learner reads: innerText leaves out the hidden editors that hold the source.
    markdown = page.locator(".jp-Notebook .jp-MarkdownCell")
    text = "\n".join(markdown.nth(i).inner_text() for i in range(markdown.count()))
    assert len(text) > 500, "the chapter's text is not on the page"
    raw = RAW_MYST.search(text)
    assert raw is None, (
        f"raw MyST in the notebook: …{text[max(0, raw.start() - 60) : raw.end() + 60]}…"
    )
    dropdowns = len(re.findall(r"^:::\{dropdown\}", source, flags=re.M))
    if dropdowns:  # the self-check answers stay hidden until the learner asks for them
        closed = page.locator(".jp-Notebook .jp-MarkdownCell details:not([open])")
        assert closed.count() >= dropdowns, (
            f"{closed.count()} closed answers for {dropdowns} dropdowns"
        )
    admonitions = len(
        re.findall(r"^:::\{(admonition|note|tip|important|warning)\}", source, flags=re.M)
    )
    if admonitions:
        boxes = page.locator(
            ".jp-Notebook .jp-MarkdownCell aside, .jp-Notebook .jp-MarkdownCell .admonition"
        )
        assert boxes.count() >= admonitions, (
            f"{boxes.count()} rendered admonitions for {admonitions}"
        )


# ----------------------------------------------------------------------- interactions

WATCH = """(selector) => {
    // Record every distinct text the element's widget shows from now on: one change must
    // give one new result, not a run of intermediate ones. Also whether the kernel has been
    // busy since: the widget's comm message makes it busy, and every update it sends back
    // arrives before the kernel reports itself idle again.
    const box = document.querySelector(selector).closest('.widget-html-content');
    const status = document.querySelector('#jp-main-statusbar');
    window.__seen = [box.innerText];
    window.__first = null;
    window.__busy = false;
    new MutationObserver(() => {
        const text = box.innerText;
        if (text !== window.__seen[window.__seen.length - 1]) {
            window.__seen.push(text);
            window.__first = window.__first || performance.now();
        }
    }).observe(box, {childList: true, subtree: true, characterData: true});
    new MutationObserver(() => {
        if (/\\|\\s*Busy/.test(status.textContent)) window.__busy = true;
    }).observe(status, {childList: true, subtree: true, characterData: true});
}"""

# The kernel has taken the change (it was busy), finished with it (idle again) and its result
# is on screen: every message it sent for the change has been shown.
DONE = """() => window.__seen.length > 1 && window.__busy
    && /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar').textContent)"""


def watch(page, selector: str) -> None:
    page.evaluate(WATCH, selector)


def now_ms(page) -> float:
    return page.evaluate("performance.now()")


def latency(page, started_ms: float) -> float:
    """Seconds from the action to the first new result on screen."""
    return (page.evaluate("window.__first") - started_ms) / 1000


def seen_after(page) -> list[str]:
    """The texts shown since ``watch``, once the kernel has finished with the change."""
    page.wait_for_function(DONE, timeout=30_000)
    return page.evaluate("window.__seen.slice(1)")


def snapshot(page, element, path) -> None:
    """The 1280 px window with ``element`` scrolled to its top (JupyterLab scrolls inside)."""
    element.evaluate("e => e.scrollIntoView({block: 'start'})")
    # Once the scroll has been painted: two animation frames.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=path)


def npv_of(summary_text: str) -> str:
    match = re.search(r"^NPV\s+(.+)$", summary_text, flags=re.M)
    assert match, summary_text
    return match.group(1).strip()


def interact_with_calculator(page, artifacts_dir) -> dict[str, float]:
    from mmedlearn import roi
    from mmedlearn.catalog import load_programs
    from mmedlearn.defaults import load_default_assumptions

    calculator = page.locator(
        ".jupyter-widgets", has=page.get_by_label("Programme preset", exact=True)
    ).first
    snapshot(page, calculator, artifacts_dir / "jupyterlab-roi-calculator.png")
    timings = {}

    # Type an exact salary past the slider's end: used exactly, once, as the model computes it.
    watch(page, ".mmed-roi-summary")
    box = page.get_by_label("Salary after the degree", exact=True)
    box.fill("712345.67")
    started = now_ms(page)
    box.press("Enter")
    seen = seen_after(page)
    timings["calculator: typed salary"] = latency(page, started)
    expected = roi.evaluate(load_default_assumptions().replace(post_salary=712_345.67)).npv
    assert [npv_of(text) for text in seen] == [f"{expected:,.0f} USD"], seen
    assert box.input_value() == "712345.67"  # not clamped, not snapped

    # A programme preset: one recomputation, no intermediate NPV on screen.
    watch(page, ".mmed-roi-summary")
    preset = page.get_by_label("Programme preset", exact=True)
    uct = load_programs().loc["uct_family"]
    started = now_ms(page)
    preset.select_option(label=f"{uct.institution} · {uct.programme}")
    seen = seen_after(page)
    timings["calculator: preset"] = latency(page, started)
    assert len(seen) == 1, seen
    # The preset's length is the programme's shortest, as the data gives it.
    length = page.get_by_label("Programme length (years)", exact=True).input_value()
    assert float(length) == uct.duration_min_years, (length, uct.duration_min_years)

    # Start from my situation: a Kenyan self-sponsored registrar at Nairobi. The values, in
    # KES, and their sources are those of start_from_situation, computed here.
    timings["calculator: situation"] = start_from_a_situation(
        page, "Kenya", "nairobi_psych", artifacts_dir
    )

    cut = page.evaluate(
        """(root) => [...root.querySelectorAll('.widget-label')]
        .filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)""",
        calculator.element_handle(),
    )
    assert cut == [], f"labels cut: {cut}"

    # A value the model refuses is left as typed, with a message naming the field.
    watch(page, ".mmed-roi-summary")
    tax = page.get_by_label("Tax on earnings (0.03 = 3 %)", exact=True)
    tax.fill("1.3")
    tax.press("Enter")
    seen = seen_after(page)
    assert "tax_rate: must be ≥ 0 and < 1; got 1.3" in seen[-1] and "NPV" not in seen[-1], seen
    assert tax.input_value() == "1.3"
    snapshot(
        page,
        page.locator(".mmed-roi-summary, [role=alert]").last,
        artifacts_dir / "jupyterlab-roi-calculator-refused.png",
    )
    return timings


def start_from_a_situation(page, country: str, program: str, artifacts_dir) -> float:
    from mmedlearn import roi
    from mmedlearn.catalog import data_dir, load_programs, load_tables
    from mmedlearn.compare import load_exchange_rates
    from mmedlearn.defaults import load_default_assumptions
    from mmedlearn.fields import FIELDS
    from mmedlearn.scenario import ILLUSTRATIVE, start_from_situation

    funding, programs, tables = "self sponsored", load_programs(), load_tables(data_dir())
    start = load_default_assumptions()
    want = start_from_situation(
        country,
        funding,
        base={name: getattr(start, name) for name in FIELDS},
        base_currency="USD",
        pay_scales=tables["pay_scales.csv"],
        funding_terms=tables["funding_terms.csv"],
        sources=tables["sources.csv"],
        rates=load_exchange_rates(),
        programme=programs.loc[program],
    )
    values = {
        name: round(v) if FIELDS[name].kind == "money" else v for name, v in want.values.items()
    }
    page.get_by_label("Country", exact=True).select_option(country)
    page.get_by_label("How your place is funded", exact=True).select_option(funding)
    chosen = programs.loc[program]
    # The programme list follows the country: the kernel sends it, the select waits for it.
    page.get_by_label("Programme", exact=True).select_option(
        label=f"{chosen.institution} · {chosen.programme}"
    )
    watch(page, ".mmed-roi-summary")
    started = now_ms(page)
    page.get_by_role("button", name="Start from my situation").click()
    seen = seen_after(page)
    assert len(seen) == 1, seen  # one recomputation for every input filled
    expected = roi.evaluate(roi.Assumptions(**values)).npv
    assert npv_of(seen[0]) == f"{expected:,.0f} {want.currency}", seen
    for name in ("baseline_salary", "study_income", "post_salary", "tuition_per_year"):
        box = page.get_by_label(FIELDS[name].label, exact=True)
        assert float(box.input_value()) == values[name], name
    origins = page.locator(".mmed-origin").all_inner_texts()
    assert len(origins) == len(FIELDS)
    for name, text in zip(FIELDS, origins, strict=True):
        if want.origins[name] == ILLUSTRATIVE:
            assert text.startswith("From: illustrative"), (name, text)
        else:
            assert text == f"From: {want.origins[name]}", (name, text)
    snapshot(
        page,
        page.get_by_role("button", name="Start from my situation"),
        artifacts_dir / "jupyterlab-roi-calculator-situation.png",
    )
    return latency(page, started)


def interact_with_explorer(page, artifacts_dir) -> dict[str, float]:
    explorer = page.locator(
        ".jupyter-widgets", has=page.get_by_text("Countries (none = all)")
    ).first
    snapshot(page, explorer, artifacts_dir / "jupyterlab-comparison-explorer.png")
    summary = explorer.get_by_text(re.compile(r"\d+ of \d+ programmes match"))
    matched, total = map(int, re.search(r"(\d+) of (\d+)", summary.inner_text()).groups())
    assert matched == total

    watch(page, ".jupyter-widgets .mmed-scroll")
    started = now_ms(page)
    page.get_by_label("Countries (none = all)", exact=True).select_option("South Africa")
    seen = seen_after(page)
    elapsed = latency(page, started)
    assert len(seen) == 1, seen
    now = int(
        re.search(
            r"(\d+) of", explorer.get_by_text(re.compile("programmes match")).inner_text()
        ).group(1)
    )
    assert 0 < now < total

    # The table scrolls inside the widget; the labels are whole.
    widths = page.evaluate("""() => {
        // The widget that holds the table: its box, not the table scrolled inside it.
        const table = document.querySelector('.jupyter-widgets .mmed-scroll').closest('.widget-html');
        const area = table.closest('.jp-OutputArea-output');
        const labels = [...area.querySelectorAll('.widget-label, .widget-checkbox label, .widget-checkbox span')];
        return {table: table.getBoundingClientRect().right, area: area.getBoundingClientRect().right,
                height: table.getBoundingClientRect().height,
                cut: labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)};
    }""")
    assert widths["table"] <= widths["area"] + 1, widths
    assert widths["height"] < 900, widths  # its horizontal scrollbar is on screen with its top
    assert widths["cut"] == [], widths
    snapshot(
        page,
        page.locator(".jupyter-widgets .mmed-scroll").first,
        artifacts_dir / "jupyterlab-comparison-explorer-table.png",
    )
    return {"explorer: country": elapsed}


def test_the_widget_chapters_are_found():
    # Chapter 3's comparison explorer and chapter 5's calculator, by the code that makes them.
    assert [path.stem for path in LIVE] == ["03_comparing_providers", "05_investment_and_return"]
    # Every chapter is opened and checked by one test or another.
    covered = {*LIVE, *OPENED, REPO / CHAPTER_1, REPO / CHAPTER_8}
    assert covered == set(CHAPTERS), set(CHAPTERS) - covered


# What the rendered Markdown cells must show before they are checked: MyST renders them after
# the notebook opens (the live test checks them once every cell has run).
MARKDOWN_READY = """([dropdowns, raw]) => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-MarkdownCell')];
    const text = cells.map(c => c.innerText).join(' ');
    return text.length > 500 && !new RegExp(raw).test(text)
        && document.querySelectorAll('.jp-Notebook .jp-MarkdownCell details:not([open])').length >= dropdowns;
}"""


def check_rendered_once_ready(page, chapter) -> None:
    """check_myst_rendered, once the Markdown cells have had time to render."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    dropdowns = len(re.findall(r"^:::\{dropdown\}", chapter.read_text(), flags=re.M))
    try:
        page.wait_for_function(MARKDOWN_READY, arg=[dropdowns, RAW_MYST.pattern], timeout=60_000)
    except PlaywrightTimeout:
        pass  # check_myst_rendered says what is wrong
    check_myst_rendered(page, chapter)


@pytest.fixture(scope="module")
def lab_tab(chromium, lab):
    """One JupyterLab page for the chapters that are only opened: the first is opened as a
    launch link opens it (its address), the others by JupyterLab's own open command in the
    same page, as a learner opens one from the file browser. Loading the whole application
    again for each chapter took most of each test's time."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = guarded_page(context)
    open_notebook(page, lab, OPENED[0])
    yield page
    context.close()


# Opens a file as the file browser does, with the viewer it would choose (postBuild makes
# jupytext's notebook the default for Markdown), and resolves once its kernel is ready.
OPEN_IN_APP = """async (path) => {
  const app = window.jupyterapp;
  for (const widget of [...app.shell.widgets('main')]) { await widget.close(); }
  const widget = await app.commands.execute('docmanager:open', {path});
  await widget.context.ready;
  await widget.sessionContext.ready;
  return widget.title.label;
}"""


@pytest.mark.parametrize("chapter", OPENED, ids=[path.stem for path in OPENED])
def test_chapter_opens_rendered_in_jupyterlab(lab_tab, chapter, artifacts_dir):
    if chapter != OPENED[0]:  # the first is open already, from its launch link
        path = chapter.relative_to(REPO).as_posix()
        assert lab_tab.evaluate(OPEN_IN_APP, path) == chapter.name
    lab_tab.screenshot(path=artifacts_dir / f"jupyterlab-{chapter.stem}.png")
    check_rendered_once_ready(lab_tab, chapter)
    assert not lab_tab.blocked, f"requests outside loopback: {lab_tab.blocked}"
    assert not lab_tab.page_errors, lab_tab.page_errors


@pytest.mark.parametrize("chapter", LIVE, ids=[path.stem for path in LIVE])
def test_chapter_runs_live_in_jupyterlab(page, lab, chapter, artifacts_dir, record_property):
    seconds = open_and_run(page, lab, chapter)
    record_property("run_seconds", round(seconds, 1))
    page.screenshot(path=artifacts_dir / f"jupyterlab-{chapter.stem}.png")
    check_no_errors(page)
    widgets = check_widgets_live(page)
    charts = check_charts_drawn(page, chapter)
    source = chapter.read_text()
    timings = {}
    if "ROICalculator(" in source:
        timings |= interact_with_calculator(page, artifacts_dir)
    if "ComparisonExplorer(" in source:
        timings |= interact_with_explorer(page, artifacts_dir)
    assert widgets >= ("ROICalculator(" in source) + ("ComparisonExplorer(" in source)
    check_myst_rendered(page, chapter)
    assert not page.blocked, f"requests outside loopback: {page.blocked}"
    assert not page.page_errors, page.page_errors
    print(
        f"{chapter.stem}: ran in {seconds:.1f} s, {widgets} widgets, {charts} charts, "
        + ", ".join(f"{name} {value:.2f} s" for name, value in timings.items())
    )


# ------------------------------------------------------- what a learner meets on opening
# Binder's copy of the chapters (postBuild, run by live_lab on its copy): citations, glossary
# terms and links between chapters readable or working, opening and closing a chapter leaves it
# unmodified, and chapter 8's plan can be filled in and kept. Screenshots:
# test-artifacts/jupyterlab-learner-*.png.

# Resolves once the open notebook has had its kernel's reply to kernel_info: the notebook sets
# its language from that reply (JupyterLab's NotebookPanel), the change that once marked an
# opened chapter modified. A macrotask later, every handler of that reply has run.
KERNEL_INFO_APPLIED = """async () => {
  const widget = window.jupyterapp.shell.currentWidget;
  await widget.context.ready;
  await widget.sessionContext.ready;
  await widget.sessionContext.session.kernel.info;
  await new Promise((resolve) => setTimeout(resolve, 0));
  return true;
}"""


def open_chapter(page, lab, path: str) -> None:
    """Open a chapter as a launch link does, and wait until its kernel is connected and idle."""
    base_url, token, _ = lab
    page.goto(f"{base_url}/lab/tree/{path}?reset&token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    page.get_by_text(re.compile(r"\| Idle$")).first.wait_for(timeout=120_000)
    page.locator(".jp-Notebook .jp-MarkdownCell").last.wait_for(timeout=30_000)
    page.evaluate(KERNEL_INFO_APPLIED)


def markdown_text(page) -> str:
    cells = page.locator(".jp-Notebook .jp-MarkdownCell")
    return "\n".join(cells.nth(i).inner_text() for i in range(cells.count()))


def dirty_tabs(page) -> int:
    return page.locator("#jp-main-dock-panel .lm-TabBar-tab.jp-mod-dirty").count()


def check_no_dead_citation(page) -> None:
    # jupyterlab-myst marks a citation it cannot resolve "Citation Not Found" (a tooltip).
    html = page.locator(".jp-Notebook").inner_html()
    assert "Citation Not Found" not in html and "target not found" not in html.lower()


def test_opening_and_closing_a_chapter_changes_nothing_and_its_terms_read(page, lab, artifacts_dir):
    _, _, root = lab
    before = (root / CHAPTER_1).read_bytes()
    open_chapter(page, lab, CHAPTER_1)
    assert dirty_tabs(page) == 0, "the chapter is marked modified on opening"
    check_rendered_once_ready(page, REPO / CHAPTER_1)
    check_no_dead_citation(page)
    text = markdown_text(page)
    # A glossary term reads as its words, and its definition is in the notebook.
    assert "from a fellowship earned by examination;" in text
    assert "Terms used in this chapter" in text
    assert re.search(r"Fellowship by examination: A specialist qualification", text)
    assert "The guide this course draws on (Master of Medicine: Your Guide to" in text
    assert "Works cited in this chapter" in text
    page.screenshot(path=artifacts_dir / "jupyterlab-learner-chapter-1.png")
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Close Tab$")).click()
    # Until the tab is gone or a dialog asks to save, whichever comes.
    page.wait_for_function(
        "() => document.querySelector('.jp-Dialog') || !document.querySelector('.jp-Notebook')",
        timeout=30_000,
    )
    assert page.locator(".jp-Dialog").count() == 0, "closing asks to save changes"
    assert page.locator(".jp-Notebook").count() == 0
    assert (root / CHAPTER_1).read_bytes() == before


def test_chapter_8_links_to_chapters_and_keeps_the_plan(page, lab, artifacts_dir):
    _, _, root = lab
    open_chapter(page, lab, CHAPTER_8)
    assert dirty_tabs(page) == 0
    run_all(page)
    errors = outputs(page, "application/vnd.jupyter.stderr")
    assert errors.count() == 0, errors.first.inner_text()
    check_rendered_once_ready(page, REPO / CHAPTER_8)
    check_no_dead_citation(page)
    text = markdown_text(page)
    # The page's HTML form (which JupyterLab shows disabled) is not there; the widget form is.
    assert page.locator(".jp-Notebook .jp-MarkdownCell form.mmed-plan").count() == 0
    assert "Copy the plan as text" not in text
    # The checklist can be ticked: a Markdown task list (its HTML checkboxes were disabled).
    tasks = page.locator(".jp-Notebook .jp-MarkdownCell li input[type=checkbox]")
    assert tasks.count() >= 10
    assert page.locator(".jp-Notebook .jp-MarkdownCell .mmed-checklist").count() == 0

    plan = page.locator(".jupyter-widgets", has=page.get_by_text("My MMed plan")).first
    plan.get_by_label("Country and specialty:", exact=True).fill("Kenya, psychiatry")
    plan.get_by_label("Decision and review date:", exact=True).fill("Apply in 2027")
    plan.get_by_role("button", name="Save the plan").click()
    saved = root / "book" / "chapters" / "my_mmed_plan.txt"
    page.wait_for_function("() => document.body.innerText.includes('Saved to my_mmed_plan.txt')")
    assert "Country and specialty: Kenya, psychiatry" in saved.read_text()
    assert "Decision and review date: Apply in 2027" in saved.read_text()
    plan.get_by_role("button", name="Show the plan as text").click()
    shown = plan.get_by_label("Your plan as text (select it and copy it):")
    page.wait_for_function(
        "(e) => e.value.includes('Kenya, psychiatry')", arg=shown.element_handle()
    )
    plan.scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "jupyterlab-learner-plan.png")

    # A link to another chapter opens that chapter, as a notebook.
    link = page.locator(".jp-Notebook .jp-MarkdownCell a", has_text=re.compile("^chapter 3$"))
    assert link.count() >= 1
    link.first.click()
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text="03_comparing_providers")
    tab.wait_for(timeout=30_000)
    page.locator(".jp-MarkdownCell h1", has_text="Comparing providers").wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"\| Idle$")).first.wait_for(timeout=120_000)
    page.evaluate(KERNEL_INFO_APPLIED)
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or "")
    page.screenshot(path=artifacts_dir / "jupyterlab-learner-link.png")
