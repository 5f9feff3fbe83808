"""The programmes table's schema, defined once.

It drives validation (:func:`validate_text`), the messages an instructor sees for a wrong
file, the labels readers see in tables, and the data dictionary page of the book. Built on
pandera; numbers are converted here first so that one bad cell yields one clear message
and every other check still runs.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mmedlearn.paths import CATALOGUE_FILES
from mmedlearn.problems import DataFileError, Problem
from mmedlearn.vocabulary import COLUMN_LABELS, DELIVERY_MODES, PAID_POST, RESEARCH_REQUIREMENTS

VERIFICATION = ["confirmed", "partly confirmed", "contradicted", "not found", "not in guide"]
YES_NO = ["yes", "no"]
MAX_DURATION_YEARS = 10


def _one_of(values: list[str]) -> pa.Check:
    return pa.Check.isin(values, error="must be one of: " + ", ".join(values))


# Control characters (other than tab and line breaks) are never meaningful in a programme's
# text, are invalid in the HTML and SVG the course writes, and can drive a terminal.
_NO_CONTROL_CHARACTERS = pa.Check.str_matches(
    r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*\Z", error="contains a control character; remove it"
)


def _text(
    title: str,
    description: str,
    *,
    required: bool,
    checks=(),
    unique: bool = False,
    column_optional: bool = False,
) -> pa.Column:
    """A text column; ``column_optional``: a file may leave the whole column out (a column
    added after instructors wrote their files), and it then reads as empty."""
    return pa.Column(
        str,
        checks=[*checks, _NO_CONTROL_CHARACTERS],
        nullable=not required,
        unique=unique,
        title=title,
        description=description,
        required=not column_optional,
    )


def _number(title: str, description: str, checks, dtype=float, required: bool = False) -> pa.Column:
    return pa.Column(
        dtype, checks=list(checks), nullable=not required, title=title, description=description
    )


_duration = [
    pa.Check.gt(0, error="must be more than 0 years"),
    pa.Check.le(MAX_DURATION_YEARS, error=f"must be at most {MAX_DURATION_YEARS} years"),
]
_money = [pa.Check.ge(0, error="must not be negative")]

COLUMNS: dict[str, pa.Column] = {
    "program_id": _text(
        COLUMN_LABELS["program_id"],
        "Short unique key: lower-case letters, digits and underscores.",
        required=True,
        unique=True,
        checks=[pa.Check.str_matches(r"^[a-z0-9_]+$", error="may hold only a-z, 0-9 and _")],
    ),
    "institution": _text(
        COLUMN_LABELS["institution"], "The university that awards the degree.", required=True
    ),
    "country": _text(COLUMN_LABELS["country"], "Where the programme is based.", required=True),
    "programme": _text(
        COLUMN_LABELS["programme"],
        "The programme's name, or what was found instead.",
        required=True,
    ),
    "specialty": _text(
        COLUMN_LABELS["specialty"],
        "The clinical discipline, where the source names one.",
        required=False,
    ),
    "degree_title": _text(
        COLUMN_LABELS["degree_title"], "The degree's title as the source gives it.", required=False
    ),
    "in_guide": _text(
        COLUMN_LABELS["in_guide"],
        "Whether the guide the course adapts names this provider.",
        required=True,
        checks=[_one_of(YES_NO)],
    ),
    "guide_claim": _text(
        COLUMN_LABELS["guide_claim"],
        "The guide's claim about this provider (guide rows only).",
        required=False,
    ),
    "verification": _text(
        COLUMN_LABELS["verification"],
        "What public sources say of the guide's claim.",
        required=True,
        checks=[_one_of(VERIFICATION)],
    ),
    "duration_min_years": _number(
        COLUMN_LABELS["duration_min_years"], "Shortest reported duration, in years.", _duration
    ),
    "duration_max_years": _number(
        COLUMN_LABELS["duration_max_years"],
        "Longest reported or allowed duration, in years.",
        _duration,
    ),
    "research_requirement": _text(
        COLUMN_LABELS["research_requirement"],
        "The research the degree requires.",
        required=True,
        checks=[_one_of(RESEARCH_REQUIREMENTS)],
    ),
    "clinical_focus": _text(
        COLUMN_LABELS["clinical_focus"],
        "How clinical training happens, per the source.",
        required=False,
    ),
    "delivery_mode": _text(
        COLUMN_LABELS["delivery_mode"],
        "How the degree is delivered.",
        required=True,
        checks=[_one_of(DELIVERY_MODES)],
    ),
    "paid_post": _text(
        COLUMN_LABELS["paid_post"],
        "Whether trainees hold a salaried post while studying; 'depends on "
        "sponsorship' where funded trainees are paid and self-funded ones are not.",
        required=True,
        checks=[_one_of(PAID_POST)],
    ),
    "tuition_per_year": _number(
        COLUMN_LABELS["tuition_per_year"], "Annual tuition and fees, in fee_currency.", _money
    ),
    "one_off_fees": _number(
        COLUMN_LABELS["one_off_fees"], "Examination or other one-off fees, in fee_currency.", _money
    ),
    "fee_currency": _text(
        COLUMN_LABELS["fee_currency"],
        "ISO 4217 code of the fees, e.g. ZAR.",
        required=False,
        checks=[
            pa.Check.str_matches(r"^[A-Z]{3}$", error="must be a three-letter code such as ZAR")
        ],
    ),
    "fee_applies_to": _text(
        COLUMN_LABELS["fee_applies_to"],
        "Who the published fee is for, where the source gives different fees (e.g. "
        "'Ugandan students', with the others' fee in notes); empty where it gives one fee. "
        "A file may leave this column out.",
        required=False,
        column_optional=True,
    ),
    "fee_year": _number(
        COLUMN_LABELS["fee_year"],
        "The year the fees apply to, as the source states it (an academic "
        "year 2023/24 is given as 2023); empty where the source states none.",
        [pa.Check.in_range(1990, 2100, error="must be a year from 1990 to 2100")],
        dtype="Int64",
    ),
    "sources": _text(
        COLUMN_LABELS["sources"],
        "Addresses the values come from (separated by ' ; '), or 'the guide'.",
        required=True,
        checks=[
            pa.Check.str_matches(
                r"^(https?://\S+|the guide)",
                error="must start with an http(s) address or 'the guide'",
            )
        ],
    ),
    "sources_read": _text(
        COLUMN_LABELS["sources_read"],
        "The date (YYYY-MM-DD) the sources were last read for this row.",
        required=True,
        checks=[
            pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be a date written YYYY-MM-DD")
        ],
    ),
    "notes": _text(
        COLUMN_LABELS["notes"],
        "What the sources report, in our words, and how any derived "
        "value (a sum, an annual figure from a semester fee) was derived.",
        required=False,
    ),
}


def _table_rule(columns: tuple[str, ...], message: str, holds) -> tuple[tuple[str, ...], pa.Check]:
    return columns, pa.Check(holds, error=message)


#: Rules that no two rows may share these columns' values, by message. A file is checked a
#: chunk at a time, so these span chunks: :class:`_Repeats` checks them, not pandera.
_REPEAT_RULES: dict[str, tuple[str, ...]] = {}


def _repeat_rule(columns: tuple[str, ...], message: str) -> tuple[tuple[str, ...], pa.Check]:
    """No two rows hold the same values in ``columns`` (empty cells alike count as the same).
    The pandera check states the rule (a schema validated whole still holds it)."""
    _REPEAT_RULES[message] = columns
    return _table_rule(columns, message, lambda t: ~t.duplicated(list(columns), keep=False))


# Rules across columns, each with the columns it names: a failure is reported against them
# (looked up by the rule's message, never parsed out of it).
_TABLE_RULES = [
    _table_rule(
        ("duration_min_years", "duration_max_years"),
        "the minimum is above the maximum",
        lambda t: (
            t["duration_min_years"].isna()
            | t["duration_max_years"].isna()
            | (t["duration_min_years"] <= t["duration_max_years"])
        ),
    ),
    _table_rule(
        ("fee_currency",),
        "a fee is given, so its currency is required",
        lambda t: (
            t["fee_currency"].notna() | (t["tuition_per_year"].isna() & t["one_off_fees"].isna())
        ),
    ),
    _table_rule(
        ("guide_claim",),
        "a provider from the guide needs the guide's claim",
        lambda t: (t["in_guide"] != "yes") | t["guide_claim"].notna(),
    ),
    _table_rule(
        ("verification",),
        "'not in guide' is for rows with in_guide = no, and only for them",
        lambda t: (
            ~t["in_guide"].isin(YES_NO)  # a bad in_guide is reported on its own
            | ((t["in_guide"] == "yes") == (t["verification"] != "not in guide"))
        ),
    ),
    _repeat_rule(
        ("institution", "programme", "specialty"), "the same programme appears more than once"
    ),
]
_TABLE_CHECKS = [check for _, check in _TABLE_RULES]
_TABLE_RULE_COLUMNS = {check.error: ", ".join(columns) for columns, check in _TABLE_RULES}

SCHEMA = pa.DataFrameSchema(COLUMNS, checks=_TABLE_CHECKS, strict=True, coerce=False)

_FOUND = ["yes", "no", "not found"]

#: data/routes.csv: routes to specialist practice (chapter 1). "not found" where no source said.
ROUTES_SCHEMA = pa.DataFrameSchema(
    {
        "route_id": _text("ID", "Short unique key.", required=True, unique=True),
        "route": _text("Route", "The route to specialist practice.", required=True),
        "example": _text("Example", "Where it is found, or 'not found'.", required=True),
        "length": _text("Length", "How long it takes, or 'not found'.", required=True),
        "research": _text(
            "Research required", "yes, no or not found.", required=True, checks=[_one_of(_FOUND)]
        ),
        "taught_by_university": _text(
            "Taught by a university",
            "yes, no or not found.",
            required=True,
            checks=[_one_of(_FOUND)],
        ),
        # "depends": salaried for sponsored trainees, unpaid for self-sponsored ones (issue 14).
        "paid_post": _text(
            "Paid post",
            "yes, no, depends (on sponsorship) or not found.",
            required=True,
            checks=[_one_of([*_FOUND, "depends"])],
        ),
        "specialist_registration": _text(
            "Leads to specialist registration",
            "yes, no or not found.",
            required=True,
            checks=[_one_of(_FOUND)],
        ),
        "sources": _text("Sources", "Addresses, 'the guide' or 'none found'.", required=True),
        "notes": _text("Notes", "What the sources say.", required=False),
    },
    strict=True,
)

#: data/programme_structures.csv: the parts of a programme's years (chapter 2).
STRUCTURES_SCHEMA = pa.DataFrameSchema(
    {
        "structure_id": _text(
            "ID", "The programme (or illustrative structure) it belongs to.", required=True
        ),
        "label": _text("Programme", "How the reader picks it.", required=True),
        "component": _text(
            "Component", "Coursework, clinical training, research, examinations...", required=True
        ),
        "start_year": _number(
            "Starts (years)",
            "Years from the start of the programme.",
            [pa.Check.in_range(0, MAX_DURATION_YEARS, error="must be from 0 to 10")],
            required=True,
        ),
        "end_year": _number(
            "Ends (years)",
            "Years from the start of the programme.",
            [pa.Check.in_range(0, MAX_DURATION_YEARS, error="must be from 0 to 10")],
            required=True,
        ),
        "basis": _text(
            "Basis",
            "sourced, or illustrative where no source gives it.",
            required=True,
            checks=[_one_of(["sourced", "illustrative"])],
        ),
        "sources": _text("Sources", "Addresses or 'the guide'.", required=True),
        "note": _text("Note", "What the source says.", required=False),
    },
    checks=[
        pa.Check(
            lambda t: t["start_year"] < t["end_year"],
            error="columns start_year, end_year: a component must end after it starts",
        )
    ],
    strict=True,
)

#: data/reflection.csv: chapter 4's benefits and limitations and what each bears on (0 to 2).
REFLECTION_FACTORS = ["career", "recognition", "research", "time", "money", "flexibility"]
REFLECTION_SCHEMA = pa.DataFrameSchema(
    {
        "item_id": _text("ID", "Short unique key.", required=True, unique=True),
        "item": _text("Benefit or limitation", "As chapter 4 names it.", required=True),
        "kind": _text(
            "Kind",
            "benefit or limitation.",
            required=True,
            checks=[_one_of(["benefit", "limitation"])],
        ),
        "section": _text(
            "Section",
            "The anchor of the chapter-4 section that discusses it.",
            required=True,
            checks=[
                pa.Check.str_matches(
                    r"^[a-z0-9-]+$", error="must be a section anchor such as career-prospects"
                )
            ],
        ),
        **{
            factor: _number(
                factor.capitalize(),
                f"How much it bears on {factor}: 0, 1 or 2.",
                [pa.Check.isin([0, 1, 2], error="must be 0, 1 or 2")],
                required=True,
            )
            for factor in REFLECTION_FACTORS
        },
    },
    strict=True,
)


def _is_calendar_date(dates: pd.Series) -> pd.Series:
    """YYYY-MM-DD and a day the calendar has (2025-02-30 is refused): a rate's date is shown
    to readers as the age of a conversion, so it must be one."""
    parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
    return dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}") & parsed.notna()


#: The exchange-rate table (data/exchange_rates.csv): how many units of each currency buy one euro.
RATES_SCHEMA = pa.DataFrameSchema(
    {
        "currency": _text(
            "Currency",
            "ISO 4217 code.",
            required=True,
            unique=True,
            checks=[pa.Check.str_matches(r"^[A-Z]{3}$", error="must be a three-letter code")],
        ),
        "units_per_eur": _number(
            "Units per euro",
            "How many units of the currency one euro buys.",
            [pa.Check.gt(0, error="must be more than 0")],
            required=True,
        ),
        "rate_date": _text(
            "Date",
            "The date the rate applies to (YYYY-MM-DD), as its publisher gives it.",
            required=True,
            checks=[pa.Check(_is_calendar_date, error="must be YYYY-MM-DD")],
        ),
        "source": _text(
            "Source",
            "Who published the rate and what kind of rate it is, then, after the first "
            "', ', its address and how it was read; say so where the figure is derived "
            "(e.g. the mid of a buying and a selling rate). Its first part names the rate "
            "wherever a converted amount is shown.",
            required=True,
        ),
    },
    strict=True,
)


# ---------------------------------------------------------------------------------------------
# The catalogue's tables (docs/catalogue-layout.md): each fact stated once, programmes refer to
# the institution, fee schedule and sources they share by id.

_ID = pa.Check.str_matches(r"^[a-z0-9_]+$", error="may hold only a-z, 0-9 and _")
_ID_LIST_PATTERN = r"^[a-z0-9_]+( ; [a-z0-9_]+)*$"
_ID_LIST = pa.Check.str_matches(
    _ID_LIST_PATTERN, error="must be ids (a-z, 0-9 and _) separated by ' ; '"
)
_ISO_DATE = pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be a date written YYYY-MM-DD")
_CURRENCY = pa.Check.str_matches(r"^[A-Z]{3}$", error="must be a three-letter code such as ZAR")
_YEAR = [pa.Check.in_range(1990, 2100, error="must be a year from 1990 to 2100")]
#: A page's own date: a year, a month or a day, or 'undated' when the page carries none.
PAGE_DATE_PATTERN = r"^(undated|\d{4}(-\d{2}(-\d{2})?)?)$"
GRADES = ["medical_officer", "registrar", "specialist", "bond"]
FUNDING = ["government sponsored", "self sponsored", "supernumerary", "all"]
COVERAGE_BASIS = ["source", "issue 21 estimate"]
MAX_TERM_YEARS = 30


def _id_column(title: str, description: str) -> pa.Column:
    return _text(title, description, required=True, unique=True, checks=[_ID])


def _reference(title: str, description: str, *, required: bool) -> pa.Column:
    return _text(title, description, required=required, checks=[_ID])


def _source_list(description: str, *, required: bool = True) -> pa.Column:
    return _text("Sources", description, required=required, checks=[_ID_LIST])


def _catalogue_schema(columns: dict[str, pa.Column], rules=()) -> pa.DataFrameSchema:
    """A table's schema; its cross-column rules are reported against the columns they name."""
    for columns_named, check in rules:
        _TABLE_RULE_COLUMNS[check.error] = ", ".join(columns_named)
    return pa.DataFrameSchema(
        columns, checks=[check for _, check in rules], strict=True, coerce=False
    )


def _min_max_rule(low: str, high: str, message: str = "the minimum is above the maximum"):
    # A rule's message finds its columns, so each pair of columns has its own message.
    return _table_rule(
        (low, high),
        message,
        lambda t: t[low].isna() | t[high].isna() | (t[low] <= t[high]),
    )


SOURCES_SCHEMA = _catalogue_schema(
    {
        "source_id": _id_column(
            "Source ID", "Unique key, prefixed with the country code (ke_moi_postgrad_list)."
        ),
        "address": _text(
            "Address",
            "The page's address.",
            required=True,
            checks=[pa.Check.str_matches(r"^https?://\S+$", error="must be an http(s) address")],
        ),
        "title": _text("Title", "The page's title or a short description of it.", required=True),
        "page_date": _text(
            "Page date",
            "The date the page itself carries for what it says (2024, 2024-03 or "
            "2024-03-15), or 'undated'.",
            required=True,
            checks=[
                pa.Check.str_matches(
                    PAGE_DATE_PATTERN, error="must be YYYY, YYYY-MM, YYYY-MM-DD or 'undated'"
                )
            ],
        ),
        "read_date": _text(
            "Read", "The date we read the page, YYYY-MM-DD.", required=True, checks=[_ISO_DATE]
        ),
        "notes": _text(
            "Notes", "What the page is (a call, a yearbook, a gazette).", required=False
        ),
    }
)

INSTITUTIONS_SCHEMA = _catalogue_schema(
    {
        "institution_id": _id_column("Institution ID", "Unique key (moi, uct, usm)."),
        "institution": _text(
            "Institution", "The name as the institution writes it.", required=True
        ),
        "country": _text("Country", "The country, as the book writes it.", required=True),
        "programme_list_source": _reference(
            "Programme list",
            "The source_id of the list the institution's programmes were taken from.",
            required=False,
        ),
        "duration_min_years": _number(
            "Minimum years", "The institution's own minimum for every MMed.", _duration
        ),
        "duration_max_years": _number(
            "Maximum years", "The institution's own maximum for every MMed.", _duration
        ),
        "rules_source": _reference(
            "Rules source", "The source_id of the two durations.", required=False
        ),
        "notes": _text(
            "Notes", "Anything else the sources say of the institution.", required=False
        ),
    },
    [
        _min_max_rule("duration_min_years", "duration_max_years"),
        _table_rule(
            ("rules_source",),
            "a duration rule is given, so its rules_source is required",
            lambda t: (
                t["rules_source"].notna()
                | (t["duration_min_years"].isna() & t["duration_max_years"].isna())
            ),
        ),
    ],
)

FEE_SCHEDULES_SCHEMA = _catalogue_schema(
    {
        "fee_schedule_id": _id_column("Fee schedule ID", "Unique key (moi_mmed_2024_kenyan)."),
        "institution_id": _reference("Institution ID", "Whose schedule.", required=True),
        "applies_to": _text(
            "Fee is for",
            "Whom the fee is for, in the source's words shortened; empty when it does not say.",
            required=False,
        ),
        "tuition_per_year": _number(
            "Tuition a year", "Tuition and annual fees, in fee_currency.", _money
        ),
        "one_off_fees": _number(
            "One-off fees", "Application, examination or registration fees paid once.", _money
        ),
        "fee_currency": _text(
            "Currency", "ISO 4217 code of the fees.", required=True, checks=[_CURRENCY]
        ),
        "fee_year": _number(
            "Fee year",
            "The academic year the fee applies to (the first year of 2024/25); empty where "
            "the source states none.",
            _YEAR,
            dtype="Int64",
        ),
        "source_ids": _source_list("The source_ids of the fees, separated by ' ; '."),
        "notes": _text("Notes", "How the figure was read or summed.", required=False),
    },
    [
        _table_rule(
            ("tuition_per_year", "one_off_fees"),
            "a fee schedule needs a tuition or a one-off fee",
            lambda t: t["tuition_per_year"].notna() | t["one_off_fees"].notna(),
        )
    ],
)

#: data/programs.csv in the catalogue layout: the flat columns less what the shared tables hold.
CATALOGUE_PROGRAM_COLUMNS: dict[str, pa.Column] = {
    "program_id": COLUMNS["program_id"],
    "institution_id": _reference(
        "Institution ID", "The institution (institutions.csv) awarding it.", required=True
    ),
    **{
        name: COLUMNS[name]
        for name in [
            "programme",
            "specialty",
            "degree_title",
            "in_guide",
            "guide_claim",
            "verification",
        ]
    },
    "duration_min_years": _number(
        "Minimum years",
        "Shortest duration the programme's own page gives; empty otherwise (the "
        "institution's rule then applies).",
        _duration,
    ),
    "duration_max_years": _number(
        "Maximum years",
        "Longest duration the programme's own page gives; empty otherwise.",
        _duration,
    ),
    **{
        name: COLUMNS[name]
        for name in ["research_requirement", "clinical_focus", "delivery_mode", "paid_post"]
    },
    "fee_schedule_id": _reference(
        "Fee schedule ID",
        "The fee schedule (fee_schedules.csv) that covers it; empty when no source gives a fee.",
        required=False,
    ),
    "sources": _source_list(
        "The source_ids (sources.csv) that show the programme and its values, separated by ' ; '."
    ),
    "notes": COLUMNS["notes"],
}

CATALOGUE_PROGRAMS_SCHEMA = _catalogue_schema(
    CATALOGUE_PROGRAM_COLUMNS,
    [
        _min_max_rule("duration_min_years", "duration_max_years"),
        _TABLE_RULES[2],  # a guide row needs the guide's claim
        _TABLE_RULES[3],  # 'not in guide' for rows not in the guide
        _repeat_rule(
            ("institution_id", "programme", "specialty"),
            "the same programme of this institution appears more than once",
        ),
    ],
)

SPECIALTIES_SCHEMA = _catalogue_schema(
    {
        "specialty": _text(
            "Specialty", "The book's canonical name for a specialty.", required=True, unique=True
        ),
        "group": _text("Group", "A coarse group for the filter.", required=True),
    }
)

PAY_SCALES_SCHEMA = _catalogue_schema(
    {
        "pay_id": _id_column("Pay ID", "Unique key (ke_cba_2017_medical_officer)."),
        "country": _text("Country", "As in institutions.csv.", required=True),
        "grade": _text(
            "Grade",
            "medical_officer (pay without the degree), registrar (pay while training), "
            "specialist (pay after it), bond (pay during bonded service).",
            required=True,
            checks=[_one_of(GRADES)],
        ),
        "funding": _text(
            "Funding",
            "For a registrar, how the place is funded; 'all' otherwise.",
            required=True,
            checks=[_one_of(FUNDING)],
        ),
        "annual_min": _number(
            "Annual pay (lowest)",
            "Gross annual pay at the scale's bottom; 0 for an unpaid place a source states.",
            _money,
            required=True,
        ),
        "annual_max": _number(
            "Annual pay (highest)", "Gross annual pay at the scale's top.", _money, required=True
        ),
        "currency": _text("Currency", "ISO 4217 code.", required=True, checks=[_CURRENCY]),
        "year": _number(
            "Year",
            "The year the scale applies to; empty when its source gives none (shown as undated).",
            _YEAR,
            dtype="Int64",
        ),
        "source_ids": _source_list("The source_ids of the scale, separated by ' ; '."),
        "notes": _text(
            "Notes",
            "The scale's name, allowances in or out, how a monthly figure was annualised.",
            required=False,
        ),
    },
    [
        _min_max_rule("annual_min", "annual_max", "the lowest pay is above the highest"),
        _table_rule(
            ("funding",),
            "only a registrar's pay depends on funding; other grades take 'all'",
            lambda t: (t["grade"] == "registrar") | (t["funding"] == "all"),
        ),
    ],
)

_term_years = [
    pa.Check.ge(0, error="must not be negative"),
    pa.Check.le(MAX_TERM_YEARS, error=f"must be at most {MAX_TERM_YEARS} years"),
]

FUNDING_TERMS_SCHEMA = _catalogue_schema(
    {
        "terms_id": _id_column("Terms ID", "Unique key (my_moh_scholarship_bond)."),
        "country": _text("Country", "As in institutions.csv.", required=True),
        "funding": _text(
            "Funding", "How the place is funded.", required=True, checks=[_one_of(FUNDING)]
        ),
        "wait_years_min": _number(
            "Wait (fewest years)", "Years after the degree before specialist pay.", _term_years
        ),
        "wait_years_max": _number(
            "Wait (most years)", "Years after the degree before specialist pay.", _term_years
        ),
        "bond_years_min": _number(
            "Bond (fewest years)", "Years of bonded service owed.", _term_years
        ),
        "bond_years_max": _number(
            "Bond (most years)", "Years of bonded service owed.", _term_years
        ),
        "bond_break_cost": _number(
            "Cost of breaking the bond", "Where a source states it.", _money
        ),
        "bond_break_currency": _text(
            "Currency of that cost", "ISO 4217 code.", required=False, checks=[_CURRENCY]
        ),
        "year": _number(
            "Year",
            "The year the rule applies to; empty when its source gives none (shown as undated).",
            _YEAR,
            dtype="Int64",
        ),
        "source_ids": _source_list("The source_ids of the rule, separated by ' ; '."),
        "notes": _text("Notes", "The rule in a sentence.", required=False),
    },
    [
        _min_max_rule(
            "wait_years_min", "wait_years_max", "the fewest wait years are above the most"
        ),
        _table_rule(
            ("bond_years_min", "bond_years_max"),
            "the fewest bond years are above the most",
            lambda t: (
                t["bond_years_min"].isna()
                | t["bond_years_max"].isna()
                | (t["bond_years_min"] <= t["bond_years_max"])
            ),
        ),
        _table_rule(
            ("bond_break_currency",),
            "a cost of breaking the bond is given, so its currency is required",
            lambda t: t["bond_break_currency"].notna() | t["bond_break_cost"].isna(),
        ),
    ],
)

COVERAGE_SCHEMA = _catalogue_schema(
    {
        "country": _text("Country", "As in institutions.csv.", required=True, unique=True),
        "offered_min": _number(
            "Programmes offered (fewest)",
            "Programmes (institution x specialty) the country offers, low estimate.",
            [pa.Check.ge(0, error="must not be negative")],
            dtype="Int64",
            required=True,
        ),
        "offered_max": _number(
            "Programmes offered (most)",
            "High estimate.",
            [pa.Check.ge(0, error="must not be negative")],
            dtype="Int64",
            required=True,
        ),
        "public_list": _text(
            "Public list",
            "The list (a call, a yearbook, a ministry count) it comes from.",
            required=False,
        ),
        "source_id": _reference("Source ID", "The source_id of that list.", required=False),
        "basis": _text(
            "Basis",
            "'source' where source_id gives the count; 'issue 21 estimate' where no source is "
            "recorded yet.",
            required=True,
            checks=[_one_of(COVERAGE_BASIS)],
        ),
        "notes": _text("Notes", "How the count was made.", required=False),
    },
    [
        _min_max_rule("offered_min", "offered_max", "the low estimate is above the high one"),
        _table_rule(
            ("source_id",),
            "a count from a source needs its source_id",
            lambda t: (t["basis"] != "source") | t["source_id"].notna(),
        ),
    ],
)

#: Each table of the catalogue: its file, schema, id column and whether a folder must hold it.
CATALOGUE_TABLES: dict[str, tuple[pa.DataFrameSchema, str, bool]] = {
    "sources.csv": (SOURCES_SCHEMA, "source_id", True),
    "institutions.csv": (INSTITUTIONS_SCHEMA, "institution_id", True),
    "fee_schedules.csv": (FEE_SCHEDULES_SCHEMA, "fee_schedule_id", True),
    "programs.csv": (CATALOGUE_PROGRAMS_SCHEMA, "program_id", True),
    "specialties.csv": (SPECIALTIES_SCHEMA, "specialty", True),
    "pay_scales.csv": (PAY_SCALES_SCHEMA, "pay_id", False),
    "funding_terms.csv": (FUNDING_TERMS_SCHEMA, "terms_id", False),
    "coverage.csv": (COVERAGE_SCHEMA, "country", False),
}
# The command's cache of a checked catalogue is keyed on the files paths.CATALOGUE_FILES names:
# a table checked here but missing there would not invalidate it when it changes.
if tuple(CATALOGUE_TABLES) != CATALOGUE_FILES:
    raise RuntimeError("mmedlearn.paths.CATALOGUE_FILES must name the tables of CATALOGUE_TABLES")

# Every reference between tables: (file, column, is it a ' ; '-list, file referred to).
_REFERENCES = [
    ("programs.csv", "institution_id", False, "institutions.csv"),
    ("programs.csv", "fee_schedule_id", False, "fee_schedules.csv"),
    ("programs.csv", "sources", True, "sources.csv"),
    ("programs.csv", "specialty", False, "specialties.csv"),
    ("institutions.csv", "programme_list_source", False, "sources.csv"),
    ("institutions.csv", "rules_source", False, "sources.csv"),
    ("fee_schedules.csv", "institution_id", False, "institutions.csv"),
    ("fee_schedules.csv", "source_ids", True, "sources.csv"),
    ("pay_scales.csv", "source_ids", True, "sources.csv"),
    ("funding_terms.csv", "source_ids", True, "sources.csv"),
    ("coverage.csv", "source_id", False, "sources.csv"),
]


def cross_table_problems(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every reference to an id that its table does not hold, and every programme whose fee
    schedule belongs to another institution; each problem names its file, row and column.
    Vectorised: linear in the number of rows."""
    return [problem for _, problem in reference_problems(tables)]


def reference_problems(
    tables: dict[str, pd.DataFrame], of: set[str] | None = None
) -> list[tuple[int, Problem]]:
    """:func:`cross_table_problems` of the references made by the tables named in ``of``
    (every table by default), each with its check's place in the order they are reported: a
    chunk of programmes can be checked on its own, and its problems put in their place."""
    problems = []
    for position, (name, column, is_list, target) in enumerate(_REFERENCES):
        if name not in tables or target not in tables or (of is not None and name not in of):
            continue
        values = tables[name][column].dropna()
        if is_list:
            values = values.str.split(" ; ").explode()
        known = tables[target][CATALOGUE_TABLES[target][1]]
        for row, value in values[~values.isin(known)].items():
            key = CATALOGUE_TABLES[target][1]
            problems.append(
                (
                    position,
                    Problem(
                        f"{_shown(value)} is not found in {target} (column {key})",
                        row,
                        column,
                        file=name,
                    ),
                )
            )
    if {"programs.csv", "fee_schedules.csv"} <= set(tables) and (
        of is None or "programs.csv" in of
    ):
        programs, schedules = tables["programs.csv"], tables["fee_schedules.csv"]
        owner = pd.Series(
            schedules["institution_id"].to_numpy(), index=schedules["fee_schedule_id"].to_numpy()
        )
        owner = owner[~owner.index.duplicated()]
        # A programme whose institution is itself unknown is already reported above; saying its
        # schedule belongs elsewhere would name a second problem that is the same typo.
        known_institution = (
            programs["institution_id"].isin(tables["institutions.csv"]["institution_id"])
            if "institutions.csv" in tables
            else True
        )
        has = (
            programs["fee_schedule_id"].notna()
            & programs["fee_schedule_id"].isin(owner.index)
            & known_institution
        )
        theirs = programs.loc[has, "fee_schedule_id"].map(owner)
        for row in theirs.index[theirs != programs.loc[has, "institution_id"]]:
            problems.append(
                (
                    len(_REFERENCES),
                    Problem(
                        f"{_shown(programs.at[row, 'fee_schedule_id'])} is the fee schedule of "
                        f"{_shown(theirs[row])}, not of this programme's institution",
                        row,
                        "fee_schedule_id",
                        file="programs.csv",
                    ),
                )
            )
    return problems


def decode(data: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 text (a byte-order mark is fine), or a problem naming the row of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        return "", [
            Problem(
                f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as 'CSV UTF-8'",
                row=row,
            )
        ]


# Characters no cell may hold. Control characters are never meaningful in a programme's text,
# are invalid in the HTML and SVG the course writes, and can drive a terminal. Other tools
# cannot carry non-characters (vl-convert aborts the process on U+FFFF: exit 134, no message).
# Bidirectional controls make text display in an order other than the one stored (a
# right-to-left override can disguise a programme's name). No programme's text needs any.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ASCII_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# One range of plain characters (a bitmap for the regex engine: fast) ...
_BMP_FORBIDDEN = re.compile(f"[{_CONTROLS}{_BIDI_CONTROLS}\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# ... and, beyond it, the non-characters U+1FFFE, U+1FFFF ... U+10FFFF, found by their low bits.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_BIDI = re.compile(f"[{_BIDI_CONTROLS}]")
_CONTROL = re.compile(f"[{_CONTROLS}]")


def _forbidden_character(text: str) -> str | None:
    """The first character no cell may hold, or None; about 0.1 s for 30 MB of text."""
    if text.isascii():  # constant time in CPython
        found = _ASCII_FORBIDDEN.search(text)
        return found and found.group()
    found = _BMP_FORBIDDEN.search(text)
    if found:
        return found.group()
    return next((c for c in _ASTRAL.findall(text) if ord(c) & 0xFFFE == 0xFFFE), None)


#: Beyond this a number is refused: no fee, duration or year comes near it, and sums of such
#: numbers must stay exact in floating point.
MAX_MAGNITUDE = 1e15
_SHOWN_NAMES = 10  # of a list of column names in one message
_SHOWN_ROWS = 5  # of a list of rows in one message


def _shown(value: str, limit: int = 80) -> str:
    """A cell's text for a message: quoted, escaped, and cut short if it is long."""
    return (
        repr(value)
        if len(value) <= limit
        else repr(value[:limit]) + f"… ({len(value):,} characters)"
    )


def _listed(items: list[str], limit: int) -> str:
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more:,} more" if more > 0 else "")


def _character_problem(value: str) -> str | None:
    """Why a cell's text cannot be accepted, or None."""
    character = _forbidden_character(value)
    if character is None:
        return None
    if _CONTROL.match(character):
        return f"{_shown(value)} contains a control character; remove it"
    if _BIDI.match(character):
        return (
            f"{_shown(value)} contains U+{ord(character):04X}, an invisible control that "
            "changes the direction text is shown in; remove it"
        )
    return f"{_shown(value)} contains U+{ord(character):04X}, which is not a character; remove it"


def _csv_error(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return (
            f'a field is longer than {csv.field_size_limit():,} characters; is a quote (") '
            "left open?"
        )
    return f"the CSV cannot be read here ({error})"


def _header_problems(header: list[str], columns: dict[str, pa.Column], row: int) -> list[Problem]:
    """What is wrong with the header row; linear in its length, however long."""
    problems = []
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        sep = next(s for s in ";\t|" if s in header[0])
        shown = {"\t": "tabs"}.get(sep, repr(sep))
        return [
            Problem(
                f"the file is separated by {shown}, not commas; save it as comma-separated CSV",
                row=row,
            )
        ]
    named = set(header)
    blank = [str(position) for position, name in enumerate(header, start=1) if not name]
    if blank and header[-1] == "" and all(not name for name in header[len(header) - len(blank) :]):
        problems.append(
            Problem(
                f"the header ends with a comma, so column {', '.join(blank)} has "
                "no name; remove the comma",
                row=row,
            )
        )
    elif blank:
        problems.append(
            Problem(f"column(s) {_listed(blank, _SHOWN_NAMES)} of the header have no name", row=row)
        )
    missing = [name for name, column in columns.items() if name not in named and column.required]
    extra = list(dict.fromkeys(name for name in header if name and name not in columns))
    if missing:
        problems.append(Problem("missing column(s): " + ", ".join(missing), row=row))
    if extra:
        problems.append(Problem("unexpected column(s): " + _listed(extra, _SHOWN_NAMES), row=row))
    duplicated = sorted(name for name, count in Counter(header).items() if count > 1 and name)
    if duplicated:
        problems.append(
            Problem("column(s) named twice: " + _listed(duplicated, _SHOWN_NAMES), row=row)
        )
    return problems


def _convert_numbers(
    table: pd.DataFrame, columns: dict[str, pa.Column]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn numeric columns into numbers; a cell that is not one (a word, a decimal comma,
    infinity, a number too large to be meant) becomes one problem and NA, so every other
    check still runs. A comma may only group thousands: 12,500 is 12500, 1,5 is refused."""
    problems = []
    for name, column in columns.items():
        if str(column.dtype) not in ("float64", "Int64"):
            continue
        raw = table[name]
        comma = raw.str.contains(",", regex=False, na=False)
        grouped = pd.Series(False, index=raw.index)
        if comma.any():  # rare: the text checks run on those cells only
            grouped[comma] = raw[comma].str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
            raw_numbers = raw.where(~comma, raw.str.replace(",", "", regex=False).where(grouped))
        else:
            raw_numbers = raw
        numbers = pd.to_numeric(raw_numbers, errors="coerce").astype(float)
        too_large = numbers.abs().gt(MAX_MAGNITUDE)  # infinity included
        infinite = pd.Series(False, index=raw.index)
        if too_large.any():  # "inf" is not a finite number; 1e400 or 400 digits are too large
            infinite[too_large] = raw[too_large].str.contains("inf", case=False) & numbers[
                too_large
            ].abs().eq(float("inf"))
            too_large &= ~infinite
        for row, value in raw[comma & ~grouped].items():
            problems.append(
                Problem(
                    f"{_shown(value)} has a decimal comma; write {value.replace(',', '.')}"
                    if re.fullmatch(r"[+-]?\d+,\d+", value)
                    else f"{_shown(value)} is not a number (a comma may only group thousands, as in 12,500)",
                    row=row,
                    column=name,
                )
            )
        for row, value in raw[numbers.isna() & raw.notna() & ~comma].items():
            problems.append(Problem(f"{_shown(value)} is not a number", row=row, column=name))
        for row, value in raw[infinite].items():
            problems.append(
                Problem(f"{_shown(value)} is not a finite number", row=row, column=name)
            )
        for row, value in raw[too_large].items():
            problems.append(
                Problem(
                    f"{_shown(value)} is too large (at most {MAX_MAGNITUDE:,.0f})",
                    row=row,
                    column=name,
                )
            )
        numbers = numbers.where(~(infinite | too_large))
        if str(column.dtype) == "Int64":
            fractional = numbers.notna() & (numbers % 1 != 0)
            for row, value in raw[fractional].items():
                problems.append(
                    Problem(f"{_shown(value)} is not a whole number", row=row, column=name)
                )
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
        problems.append(Problem(str(check), int(row), _TABLE_RULE_COLUMNS[str(check)]))
    cell_level = cases[cases["schema_context"] != "DataFrameSchema"]
    for case in cell_level.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        check, column = str(case.check), str(case.column)
        value = (
            _shown(case.failure_case)
            if isinstance(case.failure_case, str)
            else repr(case.failure_case)
        )
        if check == "not_nullable":
            problems.append(Problem("is empty but required", row, column))
        else:  # uniqueness is not pandera's to check here (_schema_to_run): see _Repeats
            problems.append(Problem(f"{value} {check}", row, column))
    return problems


_SCHEMAS_TO_RUN: dict[int, tuple[pa.DataFrameSchema, pa.DataFrameSchema]] = {}


def _schema_to_run(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The schema as pandera runs it on each chunk, to validate 100,000 rows in well under 2 s:
    without the per-cell control-character check (:func:`_checked_chunk` makes it once over the
    chunk's text, with the same message), with table checks that skip pandera's scan for
    all-empty rows, which :func:`_record_chunks` has already dropped, and without the rules
    that span rows (unique columns, :func:`_repeat_rule`), which :class:`_Repeats` checks
    across chunks. The same rules."""
    cached = _SCHEMAS_TO_RUN.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    faster = schema.update_columns(
        {
            name: {
                "checks": [
                    check for check in column.checks if check.error != _NO_CONTROL_CHARACTERS.error
                ],
                "unique": False,
            }
            for name, column in schema.columns.items()
        }
    )
    faster.checks = [
        copy.copy(check) for check in schema.checks if check.error not in _REPEAT_RULES
    ]
    for check in faster.checks:
        check.ignore_na = False
    _SCHEMAS_TO_RUN[id(schema)] = (schema, faster)
    return faster


_HEADER_ONLY = "the file has a header but no data rows"


#: Data rows read, converted and checked at a time. A file of any length is checked in pieces
#: this long, so what the check holds stays bounded (`benchmarks/bench_validate.py`: a million
#: rows in about the memory of a hundred thousand); pandera's fixed cost per piece stays small.
CHUNK_ROWS = 25_000


class _LinesRead:
    """CSV lines passed to the reader one at a time and kept until :meth:`take`: a chunk's own
    text, which the one fast search for forbidden characters reads (cell by cell only if it
    finds one), as it read the whole file before files were checked in chunks."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._kept: list[str] = []

    def __iter__(self) -> _LinesRead:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._kept.append(line)
        return line

    def take(self) -> str:
        text = "".join(self._kept)
        self._kept.clear()
        return text


def _read_header(reader) -> tuple[int, list[str] | None, list[Problem]]:
    """The header's spreadsheet row and its names: the first record that is not blank (blank
    lines before it are skipped, and counted)."""
    row = 0
    try:
        for record in reader:
            row += 1
            if any(field.strip() for field in record):
                return row, [name.strip() for name in record], []
    except csv.Error as error:
        return row, None, [Problem(_csv_error(error), row=row + 1)]
    return row, None, [Problem("the file is empty")]


class _Records(NamedTuple):
    """Up to :data:`CHUNK_ROWS` data records' text (stripped; None where empty), their
    spreadsheet rows, what was wrong with the records left out, and the lines they came from."""

    rows: list[int]
    cells: list[list[str | None]]
    problems: list[Problem]
    text: str


def _record_chunks(
    reader, lines: _LinesRead, header: list[str], header_row: int, chunk_rows: int
) -> Iterator[_Records]:
    """The data records after the header, a chunk at a time: a record is a row, blank ones
    included, as a spreadsheet shows them. A CSV error ends the file with a problem
    (:class:`_Unreadable`), since nothing after it can be trusted."""
    width, rows, kept, problems = len(header), [], [], []
    row = header_row
    try:
        for row, record in enumerate(reader, start=header_row + 1):
            cells = [field.strip() or None for field in record]  # an empty cell is a missing value
            if not any(cells):
                continue  # a blank line between rows is harmless
            if len(cells) != width:
                # Too few fields, one holding a comma or a line break: a quote swallowed them.
                quoted = len(cells) < width and any(
                    "," in field or "\n" in field for field in record
                )
                hint = '; check its quotes ("), one may be left open' if quoted else ""
                problems.append(
                    Problem(f"has {len(cells)} fields but the header has {width}{hint}", row=row)
                )
                continue
            kept.append(cells)
            rows.append(row)
            if len(kept) == chunk_rows:
                yield _Records(rows, kept, problems, lines.take())
                rows, kept, problems = [], [], []
    except csv.Error as error:
        raise _Unreadable([*problems, Problem(_csv_error(error), row=row + 1)]) from None
    yield _Records(rows, kept, problems, lines.take())


class _Unreadable(Exception):
    """The CSV cannot be read past a point: the problems of the records before it that were
    left out, and the one that stopped it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def _checked_chunk(
    records: _Records, header: list[str], schema: pa.DataFrameSchema
) -> tuple[pd.DataFrame | None, list[Problem], list[Problem]]:
    """A chunk's typed table (None if it kept no record), the problems of its records that
    were left out, and those of its cells: forbidden characters, numbers, the schema's rules
    (all but uniqueness, which spans chunks: :class:`_Repeats`)."""
    columns = schema.columns
    body = pd.DataFrame(records.cells, index=records.rows, columns=header, dtype=object)
    for name in columns:  # a column a file may leave out reads as empty
        if name not in body:
            body[name] = None
    problems = []
    if _forbidden_character(records.text):  # rare: only then look cell by cell
        for name in header:
            for row, message in body[name].dropna().map(_character_problem).dropna().items():
                problems.append(Problem(message, row=row, column=name))
    if body.empty:
        return None, records.problems, problems
    table = body[list(columns)].astype("str")
    table, number_problems = _convert_numbers(table, columns)
    problems += number_problems
    try:
        _schema_to_run(schema).validate(table, lazy=True)
    except pa.errors.SchemaErrors as error:
        # A cell that is not a number was made empty and has said so: not "empty" as well.
        reported = {(p.row, p.column) for p in number_problems}
        problems += [
            p
            for p in _describe_failures(error)
            if not (p.message == "is empty but required" and (p.row, p.column) in reported)
        ]
    return table, records.problems, problems


class _Repeats:
    """The values the schema wants unique (a column marked unique; a table rule made by
    :func:`_repeat_rule`), seen chunk by chunk as 64-bit hashes with their rows: 16 bytes a row
    however long the values. Rows whose hashes meet are compared by their values at the end, so
    a collision is never reported as a repeat."""

    def __init__(self, schema: pa.DataFrameSchema):
        #: Each key's columns, and the message of its rule (None for a unique column, whose
        #: message names its value and the rows that share it).
        self.rules: dict[tuple[str, ...], str | None] = {
            (name,): None for name, column in schema.columns.items() if column.unique
        } | {
            _REPEAT_RULES[check.error]: check.error
            for check in schema.checks
            if check.error in _REPEAT_RULES
        }
        self.keys = list(self.rules)
        self._hashes: dict[tuple[str, ...], list[np.ndarray]] = {key: [] for key in self.keys}
        self._rows: dict[tuple[str, ...], list[np.ndarray]] = {key: [] for key in self.keys}

    def add(self, table: pd.DataFrame) -> None:
        for key in self.keys:
            values = table[list(key)]
            if len(key) == 1:  # an empty cell is reported as such, not as a repeat
                values = values.dropna()
            cells = values.astype(object).where(values.notna(), None)  # one missing, not NaNs
            # Python's own string hash: any text (pandas' hash refuses a lone surrogate), and
            # keyed for each process, so a file cannot be made to collide.
            hashed = map(hash, zip(*(cells[name] for name in key), strict=True))
            self._hashes[key].append(np.fromiter(hashed, dtype=np.int64, count=len(cells)))
            self._rows[key].append(values.index.to_numpy(dtype=np.int64))

    def candidates(self) -> dict[tuple[str, ...], np.ndarray]:
        """For each key, the rows whose hash another row shares."""
        found = {}
        for key in self.keys:
            if not self._hashes[key]:
                continue
            hashes = pd.Series(np.concatenate(self._hashes[key]))
            rows = np.concatenate(self._rows[key])[hashes.duplicated(keep=False).to_numpy()]
            if len(rows):
                found[key] = rows
        return found

    def problems(self, values: dict[tuple[str, ...], pd.DataFrame]) -> list[tuple[int, Problem]]:
        """A problem, with its rank among its cell's or row's, for each row whose values
        (``values``: a key's candidate rows) another row holds too. A column's repeat lists
        the rows that share it, and comes first of its cell's problems (as pandera orders
        them); a rule's comes last of its row's table rules (each such rule is its
        schema's last)."""
        ranked = []
        for key, cells in values.items():
            repeated = cells[cells.duplicated(keep=False)]
            message = self.rules[key]
            if message is not None:
                for row in repeated.index:
                    ranked.append((2, Problem(message, int(row), _TABLE_RULE_COLUMNS[message])))
                continue
            (name,) = key
            for _value, group in repeated[name].groupby(repeated[name], sort=False):
                rows = _listed([str(row) for row in sorted(group.index)], _SHOWN_ROWS)
                for row, value in group.items():
                    ranked.append(
                        (
                            0,
                            Problem(
                                f"{_shown(value)} is used by more than one row (rows {rows})",
                                int(row),
                                name,
                            ),
                        )
                    )
        return ranked


def _cells_at(
    open_lines: Callable[[], Iterable[str]], wanted: dict[tuple[str, ...], np.ndarray]
) -> dict[tuple[str, ...], pd.DataFrame]:
    """Each key's cells at its wanted rows, as the typed table holds them, read again from the
    file: a second pass, made only when the hashes of two rows' values meet."""
    reader = csv.reader(open_lines())
    header_row, header, _ = _read_header(reader)
    width = len(header)
    rows = {key: set(wanted[key].tolist()) for key in wanted}
    # Each key's columns by position in the file (None: a column the file leaves out).
    positions = {key: [header.index(n) if n in header else None for n in key] for key in wanted}
    found: dict[tuple[str, ...], dict[int, list[str | None]]] = {key: {} for key in wanted}
    for row, record in enumerate(reader, start=header_row + 1):
        for key in wanted:
            if row in rows[key] and len(record) == width:
                found[key][row] = [
                    None if at is None else record[at].strip() or None for at in positions[key]
                ]
    return {
        key: pd.DataFrame.from_dict(found[key], orient="index", columns=list(key), dtype=object)
        for key in wanted
    }


class Checked(NamedTuple):
    """What checking a table's text found: its rows (the typed table if it was kept), how many
    it has, and every problem."""

    table: pd.DataFrame | None
    rows: int
    problems: list[Problem]


def check_lines(
    open_lines: Callable[[], Iterable[str]],
    schema: pa.DataFrameSchema = None,
    *,
    allow_empty: bool = False,
    keep: bool = True,
    on_chunk: Callable[[pd.DataFrame], None] | None = None,
    chunk_rows: int | None = None,
) -> Checked:
    """Check CSV lines against a schema (by default the programmes'), :data:`CHUNK_ROWS` rows
    at a time. ``open_lines()`` gives the lines from the start (a second pass needs them only
    if two values of a unique column may repeat). ``keep``: return the typed table (else None,
    and memory stays bounded however long the file). ``on_chunk``: called with each chunk's
    typed table, to check what spans tables. ``allow_empty``: a header with no rows is a valid,
    empty table (a catalogue table no source has filled yet). The problems are the same, and in
    the same order, whatever ``chunk_rows`` is."""
    schema = schema or SCHEMA
    columns = schema.columns
    chunk_rows = chunk_rows or CHUNK_ROWS
    lines = _LinesRead(open_lines())
    reader = csv.reader(lines)
    header_row, header, problems = _read_header(reader)
    if header is not None and not problems:
        problems = _header_problems(header, columns, header_row)
    if header is None or problems:  # a wrong header makes the rows' checks meaningless
        return Checked(None, 0, problems)
    tables, rows, left_out, ranked, repeats = [], 0, [], [], _Repeats(schema)
    try:
        for records in _record_chunks(reader, lines, header, header_row, chunk_rows):
            table, records_left_out, found = _checked_chunk(records, header, schema)
            left_out += records_left_out
            ranked += [(1, problem) for problem in found]
            if table is None:
                continue
            rows += len(table)
            repeats.add(table)
            if keep:
                tables.append(table)
            if on_chunk is not None:
                on_chunk(table)
    except _Unreadable as error:  # no cell of a file read only in part is reported
        return Checked(None, 0, left_out + error.problems)
    candidates = repeats.candidates()
    if candidates:
        if keep:
            whole = pd.concat(tables)
            values = {key: whole.loc[found, list(key)] for key, found in candidates.items()}
        else:
            values = _cells_at(open_lines, candidates)
        ranked += repeats.problems(values)
    ranked += [(1, problem) for problem in left_out]
    if not rows and not ranked:
        if not allow_empty:
            return Checked(None, 0, [Problem(_HEADER_ONLY)])
        empty = pd.DataFrame({name: pd.Series(dtype=object) for name in columns})
        tables = [_convert_numbers(empty, columns)[0]]
    order = {name: position for position, name in enumerate(columns)}
    ranked.sort(key=lambda item: (item[1].row or 0, order.get(item[1].column, -1), item[0]))
    problems = [problem for _, problem in ranked]
    if problems or not keep:
        return Checked(None, rows, problems)
    return Checked(tables[0] if len(tables) == 1 else pd.concat(tables), rows, [])


def validate_text(
    text: str, schema: pa.DataFrameSchema = None, *, allow_empty: bool = False
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Validate CSV text against a schema (by default the programmes'); return the typed
    table, or None, and every problem found. ``allow_empty``: a header with no rows is a
    valid, empty table (a catalogue table no source has filled yet)."""
    checked = check_lines(lambda: io.StringIO(text, newline=""), schema, allow_empty=allow_empty)
    return checked.table, checked.problems


def validate_bytes(
    data: bytes, source: str = "data file", schema: pa.DataFrameSchema = None
) -> pd.DataFrame:
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
    required, the rule its values follow, and its meaning. The rule every text column shares
    (no control characters) is left out of the rows: repeated on each, it read like an error."""

    def allowed(column: pa.Column) -> str:
        # pandera copies checks into each column, so compare by what the check says.
        rules = [
            check.error for check in column.checks if check.error != _NO_CONTROL_CHARACTERS.error
        ]
        return "; ".join(rules) or ("any number" if kind(column) != "text" else "free text")

    def kind(column: pa.Column) -> str:
        return {"float64": "number", "Int64": "whole number"}.get(str(column.dtype), "text")

    return pd.DataFrame(
        [
            {
                "column": name,
                "label": column.title,
                "type": kind(column),
                "required": "yes" if not column.nullable else "no",
                "rule": allowed(column) + ("; unique" if column.unique else ""),
                "description": column.description,
            }
            for name, column in (schema or SCHEMA).columns.items()
        ]
    )
