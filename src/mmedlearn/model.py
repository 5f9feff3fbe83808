"""The ROI model of ``docs/roi-model.md`` (version 3), written once as an expression tree.

Everything that computes the model is generated from the definitions in this module:

* :func:`evaluate_columns` runs the tree with NumPy on arrays of shape (scenarios, years),
  so ``roi.evaluate``, ``evaluate_many``, ``sensitivity`` and ``simulate`` share one core;
* :func:`javascript` writes the same tree as plain ES5 functions over arrays, the file
  ``book/_assets/js/mmed-model.gen.js`` that chapter 5's page computes with
  (``python -m mmedlearn.model`` rewrites it; a test fails when the committed file is stale).

A term is a named :class:`Expr`. Terms that do not depend on the year are one number per
scenario; the others are one number per scenario and year. ``cumsum``, ``total``,
``suffix_min`` and ``first_year`` work along the years 1 … H of each scenario's own horizon.
Two summaries are not arithmetic on the tree and are written once per backend, each short
and held against the other by the tests: the IRR (a root search) and the break-even salary
(the NPV evaluated at two salaries).

Why a tree and not Vega expressions or hand-written JavaScript: adding an input is one row
in ``fields.py`` and one line here; both backends follow, and a field this module does not
read fails ``tests/test_model.py``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from mmedlearn.fields import FIELDS, SENSITIVITY_FIELDS

# ------------------------------------------------------------------ the expression tree


@dataclass(frozen=True, eq=False)
class Expr:
    """A node: ``op`` and its arguments (other nodes, or a number or name for leaves)."""

    op: str
    args: tuple

    # Arithmetic builds new nodes; comparisons too (so ``==`` is the method :meth:`eq`).
    def __add__(self, other):
        return Expr("+", (self, wrap(other)))

    def __radd__(self, other):
        return Expr("+", (wrap(other), self))

    def __sub__(self, other):
        return Expr("-", (self, wrap(other)))

    def __rsub__(self, other):
        return Expr("-", (wrap(other), self))

    def __mul__(self, other):
        return Expr("*", (self, wrap(other)))

    def __rmul__(self, other):
        return Expr("*", (wrap(other), self))

    def __truediv__(self, other):
        return Expr("/", (self, wrap(other)))

    def __rtruediv__(self, other):
        return Expr("/", (wrap(other), self))

    def __pow__(self, other):
        return Expr("pow", (self, wrap(other)))

    def __rpow__(self, other):
        return Expr("pow", (wrap(other), self))

    def __neg__(self):
        return Expr("neg", (self,))

    def __lt__(self, other):
        return Expr("<", (self, wrap(other)))

    def __le__(self, other):
        return Expr("<=", (self, wrap(other)))

    def __gt__(self, other):
        return Expr(">", (self, wrap(other)))

    def __ge__(self, other):
        return Expr(">=", (self, wrap(other)))

    def eq(self, other):
        return Expr("==", (self, wrap(other)))

    def __and__(self, other):
        return Expr("and", (self, wrap(other)))

    def __or__(self, other):
        return Expr("or", (self, wrap(other)))

    __hash__ = object.__hash__


def wrap(value) -> Expr:
    return value if isinstance(value, Expr) else Expr("const", (float(value),))


def call(op: str, *args) -> Expr:
    return Expr(op, tuple(wrap(a) for a in args))


def minimum(first, *rest):
    """The smallest of the arguments (as nested two-argument calls, as NumPy needs)."""
    out = wrap(first)
    for other in rest:
        out = call("min", out, other)
    return out


def maximum(first, *rest):
    out = wrap(first)
    for other in rest:
        out = call("max", out, other)
    return out


def ceil(x):
    return call("ceil", x)


def floor(x):
    return call("floor", x)


def absolute(x):
    return call("abs", x)


def log1p(x):
    return call("log1p", x)


def expm1(x):
    return call("expm1", x)


def where(condition, if_true, if_false):
    return call("where", condition, if_true, if_false)


def cumsum(x):
    """Running sum over years 1 … t."""
    return call("cumsum", x)


def total(x):
    """Sum over years 1 … H: one number per scenario."""
    return call("total", x)


def suffix_min(x):
    """The smallest value of years t … H."""
    return call("suffix_min", x)


def first_year(condition):
    """The first year (1 … H) where the condition holds; 0 where it never does."""
    return call("first_year", condition)


YEAR = Expr("year", ())

#: IRR is searched between these rates; a root beyond them is reported as None.
IRR_BRACKET = (-0.9, 1000.0)
BISECTION_STEPS = 12


class Model:
    """Named terms in order; each may use inputs, the year and earlier terms."""

    def __init__(self):
        self.terms: dict[str, Expr] = {}
        self.inputs: set[str] = set()

    def input(self, name: str) -> Expr:
        if name not in FIELDS:
            raise KeyError(f"{name} is not a field of mmedlearn.fields")
        self.inputs.add(name)
        return Expr("input", (name,))

    def term(self, name: str, expr) -> Expr:
        if name in self.terms:
            raise KeyError(f"term {name} defined twice")
        if _nested_reduction(wrap(expr)):
            raise ValueError(f"term {name}: make each cumsum/total/suffix_min/first_year a term")
        self.terms[name] = wrap(expr)
        return Expr("term", (name,))

    def yearly(self, name: str) -> bool:
        return _yearly(self.terms[name], self)


_REDUCTIONS = ("cumsum", "total", "suffix_min", "first_year")


def _contains_reduction(e: Expr) -> bool:
    return e.op in _REDUCTIONS or (
        e.op not in ("const", "input", "term", "year") and any(map(_contains_reduction, e.args))
    )


def _nested_reduction(e: Expr) -> bool:
    """A year-axis step anywhere but at the top of a term (or inside another one)."""
    if e.op in _REDUCTIONS:
        return _contains_reduction(e.args[0])
    return _contains_reduction(e)


def _yearly(expr: Expr, model: Model) -> bool:
    if expr.op == "year":
        return True
    if expr.op in ("const", "input"):
        return False
    if expr.op == "term":
        return model.yearly(expr.args[0])
    if expr.op in ("total", "first_year"):
        return False
    return any(_yearly(a, model) for a in expr.args)


# ------------------------------------------------------------------ the model (roi-model.md)


def _annuity(principal: Expr, rate: Expr, term: Expr) -> Expr:
    """Equal payment repaying ``principal`` over ``term`` years: i / (1 − (1 + i)^−n), with
    1 − (1 + i)^−n written with expm1/log1p so a tiny rate stays accurate; P / n at i = 0."""
    safe = where(rate.eq(0), 1, rate)
    return where(rate.eq(0), principal / term, principal * safe / -expm1(-term * log1p(safe)))


def _compound_sum(rate: Expr, years: Expr) -> Expr:
    """Σ_{k=0}^{years−1} (1 + i)^k = ((1 + i)^years − 1) / i; years at i = 0."""
    safe = where(rate.eq(0), 1, rate)
    return where(rate.eq(0), years, expm1(years * log1p(safe)) / safe)


def _overlap(start: Expr, end: Expr) -> Expr:
    """|[start, end] ∩ [t − 1, t]|: the share of year t inside a time interval."""
    return maximum(0, minimum(end, YEAR) - maximum(start, YEAR - 1))


def build_model() -> Model:
    m = Model()
    i = {name: m.input(name) for name in FIELDS}
    D, t = i["duration_years"], YEAR
    c = m.term("last_study_year", ceil(D))
    within = m.term("within", where(t <= i["horizon_years"], 1, 0))
    s = m.term("study_share", minimum(1, maximum(0, D - (t - 1))))
    B = m.term("baseline_earnings", i["baseline_salary"] * (1 + i["baseline_growth"]) ** (t - 1))
    # Version 3: the wait [D, D + W] at the salary without the degree, then bonded service
    # [D + W, D + W + K] at the bond salary, then specialist pay.
    W, K = i["wait_years"], i["bond_years"]
    m.term("wait_share", _overlap(D, D + W))
    b = m.term("bond_share", _overlap(D + W, D + W + K))
    g = m.term("post_growth_factor", (1 + i["post_growth"]) ** maximum(0, t - c - W - 1))
    P = m.term("post_earnings", i["post_salary"] * g)
    Q = m.term("bond_earnings", i["bond_salary"] * g)
    specialist = m.term("specialist_share", minimum(1, maximum(0, t - (D + W + K))))
    # M_t − B_t, with s + w + b + (specialist share) = 1: each part as a difference from the
    # baseline, so a wait year gives exactly 0 and equal incomes exactly equal paths (a sum
    # such as P + (B − P) can miss B by a rounding error, which the IRR's sign count would
    # take for a real flow).
    gain = m.term(
        "completed_gain",
        s * (i["study_income"] - B) + b * (Q - B) + specialist * (P - B),
    )
    tuition, lam, rate, n = (
        i["tuition_per_year"],
        i["loan_share"],
        i["loan_rate"],
        i["loan_term_years"],
    )
    C = m.term(
        "completed_costs",
        s * (tuition * (1 - lam) + i["extra_costs_per_year"])
        + where(t.eq(1), i["one_off_fees"], 0),
    )
    # The loan: full study years' draws accrue (1 + i)^(c − t) to the end of year c (a
    # geometric series), the last (possibly part) year's draw accrues nothing.
    balance = m.term(
        "loan_balance",
        tuition * lam * ((1 + rate) * _compound_sum(rate, c - 1) + (D - (c - 1))),
    )
    A = m.term(
        "completed_loan_payment",
        where((t >= c + 1) & (t <= c + n), _annuity(balance, rate, n), 0),
    )
    # Leaving after year d (every such year a whole study year, or year 1 of a D < 1 programme):
    # draws of years 1 … d accrue to the end of year d, repaid in years d + 1 … d + n.
    d = i["dropout_year"]
    dropout_balance = m.term(
        "dropout_loan_balance", tuition * lam * minimum(1, D) * _compound_sum(rate, d)
    )
    A_d = m.term(
        "dropout_loan_payment",
        where((t >= d + 1) & (t <= d + n), _annuity(dropout_balance, rate, n), 0),
    )
    p = i["completion_probability"]
    before_leaving = t <= d
    expected_gain = m.term("expected_gain", where(before_leaving, gain, p * gain))
    m.term("degree_earnings", B + expected_gain)
    EC = m.term("costs", where(before_leaving, C, p * C))
    EA = m.term("loan_payment", p * A + (1 - p) * A_d)
    keep = 1 - i["tax_rate"]
    E = m.term("net_flow", within * (keep * expected_gain - EC - EA))
    discounted = m.term("discounted_flow", E * (1 + i["discount_rate"]) ** -t)
    cumulative = m.term("cumulative_discounted", cumsum(discounted))
    cumulative_flow = m.term("cumulative_flow", cumsum(E))
    given_up = m.term("income_given_up", where(t <= c, maximum(0, -keep * expected_gain), 0))
    npv = m.term("npv", total(discounted))
    # Version 3's break-even salary. The NPV is affine in post_salary; its slope is the
    # discounted value of one unit of specialist pay: the share of year t after the wait and
    # the bond (exactly 0 before them, so "no specialist pay within H" is a slope of exactly
    # 0, not a rounding error), its growth, tax, and the chance of being on that path.
    on_path = where(before_leaving, 1, p)
    slope = m.term(
        "post_salary_slope",
        total(keep * on_path * specialist * g * (1 + i["discount_rate"]) ** -t),
    )
    m.term(
        "breakeven_post_salary",
        where(
            slope > 0,
            maximum(0, i["post_salary"] - npv / where(slope > 0, slope, 1)),
            math.nan,
        ),
    )
    m.term("total_cost", total(EC + EA + given_up))

    # Break-even and payback: the first year from which the cumulative value stays ≥ 0
    # (to within rounding, relative to the flows' size) through the horizon; 0 for never.
    # Each year-axis step is a term of its own (the JavaScript writes each as one loop).
    def stays_non_negative(name, running, flows):
        scale = m.term(f"{name}_scale", total(absolute(flows)))
        ok = m.term(f"{name}_ok", where(running >= -1e-9 * (1 + scale), 1, 0))
        stays = m.term(f"{name}_stays", suffix_min(ok))
        return m.term(name, first_year(stays > 0.5))

    stays_non_negative("breakeven_year", cumulative, discounted)
    stays_non_negative("payback_year", cumulative_flow, E)
    return m


MODEL = build_model()

#: The columns of ``roi.Result.cashflows`` (one row a year).
CASHFLOW_TERMS = (
    "study_share",
    "wait_share",
    "bond_share",
    "baseline_earnings",
    "degree_earnings",
    "costs",
    "loan_payment",
    "net_flow",
    "discounted_flow",
    "cumulative_discounted",
)
SUMMARY_TERMS = ("npv", "total_cost", "breakeven_year", "payback_year", "breakeven_post_salary")

# ------------------------------------------------------------------ input rules and ranges
# The rules that join two fields (each field's own range is its row in fields.py). Each:
# (the field a message names, the condition that must hold).
_in = {name: Expr("input", (name,)) for name in FIELDS}
CROSS_RULES = (
    ("horizon_years", _in["horizon_years"] > ceil(_in["duration_years"])),
    ("dropout_year", _in["dropout_year"] <= maximum(1, floor(_in["duration_years"]))),
)

#: The uncertainty the calculator and the page simulate (illustrative; stated beside the
#: chart): the salary after the degree 20 % either side (triangular, most likely as set), up
#: to a year's delay and a chance of finishing up to 0.2 lower (uniform). A range whose low
#: end is not below its high end is not drawn.
SIMULATION_RANGES = {
    "post_salary": (0.8 * _in["post_salary"], _in["post_salary"], 1.2 * _in["post_salary"]),
    "duration_years": (
        _in["duration_years"],
        minimum(_in["duration_years"] + 1, 10, _in["horizon_years"] - 1),
    ),
    "completion_probability": (
        maximum(0.05, _in["completion_probability"] - 0.2),
        _in["completion_probability"],
    ),
}
SIMULATION_RANGES_TEXT = (
    "the salary after the degree 20 % either side (most likely as you set it), "
    "up to a year's delay, and a chance of finishing up to 0.2 lower"
)

# ------------------------------------------------------------------ NumPy backend

_NUMPY_FUNCTIONS = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "pow": np.power,
    "neg": np.negative,
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "and": np.logical_and,
    "or": np.logical_or,
    "min": np.minimum,
    "max": np.maximum,
    "ceil": np.ceil,
    "floor": np.floor,
    "abs": np.abs,
    "log1p": np.log1p,
    "expm1": np.expm1,
    "where": np.where,
}


class _NumpyRun:
    def __init__(self, model: Model, columns: dict[str, np.ndarray]):
        self.model, self.values = model, {}
        self.inputs = {name: np.asarray(v, dtype=float)[:, None] for name, v in columns.items()}
        horizon = self.inputs["horizon_years"]
        self.year = np.arange(1, int(horizon.max()) + 1, dtype=float)[None, :]
        self.within = self.year <= horizon

    def term(self, name):
        if name not in self.values:
            self.values[name] = self.eval(self.model.terms[name])
        return self.values[name]

    def eval(self, e: Expr):
        op, args = e.op, e.args
        if op == "const":
            return args[0]
        if op == "input":
            return self.inputs[args[0]]
        if op == "term":
            return self.term(args[0])
        if op == "year":
            return self.year
        values = [self.eval(a) for a in args]
        if op in _REDUCTIONS:
            x = np.broadcast_to(values[0], self.within.shape)
            if op == "cumsum":
                return np.cumsum(np.where(self.within, x, 0.0), axis=1)
            if op == "total":
                return np.where(self.within, x, 0.0).sum(axis=1, keepdims=True)
            if op == "suffix_min":
                x = np.where(self.within, x, np.inf)
                return np.flip(np.minimum.accumulate(np.flip(x, axis=1), axis=1), axis=1)
            hit = np.where(self.within, x, False).astype(bool)
            return np.where(hit.any(axis=1), np.argmax(hit, axis=1) + 1, 0)[:, None].astype(float)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if op == "pow" and np.all(np.asarray(values[0]) > 0):
                # a^b as exp(b·ln a): the same value to a few ulps, several times faster than
                # np.power on (scenarios × years) arrays (every base here is a growth or
                # discount factor, 1 + g > 0.5).
                return np.exp(np.log(values[0]) * values[1])
            return _NUMPY_FUNCTIONS[op](*values)


def evaluate_columns(columns: dict[str, np.ndarray], names=None, model: Model = MODEL) -> dict:
    """The named terms (default: every term) for n scenarios given as checked columns.

    Yearly terms have shape (n, max H); years past a scenario's horizon are not meaningful
    there (``net_flow`` is 0). Scenario terms have shape (n,).
    """
    run = _NumpyRun(model, columns)
    out = {}
    n = len(next(iter(columns.values())))
    for name in names or model.terms:
        value = np.asarray(run.term(name), dtype=float)
        if model.yearly(name):
            out[name] = np.broadcast_to(value, (n, run.year.shape[1]))
        else:
            out[name] = np.broadcast_to(value, (n, 1))[:, 0]
    out["year"] = np.broadcast_to(run.year, (n, run.year.shape[1]))
    out["within"] = run.within
    return out


def evaluate_expression(expr: Expr, columns: dict[str, np.ndarray]) -> np.ndarray:
    """One scenario-level expression (a rule, a range) over n scenarios: shape (n,)."""
    run = _NumpyRun(MODEL, columns)
    value = np.asarray(run.eval(expr), dtype=float)
    return np.broadcast_to(value, (len(next(iter(columns.values()))), 1))[:, 0]


# ------------------------------------------------------------------ JavaScript backend

_JS_INFIX = {
    "+": "+",
    "-": "-",
    "*": "*",
    "/": "/",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
    "==": "===",
    "and": "&&",
    "or": "||",
}
_JS_CALLS = {
    "pow": "Math.pow",
    "min": "Math.min",
    "max": "Math.max",
    "ceil": "Math.ceil",
    "floor": "Math.floor",
    "abs": "Math.abs",
    "log1p": "log1p",
    "expm1": "expm1",
}


def _js(e: Expr, model: Model, index: str = "k") -> str:
    op, args = e.op, e.args
    if op == "const":
        if math.isnan(args[0]):
            return "NaN"
        return repr(args[0]) if args[0] >= 0 else f"({args[0]!r})"
    if op == "input":
        return f"inp.{args[0]}"
    if op == "term":
        return f"{args[0]}[{index}]" if model.yearly(args[0]) else args[0]
    if op == "year":
        return "t"
    parts = [_js(a, model, index) for a in args]
    if op in _JS_INFIX:
        return f"({parts[0]} {_JS_INFIX[op]} {parts[1]})"
    if op == "neg":
        return f"(-{parts[0]})"
    if op == "where":
        return f"({parts[0]} ? {parts[1]} : {parts[2]})"
    if op in _JS_CALLS:
        return f"{_JS_CALLS[op]}({', '.join(parts)})"
    raise ValueError(f"no JavaScript for {op} inside an expression")


def _js_reduction(name: str, e: Expr, model: Model) -> list[str]:
    """A year-axis operation as its own loop (its argument is a yearly or scenario term)."""
    inner = e.args[0]
    x = _js(inner, model)
    if e.op == "cumsum":
        return [
            f"var {name} = new Array(H), acc_{name} = 0;",
            f"for (k = 0; k < H; k++) {{ t = k + 1; acc_{name} += {x}; {name}[k] = acc_{name}; }}",
        ]
    if e.op == "total":
        return [f"var {name} = 0;", f"for (k = 0; k < H; k++) {{ t = k + 1; {name} += {x}; }}"]
    if e.op == "suffix_min":
        return [
            f"var {name} = new Array(H), low_{name} = Infinity;",
            f"for (k = H - 1; k >= 0; k--) {{ t = k + 1; low_{name} = Math.min(low_{name}, {x}); "
            f"{name}[k] = low_{name}; }}",
        ]
    if e.op == "first_year":
        return [
            f"var {name} = 0;",
            f"for (k = 0; k < H; k++) {{ t = k + 1; if ({x}) {{ {name} = t; break; }} }}",
        ]
    raise ValueError(e.op)


def _js_terms(model: Model) -> list[str]:
    lines = []
    for name, e in model.terms.items():
        if e.op in _REDUCTIONS:
            lines += _js_reduction(name, e, model)
        elif model.yearly(name):
            lines += [
                f"var {name} = new Array(H);",
                f"for (k = 0; k < H; k++) {{ t = k + 1; {name}[k] = {_js(e, model)}; }}",
            ]
        else:
            lines.append(f"var {name} = {_js(e, model)};")
    return lines


def _field_table() -> list[dict]:
    return [
        {
            "name": name,
            "label": f.label,
            "low": f.low,
            "high": None if math.isinf(f.high) else f.high,
            "low_inclusive": f.low_inclusive,
            "high_inclusive": f.high_inclusive,
            "integer": f.integer,
            "default": f.default,
            "allowed": f.allowed(),
        }
        for name, f in FIELDS.items()
    ]


JS_PATH = "book/_assets/js/mmed-model.gen.js"

_JS_RUNTIME = r"""
  var log1p = Math.log1p || function (x) { var u = 1 + x; return u === 1 ? x : Math.log(u) * x / (u - 1); };
  var expm1 = Math.expm1 || function (x) { var u = Math.exp(x); return u === 1 ? x : (u - 1) * x / Math.log(u); };

  // roi._sign_changes: sign changes between consecutive non-zero flows.
  function signChanges(flows) {
    var count = 0, previous = 0;
    for (var k = 0; k < flows.length; k++) {
      var s = flows[k] > 0 ? 1 : (flows[k] < 0 ? -1 : 0);
      if (s !== 0) { if (previous !== 0 && s !== previous) { count += 1; } previous = s; }
    }
    return count;
  }
  function npvAtLogRate(flows, u) {  // Σ f_t e^(−u t), by Horner's rule
    var x = Math.exp(-u), sum = 0;
    for (var k = flows.length - 1; k >= 0; k--) { sum = (sum + flows[k]) * x; }
    return sum;
  }
  function sign(x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); }
  // roi._irr for one scenario: only with exactly one sign change (else null), bisection on
  // u = ln(1 + rate), then the Illinois variant of regula falsi.
  function irr(flows) {
    if (signChanges(flows) !== 1) { return null; }
    var lo = log1p(IRR_BRACKET[0]), hi = log1p(IRR_BRACKET[1]);
    var fLo = npvAtLogRate(flows, lo), fHi = npvAtLogRate(flows, hi), i, middle, fMiddle;
    if (sign(fLo) === sign(fHi)) { return null; }
    for (i = 0; i < BISECTION_STEPS; i++) {
      middle = (lo + hi) / 2; fMiddle = npvAtLogRate(flows, middle);
      if (sign(fMiddle) === sign(fLo)) { lo = middle; fLo = fMiddle; } else { hi = middle; fHi = fMiddle; }
    }
    var guess = (lo + hi) / 2, keptHi = false, keptLo = false;
    for (i = 0; i < 100; i++) {
      var next = (lo * fHi - hi * fLo) / (fHi - fLo);
      if (!isFinite(next)) { next = guess; }
      var fNext = npvAtLogRate(flows, next);
      var replacesLo = sign(fNext) === sign(fLo);
      if (replacesLo && keptHi) { fHi = fHi / 2; }
      if (!replacesLo && keptLo) { fLo = fLo / 2; }
      if (replacesLo) { lo = next; fLo = fNext; } else { hi = next; fHi = fNext; }
      keptHi = replacesLo; keptLo = !replacesLo;
      var done = Math.abs(next - guess) < 1e-13 || fNext === 0 || hi - lo < 1e-13;
      guess = next;
      if (done) { break; }
    }
    return expm1(guess);
  }

  function copy(inp, changes) {
    var out = {}, name;
    for (name in inp) { if (inp.hasOwnProperty(name)) { out[name] = inp[name]; } }
    for (name in changes) { if (changes.hasOwnProperty(name)) { out[name] = changes[name]; } }
    return out;
  }
  // The whole result of one scenario: every term, and the summaries roi.evaluate reports.
  function evaluate(inp) {
    var r = years(inp);
    r.irr = irr(r.net_flow);
    if (isNaN(r.breakeven_post_salary)) { r.breakeven_post_salary = null; }
    r.breakeven_year = r.breakeven_year || null;
    r.payback_year = r.payback_year || null;
    return r;
  }

  // fields.Field.accepts, and the rules joining two fields: null, or [field, reason].
  function checkField(name, value) {
    var f = FIELDS[name];
    var ok = typeof value === "number" && isFinite(value) && (f.low_inclusive ? value >= f.low : value > f.low)
      && (f.high === null || (f.high_inclusive ? value <= f.high : value < f.high))
      && (!f.integer || Math.round(value) === value);
    return ok ? null : [name, "must be " + f.allowed];
  }
  function checkInputs(inp) {
    for (var k = 0; k < FIELD_NAMES.length; k++) {
      var problem = checkField(FIELD_NAMES[k], inp[FIELD_NAMES[k]]);
      if (problem) { return problem; }
    }
    var broken = crossRules(inp);
    return broken ? [broken, "breaks the rule joining it to the programme's length"] : null;
  }

  // roi._nearest_valid: a sensitivity move kept inside the field's range and the rules.
  function nearestValid(name, value, base) {
    var f = FIELDS[name], step = 1e-9 * Math.max(1, Math.abs(value));
    var low = f.low_inclusive ? f.low : f.low + step;
    var high = f.high === null ? Infinity : (f.high_inclusive ? f.high : f.high - step);
    if (name === "duration_years") {
      low = Math.max(low, base.dropout_year > 1 ? base.dropout_year : low);
      high = Math.min(high, base.horizon_years - 1);
    }
    if (name === "dropout_year") { high = Math.min(high, Math.max(1, Math.floor(base.duration_years))); }
    value = Math.min(Math.max(value, low), high);
    return f.integer ? roundHalfEven(value) : value;
  }
  function roundHalfEven(x) {  // Python's round()
    var f = Math.floor(x);
    if (x - f === 0.5) { return f % 2 === 0 ? f : f + 1; }
    return Math.round(x);
  }
  // roi.sensitivity: NPV with each field alone at (1 − spread) and (1 + spread) of its value.
  function sensitivity(inp, spread) {
    var rows = [];
    for (var k = 0; k < SENSITIVITY_FIELDS.length; k++) {
      var name = SENSITIVITY_FIELDS[k], lowValue = nearestValid(name, inp[name] * (1 - spread), inp);
      var highValue = nearestValid(name, inp[name] * (1 + spread), inp);
      var changeLow = {}, changeHigh = {};
      changeLow[name] = lowValue; changeHigh[name] = highValue;
      var npvLow = years(copy(inp, changeLow)).npv, npvHigh = years(copy(inp, changeHigh)).npv;
      rows.push({field: name, label: FIELDS[name].label, order: k, low_value: lowValue, high_value: highValue,
                 npv_low: npvLow, npv_high: npvHigh, swing: Math.abs(npvHigh - npvLow)});
    }
    rows.sort(function (a, b) { return b.swing - a.swing || a.order - b.order; });
    return rows;
  }

  // numpy's Generator(PCG64).random(): the same doubles from the same state, so the page
  // ships two numbers instead of its draws. PCG64 is a 128-bit LCG whose output is the
  // xor of the state's halves rotated by its top 6 bits (XSL-RR); a double takes its top 53
  // bits. BigInt through calls, not literals, so the file still parses as ES5.
  function numpyUniforms(state, increment, count) {
    var big = BigInt, mask = (big(1) << big(128)) - big(1), low64 = (big(1) << big(64)) - big(1);
    var multiplier = (big("2549297995355413924") << big(64)) + big("4865540595714422341");
    var s = big(state), inc = big(increment), out = new Array(count), k;
    for (k = 0; k < count; k++) {
      s = (s * multiplier + inc) & mask;
      var x = ((s >> big(64)) ^ s) & low64, rot = s >> big(122);
      var r = ((x >> rot) | (x << ((big(64) - rot) & big(63)))) & low64;
      out[k] = Number(r >> big(11)) / 9007199254740992;
    }
    return out;
  }

  // roi.simulate with simulation ranges, from uniform numbers u[block][draw] (the page ships
  // numpy's, so its draws are roi.simulate's): the k-th range drawn takes block k; a
  // (low, mode, high) range is numpy's triangular draw, a (low, high) one its uniform draw.
  function simulationDraw(inp, u, draw) {
    var ranges = simulationRanges(inp), block = 0, out = copy(inp, {});
    for (var k = 0; k < RANGE_NAMES.length; k++) {
      var name = RANGE_NAMES[k], r = ranges[name];
      if (!r) { continue; }
      var x = u[block][draw];
      block += 1;
      if (r.length === 2) { out[name] = r[0] + (r[1] - r[0]) * x; continue; }
      var base = r[2] - r[0], ratio = (r[1] - r[0]) / base;
      out[name] = x <= ratio ? r[0] + Math.sqrt(x * (r[1] - r[0]) * base) : r[2] - Math.sqrt((1 - x) * (r[2] - r[1]) * base);
    }
    out.dropout_year = Math.min(out.dropout_year, Math.max(1, Math.floor(out.duration_years)));
    return out;
  }
"""


def _js_scenario_function(name: str, body_expr: dict[str, Expr]) -> list[str]:
    entries = ", ".join(f"{key}: {_js(e, MODEL)}" for key, e in body_expr.items())
    return [f"function {name}(inp) {{ return {{{entries}}}; }}"]


def javascript() -> str:
    """The generated file's text: the model (``years``), summaries, checks and ranges."""
    terms = _js_terms(MODEL)
    names = list(MODEL.terms)
    returned = ", ".join(f"{n}: {n}" for n in names)
    ranges = []
    for name, bounds in SIMULATION_RANGES.items():
        parts = ", ".join(_js(b, MODEL) for b in bounds)
        ranges.append(f"    r = [{parts}];")
        ranges.append(f"    out.{name} = r[0] < r[r.length - 1] ? r : null;")
    rules = [
        f"    if (!({_js(condition, MODEL)})) {{ return {json.dumps(field)}; }}"
        for field, condition in CROSS_RULES
    ]
    fields = {f["name"]: f for f in _field_table()}
    lines = [
        "// generated by `python -m mmedlearn.model` from src/mmedlearn/model.py and fields.py;",
        "// do not edit: change the model there and run the command again (a test checks).",
        "// The ROI model of docs/roi-model.md (version 3) for one scenario, over years 1 … H.",
        "(function (root) {",
        '  "use strict";',
        f"  var FIELDS = {json.dumps(fields, ensure_ascii=False)};",
        f"  var FIELD_NAMES = {json.dumps(list(FIELDS))};",
        f"  var SENSITIVITY_FIELDS = {json.dumps(list(SENSITIVITY_FIELDS))};",
        f"  var RANGE_NAMES = {json.dumps(list(SIMULATION_RANGES))};",
        f"  var IRR_BRACKET = {json.dumps(list(IRR_BRACKET))};",
        f"  var BISECTION_STEPS = {BISECTION_STEPS};",
        "",
        "  // Every term of the model: scenario terms as numbers, yearly terms as arrays of H.",
        "  function years(inp) {",
        "    var H = inp.horizon_years, k, t;",
        *[f"    {line}" for line in terms],
        f"    return {{{returned}}};",
        "  }",
        "",
        "  // The name of the first rule joining two fields that the inputs break, or null.",
        "  function crossRules(inp) {",
        *rules,
        "    return null;",
        "  }",
        "  // The simulation's ranges around a scenario (model.SIMULATION_RANGES); null: not drawn.",
        "  function simulationRanges(inp) {",
        "    var out = {}, r;",
        *ranges,
        "    return out;",
        "  }",
        _JS_RUNTIME.rstrip(),
        "",
        "  root.mmedModel = {FIELDS: FIELDS, FIELD_NAMES: FIELD_NAMES, SENSITIVITY_FIELDS: SENSITIVITY_FIELDS,",
        "    years: years, evaluate: evaluate, irr: irr, signChanges: signChanges,",
        "    checkField: checkField, checkInputs: checkInputs, crossRules: crossRules, nearestValid: nearestValid,",
        "    sensitivity: sensitivity, simulationRanges: simulationRanges, simulationDraw: simulationDraw,",
        "    numpyUniforms: numpyUniforms};",
        '})(typeof window !== "undefined" ? window : (typeof globalThis !== "undefined" ? globalThis : this));',
        "",
    ]
    return "\n".join(lines)


def inputs_read(model: Model = MODEL) -> set[str]:
    """Every field that some term of the model actually reads (walking the trees, so a field
    fetched with ``model.input`` but used nowhere does not count)."""
    found: set[str] = set()

    def visit(e: Expr):
        if e.op == "input":
            found.add(e.args[0])
        elif e.op not in ("const", "term", "year"):
            for a in e.args:
                visit(a)

    for e in model.terms.values():
        visit(e)
    return found


def unused_fields(model: Model = MODEL) -> list[str]:
    """Fields of fields.py the model ignores: each is a defect (an input that changes nothing)."""
    return [name for name in FIELDS if name not in inputs_read(model)]


if __name__ == "__main__":  # python -m mmedlearn.model [path]: write the generated file
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else JS_PATH)
    target.write_text(javascript(), encoding="utf-8")
    print(f"wrote {target}")
