"""Compression classes by country: the numbers equal the fact sheet and lookups behave."""

from __future__ import annotations

import pytest

from tests.conftest import OKABE_ITO_OR_WHITE, assert_twin_changes_data, trace_colours, twin_steps
from venous_course import compression as cmp
from venous_course.explorers.compression_classes import compression_classes
from venous_course.figures import compression as compression_fig


def _ranges(system: str) -> list[tuple[float, float | None]]:
    return [(c.low_mmhg, c.high_mmhg) for c in cmp.classes_of(system)]


def test_numbers_equal_the_fact_sheet():
    assert _ranges(cmp.UK) == [(14, 17), (18, 24), (25, 35)]
    assert _ranges(cmp.GERMANY) == [(18, 21), (23, 32), (34, 46), (49, None)]
    assert _ranges(cmp.US) == [(15, 20), (20, 30), (30, 40)]
    assert cmp.ULCER_ANKLE_PRESSURE_MMHG == 40


def test_citations_name_bibtex_keys_and_us_has_no_standard():
    assert {c.citation for c in cmp.classes_of(cmp.UK)} == {"ukdrugtariff"}
    assert {c.citation for c in cmp.classes_of(cmp.GERMANY)} == {"ralgz387"}
    assert {c.citation for c in cmp.classes_of(cmp.US)} == {""}
    assert "no US national class standard" in cmp.US_NOTE


def test_same_pressure_means_different_classes():
    found = cmp.classes_containing(20)
    assert [c.label for c in found[cmp.UK]] == ["Class 2"]
    assert [c.label for c in found[cmp.GERMANY]] == ["Class I"]
    assert [c.label for c in found[cmp.US]] == ["15-20 mmHg", "20-30 mmHg"]  # shared end point


def test_gaps_and_open_ended_class():
    assert cmp.classes_containing(22)[cmp.GERMANY] == ()
    assert [c.label for c in cmp.classes_containing(80)[cmp.GERMANY]] == ["Class IV"]
    assert cmp.classes_of(cmp.GERMANY)[-1].range_text == "49 mmHg and above"
    assert "no class" in cmp.describe_pressure(22)


@pytest.mark.parametrize("bad", [-1, 101, float("nan"), "20", True])
def test_bad_pressure_is_a_sentence(bad):
    with pytest.raises(ValueError, match="mmHg"):
        cmp.classes_containing(bad)


def test_unknown_system():
    with pytest.raises(ValueError, match="not a compression system"):
        cmp.classes_of("France")


# --- figure and explorer --------------------------------------------------------------------------


def test_compression_slider_highlights_classes():
    live = compression_classes(pressure_mmhg=20).widget
    before = live.figure.data[1].marker.opacity
    live.pressure.value = 40
    assert live.figure.data[1].marker.opacity != before
    assert "Class III" in live.answer.value
    with pytest.raises(ValueError, match="mmHg"):
        compression_classes(pressure_mmhg=500)


def test_compression_bars_on_one_mmhg_axis():
    fig = compression_fig.compression_figure(20)
    assert fig.layout.xaxis.title.text == "Pressure at the ankle (mmHg)"
    germany = fig.data[1]
    assert list(germany.base) == [18, 23, 34, 49]
    assert germany.base[-1] + germany.x[-1] == compression_fig.AXIS_MAX_MMHG  # open-ended IV
    assert "49 and above" in germany.text[-1]
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "about 40 mmHg at the ankle" in texts and "SVS/AVF 2011" in texts
    assert "no US national class standard found" in texts
    assert list(fig.data[0].marker.opacity) == [
        compression_fig.FADED,
        compression_fig.FULL,
        compression_fig.FADED,
    ]
    assert "UK Class 2" in fig.layout.title.text
    assert trace_colours(fig) <= OKABE_ITO_OR_WHITE


def test_compression_twin_slider():
    fig = compression_fig.compression_twin()
    steps = twin_steps(fig)
    at_40 = next(s for s in steps if s["label"] == "40")
    assert "Class III" in at_40["args"][1]["title.text"]
    assert_twin_changes_data(fig)
