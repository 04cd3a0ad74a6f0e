"""Grading of self-checks: small pure functions, tested without a browser or a widget."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from venous_course.selfcheck.items import Option

NOTHING_CHOSEN = "Choose one answer before checking."
NOTHING_SELECTED = "Select at least one option before checking."


@dataclass(frozen=True)
class OptionFeedback:
    """The result of one option after checking: was it chosen, should it have been."""

    text: str
    chosen: bool
    correct: bool
    rationale: str

    @property
    def right(self) -> bool:
        """True when the learner's choice for this option matches the key."""
        return self.chosen == self.correct


def check_single(options: Sequence[Option], chosen: int | None) -> list[OptionFeedback]:
    """Feedback for every option of a single-answer item when option ``chosen`` was picked.

    Raises ``ValueError`` when nothing (or an unknown option number) was chosen.
    """
    if chosen is None:
        raise ValueError(NOTHING_CHOSEN)
    if isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < len(options):
        raise ValueError(f"There is no option number {chosen!r} to choose.")
    return [
        OptionFeedback(o.text, index == chosen, o.correct, o.rationale)
        for index, o in enumerate(options)
    ]


def check_select_all(options: Sequence[Option], chosen: set[int]) -> list[OptionFeedback]:
    """Feedback for every option of a select-all item given the set of chosen option numbers.

    Raises ``ValueError`` when nothing was chosen or a number is not an option.
    """
    chosen = set(chosen)
    if not chosen:
        raise ValueError(NOTHING_SELECTED)
    unknown = [c for c in chosen if not (isinstance(c, int) and 0 <= c < len(options))]
    if unknown:
        raise ValueError(f"There is no option number {unknown[0]!r} to select.")
    return [
        OptionFeedback(o.text, index in chosen, o.correct, o.rationale)
        for index, o in enumerate(options)
    ]


def all_right(feedback: Sequence[OptionFeedback]) -> bool:
    """True when every option was answered as the key says."""
    return all(item.right for item in feedback)


def check_ordering(correct_steps: Sequence[str], answer: Sequence[str]) -> list[bool]:
    """For each position, whether ``answer`` has the step the correct order has there.

    Raises ``ValueError`` when ``answer`` is not a rearrangement of the same steps.
    """
    if sorted(answer) != sorted(correct_steps):
        raise ValueError("The answer must use every step exactly once.")
    return [given == expected for given, expected in zip(answer, correct_steps, strict=True)]


def display_order(prompt: str, steps: Sequence[str]) -> list[str]:
    """The steps in a deterministic shuffled order that is never the correct order.

    The shuffle is seeded from the prompt, so the page is the same at every build.
    """
    seed = int.from_bytes(hashlib.sha256(prompt.encode("utf-8")).digest()[:8], "big")
    shuffled = list(steps)
    random.Random(seed).shuffle(shuffled)
    if shuffled == list(steps):
        shuffled = shuffled[1:] + shuffled[:1]  # a rotation of distinct steps always differs
    return shuffled
