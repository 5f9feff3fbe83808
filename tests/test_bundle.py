"""`make bundle`: the zipped site works opened from disk, with nothing fetched from outside it."""

import subprocess
import sys
import zipfile

import pytest

from browser import browser_context, open_page, require_chromium, wait_for_charts
from conftest import REPO, book_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PAGES = book_pages()


@pytest.fixture(scope="module")
def unpacked(built_book, tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    archive = out / "course.zip"
    subprocess.run(
        [sys.executable, REPO / "scripts" / "bundle.py", built_book, archive], check=True
    )
    with zipfile.ZipFile(archive) as zipped:
        assert all(name.startswith("mmed-pathways/") for name in zipped.namelist())
        zipped.extractall(out)
    return out / "mmed-pathways"


def test_every_page_works_from_disk(unpacked, artifacts_dir):
    require_chromium()
    base_url = unpacked.as_uri()
    with browser_context(base_url) as context:
        for path in ["index.html", *PAGES]:
            page, log = open_page(context, base_url, path)
            wait_for_charts(page)
            assert log.problems() == [], path
            page.close()


def test_chapter_3_loads_its_catalogue_from_disk(unpacked):
    """The comparison's catalogue is a file of its own (issue 26), in the bundle and loaded
    with a <script>, which a page opened from disk can do."""
    from mmedlearn import catalog

    require_chromium()
    base_url = unpacked.as_uri()
    total = len(catalog.load_programs())
    with browser_context(base_url) as context:
        page, log = open_page(context, base_url, "book/chapters/03_comparing_providers.html")
        page.wait_for_selector(".mmed-explorer[data-updates]", timeout=60_000)
        page.get_by_role("button", name=f"Show all {total}").click()
        page.wait_for_function(
            f"document.querySelectorAll('.mmed-ranking tbody tr').length === {total}"
        )
        assert log.problems() == []


def test_bundle_refuses_an_unbuilt_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, REPO / "scripts" / "bundle.py", tmp_path, tmp_path / "x.zip"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "run 'make book' first" in result.stderr
    assert not (tmp_path / "x.zip").exists()
