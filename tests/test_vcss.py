import pytest
from hypothesis import given
from hypothesis import strategies as st

from venous_course import vcss


def test_ten_attributes_each_with_four_levels():
    assert len(vcss.ATTRIBUTES) == 10
    assert all(len(a.levels) == 4 and all(a.levels) for a in vcss.ATTRIBUTES)
    assert vcss.MAX_TOTAL == 30


def test_score_sums_points_and_omitted_count_as_zero():
    assert vcss.score() == 0
    assert vcss.score(pain=2, venous_edema=1, compression_therapy=3) == 6


def test_descriptors():
    assert vcss.descriptor("active_ulcer_size", 3) == "over 6 cm across"
    assert "foot and ankle" in vcss.descriptor("venous_edema", 1)
    assert vcss.breakdown(pain=1)["pain"] == 1 and vcss.breakdown(pain=1)["induration"] == 0


@pytest.mark.parametrize(
    "kwargs",
    [{"pain": 4}, {"pain": -1}, {"pain": 1.5}, {"pain": True}, {"pain": "2"}, {"swelling": 1}],
)
def test_bad_input(kwargs):
    with pytest.raises(ValueError):
        vcss.score(**kwargs)


def test_unknown_attribute_lists_known_names():
    with pytest.raises(ValueError, match="venous_edema"):
        vcss.score(edema=1)


@given(st.fixed_dictionaries({name: st.integers(0, 3) for name in vcss.ATTRIBUTE_NAMES}))
def test_total_always_between_0_and_30(points):
    total = vcss.score(**points)
    assert 0 <= total <= 30
    assert total == sum(points.values())


def test_severity_threshold():
    assert not vcss.is_often_called_severe(7)
    assert vcss.is_often_called_severe(8)
    with pytest.raises(ValueError):
        vcss.is_often_called_severe(31)
