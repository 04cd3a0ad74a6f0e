import pytest

from tests.conftest import OKABE_ITO_OR_WHITE, assert_twin_changes_data, trace_colours
from venous_course import duplex
from venous_course.explorers.duplex_reflux import duplex_reflux
from venous_course.figures import duplex as duplex_fig


@pytest.mark.parametrize("segment", ["GSV", "SSV", "AASV", "PASV", "tibial", "deep femoral", "gsv"])
def test_500_ms_segments(segment):
    assert not duplex.reflux_is_pathologic(segment, 500)
    assert duplex.reflux_is_pathologic(segment, 501)


@pytest.mark.parametrize("segment", ["CFV", "FV", "popliteal"])
def test_1000_ms_segments(segment):
    assert not duplex.reflux_is_pathologic(segment, 1000)
    assert duplex.reflux_is_pathologic(segment, 1001)


def test_perforator_needs_duration_and_diameter():
    assert duplex.reflux_is_pathologic("perforator", 500, 3.5)
    assert not duplex.reflux_is_pathologic("perforator", 499, 4.0)
    assert not duplex.reflux_is_pathologic("perforator", 800, 3.4)
    with pytest.raises(ValueError, match="diameter"):
        duplex.reflux_is_pathologic("perforator", 800)


def test_unknown_segment_lists_known():
    with pytest.raises(ValueError, match="GSV"):
        duplex.reflux_is_pathologic("saphenous", 600)


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf"), 50_000, "600", None])
def test_bad_duration(value):
    with pytest.raises(ValueError):
        duplex.reflux_is_pathologic("GSV", value)


def test_explain_names_cutoff_and_verdict():
    text = duplex.explain("CFV", 800)
    assert "not pathologic" in text and "1000" in text
    assert "pathologic" in duplex.explain("perforator", 600, 4)


# --- figure and explorer --------------------------------------------------------------------------


def test_duplex_controls_change_trace_and_verdict():
    live = duplex_reflux(segment="GSV", reflux_ms=300).widget
    assert "not pathologic" in live.verdict.value
    reverse = live.figure.data[1].y
    live.reflux.value = 900
    assert live.figure.data[1].y != reverse
    assert ": pathologic" in live.verdict.value
    live.segment.value = "popliteal"
    assert "not pathologic" in live.verdict.value
    cutoff = next(s for s in live.figure.layout.shapes if s.name == "cutoff")
    assert cutoff.x0 == 700 + 1000


def test_duplex_perforator_diameter_and_bad_value():
    live = duplex_reflux(segment="perforator", reflux_ms=600, diameter_mm=4.0).widget
    assert live.diameter.layout.display == ""
    assert ": pathologic" in live.verdict.value
    live.diameter.value = 3.0
    assert "not pathologic" in live.verdict.value
    live.reflux.value = -10
    assert "between 0 and" in live.status.value and live.verdict.value == ""


def test_duplex_figure_axes_cutoff_and_verdict():
    fig = duplex_fig.duplex_figure("CFV", 800)
    assert fig.layout.xaxis.title.text == "Time (ms)"
    assert fig.layout.yaxis.title.text == "Flow velocity (cm/s), illustrative"
    assert "not pathologic" in fig.layout.title.text
    cutoff = next(s for s in fig.layout.shapes if s.name == "cutoff")
    assert cutoff.x0 == duplex_fig.RELEASE_MS + 1000
    assert min(fig.data[1].y) < 0 and max(fig.data[0].y) > 0
    assert trace_colours(fig) <= OKABE_ITO_OR_WHITE
    # The reverse flow lasts the reflux duration.
    t, v = duplex_fig.doppler_trace(600, 2000, step_ms=10)
    back = [x for x, y in zip(t, v, strict=True) if y < 0]
    assert back[0] > duplex_fig.RELEASE_MS and back[-1] <= duplex_fig.RELEASE_MS + 600


def test_duplex_perforator_needs_diameter():
    with pytest.raises(ValueError, match="diameter"):
        duplex_fig.duplex_figure("perforator", 600)
    assert "pathologic" in duplex_fig.duplex_figure("perforator", 600, 4.0).layout.title.text


def test_duplex_twin_groups_and_durations():
    fig = duplex_fig.duplex_twin()
    assert len(fig.layout.sliders) == len(duplex_fig.TWIN_GROUPS)
    assert [s.visible for s in fig.layout.sliders].count(True) == 1
    buttons = fig.layout.updatemenus[0].buttons
    assert buttons[1].args[1]["sliders[1].visible"] is True
    assert buttons[1].args[1]["sliders[0].visible"] is False
    first = fig.layout.sliders[0].steps
    assert "not pathologic" in first[5].args[1]["title.text"]  # 500 ms is not "more than" 500
    assert "is pathologic" in first[6].args[1]["title.text"]
    narrow = fig.layout.sliders[3].steps
    assert "not pathologic" in narrow[-1].args[1]["title.text"]  # 3.0 mm perforator
    assert_twin_changes_data(fig)
