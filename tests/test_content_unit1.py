"""Unit 1 content helpers: the cited prevalence figure and the worked ABPI calculation."""

from __future__ import annotations

import pytest

from venous_course.content import unit1


def test_prevalence_figure_shows_the_cited_edinburgh_numbers():
    fig = unit1.prevalence_figure()
    by_group = {trace.name: list(trace.y) for trace in fig.data}
    assert by_group == {"Men": [40.0, 9.0], "Women": [32.0, 7.0]}


def test_prevalence_figure_is_accessible():
    fig = unit1.prevalence_figure()
    assert fig.layout.title.text == unit1.PREVALENCE_TITLE
    assert "%" in fig.layout.yaxis.title.text
    assert fig.layout.xaxis.title.text
    # Colour is never the only cue: distinct fill patterns and text labels on every bar.
    patterns = {trace.marker.pattern.shape for trace in fig.data}
    assert len(patterns) == len(fig.data)
    assert all(trace.text and len(trace.text) == len(trace.y) for trace in fig.data)


def test_alt_text_states_every_number_in_the_figure():
    for value in (40, 32, 9, 7):
        assert f"{value} per cent" in unit1.PREVALENCE_ALT_TEXT


def test_worked_abpi_uses_the_highest_readings():
    working = unit1.abpi_working("right", [120, 126], [138, 142])
    assert working.highest_ankle_mmhg == 126
    assert working.highest_arm_mmhg == 142
    assert working.index == pytest.approx(126 / 142)
    assert working.band_label == "0.8 to 1.3"
    assert working.pad_category == "abnormal"
    lines = working.lines()
    assert "126 / 142 = 0.89" in lines[2]


def test_worked_abpi_low_index_needs_a_specialist():
    working = unit1.abpi_working("left", [96, 100], [138, 142])
    assert round(working.index, 2) == 0.70
    assert "specialist" in working.band_guidance
    assert working._repr_markdown_().startswith("1. ")


@pytest.mark.parametrize(
    ("leg", "ankles", "arms"),
    [("", [120], [140]), ("right", [], [140]), ("right", [120], [-5]), ("right", [0], [140])],
)
def test_worked_abpi_rejects_bad_input_with_a_sentence(leg, ankles, arms):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        unit1.abpi_working(leg, ankles, arms)
