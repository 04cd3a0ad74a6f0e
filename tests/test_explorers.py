"""What every explorer shares: two faces, labelled controls, one pattern, cached results."""

from __future__ import annotations

import importlib
import json

import pytest

from tests.conftest import WIDGET_MIME, labels_visible
from venous_course.explorers.abpi_compression import abpi_compression
from venous_course.explorers.calf_pump import calf_pump
from venous_course.explorers.ceap_builder import ceap_builder
from venous_course.explorers.compression_classes import compression_classes
from venous_course.explorers.duplex_reflux import duplex_reflux
from venous_course.explorers.leg_vein_map import leg_vein_map
from venous_course.explorers.procedure_timeline import procedure_timeline
from venous_course.explorers.treatment_comparator import treatment_comparator
from venous_course.explorers.ulcer_trials import ulcer_trials
from venous_course.explorers.valve_flow import valve_flow
from venous_course.explorers.vcss_calculator import vcss_calculator

BUILDERS = [calf_pump, valve_flow, ceap_builder, vcss_calculator]
ALL = [
    abpi_compression,
    duplex_reflux,
    treatment_comparator,
    compression_classes,
    leg_vein_map,
    procedure_timeline,
    ulcer_trials,
]


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


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_both_faces_and_labels(make):
    explorer = make()
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_MIME in bundle
    assert "Text alternative" in bundle["text/html"]
    assert len(json.dumps(explorer.static_figure().to_plotly_json(), default=str)) < 300 * 1024
    labels_visible(explorer.widget)


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
