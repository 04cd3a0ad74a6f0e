"""The figure of the thrombosis rates in :mod:`venous_course.complications` (Marsh 2010)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from venous_course.complications import THERMAL_ABLATION_THROMBOSIS, ThrombosisRate
from venous_course.display import OKABE_ITO, base_layout

THROMBOSIS_TITLE = "Clots in deep veins after thermal ablation (one centre, Marsh et al. 2010)"


def thrombosis_alt_text(rates: Sequence[ThrombosisRate] = THERMAL_ABLATION_THROMBOSIS) -> str:
    """A text alternative for :func:`thrombosis_figure`, naming every value shown."""
    if not rates:
        raise ValueError("Give at least one technique's thrombosis rates.")
    parts = [
        f"{r.technique}: any deep vein thrombosis {r.dvt_percent:g} per cent of treated legs, "
        f"of which heat-induced thrombosis {r.ehit_percent:g} per cent"
        for r in rates
    ]
    return (
        "Grouped bar chart of clot complications after thermal ablation in one centre. "
        + "; ".join(parts)
        + ". All values are about 1 per cent or less of treated legs. The two groups differed in"
        " size and in the anaesthetic used, and the authors judged the rates similar, so the chart"
        " does not show that one device is safer."
    )


def thrombosis_figure(rates: Sequence[ThrombosisRate] = THERMAL_ABLATION_THROMBOSIS) -> go.Figure:
    """Grouped bar chart (per cent of treated legs) of DVT and EHIT after RFA and EVLA.

    Source: Marsh et al. 2010 (``marsh2010dvt``). Colour is never the only cue: each bar is
    labelled with its value, the two measures differ in fill pattern and the legend names them.
    """
    if not rates:
        raise ValueError("Give at least one technique's thrombosis rates.")
    techniques = [r.technique for r in rates]
    fig = go.Figure()
    series = (
        ("Any deep vein thrombosis (DVT)", [r.dvt_percent for r in rates], OKABE_ITO["blue"], "/"),
        ("Heat-induced thrombosis (EHIT), part of the DVTs", [r.ehit_percent for r in rates],
         OKABE_ITO["vermillion"], "."),
    )  # fmt: skip
    for name, values, colour, pattern in series:
        fig.add_bar(
            name=name,
            x=techniques,
            y=values,
            marker={"color": colour, "pattern": {"shape": pattern}},
            text=[f"{v:g}%" for v in values],
            textposition="outside",
            hovertemplate="%{x}<br>" + name + ": %{y:g}% of treated legs<extra></extra>",
        )
    fig.update_layout(
        **base_layout(THROMBOSIS_TITLE, "Thermal ablation technique", "Treated legs (%)"),
        barmode="group",
        legend={"orientation": "h", "y": -0.25},
    )
    top = max(r.dvt_percent for r in rates)
    fig.update_yaxes(range=[0, max(1.5, top * 1.3)], ticksuffix="%")
    return fig
