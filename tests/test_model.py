"""The one definition of the model (mmedlearn.model): the generated page code is current, every
field is used, and the page's JavaScript, run in Node, agrees with mmedlearn.roi on hundreds of
generated scenarios (no browser)."""

import itertools
import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mmedlearn import model, roi
from mmedlearn.fields import FIELDS, SENSITIVITY_FIELDS

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / model.JS_PATH
NODE = shutil.which("node") or "/usr/bin/node"


def test_the_committed_page_model_is_generated_from_the_current_definition():
    assert GENERATED.read_text(encoding="utf-8") == model.javascript(), (
        "book/_assets/js/mmed-model.gen.js is stale: run `python -m mmedlearn.model`"
    )


def test_every_field_is_read_by_the_model():
    assert model.unused_fields() == []


def test_a_field_the_model_ignores_is_reported():
    # The check itself can fail: a model that reads only two fields leaves the others unused.
    small = model.Model()
    small.term("x", small.input("duration_years") + small.input("tuition_per_year"))
    small.input("post_salary")  # fetched but never used: still unused
    unused = model.unused_fields(small)
    assert "post_salary" in unused and "duration_years" not in unused
    assert len(unused) == len(FIELDS) - 2


def test_a_reduction_inside_an_expression_is_refused():
    small = model.Model()
    with pytest.raises(ValueError, match="make each"):
        small.term("x", model.total(model.YEAR) + 1)


def random_scenarios(n: int, seed: int) -> pd.DataFrame:
    """Valid scenarios over the whole ranges the page offers, with salaries in the millions
    (UGX-sized) for some, every version 3 field and every loan shape."""
    rng = np.random.default_rng(seed)
    duration = np.round(rng.uniform(0.25, 8, n) * 4) / 4
    duration[: n // 5] = rng.uniform(0.1, 6, n // 5)  # fractional lengths, not quarter years
    horizon = np.maximum(np.ceil(duration) + 1, rng.integers(2, 61, n)).astype(float)
    money = 10 ** rng.uniform(3, 7.5, (6, n)) * (rng.random((6, n)) > 0.15)
    table = pd.DataFrame(
        {
            "duration_years": duration,
            "tuition_per_year": money[0] / 5,
            "one_off_fees": money[1] / 20,
            "extra_costs_per_year": money[2] / 20,
            "baseline_salary": money[3],
            "baseline_growth": rng.uniform(-0.1, 0.1, n),
            "study_income": money[4] * (rng.random(n) > 0.4),
            "post_salary": money[5],
            "post_growth": rng.uniform(-0.1, 0.1, n),
            "horizon_years": horizon,
            "discount_rate": rng.uniform(-0.05, 0.2, n),
            "tax_rate": rng.uniform(0, 0.5, n),
            "completion_probability": rng.uniform(0.05, 1, n) ** 0.3,
            "loan_share": rng.uniform(0, 1, n) * (rng.random(n) > 0.5),
            "loan_rate": rng.uniform(0, 0.2, n) * (rng.random(n) > 0.3),
            "loan_term_years": rng.integers(1, 25, n).astype(float),
            "wait_years": rng.integers(0, 11, n) * (rng.random(n) > 0.4),
            "bond_years": rng.integers(0, 21, n) * (rng.random(n) > 0.4),
            "bond_salary": money[5] * rng.uniform(0.3, 1.2, n),
        }
    )
    last_full = np.maximum(1, np.floor(duration))
    table["dropout_year"] = np.floor(rng.random(n) * last_full) + 1
    return table


def run_node(script: str, payload) -> object:
    source = f"""
require({json.dumps(str(GENERATED))});
var m = globalThis.mmedModel;
var input = JSON.parse(require("fs").readFileSync(0, "utf8"));
var output = ({script})(input);
process.stdout.write(JSON.stringify(output));
"""
    done = subprocess.run(
        [NODE, "-e", source],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def close(got, want, scale):
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return got is None
    return got is not None and abs(got - want) <= 1e-9 * scale + 1e-9 * abs(want)


def test_the_page_model_agrees_with_roi_on_generated_scenarios():
    table = random_scenarios(400, seed=25)
    expected = roi.evaluate_many(table)
    rows = table.to_dict("records")
    got = run_node(
        "function (rows) { return rows.map(function (inp) { var r = m.evaluate(inp); "
        "return {npv: r.npv, irr: r.irr, breakeven_year: r.breakeven_year, payback_year: r.payback_year, "
        "total_cost: r.total_cost, breakeven_post_salary: r.breakeven_post_salary, net_flow: r.net_flow}; }); }",
        rows,
    )
    reported_irr = 0
    for index, (page, row) in enumerate(zip(got, rows, strict=True)):
        result = roi.evaluate(roi.Assumptions(**row))
        flows = result.cashflows["net_flow"].to_numpy()
        scale = 1 + np.abs(flows).sum()
        where = f"scenario {index}: {row}"
        assert np.allclose(page["net_flow"], flows, rtol=1e-9, atol=1e-9 * scale), where
        assert close(page["npv"], expected["npv"][index], scale), where
        assert close(page["total_cost"], expected["total_cost"][index], scale), where
        for name in ("breakeven_year", "payback_year"):
            want = expected[name][index]
            assert page[name] == (None if pd.isna(want) else int(want)), (name, where)
        want_irr = expected["irr"][index]
        if pd.isna(want_irr):
            assert page["irr"] is None, where
        else:
            reported_irr += 1
            assert page["irr"] == pytest.approx(float(want_irr), rel=1e-6, abs=1e-9), where
        want_salary = expected["breakeven_post_salary"][index]
        if pd.isna(want_salary):
            assert page["breakeven_post_salary"] is None, where
        else:
            assert page["breakeven_post_salary"] == pytest.approx(
                float(want_salary), rel=1e-9, abs=1e-6
            ), where
    # The generated cases reach both sides of every rule.
    assert 50 < reported_irr < 400
    assert expected["breakeven_post_salary"].isna().sum() > 5
    assert (expected["breakeven_post_salary"] == 0).sum() > 5


def test_three_sign_changes_give_no_irr_in_the_page_either():
    a = roi.Assumptions(
        duration_years=1,
        tuition_per_year=30_000,
        loan_share=1,
        loan_term_years=1,
        baseline_salary=50_000,
        baseline_growth=0.03,
        study_income=60_000,
        post_salary=60_000,
    )
    got = run_node("function (inp) { return m.evaluate(inp).irr; }", roi.asdict(a))
    assert got is None and roi.evaluate(a).irr is None


def test_the_page_sensitivity_is_roi_sensitivity():
    table = random_scenarios(40, seed=7)
    rows = table.to_dict("records")
    got = run_node(
        "function (rows) { return rows.map(function (r) { return m.sensitivity(r, 0.2); }); }", rows
    )
    for page, row in zip(got, rows, strict=True):
        want = roi.sensitivity(roi.Assumptions(**row), spread=0.2)
        # Largest swing first (fields whose swings differ only by rounding may swap places).
        swings = [r["swing"] for r in page]
        assert all(a >= b - 1e-6 * (1 + abs(a)) for a, b in itertools.pairwise(swings)), swings
        assert [r["field"] for r in page] == want["field"].tolist() or np.allclose(
            swings, want["swing"], rtol=1e-9, atol=1e-3
        )
        by_field = {r["field"]: r for r in page}
        for w in want.itertuples():
            p = by_field[w.field]
            assert p["low_value"] == pytest.approx(w.low_value, rel=1e-12, abs=1e-12)
            assert p["high_value"] == pytest.approx(w.high_value, rel=1e-12, abs=1e-12)
            scale = 1 + abs(w.npv_low) + abs(w.npv_high)
            assert p["npv_low"] == pytest.approx(w.npv_low, rel=1e-9, abs=1e-9 * scale)
            assert p["npv_high"] == pytest.approx(w.npv_high, rel=1e-9, abs=1e-9 * scale)
    assert set(SENSITIVITY_FIELDS) == set(by_field)


def test_the_page_simulation_draws_are_roi_simulate_s():
    from mmedlearn.static_explorers import uniform_draws
    from mmedlearn.widgets import simulation_ranges

    draws = 300
    u = uniform_draws(draws).tolist()
    for row in random_scenarios(6, seed=3).to_dict("records"):
        a = roi.Assumptions(**row)
        ranges = simulation_ranges(a)
        want = roi.simulate(a, ranges, n=draws, seed=0)
        got = run_node(
            "function (x) { var out = []; for (var k = 0; k < x.n; k++) { "
            "out.push(m.years(m.simulationDraw(x.inp, x.u, k)).npv); } return out; }",
            {"inp": row, "u": u, "n": draws},
        )
        assert np.allclose(got, want.npv, rtol=1e-9, atol=1e-6 * (1 + np.abs(want.npv).max()))


@pytest.mark.parametrize(
    "change, field",
    [
        ({"tax_rate": 1.0}, "tax_rate"),
        ({"wait_years": 1.5}, "wait_years"),
        ({"bond_years": 21}, "bond_years"),
        ({"bond_salary": -1}, "bond_salary"),
        ({"horizon_years": 3, "duration_years": 3}, "horizon_years"),
        ({"dropout_year": 3, "duration_years": 2.5}, "dropout_year"),
        ({"duration_years": 0}, "duration_years"),
    ],
)
def test_the_page_refuses_what_roi_refuses_naming_the_same_field(change, field):
    base = roi.asdict(
        roi.Assumptions(duration_years=2, tuition_per_year=1, baseline_salary=1, post_salary=1)
    )
    with pytest.raises(ValueError) as raised:
        roi.Assumptions(**{**base, **change})
    assert raised.value.field == field
    got = run_node("function (inp) { return m.checkInputs(inp); }", {**base, **change})
    assert got[0] == field
    assert run_node("function (inp) { return m.checkInputs(inp); }", base) is None


def test_the_page_regenerates_numpys_uniform_numbers_exactly():
    import numpy as np

    state = np.random.default_rng(0).bit_generator.state["state"]
    got = run_node(
        "function (x) { return m.numpyUniforms(x[0], x[1], 3000); }",
        [str(state["state"]), str(state["inc"])],
    )
    assert got == np.random.default_rng(0).random(3000).tolist()
