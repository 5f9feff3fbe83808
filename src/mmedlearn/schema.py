"""The programmes table's schema, defined once.

It drives validation (:func:`validate_text`), the messages an instructor sees for a wrong
file, the labels readers see in tables, and the data dictionary page of the book. Built on
pandera; numbers are converted here first so that one bad cell yields one clear message
and every other check still runs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

RESEARCH_REQUIREMENTS = [
    "thesis", "dissertation", "research project", "research component",
    "examination only", "none", "unknown",
]
DELIVERY_MODES = ["on campus", "online", "blended", "in post", "examination only", "unknown"]
# "depends on sponsorship": the same programme has salaried and unpaid trainees (e.g. funded
# registrar posts beside self-funded or supernumerary ones), so neither yes nor no is true.
PAID_POST = ["yes", "no", "depends on sponsorship", "unknown"]
VERIFICATION = ["confirmed", "partly confirmed", "contradicted", "not found", "not in guide"]
YES_NO = ["yes", "no"]
MAX_DURATION_YEARS = 10


def _one_of(values: list[str]) -> pa.Check:
    return pa.Check.isin(values, error="must be one of: " + ", ".join(values))


# Control characters (other than tab and line breaks) are never meaningful in a programme's
# text, are invalid in the HTML and SVG the course writes, and can drive a terminal.
_NO_CONTROL_CHARACTERS = pa.Check.str_matches(r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\Z",
                                              error="contains a control character; remove it")


def _text(title: str, description: str, *, required: bool, checks=(), unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=[*checks, _NO_CONTROL_CHARACTERS], nullable=not required, unique=unique,
                     title=title, description=description)


def _number(title: str, description: str, checks, dtype=float, required: bool = False) -> pa.Column:
    return pa.Column(dtype, checks=list(checks), nullable=not required, title=title,
                     description=description)


_duration = [pa.Check.gt(0, error="must be more than 0 years"),
             pa.Check.le(MAX_DURATION_YEARS, error=f"must be at most {MAX_DURATION_YEARS} years")]
_money = [pa.Check.ge(0, error="must not be negative")]

COLUMNS: dict[str, pa.Column] = {
    "program_id": _text("ID", "Short unique key: lower-case letters, digits and underscores.",
                        required=True, unique=True,
                        checks=[pa.Check.str_matches(r"^[a-z0-9_]+$",
                                                     error="may hold only a-z, 0-9 and _")]),
    "institution": _text("Institution", "The university that awards the degree.", required=True),
    "country": _text("Country", "Where the programme is based.", required=True),
    "programme": _text("Programme", "The programme's name, or what was found instead.", required=True),
    "specialty": _text("Specialty", "The clinical discipline, where the source names one.", required=False),
    "degree_title": _text("Degree awarded", "The degree's title as the source gives it.", required=False),
    "in_guide": _text("In the guide", "Whether the guide the course adapts names this provider.",
                      required=True, checks=[_one_of(YES_NO)]),
    "guide_claim": _text("The guide says", "The guide's claim about this provider (guide rows only).",
                         required=False),
    "verification": _text("Verdict", "What public sources say of the guide's claim.",
                          required=True, checks=[_one_of(VERIFICATION)]),
    "duration_min_years": _number("Minimum years", "Shortest reported duration, in years.", _duration),
    "duration_max_years": _number("Maximum years", "Longest reported or allowed duration, in years.",
                                  _duration),
    "research_requirement": _text("Research", "The research the degree requires.", required=True,
                                  checks=[_one_of(RESEARCH_REQUIREMENTS)]),
    "clinical_focus": _text("Clinical training", "How clinical training happens, per the source.",
                            required=False),
    "delivery_mode": _text("Delivery", "How the degree is delivered.", required=True,
                           checks=[_one_of(DELIVERY_MODES)]),
    "paid_post": _text("Paid post", "Whether trainees hold a salaried post while studying; 'depends on "
                       "sponsorship' where funded trainees are paid and self-funded ones are not.",
                       required=True, checks=[_one_of(PAID_POST)]),
    "tuition_per_year": _number("Tuition a year", "Annual tuition and fees, in fee_currency.", _money),
    "one_off_fees": _number("One-off fees", "Examination or other one-off fees, in fee_currency.", _money),
    "fee_currency": _text("Currency", "ISO 4217 code of the fees, e.g. ZAR.", required=False,
                          checks=[pa.Check.str_matches(r"^[A-Z]{3}$",
                                                       error="must be a three-letter code such as ZAR")]),
    "fee_year": _number("Fee year", "The year the fees apply to, as the source states it (an academic "
                        "year 2023/24 is given as 2023); empty where the source states none.",
                        [pa.Check.in_range(1990, 2100, error="must be a year from 1990 to 2100")],
                        dtype="Int64"),
    "sources": _text("Sources", "Addresses the values come from (separated by ' ; '), or 'the guide'.",
                     required=True,
                     checks=[pa.Check.str_matches(r"^(https?://\S+|the guide)",
                                                  error="must start with an http(s) address or 'the guide'")]),
    "sources_read": _text("Sources read", "The date (YYYY-MM-DD) the sources were last read for this row.",
                          required=True,
                          checks=[pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be a date written YYYY-MM-DD")]),
    "notes": _text("What the sources say", "What the sources report, in our words, and how any derived "
                   "value (a sum, an annual figure from a semester fee) was derived.", required=False),
}

#: How each column is named for a reader.
COLUMN_LABELS = {name: column.title for name, column in COLUMNS.items()}

_TABLE_CHECKS = [
    pa.Check(lambda t: t["duration_min_years"].isna() | t["duration_max_years"].isna()
             | (t["duration_min_years"] <= t["duration_max_years"]),
             error="columns duration_min_years, duration_max_years: the minimum is above the maximum"),
    pa.Check(lambda t: t["fee_currency"].notna()
             | (t["tuition_per_year"].isna() & t["one_off_fees"].isna()),
             error="column fee_currency: a fee is given, so its currency is required"),
    pa.Check(lambda t: (t["in_guide"] != "yes") | t["guide_claim"].notna(),
             error="column guide_claim: a provider from the guide needs the guide's claim"),
    pa.Check(lambda t: ~t["in_guide"].isin(YES_NO)  # a bad in_guide is reported on its own
             | ((t["in_guide"] == "yes") == (t["verification"] != "not in guide")),
             error="column verification: 'not in guide' is for rows with in_guide = no, and only for them"),
    pa.Check(lambda t: ~t.duplicated(["institution", "programme", "specialty"], keep=False),
             error="columns institution, programme, specialty: the same programme appears more than once"),
]

SCHEMA = pa.DataFrameSchema(COLUMNS, checks=_TABLE_CHECKS, strict=True, coerce=False)

_FOUND = ["yes", "no", "not found"]

#: data/routes.csv: routes to specialist practice (chapter 1). "not found" where no source said.
ROUTES_SCHEMA = pa.DataFrameSchema(
    {
        "route_id": _text("ID", "Short unique key.", required=True, unique=True),
        "route": _text("Route", "The route to specialist practice.", required=True),
        "example": _text("Example", "Where it is found, or 'not found'.", required=True),
        "length": _text("Length", "How long it takes, or 'not found'.", required=True),
        "research": _text("Research required", "yes, no or not found.", required=True, checks=[_one_of(_FOUND)]),
        "taught_by_university": _text("Taught by a university", "yes, no or not found.", required=True,
                                      checks=[_one_of(_FOUND)]),
        # "depends": salaried for sponsored trainees, unpaid for self-sponsored ones (issue 14).
        "paid_post": _text("Paid post", "yes, no, depends (on sponsorship) or not found.", required=True,
                           checks=[_one_of([*_FOUND, "depends"])]),
        "specialist_registration": _text("Leads to specialist registration", "yes, no or not found.",
                                         required=True, checks=[_one_of(_FOUND)]),
        "sources": _text("Sources", "Addresses, 'the guide' or 'none found'.", required=True),
        "notes": _text("Notes", "What the sources say.", required=False),
    },
    strict=True,
)

#: data/programme_structures.csv: the parts of a programme's years (chapter 2).
STRUCTURES_SCHEMA = pa.DataFrameSchema(
    {
        "structure_id": _text("ID", "The programme (or illustrative structure) it belongs to.", required=True),
        "label": _text("Programme", "How the reader picks it.", required=True),
        "component": _text("Component", "Coursework, clinical training, research, examinations...", required=True),
        "start_year": _number("Starts (years)", "Years from the start of the programme.",
                              [pa.Check.in_range(0, MAX_DURATION_YEARS, error="must be from 0 to 10")], required=True),
        "end_year": _number("Ends (years)", "Years from the start of the programme.",
                            [pa.Check.in_range(0, MAX_DURATION_YEARS, error="must be from 0 to 10")], required=True),
        "basis": _text("Basis", "sourced, or illustrative where no source gives it.", required=True,
                       checks=[_one_of(["sourced", "illustrative"])]),
        "sources": _text("Sources", "Addresses or 'the guide'.", required=True),
        "note": _text("Note", "What the source says.", required=False),
    },
    checks=[pa.Check(lambda t: t["start_year"] < t["end_year"],
                     error="columns start_year, end_year: a component must end after it starts")],
    strict=True,
)

#: data/reflection.csv: chapter 4's benefits and limitations and what each bears on (0 to 2).
REFLECTION_FACTORS = ["career", "recognition", "research", "time", "money", "flexibility"]
REFLECTION_SCHEMA = pa.DataFrameSchema(
    {
        "item_id": _text("ID", "Short unique key.", required=True, unique=True),
        "item": _text("Benefit or limitation", "As chapter 4 names it.", required=True),
        "kind": _text("Kind", "benefit or limitation.", required=True, checks=[_one_of(["benefit", "limitation"])]),
        "section": _text("Section", "The anchor of the chapter-4 section that discusses it.", required=True,
                         checks=[pa.Check.str_matches(r"^[a-z0-9-]+$", error="must be a section anchor such as career-prospects")]),
        **{factor: _number(factor.capitalize(), f"How much it bears on {factor}: 0, 1 or 2.",
                           [pa.Check.isin([0, 1, 2], error="must be 0, 1 or 2")], required=True)
           for factor in REFLECTION_FACTORS},
    },
    strict=True,
)

#: The exchange-rate table (data/exchange_rates.csv): how many units of each currency buy one euro.
RATES_SCHEMA = pa.DataFrameSchema(
    {
        "currency": _text("Currency", "ISO 4217 code.", required=True, unique=True,
                          checks=[pa.Check.str_matches(r"^[A-Z]{3}$", error="must be a three-letter code")]),
        "units_per_eur": _number("Units per euro", "How many units of the currency one euro buys.",
                                 [pa.Check.gt(0, error="must be more than 0")], required=True),
        "rate_date": _text("Date", "The date the rate was published (YYYY-MM-DD).", required=True,
                           checks=[pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be YYYY-MM-DD")]),
        "source": _text("Source", "Who published the rate.", required=True),
    },
    strict=True,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (spreadsheet row, header = row 1; column) and what."""

    message: str
    row: int | None = None
    column: str | None = None
    noun: str = "column"  # "field" for settings files, which have no columns

    def __str__(self) -> str:
        plural = "," in (self.column or "")
        where = [f"row {self.row}" if self.row is not None else "",
                 f"{self.noun}{'s' if plural else ''} {self.column}" if self.column else ""]
        prefix = ", ".join(part for part in where if part)
        return f"{prefix}: {self.message}" if prefix else self.message


class DataFileError(ValueError):
    """A data file (programmes, exchange rates) failed validation; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(map(str, problems)))


def decode(data: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 text (a byte-order mark is fine), or a problem naming the row of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        return "", [Problem(f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); "
                            "save it as 'CSV UTF-8'", row=row)]


def _read_records(text: str, columns: dict[str, pa.Column]
                  ) -> tuple[list[str], dict[int, list[str]], list[Problem]]:
    """Split CSV text into a header and data records keyed by spreadsheet row."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or all(not any(field.strip() for field in r) for r in records):
        return [], {}, [Problem("the file is empty")]
    header = [name.strip() for name in records[0]]
    problems: list[Problem] = []
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        sep = next(s for s in ";\t|" if s in header[0])
        shown = {"\t": "tabs"}.get(sep, repr(sep))
        return header, {}, [Problem(f"the file is separated by {shown}, not commas; "
                                    "save it as comma-separated CSV", row=1)]
    missing = [name for name in columns if name not in header]
    extra = [name for name in header if name not in columns]
    if missing:
        problems.append(Problem("missing column(s): " + ", ".join(missing), row=1))
    if extra:
        problems.append(Problem("unexpected column(s): " + ", ".join(extra or ["(blank)"]), row=1))
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        problems.append(Problem("column(s) named twice: " + ", ".join(duplicated), row=1))
    body: dict[int, list[str]] = {}
    for row_number, record in enumerate(records[1:], start=2):
        if not any(field.strip() for field in record):
            continue  # a blank line between rows is harmless
        if len(record) != len(header):
            problems.append(Problem(f"has {len(record)} fields but the header has {len(header)}",
                                    row=row_number))
            continue
        body[row_number] = [field.strip() for field in record]
    if not body and not problems:
        problems.append(Problem("the file has a header but no data rows"))
    return header, body, problems


def _convert_numbers(table: pd.DataFrame, columns: dict[str, pa.Column]
                     ) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn numeric columns into numbers; a cell that is not one becomes one problem and NA."""
    problems = []
    for name, column in columns.items():
        if str(column.dtype) not in ("float64", "Int64"):
            continue
        raw = table[name]
        numbers = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
        for row, value in raw[numbers.isna() & raw.notna()].items():
            problems.append(Problem(f"{value!r} is not a number", row=row, column=name))
        if str(column.dtype) == "Int64":
            fractional = numbers.notna() & (numbers % 1 != 0)
            for row, value in raw[fractional].items():
                problems.append(Problem(f"{value!r} is not a whole number", row=row, column=name))
            numbers = numbers.where(~fractional)
        table[name] = numbers.astype(str(column.dtype))
    return table, problems


def _describe_failures(error: pa.errors.SchemaErrors) -> list[Problem]:
    cases = error.failure_cases
    problems = []
    # A whole-table check fails once per cell of a bad row: report it once per row, with the
    # columns its message names.
    table_level = cases[cases["schema_context"] == "DataFrameSchema"]
    for (row, check), _ in table_level.groupby(["index", "check"], sort=False):
        columns, _, message = str(check).partition(": ")
        problems.append(Problem(message, int(row), columns.split(" ", 1)[1]))
    for case in cases[cases["schema_context"] != "DataFrameSchema"].itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        check, column = str(case.check), str(case.column)
        if check == "not_nullable":
            problems.append(Problem("is empty but required", row, column))
        elif check == "field_uniqueness":
            same = cases[(cases["column"] == case.column) & (cases["check"] == check)
                         & (cases["failure_case"] == case.failure_case)]
            rows = ", ".join(str(int(i)) for i in sorted(same["index"]))
            problems.append(Problem(f"{case.failure_case!r} is used by more than one row (rows {rows})",
                                    row, column))
        else:
            problems.append(Problem(f"{case.failure_case!r} {check}", row, column))
    return problems


def validate_text(text: str, schema: pa.DataFrameSchema = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Validate CSV text against a schema (by default the programmes'); return the typed
    table, or None, and every problem found."""
    schema = schema or SCHEMA
    columns = schema.columns
    header, body, problems = _read_records(text, columns)
    if problems and not body:
        return None, problems
    if any(p.row == 1 for p in problems):  # a wrong header makes per-cell checks meaningless
        return None, problems
    table = pd.DataFrame.from_dict(body, orient="index", columns=header)[list(columns)]
    table = table.mask(table.eq("")).astype("str")  # empty cells are missing values
    table, number_problems = _convert_numbers(table, columns)
    problems += number_problems
    try:
        schema.validate(table, lazy=True)
    except pa.errors.SchemaErrors as error:
        problems += _describe_failures(error)
    order = list(columns)
    problems.sort(key=lambda p: (p.row or 0, order.index(p.column) if p.column in order else -1))
    return (None if problems else table), problems


def validate_bytes(data: bytes, source: str = "data file",
                   schema: pa.DataFrameSchema = None) -> pd.DataFrame:
    """The validated table, or :class:`DataFileError` listing every problem."""
    text, problems = decode(data)
    table = None
    if not problems:
        table, problems = validate_text(text, schema)
    if problems:
        raise DataFileError(source, problems)
    return table


def data_dictionary(schema: pa.DataFrameSchema = None) -> pd.DataFrame:
    """One row per column of a schema (by default the programmes'): its label, type, whether
    required, the rule its values follow, and its meaning."""
    def allowed(column: pa.Column) -> str:
        rules = [check.error for check in column.checks if check is not _NO_CONTROL_CHARACTERS]
        return "; ".join(rules) or ("free text" if str(column.dtype) == "str" else "any number")

    return pd.DataFrame(
        [{"column": name, "label": column.title,
          "type": {"float64": "number", "Int64": "whole number"}.get(str(column.dtype), "text"),
          "required": "yes" if not column.nullable else "no",
          "rule": allowed(column) + ("; unique" if column.unique else ""),
          "description": column.description}
         for name, column in (schema or SCHEMA).columns.items()]
    )
