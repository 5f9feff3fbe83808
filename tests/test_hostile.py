"""Hostile input from the command line (issue 17): every case gets one clear line and the
right exit code, never a traceback, and no file the user had is replaced or half-written.

Malformed programme files live in tests/data/bad_programs/ (their exact messages are in
test_schema.EXPECTED); this file drives the command itself, as a user would.
"""

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from mmedlearn import catalog, compare, output, schema
from test_cli import ROI_ARGS, run_in_process
from test_schema import EXPECTED

COMMAND = Path(sys.executable).parent / "mmedlearn"
DATA = Path(__file__).parent / "data"
ROI = ["roi", *ROI_ARGS, "--quiet"]
HANDOUT = [
    "handout",
    "--program",
    "uct_family",
    "--baseline-salary",
    "600000",
    "--post-salary",
    "900000",
    "--study-income",
    "600000",
]


def run(*args, **options) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [COMMAND, *map(str, args)], capture_output=True, text=True, timeout=120, **options
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def run_here(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command's main in this process (test_cli.run_in_process), for tests of messages and
    files written that no process of its own is needed to show."""
    result = run_in_process([str(arg) for arg in args], cwd=cwd)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def error_line(result: subprocess.CompletedProcess) -> str:
    """The one line a failed command prints."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under a folder with its content: to show nothing was touched."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# Output files -------------------------------------------------------------------------


def test_csv_to_dev_stdout_goes_to_the_stream_in_order():
    result = run(*ROI, "--csv", "/dev/stdout")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    table_start = lines.index(next(line for line in lines if line.startswith("year,")))
    assert len(lines[table_start:-1]) == 31  # header and 30 years, before the closing note
    assert lines[-1] == "Yearly table written to /dev/stdout"
    assert os.path.islink("/dev/stdout")


def test_csv_to_dev_stdout_redirected_to_a_file_appends_to_it(tmp_path):
    captured = tmp_path / "out.txt"
    with open(captured, "w") as stdout:
        result = subprocess.run(
            [COMMAND, *ROI, "--csv", "/dev/stdout"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0 and result.stderr == ""
    text = captured.read_text()
    assert (
        text.startswith("From ") and "\nyear," in text and text.endswith("written to /dev/stdout\n")
    )


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_csv_to_a_character_device_leaves_the_device(device):
    before = os.stat(device)
    result = run(*ROI, "--csv", device)
    assert result.returncode == 0
    after = os.stat(device)
    assert (
        stat.S_ISCHR(after.st_mode)
        and after.st_rdev == before.st_rdev
        and after.st_ino == before.st_ino
    )


def test_csv_to_dev_full_says_no_space():
    result = run(*ROI, "--csv", "/dev/full")
    assert result.returncode == 1
    assert (
        error_line(result)
        == "mmedlearn roi: error: --csv: cannot write '/dev/full' (no space left on the device)"
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_symlink_is_written_through(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    assert run(*ROI, "--csv", link).returncode == 0
    assert link.is_symlink() and os.readlink(link) == "real.csv"
    assert target.read_text().startswith("year,")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "link.csv",
        "real.csv",
    ]  # no temporary left


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    assert run(*ROI, "--csv", link).returncode == 0
    assert link.is_symlink() and (tmp_path / "made.csv").read_text().startswith("year,")


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_follows_the_umask(tmp_path):
    private = tmp_path / "private.csv"
    private.write_text("old\n")
    private.chmod(0o600)
    assert run(*ROI, "--csv", private).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text().startswith("year,")
    fresh = tmp_path / "fresh.csv"
    assert run(*ROI, "--csv", fresh, preexec_fn=lambda: os.umask(0o027)).returncode == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


def test_a_named_pipe_is_written_to_when_read(tmp_path):
    fifo = tmp_path / "flows.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()), daemon=True)
    reader.start()
    assert run(*ROI, "--csv", fifo).returncode == 0
    reader.join(timeout=30)
    assert received and received[0].startswith("year,") and received[0].count("\n") == 31
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_named_pipe_nobody_reads_is_a_message_not_a_hang(tmp_path):
    fifo = tmp_path / "flows.csv"
    os.mkfifo(fifo)
    result = run(*ROI, "--csv", fifo)
    assert result.returncode == 1
    assert error_line(result).endswith(f"--csv: cannot write '{fifo}' (nothing is reading from it)")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "--csv: the path is empty; name a file"),
        (" ", "--csv: the path is empty; name a file"),
        (".", "--csv: '.' is a folder; name a file"),
        ("sub/", "--csv: 'sub/' names a folder; name a file"),
        ("missing/flows.csv", "--csv: folder 'missing' does not exist"),
        ("plain.txt/flows.csv", "--csv: part of 'plain.txt/flows.csv' is a file, not a folder"),
        ("x" * 300 + ".csv", "--csv: cannot use '" + "x" * 300 + ".csv' (the name is too long)"),
        ("data.csv", "--csv: 'data.csv' is the programmes file; choose another name"),
    ],
)
def test_a_path_that_cannot_be_an_output_is_one_line_and_nothing_is_written(
    tmp_path, name, message
):
    (tmp_path / "sub").mkdir()
    (tmp_path / "plain.txt").write_text("keep\n")
    shutil.copy(REPO / "data" / "programs.csv", tmp_path / "data.csv")
    before = snapshot(tmp_path)
    result = run_here(*ROI, "--programs", "data.csv", "--csv", name, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert error_line(result) == f"mmedlearn roi: error: {message}"
    assert snapshot(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["sub", "plain.txt", "data.csv"]
    )


def test_the_defaults_file_is_never_overwritten(tmp_path):
    defaults = tmp_path / "defaults.toml"
    shutil.copy(REPO / "data" / "default_assumptions.toml", defaults)
    before = defaults.read_bytes()
    result = run(*ROI, "--defaults", defaults, "--csv", defaults)
    assert result.returncode == 2 and "is the defaults file; choose another name" in error_line(
        result
    )
    assert defaults.read_bytes() == before


def _closed_to_others(path: Path) -> Path | None:
    """The first folder above `path` that other users may not enter, if any."""
    for folder in path.absolute().parents:
        if not folder.stat().st_mode & 0o001:
            return folder
    return None


def _as_nobody(*args) -> subprocess.CompletedProcess:
    """Run the command as an unprivileged user where we are root (root may write anywhere)."""
    if os.geteuid() != 0:
        return run(*args)
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be shown")
    closed = _closed_to_others(Path(COMMAND))
    if closed is not None:
        # A clone inside a private home folder (mode 700): user nobody cannot reach the
        # virtual environment, so the error seen would be "Permission denied", not ours.
        pytest.skip(f"user nobody cannot enter {closed} (mode {closed.stat().st_mode & 0o777:o})")
    result = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", COMMAND, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_a_read_only_folder_and_a_read_only_file_are_one_line():
    folder = Path(tempfile.mkdtemp(prefix="mmed-readonly-"))
    try:
        (folder / "locked.csv").write_text("keep\n")
        (folder / "locked.csv").chmod(0o444)
        (folder / "closed").mkdir()
        (folder / "closed").chmod(0o555)
        folder.chmod(0o755)
        result = _as_nobody(*ROI, "--csv", folder / "closed" / "flows.csv")
        assert result.returncode == 2
        assert error_line(result).endswith(
            f"cannot write in folder '{folder}/closed' (read-only, or not yours)"
        )
        result = _as_nobody(*ROI, "--csv", folder / "locked.csv")
        assert result.returncode == 2
        assert error_line(result).endswith(
            f"'{folder}/locked.csv' is read-only; it was left as it is"
        )
        assert (folder / "locked.csv").read_text() == "keep\n" and list(
            (folder / "closed").iterdir()
        ) == []
    finally:
        (folder / "closed").chmod(0o755)
        shutil.rmtree(folder)


def test_html_and_pdf_may_not_be_the_same_file(tmp_path):
    result = run(*HANDOUT, "--out", tmp_path / "same.pdf", "--pdf")
    assert result.returncode == 2
    assert error_line(result) == (
        f"mmedlearn handout: error: --pdf: '{tmp_path}/same.pdf' is also where "
        "--out writes; choose another name"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_pdf_needs_out_to_be_a_file():
    result = run(*HANDOUT, "--out", "/dev/null", "--pdf")
    assert result.returncode == 2
    assert "--pdf: the PDF is written beside --out, so --out must name a file" in error_line(result)


def test_the_help_says_which_flags_replace_an_existing_file():
    # An existing report.pdf beside --out report.html --pdf is replaced: the help says so.
    handout_help = " ".join(run_here("handout", "--help").stdout.split())
    assert "--out OUT the HTML file to write (replaced if it exists)" in handout_help
    assert "beside --out with the suffix .pdf (replaced if it exists)" in handout_help
    roi_help = " ".join(run_here("roi", "--help").stdout.split())
    assert "this CSV file (replaced if it exists)" in roi_help


def test_handout_to_dev_null_leaves_the_device():
    result = run(*HANDOUT, "--out", "/dev/null")
    assert result.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    kept = tmp_path / "kept.csv"
    kept.write_text("old\n")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_output(kept, b"new\n" * 1000, "--csv")
    assert kept.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["kept.csv"]


def test_disk_devices_and_sockets_are_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(output.OutputError, match="is a socket; name a file"):
            output.write_output(path, b"x", "--out")
    finally:
        server.close()
    disks = [p for p in Path("/dev").iterdir() if p.is_block_device()]
    if disks:
        with pytest.raises(output.OutputError, match="is a disk device; name a file"):
            output.check_output(disks[0], "--out")


# Ctrl-C, broken pipes, bad flag values, missing data files ------------------------------


def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    # The command waits on a named pipe as its programmes file: it is surely past start-up
    # (imports) and inside the work when interrupted.
    fifo = tmp_path / "programs.csv"
    os.mkfifo(fifo)
    # As at a terminal: SIGINT handled by default. (A shell that starts the test runner in the
    # background hands its children SIGINT ignored, which Python then leaves ignored.)
    process = subprocess.Popen(
        [COMMAND, "validate", fifo],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while True:  # opening for writing succeeds once the command has opened it for reading
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.05)
    # Wait until it is blocked reading the pipe: a signal that lands between the open and the
    # read is only acted on at the next bytecode, which a blocked read never reaches (a user
    # would press Ctrl-C again; the test must not depend on that timing).
    wchan = Path(f"/proc/{process.pid}/wchan")
    while wchan.exists() and "pipe_read" not in wchan.read_text() and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        os.close(writer)
    assert process.returncode == 130
    assert stderr == "mmedlearn: interrupted\n" and stdout == ""


def test_a_reader_that_stops_early_is_not_an_error():
    with subprocess.Popen(
        [COMMAND, "compare", "--width", "200"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--width", "-5"], "argument --width: '-5' must be 4 or more"),
        (["--width", "wide"], "argument --width: 'wide' is not a whole number"),
        (["--max-annual-cost", "inf"], "argument --max-annual-cost: 'inf' is not a finite number"),
        (
            ["--max-annual-cost", "1e400"],
            "argument --max-annual-cost: '1e400' is not a finite number",
        ),
        (
            ["--max-duration-years", "nan"],
            "argument --max-duration-years: 'nan' is not a finite number",
        ),
        (["--weight-cost", "nan"], "argument --weight-cost: 'nan' is not a finite number"),
        (
            ["--country", "Atlantis"],
            "--country: no programme is in 'Atlantis'; known: ",
        ),
    ],
)
def test_compare_bad_flag_values_are_one_line_and_exit_2(args, message):
    result = run_here("compare", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in error_line(result)


def test_an_unknown_country_lists_every_country_of_the_file():
    from mmedlearn.catalog import load_programs

    countries = sorted(load_programs()["country"].unique())
    result = run_here("compare", "--country", "Atlantis")
    assert error_line(result).endswith("known: " + ", ".join(countries))


def test_compare_with_nothing_left_says_so():
    # A country whose every programme is known to take more than a year (a filter removes
    # only what its sources show fails it), read from the data rather than named here.
    programs = catalog.load_programs()
    shortest = programs.groupby("country")["duration_min_years"].agg(["min", "count", "size"])
    known = shortest[(shortest["count"] == shortest["size"]) & (shortest["min"] > 1)]
    assert not known.empty
    result = run_here("compare", "--country", known.index[0], "--max-duration-years", "1")
    assert result.returncode == 0
    assert "Empty DataFrame" not in result.stdout
    assert result.stdout.startswith("No programme passes these filters.\n")
    assert f"0 of {len(catalog.load_programs())} programmes shown" in result.stdout


def test_a_missing_exchange_rate_file_is_one_clear_line(tmp_path):
    shutil.copytree(REPO / "src", tmp_path / "src")
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "data" / "exchange_rates.csv").unlink()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from mmedlearn.cli import main; sys.exit(main())",
            "compare",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src")},
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert error_line(result) == (
        f"{tmp_path}/data/exchange_rates.csv: cannot read the file (No such file or directory)"
    )


# Data that a later step could not carry ---------------------------------------------------


@pytest.mark.parametrize("name", [name for name in sorted(EXPECTED) if name >= "24"])
def test_validate_names_each_hostile_problem(name):
    result = run_here("validate", DATA / "bad_programs" / name)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 1)[1] for line in lines[:-1]] == EXPECTED[name]


def test_a_non_character_stops_the_handout_before_it_starts(tmp_path):
    # U+FFFF used to pass validation and abort vl-convert inside `handout`: exit 134, no message.
    out = tmp_path / "h.html"
    result = run(
        "handout",
        "--programs",
        DATA / "bad_programs" / "27_non_character.csv",
        "--program",
        "jhu",
        "--out",
        out,
    )
    assert result.returncode == 1 and "contains U+FFFF, which is not a character" in result.stderr
    assert not out.exists()


def test_infinite_rates_and_unknown_countries_through_the_api():
    programs = catalog.load_programs()
    rates = compare.load_exchange_rates()
    with pytest.raises(ValueError, match="rates: KES must be a finite number above 0"):
        compare.annual_cost(programs, pd.concat([rates, pd.Series({"KES": float("inf")})]), "EUR")
    with pytest.raises(ValueError, match="country: no programme is in 'Atlantis'"):
        compare.compare(programs, compare.Filters(countries=("Atlantis",)), rates=rates)


# Scale: linear, not quadratic (the figures themselves: benchmarks/) ----------------------


def test_a_header_of_100000_columns_is_refused_quickly():
    header = ",".join(f"column_{i}" for i in range(100_000))
    start = time.perf_counter()
    _, problems = schema.validate_text(header + "\n" + ",".join("1" * 100_000) + "\n")
    seconds = time.perf_counter() - start
    assert [str(p) for p in problems][1] == (
        "row 1: unexpected column(s): column_0, column_1, column_2, "
        "column_3, column_4, column_5, column_6, column_7, column_8, "
        "column_9 and 99,990 more"
    )
    assert seconds < 5, seconds  # about 0.1 s; the quadratic check took 125 s


def test_many_rows_sharing_an_id_are_reported_in_linear_time():
    text = (DATA / "bad_programs" / "08_duplicate_id.csv").read_text("utf-8").splitlines()
    header, row = text[0], text[1]
    rows = [row.replace("University of Sydney", f"University {i}") for i in range(20_000)]
    start = time.perf_counter()
    _, problems = schema.validate_text("\n".join([header, *rows]) + "\n")
    seconds = time.perf_counter() - start
    assert len(problems) == 20_000
    assert str(problems[0]) == (
        "row 2, column program_id: 'usyd_ccm' is used by more than one row "
        "(rows 2, 3, 4, 5, 6 and 19,995 more)"
    )
    assert seconds < 20, seconds  # a few seconds; the per-row search was quadratic


def test_ctrl_c_while_the_command_is_still_loading_is_one_line_too(monkeypatch, capsys):
    # The entry point is light; Ctrl-C during the second or so it takes to import pandas and
    # the rest (mmedlearn.cli) is caught there. (Earlier still, inside Python's own start-up,
    # no program can catch it.)
    import builtins

    from mmedlearn import command

    real_import = builtins.__import__

    def interrupted_while_loading(name, *args, **kwargs):
        if name == "mmedlearn.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", interrupted_while_loading)
    assert command.main() == 130
    assert capsys.readouterr().err == "mmedlearn: interrupted\n"


def test_a_private_folder_above_the_command_is_named(tmp_path):
    private = tmp_path / "home"
    (private / "clone" / ".venv" / "bin").mkdir(parents=True)
    private.chmod(0o700)
    try:
        assert _closed_to_others(private / "clone" / ".venv" / "bin" / "mmedlearn") == private
        private.chmod(0o755)
        assert _closed_to_others(private / "clone" / ".venv" / "bin" / "mmedlearn") != private
    finally:
        private.chmod(0o755)
