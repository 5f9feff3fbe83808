"""The MMed return-on-investment model of ``docs/roi-model.md`` (version 3), as pure NumPy.

Conventions (as in Excel's NPV and the FREOPP and Georgetown CEW studies):

* Years t = 1 … H; year 1 is the first year of study. All money is annual and real
  (today's money) in one currency.
* Every flow of year t happens at the end of that year and is discounted by (1 + r)^t.
  (numpy-financial's ``npv`` discounts its first value by (1 + r)^0; our NPV equals
  ``npf.npv(r, [0, *flows])``.)
* The flow of year t is the *difference* between the degree path and the same person's
  path without the degree: ``(1 - tax)(degree earnings - baseline earnings) - costs - loan payment``,
  in expectation over finishing (probability p) and leaving after year ``dropout_year``.

The per-year arithmetic is defined once, in :mod:`mmedlearn.model`, which evaluates it with
NumPy for every scenario of a table at once and also writes it as the page's JavaScript.
:func:`evaluate` is that core on a single scenario, so the two agree by construction and the
tests hold both against hand-worked examples, numpy-financial and ``tests/roi_reference.py``.

Worked example (checked by hand): one year of study costing 10,000 with no income, instead
of earning 50,000; then 60,000 a year instead of 50,000; three years, no discounting.

>>> result = evaluate(Assumptions(duration_years=1, tuition_per_year=10_000,
...     baseline_salary=50_000, post_salary=60_000, horizon_years=3, discount_rate=0))
>>> result.cashflows["net_flow"].tolist()
[-60000.0, 10000.0, 10000.0]
>>> result.npv, result.breakeven_year, result.total_cost
(-40000.0, None, 60000.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, make_dataclass
from dataclasses import field as dataclass_field

import numpy as np
import pandas as pd

from mmedlearn import model
from mmedlearn.fields import (
    FIELD_NAMES,
    FIELDS,
    SENSITIVITY_FIELDS,
    Field,
    FieldError,
)
from mmedlearn.model import BISECTION_STEPS, IRR_BRACKET


def _valid(field: Field, values: np.ndarray) -> np.ndarray:
    """Field.accepts over an array."""
    ok = np.isfinite(values)
    ok &= values >= field.low if field.low_inclusive else values > field.low
    ok &= values <= field.high if field.high_inclusive else values < field.high
    if field.integer:
        ok &= np.mod(values, 1) == 0
    return ok


def _check(name: str, values, rows: Sequence | None = None) -> np.ndarray:
    """Values of one field as floats, or a FieldError naming the field, its range and the row."""
    field = FIELDS[name]
    try:
        given = np.asarray(values)
    except (TypeError, ValueError, OverflowError):
        raise FieldError(name, f"must be a number, {field.allowed()}; got {values!r}") from None
    if given.ndim > 1:
        raise FieldError(
            name, f"must be one value per scenario; got an array of shape {given.shape}"
        )
    if given.dtype.kind not in "iuf":  # not text, booleans, complex or mixed objects, converted
        raise FieldError(name, f"must be a number, {field.allowed()}; got {values!r}")
    with np.errstate(over="ignore"):
        array = given.astype(float, copy=False).reshape(-1)  # no copy of a float column
    bad = ~_valid(field, array)
    if bad.any():
        index = int(np.argmax(bad))
        raise FieldError(
            name,
            f"must be {field.allowed()}; got {array[index]:g}",
            _row(rows, index),
        )
    return array


def _row(rows: Sequence | None, index: int):
    """The label of the row at ``index`` as a plain Python value (a table's index holds
    NumPy scalars), or None without rows."""
    if rows is None:
        return None
    label = rows[index]
    return label.item() if isinstance(label, np.generic) else label


def last_dropout_year(duration_years):
    """The latest ``dropout_year`` a programme of this length allows: max(1, floor(D))."""
    return np.maximum(1, np.floor(duration_years))


def _check_across(columns: dict[str, np.ndarray], rows: Sequence | None = None) -> None:
    """The rules that join two fields: the horizon outlasts study; dropout happens during it."""
    duration = columns["duration_years"]
    rules = (
        (
            "horizon_years",
            columns["horizon_years"] > np.ceil(duration),
            lambda i: (
                f"must be more than the programme's last year, ceil(duration_years) = "
                f"{np.ceil(duration[i]):g}; got {columns['horizon_years'][i]:g}"
            ),
        ),
        (
            "dropout_year",
            columns["dropout_year"] <= last_dropout_year(duration),
            lambda i: (
                f"must be at most max(1, floor(duration_years)) = {last_dropout_year(duration[i]):g}, "
                f"the programme's last full year; got {columns['dropout_year'][i]:g}"
            ),
        ),
    )
    for name, ok, reason in rules:
        if not ok.all():
            index = int(np.argmin(ok))
            raise FieldError(name, reason(index), _row(rows, index))


def _check_assumptions(self) -> None:
    for name, spec in FIELDS.items():
        object.__setattr__(self, name, spec.check(getattr(self, name)))
    _check_across({name: np.array([float(getattr(self, name))]) for name in FIELD_NAMES})


def _replace(self, **changes) -> Assumptions:
    """A copy with some fields changed (and checked again)."""
    return Assumptions(**{**asdict(self), **changes})


Assumptions = make_dataclass(
    "Assumptions",
    [
        (name, float if not field.integer else int)
        if field.required
        else (name, int if field.integer else float, dataclass_field(default=field.default))
        for name, field in FIELDS.items()
    ],
    namespace={"__post_init__": _check_assumptions, "replace": _replace, "__module__": __name__},
    frozen=True,
    kw_only=True,
)
Assumptions.__doc__ = """One physician's scenario: one keyword per field of ``mmedlearn.fields.FIELDS``.

Every value is checked on construction: an invalid one raises ``FieldError`` (a
``ValueError``) naming the field and its allowed range; nothing is clipped.

>>> Assumptions(duration_years=3, tuition_per_year=-1, baseline_salary=1, post_salary=1)
Traceback (most recent call last):
...
mmedlearn.fields.FieldError: tuition_per_year: must be ≥ 0 and ≤ 1,000,000,000,000; got -1
"""


def _as_columns(table) -> tuple[dict[str, np.ndarray], list]:
    """A DataFrame or mapping of arrays as checked float columns; missing optional ones
    take the defaults, a missing required one is an error naming it."""
    if isinstance(table, pd.DataFrame):
        rows = table.index  # not a list: a million labels as Python objects cost 36 MB
        source = {name: table[name].to_numpy() for name in table.columns}
    elif isinstance(table, Mapping):
        source = {name: np.asarray(values) for name, values in table.items()}
        lengths = {len(values) for values in source.values()}
        if len(lengths) > 1:
            raise ValueError(f"table: columns differ in length ({sorted(lengths)})")
        rows = range(lengths.pop() if lengths else 0)
    else:
        raise TypeError("table must be a DataFrame or a mapping of field name to values")
    unknown = sorted(set(source) - set(FIELD_NAMES))
    if unknown:
        raise FieldError(unknown[0], f"unknown field; known: {', '.join(FIELD_NAMES)}")
    columns = {}
    for name, spec in FIELDS.items():
        if name in source:
            columns[name] = _check(name, source[name], rows)
        elif spec.required:
            raise FieldError(name, "required, but the table has no such column")
        else:
            # One number seen as a column (no memory per scenario); never written to.
            columns[name] = np.broadcast_to(float(spec.default), (len(rows),))
    _check_across(columns, rows)
    return columns, rows


def _flows(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every term of docs/roi-model.md for n scenarios, from the one definition in
    ``mmedlearn.model``: yearly terms of shape (n, max H), scenario terms of shape (n,)."""
    return model.evaluate_columns(columns)


def _sign_changes(flows: np.ndarray) -> np.ndarray:
    """Sign changes between consecutive non-zero flows of each row."""
    signs = np.sign(flows)
    positions = np.arange(flows.shape[1])
    last_nonzero = np.maximum.accumulate(np.where(signs != 0, positions, -1), axis=1)
    previous = np.concatenate([np.full((len(flows), 1), -1), last_nonzero[:, :-1]], axis=1)
    previous_sign = np.where(
        previous >= 0, np.take_along_axis(signs, np.maximum(previous, 0), axis=1), 0
    )
    return ((signs != 0) & (previous_sign != 0) & (signs != previous_sign)).sum(axis=1)


def _npv_at_log_rates(flows_by_year: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Σ flows_t · e^(−u·t) by Horner's rule, where u = ln(1 + rate).

    ``flows_by_year`` is (years, scenarios): each year's row is contiguous, which keeps
    the loop over years fast.
    """
    x = np.exp(-u)
    total = np.zeros(flows_by_year.shape[1])
    for year_flows in flows_by_year[::-1]:
        total += year_flows
        total *= x
    return total


def _irr(flows: np.ndarray, iterations: int = 100, tolerance: float = 1e-13) -> np.ndarray:
    """IRR per row where the non-zero flows change sign exactly once, else NaN.

    One sign change means exactly one rate makes the NPV zero (Descartes' rule), so a
    bracketed search cannot find a wrong root. The search runs on u = ln(1 + rate) over
    IRR_BRACKET, all rows stepping together: bisection first (the NPV spans dozens of orders
    of magnitude across the bracket, which stalls interpolation), then the Illinois variant
    of regula falsi, which keeps the root bracketed and converges superlinearly.
    """
    result = np.full(len(flows), np.nan)
    rows = np.flatnonzero(_sign_changes(flows) == 1)
    f = np.ascontiguousarray(flows[rows].T)
    lo = np.full(rows.size, math.log1p(IRR_BRACKET[0]))
    hi = np.full(rows.size, math.log1p(IRR_BRACKET[1]))
    f_lo, f_hi = _npv_at_log_rates(f, lo), _npv_at_log_rates(f, hi)
    inside = np.sign(f_lo) != np.sign(f_hi)  # else the root lies beyond the bracket
    for _ in range(BISECTION_STEPS):
        middle = (lo + hi) / 2
        f_middle = _npv_at_log_rates(f, middle)
        lower = np.sign(f_middle) == np.sign(f_lo)
        lo, f_lo = np.where(lower, middle, lo), np.where(lower, f_middle, f_lo)
        hi, f_hi = np.where(lower, hi, middle), np.where(lower, f_hi, f_middle)
    guess = (lo + hi) / 2
    active = inside.copy()
    kept_hi_before = np.zeros(rows.size, dtype=bool)
    kept_lo_before = np.zeros(rows.size, dtype=bool)
    for _ in range(iterations):
        if not active.any():
            break
        with np.errstate(invalid="ignore", divide="ignore"):
            new = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        new = np.where(active & np.isfinite(new), new, guess)
        f_new = _npv_at_log_rates(f, new)
        replaces_lo = active & (np.sign(f_new) == np.sign(f_lo))
        replaces_hi = active & ~replaces_lo
        # Illinois: when the same end survives twice, halve its value so the bracket shrinks.
        f_hi = np.where(replaces_lo & kept_hi_before, f_hi / 2, f_hi)
        f_lo = np.where(replaces_hi & kept_lo_before, f_lo / 2, f_lo)
        lo, f_lo = np.where(replaces_lo, new, lo), np.where(replaces_lo, f_new, f_lo)
        hi, f_hi = np.where(replaces_hi, new, hi), np.where(replaces_hi, f_new, f_hi)
        kept_hi_before, kept_lo_before = replaces_lo, replaces_hi
        active &= ~((np.abs(new - guess) < tolerance) | (f_new == 0) | (hi - lo < tolerance))
        guess = np.where(replaces_lo | replaces_hi, new, guess)
    result[rows[inside]] = np.expm1(guess[inside])
    return result


@dataclass(frozen=True)
class Result:
    """What :func:`evaluate` reports for one scenario."""

    assumptions: Assumptions
    cashflows: pd.DataFrame = field(repr=False)
    npv: float
    irr: float | None
    breakeven_year: int | None
    payback_year: int | None
    total_cost: float
    #: The salary after the degree at which the NPV is 0 (version 3); 0 when the degree pays
    #: back at any salary, None when no specialist pay falls within the horizon.
    breakeven_post_salary: float | None = None

    def npv_at(self, horizon: int) -> float:
        """NPV counting years 1 … horizon only (Georgetown CEW reports 10, 15, 20, 30, 40)."""
        if not (
            isinstance(horizon, (int, np.integer))
            and 1 <= horizon <= self.assumptions.horizon_years
        ):
            raise ValueError(
                f"horizon: must be a whole number from 1 to horizon_years "
                f"({self.assumptions.horizon_years}); got {horizon!r}"
            )
        return float(self.cashflows["cumulative_discounted"].iloc[horizon - 1])


CASHFLOW_COLUMNS = ["year", *model.CASHFLOW_TERMS]
SUMMARY_COLUMNS = (
    "npv",
    "irr",
    "breakeven_year",
    "payback_year",
    "total_cost",
    "breakeven_post_salary",
)


def _summaries(flows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {
        **{name: flows[name] for name in model.SUMMARY_TERMS},
        "irr": _irr(np.where(flows["within"], flows["net_flow"], 0.0)),
    }


def evaluate(assumptions: Assumptions) -> Result:
    """The model for one scenario: yearly cash flows and their summaries.

    Fractional programme (1.5 years): year 2 is half study, half post-degree work.

    >>> r = evaluate(Assumptions(duration_years=1.5, tuition_per_year=10_000,
    ...     baseline_salary=50_000, post_salary=60_000, horizon_years=3, discount_rate=0))
    >>> r.cashflows["net_flow"].tolist()
    [-60000.0, -25000.0, 10000.0]

    Half the candidates leave after year 1 (then earn the baseline again):

    >>> r = evaluate(Assumptions(duration_years=1, tuition_per_year=10_000, baseline_salary=50_000,
    ...     post_salary=60_000, horizon_years=3, discount_rate=0, completion_probability=0.5))
    >>> r.cashflows["net_flow"].tolist(), r.npv
    ([-60000.0, 5000.0, 5000.0], -50000.0)

    A year's wait on the old salary, then specialist pay: break-even at 10,000 / 0.5 more.

    >>> r = evaluate(Assumptions(duration_years=1, tuition_per_year=10_000, baseline_salary=50_000,
    ...     post_salary=60_000, horizon_years=3, discount_rate=0, wait_years=1))
    >>> r.cashflows["net_flow"].tolist(), r.breakeven_post_salary
    ([-60000.0, 0.0, 10000.0], 110000.0)
    """
    columns = {name: np.array([float(getattr(assumptions, name))]) for name in FIELD_NAMES}
    flows = _flows(columns)
    summary = _summaries(flows)
    horizon = assumptions.horizon_years
    cashflows = pd.DataFrame({name: flows[name][0, :horizon] for name in CASHFLOW_COLUMNS})
    cashflows["year"] = cashflows["year"].astype(int)
    irr = float(summary["irr"][0])
    breakeven_salary = float(summary["breakeven_post_salary"][0])

    def year(value) -> int | None:
        return int(value[0]) or None

    return Result(
        assumptions=assumptions,
        cashflows=cashflows,
        npv=float(summary["npv"][0]),
        irr=None if math.isnan(irr) else irr,
        breakeven_year=year(summary["breakeven_year"]),
        payback_year=year(summary["payback_year"]),
        total_cost=float(summary["total_cost"][0]),
        breakeven_post_salary=None if math.isnan(breakeven_salary) else breakeven_salary,
    )


def breakeven_salary_words(result: Result, currency: str = "") -> str:
    """The break-even salary after the degree as a reader reads it (command, calculator).

    >>> r = evaluate(Assumptions(duration_years=1, tuition_per_year=10_000, baseline_salary=50_000,
    ...     post_salary=60_000, horizon_years=3, discount_rate=0, wait_years=1))
    >>> breakeven_salary_words(r, "USD")
    '110,000 USD a year (you entered 60,000 USD)'
    """
    unit = f" {currency}" if currency else ""
    value = result.breakeven_post_salary
    if value is None:
        return "none: no specialist pay falls within the years counted"
    if value == 0:
        return "any: the degree pays back even with no salary after it"
    entered = result.assumptions.post_salary
    return f"{value:,.0f}{unit} a year (you entered {entered:,.0f}{unit})"


#: Scenarios are evaluated this many at a time, so memory stays bounded (tens of MB at
#: horizon 60) whatever the number of scenarios.
CHUNK = 20_000


def _npv_many(columns: dict[str, np.ndarray]) -> np.ndarray:
    """NPV only, chunk by chunk (what the simulation needs)."""
    n = len(columns["duration_years"])
    return np.concatenate(
        [
            model.evaluate_columns(
                {name: values[start : start + CHUNK] for name, values in columns.items()}, ["npv"]
            )["npv"]
            for start in range(0, n, CHUNK)
        ]
    )


def evaluate_many(table) -> pd.DataFrame:
    """The model over many scenarios at once: one column per field (missing optional ones take
    the defaults), one row per scenario. Returns ``npv``, ``irr`` (missing where not reported),
    ``breakeven_year`` and ``payback_year`` (missing where never), ``total_cost`` and
    ``breakeven_post_salary`` (missing where no specialist pay falls within the horizon).
    Works through the scenarios CHUNK at a time, so a million stay within bounded memory.

    >>> evaluate_many({"duration_years": [1, 1], "tuition_per_year": [10_000, 0],
    ...                "baseline_salary": [50_000, 50_000], "post_salary": [60_000, 60_000],
    ...                "horizon_years": [3, 3], "discount_rate": [0, 0]})[["npv", "payback_year"]]
           npv  payback_year
    0 -40000.0          <NA>
    1 -30000.0          <NA>
    """
    columns, rows = _as_columns(table)
    if len(rows) == 0:
        return pd.DataFrame({name: [] for name in SUMMARY_COLUMNS})
    parts = []
    for start in range(0, len(rows), CHUNK):
        chunk = {name: values[start : start + CHUNK] for name, values in columns.items()}
        parts.append(_summaries(_flows(chunk)))
    summary = {name: np.concatenate([part[name] for part in parts]) for name in SUMMARY_COLUMNS}
    index = table.index if isinstance(table, pd.DataFrame) else None

    def year_or_missing(years: np.ndarray) -> pd.arrays.IntegerArray:
        return pd.array(np.where(years > 0, years, np.nan), dtype="Int64")

    return pd.DataFrame(
        {
            "npv": summary["npv"],
            "irr": pd.array(summary["irr"], dtype="Float64"),  # NaN (not reported) becomes <NA>
            "breakeven_year": year_or_missing(summary["breakeven_year"]),
            "payback_year": year_or_missing(summary["payback_year"]),
            "total_cost": summary["total_cost"],
            "breakeven_post_salary": pd.array(summary["breakeven_post_salary"], dtype="Float64"),
        },
        index=index,
    )


def _nearest_valid(name: str, value: float, base: Mapping[str, float]) -> float:
    """The closest value the field accepts in this scenario: within its own range (an open
    bound is approached, not reached), a whole number for whole-number fields, and within
    the rules that join it to the other fields as they stand in ``base``."""
    spec = FIELDS[name]
    step = 1e-9 * max(1.0, abs(value))
    low = spec.low if spec.low_inclusive else spec.low + step
    high = spec.high if spec.high_inclusive else spec.high - step
    if name == "duration_years":  # the horizon outlasts study; dropout happens during it
        low = max(low, base["dropout_year"] if base["dropout_year"] > 1 else low)
        high = min(high, base["horizon_years"] - 1)
    if name == "dropout_year":
        high = min(high, float(last_dropout_year(base["duration_years"])))
    value = min(max(value, low), high)
    return float(round(value)) if spec.integer else float(value)


def _field_names(names, what: str) -> list[str]:
    """Names from SENSITIVITY_FIELDS, or a FieldError naming the first that is not one."""
    if isinstance(names, str) or not isinstance(names, (Sequence, Mapping)):
        raise FieldError(
            what,
            f"must be a list of field names from {', '.join(SENSITIVITY_FIELDS)}; got {names!r}",
        )
    if not names:
        raise FieldError(what, "name at least one field")
    unknown = [name for name in names if name not in SENSITIVITY_FIELDS]
    if unknown:
        raise FieldError(
            what, f"cannot vary {unknown[0]!r}; choose from {', '.join(SENSITIVITY_FIELDS)}"
        )
    return list(names)


def sensitivity(
    assumptions: Assumptions, spread: float = 0.2, fields: Sequence[str] = SENSITIVITY_FIELDS
) -> pd.DataFrame:
    """NPV when each field alone moves by ±spread of its value: the data of a tornado chart.

    A move that would leave the field's valid range stops at its edge, and a whole-number
    field (``dropout_year``) moves to the nearest whole number; the table shows the values
    actually used (``low_value``, ``high_value``). A field at 0 does not move.
    Sorted by ``swing`` = |npv_high − npv_low|, largest first.

    >>> a = Assumptions(duration_years=2, tuition_per_year=10_000, baseline_salary=50_000,
    ...                 post_salary=70_000)
    >>> sensitivity(a, fields=["tuition_per_year", "post_salary"])["field"].tolist()
    ['post_salary', 'tuition_per_year']
    """
    if isinstance(spread, bool) or not (isinstance(spread, (int, float)) and 0 < spread < 1):
        raise FieldError("spread", f"must be > 0 and < 1; got {spread!r}")
    fields = _field_names(fields, "fields")
    base = asdict(assumptions)
    moves = []
    for name in fields:
        for factor in (1 - spread, 1 + spread):
            moves.append({**base, name: _nearest_valid(name, base[name] * factor, base)})
    npv = evaluate_many(pd.DataFrame(moves))["npv"].to_numpy().reshape(len(fields), 2)
    values = np.array(
        [[m[name] for m in moves[2 * i : 2 * i + 2]] for i, name in enumerate(fields)]
    )
    table = pd.DataFrame(
        {
            "field": fields,
            "label": [FIELDS[name].label for name in fields],
            "base_value": [base[name] for name in fields],
            "low_value": values[:, 0],
            "high_value": values[:, 1],
            "npv_low": npv[:, 0],
            "npv_high": npv[:, 1],
        }
    )
    table["swing"] = (table["npv_high"] - table["npv_low"]).abs()
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo results: the draws, their NPVs, and summaries."""

    draws: pd.DataFrame = field(repr=False)
    npv: np.ndarray = field(repr=False)
    percentiles: dict[int, float]
    probability_positive: float


#: The most draws :func:`simulate` takes (evaluated CHUNK at a time).
MAX_DRAWS = 1_000_000


def _bounds(name: str, bounds) -> tuple[float, ...]:
    """A range as (low, high) or (low, most_likely, high), checked against the field."""
    if (
        isinstance(bounds, (str, bytes))
        or not isinstance(bounds, Sequence)
        or len(bounds) not in (2, 3)
    ):
        raise FieldError(
            name, f"a range is (low, high) or (low, most_likely, high); got {bounds!r}"
        )
    numbers = tuple(FIELDS[name].check(bound) for bound in bounds)
    if list(numbers) != sorted(numbers) or numbers[0] == numbers[-1]:
        raise FieldError(
            name,
            f"a range is (low, high) or (low, most_likely, high) in increasing "
            f"order with low < high; got {bounds!r}",
        )
    return tuple(float(number) for number in numbers)


def simulate(
    assumptions: Assumptions, ranges: Mapping[str, Sequence[float]], n: int = 10_000, seed: int = 0
) -> Simulation:
    """NPV under uncertainty: each field in ``ranges`` is drawn independently, uniformly from
    ``(low, high)`` or triangularly from ``(low, most_likely, high)``; the others keep their
    values. A whole-number field (``dropout_year``) is drawn as a whole number (each value of
    low … high equally likely, or the triangular draw rounded); where the programme's drawn
    length leaves fewer full years than the drawn ``dropout_year``, the candidate leaves in
    the last full year. Same seed, same numbers.

    >>> a = Assumptions(duration_years=3, tuition_per_year=5_000, baseline_salary=40_000,
    ...                 post_salary=60_000)
    >>> s = simulate(a, {"post_salary": (45_000, 60_000, 80_000)}, n=1_000, seed=1)
    >>> s.probability_positive == simulate(a, {"post_salary": (45_000, 60_000, 80_000)},
    ...                                    n=1_000, seed=1).probability_positive
    True
    """
    if isinstance(n, bool) or not (isinstance(n, (int, np.integer)) and 1 <= n <= MAX_DRAWS):
        raise FieldError("n", f"must be a whole number from 1 to {MAX_DRAWS:,}; got {n!r}")
    if isinstance(seed, bool) or not (isinstance(seed, (int, np.integer)) and seed >= 0):
        raise FieldError("seed", f"must be a whole number ≥ 0; got {seed!r}")
    if not isinstance(ranges, Mapping):
        raise FieldError(
            "ranges",
            f"must map field names to ranges, e.g. "
            f"{{'post_salary': (45_000, 80_000)}}; got {ranges!r}",
        )
    checked = {
        name: _bounds(name, bounds)
        for name, bounds in zip(_field_names(list(ranges), "ranges"), ranges.values(), strict=False)
    }
    rng = np.random.default_rng(seed)
    columns = {name: np.full(n, float(value)) for name, value in asdict(assumptions).items()}
    for name, bounds in checked.items():
        if FIELDS[name].integer and len(bounds) == 2:
            columns[name] = rng.integers(int(bounds[0]), int(bounds[1]), n, endpoint=True).astype(
                float
            )
            continue
        draws = (
            rng.uniform(bounds[0], bounds[1], n)
            if len(bounds) == 2
            else rng.triangular(bounds[0], bounds[1], bounds[2], n)
        )
        columns[name] = np.round(draws) if FIELDS[name].integer else draws
    columns["dropout_year"] = np.minimum(
        columns["dropout_year"], last_dropout_year(columns["duration_years"])
    )
    draws = pd.DataFrame(columns)
    npv = _npv_many(_as_columns(draws)[0])
    return Simulation(
        draws=draws,
        npv=npv,
        percentiles={q: float(np.percentile(npv, q)) for q in (5, 50, 95)},
        probability_positive=float((npv > 0).mean()),
    )
