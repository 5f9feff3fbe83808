"""Refuse, in one line, an instructor's programmes file (MMEDLEARN_PROGRAMS) that cannot be
one: a folder, a web address, a missing or empty file. `make book` runs this before building."""

import os
import sys

from mmedlearn.catalog import PROGRAMS_ENV_VAR, programs_file_problem


def main() -> int:
    given = os.environ.get(PROGRAMS_ENV_VAR)
    problem = programs_file_problem(given) if given else None
    if problem:
        print(f"{PROGRAMS_ENV_VAR}: {problem}; the book was not built", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
