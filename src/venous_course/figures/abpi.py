"""ABPI figures: the index on a 0-1.6 scale with compression bands and AHA/ACC PAD categories.

Bands: NICE CKS 2019 (``niceckslegulcer``) and SIGN 120 (``sign120``); PAD categories: AHA/ACC
2016 (``gerhardherman2016pad``); the 0.6 vs 0.8 disagreement: Team et al. 2019
(``team2019abpi``). All thresholds come from :mod:`venous_course.abpi`.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course import abpi
from venous_course.display import (
    OKABE_ITO,
    annotation_positions,
    base_layout,
    with_narrow_layout,
    wrap_lines,
)

SCALE_MAX = 1.6
BAND_ROW = "Compression (NICE CKS 2019)"
PAD_ROW = "PAD reading (AHA/ACC 2016)"
ALTERNATIVE_LOWER_CUTOFF = 0.6  # team2019abpi: some guidelines use 0.6, others 0.8

BAND_STYLE: dict[str, tuple[str, str, str]] = {
    # key: (colour, pattern, short text on the bar)
    "contraindicated": (OKABE_ITO["vermillion"], "x", "Contraindicated"),
    "specialist": (OKABE_ITO["orange"], "/", "Specialist advice only"),
    "safe": (OKABE_ITO["green"], "", "Compression safe for most"),
    "unreliable": (OKABE_ITO["purple"], ".", "Unreliable (calcified?)"),
}
PAD_SEGMENTS: tuple[tuple[str, float, float, str, str], ...] = (
    ("abnormal (0.90 or less)", 0.0, abpi.PAD_ABNORMAL_AT_OR_BELOW, OKABE_ITO["vermillion"], "x"),
    (
        "borderline",
        abpi.PAD_ABNORMAL_AT_OR_BELOW,
        abpi.PAD_NORMAL_FROM,
        OKABE_ITO["orange"],
        "/",
    ),
    (
        "normal (1.00-1.40)",
        abpi.PAD_NORMAL_FROM,
        abpi.PAD_NONCOMPRESSIBLE_ABOVE,
        OKABE_ITO["green"],
        "",
    ),
    ("noncompressible", abpi.PAD_NONCOMPRESSIBLE_ABOVE, SCALE_MAX, OKABE_ITO["purple"], "."),
)
MARKER_TRACE = "Patient's index"
CUTOFF_NOTES = (
    (ALTERNATIVE_LOWER_CUTOFF, "0.6: lower cut-off in some guidelines"),
    (abpi.COMPRESSION_SAFE_FROM, "0.8: lower cut-off in others"),
)


def index_title(index: float) -> str:
    """Figure title for an index: the value, its compression band and its PAD category."""
    band = abpi.band_details(abpi.compression_band(index))
    pad = abpi.pad_category(index)
    return f"ABPI {index:.2f}: compression band '{band.key}' ({band.label}); PAD reading: {pad}"


def index_guidance(index: float) -> str:
    """The guideline wording for an index's band, with its source."""
    band = abpi.band_details(abpi.compression_band(index))
    return f"{band.guidance} ({band.source})"


def _notes(index: float, width: int = 110) -> str:
    """The text under the scale: the band's guidance, then where guidelines differ. One
    annotation, so however the page wraps it, the two paragraphs cannot overlap."""
    return (
        wrap_lines(index_guidance(index), width)
        + "<br><br><b>Guidelines differ:</b> "
        + wrap_lines(abpi.GUIDELINE_DISAGREEMENT, width)
    )


def abpi_scale_figure(index: float) -> go.Figure:
    """The index as a marker on a 0-1.6 scale, over the compression bands and PAD categories.

    Trace order (tests and the twin rely on it): one bar per compression band, one bar per
    PAD category, then the patient's marker (last). Indices above 1.6 sit at the scale's end.
    """
    title = index_title(index)  # validates the index
    fig = go.Figure()
    for band in abpi.COMPRESSION_BANDS:
        colour, pattern, text = BAND_STYLE[band.key]
        low = band.low if band.low is not None else 0.0
        high = band.high if band.high is not None else SCALE_MAX
        fig.add_trace(
            go.Bar(
                name=f"{text} ({band.label})",
                y=[BAND_ROW],
                x=[high - low],
                base=[low],
                orientation="h",
                marker={
                    "color": colour,
                    "opacity": 0.55,
                    "pattern": {"shape": pattern, "fgcolor": "#000000", "fgopacity": 0.35},
                    "line": {"color": "#000000", "width": 1},
                },
                text=[f"{text}<br>{band.label}"],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#000000", "size": 12},
                hovertemplate=f"{band.label}: {band.guidance}<extra></extra>",
                legendgroup="bands",
                legendgrouptitle_text="Compression bands",
            )
        )
    for label, low, high, colour, pattern in PAD_SEGMENTS:
        fig.add_trace(
            go.Bar(
                name=f"PAD: {label}",
                y=[PAD_ROW],
                x=[high - low],
                base=[low],
                orientation="h",
                marker={
                    "color": colour,
                    "opacity": 0.35,
                    "pattern": {"shape": pattern, "fgcolor": "#000000", "fgopacity": 0.35},
                    "line": {"color": "#000000", "width": 1},
                },
                text=[label],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#000000", "size": 12},
                hovertemplate=f"AHA/ACC 2016: {label}<extra></extra>",
                legendgroup="pad",
                legendgrouptitle_text="AHA/ACC PAD categories",
            )
        )
    fig.add_trace(_marker_trace(index))
    fig.add_annotation(_marker_label(index))
    layout = base_layout(title, "Ankle-brachial pressure index (no unit: a ratio)", None)
    fig.update_layout(layout)
    fig.update_layout(
        barmode="overlay",
        bargap=0.25,
        height=440,
        showlegend=False,
        xaxis={"range": [0, SCALE_MAX], "dtick": 0.1, "tickformat": ".1f"},
        yaxis={"autorange": "reversed", "title": {"text": "Reading"}},
        margin={"l": 200, "r": 30, "t": 110, "b": 190},
    )
    for cutoff, text in CUTOFF_NOTES:
        fig.add_vline(x=cutoff, line={"color": "#000000", "dash": "dot", "width": 1.5})
        fig.add_annotation(
            name=f"cutoff {cutoff}", x=cutoff, y=1.0, yref="paper", yanchor="bottom", text=text,
            showarrow=False, font={"size": 11}, xanchor="right" if cutoff < 0.7 else "left",
        )  # fmt: skip
    fig.add_annotation(
        name="guidance",
        x=0,
        y=-0.3,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 12},
        text=_notes(index),
    )
    return with_narrow_layout(fig, _narrow_layout(fig), _narrow_bar_text())


#: Bar text on a phone, where a band is 40-70 px long (the full names stay in the hover).
NARROW_BAND_TEXT = {
    "contraindicated": "Contra-<br>indicated",
    "specialist": "Specialist",
    "safe": "Safe for<br>most",
    "unreliable": "Unreliable",
}
NARROW_PAD_TEXT = ("abnormal", "", "normal", "non-<br>compressible")


def _narrow_bar_text() -> dict[int, list[str]]:
    bands = [[NARROW_BAND_TEXT[band.key]] for band in abpi.COMPRESSION_BANDS]
    pad = [[text] for text in NARROW_PAD_TEXT]
    return dict(enumerate(bands + pad))


def _narrow_layout(fig: go.Figure) -> dict[str, Any]:
    """On a phone: short row names (the long ones took half the width), the cut-off notes as
    bare numbers, ticks every 0.2, the band names left to the bars' hover and the legend below,
    and room under the plot for the wrapped notes."""
    at = annotation_positions(fig)
    patch: dict[str, Any] = {
        "yaxis.tickvals": [BAND_ROW, PAD_ROW],
        "yaxis.ticktext": ["Compression<br>(NICE CKS)", "PAD<br>(AHA/ACC)"],
        "yaxis.title.text": "",
        "xaxis.dtick": 0.2,
        "xaxis.title.text": "ABPI (a ratio, no unit)",
        "margin.l": 10,
        "margin.b": 360,
        "height": 660,
        f"annotations[{at['guidance']}].y": -0.45,
    }
    for cutoff, _text in CUTOFF_NOTES:
        patch[f"annotations[{at[f'cutoff {cutoff}']}].text"] = f"{cutoff}"
    return patch


def _marker_points(index: float) -> tuple[list[float], list[str]]:
    """x positions and hover text of the marker's two diamonds (one per row)."""
    shown = min(index, SCALE_MAX)
    label = f"{index:.2f}" + (" (off scale)" if index > SCALE_MAX else "")
    return [shown, shown], [f"Index {label}", f"Index {label}"]


def _marker_trace(index: float) -> go.Scatter:
    x, text = _marker_points(index)
    return go.Scatter(
        name=MARKER_TRACE,
        x=x,
        y=[BAND_ROW, PAD_ROW],
        mode="markers",
        marker={
            "symbol": "diamond",
            "size": 18,
            "color": OKABE_ITO["black"],
            "line": {"color": "#FFFFFF", "width": 2},
        },
        text=text,
        hovertemplate="Patient's index: %{x:.2f}<extra></extra>",
        cliponaxis=False,
    )


def _marker_label_anchor(shown: float) -> str:
    if shown >= SCALE_MAX - 0.25:
        return "right"
    return "left" if shown <= 0.25 else "center"


def _marker_label(index: float) -> dict:
    shown = min(index, SCALE_MAX)
    label = f"Patient: {index:.2f}" + (" (off scale)" if index > SCALE_MAX else "")
    return {
        "name": "marker_label",
        "x": shown,
        "y": BAND_ROW,
        "text": f"<b>{label}</b>",
        # Near an end of the scale the label leans inwards, so it stays inside the figure.
        "xanchor": _marker_label_anchor(shown),
        "showarrow": True,
        "arrowhead": 2,
        "ax": 0,
        "ay": -38,
        "bgcolor": "#FFFFFF",
        "bordercolor": "#000000",
        "font": {"size": 13, "color": "#000000"},
    }


@lru_cache(maxsize=1)
def _layout_index() -> dict[str, int]:
    """Positions of the named annotations of :func:`abpi_scale_figure` (fixed by its code)."""
    return annotation_positions(abpi_scale_figure(1.0))


@lru_cache(maxsize=512)
def index_patch(index: float) -> MappingProxyType[str, Any]:
    """What changes in :func:`abpi_scale_figure` from one index to another, as plain data.

    Keys are plotly property paths, values what ``abpi_scale_figure(index)`` holds there: the
    live explorer assigns them instead of building a new figure. Cached by index; raises
    ``ValueError`` for an index the scale cannot show.
    """
    title = index_title(index)  # validates the index
    marker = len(abpi.COMPRESSION_BANDS) + len(PAD_SEGMENTS)
    at = _layout_index()
    x, text = _marker_points(index)
    label = _marker_label(index)
    return MappingProxyType(
        {
            f"data[{marker}].x": tuple(x),
            f"data[{marker}].text": tuple(text),
            "layout.title.text": title,
            f"layout.annotations[{at['marker_label']}].x": label["x"],
            f"layout.annotations[{at['marker_label']}].text": label["text"],
            f"layout.annotations[{at['marker_label']}].xanchor": label["xanchor"],
            f"layout.annotations[{at['guidance']}].text": _notes(index),
        }
    )


def abpi_twin(indices: tuple[float, ...] | None = None, start_index: float = 0.9) -> go.Figure:
    """Kernel-free twin: a slider over index values moves the marker and rewrites the text."""
    values = indices or tuple(round(0.30 + 0.05 * i, 2) for i in range(27))  # 0.30-1.60
    active = min(range(len(values)), key=lambda i: abs(values[i] - start_index))
    fig = abpi_scale_figure(values[active])
    marker = len(fig.data) - 1
    names = [a.name for a in fig.layout.annotations]
    guidance_at, label_at = names.index("guidance"), names.index("marker_label")
    steps = []
    for value in values:
        trace = _marker_trace(value)
        steps.append(
            {
                "label": f"{value:.2f}",
                "method": "update",
                "args": [
                    {"x": [list(trace.x)], "text": [list(trace.text)]},
                    {
                        "title.text": index_title(value),
                        f"annotations[{guidance_at}].text": _notes(value),
                        f"annotations[{label_at}].x": min(value, SCALE_MAX),
                        f"annotations[{label_at}].text": _marker_label(value)["text"],
                        f"annotations[{label_at}].xanchor": _marker_label(value)["xanchor"],
                    },
                    [marker],
                ],
            }
        )
    fig.update_layout(
        sliders=[
            {
                "active": active,
                "currentvalue": {"prefix": "ABPI: "},
                "pad": {"t": 10},
                "y": -0.7,
                "steps": steps,
            }
        ],
        height=560,
        margin={"b": 250},
    )
    return fig
