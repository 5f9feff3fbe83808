"""The catalogue's tables (docs/catalogue-layout.md): each fact once, references checked, the
joined table the rest of the package reads, and the reference page written from it."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from conftest import REPO, copy_catalogue
from mmedlearn import catalog, schema
from mmedlearn.catalogue_page import catalogue_markdown, escape_markdown

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path):
    return copy_catalogue(tmp_path)


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
    tables = catalog.load_tables(REPO / "data")
    schedules = tables["fee_schedules.csv"]
    assert schedules["fee_schedule_id"].is_unique
    used = tables["programs.csv"]["fee_schedule_id"].value_counts()
    shared = used[used > 1].index
    assert len(shared) > 0  # otherwise the shipped data no longer exercises sharing
    page_dates = tables["sources.csv"].set_index("source_id")["page_date"]
    programs = catalog.load_programs()
    for schedule in schedules.set_index("fee_schedule_id").loc[shared].itertuples():
        holders = programs[programs["fee_schedule_id"] == schedule.Index]
        assert len(holders) == used[schedule.Index]
        for column in ("tuition_per_year", "one_off_fees"):
            stated = getattr(schedule, column)
            if pd.isna(stated):
                assert holders[column].isna().all(), (schedule.Index, column)
            else:
                assert holders[column].eq(float(stated)).all(), (schedule.Index, column)
        cited = list(dict.fromkeys(schedule.source_ids.split(" ; ")))
        expected = " ; ".join(page_dates[cited])
        assert set(holders["fee_page_date"]) == {expected}, schedule.Index


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
    # The first programme with both an institution and a fee schedule, whatever today's rows are.
    rows = pd.read_csv(folder / "programs.csv", dtype=str)
    chosen = rows[rows["institution_id"].notna() & rows["fee_schedule_id"].notna()].iloc[0]
    row = int(chosen.name) + 1  # the header is line 0
    assert text[row].startswith(chosen["program_id"] + ",")
    text[row] = (
        text[row]
        .replace(f",{chosen['institution_id']},", ",must_typo,", 1)
        .replace(f",{chosen['fee_schedule_id']},", ",no_such_schedule,", 1)
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
    # Write the first row's read date the day-first way, whatever date the data holds.
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False)
    year, month, day = sources.loc[0, "read_date"].split("-")
    sources.loc[0, "read_date"] = f"{day}/{month}/{year}"
    sources.to_csv(folder / "sources.csv", index=False)
    command = [sys.executable, "-m", "mmedlearn.cli", "validate", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{folder}: sources.csv, row 2, column read_date: '{day}/{month}/{year}' must be a date "
        "written YYYY-MM-DD" in result.stderr
    )
    good = subprocess.run([*command[:-1], str(REPO / "data")], capture_output=True, text=True)
    programs = catalog.load_programs()
    counts = f"valid, {len(programs)} programmes in {programs['country'].nunique()} countries"
    assert good.returncode == 0 and counts in good.stdout


def test_header_only_tables_are_valid_and_empty(folder):
    header = (folder / "funding_terms.csv").read_text("utf-8").splitlines()[0]
    (folder / "funding_terms.csv").write_text(header + "\n", "utf-8")
    assert catalog.load_funding_terms(folder).empty
    assert len(catalog.load_programs(folder)) == len(catalog.load_programs())
    bond = catalog.load_funding_terms().set_index("terms_id").loc["my_hlp_bond_2024"]
    assert (bond["bond_years_min"], bond["year"]) == (7, 2024)  # as chapter 7 cites it
    pay = catalog.load_pay_scales()
    unpaid = pay[(pay["country"] == "Kenya") & (pay["funding"] == "self sponsored")]
    assert not unpaid.empty
    assert (unpaid["annual_min"] == 0).all() and (unpaid["annual_max"] == 0).all()
    assert unpaid["source_ids"].notna().all()  # stated by a source, not assumed


def test_catalogue_page_lists_every_programme_with_its_count_against_the_estimate():
    programs = catalog.load_programs()
    page = catalogue_markdown(programs, catalog.load_coverage())
    html = MarkdownIt("commonmark").render(page)
    for name in programs["institution"] + ": " + programs["programme"]:
        assert name.replace("&", "&amp;") in html, name
    estimate = catalog.load_coverage().set_index("country").loc["Kenya"]
    held = (programs["country"] == "Kenya").sum()
    kenya = (
        f"<li>Kenya: {held} held; offered: {estimate['offered_min']:g} to "
        f"{estimate['offered_max']:g} (the project's own estimate from public lists"
    )
    assert estimate["basis"] == "issue 21 estimate"  # the wording below is for an estimate
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


def test_a_fee_schedule_of_another_known_institution_is_named(folder):
    rows = pd.read_csv(folder / "programs.csv", dtype=str)
    schedules = pd.read_csv(folder / "fee_schedules.csv", dtype=str)
    chosen = rows[rows["fee_schedule_id"].notna()].iloc[0]
    other = schedules[schedules["institution_id"] != chosen["institution_id"]].iloc[0]
    text = (folder / "programs.csv").read_text("utf-8").splitlines()
    row = int(chosen.name) + 1
    text[row] = text[row].replace(
        f",{chosen['fee_schedule_id']},", f",{other['fee_schedule_id']},", 1
    )
    (folder / "programs.csv").write_text("\n".join(text) + "\n", "utf-8")
    with pytest.raises(schema.DataFileError) as raised:
        catalog.load_programs(folder)
    assert [str(problem) for problem in raised.value.problems] == [
        f"programs.csv, row {row + 1}, column fee_schedule_id: '{other['fee_schedule_id']}' is "
        f"the fee schedule of '{other['institution_id']}', not of this programme's institution"
    ]


def test_pay_coverage_says_for_each_country_and_grade_what_was_found():
    from mmedlearn.catalogue_page import PAY_GRADES, pay_coverage_markdown

    pay = pd.DataFrame(
        [
            {
                "pay_id": "x",
                "country": "Testland <b>",
                "grade": "specialist",
                "funding": "all",
                "currency": "XTS",
                "year": 2024,
                "source_ids": "s1",
            }
        ]
    )
    sources = pd.DataFrame(
        [{"source_id": "s1", "title": "Pay [table]", "address": "https://example.org/pay"}]
    )
    page = pay_coverage_markdown(pay, sources, ["Testland <b>", "Nowhere"])
    html = MarkdownIt("commonmark").render(page)
    assert "<b>" not in html and "Testland &lt;b&gt;" in html
    assert '2024, XTS, <a href="https://example.org/pay">Pay [table]</a>' in html
    for words in (PAY_GRADES["medical_officer"], PAY_GRADES["registrar"]):
        assert f"{words}: no source found" in html
    assert html.count("no source found") == 2 + 3  # Testland's two, and all of Nowhere's
    # The shipped data: a line for every country a reader can start from.
    from mmedlearn.scenario import situation_countries

    tables = catalog.load_tables(catalog.data_dir())
    countries = situation_countries(
        catalog.load_programs(), tables["pay_scales.csv"], tables["funding_terms.csv"]
    )
    shipped = pay_coverage_markdown(tables["pay_scales.csv"], tables["sources.csv"], countries)
    assert [line.split("**")[1] for line in shipped.splitlines()] == sorted(countries)


def test_each_published_fee_is_shown_once_with_every_programme_it_covers():
    programs = catalog.load_programs()
    fees = catalog.fees_by_schedule(programs)
    with_fee = programs.dropna(subset=["tuition_per_year"])
    assert fees["programmes"].sum() == len(with_fee)
    assert not fees.duplicated(catalog.FEE_FACT).any()
    # Every programme's fee is the fee of the one row of its institution and amounts.
    for _, programme in with_fee.iterrows():
        row = fees[
            (fees["institution"] == programme["institution"])
            & (fees["tuition_per_year"] == programme["tuition_per_year"])
        ]
        assert len(row) == 1, programme.name
        assert programme["specialty"] in row["specialties"].iloc[0].split(", ")
