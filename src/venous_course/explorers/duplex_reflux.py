"""Explorer: pick a vein segment, set the reflux duration (and a perforator's diameter).

Live face: a stylised Doppler trace with the segment's cut-off line and the verdict from
:func:`venous_course.duplex.explain` (SVS/AVF/AVLS 2022, ``gloviczki2023part1``; perforators
``odonnell2014vlu``). Twin: a dropdown of segment groups and a slider of durations.
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course import EDUCATION_NOTICE, duplex
from venous_course.explorers.base import Explorer, LivePatcher, set_status, status_line
from venous_course.figures.duplex import duplex_figure, duplex_patch, duplex_twin

TITLE = "Duplex ultrasound: is this reflux pathologic?"
ALT_TEXT = (
    "A stylised Doppler trace of flow velocity against time in milliseconds. When the calf is "
    "squeezed, flow runs towards the heart (above zero). After release, any backward flow "
    "(reflux) shows below zero and lasts the reflux duration. A dashed vertical line marks the "
    "segment's cut-off after release: more than 500 ms for superficial trunks, tibial and deep "
    "femoral veins; more than 1000 ms for the common femoral, femoral and popliteal veins; for "
    "a perforator, 500 ms or more together with a diameter of 3.5 mm or more. The title states "
    "whether the reflux shown is pathologic."
)


# Every live figure is built in this state (once, cached) and then patched to its own.
_START = ("GSV", 800.0, None)


@lru_cache(maxsize=1)
def _start_figure() -> go.Figure:
    # Built once; each live widget copies it and then only patches what its state changes.
    return duplex_figure(*_START)


# The figure's state for control values as plain data (property path -> value), cached:
# a callback assigns the few values that differ instead of building a new figure.
_figure = duplex_patch


class DuplexWidget(widgets.VBox):
    """The live face: segment, reflux duration, perforator diameter, verdict and trace."""

    def __init__(self, segment: str, reflux_ms: float, diameter_mm: float | None) -> None:
        style = {"description_width": "initial"}
        item = duplex.segment(segment)
        self.segment = widgets.Dropdown(
            options=[(f"{s.key}: {s.name} ({s.system})", s.key) for s in duplex.SEGMENTS],
            value=item.key,
            description="Vein segment:",
            style=style,
            # Wide enough for the longest segment name (the default 300 px cuts them off).
            layout=widgets.Layout(width="38em"),
        )
        self.reflux = widgets.FloatText(
            value=reflux_ms, description="Reflux duration (ms):", style=style
        )
        self.diameter = widgets.FloatText(
            value=diameter_mm if diameter_mm is not None else 4.0,
            description="Perforator diameter (mm):",
            style=style,
        )
        self.status = status_line()
        self.verdict = widgets.HTML()
        self.figure = go.FigureWidget(_start_figure())
        self._patcher = LivePatcher(self.figure, _figure(*_START))
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                self.segment,
                widgets.HBox([self.reflux, self.diameter]),
                self.status,
                self.verdict,
                self.figure,
                widgets.HTML(f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>"),
            ]
        )
        for control in (self.segment, self.reflux, self.diameter):
            control.observe(self._changed, names="value")
        self._changed()

    def inputs(self) -> tuple[str, float, float | None]:
        """Segment key, reflux (ms) and the diameter (mm; only for perforators)."""
        key = self.segment.value
        is_perforator = duplex.segment(key).system == "perforator"
        return (
            key,
            float(self.reflux.value),
            (float(self.diameter.value) if is_perforator else None),
        )

    def _changed(self, _change: object = None) -> None:
        key, reflux, diameter = self.inputs()
        self.diameter.layout.display = "" if diameter is not None else "none"
        try:
            patch = _figure(key, reflux, diameter)
        except ValueError as error:
            set_status(self.status, str(error), error=True)
            self.verdict.value = ""
            return
        self.status.value = ""
        self.verdict.value = (
            f"<p><b>Verdict:</b> {html.escape(duplex.explain(key, reflux, diameter))}</p>"
        )
        self._patcher.show(patch)


def duplex_reflux(
    segment: str = "GSV", reflux_ms: float = 800.0, diameter_mm: float | None = None
) -> Explorer:
    """Duplex explorer; ``segment`` is a key of :data:`venous_course.duplex.SEGMENTS`."""
    live = DuplexWidget(segment, reflux_ms, diameter_mm)
    return Explorer(
        TITLE,
        live,
        lambda: duplex_twin(start_reflux_ms=min(max(reflux_ms, 0.0), 2000.0)),
        ALT_TEXT,
        static_notes_html=f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>",
    )
