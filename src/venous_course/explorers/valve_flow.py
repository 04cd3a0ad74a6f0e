"""Valve flow explorer: which way blood moves in a leg vein during the calf muscle pump.

Live face: the calf phase (contraction or relaxation) and the valve condition (competent or
incompetent) as labelled toggle buttons; the schematic redraws in place. Book face: the same
schematic with four buttons, one per combination.
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course.explorers.base import Explorer, set_status, status_line
from venous_course.figures import valve

ALT_TEXT = (
    "Schematic of a vertical leg vein with two valves, calf muscle on both sides. During calf "
    "contraction the muscle squeezes the vein, the valves open and arrows show blood moving up "
    "toward the heart. During relaxation with competent valves, the two cusps of each valve "
    "meet and close, so no blood falls back. During relaxation with incompetent valves, the "
    "cusps leave a gap, arrows show blood falling back down (reflux) and it pools in a bulge "
    "at the bottom of the vein, where pressure stays high. Buttons choose the four states."
)


@lru_cache(maxsize=8)
def _parts(phase: str, valves: str) -> dict:
    return valve.valve_parts(phase, valves)


def _explanation(phase: str, valves: str) -> str:
    return f"<p>{valve.EXPLANATIONS[(phase, valves)]}</p>"


def valve_flow(phase: str = "contraction", valves: str = "competent") -> Explorer:
    """The valve flow explorer, preset to ``phase`` and ``valves``.

    Raises ``ValueError`` for an unknown phase or valve condition.
    """
    figure = go.FigureWidget(valve.valve_figure(phase, valves))
    phase_control = widgets.ToggleButtons(
        options=[(label, key) for key, label in valve.PHASES.items()],
        value=phase,
        description="Calf phase",
        style={"description_width": "initial"},
    )
    valve_control = widgets.ToggleButtons(
        options=[("Competent valves", "competent"), ("Incompetent valves", "incompetent")],
        value=valves,
        description="Valves",
        style={"description_width": "initial"},
    )
    status = status_line()
    explanation = widgets.HTML(_explanation(phase, valves))
    shown = {"state": (phase, valves)}

    def update(_change: object = None) -> None:
        state = (phase_control.value, valve_control.value)
        if state == shown["state"]:
            return
        try:
            parts = _parts(*state)
        except ValueError as error:
            set_status(status, str(error), error=True)
            return
        set_status(status, "")
        before = _parts(*shown["state"])
        with figure.batch_update():
            # Only the lists that differ from the shown state are assigned (and re-validated):
            # for example the valve condition does not change the drawing during contraction.
            for name in ("shapes", "annotations"):
                if parts[name] != before[name]:
                    figure.layout[name] = parts[name]
        explanation.value = _explanation(*state)
        shown["state"] = state

    phase_control.observe(update, names="value")
    valve_control.observe(update, names="value")
    root = widgets.VBox(
        [
            widgets.HTML("<strong>Valve flow explorer</strong>"),
            phase_control,
            valve_control,
            status,
            figure,
            explanation,
        ]
    )
    return Explorer(
        "Valve flow explorer",
        root,
        valve.valve_twin,
        ALT_TEXT,
        controls={"phase": phase_control, "valves": valve_control},
        live_figure=figure,
        status=status,
    )
