"""The book's page hooks (book/_ext/mmed_book.py): a description for every page, and charts
turned into data that js/charts.js draws once Vega has loaded. No book build here; the built
pages are checked in test_book_build.py and in Chromium in test_first_paint.py."""

from __future__ import annotations

import importlib.util
import json

import altair as alt
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from conftest import REPO
from page_checks import heading_skips, read_page


def _mmed_book():
    spec = importlib.util.spec_from_file_location("mmed_book", REPO / "book/_ext/mmed_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mmed_book = _mmed_book()


def rst(text: str) -> nodes.document:
    document = new_document("<test>", get_default_settings(Parser))
    Parser().parse(text, document)
    return document


def test_the_front_matter_description_comes_first():
    doctree = rst("Title\n=====\n\nThe first paragraph.\n")
    assert mmed_book.page_description({"description": "Said in the front matter."}, doctree) == (
        "Said in the front matter."
    )


def test_without_one_the_first_paragraph_describes_the_page_cut_at_a_word():
    words = " ".join(["word"] * 60)  # 299 characters
    doctree = rst(f"Title\n=====\n\n{words}\n\nA second paragraph.\n")
    description = mmed_book.page_description({}, doctree)
    assert description.endswith("word…")
    assert len(description) <= mmed_book.DESCRIPTION_LENGTH
    assert mmed_book.page_description({}, rst("Title\n=====\n")) is None


def altair_block(chart: alt.Chart) -> str:
    """The HTML the book's renderer writes for a chart (mmedlearn.charts.enable_renderer)."""
    from mmedlearn.charts import ScriptSafeJSONEncoder

    html = alt.utils.html.spec_to_html(
        chart.to_dict(),
        mode="vega-lite",
        template="universal",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        output_div="altair-viz-0123456789abcdef0123456789abcdef",
        embed_options={"renderer": "svg"},
        json_kwds={"cls": ScriptSafeJSONEncoder},
        fullhtml=False,
    )
    return f"<p>Before.</p>{html}<p>After.</p>"


def test_a_chart_becomes_data_the_browser_does_not_run():
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"name": ["</script><b>x</b>"], "value": [1]})).mark_bar()
    chart = chart.encode(x="value:Q", y="name:N")
    body = altair_block(chart)
    assert '<script type="text/javascript">' in body  # Altair's own script, which loads Vega
    converted = mmed_book.charts_as_data(body)
    assert converted is not None
    assert '<script type="text/javascript">' not in converted
    assert "</script><b>" not in converted  # text from data cannot end the data block
    start = converted.index('class="mmed-chart-data" data-for="altair-viz-0123456789abcdef')
    data = converted[converted.index(">", start) + 1 : converted.index("</script>", start)]
    spec, options = json.loads(data)
    assert spec == json.loads(json.dumps(chart.to_dict()))
    assert options == {"renderer": "svg", "mode": "vega-lite"}  # what Altair passes vegaEmbed
    assert converted.startswith("<p>Before.</p>") and converted.endswith("<p>After.</p>")


def test_a_chart_script_it_does_not_understand_leaves_the_page_as_it_was():
    body = (
        '<div id="altair-viz-0123456789abcdef0123456789abcdef"></div>'
        '<script type="text/javascript">vegaEmbed("#x", somethingElse);</script>'
    )
    assert mmed_book.charts_as_data(body) is None


def test_a_page_reader_finds_descriptions_and_heading_skips():
    page = read_page(
        '<head><meta name="description" content="About &amp; more"></head>'
        "<h1>Title</h1><h2>A <em>part</em></h2><h4>Too deep</h4><h3>Fine</h3>"
    )
    assert page.descriptions == ["About & more"]
    assert page.headings == [(1, "Title"), (2, "A part"), (4, "Too deep"), (3, "Fine")]
    assert heading_skips(page.headings) == ['h4 "Too deep" after h2 "A part"']
