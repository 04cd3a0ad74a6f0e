"""Hand-grading without a browser: list the answers that wait for a person, give a score.

Formgrader is the usual route. This writes the same gradebook fields formgrader writes when a
grader saves a score (``manual_score``, ``manual_comment``, ``needs_manual_grade``), through
nbgrader's gradebook API, so formgrader, feedback and export see it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat


class HandGradeError(ValueError):
    """A hand-grading request that cannot be done; the message says what to do."""


@dataclass(frozen=True)
class Waiting:
    """One answer that needs a person: who, which item, its points, and the answer text."""

    student: str
    item: str
    max_score: float
    manual_score: float | None
    answer: str


def waiting(db_url: str, course: Path, quiz: str, include_done: bool = False) -> list[Waiting]:
    """Every item of ``quiz`` that needs a person (and, with ``include_done``, those graded)."""
    from nbgrader.api import Gradebook, MissingEntry

    out: list[Waiting] = []
    with Gradebook(db_url) as gb:
        try:
            assignment = gb.find_assignment(quiz)
        except MissingEntry:
            raise HandGradeError(f"{quiz} is not in the gradebook: release it first.") from None
        for notebook in assignment.notebooks:
            for submission in notebook.submissions:
                student = submission.student.id
                path = course / "autograded" / student / quiz / f"{notebook.name}.ipynb"
                cells = _answers(path)
                for grade in submission.grades:
                    done = include_done and grade.manual_score is not None
                    if not (grade.needs_manual_grade or done):
                        continue
                    item = grade.name
                    answer = cells.get(item) or cells.get(item.replace("-test", "-answer"), "")
                    out.append(Waiting(student, item, grade.max_score, grade.manual_score, answer))
    return sorted(out, key=lambda w: (w.item, w.student))


def _answers(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    nb = nbformat.read(path, as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }


def set_score(
    db_url: str, quiz: str, student: str, item: str, score: float, comment: str | None
) -> float:
    """Record a hand-given score (and comment) for one item; returns the new total."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url) as gb:
        try:
            submission = gb.find_submission(quiz, student)
        except MissingEntry:
            raise HandGradeError(
                f"{student} has no graded submission of {quiz}: check the id, or autograde first."
            ) from None
        notebook_grades = {g.name: (nb.name, g) for nb in submission.notebooks for g in nb.grades}
        if item not in notebook_grades:
            items = ", ".join(sorted(notebook_grades))
            raise HandGradeError(f"{quiz} has no item {item!r}; its items are: {items}.")
        notebook_name, grade = notebook_grades[item]
        if not 0 <= score <= grade.max_score:
            raise HandGradeError(
                f"{item} is worth 0 to {grade.max_score:g} points; {score:g} is outside that."
            )
        grade.manual_score = score
        grade.needs_manual_grade = False
        if comment is not None:
            try:
                gb.find_comment(item, notebook_name, quiz, student).manual_comment = comment
            except MissingEntry:
                pass  # a test cell has no comment field in nbgrader; the score is what counts
        gb.db.commit()
        return float(gb.find_submission(quiz, student).score)
