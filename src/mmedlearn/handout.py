"""A one-page handout for the person an adviser is talking to: the programmes compared, the
ROI result for each, the assumptions used and the sources.

The page is self-contained: charts are inline SVG drawn offline by vl-convert; there are no
scripts, external styles, fonts or images, so it prints and archives as it is. Every piece of
text from data is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import vl_convert as vlc

from mmedlearn import roi
from mmedlearn.compare import annual_cost
from mmedlearn.roi_charts import cases_chart
from mmedlearn.tables import present

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
@media print { h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
"""


@dataclass(frozen=True)
class ProgrammeResult:
    program_id: str
    label: str
    assumptions: roi.Assumptions
    result: roi.Result
    notes: str


def programme_results(program_ids: list[str], assumptions: roi.Assumptions, programs: pd.DataFrame,
                      rates: pd.Series, currency: str) -> list[ProgrammeResult]:
    """The ROI of each programme: its published duration and tuition (converted), the rest
    from ``assumptions``. What a source does not give comes from ``assumptions``, and says so."""
    results = []
    chosen = programs.loc[program_ids]
    costs = annual_cost(chosen, rates, currency)
    for key, row in chosen.iterrows():
        changes, notes = {}, []
        if pd.notna(row["duration_min_years"]):
            changes["duration_years"] = float(row["duration_min_years"])
        else:
            notes.append("duration not published: yours used")
        if pd.notna(costs[key]):
            changes["tuition_per_year"] = float(costs[key])
        else:
            notes.append("fee not published: yours used" if pd.isna(row["tuition_per_year"])
                         else f"no {row['fee_currency']} rate: your tuition used")
        if changes.get("duration_years", assumptions.duration_years) >= assumptions.horizon_years:
            changes["horizon_years"] = math.ceil(changes["duration_years"]) + 1
            notes.append("horizon extended past the programme")
        scenario = assumptions.replace(**changes)
        results.append(ProgrammeResult(key, f"{row['institution']} · {row['programme']}", scenario,
                                       roi.evaluate(scenario), "; ".join(notes)))
    return results


def _svg(chart) -> str:
    svg = vlc.vegalite_to_svg(chart.to_dict(), vl_version="6.4")
    return svg[svg.index("<svg"):]  # drop the XML declaration: the SVG sits inside HTML


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _years(low: float, high: float) -> str:
    if pd.isna(low):
        return "not stated"
    return f"{low:g}" if pd.isna(high) or high == low else f"{low:g}–{high:g}"


def _fee(fee: float, currency) -> str:
    return "not stated" if pd.isna(fee) else f"{fee:,.0f} {currency}"


def build_handout(program_ids: list[str], assumptions: roi.Assumptions, programs: pd.DataFrame,
                  rates: pd.Series, currency: str, today: dt.date | None = None) -> str:
    """The handout's HTML (a string). Unknown IDs raise ``ValueError`` naming them."""
    unknown = [key for key in program_ids if key not in programs.index]
    if unknown:
        raise ValueError(f"program: no programme {', '.join(map(repr, unknown))}")
    today = today or dt.date.today()
    results = programme_results(program_ids, assumptions, programs, rates, currency)
    chosen = programs.loc[program_ids]
    overview = pd.DataFrame({
        "Programme": chosen["institution"] + ", " + chosen["programme"] + " (" + chosen["country"] + ")",
        "Years": [_years(low, high) for low, high in zip(chosen["duration_min_years"], chosen["duration_max_years"])],
        "Research": chosen["research_requirement"],
        "Paid post": chosen["paid_post"],
        "Published fee a year": [_fee(fee, cur) for fee, cur in zip(chosen["tuition_per_year"], chosen["fee_currency"])],
        f"In {currency}": annual_cost(chosen, rates, currency),
    })
    programmes_table = present(overview)._repr_html_()
    result_rows = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td>{r.assumptions.duration_years:g}</td>"
        f"<td>{_money(r.assumptions.tuition_per_year)}</td><td>{_money(r.result.npv)}</td>"
        f"<td>{'—' if r.result.irr is None else f'{r.result.irr:.1%}'}</td>"
        f"<td>{r.result.breakeven_year or 'none'}</td><td>{_money(r.result.total_cost)}</td>"
        f"<td>{html.escape(r.notes)}</td></tr>" for r in results)
    shown = [name for name in roi.FIELD_NAMES if name not in ("duration_years", "tuition_per_year")]
    cells = [f"<td>{html.escape(roi.FIELDS[name].label)}</td><td>{_number(getattr(assumptions, name))}</td>"
             for name in shown]
    half = (len(cells) + 1) // 2  # two pairs of columns keep the list short
    assumption_rows = "".join(f"<tr>{left}{right}</tr>" for left, right in
                              zip(cells[:half], cells[half:] + ["<td></td><td></td>"]))
    sources = present(chosen, ["institution", "sources"])._repr_html_()
    chart = cases_chart({r.label: r.result for r in results}, currency).properties(width=560, height=150)
    generated = html.escape(today.isoformat())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MMed Pathways handout</title><style>{CSS}</style></head>
<body>
<h1>Your MMed comparison</h1>
<p class="small">Prepared with MMed Pathways on {generated}. An estimate on the assumptions below,
not advice: confirm durations and fees with each university. All money is annual, in today's
{html.escape(currency)}.</p>
<h2>The programmes</h2>
{programmes_table}
<h2>What each could be worth to you</h2>
<table><thead><tr><th>Programme</th><th>Years</th><th>Tuition a year</th><th>NPV</th><th>IRR</th>
<th>Break-even year</th><th>Total cost</th><th>Note</th></tr></thead><tbody>{result_rows}</tbody></table>
<p class="small">NPV: the gain over {assumptions.horizon_years} years against staying on your present path,
discounted at {assumptions.discount_rate:.1%} a year. IRR is shown only when the yearly gains
change sign once. Break-even: the first year from which the discounted gain stays above zero.</p>
{_svg(chart)}
<h2>Your assumptions</h2>
<table><tbody>{assumption_rows}</tbody></table>
<h2>Sources</h2>{sources}
<p class="small">Exchange rates: {html.escape(str(rates.attrs.get("source", "")))},
{html.escape(str(rates.attrs.get("rate_date", "")))}.</p>
</body></html>
"""


def find_chromium() -> str | None:
    candidate = os.environ.get("MMED_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return candidate if candidate and Path(candidate).is_file() else None


def print_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    """Print the handout with headless Chromium (its own closed-network flags)."""
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory(dir=pdf_path.parent) as out:
        target = Path(out) / pdf_path.name
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={target}",
             html_path.resolve().as_uri()],
            check=True, capture_output=True, timeout=120,
        )
        os.replace(target, pdf_path)
