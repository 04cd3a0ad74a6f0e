"""Every instructor step that cannot do its job says so in one sentence and exits non-zero.

Run through the real command line (``python -m venous_course_tools.instructor``) on a copy of
the course with nothing released, collected or graded: no traceback, never a success message
when nothing happened.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from quiz_helpers import clean_env, make_course

pytestmark = pytest.mark.slow  # about 20 command-line runs
QUIZ = "quiz-01-understanding"


@pytest.fixture
def course(tmp_path, monkeypatch):
    clean_env(monkeypatch)
    monkeypatch.setenv("VENOUS_EXCHANGE_ROOT", str(tmp_path / "exchange"))
    return make_course(tmp_path, [QUIZ])


def fails(course, *args) -> str:
    """Run one step; it must fail with one sentence on stderr and nothing claiming success."""
    proc = subprocess.run(
        [sys.executable, "-m", "venous_course_tools.instructor", "--course-dir", str(course)]
        + list(args),
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert not any(w in proc.stdout for w in ("Collected", "Imported", "Wrote", "Released"))
    return lines[0]


def test_missing_roster(course):
    assert "There is no roster at" in fails(course, "students")
    assert "roster.example.csv" in fails(course, "students", str(course / "nope.csv"))


def test_roster_that_is_not_a_csv_of_students(course):
    bad = course / "roster.csv"
    bad.write_bytes(b"\xff\xfe\x00binary")
    assert "not a UTF-8 CSV" in fails(course, "students")
    bad.write_text("id,first_name,last_name,email\n")
    assert "has no students" in fails(course, "students")
    bad.write_text("id,name\namy,Amy\n")
    assert "needs the columns" in fails(course, "students")


STEPS = ["release", "collect", "autograde", "feedback", "return", "export"]


@pytest.mark.parametrize("step", STEPS)
def test_unknown_quiz(course, step):
    message = fails(course, step, "quiz-9")
    assert "There is no quiz 'quiz-9'" in message and QUIZ in message


def test_nothing_collected(course):
    assert "Nothing to collect for quiz-01-understanding" in fails(course, "collect", QUIZ)
    assert "Nothing to collect: no student has submitted" in fails(course, "collect")


def test_nothing_to_give_feedback_on(course):
    assert "Nothing to give feedback on" in fails(course, "feedback", QUIZ)


def test_export_before_grading(course):
    assert "has not been autograded yet" in fails(course, "export", QUIZ)
    assert "Nothing to export" in fails(course, "export")


def test_autograde_before_release_or_collect(course):
    assert "run release first" in fails(course, "autograde", QUIZ)


def test_wrong_course_folder(tmp_path):
    assert "No quizzes in" in fails(tmp_path, "release")
