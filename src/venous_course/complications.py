"""Thrombotic complications after endovenous thermal ablation: the one home of these rates.

Marsh P et al., Eur J Vasc Endovasc Surg 2010;40:521-527 (``marsh2010dvt``), one centre,
looked at afterwards (retrospective): deep vein thrombosis (DVT) in 0.7% of legs after
radiofrequency ablation (RFA) and 1% after endovenous laser ablation (EVLA); endovenous
heat-induced thrombosis (EHIT) in 0.2% after RFA and 0.9% after EVLA. EHIT cases are counted
among the DVTs (a subset, not extra cases).

Figure: :mod:`venous_course.figures.complications`. Education, never individual advice.
"""

from __future__ import annotations

from dataclasses import dataclass

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
