"""A throw-away class to try the whole instructor workflow in minutes, with no real students.

``make quiz-demo`` (``python -m venous_course_tools.instructor demo [DEST]``) builds, in a
folder of its own (default: ``venous-quiz-demo`` in the system's temporary folder):

* a copy of the course with quiz 01 and a roster of three invented students;
* an exchange where each student fetches and submits with the real ``nbgrader`` commands, as
  on a laptop or classroom server: one the model answers, one partial, one blank;

then runs every instructor step (students, release, collect, autograde, feedback, export),
says where the report and grades are, and (unless ``--no-lab``) starts JupyterLab on the demo
class with formgrader open, where demo-amy's teach-back waits to be hand-graded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import nbformat

from . import workflow

QUIZ = "quiz-01-understanding"
MARKER = ".venous-quiz-demo"
STUDENTS = {
    "demo-amy": "model",  # every model answer, and a teach-back for the grader
    "demo-ben": "partial",  # some right, some wrong
    "demo-cat": "blank",  # submitted without answering
}
PARTIAL = {
    "q1-answer": 'q1 = "B"',
    "q2-answer": 'q2 = "A"',
    "q4-answer": 'q4 = {1: "P", 2: "P", 3: "P", 4: "N", 5: "N"}',
    "q5-answer": 'q5 = {"A", "B", "C"}',
    "q7-answer": "q7 = round(104 / 144, 2)",
}
TEACH_BACK = (
    "A high number can mean the leg arteries are stiff, so it may not be true; the team "
    "will check the blood flow another way before choosing how firm the stockings are."
)


def default_dest() -> Path:
    return Path(tempfile.gettempdir()) / "venous-quiz-demo"


def model_answers(source: nbformat.NotebookNode) -> dict[str, str]:
    """{answer cell id: the model answer line(s)} from a source notebook's solution regions."""
    answers = {}
    for cell in source.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer") and "### BEGIN SOLUTION" in cell.source:
            body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            answers[grade_id] = body.strip()
    return answers


def _fresh(dest: Path) -> None:
    """Empty ``dest`` if it is an earlier demo; refuse any other folder that holds files."""
    if dest.exists() and any(dest.iterdir()):
        if not (dest / MARKER).exists():
            raise workflow.WorkflowError(
                f"{dest} already holds files that are not a quiz demo: choose another folder."
            )
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / MARKER).write_text("A throw-away quiz demo; safe to delete.\n", encoding="utf-8")


def _as_student(home: Path, student: str, exchange: Path, *args: str) -> None:
    """A student's own nbgrader command, in their folder, with their own cache."""
    cache = home.parent.parent / "caches" / student
    workflow.run_nbgrader(
        [
            *args,
            "--course",
            "venous-course",
            f"--Exchange.root={exchange}",
            f"--Exchange.cache={cache}",
            f"--student={student}",
        ],
        home,
    )


def build(dest: Path | None = None, progress: Callable[[str], None] = print) -> Path:
    """Build the demo class in ``dest`` and run every step; returns the demo course folder."""
    dest = (dest or default_dest()).expanduser().resolve()
    _fresh(dest)
    course = dest / "course"
    (course / "source").mkdir(parents=True)
    repo_course = workflow.REPO / "quizzes"
    shutil.copy2(repo_course / "nbgrader_config.py", course / "nbgrader_config.py")
    exchange = dest / "exchange"
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        # The demo's own exchange, so formgrader and later commands find it without settings.
        config.write(f"\n# The quiz demo's exchange.\nc.Exchange.root = {str(exchange)!r}\n")
    shutil.copytree(repo_course / "source" / QUIZ, course / "source" / QUIZ)
    exchange.mkdir()
    os.environ["VENOUS_EXCHANGE_ROOT"] = str(exchange)
    os.environ.pop("VENOUS_GRADEBOOK_URL", None)  # the demo's gradebook is its own SQLite file
    roster = course / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\n"
        + "".join(f"{s},{s[5:].title()},Demo,{s}@example.org\n" for s in STUDENTS),
        encoding="utf-8",
    )
    progress(f"Demo class in {dest}: {len(STUDENTS)} invented students, quiz {QUIZ}.")
    workflow.add_students(course, roster)
    workflow.release(course, QUIZ)
    progress("Released; each student fetches, answers and submits with nbgrader...")
    answers = model_answers(nbformat.read(course / "source" / QUIZ / f"{QUIZ}.ipynb", 4))
    for student, kind in STUDENTS.items():
        home = dest / "homes" / student
        home.mkdir(parents=True)
        _as_student(home, student, exchange, "fetch_assignment", QUIZ)
        path = home / QUIZ / f"{QUIZ}.ipynb"
        nb = nbformat.read(path, as_version=4)
        given = {"model": answers, "partial": PARTIAL, "blank": {}}[kind]
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            if grade_id in given:
                cell.source = given[grade_id]
            elif grade_id.endswith("-teachback") and kind == "model":
                cell.source = TEACH_BACK
        nbformat.write(nb, path)
        _as_student(home, student, exchange, "submit", QUIZ)
    workflow.collect(course, QUIZ)
    workflow.autograde(course, QUIZ, progress=progress)
    workflow.feedback(course, QUIZ)
    paths = workflow.export(course, QUIZ)
    progress("Every step ran. Next, as the instructor of this demo class:")
    progress(f"  report:      {workflow.report_paths(course, QUIZ)[1]}")
    progress(f"  grades:      {paths[-1]}")
    progress(
        "  hand-grade:  formgrader (Manual Grading > the quiz > demo-amy's submission), opened "
        f"by 'make quiz-demo' or: python -m venous_course_tools.lab --formgrader {course}"
    )
    progress(
        "  or without a browser: python -m venous_course_tools.instructor "
        f"--course-dir {course} grade {QUIZ}"
    )
    progress(f"  throw it away: rm -r {dest}")
    return course
