"""The ``mmedlearn`` command: thin wrappers that parse flags and call the same functions
the chapters use. A wrong file or flag gets a clear message and a non-zero exit, never a
traceback."""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mmedlearn import output
from mmedlearn.compare_rule import CRITERIA, MAX_WEIGHT
from mmedlearn.fields import FIELD_NAMES, FIELDS, FieldError
from mmedlearn.output import terminal_safe
from mmedlearn.paths import data_dir, programs_path
from mmedlearn.problems import DataFileError
from mmedlearn.vocabulary import DELIVERY_MODES, FUNDING_TYPES, PAID_POST, RESEARCH_REQUIREMENTS

if TYPE_CHECKING:
    from mmedlearn import roi

# Each command imports what it needs when it runs, not here: pandera (the schema) costs most
# of a second and only checking a programmes or rates file needs it; `mmedlearn roi` with its
# flags alone needs neither it nor the catalogue, and `compare` and `roi` with a programme or
# a country take a catalogue they checked before from mmedlearn.catalogue_cache
# (benchmarks/bench_startup.py).

# The old flag kept its meaning: drop what is known to have no (or only a sponsored) paid post.
PAID_POST_ONLY = ("yes", "unknown")


class UsageError(Exception):
    """A flag's value is wrong: exit 2 with the message."""


class OneLineParser(argparse.ArgumentParser):
    """Reports a wrong flag in one line (and where to find help), not a usage block."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _report(error: DataFileError) -> None:
    """Each problem of a data file on its own line, prefixed by the file."""
    for problem in error.problems:
        print(f"{terminal_safe(error.source)}: {terminal_safe(str(problem))}", file=sys.stderr)


def _rates_with(currency: str, rates=None):
    """The exchange rates (read here unless given), or a usage error naming --currency when
    it has no rate."""
    from mmedlearn import catalogue_cache

    rates = catalogue_cache.load_exchange_rates() if rates is None else rates
    if currency not in rates.index:
        raise UsageError(
            f"--currency: no exchange rate for {currency!r}; known: {', '.join(rates.index)}"
        )
    return rates


def _check_currency(currency: str, programs, rates) -> None:
    """A currency the book knows: one with an exchange rate, or one a programme's fee is in."""
    known = sorted(set(rates.index) | {c for c in programs["fee_currency"] if isinstance(c, str)})
    if currency not in known:
        raise UsageError(
            f"--currency: {currency!r} is not a currency of the exchange rates or of "
            f"any programme; known: {', '.join(known)}"
        )


def _path_problem(given: str) -> str | None:
    """Why the path a reader gave cannot be a catalogue folder or a programmes file, where the
    loader would not say so itself, or None. A folder must hold a programs.csv: the tables it
    lacks come from ours, and so, before this check, did the programmes (any folder was reported
    valid with the shipped programmes). A web address is named as one (the loader reads "https:/...")."""
    if Path(given).is_dir() and not (Path(given) / "programs.csv").is_file():
        return "the folder has no programs.csv: give a catalogue folder or a CSV file"
    if "://" in given:
        return "a web address: download the file and give its path on this computer"
    return None


def _validate(args: argparse.Namespace) -> int:
    from mmedlearn.catalog import check_catalogue

    path = programs_path(args.path)
    # As typed: a Path would turn "https://..." into "https:/...".
    given = args.path if args.path is not None else str(path)
    problem = _path_problem(given)
    if problem:
        print(f"{terminal_safe(given)}: {problem}", file=sys.stderr)
        print(f"{terminal_safe(given)}: 1 problem(s); not valid", file=sys.stderr)
        return 1
    try:
        checked = check_catalogue(path)
    except DataFileError as error:
        _report(error)
        print(
            f"{terminal_safe(error.source)}: {len(error.problems)} problem(s); not valid",
            file=sys.stderr,
        )
        return 1
    if checked.tables is not None:  # the catalogue layout: say what else it holds
        held = ", ".join(
            f"{rows} {name.removesuffix('.csv').replace('_', ' ')}"
            for name, rows in checked.tables.items()
            if name != "programs.csv"
        )
        print(f"Catalogue tables: {held}")
    print(
        f"{terminal_safe(str(path))}: valid, {checked.programmes} programmes in "
        f"{checked.countries} countries"
    )
    return 0


def _compare(args: argparse.Namespace) -> int:
    from mmedlearn import catalogue_cache
    from mmedlearn import compare as comparison
    from mmedlearn.tables import present

    try:
        weights = comparison.Weights(
            duration=args.weight_duration,
            cost=args.weight_cost,
            research=args.weight_research,
            paid_post=args.weight_paid_post,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    rates = _rates_with(args.currency)
    filters = comparison.Filters(
        countries=tuple(args.country),
        max_duration_years=args.max_duration_years,
        research=tuple(args.research),
        paid_post=tuple(args.paid_post) or (PAID_POST_ONLY if args.paid_post_only else ()),
        delivery=tuple(args.delivery),
        max_annual_cost=args.max_annual_cost,
        currency=args.currency,
    )
    programs = catalogue_cache.load_programs(args.programs)
    try:
        ranked = comparison.compare(programs, filters, weights, rates)
    except FieldError as error:  # e.g. a country no programme is in
        raise UsageError(f"{_flag(error.field)}: {error.reason}") from None
    if ranked.empty:
        print("No programme passes these filters.")
    else:
        table = present(
            ranked, comparison.RANKED_COLUMNS, labels=comparison.result_labels(args.currency)
        )
        print(table.text(max_colwidth=args.width))
    converted = ranked.loc[ranked["annual_cost"].notna(), "fee_currency"]
    used = comparison.rates_used(args.currency, converted, rates)
    print(
        f"\n{len(ranked)} of {len(programs)} programmes shown; 'unknown' lists what no source "
        f"gave (it scores 0).\nExchange rates: {terminal_safe(comparison.rate_note(rates, used))}."
    )
    return 0


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _field_value(name: str):
    """An argparse type for one ROI field, checked against the model's own range."""

    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        try:
            return FIELDS[name].check(number)
        except FieldError as error:
            raise argparse.ArgumentTypeError(error.reason) from None

    return parse


def _assumptions_from(args: argparse.Namespace) -> tuple[roi.Assumptions, list[str]]:
    """Assumptions from the flags, with a chosen programme's duration and tuition filling the
    flags not given (see mmedlearn.scenario). Returns them and notes on where values came from."""
    from mmedlearn import catalogue_cache
    from mmedlearn.defaults import defaults_path, load_default_assumptions
    from mmedlearn.scenario import SALARY_FIELDS, programme_scenario, salary_notes

    given = {name: getattr(args, name) for name in FIELD_NAMES if getattr(args, name) is not None}
    defaults = assumptions = load_default_assumptions(args.defaults)
    notes = []
    taken = [name for name in FIELD_NAMES if name not in given]
    source = defaults_path(args.defaults)
    if args.program or args.currency:
        programs = catalogue_cache.load_programs(args.programs)  # checked once, then kept
    else:
        programs = None
    rates = catalogue_cache.load_exchange_rates() if programs is not None else None
    if args.currency:
        _check_currency(args.currency, programs, rates)
    if args.program:
        if args.program not in programs.index:
            raise UsageError(
                f"--program: no programme {args.program!r}; known: {', '.join(programs.index)}"
            )
        chosen = programs.loc[args.program]
        fee_currency = chosen["fee_currency"] if isinstance(chosen["fee_currency"], str) else ""
        currency = args.currency or fee_currency
        scenario = programme_scenario(chosen, defaults, currency, rates, fixed=given)
        assumptions = scenario.assumptions
        notes.append(f"Programme: {chosen['institution']}, {chosen['programme']}")
        notes.extend(scenario.notes)
        if currency:
            notes.append(f"Give every other amount in {currency}.")
        changed = {
            name for name in FIELD_NAMES if getattr(assumptions, name) != getattr(defaults, name)
        }
        taken = [name for name in taken if name not in changed]
    if len(taken) == len(FIELD_NAMES):
        notes.append(f"Every value from {source}")
    elif taken:
        notes.append(f"From {source}: {', '.join(taken)}")
    try:
        assumptions = assumptions.replace(**given)
    except FieldError as error:
        raise UsageError(f"{_flag(error.field)}: {error.reason}") from None
    salaries = {name: getattr(assumptions, name) for name in SALARY_FIELDS}
    return assumptions, notes + salary_notes(salaries, args.currency or "")


def _situation_from(args: argparse.Namespace) -> tuple[roi.Assumptions, list[str]]:
    """Assumptions filled from the reader's country, funding and (optionally) programme, each
    value with where it came from (mmedlearn.scenario.start_from_situation); flags given win."""
    from mmedlearn import catalogue_cache
    from mmedlearn.defaults import load_default_assumptions
    from mmedlearn.scenario import (
        ILLUSTRATIVE,
        SALARY_FIELDS,
        situation_currency,
        start_from_situation,
    )

    programs = catalogue_cache.load_programs(args.programs)  # checked once, then kept
    tables = catalogue_cache.load_tables(data_dir())
    known = _situation_countries(programs, tables)
    if args.country not in known:
        raise UsageError(
            f"--country: no data for {args.country!r} (no programme, pay scale or funding "
            f"terms); countries with data: {', '.join(known)}"
        )
    if not args.funding:
        raise UsageError(f"--funding: needed with --country; one of: {', '.join(FUNDING_TYPES)}")
    given = {name: getattr(args, name) for name in FIELD_NAMES if getattr(args, name) is not None}
    defaults = load_default_assumptions(args.defaults)
    chosen = None
    if args.program:
        if args.program not in programs.index:
            raise UsageError(
                f"--program: no programme {args.program!r}; known: {', '.join(programs.index)}"
            )
        chosen = programs.loc[args.program]
    rates = catalogue_cache.load_exchange_rates()
    currency = args.currency or situation_currency(
        args.country, tables.get("pay_scales.csv"), rates, chosen, fallback="USD"
    )
    try:
        situation = start_from_situation(
            args.country,
            args.funding,
            base={name: getattr(defaults, name) for name in FIELD_NAMES},
            base_currency="USD",  # the shipped defaults are an illustrative USD case
            pay_scales=tables.get("pay_scales.csv"),
            funding_terms=tables.get("funding_terms.csv"),
            sources=tables["sources.csv"],
            rates=rates,
            programme=chosen,
            currency=currency,
        )
    except ValueError as error:
        raise UsageError(f"--{error}") from None
    # Inputs the model does not know yet (ROI model version 3) are reported, not passed.
    known = {name: value for name, value in situation.values.items() if name in FIELD_NAMES}
    try:
        assumptions = defaults.replace(**{**known, **given})
    except FieldError as error:
        raise UsageError(f"{_flag(error.field)}: {error.reason}") from None
    notes = [f"Starting from: {args.country}, {args.funding}, amounts in {situation.currency}"]
    for name, origin in situation.origins.items():
        if name in given:
            origin = "your flag"
        value = given.get(name, situation.values[name])
        if name in FIELDS:
            shown, value_text = FIELDS[name].label, FIELDS[name].format(value)
            converted = FIELDS[name].kind == "money" and situation.currency != "USD"
        else:  # an input of ROI model version 3 that this model does not take yet
            shown, value_text, converted = name, f"{value:,.6g}", False
        if origin == ILLUSTRATIVE and converted:
            origin = "illustrative, converted from USD"
        notes.append(f"  {shown}: {value_text} ({origin})")
    notes += [f"  Note: {note}" for note in situation.notes]
    illustrative = [
        FIELDS[name].label
        for name in SALARY_FIELDS
        if situation.origins.get(name) == ILLUSTRATIVE and name not in given
    ]
    if illustrative:
        notes.append(
            f"No source gives {', '.join(illustrative)} here: those are illustrative; enter your own."
        )
    return assumptions, notes


def _situation_countries(programs, tables) -> list[str]:
    from mmedlearn.scenario import situation_countries

    return situation_countries(
        programs, tables.get("pay_scales.csv"), tables.get("funding_terms.csv")
    )


def _with_situation_choices(parser: argparse.ArgumentParser) -> None:
    """``roi --help`` ends with the countries and fundings a reader can start from. They are
    read from the data when the help is shown, so no other command pays for reading them."""
    plain = parser.format_help

    def format_help() -> str:
        from mmedlearn import catalogue_cache

        try:
            countries = ", ".join(
                _situation_countries(
                    catalogue_cache.load_programs(), catalogue_cache.load_tables(data_dir())
                )
            )
        except DataFileError as error:
            countries = f"(the data could not be read: {error})"
        return (
            f"{plain()}\nStart from your situation (--country with --funding):\n"
            f"  countries with data: {countries}\n"
            f"  fundings: {', '.join(FUNDING_TYPES)}\n"
        )

    parser.format_help = format_help


def _check_outputs(args: argparse.Namespace, outputs: list[tuple[str, str]]) -> None:
    """Before any work: each output can be written and overwrites no input nor another output."""
    from mmedlearn import compare as comparison
    from mmedlearn.defaults import defaults_path

    for flag, path in outputs:
        output.check_output(path, flag)
    inputs = [
        ("the programmes file", programs_path(args.programs)),
        ("the defaults file", defaults_path(args.defaults)),
        ("the exchange-rate file", comparison.exchange_rates_path()),
    ]
    output.check_distinct(outputs, inputs)


def _roi(args: argparse.Namespace) -> int:
    from mmedlearn import roi

    if args.csv is not None:
        _check_outputs(args, [("--csv", args.csv)])
    if args.country:
        assumptions, notes = _situation_from(args)
    elif args.funding:
        raise UsageError("--funding: give --country too")
    else:
        assumptions, notes = _assumptions_from(args)
    result = roi.evaluate(assumptions)
    for note in notes:
        print(terminal_safe(note))
    a = assumptions
    print(
        f"NPV over {a.horizon_years} years at a {a.discount_rate:.1%} real discount rate: "
        f"{result.npv:,.0f}"
    )
    at = [h for h in (10, 20, 30) if h <= a.horizon_years]
    print("NPV at " + ", ".join(f"{h} years: {result.npv_at(h):,.0f}" for h in at))
    print(
        "IRR: "
        + (
            f"{result.irr:.1%}"
            if result.irr is not None
            else "not reported (the yearly flows do not change sign exactly once)"
        )
    )
    print(f"Break-even salary after the degree (NPV 0): {roi.breakeven_salary_words(result)}")
    print(f"Break-even year (discounted): {result.breakeven_year or 'not within the horizon'}")
    print(f"Payback year (undiscounted): {result.payback_year or 'not within the horizon'}")
    print(f"Total cost: {result.total_cost:,.0f}")
    if not args.quiet:
        print()
        print(result.cashflows.round(2).to_string(index=False))
    if args.csv is not None:
        output.write_output(args.csv, result.cashflows.to_csv(index=False).encode(), "--csv")
        print(f"Yearly table written to {terminal_safe(args.csv)}")
    return 0


def _add_assumption_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--programs", help="programmes CSV (default: $MMEDLEARN_PROGRAMS, then ours)"
    )
    parser.add_argument("--currency", help="currency of the amounts (default: the programme's own)")
    for name, spec in FIELDS.items():
        parser.add_argument(
            _flag(name), dest=name, type=_field_value(name), help=f"{spec.label}: {spec.allowed()}"
        )
    parser.add_argument(
        "--defaults",
        help="defaults file for the flags not given "
        "(default: $MMEDLEARN_DEFAULTS, then data/default_assumptions.toml)",
    )


def _handout(args: argparse.Namespace) -> int:
    from mmedlearn import compare as comparison
    from mmedlearn.catalog import load_programs

    output.check_output(args.out, "--out")
    out = Path(args.out)
    pdf = out.with_suffix(".pdf") if args.pdf else None
    if pdf and out.exists() and not out.is_file():
        raise UsageError("--pdf: the PDF is written beside --out, so --out must name a file")
    _check_outputs(args, [("--out", args.out)] + ([("--pdf", str(pdf))] if pdf else []))
    programs = load_programs(args.programs)
    repeated = sorted({key for key in args.program if args.program.count(key) > 1})
    if repeated:
        raise UsageError(f"--program: {', '.join(map(repr, repeated))} is given more than once")
    unknown = [key for key in args.program if key not in programs.index]
    if unknown:
        raise UsageError(
            f"--program: no programme {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(programs.index)}"
        )
    # Only the handout draws charts: Altair (over a second to import) loads here, not for
    # `roi`, `compare` or `validate`.
    from mmedlearn import handout

    if len(args.program) > handout.MAX_PROGRAMMES:
        raise UsageError("--" + handout.too_many_programmes(len(args.program)))
    rates = comparison.load_exchange_rates()
    currency = args.currency or next(
        (
            c
            for c in programs.loc[args.program, "fee_currency"]
            if isinstance(c, str) and c in rates.index
        ),
        "USD",
    )
    _rates_with(currency, rates)
    args.program, chosen = None, args.program  # the programmes' own values come per programme
    assumptions, _ = _assumptions_from(args)
    page = handout.build_handout(chosen, assumptions, programs, rates, currency)
    output.write_output(out, page.encode("utf-8"), "--out")
    print(f"Handout written to {terminal_safe(str(out))} (amounts in {currency})")
    if args.pdf:
        chromium = handout.find_chromium()
        if chromium is None:
            print(
                "mmedlearn handout: no PDF: Chromium was not found (install it, e.g. "
                "'apt-get install chromium', or set MMED_CHROMIUM); print the HTML page from "
                "a browser instead",
                file=sys.stderr,
            )
            return 1
        with tempfile.TemporaryDirectory() as scratch:  # print the page made, wherever --out went
            copy = Path(scratch) / "handout.html"
            copy.write_bytes(page.encode("utf-8"))
            try:
                handout.print_pdf(copy, copy.with_suffix(".pdf"), chromium)
            except (OSError, subprocess.SubprocessError) as error:
                print(
                    f"mmedlearn handout: no PDF: Chromium failed ({terminal_safe(str(error))})",
                    file=sys.stderr,
                )
                return 1
            output.write_output(pdf, copy.with_suffix(".pdf").read_bytes(), "--pdf")
        print(f"PDF written to {terminal_safe(str(pdf))}")
    return 0


def _number_from(low: float, high: float = float("inf")):
    """An argparse type: a number within [low, high], or a message naming the range."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        if not low <= value <= high:
            bound = f"from {low:g} to {high:g}" if high != float("inf") else f"{low:g} or more"
            raise argparse.ArgumentTypeError(f"{text!r} must be {bound}")
        return value

    return parse


_non_negative = _number_from(0)


def _whole_number_from(low: int):
    """An argparse type: a whole number of at least ``low``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{text!r} must be {low} or more")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="mmedlearn", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate", help="check a catalogue folder or a programmes CSV against the schema"
    )
    validate.add_argument(
        "path",
        nargs="?",
        help="a catalogue folder (such as data), its programs.csv, or a single flat CSV "
        "(default: $MMEDLEARN_PROGRAMS, then ours)",
    )
    validate.set_defaults(run=_validate)

    compare = commands.add_parser("compare", help="filter and rank programmes")
    compare.add_argument(
        "--programs", help="programmes CSV (default: $MMEDLEARN_PROGRAMS, then ours)"
    )
    compare.add_argument(
        "--country", action="append", default=[], help="keep this country (repeatable)"
    )
    compare.add_argument(
        "--max-duration-years",
        type=_non_negative,
        help="keep programmes that can be finished within this many years (their "
        "longest reported duration); those with no reported duration stay, flagged",
    )
    compare.add_argument("--research", action="append", default=[], choices=RESEARCH_REQUIREMENTS)
    compare.add_argument(
        "--paid-post",
        action="append",
        default=[],
        choices=PAID_POST,
        help="keep programmes with this paid-post answer (repeatable)",
    )
    compare.add_argument(
        "--paid-post-only", action="store_true", help="same as --paid-post yes --paid-post unknown"
    )
    compare.add_argument("--delivery", action="append", default=[], choices=DELIVERY_MODES)
    compare.add_argument("--max-annual-cost", type=_non_negative, help="in --currency")
    compare.add_argument("--currency", default="USD", help="ISO code (default USD)")
    for criterion in CRITERIA:
        compare.add_argument(
            f"--weight-{criterion.replace('_', '-')}",
            default=1.0,
            type=_number_from(0, MAX_WEIGHT),
            help=f"0 to {MAX_WEIGHT:g} (default 1)",
        )
    compare.add_argument(
        "--width",
        type=_whole_number_from(4),
        default=40,
        help="widest column, in characters (4 or more; default 40)",
    )
    compare.set_defaults(run=_compare)

    model = commands.add_parser(
        "roi",
        help="the return on an MMed for one scenario",
        description="Every amount is annual, in one currency, in today's money.",
    )
    model.add_argument("--program", help="take duration and tuition from this programme ID")
    model.add_argument(
        "--country",
        help="start from your situation: fill every input the data gives for this country "
        "(salaries, wait, bond) and --program, each with its source; the countries with data "
        "are listed at the end",
    )
    model.add_argument(
        "--funding", choices=FUNDING_TYPES, help="how your place is funded (with --country)"
    )
    _add_assumption_flags(model)
    model.add_argument(
        "--csv", help="also write the yearly table to this CSV file (replaced if it exists)"
    )
    model.add_argument("--quiet", action="store_true", help="leave out the yearly table")
    model.set_defaults(run=_roi)
    _with_situation_choices(model)

    sheet = commands.add_parser(
        "handout",
        help="a printable page comparing programmes for one person",
        description="A self-contained HTML page (and, with --pdf, a PDF).",
    )
    sheet.add_argument(
        "--program", action="append", required=True, help="programme ID (repeatable)"
    )
    _add_assumption_flags(sheet)
    sheet.add_argument(
        "--out", required=True, help="the HTML file to write (replaced if it exists)"
    )
    sheet.add_argument(
        "--pdf",
        action="store_true",
        help="also print it to PDF with headless Chromium, "
        "beside --out with the suffix .pdf (replaced if it exists)",
    )
    sheet.set_defaults(run=_handout)

    defaults = commands.add_parser("defaults", help="check a default-assumptions file and show it")
    defaults.add_argument(
        "path", nargs="?", help="the file (default: $MMEDLEARN_DEFAULTS, then ours)"
    )
    defaults.set_defaults(run=_defaults)
    return parser


def _defaults(args: argparse.Namespace) -> int:
    from mmedlearn.defaults import defaults_path, load_default_assumptions

    path = defaults_path(args.path)
    assumptions = load_default_assumptions(path)
    print(f"{terminal_safe(str(path))}: valid")
    for name in FIELD_NAMES:
        print(f"  {name} = {getattr(assumptions, name):g}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        try:
            return args.run(args)
        except UsageError as error:
            parser.exit(2, f"mmedlearn {args.command}: error: {terminal_safe(str(error))}\n")
        except output.OutputError as error:
            parser.exit(
                error.exit_code, f"mmedlearn {args.command}: error: {terminal_safe(str(error))}\n"
            )
        except DataFileError as error:
            _report(error)
            return 1
        except OSError as error:  # a file that vanished or cannot be read, outside the checks above
            if isinstance(error, BrokenPipeError):
                raise
            where = f"{error.filename}: " if error.filename else ""
            print(
                f"mmedlearn {args.command}: error: {terminal_safe(where + (error.strerror or str(error)))}",
                file=sys.stderr,
            )
            return 1
    except KeyboardInterrupt:
        print("mmedlearn: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `mmedlearn compare | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 1


if __name__ == "__main__":
    sys.exit(main())
