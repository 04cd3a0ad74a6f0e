"""Explorer: filter the treatment modalities by target, setting and anaesthesia.

Live face: three labelled dropdowns, a comparison table of the matching modalities and a
modality x target matrix with ticks (colour only repeats the tick). Data:
:mod:`venous_course.treatments` (paraphrasing ``seedtext``). Twin: a dropdown by target.
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
from venous_course.figures.treatments import treatment_figure, treatments_twin
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


@lru_cache(maxsize=256)
def _figure(target: str | None, setting: str | None, anaesthesia: str | None) -> go.Figure:
    catalogue = _catalogue()
    shown = filter_treatments(catalogue, target, setting, anaesthesia)
    parts = [f"{what}: {value}" for what, value in (
        ("target", target), ("setting", setting), ("anaesthesia", anaesthesia)
    ) if value]  # fmt: skip
    title = "Treatment modalities side by side" + (f" ({'; '.join(parts)})" if parts else "")
    return treatment_figure(shown, catalogue, target, title)


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


class TreatmentWidget(widgets.VBox):
    """The live face: three filters, the table and matrix, and how each modality works."""

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
        self.figure = go.FigureWidget(_figure(None, None, None))
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
        _sync(self.figure, _figure(*key))


def treatment_comparator(
    target: str | None = None, setting: str | None = None, anaesthesia: str | None = None
) -> Explorer:
    """Treatment comparator; presets must be values of TARGETS, SETTINGS and ANAESTHESIA."""
    filter_treatments(_catalogue(), target, setting, anaesthesia)  # clear ValueError if unknown
    live = TreatmentWidget(target, setting, anaesthesia)
    return Explorer(
        TITLE,
        live,
        lambda: treatments_twin(_catalogue()),
        ALT_TEXT,
        static_notes_html=f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>",
    )
