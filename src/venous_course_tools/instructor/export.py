"""Grade exports a spreadsheet cannot turn against the instructor.

nbgrader's own CSV export joins fields with commas, unquoted: a roster name with a comma shifts
every column, and a name such as ``=HYPERLINK(...)`` becomes a formula when the file is opened
in a spreadsheet. :class:`SafeCsvExportPlugin` writes the same columns with the ``csv`` module
and :func:`neutralise` prefixes every cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) with an apostrophe. ``nbgrader_config.py`` makes it ``nbgrader
export``'s plugin, so the course CLI and a plain ``nbgrader export`` both use it.
"""

from __future__ import annotations

import csv

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FIELDS = [
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
]


def neutralise(value: object) -> str:
    """Text of one CSV cell that a spreadsheet shows as text, never runs as a formula.

    Numbers are written as they are (a negative score is a number, not a formula).

    >>> neutralise("=1+1"), neutralise("-2.5"), neutralise(-2.5), neutralise(None)
    ("'=1+1", "'-2.5", '-2.5', '')
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeCsvExportPlugin(ExportPlugin):
    """nbgrader's CSV export (same columns), quoted, with formula-like cells neutralised."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        with open(dest, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_FIELDS)
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    try:
                        sub = gradebook.find_submission(assignment.name, student.id)
                    except MissingEntry:
                        timestamp, raw, penalty = None, 0.0, 0.0
                    else:
                        timestamp, raw = sub.timestamp, sub.score
                        penalty = sub.late_submission_penalty
                    row = [
                        assignment.name,
                        assignment.duedate,
                        timestamp,
                        student.id,
                        student.last_name,
                        student.first_name,
                        student.email,
                        float(raw),
                        float(penalty or 0.0),
                        max(0.0, float(raw) - float(penalty or 0.0)),
                        float(assignment.max_score),
                    ]
                    writer.writerow([neutralise(v) for v in row])
