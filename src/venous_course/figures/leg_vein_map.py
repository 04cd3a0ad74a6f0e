"""A schematic leg (not to scale): superficial and deep veins, and what each modality targets.

Anatomy in general terms: the great saphenous vein runs up the inner (medial) side from ankle
to groin and joins the common femoral vein at the saphenofemoral junction; the small saphenous
vein runs up the back of the calf and joins the popliteal vein; perforators link superficial
to deep veins. Which veins a modality targets comes from the ``targets`` field of
:mod:`venous_course.treatments` (paraphrasing the source text, ``seedtext``).
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course.display import OKABE_ITO, base_layout, control_label, with_narrow_layout
from venous_course.treatments import Treatment

# The label of the figure's menu (its annotation in JupyterLab, its native control in the book).
CONTROL_NAME = "Modality"

# Which drawn part stands for each treatment target.
PARTS_FOR_TARGET: dict[str, tuple[str, ...]] = {
    "truncal reflux": ("gsv", "ssv"),
    "tributaries": ("tributaries",),
    "reticular veins": ("reticular",),
    "spider veins": ("spider",),
    "ulcer care": ("compression",),
    "symptoms": ("compression",),
}

_Line = list[tuple[float | None, float | None]]
_LEG_OUTLINE: _Line = [
    (1.2, 100), (1.6, 80), (2.2, 58), (2.4, 50), (1.8, 38), (2.2, 22), (3.3, 8), (3.4, 2),
    (3.8, 0), (9.3, 0), (9.3, 2.5), (6.9, 5), (6.8, 9), (7.9, 24), (8.2, 38), (7.6, 50),
    (7.9, 60), (8.7, 80), (8.9, 100), (1.2, 100),
]  # fmt: skip
_DEEP: _Line = [
    (5.0, 100), (5.0, 93), (5.1, 75), (5.2, 55), (5.2, 44), None, (5.2, 44), (4.7, 30), (4.6, 8),
    None, (5.2, 44), (5.7, 30), (5.8, 8),
]  # fmt: skip
_GSV: _Line = [
    (3.7, 4),
    (3.0, 15),
    (2.6, 32),
    (2.9, 50),
    (3.1, 72),
    (3.6, 88),
    (4.3, 93),
    (5.0, 93),
]
_SSV: _Line = [(6.6, 5), (6.6, 15), (6.2, 32), (5.2, 46)]
_PERFORATORS: _Line = [
    (2.8, 20), (4.7, 22), None, (2.7, 30), (4.7, 31), None, (2.75, 40), (4.9, 40), None,
    (3.15, 74), (5.1, 74),
]  # fmt: skip
_TRIBUTARIES: _Line = [
    (2.7, 36), (2.3, 30), (2.6, 25), (2.3, 19), None, (3.1, 68), (2.5, 63), (2.8, 58), None,
    (2.8, 46), (3.4, 42), (3.2, 37),
]  # fmt: skip
_RETICULAR: _Line = [
    (7.0, 72), (7.6, 70), (7.3, 66), (7.8, 63), None, (7.6, 70), (8.1, 74), None, (7.3, 66),
    (6.8, 63),
]  # fmt: skip
_SPIDER: _Line = [
    (6.7, 27), (7.0, 29), None, (6.9, 26), (7.2, 27.5), None, (7.0, 29), (7.1, 31), None,
    (6.8, 28), (6.6, 30), None, (7.0, 26.5), (7.3, 25.5),
]  # fmt: skip

# key: (legend name, points, base colour, base width, dash)
PARTS: dict[str, tuple[str, _Line, str, float, str]] = {
    "deep": ("Deep veins: femoral, popliteal, tibial", _DEEP, OKABE_ITO["blue"], 6, "solid"),
    "gsv": ("Great saphenous vein (inner side)", _GSV, OKABE_ITO["purple"], 3.5, "solid"),
    "ssv": ("Small saphenous vein (back of calf)", _SSV, OKABE_ITO["purple"], 3.5, "dash"),
    "perforators": ("Perforator veins", _PERFORATORS, OKABE_ITO["green"], 3, "solid"),
    "tributaries": (
        "Tributaries (surface branches)",
        _TRIBUTARIES,
        OKABE_ITO["purple"],
        2,
        "solid",
    ),
    "reticular": ("Reticular veins", _RETICULAR, OKABE_ITO["sky_blue"], 1.5, "solid"),
    "spider": ("Spider veins", _SPIDER, OKABE_ITO["vermillion"], 1, "solid"),
}
TARGET_COLOUR = OKABE_ITO["vermillion"]
TARGET_WIDTH = 8.0
LABELS: tuple[tuple[float, float, str, str], ...] = (
    (5.0, 96.5, "Saphenofemoral junction (GSV joins common femoral vein)", "left"),
    (5.2, 46, "Saphenopopliteal junction (SSV joins popliteal vein)", "left"),
    (2.9, 50, "Great saphenous vein (inner side)", "right"),
    (6.6, 13, "Small saphenous vein (back of calf)", "left"),
    (5.2, 62, "Femoral vein (deep)", "left"),
    (4.6, 10, "Tibial veins (deep)", "right"),
    (2.8, 20, "Perforators", "right"),
    (8.0, 70, "Reticular veins", "left"),
    (7.3, 28, "Spider veins", "left"),
    (2.2, 63, "Tributary", "right"),
)


def _xy(points: _Line) -> tuple[list, list]:
    xs = [p[0] if p else None for p in points]
    ys = [p[1] if p else None for p in points]
    return xs, ys


def targeted_parts(treatment: Treatment | None) -> set[str]:
    """The drawn parts a treatment targets, from its ``targets`` field."""
    if treatment is None:
        return set()
    return {part for target in treatment.targets for part in PARTS_FOR_TARGET.get(target, ())}


def part_styles(treatment: Treatment | None) -> dict[str, list]:
    """Per-trace style arrays (trace order of :func:`vein_map_figure`) for one treatment."""
    hit = targeted_parts(treatment)
    style: dict[str, list] = {"line.color": [], "line.width": [], "name": [], "visible": []}
    style["line.color"].append(OKABE_ITO["black"])  # leg outline
    style["line.width"].append(1.5)
    style["name"].append("Leg outline (right leg from the front; inner side on the left)")
    style["visible"].append(True)
    style["line.color"].append(TARGET_COLOUR)  # compression garment
    style["line.width"].append(2)
    style["name"].append("Compression: supports the whole leg (TARGETED)")
    style["visible"].append("compression" in hit)
    for key, (name, _, colour, width, _dash) in PARTS.items():
        targeted = key in hit
        style["line.color"].append(TARGET_COLOUR if targeted else colour)
        style["line.width"].append(TARGET_WIDTH if targeted else width)
        style["name"].append(f"{name} (TARGETED)" if targeted else name)
        style["visible"].append(True)
    return style


def map_title(treatment: Treatment | None) -> str:
    """Figure title: which veins the treatment targets, in words."""
    if treatment is None:
        return "Leg veins, schematic (not to scale): superficial, perforator and deep veins"
    targets = ", ".join(treatment.targets)
    return f"{treatment.name}: targets {targets} (highlighted, thick line)"


def vein_map_figure(treatment: Treatment | None = None) -> go.Figure:
    """The schematic leg with the veins a treatment targets drawn thick and marked TARGETED.

    Trace order: leg outline, compression overlay, then :data:`PARTS` in order.
    """
    style = part_styles(treatment)
    fig = go.Figure()
    xs, ys = _xy(_LEG_OUTLINE)
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor="rgba(230,159,0,0.08)",
            hoverinfo="skip",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor="rgba(213,94,0,0.15)",
            fillpattern={"shape": "x", "fgcolor": TARGET_COLOUR, "fgopacity": 0.4},
            hoverinfo="skip",
        )
    )  # fmt: skip
    for key, (_, points, _c, _w, dash) in PARTS.items():
        xs, ys = _xy(points)
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", line={"dash": dash, "shape": "spline"},
                hovertemplate=f"{PARTS[key][0]}<extra></extra>", connectgaps=False,
            )
        )  # fmt: skip
    for i, trace in enumerate(fig.data):
        trace.line.color = style["line.color"][i]
        trace.line.width = style["line.width"][i]
        trace.name = style["name"][i]
        trace.visible = style["visible"][i]
    for x, y, text, side in LABELS:
        fig.add_annotation(
            x=x, y=y, text=text, showarrow=True, arrowhead=0, ax=-40 if side == "right" else 40,
            ay=0, xanchor=side, font={"size": 11}, bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    fig.update_layout(base_layout(map_title(treatment)))
    fig.update_layout(
        height=760,
        xaxis={"visible": False, "range": [-9, 19], "title": {"text": "schematic (no units)"}},
        yaxis={
            "range": [-3, 104],
            "title": {"text": "Ankle (0) to groin (100), schematic"},
            "showticklabels": False, "showgrid": False, "zeroline": False,
        },
        legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "font": {"size": 11}},
        margin={"b": 150},
    )  # fmt: skip
    # On a phone the vein labels on the left reach the axis title; the title already says the
    # drawing is a schematic, so the axis title goes there.
    return with_narrow_layout(fig, {"yaxis.title.text": ""})


@lru_cache(maxsize=64)
def vein_map_patch(treatment: Treatment | None = None) -> MappingProxyType[str, Any]:
    """What changes in :func:`vein_map_figure` from one modality to another, as plain data.

    Keys are plotly property paths, values what ``vein_map_figure(treatment)`` holds there:
    each trace's line colour, width, legend name and visibility, and the title. Cached.
    """
    style = part_styles(treatment)
    patch: dict[str, Any] = {"layout.title.text": map_title(treatment)}
    for prop, values in style.items():
        for i, value in enumerate(values):
            patch[f"data[{i}].{prop}"] = value
    return MappingProxyType(patch)


def vein_map_twin(catalogue: tuple[Treatment, ...]) -> go.Figure:
    """Kernel-free twin: a dropdown of modalities restyles the veins each one targets."""
    fig = vein_map_figure(None)
    buttons = []
    for treatment in (None, *catalogue):
        style = part_styles(treatment)
        buttons.append(
            {
                "label": treatment.name if treatment else "Anatomy only (no treatment)",
                "method": "update",
                "args": [style, {"title.text": map_title(treatment)}],
            }
        )
    fig.update_layout(
        updatemenus=[
            {
                "type": "dropdown", "name": CONTROL_NAME, "buttons": buttons, "active": 0,
                "x": 0.18, "xanchor": "left",
                "y": 1.0, "yanchor": "bottom",
            }
        ],
        margin={"t": 120},
    )  # fmt: skip
    fig.add_annotation(control_label(CONTROL_NAME, 1.01))
    return fig
