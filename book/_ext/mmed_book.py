"""Book-specific Sphinx hooks, loaded through `sphinx.local_extensions` in _config.yml."""

from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", drop_thebe_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
