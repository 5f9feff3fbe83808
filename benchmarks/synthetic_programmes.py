"""Synthetic programmes files of any size, seeded, for the comparison's benchmarks and tests.

Each row is one of the shipped rows (its sources, dates and notes) with the values the
comparison reads drawn at random from the schema's own vocabularies, unknowns included in
about the shares the real catalogue has them: no duration, no fee, a fee with no year, an old
fee, a currency with no exchange rate. Institutions hold about a dozen programmes each, as a
university's MMeds do. The file passes ``mmedlearn validate``; nothing in it is a real fact.

    python benchmarks/synthetic_programmes.py 5000 > programmes-5000.csv
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from mmedlearn.catalog import flat_csv, load_programs
from mmedlearn.schema import DELIVERY_MODES, PAID_POST, RESEARCH_REQUIREMENTS

SPECIALTIES = [
    "Anaesthesiology",
    "Family medicine",
    "Internal medicine",
    "Obstetrics and gynaecology",
    "Paediatrics",
    "Psychiatry",
    "Surgery",
    "Orthopaedics",
    "Radiology",
    "Pathology",
    "Ophthalmology",
    "Emergency medicine",
]
# XTS, ISO 4217's code for tests, has no exchange rate: a fee the comparison cannot convert.
CURRENCIES = ["ZAR", "KES", "UGX", "TZS", "MYR", "USD", "GBP", "EUR", "XTS"]
TUITION_SCALE = {"ZAR": 60_000, "KES": 300_000, "UGX": 5_000_000, "TZS": 6_000_000,
                 "MYR": 20_000, "USD": 15_000, "GBP": 12_000, "EUR": 12_000,
                 "XTS": 10_000}  # fmt: skip


def synthetic_rows(count: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)
    # The shipped catalogue as one flat file (an instructor's layout), one row a programme.
    templates = list(csv.DictReader(io.StringIO(flat_csv(load_programs()))))
    rows = []
    for index in range(count):
        row = dict(templates[index % len(templates)])
        university = index // 12
        specialty = SPECIALTIES[index % len(SPECIALTIES)]
        row.update(
            program_id=f"synthetic_{index}",
            institution=f"Synthetic University {university}",
            programme=f"Master of Medicine ({specialty}) {index}",
            specialty=specialty,
            in_guide="no",
            guide_claim="",
            verification="not in guide",
            research_requirement=rng.choice(RESEARCH_REQUIREMENTS),
            delivery_mode=rng.choice(DELIVERY_MODES),
            paid_post=rng.choice(PAID_POST),
        )
        low = rng.choice([None, 1, 2, 3, 3, 4, 4, 5])
        high = None if low is None or rng.random() < 0.3 else low + rng.choice([0, 0.5, 1, 2])
        row["duration_min_years"] = "" if low is None else str(low)
        row["duration_max_years"] = "" if high is None else str(high)
        currency = rng.choice(CURRENCIES)
        has_fee = rng.random() < 0.6
        row["fee_currency"] = currency if has_fee else ""
        row["tuition_per_year"] = (
            str(round(TUITION_SCALE[currency] * rng.uniform(0.3, 3))) if has_fee else ""
        )
        row["one_off_fees"] = ""
        row["fee_applies_to"] = ""
        row["fee_year"] = str(rng.randint(2012, 2026)) if has_fee and rng.random() < 0.8 else ""
        rows.append(row)
    return rows


def synthetic_csv(count: int, seed: int = 0) -> str:
    rows = synthetic_rows(count, seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@contextmanager
def chapter_built_alone(chapter: str, size: str):
    """Build one of the course's chapters alone, in a small book (tests/small_book.py), from
    the shipped catalogue (``size`` "shipped") or ``size`` synthetic programmes; yield (the
    built site's folder, the build's seconds). Stops the benchmark if the page was not built."""
    from small_book import REPO, build, small_book

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = {}
        if size != "shipped":
            programmes = root / f"programmes-{size}.csv"
            programmes.write_text(synthetic_csv(int(size), seed=3), encoding="utf-8")
            env["MMEDLEARN_PROGRAMS"] = str(programmes)
        book = root / "book-src"
        book.mkdir()
        text = (REPO / "book" / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
        small_book(book, {chapter: text})
        started = time.perf_counter()
        done = build(book, env)  # links to the chapters left out warn; the page is built
        took = time.perf_counter() - started
        html = book / "_build" / "html"
        if not (html / "book" / "chapters" / f"{chapter}.html").is_file():
            sys.exit(
                f"{chapter} was not built at {size}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        yield html, took


if __name__ == "__main__":
    sys.stdout.write(synthetic_csv(int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0))
