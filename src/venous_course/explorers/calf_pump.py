"""Calf muscle pump explorer: ankle venous pressure while standing, walking and standing still.

Live face: controls for the valve state, steps walked, calf pump strength and a superficial
tourniquet; the figure updates in place. Book face: a dropdown over leg conditions and a
slider over step counts, precomputed at typical pump strength. The numbers come from the
ILLUSTRATIVE model in :mod:`venous_course.calf_pump`; only the reference bands are
literature values (standing 80-90 mmHg, walking 20-35 mmHg, ``ejap1993pressure``).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import numpy as np

from venous_course.calf_pump import (
    MAX_STEPS,
    MIN_STEPS,
    VALVE_STATES,
    PressureTrace,
    simulate,
    valve_state,
)
from venous_course.explorers.base import Explorer, LiveFace, set_status
from venous_course.figures import calf_pump as pump_figures
from venous_course.figures.calf_pump import STATE_LABELS, calf_pump_twin

TITLE = "Calf muscle pump explorer"
ALT_TEXT = (
    "Line chart of ankle venous pressure in mmHg against time in seconds, from an illustrative "
    "model. Standing, the pressure sits at about 85 mmHg, inside the 80-90 mmHg band of healthy "
    "standing (Eur J Appl Physiol 1993). With each step the calf squeezes the veins and the "
    "pressure falls in a saw-tooth; with competent valves it settles near 24 mmHg, inside the "
    "20-35 mmHg walking band, and refills slowly (about 28 s) after walking stops. With "
    "superficial or deep reflux the fall is smaller and refill is much faster; with obstruction "
    "the pressure hardly falls. A superficial tourniquet makes a leg with superficial reflux "
    "behave like a leg with competent valves. Controls choose the leg condition and steps walked."
)


NOTE_HTML = (
    "<p><em>Illustrative model:</em> the shaded bands are literature values "
    "(standing 80-90 mmHg, walking 20-35 mmHg; Eur J Appl Physiol 1993); the curve "
    "only shows the direction of change. Education, not individual advice.</p>"
)
TWIN_NOTE_HTML = (
    '<p class="vc-note"><em>Illustrative model</em> at typical calf pump strength: choose '
    "a leg condition in the menu and the steps walked on the slider. The faint dotted line "
    "is the competent-valve reference. Education, not individual advice.</p>"
)


@lru_cache(maxsize=512)
def _run(key: str, steps: int, strength: float, tourniquet: bool) -> PressureTrace:
    # The pure model is cached by control values: moving a control back costs nothing.
    return simulate(key, steps, strength, tourniquet)


def _label(key: str, tourniquet: bool) -> str:
    label = STATE_LABELS[key]
    return f"{label}, tourniquet on" if tourniquet else label


def _draw(key: str, steps: int, strength: float, tourniquet: bool) -> Any:
    return pump_figures.pump_figure(
        _run(key, steps, strength, tourniquet),
        _run("competent", steps, strength, False),
        _label(key, tourniquet),
    )


@lru_cache(maxsize=512)
def _patch(key: str, steps: int, strength: float, tourniquet: bool) -> dict[str, Any]:
    # numpy arrays are validated by plotly in one go (lists element by element), which keeps
    # a callback within a few ms.
    patch = pump_figures.pump_patch(
        _run(key, steps, strength, tourniquet),
        _run("competent", steps, strength, False),
        _label(key, tourniquet),
    )
    return {
        path: np.asarray(value, dtype=float)
        if path.startswith("data[") and path.endswith((".x", ".y"))
        else value
        for path, value in patch.items()
    }


class CalfPumpWidget(LiveFace):
    """The live face: valve state, tourniquet, steps and pump strength; the pressure trace."""

    START = ("competent", 10, 1.0, False)
    draw = staticmethod(_draw)
    patch = staticmethod(_patch)

    def __init__(self, key: str, steps: int, strength: float, tourniquet: bool) -> None:
        style = {"description_width": "initial"}
        self.valve_state = widgets.Dropdown(
            options=[(v.label, v.key) for v in VALVE_STATES],
            value=key,
            description="Valve state",
            style=style,
        )
        self.steps = widgets.IntSlider(
            value=steps,
            min=MIN_STEPS,
            max=MAX_STEPS,
            description="Steps walked",
            continuous_update=False,
            style=style,
        )
        self.pump_strength = widgets.FloatText(
            value=strength,
            step=0.1,
            description="Calf pump strength (0.2-1.5, 1 = typical)",
            style=style,
            # The long label would otherwise squeeze the number box to a few pixels.
            layout=widgets.Layout(width="28em"),
        )
        self.superficial_tourniquet = widgets.Checkbox(
            value=tourniquet, description="Superficial tourniquet on", indent=False
        )
        self.controls = {
            "valve_state": self.valve_state,
            "steps": self.steps,
            "pump_strength": self.pump_strength,
            "superficial_tourniquet": self.superficial_tourniquet,
        }
        self.summary = widgets.HTML()
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(f"<strong>{TITLE}</strong>"),
                widgets.HBox([self.valve_state, self.superficial_tourniquet]),
                widgets.HBox([self.steps, self.pump_strength]),
                self.status,
                self.figure,
                self.summary,
                widgets.HTML(NOTE_HTML),
            ]
        )
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self._changed()

    def state(self) -> tuple[str, int, float, bool]:
        """(valve state, steps, pump strength, tourniquet); ``ValueError`` for a strength that
        is not a finite number."""
        strength = float(self.pump_strength.value)
        if not math.isfinite(strength):
            raise ValueError("Calf pump strength must be a number between 0.2 and 1.5.")
        key, n = self.valve_state.value, int(self.steps.value)
        return (key, n, strength, bool(self.superficial_tourniquet.value))

    def _changed(self, _change: object = None) -> None:
        try:
            state = self.state()
            trace = _run(*state)
            self.show_state(*state)
        except ValueError as error:
            set_status(self.status, str(error), error=True)
            return
        set_status(self.status, "")
        self.summary.value = (
            f"<p><strong>Model result:</strong> {pump_figures.summary_text(trace)}</p>"
        )


def calf_pump(
    valve_state: str = "competent",
    steps: int = 10,
    pump_strength: float = 1.0,
    superficial_tourniquet: bool = False,
) -> Explorer:
    """The calf muscle pump explorer, with its controls preset to the arguments.

    Raises ``ValueError`` (a sentence) for an unknown valve state or out-of-range presets.
    """
    _validate_preset(valve_state, steps, pump_strength)
    live = CalfPumpWidget(valve_state, steps, float(pump_strength), superficial_tourniquet)
    return live.explorer(TITLE, calf_pump_twin, ALT_TEXT, TWIN_NOTE_HTML)


def _validate_preset(key: str, steps: int, pump_strength: float) -> None:
    valve_state(key)  # raises ValueError naming the known states
    simulate(key, steps, pump_strength)  # the model's own range checks
