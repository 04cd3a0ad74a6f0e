"""Trial numbers equal the fact sheet, and each result names its source."""

from __future__ import annotations

import pytest

from venous_course import evidence
from venous_course_tools.checks.clinical_numbers import bibliography_keys


def test_evra_numbers():
    assert evidence.EVRA_PATIENTS == 450
    assert evidence.EVRA_EARLY_ABLATION_WITHIN_WEEKS == 2
    assert (
        evidence.EVRA_MEDIAN_HEALING_DAYS_EARLY,
        evidence.EVRA_MEDIAN_HEALING_DAYS_DEFERRED,
    ) == (
        56,
        82,
    )
    assert evidence.EVRA_HEALING_HAZARD_RATIO == 1.38
    assert evidence.EVRA_HEALING_HR_CI95 == (1.13, 1.68)
    assert evidence.EVRA_HEALED_24_WEEKS_PCT_EARLY == 85.6
    assert evidence.EVRA_HEALED_24_WEEKS_PCT_DEFERRED == 76.3
    assert "1.38 (95% CI 1.13-1.68)" in evidence.EVRA_HAZARD_RATIO_TEXT


def test_eschar_numbers():
    healed = [r for r in evidence.results_for("healed at 24 weeks") if r.trial == "ESCHAR"]
    assert [(r.with_procedure, r.comparison) for r in healed] == [(65, 65)]
    recurrence = evidence.results_for("recurrence")
    assert [(r.with_procedure, r.comparison) for r in recurrence] == [(12, 28), (31, 56)]
    assert [r.citation for r in recurrence] == ["barwell2004eschar", "gohel2007eschar"]


def test_every_citation_is_in_the_bibliography():
    keys = bibliography_keys()
    assert {r.citation for r in evidence.TRIAL_RESULTS} <= keys


def test_added_not_replacement_is_stated():
    assert "ADDED to compression, not a replacement" in evidence.ADDED_NOT_REPLACEMENT
    assert all("compression" in r.comparison_arm for r in evidence.TRIAL_RESULTS)


def test_unknown_outcome():
    with pytest.raises(ValueError, match="not an outcome"):
        evidence.results_for("mortality")
