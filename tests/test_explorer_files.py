"""The files an explorer loads on demand (chapter 3's catalogue) as the book's build writes
them (book/_ext/mmed_book.py): taken out of the page, written under _static, and removed once
no page refers to them. Without a book build: the hooks run on a page's HTML and a folder."""

from __future__ import annotations

import importlib.util
import json
import re
from types import SimpleNamespace

import pytest

from conftest import REPO
from mmedlearn import catalog, static_explorers
from mmedlearn.compare import load_exchange_rates


def _mmed_book():
    spec = importlib.util.spec_from_file_location("mmed_book", REPO / "book/_ext/mmed_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_writes_the_catalogue_under_static_and_takes_it_out_of_the_page(tmp_path):
    hooks = _mmed_book()
    programs = catalog.load_programs()
    explorer = static_explorers.compare_explorer_page(programs, load_exchange_rates())
    body = "<h1>Chapter 3</h1>" + explorer.html()
    context = {"body": body}
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    hooks.write_explorer_files(app, "book/chapters/03", "page.html", context, None)
    name = explorer.config["data_file"]
    written = (tmp_path / "_static" / name).read_text(encoding="utf-8")
    prefix = f'window.mmedExplorerFileLoaded("{name}", '
    assert written.startswith(prefix)
    assert json.loads(written[len(prefix) : -3]) == json.loads(
        json.dumps(static_explorers.comparison_data(programs))
    )
    assert "mmed-explorer-file" not in context["body"]
    assert len(context["body"]) < len(body) - len(written) + 100
    assert (
        context["body"].startswith("<h1>Chapter 3</h1>")
        and "mmed-explorer-config" in (context["body"])
    )
    # A rebuild with other programmes: the old file goes once no page refers to it.
    page = tmp_path / "book" / "chapters" / "03.html"
    page.parent.mkdir(parents=True)
    page.write_text(context["body"], encoding="utf-8")
    stale = tmp_path / "_static" / "comparison" / "catalogue-0123456789abcdef.js"
    stale.write_text("window.mmedExplorerFileLoaded();", encoding="utf-8")
    hooks.drop_unused_explorer_files(app, None)
    assert not stale.exists() and (tmp_path / "_static" / name).is_file()


@pytest.mark.slow
def test_the_built_chapter_3_refers_to_its_catalogue_file_and_carries_none_of_it(built_book):
    chapter = (built_book / "book/chapters/03_comparing_providers.html").read_text()
    config = json.loads(
        re.search(r'class="mmed-explorer-config">(.*?)</script>', chapter, re.S).group(1)
    )
    name = config["data_file"]
    text = (built_book / "_static" / name).read_text(encoding="utf-8")
    prefix = f'window.mmedExplorerFileLoaded("{name}", '
    assert text.startswith(prefix)
    data = json.loads(text[len(prefix) : -3])
    assert data["rule"]["n"] == config["total"] == len(catalog.load_programs())
    assert "mmed-explorer-file" not in chapter
    # The page holds the first view's rows, not the catalogue's.
    assert config["first_view"]["data"]["rule"]["n"] == static_explorers.TABLE_ROWS
    assert [p.name for p in (built_book / "_static" / "comparison").iterdir()] == [
        name.split("/")[1]
    ]
