"""The default assumptions, defined once in ``data/default_assumptions.toml``.

The chapter-5 explorer, the ROI calculator and ``mmedlearn roi`` all start from them; an
instructor edits that file (or points ``MMEDLEARN_DEFAULTS`` at their own) and rebuilds.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path

from mmedlearn.fields import FIELD_NAMES, FIELDS, FieldError
from mmedlearn.paths import data_dir
from mmedlearn.problems import DataFileError, Problem
from mmedlearn.roi import Assumptions

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
        raise DataFileError(
            str(source), [Problem(f"cannot read the file ({error.strerror})")]
        ) from None
    except UnicodeDecodeError:
        raise DataFileError(str(source), [Problem("the file is not UTF-8")]) from None
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(str(source), [Problem(f"not valid TOML: {error}")]) from None
    values = document.get("assumptions")
    if not isinstance(values, dict):
        raise DataFileError(str(source), [Problem("no [assumptions] table")])
    problems = []
    for name in sorted(values.keys() - set(FIELD_NAMES)):
        close = difflib.get_close_matches(name, FIELD_NAMES, n=1)
        problems.append(
            Problem(
                "unknown field" + (f"; did you mean {close[0]}?" if close else ""),
                column=name,
                noun="field",
            )
        )
    for name, field in FIELDS.items():
        if name not in values:
            problems.append(Problem("missing", column=name, noun="field"))
            continue
        try:
            value = field.check(values[name])
        except FieldError as error:
            problems.append(Problem(error.reason, column=name, noun="field"))
            continue
        low, high, _ = field.slider
        if not low <= value <= high:
            problems.append(
                Problem(
                    f"must lie within the explorer's range, {low:g} to {high:g}; got {value:g}",
                    column=name,
                    noun="field",
                )
            )
    if not problems:
        try:
            return Assumptions(**values)
        except (
            FieldError
        ) as error:  # a rule across fields (horizon or dropout year against duration)
            problems.append(Problem(error.reason, column=error.field, noun="field"))
    order = {name: index for index, name in enumerate(FIELD_NAMES)}
    raise DataFileError(str(source), sorted(problems, key=lambda p: order.get(p.column, -1)))
