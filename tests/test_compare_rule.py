"""The comparison rule is written once (mmedlearn.compare_rule): the page's JavaScript is
generated from it, and held here against compare.compare on hundreds of settings in Node,
without a browser. Python's result is the reference; the page must give the same rows in the
same order with the same scores, shares known, converted fees and flags, exactly (both run
the same IEEE operations in the same order)."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import REPO
from mmedlearn import catalog, compare_rule, static_explorers
from mmedlearn.compare import CRITERIA, Filters, Weights, compare, load_exchange_rates

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic_programmes import synthetic_csv

from mmedlearn.schema import validate_text

NODE = shutil.which("node") or "/usr/bin/node"
RATES = load_exchange_rates()


def test_the_pages_rule_is_generated_from_the_python_rule():
    """Fails when compare_rule.py changed and compare-rule.js was not regenerated
    (`python -m mmedlearn.compare_rule`)."""
    assert compare_rule.JS_PATH.read_text(encoding="utf-8") == compare_rule.javascript(), (
        "book/_assets/js/compare-rule.js is stale: run `python -m mmedlearn.compare_rule`"
    )


@pytest.mark.parametrize(
    "expression, problem",
    [
        ("typical + undefined_name", "unknown name"),
        ("1 < typical < 2", "chained comparison"),
        ("max(typical, 1)", "unknown call"),
        ("research_score[typical]", "look-up must be"),
        ("typical ** 2", "not part of the rule's language"),
    ],
)
def test_the_rule_language_refuses_what_it_cannot_translate(expression, problem):
    known = {"typical", *compare_rule.TABLES}
    with pytest.raises(ValueError, match=problem):
        compare_rule.check_expression(expression, known)


def synthetic_programs(count: int, seed: int) -> pd.DataFrame:
    table, problems = validate_text(synthetic_csv(count, seed))
    assert not problems
    return table.set_index("program_id", drop=False).rename_axis(None)


def random_settings(programs: pd.DataFrame, rng: random.Random) -> dict:
    def pick(values):
        values = sorted(set(values.dropna()))
        return rng.sample(values, rng.randint(1, len(values))) if rng.random() < 0.5 else []

    weights = {c: rng.choice([0, 0, 1, 2, 5, 10, rng.randint(0, 10)]) for c in CRITERIA}
    if not any(weights.values()):
        weights[rng.choice(CRITERIA)] = rng.randint(1, 10)
    currency = rng.choice(list(RATES.index))
    # A limit exactly at a programme's own fee: "at most" keeps it.
    fees = programs.loc[programs["fee_currency"] == currency, "tuition_per_year"].dropna()
    at_a_fee = [float(rng.choice(list(fees)))] if len(fees) else []
    return {
        "choices": {
            "countries": pick(programs["country"]),
            "specialties": pick(programs["specialty"]),
            "research": pick(programs["research_requirement"]),
            "delivery": pick(programs["delivery_mode"]),
            "paid_post": pick(programs["paid_post"]),
        },
        "settings": {
            "max_duration_years": rng.choice([None, None, 1, 3, 3.5, 4, 5.5, 6, 10]),
            "max_annual_cost": rng.choice([None, None, 0, 500, 5_000, 20_000, 1e6, *at_a_fee * 3]),
            "currency": currency,
            "weights": weights,
        },
    }


def python_result(programs: pd.DataFrame, case: dict) -> dict:
    choices, settings = case["choices"], case["settings"]
    ranked = compare(
        programs,
        Filters(
            countries=tuple(choices["countries"]),
            specialties=tuple(choices["specialties"]),
            research=tuple(choices["research"]),
            delivery=tuple(choices["delivery"]),
            paid_post=tuple(choices["paid_post"]),
            max_duration_years=settings["max_duration_years"],
            max_annual_cost=settings["max_annual_cost"],
            currency=settings["currency"],
        ),
        Weights(**settings["weights"]),
        RATES,
    )
    none_for_nan = lambda values: [None if np.isnan(v) else float(v) for v in values]  # noqa: E731
    return {
        "order": [int(programs.index.get_loc(key)) for key in ranked.index],
        "annual_cost": none_for_nan(ranked["annual_cost"]),
        **{name: none_for_nan(ranked[name]) for name in ("score", "coverage")},
        **{f"from_{c}": none_for_nan(ranked[f"from_{c}"]) for c in CRITERIA},
        "unknown": [list(flags) for flags in ranked["unknown"]],
    }


RUNNER = """
const rule = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const data = rule.columnar(input.data.rule);
const plain = (a) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
const out = input.cases.map((c) => {
  const r = rule.run(data, rule.buildTables(data, c.choices, input.rates), rule.buildParams(data, c.settings, input.rates));
  const result = {order: Array.from(r.order), unknown: Array.from(r.order, (row, k) => rule.flagLabels(data, row, r.flags[k]))};
  ["annual_cost", "score", "coverage"].concat(rule.CRITERIA.map((c) => "from_" + c)).forEach((n) => { result[n] = plain(r[n]); });
  return result;
});
process.stdout.write(JSON.stringify(out));
"""


def page_results(programs: pd.DataFrame, cases: list[dict]) -> list[dict]:
    payload = {
        "data": static_explorers.comparison_data(programs),
        "rates": {c: float(RATES[c]) for c in RATES.index},
        "cases": cases,
    }
    result = subprocess.run(
        [NODE, "-e", RUNNER, str(compare_rule.JS_PATH)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "catalogue, cases",
    [("shipped", 150), ("synthetic 400", 150), ("synthetic 40", 100)],
)
def test_the_pages_ranking_equals_compare_on_generated_settings(catalogue, cases):
    if catalogue == "shipped":
        programs = catalog.load_programs()
    else:
        programs = synthetic_programs(int(catalogue.split()[1]), seed=len(catalogue))
    rng = random.Random(catalogue)
    settings = [random_settings(programs, rng) for _ in range(cases)]
    got = page_results(programs, settings)
    empty = 0
    for case, page in zip(settings, got, strict=True):
        want = python_result(programs, case)
        empty += not want["order"]
        for name, values in want.items():
            unknown = [", ".join(flags) for flags in values] if name == "unknown" else None
            shown = [", ".join(flags) for flags in page[name]] if name == "unknown" else None
            assert (shown, page[name])[shown is None] == (unknown, values)[unknown is None], (
                name,
                case,
            )
    # The settings reach both the empty answer and long rankings.
    assert 0 < empty < cases / 2


def test_every_input_of_the_rule_is_used_by_it():
    """A column, look-up table or setting the rule never reads is a mistake (an input added
    to the encoding but forgotten in the rule): name it."""
    import ast

    expressions = [
        *compare_rule.ROW_STEPS.values(),
        *compare_rule.SCORE_STEPS.values(),
        *(condition for _, condition in compare_rule.FLAGS),
    ]
    used = {
        node.id
        for expression in expressions
        for node in ast.walk(ast.parse(expression, mode="eval"))
        if isinstance(node, ast.Name)
    }
    used |= {source for _, source in compare_rule.AGGREGATES.values()}
    used |= {name for name, _ in compare_rule.SORT}
    inputs = {
        *compare_rule.NUMBER_COLUMNS,
        *compare_rule.CATEGORY_COLUMNS,
        *compare_rule.TABLES,
        *compare_rule.PARAMS,
        *compare_rule.AGGREGATES,
    }
    assert inputs - used == set()
    compare_rule.check_rule()  # and every step reads only what is defined before it


# ------------------------------------------------------------------ what the page carries
# The page holds the default ranking's first rows (static_explorers.comparison_first_view) and
# loads the catalogue from a file of its own (comparison_file) when the reader changes a
# setting: its size must not follow the catalogue's, and its first view must be the ranking the
# page's rule gives on the whole file.


def split_page(programs: pd.DataFrame) -> tuple[str, dict[str, str]]:
    explorer = static_explorers.compare_explorer_page(programs, RATES)
    return static_explorers.split_explorer_files(explorer.html())


def test_the_page_does_not_grow_with_the_catalogue_and_its_file_does():
    small, large = synthetic_programs(300, seed=11), synthetic_programs(3_000, seed=11)
    (page_small, files_small), (page_large, files_large) = split_page(small), split_page(large)
    # Ten times the programmes: the page within a few per cent (the first view's 20 rows and
    # the lists of countries and specialties), the catalogue's file about ten times larger.
    assert len(page_large) < 1.1 * len(page_small), (len(page_small), len(page_large))
    assert len(page_large) < 20_000
    (file_small,), (file_large,) = files_small.values(), files_large.values()
    assert 8 * len(file_small) < len(file_large) < 12 * len(file_small)
    assert "mmed-explorer-file" not in page_large and "data_file" in page_large


def default_case(programs: pd.DataFrame, config: dict) -> dict:
    """The page's first settings, as its controls hold them: every answer ticked, no limit,
    equal weights, the page's currency."""
    choices = config["choices"]
    return {
        "choices": {
            "countries": [],
            "specialties": [],
            "research": choices["research"],
            "delivery": choices["delivery"],
            "paid_post": choices["paid_post"],
        },
        "settings": {
            "max_duration_years": None,
            "max_annual_cost": None,
            "currency": config["currency"],
            "weights": {c: 1 for c in CRITERIA},
        },
    }


@pytest.mark.parametrize("catalogue", ["shipped", "synthetic 400"])
def test_the_first_view_is_the_default_ranking_of_the_whole_catalogue(catalogue):
    if catalogue == "shipped":
        programs = catalog.load_programs()
    else:
        programs = synthetic_programs(400, seed=4)
    page, files = split_page(programs)
    config = json.loads(re.search(r'class="mmed-explorer-config">(.*?)</script>', page).group(1))
    first = config["first_view"]
    # compare(), with no filter at all, is the reference: ticking every answer changes nothing.
    ranked = compare(programs, Filters(currency=config["currency"]), Weights(), RATES)
    top = ranked.head(static_explorers.TABLE_ROWS)
    assert first["matched"] == len(ranked) == len(programs)
    assert first["positions"] == [programs.index.get_loc(key) for key in top.index]
    assert first["result"]["score"] == pytest.approx(list(top["score"]), abs=0)
    assert first["unknown"] == [", ".join(flags) for flags in top["unknown"]]
    assert first["data"]["shown"]["program_id"] == list(top.index)
    converted = ranked.loc[ranked["annual_cost"].notna(), "fee_currency"]
    assert first["converted"] == sorted(set(converted))
    # And it is what the page's own rule gives on the file it loads, to the last digit.
    ((name, script),) = files.items()
    assert name == config["data_file"]
    prefix = f"window.mmedExplorerFileLoaded({json.dumps(name)}, "
    assert script.startswith(prefix) and script.endswith(");\n")
    assert json.loads(script[len(prefix) : -3]) == json.loads(
        json.dumps(static_explorers.comparison_data(programs))
    )
    (page_rule,) = page_results(programs, [default_case(programs, config)])
    for key, values in first["result"].items():
        assert values == page_rule[key][: len(values)], key
    assert first["positions"] == page_rule["order"][: len(first["positions"])]


def test_a_file_name_that_could_leave_the_static_folder_is_refused():
    explorer = static_explorers.StaticExplorer({"key": "compare"}, "", files={"../x.js": "{}"})
    with pytest.raises(ValueError, match="explorer file's name"):
        static_explorers.split_explorer_files(explorer.html())
