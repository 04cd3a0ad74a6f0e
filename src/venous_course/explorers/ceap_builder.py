"""CEAP builder explorer: pick the parts of a CEAP 2020 code and read what it means.

Live face: checkboxes for the clinical classes and the E, A and P values, and a choice of
symptomatic or asymptomatic; it shows the canonical code (``venous_course.ceap``), its
plain-language description, and whether it is chronic venous insufficiency (C3-C6) or chronic
venous disease without it. Invalid combinations show the model's own message. Book face: a
dropdown of worked examples.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course.ceap import (
    ANATOMY,
    CLINICAL_CLASSES,
    ETIOLOGY,
    PATHOPHYSIOLOGY,
    CEAPClassification,
    parse,
)
from venous_course.explorers.base import Explorer, LiveFace, set_status
from venous_course.figures import ceap as ceap_figures

TITLE = "CEAP 2020 builder"
TWIN_NOTE_HTML = (
    '<p class="vc-note">Choose a worked example in the menu: the chosen clinical classes '
    "are highlighted and the code is written out in plain words. Classes follow CEAP 2020; "
    "CVI is C3-C6. Education, not individual advice.</p>"
)
ALT_TEXT = (
    "A horizontal scale of the CEAP 2020 clinical classes from C0 (no signs) through C1, C2, "
    "C2r, C3, C4a, C4b, C4c, C5 and C6 to C6r (recurrent active ulcer). The chosen classes are "
    "drawn as large diamonds labelled 'selected'. A dashed outline marks chronic venous disease "
    "(C1-C6 in most sources; CEAP 2020 writes C2-C6 in places) and a shaded band marks "
    "chronic venous insufficiency (C3-C6). Under the scale the "
    "full code, its meaning in plain words and whether it counts as CVI are written out. A menu "
    "switches between worked examples."
)


def compose_code(
    clinical: Sequence[str],
    symptomatic: bool | None = None,
    etiology: Sequence[str] = (),
    anatomy: Sequence[str] = (),
    pathophysiology: Sequence[str] = (),
) -> str:
    """A CEAP string from its chosen parts, for example ``compose_code(["C2"], True, ["p"])``.

    Only joins the parts; :func:`venous_course.ceap.parse` validates the result.
    Raises ``ValueError`` when no clinical class is chosen.
    """
    if not clinical:
        raise ValueError("Choose at least one clinical class (C0-C6r) to build a CEAP code.")
    order = list(CLINICAL_CLASSES)
    classes = sorted(clinical, key=lambda c: order.index(c) if c in order else len(order))
    text = "C" + ",".join([classes[0][1:]] + [c[1:] for c in classes[1:]])
    if symptomatic is not None:
        text += ",s" if symptomatic else ",a"
    pieces = [text]
    for letter, values in (("E", etiology), ("A", anatomy), ("P", pathophysiology)):
        if values:
            pieces.append(letter + ",".join(values))
    return " ".join(pieces)


@lru_cache(maxsize=512)
def _classify(code: str) -> CEAPClassification:
    return parse(code)


def _checkboxes(options: dict[str, str], prefix: str, chosen: Iterable[str]) -> dict:
    chosen = set(chosen)
    return {
        key: widgets.Checkbox(
            value=key in chosen,
            description=f"{prefix}{key}: {meaning}" if prefix else f"{key}: {meaning}",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        for key, meaning in options.items()
    }


def _group(title: str, boxes: dict) -> widgets.VBox:
    return widgets.VBox([widgets.HTML(f"<strong>{html.escape(title)}</strong>"), *boxes.values()])


def _result_html(classification: CEAPClassification) -> str:
    cvi = ceap_figures.cvi_sentence(classification.clinical)
    return (
        f'<p>Code: <code style="font-size:1.2em">{html.escape(classification.code)}</code></p>'
        f"<p>{html.escape(classification.describe())}</p><p><strong>{html.escape(cvi)}</strong></p>"
    )


def _draw(code: str) -> go.Figure:
    c = _classify(code)
    return ceap_figures.ceap_scale_figure(c.clinical, c.code, c.describe())


def _patch(code: str) -> Any:
    c = _classify(code)
    return ceap_figures.ceap_patch(tuple(c.clinical), c.code, c.describe())


class CEAPWidget(LiveFace):
    """The live face: a checkbox per C, E, A and P value, symptoms, the code and the scale."""

    START = ("C2,s Ep As Pr",)
    draw = staticmethod(_draw)
    patch = staticmethod(_patch)

    def __init__(self, preset: CEAPClassification) -> None:
        self.clinical = _checkboxes(CLINICAL_CLASSES, "", preset.clinical)
        self.etiology = _checkboxes(ETIOLOGY, "E", preset.etiology)
        self.anatomy = _checkboxes(ANATOMY, "A", preset.anatomy)
        self.pathophysiology = _checkboxes(PATHOPHYSIOLOGY, "P", preset.pathophysiology)
        self.symptoms = widgets.ToggleButtons(
            options=[("Symptomatic (s)", "s"), ("Asymptomatic (a)", "a"), ("Not recorded", "")],
            value={True: "s", False: "a", None: ""}[preset.symptomatic],
            description="Symptoms",
            style={"description_width": "initial"},
        )
        self.controls: dict[str, widgets.Widget] = {"symptoms": self.symptoms}
        for group, boxes in (
            ("clinical", self.clinical),
            ("etiology", self.etiology),
            ("anatomy", self.anatomy),
            ("pathophysiology", self.pathophysiology),
        ):
            self.controls.update({f"{group}_{k}": v for k, v in boxes.items()})
        self.result = widgets.HTML()
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(f"<strong>{TITLE}</strong>"),
                widgets.HBox(
                    [
                        _group("Clinical signs (C): tick every sign present", self.clinical),
                        widgets.VBox(
                            [
                                _group("Etiology (E)", self.etiology),
                                _group("Anatomy (A)", self.anatomy),
                                _group("Pathophysiology (P)", self.pathophysiology),
                            ]
                        ),
                    ]
                ),
                self.symptoms,
                self.status,
                self.result,
                self.figure,
            ]
        )
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self._changed()

    def state(self) -> str:
        """The canonical CEAP code the controls show; ``ValueError`` when it is not valid."""

        def chosen(boxes: dict) -> list[str]:
            return [key for key, box in boxes.items() if box.value]

        text = compose_code(
            chosen(self.clinical),
            {"s": True, "a": False, "": None}[self.symptoms.value],
            chosen(self.etiology),
            chosen(self.anatomy),
            chosen(self.pathophysiology),
        )
        return _classify(text).code

    def _changed(self, _change: object = None) -> None:
        try:
            classification = _classify(self.state())
        except ValueError as error:
            set_status(self.status, str(error), error=True)
            self.result.value = "<p><em>No valid code yet: see the message above.</em></p>"
            return
        set_status(self.status, "")
        self.result.value = _result_html(classification)
        self.show_state(classification.code)


def ceap_builder(code: str = "C2,s Ep As Pr") -> Explorer:
    """The CEAP builder, with its controls preset from ``code``.

    Raises ``ValueError`` (the parser's sentence) when ``code`` is not a valid CEAP 2020 code.
    """
    live = CEAPWidget(parse(code))
    return live.explorer(TITLE, ceap_figures.ceap_twin, ALT_TEXT, TWIN_NOTE_HTML)
