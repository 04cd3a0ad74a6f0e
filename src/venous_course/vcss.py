"""The revised Venous Clinical Severity Score (rVCSS).

Ten attributes, each scored 0-3, total 0-30 (Vasquez et al., J Vasc Surg 2010;52:1387-1396,
bibkey ``vasquez2010vcss``). The ulcer-size wording and "full compliance" for compression come
from the original 2000 score (Rutherford et al. 2000, ``rutherford2000vcss``): the copy of the
2010 paper used to write this course was cut, and the course says so.

CEAP describes a leg; the VCSS measures change over time. A total of 8 or more is often used
to mark severe disease (summary of the SVS/AVF 2014 venous leg ulcer guideline,
O'Donnell et al., J Vasc Surg 2014;60:3S, ``odonnell2014vlu``).
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_POINTS_PER_ATTRIBUTE = 3
SEVERE_DISEASE_THRESHOLD = 8  # odonnell2014vlu (summary): "often used", not a diagnosis


@dataclass(frozen=True)
class Attribute:
    """One VCSS attribute: its name, a label for people, and the descriptor of each level."""

    name: str
    label: str
    levels: tuple[str, str, str, str]


_REGION = (
    "none",
    "limited to the area around the ankle (perimalleolar)",
    "diffuse over the lower third of the calf",
    "wider, above the lower third of the calf",
)

ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "pain",
        "Pain or other discomfort (ache, heaviness, fatigue, soreness, burning)",
        (
            "none",
            "occasional, not restricting regular daily activity",
            "daily, interfering with but not preventing regular daily activity",
            "daily, limiting most regular daily activity",
        ),
    ),
    Attribute(
        "varicose_veins",
        "Varicose veins (3 mm or more across, standing)",
        (
            "none",
            "few, scattered (branch varicosities or clusters; includes corona phlebectatica)",
            "confined to the calf or the thigh",
            "involving both the calf and the thigh",
        ),
    ),
    Attribute(
        "venous_edema",
        "Venous oedema",
        (
            "none",
            "limited to the foot and ankle",
            "extends above the ankle but below the knee",
            "extends to the knee and above",
        ),
    ),
    Attribute("skin_pigmentation", "Skin pigmentation", _REGION),
    Attribute(
        "inflammation", "Inflammation (erythema, cellulitis, venous eczema, dermatitis)", _REGION
    ),
    Attribute("induration", "Induration (lipodermatosclerosis, atrophie blanche)", _REGION),
    Attribute("active_ulcer_number", "Number of active ulcers", ("none", "1", "2", "3 or more")),
    Attribute(
        "active_ulcer_duration",
        "Duration of active ulceration (longest)",
        ("no active ulcer", "under 3 months", "3 to 12 months", "not healed for over 1 year"),
    ),
    Attribute(
        "active_ulcer_size",
        "Size of the largest active ulcer",
        ("no active ulcer", "under 2 cm across", "2 to 6 cm across", "over 6 cm across"),
    ),
    Attribute(
        "compression_therapy",
        "Use of compression therapy",
        ("not used", "intermittent use", "worn most days", "full compliance"),
    ),
)

ATTRIBUTE_NAMES: tuple[str, ...] = tuple(a.name for a in ATTRIBUTES)
MAX_TOTAL = MAX_POINTS_PER_ATTRIBUTE * len(ATTRIBUTES)


def attribute(name: str) -> Attribute:
    """The attribute called ``name``; raises ``ValueError`` listing the known names."""
    for item in ATTRIBUTES:
        if item.name == name:
            return item
    raise ValueError(f"'{name}' is not a VCSS attribute; known: {', '.join(ATTRIBUTE_NAMES)}.")


def descriptor(name: str, points: int) -> str:
    """The descriptor for ``points`` (0-3) of attribute ``name``."""
    _check_points(name, points)
    return attribute(name).levels[points]


def _check_points(name: str, points: object) -> int:
    attribute(name)
    if isinstance(points, bool) or not isinstance(points, int):
        raise ValueError(f"VCSS points for {name} must be a whole number 0-3; got {points!r}.")
    if not 0 <= points <= MAX_POINTS_PER_ATTRIBUTE:
        raise ValueError(f"VCSS points for {name} must be between 0 and 3; got {points}.")
    return points


def score(**attributes: int) -> int:
    """Total revised VCSS (0-30) from named attributes, each 0-3 points.

    Attributes left out count as 0 (absent). Unknown names, or points outside 0-3,
    raise ``ValueError``.
    """
    return sum(_check_points(name, points) for name, points in attributes.items())


def breakdown(**attributes: int) -> dict[str, int]:
    """Points of every attribute, in the standard order, with omitted ones as 0."""
    for name, points in attributes.items():
        _check_points(name, points)
    return {name: attributes.get(name, 0) for name in ATTRIBUTE_NAMES}


def is_often_called_severe(total: int) -> bool:
    """True when ``total`` reaches the threshold often used for severe disease (8)."""
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= MAX_TOTAL:
        raise ValueError(f"A VCSS total is a whole number from 0 to {MAX_TOTAL}; got {total!r}.")
    return total >= SEVERE_DISEASE_THRESHOLD
