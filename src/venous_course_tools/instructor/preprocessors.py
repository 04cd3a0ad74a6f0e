"""nbgrader preprocessors that keep answer keys, rubrics and rationales where they belong.

Where each piece of an item lives (``quizzes/source/<quiz>/<quiz>.ipynb``):

* the key: inside ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` of a test cell;
* the rationale: ``# RATIONALE:`` comment lines inside that same hidden region;
* the grader's rubric of a hand-graded answer: between ``BEGIN RUBRIC`` and ``END RUBRIC``
  lines of a read-only markdown cell.

``generate_assignment`` saves every cell to the gradebook first, then nbgrader's
``ClearHiddenTests`` and :class:`ClearRubric` cut those regions out of the release.
``autograde`` restores read-only and test cells from the gradebook, so the grader sees the
rubric in formgrader and the hidden tests run. ``generate_feedback`` runs
:class:`SanitizeFeedback`: every hidden region and rubric is removed again, every output is
cleared (failing assert lines and anything a student's code printed), and the rationale is
shown as a markdown cell under the item.
"""

from __future__ import annotations

import re
from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode, from_dict
from traitlets import Bool

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
    """Make an autograded notebook safe to return to a student.

    For every cell: cut hidden-test regions and rubric regions, clear outputs. After each
    graded code cell whose hidden region held a rationale, insert a markdown cell with it.
    Runs after nbgrader's ``GetGrades`` (scores are already computed).
    """

    enabled = Bool(True).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        new_cells: list[NotebookNode] = []
        for cell in nb.cells:
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
        return nb, resources
