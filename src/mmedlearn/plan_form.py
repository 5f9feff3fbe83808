"""Chapter 8's one-page plan as a form in a live notebook (JupyterLab, Binder, Colab), where
the page's HTML form cannot be typed into: the same boxes (mmedlearn.plan), saved to a text
file beside the notebook and shown as text to copy. Thin wiring: the plan's boxes and its text
are defined in mmedlearn.plan."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from mmedlearn.plan import PLAN, TITLE, answers_from_text, plan_text

#: Where the plan is saved, beside the notebook (the kernel's working folder).
PLAN_FILE = "my_mmed_plan.txt"


class PlanForm(widgets.VBox):
    """The plan's boxes, a *Save the plan* button that writes PLAN_FILE (and reads it back
    when the form is made again, so a restarted kernel keeps the plan) and a *Show the plan as
    text* button. Nothing is sent anywhere."""

    def __init__(self, path: str | Path = PLAN_FILE):
        self.path = Path(path)
        saved = self._saved_answers()
        self.boxes: dict[str, widgets.Text | widgets.Textarea] = {}
        rows: list[widgets.Widget] = [widgets.HTML(f"<strong>{TITLE}</strong>")]
        for section in PLAN:
            if section.heading:
                rows.append(widgets.HTML(f"<strong>{section.heading}</strong>"))
            for box in section.boxes:
                kind = widgets.Textarea if box.multiline else widgets.Text
                field = kind(
                    value=saved.get(box.name, ""),
                    description=box.label,
                    style={"description_width": "initial"},
                    layout={"width": "98%"},
                )
                self.boxes[box.name] = field
                rows.append(field)
        # Buttons as wide as their words (ipywidgets cuts a label to a fixed width).
        self.save_button = widgets.Button(
            description="Save the plan", icon="save", layout={"width": "auto"}
        )
        self.show_button = widgets.Button(
            description="Show the plan as text", layout={"width": "auto"}
        )
        self.status = widgets.HTML()
        self.text = widgets.Textarea(
            description="Your plan as text (select it and copy it):",
            style={"description_width": "initial"},
            layout={"width": "98%", "height": "14em", "display": "none"},
            disabled=False,
        )
        self.save_button.on_click(lambda _: self.save())
        self.show_button.on_click(lambda _: self.show_text())
        tools = widgets.HBox([self.save_button, self.show_button])
        super().__init__([*rows, tools, self.status, self.text], layout={"width": "100%"})

    def answers(self) -> dict[str, str]:
        return {name: field.value for name, field in self.boxes.items()}

    def _saved_answers(self) -> dict[str, str]:
        if not self.path.is_file():
            return {}
        return answers_from_text(self.path.read_text(encoding="utf-8"))

    def save(self) -> Path:
        self.path.write_text(plan_text(self.answers()), encoding="utf-8")
        self.status.value = (
            f"Saved to <code>{html.escape(self.path.name)}</code>, beside this notebook. Nothing was sent "
            "anywhere. In Binder, download it (file browser, right-click, <em>Download</em>): "
            "Binder deletes its files when the session ends."
        )
        return self.path

    def show_text(self) -> str:
        self.text.value = plan_text(self.answers())
        self.text.layout.display = None
        self.status.value = "Your plan as text is below: select it and copy it into a note."
        return self.text.value
