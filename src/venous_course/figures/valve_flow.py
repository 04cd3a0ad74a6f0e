"""Schematic of a leg vein segment with two valves during the calf muscle pump.

Pure builders: a vein drawn with plotly shapes, calf muscle on each side, valve cusps, and
arrows (annotations) for the direction of blood flow. Every state is also said in words on the
figure, so colour is never the only carrier of meaning. Schematic, not to scale.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course.display import OKABE_ITO, base_layout

PHASES: dict[str, str] = {
    "contraction": "Calf contraction",
    "relaxation": "Calf relaxation",
}
VALVE_CONDITIONS: dict[str, str] = {
    "competent": "competent valves",
    "incompetent": "incompetent (leaky) valves",
}
TITLE = "Vein valves during the calf muscle pump (schematic, not to scale)"

_WALL_L, _WALL_R = 4.0, 6.0
_CENTRE = 5.0
_VALVES_Y = (4.5, 8.0)
_BOTTOM, _TOP = 1.0, 11.0

# What each state means, in words (shown on the figure and used as its caption).
EXPLANATIONS: dict[tuple[str, str], str] = {
    ("contraction", "competent"): (
        "The calf muscle squeezes the deep veins. The valves open and blood is pushed up "
        "toward the heart."
    ),
    ("contraction", "incompetent"): (
        "The calf muscle squeezes the vein and blood is still pushed up toward the heart, "
        "though some escapes the wrong way through leaky valves."
    ),
    ("relaxation", "competent"): (
        "The calf relaxes. The valve cusps meet and close: no blood falls back. The vein "
        "refills slowly from below, so pressure stays low."
    ),
    ("relaxation", "incompetent"): (
        "The calf relaxes. The cusps do not meet, so blood falls back down (reflux) and pools "
        "in the lower leg: the pressure stays high."
    ),
}


def _check(phase: str, valves: str) -> None:
    if phase not in PHASES:
        raise ValueError(f"The phase must be one of {', '.join(PHASES)}; got '{phase}'.")
    if valves not in VALVE_CONDITIONS:
        raise ValueError(
            f"The valve condition must be one of {', '.join(VALVE_CONDITIONS)}; got '{valves}'."
        )


def _line(x0: float, y0: float, x1: float, y1: float, colour: str, width: float = 3) -> dict:
    return {
        "type": "line",
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "line": {"color": colour, "width": width},
    }


def _arrow(x: float, y: float, ax: float, ay: float, colour: str, text: str = "") -> dict:
    """An arrow from (ax, ay) to its head at (x, y), in data coordinates."""
    return {
        "x": x,
        "y": y,
        "ax": ax,
        "ay": ay,
        "xref": "x",
        "yref": "y",
        "axref": "x",
        "ayref": "y",
        "showarrow": True,
        "arrowhead": 3,
        "arrowsize": 1.3,
        "arrowwidth": 3,
        "arrowcolor": colour,
        "text": text,
        "font": {"size": 12, "color": OKABE_ITO["black"]},
    }


def _label(x: float, y: float, text: str, anchor: str = "left", size: int = 12) -> dict:
    return {
        "x": x,
        "y": y,
        "xref": "x",
        "yref": "y",
        "text": text,
        "showarrow": False,
        "xanchor": anchor,
        "font": {"size": size},
        "align": anchor,
    }


def _cusps(y: float, state: str) -> list[dict]:
    """The two cusps of one valve: 'open' (against the wall), 'closed' (meeting) or 'gap'."""
    black = OKABE_ITO["black"]
    tip = {"open": (4.25, 6.0 - 0.25), "closed": (4.95, 5.05), "gap": (4.5, 5.5)}[state]
    rise = 0.9 if state == "open" else 0.6
    return [
        _line(_WALL_L, y - 0.6, tip[0], y - 0.6 + rise, black, 4),
        _line(_WALL_R, y - 0.6, tip[1], y - 0.6 + rise, black, 4),
    ]


def valve_parts(phase: str, valves: str) -> dict[str, list[dict[str, Any]]]:
    """Layout ``shapes`` and ``annotations`` that draw one phase x valve-condition state."""
    _check(phase, valves)
    contraction = phase == "contraction"
    leaky = valves == "incompetent"
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []

    # Calf muscle: closer to the vein (squeezing) during contraction.
    gap = 0.15 if contraction else 0.9
    for x0, x1 in ((1.0, _WALL_L - gap), (_WALL_R + gap, 9.0)):
        shapes.append(
            {
                "type": "rect",
                "x0": x0,
                "x1": x1,
                "y0": 2.5,
                "y1": 7.0,
                "fillcolor": OKABE_ITO["orange"],
                "opacity": 0.35 if contraction else 0.2,
                "line": {"color": OKABE_ITO["orange"], "width": 1},
                "layer": "below",
            }
        )
    notes.append(
        _label(
            1.0, 2.1, "Calf muscle: squeezes" if contraction else "Calf muscle: relaxed", size=11
        )
    )
    # Vein lumen and walls; a bulge at the bottom where blood pools with reflux.
    pooled = leaky and not contraction
    shapes.append(
        {
            "type": "rect",
            "x0": _WALL_L,
            "x1": _WALL_R,
            "y0": _BOTTOM,
            "y1": _TOP,
            "fillcolor": OKABE_ITO["sky_blue"],
            "opacity": 0.35,
            "line": {"width": 0},
            "layer": "below",
        }
    )
    for x in (_WALL_L, _WALL_R):
        shapes.append(_line(x, _BOTTOM, x, _TOP, OKABE_ITO["blue"], 3))
    if pooled:
        shapes.append(
            {
                "type": "circle",
                "x0": 3.3,
                "x1": 6.7,
                "y0": 0.3,
                "y1": 2.6,
                "fillcolor": OKABE_ITO["blue"],
                "opacity": 0.45,
                "line": {"color": OKABE_ITO["blue"], "width": 2},
            }
        )
        notes.append(_label(6.9, 1.2, "Blood pools here:<br>pressure stays high"))

    # Valves.
    if contraction:
        valve_state = "open"
    else:
        valve_state = "gap" if leaky else "closed"
    for y in _VALVES_Y:
        shapes.extend(_cusps(y, valve_state))
    valve_text = {
        "open": "Valve open",
        "closed": "Valve closed:<br>no backflow",
        "gap": "Valve cannot close:<br>gap between cusps",
    }[valve_state]
    for y in _VALVES_Y:
        notes.append(_label(6.3, y - 0.2, valve_text, size=11))

    # Flow arrows.
    green, vermillion = OKABE_ITO["green"], OKABE_ITO["vermillion"]
    if contraction:
        notes.append(_arrow(_CENTRE, 10.8, _CENTRE, 9.0, green, ""))
        notes.append(_arrow(_CENTRE, 7.2, _CENTRE, 5.4, green, ""))
        notes.append(_arrow(_CENTRE, 3.7, _CENTRE, 1.9, green, ""))
        notes.append(_label(1.0, 9.8, "Blood moves UP<br>toward the heart"))
        if leaky:
            notes.append(_label(1.0, 8.6, "(some leaks back<br>through the valves)", size=11))
    elif leaky:
        for y_top in (10.6, 7.4):
            notes.append(_arrow(_CENTRE, y_top - 1.9, _CENTRE, y_top, vermillion, ""))
        notes.append(_arrow(_CENTRE, 2.2, _CENTRE, 3.9, vermillion, ""))
        notes.append(_label(1.0, 9.8, "REFLUX: blood falls<br>back DOWN the leg"))
    else:
        notes.append(_arrow(_CENTRE, 2.6, _CENTRE, 1.3, green, ""))
        notes.append(_label(1.0, 9.8, "No backflow: the<br>column is held up"))
        notes.append(_label(1.0, 1.3, "Slow refill from below", size=11))

    notes.append(
        {
            "x": _CENTRE,
            "y": _TOP + 0.3,
            "xref": "x",
            "yref": "y",
            "text": "\u2191 to the heart",
            "showarrow": False,
            "yanchor": "bottom",
            "font": {"size": 12},
        }
    )
    notes.append(
        {
            "x": 0.5,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "yanchor": "bottom",
            "text": f"<b>{PHASES[phase]}, {VALVE_CONDITIONS[valves]}</b>",
            "showarrow": False,
            "font": {"size": 14},
        }
    )
    return {"shapes": shapes, "annotations": notes}


def valve_figure(phase: str = "contraction", valves: str = "competent") -> go.Figure:
    """The vein schematic in one state. Raises ``ValueError`` for an unknown phase/condition."""
    parts = valve_parts(phase, valves)
    layout = base_layout(TITLE)
    layout.update(parts)
    layout["xaxis"] = {"range": [0, 10], "visible": False, "fixedrange": True}
    layout["yaxis"] = {"range": [0, 12.2], "visible": False, "fixedrange": True}
    layout["height"] = 520
    layout["margin"] = {"l": 20, "r": 20, "t": 100, "b": 20}
    layout["showlegend"] = False
    # One invisible point keeps the axes alive (a figure of shapes needs a trace).
    trace = go.Scatter(x=[0, 10], y=[0, 12], mode="markers", opacity=0, hoverinfo="skip")
    return go.Figure(data=[trace], layout=layout)


def valve_twin() -> go.Figure:
    """The kernel-free twin: four buttons, one per phase x valve-condition state."""
    fig = valve_figure("contraction", "competent")
    buttons = []
    for phase in PHASES:
        for valves in VALVE_CONDITIONS:
            label = f"{PHASES[phase].split()[1].capitalize()}, {valves}"
            buttons.append(
                {"label": label, "method": "relayout", "args": [valve_parts(phase, valves)]}
            )
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "buttons": buttons,
                "active": 0,
                "showactive": True,
                "x": 0,
                "xanchor": "left",
                "y": 1.13,
                "yanchor": "bottom",
            }
        ],
        margin={"l": 20, "r": 20, "t": 140, "b": 20},
    )
    return fig


@lru_cache(maxsize=8)
def valve_patch(phase: str, valves: str) -> MappingProxyType[str, Any]:
    """One state of :func:`valve_figure` as property path -> value (its shapes and arrows),
    for patching a live figure. Raises ``ValueError`` for an unknown phase or condition."""
    parts = valve_parts(phase, valves)
    return MappingProxyType(
        {
            "layout.shapes": tuple(parts["shapes"]),
            "layout.annotations": tuple(parts["annotations"]),
        }
    )
