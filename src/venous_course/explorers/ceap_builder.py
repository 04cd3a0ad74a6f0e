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
from venous_course.explorers.base import Explorer, set_status, status_line
from venous_course.figures import ceap as ceap_figures

ALT_TEXT = (
    "A horizontal scale of the CEAP 2020 clinical classes from C0 (no signs) through C1, C2, "
    "C2r, C3, C4a, C4b, C4c, C5 and C6 to C6r (recurrent active ulcer). The chosen classes are "
    "drawn as large diamonds labelled 'selected'. A dashed outline marks chronic venous disease "
    "(C1-C6) and a shaded band marks chronic venous insufficiency (C3-C6). Under the scale the "
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


def ceap_builder(code: str = "C2,s Ep As Pr") -> Explorer:
    """The CEAP builder, with its controls preset from ``code``.

    Raises ``ValueError`` (the parser's sentence) when ``code`` is not a valid CEAP 2020 code.
    """
    preset = parse(code)
    clinical = _checkboxes(CLINICAL_CLASSES, "", preset.clinical)
    etiology = _checkboxes(ETIOLOGY, "E", preset.etiology)
    anatomy = _checkboxes(ANATOMY, "A", preset.anatomy)
    patho = _checkboxes(PATHOPHYSIOLOGY, "P", preset.pathophysiology)
    symptoms = widgets.ToggleButtons(
        options=[("Symptomatic (s)", "s"), ("Asymptomatic (a)", "a"), ("Not recorded", "")],
        value={True: "s", False: "a", None: ""}[preset.symptomatic],
        description="Symptoms",
        style={"description_width": "initial"},
    )
    status = status_line()
    result = widgets.HTML(_result_html(preset))
    figure = go.FigureWidget(
        ceap_figures.ceap_scale_figure(preset.clinical, preset.code, preset.describe())
    )
    shown = {"code": preset.code}

    def chosen(boxes: dict) -> list[str]:
        return [key for key, box in boxes.items() if box.value]

    def update(_change: object = None) -> None:
        try:
            text = compose_code(
                chosen(clinical),
                {"s": True, "a": False, "": None}[symptoms.value],
                chosen(etiology),
                chosen(anatomy),
                chosen(patho),
            )
            classification = _classify(text)
        except ValueError as error:
            set_status(status, str(error), error=True)
            result.value = "<p><em>No valid code yet: see the message above.</em></p>"
            return
        set_status(status, "")
        result.value = _result_html(classification)
        if classification.code == shown["code"]:
            return
        selected = classification.clinical
        marker = ceap_figures.scale_marker(selected)
        with figure.batch_update():
            figure.data[0].marker.size = marker["marker.size"]
            figure.data[0].marker.symbol = marker["marker.symbol"]
            figure.data[0].marker.color = marker["marker.color"]
            figure.data[0].text = marker["text"]
            figure.layout.title.text = ceap_figures.figure_title(classification.code, selected)
            figure.layout.annotations[-1].text = ceap_figures.result_annotation(
                classification.code, classification.describe(), selected
            )["text"]
        shown["code"] = classification.code

    boxes = {**clinical, **{f"E{k}": v for k, v in etiology.items()}}
    boxes.update({f"A{k}": v for k, v in anatomy.items()})
    boxes.update({f"P{k}": v for k, v in patho.items()})
    for box in boxes.values():
        box.observe(update, names="value")
    symptoms.observe(update, names="value")

    root = widgets.VBox(
        [
            widgets.HTML("<strong>CEAP 2020 builder</strong>"),
            widgets.HBox(
                [
                    _group("Clinical signs (C): tick every sign present", clinical),
                    widgets.VBox(
                        [
                            _group("Etiology (E)", etiology),
                            _group("Anatomy (A)", anatomy),
                            _group("Pathophysiology (P)", patho),
                        ]
                    ),
                ]
            ),
            symptoms,
            status,
            result,
            figure,
        ]
    )
    controls: dict[str, widgets.Widget] = {"symptoms": symptoms}
    controls.update({f"clinical_{k}": v for k, v in clinical.items()})
    controls.update({f"etiology_{k}": v for k, v in etiology.items()})
    controls.update({f"anatomy_{k}": v for k, v in anatomy.items()})
    controls.update({f"pathophysiology_{k}": v for k, v in patho.items()})
    return Explorer(
        "CEAP 2020 builder",
        root,
        ceap_figures.ceap_twin,
        ALT_TEXT,
        '<p class="vc-note">Choose a worked example in the menu: the chosen clinical classes '
        "are highlighted and the code is written out in plain words. Classes follow CEAP 2020; "
        "CVI is C3-C6. Education, not individual advice.</p>",
        controls=controls,
        live_figure=figure,
        status=status,
    )
