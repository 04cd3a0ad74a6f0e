"""Trial numbers the course teaches about venous leg ulcers, as named constants.

Every number here is from the course fact sheet and its source:

- EVRA (Gohel MS et al., N Engl J Med 2018;378:2105-2114, ``gohel2018evra``): 450 patients
  with a venous ulcer of 6 weeks to 6 months and an ABPI of at least 0.8, all treated with
  compression, randomised to early endovenous ablation (within 2 weeks) or deferred ablation.
- ESCHAR (Barwell JR et al., Lancet 2004;363:1854, ``barwell2004eschar``; 4-year results
  Gohel MS et al., BMJ 2007;335:83, ``gohel2007eschar``): compression plus superficial vein
  surgery versus compression alone.

In both trials the procedure was ADDED to compression: it did not replace compression.
"""

from __future__ import annotations

from dataclasses import dataclass

ADDED_NOT_REPLACEMENT = (
    "Ablation or surgery was ADDED to compression, not a replacement: every patient in both "
    "trials was treated with compression."
)

# EVRA, gohel2018evra
EVRA_CITATION = "gohel2018evra"
EVRA_PATIENTS = 450
EVRA_EARLY_ABLATION_WITHIN_WEEKS = 2
EVRA_MEDIAN_HEALING_DAYS_EARLY = 56
EVRA_MEDIAN_HEALING_DAYS_DEFERRED = 82
EVRA_HEALING_HAZARD_RATIO = 1.38
EVRA_HEALING_HR_CI95 = (1.13, 1.68)
EVRA_HEALED_24_WEEKS_PCT_EARLY = 85.6
EVRA_HEALED_24_WEEKS_PCT_DEFERRED = 76.3

# ESCHAR, barwell2004eschar (24-week healing, 12-month recurrence) and gohel2007eschar (4 years)
ESCHAR_CITATION = "barwell2004eschar"
ESCHAR_LONG_TERM_CITATION = "gohel2007eschar"
ESCHAR_HEALED_24_WEEKS_PCT_SURGERY = 65
ESCHAR_HEALED_24_WEEKS_PCT_COMPRESSION_ALONE = 65
ESCHAR_RECURRENCE_12_MONTHS_PCT_SURGERY = 12
ESCHAR_RECURRENCE_12_MONTHS_PCT_COMPRESSION_ALONE = 28
ESCHAR_RECURRENCE_4_YEARS_PCT_SURGERY = 31
ESCHAR_RECURRENCE_4_YEARS_PCT_COMPRESSION_ALONE = 56


@dataclass(frozen=True)
class TrialResult:
    """One outcome of one trial: the arm with the procedure added vs the comparison arm."""

    trial: str
    outcome: str  # one of OUTCOMES
    measure: str  # what was measured, in words
    unit: str  # "days" or "%"
    with_procedure: float
    comparison: float
    with_procedure_arm: str
    comparison_arm: str
    citation: str


OUTCOMES: tuple[str, ...] = ("healing time", "healed at 24 weeks", "recurrence")

_EVRA_EARLY = "compression + early ablation (within 2 weeks)"
_EVRA_DEFERRED = "compression + deferred ablation"
_ESCHAR_SURGERY = "compression + superficial vein surgery"
_ESCHAR_ALONE = "compression alone"

TRIAL_RESULTS: tuple[TrialResult, ...] = (
    TrialResult(
        "EVRA", "healing time", "median time to ulcer healing", "days",
        EVRA_MEDIAN_HEALING_DAYS_EARLY, EVRA_MEDIAN_HEALING_DAYS_DEFERRED,
        _EVRA_EARLY, _EVRA_DEFERRED, EVRA_CITATION,
    ),
    TrialResult(
        "EVRA", "healed at 24 weeks", "ulcers healed at 24 weeks", "%",
        EVRA_HEALED_24_WEEKS_PCT_EARLY, EVRA_HEALED_24_WEEKS_PCT_DEFERRED,
        _EVRA_EARLY, _EVRA_DEFERRED, EVRA_CITATION,
    ),
    TrialResult(
        "ESCHAR", "healed at 24 weeks", "ulcers healed at 24 weeks", "%",
        ESCHAR_HEALED_24_WEEKS_PCT_SURGERY, ESCHAR_HEALED_24_WEEKS_PCT_COMPRESSION_ALONE,
        _ESCHAR_SURGERY, _ESCHAR_ALONE, ESCHAR_CITATION,
    ),
    TrialResult(
        "ESCHAR", "recurrence", "ulcer recurrence at 12 months", "%",
        ESCHAR_RECURRENCE_12_MONTHS_PCT_SURGERY, ESCHAR_RECURRENCE_12_MONTHS_PCT_COMPRESSION_ALONE,
        _ESCHAR_SURGERY, _ESCHAR_ALONE, ESCHAR_CITATION,
    ),
    TrialResult(
        "ESCHAR", "recurrence", "ulcer recurrence at 4 years", "%",
        ESCHAR_RECURRENCE_4_YEARS_PCT_SURGERY, ESCHAR_RECURRENCE_4_YEARS_PCT_COMPRESSION_ALONE,
        _ESCHAR_SURGERY, _ESCHAR_ALONE, ESCHAR_LONG_TERM_CITATION,
    ),
)  # fmt: skip

EVRA_HAZARD_RATIO_TEXT = (
    f"EVRA: hazard ratio for healing {EVRA_HEALING_HAZARD_RATIO:g} "
    f"(95% CI {EVRA_HEALING_HR_CI95[0]:g}-{EVRA_HEALING_HR_CI95[1]:g}) with early ablation, "
    f"{EVRA_PATIENTS} patients."
)


def results_for(outcome: str) -> tuple[TrialResult, ...]:
    """The trial results for one outcome: "healing time", "healed at 24 weeks" or "recurrence"."""
    if outcome not in OUTCOMES:
        raise ValueError(
            f"'{outcome}' is not an outcome the course shows; known: {', '.join(OUTCOMES)}."
        )
    return tuple(r for r in TRIAL_RESULTS if r.outcome == outcome)
