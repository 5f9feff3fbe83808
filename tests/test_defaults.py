"""The default-assumptions file: read once, checked field by field with clear messages."""

import pytest

from conftest import REPO
from mmedlearn import cases, roi
from mmedlearn.defaults import DEFAULTS_ENV_VAR, load_default_assumptions
from mmedlearn.schema import DataFileError

SHIPPED = (REPO / "data" / "default_assumptions.toml").read_text()


def problems(tmp_path, text):
    path = tmp_path / "defaults.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    with pytest.raises(DataFileError) as raised:
        load_default_assumptions(path)
    return [str(p) for p in raised.value.problems]


def test_shipped_defaults_are_the_illustrative_self_funded_case():
    assert load_default_assumptions() == cases.SELF_FUNDED_COURSEWORK


def test_environment_variable_points_at_an_instructors_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.toml"
    path.write_text(SHIPPED.replace("tax_rate = 0.3", "tax_rate = 0.25"))
    monkeypatch.setenv(DEFAULTS_ENV_VAR, str(path))
    assert load_default_assumptions().tax_rate == 0.25


@pytest.mark.parametrize(
    "change, expected",
    [
        (("tax_rate = 0.3", "tax_rate = 1.3"), ["field tax_rate: must be ≥ 0 and < 1; got 1.3"]),
        (
            ("horizon_years = 30", "horizon_years = 30.5"),
            ["field horizon_years: must be a whole number ≥ 1 and ≤ 60; got 30.5"],
        ),
        (
            ("post_salary = 86000", 'post_salary = "high"'),
            ["field post_salary: must be a number, ≥ 0 and ≤ 1,000,000,000,000; got 'high'"],
        ),
        (
            ("loan_rate = 0.0", "loan_rte = 0.0"),
            ["field loan_rte: unknown field; did you mean loan_rate?", "field loan_rate: missing"],
        ),
        (
            ("post_salary = 86000", "post_salary = 900000"),
            ["field post_salary: must lie within the explorer's range, 0 to 500000; got 900000"],
        ),
        (("duration_years = 1 ", "duration_years = 2.5 "), []),
    ],
)
def test_each_bad_field_is_named(tmp_path, change, expected):
    text = SHIPPED.replace(*change)
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
    text = SHIPPED.replace("duration_years = 1 ", "duration_years = 10 ").replace(
        "horizon_years = 30", "horizon_years = 11"
    )
    assert load_default_assumptions(_write(tmp_path, text)).horizon_years == 11
    assert roi.FIELDS["horizon_years"].low == 1
