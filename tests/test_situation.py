"""'Start from my situation' (issue 22 point 2): inputs filled from the data, each with its source."""

import math

import pandas as pd
import pytest

from mmedlearn import catalog, cli, compare
from mmedlearn.scenario import ILLUSTRATIVE, start_from_situation

RATES = pd.Series({"EUR": 1.0, "USD": 1.1, "KES": 150.0})
SOURCES = pd.DataFrame(
    {
        "source_id": ["ke_cba", "ke_bond"],
        "address": ["https://example.org/cba", "https://example.org/bond"],
        "title": ["Collective agreement", "Scholarship rules"],
    }
)
PAY = pd.DataFrame(
    [
        ("Kenya", "medical_officer", "all", 1_200_000, 2_000_000, "KES", 2024, "ke_cba"),
        ("Kenya", "medical_officer", "all", 1_000_000, 1_500_000, "KES", 2017, "ke_cba"),
        ("Kenya", "registrar", "government sponsored", 1_500_000, 1_500_000, "KES", 2024, "ke_cba"),
        ("Kenya", "registrar", "all", 900_000, 900_000, "KES", 2024, "ke_cba"),
        ("Kenya", "specialist", "all", 3_000_000, 4_000_000, "KES", 2024, "ke_cba"),
        ("Kenya", "bond", "all", 1_000_000, 1_000_000, "KES", 2023, "ke_bond"),
        ("Uganda", "specialist", "all", 9_000_000, 9_000_000, "UGX", 2024, "ke_cba"),
    ],
    columns=[
        "country",
        "grade",
        "funding",
        "annual_min",
        "annual_max",
        "currency",
        "year",
        "source_ids",
    ],
)
TERMS = pd.DataFrame(
    [("Kenya", "government sponsored", 1.0, 2.0, 3.0, 5.0, 2023, "ke_bond")],
    columns=[
        "country",
        "funding",
        "wait_years_min",
        "wait_years_max",
        "bond_years_min",
        "bond_years_max",
        "year",
        "source_ids",
    ],
)
BASE = {
    "duration_years": 1.0,
    "tuition_per_year": 30_000.0,
    "baseline_salary": 80_000.0,
    "study_income": 40_000.0,
    "post_salary": 86_000.0,
    "tax_rate": 0.3,
}


def shipped_situation(country: str, funding: str, programme=None):
    """start_from_situation over the shipped tables and rates, from the test's base case."""
    tables = catalog.load_tables()
    return start_from_situation(
        country,
        funding,
        base=BASE,
        base_currency="USD",
        pay_scales=tables["pay_scales.csv"],
        funding_terms=tables["funding_terms.csv"],
        sources=tables["sources.csv"],
        rates=compare.load_exchange_rates(),
        programme=programme,
    )


def situation(country="Kenya", funding="government sponsored", **options):
    return start_from_situation(
        country,
        funding,
        base=BASE,
        base_currency="USD",
        pay_scales=PAY,
        funding_terms=TERMS,
        sources=SOURCES,
        rates=RATES,
        **options,
    )


def test_salaries_wait_and_bond_come_from_the_countrys_latest_scales_with_their_sources():
    s = situation()
    assert s.currency == "KES"  # the country's pay scales are in KES
    assert s.values["baseline_salary"] == 1_200_000  # bottom of the 2024 scale, not 2017's
    assert s.origins["baseline_salary"] == "Collective agreement, https://example.org/cba (2024)"
    assert s.values["study_income"] == 1_500_000  # the government-sponsored registrar
    assert s.values["post_salary"] == 3_000_000
    assert (s.values["wait_years"], s.values["bond_years"]) == (1.0, 3.0)
    assert s.origins["bond_years"] == "Scholarship rules, https://example.org/bond (2023)"
    assert s.values["bond_salary"] == 1_000_000


def test_what_no_source_gives_stays_illustrative_converted_to_the_readers_currency():
    s = situation(funding="supernumerary")
    # No supernumerary rate: the scale for every registrar applies; no terms for it either.
    assert s.values["study_income"] == 900_000
    assert "wait_years" not in s.values and "bond_years" not in s.values
    assert s.origins["tuition_per_year"] == ILLUSTRATIVE
    assert s.values["tuition_per_year"] == pytest.approx(30_000 * 150 / 1.1)
    assert s.values["tax_rate"] == 0.3 and s.origins["tax_rate"] == ILLUSTRATIVE


def test_a_chosen_currency_converts_sourced_values_and_says_so():
    s = situation(currency="EUR")
    assert s.values["baseline_salary"] == pytest.approx(8_000)
    assert s.origins["baseline_salary"].endswith("(2024), converted from KES")


def test_a_value_without_an_exchange_rate_is_not_used():
    s = situation(country="Uganda", currency="KES")
    assert s.values["post_salary"] == pytest.approx(86_000 * 150 / 1.1)  # illustrative kept
    assert s.origins["post_salary"] == ILLUSTRATIVE
    assert any("UGX" in note and "no exchange rate" in note for note in s.notes)


def test_a_programme_gives_length_and_fees_and_must_be_in_the_country():
    programs = catalog.load_programs()
    s = situation(programme=programs.loc["nairobi_psych"])
    assert s.values["duration_years"] == 3
    assert s.values["tuition_per_year"] == 300_000 and s.values["one_off_fees"] == 45_000
    assert s.origins["tuition_per_year"].endswith("(2023)")
    assert "citizen.digital" in s.origins["tuition_per_year"]
    with pytest.raises(ValueError, match="'nus_im' is in Singapore, not Kenya"):
        situation(programme=programs.loc["nus_im"])
    with pytest.raises(ValueError, match="funding: must be one of"):
        situation(funding="family")


def _most_recent(rows: pd.DataFrame) -> pd.Series:
    """The row with the latest year; the test refuses ties, which would make the pick depend on
    file order rather than on the data."""
    latest = rows[rows["year"] == rows["year"].max()]
    assert len(latest) == 1, f"several scales for {rows['year'].max()}: {list(latest.index)}"
    return latest.iloc[0]


def _addresses(source_ids: str, sources: pd.DataFrame) -> list[str]:
    return list(sources.set_index("source_id").loc[source_ids.split(" ; "), "address"])


def test_shipped_data_kenyan_self_sponsored_registrar_is_unpaid_by_its_source():
    tables = catalog.load_tables()
    s = shipped_situation("Kenya", "self sponsored")
    pay = tables["pay_scales.csv"]
    kenya = pay[pay["country"] == "Kenya"]
    # The most recent Kenyan scale for a self-sponsored registrar, read from the table.
    registrar = _most_recent(
        kenya[(kenya["grade"] == "registrar") & (kenya["funding"] == "self sponsored")]
    )
    assert registrar["annual_min"] == 0  # the data's own finding: unpaid
    assert s.values["study_income"] == 0
    for address in _addresses(registrar["source_ids"], tables["sources.csv"]):
        assert address in s.origins["study_income"]
    assert s.origins["study_income"].endswith(f"({int(registrar['year'])})")
    officer = kenya[(kenya["grade"] == "medical_officer") & (kenya["funding"] == "all")]
    if officer.empty:
        assert s.origins["baseline_salary"] == ILLUSTRATIVE
    else:
        latest = _most_recent(officer)
        assert s.values["baseline_salary"] == latest["annual_min"]
        assert s.origins["baseline_salary"].endswith(f"({int(latest['year'])})")
    assert not math.isnan(s.values["baseline_salary"])


def test_roi_command_starts_from_a_situation_and_labels_every_value(capsys):
    argv = [
        "roi",
        "--country",
        "Kenya",
        "--funding",
        "self sponsored",
        "--program",
        "nairobi_psych",
        "--quiet",
    ]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert "Starting from: Kenya, self sponsored, amounts in KES" in out
    psych = catalog.load_programs().loc["nairobi_psych"]
    fee_source = psych["fee_sources"].split(" ; ")[0]
    assert f"  Tuition and fees a year: {psych['tuition_per_year']:,.0f} ({fee_source}" in out
    tables = catalog.load_tables()
    pay, sources = tables["pay_scales.csv"], tables["sources.csv"].set_index("source_id")
    unpaid = _most_recent(
        pay[
            (pay["country"] == "Kenya")
            & (pay["grade"] == "registrar")
            & (pay["funding"] == "self sponsored")
        ]
    )
    first_source = sources.loc[unpaid["source_ids"].split(" ; ")[0], "title"]
    assert f"  Income while studying: 0 ({first_source}" in out
    assert "  Salary without the degree: " in out and "(illustrative, converted from USD)" in out
    assert cli.main([*argv[:-1], "--baseline-salary", "1200000", "--quiet"]) == 0
    assert "  Salary without the degree: 1,200,000 (your flag)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--country", "Kenya"], "--funding: needed with --country"),
        (["--funding", "self sponsored"], "--funding: give --country too"),
        (["--country", "Atlantis", "--funding", "self sponsored"], "--country: no data for "),
    ],
)
def test_roi_command_refuses_an_incomplete_situation_in_one_line(argv, message, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["roi", *argv])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_shipped_data_malaysian_scholarship_bond_comes_from_its_source():
    tables = catalog.load_tables()
    s = shipped_situation("Malaysia", "government sponsored")
    assert s.values["bond_years"] == 7
    assert s.origins["bond_years"].startswith("Free Malaysia Today: ")
    assert s.origins["bond_years"].endswith("(2024)")
    # The wait is looked up apart from the bond: the newest row that states one, for this
    # funding or else for all (Malaysia's gazettement applies to every specialist).
    terms = tables["funding_terms.csv"]
    waits = terms[(terms["country"] == "Malaysia") & terms["wait_years_min"].notna()]
    waits = (
        waits[waits["funding"] == "government sponsored"]
        if (waits["funding"] == "government sponsored").any()
        else waits[waits["funding"] == "all"]
    )
    newest = waits.sort_values("year", kind="stable", ascending=False).iloc[0]
    assert s.values["wait_years"] == math.ceil(newest["wait_years_min"])
    # No source gives pay during the bond: the salary after the degree, said to be assumed.
    bond_pay = tables["pay_scales.csv"].query("country == 'Malaysia' and grade == 'bond'")
    assert bond_pay.empty
    assert s.values["bond_salary"] == s.values["post_salary"]
    assert s.origins.get("bond_salary", ILLUSTRATIVE) == ILLUSTRATIVE
    assert any(
        note.startswith("bond_salary: no source gives pay during the bond") for note in s.notes
    )


def test_a_fractional_wait_is_counted_in_whole_years_and_says_so():
    # Malaysia's gazettement: "at least six months"; the model counts whole years.
    terms = TERMS.assign(wait_years_min=0.5, bond_years_min=float("nan"))
    s = start_from_situation(
        "Kenya",
        "government sponsored",
        base=BASE,
        base_currency="USD",
        pay_scales=PAY,
        funding_terms=terms,
        sources=SOURCES,
        rates=RATES,
    )
    assert s.values["wait_years"] == 1.0
    assert s.origins["wait_years"].endswith(
        "(2023); the source gives at least 0.5 years, counted as 1, as the model counts whole years"
    )
    assert "bond_years" not in s.values


def test_a_degree_by_examination_only_starts_with_no_tuition_and_says_why():
    """As programme_scenario: a programme awarded by examination, with no fee for a course,
    has tuition 0 with its sources, never the illustrative tuition of a taught programme."""
    from mmedlearn.roi import Assumptions
    from mmedlearn.scenario import programme_scenario

    programs = catalog.load_programs()
    by_examination = programs[
        (programs["delivery_mode"] == "examination only") & programs["tuition_per_year"].isna()
    ]
    assert len(by_examination)
    for key, programme in by_examination.iterrows():
        s = shipped_situation(programme["country"], "self sponsored", programme=programme)
        start = Assumptions(
            duration_years=1, tuition_per_year=30_000, baseline_salary=1, post_salary=2
        )
        rule = programme_scenario(programme, start, "USD", compare.load_exchange_rates())
        assert s.values["tuition_per_year"] == rule.assumptions.tuition_per_year == 0, key
        assert "awarded by examination only" in s.origins["tuition_per_year"], key
        assert s.origins["tuition_per_year"].endswith(f"(as read {programme['sources_read']})")


def test_an_old_fee_says_to_ask_for_the_current_one():
    """The page's presets warned of a fee much older than its sources' reading; a situation
    started from such a programme says so beside the fee, as fee_context does."""
    programs = catalog.load_programs()
    read_year = programs["sources_read"].str[:4].astype(float)
    old = programs[(read_year - programs["fee_year"] > compare.FEE_AGE_LIMIT_YEARS)]
    old = old[old["tuition_per_year"].notna()]
    assert len(old)
    key = old.index[0]
    programme = programs.loc[key]
    s = shipped_situation(programme["country"], "self sponsored", programme=programme)
    age = int(programme["sources_read"][:4]) - int(programme["fee_year"])
    assert (
        f"({int(programme['fee_year'])}, {age} years before its sources were read: "
        "ask for the current fee)" in s.origins["tuition_per_year"]
    ), key
