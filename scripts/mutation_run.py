"""Inject plausible bugs one at a time and check that the fast tests catch each (issue 25).

Each mutant is one small textual replacement in one file: the ROI model (``model.py``,
``roi.py``), the page's generated code (the JavaScript that ``model.py`` and
``compare_rule.py`` write), the comparison (``compare.py``, ``compare_rule.py``), the scenario
rule (``scenario.py``), the escaping of text from data, and the check of a file a chunk of
rows at a time (``schema.py``, ``catalog.py``). For each, the tests that guard that
code run (no book build, no browser); the table says which test failed first, or MISSED.

Safety: the repository is never changed. Its tracked files are copied once into a temporary
folder; every mutant is applied there, tested with ``PYTHONPATH`` pointing at the copy's
``src`` (a check refuses to go on if the tests would import the real one), and the file is
restored from the original text afterwards. Ctrl-C stops the run and removes the copy.

When a mutant is in a file that generates page code (``model.py``, ``compare_rule.py``), the
generated files are written again from the mutated source before the tests run: otherwise
the "generated file is stale" tests would catch every such mutant trivially, and the run
would say nothing about whether the behaviour is tested.

    .venv/bin/python scripts/mutation_run.py            # every mutant
    .venv/bin/python scripts/mutation_run.py irr wait   # only mutants whose name contains these

Exit status 0 when every mutant is caught, 1 when one is missed (or no longer applies).
Hypothesis runs derandomised, without shrinking: a failing example is enough here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATORS = {
    "src/mmedlearn/model.py": "mmedlearn.model",
    "src/mmedlearn/compare_rule.py": "mmedlearn.compare_rule",
}
GENERATED = ("book/_assets/js/mmed-model.gen.js", "book/_assets/js/compare-rule.js")

# Test selections, each a list of pytest arguments (files, node ids, -k expressions).
ROI_EXAMPLES = ["tests/test_roi.py", "src/mmedlearn/roi.py"]
MODEL_PAGE = ["tests/test_model.py"]
COMPARE = ["tests/test_compare.py", "src/mmedlearn/compare.py"]
COMPARE_PAGE = ["tests/test_compare_rule.py"]
SCENARIO = ["tests/test_scenario_rule.py", "src/mmedlearn/scenario.py", "tests/test_situation.py"]
ESCAPING = [
    "tests/test_escaping.py",
    "tests/test_catalogue_tables.py::test_catalogue_page_escapes_text_from_data",
]
CHUNKS = ["tests/test_chunked_validation.py"]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]

    def __init__(self, name, path, old, new, tests):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "old", old)
        object.__setattr__(self, "new", new)
        object.__setattr__(self, "tests", tuple(tests))


M = "src/mmedlearn/model.py"
R = "src/mmedlearn/roi.py"
CR = "src/mmedlearn/compare_rule.py"
C = "src/mmedlearn/compare.py"
S = "src/mmedlearn/scenario.py"
SC = "src/mmedlearn/schema.py"
CA = "src/mmedlearn/catalog.py"

MUTANTS = [
    # ---- the model (model.py: NumPy and page alike; roi.py: the summaries)
    Mutant(
        "discount-sign",
        M,
        'm.term("discounted_flow", E * (1 + i["discount_rate"]) ** -t)',
        'm.term("discounted_flow", E * (1 + i["discount_rate"]) ** t)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "discount-start-of-year",
        M,
        'm.term("discounted_flow", E * (1 + i["discount_rate"]) ** -t)',
        'm.term("discounted_flow", E * (1 + i["discount_rate"]) ** -(t - 1))',
        ROI_EXAMPLES,
    ),
    Mutant(
        "baseline-growth-off-by-one",
        M,
        '(1 + i["baseline_growth"]) ** (t - 1))',
        '(1 + i["baseline_growth"]) ** t)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "post-growth-off-by-one",
        M,
        "maximum(0, t - c - W - 1)",
        "maximum(0, t - c - W)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "horizon-drops-last-year",
        M,
        'where(t <= i["horizon_years"], 1, 0)',
        'where(t < i["horizon_years"], 1, 0)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "wait-ignored-for-specialist-pay",
        M,
        "minimum(1, maximum(0, t - (D + W + K)))",
        "minimum(1, maximum(0, t - (D + K)))",
        ROI_EXAMPLES,
    ),
    Mutant(
        "bond-paid-at-specialist-salary",
        M,
        "b * (Q - B)",
        "b * (P - B)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "bond-starts-before-the-wait",
        M,
        '"bond_share", _overlap(D + W, D + W + K)',
        '"bond_share", _overlap(D, D + K)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "one-off-fees-every-study-year",
        M,
        'where(t.eq(1), i["one_off_fees"], 0)',
        'where(t <= c, i["one_off_fees"], 0)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "tax-deducts-costs",
        M,
        "within * (keep * expected_gain - EC - EA)",
        "within * (keep * (expected_gain - EC) - EA)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "loan-last-year-no-interest",
        M,
        "((1 + rate) * _compound_sum(rate, c - 1) + (D - (c - 1)))",
        "(_compound_sum(rate, c - 1) + (D - (c - 1)))",
        ROI_EXAMPLES,
    ),
    Mutant(
        "loan-repaid-from-last-study-year",
        M,
        "where((t >= c + 1) & (t <= c + n), _annuity(balance, rate, n), 0)",
        "where((t >= c) & (t <= c + n), _annuity(balance, rate, n), 0)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "annuity-one-payment-short",
        M,
        "principal * safe / -expm1(-term * log1p(safe))",
        "principal * safe / -expm1(-(term - 1) * log1p(safe))",
        ROI_EXAMPLES,
    ),
    Mutant(
        "dropout-loan-accrues-a-year-less",
        M,
        "tuition * lam * minimum(1, D) * _compound_sum(rate, d)",
        "tuition * lam * minimum(1, D) * _compound_sum(rate, d - 1)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "dropout-year-off-by-one",
        M,
        "before_leaving = t <= d",
        "before_leaving = t < d",
        ROI_EXAMPLES,
    ),
    Mutant(
        "total-cost-without-income-given-up",
        M,
        'm.term("total_cost", total(EC + EA + given_up))',
        'm.term("total_cost", total(EC + EA))',
        ROI_EXAMPLES,
    ),
    Mutant(
        "breakeven-salary-ignores-tax",
        M,
        "total(keep * on_path * specialist * g",
        "total(on_path * specialist * g",
        ROI_EXAMPLES,
    ),
    Mutant(
        "breakeven-salary-negative",
        M,
        'maximum(0, i["post_salary"] - npv / where(slope > 0, slope, 1))',
        'i["post_salary"] - npv / where(slope > 0, slope, 1)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "breakeven-year-first-not-stays",
        M,
        'stays = m.term(f"{name}_stays", suffix_min(ok))',
        'stays = m.term(f"{name}_stays", ok)',
        ROI_EXAMPLES,
    ),
    Mutant(
        "irr-any-sign-change",
        R,
        "rows = np.flatnonzero(_sign_changes(flows) == 1)",
        "rows = np.flatnonzero(_sign_changes(flows) >= 1)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "irr-rule-removed",
        R,
        "rows = np.flatnonzero(_sign_changes(flows) == 1)",
        "rows = np.arange(len(flows))",
        ROI_EXAMPLES,
    ),
    Mutant(
        "irr-sign-changes-count-zeros",
        R,
        "return ((signs != 0) & (previous_sign != 0) & (signs != previous_sign)).sum(axis=1)",
        "return ((signs != 0) & (signs != previous_sign)).sum(axis=1)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "never-is-year-zero",
        R,
        "np.where(years > 0, years, np.nan)",
        "np.where(years >= 0, years, np.nan)",
        ROI_EXAMPLES,
    ),
    Mutant(
        "horizon-may-end-with-study",
        R,
        'columns["horizon_years"] > np.ceil(duration)',
        'columns["horizon_years"] >= np.ceil(duration)',
        ROI_EXAMPLES,
    ),
    # ---- the page's generated code (model.py's and compare_rule.py's JavaScript writers)
    Mutant(
        "page-irr-any-sign-change",
        M,
        "if (signChanges(flows) !== 1) { return null; }",
        "if (signChanges(flows) < 1) { return null; }",
        MODEL_PAGE,
    ),
    Mutant(
        "page-less-or-equal-is-less",
        M,
        '"<=": "<=",',
        '"<=": "<",',
        MODEL_PAGE,
    ),
    Mutant(
        "page-running-sum-a-year-late",
        M,
        "acc_{name} += {x}; {name}[k] = acc_{name};",
        "{name}[k] = acc_{name}; acc_{name} += {x};",
        MODEL_PAGE,
    ),
    Mutant(
        "page-suffix-min-forwards",
        M,
        "for (k = H - 1; k >= 0; k--) {{ t = k + 1; low_{name}",
        "for (k = 0; k < H; k++) {{ t = k + 1; low_{name}",
        MODEL_PAGE,
    ),
    Mutant(
        "page-tornado-sorted-ascending",
        M,
        "return b.swing - a.swing || a.order - b.order;",
        "return a.swing - b.swing || a.order - b.order;",
        MODEL_PAGE,
    ),
    Mutant(
        "page-triangular-draw",
        M,
        "r[2] - Math.sqrt((1 - x) * (r[2] - r[1]) * base)",
        "r[2] - Math.sqrt((1 - x) * (r[2] - r[0]) * base)",
        MODEL_PAGE,
    ),
    Mutant(
        "page-open-lower-bound",
        M,
        "(f.low_inclusive ? value >= f.low : value > f.low)",
        "(f.low_inclusive ? value > f.low : value > f.low)",
        MODEL_PAGE,
    ),
    Mutant(
        "page-compare-greater-or-equal",
        CR,
        'ast.Gt: ">",',
        'ast.Gt: ">=",',
        COMPARE_PAGE,
    ),
    Mutant(
        "page-compare-round-half-up",
        CR,
        '"    if (r - y === 0.5 && r % 2 !== 0) { r -= 1; }",',
        '"    if (false) { r -= 1; }",',
        COMPARE_PAGE,
    ),
    Mutant(
        "page-compare-min-is-max",
        CR,
        'compare = "<" if op == "min" else ">"',
        'compare = ">" if op == "min" else "<"',
        COMPARE_PAGE,
    ),
    Mutant(
        "page-compare-last-tie-reversed",
        CR,
        '"      return a - b;",',
        '"      return b - a;",',
        COMPARE_PAGE,
    ),
    # ---- the comparison rule (compare_rule.py: NumPy and page alike) and compare.py
    Mutant(
        "weights-ignored",
        CR,
        'f"where(isnan(s_{c}), 0, s_{c}) * w_{c} / ({_WEIGHT_TOTAL})"',
        'f"where(isnan(s_{c}), 0, s_{c}) / 4"',
        COMPARE,
    ),
    Mutant(
        "unknown-scores-as-best",
        CR,
        'f"where(isnan(s_{c}), 0, s_{c}) * w_{c} / ({_WEIGHT_TOTAL})"',
        'f"where(isnan(s_{c}), 1, s_{c}) * w_{c} / ({_WEIGHT_TOTAL})"',
        COMPARE,
    ),
    Mutant(
        "scale-higher-is-better",
        CR,
        'f"1 - ({value} - {low}) / ({high} - {low})))"',
        'f"({value} - {low}) / ({high} - {low})))"',
        COMPARE,
    ),
    Mutant(
        "duration-filter-on-typical",
        CR,
        "and not (longest > max_duration_years)",
        "and not (typical > max_duration_years)",
        COMPARE,
    ),
    Mutant(
        "paid-post-filter-dropped",
        CR,
        "and allow_delivery[delivery_mode] and allow_paid_post[paid_post] ",
        "and allow_delivery[delivery_mode] ",
        COMPARE,
    ),
    Mutant(
        "sponsorship-scores-full",
        CR,
        '"depends on sponsorship": 0.5',
        '"depends on sponsorship": 1.0',
        COMPARE,
    ),
    Mutant(
        "tie-order-institution-descending",
        CR,
        '("institution", "ascending"))',
        '("institution", "descending"))',
        COMPARE,
    ),
    Mutant(
        "tie-order-coverage-ignored",
        CR,
        'SORT = (("score", "descending"), ("coverage", "descending"), ',
        'SORT = (("score", "descending"), ',
        COMPARE,
    ),
    Mutant(
        "conversion-inverted",
        CR,
        '"tuition_per_year / fee_rate[fee_currency] * target_rate)"',
        '"tuition_per_year * fee_rate[fee_currency] / target_rate)"',
        COMPARE,
    ),
    Mutant(
        "fee-age-limit-inclusive",
        CR,
        '"has_fee and read_year - fee_year > FEE_AGE_LIMIT_YEARS"',
        '"has_fee and read_year - fee_year >= FEE_AGE_LIMIT_YEARS"',
        COMPARE,
    ),
    Mutant(
        "annual-cost-conversion-inverted",
        C,
        'converted = programs["tuition_per_year"].astype(float) / per_eur * rates[currency]',
        'converted = programs["tuition_per_year"].astype(float) * per_eur / rates[currency]',
        COMPARE,
    ),
    # ---- the scenario rule (scenario.py)
    Mutant(
        "scenario-longest-duration",
        S,
        'changes["duration_years"] = float(programme["duration_min_years"])',
        'changes["duration_years"] = float(programme["duration_max_years"])',
        SCENARIO,
    ),
    Mutant(
        "scenario-replaces-fixed-fee",
        S,
        "        if name in fixed:\n            continue\n",
        "",
        SCENARIO,
    ),
    Mutant(
        "scenario-unconverted-fee",
        S,
        "    if pd.isna(amount) or fee_currency == currency:\n",
        "    if True:\n",
        SCENARIO,
    ),
    Mutant(
        "scenario-horizon-not-extended",
        S,
        'changes["horizon_years"] = math.ceil(duration) + 1',
        'changes["horizon_years"] = math.ceil(duration)',
        SCENARIO,
    ),
    Mutant(
        "scenario-dropout-not-moved",
        S,
        'if "dropout_year" not in fixed and base.dropout_year > last_full_year:',
        "if False:",
        SCENARIO,
    ),
    # ---- escaping text from data
    Mutant(
        "table-cell-unescaped",
        "src/mmedlearn/tables.py",
        "        return html.escape(text)\n",
        "        return text\n",
        ESCAPING,
    ),
    Mutant(
        "table-source-text-unescaped",
        "src/mmedlearn/tables.py",
        "    parts.append(html.escape(text[last:]))",
        "    parts.append(text[last:])",
        ESCAPING,
    ),
    Mutant(
        "table-caption-unescaped",
        "src/mmedlearn/tables.py",
        'f"<caption>{html.escape(self.caption)}</caption>"',
        'f"<caption>{self.caption}</caption>"',
        ESCAPING,
    ),
    Mutant(
        "script-json-keeps-angle-brackets",
        "src/mmedlearn/charts.py",
        '    "<": "\\\\u003c",\n',
        "",
        ESCAPING,
    ),
    Mutant(
        "catalogue-markdown-unescaped",
        "src/mmedlearn/catalogue_page.py",
        'return _PUNCTUATION.sub(r"\\\\\\1", " ".join(str(text).split()))',
        'return " ".join(str(text).split())',
        ESCAPING,
    ),
    Mutant(
        "handout-autoescape-off",
        "src/mmedlearn/handout.py",
        "autoescape=select_autoescape(default=True)",
        "autoescape=False",
        ESCAPING,
    ),
    Mutant(
        "page-description-unescaped",
        "book/_ext/mmed_book.py",
        "escape(description, quote=True)",
        "description",
        ESCAPING,
    ),
    # ---- files checked a chunk at a time (schema.check_lines, catalog.check_catalogue)
    Mutant(
        "chunks-repeat-by-hash-alone",
        SC,
        "repeated = cells[cells.duplicated(keep=False)]",
        "repeated = cells",
        CHUNKS,
    ),
    Mutant(
        "chunks-pandera-checks-unique-too",
        SC,
        """                "unique": False,""",
        "",
        CHUNKS,
    ),
    Mutant(
        "chunks-repeats-not-seen",
        SC,
        "            repeats.add(table)\n",
        "",
        CHUNKS,
    ),
    Mutant(
        "chunks-text-of-first-chunk-only",
        SC,
        "yield _Records(rows, kept, problems, lines.take())\n                rows, kept",
        'yield _Records(rows, kept, problems, "")\n                rows, kept',
        CHUNKS,
    ),
    Mutant(
        "chunks-cells-of-a-file-read-in-part",
        SC,
        "return Checked(None, 0, left_out + error.problems)",
        "return Checked(None, 0, left_out + [p for _, p in ranked] + error.problems)",
        CHUNKS,
    ),
    Mutant(
        "chunks-references-of-invalid-programmes",
        CA,
        "                references.clear()\n",
        "                pass\n",
        CHUNKS,
    ),
    Mutant(
        "chunks-bad-byte-after-an-early-stop",
        CA,
        "(checked is None or (checked.problems and not checked.rows)):",
        "(checked is None):",
        CHUNKS,
    ),
    Mutant(
        "chunks-countries-of-the-first-chunk",
        CA,
        'countries.update(chunk["institution_id"].map(country).dropna())',
        'countries.update(chunk["institution_id"].map(country).dropna()[:1])',
        CHUNKS,
    ),
]

#: Hypothesis for a mutation run: the same examples every run, no shrinking, no database,
#: and at most MAX_EXAMPLES examples a test (the suite itself runs its full count).
MAX_EXAMPLES = 25
PLUGIN = f"""
from hypothesis import Phase, settings

settings.register_profile(
    "mutation", derandomize=True, database=None, phases=[Phase.explicit, Phase.generate]
)
settings.load_profile("mutation")


def pytest_collection_modifyitems(items):
    for item in items:
        test = getattr(item, "obj", None)
        given = getattr(test, "_hypothesis_internal_use_settings", None)
        if given is not None and given.max_examples > {MAX_EXAMPLES}:
            test._hypothesis_internal_use_settings = settings(given, max_examples={MAX_EXAMPLES})
"""


def copy_repository(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if not source.is_file():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    (target / "_mutation_plugin.py").write_text(PLUGIN, encoding="utf-8")


def prepare_environment(work: Path) -> None:
    """This process's environment, inherited by the test processes and what they start (the
    command, Node): the copy's package first, no bytecode written (a mutant of the same size
    written in the same second would otherwise run from a stale cache), no CI profile."""
    os.environ.pop("CI", None)
    os.environ.pop("MMEDLEARN_PROGRAMS", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(work / "src"), str(work)])
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.dont_write_bytecode = True


def preload() -> None:
    """Import the heavy third-party libraries once; each test run is a fork of this process,
    so it starts in a fraction of a second. mmedlearn itself is never imported here: every
    fork imports the copy as it is at that moment."""
    import importlib

    for name in (
        "numpy",
        "pandas",
        "pandera.pandas",
        "hypothesis",
        "pytest",
        "altair",
        "jinja2",
        "docutils.parsers.rst",
        "markdown_it",
        "vl_convert",
    ):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    assert "mmedlearn" not in sys.modules


def pytest_arguments(tests) -> list[str]:
    return [
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "_mutation_plugin",
        "-o",
        "addopts=",
        "--doctest-modules",
        "-rfE",
        "--no-header",
        *tests,
    ]


def regenerate(work: Path, path: str) -> None:
    if path in GENERATORS:
        subprocess.run(
            [sys.executable, "-m", GENERATORS[path]], cwd=work, check=True, capture_output=True
        )


def first_failure(output: str) -> str | None:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line.split(" ", 1)[1].split(" - ")[0]
    return None


def run_tests(work: Path, tests) -> tuple[int, str]:
    """pytest on the copy, in a fork of this process; its exit code and output."""
    log = work / "_mutation_pytest.log"
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 3
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(descriptor, 1)
            os.dup2(descriptor, 2)
            os.chdir(work)
            sys.path[:0] = [str(work / "src"), str(work)]
            import pytest

            import mmedlearn

            if not Path(mmedlearn.__file__).is_relative_to(work):
                print(f"refusing to run: the tests would import {mmedlearn.__file__}")
            else:
                code = int(pytest.main(pytest_arguments(tests)))
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), log.read_text(errors="replace")


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTANTS if not argv or any(word in m.name for word in argv)]
    if not chosen:
        print(f"no mutant matches {argv}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    signal.signal(signal.SIGTERM, _interrupted)  # a kill removes the copy too
    with tempfile.TemporaryDirectory(prefix="mmed-mutation-") as temporary:
        work = Path(temporary)
        copy_repository(work)
        prepare_environment(work)
        preload()
        # The unmutated code must pass every selection, or "caught" would mean nothing.
        for selection in sorted({m.tests for m in chosen}):
            code, output = run_tests(work, selection)
            if code != 0:
                print(output[-3000:])
                print(f"the unmutated code fails {' '.join(selection)}", file=sys.stderr)
                return 2
        baseline = time.perf_counter() - started
        print(f"unmutated: every test selection passes ({baseline:.0f} s)\n")
        width = max(len(m.name) for m in chosen)
        print(f"{'mutant':<{width}}  {'time':>6}  caught by")
        rows = []
        for mutant in chosen:
            target = work / mutant.path
            original = target.read_text(encoding="utf-8")
            generated = {name: (work / name).read_bytes() for name in GENERATED}
            count = original.count(mutant.old)
            if count != 1:
                result, seconds = f"STALE: the text to replace occurs {count} times", 0.0
            else:
                tic = time.perf_counter()
                try:
                    target.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
                    regenerate(work, mutant.path)
                    code, output = run_tests(work, mutant.tests)
                finally:
                    target.write_text(original, encoding="utf-8")
                    for name, content in generated.items():
                        (work / name).write_bytes(content)
                seconds = time.perf_counter() - tic
                result = (first_failure(output) or f"(pytest exit {code})") if code else "MISSED"
            rows.append((mutant, result))
            print(f"{mutant.name:<{width}}  {seconds:5.1f}s  {result}", flush=True)
    caught = sum(1 for _, result in rows if not result.startswith(("MISSED", "STALE")))
    total = time.perf_counter() - started
    print(f"\n{caught} of {len(rows)} mutants caught in {total:.0f} s")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # the copy is gone with the temporary folder; the tree is untouched
        print("\ninterrupted: nothing in the repository was changed", file=sys.stderr)
        sys.exit(130)
