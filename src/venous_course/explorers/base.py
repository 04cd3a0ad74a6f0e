"""The explorer object: one cell, two faces from the same model functions.

``Explorer.widget`` is the live ipywidgets face for JupyterLab; ``Explorer.static_figure()``
is the plotly-native twin (sliders, dropdowns or buttons over precomputed states) for the
static book. Both come from the one two-faces base, :class:`venous_course.faces.WidgetFaces`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any, ClassVar

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from venous_course.display import figure_html
from venous_course.faces import WidgetFaces


class Explorer(WidgetFaces):
    """A live widget plus a kernel-free twin figure, with a text alternative."""

    def __init__(
        self,
        title: str,
        widget: widgets.Widget,
        static_builder: Callable[[], go.Figure],
        alt_text: str,
        static_notes_html: str = "",
        *,
        controls: Mapping[str, widgets.Widget] | None = None,
        live_figure: go.FigureWidget | None = None,
        status: widgets.HTML | None = None,
    ) -> None:
        if not alt_text.strip():
            raise ValueError("Every explorer needs a text alternative.")
        self.title = title
        self.widget = widget
        self._static_builder = static_builder
        self.alt_text = alt_text
        # Extra kernel-free HTML shown under the twin (for example a guideline note).
        self.static_notes_html = static_notes_html
        # Optional handles for tests and benchmarks: the named controls, the live figure and
        # the status line (explorers without them still work).
        self.controls: dict[str, widgets.Widget] = dict(controls or {})
        self.live_figure = live_figure
        self.status = status

    def static_figure(self) -> go.Figure:
        """The plotly-native interactive figure that works without a kernel."""
        return self._static_builder()

    def static_html(self) -> str:
        """The book's face: the twin figure, its text alternative and any notes."""
        return figure_html(self.static_figure(), self.alt_text) + self.static_notes_html

    def plain_text(self) -> str:
        """``<title>: <text alternative>``."""
        return f"{self.title}: {self.alt_text}"


def status_line() -> widgets.HTML:
    """An empty status line for an explorer: model messages and input errors appear here."""
    return widgets.HTML(value="", layout=widgets.Layout(min_height="1.5em"))


def set_status(status: widgets.HTML, message: str, *, error: bool = False) -> None:
    """Show ``message`` in a status line; errors get a visible "Check your input" prefix.

    The text itself carries the meaning (not only its colour); ``role="status"`` lets screen
    readers announce it.
    """
    text = html.escape(message)
    if error:
        text = f'<strong style="color:#D55E00">Check your input:</strong> {text}'
    status.value = f'<div role="status" aria-live="polite">{text}</div>'


# --- Fast live updates -------------------------------------------------------------------
# A live callback should not rebuild a whole figure (plotly validates every property of a new
# figure, which takes tens of milliseconds). Instead, the figure modules give a "patch" for each
# control state: a mapping from a property path of the figure, as plotly spells it
# ("data[3].x", "layout.title.text", "layout.annotations[2].text"), to its plain value (a
# tuple, str or number). ``patch_figure`` assigns only the paths whose value differs from what
# the figure shows now, all in one ``batch_update`` (one message to the browser).

FigurePatch = Mapping[str, Any]
_PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


@lru_cache(maxsize=2048)
def path_keys(path: str) -> tuple[str | int, ...]:
    """Split a plotly property path into keys: "data[2].line.color" -> ("data", 2, "line",
    "color"). ``ValueError`` for a path that is not dotted names with optional [n] indices."""
    keys: list[str | int] = []
    for part in path.split("."):
        match = _PATH_PART.fullmatch(part)
        if match is None:
            raise ValueError(f"'{path}' is not a figure property path like 'data[0].x'.")
        keys.append(match.group(1))
        keys.extend(int(n) for n in re.findall(r"\d+", match.group(2)))
    if keys[0] not in ("data", "layout") or isinstance(keys[-1], int):
        raise ValueError(f"'{path}' must start with data[n] or layout and end with a name.")
    return tuple(keys)


def _parent(fig: Any, keys: tuple[str | int, ...]) -> Any:
    node = fig
    for key in keys[:-1]:
        node = node[key] if isinstance(key, int) else getattr(node, key)
    return node


def figure_value(fig: Any, path: str) -> Any:
    """The value a figure holds at a property path (None when it is not set)."""
    keys = path_keys(path)
    return _parent(fig, keys)[keys[-1]]


def same_value(old: Any, new: Any) -> bool:
    """True when two plotly property values are equal (lists, tuples and arrays by content)."""
    if old is new:
        return True
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        try:
            return bool(np.array_equal(np.asarray(old), np.asarray(new)))
        except (TypeError, ValueError):
            return False
    sequences = isinstance(old, list | tuple), isinstance(new, list | tuple)
    if sequences == (True, True):
        if type(old) is type(new) and old == new:
            return True
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new, strict=True))
    if any(sequences):
        return False
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


def patch_figure(
    live: go.Figure | go.FigureWidget,
    patch: FigurePatch,
    shown: FigurePatch | None = None,
) -> list[str]:
    """Assign the properties of ``patch`` that differ from what ``live`` shows, in one batch.

    Keys are plotly property paths ("data[1].y", "layout.shapes[0].x0"); values are plain
    data. ``shown`` is the patch the figure shows now (for example the previous state's):
    comparing with it reads nothing from the figure, which keeps a callback within a few ms.
    Without it each value is read from ``live`` (slower, but always right). Unchanged
    properties are not assigned, so nothing is re-validated or re-sent. Returns the paths that
    were assigned (empty when the figure already showed the state).
    """
    if shown is None:
        changed = [p for p, v in patch.items() if not same_value(figure_value(live, p), v)]
    else:
        changed = [p for p, v in patch.items() if p not in shown or not same_value(shown[p], v)]
    if not changed:
        return changed
    with live.batch_update():
        for path in changed:
            keys = path_keys(path)
            _parent(live, keys)[keys[-1]] = patch[path]
    return changed


class LivePatcher:
    """A live figure and the patch it shows now: ``show`` moves it to another state's patch.

    ``shown`` must be what the figure holds at the patch's paths when the patcher is made
    (typically the patch of the state the figure was built for).
    """

    def __init__(self, figure: go.Figure | go.FigureWidget, shown: FigurePatch) -> None:
        self.figure = figure
        self.shown = shown

    def show(self, patch: FigurePatch) -> list[str]:
        """Assign what differs between the shown patch and ``patch``; returns those paths."""
        changed = patch_figure(self.figure, patch, self.shown)
        self.shown = patch
        return changed


class LiveFace(widgets.VBox):
    """The live face every explorer shares: named controls, a status line, and a figure that is
    built once in the explorer's start state and then patched to each state it is moved to.

    A subclass declares its start state once (``START``), how to draw a state (``draw``) and
    a state's patch (``patch``, plain data from the figure module); it calls
    :meth:`start_live_figure` in its ``__init__`` and :meth:`show_state` when a control moves.
    """

    START: ClassVar[tuple[Any, ...]] = ()

    @staticmethod
    def draw(*state: Any) -> go.Figure:  # pragma: no cover - every explorer overrides it
        """The whole figure of a state (the pure builder)."""
        raise NotImplementedError

    @staticmethod
    def patch(*state: Any) -> FigurePatch:  # pragma: no cover - every explorer overrides it
        """A state's figure as property path -> value."""
        raise NotImplementedError

    def start_live_figure(self) -> go.FigureWidget:
        """The live figure, a copy of the (cached) start-state figure, and its patcher."""
        self.figure = go.FigureWidget(_start_figure(type(self)))
        self._patcher = LivePatcher(self.figure, self.patch(*self.START))
        self.status = status_line()
        return self.figure

    def show_state(self, *state: Any) -> list[str]:
        """Move the live figure to ``state``; returns the property paths that changed."""
        return self._patcher.show(self.patch(*state))

    def explorer(
        self, title: str, twin: Callable[[], go.Figure], alt_text: str, notes: str = ""
    ) -> Explorer:
        """This live face with its kernel-free twin, as one displayable :class:`Explorer`."""
        return Explorer(
            title,
            self,
            twin,
            alt_text,
            notes,
            controls=getattr(self, "controls", None),
            live_figure=self.figure,
            status=self.status,
        )


@cache
def _start_figure(face: type[LiveFace]) -> go.Figure:
    # Built once per explorer; every live widget copies it and then patches only what changes.
    return face.draw(*face.START)


def patched_values(fig: go.Figure | go.FigureWidget, paths: Any) -> dict[str, Any]:
    """The JSON form of each property path of ``fig`` (for comparing a live figure with a
    freshly built one in tests: tuples, lists and arrays all become lists)."""
    return {
        path: json.loads(json.dumps(figure_value(fig, path), cls=PlotlyJSONEncoder))
        for path in paths
    }
