"""`make quiz-demo` builds a graded throw-away class, and the teach-back can be hand-graded
from the command line (slow: the real nbgrader commands, as students and instructor)."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest
from quiz_helpers import clean_env

pytestmark = pytest.mark.slow
QUIZ = "quiz-01-understanding"


def cli(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "venous_course_tools.instructor", *args],
        text=True,
        capture_output=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stdout


def lms(course) -> dict[str, tuple[str, str]]:
    with (course / "grades" / f"{QUIZ}-lms.csv").open(newline="") as fh:
        return {r["student_id"]: (r["score"], r["status"]) for r in csv.DictReader(fh)}


def test_demo_class_then_hand_grading_without_a_browser(tmp_path, monkeypatch):
    clean_env(monkeypatch)
    out = cli("demo", str(tmp_path / "demo"), "--no-lab")
    course = tmp_path / "demo" / "course"
    assert "Every step ran" in out and "--formgrader" in out
    assert lms(course) == {
        "demo-amy": ("15.5", "needs manual grading"),  # the teach-back waits for a person
        # partial: Q1, Q2 wrong; Q4 four of five rows (2 of 2.5); Q5 +/- (2 right, 1 wrong
        # of 4 keyed: 0.5 of 2); Q7 right (2): 4.5
        "demo-ben": ("4.5", "graded"),
        "demo-cat": ("0", "graded"),
    }
    report = (course / "reports" / f"{QUIZ}-autograde.md").read_text()
    assert "| demo-ben | 4.5 / 17.5 | graded |" in report

    waiting = cli("--course-dir", str(course), "grade", QUIZ)
    assert "demo-amy q10-teachback (0 to 2 points)" in waiting
    assert "stiff" in waiting  # the answer itself, to read in the terminal
    assert "demo-cat" not in waiting
    done = cli(
        "--course-dir", str(course), "grade", QUIZ,
        "--student", "demo-amy", "--item", "q10-teachback", "--score", "1.5",
        "--comment", "Clear; add when to call the team.",
    )  # fmt: skip
    assert "total now 17" in done
    assert "Nothing in quiz-01-understanding waits" in cli(
        "--course-dir", str(course), "grade", QUIZ
    )
    cli("--course-dir", str(course), "export", QUIZ)
    assert lms(course)["demo-amy"] == ("17", "graded")
    # rebuilding replaces the old demo; another folder with files is refused
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x.txt").write_text("mine")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "venous_course_tools.instructor",
            "demo",
            str(tmp_path / "other"),
            "--no-lab",
        ],
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 1 and "not a quiz demo" in proc.stderr
