import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from venous_course import calf_pump as ph


def test_competent_valves_match_the_textbook_ranges():
    trace = ph.simulate("competent", steps=10)
    assert 80 <= trace.standing_pressure_mmhg <= 90
    assert 20 <= trace.ambulatory_pressure_mmhg <= 35
    assert trace.pressure_mmhg[0] == pytest.approx(trace.standing_pressure_mmhg)
    assert np.all(np.diff(trace.time_s) > 0)


def test_reflux_falls_less_and_refills_faster():
    normal = ph.simulate("competent")
    for state in ("superficial_reflux", "deep_reflux"):
        trace = ph.simulate(state)
        assert trace.ambulatory_pressure_mmhg > normal.ambulatory_pressure_mmhg
        assert trace.refill_time_s < normal.refill_time_s


def test_obstruction_limits_the_fall():
    assert (
        ph.simulate("obstruction").pressure_fall_mmhg < ph.simulate("competent").pressure_fall_mmhg
    )


def test_tourniquet_corrects_superficial_but_not_deep_reflux():
    normal = ph.simulate("competent")
    fixed = ph.simulate("superficial_reflux", superficial_tourniquet=True)
    assert fixed.ambulatory_pressure_mmhg == pytest.approx(normal.ambulatory_pressure_mmhg)
    deep = ph.simulate("deep_reflux", superficial_tourniquet=True)
    assert deep.ambulatory_pressure_mmhg == pytest.approx(
        ph.simulate("deep_reflux").ambulatory_pressure_mmhg
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"valve_state_key": "leaky"},
        {"steps": 0},
        {"steps": 61},
        {"steps": 2.5},
        {"pump_strength": 0},
        {"pump_strength": 2},
        {"pump_strength": float("nan")},
        {"steps": True},
    ],
)
def test_bad_input(kwargs):
    with pytest.raises(ValueError):
        ph.simulate(**kwargs)


@settings(max_examples=40, deadline=None)
@given(
    state=st.sampled_from(["superficial_reflux", "deep_reflux", "obstruction"]),
    steps=st.integers(ph.MIN_STEPS, ph.MAX_STEPS),
    strength=st.floats(ph.MIN_STRENGTH, ph.MAX_STRENGTH),
)
def test_never_negative_and_competent_always_falls_further(state, steps, strength):
    normal = ph.simulate("competent", steps, strength)
    other = ph.simulate(state, steps, strength)
    assert normal.pressure_mmhg.min() >= 0 and other.pressure_mmhg.min() >= 0
    assert normal.pressure_fall_mmhg > other.pressure_fall_mmhg
