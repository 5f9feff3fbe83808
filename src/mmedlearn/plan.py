"""Chapter 8's one-page plan as data: its sections and boxes, and the plan as text.

The book's page shows the plan as an HTML form (book/chapters/08_making_your_decision.md, read
by book/_assets/js/plan.js); a notebook shows the same plan as a widget form
(mmedlearn.plan_form). Both write the same text: the title, then each section's heading after
an empty line, then one line per box, "Label: answer", with "—" for a box left empty.
tests/test_plan.py holds the page's form to these definitions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TITLE = "My MMed plan"
EMPTY = "\u2014"  # what an unanswered box reads as, in the text and on paper


@dataclass(frozen=True)
class Box:
    name: str  # the form field's name on the page
    label: str  # what the reader sees beside the box, as the text writes it
    multiline: bool = False


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the boxes under the title
    boxes: tuple[Box, ...]


PLAN: tuple[Section, ...] = (
    Section("", (Box("name", "Name:"), Box("date", "Date:"))),
    Section(
        "1. Where I want to practise, and the route",
        (
            Box("country_specialty", "Country and specialty:"),
            Box("registering_body", "Body that registers specialists, and what it accepts:"),
            Box("route", "Route I will take (MMed, fellowship, residency, both):"),
        ),
    ),
    Section(
        "2. Shortlist (chapter 3)",
        (Box("shortlist_1", "1."), Box("shortlist_2", "2."), Box("shortlist_3", "3.")),
    ),
    Section(
        "3. Money (chapter 7)",
        (
            Box("funded_by", "Place funded by:"),
            Box("study_income", "Income while training:"),
            Box("fees", "Fees a year, and the year they apply to:"),
            Box("loan_or_bond", "Loan or bond:"),
        ),
    ),
    Section(
        "4. My numbers (chapter 5)",
        (
            Box("npv_planned", "As planned: NPV"),
            Box("breakeven_planned", "break-even year"),
            Box("npv_longer", "Two years longer: NPV"),
            Box("breakeven_longer", "break-even year"),
            Box("npv_late_exit", "Late exit: NPV"),
            Box("largest_input", "The input that moves my result most:"),
        ),
    ),
    Section(
        "5. Questions still open, and whom I will ask",
        (Box("open_questions", "Questions and whom I will ask:", multiline=True),),
    ),
    Section(
        "6. My decision, and when I will review it",
        (Box("decision", "Decision and review date:", multiline=True),),
    ),
)

BOXES: dict[str, Box] = {box.name: box for section in PLAN for box in section.boxes}


def plan_text(answers: Mapping[str, str]) -> str:
    """The plan as text, as the page's "Copy the plan as text" writes it. answers: box name ->
    what the reader typed (a missing or blank answer reads "—")."""
    lines = [TITLE]
    for section in PLAN:
        if section.heading:
            lines += ["", section.heading]
        for box in section.boxes:
            lines.append(f"{box.label} {answers.get(box.name, '').strip() or EMPTY}")
    return "\n".join(lines) + "\n"


def answers_from_text(text: str) -> dict[str, str]:
    """The answers a plan's text holds (plan_text's inverse): each box's line, and the lines
    under it up to the next box, heading or empty line (a multi-line answer). Lines that belong
    to no box are ignored; an answer of "—" is empty."""
    headings = {section.heading for section in PLAN} | {TITLE}
    in_order = [box for section in PLAN for box in section.boxes]
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped in headings:
            current = None
            continue
        # The next box's line; two boxes share the label "break-even year", so the first one
        # not answered yet, in the plan's order, is meant.
        box = next(
            (b for b in in_order if stripped.startswith(b.label + " ") and b.name not in answers),
            None,
        )
        if box is not None:
            current = box.name
            answers[current] = [stripped[len(box.label) :].strip()]
        elif current is not None and BOXES[current].multiline:
            answers[current].append(stripped)
    return {
        name: "\n".join(lines) if "\n".join(lines) != EMPTY else ""
        for name, lines in answers.items()
    }
