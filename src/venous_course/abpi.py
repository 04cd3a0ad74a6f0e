"""Ankle-brachial pressure index (ABPI) and what it means for compression.

ABPI = the highest ankle systolic pressure of that leg / the highest brachial systolic pressure.
Compression bands follow NICE CKS venous leg ulcer (revised 2019, ``niceckslegulcer``); SIGN 120
(2010, ``sign120``) also calls compression safe at 0.8 or more. Guidelines differ on the lower
cut-off, some using 0.6 and others 0.8 (Team et al. 2019, ``team2019abpi``): the course says so.
Peripheral artery disease categories follow the AHA/ACC 2016 guideline (``gerhardherman2016pad``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# Plausible ranges for a typed-in pressure; outside them the number is almost certainly a typo.
ANKLE_RANGE_MMHG = (20.0, 350.0)  # incompressible calcified arteries can read very high
BRACHIAL_RANGE_MMHG = (50.0, 300.0)

# NICE CKS 2019 (niceckslegulcer); SIGN 120 (sign120) agrees on 0.8.
COMPRESSION_CONTRAINDICATED_BELOW = 0.5
COMPRESSION_SAFE_FROM = 0.8
CALCIFIED_ABOVE = 1.3

# AHA/ACC 2016 (gerhardherman2016pad)
PAD_ABNORMAL_AT_OR_BELOW = 0.90
PAD_NORMAL_FROM = 1.00
PAD_NONCOMPRESSIBLE_ABOVE = 1.40


@dataclass(frozen=True)
class CompressionBand:
    """A compression band: its key, a short label and the guideline wording in plain words."""

    key: str
    label: str
    low: float | None
    high: float | None
    guidance: str
    source: str


COMPRESSION_BANDS: tuple[CompressionBand, ...] = (
    CompressionBand(
        "contraindicated",
        "Below 0.5",
        None,
        COMPRESSION_CONTRAINDICATED_BELOW,
        "Compression is contraindicated; this suggests severe arterial disease and needs urgent "
        "referral to a vascular specialist.",
        "NICE CKS 2019",
    ),
    CompressionBand(
        "specialist",
        "0.5 to under 0.8",
        COMPRESSION_CONTRAINDICATED_BELOW,
        COMPRESSION_SAFE_FROM,
        "Arterial disease is likely; only reduced compression, and only on a vascular "
        "specialist's advice. SIGN 120 advises referral below 0.8.",
        "NICE CKS 2019; SIGN 120",
    ),
    CompressionBand(
        "safe",
        "0.8 to 1.3",
        COMPRESSION_SAFE_FROM,
        CALCIFIED_ABOVE,
        "Compression is considered safe for most people in this range.",
        "NICE CKS 2019; SIGN 120",
    ),
    CompressionBand(
        "unreliable",
        "Above 1.3",
        CALCIFIED_ABOVE,
        None,
        "The arteries may be calcified and hard to compress, so the index is unreliable; "
        "specialist assessment is needed before compression.",
        "NICE CKS 2019",
    ),
)

GUIDELINE_DISAGREEMENT = (
    "Guidelines do not agree on the lowest index at which some compression may be used: "
    "some use 0.6 and others 0.8 (Team et al. 2019). Follow the local policy and the "
    "specialist team."
)


def _check_pressure(value: float, kind: str, limits: tuple[float, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"The {kind} pressure must be a number in mmHg; got {value!r}.")
    low, high = limits
    if not low <= value <= high:
        raise ValueError(
            f"The {kind} systolic pressure must be between {low:g} and {high:g} mmHg; "
            f"got {value:g}."
        )
    return float(value)


def ankle_brachial_index(ankle_systolic_mmhg: float, brachial_systolic_mmhg: float) -> float:
    """ABPI: ankle systolic pressure divided by brachial systolic pressure (unitless).

    Pass the highest ankle pressure of the leg and the highest brachial pressure of the two
    arms (see :func:`leg_index`). Pressures out of range, zero or negative raise ``ValueError``.
    """
    ankle = _check_pressure(ankle_systolic_mmhg, "ankle", ANKLE_RANGE_MMHG)
    brachial = _check_pressure(brachial_systolic_mmhg, "brachial", BRACHIAL_RANGE_MMHG)
    return ankle / brachial


def leg_index(
    ankle_pressures_mmhg: Iterable[float], brachial_pressures_mmhg: Iterable[float]
) -> float:
    """ABPI of one leg from all its ankle readings and both arms' readings (highest of each)."""
    ankles = list(ankle_pressures_mmhg)
    arms = list(brachial_pressures_mmhg)
    if not ankles or not arms:
        raise ValueError("Give at least one ankle reading and one brachial (arm) reading.")
    for value in ankles:
        _check_pressure(value, "ankle", ANKLE_RANGE_MMHG)
    for value in arms:
        _check_pressure(value, "brachial", BRACHIAL_RANGE_MMHG)
    return ankle_brachial_index(max(ankles), max(arms))


def _check_index(index: float) -> float:
    if isinstance(index, bool) or not isinstance(index, int | float) or not math.isfinite(index):
        raise ValueError(f"An ABPI is a number such as 0.92; got {index!r}.")
    if index <= 0 or index > 7:
        raise ValueError(f"An ABPI must be above 0 and at most 7; got {index:g}.")
    return float(index)


def compression_band(index: float) -> str:
    """The compression band key of an ABPI: contraindicated, specialist, safe or unreliable.

    Under 0.5 contraindicated; 0.5 to under 0.8 specialist; 0.8 to 1.3 safe; above 1.3
    unreliable (NICE CKS 2019, ``niceckslegulcer``).
    """
    value = _check_index(index)
    if value < COMPRESSION_CONTRAINDICATED_BELOW:
        return "contraindicated"
    if value < COMPRESSION_SAFE_FROM:
        return "specialist"
    if value <= CALCIFIED_ABOVE:
        return "safe"
    return "unreliable"


def band_details(key: str) -> CompressionBand:
    """The :class:`CompressionBand` with this key, including its guideline text."""
    for band in COMPRESSION_BANDS:
        if band.key == key:
            return band
    known = ", ".join(b.key for b in COMPRESSION_BANDS)
    raise ValueError(f"'{key}' is not a compression band; known: {known}.")


def pad_category(index: float) -> str:
    """AHA/ACC 2016 reading of an ABI: abnormal, borderline, normal or noncompressible."""
    value = _check_index(index)
    if value <= PAD_ABNORMAL_AT_OR_BELOW:
        return "abnormal"
    if value < PAD_NORMAL_FROM:
        return "borderline"
    if value <= PAD_NONCOMPRESSIBLE_ABOVE:
        return "normal"
    return "noncompressible"
