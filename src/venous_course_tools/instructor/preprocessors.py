"""nbgrader preprocessors that keep answer keys, rubrics and rationales where they belong.

Where each piece of an item lives (``quizzes/source/<quiz>/<quiz>.ipynb``):

* the key: inside ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` of a test cell;
* the rationale: ``# RATIONALE:`` comment lines inside that same hidden region;
* the grader's rubric of a hand-graded answer: between ``BEGIN RUBRIC`` and ``END RUBRIC``
  lines of a read-only markdown cell.

``generate_assignment`` saves every cell to the gradebook first, then nbgrader's
``ClearHiddenTests`` and :class:`ClearRubric` cut those regions out of the release.
``autograde`` restores read-only and test cells from the gradebook, so the grader sees the
rubric in formgrader. Autograde never runs the submission: :class:`GradeLiteralAnswers` takes
nbgrader's ``Execute`` step's place, reads each answer cell as source
(:mod:`.literals`) and runs the instructor's test cells, taken from the gradebook, against
those plain values in this trusted process; :class:`SaveAutoGradesWithReview` then stores the
scores through nbgrader's own ``SaveAutoGrades`` and marks refused answers for a person.
``generate_feedback`` runs
:class:`SanitizeFeedback`: every hidden region and rubric is removed again, every output is
cleared (failing assert lines and anything a student's code printed), and the rationale is
shown as a markdown cell under the item.
"""

from __future__ import annotations

import re
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from traitlets import Bool

from .grading import (
    REVIEW_KEY,
    grade_cells,
    is_student_id,
    load_trusted,
    refuse_optimised_python,
    restore_cells,
    run_trusted_test,
)
from .safetext import printable

__all__ = [
    "CheckSubmittedFiles",
    "ClearRubric",
    "GradeLiteralAnswers",
    "SanitizeFeedback",
    "SaveAutoGradesWithReview",
    "run_trusted_test",
]

BEGIN_HIDDEN = "BEGIN HIDDEN TESTS"
END_HIDDEN = "END HIDDEN TESTS"
BEGIN_RUBRIC = "BEGIN RUBRIC"
END_RUBRIC = "END RUBRIC"
RATIONALE_PREFIX = re.compile(r"^\s*#\s*RATIONALE:\s?(.*)$")

HIDDEN_REMOVED_NOTE = "# (The scoring checks of this item are not shown in feedback.)"


def cut_region(source: str, begin: str, end: str) -> tuple[str, list[str]]:
    """Remove every ``begin`` ... ``end`` region (delimiter lines included) from ``source``.

    Returns the remaining text and the lines that were inside the regions. An unterminated
    region is cut to the end of the text (safer than leaking it).
    """
    kept: list[str] = []
    inside: list[str] = []
    in_region = False
    for line in source.split("\n"):
        if begin in line:
            in_region = True
        elif end in line and in_region:
            in_region = False
        elif in_region:
            inside.append(line)
        else:
            kept.append(line)
    return "\n".join(kept), inside


def rationale_from_hidden(lines: list[str]) -> str:
    """Return the text of the ``# RATIONALE:`` comment lines, joined into one paragraph."""
    parts = [m.group(1).strip() for line in lines if (m := RATIONALE_PREFIX.match(line))]
    return " ".join(p for p in parts if p)


def _is_grade(cell: NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade", False))


class ClearRubric(Preprocessor):
    """Cut ``BEGIN RUBRIC`` ... ``END RUBRIC`` regions out of every cell (release and feedback)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if BEGIN_RUBRIC in cell.source:
            cell.source, _ = cut_region(cell.source, BEGIN_RUBRIC, END_RUBRIC)
        return cell, resources


class SanitizeFeedback(Preprocessor):
    """Make an autograded notebook safe to return to a student, from trusted data only.

    With the gradebook at hand (``resources['nbgrader']``, as in ``generate_feedback``) every
    read-only and test cell is rebuilt from the gradebook's copy, a cell the gradebook does not
    know (added by the student) is left out, and the student's own answers are shown as text:
    code answers as code, a markdown answer (the teach-back) as an indented code block, so
    HTML or markdown a student typed is displayed, never rendered. Then for every cell:
    hidden-test and rubric regions are cut, outputs are cleared, and after each graded code
    cell whose hidden region held a rationale a markdown cell with it is inserted. Runs after
    nbgrader's ``GetGrades`` (scores are already computed).
    """

    enabled = Bool(True).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        trusted = _trusted_cells(resources)
        new_cells: list[NotebookNode] = []
        for cell in nb.cells:
            if trusted is not None:
                cell = _from_trusted(cell, trusted)
                if cell is None:
                    continue
            rationale = ""
            if BEGIN_HIDDEN in cell.source:
                visible, hidden = cut_region(cell.source, BEGIN_HIDDEN, END_HIDDEN)
                rationale = rationale_from_hidden(hidden) if _is_grade(cell) else ""
                cell.source = visible.rstrip("\n") + "\n" + HIDDEN_REMOVED_NOTE
            if BEGIN_RUBRIC in cell.source:
                cell.source, _ = cut_region(cell.source, BEGIN_RUBRIC, END_RUBRIC)
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
            cell.pop("attachments", None)
            new_cells.append(cell)
            if rationale:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "item")
                new_cells.append(
                    from_dict(
                        {
                            "cell_type": "markdown",
                            "metadata": {"venous_course": {"rationale_for": grade_id}},
                            "source": f"**Rationale.** {rationale}",
                        }
                    )
                )
        nb.cells = new_cells
        nb.metadata.pop(REVIEW_KEY, None)
        return nb, resources


def _trusted_cells(resources: dict[str, Any]) -> dict[str, tuple[str, str, bool]] | None:
    """{grade id: (cell type, source, is an answer cell)} from the gradebook, if reachable."""
    info = resources.get("nbgrader") or {}
    if not all(k in info for k in ("db_url", "notebook", "assignment")):
        return None
    from nbgrader.api import Gradebook

    with Gradebook(info["db_url"]) as gb:
        notebook = gb.find_notebook(info["notebook"], info["assignment"])
        solutions = {c.name for c in notebook.solution_cells}
        return {c.name: (c.cell_type, c.source, c.name in solutions) for c in notebook.source_cells}


def quote_as_text(text: str) -> str:
    """Markdown that shows ``text`` literally: an indented code block (escaped when rendered)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join("    " + line.replace("\t", "    ") for line in lines)


def _from_trusted(
    cell: NotebookNode, trusted: dict[str, tuple[str, str, bool]]
) -> NotebookNode | None:
    """The feedback version of one cell, or None for a cell the gradebook does not know."""
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    if grade_id not in trusted:
        return None
    cell_type, source, is_answer = trusted[grade_id]
    meta = {"nbgrader": dict(cell.metadata["nbgrader"])}
    if not is_answer:
        out = {"cell_type": cell_type, "metadata": meta, "source": source}
    elif cell_type == "code":
        out = {"cell_type": "code", "metadata": meta, "source": str(cell.source)}
    else:
        answer = str(cell.source)
        out = {
            "cell_type": "markdown",
            "metadata": meta,
            "source": "**Your answer** (as you wrote it):\n\n" + quote_as_text(answer),
        }
    if out["cell_type"] == "code":
        out.update(outputs=[], execution_count=None)
    return from_dict(out)


# ---------------------------------------------------------------------------- autograde


class CheckSubmittedFiles(NbGraderPreprocessor):
    """The course pre-check's file checks, inside nbgrader's own autograde (first sanitize step).

    Plain ``nbgrader autograde`` and formgrader's *Autograde* button do not run the course CLI's
    pre-check; this step refuses, for them too, a submission reached through a symbolic link
    (the student's folder, the quiz folder or the notebook), a notebook over the size limit,
    and one with more cells than the quiz can hold. nbgrader then records that submission as
    failed and goes on with the class.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        from pathlib import Path

        from .precheck import shape_problem

        refuse_optimised_python()
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        name = f"{resources.get('unique_key', 'notebook')}.ipynb"
        info = resources.get("nbgrader") or {}
        if not is_student_id(str(info.get("student", ""))):
            raise ValueError(
                f"The submission folder name {printable(info.get('student', ''))!r} is not a "
                "valid student id (letters, digits, '.', '_' or '-'); rename or remove it, then "
                "autograde again."
            )
        for path in (folder.parent, folder, folder / name):
            if path.is_symlink():
                raise ValueError(
                    f"{printable(path)} is a symbolic link, so this submission is not graded: "
                    "ask the student for a new submission and collect it with the course's "
                    "collect step."
                )
        # The course root is three levels up: <root>/submitted/<student>/<quiz>.
        released = folder.parents[2] / "release" / folder.name / name
        if released.is_file():
            released_cells = len(nbformat.read(released, as_version=4).cells)
        else:  # no release folder here: the gradebook's cells are the quiz's
            from nbgrader.api import Gradebook

            with Gradebook(info["db_url"]) as gb:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
                released_cells = len(notebook.source_cells)
        size = (folder / name).lstat().st_size
        problem = shape_problem(name, size, len(nb.cells), released_cells)
        if problem:
            raise ValueError(f"{problem}: not graded.")
        return nb, resources


class GradeLiteralAnswers(NbGraderPreprocessor):
    """nbgrader's ``Execute`` step, without executing the submission.

    Rebuilds the notebook around the student's answers from the gradebook
    (:func:`.grading.restore_cells`), reads each answer cell as plain values and runs the
    instructor's test cells from the gradebook against them (:func:`.grading.grade_cells`).
    An answer that is not a plain value is never run: the tests that read it get a failing
    output with the reason, and the item is marked for review. Student-added cells never run.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        from nbgrader.api import Gradebook

        refuse_optimised_python()
        info = resources["nbgrader"]
        student = str(info.get("student", ""))
        if not is_student_id(student):
            raise ValueError(
                f"The submission folder name {printable(student)!r} is not a valid student id "
                "(letters, digits, '.', '_' or '-'); rename or remove it, then autograde again."
            )
        with Gradebook(info["db_url"]) as gb:
            trusted = load_trusted(gb, info["notebook"], info["assignment"])
        restore_cells(nb, trusted)
        review = grade_cells(nb, trusted)
        resources[REVIEW_KEY] = review
        nb.metadata[REVIEW_KEY] = review
        return nb, resources


class SaveAutoGradesWithReview(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, plus: an item whose answer was refused needs a person."""

    def _add_score(self, cell: NotebookNode, resources: dict[str, Any]) -> None:
        super()._add_score(cell, resources)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in resources.get(REVIEW_KEY, {}):
            grade = self.gradebook.find_grade(
                grade_id, self.notebook_id, self.assignment_id, self.student_id
            )
            grade.needs_manual_grade = True
            self.gradebook.db.commit()


# ---------------------------------------------------------------------------- rendering

#: Tags a rendered question, rationale or answer may use; anything else is shown as text.
SAFE_TAGS = frozenset(
    "a abbr b blockquote br code div em h1 h2 h3 h4 h5 h6 hr i li ol p pre span strong sub sup "
    "table tbody td th thead tr ul".split()
)


def safe_markdown2html(source: str) -> str:
    """Markdown to HTML with every tag, attribute and link scheme outside a safe list escaped.

    nbgrader's formgrader and feedback templates render markdown cells with ``markdown2html``
    and ignore ``HTMLExporter.sanitize_html``; ``nbgrader_config.py`` registers this function
    under that filter name, so a ``<script>`` or ``onerror=`` a student typed into the
    teach-back is shown as text to the grader and in feedback.
    """
    import bleach
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return bleach.clean(
        markdown2html_mistune(str(source)),
        tags=SAFE_TAGS,
        attributes={"a": ["href", "title"], "*": ["class"]},
        protocols=["http", "https", "mailto"],
    )
