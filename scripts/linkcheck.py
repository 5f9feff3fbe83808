"""Check that every source address in the data still answers.

Reads every http(s) address in the CSV files given (by default data/*.csv), asks each once
(HEAD, then GET where a server refuses HEAD), and prints one line per address that fails,
with the file, row and column it is cited in. Exit 0 when all answer, 1 otherwise.

It needs the web, so it is not part of `make test`: run `make linkcheck` where a network exists.

    python scripts/linkcheck.py [--timeout 20] [FILE.csv ...]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
URL = re.compile(r"https?://[^\s;,<>\"')]+")
# Some university sites refuse requests without a browser-like agent.
HEADERS = {"User-Agent": "Mozilla/5.0 (compatible; mmed-pathways-linkcheck/1.0)"}


def cited_addresses(paths: list[Path]) -> dict[str, list[str]]:
    """Each address, with where it is cited: 'programs.csv row 7, column sources'
    (row numbers as a spreadsheet shows them: the header is row 1)."""
    places = defaultdict(list)
    for path in paths:
        with open(path, newline="", encoding="utf-8") as file:
            for row_number, row in enumerate(csv.DictReader(file), start=2):
                for column, text in row.items():
                    for url in URL.findall(text or ""):
                        places[url.rstrip(".")].append(
                            f"{path.name} row {row_number}, column {column}"
                        )
    return dict(places)


def check(url: str, timeout: float) -> str | None:
    """None if the address answers with a success or a redirect to one; else the problem."""
    last = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers=HEADERS)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status < 400:
                    return None
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
            if error.code not in (403, 405, 501):  # refusals of HEAD: try GET
                return last
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"no answer ({getattr(error, 'reason', error)})"
    return last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="CSV files (default: data/*.csv)")
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds per request (default 20)"
    )
    args = parser.parse_args(argv)
    places = cited_addresses(args.files or sorted(DATA.glob("*.csv")))
    with ThreadPoolExecutor(max_workers=8) as pool:
        problems = dict(
            zip(places, pool.map(lambda url: check(url, args.timeout), places), strict=False)
        )
    broken = {url: problem for url, problem in problems.items() if problem}
    for url, problem in sorted(broken.items()):
        print(f"{url}: {problem}; cited in {'; '.join(places[url])}")
    print(f"{len(places) - len(broken)} of {len(places)} addresses answer.", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
