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

from mmedlearn.catalog import data_dir
from mmedlearn.fields import FieldError
from mmedlearn.schema import RATES_SCHEMA, DataFileError, Problem, validate_bytes

RESEARCH_INTENSITY = {
    "none": 0.0,
    "examination only": 0.0,
    "research component": 0.5,
    "research project": 0.75,
    "dissertation": 1.0,
    "thesis": 1.0,
}
PAID_POST_SCORE = {"yes": 1.0, "depends on sponsorship": 0.5, "no": 0.0}
CRITERIA = ("duration", "cost", "research", "paid_post")
MAX_WEIGHT = 10

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


#: A fee more than this many years older than the day its sources were read is flagged: the
#: chapter 3 ranking lists it beside what is unknown, and the ROI notes say so.
FEE_AGE_LIMIT_YEARS = 3


def fee_age_years(programme) -> int | None:
    """Years between a programme's fee year and the year its sources were read; None if either
    is missing."""
    year, read = programme.get("fee_year"), programme.get("sources_read")
    if year is None or pd.isna(year) or read is None or pd.isna(read):
        return None
    return int(str(read)[:4]) - int(year)


def fee_check_flags(programs: pd.DataFrame) -> pd.Series:
    """Per programme with a published fee: "fee year not stated", "fee of 2015" (more than
    :data:`FEE_AGE_LIMIT_YEARS` years older than its sources' reading), or "". The fee is still
    scored; the flag says it may no longer be the fee charged.

    >>> t = pd.DataFrame({"tuition_per_year": [1.0, 1.0, 1.0, np.nan], "one_off_fees": np.nan,
    ...     "fee_year": [2015, None, 2023, None], "sources_read": "2026-11-25"})
    >>> fee_check_flags(t).tolist()
    ['fee of 2015', 'fee year not stated', '', '']
    """
    if "fee_year" not in programs:
        return pd.Series("", index=programs.index)
    has_fee = programs["tuition_per_year"].notna()
    if "one_off_fees" in programs:
        has_fee |= programs["one_off_fees"].notna()
    flags = []
    for (_, programme), fee in zip(programs.iterrows(), has_fee, strict=True):
        age = fee_age_years(programme)
        if not fee:
            flags.append("")
        elif pd.isna(programme["fee_year"]):
            flags.append("fee year not stated")
        elif age is not None and age > FEE_AGE_LIMIT_YEARS:
            flags.append(f"fee of {int(programme['fee_year'])}")
        else:
            flags.append("")
    return pd.Series(flags, index=programs.index, dtype=object)


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
    if currency not in rates.index:
        raise FieldError(
            "currency", f"no exchange rate for {currency!r}; known: {', '.join(rates.index)}"
        )
    usable = np.isfinite(rates.to_numpy(float)) & (rates.to_numpy(float) > 0)
    if not usable.all():  # an infinite rate would make a fee cost nothing
        raise FieldError(
            "rates", f"{', '.join(rates.index[~usable])} must be a finite number above 0"
        )
    per_eur = programs["fee_currency"].map(rates).astype(float)
    converted = programs["tuition_per_year"].astype(float) / per_eur * rates[currency]
    # A fee already in the target currency stays exactly as published.
    return converted.where(
        programs["fee_currency"] != currency, programs["tuition_per_year"].astype(float)
    )


@dataclass(frozen=True)
class Filters:
    """What the reader rules out. Empty tuples and None mean "no limit".

    ``max_duration_years``: keep the programmes that can be finished within this many years,
    judged on the *longest* duration their sources report (the maximum, or the only figure
    given); a programme with no reported duration stays in and is flagged. ``research``,
    ``delivery`` and ``paid_post`` keep the programmes whose answer is among those listed
    ("unknown" is an answer a reader may keep or drop).
    """

    countries: tuple[str, ...] = ()
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


def _label(criterion: str) -> str:
    return criterion.replace("_", " ")


def _cost_gap(programs: pd.DataFrame, cost: pd.Series) -> pd.Series:
    """Why a cost is unknown: no published fee, or no exchange rate for its currency."""
    no_fee = programs["tuition_per_year"].isna()
    return pd.Series(
        np.where(no_fee, "fee", programs["fee_currency"].astype(str) + " rate"),
        index=programs.index,
    ).where(cost.isna(), "")


def filter_programs(programs: pd.DataFrame, filters: Filters, rates: pd.Series) -> pd.DataFrame:
    """Keep the programmes not known to fail a filter.

    Adds ``annual_cost`` (in ``filters.currency``) and ``unknown``: a tuple naming the
    filters that could not be checked for that programme.
    """
    cost = annual_cost(programs, rates, filters.currency)
    keep = pd.Series(True, index=programs.index)
    unchecked: list[list[str]] = []  # per filter, per programme: what could not be checked, or ""

    def limit(passes: pd.Series, known: pd.Series, criterion: str) -> None:
        nonlocal keep
        keep &= passes | ~known
        unchecked.append(np.where(known.to_numpy(bool), "", _label(criterion)).tolist())

    if filters.countries:
        keep &= programs["country"].isin(filters.countries)
    if filters.research:
        keep &= programs["research_requirement"].isin(filters.research)
    if filters.delivery:
        keep &= programs["delivery_mode"].isin(filters.delivery)
    if filters.paid_post:
        keep &= programs["paid_post"].isin(filters.paid_post)
    if filters.max_duration_years is not None:
        longest = longest_duration(programs)
        limit(longest <= filters.max_duration_years, longest.notna(), "duration")
    if filters.max_annual_cost is not None:
        keep &= (cost <= filters.max_annual_cost) | cost.isna()
        unchecked.append(_cost_gap(programs, cost).tolist())
    unknown = pd.Series(_flags(unchecked, len(programs)), index=programs.index, dtype=object)
    return programs.assign(annual_cost=cost, unknown=unknown)[keep]


def _flags(columns: list[list[str]], rows: int, already=None) -> list[tuple[str, ...]]:
    """One tuple per row of the non-empty labels in ``columns`` (lists of one label or "" per
    row), after any flags ``already`` set, each once: a loop over rows, not over labels."""
    already = already if already is not None else [()] * rows
    return [
        tuple(dict.fromkeys([*flagged, *(label for label in labels if label)]))
        for flagged, *labels in zip(already, *columns, strict=False)
    ]


def _scaled(values: pd.Series, lower_is_better: bool) -> pd.Series:
    low, high = values.min(), values.max()
    if pd.isna(low) or high == low:
        return values.where(values.isna(), 1.0)
    scaled = (values - low) / (high - low)
    return 1 - scaled if lower_is_better else scaled


def criterion_scores(programs: pd.DataFrame, currency: str, rates: pd.Series) -> pd.DataFrame:
    """Per-criterion scores from 0 to 1 within this set; NaN where the value is unknown."""
    cost = annual_cost(programs, rates, currency)
    return pd.DataFrame(
        {
            "duration": _scaled(typical_duration(programs), lower_is_better=True),
            "cost": _scaled(cost, lower_is_better=True),
            "research": programs["research_requirement"].map(RESEARCH_INTENSITY).astype(float),
            "paid_post": programs["paid_post"].map(PAID_POST_SCORE).astype(float),
        },
        index=programs.index,
    )


def rank_programs(
    programs: pd.DataFrame, weights: Weights, rates: pd.Series, currency: str = "USD"
) -> pd.DataFrame:
    """Score and order programmes as the module docstring describes.

    Adds ``annual_cost``, ``score`` (0 to 1) and the part of it each criterion gives
    (``from_duration``, ``from_cost``, ...), ``coverage``, ``rank`` (1 is best) and
    ``unknown``: a tuple naming what could not be scored ("duration", "research", "paid
    post", and for cost "fee" or e.g. "KES rate"), merged with any flags already set by
    :func:`filter_programs`, then a fee that is scored but undated or old
    (:func:`fee_check_flags`).

    >>> rates = pd.Series({"EUR": 1.0, "USD": 1.0})
    >>> t = pd.DataFrame({"institution": ["A", "B"], "duration_min_years": [3.0, 4.0],
    ...     "duration_max_years": [3.0, 4.0], "research_requirement": ["thesis", "none"],
    ...     "paid_post": ["yes", "unknown"], "tuition_per_year": [np.nan, 1000.0],
    ...     "fee_currency": [np.nan, "USD"]}, index=["a", "b"])
    >>> ranked = rank_programs(t, Weights(), rates)
    >>> ranked[["rank", "score", "coverage", "unknown"]].to_dict("list")
    {'rank': [1, 2], 'score': [0.75, 0.25], 'coverage': [0.75, 0.75], 'unknown': [('fee',), ('paid post',)]}
    """
    scores = criterion_scores(programs, currency, rates)
    weight = pd.Series({name: float(getattr(weights, name)) for name in CRITERIA})
    contributions = scores.fillna(0).mul(weight, axis=1) / weight.sum()
    score = contributions.sum(axis=1)
    coverage = scores.notna().mul(weight, axis=1).sum(axis=1) / weight.sum()
    flagged = programs["unknown"].tolist() if "unknown" in programs else None
    cost = annual_cost(programs, rates, currency)
    cost_gap = _cost_gap(programs, cost)
    gaps = [
        np.where(scores[name].isna(), cost_gap if name == "cost" else _label(name), "").tolist()
        for name in CRITERIA
        if weight[name] > 0
    ]
    gaps.append(fee_check_flags(programs).tolist())  # scored, but to be checked
    unknown = _flags(gaps, len(programs), flagged)
    ranked = programs.assign(
        annual_cost=cost,
        score=score.round(4),
        coverage=coverage.round(4),
        unknown=unknown,
        **{f"from_{name}": contributions[name].round(4) for name in CRITERIA},
    ).sort_values(
        ["score", "coverage", "institution"], ascending=[False, False, True], kind="stable"
    )
    return ranked.assign(rank=range(1, len(ranked) + 1))


def compare(
    programs: pd.DataFrame,
    filters: Filters = Filters(),
    weights: Weights = Weights(),
    rates: pd.Series | None = None,
) -> pd.DataFrame:
    """Filter, then rank: what chapter 3's explorer and ``mmedlearn compare`` show."""
    rates = load_exchange_rates() if rates is None else rates
    _check_choices(programs, filters)
    return rank_programs(
        filter_programs(programs, filters, rates), weights, rates, filters.currency
    )


def _check_choices(programs: pd.DataFrame, filters: Filters) -> None:
    """A country no programme is in is a typo, not an empty answer: say which are known."""
    known = set(programs["country"].dropna())
    unknown = [country for country in filters.countries if country not in known]
    if unknown:
        raise FieldError(
            "country",
            f"no programme is in {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(known))}",
        )
