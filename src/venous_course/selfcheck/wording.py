"""Every word a learner reads around a self-check, written once.

The widget face (JupyterLab) calls these functions when the learner checks an answer. The
book's face has no kernel, so it receives the same HTML, rendered here in advance for each
option and each way it can be answered; its inline script only picks and joins those pieces
(it holds no wording of its own). A test compares the two faces answer by answer.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from venous_course.selfcheck.grading import OptionFeedback
from venous_course.selfcheck.items import Option

CHECK = "Check answer"
RETRY = "Try again"
UP = "\u2191 Up"
DOWN = "\u2193 Down"
ORDERING_HINT_BOOK = (
    "Put the steps in order: use the Up and Down buttons (Tab to reach them, Enter or Space "
    "to press)."
)
ORDERING_HINT_LIVE = "Put the steps in order with the Up and Down buttons."
# The book's page keeps the key hidden (hashed, feedback obscured), so without JavaScript it
# can only say where the item works.
NO_SCRIPT = (
    "This self-check needs JavaScript to check your answer and show why each option is right "
    "or wrong; the module's notebook shows the same question in JupyterLab."
)
# Filled in by the page script with the step's text and its new position (1-based).
MOVED = "Moved \u201c{step}\u201d to position {position}."
# Stands for the per-option rows inside a feedback frame (see :func:`split_frame`).
ROWS = "\x00rows\x00"

_RIGHT_COLOUR = "#006e4f"
_WRONG_COLOUR = "#a04400"


def choice_hint(multi: bool) -> str:
    """The instruction under a choice item's prompt."""
    return "Select all that apply." if multi else "Choose one answer."


def legend(prompt: str) -> str:
    """The visible heading of an item (HTML-escaped)."""
    return f"Self-check: {html.escape(prompt)}"


def message_html(message: str) -> str:
    """A one-line message, for example that nothing was chosen yet."""
    return f"<p>{html.escape(message)}</p>"


def _row(right: bool, body: str) -> str:
    css, colour = ("vc-right", _RIGHT_COLOUR) if right else ("vc-wrong", _WRONG_COLOUR)
    # The tick or cross and the words carry the meaning; colour only repeats it.
    return f'<li class="{css}" style="color:{colour}">{body}</li>'


def choice_row_html(item: OptionFeedback, multi: bool) -> str:
    """One option's line of feedback: right or wrong, chosen or not, and its rationale."""
    mark = "\u2713" if item.right else "\u2717"
    verdict = "Correct option" if item.correct else "Incorrect option"
    if multi:
        yours = "you selected it" if item.chosen else "you did not select it"
    else:
        yours = "your answer" if item.chosen else "not chosen"
    return _row(
        item.right,
        f"<strong>{mark} {html.escape(item.text)}</strong>: {verdict}, {yours}. "
        f"{html.escape(item.rationale)}",
    )


def choice_feedback_html(rows: str, all_right: bool) -> str:
    """The whole feedback of a choice item around its option ``rows``."""
    head = "Correct." if all_right else "Not quite."
    return f"<p><strong>{head}</strong> Why each option is right or wrong:</p><ul>{rows}</ul>"


def ordering_row_html(step: str, right: bool) -> str:
    """One position's line of feedback for an ordering item."""
    where = "\u2713 In the right place" if right else "\u2717 Not in the right place"
    return _row(right, f"{where}: {html.escape(step)}")


def ordering_key_html(steps: Sequence[str], rationale: str) -> str:
    """The correct order and why (shown after checking, and without JavaScript)."""
    key = "".join(f"<li>{html.escape(s)}</li>" for s in steps)
    return f"<p>The correct order:</p><ol>{key}</ol><p>{html.escape(rationale)}</p>"


def ordering_feedback_html(rows: str, all_right: bool, steps: Sequence[str], rationale: str) -> str:
    """The whole feedback of an ordering item around its position ``rows``."""
    head = "Correct order." if all_right else "Not quite."
    return f"<p><strong>{head}</strong></p><ol>{rows}</ol>{ordering_key_html(steps, rationale)}"


def choice_key_html(options: Sequence[Option]) -> str:
    """Every option, whether it is correct, and why (for readers without JavaScript)."""
    items = "".join(
        f"<li>{html.escape(o.text)}: {'correct' if o.correct else 'incorrect'}. "
        f"{html.escape(o.rationale)}</li>"
        for o in options
    )
    return f"<p>Answers and rationales:</p><ul>{items}</ul>"


def split_frame(frame: str) -> list[str]:
    """A feedback frame rendered with :data:`ROWS` as its rows, split into [before, after]."""
    before, after = frame.split(ROWS)
    return [before, after]
