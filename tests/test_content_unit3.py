"""Unit 3 content helpers: the cited numbers, their validation and their figures."""

from __future__ import annotations

import pytest

from venous_course.content import unit3


def test_thrombosis_numbers_match_the_fact_sheet():
    rates = {r.technique.split("(")[-1].rstrip(")"): r for r in unit3.THERMAL_ABLATION_THROMBOSIS}
    assert (rates["RFA"].dvt_percent, rates["RFA"].ehit_percent) == (0.7, 0.2)
    assert (rates["EVLA"].dvt_percent, rates["EVLA"].ehit_percent) == (1.0, 0.9)
    assert {r.citation for r in rates.values()} == {"marsh2010dvt"}


@pytest.mark.parametrize(
    ("dvt", "ehit", "message"),
    [(0.5, 0.9, "cannot be larger"), (-1, 0, "between 0 and 100"), (0.5, True, "number")],
)
def test_thrombosis_rate_refuses_impossible_values(dvt, ehit, message):
    with pytest.raises(ValueError, match=message):
        unit3.ThrombosisRate("X", dvt, ehit, "marsh2010dvt")


def test_thrombosis_figure_shows_every_value_with_labels_and_patterns():
    fig = unit3.thrombosis_figure()
    assert len(fig.data) == 2
    dvt, ehit = fig.data
    assert list(dvt.y) == [0.7, 1.0] and list(ehit.y) == [0.2, 0.9]
    assert list(dvt.text) == ["0.7%", "1%"]
    assert dvt.marker.pattern.shape != ehit.marker.pattern.shape
    assert fig.layout.title.text and fig.layout.xaxis.title.text
    assert "%" in fig.layout.yaxis.title.text
    alt = unit3.thrombosis_alt_text()
    for value in ("0.7", "0.2", "1 per cent", "0.9"):
        assert value in alt


def test_thrombosis_figure_needs_rates():
    with pytest.raises(ValueError, match="at least one"):
        unit3.thrombosis_figure([])
    with pytest.raises(ValueError, match="at least one"):
        unit3.thrombosis_alt_text([])


def test_progression_figure_and_text_use_the_edinburgh_numbers():
    fig = unit3.progression_figure()
    assert list(fig.data[0].y) == [18.2, 9.2]
    assert "1.4%" in fig.data[0].text[0]
    for value in ("18.2", "1.4", "9.2", "not recurrences"):
        assert value in unit3.PROGRESSION_ALT_TEXT
    assert fig.layout.yaxis.title.text and fig.layout.xaxis.title.text
