"""The chapters are MyST text notebooks with no stored outputs. The book build executes them
(with jupyter-cache), and strict nbval re-runs every executed notebook and compares its outputs:
a chapter whose results are not reproducible, or that raises, fails here. It runs them in the
environment Binder builds (scripts/lab_env.py), so that the same run shows that what Binder
installs runs every chapter (tests/test_binder_env.py checks the rest of that environment)."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

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


def executed_notebook(built_book: Path, path: Path) -> Path:
    """Where myst-nb writes the executed notebook of a page: _build/jupyter_execute/."""
    return built_book.parent / "jupyter_execute" / path.relative_to(REPO).with_suffix(".ipynb")


@pytest.fixture(scope="module")
def binder_kernel(tmp_path_factory) -> tuple[Path, Path]:
    """A kernelspec, "mmed-binder", that starts Python in the Binder-like environment
    (scripts/lab_env.py: repo2docker's front end, then requirements.txt and postBuild; the
    JupyterLab test's, cached by the hash of those files): (its JUPYTER_PATH folder, a file
    each kernel started from it writes, as evidence that the notebooks ran there)."""
    sys.path.insert(0, str(REPO / "scripts"))
    import lab_env

    python = lab_env.ensure_env() / "bin" / "python"
    folder = tmp_path_factory.mktemp("binder-kernel")
    started = folder / "kernels-started"
    spec = folder / "kernels" / "mmed-binder"
    spec.mkdir(parents=True)
    launch = f'echo "$0" >> {shlex.quote(str(started))}; exec {shlex.quote(str(python))} -m ipykernel_launcher -f "$0"'
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": ["bash", "-c", launch, "{connection_file}"],
                "display_name": "Python 3 (Binder-like environment)",
                "language": "python",
            }
        )
    )
    return folder, started


@pytest.fixture(scope="module")
def nbval_in_binder(built_book, binder_kernel, tmp_path_factory) -> tuple[dict, str]:
    """Strict nbval, once, over every notebook the build executed, each run again in the
    Binder-like environment: ({notebook's stem: each code cell's outcome}, the run's output).
    One run does the work of two: the outputs must be the book's (reproducible chapters), and
    what Binder installs must run every chapter."""
    jupyter_path, started = binder_kernel
    executed = [executed_notebook(built_book, path) for path in NOTEBOOKS]
    work = tmp_path_factory.mktemp("nbval")
    result = subprocess.run(
        [
            *strict_nbval_command(*filter(Path.is_file, executed), kernel="mmed-binder"),
            # Cells are named by their notebook's path under here: the stem tells them apart.
            "--rootdir",
            str(built_book.parent / "jupyter_execute"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=work,
        env={**os.environ, **strict_nbval_env(), "JUPYTER_PATH": str(jupyter_path)},
    )
    outcomes: dict[str, list[str]] = {}
    for outcome, name in re.findall(
        r"^(PASSED|FAILED|ERROR|SKIPPED)\s+(\S+?\.ipynb)::Cell \d+", result.stdout, flags=re.M
    ):
        outcomes.setdefault(Path(name).stem, []).append(outcome)
    assert started.is_file(), "no kernel started in the Binder-like environment:\n" + (
        result.stdout[-3000:] + result.stderr[-3000:]
    )
    return outcomes, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_notebook_matches_a_fresh_run_in_binder(built_book, nbval_in_binder, path):
    executed = executed_notebook(built_book, path)
    assert executed.is_file(), f"the build did not execute {path.name}"
    notebook = nbformat.read(executed, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code_cells), "every code cell was executed"
    outcomes, output = nbval_in_binder
    # Every code cell run again, in the Binder-like environment, with the book's outputs.
    assert outcomes.get(path.stem) == ["PASSED"] * len(code_cells), (
        f"{path.stem}: {outcomes.get(path.stem)}\n{output[-4000:]}"
    )
