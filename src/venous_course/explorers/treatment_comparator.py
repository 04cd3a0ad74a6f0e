"""Explorer: filter the treatment modalities by target, setting and anaesthesia.

Live face: three labelled dropdowns, a comparison table of the matching modalities and a
modality x target matrix with ticks (colour only repeats the tick). Data:
:mod:`venous_course.treatments` (paraphrasing ``seedtext``). Twin: a dropdown by target.
"""

from __future__ import annotations

import html
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course import EDUCATION_NOTICE
from venous_course.explorers.base import Explorer, LiveFace
from venous_course.figures.treatment_table import with_table_face
from venous_course.figures.treatments import (
    filter_title,
    treatment_figure,
    treatment_patch,
    treatments_twin,
)
from venous_course.treatments import (
    ANAESTHESIA,
    SETTINGS,
    TARGETS,
    Treatment,
    filter_treatments,
    load_treatments,
)

TITLE = "Compare treatment modalities"
ALT_TEXT = (
    "A table compares the treatment modalities the course teaches: what each targets, its usual "
    "anaesthesia, setting and main risks. Below it, a grid of modalities against targets (spider "
    "veins, reticular veins, tributaries, truncal reflux, ulcer care, symptoms) has a tick where "
    "the modality targets that problem. For example, thermal ablation, adhesive closure and "
    "surgery target truncal reflux; phlebectomy targets tributaries; liquid sclerotherapy "
    "targets spider and reticular veins; compression supports ulcer care and symptoms."
)
ANY = "any"


@lru_cache(maxsize=1)
def _catalogue() -> tuple[Treatment, ...]:
    return load_treatments()


def _draw(target: str | None, setting: str | None, anaesthesia: str | None) -> go.Figure:
    catalogue = _catalogue()
    shown = filter_treatments(catalogue, target, setting, anaesthesia)
    return treatment_figure(shown, catalogue, target, filter_title(target, setting, anaesthesia))


@lru_cache(maxsize=256)
def _figure(
    target: str | None, setting: str | None, anaesthesia: str | None
) -> MappingProxyType[str, Any]:
    # The figure's state for the filters as plain data (property path -> value), cached: a
    # callback assigns the few values that differ instead of building a new figure.
    catalogue = _catalogue()
    shown = filter_treatments(catalogue, target, setting, anaesthesia)
    return treatment_patch(shown, catalogue, target, filter_title(target, setting, anaesthesia))


def _details(shown: tuple[Treatment, ...]) -> str:
    if not shown:
        return (
            '<p role="status" style="color:#D55E00"><b>No modality matches all three filters.</b> '
            "Set one of them back to 'any'.</p>"
        )
    items = "".join(
        f"<li><b>{html.escape(t.name)}:</b> {html.escape(t.mechanism)} "
        f"<i>Aftercare: {html.escape('; '.join(t.aftercare))}.</i></li>"
        for t in shown
    )
    return f"<p><b>{len(shown)} matching modalities. How they work:</b></p><ul>{items}</ul>"


class TreatmentWidget(LiveFace):
    """The live face: three filters, the table and matrix, and how each modality works."""

    START = (None, None, None)
    draw = staticmethod(_draw)
    patch = staticmethod(_figure)

    def __init__(self, target: str | None, setting: str | None, anaesthesia: str | None) -> None:
        style = {"description_width": "initial"}

        def dropdown(label: str, values: tuple[str, ...], value: str | None) -> widgets.Dropdown:
            return widgets.Dropdown(
                options=[(ANY, None), *[(v, v) for v in values]],
                value=value,
                description=label,
                style=style,
            )

        self.target = dropdown("Target:", TARGETS, target)
        self.setting = dropdown("Setting:", SETTINGS, setting)
        self.anaesthesia = dropdown("Anaesthesia:", ANAESTHESIA, anaesthesia)
        self.details = widgets.HTML()
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                widgets.HBox([self.target, self.setting, self.anaesthesia]),
                self.figure,
                self.details,
                widgets.HTML(f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>"),
            ]
        )
        for control in (self.target, self.setting, self.anaesthesia):
            control.observe(self._changed, names="value")
        self._changed()

    def _changed(self, _change: object = None) -> None:
        key = (self.target.value, self.setting.value, self.anaesthesia.value)
        shown = filter_treatments(_catalogue(), *key)
        self.details.value = _details(shown)
        self.show_state(*key)


def treatment_comparator(
    target: str | None = None, setting: str | None = None, anaesthesia: str | None = None
) -> Explorer:
    """Treatment comparator; presets must be values of TARGETS, SETTINGS and ANAESTHESIA."""
    filter_treatments(_catalogue(), target, setting, anaesthesia)  # clear ValueError if unknown
    live = TreatmentWidget(target, setting, anaesthesia)
    # The book shows the catalogue as an accessible HTML table (the book's plotly.js bundle
    # has no table trace); the live face and the plotly twin stay for JupyterLab and tests.
    explorer = live.explorer(
        TITLE,
        lambda: treatments_twin(_catalogue()),
        ALT_TEXT,
        notes=f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>",
    )
    return with_table_face(explorer, _catalogue())
