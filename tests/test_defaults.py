"""The default-assumptions file: read once, checked field by field with clear messages."""

import math
import re

import pytest

from conftest import REPO
from mmedlearn import cases, roi
from mmedlearn.defaults import DEFAULTS_ENV_VAR, load_default_assumptions
from mmedlearn.schema import DataFileError
from mmedlearn.static_explorers import ROI_EXPLORER_CURRENCY

SHIPPED = (REPO / "data" / "default_assumptions.toml").read_text()


def problems(tmp_path, text):
    path = tmp_path / "defaults.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(DataFileError) as raised:
        load_default_assumptions(path)
    return [str(p) for p in raised.value.problems]


def with_value(text: str, name: str, value: str, new_name: str | None = None) -> str:
    """The file's text with one field's line set to ``value`` (and renamed), whatever it held."""
    return re.sub(
        rf"^{name} = [^#\n]*", f"{new_name or name} = {value} ", text, count=1, flags=re.M
    )


def test_shipped_defaults_are_the_sourced_registrar_case_rounded():
    # Held against the data, not against numbers copied from the file: each sourced value is
    # what start_from_situation gives for the starting situation, converted and rounded.
    start = load_default_assumptions()
    situation = cases.starting_situation(start)
    sourced = {n: o for n, o in situation.origins.items() if o != "illustrative"}
    assert set(sourced) == {
        "duration_years",
        "tuition_per_year",
        "baseline_salary",
        "study_income",
        "post_salary",
    }
    for name in sourced:
        value = situation.values[name]
        expected = cases.rounded(value) if roi.FIELDS[name].kind == "money" else value
        assert getattr(start, name) == expected, name
        if roi.FIELDS[name].kind == "money":
            assert math.isclose(getattr(start, name), value, rel_tol=0.01), name
    # A multi-year registrar case (issue 22): a paid post, fees within USD 0-2,500 a year.
    assert start.duration_years >= 3 and start.study_income > 0
    assert 0 < start.tuition_per_year <= 2_500
    # The chapter's table says which values are sourced: the same five, the rest illustrative.
    table = cases.starting_case(start)
    said = dict(zip(table["input"], table["where it comes from"], strict=True))
    assert {n for n in roi.FIELDS if said[roi.FIELDS[n].label] != "illustrative"} == set(sourced)
    assert "(2025), converted from ZAR" in said[roi.FIELDS["post_salary"].label]
    assert cases.STARTING_CURRENCY == ROI_EXPLORER_CURRENCY  # the explorer shows it in USD


def test_a_value_an_instructor_changes_is_no_longer_credited_to_the_source():
    start = load_default_assumptions().replace(post_salary=95_000)
    said = cases.starting_case(start).set_index("input")["where it comes from"]
    assert said[roi.FIELDS["post_salary"].label] == "illustrative"
    assert said[roi.FIELDS["baseline_salary"].label] != "illustrative"


def test_environment_variable_points_at_an_instructors_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text(with_value(SHIPPED, "tax_rate", "0.25"))
    monkeypatch.setenv(DEFAULTS_ENV_VAR, str(path))
    assert load_default_assumptions().tax_rate == 0.25


@pytest.mark.parametrize(
    "change, expected",
    [
        (("tax_rate", "1.3"), ["field tax_rate: must be ≥ 0 and < 1; got 1.3"]),
        (
            ("horizon_years", "30.5"),
            ["field horizon_years: must be a whole number ≥ 1 and ≤ 60; got 30.5"],
        ),
        (
            ("post_salary", '"high"'),
            ["field post_salary: must be a number, ≥ 0 and ≤ 1,000,000,000,000; got 'high'"],
        ),
        (
            ("loan_rate", "0.0", "loan_rte"),
            ["field loan_rte: unknown field; did you mean loan_rate?", "field loan_rate: missing"],
        ),
        (
            ("post_salary", "900000"),
            ["field post_salary: must lie within the explorer's range, 0 to 500000; got 900000"],
        ),
        (("duration_years", "2.5"), []),
    ],
)
def test_each_bad_field_is_named(tmp_path, change, expected):
    text = with_value(SHIPPED, *change)
    assert text != SHIPPED
    if expected:
        assert problems(tmp_path, text) == expected
    else:
        assert load_default_assumptions(_write(tmp_path, text)).duration_years == 2.5


def _write(tmp_path, text):
    path = tmp_path / "ok.toml"
    path.write_text(text)
    return path


def test_broken_files(tmp_path):
    assert problems(tmp_path, "[assumptions]\nduration_years = = 2\n") == [
        "not valid TOML: Invalid value (at line 2, column 18)"
    ]
    assert problems(tmp_path, "duration_years = 2\n") == ["no [assumptions] table"]
    assert problems(tmp_path, b"[assumptions]\nx = '\xe9'\n") == ["the file is not UTF-8"]
    with pytest.raises(DataFileError, match="cannot read the file"):
        load_default_assumptions(tmp_path / "absent.toml")


def test_a_rule_across_fields_is_reported(tmp_path):
    text = with_value(with_value(SHIPPED, "duration_years", "10"), "horizon_years", "11")
    assert load_default_assumptions(_write(tmp_path, text)).horizon_years == 11
    assert roi.FIELDS["horizon_years"].low == 1
