"""Treatment figures: a side-by-side table and a modality x target matrix marked with ticks.

Data come from :mod:`venous_course.treatments` (its packaged ``data/treatments.yml``), which
paraphrases the source text (``seedtext``). Education, not advice.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from venous_course.display import OKABE_ITO, base_layout
from venous_course.treatments import TARGETS, Treatment

TICK = "✓"
TABLE_HEADERS: tuple[str, ...] = ("Modality", "Targets", "Anaesthesia", "Setting", "Main risks")
ALL = "all targets"
DEFAULT_HEADING = "Treatment modalities side by side (general education)"


def table_values(treatments: tuple[Treatment, ...]) -> list[list[str]]:
    """Column-wise cell values for the comparison table (one row per treatment)."""
    if not treatments:
        return [["No modality matches these filters."], [""], [""], [""], [""]]
    return [
        [t.name for t in treatments],
        [", ".join(t.targets) for t in treatments],
        [", ".join(t.anaesthesia) for t in treatments],
        [", ".join(t.setting) for t in treatments],
        ["; ".join(t.main_risks) for t in treatments],
    ]


def matrix_values(
    treatments: tuple[Treatment, ...], highlight_target: str | None = None
) -> tuple[list[list[float]], list[list[str]]]:
    """z (0 no, 1 yes, 2 yes and the highlighted target) and tick text, modality x target."""
    z, text = [], []
    for t in treatments:
        row_z, row_text = [], []
        for target in TARGETS:
            hit = target in t.targets
            row_z.append((2.0 if target == highlight_target else 1.0) if hit else 0.0)
            row_text.append(TICK if hit else "")
        z.append(row_z)
        text.append(row_text)
    return z, text


def treatment_figure(
    shown: tuple[Treatment, ...],
    catalogue: tuple[Treatment, ...],
    highlight_target: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Table of the ``shown`` modalities above a tick matrix of the whole ``catalogue``.

    Trace 0 is the table, trace 1 the matrix (heatmap with a tick in every cell where a
    modality targets that problem; colour only repeats what the tick says).
    """
    fig = make_subplots(
        rows=2,
        cols=1,
        specs=[[{"type": "table"}], [{"type": "heatmap"}]],
        row_heights=[0.55, 0.45],
        vertical_spacing=0.1,
    )
    fig.add_trace(
        go.Table(
            header={
                "values": [f"<b>{h}</b>" for h in TABLE_HEADERS],
                "fill_color": OKABE_ITO["blue"],
                "font": {"color": "#FFFFFF", "size": 13},
                "align": "left",
            },
            cells={"values": table_values(shown), "align": "left", "height": 26},
            columnwidth=[2.2, 2, 1.6, 1.6, 3.2],
        ),
        row=1,
        col=1,
    )
    z, text = matrix_values(catalogue, highlight_target)
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=list(TARGETS),
            y=[t.name for t in catalogue],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 18, "color": "#000000"},
            zmin=0,
            zmax=2,
            colorscale=[
                [0.0, "#FFFFFF"],
                [0.5, OKABE_ITO["sky_blue"]],
                [1.0, OKABE_ITO["orange"]],
            ],
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{y} - %{x}: %{text}<extra></extra>",
        ),
        row=2,
        col=1,
    )
    heading = title or DEFAULT_HEADING
    fig.update_layout(base_layout(heading))
    fig.update_layout(height=900, margin={"l": 20, "r": 20, "t": 80, "b": 60})
    fig.data[0].domain = {"x": [0.0, 1.0], "y": list(fig.data[0].domain.y)}
    fig.update_xaxes(domain=[0.3, 1.0], row=2, col=1)
    fig.update_xaxes(title_text="What the modality targets (✓ = targeted)", side="bottom", row=2)
    fig.update_yaxes(title_text="Modality", autorange="reversed", row=2)
    return fig


def filter_title(target: str | None, setting: str | None, anaesthesia: str | None) -> str:
    """Title of the live comparator: the general title plus the filters that are set."""
    parts = [f"{what}: {value}" for what, value in (
        ("target", target), ("setting", setting), ("anaesthesia", anaesthesia)
    ) if value]  # fmt: skip
    return "Treatment modalities side by side" + (f" ({'; '.join(parts)})" if parts else "")


@lru_cache(maxsize=256)
def treatment_patch(
    shown: tuple[Treatment, ...],
    catalogue: tuple[Treatment, ...],
    highlight_target: str | None = None,
    title: str | None = None,
) -> MappingProxyType[str, Any]:
    """What changes in :func:`treatment_figure` between filter states, as plain data.

    Keys are plotly property paths, values what ``treatment_figure(shown, catalogue,
    highlight_target, title)`` holds there: the table cells, the matrix highlight and the
    title. Cached by arguments.
    """
    z, _text = matrix_values(catalogue, highlight_target)
    return MappingProxyType(
        {
            "data[0].cells.values": tuple(tuple(column) for column in table_values(shown)),
            "data[1].z": tuple(tuple(row) for row in z),
            "layout.title.text": title or DEFAULT_HEADING,
        }
    )


def _title_for(target: str | None) -> str:
    if target is None:
        return "Treatment modalities side by side: all targets (general education)"
    return f"Modalities that target {target} (✓; highlighted column)"


def treatments_twin(catalogue: tuple[Treatment, ...]) -> go.Figure:
    """Kernel-free twin: dropdown buttons filter the table by target and highlight its column."""
    fig = treatment_figure(catalogue, catalogue, None, _title_for(None))
    buttons = []
    for target in (None, *TARGETS):
        shown = tuple(t for t in catalogue if target is None or target in t.targets)
        z, _ = matrix_values(catalogue, target)
        buttons.append(
            {
                "label": target or ALL,
                "method": "update",
                "args": [
                    {"cells.values": [table_values(shown)], "z": [z]},
                    {"title.text": _title_for(target)},
                    [0, 1],
                ],
            }
        )
    fig.update_layout(
        updatemenus=[
            {
                "type": "dropdown",
                "buttons": buttons,
                "active": 0,
                "x": 0.17,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
            }
        ],
        annotations=[
            {
                "text": "<b>Filter by target:</b>",
                "x": 0.0,
                "xanchor": "left",
                "y": 1.01,
                "yanchor": "bottom",
                "xref": "paper",
                "yref": "paper",
                "showarrow": False,
            }
        ],
        margin={"t": 120},
    )
    return fig
