"""The course's batch autograde: worker processes grade the files, the gradebook is written
in one place, and the result is the same as grading one submission after another.

A class of designed submissions of quiz 01 (the key, blank, partial credit, a refused answer,
an invalid notebook, a written teach-back) is graded twice from identical copies: once in
this process, once with the files spread over two worker processes. Grades, comments,
statuses and autograded notebooks must be identical; a gradebook failure for one student
keeps that student's previous autograded notebook and leaves nothing half-written.
"""

from __future__ import annotations

import shutil

import pytest
from quiz_helpers import (
    cell_by_id,
    clean_env,
    key_answers,
    make_course,
    read_nb,
    submit_file,
    with_answers,
)

from venous_course_tools.instructor import grading, workflow

QUIZ = "quiz-01-understanding"


def _class(tmp_path):
    course = make_course(tmp_path, [QUIZ])
    workflow.release(course, QUIZ, to_exchange=False)
    blank = read_nb(course / "release" / QUIZ / f"{QUIZ}.ipynb")
    key = key_answers(read_nb(course / "source" / QUIZ / f"{QUIZ}.ipynb"))
    keyed = with_answers(blank, key)
    written = with_answers(blank, key)
    cell_by_id(written, "q10-teachback").source = "Keep the stockings on by day; call us if..."
    designed = {
        "key": keyed,
        "blank": blank,
        "half": with_answers(blank, dict(list(key.items())[: len(key) // 2])),
        "importer": with_answers(blank, {"q1": "import os\nq1 = 'A'"}),
        "notjson": "{ this is not a notebook",
        "teachback": written,
    }
    for student, nb in designed.items():
        submit_file(course, student, QUIZ, nb)
    return course, sorted(designed)


def _gradebook_rows(course, students):
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        for student in students:
            try:
                nb = gb.find_submission_notebook(QUIZ, QUIZ, student)
            except Exception:
                rows[student] = None
                continue
            rows[student] = (
                {g.name: (g.auto_score, g.needs_manual_grade) for g in nb.grades},
                {c.name: c.auto_comment for c in nb.comments},
            )
    return rows


def _autograded(course, student):
    path = course / "autograded" / student / QUIZ / f"{QUIZ}.ipynb"
    if not path.exists():
        return None
    nb = read_nb(path)
    return [(c.cell_type, c.source, c.get("outputs"), c.metadata.get("nbgrader")) for c in nb.cells]


def _grade(course, monkeypatch, parallel: bool):
    monkeypatch.setattr(grading, "PARALLEL_FROM", 1 if parallel else 10_000)
    monkeypatch.setattr(grading, "worker_count", lambda: 2)
    return workflow.autograde(course, QUIZ, progress=lambda _m: None, add_unknown=True)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        clean_env(mp)
        tmp = tmp_path_factory.mktemp("grade-batch")
        course, students = _class(tmp)
        serial_course = course
        parallel_course = shutil.copytree(course, tmp / "parallel")
        serial = _grade(serial_course, mp, parallel=False)
        parallel = _grade(parallel_course, mp, parallel=True)
        yield students, (serial_course, serial), (parallel_course, parallel)


def test_workers_grade_exactly_as_one_process_does(two_runs):
    students, (s_course, serial), (p_course, parallel) = two_runs
    as_row = {r.student_id: (r.status, r.reason, r.notes, r.score) for r in serial}
    assert as_row == {r.student_id: (r.status, r.reason, r.notes, r.score) for r in parallel}
    assert _gradebook_rows(s_course, students) == _gradebook_rows(p_course, students)
    for student in students:
        assert _autograded(s_course, student) == _autograded(p_course, student), student
    # the designed cases came out as designed, on both routes
    status = {r.student_id: r.status for r in parallel}
    assert status["notjson"] == "failed" and _autograded(p_course, "notjson") is None
    assert status["blank"] == "graded"
    notes = {r.student_id: r.notes for r in parallel}["teachback"]
    assert notes == ["q10-teachback: hand-graded item, waiting for a person"]
    assert status["importer"] == "needs manual grading"
    assert not list(p_course.glob("autograded/*/*/.*.pending"))


def test_a_gradebook_failure_keeps_the_old_autograded_copy(two_runs, monkeypatch):
    """Grading the class again (rows updated, not inserted): one student's gradebook write
    fails, the others are graded to the same values as the first time."""
    students, (s_course, _serial), (course, _rows) = two_runs
    before = _autograded(course, "half")
    real_record = grading._record

    def failing(gb, course_dir, quiz, prepared, *rest):
        if prepared.student == "half":
            raise RuntimeError("database is locked")
        return real_record(gb, course_dir, quiz, prepared, *rest)

    monkeypatch.setattr(grading, "_record", failing)
    # "blank" hands in the key this time: the rows of the earlier grading are updated
    shutil.copy(
        course / "submitted" / "key" / QUIZ / f"{QUIZ}.ipynb",
        course / "submitted" / "blank" / QUIZ / f"{QUIZ}.ipynb",
    )
    rows = {r.student_id: r for r in _grade(course, monkeypatch, parallel=True)}
    assert rows["half"].status == "failed" and "database is locked" in rows["half"].reason
    assert rows["key"].status != "failed"  # the rest of the class is graded
    assert _autograded(course, "half") == before
    others = [s for s in students if s not in {"half", "blank"}]
    assert _gradebook_rows(course, others) == _gradebook_rows(s_course, others)
    assert _gradebook_rows(course, ["blank"])["blank"] == _gradebook_rows(s_course, ["key"])["key"]
    assert rows["blank"].score == rows["key"].score != "0"
    assert not list(course.glob("autograded/*/*/.*.pending"))
