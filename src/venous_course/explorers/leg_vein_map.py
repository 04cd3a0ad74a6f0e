"""Explorer: a schematic leg showing which veins each treatment modality targets.

Live face: a labelled dropdown of modalities; the targeted veins are drawn thick and named
"(TARGETED)" in the legend, so colour is not the only cue. Which veins comes from the
``targets`` of :mod:`venous_course.treatments`. Twin: the same dropdown as a plotly menu.
"""

from __future__ import annotations

import html
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course import EDUCATION_NOTICE
from venous_course.explorers.base import Explorer, LivePatcher
from venous_course.figures.vein_map import vein_map_figure, vein_map_patch, vein_map_twin
from venous_course.treatments import Treatment, load_treatments

TITLE = "Leg vein map: what each treatment targets"
ALT_TEXT = (
    "A schematic right leg seen from the front, not to scale. The great saphenous vein runs up "
    "the inner side from ankle to groin and joins the common femoral vein at the "
    "saphenofemoral junction. The small saphenous vein runs up the back of the calf and joins "
    "the popliteal vein behind the knee. Short perforator veins link the superficial veins to "
    "the deep veins (femoral, popliteal and tibial). Surface tributaries branch off the great "
    "saphenous vein; reticular and spider veins sit in the skin. Choosing a modality thickens "
    "the veins it targets: thermal ablation, adhesive closure and surgery the saphenous trunks; "
    "foam sclerotherapy trunks, tributaries and reticular veins; phlebectomy the tributaries; "
    "liquid sclerotherapy spider and reticular veins; surface laser spider veins; compression "
    "supports the whole leg."
)


@lru_cache(maxsize=1)
def _catalogue() -> tuple[Treatment, ...]:
    return load_treatments()


# Every live figure is built in this state (once, cached) and then patched to its own.
_START = (None,)


@lru_cache(maxsize=1)
def _start_figure() -> go.Figure:
    # Built once; each live widget copies it and then only patches what the modality changes.
    return vein_map_figure(_treatment(*_START))


@lru_cache(maxsize=32)
def _figure(key: str | None) -> MappingProxyType[str, Any]:
    # The figure's state for a modality as plain data (property path -> value), cached: a
    # callback assigns the few values that differ instead of building a new figure.
    return vein_map_patch(_treatment(key))


def _treatment(key: str | None) -> Treatment | None:
    return next((t for t in _catalogue() if t.key == key), None)


class VeinMapWidget(widgets.VBox):
    """The live face: a modality dropdown, the schematic leg and how the modality works."""

    def __init__(self, modality: str | None) -> None:
        self.modality = widgets.Dropdown(
            options=[
                ("Anatomy only (no treatment)", None),
                *[(t.name, t.key) for t in _catalogue()],
            ],
            value=modality,
            description="Modality:",
            style={"description_width": "initial"},
            # Wide enough for the longest modality name (the default 300 px cuts it off).
            layout=widgets.Layout(width="28em"),
        )
        self.details = widgets.HTML()
        self.figure = go.FigureWidget(_start_figure())
        self._patcher = LivePatcher(self.figure, _figure(*_START))
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                self.modality,
                self.details,
                self.figure,
                widgets.HTML(f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>"),
            ]
        )
        self.modality.observe(self._changed, names="value")
        self._changed()

    def _changed(self, _change: object = None) -> None:
        key = self.modality.value
        treatment = _treatment(key)
        self.details.value = (
            "<p>Pick a modality to see which veins it targets.</p>"
            if treatment is None
            else f"<p><b>{html.escape(treatment.name)}:</b> {html.escape(treatment.mechanism)}</p>"
        )
        self._patcher.show(_figure(key))


def leg_vein_map(modality: str | None = None) -> Explorer:
    """Leg vein map; ``modality`` is a treatment key (for example "evla") or None."""
    keys = [t.key for t in _catalogue()]
    if modality is not None and modality not in keys:
        raise ValueError(
            f"'{modality}' is not a modality the course knows; known: {', '.join(keys)}."
        )
    live = VeinMapWidget(modality)
    return Explorer(
        TITLE,
        live,
        lambda: vein_map_twin(_catalogue()),
        ALT_TEXT,
        static_notes_html=f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>",
    )
