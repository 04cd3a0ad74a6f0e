import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MAX_TWIN_BYTES, OKABE_ITO_COLOURS, trace_colours
from venous_course import vcss
from venous_course.explorers.vcss_calculator import vcss_calculator
from venous_course.figures import vcss as vcss_fig


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


# --- figure and explorer --------------------------------------------------------------------------


def test_vcss_calculator_updates_bars_and_total():
    explorer = vcss_calculator(pain=1)
    fig = explorer.live_figure
    assert fig.data[1].x == (1,)
    explorer.controls["venous_edema"].value = 3
    explorer.controls["active_ulcer_number"].value = 2
    explorer.controls["compression_therapy"].value = 2
    assert list(fig.data[0].x) == [1, 0, 3, 0, 0, 0, 2, 0, 0, 2]
    assert fig.data[1].x == (8,)
    assert "at or above 8" in fig.layout.annotations[0].text


def test_vcss_options_show_points_and_descriptor():
    explorer = vcss_calculator()
    labels = [label for label, _ in explorer.controls["pain"].options]
    assert labels[0] == "0 - none" and labels[1].startswith("1 - occasional")


def test_vcss_bad_preset_raises_a_sentence():
    with pytest.raises(ValueError, match="between 0 and 3"):
        vcss_calculator(pain=4)


def test_vcss_figure_bars_total_and_threshold():
    fig = vcss_fig.vcss_figure({"pain": 2, "venous_edema": 3})
    assert list(fig.data[0].x) == [2, 0, 3, 0, 0, 0, 0, 0, 0, 0]
    assert list(fig.data[1].x) == [5]
    assert "0-30" in fig.layout.xaxis2.title.text and "Points" in fig.layout.xaxis.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "often used to mark severe disease" in notes and "O'Donnell 2014" in notes
    assert "CEAP describes" in notes
    assert any(s.x0 == 8 for s in fig.layout.shapes)
    assert trace_colours(fig) <= OKABE_ITO_COLOURS
    with pytest.raises(ValueError):
        vcss_fig.vcss_figure({"pain": 4})


def test_vcss_twin_patients_restyle_bars():
    fig = vcss_fig.vcss_twin()
    buttons = fig.layout.updatemenus[0].buttons
    assert 3 <= len(buttons) <= 4
    totals = [b.args[0]["x"][1][0] for b in buttons]
    assert len(set(totals)) == len(totals)
    assert any(t >= 8 for t in totals) and any(t < 8 for t in totals)
    assert len(fig.to_json()) < MAX_TWIN_BYTES
