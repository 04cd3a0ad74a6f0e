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
