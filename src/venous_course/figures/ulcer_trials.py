"""Trial figures: EVRA and ESCHAR results as grouped bars, one outcome at a time.

Numbers from :mod:`venous_course.ulcer_trials` (``gohel2018evra``, ``barwell2004eschar``,
``gohel2007eschar``). In both trials ablation or surgery was ADDED to compression.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import plotly.graph_objects as go

from venous_course import ulcer_trials as trial_numbers
from venous_course.display import OKABE_ITO, base_layout

Y_TITLES: dict[str, str] = {
    "healing time": "Median time to ulcer healing (days)",
    "healed at 24 weeks": "Ulcers healed at 24 weeks (%)",
    "recurrence": "Ulcers that came back, recurrence (%)",
}
TITLES: dict[str, str] = {
    "healing time": "Healing time: early ablation healed ulcers faster (EVRA)",
    "healed at 24 weeks": (
        "Healed at 24 weeks: more with early ablation (EVRA); no difference in ESCHAR"
    ),
    "recurrence": "Recurrence: fewer ulcers came back with surgery added (ESCHAR)",
}
EXTRA_NOTES: dict[str, str] = {
    "healing time": trial_numbers.EVRA_HAZARD_RATIO_TEXT,
    "healed at 24 weeks": (
        "EVRA compared early with deferred ablation; ESCHAR compared compression plus surgery "
        "with compression alone."
    ),
    "recurrence": (
        "Recurrence as reported by ESCHAR (12 months: Barwell 2004; 4 years: Gohel 2007)."
    ),
}
WITH_NAME = "Compression + ablation or surgery (EVRA early ablation; ESCHAR surgery)"
COMPARISON_NAME = "Comparison: compression + deferred ablation (EVRA) or compression alone (ESCHAR)"


def _fmt(value: float, unit: str) -> str:
    return f"{value:g} days" if unit == "days" else f"{value:g}%"


def outcome_arrays(outcome: str) -> dict[str, list]:
    """x labels, y values and bar text for both arms of one outcome."""
    results = trial_numbers.results_for(outcome)
    x = [f"{r.trial}: {r.measure}" for r in results]
    return {
        "x": [x, x],
        "y": [[r.with_procedure for r in results], [r.comparison for r in results]],
        "text": [
            [_fmt(r.with_procedure, r.unit) for r in results],
            [_fmt(r.comparison, r.unit) for r in results],
        ],
    }


def trials_figure(outcome: str = "healed at 24 weeks") -> go.Figure:
    """Grouped bars for one outcome: trace 0 procedure added, trace 1 comparison arm.

    The comparison bars carry a hatch pattern so colour is not the only difference, and every
    bar shows its number as text. A visible note says the procedure was added to compression.
    """
    arrays = outcome_arrays(outcome)  # validates the outcome
    fig = go.Figure()
    for i, (name, colour, pattern) in enumerate(
        ((WITH_NAME, OKABE_ITO["blue"], ""), (COMPARISON_NAME, OKABE_ITO["orange"], "/"))
    ):
        fig.add_trace(
            go.Bar(
                name=name, x=arrays["x"][i], y=arrays["y"][i], text=arrays["text"][i],
                textposition="outside", cliponaxis=False,
                marker={
                    "color": colour, "line": {"color": "#000000", "width": 1},
                    "pattern": {"shape": pattern, "fgcolor": "#000000", "fgopacity": 0.5},
                },
                hovertemplate="%{x}<br>" + name + ": %{text}<extra></extra>",
            )
        )  # fmt: skip
    fig.update_layout(base_layout(TITLES[outcome], "Trial and outcome", Y_TITLES[outcome]))
    fig.update_layout(
        barmode="group",
        height=720,
        yaxis={"rangemode": "tozero", "range": [0, 100]},
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        margin={"b": 230, "t": 130},
    )
    fig.add_annotation(
        name="added", x=0, y=1.02, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
        showarrow=False, align="left", bgcolor="#FFF6D5", bordercolor="#000000", borderpad=4,
        text="<b>Note:</b> ablation/surgery was ADDED to compression, not a replacement.",
    )  # fmt: skip
    fig.add_annotation(
        name="extra", x=0, y=-0.42, xref="paper", yref="paper", xanchor="left", yanchor="top",
        showarrow=False, align="left", font={"size": 12}, text=EXTRA_NOTES[outcome],
    )  # fmt: skip
    return fig


@lru_cache(maxsize=1)
def _extra_annotation() -> int:
    """Position of the annotation named "extra" in :func:`trials_figure`."""
    return [a.name for a in trials_figure().layout.annotations].index("extra")


@lru_cache(maxsize=8)
def outcome_patch(outcome: str) -> MappingProxyType[str, Any]:
    """What changes in :func:`trials_figure` from one outcome to another, as plain data.

    Keys are plotly property paths, values what ``trials_figure(outcome)`` holds there: both
    arms' bars and their text, the title, the y-axis title and the note under the chart.
    Cached; ``ValueError`` for an unknown outcome.
    """
    arrays = outcome_arrays(outcome)  # validates the outcome
    patch: dict[str, Any] = {}
    for i in range(2):
        for prop in ("x", "y", "text"):
            patch[f"data[{i}].{prop}"] = tuple(arrays[prop][i])
    patch["layout.title.text"] = TITLES[outcome]
    patch["layout.yaxis.title.text"] = Y_TITLES[outcome]
    patch[f"layout.annotations[{_extra_annotation()}].text"] = EXTRA_NOTES[outcome]
    return MappingProxyType(patch)


def trials_twin(outcome: str = "healed at 24 weeks") -> go.Figure:
    """Kernel-free twin: one button per outcome rewrites the bars, axis title and notes."""
    fig = trials_figure(outcome)
    at = [a.name for a in fig.layout.annotations].index("extra")
    buttons = []
    for key in trial_numbers.OUTCOMES:
        buttons.append(
            {
                "label": key.capitalize(),
                "method": "update",
                "args": [
                    outcome_arrays(key),
                    {
                        "title.text": TITLES[key],
                        "yaxis.title.text": Y_TITLES[key],
                        f"annotations[{at}].text": EXTRA_NOTES[key],
                    },
                    [0, 1],
                ],
            }
        )
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons", "direction": "right", "buttons": buttons,
                "active": trial_numbers.OUTCOMES.index(outcome), "x": 1, "xanchor": "right",
                "y": 1.12, "yanchor": "bottom", "showactive": True,
            }
        ],
        margin={"t": 170},
    )  # fmt: skip
    return fig
