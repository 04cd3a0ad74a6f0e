"""Figures of the calf muscle pump model: ankle venous pressure over time.

Pure builders (data in, ``go.Figure`` out) shared by the live explorer and its kernel-free
twin. The pressures come from :mod:`venous_course.calf_pump`, an ILLUSTRATIVE model: only the
two reference bands are literature values (``ejap1993pressure``):
standing 80-90 mmHg and walking with working valves 20-35 mmHg.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go

from venous_course.calf_pump import VALVE_STATES, PressureTrace, simulate
from venous_course.display import OKABE_ITO, base_layout, control_label

# The label of the figure's menu (its annotation in JupyterLab, its native control in the book).
CONTROL_NAME = "Leg condition"

# Reference bands, Eur J Appl Physiol 1993;66:434 (bibkey ejap1993pressure).
STANDING_BAND_MMHG: tuple[float, float] = (80.0, 90.0)
WALKING_BAND_MMHG: tuple[float, float] = (20.0, 35.0)
BAND_SOURCE = "Eur J Appl Physiol 1993"

TITLE = "Ankle venous pressure: standing, walking, standing still (illustrative model)"
X_TITLE = "Time (s)"
Y_TITLE = "Ankle venous pressure (mmHg)"
Y_RANGE: tuple[float, float] = (0.0, 100.0)

# Trace order of every pump figure (the live widget and the twin rely on it).
REFERENCE, PRESSURE, AMBULATORY, REFILL = 0, 1, 2, 3
# Index of the walking-period shading in layout.shapes and of its label in layout.annotations.
WALKING_SHAPE, WALKING_ANNOTATION = 2, 2

_WALK_STRIDE = 2  # keep every 2nd walking sample (0.1 s): keeps each contraction's low point
_STAND_STRIDE = 20  # keep one standing-still sample a second: the refill curve is smooth


def pressure_curve(trace: PressureTrace) -> tuple[list[float], list[float]]:
    """Downsampled (time in s, pressure in mmHg) lists of a trace, rounded for small JSON.

    Walking keeps 0.1 s resolution (each contraction's low point survives); standing before
    walking keeps its two ends; standing still afterwards keeps one point a second.
    """
    t = trace.time_s
    before = np.flatnonzero(t < trace.walking_starts_s)
    walking = np.flatnonzero((t >= trace.walking_starts_s) & (t < trace.walking_ends_s))
    after = np.flatnonzero(t >= trace.walking_ends_s)
    keep = np.concatenate(
        [
            before[[0, -1]] if before.size else before,
            walking[::_WALK_STRIDE],
            after[::_STAND_STRIDE],
            after[-1:],
        ]
    )
    keep = np.unique(keep)
    xs = [round(float(v), 2) for v in t[keep]]
    ys = [round(float(v), 1) for v in trace.pressure_mmhg[keep]]
    return xs, ys


def refill_point(trace: PressureTrace) -> tuple[float, float]:
    """Where the refill time ends: (time in s, pressure in mmHg) on the model curve."""
    t_end = trace.walking_ends_s + trace.refill_time_s
    return t_end, float(np.interp(t_end, trace.time_s, trace.pressure_mmhg))


def summary_text(trace: PressureTrace) -> str:
    """One sentence with the model's ambulatory pressure and refill time (illustrative)."""
    return (
        f"Ambulatory venous pressure {trace.ambulatory_pressure_mmhg:.0f} mmHg "
        f"(fall of {trace.pressure_fall_mmhg:.0f} mmHg from standing); "
        f"refill time {trace.refill_time_s:.0f} s. Illustrative model numbers."
    )


def trace_updates(trace: PressureTrace, label: str) -> dict[int, dict[str, Any]]:
    """Property values of the PRESSURE, AMBULATORY and REFILL traces for one model result.

    Used to build a figure, to update the live widget and to fill the twin's slider steps,
    so the three always agree.
    """
    xs, ys = pressure_curve(trace)
    avp = round(trace.ambulatory_pressure_mmhg, 1)
    refill_t, refill_p = refill_point(trace)
    walk = (trace.walking_starts_s, trace.walking_ends_s)
    return {
        PRESSURE: {"x": xs, "y": ys, "name": f"{label} (model)"},
        AMBULATORY: {
            "x": [walk[0], walk[1]],
            "y": [avp, avp],
            "name": f"Ambulatory pressure {avp:.0f} mmHg",
            "text": ["", f"AVP {avp:.0f} mmHg"],
        },
        REFILL: {
            "x": [round(refill_t, 2)],
            "y": [round(refill_p, 1)],
            "name": f"Refill time {trace.refill_time_s:.0f} s",
            "text": [f"Refill {trace.refill_time_s:.0f} s"],
        },
    }


def reference_update(reference: PressureTrace) -> dict[str, Any]:
    """Property values of the faint competent-valve REFERENCE trace."""
    xs, ys = pressure_curve(reference)
    return {"x": xs, "y": ys}


def walking_shapes(walking_starts_s: float, walking_ends_s: float) -> list[dict[str, Any]]:
    """Layout shapes: the two literature bands and a shaded walking period."""
    return [
        {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": STANDING_BAND_MMHG[0],
            "y1": STANDING_BAND_MMHG[1],
            "fillcolor": OKABE_ITO["sky_blue"],
            "opacity": 0.18,
            "line": {"width": 0},
            "layer": "below",
        },
        {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": WALKING_BAND_MMHG[0],
            "y1": WALKING_BAND_MMHG[1],
            "fillcolor": OKABE_ITO["green"],
            "opacity": 0.15,
            "line": {"width": 0},
            "layer": "below",
        },
        {
            "type": "rect",
            "xref": "x",
            "x0": walking_starts_s,
            "x1": walking_ends_s,
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "fillcolor": OKABE_ITO["yellow"],
            "opacity": 0.15,
            "line": {"width": 0},
            "layer": "below",
        },
    ]


def walking_annotation(walking_starts_s: float, walking_ends_s: float) -> dict[str, Any]:
    """The 'walking' label over the shaded walking period."""
    return {
        "x": (walking_starts_s + walking_ends_s) / 2,
        "y": 1.0,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "text": "walking",
        "showarrow": False,
        "font": {"size": 12},
    }


def band_annotations() -> list[dict[str, Any]]:
    """Labels of the two reference bands, with their source."""
    return [
        {
            "x": 1,
            "xref": "paper",
            "xanchor": "right",
            "y": STANDING_BAND_MMHG[1],
            "yanchor": "bottom",
            # The source on a line of its own: on a phone one line would cover the y axis.
            "text": f"Standing, healthy: 80-90 mmHg<br>({BAND_SOURCE})",
            "showarrow": False,
            "font": {"size": 11},
        },
        {
            "x": 1,
            "xref": "paper",
            "xanchor": "right",
            "y": WALKING_BAND_MMHG[0],
            "yanchor": "top",
            "text": f"Walking, working valves: 20-35 mmHg<br>({BAND_SOURCE})",
            "showarrow": False,
            "font": {"size": 11},
        },
    ]


def _base_traces() -> list[go.Scatter]:
    return [
        go.Scatter(
            name="Competent valves (reference)",
            mode="lines",
            line={"color": OKABE_ITO["black"], "dash": "dot", "width": 1.5},
            opacity=0.35,
            hoverinfo="skip",
        ),
        go.Scatter(
            mode="lines",
            line={"color": OKABE_ITO["blue"], "width": 2.5},
            hovertemplate="%{x:.1f} s: %{y:.0f} mmHg<extra></extra>",
        ),
        go.Scatter(
            mode="lines+text",
            line={"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2},
            textposition="top right",
            textfont={"color": OKABE_ITO["vermillion"]},
            hoverinfo="skip",
        ),
        go.Scatter(
            mode="markers+text",
            marker={
                "color": OKABE_ITO["orange"],
                "symbol": "diamond",
                "size": 12,
                "line": {"color": OKABE_ITO["black"], "width": 1},
            },
            textposition="bottom right",
            hoverinfo="skip",
        ),
    ]


def _layout(trace: PressureTrace) -> dict[str, Any]:
    layout = base_layout(TITLE, X_TITLE, Y_TITLE)
    layout["yaxis"]["range"] = list(Y_RANGE)
    # Both axes start at 0: a little room keeps their two "0" labels apart at the corner.
    layout["yaxis"]["ticklabelstandoff"] = 4
    layout["xaxis"]["ticklabelstandoff"] = 2
    layout["shapes"] = walking_shapes(trace.walking_starts_s, trace.walking_ends_s)
    layout["annotations"] = [
        *band_annotations(),
        walking_annotation(trace.walking_starts_s, trace.walking_ends_s),
    ]
    layout["legend"] = {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0}
    layout["margin"] = {"l": 70, "r": 30, "t": 80, "b": 110}
    layout["height"] = 480
    return layout


def pump_figure(
    trace: PressureTrace, reference: PressureTrace | None = None, label: str = "This leg"
) -> go.Figure:
    """Pressure over time for one leg condition, with a faint competent-valve reference.

    Traces (in order): reference, pressure, ambulatory-pressure line, refill-time marker.
    Reference bands (80-90 and 20-35 mmHg) are shaded and cited; the walking period is shaded.
    """
    fig = go.Figure(data=_base_traces(), layout=_layout(trace))
    if reference is not None:
        fig.data[REFERENCE].update(reference_update(reference))
    else:
        fig.data[REFERENCE].visible = False
    for index, props in trace_updates(trace, label).items():
        fig.data[index].update(props)
    return fig


def pump_twin(
    results: Mapping[tuple[str, int], PressureTrace],
    references: Mapping[int, PressureTrace],
    state_labels: Mapping[str, str],
    steps_values: Sequence[int],
    default_state: str,
    default_steps: int,
) -> go.Figure:
    """The kernel-free twin: a dropdown over leg conditions and a slider over step counts.

    ``results[(state, steps)]`` holds every precomputed model run and ``references[steps]``
    the competent-valve run at the same step count. Each condition owns three traces; the
    dropdown shows one condition's traces, the slider restyles every condition's traces to
    the chosen step count, so the two controls combine freely.
    """
    states = list(state_labels)
    if default_state not in states or default_steps not in steps_values:
        raise ValueError("The default state and step count must be among the precomputed ones.")
    first = results[(default_state, default_steps)]
    label = control_label(CONTROL_NAME, 1.08)
    fig = go.Figure(layout=_layout(first))
    fig.add_annotation(label)
    base = _base_traces()
    fig.add_trace(base[REFERENCE].update(reference_update(references[default_steps])))
    for state in states:
        props = trace_updates(results[(state, default_steps)], state_labels[state])
        for index in (PRESSURE, AMBULATORY, REFILL):
            trace = go.Scatter(base[index]).update(props[index])
            trace.visible = state == default_state
            fig.add_trace(trace)

    def visible_for(state: str) -> list[bool]:
        return [True] + [s == state for s in states for _ in range(3)]

    buttons = [
        {
            "label": state_labels[state],
            "method": "restyle",
            "args": [{"visible": visible_for(state)}],
        }
        for state in states
    ]
    slider_steps = []
    for steps in steps_values:
        data: dict[str, list[Any]] = {"x": [], "y": [], "name": [], "text": []}
        ref = reference_update(references[steps])
        data["x"].append(ref["x"])
        data["y"].append(ref["y"])
        data["name"].append("Competent valves (reference)")
        data["text"].append(None)
        for state in states:
            props = trace_updates(results[(state, steps)], state_labels[state])
            for index in (PRESSURE, AMBULATORY, REFILL):
                data["x"].append(props[index]["x"])
                data["y"].append(props[index]["y"])
                data["name"].append(props[index]["name"])
                data["text"].append(props[index].get("text"))
        trace = results[(states[0], steps)]
        layout_update = {
            "shapes": walking_shapes(trace.walking_starts_s, trace.walking_ends_s),
            "annotations": [
                *band_annotations(),
                walking_annotation(trace.walking_starts_s, trace.walking_ends_s),
                label,
            ],
        }
        slider_steps.append(
            {"label": str(steps), "method": "update", "args": [data, layout_update]}
        )
    fig.update_layout(
        updatemenus=[
            {
                "type": "dropdown",
                "name": CONTROL_NAME,
                "buttons": buttons,
                "active": states.index(default_state),
                "x": 0.16,
                "xanchor": "left",
                "y": 1.06,
                "yanchor": "bottom",
                "showactive": True,
                "pad": {"l": 5, "t": 5},
            }
        ],
        sliders=[
            {
                "active": list(steps_values).index(default_steps),
                "currentvalue": {"prefix": "Steps walked: "},
                "steps": slider_steps,
                "pad": {"t": 70},
                "len": 1.0,
            }
        ],
        height=660,
        margin={"l": 70, "r": 30, "t": 130, "b": 200},
        legend={"orientation": "h", "yanchor": "top", "y": -0.45, "x": 0},
    )
    return fig


def pump_patch(trace: PressureTrace, reference: PressureTrace, label: str) -> dict[str, Any]:
    """:func:`pump_figure` for one model run as property path -> value, for patching a live
    figure: the four traces and the walking period's shading and label."""
    patch: dict[str, Any] = {}
    for index, props in trace_updates(trace, label).items():
        patch.update({f"data[{index}].{name}": value for name, value in props.items()})
    patch.update(
        {f"data[{REFERENCE}].{name}": value for name, value in reference_update(reference).items()}
    )
    walk = (trace.walking_starts_s, trace.walking_ends_s)
    shape = walking_shapes(*walk)[WALKING_SHAPE]
    patch[f"layout.shapes[{WALKING_SHAPE}].x0"] = shape["x0"]
    patch[f"layout.shapes[{WALKING_SHAPE}].x1"] = shape["x1"]
    patch[f"layout.annotations[{WALKING_ANNOTATION}].x"] = walking_annotation(*walk)["x"]
    return patch


# The book's twin runs the model at typical pump strength for these step counts and states.
TWIN_STEPS: tuple[int, ...] = (5, 10, 20, 30)
TWIN_STRENGTH = 1.0  # typical calf pump
TOURNIQUET_KEY = "superficial_reflux+tourniquet"
STATE_LABELS: dict[str, str] = {v.key: v.label for v in VALVE_STATES}
TWIN_LABELS: dict[str, str] = {**STATE_LABELS, TOURNIQUET_KEY: "Superficial reflux, tourniquet on"}


@lru_cache(maxsize=1)
def _calf_pump_twin() -> go.Figure:
    def run(state: str, steps: int) -> PressureTrace:
        if state == TOURNIQUET_KEY:
            return simulate("superficial_reflux", steps, TWIN_STRENGTH, True)
        return simulate(state, steps, TWIN_STRENGTH, False)

    results = {(s, n): run(s, n) for s in TWIN_LABELS for n in TWIN_STEPS}
    references = {n: run("competent", n) for n in TWIN_STEPS}
    return pump_twin(results, references, TWIN_LABELS, TWIN_STEPS, "deep_reflux", 10)


def calf_pump_twin() -> go.Figure:
    """The calf pump explorer's kernel-free twin: leg condition dropdown x steps slider, at
    typical pump strength (a copy: callers may change it)."""
    return go.Figure(_calf_pump_twin())
