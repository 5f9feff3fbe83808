"""scripts/merge_staging.py against small staging fixtures (tests/data/staging/)."""

import csv
import importlib.util
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_catalogue
from mmedlearn import catalog

STAGING = Path(__file__).parent / "data" / "staging"
_spec = importlib.util.spec_from_file_location(
    "merge_staging", REPO / "scripts" / "merge_staging.py"
)
merge_staging = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(merge_staging)


@pytest.fixture
def data(tmp_path):
    return copy_catalogue(tmp_path)


def ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [row[0] for row in csv.reader(f)][1:]


def _staging_with_a_changed_shared_schedule(data: Path, folder: Path) -> tuple[str, float]:
    """good_zz copied to ``folder``, its fee_schedules.csv one shipped schedule that more than
    one programme uses, with its tuition raised by 10,000: whichever schedule today's data
    shares, so the fixture does not go stale when the catalogue changes."""
    shutil.copytree(STAGING / "good_zz", folder)
    with (data / "programs.csv").open(encoding="utf-8") as f:
        used = [row["fee_schedule_id"] for row in csv.DictReader(f) if row["fee_schedule_id"]]
    shared = next(schedule for schedule in used if used.count(schedule) > 1)
    with (data / "fee_schedules.csv").open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        row = next(row for row in reader if row["fee_schedule_id"] == shared)
    raised = float(row["tuition_per_year"]) + 10_000
    row["tuition_per_year"] = f"{raised:g}"
    row["notes"] = "a one-line change to a shared fee schedule"
    with (folder / "fee_schedules.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    return shared, raised


def test_staged_rows_replace_same_ids_append_new_ones_and_stay_sorted(data, tmp_path, capsys):
    shipped = ids(data / "programs.csv")
    staging = tmp_path / "good_zz"
    shared, raised = _staging_with_a_changed_shared_schedule(data, staging)
    assert merge_staging.main([str(staging), "--data", str(data)]) == 0
    merged = ids(data / "programs.csv")
    assert merged == sorted([*shipped, "aaa_zz_first", "zz_test_internal_medicine"])
    assert merged[0] == "aaa_zz_first"  # placed by its id, not at the end
    programs = catalog.load_programs(data)
    assert len(programs) == len(shipped) + 2
    added = programs.loc["zz_test_internal_medicine"]
    assert added["institution"] == "Test University of Staging" and added["country"] == "Testland"
    # The institution's 3-5 year rule applies, since the programme gives no length of its own.
    assert (added["duration_min_years"], added["duration_max_years"]) == (3, 5)
    assert added["duration_from"] == "institution"
    # One line of the shared fee schedule changed every programme that uses it.
    holders = programs[programs["fee_schedule_id"] == shared]
    assert len(holders) > 1 and holders["tuition_per_year"].eq(raised).all()
    assert ids(data / "fee_schedules.csv") == sorted(ids(REPO / "data" / "fee_schedules.csv"))
    out = capsys.readouterr().out
    assert "programs.csv: 0 replaced, 2 added" in out
    assert "fee_schedules.csv: 1 replaced, 0 added" in out


def test_a_bad_staging_folder_changes_nothing_and_names_file_row_and_column(data, capsys):
    before = {path.name: path.read_bytes() for path in data.glob("*.csv")}
    assert merge_staging.main([str(STAGING / "bad_zz"), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "bad_zz/sources.csv, row 2, column read_date: '06/12/2026' must be a date" in err
    assert {path.name: path.read_bytes() for path in data.glob("*.csv")} == before
    assert not list(data.glob(".merge-*"))  # no temporary file left behind


def test_a_broken_reference_is_traced_to_its_staging_row(data, tmp_path, capsys):
    staging = tmp_path / "zz"
    staging.mkdir()
    shutil.copy(STAGING / "bad_zz" / "programs.csv", staging / "programs.csv")
    before = (data / "programs.csv").read_bytes()
    assert merge_staging.main([str(staging), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    row = f"{staging / 'programs.csv'} row 2 (merged programs.csv)"
    assert (
        f"{row}, column institution_id: 'zz_missing' is not found in institutions.csv "
        "(column institution_id)" in err
    )
    assert f"{row}, column sources: 'zz_no_such_source' is not found in sources.csv" in err
    assert (data / "programs.csv").read_bytes() == before


def test_merging_nothing_new_leaves_the_shipped_tables_byte_for_byte(data, tmp_path):
    staging = tmp_path / "same"
    staging.mkdir()
    shutil.copy(REPO / "data" / "programs.csv", staging / "programs.csv")
    assert merge_staging.main([str(staging), "--data", str(data)]) == 0
    assert (data / "programs.csv").read_bytes() == (REPO / "data" / "programs.csv").read_bytes()
