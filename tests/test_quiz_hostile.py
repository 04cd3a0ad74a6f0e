"""Hostile and broken submissions in one autograde batch (slow).

Every bad submission is graded or reported with a reason, the batch never stops, and the
well-behaved students get exactly the scores they earned.
"""

from __future__ import annotations

import copy
import csv

import nbformat
import pytest
from quiz_helpers import (
    cell_by_id,
    clean_env,
    grades,
    key_answers,
    make_course,
    read_nb,
    submit_file,
    with_answers,
)

from venous_course_tools.instructor import workflow

pytestmark = pytest.mark.slow
QUIZ = "quiz-01-understanding"
FULL_AUTO = 15.5  # every autograded item of quiz 01 (the teach-back adds 2 by hand)

PARTIAL = {  # expected score per item in the comment
    "q1": 'q1 = "B"',  # 1
    "q2": 'q2 = "A"',  # 0
    "q3": 'q3 = "c4b s, ep as pr"',  # 2 (same code, other spelling)
    "q4": 'q4 = {1: "P", 2: "P", 3: "P", 4: "N", 5: "N"}',  # 4 of 5 rows: 2.0 of 2.5
    "q5": 'q5 = {"A", "B", "C"}',  # 2 right - 1 wrong = 1 of 4: 0.5 of 2
    "q6": "q6 = 9",  # 2
    "q7": "q7 = 0.715",  # within 0.01: 2
    "q8": 'q8 = "D"',  # 0
    "q9": 'q9 = {"A", "B", "C", "D"}',  # 3 right - 1 wrong = 2 of 4: 1.0 of 2
}
PARTIAL_SCORE = 1 + 0 + 2 + 2.0 + 0.5 + 2 + 2 + 0 + 1.0


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        clean_env(mp)
        course = make_course(tmp_path_factory.mktemp("hostile"), [QUIZ])
        workflow.release(course, QUIZ, to_exchange=False)
        blank = read_nb(course / "release" / QUIZ / f"{QUIZ}.ipynb")
        key = with_answers(blank, key_answers(read_nb(course / "source" / QUIZ / f"{QUIZ}.ipynb")))

        good = copy.deepcopy(key)
        cell_by_id(good, "q10-teachback").source = "A high reading can mean stiff arteries ..."
        submit_file(course, "good", QUIZ, good)
        submit_file(course, "partial", QUIZ, with_answers(blank, PARTIAL))
        submit_file(course, "loop", QUIZ, with_answers(key, {"q1": "while True:\n    pass"}))
        submit_file(
            course,
            "sigint",
            QUIZ,
            with_answers(
                key,
                {
                    "q1": (
                        "import signal\n"
                        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                        "while True:\n    pass"
                    )
                },
            ),
        )
        deleted = copy.deepcopy(key)
        deleted.cells.remove(cell_by_id(deleted, "q2-test"))
        submit_file(course, "deleted", QUIZ, deleted)
        cheat = copy.deepcopy(blank)
        for cell in cheat.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-test"):
                cell.source = "assert True"
        submit_file(course, "asserttrue", QUIZ, with_answers(cheat, {"q1": 'q1 = "A"'}))
        stripped = copy.deepcopy(key)
        for cell in stripped.cells:
            cell.metadata.pop("nbgrader", None)
        submit_file(course, "stripped", QUIZ, stripped)
        submit_file(course, "badjson", QUIZ, nbformat.writes(key)[:-200] + "{{{ not json")
        submit_file(
            course,
            "huge_raises",
            QUIZ,
            with_answers(
                key, {"q1": 'print("x" * 1_000_000)\nq1 = "B"', "q3": 'raise RuntimeError("boom")'}
            ),
        )
        (course / "submitted" / "missing" / QUIZ).mkdir(parents=True)
        (course / "submitted" / "missing" / QUIZ / "notes.txt").write_text("forgot the notebook")

        messages: list[str] = []
        rows = workflow.autograde(
            course, QUIZ, workers=2, cell_timeout=3, submission_timeout=45, progress=messages.append
        )
        yield course, {r.student_id: r for r in rows}, messages


def auto_score(course, student):
    return sum(v or 0 for k, v in grades(course, QUIZ, student).items() if k.endswith("-test"))


def test_every_submission_is_reported(batch):
    course, rows, messages = batch
    print("\n".join(messages))
    assert len(rows) == 10
    assert any(m.startswith("[10/10]") for m in messages)
    with (course / "reports" / f"{QUIZ}-autograde.csv").open() as fh:
        assert {r["student_id"] for r in csv.DictReader(fh)} == set(rows)
    assert "need attention" in (course / "reports" / f"{QUIZ}-autograde.md").read_text()


def test_well_behaved_students_get_exact_scores(batch):
    course, rows, _ = batch
    assert rows["good"].status == "needs manual grading" and rows["good"].reason == ""
    assert auto_score(course, "good") == FULL_AUTO
    assert rows["partial"].status == "graded"  # an empty teach-back scores 0 by itself
    assert auto_score(course, "partial") == pytest.approx(PARTIAL_SCORE)


def test_failures_are_failures_not_zeros(batch):
    _, rows, _ = batch
    assert rows["sigint"].status == "failed" and "timeout" in rows["sigint"].reason
    assert rows["badjson"].status == "failed" and "invalid notebook" in rows["badjson"].reason
    assert rows["missing"].status == "failed" and "missing notebook" in rows["missing"].reason


def test_loop_huge_output_and_raising_cell_cost_only_their_item(batch):
    course, rows, _ = batch
    assert rows["loop"].status != "failed"
    assert any("time limit" in n for n in rows["loop"].notes)
    assert auto_score(course, "loop") == FULL_AUTO - 1
    # a 1 MB print in one answer and an exception in another: only the raising item is lost
    assert rows["huge_raises"].status != "failed"
    assert auto_score(course, "huge_raises") == FULL_AUTO - 2


def test_tampered_test_cells_are_restored_and_flagged(batch):
    course, rows, _ = batch
    assert rows["deleted"].status == "needs manual grading"
    assert "test cell deleted" in rows["deleted"].reason
    assert auto_score(course, "deleted") == FULL_AUTO  # the restored cell ran the hidden test
    assert rows["asserttrue"].status == "needs manual grading"
    assert "test cell altered" in rows["asserttrue"].reason
    assert auto_score(course, "asserttrue") == 0  # 'assert True' earned nothing


def test_stripped_metadata_is_reported(batch):
    _, rows, _ = batch
    row = rows["stripped"]
    assert row.status in {"failed", "needs manual grading"}
    assert "metadata stripped" in row.reason
