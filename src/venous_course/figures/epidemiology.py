"""Figures of the Edinburgh Vein Study numbers in :mod:`venous_course.epidemiology`."""

from __future__ import annotations

import plotly.graph_objects as go

from venous_course.display import OKABE_ITO, base_layout
from venous_course.epidemiology import (
    EDINBURGH_CVI_PERCENT,
    EDINBURGH_NEW_CVI_PERCENT,
    EDINBURGH_NEW_VARICOSE_PER_YEAR_PERCENT,
    EDINBURGH_NEW_VARICOSE_PERCENT,
    EDINBURGH_TRUNK_VARICES_PERCENT,
)

PREVALENCE_TITLE = "Edinburgh Vein Study: how common were venous signs? (ages 18-64)"
PREVALENCE_ALT_TEXT = (
    "Grouped bar chart from the Edinburgh Vein Study (adults aged 18 to 64). "
    "Trunk varicose veins: men 40 per cent, women 32 per cent. "
    "Chronic venous insufficiency: men 9 per cent, women 7 per cent. "
    "Varicose veins were several times more common than chronic venous insufficiency "
    "in both men and women."
)


def prevalence_figure() -> go.Figure:
    """Grouped bar chart of Edinburgh Vein Study prevalence (per cent), men and women.

    Source: Evans et al. 1999 (``evans1999edinburgh``). Colour is not the only cue: each bar
    is labelled with its value, the two groups differ in fill pattern, and the legend names them.
    """
    findings = ["Trunk varicose veins", "Chronic venous insufficiency"]
    fig = go.Figure()
    styles = {
        "men": (OKABE_ITO["blue"], "/"),
        "women": (OKABE_ITO["orange"], "."),
    }
    for group, (colour, pattern) in styles.items():
        values = [EDINBURGH_TRUNK_VARICES_PERCENT[group], EDINBURGH_CVI_PERCENT[group]]
        fig.add_trace(
            go.Bar(
                name=group.capitalize(),
                x=findings,
                y=values,
                text=[f"{group.capitalize()}: {v:g}%" for v in values],
                textposition="outside",
                marker={"color": colour, "pattern": {"shape": pattern}, "line": {"width": 1}},
                hovertemplate="%{x}<br>" + group + ": %{y:g}%<extra></extra>",
            )
        )
    fig.update_layout(
        **base_layout(PREVALENCE_TITLE, "Finding on examination", "People affected (%)"),
        barmode="group",
        legend={"title": {"text": "Group"}},
    )
    fig.update_yaxes(range=[0, 50])
    return fig


PROGRESSION_TITLE = "New venous disease over 13 years (Edinburgh Vein Study, general population)"
PROGRESSION_ALT_TEXT = (
    "Bar chart from the Edinburgh Vein Study 13-year follow-up of the general population. "
    f"New varicose veins appeared in {EDINBURGH_NEW_VARICOSE_PERCENT:g} per cent of people "
    f"(about {EDINBURGH_NEW_VARICOSE_PER_YEAR_PERCENT:g} per cent a year) and new chronic "
    f"venous insufficiency in {EDINBURGH_NEW_CVI_PERCENT:g} per cent. These are new cases in "
    "people followed over time, not recurrences after treatment."
)


def progression_figure() -> go.Figure:
    """Bar chart (per cent of people over 13 years) of new venous disease in Edinburgh.

    Source: Edinburgh Vein Study 13-year follow-up (``robertson2016edinburgh``). Bars carry
    their values as text and differ in pattern, so colour is not the only cue.
    """
    labels = ["New varicose veins", "New chronic venous insufficiency"]
    values = [EDINBURGH_NEW_VARICOSE_PERCENT, EDINBURGH_NEW_CVI_PERCENT]
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=values,
        marker={
            "color": [OKABE_ITO["blue"], OKABE_ITO["orange"]],
            "pattern": {"shape": ["/", "x"]},
        },
        text=[
            f"{EDINBURGH_NEW_VARICOSE_PERCENT:g}% (about "
            f"{EDINBURGH_NEW_VARICOSE_PER_YEAR_PERCENT:g}% a year)",
            f"{EDINBURGH_NEW_CVI_PERCENT:g}%",
        ],
        textposition="outside",
        hovertemplate="%{x}: %{y:g}% of people over 13 years<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(
        **base_layout(PROGRESSION_TITLE, "New finding at follow-up", "People (% over 13 years)")
    )
    fig.update_yaxes(range=[0, 25], ticksuffix="%")
    return fig
