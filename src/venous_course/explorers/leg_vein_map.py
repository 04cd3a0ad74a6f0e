"""Explorer: a schematic leg showing which veins each treatment modality targets.

Live face: a labelled dropdown of modalities; the targeted veins are drawn thick and named
"(TARGETED)" in the legend, so colour is not the only cue. Which veins comes from the
``targets`` of :mod:`venous_course.treatments`. Twin: the same dropdown as a plotly menu.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache

import ipywidgets as widgets
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from venous_course import EDUCATION_NOTICE
from venous_course.explorers.base import Explorer
from venous_course.figures.vein_map import vein_map_figure, vein_map_twin
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


@lru_cache(maxsize=32)
def _figure(key: str | None) -> go.Figure:
    treatment = next((t for t in _catalogue() if t.key == key), None)
    return vein_map_figure(treatment)


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
        )
        self.details = widgets.HTML()
        self.figure = go.FigureWidget(_figure(None))
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
        treatment = next((t for t in _catalogue() if t.key == key), None)
        self.details.value = (
            "<p>Pick a modality to see which veins it targets.</p>"
            if treatment is None
            else f"<p><b>{html.escape(treatment.name)}:</b> {html.escape(treatment.mechanism)}</p>"
        )
        _sync(self.figure, _figure(key))


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
