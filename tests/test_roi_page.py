"""Chapter 5's page without a browser: the situations the page starts from (one file a
country, loaded on demand) are exactly mmedlearn.scenario.start_from_situation's; the page
does not grow with the catalogue; the shared number parsing reads decimal commas as decimals
or refuses them."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mmedlearn import catalog, static_explorers
from mmedlearn.compare import load_exchange_rates
from mmedlearn.defaults import load_default_assumptions
from mmedlearn.scenario import FUNDING_TYPES, start_from_situation
from mmedlearn.schema import validate_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_programmes import synthetic_csv  # noqa: E402

NODE = shutil.which("node") or "/usr/bin/node"
RATES = load_exchange_rates()
PROGRAMS = catalog.load_programs()
BASE = load_default_assumptions()


TABLES = static_explorers.situation_tables()
START = static_explorers.roi_config(BASE, PROGRAMS, RATES, tables=TABLES)["start"]
NIGERIA_PAY = {
    "pay_id": "test_ng_medical_officer",
    "country": "Nigeria",
    "grade": "medical_officer",
    "funding": "all",
    "annual_min": 6_000_000.0,
    "annual_max": 6_000_000.0,
    "currency": "NGN",
    "year": 2025,
    "source_ids": "test_only",
    "notes": "Test data: a country with a pay scale and no programme.",
}


def with_nigeria(tables: dict) -> dict:
    """The shipped tables, with a Nigerian pay row (test data) when the data have none yet."""
    pay = tables["pay_scales"]
    if (pay["country"] == "Nigeria").any():
        return tables
    return {
        **tables,
        "pay_scales": pd.concat([pay, pd.DataFrame([NIGERIA_PAY])], ignore_index=True),
    }


def file_data(text: str) -> dict:
    prefix = "window.mmedSituationLoaded("
    assert text.startswith(prefix) and text.endswith(");\n")
    return json.loads(text[len(prefix) : -3])


def page_situations(cases: list) -> list:
    """roi-explorer.js situationFor, run in Node, on (country file data, funding, programme)."""
    source = f"""
global.window = {{mmedExplorers: {{register: function () {{}}, onDemand: function () {{ return function () {{}}; }}}}}};
global.document = {{currentScript: null}};
require({json.dumps(str(ROOT / "book/_assets/js/roi-explorer.js"))});
var cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(function (c) {{
  return window.mmedSituationFor(c[0], c[1], c[2]);
}})));
"""
    done = subprocess.run(
        [NODE, "-e", source], input=json.dumps(cases), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def expected(country, funding, programme, tables=TABLES):
    s = start_from_situation(
        country,
        funding,
        base=START,
        base_currency="USD",
        rates=RATES,
        programme=None if programme is None else PROGRAMS.loc[programme],
        **tables,
    )
    return {
        "currency": s.currency,
        "values": dict(s.values),
        "origins": dict(s.origins),
        "notes": sorted(s.notes),
    }


def test_every_situation_the_page_starts_from_is_start_from_situations():
    """For every country, funding and programme shipped: what the page lays together from a
    country's file (in Node, with the page's own code) is what start_from_situation gives."""
    files = static_explorers.situation_files(START, "USD", PROGRAMS, RATES, TABLES)
    cases, wanted = [], []
    for country in static_explorers.situation_countries(
        PROGRAMS, TABLES["pay_scales"], TABLES["funding_terms"]
    ):
        data = file_data(files[static_explorers.situation_file_name(country)])
        assert [p["id"] for p in data["programmes"]] == sorted(
            PROGRAMS.index[PROGRAMS["country"] == country],
            key=lambda key: (
                f"{PROGRAMS.loc[key, 'institution']} · {PROGRAMS.loc[key, 'programme']}"
            ),
        )
        for funding in FUNDING_TYPES:
            for programme in [None, *(p["id"] for p in data["programmes"])]:
                cases.append([data, funding, programme])
                wanted.append(expected(country, funding, programme))
    got = page_situations(cases)
    assert len(got) == len(wanted) > 3 * len(PROGRAMS)
    for case, page, want in zip(cases, got, wanted, strict=True):
        where = (case[0]["country"], case[1], case[2])
        assert page["currency"] == want["currency"], where
        assert page["origins"] == want["origins"], where
        assert sorted(page["notes"]) == want["notes"], where
        assert page["values"].keys() == want["values"].keys(), where
        for name, value in want["values"].items():
            assert page["values"][name] == pytest.approx(value, rel=1e-12), (where, name)


def test_a_country_with_pay_scales_and_no_programme_is_offered():
    """A Nigerian reader picks Nigeria: the salaries its pay scales give are filled, in NGN,
    and there is no programme to choose."""
    tables = with_nigeria(TABLES)
    countries = static_explorers.situation_countries(
        PROGRAMS, tables["pay_scales"], tables["funding_terms"]
    )
    assert "Nigeria" in countries
    data = static_explorers.situation_data(
        "Nigeria", base=START, base_currency="USD", programs=PROGRAMS, rates=RATES, **tables
    )
    assert data["programmes"] == [] or (PROGRAMS["country"] == "Nigeria").any()
    want = expected("Nigeria", "self sponsored", None, tables)
    page = page_situations([[data, "self sponsored", None]])[0]
    assert page["currency"] == want["currency"] == "NGN"
    assert page["values"]["baseline_salary"] == want["values"]["baseline_salary"]
    assert (
        page["origins"]["baseline_salary"] == want["origins"]["baseline_salary"] != "illustrative"
    )


def test_a_country_file_is_a_script_that_cannot_be_broken_out_of():
    """Text from the data ends up in a script: a name with quotes or </script> stays text."""
    programs = PROGRAMS.copy()
    key = PROGRAMS.index[PROGRAMS["country"] == "Kenya"][0]
    programs.loc[key, "programme"] = 'MMed "x" </script><script>alert(1)</script>'
    data = static_explorers.situation_data(
        "Kenya", base=START, base_currency="USD", programs=programs, rates=RATES, **TABLES
    )
    text = static_explorers.situation_files(START, "USD", programs, RATES, TABLES)[
        static_explorers.situation_file_name("Kenya")
    ]
    assert "</script>" not in text
    assert file_data(text) == json.loads(json.dumps(data))


def synthetic_programs(count: int) -> pd.DataFrame:
    table, problems = validate_text(synthetic_csv(count, seed=3))
    assert not problems
    return table.set_index("program_id", drop=False).rename_axis(None)


def test_chapter_5_does_not_grow_with_the_catalogue():
    """Issue 26: the page lists countries only; a country's programmes and situations come
    in its own file when the reader picks it. At 5,000 programmes the explorer the page
    carries is the size it is at the shipped catalogue, give or take a few country names."""
    many = synthetic_programs(5_000)
    small = len(static_explorers.roi_explorer_page(BASE, PROGRAMS, RATES, tables=TABLES).html())
    large = len(static_explorers.roi_explorer_page(BASE, many, RATES, tables=TABLES).html())
    countries = set(many["country"]) - set(PROGRAMS["country"])
    assert abs(large - small) <= 60 * (len(countries) + 1)


def read_typed(texts, decimals_only=False):
    source = f"""
global.window = {{}};
global.document = {{readyState: "complete", querySelectorAll: function () {{ return []; }}, addEventListener: function () {{}}}};
require({json.dumps(str(ROOT / "book/_assets/js/explorer-common.js"))});
var texts = {json.dumps(texts)};
process.stdout.write(JSON.stringify(texts.map(function (t) {{
  var r = window.mmedParseTyped(t, {json.dumps(decimals_only)});
  return [isNaN(r.value) ? null : r.value, r.problem];
}})));
"""
    done = subprocess.run([NODE, "-e", source], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_typed_numbers_with_decimal_commas_are_read_as_decimals_or_refused():
    texts = [
        "1,5",
        "2,75",
        "0,5",
        "600,000",
        "600 000",
        "1.234,5",
        "1,234.5",
        "1.234.567",
        "−2,5",
        "3 %",
        "1,5 %",
        "12,3456",
        "abc",
        "1,2,3",
        "",
    ]
    got = [value for value, _ in read_typed(texts)]
    assert got == [
        1.5,
        2.75,
        0.5,
        600000,
        600000,
        1234.5,
        1234.5,
        1234567,
        -2.5,
        3,
        1.5,
        12.3456,
        None,
        None,
        None,
    ]


def test_an_ambiguous_comma_is_refused_where_only_decimals_make_sense():
    (value, problem), (money, _) = read_typed(["1,500"], True)[0], read_typed(["1,500"])[0]
    assert value is None and "1500 or 1.500" in problem
    assert money == 1500
    assert read_typed(["2,5"], True)[0][0] == 2.5  # never 25
