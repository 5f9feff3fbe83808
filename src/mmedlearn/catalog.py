"""Load the programmes table, wherever the code runs.

The chapters call :func:`load_programs` with no argument. It must find the data from the
notebook's own folder, from Binder (repository root), from a test's temporary folder and
from an installed wheel, so the path never depends on the working directory.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pandas as pd

#: How each column is named for a reader.
COLUMN_LABELS = {
    "program_id": "ID",
    "institution": "Institution",
    "country": "Country",
    "programme": "Programme",
    "specialty": "Specialty",
    "degree_title": "Degree awarded",
    "in_guide": "In the guide",
    "guide_claim": "The guide says",
    "verification": "Verdict",
    "duration_min_years": "Minimum years",
    "duration_max_years": "Maximum years",
    "research_requirement": "Research",
    "clinical_focus": "Clinical training",
    "delivery_mode": "Delivery",
    "paid_post": "Paid post",
    "tuition_per_year": "Tuition a year",
    "one_off_fees": "One-off fees",
    "fee_currency": "Currency",
    "fee_year": "Fee year",
    "sources": "Sources",
    "notes": "What the sources say",
}

#: Environment variable through which an instructor points the book at their own file.
PROGRAMS_ENV_VAR = "MMEDLEARN_PROGRAMS"


def data_dir() -> Path:
    """The folder holding the shipped data files.

    A wheel carries them inside the package (``mmedlearn/data``); a source checkout or an
    editable install (what Binder and ``make`` use) reads the repository's ``data/``.
    """
    packaged = resources.files("mmedlearn") / "data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data"


def programs_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve which programmes file to read: the argument, then the environment, then ours."""
    if path is not None:
        return Path(path)
    from_env = os.environ.get(PROGRAMS_ENV_VAR)
    if from_env:
        return Path(from_env)
    return data_dir() / "programs.csv"


def load_programs(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read the programmes table (one row per programme), keeping unknown values empty.

    >>> programs = load_programs()
    >>> programs.loc["nairobi_psych", "country"]
    'Kenya'
    """
    table = pd.read_csv(programs_path(path), encoding="utf-8-sig", dtype={"fee_year": "Int64"})
    return table.set_index("program_id", drop=False)


def guide_check(programs: pd.DataFrame) -> pd.DataFrame:
    """The guide's comparison table beside what public sources say: one row per provider
    the guide names, in the guide's order, with the columns chapter 3 shows."""
    return programs.loc[programs["in_guide"] == "yes", GUIDE_CHECK_COLUMNS]


GUIDE_CHECK_COLUMNS = ["institution", "guide_claim", "notes", "verification", "sources"]
