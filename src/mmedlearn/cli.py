"""The ``mmedlearn`` command: thin wrappers that parse flags and call the same functions
the chapters use. A wrong file or flag gets a clear message and a non-zero exit, never a
traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mmedlearn import compare as comparison
from mmedlearn.catalog import load_programs, programs_path
from mmedlearn.schema import (DELIVERY_MODES, RESEARCH_REQUIREMENTS, DataFileError)
from mmedlearn.tables import present, terminal_safe

class UsageError(Exception):
    """A flag's value is wrong: exit 2 with the message."""


def _validate(args: argparse.Namespace) -> int:
    path = programs_path(args.path)
    try:
        programs = load_programs(path)
    except DataFileError as error:
        for problem in error.problems:
            print(f"{terminal_safe(str(path))}: {terminal_safe(str(problem))}", file=sys.stderr)
        print(f"{terminal_safe(str(path))}: {len(error.problems)} problem(s); not valid",
              file=sys.stderr)
        return 1
    countries = programs["country"].nunique()
    print(f"{terminal_safe(str(path))}: valid, {len(programs)} programmes in {countries} countries")
    return 0


def _compare(args: argparse.Namespace) -> int:
    try:
        weights = comparison.Weights(duration=args.weight_duration, cost=args.weight_cost,
                                     research=args.weight_research, paid_post=args.weight_paid_post)
        rates = comparison.load_exchange_rates()
        if args.currency not in rates.index:
            raise ValueError(f"--currency: no exchange rate for {args.currency!r}; "
                             f"known: {', '.join(rates.index)}")
    except ValueError as error:
        raise UsageError(str(error)) from None
    filters = comparison.Filters(
        countries=tuple(args.country), max_duration_years=args.max_duration_years,
        research=tuple(args.research), paid_post_only=args.paid_post_only,
        delivery=tuple(args.delivery), max_annual_cost=args.max_annual_cost,
        currency=args.currency,
    )
    programs = load_programs(args.programs)
    ranked = comparison.compare(programs, filters, weights, rates)
    table = present(ranked, comparison.RANKED_COLUMNS, labels=comparison.result_labels(args.currency))
    print(table.text(max_colwidth=args.width))
    print(f"\n{len(ranked)} of {len(programs)} programmes shown. Exchange rates of "
          f"{rates.attrs['rate_date']}; 'unknown' lists what no source gave (it scores 0).")
    return 0


def _number_from(low: float, high: float = float("inf")):
    """An argparse type: a number within [low, high], or a message naming the range."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            bound = f"from {low:g} to {high:g}" if high != float("inf") else f"{low:g} or more"
            raise argparse.ArgumentTypeError(f"{text!r} must be {bound}")
        return value
    return parse


_non_negative = _number_from(0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mmedlearn", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check a programmes CSV against the schema")
    validate.add_argument("path", nargs="?", help="the CSV (default: $MMEDLEARN_PROGRAMS, then ours)")
    validate.set_defaults(run=_validate)

    compare = commands.add_parser("compare", help="filter and rank programmes")
    compare.add_argument("--programs", help="programmes CSV (default: $MMEDLEARN_PROGRAMS, then ours)")
    compare.add_argument("--country", action="append", default=[], help="keep this country (repeatable)")
    compare.add_argument("--max-duration-years", type=_non_negative)
    compare.add_argument("--research", action="append", default=[], choices=RESEARCH_REQUIREMENTS)
    compare.add_argument("--paid-post-only", action="store_true")
    compare.add_argument("--delivery", action="append", default=[], choices=DELIVERY_MODES)
    compare.add_argument("--max-annual-cost", type=_non_negative, help="in --currency")
    compare.add_argument("--currency", default="USD", help="ISO code (default USD)")
    for criterion in comparison.CRITERIA:
        compare.add_argument(f"--weight-{criterion.replace('_', '-')}", default=1.0,
                             type=_number_from(0, comparison.MAX_WEIGHT),
                             help=f"0 to {comparison.MAX_WEIGHT:g} (default 1)")
    compare.add_argument("--width", type=int, default=40, help="widest column, in characters")
    compare.set_defaults(run=_compare)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        parser.exit(2, f"mmedlearn {args.command}: error: {terminal_safe(str(error))}\n")
    except DataFileError as error:
        for problem in error.problems:
            print(f"{terminal_safe(error.source)}: {terminal_safe(str(problem))}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
