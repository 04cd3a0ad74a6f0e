"""The explorer object: one cell, two faces from the same model functions.

``Explorer.widget`` is the live ipywidgets face for JupyterLab; ``Explorer.static_figure()``
is the plotly-native twin (sliders, dropdowns or buttons over precomputed states) for the
static book. Displaying an explorer returns both in one mimebundle: JupyterLab renders the
widget (its renderer outranks HTML), the book renders the ``text/html`` twin.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course.display import figure_html


class Explorer:
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

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"{self.title}: {self.alt_text}"
        return bundle


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
