"""Read what item analysis needs: the quiz's items, the gradebook, each student's answers.

* The items (labels, points, option letters, keys) come from the instructor's own source
  notebooks in ``source/<quiz>/``: trusted files.
* Per-item scores and what still needs a person come from the gradebook, through nbgrader's API
  (``nbgrader.api.Gradebook``), so SQLite and PostgreSQL work the same way.
* The options a student chose come from their autograded notebook. Nothing a student wrote is
  ever executed: :func:`answer_values` reads an answer cell as source with ``ast`` and keeps
  only assignments of literal values.

Submissions that failed to autograde, or that were flagged for review, are counted and left
out; nothing here identifies a student in what it returns.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .analysis import Item
from .literals import assigned_names, read_answer_cell
from .report import FAILED, NEEDS_MANUAL, read_report

#: Longest answer cell read, in characters: a literal answer is a few dozen; anything longer
#: is not an answer to a choice item and is not worth parsing.
MAX_ANSWER_CHARS = 20_000
#: Largest autograded notebook read for answers, in bytes (a quiz notebook is about 50 KB).
MAX_NOTEBOOK_BYTES = 20_000_000
_OPTION_LINE = re.compile(r"^\s*[-*]\s+\*\*([A-Z])\.\*\*", re.M)
_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*$", re.M)
_POINTS_SUFFIX = re.compile(r"\s*\([^()]*\bpoints?\)\s*$", re.I)


class AnalysisDataError(RuntimeError):
    """The quiz, its gradebook or its submissions cannot be read; the message says why."""


@dataclass(frozen=True)
class QuizItem:
    """An item as found in the source notebook, with what is needed to read its answers."""

    item: Item
    notebook: str
    grade_id: str
    answer_cell: str | None
    variable: str | None
    hand_graded: bool


@dataclass
class Cohort:
    """The response matrix of the included submissions, and what was left out and why."""

    items: list[Item]
    fractions: list[list[float]]
    choices: list[list[frozenset[str] | None]]
    failed: int = 0
    needs_review: int = 0
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- answers


def answer_values(source: str) -> dict[str, object]:
    """The values an answer cell assigns, read exactly as the grader reads them.

    The cell is parsed, never run (:func:`.literals.read_answer_cell`: ``name = value`` lines
    and comments only, literals and simple arithmetic). A cell the grader refuses (any other
    statement, a call, an import, a cell too long or too deep) gives no values: the grader
    flagged it for a person, and the analysis leaves such submissions out.
    """
    cell = read_answer_cell(source, assigned_names(source))
    return dict(cell.values) if cell.readable else {}


def chosen_options(value: object) -> frozenset[str] | None:
    """The option letters in an answer: one letter, or a set/list/tuple of letters.

    Letters are stripped and upper-cased; anything that is not text is ignored. Returns None
    when the answer holds no text at all (no answer, a number, a dict).
    """
    if isinstance(value, str):
        parts = [value]
    elif isinstance(value, set | frozenset | list | tuple):
        parts = [v for v in value if isinstance(v, str)]
    else:
        return None
    letters = frozenset(p.strip().upper() for p in parts if p.strip())
    return letters or None


# ----------------------------------------------------------------------------- items


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _label(stem: str | None, grade_id: str) -> str:
    """The item's heading without its points, e.g. "Q1 · Single best answer"."""
    fallback = grade_id.removesuffix("-test").upper()
    if not stem:
        return fallback
    heading = _HEADING.search(stem)
    if not heading:
        return fallback
    return _POINTS_SUFFIX.sub("", heading.group(1)).strip() or fallback


def _choice_key(value: object, options: tuple[str, ...]) -> frozenset[str]:
    """The keyed letters of a choice item (single letter or a set); empty for other items."""
    if not options:
        return frozenset()
    if isinstance(value, str) or isinstance(value, set | frozenset):
        key = chosen_options(value) or frozenset()
        return key if key <= set(options) else frozenset()
    return frozenset()  # a list is an ordering item, a dict a matrix: not analysed by option


def quiz_items(source_dir: Path) -> list[QuizItem]:
    """The graded items of a quiz, in notebook order, read from its source notebooks.

    Each graded cell is one item. Its answer cell is the last answer (solution) code cell
    before it, and its stem the last read-only markdown cell before that: the layout of every
    quiz in ``quizzes/source``. Option letters are the ``- **A.** ...`` lines of the stem; the
    key is the model answer in the answer cell.
    """
    notebooks = sorted(source_dir.glob("*.ipynb"))
    if not notebooks:
        raise AnalysisDataError(f"There is no quiz notebook in {source_dir}.")
    found: list[QuizItem] = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        stem: str | None = None
        answer: nbformat.NotebookNode | None = None
        for cell in nb.cells:
            meta = _nbgrader(cell)
            grade_id = meta.get("grade_id", "")
            if cell.cell_type == "markdown" and not meta.get("grade") and not meta.get("solution"):
                stem, answer = cell.source, None
                continue
            if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
                answer = cell
                continue
            if not meta.get("grade"):
                continue
            hand = bool(meta.get("solution")) or cell.cell_type == "markdown"
            options = tuple(dict.fromkeys(_OPTION_LINE.findall(stem or "")))
            variable, key = None, frozenset()
            if answer is not None and not hand:
                values = answer_values(answer.source)
                if values:
                    variable = next(reversed(values))
                    key = _choice_key(values[variable], options)
            item_id = grade_id if len(notebooks) == 1 else f"{path.stem}/{grade_id}"
            found.append(
                QuizItem(
                    item=Item(
                        item_id=item_id,
                        label=_label(stem, grade_id),
                        max_points=float(meta.get("points", 0) or 0),
                        options=options if key else (),
                        key=key,
                    ),
                    notebook=path.stem,
                    grade_id=grade_id,
                    answer_cell=None if hand or answer is None else _nbgrader(answer)["grade_id"],
                    variable=variable,
                    hand_graded=hand,
                )
            )
            answer = None
    if not found:
        raise AnalysisDataError(f"The quiz notebooks in {source_dir} have no graded cells.")
    return [q for q in found if q.item.max_points > 0]


def submission_answers(autograded_dir: Path, items: list[QuizItem]) -> list[frozenset[str] | None]:
    """The options chosen on each item by one student (None for non-choice or unreadable)."""
    cells: dict[tuple[str, str], str] = {}
    for name in {q.notebook for q in items if q.item.is_choice}:
        path = autograded_dir / f"{name}.ipynb"
        try:
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                continue  # no literal answer needs this much; do not load it
            # Plain JSON, not nbformat: only the answer cells' sources are needed, and schema
            # validation of every notebook costs more than the whole analysis.
            nb = json.loads(path.read_text(encoding="utf-8"))
            notebook_cells = nb["cells"]
        except Exception:  # a missing or unreadable notebook just gives no answers
            continue
        for cell in notebook_cells if isinstance(notebook_cells, list) else []:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            meta = cell.get("metadata")
            nbg = meta.get("nbgrader") if isinstance(meta, dict) else None
            grade_id = nbg.get("grade_id") if isinstance(nbg, dict) else None
            source = cell.get("source")
            if isinstance(source, list):
                source = "".join(s for s in source if isinstance(s, str))
            if isinstance(grade_id, str) and isinstance(source, str):
                cells[(name, grade_id)] = source
    chosen: list[frozenset[str] | None] = []
    for q in items:
        source = cells.get((q.notebook, q.answer_cell or ""))
        if not q.item.is_choice or source is None or q.variable is None:
            chosen.append(None)
            continue
        chosen.append(chosen_options(answer_values(source).get(q.variable)))
    return chosen


# ----------------------------------------------------------------------------- gradebook


def gradebook_url(course: Path) -> str:
    """The gradebook the course uses: $VENOUS_GRADEBOOK_URL, else ``gradebook.db`` in it."""
    return os.environ.get("VENOUS_GRADEBOOK_URL") or "sqlite:///" + str(course / "gradebook.db")


@dataclass(frozen=True)
class GradeRecord:
    """One grade of one submission: the fraction of the points and whether a person is due."""

    fraction: float
    pending: bool


def read_grades(db_url: str, quiz: str) -> dict[str, dict[tuple[str, str], GradeRecord]]:
    """Per student id, the grade of every (notebook, grade cell) of ``quiz`` in the gradebook.

    The fraction is the manual score if a person gave one, else the autograder's, over the
    cell's points, without extra credit (which says nothing about the item) and capped at 1.
    """
    from nbgrader.api import (
        Assignment,
        Grade,
        Gradebook,
        GradeCell,
        MissingEntry,
        Notebook,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        # nbgrader would create an empty gradebook here; say what is missing instead.
        raise AnalysisDataError(
            f"There is no gradebook at {db_url.removeprefix('sqlite:///')}: "
            "autograde the quiz first (or set VENOUS_GRADEBOOK_URL)."
        )
    try:
        with Gradebook(db_url) as gb:
            try:
                gb.find_assignment(quiz)
            except MissingEntry:
                raise AnalysisDataError(
                    f"The gradebook has no quiz {quiz!r}: release and autograde it first."
                ) from None
            # One query over nbgrader's tables instead of walking the ORM objects, which costs
            # several queries per submission (seconds for a few hundred students).
            rows = (
                gb.db.query(
                    SubmittedAssignment.student_id,
                    Notebook.name,
                    GradeCell.name,
                    GradeCell.max_score,
                    Grade.auto_score,
                    Grade.manual_score,
                    Grade.needs_manual_grade,
                )
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                .join(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
                .join(Grade, Grade.notebook_id == SubmittedNotebook.id)
                .join(GradeCell, GradeCell.id == Grade.cell_id)
                .filter(Assignment.name == quiz)
                .all()
            )
            students = {
                student
                for (student,) in gb.db.query(SubmittedAssignment.student_id)
                .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
                .filter(Assignment.name == quiz)
            }
    except AnalysisDataError:
        raise
    except Exception as exc:  # SQLAlchemy raises many kinds for an unreachable database
        raise AnalysisDataError(
            f"Could not read the gradebook ({type(exc).__name__}): check that the database "
            "exists and that VENOUS_GRADEBOOK_URL, if set, points at it."
        ) from exc
    grades: dict[str, dict[tuple[str, str], GradeRecord]] = {s: {} for s in students}
    for student, notebook, cell, max_score, auto, manual, pending in rows:
        if max_score is None or max_score <= 0:
            continue
        earned = manual if manual is not None else auto
        fraction = min(1.0, max(0.0, (earned or 0.0) / max_score))
        grades[student][(notebook, cell)] = GradeRecord(fraction, bool(pending))
    return grades


# ----------------------------------------------------------------------------- cohort


def load_cohort(course: Path, quiz: str, db_url: str | None = None) -> Cohort:
    """The response matrix of every graded submission of ``quiz``, and what was left out.

    Left out (counted): submissions the autograde report marks failed, or flagged for review,
    or with no autograded notebook, or with an autograded item still waiting for a person.
    A hand-graded item (teach-back) enters the statistics only once every included submission
    has its hand grade; until then it is left out and a note says so.
    """
    source_dir = course / "source" / quiz
    if not source_dir.is_dir():
        raise AnalysisDataError(f"There is no quiz {quiz!r} in {course / 'source'}.")
    items = quiz_items(source_dir)
    grades = read_grades(db_url or gradebook_url(course), quiz)
    report = read_report(course / "reports" / f"{quiz}-autograde.csv")
    cohort = Cohort(items=[], fractions=[], choices=[])
    included: list[str] = []
    for student in sorted(grades):
        row = report.get(student)
        records = grades[student]
        autograded = course / "autograded" / student / quiz
        if (row and row.status == FAILED) or not autograded.is_dir() or not records:
            cohort.failed += 1
        elif (row and row.status == NEEDS_MANUAL and row.reason) or any(
            records.get((q.notebook, q.grade_id), GradeRecord(0, True)).pending
            for q in items
            if not q.hand_graded
        ):
            cohort.needs_review += 1
        else:
            included.append(student)
    # Submissions the report marks failed that never reached the gradebook count too.
    cohort.failed += sum(1 for s, r in report.items() if r.status == FAILED and s not in grades)

    kept: list[QuizItem] = []
    for q in items:
        if q.hand_graded:
            waiting = sum(
                records.get((q.notebook, q.grade_id), GradeRecord(0, True)).pending
                for records in (grades[s] for s in included)
            )
            if waiting:
                cohort.notes.append(
                    f"{q.item.label} is graded by hand and {waiting} included submission(s) "
                    "still wait for it, so it is left out of every statistic; run the "
                    "analysis again after hand grading."
                )
                continue
        kept.append(q)
    cohort.items = [q.item for q in kept]
    for student in included:
        records = grades[student]
        cohort.fractions.append([records[(q.notebook, q.grade_id)].fraction for q in kept])
        cohort.choices.append(submission_answers(course / "autograded" / student / quiz, kept))
    return cohort
