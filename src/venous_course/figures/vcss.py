"""Revised VCSS figure: one bar per attribute (0-3 points) and the total (0-30).

Pure builders shared by the live calculator and its kernel-free twin. Attributes and
descriptors come from :mod:`venous_course.vcss` (``vasquez2010vcss``; ulcer-size and
compression wording from ``rutherford2000vcss``). A total of 8 or more is often used to mark
severe disease (summary of the 2014 SVS/AVF guideline, ``odonnell2014vlu``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from venous_course.display import OKABE_ITO, with_narrow_layout
from venous_course.vcss import (
    ATTRIBUTES,
    MAX_POINTS_PER_ATTRIBUTE,
    MAX_TOTAL,
    SEVERE_DISEASE_THRESHOLD,
    breakdown,
    descriptor,
    is_often_called_severe,
)

TITLE = "Revised Venous Clinical Severity Score (rVCSS)"
X_TITLE = "Points for the attribute (0 = absent, 3 = most severe)"
TOTAL_TITLE = "Total rVCSS (points, 0-30)"
# On a phone the attribute names leave the bars a narrow column: shorter axis titles.
NARROW_X_TITLE = "Points (0 to 3)"
NARROW_TOTAL_TITLE = "Total rVCSS (0-30)"
THRESHOLD_SOURCE = "O'Donnell 2014 guideline summary"
SHORT_LABELS: tuple[str, ...] = tuple(a.label.split(" (")[0] for a in ATTRIBUTES)

# Fictional example patients for the book's twin (education only).
EXAMPLE_PATIENTS: dict[str, dict[str, int]] = {
    "A: aching varicose veins": {"pain": 1, "varicose_veins": 2, "venous_edema": 1},
    "B: oedema and skin changes": {
        "pain": 2,
        "varicose_veins": 2,
        "venous_edema": 2,
        "skin_pigmentation": 1,
        "induration": 1,
        "compression_therapy": 2,
    },
    "C: active venous ulcer": {
        "pain": 2,
        "varicose_veins": 2,
        "venous_edema": 2,
        "skin_pigmentation": 2,
        "inflammation": 1,
        "induration": 2,
        "active_ulcer_number": 1,
        "active_ulcer_duration": 2,
        "active_ulcer_size": 2,
        "compression_therapy": 3,
    },
    "D: healed ulcer, wears compression": {
        "pain": 1,
        "varicose_veins": 1,
        "venous_edema": 1,
        "skin_pigmentation": 2,
        "induration": 1,
        "compression_therapy": 3,
    },
}


def bar_values(levels: Mapping[str, int]) -> dict[str, list[Any]]:
    """Points and hover descriptors of every attribute, in the standard order.

    Raises ``ValueError`` (from :mod:`venous_course.vcss`) for unknown names or points.
    """
    points = breakdown(**levels)
    values = list(points.values())
    texts = [f"{p} - {descriptor(name, p)}" for name, p in points.items()]
    return {"x": values, "text": [str(v) for v in values], "customdata": texts}


def total_text(total: int) -> str:
    """The total in words, with the often-used severity mark and its source."""
    severe = is_often_called_severe(total)
    mark = (
        f"at or above {SEVERE_DISEASE_THRESHOLD}, a level often used to mark severe disease"
        if severe
        else f"below {SEVERE_DISEASE_THRESHOLD}, the level often used to mark severe disease"
    )
    return f"<b>Total {total} of {MAX_TOTAL}</b>: {mark} ({THRESHOLD_SOURCE})."


def total_annotations(total: int) -> list[dict[str, Any]]:
    return [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": -0.14,
            "yref": "paper",
            "yanchor": "top",
            "align": "left",
            "showarrow": False,
            "text": total_text(total)
            + "<br>CEAP describes the leg; the VCSS measures change over time. "
            "A score is not a diagnosis.",
        },
        {
            # From the mark rightwards, on two lines: centred, it ran over the "Total" label.
            "x": SEVERE_DISEASE_THRESHOLD,
            "xref": "x2",
            "xanchor": "left",
            "align": "left",
            "y": 1.0,
            "yref": "y2 domain",
            "yanchor": "bottom",
            "text": f"{SEVERE_DISEASE_THRESHOLD}: often used to mark<br>severe disease",
            "showarrow": False,
            "font": {"size": 11},
        },
    ]


def vcss_figure(levels: Mapping[str, int], title: str = TITLE) -> go.Figure:
    """Bars of every attribute's points and a total bar with the often-used mark at 8."""
    values = bar_values(levels)
    total = sum(values["x"])
    fig = make_subplots(rows=2, cols=1, row_heights=[0.78, 0.22], vertical_spacing=0.2)
    fig.add_trace(
        go.Bar(
            y=list(SHORT_LABELS),
            x=values["x"],
            text=values["text"],
            customdata=values["customdata"],
            textposition="outside",
            orientation="h",
            name="Points per attribute",
            marker={"color": OKABE_ITO["blue"], "line": {"color": OKABE_ITO["black"], "width": 1}},
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            y=["Total"],
            x=[total],
            text=[f"{total} / {MAX_TOTAL}"],
            textposition="outside",
            orientation="h",
            name="Total",
            marker={
                "color": OKABE_ITO["orange"],
                "pattern": {"shape": "/"},
                "line": {"color": OKABE_ITO["black"], "width": 1},
            },
            hovertemplate="Total %{x} of 30<extra></extra>",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    fig.add_vline(
        x=SEVERE_DISEASE_THRESHOLD,
        line={"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2},
        row=2,
        col=1,
    )
    fig.update_layout(
        title={"text": title},
        template="plotly_white",
        font={"size": 13},
        height=620,
        margin={"l": 230, "r": 40, "t": 70, "b": 130},
        annotations=total_annotations(total),
    )
    fig.update_xaxes(
        title_text=X_TITLE,
        range=[0, MAX_POINTS_PER_ATTRIBUTE + 0.4],
        tickvals=list(range(MAX_POINTS_PER_ATTRIBUTE + 1)),
        fixedrange=True,
        row=1,
        col=1,
    )
    fig.update_yaxes(autorange="reversed", fixedrange=True, row=1, col=1)
    fig.update_xaxes(title_text=TOTAL_TITLE, range=[0, MAX_TOTAL], fixedrange=True, row=2, col=1)
    fig.update_yaxes(fixedrange=True, row=2, col=1)
    narrow = {"xaxis.title.text": NARROW_X_TITLE, "xaxis2.title.text": NARROW_TOTAL_TITLE}
    return with_narrow_layout(fig, narrow)


def vcss_twin(patients: Mapping[str, Mapping[str, int]] = EXAMPLE_PATIENTS) -> go.Figure:
    """The kernel-free twin: a dropdown of example patients restyling bars and total."""
    names: Sequence[str] = list(patients)
    if not names:
        raise ValueError("The VCSS twin needs at least one example patient.")
    first = names[0]
    fig = vcss_figure(patients[first], f"{TITLE}: example patient {first}")
    buttons = []
    for name in names:
        values = bar_values(patients[name])
        total = sum(values["x"])
        buttons.append(
            {
                "label": f"Patient {name}",
                "method": "update",
                "args": [
                    {
                        "x": [values["x"], [total]],
                        "text": [values["text"], [f"{total} / {MAX_TOTAL}"]],
                        "customdata": [values["customdata"], None],
                    },
                    {
                        "title.text": f"{TITLE}: example patient {name}",
                        "annotations": total_annotations(total),
                    },
                ],
            }
        )
    fig.update_layout(
        updatemenus=[
            {
                "type": "dropdown",
                "buttons": buttons,
                "active": 0,
                "x": 0,
                "xanchor": "right",
                "y": 1.02,
                "yanchor": "bottom",
            }
        ],
        margin={"l": 230, "r": 40, "t": 110, "b": 130},
    )
    return fig


@lru_cache(maxsize=1024)
def vcss_patch(levels: tuple[tuple[str, int], ...]) -> MappingProxyType[str, Any]:
    """:func:`vcss_figure` for ``levels`` (sorted (attribute, points) pairs) as property
    path -> value, for patching a live figure. Raises ``ValueError`` like :func:`bar_values`."""
    values = bar_values(dict(levels))
    total = sum(values["x"])
    return MappingProxyType(
        {
            "data[0].x": tuple(values["x"]),
            "data[0].text": tuple(values["text"]),
            "data[0].customdata": tuple(values["customdata"]),
            "data[1].x": (total,),
            "data[1].text": (f"{total} / {MAX_TOTAL}",),
            "layout.annotations[0].text": total_annotations(total)[0]["text"],
        }
    )
