"""Book-specific Sphinx hooks, loaded through `sphinx.local_extensions` in _config.yml."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes


def _is_thebe_script(script) -> bool:
    filename = getattr(script, "filename", "") or ""
    body = (getattr(script, "attributes", {}) or {}).get("body", "")
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def drop_thebe_scripts(app, pagename, templatename, context, doctree):
    """Remove sphinx-thebe's scripts, which Jupyter Book adds even with thebe switched off.

    Its inline config is added twice, so every page logged "Identifier 'THEBE_JS_URL' has
    already been declared"; and Thebe cannot run this book's ipywidgets anyway (Binder can).
    """
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe_script(s)]


# Heavy scripts a page loads only when it uses them.
CHART_SCRIPTS = (
    "vendored/vega.min.js",
    "vendored/vega-lite.min.js",
    "vendored/vega-embed.min.js",
    "vendored/vega-globals-shim.js",
    "vendored/vega-amd-shim.js",
)
EXPLORER_FILES = (
    "js/mmed-model.gen.js",
    "js/compare-rule.js",
    "js/explorer-common.js",
    "js/roi-explorer.js",
    "js/compare-explorer.js",
    "explorers.css",
)
# Each explorer's own code, and the code generated for it, only where that explorer is (page
# weight, issue 26): chapter 5 carries no line of chapter 3's explorer, and the reverse.
EXPLORER_KIND_FILES = {
    'data-explorer="roi"': ("js/mmed-model.gen.js", "js/roi-explorer.js"),
    'data-explorer="compare"': ("js/compare-rule.js", "js/compare-explorer.js"),
}
# Chapter 8's plan form (plan.js) only on a page that holds one.
PLAN_MARK = "mmed-plan"
EXPLORER_MARK = 'class="mmed-explorer"'  # mmedlearn.static_explorers: drawn with Vega, no Vega-Lite


# Altair's HTML output ends its script with `})(<Vega-Lite spec>, <embed options>);`.
ALTAIR_CALL = re.compile(r"\}\)\((?=\{)")
VEGA_LITE_SCRIPT = "vendored/vega-lite.min.js"


def compile_altair_specs(body: str, vegalite_version: str) -> tuple[str, bool]:
    """Compile every Altair chart's Vega-Lite spec in a page to Vega at build time and tell
    vega-embed so (mode "vega"): the page then needs no Vega-Lite compiler (250 kB) and draws
    sooner. Return the new body and whether every chart was compiled."""
    import vl_convert

    from mmedlearn.charts import (
        ScriptSafeJSONEncoder,
    )  # the spec sits inside a <script>: text from data must not end it

    decoder = json.JSONDecoder()
    pieces, position, all_compiled = [], 0, True
    for match in ALTAIR_CALL.finditer(body):
        start = match.end()
        try:
            spec, spec_end = decoder.raw_decode(body, start)
            options_start = body.index("{", spec_end)
            options, options_end = decoder.raw_decode(body, options_start)
            if (
                body[spec_end:options_start].strip() != ","
                or "$schema" not in spec
                or "vega-lite" not in spec["$schema"]
            ):
                raise ValueError("not an Altair chart call")
            vega_spec = vl_convert.vegalite_to_vega(spec, vl_version=vegalite_version)
        except ValueError:
            all_compiled = False
            continue
        options = {**options, "mode": "vega"}
        pieces += [
            body[position:start],
            json.dumps(vega_spec, cls=ScriptSafeJSONEncoder, separators=(",", ":")),
            ", ",
            json.dumps(options, cls=ScriptSafeJSONEncoder, separators=(",", ":")),
        ]
        position = options_end
    pieces.append(body[position:])
    return "".join(pieces), all_compiled


def precompile_charts(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if "altair-viz-" not in body:
        return
    import altair

    version = ".".join(altair.VEGALITE_VERSION.split(".")[:2])
    context["body"], all_compiled = compile_altair_specs(body, version)
    # Widget views may still hold Vega-Lite specs of their own.
    if (
        all_compiled
        and "application/vnd.jupyter.widget-view+json" not in body
        and "script_files" in context
    ):
        context["script_files"] = [
            s
            for s in context["script_files"]
            if not str(getattr(s, "filename", "") or "").endswith(VEGA_LITE_SCRIPT)
        ]


# Altair's chart block in a page: its container, then a script that loads Vega (from a CDN when
# the book's copy is not loaded yet) and embeds the chart.
ALTAIR_BLOCK = re.compile(
    r'(<div id="(?P<id>altair-viz-[0-9a-f]+)"></div>)\s*<script type="text/javascript">'
    r"(?P<script>.*?)</script>",
    re.DOTALL,
)
# The vega scripts a page fetches only once a chart comes near the screen (js/charts.js).
ON_DEMAND_TYPE = "text/x-mmed-on-demand"
CHART_LOADER = "js/charts.js"


def charts_as_data(body: str) -> str | None:
    """Turn every Altair chart's script into data for js/charts.js: a JSON block holding the
    spec and the embed options, which the browser does not run. The book's loader then fetches
    Vega when a chart comes near the screen and embeds the charts itself, so no chart script
    stands between a reader and the text. Return the new body, or None when a chart's script
    is not one this understands (the page then keeps Altair's own scripts and eager Vega)."""
    from mmedlearn.charts import ScriptSafeJSONEncoder  # the data sits inside a <script>

    decoder = json.JSONDecoder()

    def as_data(match: re.Match) -> str:
        script = match.group("script")
        call = ALTAIR_CALL.search(script)
        if call is None:
            raise ValueError("no Altair chart call")
        spec, spec_end = decoder.raw_decode(script, call.end())
        options_start = script.index("{", spec_end)
        options, options_end = decoder.raw_decode(script, options_start)
        if script[spec_end:options_start].strip() != "," or script[options_end:].strip() != ");":
            raise ValueError("not an Altair chart call")
        data = json.dumps([spec, options], cls=ScriptSafeJSONEncoder, separators=(",", ":"))
        return (
            f'{match.group(1)}<script type="application/json" class="mmed-chart-data" '
            f'data-for="{match.group("id")}">{data}</script>'
        )

    try:
        return ALTAIR_BLOCK.sub(as_data, body)
    except ValueError:
        return None


def load_charts_on_demand(app, pagename, templatename, context, doctree):
    """No page waits for Vega (200 kB compressed) before showing its text. The chart scripts
    stay in the page's head, in their order, but typed so that the browser neither fetches
    nor runs them; js/charts.js fetches them once a chart or an explorer comes near the screen,
    then draws the charts. Pages whose charts are not all understood keep eager scripts."""
    if "script_files" not in context:
        return
    body = context.get("body", "")
    chart_script = [
        s for s in context["script_files"] if _asset_name(s).split("?")[0].endswith(CHART_SCRIPTS)
    ]
    loader = [s for s in context["script_files"] if _asset_name(s).endswith(CHART_LOADER)]
    if not chart_script:  # a page with no chart: nor does it need the loader
        context["script_files"] = [s for s in context["script_files"] if s not in loader]
        return
    if "altair-viz-" in body:
        new_body = charts_as_data(body)
        if new_body is None:
            context["script_files"] = [s for s in context["script_files"] if s not in loader]
            return
        context["body"] = new_body
    from sphinx.builders.html._assets import _JavaScript

    def on_demand(script):
        attributes = {
            key: value
            for key, value in (getattr(script, "attributes", {}) or {}).items()
            if key not in ("defer", "async")
        }
        return _JavaScript(
            script.filename, priority=script.priority, **{**attributes, "type": ON_DEMAND_TYPE}
        )

    context["script_files"] = [
        on_demand(s) if s in chart_script else s for s in context["script_files"]
    ]


# A page's description for search results and link previews: its front matter's
# `description`, else its first paragraph, cut at a word near this length.
DESCRIPTION_LENGTH = 160
PAGES_WITHOUT_DOCUMENT = {
    "genindex": "An index of the terms used in MMed Pathways, a short course on the Master of "
    "Medicine.",
    "search": "Search the chapters of MMed Pathways, a short course on the Master of Medicine.",
}


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """Text on one line, cut at a word boundary and marked with an ellipsis when too long.

    >>> shorten("one two three", 9)
    'one two…'
    >>> shorten("  one\\n two  ")
    'one two'
    """
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def page_description(metadata: dict, doctree) -> str | None:
    """The front matter's `description`, else the text of the page's first paragraph."""
    if metadata.get("description"):
        return shorten(str(metadata["description"]))
    if doctree is None:
        return None
    for paragraph in doctree.findall(nodes.paragraph):
        text = paragraph.astext().strip()
        if text:
            return shorten(text)
    return None


def add_description(app, pagename, templatename, context, doctree):
    """Every page says what it is about in a <meta name="description"> (Lighthouse's SEO
    check; search engines and link previews show it)."""
    from html import escape

    description = page_description(app.env.metadata.get(pagename, {}), doctree)
    description = description or PAGES_WITHOUT_DOCUMENT.get(pagename)
    if description:
        tag = f'<meta name="description" content="{escape(description, quote=True)}" />\n'
        context["metatags"] = context.get("metatags", "") + tag


# Stylesheets and scripts of Sphinx extensions, each with what in a page's body shows it is
# used there (Thebe is switched off, so its stylesheet is never used).
EXTENSION_ASSETS = {
    "sphinx-thebe.css": (),
    "sphinx-design.min.css": ("sd-",),
    "design-tabs.js": ("sd-tab",),
    "mystnb.": ('class="cell', "cell_output", "output "),
    "copybutton.js": ("<pre",),
    "copybutton.css": ("<pre",),
    "clipboard.min.js": ("<pre",),
    "pygments.css": ('class="highlight',),
    "togglebutton.js": ("toggle", "dropdown"),
    "togglebutton.css": ("toggle", "dropdown"),
}


def _asset_name(asset) -> str:
    return str(getattr(asset, "filename", "") or "")


def load_only_what_the_page_uses(app, pagename, templatename, context, doctree):
    """Jupyter Book loads every script and stylesheet on every page; drop the chart libraries
    from pages without charts, and each extension's
    assets from pages that use nothing of that extension."""
    body = context.get("body", "")
    unused = ()
    if "altair-viz-" not in body and EXPLORER_MARK not in body:
        unused += CHART_SCRIPTS
    if EXPLORER_MARK not in body:
        unused += EXPLORER_FILES
    for mark, files in EXPLORER_KIND_FILES.items():
        if mark not in body:
            unused += files
    if PLAN_MARK not in body:
        unused += ("js/plan.js",)
    unused += tuple(
        name for name, signs in EXTENSION_ASSETS.items() if not any(sign in body for sign in signs)
    )

    def used(asset) -> bool:
        name = _asset_name(asset).split("?")[0]
        return not any(name.endswith(u) or name.rsplit("/", 1)[-1].startswith(u) for u in unused)

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if used(asset)]


WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"


def drop_widget_state(app, pagename, templatename, context, doctree):
    """No page shows an ipywidgets snapshot: without a kernel its controls never change, so
    the live widget cells are removed from the pages (tag `remove-cell`) and the widget
    manager is not loaded (`nb_ipywidgets_js: {}`). myst-nb would still embed the state it
    saved at execution (chapter 5: about 200 KB of JSON that nothing reads); drop it too."""
    if "script_files" in context:
        context["script_files"] = [
            s
            for s in context["script_files"]
            if (getattr(s, "attributes", {}) or {}).get("type") != WIDGET_STATE_TYPE
        ]


# A chapter's own "open this chapter in Binder" link, written with the upstream repository.
BINDER_URL = re.compile(
    r"https://mybinder\.org/v2/gh/[^/?\s)]+/[^/?\s)]+/[^/?\s)]+\?urlpath=(?P<path>[^\s)]+)"
)


def _binder_repository(app) -> str | None:
    """The Binder address of the repository and branch named in _config.yml
    (https://mybinder.org/v2/gh/<owner>/<repo>/<branch>), or None where it names none."""
    options = app.config.html_theme_options
    match = re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", options.get("repository_url", ""))
    hub = options.get("launch_buttons", {}).get("binderhub_url", "").rstrip("/")
    if not match or not hub:
        return None
    branch = options.get("repository_branch", "main")
    return f"{hub}/v2/gh/{match.group(1)}/{match.group(2)}/{branch}"


def follow_the_repository(text: str, repository: str) -> str:
    """Every Binder link in text, pointed at repository (same chapter path)."""
    return BINDER_URL.sub(lambda link: f"{repository}?urlpath={link.group('path')}", text)


def binder_links_follow_the_repository(app, doctree, docname):
    """Point the chapters' Binder links at the repository and branch named in _config.yml,
    as the launch buttons are, so a fork changes the address in one place."""
    repository = _binder_repository(app)
    if repository is None:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if BINDER_URL.fullmatch(uri):
            reference["refuri"] = follow_the_repository(uri, repository)


def _is_notebook(app, docname: str) -> bool:
    return "kernelspec" in app.env.metadata.get(docname, {})


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """Each notebook page's download menu offers an .ipynb (see write_notebook_downloads)."""
    if pagename in app.env.found_docs and _is_notebook(app, pagename):
        context["ipynb_source"] = pagename + ".ipynb"


#: The glossary whose definitions a learner's notebook lists under the terms it uses.
GLOSSARY_PAGE = "book/glossary.md"


def write_notebook_downloads(app, exception):
    """Write `_sources/<page>.ipynb` for every chapter stored as a MyST text notebook.

    The notebook is the text converted by jupytext, with no outputs, made readable in any
    Jupyter (notebook_download.py): a learner runs it in their own Jupyter. (The theme copies the build's executed notebook there first; its chart
    outputs expect the book's scripts and its widget state is dead weight, so it is replaced.)
    """
    if exception is not None or app.builder.format != "html":
        return
    import jupytext
    from notebook_download import downloadable_notebook, glossary_definitions
    from pybtex.database import parse_file

    repository = _binder_repository(app)
    entries = {}
    for bibfile in app.config.bibtex_bibfiles:
        entries.update(parse_file(Path(app.srcdir, bibfile)).entries)
    labels = year_labels(entries)
    glossary_page = Path(app.srcdir, GLOSSARY_PAGE)  # a book may have none (the small test books)
    glossary = (
        glossary_definitions(glossary_page.read_text(encoding="utf-8"))
        if glossary_page.is_file()
        else {}
    )
    repository_url = app.config.html_theme_options.get("repository_url", "")
    for docname in sorted(app.env.found_docs):
        if not _is_notebook(app, docname):
            continue
        notebook = jupytext.read(app.env.doc2path(docname), fmt="md:myst")
        if repository is not None:  # the notebook's own Binder links, as the page's
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    cell.source = follow_the_repository(cell.source, repository)
        # Readable in any Jupyter: how to install mmedlearn first, MyST made plain Markdown.
        notebook = downloadable_notebook(
            notebook, repository_url, entries, labels, _citation_author, glossary
        )
        target = Path(app.outdir, "_sources", docname + ".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")


def _dependency_versions() -> list[str]:
    """The installed versions of what mmedlearn depends on (pandas, Altair, ...): an upgrade
    can change a chapter's output as much as a change of our own code."""
    from importlib import metadata

    names = sorted(
        {
            re.split(r"[ ;<>=!~\[]", requirement, maxsplit=1)[0]
            for requirement in metadata.requires("mmedlearn") or []
        }
    )
    versions = []
    for name in names:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return versions


def data_fingerprint() -> str:
    """What the executed chapters depend on besides their own text: the mmedlearn package
    (every file in it), the versions of its dependencies, and the data files (an instructor's,
    through MMEDLEARN_PROGRAMS and MMEDLEARN_DEFAULTS, or ours)."""
    import mmedlearn
    from mmedlearn.catalog import data_dir, programs_path
    from mmedlearn.defaults import defaults_path

    digest = hashlib.sha256()
    package = Path(mmedlearn.__file__).parent
    code = sorted(
        path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )
    # Every table the loaders join (programmes, institutions, fee schedules, sources, pay
    # scales, rates, ...), shipped or an instructor's folder, not just the programmes file.
    tables = sorted(data_dir().glob("*.csv"))
    if programs_path().is_dir():
        tables += sorted(programs_path().glob("*.csv"))
    for path in [*code, programs_path(), defaults_path(), *tables]:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    digest.update("\n".join(_dependency_versions()).encode())
    return digest.hexdigest()


def clear_execution_cache(env) -> None:
    """Forget every cached execution. jupyter-cache keys a notebook on its code alone, so after
    a change of data or package a cached chapter would show the old numbers."""
    config = getattr(env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache" or not config.execution_cache_path:
        return
    from jupyter_cache import get_cache

    cache_path = Path(config.execution_cache_path)
    if cache_path.exists():
        get_cache(cache_path).clear_cache()


def failed_last_time(env, added) -> list[str]:
    """Chapters whose last execution failed. Sphinx re-reads only changed pages, so without
    this a second `make book` after a failure found nothing to do, exited 0 and published the
    pages with the traceback: a build that fails must fail every time until its cause is gone."""
    from myst_nb.sphinx_ import NbMetadataCollector

    failed = []
    for docname in env.found_docs:
        if docname in added or not os.path.exists(env.doc2path(docname)):
            continue
        try:
            result = NbMetadataCollector.get_exec_data(env, docname)
        except KeyError:
            continue
        if result and not result.get("succeeded", True):
            failed.append(docname)
    return failed


def outdated_when_data_changes(app, env, added, changed, removed):
    """Sphinx re-reads only changed pages, and jupyter-cache re-executes only notebooks whose
    code changed; a new programmes file or edited package code changes neither, so without
    this a rebuild kept showing the old data. On a new fingerprint every page is re-read and
    the execution cache is emptied, so every chapter runs again."""
    fingerprint = data_fingerprint()
    if getattr(env, "mmed_data_fingerprint", None) == fingerprint:
        return failed_last_time(env, added)
    clear_execution_cache(env)
    env.mmed_data_fingerprint = fingerprint
    return [doc for doc in env.found_docs if doc not in added and os.path.exists(env.doc2path(doc))]


def _mathml(latex: str, display: str) -> str:
    """LaTeX to MathML, which browsers draw themselves: no 2 MB MathJax in the page."""
    from latex2mathml.converter import convert

    # latex2mathml aligns rows at `&` inside `split`, not inside `aligned`.
    latex = latex.replace("{aligned}", "{split}")
    return convert(latex, display=display)


def visit_math_inline(self, node):
    self.body.append(f'<span class="math">{_mathml(node.astext(), "inline")}</span>')
    from docutils import nodes

    raise nodes.SkipNode


def visit_math_block(self, node):
    from docutils import nodes
    from sphinx.util.math import get_node_equation_number

    number = (
        f'<span class="eqno">({get_node_equation_number(self, node)})</span>'
        if node.get("number")
        else ""
    )
    formula = _mathml(node.astext(), "block")
    self.body.append(
        f'<div class="math math-display" id="{(node.get("ids") or [""])[0]}">{number}{formula}</div>\n'
    )
    raise nodes.SkipNode


def _citation_author(entry) -> str:
    """The author part of an author-year citation as sphinxcontrib-bibtex writes it: one
    family name, two joined by "and", or the first "et al."; the title where there is none."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(person.last_names) for person in people]
    if not names:
        return entry.fields.get("title", "")
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} et al."


def year_labels(entries) -> dict[str, str]:
    """The year part of every citation: "2024", or "2024a", "2024b" (and "n.d.-a", "n.d.-b")
    where one author has several works of the same year, or several undated ones. Letters
    follow the references list's order (by title within an author and year), so each
    citation leads a reader to exactly one entry, on screen or on paper."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, entry in entries.items():
        groups.setdefault((_citation_author(entry), entry.fields.get("year", "")), []).append(key)
    labels = {}
    for (_, year), keys in groups.items():
        keys.sort(key=lambda key: entries[key].fields.get("title", "").lower())
        for index, key in enumerate(keys):
            letter = "abcdefghijklmnopqrstuvwxyz"[index] if len(keys) > 1 else ""
            labels[key] = (year + letter) if year else ("n.d." + (f"-{letter}" if letter else ""))
    return labels


# Filled from the book's .bib files when the build starts (see label_years_of_citations);
# the citation and reference-list templates read it.
YEAR_LABELS: dict[str, str] = {}


def label_years_of_citations(app):
    from pybtex.database import parse_file

    YEAR_LABELS.clear()
    for bibfile in app.config.bibtex_bibfiles:
        YEAR_LABELS.update(year_labels(parse_file(Path(app.srcdir, bibfile)).entries))


def _register_reference_style() -> None:
    """A pybtex style for the references page: sphinxcontrib-bibtex's default ("plain") sorts
    entries without an author (institutional pages, the guide) before every other; this one
    sorts by author, or by title where there is none, then year. Titles keep the capitals
    references.bib protects with braces."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.sorting import BaseSortingStyle

    class AuthorOrTitleSorting(BaseSortingStyle):
        def sorting_key(self, entry):
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = " ".join(" ".join(person.last_names + person.first_names) for person in people)
            first = names or entry.fields.get("title", "")
            return (
                first.strip("{}").lower(),
                entry.fields.get("year", ""),
                entry.fields.get("title", "").lower(),
            )

    from pybtex.richtext import Text
    from pybtex.style import template
    from pybtex.style.formatting import toplevel

    @template.node
    def labelled_year(children, data):
        """ "2024b" or "n.d.": the entry's year with its letter (see year_labels)."""
        entry = data["entry"]
        return Text(YEAR_LABELS.get(entry.key, entry.fields.get("year", "n.d.")))

    class MmedStyle(UnsrtStyle):
        default_sorting_style = "mmed_author_or_title"

        def get_misc_template(self, e):
            # unsrt's, with the labelled year: the list shows the "2024b" a citation names.
            return toplevel[
                template.optional[template.sentence[self.format_names("author")]],
                template.optional[self.format_title(e, "title")],
                template.sentence[template.optional[template.field("howpublished")], labelled_year],
                template.sentence[template.optional_field("note")],
                self.format_web_refs(e),
            ]

    register_plugin("pybtex.style.sorting", "mmed_author_or_title", AuthorOrTitleSorting)
    register_plugin("pybtex.style.formatting", "mmed", MmedStyle)

    # Author-year citations in round brackets, "(University of Cape Town, n.d.)", as readers
    # of medical literature expect; sphinxcontrib-bibtex's default brackets are square.
    from dataclasses import dataclass, field

    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
    from sphinxcontrib.bibtex.style.referencing import BracketStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def round_brackets():
        return field(
            default_factory=lambda: BracketStyle(
                left="(", right=")", sep="; ", sep2="; ", last_sep="; "
            )
        )

    # The citations' year template, in the two modules that build author-year references,
    # becomes the labelled one: sphinxcontrib-bibtex offers no option for it.
    from sphinxcontrib.bibtex.style.referencing import basic_author_year, extra_year

    basic_author_year.year = labelled_year
    extra_year.year = labelled_year

    @dataclass
    class RoundAuthorYear(AuthorYearReferenceStyle):
        bracket_parenthetical: BracketStyle = round_brackets()  # noqa: RUF009 (a fresh field each)
        bracket_textual: BracketStyle = round_brackets()  # noqa: RUF009 (a fresh field each)
        bracket_author: BracketStyle = round_brackets()  # noqa: RUF009 (a fresh field each)
        bracket_label: BracketStyle = round_brackets()  # noqa: RUF009 (a fresh field each)
        bracket_year: BracketStyle = round_brackets()  # noqa: RUF009 (a fresh field each)

    register_bibtex_plugin(
        "sphinxcontrib.bibtex.style.referencing", "mmed_author_year", RoundAuthorYear
    )


EXPLORER_CONFIG = re.compile(
    r'<script type="application/json" class="mmed-explorer-config">(.*?)</script>', re.S
)


def collect_situation_starts(app, pagename, templatename, context, doctree):
    """Note the starting values of each page's ROI explorer: its "start from my situation"
    files are computed from them once the pages are written (write_situation_files)."""
    body = context.get("body", "")
    if 'data-explorer="roi"' not in body:
        return
    for match in EXPLORER_CONFIG.finditer(body):
        config = json.loads(match.group(1))
        if config.get("kind") == "roi":
            starts = app.env.__dict__.setdefault("mmed_situation_starts", {})
            starts[pagename] = (config["start"], config["currency"])


def write_situation_files(app, exception):
    """Write _static/situations/<country>.js: mmedlearn.scenario.start_from_situation for every
    country, funding and programme, which chapter 5's page loads when a reader picks a country
    (mmedlearn.static_explorers.situation_files). Computed here, from the page's own starting
    values and the data the chapter read, so the page carries none of it."""
    starts = getattr(app.env, "mmed_situation_starts", {})
    if exception is not None or app.builder.format != "html" or not starts:
        return
    from mmedlearn.catalog import load_programs
    from mmedlearn.compare import load_exchange_rates
    from mmedlearn.static_explorers import write_situation_files as write

    distinct = {json.dumps(value, sort_keys=True): value for value in starts.values()}
    if len(distinct) > 1:  # one folder of situations: every ROI explorer must start alike
        raise RuntimeError(f"ROI explorers with different starting values: {sorted(starts)}")
    ((start, currency),) = distinct.values()
    # A rebuild with the same data, code and starting values finds its files written already.
    folder = Path(app.outdir) / "_static" / "situations"
    stamp = hashlib.sha256(
        (json.dumps([start, currency], sort_keys=True) + data_fingerprint()).encode()
    ).hexdigest()
    if (folder / "stamp.txt").is_file() and (folder / "stamp.txt").read_text() == stamp:
        return
    write(folder, start, currency, load_programs(), load_exchange_rates())
    (folder / "stamp.txt").write_text(stamp)


def write_explorer_files(app, pagename, templatename, context, doctree):
    """Take the files an explorer loads on demand (chapter 3's catalogue) out of the page and
    write them under _static (mmedlearn.static_explorers.split_explorer_files): the page then
    carries its first view only, and its weight does not grow with the catalogue. A file's name
    is its content's hash, so an unchanged catalogue is not written again."""
    body = context.get("body", "")
    if 'class="mmed-explorer-file"' not in body:
        return
    from mmedlearn.static_explorers import split_explorer_files

    context["body"], files = split_explorer_files(body)
    for name, text in files.items():
        path = Path(app.outdir) / "_static" / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# A page's reference to the file its explorer loads (static_explorers.compare_config's data_file).
EXPLORER_DATA_FILE = re.compile(r'"data_file":"([a-z]+/[a-z0-9-]+\.js)"')


def drop_unused_explorer_files(app, exception):
    """A rebuild with other programmes writes a new catalogue file (its name is its content's
    hash): remove those no page of the built book refers to any more, so that the offline
    bundle carries no stale catalogue."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    used = {
        name
        for page in Path(app.outdir).rglob("*.html")
        for name in EXPLORER_DATA_FILE.findall(page.read_text(encoding="utf-8", errors="replace"))
    }
    folder = static / "comparison"
    for path in folder.glob("catalogue-*.js") if folder.is_dir() else ():
        if path.relative_to(static).as_posix() not in used:
            path.unlink()


def refresh_own_static_files(app):
    """An incremental build with no outdated page copies no static file, so after an edit of
    book/_assets alone (a stylesheet, a script) the built book kept serving the old copy.
    Bring every copy already in the output up to date with its source."""
    output = Path(app.outdir) / "_static"
    if not output.is_dir():
        return  # a first build copies everything anyway
    for folder in app.config.html_static_path:
        source_root = Path(app.confdir) / folder
        for source in source_root.rglob("*"):
            copy = output / source.relative_to(source_root)
            if source.is_file() and (
                not copy.is_file() or copy.read_bytes() != source.read_bytes()
            ):
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, copy)


def refuse_an_unusable_programmes_file(app):
    """An instructor's programmes file (MMEDLEARN_PROGRAMS) that is a folder, a web address or
    empty is refused when the build starts, in one line: the chapters would otherwise find it
    wrong only minutes in, each with a traceback."""
    from mmedlearn.catalog import PROGRAMS_ENV_VAR, programs_file_problem

    given = os.environ.get(PROGRAMS_ENV_VAR)
    if not given:  # unset or empty: the course's own file (catalog.programs_path)
        return
    problem = programs_file_problem(given)
    if problem:
        # SystemExit passes through Sphinx's and Jupyter Book's handlers, which would print a
        # traceback for any other exception: the instructor sees this line and nothing else.
        raise SystemExit(f"{PROGRAMS_ENV_VAR}: {problem}; the book was not built")


def setup(app):
    # The kernels myst-nb starts inherit this: mmedlearn.charts.enable_renderer() then writes
    # charts for the book's own vendored scripts, not for Jupyter's built-in renderer.
    from mmedlearn.charts import BOOK_BUILD_ENV_VAR

    os.environ[BOOK_BUILD_ENV_VAR] = "1"
    _register_reference_style()
    app.connect("builder-inited", refuse_an_unusable_programmes_file, priority=100)
    app.connect("builder-inited", refresh_own_static_files)
    app.connect("builder-inited", label_years_of_citations)
    app.add_html_math_renderer("mathml", (visit_math_inline, None), (visit_math_block, None))
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("html-page-context", drop_thebe_scripts)
    app.connect("html-page-context", load_only_what_the_page_uses)
    app.connect("html-page-context", precompile_charts)
    app.connect("html-page-context", load_charts_on_demand, priority=600)  # after precompiling
    app.connect("html-page-context", add_description)
    app.connect("html-page-context", drop_widget_state, priority=900)  # after myst-nb adds it
    app.connect("html-page-context", offer_notebook_download, priority=400)  # before the theme
    app.connect("build-finished", write_notebook_downloads)
    app.connect("html-page-context", collect_situation_starts)
    app.connect("html-page-context", write_explorer_files)
    app.connect("build-finished", drop_unused_explorer_files)
    app.connect("build-finished", write_situation_files)
    app.connect("doctree-resolved", binder_links_follow_the_repository)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
