"""The CEAP clinical scale: C0 to C6r, with the chosen classes and the CVI region marked.

Pure builders shared by the live CEAP builder and its kernel-free twin. Classes follow the
2020 revision (``lurie2020ceap``); chronic venous disease spans C1-C6 in most sources (CEAP 2020
writes C2-C6 in places) and chronic venous insufficiency (CVI) is its advanced part, C3-C6
(``shchatsko2024cvi``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course.ceap import CLINICAL_CLASSES, CVI_CLASSES, parse
from venous_course.display import OKABE_ITO, base_layout, control_label

# The label of the figure's menu (its annotation in JupyterLab, its native control in the book).
CONTROL_NAME = "Worked example"

CLASSES: tuple[str, ...] = tuple(CLINICAL_CLASSES)
X_TITLE = "CEAP 2020 clinical class (C0 no signs, to C6r recurrent active ulcer)"
_CVI_FIRST = CLASSES.index("C3")
_CVD_FIRST = CLASSES.index("C1")
_SELECTED_Y, _UNSELECTED_SIZE, _SELECTED_SIZE = 0.0, 12, 24

# Worked examples for the book's twin: (code, what the example shows).
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("C0,s En An Pn", "leg symptoms with no visible sign and no venous cause found"),
    ("C1,a Ep As Pr", "spider and reticular veins, no symptoms"),
    ("C2,s Ep As Pr", "symptomatic varicose veins with superficial reflux"),
    ("C2r,s Ep As Pr", "varicose veins that came back after treatment"),
    ("C3,s Ep As,d Pr", "venous oedema"),
    ("C2,4c,s Ep As,p Pr", "varicose veins with corona phlebectatica"),
    ("C4b,s Esi Ad Pr,o", "lipodermatosclerosis after a deep vein thrombosis"),
    ("C5,a Ep As,p Pr", "a healed venous ulcer"),
    ("C6,s Esi As,d Pr,o", "an active ulcer after a deep vein thrombosis"),
    ("C6r,s Ep As,d,p Pr", "an ulcer that has come back"),
)


def cvi_sentence(selected: Sequence[str]) -> str:
    """Whether the highest selected class counts as CVI, in words."""
    if not selected:
        return "No class chosen."
    highest = max(selected, key=CLASSES.index)
    if highest in CVI_CLASSES:
        return f"CVI: yes. {highest} is chronic venous insufficiency (C3-C6)."
    if highest == "C0":
        return "CVI: no. C0 means no visible or palpable sign of venous disease."
    return f"CVI: no. {highest} is chronic venous disease without insufficiency (C1-C2r)."


def _wrap(text: str, width: int = 95) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def scale_marker(selected: Sequence[str]) -> dict[str, Any]:
    """Per-class marker and text arrays of the scale trace for ``selected`` classes."""
    chosen = set(selected)
    unknown = chosen - set(CLASSES)
    if unknown:
        raise ValueError(f"Unknown CEAP clinical class: {', '.join(sorted(unknown))}.")
    return {
        "marker.size": [_SELECTED_SIZE if c in chosen else _UNSELECTED_SIZE for c in CLASSES],
        "marker.symbol": ["diamond" if c in chosen else "circle-open" for c in CLASSES],
        "marker.color": [
            OKABE_ITO["vermillion"] if c in chosen else OKABE_ITO["black"] for c in CLASSES
        ],
        "text": [f"<b>{c}</b><br>selected" if c in chosen else "" for c in CLASSES],
    }


def result_annotation(code: str, description: str, selected: Sequence[str]) -> dict[str, Any]:
    """The text under the scale: the code, its plain-language meaning and the CVI answer."""
    return {
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": -0.42,
        "yref": "paper",
        "yanchor": "top",
        "align": "left",
        "showarrow": False,
        "text": (f"<b>Code: {code}</b><br>{_wrap(description)}<br><b>{cvi_sentence(selected)}</b>"),
        "font": {"size": 13},
    }


def _region_annotations() -> list[dict[str, Any]]:
    return [
        {
            # Anchored at the edges the two labels share: wrapped onto two lines on a phone,
            # each grows away from the other.
            "x": (_CVI_FIRST + len(CLASSES) - 1) / 2,
            "y": 1.12,
            "yanchor": "top",
            "xref": "x",
            "yref": "y",
            "text": "Chronic venous insufficiency (CVI): C3-C6",
            "showarrow": False,
            "font": {"size": 12},
        },
        {
            "x": (_CVD_FIRST + len(CLASSES) - 1) / 2,
            "y": 1.18,
            "yanchor": "bottom",
            "xref": "x",
            "yref": "y",
            "text": "Chronic venous disease (CVD): C1-C6 (C2-C6 in parts of CEAP 2020)",
            "showarrow": False,
            "font": {"size": 12},
        },
    ]


def _region_shapes() -> list[dict[str, Any]]:
    last = len(CLASSES) - 0.5
    return [
        {
            "type": "rect",
            "x0": _CVI_FIRST - 0.5,
            "x1": last,
            "y0": -0.75,
            "y1": 1.15,
            "fillcolor": OKABE_ITO["orange"],
            "opacity": 0.2,
            "line": {"color": OKABE_ITO["orange"], "width": 2},
            "layer": "below",
        },
        {
            "type": "rect",
            "x0": _CVD_FIRST - 0.5,
            "x1": last + 0.1,
            "y0": -0.85,
            "y1": 1.55,
            "line": {"color": OKABE_ITO["blue"], "width": 2, "dash": "dash"},
            "layer": "below",
        },
    ]


def figure_title(code: str, selected: Sequence[str]) -> str:
    """Figure title: the code and whether it is CVI."""
    cvi = "CVI" if selected and max(selected, key=CLASSES.index) in CVI_CLASSES else "not CVI"
    return f"CEAP clinical scale: {code} ({cvi})"


def ceap_scale_figure(selected: Sequence[str], code: str = "", description: str = "") -> go.Figure:
    """Horizontal scale C0..C6r with ``selected`` classes highlighted and labelled.

    The CVI region (C3-C6) is shaded and labelled, chronic venous disease (C1-C6) outlined.
    """
    trace = go.Scatter(
        x=list(range(len(CLASSES))),
        y=[_SELECTED_Y] * len(CLASSES),
        mode="markers+text",
        textposition="bottom center",
        cliponaxis=False,  # the label under C0 reaches past the plot's left edge
        customdata=[CLINICAL_CLASSES[c] for c in CLASSES],
        hovertemplate="%{customdata}<extra></extra>",
        marker={"line": {"width": 2, "color": OKABE_ITO["black"]}},
        showlegend=False,
    )
    fig = go.Figure(data=[trace])
    fig.update_traces(scale_marker(selected))
    layout = base_layout(figure_title(code, selected) if code else "CEAP clinical scale", X_TITLE)
    layout["xaxis"].update(
        tickvals=list(range(len(CLASSES))),
        ticktext=list(CLASSES),
        range=[-0.7, len(CLASSES) - 0.3],
        fixedrange=True,
    )
    layout["yaxis"] = {"visible": False, "range": [-1.1, 1.7], "fixedrange": True}
    layout["shapes"] = _region_shapes()
    layout["annotations"] = [*_region_annotations()]
    if code:
        layout["annotations"].append(result_annotation(code, description, selected))
    layout["height"] = 420
    layout["margin"] = {"l": 30, "r": 30, "t": 70, "b": 170}
    fig.update_layout(layout)
    return fig


def ceap_twin(examples: Sequence[tuple[str, str]] = EXAMPLES) -> go.Figure:
    """The kernel-free twin: a dropdown of worked examples restyling the scale and its text."""
    if not examples:
        raise ValueError("The CEAP twin needs at least one worked example.")
    states = []
    for code, summary in examples:
        parsed = parse(code)
        description = f"{summary[0].upper()}{summary[1:]}. {parsed.describe()}"
        states.append((parsed.code, parsed.clinical, description))
    first_code, first_selected, first_description = states[0]
    fig = ceap_scale_figure(first_selected, first_code, first_description)
    label = control_label(CONTROL_NAME, 1.11)
    fig.add_annotation(label)
    buttons = []
    for code, selected, description in states:
        marker = scale_marker(selected)
        buttons.append(
            {
                "label": code,
                "method": "update",
                "args": [
                    {key: [value] for key, value in marker.items()},
                    {
                        "title.text": figure_title(code, selected),
                        "annotations": [
                            *_region_annotations(),
                            result_annotation(code, description, selected),
                            label,
                        ],
                    },
                ],
            }
        )
    fig.update_layout(
        updatemenus=[
            {
                "type": "dropdown",
                "name": CONTROL_NAME,
                "buttons": buttons,
                "active": 0,
                "x": 0.17,
                "xanchor": "left",
                "y": 1.08,
                "yanchor": "bottom",
            }
        ],
        margin={"l": 30, "r": 30, "t": 130, "b": 170},
        height=460,
    )
    return fig


# Index of the result text in layout.annotations (it follows the region labels).
RESULT_ANNOTATION = len(_region_annotations())


@lru_cache(maxsize=512)
def ceap_patch(
    selected: tuple[str, ...], code: str, description: str
) -> MappingProxyType[str, Any]:
    """:func:`ceap_scale_figure` for a code as property path -> value, for patching a live
    figure that was drawn with a code (so it has the result annotation)."""
    marker = scale_marker(selected)
    return MappingProxyType(
        {
            "data[0].marker.size": tuple(marker["marker.size"]),
            "data[0].marker.symbol": tuple(marker["marker.symbol"]),
            "data[0].marker.color": tuple(marker["marker.color"]),
            "data[0].text": tuple(marker["text"]),
            "layout.title.text": figure_title(code, selected),
            f"layout.annotations[{RESULT_ANNOTATION}].text": result_annotation(
                code, description, selected
            )["text"],
        }
    )
