"""The ``mmedlearn`` command's entry point: light, so that Ctrl-C pressed while the command
is still loading pandas and the rest (about a second) is one line and exit 130 too, not a
traceback. The command itself is :func:`mmedlearn.cli.main`."""

from __future__ import annotations

import sys

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def main() -> int:
    try:
        from mmedlearn.cli import main as run
    except KeyboardInterrupt:
        print("mmedlearn: interrupted", file=sys.stderr)
        return INTERRUPTED
    return run()


if __name__ == "__main__":
    sys.exit(main())
