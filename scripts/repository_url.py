"""The repository's address, set in one place: ``repository.url`` in ``_config.yml``.

The book's launch buttons (Binder) and its repository and download links use it; the
publishing workflow checks it against the repository it runs in, so that a fork which has
not changed it does not publish buttons that open someone else's copy.

    python scripts/repository_url.py                       # prints the address
    python scripts/repository_url.py --expect URL          # exit 1, with the fix, if different
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

CONFIG = Path(__file__).resolve().parents[1] / "_config.yml"


def repository_url(config: Path = CONFIG) -> str:
    url = (yaml.safe_load(config.read_text()).get("repository") or {}).get("url")
    if not url:
        raise SystemExit(f"{config.name}: repository.url is not set")
    return url.rstrip("/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", help="the address this repository really has")
    args = parser.parse_args(argv)
    url = repository_url()
    if args.expect and url.lower() != args.expect.rstrip("/").lower():
        print(
            f"_config.yml names {url} as this repository, but it is {args.expect}: the launch "
            f"buttons would open the other one. Set repository.url in _config.yml to {args.expect} "
            "(book/instructors.md, 'Point the launch buttons at your copy').",
            file=sys.stderr,
        )
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
