import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import OKABE_ITO_OR_WHITE, assert_twin_changes_data, trace_colours, twin_steps
from venous_course import abpi
from venous_course.explorers.abpi_compression import abpi_compression
from venous_course.figures import abpi as abpi_fig


def test_index_is_ankle_over_brachial():
    assert abpi.ankle_brachial_index(90, 120) == pytest.approx(0.75)


def test_leg_index_uses_highest_of_each():
    assert abpi.leg_index([100, 110], [120, 130]) == pytest.approx(110 / 130)


@pytest.mark.parametrize(
    ("index", "band"),
    [
        (0.3, "contraindicated"),
        (0.49, "contraindicated"),
        (0.5, "specialist"),
        (0.79, "specialist"),
        (0.8, "safe"),
        (1.0, "safe"),
        (1.3, "safe"),
        (1.31, "unreliable"),
        (2.0, "unreliable"),
    ],
)
def test_compression_band_edges(index, band):
    assert abpi.compression_band(index) == band


@pytest.mark.parametrize(
    ("index", "category"),
    [
        (0.9, "abnormal"),
        (0.95, "borderline"),
        (1.0, "normal"),
        (1.4, "normal"),
        (1.41, "noncompressible"),
    ],
)
def test_pad_category(index, category):
    assert abpi.pad_category(index) == category


@pytest.mark.parametrize(
    ("ankle", "brachial"),
    [
        (0, 120),
        (-5, 120),
        (100, 0),
        (100, -1),
        (400, 120),
        (100, 20),
        (math.nan, 120),
        ("100", 120),
        (True, 120),
    ],
)
def test_bad_pressures(ankle, brachial):
    with pytest.raises(ValueError, match="pressure"):
        abpi.ankle_brachial_index(ankle, brachial)


@pytest.mark.parametrize("index", [0, -0.5, math.inf, math.nan, "0.9", None])
def test_bad_index(index):
    with pytest.raises(ValueError):
        abpi.compression_band(index)


def test_every_band_has_guidance_and_disagreement_is_stated():
    for band in abpi.COMPRESSION_BANDS:
        assert abpi.band_details(band.key).guidance
    assert "0.6" in abpi.GUIDELINE_DISAGREEMENT and "0.8" in abpi.GUIDELINE_DISAGREEMENT
    with pytest.raises(ValueError):
        abpi.band_details("maybe")


ORDER = ["contraindicated", "specialist", "safe", "unreliable"]


@given(st.floats(0.01, 6.9), st.floats(0.01, 6.9))
def test_bands_are_monotonic_in_the_index(a, b):
    low, high = sorted((a, b))
    assert ORDER.index(abpi.compression_band(low)) <= ORDER.index(abpi.compression_band(high))


# --- figure and explorer --------------------------------------------------------------------------


def test_abpi_inputs_update_marker_and_band():
    live = abpi_compression(ankle_mmhg=110, brachial_mmhg=120).widget
    assert live.figure.data[-1].x[0] == pytest.approx(110 / 120)
    live.ankle.value = 50
    assert live.figure.data[-1].x[0] == pytest.approx(50 / 120)
    assert "contraindicated" in live.figure.layout.title.text
    assert "0.42" in live.result.value


def test_abpi_uses_highest_readings():
    live = abpi_compression(
        ankle_mmhg=90, brachial_mmhg=120, second_ankle_mmhg=100, other_arm_mmhg=140
    ).widget
    assert live.use_both.value is True
    assert live.figure.data[-1].x[0] == pytest.approx(100 / 140)
    live.use_both.value = False
    assert live.figure.data[-1].x[0] == pytest.approx(90 / 120)


def test_abpi_bad_value_sets_status_not_exception():
    live = abpi_compression().widget
    before = live.figure.data[-1].x
    live.brachial.value = -5
    assert "brachial systolic pressure must be between" in live.status.value
    assert live.result.value == ""
    assert live.figure.data[-1].x == before
    live.brachial.value = 120
    assert live.status.value == ""


def test_abpi_always_shows_disagreement():
    explorer = abpi_compression()
    assert "Guidelines differ" in explorer.static_html()
    texts = [c.value for c in explorer.widget.children if hasattr(c, "value")]
    assert any("0.6 and others 0.8" in str(t) for t in texts)


def test_abpi_scale_marks_band_and_disagreement():
    fig = abpi_fig.abpi_scale_figure(0.65)
    assert "specialist" in fig.layout.title.text
    assert "index" in fig.layout.xaxis.title.text.lower()
    assert list(fig.layout.xaxis.range) == [0, 1.6]
    bar_text = " ".join(t.text[0] for t in fig.data[:-1])
    for word in ("Contraindicated", "Specialist", "safe", "Unreliable", "borderline", "normal"):
        assert word in bar_text
    assert fig.data[-1].x[0] == pytest.approx(0.65)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "0.6" in notes and "Guidelines differ" in notes
    assert abpi.band_details("specialist").guidance.split(";")[0] in notes.replace("<br>", " ")
    assert trace_colours(fig) <= OKABE_ITO_OR_WHITE


def test_abpi_marker_clips_off_scale_and_rejects_bad_index():
    assert abpi_fig.abpi_scale_figure(2.0).data[-1].x[0] == abpi_fig.SCALE_MAX
    with pytest.raises(ValueError):
        abpi_fig.abpi_scale_figure(-1)


def test_abpi_twin_slider_moves_marker_and_text():
    fig = abpi_fig.abpi_twin()
    steps = twin_steps(fig)
    assert steps[0]["label"] == "0.30" and steps[-1]["label"] == "1.60"
    assert steps[0]["args"][0]["x"] == [[0.3, 0.3]]
    assert "contraindicated" in steps[0]["args"][1]["title.text"]
    assert "unreliable" in steps[-1]["args"][1]["title.text"]
    assert_twin_changes_data(fig)
