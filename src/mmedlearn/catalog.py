"""Load the programmes table, wherever the code runs.

The chapters call :func:`load_programs` with no argument. It must find the data from the
notebook's own folder, from Binder (repository root), from a test's temporary folder and
from an installed wheel, so the path never depends on the working directory.

The shipped catalogue is a set of tables in which each fact is stated once
(docs/catalogue-layout.md): :func:`load_tables` reads and checks them, :func:`join_programs`
joins them into the flat table (one row per programme) that the rest of the package reads.
An instructor's single flat CSV, with institution, country, fees and source addresses in each
row, loads as it always did.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from mmedlearn.paths import PROGRAMS_ENV_VAR, data_dir, programs_path  # noqa: F401 (re-exported)
from mmedlearn.schema import (
    CATALOGUE_TABLES,
    COLUMNS,
    FUNDING_TERMS_SCHEMA,
    PAY_SCALES_SCHEMA,
    REFLECTION_SCHEMA,
    ROUTES_SCHEMA,
    SCHEMA,
    STRUCTURES_SCHEMA,
    Checked,
    DataFileError,
    Problem,
    check_lines,
    decode,
    reference_problems,
    validate_bytes,
)

__all__ = [
    "DataFileError",
    "check_catalogue",
    "data_dir",
    "flat_csv",
    "guide_check",
    "is_catalogue_layout",
    "join_programs",
    "load_catalogue",
    "load_coverage",
    "load_funding_terms",
    "load_pay_scales",
    "load_programs",
    "load_reflection",
    "load_routes",
    "load_structures",
    "load_tables",
    "programs_file_problem",
    "programs_path",
]

# data_dir, programs_path and PROGRAMS_ENV_VAR live in mmedlearn.paths (no pandas there).


def programs_file_problem(path: str | os.PathLike[str]) -> str | None:
    """What makes ``path`` unusable as a programmes file before a byte is parsed, in one
    sentence naming it, or None. A book build reads the file only minutes in, when the first
    chapter runs: the build and ``make book`` ask this first, so a folder, a web address or an
    empty file is refused in seconds."""
    text = os.fspath(path)
    shown = repr(text)
    if not text.strip():
        return "the programmes path is empty: give the path of a CSV file"
    if "://" in text:
        return (
            f"programmes file {shown} is a web address: download the file and give its path "
            "on this computer"
        )
    location = Path(text)
    if not location.exists():
        return f"programmes file {shown} does not exist"
    if location.is_dir():
        return f"programmes file {shown} is a folder: give the path of the CSV file in it"
    if not location.is_file():
        return f"programmes file {shown} is not a regular file"
    try:
        with location.open("rb") as handle:
            start = handle.read(4096)
    except OSError as error:
        return f"programmes file {shown} cannot be read ({error.strerror})"
    if len(start) < 4096 and not start.strip(b" \t\r\n\xef\xbb\xbf"):
        return f"programmes file {shown} is empty: it needs a header row and one row per programme"
    return None


def load_programs(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate the programmes; one row per programme, indexed by ``program_id``.

    ``path`` is a catalogue folder (``data/``), a ``programs.csv`` in the catalogue layout
    (joined with the tables beside it; a table its folder lacks is taken from the shipped
    data), or a single flat CSV. Unknown values stay missing (NaN), never zero. A file that
    breaks the schema raises :class:`DataFileError` listing every problem with its file, row
    and column.

    >>> programs = load_programs()
    >>> programs.loc["nairobi_psych", "country"]
    'Kenya'
    """
    return load_catalogue(path)[0]


def load_catalogue(
    path: str | os.PathLike[str] | None = None,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame] | None]:
    """What :func:`load_programs` reads, with the checked tables it joined (None for a flat
    file): ``mmedlearn validate`` reports both, and reading the tables twice doubled its time."""
    source = programs_path(path)
    if source.is_dir():
        tables = load_tables(source)
        return join_programs(tables), tables
    programs_file = _File.at(source)
    if is_catalogue_layout(programs_file.first_line()):
        tables = _checked_tables(source.parent, programs_file=programs_file)[0]
        return join_programs(tables), tables
    checked = _check_file(programs_file, SCHEMA, allow_empty=False, keep=True)
    if checked.problems:
        raise DataFileError(str(source), checked.problems)
    flat = _with_catalogue_columns(checked.table)
    return flat.set_index("program_id", drop=False).rename_axis(None), None


def is_catalogue_layout(text: str) -> bool:
    """Whether a programmes file's header is the catalogue layout's (it names institution_id
    and not institution) rather than the flat one."""
    for line in text.splitlines():
        if line.strip():
            header = {name.strip().strip('"') for name in line.split(",")}
            return "institution_id" in header and "institution" not in header
    return False


def load_tables(
    folder: str | os.PathLike[str] | None = None,
    *,
    programs_file: Path | None = None,
    fallback: Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of a catalogue folder, each checked against its schema, then the references
    between them; one :class:`DataFileError` lists every problem (file, row, column).

    A table the folder lacks is read from ``fallback`` (the shipped data, by default), so an
    instructor's ``programs.csv`` in this layout may refer to our institutions and sources.
    Each table keeps its spreadsheet row numbers as its index (header = row 1).
    """
    programs = None if programs_file is None else _File.at(programs_file)
    return _checked_tables(folder, programs_file=programs, fallback=fallback)[0]


def _checked_tables(
    folder: str | os.PathLike[str] | None = None,
    *,
    programs_file: _File | None = None,
    fallback: Path | None = None,
    on_programmes=None,
) -> tuple[dict[str, pd.DataFrame], int]:
    """:func:`load_tables`, and how many programmes there are. With ``on_programmes``, the
    programmes are not kept but read and checked a chunk at a time, after the other tables:
    each chunk's references are checked as it is read, and ``on_programmes(chunk, tables)``
    is called with it. The problems are the same, and in the same order."""
    folder = Path(folder) if folder is not None else data_dir()
    fallback = data_dir() if fallback is None else fallback
    tables, found, references, programmes = {}, {}, [], 0
    streamed = "programs.csv" if on_programmes is not None else None
    for name in sorted(CATALOGUE_TABLES, key=lambda name: name == streamed):
        schema, _key, required = CATALOGUE_TABLES[name]
        if name == "programs.csv" and programs_file is not None:
            path = programs_file.path
        else:
            path = folder / name
            if not path.exists() and (fallback / name).exists():
                path = fallback / name
        shown = path.name if path.parent == folder else str(path)
        if not path.exists():
            if required:
                found[name] = [Problem(f"missing: the folder has no {name}", file=name)]
            continue
        checked_chunk = None
        if name == streamed:

            def checked_chunk(chunk: pd.DataFrame, name: str = name) -> None:
                references.extend(reference_problems({**tables, name: chunk}, of={name}))
                on_programmes(chunk, tables)

        try:
            file = programs_file if path == getattr(programs_file, "path", None) else _File.at(path)
            checked = _check_file(
                file, schema, allow_empty=True, keep=name != streamed, on_chunk=checked_chunk
            )
        except DataFileError as error:
            found[name] = [replace(p, file=shown) for p in error.problems]
            continue
        if name == streamed:
            programmes = checked.rows
            if checked.problems:  # references are checked between valid tables only
                references.clear()
        found[name] = [replace(p, file=shown) for p in checked.problems]
        if checked.table is not None:
            tables[name] = checked.table
            if name == "programs.csv":
                programmes = checked.rows
    problems = [p for name in CATALOGUE_TABLES for p in found.get(name, [])]
    # References are checked between the tables that are valid on their own.
    references += reference_problems(tables, of=None if streamed is None else set(tables))
    shown_names = {}
    if programs_file is not None and programs_file.path.name != "programs.csv":
        shown_names["programs.csv"] = programs_file.path.name
    references.sort(key=lambda ranked: ranked[0])  # stable: chunks stay in row order
    problems += [replace(p, file=shown_names.get(p.file, p.file)) for _, p in references]
    if problems:
        raise DataFileError(str(programs_file.path if programs_file else folder), problems)
    return tables, programmes


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        yield from file


class _File(NamedTuple):
    """A table's file. A regular file is read a line at a time, from the start whenever asked
    (never its whole text at once: for a million rows, that and the CSV reader's copy of it
    took 3 GiB). Anything else (a pipe, /dev/stdin) can be read only once, so it is read whole."""

    path: Path
    text: str | None = None

    @classmethod
    def at(cls, path: Path) -> _File:
        return cls(path) if path.is_file() else cls(path, _read_whole(path))

    def lines(self) -> Iterable[str]:
        if self.text is not None:
            return io.StringIO(self.text, newline="")
        return _lines(self.path)

    def first_line(self) -> str:
        """The first line that is not blank (enough to tell the file's layout), or ""."""
        try:
            return next((line for line in self.lines() if line.strip()), "")
        except UnicodeDecodeError:  # the file's check names the byte
            return ""
        except OSError as error:
            raise _unreadable(self.path, error) from None


def _unreadable(path: Path, error: OSError) -> DataFileError:
    return DataFileError(str(path), [Problem(f"cannot read the file ({error.strerror})")])


def _read_whole(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(path, error) from None
    text, problems = decode(data)
    if problems:
        raise DataFileError(str(path), problems)
    return text


def _lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8-sig", newline="") as file:
        yield from file


def _check_file(
    file: _File, schema, *, allow_empty: bool, keep: bool = False, on_chunk=None
) -> Checked:
    """:func:`mmedlearn.schema.check_lines` of a file. A file that is not UTF-8 is one
    problem, worded and placed as :func:`decode` does for bytes."""
    try:
        checked = check_lines(
            file.lines, schema, allow_empty=allow_empty, keep=keep, on_chunk=on_chunk
        )
    except UnicodeDecodeError:
        checked = None
    except OSError as error:
        raise _unreadable(file.path, error) from None
    if file.text is None and (checked is None or (checked.problems and not checked.rows)):
        # Stopped by a byte that is not UTF-8, or early (a wrong header, an unreadable record)
        # where a bad byte later on would have been the one problem of a file read whole.
        undecodable = _first_undecodable_line(file.path)
        if undecodable:
            raise DataFileError(str(file.path), undecodable)
    return checked


def _first_undecodable_line(path: Path) -> list[Problem]:
    """The problem :func:`decode` finds in the file, found a line at a time (no UTF-8
    sequence holds a line break), or none."""
    with open(path, "rb") as file:
        for row, line in enumerate(file, start=1):
            _text, problems = decode(line)
            if problems:
                return [replace(problems[0], row=row)]
    return []


class CatalogueCheck(NamedTuple):
    """What ``mmedlearn validate`` reports of a catalogue that passed."""

    programmes: int
    countries: int
    #: The catalogue layout's other tables with their rows; None for a flat file.
    tables: dict[str, int] | None


def check_catalogue(path: str | os.PathLike[str] | None = None) -> CatalogueCheck:
    """Check a catalogue folder or programmes file as :func:`load_catalogue` does, problem for
    problem, without keeping or joining the programmes: they are read and checked a chunk at
    a time, so a million rows need about the memory of one chunk
    (``benchmarks/bench_validate.py``). Raises :class:`DataFileError` as it does."""
    source = programs_path(path)
    countries: set[str] = set()
    programs_file = None if source.is_dir() else _File.at(source)
    if programs_file is None or is_catalogue_layout(programs_file.first_line()):

        def count_countries(chunk: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
            institutions = tables.get("institutions.csv")
            if institutions is not None:  # else the check fails anyway
                country = institutions.set_index("institution_id")["country"]
                countries.update(chunk["institution_id"].map(country).dropna())

        folder = source if programs_file is None else source.parent
        tables, programmes = _checked_tables(
            folder, programs_file=programs_file, on_programmes=count_countries
        )
        return CatalogueCheck(
            programmes, len(countries), {name: len(table) for name, table in tables.items()}
        )
    checked = _check_file(
        programs_file,
        SCHEMA,
        allow_empty=False,
        on_chunk=lambda chunk: countries.update(chunk["country"].dropna()),
    )
    if checked.problems:
        raise DataFileError(str(source), checked.problems)
    return CatalogueCheck(checked.rows, len(countries), None)


#: Columns the catalogue adds to the flat table: where each value came from and how fresh it is.
CATALOGUE_COLUMNS = [
    "institution_id",
    "fee_schedule_id",
    "duration_from",
    "source_ids",
    "sources_title",
    "sources_page_date",
    "sources_read_dates",
    "fee_sources",
    "fee_page_date",
    "fee_notes",
]
FLAT_COLUMNS = list(COLUMNS)
_SEPARATOR = " ; "


def flat_csv(programs: pd.DataFrame) -> str:
    """The programmes as one flat CSV (the columns an instructor's own file has): a starting
    point for a course's own list, which :func:`load_programs` reads back unchanged."""
    return programs[FLAT_COLUMNS].to_csv(index=False, lineterminator="\n")


def _with_catalogue_columns(flat: pd.DataFrame) -> pd.DataFrame:
    """A flat file's table with the catalogue's extra columns: empty, except where its
    durations come from (the row itself, where it gives one)."""
    flat = flat.copy()
    for name in CATALOGUE_COLUMNS:
        flat[name] = pd.Series(pd.NA, index=flat.index, dtype="str")
    given = flat["duration_min_years"].notna() | flat["duration_max_years"].notna()
    flat.loc[given, "duration_from"] = "programme"
    return flat


def _joined_sources(ids: pd.Series, sources: pd.DataFrame) -> pd.DataFrame:
    """For each row of ``ids`` (' ; '-separated source_ids), its sources' ids, addresses,
    titles, page dates and read dates, each joined in the same order (a repeated id once),
    and the latest read date. Each distinct list is joined once (programmes of a university
    share theirs), then spread to its rows: a pandas groupby with a Python join per row took
    30 s for 100,000 programmes, one join per row 0.6 s, this a small part of that."""
    fields = ["address", "title", "page_date", "read_date"]
    known = {row[0]: row[1:] for row in sources[["source_id", *fields]].itertuples(index=False)}
    codes, distinct = pd.factorize(ids, use_na_sentinel=True)
    columns: dict[str, list] = {name: [] for name in ["source_id", *fields, "latest_read"]}
    for value in distinct:
        cited = list(dict.fromkeys(str(value).split(_SEPARATOR)))
        rows = [known[i] for i in cited]  # references were checked by load_tables
        columns["source_id"].append(_SEPARATOR.join(cited))
        for position, name in enumerate(fields):
            columns[name].append(_SEPARATOR.join(row[position] for row in rows))
        columns["latest_read"].append(max(row[3] for row in rows))
    for column in columns.values():
        column.append(None)  # factorize's -1, a row citing nothing, takes this last slot
    return pd.DataFrame(
        {name: np.array(values, dtype=object)[codes] for name, values in columns.items()},
        index=ids.index,
        dtype="str",
    )


def join_programs(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The catalogue's tables joined into the flat table, one row per programme, indexed by
    ``program_id``: the flat file's columns (``sources`` as addresses, ``sources_read`` the
    latest date any of them was read) and :data:`CATALOGUE_COLUMNS`. A programme with no
    duration of its own takes its institution's rule (``duration_from`` says which), and
    cites the rule's source."""
    programs = tables["programs.csv"].reset_index(drop=True)
    institutions = tables["institutions.csv"].rename(
        columns={
            "duration_min_years": "institution_min",
            "duration_max_years": "institution_max",
            "notes": "institution_notes",
        }
    )
    flat = programs.merge(institutions, on="institution_id", how="left", sort=False)
    schedules = tables["fee_schedules.csv"].rename(
        columns={"applies_to": "fee_applies_to", "source_ids": "fee_ids", "notes": "fee_notes"}
    )
    flat = flat.merge(
        schedules.drop(columns="institution_id"), on="fee_schedule_id", how="left", sort=False
    )
    own = flat["duration_min_years"].notna() | flat["duration_max_years"].notna()
    rule = ~own & (flat["institution_min"].notna() | flat["institution_max"].notna())
    flat.loc[rule, "duration_min_years"] = flat.loc[rule, "institution_min"]
    flat.loc[rule, "duration_max_years"] = flat.loc[rule, "institution_max"]
    flat["duration_from"] = pd.Series(pd.NA, index=flat.index, dtype="str")
    flat.loc[own, "duration_from"] = "programme"
    flat.loc[rule, "duration_from"] = "institution"
    # The programme's own sources first, then its fee's, then its institution's length rule.
    ids = flat["sources"]
    ids = ids.where(flat["fee_ids"].isna(), ids + _SEPARATOR + flat["fee_ids"])
    ids = ids.where(~rule | flat["rules_source"].isna(), ids + _SEPARATOR + flat["rules_source"])
    cited = _joined_sources(ids, tables["sources.csv"])
    fees = _joined_sources(flat["fee_ids"], tables["sources.csv"])
    flat["source_ids"] = cited["source_id"]
    flat["sources"] = cited["address"]
    flat["sources_title"] = cited["title"]
    flat["sources_page_date"] = cited["page_date"]
    flat["sources_read_dates"] = cited["read_date"]
    flat["sources_read"] = cited["latest_read"]
    flat["fee_sources"] = fees["address"]
    flat["fee_page_date"] = fees["page_date"]
    flat = flat[FLAT_COLUMNS + CATALOGUE_COLUMNS]
    return flat.set_index("program_id", drop=False).rename_axis(None)


#: What makes two programmes' fees one fact: the schedule they share (or, in a flat file
#: without schedules, the same institution, amounts, currency, year and terms).
FEE_FACT = [
    "institution",
    "tuition_per_year",
    "one_off_fees",
    "fee_currency",
    "fee_year",
    "fee_applies_to",
]


def fees_by_schedule(programs: pd.DataFrame) -> pd.DataFrame:
    """Each published fee once, with the programmes it covers (how many, and their
    specialties), in the catalogue's order: a university's one schedule for all its MMeds is
    one row, not one per programme.

    >>> p = pd.DataFrame({"institution": ["U", "U", "V"], "specialty": ["B", "A", "C"],
    ...     "tuition_per_year": [10.0, 10.0, None], "one_off_fees": [None] * 3,
    ...     "fee_currency": ["KES", "KES", None], "fee_year": [2023, 2023, None],
    ...     "fee_applies_to": ["all MMeds", "all MMeds", None]})
    >>> fees_by_schedule(p)[["institution", "programmes", "specialties"]].to_dict("records")
    [{'institution': 'U', 'programmes': 2, 'specialties': 'A, B'}]
    """
    fees = programs.dropna(subset=["tuition_per_year"])
    grouped = fees.groupby(FEE_FACT, dropna=False, sort=False)["specialty"]
    table = grouped.agg(
        programmes="size", specialties=lambda names: ", ".join(sorted(set(names)))
    ).reset_index()
    return table


def guide_check(programs: pd.DataFrame) -> pd.DataFrame:
    """The guide's comparison table beside what public sources say: one row per provider
    the guide names, in the guide's order, with the columns chapter 3 shows."""
    guide = programs.loc[programs["in_guide"] == "yes", GUIDE_CHECK_COLUMNS]
    # The catalogue keeps rows sorted by id; the guide lists its providers in its own order.
    position = {program_id: n for n, program_id in enumerate(GUIDE_ORDER)}
    order = sorted(range(len(guide)), key=lambda n: position.get(guide.index[n], len(position)))
    return guide.iloc[order]


#: The guide's providers in the order the guide lists them (others follow in file order).
GUIDE_ORDER = ("usyd_ccm", "nus_surgery", "edinburgh", "jhu")


GUIDE_CHECK_COLUMNS = ["institution", "guide_claim", "notes", "verification", "sources"]


def _load(name: str, schema) -> pd.DataFrame:
    source = data_dir() / name
    return validate_bytes(source.read_bytes(), str(source), schema).reset_index(drop=True)


def load_routes() -> pd.DataFrame:
    """Routes to specialist practice that chapter 1 compares (``data/routes.csv``)."""
    return _load("routes.csv", ROUTES_SCHEMA)


def load_structures() -> pd.DataFrame:
    """The parts of each programme's years that chapter 2 draws (``data/programme_structures.csv``)."""
    return _load("programme_structures.csv", STRUCTURES_SCHEMA)


def load_reflection() -> pd.DataFrame:
    """Chapter 4's benefits and limitations with what each bears on (``data/reflection.csv``)."""
    return _load("reflection.csv", REFLECTION_SCHEMA)


def _load_optional(name: str, schema, folder: Path | None) -> pd.DataFrame:
    """A catalogue table a folder may lack or leave with its header only (empty then)."""
    source = (Path(folder) if folder is not None else data_dir()) / name
    if not source.exists():
        source = data_dir() / name
    checked = _check_file(_File.at(source), schema, allow_empty=True, keep=True)
    if checked.problems:
        raise DataFileError(str(source), checked.problems)
    return checked.table.reset_index(drop=True)


def load_pay_scales(folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """What a doctor is paid, by country, grade and funding, with year and sources
    (``data/pay_scales.csv``); empty where no source gives a figure."""
    return _load_optional("pay_scales.csv", PAY_SCALES_SCHEMA, folder)


def load_funding_terms(folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Waits before specialist pay and bonds, by country and funding
    (``data/funding_terms.csv``); empty where no source states one."""
    return _load_optional("funding_terms.csv", FUNDING_TERMS_SCHEMA, folder)


def load_coverage(folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """How many programmes each country offers, and the list the count comes from
    (``data/coverage.csv``)."""
    from mmedlearn.schema import COVERAGE_SCHEMA

    return _load_optional("coverage.csv", COVERAGE_SCHEMA, folder)
