"""Chapter 3 at the largest catalogue `mmedlearn validate` is promised to build (20,000
programmes): every chart it draws stays within Altair's 5,000-row limit (it aggregates, or
draws the first rows), and what the page receives grows by a small, fixed amount a programme."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO, VENV_BIN
from mmedlearn import catalog, charts, compare, static_explorers
from mmedlearn.widgets import ComparisonExplorer

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic_programmes import synthetic_csv

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "programmes.csv"
    path.write_text(synthetic_csv(20_000, seed=5), encoding="utf-8")
    checked = subprocess.run(
        [str(VENV_BIN / "mmedlearn"), "validate", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return catalog.load_programs(path)


def test_chapter_3s_charts_draw_twenty_thousand_programmes(large):
    # Each raises Altair's MaxRowsError past 5,000 rows if it sends a row per programme.
    assert len(charts.duration_explorer(large).to_dict()["datasets"]) == 1
    ranked = compare.compare(large)
    assert charts.ranking_chart(ranked).to_dict()["title"].endswith("first 25 of 20,000")
    explorer = ComparisonExplorer(large)
    assert explorer.chart is not None


def test_the_page_stays_the_same_size_and_its_catalogue_file_grows_by_a_few_bytes_a_programme(
    large,
):
    small = catalog.load_programs()

    def sizes(programs):
        page, files = static_explorers.split_explorer_files(
            static_explorers.compare_explorer_page(programs).html()
        )
        (file,) = files.values()
        return len(page), len(file)

    (page_small, file_small), (page_large, file_large) = sizes(small), sizes(large)
    # The page holds the first view (20 rows) and the choices, whatever the catalogue: 55 times
    # the programmes add less than the longer lists of countries and specialties take.
    assert page_large < 1.25 * page_small and page_large < 24_000, (page_small, page_large)
    # The catalogue, column by column, text once per category: well under the ~2,000 bytes a
    # programme the page took when every programme carried its costs in every currency.
    per_programme = (file_large - file_small) / (len(large) - len(small))
    assert per_programme < 150, per_programme
