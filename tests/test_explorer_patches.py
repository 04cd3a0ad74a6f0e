"""The explorers' fast path cannot drift from the pure figure builders.

A live callback no longer builds a new figure: it assigns the few properties that a state's
"patch" (plain data from the figure modules) says differ. After every control change, the whole
live figure must equal what the pure builder draws for the same control values, so a property
the patch forgets, or a wrong index, fails here.
"""

from __future__ import annotations

import base64
import importlib
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from venous_course import abpi
from venous_course.explorers.abpi_compression import abpi_compression
from venous_course.explorers.base import (
    LivePatcher,
    patch_figure,
    patched_values,
    path_keys,
    same_value,
)
from venous_course.explorers.compression_classes import compression_classes
from venous_course.explorers.duplex_reflux import duplex_reflux
from venous_course.explorers.leg_vein_map import leg_vein_map
from venous_course.explorers.procedure_timeline import procedure_timeline
from venous_course.explorers.treatment_comparator import treatment_comparator
from venous_course.explorers.ulcer_trials import ulcer_trials
from venous_course.explorers.valve_flow import valve_flow
from venous_course.explorers.vcss_calculator import vcss_calculator
from venous_course.figures.abpi import abpi_scale_figure, index_patch
from venous_course.figures.ceap import ceap_patch, ceap_scale_figure
from venous_course.figures.compression import compression_figure, pressure_patch
from venous_course.figures.duplex import duplex_figure, duplex_patch
from venous_course.figures.leg_vein_map import vein_map_figure, vein_map_patch
from venous_course.figures.procedure import procedure_figure, step_patch
from venous_course.figures.treatments import filter_title, treatment_figure, treatment_patch
from venous_course.figures.ulcer_trials import outcome_patch, trials_figure
from venous_course.figures.valve_flow import valve_figure, valve_patch
from venous_course.figures.vcss import vcss_figure, vcss_patch
from venous_course.treatments import filter_treatments, load_treatments

CATALOGUE = load_treatments()
# The package binds each explorer's name to its function; the modules hold the pure _draw.
calf_pump_module = importlib.import_module("venous_course.explorers.calf_pump")
ceap_module = importlib.import_module("venous_course.explorers.ceap_builder")


def _decoded(value: Any) -> Any:
    """Plain lists for plotly's base64 typed arrays (how a live widget stores numpy arrays)."""
    if isinstance(value, dict) and set(value) == {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    if isinstance(value, dict):
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def _plain(fig: Any) -> dict:
    """A figure as JSON data (tuples, lists and arrays compare alike: plotly's own to_json
    would write numpy arrays as base64 typed arrays)."""
    plain = _decoded(json.loads(json.dumps(fig.to_dict(), cls=PlotlyJSONEncoder)))
    for trace in plain["data"]:
        trace.pop("uid", None)  # a live widget's traces carry random ids
    return plain


def _treatment(key: str | None):
    return next((t for t in CATALOGUE if t.key == key), None)


def _set(name: str, value: Any) -> Callable[[Any], None]:
    def change(live: Any) -> None:
        getattr(live, name).value = value

    change.__name__ = f"{name}={value!r}"
    return change


def _treatment_expected(live: Any) -> go.Figure:
    key = (live.target.value, live.setting.value, live.anaesthesia.value)
    shown = filter_treatments(CATALOGUE, *key)
    return treatment_figure(shown, CATALOGUE, key[0], filter_title(*key))


# explorer factory, control changes in order, the builder's figure for the live control values
CASES: dict[str, tuple[Callable[[], Any], list[Callable[[Any], None]], Callable[[Any], Any]]] = {
    "abpi_compression": (
        abpi_compression,
        [
            _set("ankle", 50.0),  # contraindicated band
            _set("ankle", 250.0),  # above the scale: the marker sits at its end
            _set("use_both", True),
            _set("arm2", 160.0),
            _set("use_both", False),
            _set("ankle", 110.0),  # back to the start
        ],
        lambda live: abpi_scale_figure(abpi.leg_index(*live.readings())),
    ),
    "duplex_reflux": (
        duplex_reflux,
        [
            _set("reflux", 300.0),
            _set("segment", "popliteal"),
            _set("reflux", 2500.0),  # a longer time axis: new x values and range
            _set("segment", "perforator"),
            _set("diameter", 3.0),
            _set("reflux", -10.0),  # refused: the figure keeps the last valid state
            _set("reflux", 600.0),
            _set("segment", "GSV"),
        ],
        lambda live: duplex_figure(*live.inputs()),
    ),
    "treatment_comparator": (
        treatment_comparator,
        [
            _set("target", "spider veins"),
            _set("setting", "clinic"),
            _set("anaesthesia", "general"),  # no modality matches
            _set("target", None),
            _set("setting", None),
            _set("anaesthesia", None),
        ],
        _treatment_expected,
    ),
    "compression_classes": (
        compression_classes,
        [_set("pressure", 40), _set("pressure", 17), _set("pressure", 60), _set("pressure", 20)],
        lambda live: compression_figure(float(live.pressure.value)),
    ),
    "leg_vein_map": (
        leg_vein_map,
        [_set("modality", t.key) for t in CATALOGUE] + [_set("modality", None)],
        lambda live: vein_map_figure(_treatment(live.modality.value)),
    ),
    "procedure_timeline": (
        procedure_timeline,
        [_set("step", 4), _set("step", 6), _set("step", 2), _set("step", 1)],
        lambda live: procedure_figure(live.step.value),
    ),
    "ulcer_trials": (
        ulcer_trials,
        [_set("outcome", "recurrence"), _set("outcome", "healing time")]
        + [_set("outcome", "healed at 24 weeks")],
        lambda live: trials_figure(live.outcome.value),
    ),
    "calf_pump": (
        calf_pump_module.calf_pump,
        [
            _set("steps", 30),
            _set("valve_state", "deep_reflux"),
            _set("superficial_tourniquet", True),
            _set("pump_strength", 5.0),  # refused: outside 0.2-1.5
            _set("pump_strength", 0.6),
            _set("steps", 5),
        ],
        lambda live: calf_pump_module._draw(*live.state()),
    ),
    "valve_flow": (
        valve_flow,
        [_set("phase", "relaxation"), _set("valves", "incompetent"), _set("phase", "contraction")],
        lambda live: valve_figure(*live.state()),
    ),
    "ceap_builder": (
        ceap_module.ceap_builder,
        [
            lambda live: setattr(live.clinical["C6"], "value", True),
            lambda live: setattr(live.clinical["C2"], "value", False),
            lambda live: setattr(live.clinical["C6"], "value", False),  # no class: refused
            lambda live: setattr(live.clinical["C4a"], "value", True),
            _set("symptoms", "a"),
        ],
        lambda live: ceap_module._draw(live.state()),
    ),
    "vcss_calculator": (
        vcss_calculator,
        [
            lambda live: setattr(live.controls["pain"], "value", 3),
            lambda live: setattr(live.controls["venous_edema"], "value", 2),
            lambda live: setattr(live.controls["pain"], "value", 0),
        ],
        lambda live: vcss_figure(dict(live.state())),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_live_figure_equals_the_builder_after_each_change(name):
    make, changes, expected = CASES[name]
    live = make().widget
    want = _plain(expected(live))
    assert _plain(live.figure) == want, "the starting figure differs"
    before = want
    moved = False
    for change in changes:
        change(live)
        try:
            want = _plain(expected(live))
        except ValueError:  # a refused input: the figure keeps the last valid state
            assert live.status.value, "a refused input must say why"
        now = _plain(live.figure)
        moved = moved or now != before
        assert now == want, f"{name}: differs after {change.__name__}"
    assert moved, "the control changes never changed the figure"


@pytest.mark.parametrize(
    ("patch", "builder", "args"),
    [
        (index_patch, abpi_scale_figure, (0.42,)),
        (index_patch, abpi_scale_figure, (1.9,)),
        (duplex_patch, duplex_figure, ("perforator", 600.0, 4.0)),
        (duplex_patch, duplex_figure, ("CFV", 3000.0, None)),
        (pressure_patch, compression_figure, (33.0,)),
        (vein_map_patch, vein_map_figure, (_treatment("foam_sclerotherapy"),)),
        (step_patch, procedure_figure, (5,)),
        (outcome_patch, trials_figure, ("recurrence",)),
        (valve_patch, valve_figure, ("relaxation", "incompetent")),
    ],
)
def test_each_patch_holds_the_builders_values(patch, builder, args):
    values = patch(*args)
    assert values, "a patch must name what changes"
    assert patched_values(builder(*args), values) == json.loads(json.dumps(dict(values)))


def test_vcss_and_ceap_patches_hold_the_builders_values():
    levels = (("pain", 2), ("venous_edema", 3))
    values = vcss_patch(levels)
    assert patched_values(vcss_figure(dict(levels)), values) == json.loads(json.dumps(dict(values)))
    selected, code, text = ("C2", "C4a"), "C2,4a,s", "varicose veins and pigmentation"
    values = ceap_patch(selected, code, text)
    fig = ceap_scale_figure(selected, code, text)
    assert patched_values(fig, values) == json.loads(json.dumps(dict(values)))


def test_treatment_patch_holds_the_builders_values():
    shown = filter_treatments(CATALOGUE, "tributaries", None, None)
    title = filter_title("tributaries", None, None)
    values = treatment_patch(shown, CATALOGUE, "tributaries", title)
    fig = treatment_figure(shown, CATALOGUE, "tributaries", title)
    assert patched_values(fig, values) == json.loads(json.dumps(dict(values)))


def test_patches_are_cached_and_read_only():
    assert index_patch(0.75) is index_patch(0.75)
    with pytest.raises(TypeError):
        index_patch(0.75)["layout.title.text"] = "changed"  # type: ignore[index]


def test_patches_reject_bad_states_with_a_sentence():
    with pytest.raises(ValueError, match="ms"):
        duplex_patch("GSV", -5.0)
    with pytest.raises(ValueError):
        step_patch(9)
    with pytest.raises(ValueError):
        outcome_patch("cure")


def test_path_keys_parse_and_refuse():
    assert path_keys("data[2].line.color") == ("data", 2, "line", "color")
    assert path_keys("layout.annotations[3].text") == ("layout", "annotations", 3, "text")
    for bad in ("title.text", "data[1]", "layout..title", "data[x].y"):
        with pytest.raises(ValueError):
            path_keys(bad)


def test_same_value_compares_by_content():
    import numpy as np

    assert same_value((1.0, 2.0), [1.0, 2.0])
    assert same_value(np.array([1.0, 2.0]), (1.0, 2.0))
    assert same_value(((1, "a"), (2, "b")), [[1, "a"], [2, "b"]])
    assert not same_value((1.0, 2.0), (1.0, 2.5))
    assert not same_value((1.0,), 1.0)
    assert not same_value(None, 0)
    assert not same_value("x", "y")


def test_patch_figure_assigns_only_what_differs():
    live = go.FigureWidget(go.Scatter(x=[1, 2], y=[3, 4], name="a"))
    live.update_layout(title_text="t")
    patch = {"data[0].x": (1, 2), "data[0].y": (5, 6), "layout.title.text": "t"}
    assert patch_figure(live, patch) == ["data[0].y"]  # compared with the live figure
    assert list(live.data[0].y) == [5, 6]
    assert patch_figure(live, patch) == []
    patcher = LivePatcher(live, patch)
    assert patcher.show({**patch, "layout.title.text": "u"}) == ["layout.title.text"]
    assert live.layout.title.text == "u"
    assert patcher.show(patcher.shown) == []


@pytest.mark.parametrize(
    ("name", "presets"),
    [
        ("abpi_compression", {"ankle_mmhg": 90, "brachial_mmhg": 120, "other_arm_mmhg": 140}),
        ("duplex_reflux", {"segment": "perforator", "reflux_ms": 600.0, "diameter_mm": 4.0}),
        ("treatment_comparator", {"target": "tributaries", "setting": "clinic"}),
        ("compression_classes", {"pressure_mmhg": 35.0}),
        ("leg_vein_map", {"modality": "evla"}),
        ("procedure_timeline", {"step": 3}),
        ("ulcer_trials", {"outcome": "recurrence"}),
    ],
)
def test_preset_explorers_start_in_the_builders_state(name, presets):
    make, _changes, expected = CASES[name]
    live = make(**presets).widget
    assert _plain(live.figure) == _plain(expected(live))


def test_valve_flow_live_layout_equals_the_builder():
    from venous_course.explorers.valve_flow import valve_flow
    from venous_course.figures.valve_flow import valve_figure

    explorer = valve_flow()
    for phase, valves in [
        ("contraction", "incompetent"),  # the drawing stays, the words change
        ("relaxation", "incompetent"),
        ("relaxation", "competent"),
        ("contraction", "competent"),
    ]:
        explorer.controls["phase"].value = phase
        explorer.controls["valves"].value = valves
        want = _plain(valve_figure(phase, valves))
        assert _plain(explorer.live_figure)["layout"] == want["layout"], (phase, valves)
