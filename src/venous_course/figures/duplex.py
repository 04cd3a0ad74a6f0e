"""Duplex figures: a stylised spectral Doppler trace with a vein segment's reflux cut-off.

The waveform is a drawing to teach the idea, not a measurement: forward flow towards the heart
when the calf is squeezed, then backward flow (reflux) after release, lasting the reflux
duration. Cut-offs come from :mod:`venous_course.duplex` (``gloviczki2023part1``,
``labropoulos2003reflux``; perforators ``odonnell2014vlu``).
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np
import plotly.graph_objects as go

from venous_course import duplex
from venous_course.display import (
    OKABE_ITO,
    annotation_positions,
    base_layout,
    control_label,
    wrap_lines,
)

# The label of the figure's menu (its annotation in JupyterLab, its native control in the book).
CONTROL_NAME = "Vein segment group"

RELEASE_MS = 700.0  # when the squeeze is released and reflux (if any) starts
SQUEEZE_START_MS = 150.0
FORWARD_PEAK_CM_S = 40.0  # illustrative
REVERSE_PEAK_CM_S = 25.0  # illustrative
TWIN_MAX_REFLUX_MS = 2000.0
TWIN_STEP_MS = 100.0
X_TITLE = "Time (ms)"
Y_TITLE = "Flow velocity (cm/s), illustrative"

# The twin's segment groups: (label, representative segment key, perforator diameter in mm).
TWIN_GROUPS: tuple[tuple[str, str, float | None], ...] = (
    ("Superficial trunks, tibial, deep femoral (over 500 ms)", "GSV", None),
    ("Common femoral, femoral, popliteal (over 1000 ms)", "CFV", None),
    ("Perforator 4.0 mm wide (500 ms or more and 3.5 mm or more)", "perforator", 4.0),
    ("Perforator 3.0 mm wide (too narrow to count)", "perforator", 3.0),
)


def doppler_trace(reflux_ms: float, end_ms: float, step_ms: float = 20.0) -> tuple[list, list]:
    """A stylised velocity trace (cm/s) against time (ms): forward flow up, reflux down.

    Forward flow rises and falls during the squeeze (150-700 ms); after release, flow runs
    backwards for ``reflux_ms`` and stops. Values are illustrative, rounded to 0.1 cm/s.
    """
    if reflux_ms < 0:
        raise ValueError(f"A reflux duration cannot be negative; got {reflux_ms:g} ms.")
    t = np.arange(0.0, end_ms + step_ms, step_ms)
    v = np.zeros_like(t)
    squeeze = (t >= SQUEEZE_START_MS) & (t <= RELEASE_MS)
    phase = (t[squeeze] - SQUEEZE_START_MS) / (RELEASE_MS - SQUEEZE_START_MS)
    v[squeeze] = FORWARD_PEAK_CM_S * np.sin(np.pi * phase) ** 0.6
    if reflux_ms > 0:
        back = (t > RELEASE_MS) & (t <= RELEASE_MS + reflux_ms)
        s = (t[back] - RELEASE_MS) / reflux_ms
        onset = np.minimum(1.0, s * 6)  # quick onset, slow taper
        v[back] = -REVERSE_PEAK_CM_S * onset * (1 - s) ** 0.5
    return [round(float(x), 1) for x in t], [round(float(x), 1) for x in v]


def _split(v: list) -> tuple[list, list]:
    forward = [x if x > 0 else 0.0 for x in v]
    reverse = [x if x < 0 else 0.0 for x in v]
    return forward, reverse


def verdict_text(segment_key: str, reflux_ms: float, diameter_mm: float | None) -> str:
    """The verdict sentence from :func:`venous_course.duplex.explain` (raises on bad input)."""
    return duplex.explain(segment_key, reflux_ms, diameter_mm)


def _title(segment_key: str, reflux_ms: float, diameter_mm: float | None) -> str:
    item = duplex.segment(segment_key)
    word = (
        "pathologic"
        if duplex.reflux_is_pathologic(segment_key, reflux_ms, diameter_mm)
        else ("not pathologic")
    )
    size = f", {diameter_mm:g} mm" if item.system == "perforator" else ""
    return f"Duplex, {item.name}{size}: {reflux_ms:g} ms of reflux is {word}"


def _cutoff_text(item: duplex.Segment) -> str:
    rule = "at least" if not item.strictly_greater else "more than"
    return f"cut-off: reflux {rule} {item.cutoff_ms:g} ms after release"


def _wrap(text: str, width: int = 105) -> str:
    return wrap_lines(text, width)


def _trace_values(
    segment_key: str,
    reflux_ms: float,
    diameter_mm: float | None,
    end_ms: float | None = None,
    step_ms: float | None = None,
) -> tuple[str, duplex.Segment, float, list, list, list]:
    """Verdict, segment, time axis end (ms), times, forward and reverse velocities."""
    verdict = verdict_text(segment_key, reflux_ms, diameter_mm)  # validates everything
    item = duplex.segment(segment_key)
    end = end_ms or max(3000.0, RELEASE_MS + max(reflux_ms, item.cutoff_ms) + 500.0)
    t, v = doppler_trace(reflux_ms, end, step_ms=step_ms or max(20.0, round(end / 150 / 10) * 10))
    forward, reverse = _split(v)
    return verdict, item, end, t, forward, reverse


def duplex_figure(
    segment_key: str,
    reflux_ms: float,
    diameter_mm: float | None = None,
    end_ms: float | None = None,
    step_ms: float | None = None,
) -> go.Figure:
    """Stylised Doppler trace with the segment's cut-off line and the verdict.

    Traces: 0 forward flow, 1 reverse flow (reflux); the cut-off is the dashed shape
    "cutoff". ``ValueError`` for an unknown segment, a reflux or diameter out of range,
    or a perforator without a diameter.
    """
    verdict, item, end, t, forward, reverse = _trace_values(
        segment_key, reflux_ms, diameter_mm, end_ms, step_ms
    )
    cutoff_x = RELEASE_MS + item.cutoff_ms
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            name="Forward flow towards the heart (squeeze)",
            x=t, y=forward, mode="lines", fill="tozeroy",
            line={"color": OKABE_ITO["blue"], "width": 2},
            hovertemplate="%{x} ms: %{y} cm/s forward<extra></extra>",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            name="Reverse flow (reflux) after release",
            x=t, y=reverse, mode="lines", fill="tozeroy", fillpattern={"shape": "/"},
            line={"color": OKABE_ITO["vermillion"], "width": 2, "dash": "dot"},
            hovertemplate="%{x} ms: %{y} cm/s backwards<extra></extra>",
        )
    )  # fmt: skip
    fig.add_shape(
        name="cutoff", type="line", x0=cutoff_x, x1=cutoff_x, y0=0, y1=1, yref="paper",
        line={"color": OKABE_ITO["black"], "width": 2.5, "dash": "dash"},
    )  # fmt: skip
    fig.add_annotation(
        name="cutoff_label", x=cutoff_x, y=1, yref="paper", yanchor="bottom", xanchor="left",
        text=_cutoff_text(item), showarrow=False, bgcolor="#FFFFFF",
    )  # fmt: skip
    fig.update_layout(base_layout(_title(segment_key, reflux_ms, diameter_mm), X_TITLE, Y_TITLE))
    fig.update_layout(
        height=480,
        xaxis={"range": [0, end], "zeroline": False},
        yaxis={"range": [-REVERSE_PEAK_CM_S - 12, FORWARD_PEAK_CM_S + 15], "zeroline": True},
        legend={"orientation": "h", "y": -0.2, "x": 0},
        margin={"b": 170},
    )
    fig.add_vline(x=RELEASE_MS, line={"color": "#000000", "width": 1, "dash": "dot"})
    fig.add_annotation(
        x=RELEASE_MS, y=FORWARD_PEAK_CM_S + 12, text="release", showarrow=False, xanchor="left"
    )
    fig.add_annotation(
        name="verdict", x=0, y=-0.42, xref="paper", yref="paper", xanchor="left",
        yanchor="top", align="left", showarrow=False, text=_wrap(verdict),
    )  # fmt: skip
    return fig


@lru_cache(maxsize=1)
def _layout_index() -> dict[str, int]:
    """Positions of the named shapes and annotations of :func:`duplex_figure`."""
    fig = duplex_figure("GSV", 800.0)
    named = {f"shapes.{s.name}": i for i, s in enumerate(fig.layout.shapes) if s.name}
    named.update(annotation_positions(fig))
    return named


@lru_cache(maxsize=512)
def duplex_patch(
    segment_key: str, reflux_ms: float, diameter_mm: float | None = None
) -> MappingProxyType[str, Any]:
    """What changes in :func:`duplex_figure` between control states, as plain data.

    Keys are plotly property paths, values what ``duplex_figure(segment_key, reflux_ms,
    diameter_mm)`` holds there (traces, time axis, cut-off line and label, title, verdict).
    Cached by control values; ``ValueError`` as for :func:`duplex_figure`.
    """
    verdict, item, end, t, forward, reverse = _trace_values(segment_key, reflux_ms, diameter_mm)
    cutoff_x = RELEASE_MS + item.cutoff_ms
    at = _layout_index()
    cutoff, label = at["shapes.cutoff"], at["cutoff_label"]
    times = tuple(t)
    return MappingProxyType(
        {
            "data[0].x": times,
            "data[0].y": tuple(forward),
            "data[1].x": times,
            "data[1].y": tuple(reverse),
            "layout.xaxis.range": (0, end),
            "layout.title.text": _title(segment_key, reflux_ms, diameter_mm),
            f"layout.shapes[{cutoff}].x0": cutoff_x,
            f"layout.shapes[{cutoff}].x1": cutoff_x,
            f"layout.annotations[{label}].x": cutoff_x,
            f"layout.annotations[{label}].text": _cutoff_text(item),
            f"layout.annotations[{at['verdict']}].text": _wrap(verdict),
        }
    )


def duplex_twin(start_reflux_ms: float = 800.0) -> go.Figure:
    """Kernel-free twin: a dropdown picks the segment group, a slider sets the reflux duration.

    One slider per group sits in the same place; the dropdown shows the group's slider and
    hides the others, so each (group, duration) pair has its own precomputed state.
    """
    durations = [TWIN_STEP_MS * i for i in range(int(TWIN_MAX_REFLUX_MS / TWIN_STEP_MS) + 1)]
    end = RELEASE_MS + TWIN_MAX_REFLUX_MS + 300.0
    active = durations.index(min(durations, key=lambda d: abs(d - start_reflux_ms)))
    _, first_key, first_diameter = TWIN_GROUPS[0]
    fig = duplex_figure(first_key, durations[active], first_diameter, end_ms=end, step_ms=25.0)
    names = [a.name for a in fig.layout.annotations]
    verdict_at, label_at = names.index("verdict"), names.index("cutoff_label")
    cutoff_at = [shape.name for shape in fig.layout.shapes].index("cutoff")
    reverse = {d: _split(doppler_trace(d, end, step_ms=25.0)[1])[1] for d in durations}

    def state(key: str, diameter: float | None, d: float) -> tuple[dict, dict]:
        item = duplex.segment(key)
        cut = RELEASE_MS + item.cutoff_ms
        layout = {
            "title.text": _title(key, d, diameter),
            f"annotations[{verdict_at}].text": _wrap(verdict_text(key, d, diameter)),
            f"annotations[{label_at}].text": _cutoff_text(item),
            f"annotations[{label_at}].x": cut,
            f"shapes[{cutoff_at}].x0": cut,
            f"shapes[{cutoff_at}].x1": cut,
        }
        return {"y": [reverse[d]]}, layout

    sliders, buttons = [], []
    for g, (label, key, diameter) in enumerate(TWIN_GROUPS):
        steps = []
        for d in durations:
            data, layout = state(key, diameter, d)
            steps.append({"label": f"{d:g}", "method": "update", "args": [data, layout, [1]]})
        sliders.append(
            {
                "active": active, "visible": g == 0, "steps": steps, "y": -0.2, "pad": {"t": 10},
                "currentvalue": {"prefix": "Reflux duration (ms): "}, "len": 1.0,
            }
        )  # fmt: skip
        data, layout = state(key, diameter, durations[active])
        layout.update({f"sliders[{i}].visible": i == g for i in range(len(TWIN_GROUPS))})
        layout.update({f"sliders[{i}].active": active for i in range(len(TWIN_GROUPS))})
        buttons.append({"label": label, "method": "update", "args": [data, layout, [1]]})
    fig.update_layout(
        sliders=sliders,
        updatemenus=[
            {
                "type": "dropdown", "name": CONTROL_NAME, "buttons": buttons, "active": 0,
                "x": 0.2, "xanchor": "left",
                "y": 1.06, "yanchor": "bottom", "showactive": True,
            }
        ],
        height=780,
        margin={"t": 170, "b": 330},
        legend={"y": -0.62},
    )  # fmt: skip
    fig.layout.annotations[verdict_at].y = -0.78
    fig.add_annotation(control_label(CONTROL_NAME, 1.09))
    return fig
