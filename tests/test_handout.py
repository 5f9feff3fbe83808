"""The printable handout: self-contained, complete, escaped, and at most two pages."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import CHROMIUM, require_chromium
from mmedlearn import catalog, compare, handout
from mmedlearn.defaults import load_default_assumptions

COMMAND = Path(sys.executable).parent / "mmedlearn"
DATA = Path(__file__).parent / "data"
ARGS = [
    "--program",
    "uct_family",
    "--program",
    "nairobi_psych",
    "--program",
    "usyd_ccm",
    "--baseline-salary",
    "600000",
    "--study-income",
    "610000",
    "--post-salary",
    "900000",
    "--tuition-per-year",
    "30000",
    "--currency",
    "ZAR",
]


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
    return subprocess.run(
        [COMMAND, "handout", *ARGS, *args, "--out", path], capture_output=True, text=True, env=env
    )


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
        "University of Cape Town",
        "University of Nairobi",
        "http://www.oru.uct.ac.za/oru/masters/fees",
        "ZAR",
        "2026-10-30",
    ):
        assert shown in page, shown
    # The programme's own fee is used where known (R10,960; 300,000 KES converted through the
    # euro: the CBK's 152.2479 KES and the ECB's 18.6455 ZAR), the flag's elsewhere.
    assert "10,960" in page
    assert (
        f"Tuition {300_000 / 152.2479 * 18.6455:,.0f} ZAR a year, converted from 300,000 KES"
        in page
    )
    assert "No source gives its fee: your tuition of 30,000 ZAR a year is used." in page
    # The rates line names each rate used with its own date.
    rates_line = page[page.index("Exchange rates:") :]
    assert "European Central Bank euro reference rates, 2026-10-30" in rates_line
    assert (
        "Central Bank of Kenya indicative rate as reported by Tuko.co.ke for KES, 2025-07-24"
        in rates_line
    )


def test_a_kenyan_fee_in_euros_is_dated_by_the_kenyan_rate(tmp_path):
    out = tmp_path / "handout.html"
    result = subprocess.run(
        [COMMAND, "handout", "--program", "nairobi_psych", "--currency", "EUR", "--out", out],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert f"{300_000 / 152.2479:,.0f}" in page
    assert "Central Bank of Kenya" in page and "2025-07-24, over a year old" in page
    assert "2026-10-30" not in page and "European Central Bank" not in page


def test_each_programme_gets_its_own_roi(tmp_path):
    programs, rates = catalog.load_programs(), compare.load_exchange_rates()
    base = load_default_assumptions()
    results = handout.programme_results(["uct_family", "usyd_ccm"], base, programs, rates, "ZAR")
    assert (
        results[0].assumptions.duration_years == 4
        and results[0].assumptions.tuition_per_year == 10_960
    )
    assert results[1].assumptions.duration_years == 1
    assert results[1].assumptions.tuition_per_year == base.tuition_per_year  # no published fee
    assert (
        f"No source gives its fee: your tuition of {base.tuition_per_year:,.0f} ZAR a year is used."
        in results[1].notes
    )
    assert results[1].notes.endswith(
        f"No source gives its one-off fees: your one-off fees of {base.one_off_fees:,.0f} ZAR "
        "are used."
    )


def test_hostile_names_are_escaped(tmp_path):
    out = tmp_path / "hostile.html"
    result = subprocess.run(
        [
            COMMAND,
            "handout",
            "--programs",
            DATA / "good_programs" / "hostile_names.csv",
            "--program",
            "ukzn_mmed",
            "--out",
            out,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_bad_requests_write_nothing(tmp_path):
    missing = tmp_path / "no-such-folder" / "h.html"
    result = make(missing)
    assert result.returncode == 2 and "--out: folder" in result.stderr
    result = subprocess.run(
        [COMMAND, "handout", "--program", "nope", "--out", tmp_path / "h.html"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "--program: no programme 'nope'" in result.stderr
    result = subprocess.run(
        [
            COMMAND,
            "handout",
            "--program",
            "uct_family",
            "--program",
            "uct_family",
            "--out",
            tmp_path / "h.html",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--program: 'uct_family' is given more than once" in result.stderr
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
    result = make(out, "--pdf", env={"PATH": "/usr/bin:/bin", "MMED_CHROMIUM": CHROMIUM})
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2
    (artifacts_dir / "handout.pdf").write_bytes(pdf)
