"""The printable handout: self-contained, complete, escaped, and at most two pages.

Expected fees, rates and dates come from the data files themselves, read here with the csv
module (not through mmedlearn), and the programmes are chosen by what the data says of them: a
refreshed fee or rate changes what is expected, not whether the tests pass.
"""

import csv
import html
import io
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import READER_CHROMIUM, require_chromium
from mmedlearn import catalog, compare, handout
from mmedlearn.defaults import load_default_assumptions
from test_cli import run_in_process

COMMAND = Path(sys.executable).parent / "mmedlearn"
DATA = Path(__file__).parent / "data"
SHIPPED = Path(__file__).resolve().parents[1] / "data"
CURRENCY = "ZAR"
TUITION = 30_000  # the handout's --tuition-per-year: used where no source gives a fee


def _rows(name: str, key: str) -> dict[str, dict[str, str]]:
    with (SHIPPED / name).open(newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


# The catalogue's tables joined, one row a programme (its fee from its schedule), as flat text.
PROGRAMS = {
    row["program_id"]: row
    for row in csv.DictReader(io.StringIO(catalog.flat_csv(catalog.load_programs(SHIPPED))))
}
RATES = _rows("exchange_rates.csv", "currency")


def _first(rule) -> str:
    """The first programme with a length that matches rule (an examination-only degree, which
    has no tuition, is not one of the three cases)."""
    return next(
        pid
        for pid, row in PROGRAMS.items()
        if row["duration_min_years"] and row["delivery_mode"] != "examination only" and rule(row)
    )


# The three cases of a programme's fee: in the handout's currency, converted through the euro
# from another (neither of them the euro), and not known.
SAME = _first(lambda row: row["tuition_per_year"] and row["fee_currency"] == CURRENCY)
CONVERTED = _first(
    lambda row: (
        row["tuition_per_year"]
        and row["fee_currency"] in RATES
        and row["fee_currency"] not in (CURRENCY, "EUR")
    )
)
NO_FEE = _first(lambda row: not row["tuition_per_year"])
ARGS = [
    "--program",
    SAME,
    "--program",
    CONVERTED,
    "--program",
    NO_FEE,
    "--baseline-salary",
    "600000",
    "--study-income",
    "610000",
    "--post-salary",
    "900000",
    "--tuition-per-year",
    str(TUITION),
    "--currency",
    CURRENCY,
]


def fee(pid: str) -> float:
    return float(PROGRAMS[pid]["tuition_per_year"])


def units_per_eur(currency: str) -> float:
    return float(RATES[currency]["units_per_eur"])


def rate_source(currency: str) -> str:
    """A rate's source as the notes name it: its description, without the address."""
    return RATES[currency]["source"].split(", http")[0]


def rate_is_stale(currency: str) -> bool:
    """Dated more than a year before the newest rate in the file."""
    newest = max(date.fromisoformat(row["rate_date"]) for row in RATES.values())
    return (newest - date.fromisoformat(RATES[currency]["rate_date"])).days > 365


class Resources(HTMLParser):
    """Collects everything in a page that would make a browser fetch something."""

    def __init__(self):
        super().__init__()
        self.tags, self.fetches, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))
        for name in ("src", "href", "xlink:href", "srcset", "data"):
            if tag != "a" and attrs.get(name):
                self.fetches.append(f"{tag} {name}={attrs[name]}")


def parse(page: str) -> Resources:
    found = Resources()
    found.feed(page)
    return found


def make(path, *args, env=None):
    """``mmedlearn handout`` with the usual arguments: in this process (test_cli.run_in_process)
    unless another environment needs a process of its own."""
    arguments = ["handout", *map(str, ARGS), *map(str, args), "--out", str(path)]
    if env is None:
        return run_in_process(arguments)
    return subprocess.run([COMMAND, *arguments], capture_output=True, text=True, env=env)


def handout_command(*args) -> subprocess.CompletedProcess:
    return run_in_process(["handout", *map(str, args)])


def test_handout_has_no_external_resource_and_contains_the_inputs(tmp_path):
    out = tmp_path / "handout.html"
    result = make(out)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    found = parse(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(found.tags)
    assert found.fetches == [] and "@import" not in page and "url(" not in page
    # Source links are plain web addresses (some sources are only published over http).
    assert "<svg" in page and all(link.startswith(("https://", "http://")) for link in found.links)
    for shown in (
        "600,000",
        "610,000",
        "900,000",
        PROGRAMS[SAME]["institution"],
        PROGRAMS[CONVERTED]["institution"],
        *PROGRAMS[SAME]["sources"].split(" ; "),
        CURRENCY,
    ):
        # Read as text: a source address with '&' is written '&amp;' in the HTML.
        assert shown in html.unescape(page), shown
    # The programme's own fee is used where known: as it is in its own currency, converted
    # through the euro from another; the flag's elsewhere.
    assert f"{fee(SAME):,.0f}" in page
    converted = fee(CONVERTED) / units_per_eur(PROGRAMS[CONVERTED]["fee_currency"])
    converted *= units_per_eur(CURRENCY)
    assert (
        f"Tuition {converted:,.0f} {CURRENCY} a year, converted from "
        f"{fee(CONVERTED):,.0f} {PROGRAMS[CONVERTED]['fee_currency']}"
    ) in page
    assert (
        f"No source gives its fee: your tuition of {TUITION:,} {CURRENCY} a year is used." in page
    )
    # The rates line names each rate used, with its own date.
    rates_line = page[page.index("Exchange rates:") :]
    for currency in (CURRENCY, PROGRAMS[CONVERTED]["fee_currency"]):
        assert rate_source(currency) in rates_line, currency
        assert RATES[currency]["rate_date"] in rates_line, currency


def test_a_fee_in_euros_is_dated_by_its_own_rate(tmp_path):
    out = tmp_path / "handout.html"
    result = handout_command("--program", CONVERTED, "--currency", "EUR", "--out", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    currency = PROGRAMS[CONVERTED]["fee_currency"]
    assert f"{fee(CONVERTED) / units_per_eur(currency):,.0f}" in page
    dated = (
        f"{RATES[currency]['rate_date']}{', over a year old' if rate_is_stale(currency) else ''}"
    )
    assert rate_source(currency) in page and dated in page
    # Only the rate that converted the fee is named; the euro needs none.
    others = {row["rate_date"] for code, row in RATES.items() if code != currency}
    assert not [other for other in others - {RATES[currency]["rate_date"]} if other in page]


def test_each_programme_gets_its_own_roi(tmp_path):
    programs, rates = catalog.load_programs(), compare.load_exchange_rates()
    base = load_default_assumptions()
    results = handout.programme_results([SAME, NO_FEE], base, programs, rates, CURRENCY)
    assert results[0].assumptions.duration_years == float(PROGRAMS[SAME]["duration_min_years"])
    assert results[0].assumptions.tuition_per_year == fee(SAME)
    assert results[1].assumptions.duration_years == float(PROGRAMS[NO_FEE]["duration_min_years"])
    assert results[1].assumptions.tuition_per_year == base.tuition_per_year  # no published fee
    assert (
        f"No source gives its fee: your tuition of {base.tuition_per_year:,.0f} {CURRENCY} a "
        "year is used."
    ) in results[1].notes
    if not PROGRAMS[NO_FEE]["one_off_fees"]:
        assert results[1].notes.endswith(
            "No source gives its one-off fees: your one-off fees of "
            f"{base.one_off_fees:,.0f} {CURRENCY} are used."
        )


def test_hostile_names_are_escaped(tmp_path):
    out = tmp_path / "hostile.html"
    result = handout_command(
        "--programs",
        DATA / "good_programs" / "hostile_names.csv",
        "--program",
        "ukzn_mmed",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_bad_requests_write_nothing(tmp_path):
    missing = tmp_path / "no-such-folder" / "h.html"
    result = make(missing)
    assert result.returncode == 2 and "--out: folder" in result.stderr
    result = handout_command("--program", "nope", "--out", tmp_path / "h.html")
    assert result.returncode == 2 and "--program: no programme 'nope'" in result.stderr
    result = handout_command("--program", SAME, "--program", SAME, "--out", tmp_path / "h.html")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"--program: '{SAME}' is given more than once" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_pdf_without_chromium_says_so(tmp_path):
    out = tmp_path / "h.html"
    result = make(
        out, "--pdf", env={"PATH": "/nonexistent", "MMED_CHROMIUM": "/nonexistent/chromium"}
    )
    assert result.returncode == 1
    assert "no PDF: Chromium was not found" in result.stderr and "Traceback" not in result.stderr
    assert out.is_file() and not out.with_suffix(".pdf").exists()


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_fits_two_pages(tmp_path, artifacts_dir):
    require_chromium()
    out = tmp_path / "h.html"
    result = make(out, "--pdf", env={"PATH": "/usr/bin:/bin", "MMED_CHROMIUM": READER_CHROMIUM})
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2
    (artifacts_dir / "handout.pdf").write_bytes(pdf)
