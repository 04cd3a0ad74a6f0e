"""How the course shows a figure (two faces, :mod:`venous_course.faces`) and styles it.

In JupyterLab a figure renders through plotly's own mimetype (interactive, with a kernel).
The book shows the static face: the plotly div without plotly.js (the book loads plotly.js
once, from its own folder) plus a visible text alternative. plotly >= 6 renders to a mimetype
that myst-nb drops, so nothing in the course relies on plotly's default renderer for the book.
A notebook shows a figure with ``show_figure(figure, alt_text)`` (``from venous_course import
show_figure``; the name leaves IPython's own ``display`` alone).
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from venous_course.faces import TwoFaces

PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True}

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
# Default order for traces. Line dash or marker symbols are added by builders too, so colour
# is never the only carrier of meaning.
COLOURWAY: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["green"],
    OKABE_ITO["orange"],
    OKABE_ITO["purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)

_ids = itertools.count(1)


def _next_id(prefix: str) -> str:
    # Deterministic ids keep rebuilt pages identical (plotly's default is a random uuid).
    return f"{prefix}-{next(_ids)}"


def wrap_lines(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters with ``<br>`` (plotly's line
    break in titles and annotations); a single word longer than ``width`` keeps its own line."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def base_layout(title: str, x_title: str | None = None, y_title: str | None = None) -> dict:
    """The layout every course figure starts from: title, axis titles, readable fonts."""
    layout: dict[str, Any] = {
        "title": {"text": title},
        "colorway": list(COLOURWAY),
        "font": {"size": 14},
        "template": "plotly_white",
        "margin": {"l": 70, "r": 30, "t": 70, "b": 60},
    }
    if x_title is not None:
        layout["xaxis"] = {"title": {"text": x_title}}
    if y_title is not None:
        layout["yaxis"] = {"title": {"text": y_title}}
    return layout


def annotation_positions(figure: go.Figure) -> dict[str, int]:
    """{name: index} of ``figure``'s named annotations: what a patch path such as
    ``annotations[3].text`` needs, found by name so adding a note cannot shift it."""
    return {a.name: i for i, a in enumerate(figure.layout.annotations) if a.name}


#: The name of an annotation that labels a plotly menu or slider: in the book the control's
#: native twin carries the label, so the twin controls hide such annotations with the menus.
CONTROL_LABEL_NAME = "vc-control-label"


def control_label(text: str, y: float) -> dict[str, Any]:
    """The annotation that labels a figure's plotly menu (at the figure's left edge, ``y`` in
    plot fractions), named so the book hides it along with the menu (:data:`CONTROL_LABEL_NAME`).
    Give the menu the same words as its ``name``: that labels the book's native control."""
    return {
        "name": CONTROL_LABEL_NAME,
        "text": f"<b>{html.escape(text)}:</b>",
        "x": 0,
        "xref": "paper",
        "xanchor": "left",
        "y": y,
        "yref": "paper",
        "yanchor": "bottom",
        "showarrow": False,
    }


#: Where the book's script (book/_static/course.js) finds a figure's narrow layout.
NARROW_LAYOUT_KEY = "vc_narrow"
NARROW_TEXT_KEY = "vc_narrow_text"


def with_narrow_layout(
    figure: go.Figure,
    patch: Mapping[str, Any],
    trace_text: Mapping[int, list[str]] | None = None,
) -> go.Figure:
    """Attach the changes ``figure`` needs when drawn narrower than 600 px (a phone).

    ``patch`` maps plotly property paths (``"yaxis.ticktext"``, ``"annotations[2].text"``) to
    values, as ``Plotly.relayout`` takes them; ``trace_text`` gives shorter text for the bars
    of some traces (by trace index). Both ride in ``layout.meta``; the book applies them once a
    figure is narrow, before wrapping any text that still reaches past the edge. The figure
    builder knows what can be shortened or moved; the page script does not.
    """
    meta = figure.layout.meta
    merged = dict(meta) if isinstance(meta, Mapping) else {}
    merged[NARROW_LAYOUT_KEY] = dict(patch)
    if trace_text:
        merged[NARROW_TEXT_KEY] = {str(i): list(text) for i, text in trace_text.items()}
    figure.update_layout(meta=merged)
    return figure


def figure_html(figure: go.Figure, alt_text: str, *, element_id: str | None = None) -> str:
    """HTML for the static book: the plotly div (no plotly.js) and a visible text alternative."""
    if not alt_text or not alt_text.strip():
        raise ValueError("Every course figure needs a text alternative (alt_text).")
    fig_id = element_id or _next_id("vc-fig")
    div = pio.to_html(
        figure,
        full_html=False,
        include_plotlyjs=False,
        config=PLOTLY_CONFIG,
        div_id=fig_id,
        validate=False,
    )
    caption_id = f"{fig_id}-alt"
    from venous_course.figures.twin_controls import twin_controls_html  # figures import display

    return (
        f'<figure class="vc-figure" aria-describedby="{caption_id}">'
        f"{div}{twin_controls_html(figure, fig_id)}"
        f'<figcaption id="{caption_id}" class="vc-alt"><strong>Text alternative:</strong> '
        f"{html.escape(alt_text)}</figcaption></figure>"
    )


def plotly_bundle(figure: go.Figure) -> dict:
    """The plotly mimetype payload JupyterLab renders (JSON-safe)."""
    return json.loads(pio.to_json(figure, validate=False))


class FigureWithAlt(TwoFaces):
    """A plotly figure plus its text alternative, displayable in JupyterLab and the book."""

    def __init__(self, figure: go.Figure, alt_text: str) -> None:
        if not alt_text or not alt_text.strip():
            raise ValueError("Every course figure needs a text alternative (alt_text).")
        self.figure = figure
        self.alt_text = alt_text

    def live_bundle(self, include: Any = None, exclude: Any = None) -> dict:
        """plotly's own mimetype, which JupyterLab renders interactively."""
        return {PLOTLY_MIMETYPE: plotly_bundle(self.figure)}

    def static_html(self) -> str:
        """The plotly div and the visible text alternative."""
        return figure_html(self.figure, self.alt_text)

    def plain_text(self) -> str:
        """``Figure: <text alternative>``."""
        return f"Figure: {self.alt_text}"


def show_figure(figure: go.Figure, alt_text: str) -> FigureWithAlt:
    """Wrap a figure so a notebook cell shows it in JupyterLab and in the book."""
    return FigureWithAlt(figure, alt_text)
