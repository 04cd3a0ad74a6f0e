"""Pure figure builders of the pump, valve, CEAP and VCSS explorers (no widgets, no browser)."""

from __future__ import annotations

import pytest

from tests.conftest import MAX_TWIN_BYTES, trace_colours
from venous_course.display import OKABE_ITO
from venous_course.figures import ceap, pump, valve, vcss
from venous_course.physiology import simulate

PALETTE = {c.upper() for c in OKABE_ITO.values()}


def test_pump_figure_titles_units_and_palette():
    trace = simulate("deep_reflux", 10)
    fig = pump.pump_figure(trace, simulate("competent", 10), "Deep reflux")
    assert "illustrative" in fig.layout.title.text.lower()
    assert "(s)" in fig.layout.xaxis.title.text and "(mmHg)" in fig.layout.yaxis.title.text
    assert trace_colours(fig) <= PALETTE
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "80-90 mmHg" in texts and "20-35 mmHg" in texts and "Eur J Appl Physiol 1993" in texts
    assert fig.data[pump.AMBULATORY].y[0] == pytest.approx(trace.ambulatory_pressure_mmhg, abs=0.1)
    assert f"{trace.refill_time_s:.0f} s" in fig.data[pump.REFILL].name


def test_pressure_curve_is_downsampled_but_keeps_the_lowest_walking_pressure():
    trace = simulate("competent", 30)
    xs, ys = pump.pressure_curve(trace)
    assert len(xs) < len(trace.time_s) / 3
    walking = (trace.time_s >= trace.walking_starts_s) & (trace.time_s < trace.walking_ends_s)
    assert min(ys) == pytest.approx(trace.pressure_mmhg[walking].min(), abs=0.1)
    assert xs == sorted(xs)


def test_pump_figure_depends_on_the_model():
    a = pump.pump_figure(simulate("competent", 10))
    b = pump.pump_figure(simulate("obstruction", 10))
    assert a.data[pump.PRESSURE].y != b.data[pump.PRESSURE].y
    assert a.data[pump.REFERENCE].visible is False


def _pump_twin():
    from venous_course.figures.pump import calf_pump_twin

    return calf_pump_twin()


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


def test_valve_parts_say_each_state_in_words():
    texts = {
        (p, v): " ".join(a["text"] for a in valve.valve_parts(p, v)["annotations"])
        for p in valve.PHASES
        for v in valve.VALVE_CONDITIONS
    }
    assert "UP" in texts[("contraction", "competent")]
    assert "no backflow" in texts[("relaxation", "competent")]
    assert "REFLUX" in texts[("relaxation", "incompetent")]
    assert "pools" in texts[("relaxation", "incompetent")]
    assert "REFLUX" not in texts[("relaxation", "competent")]
    with pytest.raises(ValueError, match="phase"):
        valve.valve_parts("walking", "competent")


def test_valve_twin_has_four_buttons_that_redraw():
    fig = valve.valve_twin()
    assert "schematic" in fig.layout.title.text
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == 4
    drawings = {str(b.args[0]["shapes"]) + str(b.args[0]["annotations"]) for b in buttons}
    assert len(drawings) == 4
    assert len(fig.to_json()) < MAX_TWIN_BYTES


def test_ceap_scale_highlights_selection_and_marks_cvi():
    fig = ceap.ceap_scale_figure(["C2", "C4c"], "C2,4c,s", "Example.")
    marker = fig.data[0].marker
    index = {c: i for i, c in enumerate(ceap.CLASSES)}
    assert marker.symbol[index["C4c"]] == "diamond" and marker.symbol[index["C3"]] == "circle-open"
    assert "selected" in fig.data[0].text[index["C2"]]
    assert "CEAP" in fig.layout.xaxis.title.text
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "C3-C6" in labels and "CVI: yes" in labels
    assert "(CVI)" in fig.layout.title.text
    assert trace_colours(fig) <= PALETTE
    with pytest.raises(ValueError):
        ceap.scale_marker(["C9"])


def test_cvi_sentence():
    assert ceap.cvi_sentence(["C2"]).startswith("CVI: no")
    assert ceap.cvi_sentence(["C2", "C3"]).startswith("CVI: yes")
    assert "no visible" in ceap.cvi_sentence(["C0"])


def test_ceap_twin_dropdown_updates_classes_and_text():
    fig = ceap.ceap_twin()
    buttons = fig.layout.updatemenus[0].buttons
    assert 8 <= len(buttons) <= 10
    symbols = {tuple(b.args[0]["marker.symbol"][0]) for b in buttons}
    assert len(symbols) >= 8
    titles = [b.args[1]["title.text"] for b in buttons]
    assert any("(CVI)" in t for t in titles) and any("not CVI" in t for t in titles)
    assert len(fig.to_json()) < MAX_TWIN_BYTES


def test_vcss_figure_bars_total_and_threshold():
    fig = vcss.vcss_figure({"pain": 2, "venous_edema": 3})
    assert list(fig.data[0].x) == [2, 0, 3, 0, 0, 0, 0, 0, 0, 0]
    assert list(fig.data[1].x) == [5]
    assert "0-30" in fig.layout.xaxis2.title.text and "Points" in fig.layout.xaxis.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "often used to mark severe disease" in notes and "O'Donnell 2014" in notes
    assert "CEAP describes" in notes
    assert any(s.x0 == 8 for s in fig.layout.shapes)
    assert trace_colours(fig) <= PALETTE
    with pytest.raises(ValueError):
        vcss.vcss_figure({"pain": 4})


def test_vcss_twin_patients_restyle_bars():
    fig = vcss.vcss_twin()
    buttons = fig.layout.updatemenus[0].buttons
    assert 3 <= len(buttons) <= 4
    totals = [b.args[0]["x"][1][0] for b in buttons]
    assert len(set(totals)) == len(totals)
    assert any(t >= 8 for t in totals) and any(t < 8 for t in totals)
    assert len(fig.to_json()) < MAX_TWIN_BYTES
