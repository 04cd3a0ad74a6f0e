"""Live faces of the ABPI, duplex, treatment, compression, vein map, procedure and trials
explorers: controls set programmatically change the figure; bad input sets the status line."""

from __future__ import annotations

import importlib
import json

import pytest

from venous_course.explorers.abpi_compression import abpi_compression
from venous_course.explorers.compression_classes import compression_classes
from venous_course.explorers.duplex_reflux import duplex_reflux
from venous_course.explorers.leg_vein_map import leg_vein_map
from venous_course.explorers.procedure_timeline import procedure_timeline
from venous_course.explorers.treatment_comparator import treatment_comparator
from venous_course.explorers.ulcer_trials import ulcer_trials

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ALL = [
    abpi_compression,
    duplex_reflux,
    treatment_comparator,
    compression_classes,
    leg_vein_map,
    procedure_timeline,
    ulcer_trials,
]


def _labels_visible(widget) -> None:
    from ipywidgets import Box, ValueWidget

    stack = [widget]
    while stack:
        item = stack.pop()
        if isinstance(item, Box):
            stack.extend(item.children)
        elif isinstance(item, ValueWidget) and not type(item).__name__ == "HTML":
            assert getattr(item, "description", ""), f"{type(item).__name__} has no label"


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_both_faces_and_labels(make):
    explorer = make()
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert "Text alternative" in bundle["text/html"]
    assert len(json.dumps(explorer.static_figure().to_plotly_json(), default=str)) < 300 * 1024
    _labels_visible(explorer.widget)


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


def test_treatment_filters_restyle_table():
    live = treatment_comparator().widget
    all_rows = live.figure.data[0].cells.values[0]
    live.target.value = "spider veins"
    rows = live.figure.data[0].cells.values[0]
    assert rows != all_rows
    assert set(rows) == {"Liquid sclerotherapy", "Surface (transdermal) laser"}
    live.anaesthesia.value = "general"
    assert "No modality matches" in live.details.value


def test_compression_slider_highlights_classes():
    live = compression_classes(pressure_mmhg=20).widget
    before = live.figure.data[1].marker.opacity
    live.pressure.value = 40
    assert live.figure.data[1].marker.opacity != before
    assert "Class III" in live.answer.value
    with pytest.raises(ValueError, match="mmHg"):
        compression_classes(pressure_mmhg=500)


def test_vein_map_dropdown_highlights():
    live = leg_vein_map().widget
    assert not any("TARGETED" in t.name for t in live.figure.data if t.visible is not False)
    live.modality.value = "phlebectomy"
    targeted = [t.name for t in live.figure.data if "TARGETED" in t.name and t.visible is not False]
    assert targeted == ["Tributaries (surface branches) (TARGETED)"]
    assert "Ambulatory phlebectomy" in live.details.value


def test_procedure_buttons_move_the_highlight():
    live = procedure_timeline(step=1).widget
    assert live.previous.disabled
    live.next.click()
    assert live.step.value == 2
    assert list(live.figure.data[1].marker.symbol).index("star") == 1
    assert "Assessment and planning" in live.details.value
    live.step.value = 6
    assert live.next.disabled and "Encourage early walking" in live.details.value
    live.next.click()
    assert live.step.value == 6


def test_trials_outcome_buttons_change_bars():
    live = ulcer_trials().widget
    before = live.figure.data[0].y
    live.outcome.value = "recurrence"
    assert live.figure.data[0].y != before
    assert list(live.figure.data[1].y) == [28, 56]
    assert any("ADDED to compression" in str(getattr(c, "value", "")) for c in live.children)


def test_pure_results_are_cached():
    module = importlib.import_module("venous_course.explorers.abpi_compression")
    patch = module.ABPIWidget.patch  # the figure module's cached patch function

    patch.cache_clear()
    live = module.abpi_compression().widget
    live.ankle.value = 100
    live.ankle.value = 110
    assert patch.cache_info().hits >= 1


def test_package_attribute_is_the_function_every_time():
    from venous_course import explorers

    for name in explorers._WHERE:
        first = getattr(explorers, name)
        second = getattr(explorers, name)
        assert callable(first) and first is second and not hasattr(first, "__path__")
        assert type(first).__name__ == "function"


def test_every_explorer_follows_the_one_pattern():
    from venous_course import explorers
    from venous_course.explorers.base import LiveFace

    for name in explorers._WHERE:
        explorer = getattr(explorers, name)()
        live = explorer.widget
        assert isinstance(live, LiveFace), f"{name}: its live face is not a LiveFace"
        assert "START" in type(live).__dict__, f"{name}: declare the start state once, START"
        assert explorer.live_figure is live.figure and explorer.status is live.status
    twins = importlib.import_module("venous_course.explorers")
    assert not [n for n in dir(twins) if n.endswith("_twin")], "twins live in figures/"


def test_procedure_live_and_twin_text_come_from_one_source():
    from venous_course import procedure
    from venous_course.figures.procedure import procedure_twin, step_details

    live = procedure_timeline().widget
    twin = procedure_twin(1)
    slider_texts = [
        value
        for step in twin.layout.sliders[0].steps
        for arg in step.args
        if isinstance(arg, dict)
        for key, value in arg.items()
        if key.endswith(".text") and key.startswith("annotations")
    ]
    for number in range(1, len(procedure.STEPS) + 1):
        live.step.value = number
        assert step_details(number) in live.details.value
        assert step_details(number) in slider_texts
    assert procedure.ROLES_HEADING in step_details(3)
