"""An illustrative model of ankle venous pressure and the calf muscle pump.

ILLUSTRATIVE, NOT MEASURED: the model reproduces the shape of the textbook curves, not any
patient's numbers. Two anchors come from the literature (``ejap1993pressure``): standing ankle
venous pressure in a healthy person is roughly 80-90 mmHg (the weight of the blood column),
and walking with working valves lowers it to about 20-35 mmHg. With reflux the fall is smaller
and the pressure refills faster once walking stops; the refill time is the measure more often
abnormal (Raju et al. 2019, ``raju2019refill``). Sources give no precise figure for the fall in
refluxing legs, so the reflux and obstruction numbers here only show the direction of change.

Model: each step, a calf contraction ejects a fraction of the blood above a floor pressure;
between contractions the veins refill towards the standing pressure with a time constant.
Competent valves refill slowly (only arterial inflow); reflux refills fast (blood falls back
through the valves); obstruction limits how much each contraction can empty.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

STANDING_PRESSURE_MMHG = 85.0  # within the 80-90 mmHg range of ejap1993pressure
PRESSURE_FLOOR_MMHG = 15.0  # a contraction cannot empty the veins completely
STEP_PERIOD_S = 1.0  # one calf contraction a second, an ordinary walking cadence
CONTRACTION_S = 0.3
STAND_BEFORE_S = 5.0
STAND_AFTER_S = 60.0
SAMPLE_S = 0.05
REFILL_FRACTION = 0.9  # refill time = time to recover 90% of the pressure fall
MIN_STEPS, MAX_STEPS = 1, 60
MIN_STRENGTH, MAX_STRENGTH = 0.2, 1.5


@dataclass(frozen=True)
class ValveState:
    """Model parameters of one leg condition (illustrative values)."""

    key: str
    label: str
    ejection_fraction: float  # share of (pressure - floor) one contraction removes
    refill_time_constant_s: float


VALVE_STATES: tuple[ValveState, ...] = (
    ValveState("competent", "Competent valves", 0.35, 12.0),
    ValveState("superficial_reflux", "Superficial reflux", 0.35, 4.0),
    ValveState("deep_reflux", "Deep reflux", 0.35, 2.0),
    ValveState("obstruction", "Deep vein obstruction", 0.08, 10.0),
)
VALVE_STATE_KEYS: tuple[str, ...] = tuple(v.key for v in VALVE_STATES)


@dataclass(frozen=True)
class PressureTrace:
    """The model's output. Pressures in mmHg, times in seconds. Illustrative only."""

    valve_state: str
    time_s: np.ndarray
    pressure_mmhg: np.ndarray
    standing_pressure_mmhg: float
    ambulatory_pressure_mmhg: float  # mean pressure over the last step of walking
    refill_time_s: float  # time after walking to recover 90% of the fall
    walking_starts_s: float
    walking_ends_s: float

    @property
    def pressure_fall_mmhg(self) -> float:
        """How far walking lowered the pressure (standing minus ambulatory), in mmHg."""
        return self.standing_pressure_mmhg - self.ambulatory_pressure_mmhg


def valve_state(key: str) -> ValveState:
    """The :class:`ValveState` called ``key``; ``ValueError`` lists the known ones."""
    for state in VALVE_STATES:
        if state.key == key:
            return state
    raise ValueError(f"'{key}' is not a valve state; known: {', '.join(VALVE_STATE_KEYS)}.")


def _check_inputs(steps: int, pump_strength: float) -> None:
    if isinstance(steps, bool) or not isinstance(steps, int):
        raise ValueError(f"The number of steps must be a whole number; got {steps!r}.")
    if not MIN_STEPS <= steps <= MAX_STEPS:
        raise ValueError(
            f"The number of steps must be between {MIN_STEPS} and {MAX_STEPS}; got {steps}."
        )
    if (
        isinstance(pump_strength, bool)
        or not isinstance(pump_strength, int | float)
        or not math.isfinite(pump_strength)
        or not MIN_STRENGTH <= pump_strength <= MAX_STRENGTH
    ):
        raise ValueError(
            f"Calf pump strength must be between {MIN_STRENGTH} and {MAX_STRENGTH} "
            f"(1 = typical); got {pump_strength!r}."
        )


def _refill(pressure: float, seconds: float, tau: float) -> float:
    return STANDING_PRESSURE_MMHG - (STANDING_PRESSURE_MMHG - pressure) * math.exp(-seconds / tau)


def simulate(
    valve_state_key: str = "competent",
    steps: int = 10,
    pump_strength: float = 1.0,
    superficial_tourniquet: bool = False,
) -> PressureTrace:
    """Ankle venous pressure while standing, walking ``steps`` steps, then standing still.

    ``pump_strength`` scales the calf contraction (1 = typical, 0.2-1.5). A superficial
    tourniquet stops superficial reflux, so that leg then behaves like one with competent
    valves (the idea behind the tourniquet test); it does not help deep reflux or obstruction.
    Returns a :class:`PressureTrace`. Illustrative numbers, see the module docstring.
    """
    _check_inputs(steps, pump_strength)
    state = valve_state(valve_state_key)
    if superficial_tourniquet and state.key == "superficial_reflux":
        state = valve_state("competent")
    ejection = min(0.95, state.ejection_fraction * pump_strength)
    tau = state.refill_time_constant_s

    times: list[float] = []
    pressures: list[float] = []

    def sample(t0: float, duration: float, at: Callable[[float], float]) -> None:
        count = max(1, round(duration / SAMPLE_S))
        for i in range(count):
            offset = i * duration / count
            times.append(t0 + offset)
            pressures.append(at(offset))

    sample(0.0, STAND_BEFORE_S, lambda _t: STANDING_PRESSURE_MMHG)
    t = STAND_BEFORE_S
    pressure = STANDING_PRESSURE_MMHG
    last_step_start = len(times)
    for _ in range(steps):
        start = pressure
        emptied = start - ejection * (start - PRESSURE_FLOOR_MMHG)
        last_step_start = len(times)
        sample(t, CONTRACTION_S, lambda o, s=start, e=emptied: s + (e - s) * o / CONTRACTION_S)
        relax = STEP_PERIOD_S - CONTRACTION_S
        sample(t + CONTRACTION_S, relax, lambda o, e=emptied: _refill(e, o, tau))
        pressure = _refill(emptied, relax, tau)
        t += STEP_PERIOD_S
    walking_ends = t
    ambulatory = float(np.mean(pressures[last_step_start:]))
    sample(t, STAND_AFTER_S, lambda o, p=pressure: _refill(p, o, tau))
    times.append(t + STAND_AFTER_S)
    pressures.append(_refill(pressure, STAND_AFTER_S, tau))

    # Time to recover 90% of the fall: solve the exponential refill from the end of walking.
    remaining = 1.0 - REFILL_FRACTION
    fall_at_end = STANDING_PRESSURE_MMHG - pressure
    refill_time = tau * math.log(1.0 / remaining) if fall_at_end > 0 else 0.0
    return PressureTrace(
        valve_state=valve_state_key,
        time_s=np.asarray(times),
        pressure_mmhg=np.asarray(pressures),
        standing_pressure_mmhg=STANDING_PRESSURE_MMHG,
        ambulatory_pressure_mmhg=ambulatory,
        refill_time_s=refill_time,
        walking_starts_s=STAND_BEFORE_S,
        walking_ends_s=walking_ends,
    )
