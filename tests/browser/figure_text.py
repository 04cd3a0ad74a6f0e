"""The texts plotly draws in a figure, as boxes on screen, and which of them overlap.

The browser half (``FIGURE_TEXT_BOXES``) measures every visible SVG text of every figure on a
page (titles, axis titles, tick labels, legend items, annotations, bar texts, control labels)
and each legend's background, which hides whatever lies under it. The pure half
(:func:`overlapping_texts`) compares the boxes of one figure pair by pair: two boxes that
share more than ``tolerance`` pixels in both directions are texts drawn over each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

#: Pixels two boxes may share in each direction without counting as overlapping: the boxes
#: of SVG text include the font's line gap, so texts on neighbouring lines touch by a pixel.
TOLERANCE_PX = 2.0

# Each entry: {figure, kind, text, left, top, right, bottom}. The kind is the plotly group a
# text belongs to; "legend box" is a legend's background rectangle (it has no text).
FIGURE_TEXT_BOXES = """() => {
  const KINDS = [
    ['.g-gtitle', 'title'], ['.g-xtitle, .g-x2title, .g-x3title', 'x-axis title'],
    ['.g-ytitle, .g-y2title, .g-y3title', 'y-axis title'], ['.xtick', 'x tick label'],
    ['.ytick', 'y tick label'], ['.legend', 'legend item'], ['.annotation', 'annotation'],
    ['.bartext', 'bar text'], ['.textpoint', 'point text'], ['.updatemenu-container', 'control'],
    ['.slider-container', 'slider label'], ['.colorbar', 'colour bar'],
  ];
  const kindOf = (el) => {
    for (const [selector, kind] of KINDS) if (el.closest(selector)) return kind;
    return 'text';
  };
  const shown = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const out = [];
  for (const gd of document.querySelectorAll('.plotly-graph-div')) {
    if (!gd.getBoundingClientRect().width) continue;
    const add = (el, kind, text) => {
      const b = el.getBoundingClientRect();
      if (b.width < 1 || b.height < 1 || !shown(el)) return;
      out.push({figure: gd.id, kind, text, left: b.left, top: b.top, right: b.right,
                bottom: b.bottom});
    };
    for (const t of gd.querySelectorAll('svg.main-svg text')) {
      const text = (t.textContent || '').trim();
      if (text) add(t, kindOf(t), text.slice(0, 60));
    }
    for (const bg of gd.querySelectorAll('.legend > rect.bg')) add(bg, 'legend box', '');
  }
  return out;
}"""


@dataclass(frozen=True)
class TextBox:
    """Where one figure text (or a legend's background) is drawn, in CSS pixels."""

    figure: str
    kind: str
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def shared(self, other: TextBox) -> tuple[float, float]:
        """(width, height) of the area this box shares with ``other`` (0 when apart)."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return max(0.0, width), max(0.0, height)

    def describe(self) -> str:
        return f'{self.kind} "{self.text}"' if self.text else self.kind


def text_boxes(measured: Iterable[Mapping[str, object]]) -> list[TextBox]:
    """The browser's measurements (``FIGURE_TEXT_BOXES``) as :class:`TextBox` values."""
    return [
        TextBox(
            str(m["figure"]),
            str(m["kind"]),
            str(m["text"]),
            *(float(m[side]) for side in ("left", "top", "right", "bottom")),  # type: ignore[arg-type]
        )
        for m in measured
    ]


def _may_overlap(a: TextBox, b: TextBox) -> bool:
    # A legend's own items lie on its background by design; two backgrounds are no text.
    if "legend box" in (a.kind, b.kind):
        other = b if a.kind == "legend box" else a
        return other.kind not in ("legend item", "legend box")
    return True


def overlapping_texts(boxes: Iterable[TextBox], tolerance: float = TOLERANCE_PX) -> list[str]:
    """One sentence per pair of texts of the same figure drawn over each other: boxes that
    share more than ``tolerance`` pixels both across and down."""
    by_figure: dict[str, list[TextBox]] = {}
    for box in boxes:
        by_figure.setdefault(box.figure, []).append(box)
    found = []
    for figure, group in by_figure.items():
        for a, b in combinations(group, 2):
            width, height = a.shared(b)
            if width > tolerance and height > tolerance and _may_overlap(a, b):
                found.append(
                    f"{figure}: {a.describe()} overlaps {b.describe()} "
                    f"({width:.0f} x {height:.0f} px)"
                )
    return found
