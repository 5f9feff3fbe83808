"""The chapters are MyST text notebooks with no stored outputs. The book build executes them
(with jupyter-cache), and strict nbval re-runs every executed notebook and compares its outputs:
a chapter whose results are not reproducible, or that raises, fails here."""

import os
import subprocess

import jupytext
import nbformat
import pytest

from conftest import NOTEBOOKS, REPO, strict_nbval_command, strict_nbval_env


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_is_myst_text_with_a_kernel(path):
    text = path.read_text()
    assert text.startswith("---\n"), "front matter first"
    notebook = jupytext.reads(text, fmt="md:myst")
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert notebook.metadata["jupytext"]["text_representation"]["format_name"] == "myst"
    assert any(cell.cell_type == "code" for cell in notebook.cells)
    # The text form cannot hold outputs; a pasted JSON notebook would show its "outputs" key.
    assert '"outputs"' not in text


def test_no_notebook_json_in_git():
    listed = subprocess.run(["git", "ls-files", "book"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    assert [name for name in listed.stdout.split() if name.endswith(".ipynb")] == []
    # A notebook made from the text (by jupytext, or JupyterLab) is ignored, not committed.
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "book/chapters/01_what_is_an_mmed.ipynb"], cwd=REPO
    )
    assert ignored.returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_notebook_matches_a_fresh_run(built_book, path, tmp_path):
    # myst-nb writes each executed notebook under _build/jupyter_execute/, by page name.
    executed = built_book.parent / "jupyter_execute" / path.relative_to(REPO).with_suffix(".ipynb")
    assert executed.is_file(), f"the build did not execute {path.name}"
    notebook = nbformat.read(executed, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code_cells), "every code cell was executed"
    # Run the notebook again in this environment and compare every output.
    result = subprocess.run(
        [*strict_nbval_command(executed), "--rootdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, **strict_nbval_env()},
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert f"{len(code_cells)} passed" in result.stdout, result.stdout[-2000:]
