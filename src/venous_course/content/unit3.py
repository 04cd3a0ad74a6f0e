"""Unit 3 (modules 08-11): cited complication and progression numbers, and their figures.

Numbers come from the course fact sheet, each next to its BibTeX key in
``assets/references.bib``:

- Thrombosis after endovenous thermal ablation (Marsh P et al., Eur J Vasc Endovasc Surg
  2010;40:521-527, ``marsh2010dvt``), one centre, looked at afterwards (retrospective):
  deep vein thrombosis (DVT) in 0.7% of legs after radiofrequency ablation (RFA) and 1% after
  endovenous laser ablation (EVLA); endovenous heat-induced thrombosis (EHIT) in 0.2% after
  RFA and 0.9% after EVLA. EHIT cases are counted among the DVTs (a subset, not extra cases).
- Edinburgh Vein Study, 13-year follow-up of the general population (``robertson2016edinburgh``):
  new varicose veins in 18.2% of people (about 1.4% a year) and new chronic venous
  insufficiency in 9.2%. These are new cases in people followed over time, not recurrences
  after treatment.

Everything here is for education, never individual advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from venous_course.display import OKABE_ITO, base_layout

# --- Thrombosis after thermal ablation: Marsh et al. 2010 (marsh2010dvt) ----------------------
MARSH_CITATION = "marsh2010dvt"
RFA_DVT_PERCENT = 0.7  # any DVT after radiofrequency ablation, % of treated legs
EVLA_DVT_PERCENT = 1.0  # any DVT after endovenous laser ablation, % of treated legs
RFA_EHIT_PERCENT = 0.2  # EHIT after RFA (included in RFA_DVT_PERCENT)
EVLA_EHIT_PERCENT = 0.9  # EHIT after EVLA (included in EVLA_DVT_PERCENT)


@dataclass(frozen=True)
class ThrombosisRate:
    """Thrombotic complications after one thermal ablation technique, in % of treated legs.

    ``ehit_percent`` is part of ``dvt_percent`` (EHIT is one kind of DVT), never more than it.
    """

    technique: str
    dvt_percent: float
    ehit_percent: float
    citation: str

    def __post_init__(self) -> None:
        for name in ("dvt_percent", "ehit_percent"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} for {self.technique} must be a number of per cent.")
            if not 0 <= value <= 100:
                raise ValueError(
                    f"{name} for {self.technique} must be between 0 and 100 per cent; got {value}."
                )
        if self.ehit_percent > self.dvt_percent:
            raise ValueError(
                f"EHIT is counted among the DVTs, so for {self.technique} it cannot be larger "
                f"than the DVT rate ({self.ehit_percent}% > {self.dvt_percent}%)."
            )


RFA_NAME = "Radiofrequency ablation (RFA)"
EVLA_NAME = "Endovenous laser ablation (EVLA)"
THERMAL_ABLATION_THROMBOSIS: tuple[ThrombosisRate, ...] = (
    ThrombosisRate(RFA_NAME, RFA_DVT_PERCENT, RFA_EHIT_PERCENT, MARSH_CITATION),
    ThrombosisRate(EVLA_NAME, EVLA_DVT_PERCENT, EVLA_EHIT_PERCENT, MARSH_CITATION),
)

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
        + ". All values are about 1 per cent or less of treated legs."
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


# --- Progression: Edinburgh Vein Study 13-year follow-up (robertson2016edinburgh) -------------
EDINBURGH_FOLLOWUP_CITATION = "robertson2016edinburgh"
EDINBURGH_FOLLOWUP_YEARS = 13
EDINBURGH_NEW_VARICOSE_PERCENT = 18.2  # % of people with new varicose veins over 13 years
EDINBURGH_NEW_VARICOSE_PER_YEAR_PERCENT = 1.4  # the same, per year
EDINBURGH_NEW_CVI_PERCENT = 9.2  # % of people with new chronic venous insufficiency

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
