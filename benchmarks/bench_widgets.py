"""How long a calculator takes to answer one change in a live kernel (model, sensitivity,
simulation and chart specs; the browser's drawing comes after and is not counted).
Target for the ROI calculator: at most 100 ms."""

from __future__ import annotations

import statistics
import time

from mmedlearn.cases import SELF_FUNDED_COURSEWORK
from mmedlearn.widgets import ComparisonExplorer, ROICalculator


def median_ms(change, repeats: int = 21) -> float:
    times = []
    for index in range(repeats):
        start = time.perf_counter()
        change(index)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    calculator = ROICalculator(SELF_FUNDED_COURSEWORK)
    salary = calculator.inputs["post_salary"]
    roi_ms = median_ms(lambda i: setattr(salary, "value", 86_000 + 500 * (i % 2 + 1)))
    explorer = ComparisonExplorer()
    weight = explorer.weights["cost"]
    compare_ms = median_ms(lambda i: setattr(weight, "value", 1 + i % 2))
    print(f"ROICalculator, one change: {roi_ms:.0f} ms (median of 21)")
    print(f"ComparisonExplorer, one change: {compare_ms:.0f} ms (median of 21)")


if __name__ == "__main__":
    main()
