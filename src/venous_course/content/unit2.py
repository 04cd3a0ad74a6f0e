"""Content for unit 2 (modules 05-07): how treatment works, the procedure, types of treatment.

Data and pure figure builders only (data in, ``plotly.graph_objects.Figure`` out); the
notebooks display them with :func:`venous_course.show_figure`.

Sources of the numbers (BibTeX keys in ``assets/references.bib``):

- ``marsh2010dvt``: Marsh P et al., Eur J Vasc Endovasc Surg 2010;40:521-527, one centre's
  thrombotic complications after thermal ablation: deep vein thrombosis (DVT) 0.7 % after
  radiofrequency ablation (RFA) and 1 % after endovenous laser ablation (EVLA); endovenous
  heat-induced thrombosis (EHIT) 0.2 % after RFA and 0.9 % after EVLA.
- ``nicecg168``: NICE CG168 (2013), the order of interventional treatment it recommends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from venous_course.display import OKABE_ITO, base_layout

# NICE CG168 (2013), nicecg168: the order of interventional treatment for confirmed
# varicose veins with truncal reflux, when the first is unsuitable the next is offered.
NICE_CG168_ORDER: tuple[str, ...] = (
    "Endothermal ablation",
    "Ultrasound-guided foam sclerotherapy",
    "Surgery",
)

MARSH_2010_KEY = "marsh2010dvt"
# Readable names for citation keys, for figure notes and text alternatives.
SOURCE_LABELS: dict[str, str] = {MARSH_2010_KEY: "Marsh et al. 2010"}
DVT_AFTER_RFA_PERCENT = 0.7  # marsh2010dvt
DVT_AFTER_EVLA_PERCENT = 1.0  # marsh2010dvt
EHIT_AFTER_RFA_PERCENT = 0.2  # marsh2010dvt
EHIT_AFTER_EVLA_PERCENT = 0.9  # marsh2010dvt


@dataclass(frozen=True)
class ComplicationRate:
    """How often one complication followed one technique, in percent, and where that is from."""

    technique: str
    complication: str
    percent: float
    citation: str


THERMAL_ABLATION_THROMBOSIS: tuple[ComplicationRate, ...] = (
    ComplicationRate("RFA", "DVT", DVT_AFTER_RFA_PERCENT, MARSH_2010_KEY),
    ComplicationRate("EVLA", "DVT", DVT_AFTER_EVLA_PERCENT, MARSH_2010_KEY),
    ComplicationRate("RFA", "EHIT", EHIT_AFTER_RFA_PERCENT, MARSH_2010_KEY),
    ComplicationRate("EVLA", "EHIT", EHIT_AFTER_EVLA_PERCENT, MARSH_2010_KEY),
)

_PATTERNS: tuple[str, ...] = ("", "/", "x", ".")
_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["green"],
    OKABE_ITO["orange"],
)


def _checked(rates: tuple[ComplicationRate, ...]) -> tuple[ComplicationRate, ...]:
    if not rates:
        raise ValueError("There are no complication rates to show: give at least one.")
    seen: set[tuple[str, str]] = set()
    for rate in rates:
        value = rate.percent
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(
                f"The {rate.complication} rate after {rate.technique} must be a number in percent; "
                f"got {value!r}."
            )
        if not 0 <= value <= 100:
            raise ValueError(
                f"The {rate.complication} rate after {rate.technique} must be between 0 and 100 %; "
                f"got {value:g}."
            )
        if not rate.citation.strip():
            raise ValueError(
                f"The {rate.complication} rate after {rate.technique} needs its source "
                "(a citation key)."
            )
        pair = (rate.technique, rate.complication)
        if pair in seen:
            raise ValueError(
                f"The {rate.complication} rate after {rate.technique} is given twice; give it once."
            )
        seen.add(pair)
    return rates


def _in_order(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _sources(rates: tuple[ComplicationRate, ...]) -> str:
    return ", ".join(_in_order([SOURCE_LABELS.get(r.citation, r.citation) for r in rates]))


def thrombotic_complications_figure(
    rates: tuple[ComplicationRate, ...] = THERMAL_ABLATION_THROMBOSIS,
) -> go.Figure:
    """Grouped bar chart: the rate (percent) of each complication, per ablation technique.

    One trace per complication (DVT, EHIT), each with its own colour AND fill pattern, and the
    value printed on every bar, so colour never carries meaning alone. Rates are percent, as
    reported by the cited series; default data from ``marsh2010dvt``.
    """
    checked = _checked(rates)
    techniques = _in_order([r.technique for r in checked])
    complications = _in_order([r.complication for r in checked])
    sources = _sources(checked)
    figure = go.Figure(
        layout=base_layout(
            "Thrombosis after thermal ablation in one centre's series",
            "Ablation technique",
            "Rate in the series (%)",
        )
    )
    lookup = {(r.technique, r.complication): r.percent for r in checked}
    for index, complication in enumerate(complications):
        values = [lookup.get((t, complication)) for t in techniques]
        figure.add_bar(
            name=complication,
            x=techniques,
            y=values,
            text=[f"{v:g} %" if v is not None else "" for v in values],
            textposition="outside",
            marker={
                "color": _COLOURS[index % len(_COLOURS)],
                "pattern": {"shape": _PATTERNS[index % len(_PATTERNS)]},
                "line": {"color": OKABE_ITO["black"], "width": 1},
            },
            hovertemplate=f"{complication} after %{{x}}: %{{y:g}} %<extra></extra>",
        )
    top = max(r.percent for r in checked)
    figure.update_layout(
        barmode="group",
        legend={"title": {"text": "Complication"}},
        yaxis={"range": [0, top * 1.3 if top > 0 else 1], "ticksuffix": " %"},
        annotations=[
            {
                "text": f"Source: {sources}. Education, not a risk estimate for any one patient.",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.22,
                "showarrow": False,
                "font": {"size": 12},
                "xanchor": "left",
            }
        ],
        margin={"b": 100},
    )
    return figure


def thrombotic_complications_alt_text(
    rates: tuple[ComplicationRate, ...] = THERMAL_ABLATION_THROMBOSIS,
) -> str:
    """The text alternative of :func:`thrombotic_complications_figure`: every value in words."""
    checked = _checked(rates)
    parts = "; ".join(f"{r.complication} after {r.technique} {r.percent:g} %" for r in checked)
    sources = _sources(checked)
    text = (
        "Grouped bar chart of thrombotic complications after thermal ablation, as percent "
        f"rates in one centre's series ({sources}): {parts}."
    )
    if _rfa_lower_everywhere(checked):
        text += " In this series each complication was less frequent after RFA than after EVLA."
    return text


def _rfa_lower_everywhere(rates: tuple[ComplicationRate, ...]) -> bool:
    """True when, for every complication listed, RFA's rate is below EVLA's."""
    by_pair = {(r.technique, r.complication): r.percent for r in rates}
    complications = _in_order([r.complication for r in rates])
    pairs = [(by_pair.get(("RFA", c)), by_pair.get(("EVLA", c))) for c in complications]
    return bool(pairs) and all(a is not None and b is not None and a < b for a, b in pairs)
