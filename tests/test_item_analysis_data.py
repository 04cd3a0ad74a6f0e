"""Reading a quiz for item analysis (venous_course_tools.instructor.analysis_data).

Answer cells are read as source, never run: the hostile cells below would do harm if they were.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from venous_course_tools.instructor import analysis_data
from venous_course_tools.instructor.analysis_data import answer_values, chosen_options

REPO = Path(__file__).resolve().parents[1]


def test_answer_values_reads_plain_values_as_the_grader_does():
    source = (
        '# my answers\nq1 = None\nq1 = "b"\n'
        'q3 = {"A", "C"}\nq4 = {1: "P", 2: "N"}\nq5 = round(-0.72, 2)\n'
    )
    assert answer_values(source) == {
        "q1": "b",
        "q3": {"A", "C"},
        "q4": {1: "P", 2: "N"},
        "q5": -0.72,
    }


def test_a_cell_with_code_gives_no_values_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    source = (
        'q1 = "b"\n'
        f"open({str(marker)!r}, 'w').write('x')\n"
        'q2 = __import__("os").system("true")\n'
    )
    assert answer_values(source) == {}
    assert not marker.exists()


@pytest.mark.parametrize(
    "source",
    [
        'q1 = "B"\nq1 = input()',  # last binding not a literal
        'q1 = "B"\nq1 += "C"',
        'q1 = "B"\nfor q1 in ["C"]:\n    pass',
        'q1 = "B"\nimport q1',
        'q1 = "B"\nfrom os import path as q1',
        'q1 = "B"\ndef q1():\n    pass',
        'q1 = "B"\ndel q1',
        'q1 = "B"\nif (q1 := "C"):\n    pass',
        'q1 = "B"\nq1 = "C" if True else "D"',
    ],
)
def test_a_name_rebound_by_code_has_no_known_value(source):
    assert "q1" not in answer_values(source)


@pytest.mark.parametrize(
    "source",
    [
        "q1 = " + "[" * 500 + "]" * 500,  # too deeply nested for the parser
        'q1 = "' + "A" * 30_000 + '"',  # longer than any answer
        "q1 = (",  # does not parse
        "q1 = 10**10**10",  # an expression, not a literal: never computed
        "\x00",
    ],
)
def test_hostile_or_broken_cells_give_no_value(source):
    assert answer_values(source) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" b ", frozenset({"B"})),
        ({"a", "C"}, frozenset({"A", "C"})),
        (["A", 3, "d"], frozenset({"A", "D"})),
        (None, None),
        (7, None),
        ({1: "P"}, None),
        ("", None),
    ],
)
def test_chosen_options(value, expected):
    assert chosen_options(value) == expected


def test_items_of_a_real_quiz():
    items = analysis_data.quiz_items(REPO / "quizzes" / "source" / "quiz-01-understanding")
    by_id = {q.grade_id: q for q in items}
    q1 = by_id["q1-test"]
    assert q1.item.label == "Q1 · Single best answer"
    assert q1.item.options == ("A", "B", "C", "D") and q1.item.key == {"C"}
    assert (q1.answer_cell, q1.variable, q1.hand_graded) == ("q1-answer", "q1", False)
    q5 = by_id["q5-test"]
    assert q5.item.key == {"B", "C", "E", "F"} and len(q5.item.options) == 6
    assert by_id["q4-test"].item.is_choice is False  # a matrix: no option analysis
    assert by_id["q4-test"].item.max_points == 2.5
    assert by_id["q10-teachback"].hand_graded
    assert [q.grade_id for q in items][-1] == "q10-teachback"
    assert len(items) == 10


def test_ordering_item_is_not_a_choice_item():
    items = analysis_data.quiz_items(REPO / "quizzes" / "source" / "quiz-02-treatment")
    q3 = next(q for q in items if q.grade_id == "q3-test")
    assert not q3.item.is_choice


def test_missing_quiz_and_gradebook_are_sentences(tmp_path):
    with pytest.raises(analysis_data.AnalysisDataError, match="no quiz"):
        analysis_data.load_cohort(tmp_path, "quiz-09")
    (tmp_path / "source" / "quiz-09").mkdir(parents=True)
    with pytest.raises(analysis_data.AnalysisDataError, match="no quiz notebook"):
        analysis_data.load_cohort(tmp_path, "quiz-09")
    with pytest.raises(analysis_data.AnalysisDataError, match="no gradebook"):
        analysis_data.read_grades("sqlite:///" + str(tmp_path / "gradebook.db"), "quiz-09")
    assert not (tmp_path / "gradebook.db").exists()


def test_cli_refuses_a_path_as_quiz_id(tmp_path, capsys):
    from venous_course_tools.instructor.__main__ import main

    assert main(["--course-dir", str(tmp_path), "analysis", "../../etc"]) == 1
    err = capsys.readouterr().err
    assert "not a quiz id" in err and "Traceback" not in err
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("quiz", sorted(p.name for p in (REPO / "quizzes" / "source").iterdir()))
def test_every_choice_item_of_every_quiz_is_read_with_its_options(quiz):
    """If the quiz layout changes, the analysis must not silently lose its option analysis."""
    items = analysis_data.quiz_items(REPO / "quizzes" / "source" / quiz)
    for q in items:
        choice = "Single best answer" in q.item.label or "Select all" in q.item.label
        assert q.item.is_choice == choice, q.item.label
        if choice:
            assert q.item.key <= set(q.item.options) and len(q.item.options) >= 3


def test_answers_of_a_submission(tmp_path):
    import nbformat

    source = REPO / "quizzes" / "source" / "quiz-01-understanding"
    items = analysis_data.quiz_items(source)
    nb = nbformat.read(source / "quiz-01-understanding.ipynb", as_version=4)
    sources = {
        "q1-answer": 'q1 = None\nq1 = " c"',
        "q5-answer": 'q5 = ["a", "F"]',
        "q2-answer": "q2 = open('/etc/passwd').read()[0]",
        "q8-answer": "q8 = 8",
    }
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    nbformat.write(nb, tmp_path / "quiz-01-understanding.ipynb")
    chosen = dict(
        zip(
            [q.grade_id for q in items],
            analysis_data.submission_answers(tmp_path, items),
            strict=True,
        )
    )
    assert chosen["q1-test"] == {"C"} and chosen["q5-test"] == {"A", "F"}
    assert chosen["q2-test"] is None and chosen["q8-test"] is None
    assert chosen["q9-test"] == {"A", "C", "D", "E"}  # the model answer left in place
    assert chosen["q4-test"] is None  # a matrix: not a choice item
    assert analysis_data.submission_answers(tmp_path / "missing", items) == [None] * len(items)


def _gradebook_course(tmp_path, monkeypatch, teach_back_pending: bool):
    """A course whose gradebook is written through nbgrader's API (no kernels): six graded
    students, one with an autograded item still waiting for a person, one whose autograded
    notebook is missing, and one the autograde report marks failed (not in the gradebook)."""
    import shutil

    import nbformat
    from nbgrader.api import Gradebook

    # nbgrader shells out to alembic when it creates a gradebook: the venv's bin/ first.
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    monkeypatch.delenv("VENOUS_GRADEBOOK_URL", raising=False)
    quiz = "quiz-01-understanding"
    course = tmp_path / "course"
    shutil.copytree(REPO / "quizzes" / "source" / quiz, course / "source" / quiz)
    items = analysis_data.quiz_items(course / "source" / quiz)
    source_nb = nbformat.read(course / "source" / quiz / f"{quiz}.ipynb", as_version=4)
    picks = {"s1": "B", "s2": "B", "s3": "A", "s4": "C", "s5": "B", "s6": "D", "review": "B"}
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        gb.add_assignment(quiz)
        gb.add_notebook(quiz, quiz)
        for q in items:
            kind = "markdown" if q.hand_graded else "code"
            gb.add_grade_cell(q.grade_id, quiz, quiz, max_score=q.item.max_points, cell_type=kind)
        for student in [*picks, "no-notebook"]:
            gb.add_student(student)
            gb.add_submission(quiz, student)
            for grade in gb.find_submission_notebook(quiz, quiz, student).grades:
                if grade.name == "q1-test":
                    grade.auto_score = float(picks.get(student) == "B")
                elif grade.name == "q10-teachback":
                    grade.manual_score = None if teach_back_pending else 1.0
                    grade.needs_manual_grade = teach_back_pending
                    continue
                else:
                    grade.auto_score = grade.max_score / 2
                grade.needs_manual_grade = student == "review" and grade.name == "q6-test"
        gb.db.commit()
    for student, pick in picks.items():
        nb = nbformat.from_dict(source_nb)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "q1-answer":
                cell.source = f'q1 = "{pick}"'
        folder = course / "autograded" / student / quiz
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{quiz}.ipynb")
    (course / "reports").mkdir()
    (course / "reports" / f"{quiz}-autograde.csv").write_text(
        "student_id,status,reason,notes\nbroken,failed,invalid notebook: not JSON,\n",
        encoding="utf-8",
    )
    return course, quiz


def test_cohort_from_a_gradebook(tmp_path, monkeypatch):
    course, quiz = _gradebook_course(tmp_path, monkeypatch, teach_back_pending=True)
    cohort = analysis_data.load_cohort(course, quiz)
    assert (cohort.failed, cohort.needs_review, len(cohort.fractions)) == (2, 1, 6)
    assert [i.item_id for i in cohort.items][-1] == "q9-test"  # the teach-back waits
    assert "6 included submission(s) still wait for it" in cohort.notes[0]
    q1 = [i.item_id for i in cohort.items].index("q1-test")
    assert [row[q1] for row in cohort.fractions] == [1, 1, 0, 0, 1, 0]
    assert [row[q1] for row in cohort.choices] == [{c} for c in "BBACBD"]
    assert all(row[1] == 0.5 for row in cohort.fractions)  # q2: half of its point


def test_cohort_includes_the_hand_graded_item_once_graded(tmp_path, monkeypatch):
    course, quiz = _gradebook_course(tmp_path, monkeypatch, teach_back_pending=False)
    cohort = analysis_data.load_cohort(course, quiz)
    assert cohort.notes == [] and cohort.items[-1].item_id == "q10-teachback"
    assert all(row[-1] == 0.5 for row in cohort.fractions)


def test_new_ngn_items_are_read_as_non_choice_items():
    """Issue 27: a drag-and-drop cloze ({gap: letter}) and a multiple-response matrix
    ({row: {letters}}) have no per-option analysis, and their answers read as no options."""
    items = analysis_data.quiz_items(REPO / "quizzes" / "source" / "quiz-03-outcomes")
    by_id = {q.grade_id: q for q in items}
    assert by_id["q13-test"].item.is_choice is False and by_id["q13-test"].item.max_points == 2
    assert by_id["q14-test"].item.is_choice is False and by_id["q14-test"].item.max_points == 2.5
    assert chosen_options({1: "c", 2: "f"}) is None
    assert chosen_options({1: {"P"}, 3: {"T", "P"}}) is None
