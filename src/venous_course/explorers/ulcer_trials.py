"""Explorer: what the EVRA and ESCHAR trials found about venous leg ulcers.

Live face: labelled toggle buttons choose the outcome (healing time, healed at 24 weeks,
recurrence); grouped bars carry their numbers as text and the comparison arm is hatched.
Numbers: :mod:`venous_course.ulcer_trials` (``gohel2018evra``, ``barwell2004eschar``,
``gohel2007eschar``). The procedure was ADDED to compression. Twin: one button per outcome.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from venous_course import EDUCATION_NOTICE
from venous_course import ulcer_trials as trial_numbers
from venous_course.explorers.base import Explorer, LiveFace
from venous_course.figures.ulcer_trials import outcome_patch, trials_figure, trials_twin

TITLE = "Venous ulcer trials: EVRA and ESCHAR"
ALT_TEXT = (
    "Grouped bars compare trial arms. EVRA (Gohel 2018, 450 patients, all in compression): "
    "early ablation within 2 weeks versus deferred ablation; median time to healing 56 versus "
    "82 days (hazard ratio 1.38, 95% CI 1.13 to 1.68); healed at 24 weeks 85.6% versus 76.3%. "
    "ESCHAR (Barwell 2004; Gohel 2007): compression plus superficial vein surgery versus "
    "compression alone; healed at 24 weeks 65% versus 65%; ulcer recurrence at 12 months 12% "
    "versus 28% and at 4 years 31% versus 56%. Ablation or surgery was added to compression, "
    "not a replacement."
)


def _note_html() -> str:
    return (
        '<p style="border:1px solid #000;background:#FFF6D5;padding:4px"><b>Note:</b> '
        f"{html.escape(trial_numbers.ADDED_NOT_REPLACEMENT)}</p>"
    )


class TrialsWidget(LiveFace):
    """The live face: outcome buttons, the always-visible note and the bars."""

    START = ("healed at 24 weeks",)
    draw = staticmethod(trials_figure)
    patch = staticmethod(outcome_patch)

    def __init__(self, outcome: str) -> None:
        trial_numbers.results_for(outcome)  # clear ValueError for a bad preset
        self.outcome = widgets.ToggleButtons(
            options=[(o.capitalize(), o) for o in trial_numbers.OUTCOMES],
            value=outcome,
            description="Outcome:",
            style={"description_width": "initial"},
        )
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                self.outcome,
                widgets.HTML(_note_html()),
                self.figure,
                widgets.HTML(f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>"),
            ]
        )
        self.outcome.observe(self._changed, names="value")
        self._changed()

    def _changed(self, _change: object = None) -> None:
        self.show_state(self.outcome.value)


def ulcer_trials(outcome: str = "healed at 24 weeks") -> Explorer:
    """Ulcer trials explorer; ``outcome`` is one of :data:`venous_course.ulcer_trials.OUTCOMES`."""
    live = TrialsWidget(outcome)
    return live.explorer(
        TITLE,
        lambda: trials_twin(outcome),
        ALT_TEXT,
        notes=_note_html() + f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>",
    )
