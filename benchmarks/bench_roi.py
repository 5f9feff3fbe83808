"""Speed of the ROI engine on this machine: prints the figures the README records.

* evaluate_many over 100,000 scenarios (target: at most 0.5 s),
* the same scenarios through a loop of evaluate (timed on 1,000 and scaled; target: the
  vectorised call at least 50 times faster),
* simulate with 10,000 draws (target: at most 0.1 s),
* one evaluate call, what a calculator widget does on each change,
* evaluate_many over a million scenarios, its time and peak memory (chunked: bounded).

Each figure is the median of several runs after one warm-up run; the first (cold) call of
evaluate_many is printed too, since it pays for the first touch of ~1 GB of fresh memory.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

from mmedlearn.roi import Assumptions, evaluate, evaluate_many, simulate

N = 100_000
SAMPLE = 1_000


def scenarios(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "duration_years": rng.uniform(0.5, 6, n).round(2),
            "tuition_per_year": rng.uniform(0, 40_000, n),
            "baseline_salary": rng.uniform(20_000, 120_000, n),
            "post_salary": rng.uniform(30_000, 200_000, n),
            "study_income": rng.uniform(0, 60_000, n),
            "post_growth": rng.uniform(-0.02, 0.05, n),
            "completion_probability": rng.uniform(0.5, 1, n),
            "loan_share": rng.uniform(0, 1, n),
            "loan_rate": rng.uniform(0, 0.1, n),
            "tax_rate": rng.uniform(0, 0.4, n),
        }
    )


def median_seconds(run, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    table = scenarios(N)
    start = time.perf_counter()
    evaluate_many(table)
    cold = time.perf_counter() - start
    vectorised = median_seconds(lambda: evaluate_many(table))

    sample = [Assumptions(**row) for row in table.head(SAMPLE).to_dict("records")]
    loop = median_seconds(lambda: [evaluate(a) for a in sample], repeats=3) * (N / SAMPLE)

    base = Assumptions(
        duration_years=3,
        tuition_per_year=20_000,
        baseline_salary=60_000,
        post_salary=90_000,
        completion_probability=0.9,
    )
    ranges = {
        "post_salary": (70_000, 90_000, 120_000),
        "duration_years": (3, 4.5),
        "completion_probability": (0.6, 1.0),
    }
    simulate(base, ranges, n=10_000)
    draws = median_seconds(lambda: simulate(base, ranges, n=10_000))
    single = median_seconds(lambda: evaluate(base), repeats=50)

    print(f"evaluate_many, {N:,} scenarios: {vectorised:.3f} s (first, cold call: {cold:.3f} s)")
    print(f"loop of evaluate, scaled from {SAMPLE:,}: {loop:.1f} s")
    print(f"speed-up of evaluate_many over the loop: {loop / vectorised:,.0f}x")
    print(f"simulate, 10,000 draws: {draws:.3f} s")
    print(f"one evaluate (a widget update's model part): {single * 1000:.1f} ms")
    # A million scenarios: evaluate_many works in chunks, so peak memory stays bounded
    # (the table itself is 1,000,000 x 10 floats, 80 MB); beside it, the peak at 100,000.
    tracemalloc.start()
    evaluate_many(table)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"evaluate_many, {N:,} scenarios: peak memory allocated {peak / 2**20:,.0f} MiB")
    big = scenarios(1_000_000, seed=1)
    tracemalloc.start()
    start = time.perf_counter()
    evaluate_many(big)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"evaluate_many, 1,000,000 scenarios: {seconds:.1f} s, "
        f"peak memory allocated {peak / 2**20:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
