"""A whole course, end to end through the exchange, driven by the instructor CLI (slow).

Roster of 3 -> release -> each student fetches and submits with their own exchange cache ->
collect -> autograde -> hand-grade the teach-back -> feedback -> return -> each student
fetches only their own feedback -> export; the exported grades are exactly the expected ones.
"""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys

import nbformat
import pytest
from quiz_helpers import (
    as_student,
    cell_by_id,
    clean_env,
    key_answers,
    make_course,
    read_nb,
    with_answers,
)

pytestmark = pytest.mark.slow
QUIZ = "quiz-02-treatment"

BOB = {  # expected score per item in the comment
    "q1": 'q1 = "D"',  # 1
    "q2": 'q2 = "B"',  # 0
    "q3": 'q3 = ["C", "D", "A", "B"]',  # the four callers by urgency since issue 27: 2
    # Q4 is a report-or-explain matrix since issue 27 (key R E R E E R): rows 1-3 right, rows 4-6
    # wrong: 3/6 of 2.5
    "q4": 'q4 = {1: "R", 2: "E", 3: "R", 4: "R", 5: "R", 6: "E"}',  # 1.25
    "q5": 'q5 = {"E", "A"}',  # 1 right - 1 wrong = 0
    "q6": 'q6 = "A"',  # 1
    "q7": 'q7 = "A"',  # 0
    "q8": 'q8 = {"C", "A"}',  # the key since issue 27 (A, C): 2
}  # 1 + 0 + 2 + 1.25 + 0 + 1 + 0 + 2 = 7.25


def cli(course, *args):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "venous_course_tools.instructor",
            "--course-dir",
            str(course),
            *args,
        ],
        text=True,
        capture_output=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_whole_course(tmp_path, monkeypatch):
    clean_env(monkeypatch)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    monkeypatch.setenv("VENOUS_EXCHANGE_ROOT", str(exchange))
    course = make_course(tmp_path, [QUIZ])
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\nalice,Alice,A,a@example.org\n"
        "bob,Bob,B,b@example.org\ncarol,Carol,C,c@example.org\ndave,Dave,D,d@example.org\n"
    )

    assert "Imported 4" in cli(course, "students", str(roster))
    cli(course, "release", QUIZ)

    key = key_answers(read_nb(course / "source" / QUIZ / f"{QUIZ}.ipynb"))
    answers = {"alice": key, "bob": BOB, "carol": {}, "dave": key}
    for student, given in answers.items():
        home = tmp_path / f"home-{student}"
        home.mkdir()
        as_student(student, home, exchange, "fetch_assignment", QUIZ)
        path = home / QUIZ / f"{QUIZ}.ipynb"
        nb = with_answers(read_nb(path), given)
        if student == "alice":
            cell_by_id(nb, "q9-teachback").source = "You stay awake; the vein is sealed ..."
        nbformat.write(nb, path)
        as_student(student, home, exchange, "submit", QUIZ)

    # Dave's exchange copy gets a link to the answer key: collect would copy the key itself.
    (dave_copy,) = (exchange / "venous-course" / "inbound").glob(f"dave+{QUIZ}+*")
    (dave_copy / "notes.ipynb").symlink_to(course / "source" / QUIZ / f"{QUIZ}.ipynb")
    collected = cli(course, "collect", QUIZ)
    assert "dave's submission in the exchange" in collected
    assert "notes.ipynb is a symbolic link" in collected
    out = cli(course, "autograde", QUIZ)
    assert "[4/4]" in out

    from nbgrader.api import Gradebook  # hand-grading the teach-back, as formgrader does

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        grade = gb.find_grade("q9-teachback", QUIZ, QUIZ, "alice")
        grade.manual_score = 1.5
        grade.needs_manual_grade = False  # what formgrader does on save
        gb.db.commit()

    cli(course, "feedback", QUIZ)
    cli(course, "return", QUIZ)
    totals = {"alice": "14", "bob": "7.25", "carol": "0"}  # dave was not graded: no feedback
    for student, total in totals.items():
        home = tmp_path / f"home-{student}"
        as_student(student, home, exchange, "fetch_feedback", QUIZ)
        pages = list((home / QUIZ / "feedback").rglob("*.html"))
        assert len(pages) == 1, (student, pages)
        page = html.unescape(re.sub(r"<[^>]+>", "", pages[0].read_text(encoding="utf-8")))
        assert "BEGIN HIDDEN TESTS" not in page and "Rationale" in page
        assert f"Your score: {total} of 14.5 points" in page  # each student gets their own

    cli(course, "export", QUIZ)
    with (course / "grades" / f"{QUIZ}-lms.csv").open() as fh:
        lms = {
            r["student_id"]: (r["score"], r["max_score"], r["status"]) for r in csv.DictReader(fh)
        }
    assert lms == {
        "alice": ("14", "14.5", "graded"),  # 12.5 autograded + 1.5 by hand
        "bob": ("7.25", "14.5", "graded"),
        "carol": ("0", "14.5", "graded"),
        "dave": ("", "14.5", lms["dave"][2]),
    }
    assert lms["dave"][2].startswith(
        "failed: unsafe file: the exchange copy was not collected: notes.ipynb is a symbolic link"
    )
    with (course / "grades" / "nbgrader-grades.csv").open() as fh:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert scores == {"alice": 14.0, "bob": 7.25, "carol": 0.0, "dave": 0.0}
