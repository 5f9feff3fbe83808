"""The schema against the shipped data, and every kind of broken file an instructor may make."""

from pathlib import Path

import pandas as pd
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
        "research project, research component, examination only, none, unknown"
    ],
    "06_out_of_range.csv": ["row 6, column duration_max_years: 12.0 must be at most 10 years"],
    "07_min_above_max.csv": [
        "row 7, columns duration_min_years, duration_max_years: the minimum is above the maximum"
    ],
    "08_duplicate_id.csv": [
        "row 2, column program_id: 'usyd_ccm' is used by more than one row (rows 2, 5)",
        "row 5, column program_id: 'usyd_ccm' is used by more than one row (rows 2, 5)",
    ],
    "09_duplicate_programme.csv": [
        "row 7, columns institution, programme, specialty: the same programme appears more than once",
        "row 8, columns institution, programme, specialty: the same programme appears more than once",
    ],
    "10_empty_file.csv": ["the file is empty"],
    "11_semicolons.csv": [
        "row 1: the file is separated by ';', not commas; save it as comma-separated CSV"
    ],
    "12_latin1.csv": ["row 4: the file is not UTF-8 (byte 0xe9); save it as 'CSV UTF-8'"],
    "13_ragged_row.csv": ["row 7: has 23 fields but the header has 22"],
    "14_negative_fee.csv": ["row 7, column tuition_per_year: -5.0 must not be negative"],
    "15_fee_without_currency.csv": [
        "row 7, column fee_currency: a fee is given, so its currency is required"
    ],
    "16_fractional_year.csv": ["row 7, column fee_year: '2020.5' is not a whole number"],
    "17_bad_id.csv": ["row 2, column program_id: 'Bad ID' may hold only a-z, 0-9 and _"],
    "18_header_only.csv": ["the file has a header but no data rows"],
    "19_tabs.csv": [
        "row 1: the file is separated by tabs, not commas; save it as comma-separated CSV"
    ],
    "20_source_not_an_address.csv": [
        "row 6, column sources: 'a colleague told me' must start with an http(s) address or 'the guide'"
    ],
    "21_in_guide_vocabulary.csv": ["row 3, column in_guide: 'maybe' must be one of: yes, no"],
    "22_guide_row_without_claim.csv": [
        "row 2, column guide_claim: a provider from the guide needs the guide's claim"
    ],
    "23_control_character.csv": [
        "row 6, column programme: '<img src=x onerror=alert(2)> \\x1b[31mred' contains a control "
        "character; remove it"
    ],
    # Hostile input (issue 17): nothing accepted here may crash a later step.
    "24_infinite_and_nan.csv": [
        "row 6, column one_off_fees: 'nan' is not a number",
        "row 7, column tuition_per_year: 'inf' is not a finite number",
    ],
    "25_overflowing_numbers.csv": [
        f"row 7, column tuition_per_year: {'9' * 80!r}… (400 characters) is too large "
        "(at most 1,000,000,000,000,000)",
        "row 7, column fee_year: '99999999999999999999' is too large (at most 1,000,000,000,000,000)",
    ],
    "26_decimal_commas.csv": [
        "row 3, column duration_min_years: '1,5' has a decimal comma; write 1.5",
        "row 4, column duration_min_years: '10,5' has a decimal comma; write 10.5",
        "row 7, column tuition_per_year: ',,,1,0,9,6,0,' is not a number (a comma may only group "
        "thousands, as in 12,500)",
    ],
    "27_non_character.csv": [
        "row 5, column programme: 'No MMed found\\uffff' contains U+FFFF, which is not a character; remove it"
    ],
    "28_bidi_override.csv": [
        "row 6, column institution: 'University of \\u202eKwaZulu-Natal' contains U+202E, an invisible "
        "control that changes the direction text is shown in; remove it"
    ],
    "29_trailing_comma_in_header.csv": [
        "row 1: the header ends with a comma, so column 23 has no name; remove the comma"
    ],
    "30_bom_and_blank_lines.csv": ["row 9, column in_guide: 'maybe' must be one of: yes, no"],
    "31_field_over_the_csv_limit.csv": [
        'row 4: a field is longer than 131,072 characters; is a quote (") left open?'
    ],
    "32_quote_left_open.csv": [
        'row 2: has 6 fields but the header has 22; check its quotes ("), one may be left open'
    ],
    "33_read_date_not_iso.csv": [
        "row 3, column sources_read: '25/11/2026' must be a date written YYYY-MM-DD"
    ],
}


def test_every_malformed_file_has_an_expectation():
    assert sorted(p.name for p in (DATA / "bad_programs").glob("*.csv")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_gets_its_message(name):
    with pytest.raises(schema.DataFileError) as raised:
        catalog.load_programs(DATA / "bad_programs" / name)
    assert [str(problem) for problem in raised.value.problems] == EXPECTED[name]


@pytest.mark.parametrize(
    "path",
    [REPO / "data" / "programs.csv", *sorted((DATA / "good_programs").glob("*.csv"))],
    ids=lambda p: p.name,
)
def test_shipped_and_good_programme_files_validate(path):
    programs = catalog.load_programs(path)
    assert programs["program_id"].is_unique and len(programs) >= 1
    assert programs["duration_min_years"].dtype == float


def test_shipped_programmes_meet_the_course_brief():
    programs = catalog.load_programs()
    guide = programs[programs["in_guide"] == "yes"]
    real = programs[
        (programs["in_guide"] == "no") & (programs["degree_title"] == "Master of Medicine")
    ]
    assert len(guide) == 4 and set(guide["verification"]) <= {
        "confirmed",
        "partly confirmed",
        "contradicted",
        "not found",
    }
    assert len(real) >= 8 and real["country"].nunique() >= 4
    # Issue 15: at least 30 programmes in at least 10 countries that award the MMed or its
    # national equivalent (the guide rows for Edinburgh and Johns Hopkins award neither).
    awarding = programs[~programs["program_id"].isin(["edinburgh", "jhu"])]
    assert len(awarding) >= 30 and awarding["country"].nunique() >= 10
    # Every fee carries its currency; its year is given unless the notes say the source states none.
    has_fee = programs["tuition_per_year"].notna() | programs["one_off_fees"].notna()
    assert programs.loc[has_fee, "fee_currency"].notna().all()
    undated = programs[has_fee & programs["fee_year"].isna()]
    said = undated["notes"].fillna("") + " " + undated["fee_notes"].fillna("")
    assert said.str.contains("no year").all(), list(undated.index)
    # Every row names real addresses (not 'the guide') and the date they were read.
    assert programs["sources"].str.match(r"https?://").all()
    assert programs["sources_read"].str.fullmatch(r"20\d\d-\d\d-\d\d").all()


def test_paid_post_says_depends_on_sponsorship_where_sources_show_unpaid_trainees():
    # Wits supernumerary registrars, Kenyan self-sponsored registrars and Botswana's trainees
    # without sponsorship are unpaid: 'yes' would overstate it (issue 14).
    paid = catalog.load_programs()["paid_post"]
    for program_id in ["wits_mmed", "nairobi_psych", "ub_surgery"]:
        assert paid[program_id] == "depends on sponsorship"
    assert "depends on sponsorship" in schema.PAID_POST


def test_exchange_rates_state_date_and_source():
    rates = compare.load_exchange_rates()
    assert rates["EUR"] == 1.0 and (rates > 0).all()
    assert rates.attrs["rate_date"] == "2026-10-30"  # the newest
    dates, sources = rates.attrs["rate_dates"], rates.attrs["rate_sources"]
    assert set(dates) == set(sources) == set(rates.index)
    ecb = [c for c in rates.index if sources[c].startswith("European Central Bank")]
    assert {"USD", "GBP", "ZAR", "INR"} <= set(ecb)
    assert all(dates[c] == "2026-10-30" for c in ecb)
    # Rates from other central banks, read in news reports that quote them: the bank, the
    # report and the derivation are named (issue 22: NGN, TZS, GHS, PKR, LKR).
    banks = {
        "NGN": "Central Bank of Nigeria",
        "TZS": "Bank of Tanzania",
        "GHS": "Bank of Ghana",
        "PKR": "State Bank of Pakistan",
        "LKR": "Central Bank of Sri Lanka",
    }
    for code, bank in banks.items():
        assert sources[code].startswith(bank) and "as reported by" in sources[code], code
        assert "https://" in sources[code] and dates[code] < "2026-10-30", code
    # Each rate added from a central bank: its own date, its publisher, the address, that it
    # was read from a stored copy, and (Uganda's mid of buying and selling) that it is derived.
    assert dates["KES"] == "2025-07-24" and dates["UGX"] == "2025-04-29"
    assert sources["KES"].startswith("Central Bank of Kenya indicative rate")
    assert "https://www.tuko.co.ke/business-economy/597262-" in sources["KES"]
    assert sources["UGX"].startswith("Bank of Uganda closing rate: derived")
    assert "https://bou.or.ug/bouwebsite/BOU-HOME/" in sources["UGX"]
    for code in ("KES", "UGX"):
        assert "read from a stored copy on 2026-11-25" in sources[code]
    # Every rate beyond the ECB's names the bank it comes from and its own date.
    for code in rates.index:
        assert dates[code] and sources[code], code


def test_a_new_rate_without_its_date_or_source_is_refused(tmp_path):
    good = (DATA.parent.parent / "data" / "exchange_rates.csv").read_text("utf-8")
    rows = len(good.splitlines())
    # Codes the shipped file has no rate for, so the new rows clash with nothing already there.
    shipped = {line.split(",")[0] for line in good.splitlines()}
    first, second, third = [
        c for c in ("MWK", "RWF", "BIF", "ZMW", "ETB", "MZN") if c not in shipped
    ][:3]
    bad = tmp_path / "rates.csv"
    bad.write_text(
        good + f"{first},2900,,\n{second},1650, ,   \n{third},3300,2025-02-30,A central bank\n"
    )
    with pytest.raises(schema.DataFileError) as raised:
        compare.load_exchange_rates(bad)
    assert [str(p) for p in raised.value.problems] == [
        f"row {rows + 1}, column rate_date: is empty but required",
        f"row {rows + 1}, column source: is empty but required",
        f"row {rows + 2}, column rate_date: is empty but required",  # blanks are empty
        f"row {rows + 2}, column source: is empty but required",
        f"row {rows + 3}, column rate_date: '2025-02-30' must be YYYY-MM-DD",
    ]


def test_bad_exchange_rates_file_is_named_by_row(tmp_path):
    bad = tmp_path / "rates.csv"
    bad.write_text(
        "currency,units_per_eur,rate_date,source\nEUR,1,2026-10-30,ECB\nusd,-1,30/10/2026,ECB\n"
    )
    with pytest.raises(schema.DataFileError) as raised:
        compare.load_exchange_rates(bad)
    assert [str(p) for p in raised.value.problems] == [
        "row 3, column currency: 'usd' must be a three-letter code",
        "row 3, column units_per_eur: -1.0 must be more than 0",
        "row 3, column rate_date: '30/10/2026' must be YYYY-MM-DD",
    ]


def test_infinite_and_malformed_exchange_rates_are_refused():
    # An infinite KES rate ranked a 300,000 KES programme first, as if it cost nothing.
    with pytest.raises(schema.DataFileError) as raised:
        compare.load_exchange_rates(DATA / "bad_rates" / "infinite_rate.csv")
    assert [str(p) for p in raised.value.problems] == [
        "row 3, column units_per_eur: 'inf' is not a finite number",
        "row 4, column units_per_eur: '1e400' is too large (at most 1,000,000,000,000,000)",
        "row 5, column units_per_eur: '20,5' has a decimal comma; write 20.5",
    ]


def test_thousands_separators_still_read_as_numbers(tmp_path):
    text = (DATA / "bad_programs" / "26_decimal_commas.csv").read_text("utf-8")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        text.replace('"1,5"', "1.5").replace('"10,5"', "10").replace('",,,1,0,9,6,0,"', '"10,960"')
    )
    programs = catalog.load_programs(fixed)
    assert programs.loc["uct_family", "tuition_per_year"] == 10_960
    assert programs.loc["nus_surgery", "duration_min_years"] == 1.5


def test_every_forbidden_character_is_named():
    # Non-characters in every plane, lone surrogates (only through the API: UTF-8 cannot hold
    # them), bidirectional controls and C1 controls; and characters that are fine stay fine.
    header, row = (
        (DATA / "bad_programs" / "21_in_guide_vocabulary.csv").read_text("utf-8").splitlines()[:2]
    )
    for character in [
        "\ufffe",
        "\ufdd0",
        "\U0001fffe",
        "\U0010ffff",
        "\ud800",
        "\u202e",
        "\u2066",
        "\u200f",
        "\u061c",
        "\x85",
        "\x9b",
        "\x1b",
        "\x7f",
    ]:
        _, problems = schema.validate_text(
            f"{header}\n{row.replace('Sydney', 'Syd' + character + 'ney', 1)}\n"
        )
        assert [p.column for p in problems] == ["institution"], repr(character)
        assert (
            f"U+{ord(character):04X}" in problems[0].message
            or "control character" in problems[0].message
        )
    for fine in ["é", "ü", "\u00a0", "\u2019", "\U0001f600", "\u4e2d", "\u0627"]:
        _table, problems = schema.validate_text(
            f"{header}\n{row.replace('Sydney', 'Syd' + fine + 'ney', 1)}\n"
        )
        assert problems == [], repr(fine)


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


def test_who_a_fee_is_for_is_data_and_its_column_may_be_left_out():
    """Review item 8: Mbarara's fee is the Ugandan-student fee (its notes give the
    international one); a file written before the column existed still validates."""
    import csv
    import io

    tables = catalog.load_tables()
    schedules = tables["fee_schedules.csv"].set_index("fee_schedule_id")
    programs = catalog.load_programs()
    with_fee = programs[programs["fee_schedule_id"].notna()]
    stated = schedules.loc[with_fee["fee_schedule_id"], "applies_to"].to_numpy()
    pd.testing.assert_series_equal(
        with_fee["fee_applies_to"], pd.Series(stated, index=with_fee.index), check_names=False
    )
    assert programs.loc[programs["fee_schedule_id"].isna(), "fee_applies_to"].isna().all()
    # Where an institution charges different applicants differently, each of its programmes'
    # fees says whom it is for (Mbarara: Ugandan students; the international fee is its own row).
    groups = schedules.dropna(subset=["applies_to"]).groupby("institution_id")["applies_to"]
    split = groups.nunique()
    split = split[split > 1].index
    assert len(split) > 0
    charged_by_group = with_fee[with_fee["institution_id"].isin(split)]
    assert not charged_by_group.empty and charged_by_group["fee_applies_to"].notna().all()
    text = catalog.flat_csv(programs)  # the catalogue written out as one flat file
    header = text.splitlines()[0].split(",")
    position = header.index("fee_applies_to")
    out = io.StringIO()
    csv.writer(out).writerows(
        row[:position] + row[position + 1 :] for row in csv.reader(io.StringIO(text))
    )
    without = out.getvalue()
    table = schema.validate_bytes(without.encode())
    assert table["fee_applies_to"].isna().all() and len(table) == len(programs)
