"""The console command as a user runs it: exit codes, messages, and never a traceback.

Most runs call the command's ``main`` in the test process, as the console script does, with
its output captured: a new process for each imported pandas and pandera again, 0.6 s of CPU
a run, 40 s of a test process's time for this file. Runs that need a process of their own
(another environment) start one; tests/test_hostile.py runs the installed command for what
only a process shows (devices, pipes, permissions, signals).
"""

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mmedlearn import catalog, compare
from mmedlearn.defaults import load_default_assumptions
from test_schema import EXPECTED

COMMAND = Path(sys.executable).parent / "mmedlearn"
DATA = Path(__file__).parent / "data"


def run(*args, env=None):
    arguments = [str(argument) for argument in args]
    if env is not None:
        result = subprocess.run([COMMAND, *arguments], capture_output=True, text=True, env=env)
    else:
        result = run_in_process(arguments)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def run_in_process(arguments: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``mmedlearn *arguments`` as the console script runs it (``sys.exit(main())``), from
    ``cwd`` if given; an exception the command does not handle fails the test, as a traceback
    would."""
    from mmedlearn.cli import main

    out, err = io.StringIO(), io.StringIO()
    folder = contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext()
    with folder, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(arguments)
        except SystemExit as exit:  # argparse's usage errors and --help
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    return subprocess.CompletedProcess(
        ["mmedlearn", *arguments], code, out.getvalue(), err.getvalue()
    )


def test_validate_accepts_the_shipped_file():
    programs = catalog.load_programs()
    result = run("validate")
    assert result.returncode == 0
    assert result.stdout.strip().endswith(
        f"valid, {len(programs)} programmes in {programs['country'].nunique()} countries"
    )


def test_compare_names_the_date_of_each_rate_it_used():
    # Kenyan fees in euros use the Central Bank of Kenya's rate alone: its date, not the ECB's.
    kenya = run("compare", "--country", "Kenya", "--currency", "EUR")
    assert kenya.returncode == 0
    fee = 300_000 / 152.2479  # the CBK's indicative rate of 24 July 2025, as its source gives it
    assert f"{fee:,.0f}" in kenya.stdout
    last = kenya.stdout.strip().splitlines()[-1]
    assert last.startswith("Exchange rates: Central Bank of Kenya indicative rate")
    assert "for KES, 2025-07-24, over a year old" in last and "2026-10-30" not in last
    # In US dollars the ECB's rate is used as well, and named with its own date.
    dollars = run("compare", "--country", "Kenya", "--currency", "USD").stdout
    last = dollars.strip().splitlines()[-1]
    assert "European Central Bank euro reference rates, 2026-10-30" in last
    assert "2025-07-24" in last
    # Fees in the chosen currency are not converted: no rate is claimed.
    shillings = run("compare", "--country", "Kenya", "--currency", "KES").stdout
    assert shillings.strip().endswith("Exchange rates: none used (no fee was converted).")


@pytest.mark.parametrize(
    "name",
    [
        "04_not_a_number.csv",
        "08_duplicate_id.csv",
        "12_latin1.csv",
        "10_empty_file.csv",
        "11_semicolons.csv",
    ],
)
def test_validate_lists_each_problem_and_exits_1(name):
    result = run("validate", DATA / "bad_programs" / name)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == EXPECTED[name]
    assert lines[-1].endswith(f"{len(EXPECTED[name])} problem(s); not valid")


def test_validate_reads_the_environment_variable(tmp_path):
    env = {"MMEDLEARN_PROGRAMS": str(DATA / "bad_programs" / "03_empty_required.csv"), "PATH": ""}
    assert run("validate", env=env).returncode == 1


def test_validate_a_missing_file():
    result = run("validate", "/no/such/file.csv")
    assert result.returncode == 1 and "cannot read the file" in result.stderr


def test_compare_without_flags_ranks_everything_equally_weighted():
    result = run("compare", "--width", "200")
    assert result.returncode == 0
    expected = compare.compare(catalog.load_programs())
    assert f"{len(expected)} of {len(expected)} programmes shown" in result.stdout
    order = [line.split()[1:3] for line in result.stdout.splitlines()[1 : len(expected) + 1]]
    assert [" ".join(words) for words in order] == [
        " ".join(i.split()[:2]) for i in expected["institution"]
    ]


def test_compare_flags_filter_and_weight():
    result = run(
        "compare",
        "--country",
        "South Africa",
        "--paid-post-only",
        "--currency",
        "ZAR",
        "--weight-cost",
        "5",
        "--width",
        "200",
    )
    assert result.returncode == 0
    rows = result.stdout.splitlines()[1:]
    assert rows[0].split()[0:4] == ["1", "University", "of", "Cape"]
    assert "In ZAR" in result.stdout.splitlines()[0]
    # --paid-post-only keeps the programmes known to be paid posts and those whose sources do not
    # say (flagged 'paid post' among the unknowns); 'no' and 'depends on sponsorship' are dropped.
    programs = catalog.load_programs()
    south_african = programs.loc[programs["country"] == "South Africa", "paid_post"]
    assert {"yes", "unknown"} <= set(south_african)
    assert not set(south_african) <= {"yes", "unknown"}  # so the filter has something to drop
    kept = south_african.isin(["yes", "unknown"]).sum()
    assert f"{kept} of {len(programs)} programmes shown" in result.stdout
    assert sum("paid post" in row for row in rows) == (south_african == "unknown").sum()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--max-duration-years", "abc"], "argument --max-duration-years: 'abc' is not a number"),
        (["--research", "phd"], "argument --research: invalid choice: 'phd'"),
        (["--weight-cost", "11"], "argument --weight-cost: '11' must be from 0 to 10"),
        (["--currency", "XYZ"], "--currency: no exchange rate for 'XYZ'"),
        (
            [
                "--weight-cost",
                "0",
                "--weight-duration",
                "0",
                "--weight-research",
                "0",
                "--weight-paid-post",
                "0",
            ],
            "weights: at least one weight must be above 0",
        ),
    ],
)
def test_bad_flags_exit_2_with_one_clear_line(args, message):
    result = run("compare", *args)
    assert result.returncode == 2
    assert message in result.stderr.strip().splitlines()[-1]


def test_hostile_names_print_as_inert_text():
    result = run(
        "compare", "--programs", DATA / "good_programs" / "hostile_names.csv", "--width", "200"
    )
    assert result.returncode == 0
    assert "<script>alert(1)</script>" in result.stdout  # plain text in a terminal
    assert '<img src=x onerror=alert(2)> & "quotes"' in result.stdout


def test_control_characters_are_refused_and_shown_escaped():
    # An escape sequence in a name could drive the terminal: the schema refuses it, and the
    # message shows it as text.
    result = run("validate", DATA / "bad_programs" / "23_control_character.csv")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\\x1b[31mred" in result.stderr


# One scenario given as flags; ROI_ARGS writes it as the command line does.
ROI_VALUES = dict(
    duration_years=3,
    tuition_per_year=20_000,
    baseline_salary=60_000,
    post_salary=90_000,
    study_income=20_000,
)
ROI_ARGS = [
    part
    for name, value in ROI_VALUES.items()
    for part in (f"--{name.replace('_', '-')}", str(value))
]


def test_roi_prints_the_summaries_of_evaluate(tmp_path):
    from mmedlearn.defaults import load_default_assumptions
    from mmedlearn.roi import evaluate

    # Flags given override the defaults file; the others come from it.
    expected = evaluate(load_default_assumptions().replace(**ROI_VALUES))
    target = tmp_path / "flows.csv"
    result = run("roi", *ROI_ARGS, "--csv", target)
    assert result.returncode == 0
    out = result.stdout
    assert f"real discount rate: {expected.npv:,.0f}" in out
    assert f"10 years: {expected.npv_at(10):,.0f}, 20 years: {expected.npv_at(20):,.0f}" in out
    assert f"IRR: {expected.irr:.1%}" in out
    assert f"Break-even year (discounted): {expected.breakeven_year}" in out
    assert f"Total cost: {expected.total_cost:,.0f}" in out
    written = pd.read_csv(target)
    assert len(written) == 30 and written["net_flow"].tolist() == pytest.approx(
        expected.cashflows["net_flow"]
    )


def _for_whom(programme) -> str:
    """How the note on a fee opens when its schedule says whom the fee is for (review item 8)."""
    applies_to = programme["fee_applies_to"]
    return f"for {applies_to}; " if isinstance(applies_to, str) else ""


def test_roi_takes_duration_and_tuition_from_a_programme():
    from mmedlearn.roi import evaluate

    result = run(
        "roi",
        "--program",
        "uct_family",
        "--baseline-salary",
        "600000",
        "--post-salary",
        "900000",
        "--study-income",
        "600000",
        "--quiet",
    )
    assert result.returncode == 0
    programme = catalog.load_programs().loc["uct_family"]
    assert (
        f"Length {programme['duration_min_years']:g} years (the shortest its sources report)."
        in result.stdout
    )
    age = int(programme["sources_read"][:4]) - programme["fee_year"]
    assert age > 3  # a 2015 fee read in 2026: its year and its age are said (review item 7)
    assert (
        f"Tuition {programme['tuition_per_year']:,.0f} ZAR a year ({_for_whom(programme)}"
        f"{programme['fee_year']} fee, {age} years before its sources were read: ask for the "
        "current fee)." in result.stdout
    )
    assert "No source gives its one-off fees: your one-off fees of" in result.stdout
    expected = evaluate(
        load_default_assumptions().replace(
            duration_years=programme["duration_min_years"],
            tuition_per_year=programme["tuition_per_year"],
            baseline_salary=600_000,
            post_salary=900_000,
            study_income=600_000,
        )
    )
    assert f"real discount rate: {expected.npv:,.0f}" in result.stdout


def test_a_programme_without_a_published_fee_keeps_your_tuition_and_says_so():
    programs = catalog.load_programs()
    key = programs.index[programs["tuition_per_year"].isna()][0]
    result = run(
        "roi",
        "--program",
        key,
        "--currency",
        "USD",
        "--baseline-salary",
        "1",
        "--post-salary",
        "1",
        "--tuition-per-year",
        "12345",
        "--quiet",
    )
    assert (
        result.returncode == 0 and "Tuition" not in result.stdout
    )  # the flag given wins, silently
    result = run(
        "roi",
        "--program",
        key,
        "--currency",
        "USD",
        "--baseline-salary",
        "1",
        "--post-salary",
        "1",
        "--quiet",
    )
    assert result.returncode == 0
    tuition = load_default_assumptions().tuition_per_year
    assert (
        f"No source gives its fee: your tuition of {tuition:,.0f} USD a year is used."
        in result.stdout
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--duration-years", "11"], "argument --duration-years: must be > 0 and ≤ 10; got 11"),
        (["--tax-rate", "x"], "argument --tax-rate: 'x' is not a number"),
        (
            ["--loan-term-years", "2.5"],
            "argument --loan-term-years: must be a whole number ≥ 1; got 2.5",
        ),
        (
            [*ROI_ARGS, "--horizon-years", "3"],
            "--horizon-years: must be more than the programme's last year",
        ),
        (
            ["--program", "uct_family", "--dropout-year", "5"],
            "--dropout-year: must be at most max(1, floor(",
        ),
        (
            ["--currency", "XYZ"],
            "--currency: 'XYZ' is not a currency of the exchange rates or of any programme",
        ),
        (
            ["--dropout-year", "0"],
            "argument --dropout-year: must be a whole number ≥ 1 and ≤ 10; got 0",
        ),
        (
            ["--post-salary", "1e308"],
            "argument --post-salary: must be ≥ 0 and ≤ 1,000,000,000,000; got 1e+308",
        ),
        (["--program", "nope"], "--program: no programme 'nope'"),
    ],
)
def test_roi_bad_input_is_one_line_and_exit_2(args, message):
    result = run("roi", *args)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert message in line


def test_roi_never_leaves_a_half_written_csv(tmp_path):
    result = run("roi", *ROI_ARGS, "--csv", tmp_path / "missing-folder" / "flows.csv")
    assert result.returncode == 2 and "--csv: folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_roi_without_flags_uses_the_defaults_file():
    from mmedlearn.defaults import load_default_assumptions
    from mmedlearn.roi import evaluate

    result = run("roi", "--quiet")
    assert result.returncode == 0 and "Every value from" in result.stdout
    assert f"real discount rate: {evaluate(load_default_assumptions()).npv:,.0f}" in result.stdout


def test_defaults_command_and_a_bad_defaults_file(tmp_path):
    assert run("defaults").returncode == 0
    bad = tmp_path / "defaults.toml"
    text = (Path(__file__).parents[1] / "data" / "default_assumptions.toml").read_text()
    bad.write_text(
        re.sub(
            r"^tax_rate = [^#\n]*",
            "tax_rate = 1.3 ",
            re.sub(r"^tuition_per_year =", "tuiton_per_year =", text, flags=re.M),
            flags=re.M,
        )
    )
    for args in (["defaults", bad], ["roi", "--defaults", bad]):
        result = run(*args)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f"{bad}: field tuiton_per_year: unknown field; did you mean tuition_per_year?",
            f"{bad}: field tuition_per_year: missing",
            f"{bad}: field tax_rate: must be ≥ 0 and < 1; got 1.3",
        ]


def test_compare_paid_post_and_duration_flags_equal_the_function():
    result = run(
        "compare",
        "--paid-post",
        "yes",
        "--paid-post",
        "depends on sponsorship",
        "--max-duration-years",
        "4",
        "--width",
        "200",
    )
    assert result.returncode == 0
    expected = compare.compare(
        catalog.load_programs(),
        compare.Filters(paid_post=("yes", "depends on sponsorship"), max_duration_years=4),
    )
    assert f"{len(expected)} of {len(catalog.load_programs())} programmes shown" in result.stdout
    assert 0 < len(expected) < len(catalog.load_programs())
    assert set(expected["paid_post"]) <= {"yes", "depends on sponsorship"}


def test_roi_takes_one_off_fees_and_warns_of_income_above_the_salary():
    """Review items 2 and 3: a programme's one-off fees are converted like its tuition, and
    income while studying above the salary without the degree is warned of."""
    result = run(
        "roi",
        "--program",
        "nairobi_psych",
        "--currency",
        "KES",
        "--baseline-salary",
        "600000",
        "--post-salary",
        "900000",
        "--study-income",
        "610000",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    programme = catalog.load_programs().loc["nairobi_psych"]
    assert (
        f"One-off fees {programme['one_off_fees']:,.0f} KES in year 1 "
        "(same fee year and rates as the tuition)." in result.stdout
    )
    assert (
        f"Tuition {programme['tuition_per_year']:,.0f} KES a year ({_for_whom(programme)}"
        f"{programme['fee_year']:.0f} fee)" in result.stdout
    )
    assert (
        "Income while studying (610,000 KES) is more than the salary without the degree "
        "(600,000 KES)" in result.stdout
    )
    quiet = run(
        "roi",
        "--program",
        "nairobi_psych",
        "--currency",
        "KES",
        "--baseline-salary",
        "600000",
        "--post-salary",
        "900000",
        "--study-income",
        "500000",
        "--quiet",
    )
    assert "Income while studying" not in quiet.stdout


def test_roi_takes_the_version_3_flags_and_prints_the_breakeven_salary():
    from mmedlearn.defaults import load_default_assumptions
    from mmedlearn.roi import evaluate

    changes = dict(wait_years=2, bond_years=4, bond_salary=70_000)
    expected = evaluate(load_default_assumptions().replace(**ROI_VALUES, **changes))
    result = run(
        "roi", *ROI_ARGS, "--wait-years", 2, "--bond-years", 4, "--bond-salary", 70_000, "--quiet"
    )
    assert result.returncode == 0, result.stderr
    assert f"real discount rate: {expected.npv:,.0f}" in result.stdout
    assert (
        f"Break-even salary after the degree (NPV 0): {expected.breakeven_post_salary:,.0f} a year"
        in result.stdout
    )
    bad = run("roi", *ROI_ARGS, "--wait-years", 1.5)
    assert bad.returncode == 2 and "--wait-years: must be a whole number" in bad.stderr


def test_roi_country_without_data_is_one_line_naming_those_with_data():
    from mmedlearn.scenario import situation_countries

    tables = catalog.load_tables(catalog.data_dir())
    known = situation_countries(
        catalog.load_programs(), tables["pay_scales.csv"], tables["funding_terms.csv"]
    )
    assert "Atlantis" not in known
    for args in (
        ["--country", "Atlantis"],
        ["--country", "Atlantis", "--funding", "supernumerary"],
    ):
        result = run("roi", *args)
        assert result.returncode == 2
        assert result.stderr == (
            "mmedlearn roi: error: --country: no data for 'Atlantis' (no programme, pay scale "
            f"or funding terms); countries with data: {', '.join(known)}\n"
        )
    shown = run("roi", "--help")
    assert shown.returncode == 0
    assert f"countries with data: {', '.join(known)}" in shown.stdout
    assert "fundings: government sponsored, self sponsored, supernumerary" in shown.stdout


def test_roi_country_whose_currency_has_no_rate_stays_in_dollars_and_says_so(monkeypatch, capsys):
    # In process, with the rate of one country's pay currency removed, whatever the data hold:
    # the first country whose pay scales are in a currency other than USD.
    from mmedlearn import catalogue_cache, cli

    pay = catalog.load_tables(catalog.data_dir())["pay_scales.csv"]
    row = pay[pay["currency"] != "USD"].iloc[0]
    rates = compare.load_exchange_rates()
    # The command reads the rates through its cache of checked files.
    monkeypatch.setattr(catalogue_cache, "load_exchange_rates", lambda: rates.drop(row.currency))
    code = cli.main(["roi", "--country", row.country, "--funding", "self sponsored", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"Starting from: {row.country}, self sponsored, amounts in USD" in out
    assert (
        f"{row.currency}, which has no exchange rate to USD; the illustrative value is kept" in out
    )
    assert "converted from USD" not in out  # nothing was converted
