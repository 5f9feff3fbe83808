"""The schema against the shipped data, and every kind of broken file an instructor may make."""

from pathlib import Path

import pytest

from conftest import REPO
from mmedlearn import catalog, compare, schema

DATA = Path(__file__).parent / "data"

# Each malformed file and the exact problems it must produce (header = row 1).
EXPECTED = {
    "01_missing_column.csv": ["row 1: missing column(s): paid_post"],
    "02_extra_column.csv": ["row 1: unexpected column(s): rating"],
    "03_empty_required.csv": ["row 3, column institution: is empty but required"],
    "04_not_a_number.csv": ["row 4, column duration_min_years: 'three' is not a number"],
    "05_outside_vocabulary.csv": [
        "row 2, column research_requirement: 'phd' must be one of: thesis, dissertation, "
        "research project, research component, examination only, none, unknown"],
    "06_out_of_range.csv": ["row 6, column duration_max_years: 12.0 must be at most 10 years"],
    "07_min_above_max.csv": [
        "row 7, columns duration_min_years, duration_max_years: the minimum is above the maximum"],
    "08_duplicate_id.csv": [
        "row 2, column program_id: 'usyd_ccm' is used by more than one row (rows 2, 5)",
        "row 5, column program_id: 'usyd_ccm' is used by more than one row (rows 2, 5)"],
    "09_duplicate_programme.csv": [
        "row 7, columns institution, programme, specialty: the same programme appears more than once",
        "row 8, columns institution, programme, specialty: the same programme appears more than once"],
    "10_empty_file.csv": ["the file is empty"],
    "11_semicolons.csv": ["row 1: the file is separated by ';', not commas; save it as comma-separated CSV"],
    "12_latin1.csv": ["row 4: the file is not UTF-8 (byte 0xe9); save it as 'CSV UTF-8'"],
    "13_ragged_row.csv": ["row 7: has 22 fields but the header has 21"],
    "14_negative_fee.csv": ["row 7, column tuition_per_year: -5.0 must not be negative"],
    "15_fee_without_currency.csv": ["row 7, column fee_currency: a fee is given, so its currency is required"],
    "16_fractional_year.csv": ["row 7, column fee_year: '2020.5' is not a whole number"],
    "17_bad_id.csv": ["row 2, column program_id: 'Bad ID' may hold only a-z, 0-9 and _"],
    "18_header_only.csv": ["the file has a header but no data rows"],
    "19_tabs.csv": ["row 1: the file is separated by tabs, not commas; save it as comma-separated CSV"],
    "20_source_not_an_address.csv": [
        "row 6, column sources: 'a colleague told me' must start with an http(s) address or 'the guide'"],
    "21_in_guide_vocabulary.csv": ["row 3, column in_guide: 'maybe' must be one of: yes, no"],
    "22_guide_row_without_claim.csv": [
        "row 2, column guide_claim: a provider from the guide needs the guide's claim"],
    "23_control_character.csv": [
        "row 6, column programme: '<img src=x onerror=alert(2)> \\x1b[31mred' contains a control "
        "character; remove it"],
}


def test_every_malformed_file_has_an_expectation():
    assert sorted(p.name for p in (DATA / "bad_programs").glob("*.csv")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gets_its_message(name):
    with pytest.raises(schema.DataFileError) as raised:
        catalog.load_programs(DATA / "bad_programs" / name)
    assert [str(problem) for problem in raised.value.problems] == EXPECTED[name]


@pytest.mark.parametrize("path", [REPO / "data" / "programs.csv", *sorted((DATA / "good_programs").glob("*.csv"))],
                         ids=lambda p: p.name)
def test_shipped_and_good_programme_files_validate(path):
    programs = catalog.load_programs(path)
    assert programs["program_id"].is_unique and len(programs) >= 1
    assert programs["duration_min_years"].dtype == float


def test_shipped_programmes_meet_the_course_brief():
    programs = catalog.load_programs()
    guide = programs[programs["in_guide"] == "yes"]
    real = programs[(programs["in_guide"] == "no") & (programs["degree_title"] == "Master of Medicine")]
    assert len(guide) == 4 and set(guide["verification"]) <= {"confirmed", "partly confirmed",
                                                            "contradicted", "not found"}
    assert len(real) >= 8 and real["country"].nunique() >= 4
    # Every fee carries its currency (the year may be unknown, then it stays empty).
    has_fee = programs["tuition_per_year"].notna() | programs["one_off_fees"].notna()
    assert programs.loc[has_fee, "fee_currency"].notna().all()
    assert programs["sources"].str.startswith("https://").all()


def test_exchange_rates_state_date_and_source():
    rates = compare.load_exchange_rates()
    assert rates["EUR"] == 1.0 and (rates > 0).all()
    assert rates.attrs["rate_date"] == "2026-10-30"
    assert "European Central Bank" in rates.attrs["source"]


def test_bad_exchange_rates_file_is_named_by_row(tmp_path):
    bad = tmp_path / "rates.csv"
    bad.write_text("currency,units_per_eur,rate_date,source\nEUR,1,2026-10-30,ECB\nusd,-1,30/10/2026,ECB\n")
    with pytest.raises(schema.DataFileError) as raised:
        compare.load_exchange_rates(bad)
    assert [str(p) for p in raised.value.problems] == [
        "row 3, column currency: 'usd' must be a three-letter code",
        "row 3, column units_per_eur: -1.0 must be more than 0",
        "row 3, column rate_date: '30/10/2026' must be YYYY-MM-DD",
    ]


def test_data_dictionary_covers_every_column():
    dictionary = schema.data_dictionary()
    assert list(dictionary["column"]) == list(schema.COLUMNS)
    assert dictionary["description"].str.len().gt(10).all()
    research = dictionary.set_index("column").loc["research_requirement", "rule"]
    assert all(value in research for value in schema.RESEARCH_REQUIREMENTS)


def test_data_dictionary_states_each_rule_once_not_on_every_row():
    rules = schema.data_dictionary().set_index("column")["rule"]
    assert not rules.str.contains("control character").any(), rules.to_dict()
    assert rules["institution"] == "free text"
    assert rules["tuition_per_year"] == "must not be negative"
