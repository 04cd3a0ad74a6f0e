"""CEAP 2020 classification: parse, validate and describe.

CEAP describes a leg with chronic venous disease in four parts: Clinical signs, Etiology,
Anatomy and Pathophysiology. Classes and wording follow the 2020 revision
(Lurie et al., J Vasc Surg Venous Lymphat Disord 2020;8:342-352, bibkey ``lurie2020ceap``);
vein size limits follow Eklof et al., J Vasc Surg 2004;40:1248 (``eklof2004ceap``).
Chronic venous insufficiency (CVI) is the advanced part of the spectrum, C3-C6
(Shchatsko & Blebea 2024, ``shchatsko2024cvi``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ordered from least to most advanced; the order is used to find the highest class.
CLINICAL_CLASSES: dict[str, str] = {
    "C0": "no visible or palpable signs of venous disease",
    "C1": "telangiectasias (under 1 mm) or reticular veins (1 to under 3 mm)",
    "C2": "varicose veins (3 mm or more across, measured standing)",
    "C2r": "recurrent varicose veins",
    "C3": "oedema (swelling) of venous origin",
    "C4a": "pigmentation or eczema",
    "C4b": "lipodermatosclerosis or atrophie blanche",
    "C4c": "corona phlebectatica (new in the 2020 revision)",
    "C5": "healed venous ulcer",
    "C6": "active venous ulcer",
    "C6r": "recurrent active venous ulcer",
}

CVI_CLASSES: frozenset[str] = frozenset({"C3", "C4a", "C4b", "C4c", "C5", "C6", "C6r"})

SYMPTOM_SUFFIXES: dict[str, str] = {
    "s": "symptomatic (ache, pain, tightness, skin irritation, heaviness or cramps)",
    "a": "asymptomatic",
}

ETIOLOGY: dict[str, str] = {
    "c": "congenital",
    "p": "primary",
    "s": "secondary",
    "si": "secondary, intravenous cause",
    "se": "secondary, extravenous cause",
    "n": "no venous cause identified",
}

ANATOMY: dict[str, str] = {
    "s": "superficial veins",
    "d": "deep veins",
    "p": "perforator veins",
    "n": "no venous location identified",
}

PATHOPHYSIOLOGY: dict[str, str] = {
    "r": "reflux",
    "o": "obstruction",
    "n": "no venous pathophysiology identified",
}


@dataclass(frozen=True)
class CEAPClassification:
    """A parsed CEAP 2020 code. Empty tuples mean that part was not given (basic CEAP)."""

    clinical: tuple[str, ...]
    symptomatic: bool | None
    etiology: tuple[str, ...] = ()
    anatomy: tuple[str, ...] = ()
    pathophysiology: tuple[str, ...] = ()

    @property
    def highest_clinical_class(self) -> str:
        """The most advanced clinical class in the code, for example ``"C4c"``."""
        order = list(CLINICAL_CLASSES)
        return max(self.clinical, key=order.index)

    @property
    def is_cvi(self) -> bool:
        """True when the highest clinical class is C3-C6, chronic venous insufficiency."""
        return is_cvi(self.highest_clinical_class)

    @property
    def code(self) -> str:
        """The canonical CEAP string, for example ``"C2,4c,s Ep As,p Pr"``."""
        return format_code(self)

    def describe(self) -> str:
        """A plain-language sentence for the whole code."""
        parts = ["; ".join(describe(c) for c in self.clinical)]
        if self.symptomatic is not None:
            parts.append(SYMPTOM_SUFFIXES["s" if self.symptomatic else "a"])
        if self.etiology:
            parts.append("cause: " + ", ".join(ETIOLOGY[e] for e in self.etiology))
        if self.anatomy:
            parts.append("location: " + ", ".join(ANATOMY[a] for a in self.anatomy))
        if self.pathophysiology:
            parts.append(
                "mechanism: " + " and ".join(PATHOPHYSIOLOGY[p] for p in self.pathophysiology)
            )
        return ". ".join(p[0].upper() + p[1:] for p in parts) + "."


def _normalise_class(clinical_class: str) -> str:
    text = clinical_class.strip()
    if not text:
        raise ValueError("The clinical class is empty; write it like 'C3' or 'C4b'.")
    text = text[0].upper() + text[1:].lower()
    if not text.startswith("C"):
        text = "C" + text
    if text == "C4":
        raise ValueError(
            "CEAP 2020 splits C4 into C4a (pigmentation or eczema), C4b (lipodermatosclerosis "
            "or atrophie blanche) and C4c (corona phlebectatica): name one of them."
        )
    if text not in CLINICAL_CLASSES:
        known = ", ".join(CLINICAL_CLASSES)
        raise ValueError(f"'{clinical_class}' is not a CEAP 2020 clinical class; known: {known}.")
    return text


def describe(clinical_class: str) -> str:
    """Plain-language meaning of one clinical class, for example ``describe("C4b")``."""
    canonical = _normalise_class(clinical_class)
    return f"{canonical}: {CLINICAL_CLASSES[canonical]}"


def is_cvi(clinical_class: str) -> bool:
    """True for C3-C6 (including C4a-c and C6r): chronic venous insufficiency.

    C0-C2 are chronic venous disease without insufficiency (``shchatsko2024cvi``).
    """
    return _normalise_class(clinical_class) in CVI_CLASSES


_PART = re.compile(r"^([CEAP])(.*)$", re.IGNORECASE)


def _split_letters(part: str, body: str, allowed: dict[str, str]) -> tuple[str, ...]:
    items = [item.strip().lower() for item in body.split(",")]
    if not body or any(not item for item in items):
        raise ValueError(f"The {part} part is empty or has an empty item; got '{part}{body}'.")
    for item in items:
        if item not in allowed:
            known = ", ".join(part + k for k in allowed)
            raise ValueError(f"'{part}{item}' is not a CEAP 2020 {part} value; known: {known}.")
    if len(set(items)) != len(items):
        raise ValueError(f"The {part} part repeats a value: '{part}{body}'.")
    if "n" in items and len(items) > 1:
        raise ValueError(
            f"'{part}n' (none identified) cannot be combined with other {part} values."
        )
    order = list(allowed)
    return tuple(sorted(items, key=order.index))


def _parse_clinical(body: str) -> tuple[tuple[str, ...], bool | None]:
    tokens = [t.strip() for t in body.split(",")]
    if not body or any(not t for t in tokens):
        raise ValueError(f"The clinical part 'C{body}' is empty or has an empty item.")
    symptomatic: bool | None = None
    if tokens[-1].lower() in SYMPTOM_SUFFIXES:
        symptomatic = tokens.pop().lower() == "s"
    elif re.fullmatch(r"[0-35-6]r?[sa]", tokens[-1], re.IGNORECASE):
        # An attached suffix such as "C2s"; C4 is excluded because C4a is a class.
        symptomatic = tokens[-1][-1].lower() == "s"
        tokens[-1] = tokens[-1][:-1]
    if not tokens:
        raise ValueError("The clinical part needs at least one class before the s/a suffix.")
    classes = tuple(_normalise_class("C" + t) for t in tokens)
    if len(set(classes)) != len(classes):
        raise ValueError(f"The clinical part repeats a class: 'C{body}'.")
    if "C0" in classes and len(classes) > 1:
        raise ValueError("C0 (no signs) cannot be combined with other clinical classes.")
    order = list(CLINICAL_CLASSES)
    return tuple(sorted(classes, key=order.index)), symptomatic


def parse(code: str) -> CEAPClassification:
    """Parse a CEAP 2020 code such as ``"C2,4c,s Ep As,p Pr"`` or ``"C6r"``.

    The clinical part is required; the E, A and P parts are optional (basic CEAP) but each
    may appear only once and in C, E, A, P order. Raises ``ValueError`` naming the part
    that is wrong.
    """
    if not isinstance(code, str) or not code.strip():
        raise ValueError("A CEAP code is text such as 'C2,4c,s Ep As,p Pr'; got nothing.")
    parts = code.split()
    seen: list[str] = []
    clinical: tuple[str, ...] = ()
    symptomatic: bool | None = None
    fields: dict[str, tuple[str, ...]] = {"E": (), "A": (), "P": ()}
    for raw in parts:
        match = _PART.match(raw)
        if not match:
            raise ValueError(
                f"'{raw}' does not start with C, E, A or P; a CEAP code looks like "
                "'C2,4c,s Ep As,p Pr'."
            )
        letter, body = match.group(1).upper(), match.group(2)
        if letter in seen:
            raise ValueError(f"The {letter} part appears twice in '{code}'.")
        if seen and "CEAP".index(letter) < "CEAP".index(seen[-1]):
            raise ValueError(f"CEAP parts go in the order C, E, A, P; '{code}' puts {letter} late.")
        seen.append(letter)
        if letter == "C":
            clinical, symptomatic = _parse_clinical(body)
        elif letter == "E":
            fields["E"] = _split_letters("E", body, ETIOLOGY)
        elif letter == "A":
            fields["A"] = _split_letters("A", body, ANATOMY)
        else:
            fields["P"] = _split_letters("P", body, PATHOPHYSIOLOGY)
    if not clinical:
        raise ValueError(f"'{code}' has no clinical (C) part; every CEAP code starts with one.")
    if "s" in fields["E"] and ({"si", "se"} & set(fields["E"])):
        raise ValueError("Use either Es or its 2020 split Esi/Ese, not both.")
    return CEAPClassification(
        clinical=clinical,
        symptomatic=symptomatic,
        etiology=fields["E"],
        anatomy=fields["A"],
        pathophysiology=fields["P"],
    )


def format_code(classification: CEAPClassification) -> str:
    """The canonical string of a classification (inverse of :func:`parse`)."""
    clinical = ",".join([classification.clinical[0]] + [c[1:] for c in classification.clinical[1:]])
    if classification.symptomatic is not None:
        clinical += ",s" if classification.symptomatic else ",a"
    pieces = [clinical]
    for letter, values in (
        ("E", classification.etiology),
        ("A", classification.anatomy),
        ("P", classification.pathophysiology),
    ):
        if values:
            pieces.append(letter + ",".join(values))
    return " ".join(pieces)
