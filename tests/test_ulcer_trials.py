"""Trial numbers equal the fact sheet, and each result names its source."""

from __future__ import annotations

import pytest

from tests.conftest import OKABE_ITO_OR_WHITE, assert_twin_changes_data, trace_colours
from venous_course import ulcer_trials as trial_numbers
from venous_course.explorers.ulcer_trials import ulcer_trials
from venous_course.figures import ulcer_trials as trials_fig
from venous_course_tools.checks.clinical_numbers import bibliography_keys


def test_evra_numbers():
    assert trial_numbers.EVRA_PATIENTS == 450
    assert trial_numbers.EVRA_EARLY_ABLATION_WITHIN_WEEKS == 2
    assert (
        trial_numbers.EVRA_MEDIAN_HEALING_DAYS_EARLY,
        trial_numbers.EVRA_MEDIAN_HEALING_DAYS_DEFERRED,
    ) == (
        56,
        82,
    )
    assert trial_numbers.EVRA_HEALING_HAZARD_RATIO == 1.38
    assert trial_numbers.EVRA_HEALING_HR_CI95 == (1.13, 1.68)
    assert trial_numbers.EVRA_HEALED_24_WEEKS_PCT_EARLY == 85.6
    assert trial_numbers.EVRA_HEALED_24_WEEKS_PCT_DEFERRED == 76.3
    assert "1.38 (95% CI 1.13-1.68)" in trial_numbers.EVRA_HAZARD_RATIO_TEXT


def test_eschar_numbers():
    healed = [r for r in trial_numbers.results_for("healed at 24 weeks") if r.trial == "ESCHAR"]
    assert [(r.with_procedure, r.comparison) for r in healed] == [(65, 65)]
    recurrence = trial_numbers.results_for("recurrence")
    assert [(r.with_procedure, r.comparison) for r in recurrence] == [(12, 28), (31, 56)]
    assert [r.citation for r in recurrence] == ["barwell2004eschar", "gohel2007eschar"]


def test_every_citation_is_in_the_bibliography():
    keys = bibliography_keys()
    assert {r.citation for r in trial_numbers.TRIAL_RESULTS} <= keys


def test_added_not_replacement_is_stated():
    assert "ADDED to compression, not a replacement" in trial_numbers.ADDED_NOT_REPLACEMENT
    assert all("compression" in r.comparison_arm for r in trial_numbers.TRIAL_RESULTS)


def test_unknown_outcome():
    with pytest.raises(ValueError, match="not an outcome"):
        trial_numbers.results_for("mortality")


# --- figure and explorer --------------------------------------------------------------------------


def test_trials_outcome_buttons_change_bars():
    live = ulcer_trials().widget
    before = live.figure.data[0].y
    live.outcome.value = "recurrence"
    assert live.figure.data[0].y != before
    assert list(live.figure.data[1].y) == [28, 56]
    assert any("ADDED to compression" in str(getattr(c, "value", "")) for c in live.children)


def test_trials_bars_text_pattern_and_note():
    fig = trials_fig.trials_figure("healing time")
    assert list(fig.data[0].y) == [trial_numbers.EVRA_MEDIAN_HEALING_DAYS_EARLY]
    assert list(fig.data[1].y) == [trial_numbers.EVRA_MEDIAN_HEALING_DAYS_DEFERRED]
    assert list(fig.data[0].text) == ["56 days"] and list(fig.data[1].text) == ["82 days"]
    assert fig.data[1].marker.pattern.shape == "/"
    assert "(days)" in fig.layout.yaxis.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "ADDED to compression, not a replacement" in notes
    assert "1.38 (95% CI 1.13-1.68)" in notes
    assert trace_colours(fig) <= OKABE_ITO_OR_WHITE


def test_trials_twin_buttons_per_outcome():
    fig = trials_fig.trials_twin()
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Healing time", "Healed at 24 weeks", "Recurrence"]
    recurrence = buttons[2].args[0]
    assert recurrence["y"] == [[12, 31], [28, 56]]
    assert buttons[1].args[0]["y"] == [[85.6, 65], [76.3, 65]]
    assert "(%)" in buttons[2].args[1]["yaxis.title.text"]
    assert_twin_changes_data(fig)
