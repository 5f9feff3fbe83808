"""The default assumptions, defined once in ``data/default_assumptions.toml``.

The chapter-5 explorer, the ROI calculator and ``mmedlearn roi`` all start from them; an
instructor edits that file (or points ``MMEDLEARN_DEFAULTS`` at their own) and rebuilds.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path

from mmedlearn.catalog import data_dir
from mmedlearn.roi import FIELD_NAMES, Assumptions
from mmedlearn.roi_charts import EXPLORER_INPUTS
from mmedlearn.schema import DataFileError, Problem

DEFAULTS_ENV_VAR = "MMEDLEARN_DEFAULTS"


def defaults_path(path: str | os.PathLike[str] | None = None) -> Path:
    if path is not None:
        return Path(path)
    return Path(os.environ.get(DEFAULTS_ENV_VAR) or data_dir() / "default_assumptions.toml")


def load_default_assumptions(path: str | os.PathLike[str] | None = None) -> Assumptions:
    """Read and check the defaults; every problem is listed, each naming its field.

    >>> load_default_assumptions().discount_rate
    0.03
    """
    source = defaults_path(path)
    try:
        document = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataFileError(str(source), [Problem(f"cannot read the file ({error.strerror})")]) from None
    except UnicodeDecodeError:
        raise DataFileError(str(source), [Problem("the file is not UTF-8")]) from None
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(str(source), [Problem(f"not valid TOML: {error}")]) from None
    values = document.get("assumptions")
    if not isinstance(values, dict):
        raise DataFileError(str(source), [Problem("no [assumptions] table")])
    problems = []
    for name in values.keys() - set(FIELD_NAMES):
        close = difflib.get_close_matches(name, FIELD_NAMES, n=1)
        problems.append(Problem("unknown field" + (f"; did you mean {close[0]}?" if close else ""),
                                column=name, noun="field"))
    for name in FIELD_NAMES:
        if name not in values:
            problems.append(Problem("missing", column=name, noun="field"))
            continue
        try:
            Assumptions(**{**_ANY_VALID, name: values[name]})
        except ValueError as error:
            problems.append(Problem(str(error).split(": ", 1)[1], column=name, noun="field"))
            continue
        low, high, _ = EXPLORER_INPUTS[name]
        if not low <= values[name] <= high:
            problems.append(Problem(f"must lie within the explorer's range, {low:g} to {high:g}; "
                                    f"got {values[name]:g}", column=name, noun="field"))
    if not problems:
        try:
            return Assumptions(**values)
        except ValueError as error:  # a rule across fields (horizon against duration)
            name, _, message = str(error).partition(": ")
            problems.append(Problem(message, column=name, noun="field"))
    raise DataFileError(str(source), sorted(problems, key=lambda p: FIELD_NAMES.index(p.column)
                                            if p.column in FIELD_NAMES else -1))


# A valid scenario against which one field at a time is checked.
_ANY_VALID = dict(duration_years=1, tuition_per_year=0, baseline_salary=0, post_salary=0, horizon_years=60)
