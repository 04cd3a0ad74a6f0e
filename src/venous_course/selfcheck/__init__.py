"""Formative self-checks: single best answer, select all that apply, and ordering.

Items are data (``venous_course/data/selfchecks/<module>.yml``, see
:mod:`venous_course.selfcheck.items`); a notebook cell shows one by its id::

    from venous_course import selfcheck
    selfcheck.show("04-lena")

Grading is a few pure functions (:mod:`~venous_course.selfcheck.grading`), every word the
learner reads is written once (:mod:`~venous_course.selfcheck.wording`), and the two faces,
widget and book (:mod:`~venous_course.selfcheck.faces`), both use them. Self-checks are
formative, not graded, so the feedback lives in the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from venous_course.selfcheck.faces import ChoiceCheck, OrderingCheck, face
from venous_course.selfcheck.grading import (
    OptionFeedback,
    all_right,
    check_ordering,
    check_select_all,
    check_single,
    display_order,
)
from venous_course.selfcheck.items import (
    ChoiceItem,
    Option,
    OrderingItem,
    SelfCheckError,
    all_items,
    choice_item,
    item,
    ordering_item,
)


def show(item_id: str) -> ChoiceCheck | OrderingCheck:
    """The self-check with this id (``"04-lena"``), ready to display in a notebook cell.

    Raises :class:`SelfCheckError` (a sentence naming the item and field) for an unknown id
    or an item that does not pass its checks.
    """
    return face(item(item_id))


def _inline_id(prompt: object) -> str:
    text = prompt if isinstance(prompt, str) else ""
    return f"'{text[:40]}'"


def single_answer(prompt: str, options: Sequence[Option]) -> ChoiceCheck:
    """A single-best-answer self-check written in a notebook cell (items normally live in
    the item files; see :func:`show`). Exactly one option must be correct."""
    return ChoiceCheck(choice_item(_inline_id(prompt), prompt, options, multi=False))


def select_all(prompt: str, options: Sequence[Option]) -> ChoiceCheck:
    """A select-all-that-apply self-check written in a notebook cell; at least one option
    must be correct."""
    return ChoiceCheck(choice_item(_inline_id(prompt), prompt, options, multi=True))


def ordering(prompt: str, steps: Sequence[str], rationale: str) -> OrderingCheck:
    """An ordering self-check written in a notebook cell; give ``steps`` in the CORRECT order."""
    return OrderingCheck(ordering_item(_inline_id(prompt), prompt, steps, rationale))


__all__ = [
    "ChoiceCheck",
    "ChoiceItem",
    "Option",
    "OptionFeedback",
    "OrderingCheck",
    "OrderingItem",
    "SelfCheckError",
    "all_items",
    "all_right",
    "check_ordering",
    "check_select_all",
    "check_single",
    "display_order",
    "item",
    "ordering",
    "select_all",
    "show",
    "single_answer",
]
