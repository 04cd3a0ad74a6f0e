"""Helpers for the nbgrader quiz tests: build a course in a temporary folder, edit notebooks.

Shaped like jupyter/nbgrader's own tests (nbgrader/tests/apps): every test copies the real
course configuration and source notebooks into tmp_path and drives the real commands.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
QUIZ_ROOT = REPO / "quizzes"
QUIZZES = sorted(p.name for p in (QUIZ_ROOT / "source").iterdir() if p.is_dir())
BIN = str(Path(sys.executable).parent)


def make_course(tmp_path: Path, quizzes: list[str] | None = None) -> Path:
    """Copy nbgrader_config.py and the chosen source quizzes into ``tmp_path/course``."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(QUIZ_ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for quiz in quizzes or QUIZZES:
        shutil.copytree(QUIZ_ROOT / "source" / quiz, course / "source" / quiz)
    return course


def clean_env(monkeypatch) -> None:
    """Make sure no outside setting points nbgrader at a real gradebook or exchange."""
    for var in (
        "VENOUS_GRADEBOOK_URL",
        "VENOUS_EXCHANGE_ROOT",
        "VENOUS_COURSE_DIR",
        "VENOUS_CELL_TIMEOUT",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PATH", BIN + os.pathsep + os.environ.get("PATH", ""))


def nbgrader(args: list[str], cwd: Path, ok: bool = True) -> subprocess.CompletedProcess:
    """Run a real nbgrader command (as a student or instructor would) in ``cwd``."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=300,
    )
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def cell_by_id(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def with_answers(nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """Copy of ``nb`` where answer cell ``qN-answer`` gets the source ``answers['qN']``."""
    nb = copy.deepcopy(nb)
    for q, source in answers.items():
        cell_by_id(nb, f"{q}-answer").source = source
    return nb


def submit_file(course: Path, student: str, quiz: str, nb: nbformat.NotebookNode | str) -> None:
    """Place a submission directly in ``submitted/`` (what ``nbgrader collect`` produces)."""
    folder = course / "submitted" / student / quiz
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{quiz}.ipynb"
    if isinstance(nb, str):
        target.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, target)


def hidden_regions(source_nb: nbformat.NotebookNode) -> list[str]:
    """Every non-empty line inside the hidden-test and solution regions of a source notebook."""
    lines: list[str] = []
    for cell in source_nb.cells:
        inside = False
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line or "BEGIN SOLUTION" in line or "BEGIN RUBRIC" in line:
                inside = True
            elif "END HIDDEN TESTS" in line or "END SOLUTION" in line or "END RUBRIC" in line:
                inside = False
            elif inside and line.strip() and not line.strip().startswith("# RATIONALE"):
                lines.append(line.strip())
    return lines


def grades(course: Path, quiz: str, student: str) -> dict[str, float | None]:
    """Score per graded cell of one submission, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        sub = gb.find_submission_notebook(quiz, quiz, student)
        return {g.name: g.score for g in sub.grades}


def max_scores(course: Path, quiz: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        nb = gb.find_notebook(quiz, quiz)
        return {c.name: c.max_score for c in nb.grade_cells}


def key_answers(source_nb: nbformat.NotebookNode) -> dict[str, str]:
    """The model answers of a source notebook, as {"q1": 'q1 = "B"', ...} (code items only)."""
    answers = {}
    for cell in source_nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("-answer") and "BEGIN SOLUTION" in cell.source:
            body = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            answers[grade_id.removesuffix("-answer")] = body.strip()
    return answers


COURSE_ID = "venous-course"


def as_student(student: str, home: Path, exchange: Path, *args: str) -> subprocess.CompletedProcess:
    """A real student-side nbgrader command (fetch, submit, fetch_feedback) with its own cache."""
    cache = home.parent / f"cache-{student}"
    return nbgrader(
        [
            *args,
            "--course",
            COURSE_ID,
            f"--Exchange.root={exchange}",
            f"--Exchange.cache={cache}",
            f"--student={student}",
        ],
        cwd=home,
    )
