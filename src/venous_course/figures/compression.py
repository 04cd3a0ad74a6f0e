"""Compression figures: garment classes of three systems on one mmHg axis.

Data from :mod:`venous_course.compression`: UK Drug Tariff (``ukdrugtariff``), German
RAL-GZ 387 (``ralgz387``), US ranges as sold (no US national class standard found), and the
ulcer compression level of about 40 mmHg at the ankle (SVS/AVF 2011, ``gloviczki2011svs``).
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course import compression as cmp
from venous_course.display import (
    OKABE_ITO,
    annotation_positions,
    base_layout,
    with_narrow_layout,
    wrap_lines,
)

AXIS_MAX_MMHG = 60.0  # open-ended German class IV is drawn up to here
SYSTEM_STYLE: dict[str, tuple[str, str]] = {
    cmp.UK: (OKABE_ITO["blue"], ""),
    cmp.GERMANY: (OKABE_ITO["orange"], "/"),
    cmp.US: (OKABE_ITO["green"], "."),
}
X_TITLE = "Pressure at the ankle (mmHg)"
FADED, FULL = 0.25, 0.9


def _row_label(c: cmp.CompressionClass) -> str:
    short = {cmp.UK: "UK", cmp.GERMANY: "Germany RAL", cmp.US: "US as sold"}[c.system]
    return f"{short}: {c.label}"


def _opacities(system: str, pressure_mmhg: float | None) -> list[float]:
    classes = cmp.classes_of(system)
    if pressure_mmhg is None:
        return [FULL] * len(classes)
    return [FULL if c.contains(pressure_mmhg) else FADED for c in classes]


def pressure_title(pressure_mmhg: float | None) -> str:
    """Title naming which class of each system contains the pressure (or the general title)."""
    if pressure_mmhg is None:
        return "Compression classes differ between countries"
    found = cmp.classes_containing(pressure_mmhg)
    parts = []
    for system, classes in found.items():
        short = {cmp.UK: "UK", cmp.GERMANY: "Germany", cmp.US: "US"}[system]
        names = " & ".join(c.label for c in classes) if classes else "none (gap)"
        parts.append(f"{short} {names}")
    return f"{pressure_mmhg:g} mmHg is in: " + "; ".join(parts)


STANDARDS_NOTE = (
    "UK Drug Tariff and German RAL-GZ 387 are national class standards. "
    "US: as sold; no US national class standard found.<br>"
    "German class IV is open-ended (49 mmHg and above); its bar stops at 60 mmHg only "
    "to fit the chart."
)


def compression_figure(pressure_mmhg: float | None = None) -> go.Figure:
    """Horizontal range bars (one trace per system) with the ulcer line and a pressure marker.

    Classes containing ``pressure_mmhg`` are drawn strong, the others faded, and every bar
    carries its range as text. The pressure marker is the layout shape named "pressure".
    """
    title = pressure_title(pressure_mmhg)  # validates the pressure
    fig = go.Figure()
    for system in cmp.SYSTEMS:
        classes = cmp.classes_of(system)
        colour, pattern = SYSTEM_STYLE[system]
        highs = [c.high_mmhg if c.high_mmhg is not None else AXIS_MAX_MMHG for c in classes]
        fig.add_trace(
            go.Bar(
                name=system,
                y=[_row_label(c) for c in classes],
                base=[c.low_mmhg for c in classes],
                x=[h - c.low_mmhg for h, c in zip(highs, classes, strict=True)],
                orientation="h",
                text=[c.range_text.replace(" mmHg", "") for c in classes],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#000000"},
                marker={
                    "color": colour,
                    "opacity": _opacities(system, pressure_mmhg),
                    "pattern": {"shape": pattern, "fgcolor": "#000000", "fgopacity": 0.3},
                    "line": {"color": "#000000", "width": 1},
                },
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    fig.update_layout(base_layout(title, X_TITLE, "Class (system: class)"))
    fig.update_layout(
        barmode="overlay",
        uniformtext={"minsize": 11, "mode": "show"},
        height=560,
        xaxis={"range": [0, AXIS_MAX_MMHG + 2], "dtick": 5},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        margin={"l": 170, "b": 150, "t": 90},
    )
    fig.add_vline(
        x=cmp.ULCER_ANKLE_PRESSURE_MMHG,
        line={"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2},
    )
    fig.add_annotation(
        name="ulcer line", x=cmp.ULCER_ANKLE_PRESSURE_MMHG, y=1.0, yref="paper", yanchor="bottom",
        xanchor="center", showarrow=False, font={"size": 12},
        text="about 40 mmHg at the ankle: strong compression for active ulcers (SVS/AVF 2011)",
    )  # fmt: skip
    fig.add_annotation(
        name="standards", x=0, y=-0.32, xref="paper", yref="paper", xanchor="left",
        yanchor="top", showarrow=False, align="left", font={"size": 12}, text=STANDARDS_NOTE,
    )  # fmt: skip
    shown = pressure_mmhg if pressure_mmhg is not None else -10.0
    fig.add_shape(
        name="pressure", type="line", x0=shown, x1=shown, y0=0, y1=1, yref="paper",
        line={"color": OKABE_ITO["black"], "width": 3}, visible=pressure_mmhg is not None,
    )  # fmt: skip
    return with_narrow_layout(fig, _narrow_layout(annotation_positions(fig)))


def _narrow_row_label(c: cmp.CompressionClass) -> str:
    """ "UK Class 2<br>18-24 mmHg": system and class, then the range (bars too thin for it)."""
    short = {cmp.UK: "UK", cmp.GERMANY: "RAL", cmp.US: "US as sold"}[c.system]
    name = short if c.system == cmp.US else f"{short} {c.label}"
    return f"{name}<br>{c.range_text}"


def _narrow_layout(at: dict[str, int]) -> dict[str, Any]:
    """On a phone: each row's range moves into its label (the bars are too thin to hold it),
    the ulcer line is marked "40" with its meaning in the note, and the note sits below the
    legend with room to wrap."""
    rows = [(_row_label(c), c) for system in cmp.SYSTEMS for c in cmp.classes_of(system)]
    return {
        "yaxis.tickvals": [label for label, _ in rows],
        "yaxis.ticktext": [_narrow_row_label(c) for _, c in rows],
        "yaxis.title.text": "",
        "uniformtext.mode": "hide",
        "xaxis.dtick": 10,
        "margin.l": 10,
        "margin.b": 430,
        "height": 1000,
        "legend.y": -0.16,
        f"annotations[{at['ulcer line']}].text": "40",
        f"annotations[{at['standards']}].y": -0.36,
        f"annotations[{at['standards']}].text": wrap_lines(
            "Dashed line: about 40 mmHg at the ankle, strong compression for active ulcers "
            "(SVS/AVF 2011). RAL: German RAL-GZ 387. " + STANDARDS_NOTE.replace("<br>", " "),
            44,
        ),
    }


@lru_cache(maxsize=1)
def _pressure_shape() -> int:
    """Position of the shape named "pressure" in :func:`compression_figure`."""
    return [s.name for s in compression_figure(20.0).layout.shapes].index("pressure")


@lru_cache(maxsize=256)
def pressure_patch(pressure_mmhg: float) -> MappingProxyType[str, Any]:
    """What changes in :func:`compression_figure` from one pressure to another, as plain data.

    Keys are plotly property paths, values what ``compression_figure(pressure_mmhg)`` holds
    there: each system's bar opacities, the title and the pressure line. Cached by pressure;
    ``ValueError`` for a pressure out of range.
    """
    patch: dict[str, Any] = {"layout.title.text": pressure_title(pressure_mmhg)}  # validates
    for i, system in enumerate(cmp.SYSTEMS):
        patch[f"data[{i}].marker.opacity"] = tuple(_opacities(system, pressure_mmhg))
    at = _pressure_shape()
    patch[f"layout.shapes[{at}].x0"] = pressure_mmhg
    patch[f"layout.shapes[{at}].x1"] = pressure_mmhg
    patch[f"layout.shapes[{at}].visible"] = True
    return MappingProxyType(patch)


def compression_twin(
    pressures: tuple[float, ...] | None = None, start_mmhg: float = 20.0
) -> go.Figure:
    """Kernel-free twin: a slider over pressures highlights the classes that contain each."""
    values = pressures or tuple(float(p) for p in range(10, 61))
    active = min(range(len(values)), key=lambda i: abs(values[i] - start_mmhg))
    fig = compression_figure(values[active])
    at = [s.name for s in fig.layout.shapes].index("pressure")
    steps = []
    for p in values:
        steps.append(
            {
                "label": f"{p:g}",
                "method": "update",
                "args": [
                    {"marker.opacity": [_opacities(s, p) for s in cmp.SYSTEMS]},
                    {"title.text": pressure_title(p), f"shapes[{at}].x0": p, f"shapes[{at}].x1": p},
                    [0, 1, 2],
                ],
            }
        )
    fig.update_layout(
        sliders=[
            {
                "active": active,
                "steps": steps,
                "currentvalue": {"prefix": "Pressure (mmHg): "},
                "y": -0.5,
                "pad": {"t": 10},
            }
        ],
        height=700,
        margin={"b": 280},
    )
    return fig
