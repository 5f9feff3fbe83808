"""Chapter 5's worked cases: each sentence it states is held against numbers computed here
independently (the plain transcription of the spec, and sums worked by hand)."""

import itertools
import re

import pytest

from mmedlearn import cases
from mmedlearn.fields import FIELDS
from roi_reference import first_year_staying_non_negative, reference_flows, reference_npv


def figures(sentence: str) -> list[float]:
    return [
        float(n.replace(",", "").replace("\u2212", "-"))
        for n in re.findall(r"\u2212?\d[\d,]*(?:\.\d+)?", sentence)
    ]


def test_each_step_of_the_ladder_changes_exactly_one_field():
    ladder = list(cases.CASES.values())
    for before, after in itertools.pairwise(ladder):
        changed = [name for name in FIELDS if getattr(before, name) != getattr(after, name)]
        assert len(changed) == 1
    assert cases.PAID_POST.study_income == cases.UNPAID_STUDY.baseline_salary  # not above it


def test_the_paid_post_and_the_pay_rise_sentences_hold():
    unpaid, paid, rise = (reference_npv(a) for a in cases.CASES.values())
    first, second, ratio, *_ = cases.lessons()
    assert figures(first)[:3] == [round(unpaid), round(paid), round(paid - unpaid)]
    assert "never within 30 years to year 10" in first
    assert figures(second)[:5] == [80, 7.5, round(paid), round(rise), round(rise - paid)]
    assert figures(ratio)[0] == pytest.approx((rise - paid) / (paid - unpaid), abs=0.05)
    # The confounded comparison the chapter used to make: the pay rise, not the post, dominates.
    assert rise - paid > paid - unpaid > 0


def test_the_late_dropout_sentences_hold():
    # Worked by hand: leaving after year 4 instead of year 1 adds years 2-4 on the degree path:
    # tuition, and the after-tax income the study does not pay, discounted.
    def extra_years_lost(a):
        return sum(
            (
                (1 - a.tax_rate)
                * (a.baseline_salary * (1 + a.baseline_growth) ** (t - 1) - a.study_income)
                + a.tuition_per_year
            )
            / (1 + a.discount_rate) ** t
            for t in range(2, 5)
        )

    late, weighted = cases.lessons()[3:]
    assert figures(late)[2:4] == [
        round(extra_years_lost(cases.UNPAID_STUDY)),
        round(extra_years_lost(cases.PAID_POST)),
    ]
    unpaid, paid = cases.UNPAID_STUDY, cases.PAID_POST
    assert figures(weighted)[1:] == [
        round(reference_npv(unpaid) - reference_npv(unpaid.replace(dropout_year=4))),
        round(reference_npv(paid) - reference_npv(paid.replace(dropout_year=4))),
    ]
    assert figures(weighted)[0] == 15


def test_the_change_table_matches_the_reference():
    table = cases.one_change_at_a_time()
    assert table["change"].tolist() == [FIELDS["study_income"].label, FIELDS["post_salary"].label]
    npvs = [cases.money(reference_npv(a)) for a in cases.CASES.values()]
    assert table["NPV before"].tolist() == npvs[:2] and table["NPV after"].tolist() == npvs[1:]


def test_the_starting_case_and_coursework_sentences_hold():
    from mmedlearn.defaults import load_default_assumptions

    start, coursework = load_default_assumptions(), cases.SELF_FUNDED_COURSEWORK
    first, second = cases.starting_case_lessons()
    assert figures(first) == [
        start.duration_years,
        start.tuition_per_year,
        start.study_income,
        start.baseline_salary,
        start.post_salary,
        round(reference_npv(start)),
        *figures(first)[6:],  # the IRR, and the break-even year checked below
    ]
    assert figures(second) == [
        coursework.tuition_per_year,
        coursework.study_income,
        coursework.baseline_salary,
        coursework.post_salary,
        round(reference_npv(coursework)),
        *figures(second)[5:],
    ]
    for sentence, a in ((first, start), (second, coursework)):
        # The IRR, printed to 0.1 %: the reference NPV changes sign within that rounding; the
        # break-even year is the first from which the cumulative discounted flow stays >= 0.
        irr = figures(sentence)[-2] / 100
        assert reference_npv(a.replace(discount_rate=irr - 0.0005)) > 0
        assert reference_npv(a.replace(discount_rate=irr + 0.0005)) < 0
        cumulative = list(
            itertools.accumulate(
                e / (1 + a.discount_rate) ** t for t, e in enumerate(reference_flows(a), start=1)
            )
        )
        assert figures(sentence)[-1] == first_year_staying_non_negative(cumulative)
    # The coursework case pays back later and less than the funded registrar post.
    assert reference_npv(coursework) < reference_npv(start)


@pytest.mark.slow
def test_the_chapter_shows_every_computed_sentence(built_book):
    import html

    page = (built_book / "book" / "chapters" / "05_investment_and_return.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for sentence in cases.lessons() + cases.starting_case_lessons():
        assert sentence in text
    assert "changes the answer more than any fee" not in text  # the confounded lesson is gone
