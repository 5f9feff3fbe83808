"""Chapter 5's page without a browser: the presets the page converts (each programme stored
once, in its own currency) say exactly what mmedlearn.scenario.programme_scenario says in
every currency; the shared number parsing reads decimal commas as decimals or refuses them."""

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from mmedlearn import catalog, static_explorers
from mmedlearn.compare import load_exchange_rates, rate_note, rates_used
from mmedlearn.defaults import load_default_assumptions
from mmedlearn.scenario import programme_scenario

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node") or "/usr/bin/node"
RATES = load_exchange_rates()
PROGRAMS = catalog.load_programs()
BASE = load_default_assumptions()
FIXED = ("horizon_years", "dropout_year", "duration_years")


def fill(template: str, values: dict) -> str:
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", value)
    return out


def page_fee(preset: dict, name: str, currency: str):
    """What explorers.js's presetFee computes, step for step."""
    fee = preset[name]
    if fee["kind"] == "fixed":
        return fee["value"], fee["note"]
    if fee["kind"] == "missing":
        return None, fill(fee["note"], {"currency": currency})
    if preset["currency"] == currency:
        return fee["value"], fee["note"]
    value = fee["value"] / RATES[preset["currency"]] * RATES[currency]
    phrase = rate_note(RATES, rates_used(currency, [preset["currency"]], RATES))
    return value, fill(fee["template"], {"money": f"{value:,.0f} {currency}", "rates": phrase})


def fill_own(template: str, values: dict) -> str:
    """explorers.js fillOwn: fills the placeholders it knows, keeps the others."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def unpacked(config: dict) -> list[dict]:
    """explorers.js unpackPreset, step for step."""
    texts, out = config["preset_texts"], []
    for row in config["presets"]:
        own = {"context": texts[row[6]], "years": "" if row[4] is None else f"{row[4]:g}"}
        for fee, token in ((row[7], "tuition"), (row[8], "one_off")):
            if isinstance(fee, list) and len(fee) == 3:
                own[token] = f"{fee[0]:,.0f} {row[3]}"
        preset = {
            "id": row[0],
            "label": f"{texts[row[1]]} · {texts[row[2]]}",
            "currency": row[3],
            "duration_years": row[4],
            "duration_note": fill_own(texts[row[5]], own),
        }
        for name, fee in (("tuition_per_year", row[7]), ("one_off_fees", row[8])):
            if not isinstance(fee, list):
                preset[name] = {"kind": "missing", "note": fill_own(texts[fee], own)}
            elif len(fee) == 2:
                preset[name] = {
                    "kind": "fixed",
                    "value": fee[0],
                    "note": fill_own(texts[fee[1]], own),
                }
            else:
                preset[name] = {
                    "kind": "fee",
                    "value": fee[0],
                    "note": fill_own(texts[fee[1]], own),
                    "template": fill_own(texts[fee[2]], own),
                }
        out.append(preset)
    return out


def test_every_preset_in_every_currency_says_what_programme_scenario_says():
    config = static_explorers.roi_config(BASE, PROGRAMS, RATES)
    presets = unpacked(config)
    assert presets == static_explorers.presets(PROGRAMS, BASE, RATES)  # packing loses nothing
    assert len(presets) == len(PROGRAMS)
    checked = 0
    for preset in presets:
        programme = PROGRAMS.loc[preset["id"]]
        for currency in RATES.index:
            want = programme_scenario(programme, BASE, currency, RATES, fixed=FIXED)
            for name in static_explorers.PRESET_FEES:
                value, note = page_fee(preset, name, currency)
                where = (preset["id"], currency, name)
                if name in want.missing:
                    assert value is None, where
                    assert note == want.field_notes[name].split(": your ")[0], where
                else:
                    expected = getattr(want.assumptions, name)
                    assert value == pytest.approx(expected, rel=1e-12), where
                    assert note == want.field_notes[name], where
                checked += 1
    assert checked == 2 * len(PROGRAMS) * len(RATES)


def test_presets_are_stored_once_in_their_own_currency():
    config = static_explorers.roi_config(BASE, PROGRAMS, RATES)
    assert len(config["presets"]) == len(PROGRAMS)
    for row in config["presets"]:
        assert len(row) == 9  # one entry a programme, whatever the number of currencies


def test_the_page_grows_with_the_programmes_only():
    """500 synthetic programmes, each with its own institution and programme name (the worst
    case for the shared texts): the ROI explorer grows by about 100 bytes a programme, so
    chapter 5 (1.45 MB at 37 programmes, benchmarks/bench_pages.py) stays within 1.5 MB."""
    copies = math.ceil(500 / len(PROGRAMS))
    parts = []
    for k in range(copies):
        part = PROGRAMS.rename(index=lambda key, k=k: f"{key}_{k}").copy()
        part["institution"] = part["institution"] + f" {k}"
        part["programme"] = part["programme"] + f" {k}"
        parts.append(part)
    many = pd.concat(parts).iloc[:500]
    small = len(static_explorers.roi_explorer_page(BASE, PROGRAMS, RATES).html().encode())
    large = len(static_explorers.roi_explorer_page(BASE, many, RATES).html().encode())
    per_programme = (large - small) / (len(many) - len(PROGRAMS))
    assert per_programme < 120  # bytes: one short entry, never one per currency
    assert large - small < 50_000


def read_typed(texts, decimals_only=False):
    source = f"""
global.window = {{}};
global.document = {{readyState: "complete", querySelectorAll: function () {{ return []; }}, addEventListener: function () {{}}}};
require({json.dumps(str(ROOT / "book/_assets/js/explorers.js"))});
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
