"""Book-specific Sphinx hooks, loaded through `sphinx.local_extensions` in _config.yml."""

from __future__ import annotations

import hashlib
import os
import re
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


# Heavy scripts a page loads only when it uses them (MathJax alone is 2 MB).
CHART_SCRIPTS = ("vendored/vega.min.js", "vendored/vega-lite.min.js", "vendored/vega-embed.min.js",
                 "vendored/vega-globals-shim.js", "vendored/vega-amd-shim.js")
MATH_SCRIPTS = ("vendored/mathjax/tex-svg.js", "js/mathjax-hub-shim.js")
EXPLORER_FILES = ("js/explorers.js", "explorers.css")
EXPLORER_MARK = 'class="mmed-explorer"'  # mmedlearn.static_explorers: drawn with Vega, no Vega-Lite


def load_only_what_the_page_uses(app, pagename, templatename, context, doctree):
    """Jupyter Book loads every script on every page; drop the chart libraries from pages
    without charts and MathJax from pages without formulas."""
    body = context.get("body", "")
    unused = ()
    if "altair-viz-" not in body and EXPLORER_MARK not in body:
        unused += CHART_SCRIPTS
    if EXPLORER_MARK not in body:
        unused += EXPLORER_FILES
    if 'class="math' not in body:
        unused += MATH_SCRIPTS
    if unused and "script_files" in context:
        context["script_files"] = [s for s in context["script_files"]
                                   if not str(getattr(s, "filename", "") or "").endswith(unused)]
    if unused and "css_files" in context:
        context["css_files"] = [s for s in context["css_files"]
                                if not str(getattr(s, "filename", "") or "").endswith(unused)]


WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"


def drop_widget_state(app, pagename, templatename, context, doctree):
    """No page shows an ipywidgets snapshot: without a kernel its controls never change, so
    the live widget cells are removed from the pages (tag `remove-cell`) and the widget
    manager is not loaded (`nb_ipywidgets_js: {}`). myst-nb would still embed the state it
    saved at execution (chapter 5: about 200 KB of JSON that nothing reads); drop it too."""
    if "script_files" in context:
        context["script_files"] = [
            s for s in context["script_files"]
            if (getattr(s, "attributes", {}) or {}).get("type") != WIDGET_STATE_TYPE
        ]


# A chapter's own "open this chapter in Binder" link, written with the upstream repository.
BINDER_LINK = re.compile(r"^https://mybinder\.org/v2/gh/[^/?]+/[^/?]+/[^/?]+\?urlpath=(?P<path>.+)$")


def binder_links_follow_the_repository(app, doctree, docname):
    """Point the chapters' Binder links at the repository and branch named in _config.yml,
    as the launch buttons are, so a fork changes the address in one place. Inside the
    notebook the link (to the upstream book) still works."""
    options = app.config.html_theme_options
    match = re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", options.get("repository_url", ""))
    hub = options.get("launch_buttons", {}).get("binderhub_url", "").rstrip("/")
    if not match or not hub:
        return
    branch = options.get("repository_branch", "main")
    for reference in doctree.findall(nodes.reference):
        link = BINDER_LINK.match(reference.get("refuri", ""))
        if link:
            reference["refuri"] = (f"{hub}/v2/gh/{match.group(1)}/{match.group(2)}/{branch}"
                                   f"?urlpath={link.group('path')}")


def _is_notebook(app, docname: str) -> bool:
    return "kernelspec" in app.env.metadata.get(docname, {})


def offer_notebook_download(app, pagename, templatename, context, doctree):
    """Each notebook page's download menu offers an .ipynb (see write_notebook_downloads)."""
    if pagename in app.env.found_docs and _is_notebook(app, pagename):
        context["ipynb_source"] = pagename + ".ipynb"


def write_notebook_downloads(app, exception):
    """Write `_sources/<page>.ipynb` for every chapter stored as a MyST text notebook.

    The notebook is the text converted by jupytext, with no outputs: a learner runs it in
    their own Jupyter. (The theme copies the build's executed notebook there first; its chart
    outputs expect the book's scripts and its widget state is dead weight, so it is replaced.)
    """
    if exception is not None or app.builder.format != "html":
        return
    import jupytext

    for docname in sorted(app.env.found_docs):
        if not _is_notebook(app, docname):
            continue
        notebook = jupytext.read(app.env.doc2path(docname), fmt="md:myst")
        target = Path(app.outdir, "_sources", docname + ".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(notebook, target, fmt="ipynb")


def _dependency_versions() -> list[str]:
    """The installed versions of what mmedlearn depends on (pandas, Altair, ...): an upgrade
    can change a chapter's output as much as a change of our own code."""
    from importlib import metadata

    names = sorted({re.split(r"[ ;<>=!~\[]", requirement, maxsplit=1)[0]
                    for requirement in metadata.requires("mmedlearn") or []})
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
    code = sorted(path for path in package.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)
    for path in [*code, programs_path(), defaults_path(), data_dir() / "exchange_rates.csv"]:
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


def outdated_when_data_changes(app, env, added, changed, removed):
    """Sphinx re-reads only changed pages, and jupyter-cache re-executes only notebooks whose
    code changed; a new programmes file or edited package code changes neither, so without
    this a rebuild kept showing the old data. On a new fingerprint every page is re-read and
    the execution cache is emptied, so every chapter runs again."""
    fingerprint = data_fingerprint()
    if getattr(env, "mmed_data_fingerprint", None) == fingerprint:
        return []
    clear_execution_cache(env)
    env.mmed_data_fingerprint = fingerprint
    return [doc for doc in env.found_docs if doc not in added and os.path.exists(env.doc2path(doc))]


def setup(app):
    # The kernels myst-nb starts inherit this: mmedlearn.charts.enable_renderer() then writes
    # charts for the book's own vendored scripts, not for Jupyter's built-in renderer.
    from mmedlearn.charts import BOOK_BUILD_ENV_VAR

    os.environ[BOOK_BUILD_ENV_VAR] = "1"
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("html-page-context", drop_thebe_scripts)
    app.connect("html-page-context", load_only_what_the_page_uses)
    app.connect("html-page-context", drop_widget_state, priority=900)  # after myst-nb adds it
    app.connect("html-page-context", offer_notebook_download, priority=400)  # before the theme
    app.connect("build-finished", write_notebook_downloads)
    app.connect("doctree-resolved", binder_links_follow_the_repository)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
