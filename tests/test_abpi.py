import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from venous_course import abpi


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
