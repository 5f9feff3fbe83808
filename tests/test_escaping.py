"""Text from data stays text wherever it becomes HTML, checked at each place it is written,
without a book build or a browser (those check the built pages: test_browser_comparison.py).

The hostile text is HTML that would run or change the page if it were not escaped; each test
says what must come out instead (written here by hand, not read from the code under test)."""

from __future__ import annotations

import importlib.util
import json
from types import SimpleNamespace

import pandas as pd
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from conftest import REPO
from mmedlearn.charts import ScriptSafeJSONEncoder
from mmedlearn.tables import present

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & more'
ESCAPED = (
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more"
)


def test_table_cells_captions_and_headers_are_escaped():
    frame = pd.DataFrame({"institution": [HOSTILE], HOSTILE: ["plain"]})
    html = present(frame, caption=HOSTILE, labels={"institution": "Institution"})._repr_html_()
    assert "<script" not in html and "<img" not in html
    assert html.count(ESCAPED) == 3  # the cell, the second column's header and the caption
    assert f"<caption>{ESCAPED}</caption>" in html
    assert f"<td>{ESCAPED}</td>" in html


def test_a_sources_cell_links_only_its_addresses_and_escapes_the_rest():
    text = f"{HOSTILE} https://example.org/a?b=1&c=2 then {HOSTILE}"
    html = present(pd.DataFrame({"sources": [text]}))._repr_html_()
    assert "<script" not in html and "<img" not in html
    link = "https://example.org/a?b=1&amp;c=2"
    assert f'<a href="{link}" rel="noopener">{link}</a>' in html
    assert html.count(ESCAPED) == 2  # before the address and after it


def test_json_written_into_a_script_element_cannot_close_it():
    text = json.dumps(
        {"name": "</script><script>alert(1)</script> & \u2028"}, cls=ScriptSafeJSONEncoder
    )
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & \u2028"


def _mmed_book():
    spec = importlib.util.spec_from_file_location("mmed_book", REPO / "book/_ext/mmed_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_page_description_from_the_page_stays_inside_its_attribute():
    document = new_document("<test>", get_default_settings(Parser))
    Parser().parse("Title\n=====\n\nA\n", document)
    app = SimpleNamespace(
        env=SimpleNamespace(metadata={"p": {"description": '"><script>x</script>'}})
    )
    context = {}
    _mmed_book().add_description(app, "p", "page.html", context, document)
    assert context["metatags"] == (
        '<meta name="description" content="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" />\n'
    )


def test_the_handout_writes_programme_names_as_text():
    from mmedlearn import catalog, handout
    from mmedlearn.compare import load_exchange_rates
    from mmedlearn.defaults import load_default_assumptions

    programs = catalog.load_programs(REPO / "tests/data/good_programs/hostile_names.csv")
    assert programs.loc["ukzn_mmed", "institution"] == "<script>alert(1)</script>"
    assert programs.loc["ukzn_mmed", "programme"].startswith("<img src=x onerror=alert(2)>")
    page = handout.build_handout(
        ["ukzn_mmed"], load_default_assumptions(), programs, load_exchange_rates(), "ZAR"
    )
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_chapter_3s_first_view_and_catalogue_file_write_programme_names_as_data():
    """The page's first view (in its configuration) and the catalogue file it loads on demand
    carry the names as JSON that no <script> element can end; the page writes them as text."""
    import re

    from mmedlearn import catalog, static_explorers
    from mmedlearn.compare import load_exchange_rates

    programs = catalog.load_programs(REPO / "tests/data/good_programs/hostile_names.csv")
    explorer = static_explorers.compare_explorer_page(programs, load_exchange_rates())
    page, files = static_explorers.split_explorer_files(explorer.html())
    ((name, script),) = files.items()
    (config,) = re.findall(r'class="mmed-explorer-config">(.*?)</script>', page, re.S)
    assert page.count("<script") == 1  # the configuration's own element, and no other
    for text in (config, script):
        assert "<" not in text and ">" not in text
        assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in text
        assert "\\u003cimg src=x onerror=alert(2)\\u003e" in text
    assert name.startswith("comparison/catalogue-")
