import numpy as np
import pandas as pd
import pytest

from mmedlearn import catalog
from mmedlearn.compare import (
    Filters,
    Weights,
    annual_cost,
    compare,
    filter_programs,
    load_exchange_rates,
    rank_programs,
    rate_note,
    rates_used,
)

RATES = load_exchange_rates()


@pytest.fixture(scope="module")
def programs():
    return catalog.load_programs()


def small(**columns):
    base = {
        "institution": ["A", "B", "C"],
        "country": ["X", "X", "Y"],
        "duration_min_years": [3.0, 4.0, np.nan],
        "duration_max_years": [3.0, 6.0, np.nan],
        "research_requirement": ["thesis", "none", "unknown"],
        "delivery_mode": ["in post", "online", "unknown"],
        "paid_post": ["yes", "no", "unknown"],
        "tuition_per_year": [1000.0, 3000.0, np.nan],
        "fee_currency": ["USD", "USD", np.nan],
        # A fee without a year is flagged "fee year not stated" (a table with no fee_year
        # column states none): these fees are current.
        "fee_year": [2026.0, 2026.0, np.nan],
        "sources_read": "2026-11-25",
    }
    base.update(columns)
    return pd.DataFrame(base, index=["a", "b", "c"])


# The published figures, from the sources data/exchange_rates.csv names (not read from it):
# ECB, 30 October 2026: 1 EUR = 18.6455 ZAR = 1.1172 USD. Central Bank of Kenya indicative rate
# of 24 July 2025 (as Tuko.co.ke reports it): 152.2479 KES. Bank of Uganda closing rate of
# 29 April 2025: 4,166.22 buying and 4,177.60 selling UGX, of which the file keeps the mid.
ECB_ZAR, ECB_USD, CBK_KES = 18.6455, 1.1172, 152.2479
BOU_UGX_MID = (4166.22 + 4177.60) / 2


def test_conversion_uses_the_ecb_rates_through_the_euro(programs):
    cost = annual_cost(programs, RATES, "USD")
    assert cost["uct_family"] == pytest.approx(10960 / ECB_ZAR * ECB_USD)
    assert np.isnan(cost["usyd_ccm"])  # no published fee


def test_a_kes_fee_is_converted_with_the_kes_rate_and_says_its_date(programs):
    assert programs.loc["nairobi_psych", ["tuition_per_year", "fee_currency"]].tolist() == [
        300_000,
        "KES",
    ]
    to_eur = annual_cost(programs, RATES, "EUR")
    assert to_eur["nairobi_psych"] == pytest.approx(300_000 / CBK_KES)
    assert annual_cost(programs, RATES, "USD")["nairobi_psych"] == pytest.approx(
        300_000 / CBK_KES * ECB_USD
    )
    assert RATES["UGX"] == pytest.approx(BOU_UGX_MID, abs=1e-9)
    assert annual_cost(programs, RATES, "EUR")["must_im"] == pytest.approx(4_070_000 / BOU_UGX_MID)
    # KES to EUR uses the KES rate alone: the note gives its date and publisher, not the ECB's.
    note = rate_note(RATES, rates_used("EUR", ["KES"], RATES))
    assert "2025-07-24" in note and "Central Bank of Kenya" in note and "over a year old" in note
    assert "2026-10-30" not in note and "European Central Bank" not in note
    # KES to USD also uses the ECB's dollar rate: both, each with its own date.
    both = rate_note(RATES, rates_used("USD", ["KES"], RATES))
    assert both.index("European Central Bank") < both.index("2026-10-30") < both.index("Kenya")
    assert both.endswith("for KES, 2025-07-24, over a year old")


def test_a_fee_in_a_currency_without_a_rate_stays_unknown_and_out_of_the_note():
    # XTS (ISO 4217's code for tests) has no rate: unknown, not zero, and not "converted".
    assert "XTS" not in RATES.index
    programmes = small(
        tuition_per_year=[1000.0, 2_000_000.0, np.nan], fee_currency=["USD", "XTS", np.nan]
    )
    cost = annual_cost(programmes, RATES, "EUR")
    assert cost["a"] == pytest.approx(1000 / ECB_USD) and np.isnan(cost["b"])
    assert rates_used("EUR", programmes["fee_currency"], RATES) == {"USD"}
    assert rates_used("USD", ["USD", "XTS"], RATES) == set()
    assert rate_note(RATES, set()) == "none used (no fee was converted)"


def test_unknown_currency_is_a_clear_error(programs):
    with pytest.raises(ValueError, match="currency: no exchange rate for 'XYZ'"):
        annual_cost(programs, RATES, "XYZ")


def test_a_programme_with_unknown_fee_is_never_ranked_as_free():
    ranked = rank_programs(small(), Weights(duration=0, cost=1, research=0, paid_post=0), RATES)
    assert list(ranked.index) == ["a", "b", "c"]  # the cheapest known first, the unknown last
    assert ranked.loc["c", "score"] == 0 and ranked.loc["c", "unknown"] == ("fee",)
    assert ranked.loc["a", "score"] == 1 and ranked.loc["b", "score"] == 0


def test_score_is_the_weighted_mean_of_criterion_scores():
    ranked = rank_programs(small(), Weights(duration=2, cost=1, research=1, paid_post=0), RATES)
    # a: shortest (1), cheapest (1), thesis (1) -> (2 + 1 + 1) / 4; b: 0, 0, none 0 -> 0;
    # c: everything unknown -> 0 with full flags.
    assert ranked.loc["a", "score"] == 1.0
    assert ranked.loc["b", "score"] == 0.0
    assert ranked.loc["c", "coverage"] == 0.0
    assert ranked.loc["c", "unknown"] == ("duration", "fee", "research")
    parts = ranked.loc["a", ["from_duration", "from_cost", "from_research", "from_paid_post"]]
    assert parts.tolist() == [0.5, 0.25, 0.25, 0.0] and parts.sum() == ranked.loc["a", "score"]


def test_filters_drop_only_what_is_known_to_fail():
    kept = filter_programs(
        small(),
        Filters(max_duration_years=3.5, paid_post=("yes", "unknown"), max_annual_cost=2000),
        RATES,
    )
    assert list(kept.index) == ["a", "c"]
    assert kept.loc["c", "unknown"] == ("duration", "fee")
    assert kept.loc["a", "unknown"] == ()


def test_finished_within_is_judged_on_the_longest_reported_duration():
    # b runs 4 to 6 years: it can take 6, so it is out at 5.5 and in at 6; a one-figure
    # programme (only a minimum) is judged on that figure; an unknown one stays, flagged.
    table = small(duration_max_years=[np.nan, 6.0, np.nan])
    assert list(filter_programs(table, Filters(max_duration_years=5.5), RATES).index) == ["a", "c"]
    assert list(filter_programs(table, Filters(max_duration_years=6), RATES).index) == [
        "a",
        "b",
        "c",
    ]
    assert list(filter_programs(table, Filters(max_duration_years=2.5), RATES).index) == ["c"]
    assert filter_programs(table, Filters(max_duration_years=2.5), RATES).loc["c", "unknown"] == (
        "duration",
    )


def test_paid_post_keeps_the_answers_chosen_unknown_included_only_if_chosen():
    table = small(paid_post=["yes", "depends on sponsorship", "unknown"])
    pick = lambda *answers: list(filter_programs(table, Filters(paid_post=answers), RATES).index)  # noqa: E731
    assert pick("yes") == ["a"]
    assert pick("yes", "unknown") == ["a", "c"]
    assert pick("depends on sponsorship") == ["b"]
    assert pick() == ["a", "b", "c"]  # no choice: no filter


def test_a_post_that_depends_on_sponsorship_scores_half():
    table = small(paid_post=["yes", "depends on sponsorship", "no"])
    ranked = rank_programs(table, Weights(duration=0, cost=0, research=0, paid_post=1), RATES)
    assert ranked["score"].to_dict() == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert ranked.loc["b", "unknown"] == ()


def test_exact_filters(programs):
    chosen = compare(programs, Filters(countries=("Kenya", "Uganda"), research=("dissertation",)))
    # Read from the data directly, not from today's rows: exact filters keep exactly these.
    expected = programs[
        programs["country"].isin(["Kenya", "Uganda"])
        & (programs["research_requirement"] == "dissertation")
    ]
    assert len(expected) >= 2
    assert sorted(chosen["program_id"]) == sorted(expected["program_id"])
    online = compare(programs, Filters(delivery=("online",)))
    assert sorted(online["program_id"]) == sorted(
        programs.loc[programs["delivery_mode"] == "online", "program_id"]
    )
    assert {"edinburgh", "usyd_ccm"} <= set(online["program_id"])


def test_ranking_is_complete_and_ordered(programs):
    ranked = compare(programs)
    assert len(ranked) == len(programs)
    assert list(ranked["rank"]) == list(range(1, len(programs) + 1))
    assert ranked["score"].is_monotonic_decreasing
    assert ranked["score"].between(0, 1).all()


def test_weights_are_checked_by_name():
    with pytest.raises(ValueError, match=r"^cost: weight must be a number from 0 to 10, got -1"):
        Weights(cost=-1)
    with pytest.raises(ValueError, match="at least one weight"):
        Weights(0, 0, 0, 0)


def test_a_programme_with_only_one_off_fees_has_a_fee_but_no_annual_tuition():
    # NUS's MMed is an examination: a one-off fee is published, no annual tuition. The ranking
    # must not call its fee unknown, nor score its tuition as 0 (free).
    table = small(
        one_off_fees=[np.nan, np.nan, 3430.0],
        fee_currency=["USD", "USD", "SGD"],
        fee_year=[2026.0, 2026.0, 2024.0],
    )
    ranked = rank_programs(table, Weights(duration=0, cost=1, research=0, paid_post=0), RATES)
    assert ranked.loc["c", "unknown"] == ("annual tuition (one-off fees only)",)
    assert ranked.loc["c", "score"] == 0 and np.isnan(ranked.loc["c", "annual_cost"])


def test_the_specialty_filter_keeps_that_specialty_and_names_a_typo():
    table = small(specialty=["Psychiatry", "Surgery", "Psychiatry"])
    kept = compare(table, Filters(specialties=("Psychiatry",)), Weights(), RATES)
    assert sorted(kept.index) == ["a", "c"]
    with pytest.raises(ValueError, match="specialty: no programme is in 'Psychiatr'"):
        compare(table, Filters(specialties=("Psychiatr",)), Weights(), RATES)


def test_ties_go_to_more_known_then_the_institution_by_name_then_the_catalogue_order():
    # Only research counts: "none" and "examination only" both score 0 with the weight known;
    # "unknown" scores 0 with nothing known. Rows x, y, w, z in the catalogue's order.
    table = pd.DataFrame(
        {
            "institution": ["A", "B", "A", "A"],
            "country": "X",
            "research_requirement": ["unknown", "none", "examination only", "none"],
            "paid_post": "yes",
            "fee_currency": "USD",
        },
        index=["x", "y", "w", "z"],
    )
    ranked = compare(table, Filters(), Weights(duration=0, cost=0, research=1, paid_post=0), RATES)
    assert ranked["score"].tolist() == [0, 0, 0, 0]
    assert list(ranked.index) == ["w", "z", "y", "x"]
    assert ranked["coverage"].tolist() == [1, 1, 1, 0]


def test_the_ranking_converts_each_fee_through_the_euro_with_the_data_s_rates():
    # Expected values from data/exchange_rates.csv itself (units per euro), not from today's
    # figures: a fee of 1,000 ZAR is 1000 / ZAR * USD dollars; a dollar fee stays as published.
    table = small(tuition_per_year=[1000.0, 3000.0, np.nan], fee_currency=["ZAR", "USD", "KES"])
    ranked = compare(table, Filters(currency="USD"), Weights(), RATES)
    assert ranked.loc["a", "annual_cost"] == pytest.approx(1000 / RATES["ZAR"] * RATES["USD"])
    assert ranked.loc["b", "annual_cost"] == 3000.0
    in_zar = compare(table, Filters(currency="ZAR"), Weights(), RATES)
    assert in_zar.loc["a", "annual_cost"] == 1000.0
    assert in_zar.loc["b", "annual_cost"] == pytest.approx(3000 / RATES["USD"] * RATES["ZAR"])


def test_a_fee_is_flagged_only_when_older_than_the_limit_when_read():
    from mmedlearn.compare import FEE_AGE_LIMIT_YEARS

    read = 2026  # the year of sources_read in small()
    table = small(fee_year=[read - FEE_AGE_LIMIT_YEARS, read - FEE_AGE_LIMIT_YEARS - 1, np.nan])
    ranked = compare(table, Filters(), Weights(), RATES)
    assert ranked.loc["a", "unknown"] == ()
    assert ranked.loc["b", "unknown"] == (f"fee of {read - FEE_AGE_LIMIT_YEARS - 1}",)
