"""Calf muscle pump explorer: ankle venous pressure while standing, walking and standing still.

Live face: controls for the valve state, steps walked, calf pump strength and a superficial
tourniquet; the figure updates in place. Book face: a dropdown over leg conditions and a
slider over step counts, precomputed at typical pump strength. The numbers come from the
ILLUSTRATIVE model in :mod:`venous_course.physiology`; only the reference bands are
literature values (standing 80-90 mmHg, walking 20-35 mmHg, ``ejap1993pressure``).
"""

from __future__ import annotations

import math
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from venous_course.explorers.base import Explorer, set_status, status_line
from venous_course.figures import pump
from venous_course.physiology import (
    MAX_STEPS,
    MIN_STEPS,
    VALVE_STATES,
    PressureTrace,
    simulate,
    valve_state,
)

TWIN_STEPS: tuple[int, ...] = (5, 10, 20, 30)
TWIN_STRENGTH = 1.0  # typical calf pump
TOURNIQUET_KEY = "superficial_reflux+tourniquet"
STATE_LABELS: dict[str, str] = {v.key: v.label for v in VALVE_STATES}
TWIN_LABELS: dict[str, str] = {
    **STATE_LABELS,
    TOURNIQUET_KEY: "Superficial reflux, tourniquet on",
}

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


@lru_cache(maxsize=512)
def _run(key: str, steps: int, strength: float, tourniquet: bool) -> PressureTrace:
    # The pure model is cached by control values: moving a control back costs nothing.
    return simulate(key, steps, strength, tourniquet)


@lru_cache(maxsize=512)
def _live_props(key: str, steps: int, strength: float, tourniquet: bool) -> dict[int, dict]:
    # Figure properties of one run, cached; numpy arrays are validated by plotly in one go
    # (lists are checked element by element), which keeps a callback within a few ms.
    trace = _run(key, steps, strength, tourniquet)
    props = pump.trace_updates(trace, _label(key, tourniquet))
    for values in props.values():
        for axis in ("x", "y"):
            values[axis] = np.asarray(values[axis], dtype=float)
    return props


@lru_cache(maxsize=256)
def _reference_props(steps: int, strength: float) -> dict:
    props = pump.reference_update(_run("competent", steps, strength, False))
    return {axis: np.asarray(values, dtype=float) for axis, values in props.items()}


def _twin_run(state: str, steps: int) -> PressureTrace:
    if state == TOURNIQUET_KEY:
        return _run("superficial_reflux", steps, TWIN_STRENGTH, True)
    return _run(state, steps, TWIN_STRENGTH, False)


@lru_cache(maxsize=1)
def _twin() -> go.Figure:
    results = {(s, n): _twin_run(s, n) for s in TWIN_LABELS for n in TWIN_STEPS}
    references = {n: _run("competent", n, TWIN_STRENGTH, False) for n in TWIN_STEPS}
    return pump.pump_twin(results, references, TWIN_LABELS, TWIN_STEPS, "deep_reflux", 10)


def calf_pump_twin() -> go.Figure:
    """The kernel-free twin: leg condition dropdown x steps slider (typical pump strength)."""
    return go.Figure(_twin())  # a copy: callers may change it


def _label(key: str, tourniquet: bool) -> str:
    label = STATE_LABELS[key]
    return f"{label}, tourniquet on" if tourniquet else label


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
    state_control = widgets.Dropdown(
        options=[(v.label, v.key) for v in VALVE_STATES],
        value=valve_state,
        description="Valve state",
        style={"description_width": "initial"},
    )
    steps_control = widgets.IntSlider(
        value=steps,
        min=MIN_STEPS,
        max=MAX_STEPS,
        description="Steps walked",
        continuous_update=False,
        style={"description_width": "initial"},
    )
    strength_control = widgets.FloatText(
        value=pump_strength,
        step=0.1,
        description="Calf pump strength (0.2-1.5, 1 = typical)",
        style={"description_width": "initial"},
        # The long label would otherwise squeeze the number box to a few pixels.
        layout=widgets.Layout(width="28em"),
    )
    tourniquet_control = widgets.Checkbox(
        value=superficial_tourniquet,
        description="Superficial tourniquet on",
        indent=False,
    )
    status = status_line()
    summary = widgets.HTML()

    first = _run(valve_state, steps, float(pump_strength), superficial_tourniquet)
    reference = _run("competent", steps, float(pump_strength), False)
    figure = go.FigureWidget(
        pump.pump_figure(first, reference, _label(valve_state, superficial_tourniquet))
    )
    summary.value = f"<p><strong>Model result:</strong> {pump.summary_text(first)}</p>"
    last: dict[str, object] = {
        "run": (valve_state, steps, float(pump_strength), superficial_tourniquet),
        "reference": (steps, float(pump_strength)),
    }

    def update(_change: object = None) -> None:
        key = state_control.value
        tourniquet = bool(tourniquet_control.value)
        try:
            n = int(steps_control.value)
            strength = float(strength_control.value)
            if not math.isfinite(strength):
                raise ValueError("Calf pump strength must be a number between 0.2 and 1.5.")
            run_key = (key, n, strength, tourniquet)
            trace = _run(*run_key)
            props = _live_props(*run_key)
            reference = _reference_props(n, strength)
        except ValueError as error:
            set_status(status, str(error), error=True)
            return
        set_status(status, "")
        if run_key == last["run"]:
            return
        with figure.batch_update():
            for index, values in props.items():
                figure.data[index].update(values)
            if (n, strength) != last["reference"]:
                figure.data[pump.REFERENCE].update(reference)
                last["reference"] = (n, strength)
            if n != last["run"][1]:  # type: ignore[index]
                # Only the walking period moves: update its shading and label in place.
                figure.layout.shapes[pump.WALKING_SHAPE].x1 = trace.walking_ends_s
                figure.layout.annotations[pump.WALKING_ANNOTATION].x = (
                    trace.walking_starts_s + trace.walking_ends_s
                ) / 2
        summary.value = f"<p><strong>Model result:</strong> {pump.summary_text(trace)}</p>"
        last["run"] = run_key

    for control in (state_control, steps_control, strength_control, tourniquet_control):
        control.observe(update, names="value")

    note = widgets.HTML(
        "<p><em>Illustrative model:</em> the shaded bands are literature values "
        "(standing 80-90 mmHg, walking 20-35 mmHg; Eur J Appl Physiol 1993); the curve "
        "only shows the direction of change. Education, not individual advice.</p>"
    )
    root = widgets.VBox(
        [
            widgets.HTML("<strong>Calf muscle pump explorer</strong>"),
            widgets.HBox([state_control, tourniquet_control]),
            widgets.HBox([steps_control, strength_control]),
            status,
            figure,
            summary,
            note,
        ]
    )
    return Explorer(
        "Calf muscle pump explorer",
        root,
        calf_pump_twin,
        ALT_TEXT,
        '<p class="vc-note"><em>Illustrative model</em> at typical calf pump strength: choose '
        "a leg condition in the menu and the steps walked on the slider. The faint dotted line "
        "is the competent-valve reference. Education, not individual advice.</p>",
        controls={
            "valve_state": state_control,
            "steps": steps_control,
            "pump_strength": strength_control,
            "superficial_tourniquet": tourniquet_control,
        },
        live_figure=figure,
        status=status,
    )


def _validate_preset(key: str, steps: int, pump_strength: float) -> None:
    valve_state(key)  # raises ValueError naming the known states
    simulate(key, steps, pump_strength)  # the model's own range checks
