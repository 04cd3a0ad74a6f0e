"""Procedure figure: the six-step workflow as a timeline with one step highlighted.

Steps and nurse roles come from :mod:`venous_course.procedure` (paraphrasing the source text,
``seedtext``): exact steps vary by clinician and case.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course import procedure
from venous_course.display import OKABE_ITO, base_layout, with_narrow_layout, wrap_lines

X_TITLE = "Step in the usual order (not to a time scale)"


def _wrap(text: str, width: int = 95) -> str:
    return wrap_lines(text, width)


def step_styles(selected: int) -> dict[str, list]:
    """Marker colours, sizes and symbols for the six steps with ``selected`` highlighted."""
    procedure.step(selected)  # validates
    n = len(procedure.STEPS)
    hot, cold = OKABE_ITO["vermillion"], OKABE_ITO["blue"]
    return {
        "color": [hot if i == selected else cold for i in range(1, n + 1)],
        "size": [30 if i == selected else 18 for i in range(1, n + 1)],
        "symbol": ["star" if i == selected else "circle" for i in range(1, n + 1)],
    }  # fmt: skip


def step_details(selected: int) -> str:
    """The detail annotation of one step (HTML line breaks): what happens and nurse roles."""
    item = procedure.step(selected)
    roles = "<br>".join(f"• {r}" for r in item.nurse_roles)
    return (
        f"<b>Step {item.number}: {item.title}</b><br>{_wrap(item.what_happens)}<br>"
        f"<b>{procedure.ROLES_HEADING}:</b><br>{roles}"
    )


def step_title(selected: int) -> str:
    """Figure title naming the selected step."""
    item = procedure.step(selected)
    return f"Vein procedure workflow: step {item.number} of {len(procedure.STEPS)}, {item.title}"


def procedure_figure(selected: int = 1) -> go.Figure:
    """Six markers on a line; the selected one is a larger star with its details below.

    Trace 0 is the connecting line, trace 1 the step markers.
    """
    style = step_styles(selected)
    xs = [s.number for s in procedure.STEPS]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=xs, y=[0] * len(xs), mode="lines", hoverinfo="skip", showlegend=False,
            line={"color": OKABE_ITO["black"], "width": 2},
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=[0] * len(xs),
            mode="markers+text",
            text=[s.title.replace(" and ", "<br>and ") for s in procedure.STEPS],
            textposition="top center",
            marker={
                "color": style["color"],
                "size": style["size"],
                "symbol": style["symbol"],
                "line": {"color": "#000000", "width": 1},
            },
            # The names again for the hover label: the text may be emptied on a phone.
            customdata=[s.title for s in procedure.STEPS],
            hovertemplate="Step %{x}: %{customdata}<extra></extra>",
            showlegend=False,
            cliponaxis=False,
        )
    )
    fig.update_layout(base_layout(step_title(selected), X_TITLE, None))
    fig.update_layout(
        height=520,
        xaxis={"range": [0.4, 6.6], "tickvals": xs, "ticktext": [f"Step {x}" for x in xs]},
        yaxis={"visible": False, "range": [-0.4, 0.8]},
        margin={"b": 220, "t": 80},
    )
    fig.add_annotation(
        name="details", x=0, y=-0.3, xref="paper", yref="paper", xanchor="left", yanchor="top",
        align="left", showarrow=False, text=step_details(selected), bgcolor="#F7F7F7",
        bordercolor=OKABE_ITO["black"], borderpad=6,
    )  # fmt: skip
    fig.add_annotation(
        x=1, y=-0.3, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
        showarrow=False, font={"size": 11}, text=procedure.VARIES_NOTE,
    )  # fmt: skip
    # On a phone six step names do not fit side by side: the markers keep their step numbers
    # (tick labels), and the title and the details box name the chosen step.
    return with_narrow_layout(fig, {}, {1: [""] * len(xs)})


@lru_cache(maxsize=1)
def _details_annotation() -> int:
    """Position of the annotation named "details" in :func:`procedure_figure`."""
    return [a.name for a in procedure_figure(1).layout.annotations].index("details")


@lru_cache(maxsize=16)
def step_patch(selected: int) -> MappingProxyType[str, Any]:
    """What changes in :func:`procedure_figure` from one step to another, as plain data.

    Keys are plotly property paths, values what ``procedure_figure(selected)`` holds there:
    the step markers' colours, sizes and symbols, the title and the details box. Cached;
    ``ValueError`` for a step that does not exist.
    """
    style = step_styles(selected)  # validates
    patch: dict[str, Any] = {f"data[1].marker.{k}": tuple(v) for k, v in style.items()}
    patch["layout.title.text"] = step_title(selected)
    patch[f"layout.annotations[{_details_annotation()}].text"] = step_details(selected)
    return MappingProxyType(patch)


def procedure_twin(selected: int = 1) -> go.Figure:
    """Kernel-free twin: a slider over the six steps moves the highlight and the details."""
    fig = procedure_figure(selected)
    at = [a.name for a in fig.layout.annotations].index("details")
    steps = []
    for item in procedure.STEPS:
        style = step_styles(item.number)
        steps.append(
            {
                "label": f"{item.number}. {item.title}",
                "method": "update",
                "args": [
                    {
                        "marker.color": [style["color"]],
                        "marker.size": [style["size"]],
                        "marker.symbol": [style["symbol"]],
                    },
                    {
                        "title.text": step_title(item.number),
                        f"annotations[{at}].text": step_details(item.number),
                    },
                    [1],
                ],
            }
        )  # fmt: skip
    fig.update_layout(
        sliders=[
            {
                "active": selected - 1, "steps": steps, "y": 1.12, "yanchor": "bottom",
                "currentvalue": {"prefix": "Step: "}, "pad": {"t": 0},
            }
        ],
        margin={"t": 190},
        height=640,
        title={"y": 0.98, "yanchor": "top"},
    )  # fmt: skip
    return fig
