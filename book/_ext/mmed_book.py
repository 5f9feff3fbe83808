"""Book-specific Sphinx hooks, loaded through `sphinx.local_extensions` in _config.yml."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

# The widget manager (embed-amd.js) asks for its icon fonts relative to the page itself,
# under these two folders; they must exist beside every page that shows widgets.
WIDGET_FONT_DIRS = ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist")


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


def copy_widget_fonts(app, exception):
    """Serve the vendored widget icon fonts beside each page that loads the widget manager."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    fonts = sorted((out / "_static" / "vendored" / "widget-fonts").glob("*.*"))
    page_dirs = {page.parent for page in out.rglob("*.html") if "embed-amd.js" in page.read_text("utf-8")}
    for page_dir in page_dirs:
        for sub in WIDGET_FONT_DIRS:
            (page_dir / sub).mkdir(parents=True, exist_ok=True)
            for font in fonts:
                shutil.copyfile(font, page_dir / sub / font.name)


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


def outdated_when_data_changes(app, env, added, changed, removed):
    """Sphinx re-reads (so myst-nb re-executes) only changed pages; a new programmes file or
    edited code changes none of them, so without this a rebuild kept showing the old data."""
    fingerprint = data_fingerprint()
    if getattr(env, "mmed_data_fingerprint", None) == fingerprint:
        return []
    env.mmed_data_fingerprint = fingerprint
    return [doc for doc in env.found_docs if doc not in added and os.path.exists(env.doc2path(doc))]


def setup(app):
    app.connect("env-get-outdated", outdated_when_data_changes)
    app.connect("html-page-context", drop_thebe_scripts)
    app.connect("html-page-context", load_only_what_the_page_uses)
    app.connect("build-finished", copy_widget_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
