"""A second, deliberately plain transcription of docs/roi-model.md (version 3): one year at a time, no NumPy.

The tests hold mmedlearn.roi (vectorised) against it. It shares no code with the package.
"""

import math


def annuity(principal, rate, years):
    if principal == 0:
        return 0.0
    if rate == 0:
        return principal / years
    # 1 - (1 + i)^-n, computed so that a tiny rate does not round it to zero.
    return principal * rate / -math.expm1(-years * math.log1p(rate))


def reference_flows(a, post_salary=None):
    """E_t for t = 1..H, following the spec line by line (post_salary replaced if given)."""
    post_salary = a.post_salary if post_salary is None else post_salary
    D, H = a.duration_years, a.horizon_years
    c = math.ceil(D)
    tax, lam, i, n = a.tax_rate, a.loan_share, a.loan_rate, a.loan_term_years

    def share(t):
        return min(1.0, max(0.0, D - (t - 1)))

    def B(t):
        return a.baseline_salary * (1 + a.baseline_growth) ** (t - 1)

    # Version 3: the wait [D, D + W] earns the salary without the degree, bonded service
    # [D + W, D + W + K] the bond salary, specialist pay starts at D + W + K (K: `bond`).
    W, bond = a.wait_years, a.bond_years

    def inside(start, end, t):  # |[start, end] ∩ [t − 1, t]|
        return max(0.0, min(end, t) - max(start, t - 1))

    def growth(t):
        return (1 + a.post_growth) ** max(0, t - c - W - 1)

    def P(t):
        return post_salary * growth(t)

    def Q(t):
        return a.bond_salary * growth(t)

    def M(t):
        w, b = inside(D, D + W, t), inside(D + W, D + W + bond, t)
        return share(t) * a.study_income + w * B(t) + b * Q(t) + (1 - share(t) - w - b) * P(t)

    def C(t):
        return share(t) * (a.tuition_per_year * (1 - lam) + a.extra_costs_per_year) + (
            a.one_off_fees if t == 1 else 0.0
        )

    def L(t):
        return share(t) * a.tuition_per_year * lam

    K = sum(L(t) * (1 + i) ** (c - t) for t in range(1, c + 1))
    payment = annuity(K, i, n)
    # Version 2: the non-finisher does years 1 … d, then is back on the baseline and repays
    # what was borrowed in those years (with interest to the end of year d) in years d+1 … d+n.
    d = a.dropout_year
    K_d = sum(L(t) * (1 + i) ** (d - t) for t in range(1, d + 1))
    dropout_payment = annuity(K_d, i, n)
    flows = []
    for t in range(1, H + 1):
        A = payment if c + 1 <= t <= c + n else 0.0
        F = (1 - tax) * (M(t) - B(t)) - C(t) - A
        if t <= d:
            G = (1 - tax) * (M(t) - B(t)) - C(t)
        else:
            G = -(dropout_payment if d + 1 <= t <= d + n else 0.0)
        p = a.completion_probability
        flows.append(p * F + (1 - p) * G)
    return flows


def reference_npv(a, upto=None, post_salary=None):
    flows = reference_flows(a, post_salary)[: upto or a.horizon_years]
    return sum(f / (1 + a.discount_rate) ** t for t, f in enumerate(flows, start=1))


def reference_breakeven_post_salary(a):
    """The spec's rule as written: −N(0) / (N(1) − N(0)); 0 if negative, None if N(1) ≤ N(0)."""
    n0, n1 = reference_npv(a, post_salary=0.0), reference_npv(a, post_salary=1.0)
    if n1 - n0 <= 0:
        return None
    return max(0.0, -n0 / (n1 - n0))


def first_year_staying_non_negative(values):
    for start in range(len(values)):
        if all(v >= -1e-6 for v in values[start:]):
            return start + 1
    return None
