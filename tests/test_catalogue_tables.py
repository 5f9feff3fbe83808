"""The catalogue's tables (docs/catalogue-layout.md): each fact once, references checked, the
joined table the rest of the package reads, and the reference page written from it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from conftest import REPO
from mmedlearn import catalog, schema
from mmedlearn.catalogue_page import catalogue_markdown, escape_markdown

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path):
    copy = tmp_path / "data"
    copy.mkdir()
    for table in (REPO / "data").glob("*.csv"):
        shutil.copy(table, copy / table.name)
    return copy


def test_every_table_validates_and_every_programme_is_joined():
    tables = catalog.load_tables(REPO / "data")
    assert set(tables) == set(schema.CATALOGUE_TABLES)
    programs = catalog.load_programs()
    assert len(programs) == len(tables["programs.csv"])
    # Every source of every programme carries the page's own date and the date it was read.
    pages = programs["sources_page_date"].str.split(" ; ")
    reads = programs["sources_read_dates"].str.split(" ; ")
    addresses = programs["sources"].str.split(" ; ")
    assert (pages.str.len() == addresses.str.len()).all()
    assert (reads.str.len() == addresses.str.len()).all()
    assert pages.explode().str.fullmatch(schema.PAGE_DATE_PATTERN).all()


def test_a_fee_schedule_shared_by_programmes_is_one_row():
    schedules = catalog.load_tables(REPO / "data")["fee_schedules.csv"]
    assert (schedules["fee_schedule_id"] == "uon_mmed_2023").sum() == 1
    programs = catalog.load_programs()
    nairobi = programs.loc[["nairobi_psych", "nairobi_anaes"]]
    assert set(nairobi["fee_schedule_id"]) == {"uon_mmed_2023"}
    assert nairobi["tuition_per_year"].eq(300_000).all()
    assert nairobi["one_off_fees"].eq(45_000).all()
    assert set(nairobi["fee_page_date"]) == {"2023 ; 2023"}


def test_a_programme_without_its_own_length_takes_its_institutions_rule():
    programs = catalog.load_programs()
    makerere = programs.loc["makerere_mmed"]
    assert (makerere["duration_min_years"], makerere["duration_max_years"]) == (3, 3)
    assert makerere["duration_from"] == "institution"
    assert programs.loc["nairobi_anaes", "duration_from"] == "programme"
    own = catalog.load_tables(REPO / "data")["programs.csv"].set_index("program_id")
    assert pd.isna(own.loc["makerere_mmed", "duration_min_years"])  # stated once, not copied


def test_an_instructors_flat_file_loads_to_the_same_values(tmp_path):
    programs = catalog.load_programs()
    flat = tmp_path / "mine.csv"
    flat.write_text(catalog.flat_csv(programs), "utf-8")
    again = catalog.load_programs(flat)
    pd.testing.assert_frame_equal(
        again[catalog.FLAT_COLUMNS], programs[catalog.FLAT_COLUMNS], check_dtype=False
    )
    assert again["institution_id"].isna().all()  # a flat file has no ids


def test_broken_references_are_named_by_file_row_and_column(folder):
    text = (folder / "programs.csv").read_text("utf-8").splitlines()
    row = next(n for n, line in enumerate(text) if line.startswith("must_im,"))
    text[row] = (
        text[row]
        .replace(",must,", ",must_typo,", 1)
        .replace("must_mmed_im_ugandan", "no_such_schedule")
    )
    (folder / "programs.csv").write_text("\n".join(text) + "\n", "utf-8")
    with pytest.raises(schema.DataFileError) as raised:
        catalog.load_programs(folder)
    messages = [str(problem) for problem in raised.value.problems]
    assert messages == [
        f"programs.csv, row {row + 1}, column institution_id: 'must_typo' is not found in "
        "institutions.csv (column institution_id)",
        f"programs.csv, row {row + 1}, column fee_schedule_id: 'no_such_schedule' is not found "
        "in fee_schedules.csv (column fee_schedule_id)",
    ]


def test_validate_command_checks_a_folder_without_a_traceback(folder):
    lines = (folder / "sources.csv").read_text("utf-8").splitlines()
    lines[1] = lines[1].replace("2026-11-25", "25/11/2026")
    (folder / "sources.csv").write_text("\n".join(lines) + "\n", "utf-8")
    command = [sys.executable, "-m", "mmedlearn.cli", "validate", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{folder}: sources.csv, row 2, column read_date: '25/11/2026' must be a date written "
        "YYYY-MM-DD" in result.stderr
    )
    good = subprocess.run([*command[:-1], str(REPO / "data")], capture_output=True, text=True)
    assert good.returncode == 0 and "valid, 37 programmes in 16 countries" in good.stdout


def test_header_only_tables_are_valid_and_empty(folder):
    header = (folder / "funding_terms.csv").read_text("utf-8").splitlines()[0]
    (folder / "funding_terms.csv").write_text(header + "\n", "utf-8")
    assert catalog.load_funding_terms(folder).empty
    assert len(catalog.load_programs(folder)) == len(catalog.load_programs())
    bond = catalog.load_funding_terms().set_index("terms_id").loc["my_hlp_bond_2024"]
    assert (bond["bond_years_min"], bond["year"]) == (7, 2024)  # as chapter 7 cites it
    pay = catalog.load_pay_scales()
    unpaid = pay[(pay["country"] == "Kenya") & (pay["funding"] == "self sponsored")]
    assert list(unpaid["annual_max"]) == [0]  # stated by a source, not assumed


def test_catalogue_page_lists_every_programme_with_its_count_against_the_estimate():
    programs = catalog.load_programs()
    page = catalogue_markdown(programs, catalog.load_coverage())
    html = MarkdownIt("commonmark").render(page)
    for name in programs["institution"] + ": " + programs["programme"]:
        assert name.replace("&", "&amp;") in html, name
    kenya = "<li>Kenya: 4 held; offered: 45 to 50 (the project's own estimate from public lists"
    assert kenya in html.replace("&#x27;", "'")
    assert "2015 fee, 11 years old when read: ask for the current fee" in html
    assert "the source states no year" in html  # Mbarara's fee
    assert "(undated, read 2026-11-25)" in html and "(dated 2023, read 2026-11-25)" in html
    assert "3 years (the institution's rule for its MMeds)" in html  # Makerere


def test_catalogue_page_escapes_text_from_data():
    programs = catalog.load_programs(DATA / "good_programs" / "hostile_names.csv")
    hostile = "<script>alert(1)</script> *x* [y](javascript:z) {role}`a` $x$"
    programs.iloc[0, programs.columns.get_loc("programme")] = hostile
    html = (
        MarkdownIt("commonmark")
        .enable("table")
        .render(catalogue_markdown(programs, catalog.load_coverage()))
    )
    assert "<script" not in html and 'href="javascript' not in html and "<em>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *x* [y](javascript:z)" in html
    assert escape_markdown("a\nb") == "a b"
