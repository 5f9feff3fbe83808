"""The book builds with warnings as errors, and every chapter page is complete."""

import re
from urllib.parse import urlparse

import jupytext
import nbformat
import pytest
import yaml

from conftest import CHAPTER_NAMES, NOTEBOOKS, REPO

pytestmark = pytest.mark.slow

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text())


def page(built_book, name):
    return (built_book / "book" / "chapters" / f"{name}.html").read_text()


def test_landing_page_and_nine_chapters_exist(built_book):
    assert (built_book / "index.html").is_file()
    assert len(CHAPTER_NAMES) == 9
    for name in CHAPTER_NAMES:
        assert (built_book / "book" / "chapters" / f"{name}.html").is_file(), name


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_chapter_has_its_teaching_parts(built_book, name):
    html = page(built_book, name)
    assert "Learning objectives" in html
    assert "Key points" in html
    # Self-check answers are closed <details> that open on click, with no kernel.
    assert len(re.findall(r"<details[^>]*sd-dropdown", html)) >= 2
    # Executed at build time: no cell may have raised or written to stderr.
    assert "output traceback" not in html and "output stderr" not in html


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_chapter_launches_in_binder_lab_and_downloads(built_book, name):
    html = page(built_book, name)
    repo = urlparse(CONFIG["repository"]["url"]).path.strip("/")
    branch = CONFIG["repository"]["branch"]
    # The text notebook itself: Binder's JupyterLab opens .md as a notebook (see postBuild).
    binder = (
        f"{CONFIG['launch_buttons']['binderhub_url']}/v2/gh/{repo}/{branch}"
        f"?urlpath=lab/tree/book/chapters/{name}.md"
    )
    assert f'href="{binder}"' in html
    assert (REPO / "book" / "chapters" / f"{name}.md").is_file()
    # The download menu offers a notebook generated from the text at build time.
    download = f"../../_sources/book/chapters/{name}.ipynb"
    assert f'href="{download}"' in html
    notebook = nbformat.read(
        built_book / "_sources" / "book" / "chapters" / f"{name}.ipynb", as_version=4
    )
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    text = jupytext.read(REPO / "book" / "chapters" / f"{name}.md")
    # The same code; the Markdown made readable in any Jupyter (see the next test).
    # (less the cells only the web page can use, tagged web-page-only).
    assert [c.source for c in notebook.cells if c.cell_type == "code"] == [
        c.source
        for c in text.cells
        if c.cell_type == "code" and "web-page-only" not in c.metadata.get("tags", [])
    ]
    # No outputs: they would carry the book's script references and widget state.
    assert all(not cell.get("outputs") for cell in notebook.cells)


# What plain Jupyter (no jupyterlab-myst: Notebook, Colab, VS Code) shows as raw text.
MYST_SYNTAX = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|^:::|^\(\S+\)=\s*$", re.MULTILINE)


def downloaded(built_book, name):
    path = built_book / "_sources" / "book" / "chapters" / f"{name}.ipynb"
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_a_downloaded_chapter_reads_and_installs_in_any_jupyter(built_book, name):
    """Downloaded, a chapter could not run (nothing said how to get mmedlearn, which no
    package index has), showed every answer under its question in plain Jupyter, and its
    citations, glossary terms and links between chapters as MyST roles."""
    notebook = downloaded(built_book, name)
    text = jupytext.read(REPO / "book" / "chapters" / f"{name}.md")
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    assert f'pip install "mmedlearn @ git+{CONFIG["repository"]["url"]}"' in first.source
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert MYST_SYNTAX.findall(markdown) == []
    source = "\n".join(c.source for c in text.cells if c.cell_type == "markdown")
    # Each answer hidden under its question, in HTML every Jupyter renders.
    dropdowns = source.count(":::{dropdown}")
    assert dropdowns >= 2
    assert markdown.count("<details>") == dropdowns == markdown.count("</details>")
    # Each citation readable where it stands, each work cited listed with its title.
    cited = {key for keys in re.findall(r"\{cite:p\}`([^`]+)`", source) for key in keys.split(",")}
    if cited:
        works = notebook.cells[-1].source
        assert works.startswith("## Works cited in this chapter")
        assert len(re.findall(r"^- ", works, re.MULTILINE)) == len(cited)
        assert re.search(r"\([A-Z][^()]*, (\d{4}[a-z]?|n\.d\.(-[a-z])?)\)", markdown)
    # The text's own words stay: a glossary term's text, a link's text.
    for shown in re.findall(r"\{(?:term|doc)\}`([^`<]+?)\s*<", source):
        assert shown in markdown, shown
    assert "jupytext" not in notebook.metadata  # a plain notebook, not paired with a text file


def test_a_downloaded_chapter_runs_where_it_was_saved(built_book, tmp_path):
    """Run as a learner would, from their downloads folder, with nbclient."""
    import shutil

    from nbclient import NotebookClient

    target = tmp_path / "01_what_is_an_mmed.ipynb"
    shutil.copy(built_book / "_sources" / "book" / "chapters" / target.name, target)
    notebook = nbformat.read(target, as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_no_page_loads_a_script_or_style_from_elsewhere(built_book):
    for html_file in built_book.rglob("*.html"):
        html = html_file.read_text()
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
            ref = re.search(r'\b(?:src|href)="([^"]+)"', tag)
            if ref:
                assert not re.match(r"(https?:)?//", ref.group(1)), f"{html_file.name}: {tag}"


def test_an_instructors_programmes_file_reaches_chapter_three(hostile_book):
    # Built with MMEDLEARN_PROGRAMS pointing at a six-row file whose names are HTML, from the
    # pages the names reach by each route (tests/shared_books.py's SUBSETS).
    chapter3 = (hostile_book / "book" / "chapters" / "03_comparing_providers.html").read_text()
    # In the chart's data, JSON-escaped; chapter 1's table of programmes, HTML-escaped.
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in chapter3
    assert "Makerere" not in chapter3 and "University of Cape Town" in chapter3
    assert "<script>alert(1)" not in chapter3
    chapter1 = (hostile_book / "book" / "chapters" / "01_what_is_an_mmed.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chapter1
    assert "<script>alert(1)" not in chapter1
    # The catalogue page writes the names into Markdown, where raw HTML would be kept as HTML.
    catalogue = (hostile_book / "book" / "catalogue.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;: &lt;img src=x onerror=alert(2)&gt;" in catalogue
    for page in hostile_book.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert(1)" not in text and "<img src=x" not in text, page.name


# Chapters written as MyST text notebooks with a reading time and prerequisites at the top:
# every chapter of the course, in the order of the contents.
TEXT_CHAPTERS = [
    "01_what_is_an_mmed",
    "02_how_programmes_work",
    "03_comparing_providers",
    "04_benefits_and_limitations",
    "05_investment_and_return",
    "06_routes_by_country",
    "07_funding_and_foreign_candidates",
    "08_making_your_decision",
    "09_working_abroad",
]


def test_the_text_chapters_are_in_the_course_part_of_the_contents():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    course = [
        entry["file"] for part in toc["parts"] if part.get("numbered") for entry in part["chapters"]
    ]
    assert [f"book/chapters/{name}" for name in TEXT_CHAPTERS] == course[-len(TEXT_CHAPTERS) :]


@pytest.mark.parametrize("name", TEXT_CHAPTERS)
def test_text_chapter_is_complete_and_launches(built_book, name):
    html = page(built_book, name)
    top = html[html.index("<h1") : html.index("Learning objectives")]
    assert "Reading time:" in top and "Before you start:" in top
    assert "Learning objectives" in html and "Key points" in html
    assert len(re.findall(r"<details[^>]*sd-dropdown", html)) >= 3
    assert "output traceback" not in html and "output stderr" not in html
    repo = urlparse(CONFIG["repository"]["url"]).path.strip("/")
    binder = (
        f"{CONFIG['launch_buttons']['binderhub_url']}/v2/gh/{repo}/{CONFIG['repository']['branch']}"
        f"?urlpath=lab/tree/book/chapters/{name}.md"
    )
    assert f'href="{binder}"' in html
    assert f'href="../../_sources/book/chapters/{name}.ipynb"' in html


def test_the_decision_chapter_links_to_the_tools_and_its_plan_prints(built_book):
    html = page(built_book, "08_making_your_decision")
    assert (
        'href="03_comparing_providers.html"' in html
        and 'href="05_investment_and_return.html"' in html
    )
    assert 'class="mmed-plan"' in html and html.count('type="checkbox"') >= 10
    css = (built_book / "_static" / "mmed.css").read_text()
    assert "@media print" in css and "break-before: page" in css


def notebook_pages(built_book):
    """Every page built from a notebook (the chapters and the data dictionary)."""
    return [built_book / path.relative_to(REPO).with_suffix(".html") for path in NOTEBOOKS]


def test_readers_see_no_python(built_book):
    # Code cells are tagged remove-input (or remove-cell): outputs stay, sources go. A
    # hide-input cell would leave its source in the page behind a "Show code" toggle.
    for html_file in notebook_pages(built_book):
        html = html_file.read_text()
        assert "cell_output" in html, html_file.name  # outputs are still shown
        assert "cell_input" not in html, html_file.name
        assert "highlight-ipython3" not in html, html_file.name
        assert "Show code cell source" not in html, html_file.name
        assert "from mmedlearn" not in html, html_file.name


def test_no_page_shows_a_widget_snapshot_or_loads_the_widget_manager(built_book):
    for html_file in built_book.rglob("*.html"):
        html = html_file.read_text()
        for needle in (
            "embed-amd.js",
            "require.js",
            "require.min.js",
            "widget-view+json",
            "widget-state+json",
            "jupyter-widgets",
        ):
            assert needle not in html, f"{html_file.name}: {needle}"


@pytest.mark.parametrize("name", ["03_comparing_providers", "05_investment_and_return"])
def test_a_live_widget_is_replaced_by_a_line_linking_to_binder(built_book, name):
    html = page(built_book, name)
    launch = re.search(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', html).group(1)
    assert launch.endswith(f"urlpath=lab/tree/book/chapters/{name}.md")
    sentence = re.search(r"<p><strong>In Jupyter or Binder</strong>(.*?)</p>", html, flags=re.S)
    assert sentence, "the line that replaces the widget"
    assert "Run all the" in sentence.group(1)  # a learner in the notebook runs the cells first
    # Its link is the page's own launch link (so it follows _config.yml in a fork).
    assert f'href="{launch}"' in sentence.group(1)
    # The notebook itself still holds and runs the widget.
    assert re.search(
        r"(ComparisonExplorer|ROICalculator)\(",
        (REPO / "book" / "chapters" / f"{name}.md").read_text(),
    )


def built_pages(built_book):
    """Every page Sphinx wrote (the root index.html is only a redirect to the first page, and
    _static holds the theme's templates)."""
    return [
        path
        for path in built_book.rglob("*.html")
        if path != built_book / "index.html" and "_static" not in path.relative_to(built_book).parts
    ]


def test_every_page_has_a_description_and_no_heading_skips_a_level(built_book):
    from page_checks import heading_skips, read_page

    for html_file in built_pages(built_book):
        page_ = read_page(html_file.read_text())
        name = html_file.relative_to(built_book)
        assert len(page_.descriptions) == 1 and len(page_.descriptions[0]) >= 40, name
        assert heading_skips(page_.headings) == [], name


def test_no_chart_script_runs_before_the_text(built_book):
    # The vega bundles wait, typed so that the browser neither fetches nor runs them, until
    # js/charts.js needs them; Altair's own chart scripts (which load Vega) are gone.
    chart_pages = 0
    for html_file in built_pages(built_book):
        html = html_file.read_text()
        vega_tags = re.findall(r"<script\b[^>]*vendored/vega[^>]*>", html)
        assert all('type="text/x-mmed-on-demand"' in tag for tag in vega_tags), html_file
        assert "maybeLoadScript" not in html, html_file
        if "mmed-chart-data" in html or 'class="mmed-explorer"' in html:
            chart_pages += 1
            assert vega_tags and "js/charts.js" in html, html_file
    assert chart_pages >= 5  # chapters 1 to 5 draw charts
