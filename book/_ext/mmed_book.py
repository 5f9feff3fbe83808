"""Book-specific Sphinx hooks, loaded through `sphinx.local_extensions` in _config.yml."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


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


def load_only_what_the_page_uses(app, pagename, templatename, context, doctree):
    """Jupyter Book loads every script on every page; drop the chart libraries from pages
    without charts and MathJax from pages without formulas."""
    body = context.get("body", "")
    unused = ()
    if "altair-viz-" not in body:
        unused += CHART_SCRIPTS
    if 'class="math' not in body:
        unused += MATH_SCRIPTS
    if unused and "script_files" in context:
        context["script_files"] = [s for s in context["script_files"]
                                   if not str(getattr(s, "filename", "") or "").endswith(unused)]


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


def data_fingerprint() -> str:
    """What the executed chapters depend on besides their own text: the mmedlearn code, the
    data files (an instructor's, through MMEDLEARN_PROGRAMS and MMEDLEARN_DEFAULTS, or ours)."""
    import mmedlearn
    from mmedlearn.catalog import data_dir, programs_path
    from mmedlearn.defaults import defaults_path

    digest = hashlib.sha256()
    package = Path(mmedlearn.__file__).parent
    files = sorted(package.glob("*.py")) + [programs_path(), defaults_path(),
                                            data_dir() / "exchange_rates.csv"]
    for path in files:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
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
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("html-page-context", drop_thebe_scripts)
    app.connect("html-page-context", load_only_what_the_page_uses)
    app.connect("html-page-context", offer_notebook_download, priority=400)  # before the theme
    app.connect("build-finished", write_notebook_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
