"""Pure scoring rules for the graded quizzes (no nbgrader, no I/O).

The hidden tests in ``quizzes/source`` carry a short inline copy of these rules, so a graded
notebook never imports this package while it is autograded (a student's cell could replace an
imported function before the hidden test runs). ``tests/test_quiz_scoring.py`` checks the
rules here; ``tests/test_quiz_pipeline.py`` checks that the notebooks score the same way.

Scoring follows the Next Generation NCLEX rules (NCSBN Clinical Judgment Measurement Model,
``ncsbn2023cjmm``): select-all-that-apply items use +/- scoring, matrix items 0/1 per row,
drag-and-drop cloze items 0/1 per gap, and multiple-response matrix items +/- scoring over the
whole grid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

#: Default tolerance for a calculated ankle-brachial pressure index (two decimals).
ABPI_TOLERANCE = 0.01


def _letter(value: object) -> str:
    """Return an option letter in canonical form (stripped, upper case)."""
    if not isinstance(value, str):
        raise ValueError(f'An answer option must be a letter in quotes, like "B"; got {value!r}.')
    return value.strip().upper()


def sata_score(chosen: Iterable[str], key: Iterable[str], points: float) -> float:
    """Score a select-all-that-apply item with +/- scoring.

    +1 for every correct option selected, -1 for every wrong option selected, never below 0;
    the raw score is scaled so that selecting exactly the key earns ``points``.

    >>> sata_score({"B", "D"}, {"B", "D", "E"}, 3)
    2.0
    >>> sata_score({"A", "B"}, {"B", "D"}, 2)
    0.0
    """
    chosen_set = {_letter(c) for c in chosen}
    key_set = {_letter(k) for k in key}
    if not key_set:
        raise ValueError("A select-all-that-apply item needs at least one correct option.")
    if points < 0:
        raise ValueError(f"Points must be zero or more; got {points}.")
    raw = len(chosen_set & key_set) - len(chosen_set - key_set)
    return round(max(raw, 0) / len(key_set) * points, 4)


def matrix_score(answer: Mapping[object, str], key: Mapping[object, str], points: float) -> float:
    """Score a matrix item: one point per row classified correctly, scaled to ``points``.

    Row labels are compared as stripped strings (so ``1`` and ``"1"`` are the same row);
    column letters are compared case-insensitively. Extra rows earn nothing.

    >>> matrix_score({1: "p", 2: "N"}, {"1": "P", "2": "P"}, 2)
    1.0
    """
    if not key:
        raise ValueError("A matrix item needs at least one row in its key.")
    given = {str(row).strip(): _letter(col) for row, col in answer.items()}
    correct = sum(1 for row, col in key.items() if given.get(str(row).strip()) == _letter(col))
    return round(correct / len(key) * points, 4)


def drag_and_drop_cloze_score(
    answer: Mapping[object, str], key: Mapping[object, str], points: float
) -> float:
    """Score a drag-and-drop cloze 0/1 per gap, scaled to ``points``.

    Every gap takes one option of a shared word bank, and each option is used at most once, so
    an answer that places one option in two gaps is refused. Gap numbers are compared as
    stripped strings; option letters case-insensitively. Extra gaps earn nothing.

    >>> drag_and_drop_cloze_score({1: "C", 2: "f", 3: "b"}, {1: "c", 2: "f", 3: "a"}, 3)
    2.0
    """
    if not key:
        raise ValueError("A drag-and-drop cloze needs at least one gap in its key.")
    given = {str(gap).strip(): _letter(option) for gap, option in answer.items()}
    if len(set(given.values())) < len(given):
        raise ValueError("Each word-bank option may fill only one gap; one letter is used twice.")
    correct = sum(
        1 for gap, option in key.items() if given.get(str(gap).strip()) == _letter(option)
    )
    return round(correct / len(key) * points, 4)


def matrix_multiple_score(
    answer: Mapping[object, Iterable[str]], key: Mapping[object, Iterable[str]], points: float
) -> float:
    """Score a multiple-response matrix with +/- scoring over the whole grid.

    Each row is a set of column letters. +1 for every keyed cell chosen, -1 for every cell
    chosen that is not keyed, never below 0; the raw score is scaled so that choosing exactly
    the key earns ``points``. A row the key does not have counts all its choices as wrong.

    >>> matrix_multiple_score({1: {"A"}, 2: {"B", "C"}}, {1: {"A", "C"}, 2: {"B"}}, 3)
    1.0
    """
    keyed = {str(row).strip(): {_letter(c) for c in cols} for row, cols in key.items()}
    total = sum(len(cols) for cols in keyed.values())
    if not total:
        raise ValueError("A multiple-response matrix needs at least one keyed cell.")
    if points < 0:
        raise ValueError(f"Points must be zero or more; got {points}.")
    right = wrong = 0
    for row, cols in answer.items():
        if isinstance(cols, str):
            raise ValueError(
                f'Each row is a set of letters in curly braces, like {{"A"}}; got {cols!r}.'
            )
        chosen = {_letter(c) for c in cols}
        wanted = keyed.get(str(row).strip(), set())
        right += len(chosen & wanted)
        wrong += len(chosen - wanted)
    return round(max(right - wrong, 0) / total * points, 4)


def ordering_correct(answer: Sequence[str], key: Sequence[str]) -> bool:
    """Return True when ``answer`` lists exactly the letters of ``key`` in the same order.

    Drag-and-drop ordering items are scored 0/1, as in the Next Generation NCLEX.
    """
    return [_letter(a) for a in answer] == [_letter(k) for k in key]


def within_tolerance(value: float, expected: float, tolerance: float = ABPI_TOLERANCE) -> bool:
    """Return True when ``value`` is within ``tolerance`` of ``expected`` (same units).

    Used for the ankle-brachial pressure index (a ratio, no unit): a student who rounds
    to two decimals is within 0.01 of the exact quotient.
    """
    if tolerance < 0:
        raise ValueError(f"The tolerance must be zero or more; got {tolerance}.")
    return abs(float(value) - float(expected)) <= tolerance + 1e-9


def normalise_ceap(code: str) -> str:
    """Return a CEAP code string in a canonical spelling for comparison.

    Case, spaces, commas and other punctuation carry no meaning for comparison:
    ``"C4b,s Ep As Pr"``, ``"c4bs ep as pr"`` and ``"C4b, s, Ep, As, Pr"`` all give
    ``"c4bsepaspr"``. CEAP 2020: Lurie F et al., J Vasc Surg Venous Lymphat Disord 2020
    (``lurie2020ceap``).
    """
    if not isinstance(code, str):
        raise ValueError(f'A CEAP code is text in quotes, like "C2s Ep As Pr"; got {code!r}.')
    canonical = re.sub(r"[^0-9a-z]", "", code.lower())
    if not canonical.startswith("c"):
        raise ValueError(f'A CEAP code starts with its clinical class, like "C2"; got {code!r}.')
    return canonical


def ceap_matches(answer: str, key: str) -> bool:
    """Return True when two CEAP code strings are the same code (see :func:`normalise_ceap`)."""
    return normalise_ceap(answer) == normalise_ceap(key)
