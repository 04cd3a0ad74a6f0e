"""Explorer: the six usual steps of a vein procedure and the nurse's part in each.

Live face: a labelled step slider with Previous and Next buttons; the timeline highlights the
step and shows what happens and the nurse's typical roles. Data: :mod:`venous_course.procedure`
(paraphrasing ``seedtext``; exact steps vary by clinician and case). Twin: a step slider.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

import ipywidgets as widgets
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from venous_course import EDUCATION_NOTICE, procedure
from venous_course.explorers.base import Explorer
from venous_course.figures.procedure import procedure_figure, procedure_twin

TITLE = "A vein procedure, step by step"
ALT_TEXT = (
    "A timeline of six steps: 1 consultation; 2 assessment and planning; 3 preparation and "
    "anaesthesia; 4 procedure; 5 closure and dressing; 6 recovery and follow-up. The selected "
    "step is a larger star, and a box below describes what happens and the nurse's typical "
    "roles, such as history and medicine review, consent and expectations, skin marking, "
    "anaesthesia options, ultrasound guidance, dressings and compression, early walking, "
    "watching for complications and follow-up. Exact steps vary by clinician and case."
)


@lru_cache(maxsize=8)
def _figure(number: int) -> go.Figure:
    return procedure_figure(number)


def _changed_values(old: dict, new: dict, skip: str) -> dict:
    """Top-level properties of ``new`` that differ from ``old`` (compared as JSON)."""

    def as_json(value: object) -> str:
        return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)

    return {
        key: value
        for key, value in new.items()
        if key != skip and (key not in old or as_json(old[key]) != as_json(value))
    }


def _sync(live: go.FigureWidget, fig: go.Figure) -> None:
    """Copy only what changed from a freshly built figure into the live one, in one batch."""
    with live.batch_update():
        for target, source in zip(live.data, fig.data, strict=True):
            changed = _changed_values(target.to_plotly_json(), source.to_plotly_json(), "type")
            if changed:
                target.update(changed)
        layout = _changed_values(
            live.layout.to_plotly_json(), fig.layout.to_plotly_json(), "template"
        )
        if layout:
            live.layout.update(layout)


def _details_html(number: int) -> str:
    item = procedure.step(number)
    roles = "".join(f"<li>{html.escape(r)}</li>" for r in item.nurse_roles)
    return (
        f"<p><b>Step {item.number}: {html.escape(item.title)}.</b> "
        f"{html.escape(item.what_happens)}</p>"
        f"<p><b>Nurse's role (typical; depends on setting and scope of practice):</b></p>"
        f"<ul>{roles}</ul>"
    )


class ProcedureWidget(widgets.VBox):
    """The live face: step slider, Previous/Next buttons, timeline and details."""

    def __init__(self, step: int) -> None:
        procedure.step(step)  # clear ValueError for a bad preset
        n = len(procedure.STEPS)
        self.step = widgets.IntSlider(
            value=step,
            min=1,
            max=n,
            description="Step (1-6):",
            style={"description_width": "initial"},
        )
        self.previous = widgets.Button(description="Previous step", icon="arrow-left")
        self.next = widgets.Button(description="Next step", icon="arrow-right")
        self.details = widgets.HTML()
        self.figure = go.FigureWidget(_figure(step))
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                widgets.HBox([self.previous, self.step, self.next]),
                self.figure,
                self.details,
                widgets.HTML(
                    f"<p><i>{html.escape(procedure.VARIES_NOTE)} "
                    f"{html.escape(EDUCATION_NOTICE)}</i></p>"
                ),
            ]
        )
        self.previous.on_click(lambda _b: self._move(-1))
        self.next.on_click(lambda _b: self._move(+1))
        self.step.observe(self._changed, names="value")
        self._changed()

    def _move(self, delta: int) -> None:
        self.step.value = min(self.step.max, max(self.step.min, self.step.value + delta))

    def _changed(self, _change: object = None) -> None:
        number = int(self.step.value)
        self.previous.disabled = number == self.step.min
        self.next.disabled = number == self.step.max
        self.details.value = _details_html(number)
        _sync(self.figure, _figure(number))


def procedure_timeline(step: int = 1) -> Explorer:
    """Procedure timeline explorer starting at ``step`` (1-6)."""
    live = ProcedureWidget(step)
    return Explorer(
        TITLE,
        live,
        lambda: procedure_twin(step),
        ALT_TEXT,
        static_notes_html=(
            f"<p><i>{html.escape(procedure.VARIES_NOTE)} {html.escape(EDUCATION_NOTICE)}</i></p>"
        ),
    )
