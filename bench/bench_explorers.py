"""Explorer responsiveness and twin size: printed, not asserted.

For every explorer named in ``venous_course.explorers._WHERE`` that imports, this builds it
with its defaults, then makes about 50 control changes and times each widget callback
(model + figure update, which run synchronously when a control's value is set). The p95 is
compared with a baseline measured in the same run: a bare ``FigureWidget`` data assignment.
Targets: p95 < 30 ms per callback; twin JSON < 300 KB.
"""

from __future__ import annotations

import importlib
import math
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course.explorers import _WHERE

CHANGES = 50
TIME_BUDGET_S = 15.0  # per explorer: a very slow one is reported on fewer changes
TARGET_P95_MS = 30.0
TARGET_TWIN_KB = 300.0


def p95(samples: list[float]) -> float:
    """95th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def baseline_ms(changes: int = CHANGES) -> list[float]:
    """Times of a bare FigureWidget y assignment (300 points) inside batch_update, in ms."""
    fig = go.FigureWidget(go.Scatter(x=list(range(300)), y=[0.0] * 300))
    times = []
    for k in range(changes):
        y = [float((i * (k + 1)) % 97) for i in range(300)]
        start = time.perf_counter()
        with fig.batch_update():
            fig.data[0].y = y
        times.append((time.perf_counter() - start) * 1000)
    return times


def _walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


def _controls(explorer: Any) -> list[Any]:
    """The explorer's named controls, or every value control found in its widget tree."""
    named = list(getattr(explorer, "controls", {}).values())
    if named:
        return named
    found = []
    for w in _walk(explorer.widget):
        if isinstance(w, go.FigureWidget) or not isinstance(w, widgets.ValueWidget):
            continue
        if isinstance(w, widgets.Text | widgets.Textarea | widgets.HTML | widgets.Label):
            continue
        if getattr(w, "disabled", False):
            continue
        found.append(w)
    return found


def _next_values(control: Any) -> Callable[[int], Any] | None:
    """A function k -> the k-th value to give ``control``, or None if it cannot be driven."""
    if isinstance(control, widgets.SelectMultiple):
        values = [v for _label, v in _option_pairs(control)]
        return lambda k: tuple(values[: 1 + k % len(values)]) if values else ()
    if hasattr(control, "options"):
        values = [v for _label, v in _option_pairs(control)]
        return (lambda k: values[k % len(values)]) if len(values) > 1 else None
    if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
        return lambda k: bool(k % 2)
    if hasattr(control, "min") and hasattr(control, "max"):
        lo, hi = control.min, control.max
        is_int = isinstance(control.value, int)

        def ranged(k: int) -> Any:
            value = lo + (hi - lo) * ((k * 3) % 8) / 7
            return round(value) if is_int else value

        return ranged
    if isinstance(control.value, int | float) and not isinstance(control.value, bool):
        start = control.value
        return lambda k: type(start)(start * (1 + 0.1 * ((k % 3) - 1))) if start else k % 3
    return None


def _option_pairs(control: Any) -> list[tuple[str, Any]]:
    pairs = []
    for option in control.options:
        if isinstance(option, tuple | list) and len(option) == 2:
            pairs.append((str(option[0]), option[1]))
        else:
            pairs.append((str(option), option))
    return pairs


def time_callbacks(explorer: Any, changes: int = CHANGES) -> list[float]:
    """Times (ms) of ``changes`` control changes, cycling through the drivable controls."""
    drivers = [(c, f) for c in _controls(explorer) if (f := _next_values(c)) is not None]
    if not drivers:
        return []
    times: list[float] = []
    began = time.perf_counter()
    for k in range(changes):
        if time.perf_counter() - began > TIME_BUDGET_S:
            break
        # Each control gets two changes in a row (e.g. tick then untick a checkbox), so one
        # control left in an unusual state does not make every later change trivial.
        control, values = drivers[(k // 2) % len(drivers)]
        value = values(k + 1)
        start = time.perf_counter()
        try:
            control.value = value
        except Exception:  # a value the control refuses is skipped, not timed
            continue
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_explorer(name: str) -> dict[str, Any]:
    """Build one explorer, time its callbacks and measure its twin's JSON size."""
    module = importlib.import_module(_WHERE[name])
    factory = getattr(module, name)
    start = time.perf_counter()
    explorer = factory()
    build_ms = (time.perf_counter() - start) * 1000
    times = time_callbacks(explorer)
    start = time.perf_counter()
    twin_json = explorer.static_figure().to_json()
    twin_ms = (time.perf_counter() - start) * 1000
    return {
        "name": name,
        "build_ms": build_ms,
        "changes": len(times),
        "median_ms": statistics.median(times) if times else float("nan"),
        "p95_ms": p95(times) if times else float("nan"),
        "twin_kb": len(twin_json) / 1024,
        "twin_ms": twin_ms,
    }


def main(names: list[str] | None = None) -> list[dict[str, Any]]:
    """Run the benchmark for every importable explorer (or only ``names``); print a table."""
    base = baseline_ms()
    print(
        f"baseline: bare FigureWidget y assignment (300 points), {len(base)} changes: "
        f"median {statistics.median(base):.2f} ms, p95 {p95(base):.2f} ms"
    )
    header = (
        f"{'explorer':<22}{'build ms':>10}{'changes':>9}{'median ms':>11}{'p95 ms':>9}"
        f"{'p95/base':>10}{'p95<30ms':>10}{'twin KB':>9}{'<300KB':>8}"
    )
    print(header)
    print("-" * len(header))
    results = []
    base_p95 = p95(base) or float("nan")
    for name in names or list(_WHERE):
        if name not in _WHERE:
            print(f"{name:<22}is not an explorer name")
            continue
        try:
            importlib.import_module(_WHERE[name])
        except ImportError:
            print(f"{name:<22}not available yet (module does not import)")
            continue
        try:
            row = bench_explorer(name)
        except Exception as error:  # report and carry on with the other explorers
            print(f"{name:<22}failed: {type(error).__name__}: {error}")
            continue
        results.append(row)
        ok_time = "yes" if row["p95_ms"] < TARGET_P95_MS else "NO"
        ok_size = "yes" if row["twin_kb"] < TARGET_TWIN_KB else "NO"
        print(
            f"{name:<22}{row['build_ms']:>10.0f}{row['changes']:>9}{row['median_ms']:>11.2f}"
            f"{row['p95_ms']:>9.2f}{row['p95_ms'] / base_p95:>10.1f}{ok_time:>10}"
            f"{row['twin_kb']:>9.1f}{ok_size:>8}"
        )
    print(
        f"targets: widget callback p95 < {TARGET_P95_MS:.0f} ms; "
        f"twin JSON < {TARGET_TWIN_KB:.0f} KB"
    )
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
