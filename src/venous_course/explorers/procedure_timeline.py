"""Explorer: the six usual steps of a vein procedure and the nurse's part in each.

Live face: a labelled step slider with Previous and Next buttons; the timeline highlights the
step and shows what happens and the nurse's typical roles. Data: :mod:`venous_course.procedure`
(paraphrasing ``seedtext``; exact steps vary by clinician and case). Twin: a step slider.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from venous_course import EDUCATION_NOTICE, procedure
from venous_course.explorers.base import Explorer, LiveFace
from venous_course.figures.procedure import (
    procedure_figure,
    procedure_twin,
    step_details,
    step_patch,
)

TITLE = "A vein procedure, step by step"
ALT_TEXT = (
    "A timeline of six steps: 1 consultation; 2 assessment and planning; 3 preparation and "
    "anaesthesia; 4 procedure; 5 closure and dressing; 6 recovery and follow-up. The selected "
    "step is a larger star, and a box below describes what happens and the nurse's typical "
    "roles, such as history and medicine review, consent and expectations, skin marking, "
    "anaesthesia options, ultrasound guidance, dressings and compression, early walking, "
    "watching for complications and follow-up. Exact steps vary by clinician and case."
)


def _details_html(number: int) -> str:
    # The same text as the twin's details box (one source: figures.procedure.step_details).
    return f'<p class="vc-step-details">{step_details(number)}</p>'


class ProcedureWidget(LiveFace):
    """The live face: step slider, Previous/Next buttons, timeline and details."""

    START = (1,)
    draw = staticmethod(procedure_figure)
    patch = staticmethod(step_patch)

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
        self.start_live_figure()
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
        self.show_state(number)


def procedure_timeline(step: int = 1) -> Explorer:
    """Procedure timeline explorer starting at ``step`` (1-6)."""
    live = ProcedureWidget(step)
    return live.explorer(
        TITLE,
        lambda: procedure_twin(step),
        ALT_TEXT,
        notes=(
            f"<p><i>{html.escape(procedure.VARIES_NOTE)} {html.escape(EDUCATION_NOTICE)}</i></p>"
        ),
    )
