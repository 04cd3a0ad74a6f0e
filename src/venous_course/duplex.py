"""Duplex ultrasound: is the reflux in a vein segment pathologic?

Cut-offs from the SVS/AVF/AVLS 2022 guideline, Part I (Gloviczki et al., J Vasc Surg Venous
Lymphat Disord 2023;11:231-261, bibkey ``gloviczki2023part1``), based on Labropoulos et al.
2003 (``labropoulos2003reflux``): reflux over 500 ms in superficial trunks, tibial, deep femoral
and perforator veins; over 1000 ms in the common femoral, femoral and popliteal veins.
A pathologic perforator also needs a diameter of 3.5 mm or more (with outward flow of 500 ms
or more, in C5-C6 legs, beneath or near an ulcer bed; SVS/AVF 2014, ``odonnell2014vlu``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SUPERFICIAL_AND_TIBIAL_CUTOFF_MS = 500.0  # gloviczki2023part1
DEEP_PROXIMAL_CUTOFF_MS = 1000.0  # gloviczki2023part1
PERFORATOR_DURATION_MS = 500.0  # odonnell2014vlu, gloviczki2023part1
PERFORATOR_DIAMETER_MM = 3.5  # odonnell2014vlu
MAX_PLAUSIBLE_REFLUX_MS = 20_000.0
MAX_PLAUSIBLE_DIAMETER_MM = 40.0


@dataclass(frozen=True)
class Segment:
    """A vein segment the course knows, with its system and reflux cut-off."""

    key: str
    name: str
    system: str  # "superficial", "deep" or "perforator"
    cutoff_ms: float
    strictly_greater: bool  # trunks: "more than"; perforators: "at least"


SEGMENTS: tuple[Segment, ...] = (
    Segment("GSV", "great saphenous vein", "superficial", SUPERFICIAL_AND_TIBIAL_CUTOFF_MS, True),
    Segment("SSV", "small saphenous vein", "superficial", SUPERFICIAL_AND_TIBIAL_CUTOFF_MS, True),
    Segment(
        "AASV",
        "anterior accessory saphenous vein",
        "superficial",
        SUPERFICIAL_AND_TIBIAL_CUTOFF_MS,
        True,
    ),
    Segment(
        "PASV",
        "posterior accessory saphenous vein",
        "superficial",
        SUPERFICIAL_AND_TIBIAL_CUTOFF_MS,
        True,
    ),
    Segment("tibial", "tibial veins", "deep", SUPERFICIAL_AND_TIBIAL_CUTOFF_MS, True),
    Segment("deep femoral", "deep femoral vein", "deep", SUPERFICIAL_AND_TIBIAL_CUTOFF_MS, True),
    Segment("CFV", "common femoral vein", "deep", DEEP_PROXIMAL_CUTOFF_MS, True),
    Segment("FV", "femoral vein", "deep", DEEP_PROXIMAL_CUTOFF_MS, True),
    Segment("popliteal", "popliteal vein", "deep", DEEP_PROXIMAL_CUTOFF_MS, True),
    Segment("perforator", "perforator vein", "perforator", PERFORATOR_DURATION_MS, False),
)

SEGMENT_KEYS: tuple[str, ...] = tuple(s.key for s in SEGMENTS)


def segment(key: str) -> Segment:
    """The :class:`Segment` called ``key`` (case-insensitive); ``ValueError`` lists known keys."""
    if isinstance(key, str):
        for item in SEGMENTS:
            if item.key.lower() == key.strip().lower():
                return item
    raise ValueError(
        f"'{key}' is not a vein segment the course knows; known: {', '.join(SEGMENT_KEYS)}."
    )


def _check_number(value: float, what: str, unit: str, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"The {what} must be a number in {unit}; got {value!r}.")
    if not 0 <= value <= high:
        raise ValueError(f"The {what} must be between 0 and {high:g} {unit}; got {value:g}.")
    return float(value)


def reflux_is_pathologic(
    segment_key: str, reflux_ms: float, diameter_mm: float | None = None
) -> bool:
    """True when reflux of ``reflux_ms`` milliseconds in this segment is pathologic.

    Superficial trunks (GSV, SSV, AASV, PASV), tibial and deep femoral veins: more than 500 ms.
    Common femoral, femoral and popliteal veins: more than 1000 ms. Perforators: 500 ms or
    more AND a diameter of 3.5 mm or more (``diameter_mm`` is required for them).
    """
    item = segment(segment_key)
    duration = _check_number(reflux_ms, "reflux duration", "ms", MAX_PLAUSIBLE_REFLUX_MS)
    if item.system == "perforator":
        if diameter_mm is None:
            raise ValueError(
                "A perforator needs its diameter in mm as well as the reflux duration."
            )
        diameter = _check_number(
            diameter_mm, "perforator diameter", "mm", MAX_PLAUSIBLE_DIAMETER_MM
        )
        return duration >= PERFORATOR_DURATION_MS and diameter >= PERFORATOR_DIAMETER_MM
    if diameter_mm is not None:
        # Accept it so a form can always send one, but check it: a typo should not pass silently.
        _check_number(diameter_mm, "vein diameter", "mm", MAX_PLAUSIBLE_DIAMETER_MM)
    return duration > item.cutoff_ms


def explain(segment_key: str, reflux_ms: float, diameter_mm: float | None = None) -> str:
    """One sentence saying whether the reflux is pathologic and which rule decided."""
    item = segment(segment_key)
    verdict = reflux_is_pathologic(segment_key, reflux_ms, diameter_mm)
    word = "pathologic" if verdict else "not pathologic"
    if item.system == "perforator":
        rule = (
            f"a perforator counts when reflux is at least {PERFORATOR_DURATION_MS:g} ms "
            f"and its diameter at least {PERFORATOR_DIAMETER_MM:g} mm"
        )
        return f"{reflux_ms:g} ms at {diameter_mm:g} mm in a {item.name}: {word} ({rule})."
    rule = f"the cut-off for the {item.name} is more than {item.cutoff_ms:g} ms"
    return f"{reflux_ms:g} ms of reflux in the {item.name}: {word} ({rule})."
