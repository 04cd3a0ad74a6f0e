"""The one two-faces base: every object a notebook cell displays has a live and a static face.

In JupyterLab the live face renders (a widget, or plotly's own mimetype): its renderer
outranks HTML. The static book is configured to prefer ``text/html``
(``nb_mime_priority_overrides``), so it shows the static face: kernel-free HTML (a plotly
twin figure, or a self-check with an inline script). Figures (:mod:`venous_course.display`),
explorers (:mod:`venous_course.explorers.base`) and self-checks
(:mod:`venous_course.selfcheck.faces`) all build on :class:`TwoFaces`.
"""

from __future__ import annotations

from typing import Any


class TwoFaces:
    """Display protocol: subclasses give the live bundle, the static HTML and a plain line."""

    def live_bundle(self, include: Any = None, exclude: Any = None) -> dict:
        """The mimebundle JupyterLab renders (a widget view or a plotly figure)."""
        raise NotImplementedError

    def static_html(self) -> str:
        """The kernel-free face the book shows."""
        raise NotImplementedError

    def plain_text(self) -> str:
        """One line for plain-text front ends (and screen-reader friendly logs)."""
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = dict(self.live_bundle(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = self.plain_text()
        return bundle


class WidgetFaces(TwoFaces):
    """Two faces whose live face is an ipywidget, held in ``self.widget``."""

    widget: Any

    def live_bundle(self, include: Any = None, exclude: Any = None) -> dict:
        """The widget's own mimebundle (the widget-view mimetype)."""
        return self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
