"""Clinical-number check: every number the course teaches comes from its fact sheet.

``assets/data/clinical-numbers.yml`` holds two lists:

* ``allowed``: the clinical numbers of the course fact sheet, each a ``value`` and ``unit``
  with the BibTeX ``keys`` (``assets/references.bib``) of the line it comes from;
* ``illustrative``: per notebook file, numbers that are *not* facts but are plainly
  illustrative (vignette pressures, worked ABPI examples, duplex readings in a case, quiz
  distractors), each with a ``reason``. Adding a number here is a reviewable decision.

What counts as a clinical number (:func:`extract`), in the text of
:mod:`venous_course_tools.checks.notebook_text`:

* a number or range followed by a clinical unit: ``%``, ``mmHg``, ``ms``, ``s``/``seconds``,
  ``mm``, ``cm``, ``mL``, ``days``, ``weeks``, ``months``, ``years`` (``80-90 mmHg``,
  ``0.7%``, ``6 weeks``);
* a decimal between 0 and 10, or a range of two, with no unit (``0.8``, ``1.38``,
  ``0.91-0.99``): the unit-less ratios of the course (ABPI, hazard and odds ratios, confidence
  limits). Its unit is ``ratio``. Quiz points (``2.5 points``) are not ratios.

Inline code spans (```q7 = 0.95```) are answer-format examples, not teaching, and are skipped.

Whole numbers without a unit (ages, years of publication, VCSS points) are not checked here;
the VCSS range and threshold are taught through :mod:`venous_course.vcss`, whose constants
carry their citations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from venous_course_tools.checks.notebook_text import REPO, TextBlock

NUMBERS_FILE = REPO / "assets" / "data" / "clinical-numbers.yml"
BIBLIOGRAPHY = REPO / "assets" / "references.bib"

_UNIT_CANON = {
    "%": "%",
    "mmhg": "mmHg",
    "mm hg": "mmHg",
    "ms": "ms",
    "s": "s",
    "sec": "s",
    "second": "s",
    "seconds": "s",
    "mm": "mm",
    "cm": "cm",
    "ml": "mL",
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}
_NUM = r"\d+(?:\.\d+)?"
_WITH_UNIT = re.compile(
    rf"(?<![\w.])(?P<value>{_NUM}(?:\s*[-\u2013]\s*{_NUM})?)\s*"
    r"(?P<unit>%|mm\s?Hg|ms|mm|cm|mL|ml|seconds?|sec|s|days?|weeks?|months?|years?)"
    r"(?![\w])",
    re.IGNORECASE,
)
_RATIO = re.compile(
    r"(?<![\w.\-\u2013])(?P<value>\d\.\d+(?:\s*[-\u2013]\s*\d\.\d+)?)"
    r"(?![\d.]*\w)(?!\s*[-\u2013]?\s*\d)(?!\s*points?\b)"
)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_BIBKEY = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


@dataclass(frozen=True)
class Number:
    """One clinical number found in the text, with where it was found."""

    value: str
    unit: str
    where: str

    @property
    def label(self) -> str:
        """The number as the yml writes it, e.g. ``80-90 mmHg`` or ``0.8 ratio``."""
        return f"{self.value} {self.unit}"


def normalise_value(value: str) -> str:
    """``80 – 90`` -> ``80-90``: one hyphen, no spaces."""
    return re.sub(r"\s*[-\u2013]\s*", "-", value.strip())


def extract(text: str, where: str = "") -> list[Number]:
    """Every number with a clinical unit, and every unit-less decimal ratio, in ``text``."""
    text = _INLINE_CODE.sub(" ", text)
    found: list[Number] = []
    spans: list[tuple[int, int]] = []
    for m in _WITH_UNIT.finditer(text):
        unit = _UNIT_CANON[re.sub(r"\s+", " ", m.group("unit").lower())]
        found.append(Number(normalise_value(m.group("value")), unit, where))
        spans.append(m.span())
    for m in _RATIO.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        found.append(Number(normalise_value(m.group("value")), "ratio", where))
    return found


def extract_blocks(blocks: Iterable[TextBlock]) -> list[Number]:
    """:func:`extract` over text blocks, each number located by its block."""
    return [n for b in blocks for n in extract(b.text, b.where)]


@dataclass(frozen=True)
class NumberRules:
    """The allowed numbers with their citation keys, and per-file illustrative numbers."""

    allowed: dict[tuple[str, str], tuple[str, ...]]
    illustrative: dict[str, dict[tuple[str, str], str]]

    def is_allowed(self, number: Number, notebook: str) -> bool:
        """True when the number is a cited fact or listed as illustrative for that file."""
        key = (number.value, number.unit)
        return key in self.allowed or key in self.illustrative.get(notebook, {})


def load_rules(path: Path = NUMBERS_FILE) -> NumberRules:
    """Read ``clinical-numbers.yml``; bad entries raise ValueError naming the entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    allowed: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in data.get("allowed", []):
        if not {"value", "unit", "keys", "fact"} <= set(entry):
            raise ValueError(f"clinical-numbers.yml: {entry} needs value, unit, keys and fact.")
        keys = tuple(entry["keys"])
        if not keys and not entry.get("uncited"):
            raise ValueError(
                f"clinical-numbers.yml: {entry['value']} {entry['unit']} has no citation key "
                "and no 'uncited' reason."
            )
        allowed[(normalise_value(str(entry["value"])), entry["unit"])] = keys
    illustrative: dict[str, dict[tuple[str, str], str]] = {}
    for notebook, entries in (data.get("illustrative") or {}).items():
        per_file: dict[tuple[str, str], str] = {}
        for entry in entries:
            if not entry.get("reason"):
                raise ValueError(
                    f"clinical-numbers.yml: illustrative {entry} in {notebook} needs a reason."
                )
            per_file[(normalise_value(str(entry["value"])), entry["unit"])] = entry["reason"]
        illustrative[notebook] = per_file
    return NumberRules(allowed, illustrative)


def bibliography_keys(path: Path = BIBLIOGRAPHY) -> set[str]:
    """Every entry key of a BibTeX file."""
    return set(_BIBKEY.findall(path.read_text(encoding="utf-8")))


def unlisted(numbers: Iterable[Number], rules: NumberRules, notebook: str) -> list[Number]:
    """The numbers of one notebook that are neither cited facts nor listed as illustrative."""
    return [n for n in numbers if not rules.is_allowed(n, notebook)]
