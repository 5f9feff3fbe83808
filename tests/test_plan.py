"""Chapter 8's one-page plan: the page's HTML form and the notebook's widget form have the same
boxes (mmedlearn.plan), and both give the same text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import REPO
from mmedlearn.plan import BOXES, PLAN, TITLE, answers_from_text, plan_text

CHAPTER_8 = REPO / "book" / "chapters" / "08_making_your_decision.md"


class _FormReader(HTMLParser):
    """The plan form's boxes in page order: (name, label text as plan.js reads it, multiline),
    and its headings."""

    def __init__(self):
        super().__init__()
        self.boxes, self.headings, self._label, self._heading = [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._label = []
        elif tag == "p" and attrs.get("class") in ("mmed-plan-heading", "mmed-plan-title"):
            self._heading = []
        elif tag in ("input", "textarea") and self._label is not None:
            self._box = (attrs["name"], tag == "textarea")

    def handle_endtag(self, tag):
        if tag == "label" and self._label is not None:
            label = re.sub(r"\s+", " ", " ".join(self._label)).strip()
            self.boxes.append((self._box[0], label, self._box[1]))
            self._label = None
        elif tag == "p" and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data):
        if self._label is not None:
            self._label.append(data)
        elif self._heading is not None:
            self._heading.append(data)


def page_form() -> _FormReader:
    source = CHAPTER_8.read_text()
    form = re.search(r'<form class="mmed-plan".*?</form>', source, flags=re.S)
    assert form, "chapter 8 has no plan form"
    reader = _FormReader()
    reader.feed(form.group(0))
    return reader


def test_the_pages_form_has_the_plans_boxes_in_order():
    form = page_form()
    expected = [(box.name, box.label, box.multiline) for section in PLAN for box in section.boxes]
    assert form.boxes == expected
    assert form.headings == [TITLE, *[section.heading for section in PLAN if section.heading]]


def test_plan_text_lists_every_box_and_marks_the_empty_ones():
    text = plan_text({"name": "  Amina  ", "npv_planned": "120,000 KES", "decision": ""})
    lines = text.splitlines()
    assert lines[:3] == ["My MMed plan", "Name: Amina", "Date: \u2014"]
    assert "As planned: NPV 120,000 KES" in lines
    assert lines[-1] == "Decision and review date: \u2014"
    assert "" in lines and "2. Shortlist (chapter 3)" in lines
    assert len([line for line in lines if line]) == 1 + len(BOXES) + 6  # title, boxes, headings


def test_answers_survive_their_own_text():
    answers = {name: f"answer to {name}" for name in BOXES}
    answers["open_questions"] = "Fees for 2027?\nAsk the registrar"
    answers["breakeven_longer"] = "year 14"
    assert answers_from_text(plan_text(answers)) == answers
    assert answers_from_text(plan_text({})) == dict.fromkeys(BOXES, "")


def test_the_notebook_form_saves_shows_and_reloads_the_plan(tmp_path):
    pytest.importorskip("ipywidgets")
    from mmedlearn.plan_form import PlanForm

    path = tmp_path / "my_mmed_plan.txt"
    form = PlanForm(path)
    assert [field.description for field in form.boxes.values()] == [
        box.label for box in BOXES.values()
    ]
    form.boxes["country_specialty"].value = "Kenya, psychiatry"
    form.boxes["decision"].value = "Apply in 2027\nReview in June"
    form.save_button.click()
    saved = path.read_text()
    assert "Country and specialty: Kenya, psychiatry" in saved
    assert "my_mmed_plan.txt" in form.status.value

    form.show_button.click()
    assert form.text.value == saved and form.text.layout.display is None

    again = PlanForm(path)  # a restarted kernel: the form starts from the saved plan
    assert again.answers() == form.answers()
