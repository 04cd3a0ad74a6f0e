"""Valve flow explorer: which way blood moves in a leg vein during the calf muscle pump.

Live face: the calf phase (contraction or relaxation) and the valve condition (competent or
incompetent) as labelled toggle buttons; the schematic redraws in place. Book face: the same
schematic with four buttons, one per combination.
"""

from __future__ import annotations

import ipywidgets as widgets

from venous_course.explorers.base import Explorer, LiveFace, set_status
from venous_course.figures import valve_flow as valve_figures

TITLE = "Valve flow explorer"
ALT_TEXT = (
    "Schematic of a vertical leg vein with two valves, calf muscle on both sides. During calf "
    "contraction the muscle squeezes the vein, the valves open and arrows show blood moving up "
    "toward the heart. During relaxation with competent valves, the two cusps of each valve "
    "meet and close, so no blood falls back. During relaxation with incompetent valves, the "
    "cusps leave a gap, arrows show blood falling back down (reflux) and it pools in a bulge "
    "at the bottom of the vein, where pressure stays high. Buttons choose the four states."
)


def _explanation(phase: str, valves: str) -> str:
    return f"<p>{valve_figures.EXPLANATIONS[(phase, valves)]}</p>"


class ValveFlowWidget(LiveFace):
    """The live face: calf phase and valve condition as toggle buttons, the schematic."""

    START = ("contraction", "competent")
    draw = staticmethod(valve_figures.valve_figure)
    patch = staticmethod(valve_figures.valve_patch)

    def __init__(self, phase: str, valves: str) -> None:
        valve_figures.valve_patch(phase, valves)  # a clear ValueError for a bad preset
        style = {"description_width": "initial"}
        self.phase = widgets.ToggleButtons(
            options=[(label, key) for key, label in valve_figures.PHASES.items()],
            value=phase,
            description="Calf phase",
            style=style,
        )
        self.valves = widgets.ToggleButtons(
            options=[("Competent valves", "competent"), ("Incompetent valves", "incompetent")],
            value=valves,
            description="Valves",
            style=style,
        )
        self.controls = {"phase": self.phase, "valves": self.valves}
        self.explanation = widgets.HTML()
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(f"<strong>{TITLE}</strong>"),
                self.phase,
                self.valves,
                self.status,
                self.figure,
                self.explanation,
            ]
        )
        self.phase.observe(self._changed, names="value")
        self.valves.observe(self._changed, names="value")
        self._changed()

    def state(self) -> tuple[str, str]:
        """(calf phase, valve condition) as the controls show them."""
        return (self.phase.value, self.valves.value)

    def _changed(self, _change: object = None) -> None:
        state = self.state()
        try:
            # Only what differs from the shown state is assigned: for example the valve
            # condition does not change the drawing during contraction.
            self.show_state(*state)
        except ValueError as error:
            set_status(self.status, str(error), error=True)
            return
        set_status(self.status, "")
        self.explanation.value = _explanation(*state)


def valve_flow(phase: str = "contraction", valves: str = "competent") -> Explorer:
    """The valve flow explorer, preset to ``phase`` and ``valves``.

    Raises ``ValueError`` for an unknown phase or valve condition.
    """
    return ValveFlowWidget(phase, valves).explorer(TITLE, valve_figures.valve_twin, ALT_TEXT)
