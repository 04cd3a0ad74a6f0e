"""The landing page's module guide: where to start, and about how long each module takes.

Nothing here is typed by hand: a module's time is estimated from what its built page holds,
its prose (reading speed), its self-check items and its interactive figures. The Sphinx side
(``{module-guide}`` in ``book/intro.md``) is wired in :mod:`venous_course_tools.book.sphinx`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

# Silent reading of non-fiction by adults averages about 240 words a minute (Brysbaert 2019,
# J Mem Lang 109:104047); studying unfamiliar clinical prose is slower, so the guide assumes 180.
WORDS_PER_MINUTE = 180
# Reading an item, choosing, and reading the rationale for every option.
MINUTES_PER_SELF_CHECK_ITEM = 1.5
# Trying the controls of an interactive figure and reading its text alternative.
MINUTES_PER_INTERACTIVE_FIGURE = 2.0
# Estimates are rounded up to whole 5 minutes: they are a guide, not a timetable.
ROUND_TO_MINUTES = 5

SELF_CHECK_MARK = 'class="vc-selfcheck"'
FIGURE_MARK = 'class="plotly-graph-div'
# Interactive book faces that are HTML rather than a plotly figure (the treatment table).
INTERACTIVE_HTML_MARKS = ('class="vc-treatments"',)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


@dataclass(frozen=True)
class PageLoad:
    """What a reader works through on one module page."""

    words: int
    self_check_items: int
    figures: int

    def minutes(self) -> int:
        """Estimated study time in minutes, rounded up to :data:`ROUND_TO_MINUTES`."""
        raw = (
            self.words / WORDS_PER_MINUTE
            + self.self_check_items * MINUTES_PER_SELF_CHECK_ITEM
            + self.figures * MINUTES_PER_INTERACTIVE_FIGURE
        )
        return max(ROUND_TO_MINUTES, math.ceil(raw / ROUND_TO_MINUTES) * ROUND_TO_MINUTES)

    def summary(self) -> str:
        """A short phrase: "7 self-check items, 2 interactive figures"."""

        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        return (
            f"{plural(self.self_check_items, 'self-check item')}, "
            f"{plural(self.figures, 'interactive figure')}"
        )


def count_words(text: str) -> int:
    """Words of running text (numbers count as words, punctuation does not)."""
    return len(_WORD.findall(text))


def page_load(doctree: Any) -> PageLoad:
    """The :class:`PageLoad` of a module page's doctree (as Sphinx pickled it after reading).

    Prose is every text node outside code and raw output; self-check items and figures are
    counted in the page's HTML outputs (a notebook's displays are raw HTML nodes).
    """
    from docutils import nodes

    words = 0
    raw_html: list[str] = []
    for node in doctree.findall(nodes.Text):
        if not _inside(node, (nodes.raw, nodes.literal_block, nodes.comment, nodes.literal)):
            words += count_words(str(node))
    for node in doctree.findall(nodes.raw):
        raw_html.append(node.astext())
    html = "\n".join(raw_html)
    figures = html.count(FIGURE_MARK) + sum(html.count(m) for m in INTERACTIVE_HTML_MARKS)
    return PageLoad(words, html.count(SELF_CHECK_MARK), figures)


def _inside(node: Any, kinds: tuple[type, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def total_minutes(loads: list[PageLoad]) -> int:
    """The course's whole estimated time, from the per-module (rounded) estimates."""
    return sum(load.minutes() for load in loads)


def hours_and_minutes(minutes: int) -> str:
    """``"4 h 25 min"``, or ``"45 min"`` under an hour."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"
