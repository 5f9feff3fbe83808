"""The ROI model's inputs, defined once (``docs/roi-model.md``, "Inputs").

Every other place that names an input is derived from :data:`FIELDS`: the ``Assumptions``
dataclass and its checks (``mmedlearn.roi``), the command-line flags, the defaults file, the
ROI calculator's controls, the in-page explorer's parameters and the sensitivity list.
This module imports nothing heavier than the standard library, so that reading a settings
file never pulls in the chart or widget code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf
#: The largest amount of money any input may hold: far above any salary or fee in any
#: currency (UGX salaries are tens of millions), far below what would overflow the model.
MAX_AMOUNT = 1e12


class FieldError(ValueError):
    """An input of the model is wrong. The field (and, for a table, the row) are data:
    callers read ``error.field`` and ``error.reason``, never the message text.

    >>> error = FieldError("tax_rate", "must be ≥ 0 and < 1; got 1.3")
    >>> error.field, str(error)
    ('tax_rate', 'tax_rate: must be ≥ 0 and < 1; got 1.3')
    """

    def __init__(self, field: str, reason: str, row=None):
        self.field, self.reason, self.row = field, reason, row
        where = "" if row is None else f" (row {row!r})"
        super().__init__(f"{field}: {reason}{where}")


@dataclass(frozen=True)
class Field:
    """One input: what it means, its valid range and how a control offers it.

    ``default`` is None for the four inputs every scenario must state. ``slider`` is
    (min, max, step) of the explorer's and calculator's control; it lies inside the valid
    range. ``kind`` says how a value is shown: money, rate (as a percentage), probability,
    years or count. ``sensitivity`` marks the inputs a tornado chart moves by default.
    """

    name: str
    label: str
    default: float | None
    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    slider: tuple[float, float, float]
    kind: str
    integer: bool = False
    sensitivity: bool = True

    @property
    def required(self) -> bool:
        return self.default is None

    def allowed(self) -> str:
        """The valid range in words, as the error messages give it."""
        left = "≥" if self.low_inclusive else ">"
        right = "≤" if self.high_inclusive else "<"
        whole = "a whole number " if self.integer else ""
        if math.isinf(self.high):
            return f"{whole}{left} {self.low:g}"
        return f"{whole}{left} {self.low:g} and {right} {_plain(self.high)}"

    def accepts(self, value: float) -> bool:
        """Whether one number lies in the valid range (the model's own cross-field rules,
        such as the horizon outlasting the programme, are checked by ``mmedlearn.roi``)."""
        if not math.isfinite(value):
            return False
        above = value >= self.low if self.low_inclusive else value > self.low
        below = value <= self.high if self.high_inclusive else value < self.high
        return above and below and (not self.integer or value == int(value))

    def format(self, value: float) -> str:
        """The value as a reader sees it: rates and probabilities as percentages, money with
        separators, years and counts as plain numbers.

        >>> FIELDS["tax_rate"].format(0.3), FIELDS["post_salary"].format(53750.0)
        ('30 %', '53,750')
        """
        if self.kind in ("rate", "probability"):
            return f"{value * 100:.4g} %"
        if self.kind == "money":
            return f"{value:,.0f}"
        return f"{value:g}"

    def format_with_unit(self, value: float, currency: str) -> str:
        """:meth:`format` with the unit the ROI explorer writes beside its box: the currency
        for money, "years" for a length of time.

        >>> FIELDS["one_off_fees"].format_with_unit(2000.0, "USD")
        '2,000 USD'
        >>> FIELDS["duration_years"].format_with_unit(3, "USD")
        '3 years'
        """
        unit = {"money": f" {currency}", "years": " years"}.get(self.kind, "")
        return self.format(value) + unit

    def check(self, value) -> float | int:
        """The value as a float (an int for whole-number fields), or a :class:`FieldError`."""
        if isinstance(value, bool) or (
            not isinstance(value, (int, float)) and not _is_numpy_number(value)
        ):
            raise FieldError(self.name, f"must be a number, {self.allowed()}; got {value!r}")
        try:
            number = float(value)
        except OverflowError:
            raise FieldError(
                self.name, f"must be {self.allowed()}; got a number too large to use"
            ) from None
        if not self.accepts(number):
            raise FieldError(self.name, f"must be {self.allowed()}; got {number:g}")
        return int(number) if self.integer else number


def _plain(number: float) -> str:
    """A bound as a reader writes it: 10, 0.5, 1,000,000,000,000 (not 1e+12)."""
    return f"{number:,.0f}" if abs(number) >= 1e6 else f"{number:g}"


def _is_numpy_number(value) -> bool:
    kind = type(value).__module__
    return kind == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"


def _field(name, label, default, low, high, inclusive, slider, kind, **options) -> Field:
    return Field(
        name,
        label,
        default,
        low,
        high,
        inclusive[0] == "[",
        inclusive[1] == "]",
        slider,
        kind,
        **options,
    )


# Ranges are those of docs/roi-model.md; "[)" means low allowed, high not. Slider steps are at
# least as fine as 0.25 years, 500 in money, 0.005 in rates and 0.01 in probabilities; the
# horizon slider starts at 11 so that it outlasts the longest programme (10 years). The last
# three rows are version 3 (the wait before specialist pay, and bonded service).
# fmt: off
_TABLE = (
    #      name                     label                                      default  low  high        bounds  slider                kind
    _field("duration_years",         "Programme length (years)",               None,    0,   10,         "(]",   (0.25, 10, 0.25),     "years"),
    _field("tuition_per_year",       "Tuition and fees a year",                None,    0,   MAX_AMOUNT, "[]",   (0, 200_000, 500),    "money"),
    _field("one_off_fees",           "One-off fees (year 1)",                  0.0,     0,   MAX_AMOUNT, "[]",   (0, 50_000, 500),     "money"),
    _field("extra_costs_per_year",   "Extra costs of studying a year",         0.0,     0,   MAX_AMOUNT, "[]",   (0, 100_000, 500),    "money"),
    _field("baseline_salary",        "Salary without the degree",              None,    0,   MAX_AMOUNT, "[]",   (0, 500_000, 500),    "money"),
    _field("baseline_growth",        "Growth of salary without the degree",    0.0,     -0.5, 0.5,       "()",   (-0.05, 0.1, 0.005),  "rate"),
    _field("study_income",           "Income while studying",                  0.0,     0,   MAX_AMOUNT, "[]",   (0, 500_000, 500),    "money"),
    _field("post_salary",            "Salary after the degree",                None,    0,   MAX_AMOUNT, "[]",   (0, 500_000, 500),    "money"),
    _field("post_growth",            "Growth of salary after the degree",      0.0,     -0.5, 0.5,       "()",   (-0.05, 0.1, 0.005),  "rate"),
    _field("horizon_years",          "Years counted",                          30,      1,   60,         "[]",   (11, 60, 1),          "count", integer=True, sensitivity=False),
    _field("discount_rate",          "Real discount rate",                     0.03,    -0.5, 1,         "()",   (0, 0.15, 0.005),     "rate"),
    _field("tax_rate",               "Tax on earnings",                        0.0,     0,   1,          "[)",   (0, 0.6, 0.005),      "rate"),
    _field("completion_probability", "Chance of finishing",                    1.0,     0,   1,          "(]",   (0.05, 1, 0.01),      "probability"),
    _field("dropout_year",           "If not finishing: years spent before leaving", 1, 1,   10,         "[]",   (1, 10, 1),           "count", integer=True),
    _field("loan_share",             "Share of tuition borrowed",              0.0,     0,   1,          "[]",   (0, 1, 0.01),         "probability"),
    _field("loan_rate",              "Loan interest a year",                   0.0,     0,   1,          "[)",   (0, 0.2, 0.005),      "rate"),
    _field("loan_term_years",        "Loan repayment (years)",                 10,      1,   INF,        "[)",   (1, 30, 1),           "count", integer=True, sensitivity=False),
    _field("wait_years",             "Years after the degree before specialist pay", 0, 0,   10,         "[]",   (0, 10, 1),           "years", integer=True),
    _field("bond_years",             "Years of bonded service",                0,       0,   20,         "[]",   (0, 20, 1),           "years", integer=True),
    _field("bond_salary",            "Salary during bonded service",           0.0,     0,   MAX_AMOUNT, "[]",   (0, 500_000, 500),    "money"),
)
# fmt: on

#: Every input of the model, by name, in the order controls and tables show them.
FIELDS: dict[str, Field] = {field.name: field for field in _TABLE}
FIELD_NAMES = tuple(FIELDS)
REQUIRED_FIELDS = tuple(name for name, field in FIELDS.items() if field.required)
INTEGER_FIELDS = tuple(name for name, field in FIELDS.items() if field.integer)
#: What a tornado chart moves and a simulation may draw: every money amount, rate and
#: probability, the programme's length and the year a non-finisher leaves.
SENSITIVITY_FIELDS = tuple(name for name, field in FIELDS.items() if field.sensitivity)
#: The longest horizon the model accepts (the in-page explorer lays out this many years).
MAX_HORIZON = int(FIELDS["horizon_years"].high)
