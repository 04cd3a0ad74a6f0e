"""Compression garment classes are not one number across countries.

The same word "class 2" means a different pressure range in different systems, so a nurse
reads the pressure in mmHg, not only the class. Ranges are ankle pressures in mmHg:

- UK Drug Tariff (``ukdrugtariff``): class 1 14-17, class 2 18-24, class 3 25-35 mmHg.
- German RAL-GZ 387 (``ralgz387``): I 18-21, II 23-32, III 34-46, IV 49 mmHg and above.
- USA: products are sold as 15-20, 20-30 and 30-40 mmHg. The course found no US national
  class standard, so these are ranges *as sold*, not a standard.
- Active venous ulcers need strong compression, about 40 mmHg at the ankle (SVS/AVF 2011,
  ``gloviczki2011svs``).

Education, not advice: the garment for a patient is chosen by the clinical team.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Ulcer compression target, SVS/AVF 2011 (gloviczki2011svs): "about 40 mmHg at the ankle".
ULCER_ANKLE_PRESSURE_MMHG = 40.0
ULCER_PRESSURE_NOTE = (
    "About 40 mmHg at the ankle: strong compression for active venous ulcers (SVS/AVF 2011)."
)
US_NOTE = "US ranges are as sold; no US national class standard was found."
# Pressures the course's figures show; a typed pressure outside this range is a typo.
PRESSURE_RANGE_MMHG = (0.0, 100.0)


@dataclass(frozen=True)
class CompressionClass:
    """One class of one system: its pressure range at the ankle in mmHg.

    ``high_mmhg`` is ``None`` for an open-ended class (German class IV, 49 mmHg and above).
    """

    system: str
    label: str
    low_mmhg: float
    high_mmhg: float | None
    citation: str

    @property
    def range_text(self) -> str:
        """The range in words, for example "18-24 mmHg" or "49 mmHg and above"."""
        if self.high_mmhg is None:
            return f"{self.low_mmhg:g} mmHg and above"
        return f"{self.low_mmhg:g}-{self.high_mmhg:g} mmHg"

    def contains(self, pressure_mmhg: float) -> bool:
        """True when the pressure (mmHg) lies within this class, both ends included."""
        value = _check_pressure(pressure_mmhg)
        return self.low_mmhg <= value and (self.high_mmhg is None or value <= self.high_mmhg)


UK = "UK Drug Tariff"
GERMANY = "German RAL-GZ 387"
US = "US (as sold)"
SYSTEMS: tuple[str, ...] = (UK, GERMANY, US)

COMPRESSION_CLASSES: tuple[CompressionClass, ...] = (
    CompressionClass(UK, "Class 1", 14, 17, "ukdrugtariff"),
    CompressionClass(UK, "Class 2", 18, 24, "ukdrugtariff"),
    CompressionClass(UK, "Class 3", 25, 35, "ukdrugtariff"),
    CompressionClass(GERMANY, "Class I", 18, 21, "ralgz387"),
    CompressionClass(GERMANY, "Class II", 23, 32, "ralgz387"),
    CompressionClass(GERMANY, "Class III", 34, 46, "ralgz387"),
    CompressionClass(GERMANY, "Class IV", 49, None, "ralgz387"),
    # No US national standard found (fact sheet: UNCONFIRMED), so no citation for a standard.
    CompressionClass(US, "15-20 mmHg", 15, 20, ""),
    CompressionClass(US, "20-30 mmHg", 20, 30, ""),
    CompressionClass(US, "30-40 mmHg", 30, 40, ""),
)


def _check_pressure(pressure_mmhg: float) -> float:
    if (
        isinstance(pressure_mmhg, bool)
        or not isinstance(pressure_mmhg, int | float)
        or not math.isfinite(pressure_mmhg)
    ):
        raise ValueError(f"A compression pressure must be a number in mmHg; got {pressure_mmhg!r}.")
    low, high = PRESSURE_RANGE_MMHG
    if not low <= pressure_mmhg <= high:
        raise ValueError(
            f"A compression pressure must be between {low:g} and {high:g} mmHg; "
            f"got {pressure_mmhg:g}."
        )
    return float(pressure_mmhg)


def classes_of(system: str) -> tuple[CompressionClass, ...]:
    """The classes of one system, lowest first."""
    if system not in SYSTEMS:
        raise ValueError(f"'{system}' is not a compression system; known: {', '.join(SYSTEMS)}.")
    return tuple(c for c in COMPRESSION_CLASSES if c.system == system)


def classes_containing(pressure_mmhg: float) -> dict[str, tuple[CompressionClass, ...]]:
    """For each system, the classes whose range contains this ankle pressure (mmHg).

    A system may give none (the pressure falls in a gap between classes, for example
    22 mmHg in the German system) or two (US ranges share their end points).
    """
    value = _check_pressure(pressure_mmhg)
    return {s: tuple(c for c in classes_of(s) if c.contains(value)) for s in SYSTEMS}


def describe_pressure(pressure_mmhg: float) -> str:
    """One sentence per system saying which class a pressure (mmHg) falls in."""
    found = classes_containing(pressure_mmhg)
    parts = []
    for system, classes in found.items():
        names = " and ".join(
            c.label if c.label == c.range_text else f"{c.label} ({c.range_text})" for c in classes
        )
        names = names or "no class (the pressure falls between classes)"
        parts.append(f"{system}: {names}")
    return f"{pressure_mmhg:g} mmHg falls in - " + "; ".join(parts) + "."
