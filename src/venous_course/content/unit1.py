"""Unit 1 (modules 00-04): cited epidemiology figure and the worked ABPI calculation.

Numbers come from the course fact sheet, each next to its BibTeX key in
``assets/references.bib``:

- Edinburgh Vein Study, adults aged 18-64 (Evans et al. 1999, ``evans1999edinburgh``):
  trunk varicose veins in 40% of men and 32% of women; chronic venous insufficiency (CVI)
  in 9% of men and 7% of women.

Everything here is for education, never individual advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from venous_course import abpi
from venous_course.display import OKABE_ITO, base_layout

# Edinburgh Vein Study 1999 (evans1999edinburgh), ages 18-64, per cent of people examined.
EDINBURGH_AGES = "18-64"
EDINBURGH_TRUNK_VARICES_PERCENT = {"men": 40.0, "women": 32.0}
EDINBURGH_CVI_PERCENT = {"men": 9.0, "women": 7.0}

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


@dataclass(frozen=True)
class ABPIWorking:
    """A worked ABPI for one leg: the readings used, the index and what guidelines say."""

    leg: str
    highest_ankle_mmhg: float
    highest_arm_mmhg: float
    index: float
    band_label: str
    band_guidance: str
    pad_category: str

    def lines(self) -> list[str]:
        """The calculation as short sentences, one step each (index rounded to 2 places)."""
        return [
            f"Highest arm (brachial) systolic pressure: {self.highest_arm_mmhg:g} mmHg.",
            f"Highest ankle systolic pressure on the {self.leg} leg: "
            f"{self.highest_ankle_mmhg:g} mmHg.",
            f"ABPI = {self.highest_ankle_mmhg:g} / {self.highest_arm_mmhg:g} "
            f"= {self.index:.2f} (no units).",
            f"NICE CKS band ({self.band_label}): {self.band_guidance}",
            f"AHA/ACC 2016 category for arterial disease: {self.pad_category}.",
        ]

    def _repr_markdown_(self) -> str:
        return "\n".join(f"{n}. {line}" for n, line in enumerate(self.lines(), start=1))


def abpi_working(
    leg: str, ankle_pressures_mmhg: Sequence[float], arm_pressures_mmhg: Sequence[float]
) -> ABPIWorking:
    """Work through the ABPI of one leg, step by step.

    ``ankle_pressures_mmhg``: that leg's ankle systolic readings (for example the dorsalis pedis
    and posterior tibial arteries); ``arm_pressures_mmhg``: both arms' brachial systolic readings.
    ABPI = highest ankle systolic of that leg / highest brachial systolic (unitless). Bands follow
    :mod:`venous_course.abpi` (NICE CKS 2019 and AHA/ACC 2016). Raises ``ValueError`` on a
    missing leg name or implausible pressures.
    """
    if not isinstance(leg, str) or not leg.strip():
        raise ValueError("Say which leg the ankle readings come from, for example 'right'.")
    index = abpi.leg_index(ankle_pressures_mmhg, arm_pressures_mmhg)
    band = abpi.band_details(abpi.compression_band(index))
    return ABPIWorking(
        leg=leg.strip(),
        highest_ankle_mmhg=float(max(ankle_pressures_mmhg)),
        highest_arm_mmhg=float(max(arm_pressures_mmhg)),
        index=index,
        band_label=band.label,
        band_guidance=band.guidance,
        pad_category=abpi.pad_category(index),
    )
