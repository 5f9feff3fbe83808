"""Filter and rank programmes: pure functions, tables in, tables out.

Unknown is never treated as good. A filter drops only the programmes *known* to fail it;
one whose value is unknown stays in and is flagged in the ``unknown`` column. In the
ranking an unknown criterion earns nothing (and is flagged), so a programme with no
published fee is never ranked as if it were free, and a programme ranks high only on
what its sources show.

Scoring method (stated in chapter 3 too):

1. Each criterion becomes a score from 0 (worst) to 1 (best) *within the compared set*:
   shorter typical duration (mean of minimum and maximum years) and lower annual tuition are
   better, scaled linearly between the set's best and worst; research intensity uses an
   ordinal scale of our own (none or examination only 0, research component 0.5, research
   project 0.75, dissertation or thesis 1), where more research scores higher; a paid post
   scores 1, a post that depends on sponsorship 0.5, no paid post 0. When every programme
   has the same value, each gets 1.
2. The score is the weighted mean of the criteria scores with the reader's weights (0 leaves
   a criterion out), an unknown criterion counting 0. ``coverage`` is the share of the
   weight whose value was known.
3. Programmes are ranked by score, then coverage, then institution name.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from mmedlearn import compare_rule
from mmedlearn.compare_rule import (
    CATEGORY_COLUMNS,
    CRITERIA,
    FEE_AGE_LIMIT_YEARS,
    FLAGS,
    MAX_WEIGHT,
    NUMBER_COLUMNS,
    PAID_POST_SCORE,
    RESEARCH_INTENSITY,
)
from mmedlearn.fields import FieldError
from mmedlearn.paths import data_dir
from mmedlearn.problems import DataFileError, Problem

# The rule itself (what a filter keeps, how each criterion scores, what is flagged, the order)
# is written once, in mmedlearn.compare_rule; chapter 3's page runs the same steps.
_REEXPORTED = (CRITERIA, MAX_WEIGHT, RESEARCH_INTENSITY, PAID_POST_SCORE, FEE_AGE_LIMIT_YEARS)

#: The ranked table's columns for a reader; {currency} is filled in by :func:`result_labels`.
RANKED_COLUMNS = [
    "rank",
    "institution",
    "country",
    "programme",
    "duration_min_years",
    "duration_max_years",
    "research_requirement",
    "paid_post",
    "tuition_per_year",
    "fee_currency",
    "annual_cost",
    "score",
    "unknown",
]


def result_labels(currency: str) -> dict[str, str]:
    return {
        "rank": "Rank",
        "annual_cost": f"In {currency}",
        "score": "Score",
        "coverage": "Share known",
        "unknown": "Unknown (scores 0), or fee to check",
    }


def exchange_rates_path(path: str | os.PathLike[str] | None = None) -> os.PathLike[str] | str:
    """The exchange-rate file to read: the argument, else the shipped ``exchange_rates.csv``."""
    return data_dir() / "exchange_rates.csv" if path is None else path


def load_exchange_rates(path: str | os.PathLike[str] | None = None) -> pd.Series:
    """Units of each currency per euro, indexed by ISO code, from ``data/exchange_rates.csv``.

    Each rate keeps its own date and source (``attrs["rate_dates"]``, ``attrs["rate_sources"]``,
    by currency): rates from different publishers and days must never be shown under one
    date. ``attrs["rate_date"]`` is the newest of them. Say which rates a conversion used with
    :func:`rate_note`.

    >>> rates = load_exchange_rates()
    >>> float(rates["EUR"]), rates.attrs["rate_date"], rates.attrs["rate_dates"]["KES"]
    (1.0, '2026-10-30', '2025-07-24')
    """
    source = exchange_rates_path(path)
    try:
        with open(source, "rb") as file:
            data = file.read()
    except OSError as error:
        raise DataFileError(
            str(source), [Problem(f"cannot read the file ({error.strerror})")]
        ) from None
    from mmedlearn.schema import RATES_SCHEMA, validate_bytes  # pandera: only when rates are read

    table = validate_bytes(data, str(source), RATES_SCHEMA)
    rates = table.set_index("currency")["units_per_eur"].astype(float).rename_axis(None)
    rates.attrs["rate_date"] = table["rate_date"].max()
    rates.attrs["rate_dates"] = dict(zip(table["currency"], table["rate_date"], strict=True))
    rates.attrs["rate_sources"] = dict(zip(table["currency"], table["source"], strict=True))
    return rates


#: How much older than the newest rate a rate may be before its note warns (days).
STALE_RATE_DAYS = 365
NO_CONVERSION_NOTE = "none used (no fee was converted)"


def _rate_name(source: str) -> str:
    """What the note calls a rate: its source up to the first ", " (the publisher and the kind
    of rate; the address and how it was read follow, as the schema asks)."""
    return source.split(", ", 1)[0].strip()


def rate_groups(rates: pd.Series) -> list[tuple[str, tuple[str, ...]]]:
    """The rates grouped by name and date, each group as (how a note says it, its currencies).

    EUR is left out: it is 1 by definition, no rate is used for it. A group of one currency
    names it; a group dated more than :data:`STALE_RATE_DAYS` before the newest
    rate says so. The in-page explorers receive these phrases, so they say exactly what
    :func:`rate_note` says.

    >>> rates = pd.Series({"EUR": 1.0, "USD": 1.1, "ZAR": 18.6, "KES": 152.2})
    >>> rates.attrs = {"rate_dates": {"USD": "2026-10-30", "ZAR": "2026-10-30", "KES": "2025-07-24"},
    ...     "rate_sources": {"USD": "ECB rates, https://x", "ZAR": "ECB rates, https://x",
    ...                      "KES": "CBK indicative rate, https://y"}}
    >>> rate_groups(rates)  # doctest: +NORMALIZE_WHITESPACE
    [('ECB rates, 2026-10-30', ('USD', 'ZAR')),
     ('CBK indicative rate for KES, 2025-07-24, over a year old',
      ('KES',))]
    """
    dates = rates.attrs.get("rate_dates", {})
    sources = rates.attrs.get("rate_sources", {})
    groups: dict[tuple[str, str], list[str]] = {}
    for code in rates.index:
        if code == "EUR":
            continue
        date = str(dates.get(code, rates.attrs.get("rate_date", "")))
        name = _rate_name(str(sources.get(code, ""))) or "rates"
        groups.setdefault((name, date), []).append(str(code))
    known = [pd.Timestamp(date) for _, date in groups if date]
    newest = max(known, default=None)
    out = []
    for (name, date), codes in groups.items():
        named = f"{name} for {codes[0]}" if len(codes) == 1 else name
        phrase = f"{named}, {date}" if date else f"{named}, undated"
        if date and (newest - pd.Timestamp(date)).days > STALE_RATE_DAYS:
            phrase += ", over a year old"
        out.append((phrase, tuple(codes)))
    return out


def fee_age_years(programme) -> int | None:
    """Years between a programme's fee year and the year its sources were read; None if either
    is missing."""
    year, read = programme.get("fee_year"), programme.get("sources_read")
    if year is None or pd.isna(year) or read is None or pd.isna(read):
        return None
    return int(str(read)[:4]) - int(year)


def rates_used(currency: str, fee_currencies, rates: pd.Series) -> set[str]:
    """The currencies whose rates convert fees in ``fee_currencies`` to ``currency``: none if
    no fee changes currency (or none has a rate); otherwise both ends, EUR excepted.

    >>> rates = pd.Series({"EUR": 1.0, "USD": 1.1, "KES": 152.2})
    >>> sorted(rates_used("EUR", ["KES", "EUR", "TZS"], rates)), rates_used("USD", ["USD"], rates)
    (['KES'], set())
    """
    converted = {
        c for c in fee_currencies if isinstance(c, str) and c != currency and c in rates.index
    }
    return (converted | {currency}) - {"EUR"} if converted else set()


def rate_note(rates: pd.Series, currencies) -> str:
    """Which rates, of which dates, ``currencies`` (see :func:`rates_used`) were converted
    with: the one wording of a conversion's rates, wherever amounts are converted.

    >>> rates = pd.Series({"EUR": 1.0, "ZAR": 18.6, "KES": 152.2})
    >>> rates.attrs = {"rate_dates": {"ZAR": "2026-10-30", "KES": "2025-07-24"},
    ...     "rate_sources": {"ZAR": "ECB rates, https://x", "KES": "CBK indicative rate, https://y"}}
    >>> rate_note(rates, {"KES"})
    'CBK indicative rate for KES, 2025-07-24, over a year old'
    >>> rate_note(rates, {"ZAR", "KES"})
    'ECB rates for ZAR, 2026-10-30; CBK indicative rate for KES, 2025-07-24, over a year old'
    >>> rate_note(rates, set())
    'none used (no fee was converted)'
    """
    wanted = set(currencies)
    phrases = [phrase for phrase, codes in rate_groups(rates) if wanted & set(codes)]
    return "; ".join(phrases) or NO_CONVERSION_NOTE


def annual_cost(programs: pd.DataFrame, rates: pd.Series, currency: str) -> pd.Series:
    """Annual tuition converted to ``currency``; NaN where the fee or its rate is unknown.

    >>> rates = pd.Series({"EUR": 1.0, "ZAR": 20.0, "USD": 1.25})
    >>> t = pd.DataFrame({"tuition_per_year": [2000.0, 100.0, np.nan],
    ...                   "fee_currency": ["ZAR", "KES", "USD"]})
    >>> annual_cost(t, rates, "USD").tolist()
    [125.0, nan, nan]
    """
    _check_rates(rates, currency)
    per_eur = programs["fee_currency"].map(rates).astype(float)
    converted = programs["tuition_per_year"].astype(float) / per_eur * rates[currency]
    # A fee already in the target currency stays exactly as published.
    return converted.where(
        programs["fee_currency"] != currency, programs["tuition_per_year"].astype(float)
    )


def _check_rates(rates: pd.Series, currency: str) -> None:
    if currency not in rates.index:
        raise FieldError(
            "currency", f"no exchange rate for {currency!r}; known: {', '.join(rates.index)}"
        )
    usable = np.isfinite(rates.to_numpy(float)) & (rates.to_numpy(float) > 0)
    if not usable.all():  # an infinite rate would make a fee cost nothing
        raise FieldError(
            "rates", f"{', '.join(rates.index[~usable])} must be a finite number above 0"
        )


@dataclass(frozen=True)
class Filters:
    """What the reader rules out. Empty tuples and None mean "no limit".

    ``max_duration_years``: keep the programmes that can be finished within this many years,
    judged on the *longest* duration their sources report (the maximum, or the only figure
    given); a programme with no reported duration stays in and is flagged. ``countries``,
    ``specialties``, ``research``,
    ``delivery`` and ``paid_post`` keep the programmes whose answer is among those listed
    ("unknown" is an answer a reader may keep or drop).
    """

    countries: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
    max_duration_years: float | None = None
    research: tuple[str, ...] = ()
    paid_post: tuple[str, ...] = ()
    delivery: tuple[str, ...] = ()
    max_annual_cost: float | None = None
    currency: str = "USD"


@dataclass(frozen=True)
class Weights:
    """How much each criterion matters, from 0 (ignore) to 10."""

    duration: float = 1.0
    cost: float = 1.0
    research: float = 1.0
    paid_post: float = 1.0

    def __post_init__(self):
        for field in fields(self):
            value = getattr(self, field.name)
            if not (
                isinstance(value, (int, float))
                and math.isfinite(value)
                and 0 <= value <= MAX_WEIGHT
            ):
                raise FieldError(
                    field.name, f"weight must be a number from 0 to {MAX_WEIGHT}, got {value!r}"
                )
        if not any(getattr(self, name) for name in CRITERIA):
            raise FieldError("weights", "at least one weight must be above 0")


def typical_duration(programs: pd.DataFrame) -> pd.Series:
    return programs[["duration_min_years", "duration_max_years"]].mean(axis=1, skipna=True)


def longest_duration(programs: pd.DataFrame) -> pd.Series:
    """The longest time a programme may take by its sources: its maximum, or its only figure."""
    return programs["duration_max_years"].fillna(programs["duration_min_years"])


# ------------------------------------------------------------------ the rule, every row at once


@dataclass(frozen=True)
class Encoded:
    """A catalogue as the rule reads it (see :mod:`mmedlearn.compare_rule`): float64 number
    columns (NaN unknown) and category codes (``len(categories)`` for missing)."""

    n: int
    columns: dict[str, np.ndarray]
    categories: dict[str, list[str]]


def encode(programs: pd.DataFrame) -> Encoded:
    """The columns the rule reads; a column the table lacks is unknown on every row. The year
    the sources were read is the first four characters of ``sources_read``."""
    n = len(programs)
    columns: dict[str, np.ndarray] = {}
    for name in NUMBER_COLUMNS:
        if name == "read_year":
            columns[name] = _read_years(programs, n)
            continue
        values = programs[name] if name in programs else None
        columns[name] = (
            np.full(n, np.nan)
            if values is None
            else pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        )
    categories: dict[str, list[str]] = {}
    for name in CATEGORY_COLUMNS:
        values = programs[name] if name in programs else pd.Series(np.nan, index=programs.index)
        # Hashing, then sorting the distinct values only: codes follow alphabetical order.
        found, distinct = pd.factorize(values, use_na_sentinel=True)
        labels = np.array([str(value) for value in distinct], dtype=object)
        order = np.argsort(labels, kind="stable")
        position = np.empty(len(labels) + 1, dtype=np.int32)
        position[order] = np.arange(len(labels), dtype=np.int32)
        position[-1] = len(labels)  # factorize's -1, missing, becomes len(categories)
        codes, cats = position[found], labels[order].tolist()
        columns[name], categories[name] = codes, cats
    return Encoded(n, columns, categories)


def _read_years(programs: pd.DataFrame, n: int) -> np.ndarray:
    """The year each programme's sources were read: ``sources_read``'s first four characters,
    read once per distinct date."""
    if "sources_read" not in programs:
        return np.full(n, np.nan)
    codes, dates = pd.factorize(programs["sources_read"], use_na_sentinel=True)
    years = pd.to_numeric(pd.Series(dates, dtype="string").str.slice(0, 4), errors="coerce")
    return np.append(years.to_numpy(dtype=float, na_value=np.nan), np.nan)[codes]


def _settings(filters: Filters, weights) -> tuple[dict, dict]:
    choices = {
        "countries": filters.countries,
        "specialties": filters.specialties,
        "research": filters.research,
        "delivery": filters.delivery,
        "paid_post": filters.paid_post,
    }
    weight = weights if isinstance(weights, dict) else {c: getattr(weights, c) for c in CRITERIA}
    settings = {
        "max_duration_years": filters.max_duration_years,
        "max_annual_cost": filters.max_annual_cost,
        "currency": filters.currency,
        "weights": weight,
    }
    return choices, settings


def run_rule(data: Encoded, filters: Filters, weights, rates: pd.Series) -> dict[str, np.ndarray]:
    """:func:`mmedlearn.compare_rule.run` on ``data`` with the reader's filters and weights."""
    choices, settings = _settings(filters, weights)
    tables = compare_rule.build_tables(data.categories, choices, rates)
    params = compare_rule.build_params(data.categories, settings, rates)
    return compare_rule.run(data.columns, tables, params)


def _number_text(value: float) -> str:
    """A number in a label as the page's ``String(x)`` writes it: 2015, not 2015.0."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def unknown_labels(data: Encoded, rows: np.ndarray, flags: np.ndarray, which=None) -> np.ndarray:
    """One tuple per row of the :data:`~mmedlearn.compare_rule.FLAGS` labels set in ``flags``
    (rows × flags, booleans), only those numbered in ``which``. Rows with the same flags and
    the same values in their labels share one tuple: labels are written once per distinct
    combination, not once per row."""
    which = range(len(FLAGS)) if which is None else list(which)
    key = pd.DataFrame({f"f{j}": flags[:, j] for j in which})
    for j in which:  # the values a label shows are part of the key only where it is set
        for column in CATEGORY_COLUMNS + NUMBER_COLUMNS:
            if "{" + column + "}" in FLAGS[j][0]:
                values = data.columns[column][rows]
                key[f"v{j}_{column}"] = np.where(flags[:, j], values, -1)
    if not which or key.empty:  # nothing to label: an empty tuple a row
        nothing = np.empty(len(rows), dtype=object)
        nothing.fill(())
        return nothing
    group = key.groupby(list(key.columns), sort=False, dropna=False).ngroup().to_numpy()
    firsts = np.unique(group, return_index=True)[1]
    labels = np.empty(len(firsts) + 1, dtype=object)  # one spare slot keeps tuples as objects
    for number, first in enumerate(firsts):
        row = rows[first]
        values = {
            column: (
                data.categories[column][data.columns[column][row]]
                if column in CATEGORY_COLUMNS
                else _number_text(data.columns[column][row])
            )
            for column in (*CATEGORY_COLUMNS, *NUMBER_COLUMNS)
            if any("{" + column + "}" in FLAGS[j][0] for j in which if flags[first, j])
        }
        labels[number] = tuple(
            dict.fromkeys(FLAGS[j][0].format(**values) for j in which if flags[first, j])
        )
    return labels[group]


def _ranked_table(programs: pd.DataFrame, data: Encoded, result: dict, flagged=None):
    rows = result["order"]
    unknown = unknown_labels(data, rows, result["flags"])
    if flagged is not None:  # flags already set (by filter_programs) come first
        unknown = _merged(flagged.to_numpy(dtype=object)[rows], unknown)
    return programs.iloc[rows].assign(
        annual_cost=result["annual_cost"],
        unknown=unknown,
        score=result["score"],
        coverage=result["coverage"],
        **{f"from_{c}": result[f"from_{c}"] for c in CRITERIA},
        rank=np.arange(1, len(rows) + 1),
    )


def _merged(first: np.ndarray, then: np.ndarray) -> np.ndarray:
    """Per row, the labels of ``first`` then those of ``then`` not already there, computed
    once per distinct pair."""
    pairs = pd.DataFrame(
        {
            "a": pd.factorize(pd.Series(first, dtype=object))[0],
            "b": pd.factorize(pd.Series(then, dtype=object))[0],
        }
    )
    group = pairs.groupby(["a", "b"], sort=False).ngroup().to_numpy()
    firsts = np.unique(group, return_index=True)[1]
    merged = np.empty(len(firsts) + 1, dtype=object)
    for number, row in enumerate(firsts):
        merged[number] = tuple(dict.fromkeys((*first[row], *then[row])))
    return merged[group]


def filter_programs(programs: pd.DataFrame, filters: Filters, rates: pd.Series) -> pd.DataFrame:
    """Keep the programmes not known to fail a filter, in the catalogue's order.

    Adds ``annual_cost`` (in ``filters.currency``) and ``unknown``: a tuple naming the
    filters that could not be checked for that programme.
    """
    _check_rates(rates, filters.currency)
    data = encode(programs)
    # No weight: only what the filters could not check is flagged.
    result = run_rule(data, filters, dict.fromkeys(CRITERIA, 0.0), rates)
    order = np.argsort(result["order"], kind="stable")
    rows = result["order"][order]
    filter_flags = [
        j
        for j, (label, _) in enumerate(FLAGS)
        if label in ("duration", "fee", "annual tuition (one-off fees only)", "{fee_currency} rate")
    ]
    return programs.iloc[rows].assign(
        annual_cost=result["annual_cost"][order],
        unknown=unknown_labels(data, rows, result["flags"][order], filter_flags),
    )


def rank_programs(
    programs: pd.DataFrame, weights: Weights, rates: pd.Series, currency: str = "USD"
) -> pd.DataFrame:
    """Score and order programmes as the module docstring describes.

    Adds ``annual_cost``, ``score`` (0 to 1) and the part of it each criterion gives
    (``from_duration``, ``from_cost``, ...), ``coverage``, ``rank`` (1 is best) and
    ``unknown``: a tuple naming what could not be scored ("duration", "research", "paid
    post", and for cost "fee" or e.g. "KES rate"), merged after any flags already set by
    :func:`filter_programs`, then a fee that is scored but undated or old.

    >>> rates = pd.Series({"EUR": 1.0, "USD": 1.0})
    >>> t = pd.DataFrame({"institution": ["A", "B"], "duration_min_years": [3.0, 4.0],
    ...     "duration_max_years": [3.0, 4.0], "research_requirement": ["thesis", "none"],
    ...     "paid_post": ["yes", "unknown"], "tuition_per_year": [np.nan, 1000.0],
    ...     "fee_currency": [np.nan, "USD"], "fee_year": [np.nan, 2026]}, index=["a", "b"])
    >>> ranked = rank_programs(t, Weights(), rates)
    >>> ranked[["rank", "score", "coverage", "unknown"]].to_dict("list")
    {'rank': [1, 2], 'score': [0.75, 0.25], 'coverage': [0.75, 0.75], 'unknown': [('fee',), ('paid post',)]}
    """
    _check_rates(rates, currency)
    data = encode(programs)
    result = run_rule(data, Filters(currency=currency), weights, rates)
    flagged = programs["unknown"] if "unknown" in programs else None
    return _ranked_table(programs, data, result, flagged)


def compare(
    programs: pd.DataFrame,
    filters: Filters = Filters(),
    weights: Weights = Weights(),
    rates: pd.Series | None = None,
) -> pd.DataFrame:
    """Filter, then rank: what chapter 3's explorer and ``mmedlearn compare`` show, every row
    at once (the rule of :mod:`mmedlearn.compare_rule`, evaluated with NumPy).

    The table keeps the programmes' columns and adds ``annual_cost`` (in
    ``filters.currency``), ``score``, ``coverage``, ``from_<criterion>``, ``unknown`` (a tuple
    of what could not be checked or scored, then a fee to check) and ``rank``.
    """
    rates = load_exchange_rates() if rates is None else rates
    _check_rates(rates, filters.currency)
    data = encode(programs)
    _check_choices(data.categories["country"], filters.countries, "country")
    _check_choices(data.categories["specialty"], filters.specialties, "specialty")
    return _ranked_table(programs, data, run_rule(data, filters, weights, rates))


def _check_choices(present: list[str], chosen: tuple[str, ...], field: str) -> None:
    """A country (or specialty) no programme is in is a typo, not an empty answer: say which
    are known."""
    known = set(present)
    unknown = [value for value in chosen if value not in known]
    if unknown:
        raise FieldError(
            field,
            f"no programme is in {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(known))}",
        )
