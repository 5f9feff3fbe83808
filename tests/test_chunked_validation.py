"""Files are checked a chunk of rows at a time (mmedlearn.schema.check_lines), so that
`mmedlearn validate` holds about one chunk in memory however long the file. What it finds must
not depend on where the chunks fall: a repeat that spans two chunks, a rule broken in a later
chunk, a record the CSV reader cannot read after some chunks were checked."""

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_catalogue
from mmedlearn import catalog, schema
from mmedlearn.catalog import check_catalogue, flat_csv, load_catalogue, load_programs

DATA = REPO / "tests" / "data"
BAD_FILES = sorted((DATA / "bad_programs").glob("*.csv"))
GOOD_FILES = sorted((DATA / "good_programs").glob("*.csv"))


def checked(text: str, chunk_rows: int | None = None, keep: bool = True) -> schema.Checked:
    return schema.check_lines(
        lambda: io.StringIO(text, newline=""), chunk_rows=chunk_rows, keep=keep
    )


def same_result(text: str, chunk_rows: int, keeps=(True, False)) -> None:
    """The file checked whole and in chunks of ``chunk_rows``, kept and not: the same problems
    in the same order, the same count of rows, the same table."""
    whole = checked(text)
    for keep in keeps:
        chunked = checked(text, chunk_rows, keep)
        assert [str(p) for p in chunked.problems] == [str(p) for p in whole.problems]
        assert chunked.rows == (whole.rows if whole.table is None else len(whole.table))
        if keep and whole.table is not None:
            pd.testing.assert_frame_equal(chunked.table, whole.table)
        else:
            assert chunked.table is None


@pytest.mark.parametrize("path", BAD_FILES + GOOD_FILES, ids=lambda path: path.name)
def test_each_test_file_gives_the_same_result_in_chunks_of_two(path):
    text, problems = schema.decode(path.read_bytes())
    if problems:
        pytest.skip("not UTF-8: decoded before any chunk is read")
    same_result(text, 2, keeps=(True,))  # not kept: the next test, and check_catalogue's


# A small programmes file, and what can go wrong in a row of it.
BASE = list(csv.reader(io.StringIO(flat_csv(load_programs().head(8)))))
HEADER = BASE[0]
NUMBER = HEADER.index("tuition_per_year")
TEXT = HEADER.index("programme")


def damaged(record: list[str], how: str) -> list[str] | str:
    record = list(record)
    if how == "repeat":  # the whole row again: its id and its programme repeat
        return record
    if how == "empty id":
        record[0] = ""
    elif how == "word for a number":
        record[NUMBER] = "about 5000"
    elif how == "decimal comma":
        record[NUMBER] = "12,5"
    elif how == "control character":
        record[TEXT] = record[TEXT] + "\x1b[2J"
    elif how == "field missing":
        record = record[:-1]
    elif how == "blank line":
        return ""
    elif how == "minimum above maximum":
        record[HEADER.index("duration_min_years")] = "9"
        record[HEADER.index("duration_max_years")] = "2"
    return record


DAMAGE = [
    "repeat",
    "empty id",
    "word for a number",
    "decimal comma",
    "control character",
    "field missing",
    "blank line",
    "minimum above maximum",
]


@settings(max_examples=10, deadline=None)
@given(
    changes=st.lists(st.tuples(st.integers(1, len(BASE) - 1), st.sampled_from(DAMAGE)), max_size=6),
    chunk_rows=st.integers(2, 5),
    unreadable_at_the_end=st.booleans(),
)
def test_where_chunks_fall_never_changes_what_is_found(changes, chunk_rows, unreadable_at_the_end):
    records = [list(record) for record in BASE]
    for row, how in changes:
        records.append(damaged(records[row], how))
    out = io.StringIO()
    for record in records:
        out.write("\n" if record == "" else _line(record))
    text = out.getvalue()
    if unreadable_at_the_end:  # the CSV reader stops there: only the records' own problems count
        text += 'x,"' + "a" * (csv.field_size_limit() + 1) + '"\n'
    same_result(text, chunk_rows)


def _line(record: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(record)
    return out.getvalue()


def test_a_repeat_across_chunks_names_every_row_that_shares_it():
    rows = BASE[1:4]
    text = _line(HEADER) + "".join(_line(record) for record in rows + rows[:1] + rows[:1])
    problems = [str(p) for p in checked(text, chunk_rows=1, keep=False).problems]
    first = rows[0][0]
    assert f"row 2, column program_id: '{first}' is used by more than one row (rows 2, 5, 6)" in (
        problems
    )
    assert f"row 6, column program_id: '{first}' is used by more than one row (rows 2, 5, 6)" in (
        problems
    )
    assert (
        "row 5, columns institution, programme, specialty: the same programme appears more "
        "than once" in problems
    )


def test_values_whose_hashes_meet_are_compared_before_a_repeat_is_reported(monkeypatch, tmp_path):
    # Every value hashed alike: each row's hash meets every other's, and only the values decide.
    monkeypatch.setattr(schema, "hash", lambda value: 0, raising=False)
    text = flat_csv(load_programs().head(6))
    for keep in (True, False):
        assert checked(text, chunk_rows=2, keep=keep).problems == []
    first = text.splitlines()[1]
    repeated = text + first.replace(first.split(",")[0], "another_id", 1) + "\n"
    path = tmp_path / "programs.csv"
    path.write_text(repeated, "utf-8")
    with pytest.raises(schema.DataFileError) as raised:
        check_catalogue(path)  # not kept: the second pass reads the values again
    assert [p.message for p in raised.value.problems] == [
        "the same programme appears more than once"
    ] * 2


def _outcome(function, path):
    try:
        return function(path)
    except schema.DataFileError as error:
        return error.source, [str(p) for p in error.problems]


def _summary(loaded):
    if isinstance(loaded, tuple) and isinstance(loaded[0], str):
        return loaded
    programs, tables = loaded
    others = None
    if tables is not None:
        others = {name: len(table) for name, table in tables.items() if name != "programs.csv"}
    return catalog.CatalogueCheck(len(programs), programs["country"].nunique(), others)


def _checked_summary(check):
    if isinstance(check, tuple) and isinstance(check[0], str):
        return check
    others = None if check.tables is None else dict(sorted(check.tables.items()))
    return check._replace(tables=others)


def broken_catalogues(tmp_path):
    """Catalogue folders, each wrong in one way a chunked check could get wrong."""
    folders = {}

    def folder(name: str, change) -> None:
        (tmp_path / name).mkdir()
        made = copy_catalogue(tmp_path / name)
        change(made / "programs.csv")
        folders[name] = made

    def typo_in_last_row(path):
        lines = path.read_text("utf-8").splitlines()
        institution = lines[-1].split(",")[1]
        lines[-1] = lines[-1].replace(f",{institution},", ",no_such_institution,", 1)
        path.write_text("\n".join(lines) + "\n", "utf-8")

    def first_row_again_at_the_end(path):
        lines = path.read_text("utf-8").splitlines()
        path.write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8")

    def bad_byte_in_last_row(path):
        path.write_bytes(path.read_bytes().rstrip(b"\n") + b"\xff\n")

    def wrong_header_and_a_bad_byte(path):
        data = path.read_bytes().replace(b"program_id", b"programme_id", 1)
        path.write_bytes(data + b"\xe9\n")

    def typo_in_last_row_and_a_word_for_a_number_in_the_first(path):
        typo_in_last_row(path)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.loc[0, "duration_min_years"] = "four"
        frame.to_csv(path, index=False)

    folder("typo", typo_in_last_row)
    # Programmes with a problem of their own: their references are not checked (loading
    # checks references between valid tables only), though earlier chunks' were.
    folder("typo_and_word", typo_in_last_row_and_a_word_for_a_number_in_the_first)
    folder("repeat", first_row_again_at_the_end)
    folder("bad_byte", bad_byte_in_last_row)
    folder("header_and_byte", wrong_header_and_a_bad_byte)
    folder("shipped", lambda path: None)
    return folders


def test_validate_finds_what_loading_finds(tmp_path, monkeypatch):
    # `mmedlearn validate` checks in chunks without joining (check_catalogue); loading reads
    # whole. Same problems, same order, same counts: here with chunks of 5 rows (each test
    # file spans two or more), and 150 for the catalogue folders (their last row in a third).
    folders = list(broken_catalogues(tmp_path).values())
    # The files whose reading differs by path (bytes, emptiness, a header alone, CSV errors, a
    # byte-order mark, repeats), with the good ones: the schema's checks are compared file by
    # file above.
    reading = ("10_", "12_", "18_", "08_", "09_", "30_", "31_", "32_")
    files = [path for path in BAD_FILES if path.name.startswith(reading)]
    paths = [*files, *GOOD_FILES, *folders]
    expected = {path: _summary(_outcome(load_catalogue, path)) for path in paths}
    for path in paths:
        monkeypatch.setattr(schema, "CHUNK_ROWS", 150 if path in folders else 5)
        assert _checked_summary(_outcome(check_catalogue, path)) == expected[path], path.name
    assert expected[tmp_path / "shipped" / "data"].programmes == len(load_programs())
    assert "'no_such_institution' is not found in institutions.csv" in str(
        expected[tmp_path / "typo" / "data"]
    )


def test_a_bad_byte_after_a_wrong_header_is_the_one_problem(tmp_path):
    # Read whole, a file that is not UTF-8 is that one problem, whatever else is wrong. Read a
    # line at a time, the check stops at the wrong header before it reaches the byte: it must
    # still find it, and name its row.
    # Every programme: the byte comes long after the reader's first buffer is decoded.
    programs = load_programs()
    data = flat_csv(programs).replace("program_id", "programme_id", 1).encode()
    assert len(data) > 100_000
    data += b"x,caf\xe9\n"
    path = tmp_path / "programs.csv"
    path.write_bytes(data)
    _text, wanted = schema.decode(data)
    assert [p.row for p in wanted] == [len(programs) + 2]
    for check in (load_catalogue, check_catalogue):
        with pytest.raises(schema.DataFileError) as raised:
            check(path)
        assert [str(p) for p in raised.value.problems] == [str(p) for p in wanted], check
