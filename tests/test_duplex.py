import pytest

from venous_course import duplex


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
