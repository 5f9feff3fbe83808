"""Every chart the course draws has a title, titled axes, a text alternative, and colours
from the Okabe-Ito palette (distinguishable with common colour-blindness)."""

import pytest

from mmedlearn import catalog, charts, compare, roi, roi_charts
from mmedlearn.cases import SELF_FUNDED_COURSEWORK, case_results


def builders():
    programs = catalog.load_programs()
    result = roi.evaluate(SELF_FUNDED_COURSEWORK)
    return {
        "duration_ranges": charts.duration_ranges(programs),
        "duration_explorer": charts.duration_explorer(programs),
        "ranking_chart": charts.ranking_chart(compare.compare(programs)),
        "cumulative_chart": roi_charts.cumulative_chart(result, "USD"),
        "tornado_chart": roi_charts.tornado_chart(roi.sensitivity(SELF_FUNDED_COURSEWORK)),
        "npv_distribution_chart": roi_charts.npv_distribution_chart(
            roi.simulate(SELF_FUNDED_COURSEWORK, {"post_salary": (80_000, 95_000)}, n=500)
        ),
        "cases_chart": roi_charts.cases_chart(case_results()),
        "routes_chart": charts.routes_chart(catalog.load_routes()),
        "programme_timeline": charts.programme_timeline(catalog.load_structures()),
        "reflection_chart": charts.reflection_chart(catalog.load_reflection()),
    }


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


@pytest.mark.parametrize("name, chart", builders().items())
def test_chart_is_titled_described_and_colour_safe(name, chart):
    spec = chart.to_dict()
    assert spec.get("title"), name
    assert len(spec.get("description", "")) > 40, name
    encodings = [node["encoding"] for node in walk(spec) if isinstance(node.get("encoding"), dict)]
    axes = [
        channel
        for encoding in encodings
        for key, channel in encoding.items()
        if key in ("x", "y") and isinstance(channel, dict) and "field" in channel
    ]
    assert axes, name
    for channel in axes:
        assert "title" in channel, f"{name}: {channel['field']} has no axis title"
    palette = {c.lower() for c in [*charts.OKABE_ITO, *charts.GREYS]}
    colours = {
        str(node.get("color")).lower()
        for node in walk(spec)
        if isinstance(node.get("color"), str) and node["color"].startswith("#")
    }
    colours |= {
        c.lower()
        for node in walk(spec)
        for c in node.get("range", [])
        if isinstance(c, str) and c.startswith("#")
    }
    assert colours <= palette, f"{name}: {colours - palette}"
