"""Lighthouse scores of every page of the built book, as a reader on a phone would get them:
Lighthouse's default mobile configuration (a mid-range phone, 4x CPU slowdown and a slow 4G
network, simulated), run against _build/html served on 127.0.0.1 gzip-compressed as a static host serves it, with Chromium kept from
reaching any other host. Prints a Markdown table for the README: performance, accessibility,
best practices and SEO (0-100), with the metrics that make up the performance score.

Builds nothing: run `make book` first. Lighthouse is a Node tool pinned in
benchmarks/package.json: `npm ci --prefix benchmarks` installs it.
Run: `.venv/bin/python benchmarks/bench_lighthouse.py [--runs N] [page.html ...]`
(each page is measured N times, 3 by default, and the run with the median performance score
is shown: Lighthouse's own advice for a noisy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from compressed_server import serve_compressed  # noqa: E402

from browser import CHROMIUM_ARGS  # noqa: E402
from browser import READER_CHROMIUM as CHROMIUM  # noqa: E402  (what a reader runs)
from conftest import book_pages  # noqa: E402

LIGHTHOUSE = REPO / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
BUILT_BOOK = REPO / "_build" / "html"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # audit id: (column, unit divisor, unit)
    "first-contentful-paint": ("FCP", 1000, "s"),
    "largest-contentful-paint": ("LCP", 1000, "s"),
    "total-blocking-time": ("TBT", 1, "ms"),
    "cumulative-layout-shift": ("CLS", 1, ""),
    "speed-index": ("SI", 1000, "s"),
}
TARGET = 90  # issue 26: every page at least 90 for mobile performance


def chrome_flags(profile: Path) -> str:
    """Headless Chromium that resolves no host but loopback, so nothing leaves the machine."""
    return " ".join(
        [
            "--headless=new",
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
        ]
    )


def lighthouse(url: str) -> dict:
    """One Lighthouse run of url with the default (mobile) settings; return its JSON report."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={chrome_flags(Path(profile))}",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
    if result.returncode != 0 or not result.stdout.strip():
        raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not load {url}: {report['runtimeError']}")
    return report


def score(report: dict, category: str) -> int | None:
    value = report["categories"][category]["score"]
    return None if value is None else round(value * 100)


def metric(report: dict, audit: str) -> str:
    _, divisor, unit = METRICS[audit]
    value = report["audits"][audit].get("numericValue")
    if value is None:
        return "–"
    return f"{value / divisor:.2f}" if unit != "ms" else f"{value:.0f}"


def failed_audits(report: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, to say why a score is below 100."""
    refs = report["categories"][category]["auditRefs"]
    return [
        ref["id"]
        for ref in refs
        if ref.get("weight", 0) > 0 and (report["audits"][ref["id"]].get("score") or 0) < 0.9
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="built pages to measure (default: every page)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median shown)")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is not installed: run `npm ci --prefix benchmarks`.")
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        raise SystemExit(f"Chromium not found at {CHROMIUM} (set MMED_CHROMIUM).")
    if not (BUILT_BOOK / "index.html").is_file():
        raise SystemExit(f"No built book at {BUILT_BOOK}: run `make book` first.")
    pages = args.pages or book_pages()
    metric_columns = [column for column, _, unit in METRICS.values()]
    print(
        f"Lighthouse {lighthouse_version()}, mobile (simulated 4x CPU, slow 4G), "
        f"median of {args.runs} run(s) per page, {BUILT_BOOK.relative_to(REPO)} on loopback\n"
    )
    header = ["page", "performance", "accessibility", "best practices", "SEO", *metric_columns]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    below, notes = [], []
    with serve_compressed(BUILT_BOOK) as base_url:
        for path in pages:
            reports = [lighthouse(f"{base_url}/{path}") for _ in range(args.runs)]
            reports.sort(key=lambda r: score(r, "performance") or 0)
            report = reports[len(reports) // 2]
            scores = [score(report, category) for category in CATEGORIES]
            performance = [score(r, "performance") for r in reports]
            shown = [str(s) if s is not None else "–" for s in scores]
            if args.runs > 1:
                shown[0] += f" ({min(performance)}–{max(performance)})"
            row = [path, *shown, *(metric(report, audit) for audit in METRICS)]
            print("| " + " | ".join(row) + " |", flush=True)
            if (scores[0] or 0) < TARGET:
                below.append(path)
            for category in CATEGORIES:
                missed = failed_audits(report, category)
                if missed:
                    notes.append(f"{path} {category}: {', '.join(missed)}")
    print(
        f"\nFCP, LCP and SI in seconds, TBT in ms; performance below {TARGET}: "
        + (", ".join(below) if below else "none")
    )
    if notes:
        print("Audits below 0.9:\n" + "\n".join(f"- {note}" for note in notes))


def lighthouse_version() -> str:
    package = REPO / "benchmarks" / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"]


if __name__ == "__main__":
    main()
