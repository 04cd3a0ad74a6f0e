"""Live faces of the calf pump, valve flow, CEAP builder and VCSS calculator explorers.

Controls are set programmatically (the observers run synchronously) and the FigureWidget's
data is inspected; no browser is needed.
"""

from __future__ import annotations

import pytest

from venous_course.explorers.calf_pump import calf_pump
from venous_course.explorers.ceap_builder import ceap_builder, compose_code
from venous_course.explorers.valve_flow import valve_flow
from venous_course.explorers.vcss_calculator import vcss_calculator
from venous_course.figures import pump
from venous_course.physiology import simulate

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
BUILDERS = [calf_pump, valve_flow, ceap_builder, vcss_calculator]


@pytest.mark.parametrize("build", BUILDERS)
def test_explorer_has_both_faces_and_labelled_controls(build):
    explorer = build()
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert "Text alternative" in bundle["text/html"] and "plotly" in bundle["text/html"]
    assert len(explorer.static_figure().to_json()) < 300 * 1024
    assert explorer.controls and explorer.live_figure is not None
    for name, control in explorer.controls.items():
        assert control.description.strip(), f"control {name} has no visible label"


def test_calf_pump_valve_state_changes_the_curve_and_summary():
    explorer = calf_pump()
    fig = explorer.live_figure
    before = list(fig.data[pump.PRESSURE].y)
    explorer.controls["valve_state"].value = "deep_reflux"
    expected = simulate("deep_reflux", 10)
    assert list(fig.data[pump.PRESSURE].y) != before
    assert fig.data[pump.AMBULATORY].y[0] == pytest.approx(
        expected.ambulatory_pressure_mmhg, abs=0.1
    )
    assert "Deep reflux" in fig.data[pump.PRESSURE].name


def test_calf_pump_steps_move_walking_shading_and_reference():
    explorer = calf_pump()
    fig = explorer.live_figure
    reference_before = list(fig.data[pump.REFERENCE].x)
    explorer.controls["steps"].value = 30
    assert fig.layout.shapes[2].x1 == pytest.approx(35.0)
    assert fig.layout.annotations[pump.WALKING_ANNOTATION].x == pytest.approx(20.0)
    assert list(fig.data[pump.REFERENCE].x) != reference_before
    assert max(fig.data[pump.PRESSURE].x) == pytest.approx(95.0)


def test_calf_pump_tourniquet_normalises_superficial_reflux():
    explorer = calf_pump(valve_state="superficial_reflux")
    fig = explorer.live_figure
    reflux_avp = fig.data[pump.AMBULATORY].y[0]
    explorer.controls["superficial_tourniquet"].value = True
    competent = simulate("competent", 10)
    assert fig.data[pump.AMBULATORY].y[0] < reflux_avp
    assert fig.data[pump.AMBULATORY].y[0] == pytest.approx(
        competent.ambulatory_pressure_mmhg, abs=0.1
    )


def test_calf_pump_bad_strength_shows_message_not_traceback():
    explorer = calf_pump()
    y = list(explorer.live_figure.data[pump.PRESSURE].y)
    explorer.controls["pump_strength"].value = 5.0
    assert "between 0.2 and 1.5" in explorer.status.value
    assert list(explorer.live_figure.data[pump.PRESSURE].y) == y  # figure left as it was
    explorer.controls["pump_strength"].value = 1.2
    assert "Check your input" not in explorer.status.value


def test_calf_pump_bad_preset_raises_a_sentence():
    with pytest.raises(ValueError, match="not a valve state"):
        calf_pump(valve_state="leaky")


def test_valve_flow_controls_redraw_the_schematic():
    explorer = valve_flow()
    fig = explorer.live_figure

    def words():
        return " ".join(a.text for a in fig.layout.annotations)

    assert "UP" in words()
    explorer.controls["phase"].value = "relaxation"
    assert "no backflow" in words()
    explorer.controls["valves"].value = "incompetent"
    assert "REFLUX" in words() and "pools" in words()


def test_compose_code():
    assert compose_code(["C4c", "C2"], True, ["p"], ["s", "p"], ["r"]) == "C2,4c,s Ep As,p Pr"
    with pytest.raises(ValueError, match="at least one clinical class"):
        compose_code([])


def test_ceap_builder_selection_updates_scale_and_title():
    explorer = ceap_builder()
    fig = explorer.live_figure
    assert "not CVI" in fig.layout.title.text
    explorer.controls["clinical_C6"].value = True
    assert "(CVI)" in fig.layout.title.text
    index = list(explorer.controls).index("clinical_C6") - 1  # "symptoms" comes first
    assert fig.data[0].marker.symbol[index] == "diamond"
    assert "C2,6,s" in fig.layout.annotations[-1].text


def test_ceap_builder_invalid_combinations_show_the_parser_message():
    explorer = ceap_builder()
    title = explorer.live_figure.layout.title.text
    explorer.controls["clinical_C0"].value = True
    assert "C0 (no signs) cannot be combined" in explorer.status.value
    assert explorer.live_figure.layout.title.text == title
    explorer.controls["clinical_C0"].value = False
    explorer.controls["pathophysiology_n"].value = True
    assert "cannot be combined" in explorer.status.value
    explorer.controls["pathophysiology_n"].value = False
    assert "Check your input" not in explorer.status.value


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
