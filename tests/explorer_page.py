"""A bare page holding one kernel-free explorer, with the book's own scripts: the explorers'
tests run against it in Chromium without building the whole book."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO
from mmedlearn.static_explorers import split_explorer_files

ASSETS = REPO / "book" / "_assets"
SCRIPTS = [
    "vendored/vega.min.js",
    "vendored/vega-embed.min.js",
    "js/compare-rule.js",
    "js/mmed-model.gen.js",
    "js/explorer-common.js",
    "js/compare-explorer.js",
    "js/roi-explorer.js",
]


def write_page(folder: Path, explorer, name: str = "index.html") -> Path:
    """Write ``name`` into ``folder`` with the explorer's HTML and every file it loads: the
    book's scripts, and the files it loads on demand, taken out of the page as the book's
    build takes them (static_explorers.split_explorer_files)."""
    for relative in [*SCRIPTS, "explorers.css"]:
        target = folder / "_static" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / relative, target)
    body, files = split_explorer_files(explorer.html())
    for relative, text in files.items():
        target = folder / "_static" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    scripts = "".join(
        f'<script src="_static/{s}"{" defer" if s.startswith("js/") else ""}></script>'
        for s in SCRIPTS
    )
    page = folder / name
    page.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Explorer</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="_static/explorers.css">{scripts}</head>'
        f"<body><main><h1>Explorer</h1><p>Before.</p>{body}<p>After.</p></main></body></html>",
        encoding="utf-8",
    )
    return page
