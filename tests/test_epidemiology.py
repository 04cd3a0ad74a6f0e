"""The Edinburgh Vein Study numbers and their figures."""

from __future__ import annotations

from venous_course.figures import epidemiology


def test_prevalence_figure_shows_the_cited_edinburgh_numbers():
    fig = epidemiology.prevalence_figure()
    by_group = {trace.name: list(trace.y) for trace in fig.data}
    assert by_group == {"Men": [40.0, 9.0], "Women": [32.0, 7.0]}


def test_prevalence_figure_is_accessible():
    fig = epidemiology.prevalence_figure()
    assert fig.layout.title.text == epidemiology.PREVALENCE_TITLE
    assert "%" in fig.layout.yaxis.title.text
    assert fig.layout.xaxis.title.text
    # Colour is never the only cue: distinct fill patterns and text labels on every bar.
    patterns = {trace.marker.pattern.shape for trace in fig.data}
    assert len(patterns) == len(fig.data)
    assert all(trace.text and len(trace.text) == len(trace.y) for trace in fig.data)


def test_alt_text_states_every_number_in_the_figure():
    for value in (40, 32, 9, 7):
        assert f"{value} per cent" in epidemiology.PREVALENCE_ALT_TEXT


def test_progression_figure_and_text_use_the_edinburgh_numbers():
    fig = epidemiology.progression_figure()
    assert list(fig.data[0].y) == [18.2, 9.2]
    assert "1.4%" in fig.data[0].text[0]
    for value in ("18.2", "1.4", "9.2", "not recurrences"):
        assert value in epidemiology.PROGRESSION_ALT_TEXT
    assert fig.layout.yaxis.title.text and fig.layout.xaxis.title.text
