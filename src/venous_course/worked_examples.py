"""Worked examples the modules walk through step by step (the calculation, not the facts).

The facts and thresholds live in the models (:mod:`venous_course.abpi`); a worked example
only lays out how they combine for one patient's readings. Education, never individual advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from venous_course import abpi


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
