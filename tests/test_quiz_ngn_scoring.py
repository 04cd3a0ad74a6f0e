"""Partial credit of the Next Generation NCLEX items, by NCSBN's scoring rules (issue 16).

Each test cell is taken from the real source notebook (form checks and hidden tests together,
as the grader runs them) and run by the trusted runner on plain answer values, the way
autograde scores a submission: full, partial and no credit, and bad forms refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from venous_course_tools.instructor.preprocessors import run_trusted_test

SOURCE = Path(__file__).resolve().parents[1] / "quizzes" / "source"


def _test_cell(quiz: str, q: str) -> tuple[str, float]:
    nb = json.loads((SOURCE / quiz / f"{quiz}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade_id") == f"{q}-test":
            return "".join(cell["source"]), float(meta["points"])
    raise KeyError(q)


def _score(quiz: str, q: str, answer: object) -> float:
    """Points the cell gives: its last expression, full points without one, 0 on an error."""
    source, points = _test_cell(quiz, q)
    outputs = run_trusted_test(source, {q: answer})
    if outputs and outputs[-1].output_type == "error":
        return 0.0
    results = [o for o in outputs if o.output_type == "execute_result"]
    return float(results[-1].data["text/plain"]) if results else points


BOWTIE = ("quiz-04-case-study", "q4")
KEY = {"condition": "B", "actions": {"E", "G"}, "monitor": {"J", "L"}}


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (KEY, 3.0),
        ({"condition": "b", "actions": ["g", " E"], "monitor": ("L", "J")}, 3.0),
        ({"condition": "A", "actions": {"E", "G"}, "monitor": {"J", "L"}}, 2.4),  # 4 of 5
        ({"condition": "B", "actions": {"F", "H"}, "monitor": {"K", "M"}}, 0.6),  # 1 of 5
        ({"condition": "B", "actions": {"E", "F"}, "monitor": {"J", "K"}}, 1.8),  # 3 of 5
        ({"condition": "C", "actions": {"F", "H"}, "monitor": {"K", "M"}}, 0.0),
        ({"condition": "B", "actions": {"E", "G", "H"}, "monitor": {"J", "L"}}, 0.0),  # 3 actions
        ({"condition": "B", "actions": {"E", "G"}}, 0.0),  # a part missing
        ({"condition": "B", "actions": {"E", "G"}, "monitor": {"J", "L"}, "x": 1}, 0.0),
        ("B E G J L", 0.0),
    ],
)
def test_bowtie_scores_each_element(answer, points):
    assert _score(*BOWTIE, answer) == pytest.approx(points)


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        ({2, 3, 5, 6}, 2.0),
        ({2, 3, 5}, 1.5),
        ({2, 3, 1}, 0.5),  # 2 right - 1 wrong = 1 of 4
        (set(range(1, 8)), 0.5),  # selecting everything: 4 - 3
        ({1, 4, 7}, 0.0),
        ({2, 8}, 0.0),  # no finding 8
        ({"2", "3"}, 0.0),  # numbers, not text
    ],
)
def test_highlight_is_plus_minus_scored(answer, points):
    assert _score("quiz-04-case-study", "q1", answer) == pytest.approx(points)


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        ({1: "c", 2: "b", 3: "a"}, 2.0),
        ({"1": "C", "2": "B", "3": "b"}, 1.0),  # the pair right, gap 3 wrong
        ({1: "c", 2: "a", 3: "a"}, 1.0),  # reason right but its explanation wrong: the pair 0
        ({1: "a", 2: "b", 3: "a"}, 1.0),
        ({1: "a", 2: "a", 3: "b"}, 0.0),
        ({1: "c", 2: "b"}, 0.0),  # a gap missing
        ({1: "d", 2: "b", 3: "a"}, 0.0),
    ],
)
def test_drop_down_cloze_scores_the_reason_pair_together(answer, points):
    assert _score("quiz-03-outcomes", "q7", answer) == pytest.approx(points)


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        ({1: "W", 2: "F", 3: "W", 4: "W"}, 2.0),
        ({1: "W", 2: "W", 3: "W", 4: "W"}, 1.5),  # missing the rising night pain
        ({1: "F", 2: "W", 3: "F", 4: "F"}, 0.0),
    ],
)
def test_trend_item_scores_each_row(answer, points):
    assert _score("quiz-04-case-study", "q6", answer) == pytest.approx(points)


@pytest.mark.parametrize("row3", ["P", "S"])
def test_tributaries_accept_phlebectomy_or_foam_sclerotherapy(row3):
    answer = {1: "A", 2: "C", 3: row3, 4: "S", 5: "A"}  # column A repeats (issue 27)
    assert _score("quiz-03-outcomes", "q5", answer) == pytest.approx(2.0)
    # one of five rows wrong: 4 / 5 of 2 points
    assert _score("quiz-03-outcomes", "q5", {**answer, 3: "A"}) == pytest.approx(1.6)


CLOZE_KEY = {1: "c", 2: "f", 3: "a", 4: "g"}


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (CLOZE_KEY, 2.0),
        ({"1": "C", "2": " F", "3": "a", "4": "g"}, 2.0),  # case and spaces do not matter
        ({1: "c", 2: "e", 3: "a", 4: "g"}, 1.5),  # sensation misread: 3 of 4 gaps
        ({1: "c", 2: "f", 3: "h", 4: "d"}, 1.0),  # waits for 12 weeks, antibiotics: 2 of 4
        ({1: "b", 2: "e", 3: "h", 4: "d"}, 0.0),
        ({1: "c", 2: "c", 3: "a", 4: "g"}, 0.0),  # one option in two gaps is refused
        ({1: "c", 2: "f", 3: "a"}, 0.0),  # a gap missing
        ({1: "c", 2: "f", 3: "a", 4: "z"}, 0.0),  # no option z
    ],
)
def test_drag_and_drop_cloze_scores_each_gap(answer, points):
    assert _score("quiz-03-outcomes", "q13", answer) == pytest.approx(points)


MR_KEY = {1: {"P"}, 2: {"N"}, 3: {"T", "P"}, 4: {"T", "P"}, 5: {"N", "P"}}


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (MR_KEY, 2.5),
        ({"1": ["p"], 2: ("N",), 3: {"P", "T"}, 4: {"t", "P"}, 5: {"N", " P"}}, 2.5),
        ({**MR_KEY, 1: {"S", "P"}}, 2.1875),  # 8 right - 1 wrong = 7 of 8
        ({**MR_KEY, 3: {"P"}, 5: {"P"}}, 1.875),  # 6 right, none wrong = 6 of 8
        ({r: {"N", "T", "S", "P"} for r in MR_KEY}, 0.0),  # 8 right - 12 wrong: never below 0
        ({**MR_KEY, 2: set()}, 0.0),  # an empty row is refused by the form check
        ({**MR_KEY, 2: "N"}, 0.0),  # a row must be a set, not one letter
        ({1: {"P"}, 2: {"N"}}, 0.0),  # rows missing
    ],
)
def test_multiple_response_matrix_is_plus_minus_scored(answer, points):
    assert _score("quiz-03-outcomes", "q14", answer) == pytest.approx(points)


@pytest.mark.parametrize(
    "answer",
    [CLOZE_KEY, {1: "c", 2: "e", 3: "a", 4: "g"}, {1: "b", 2: "f", 3: "h", 4: "g"}],
)
def test_the_cloze_notebook_scores_as_the_scoring_rule(answer):
    from venous_course_tools.instructor import scoring

    rule = scoring.drag_and_drop_cloze_score(answer, CLOZE_KEY, 2)
    assert _score("quiz-03-outcomes", "q13", answer) == pytest.approx(rule)


@pytest.mark.parametrize(
    "answer",
    [MR_KEY, {**MR_KEY, 1: {"S", "P"}}, {**MR_KEY, 3: {"P"}, 4: {"N", "S", "T"}}],
)
def test_the_matrix_notebook_scores_as_the_scoring_rule(answer):
    from venous_course_tools.instructor import scoring

    rule = scoring.matrix_multiple_score(answer, MR_KEY, 2.5)
    assert _score("quiz-03-outcomes", "q14", answer) == pytest.approx(rule)
