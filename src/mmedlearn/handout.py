"""A one-page handout for the person an adviser is talking to: the programmes compared, the
ROI result for each, the assumptions used and the sources.

The page is self-contained: charts are inline SVG drawn offline by vl-convert; there are no
scripts, external styles, fonts or images, so it prints and archives as it is. Every piece of
text from data is HTML-escaped: the page is a Jinja2 template (``templates/handout.html.j2``)
with autoescaping on.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import vl_convert as vlc
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from mmedlearn import roi
from mmedlearn.compare import annual_cost, rate_note, rates_used
from mmedlearn.fields import FIELD_NAMES, FIELDS
from mmedlearn.roi_charts import cases_chart
from mmedlearn.scenario import programme_scenario
from mmedlearn.tables import present

_TEMPLATES = Environment(
    loader=PackageLoader("mmedlearn", "templates"),
    autoescape=select_autoescape(default=True),
    keep_trailing_newline=True,
)
_TEMPLATES.filters["money"] = lambda value: f"{value:,.0f}"

CSS = """
@page { margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; line-height: 1.35;
       color: #111; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 4mm 0 1.5mm; }
p { margin: 0 0 2mm; } .small { font-size: 8pt; color: #333; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; }
th, td { border-bottom: 0.5pt solid #999; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; } td a { overflow-wrap: anywhere; color: #0b4f8a; }
svg { max-width: 100%; height: auto; }
.mmed-table-wrap { overflow: visible !important; }  /* print every column, never a scrollbar */
.sources { font-size: 8pt; }
/* A long table may continue on the next page between rows; a row or the chart never splits. */
@media print { h2 { break-after: avoid; } tr, svg { break-inside: avoid; } }
"""


#: The most programmes one handout sets side by side: its chart tells apart eight lines (eight
#: colours, roi_charts.cases_chart), and a page for one person holds a shortlist. 167
#: programmes gave a 54-page "handout" whose lines repeated colours; the command refuses them.
MAX_PROGRAMMES = 8


@dataclass(frozen=True)
class ProgrammeResult:
    program_id: str
    label: str
    assumptions: roi.Assumptions
    result: roi.Result
    notes: str


def too_many_programmes(count: int) -> str:
    return (
        f"program: a handout compares at most {MAX_PROGRAMMES} programmes ({count} given), "
        "one line each on its chart; choose the ones this person is weighing "
        "(`mmedlearn compare` ranks them all)"
    )


def programme_results(
    program_ids: list[str],
    assumptions: roi.Assumptions,
    programs: pd.DataFrame,
    rates: pd.Series,
    currency: str,
) -> list[ProgrammeResult]:
    """The ROI of each programme: its published duration and tuition (converted), the rest
    from ``assumptions``, by the one rule of :func:`mmedlearn.scenario.programme_scenario`."""
    results = []
    for key in program_ids:
        row = programs.loc[key]
        scenario = programme_scenario(row, assumptions, currency, rates)
        results.append(
            ProgrammeResult(
                key,
                f"{row['institution']} · {row['programme']}",
                scenario.assumptions,
                roi.evaluate(scenario.assumptions),
                " ".join(scenario.notes),
            )
        )
    return results


def _svg(chart) -> str:
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version="6.4")
    return svg[svg.index("<svg") :]  # drop the XML declaration: the SVG sits inside HTML


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _years(low: float, high: float) -> str:
    if pd.isna(low):
        return "not stated"
    return f"{low:g}" if pd.isna(high) or high == low else f"{low:g}–{high:g}"


def _fee(fee: float, currency) -> str:
    return "not stated" if pd.isna(fee) else f"{fee:,.0f} {currency}"


def build_handout(
    program_ids: list[str],
    assumptions: roi.Assumptions,
    programs: pd.DataFrame,
    rates: pd.Series,
    currency: str,
    today: dt.date | None = None,
) -> str:
    """The handout's HTML (a string). Unknown IDs raise ``ValueError`` naming them."""
    unknown = [key for key in program_ids if key not in programs.index]
    if unknown:
        raise ValueError(f"program: no programme {', '.join(map(repr, unknown))}")
    if len(program_ids) > MAX_PROGRAMMES:
        raise ValueError(too_many_programmes(len(program_ids)))
    today = today or dt.date.today()
    results = programme_results(program_ids, assumptions, programs, rates, currency)
    chosen = programs.loc[program_ids]
    converted = annual_cost(chosen, rates, currency)
    used = rates_used(currency, chosen.loc[converted.notna(), "fee_currency"], rates)
    overview = pd.DataFrame(
        {
            "Programme": chosen["institution"]
            + ", "
            + chosen["programme"]
            + " ("
            + chosen["country"]
            + ")",
            "Years": [
                _years(low, high)
                for low, high in zip(
                    chosen["duration_min_years"], chosen["duration_max_years"], strict=False
                )
            ],
            "Research": chosen["research_requirement"],
            "Paid post": chosen["paid_post"],
            "Published fee a year": [
                _fee(fee, cur)
                for fee, cur in zip(
                    chosen["tuition_per_year"], chosen["fee_currency"], strict=False
                )
            ],
            f"In {currency}": converted,
        }
    )
    # Version 3's wait and bond take one line when neither is counted, so the page stays two.
    later = ("wait_years", "bond_years", "bond_salary")
    counted = any(getattr(assumptions, name) for name in later)
    left_out = ("duration_years", "tuition_per_year", *(() if counted else later))
    shown = [name for name in FIELD_NAMES if name not in left_out]
    cells = [(FIELDS[name].label, _number(getattr(assumptions, name))) for name in shown]
    if not counted:
        cells.append(("Wait before specialist pay, bonded service", "none"))
    half = (len(cells) + 1) // 2  # two pairs of columns keep the list short
    chart = cases_chart(
        {r.label: r.result for r in results},
        currency,
        title="Each programme, year by year",
        short=True,
    ).properties(width=560, height=150)
    return _TEMPLATES.get_template("handout.html.j2").render(
        css=Markup(CSS),
        generated=today.isoformat(),
        currency=currency,
        assumptions=assumptions,
        programmes_table=Markup(present(overview)._repr_html_()),
        results=results,
        chart_svg=Markup(_svg(chart)),
        assumption_pairs=list(zip(cells[:half], [*cells[half:], ("", "")], strict=False)),
        sources=Markup(present(chosen, ["institution", "sources"])._repr_html_()),
        rates_note=rate_note(rates, used),
        rates_converted=bool(used),
    )


def find_chromium() -> str | None:
    candidate = (
        os.environ.get("MMED_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    return candidate if candidate and Path(candidate).is_file() else None


def print_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    """Print the handout with headless Chromium (its own closed-network flags)."""
    with (
        tempfile.TemporaryDirectory() as profile,
        tempfile.TemporaryDirectory(dir=pdf_path.parent) as out,
    ):
        target = Path(out) / pdf_path.name
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                html_path.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        os.replace(target, pdf_path)
