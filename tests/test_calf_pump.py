"""The calf muscle pump: the illustrative model, its figure and the explorer."""

from __future__ import annotations

import pytest

from tests.conftest import MAX_TWIN_BYTES, OKABE_ITO_COLOURS, trace_colours
from venous_course.calf_pump import simulate
from venous_course.explorers.calf_pump import calf_pump
from venous_course.figures import calf_pump as pump_fig


def _pump_twin():
    return pump_fig.calf_pump_twin()


def test_calf_pump_valve_state_changes_the_curve_and_summary():
    explorer = calf_pump()
    fig = explorer.live_figure
    before = list(fig.data[pump_fig.PRESSURE].y)
    explorer.controls["valve_state"].value = "deep_reflux"
    expected = simulate("deep_reflux", 10)
    assert list(fig.data[pump_fig.PRESSURE].y) != before
    assert fig.data[pump_fig.AMBULATORY].y[0] == pytest.approx(
        expected.ambulatory_pressure_mmhg, abs=0.1
    )
    assert "Deep reflux" in fig.data[pump_fig.PRESSURE].name


def test_calf_pump_steps_move_walking_shading_and_reference():
    explorer = calf_pump()
    fig = explorer.live_figure
    reference_before = list(fig.data[pump_fig.REFERENCE].x)
    explorer.controls["steps"].value = 30
    assert fig.layout.shapes[2].x1 == pytest.approx(35.0)
    assert fig.layout.annotations[pump_fig.WALKING_ANNOTATION].x == pytest.approx(20.0)
    assert list(fig.data[pump_fig.REFERENCE].x) != reference_before
    assert max(fig.data[pump_fig.PRESSURE].x) == pytest.approx(95.0)


def test_calf_pump_tourniquet_normalises_superficial_reflux():
    explorer = calf_pump(valve_state="superficial_reflux")
    fig = explorer.live_figure
    reflux_avp = fig.data[pump_fig.AMBULATORY].y[0]
    explorer.controls["superficial_tourniquet"].value = True
    competent = simulate("competent", 10)
    assert fig.data[pump_fig.AMBULATORY].y[0] < reflux_avp
    assert fig.data[pump_fig.AMBULATORY].y[0] == pytest.approx(
        competent.ambulatory_pressure_mmhg, abs=0.1
    )


def test_calf_pump_bad_strength_shows_message_not_traceback():
    explorer = calf_pump()
    y = list(explorer.live_figure.data[pump_fig.PRESSURE].y)
    explorer.controls["pump_strength"].value = 5.0
    assert "between 0.2 and 1.5" in explorer.status.value
    assert list(explorer.live_figure.data[pump_fig.PRESSURE].y) == y  # figure left as it was
    explorer.controls["pump_strength"].value = 1.2
    assert "Check your input" not in explorer.status.value


def test_calf_pump_bad_preset_raises_a_sentence():
    with pytest.raises(ValueError, match="not a valve state"):
        calf_pump(valve_state="leaky")


def test_pump_figure_titles_units_and_palette():
    trace = simulate("deep_reflux", 10)
    fig = pump_fig.pump_figure(trace, simulate("competent", 10), "Deep reflux")
    assert "illustrative" in fig.layout.title.text.lower()
    assert "(s)" in fig.layout.xaxis.title.text and "(mmHg)" in fig.layout.yaxis.title.text
    assert trace_colours(fig) <= OKABE_ITO_COLOURS
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "80-90 mmHg" in texts and "20-35 mmHg" in texts and "Eur J Appl Physiol 1993" in texts
    assert fig.data[pump_fig.AMBULATORY].y[0] == pytest.approx(
        trace.ambulatory_pressure_mmhg, abs=0.1
    )
    assert f"{trace.refill_time_s:.0f} s" in fig.data[pump_fig.REFILL].name


def test_pressure_curve_is_downsampled_but_keeps_the_lowest_walking_pressure():
    trace = simulate("competent", 30)
    xs, ys = pump_fig.pressure_curve(trace)
    assert len(xs) < len(trace.time_s) / 3
    walking = (trace.time_s >= trace.walking_starts_s) & (trace.time_s < trace.walking_ends_s)
    assert min(ys) == pytest.approx(trace.pressure_mmhg[walking].min(), abs=0.1)
    assert xs == sorted(xs)


def test_pump_figure_depends_on_the_model():
    a = pump_fig.pump_figure(simulate("competent", 10))
    b = pump_fig.pump_figure(simulate("obstruction", 10))
    assert a.data[pump_fig.PRESSURE].y != b.data[pump_fig.PRESSURE].y
    assert a.data[pump_fig.REFERENCE].visible is False


def test_pump_twin_dropdown_and_slider_change_data():
    fig = _pump_twin()
    assert len(fig.to_json()) < MAX_TWIN_BYTES
    menu = fig.layout.updatemenus[0]
    assert {b.label for b in menu.buttons} >= {"Competent valves", "Deep reflux"}
    visible_sets = {tuple(b.args[0]["visible"]) for b in menu.buttons}
    assert len(visible_sets) == len(menu.buttons)
    slider = fig.layout.sliders[0]
    assert [s.label for s in slider.steps] == ["5", "10", "20", "30"]
    ys = [tuple(map(tuple, s.args[0]["y"])) for s in slider.steps]
    assert len(set(ys)) == len(ys)
    # each slider step carries every trace, and the walking shading moves with the steps
    assert all(len(s.args[0]["x"]) == len(fig.data) for s in slider.steps)
    ends = [s.args[1]["shapes"][2]["x1"] for s in slider.steps]
    assert ends == sorted(ends) and len(set(ends)) == 4
