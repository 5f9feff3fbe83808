"""How long a calculator takes to answer one change in a live kernel (model, sensitivity,
simulation and chart specs; the browser's drawing comes after and is not counted).
Target for the ROI calculator: at most 100 ms."""

from __future__ import annotations

import statistics
import time

from mmedlearn.widgets import ComparisonExplorer, ROICalculator


def median_ms(change, repeats: int = 21) -> float:
    times = []
    for index in range(repeats):
        start = time.perf_counter()
        change(index)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    started = time.perf_counter()
    calculator = ROICalculator()  # the default assumptions, as chapter 5 starts it
    build_s = time.perf_counter() - started
    salary = calculator.inputs["post_salary"]
    start = calculator.start.post_salary
    roi_ms = median_ms(lambda i: setattr(salary, "value", start + 500 * (i % 2 + 1)))

    def situation(i: int) -> None:  # Start from my situation, alternating two countries
        calculator.country.value = ("Kenya", "South Africa")[i % 2]
        calculator.funding.value = "self sponsored"
        calculator.fill.click()

    fill_ms = median_ms(situation)
    explorer = ComparisonExplorer()
    weight = explorer.weights["cost"]
    compare_ms = median_ms(lambda i: setattr(weight, "value", 1 + i % 2))
    print(f"ROICalculator, built in {build_s:.1f} s (first in this process)")
    print(f"ROICalculator, one change: {roi_ms:.0f} ms (median of 21)")
    print(f"ROICalculator, Start from my situation: {fill_ms:.0f} ms (median of 21)")
    print(f"ComparisonExplorer, one change: {compare_ms:.0f} ms (median of 21)")


if __name__ == "__main__":
    main()
