"""Grade exports a spreadsheet cannot turn against the instructor.

nbgrader's own CSV export joins fields with commas, unquoted: a roster name with a comma shifts
every column, and a name such as ``=HYPERLINK(...)`` becomes a formula when the file is opened
in a spreadsheet. :class:`SafeCsvExportPlugin` writes the same columns with the ``csv`` module
and :func:`neutralise` prefixes every cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return) with an apostrophe. ``nbgrader_config.py`` makes it ``nbgrader
export``'s plugin, so the course CLI and a plain ``nbgrader export`` both use it.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin

from .safetext import printable

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
    text = "'" + text if text.startswith(FORMULA_STARTS) else text
    return printable(text)  # no terminal escape or hidden control reaches the file


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[TextIO]:
    """Write a text file so that readers see the old file or the whole new one, never half.

    The text goes to a temporary file in the same folder, renamed over ``path`` once complete;
    on any error the temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class SafeCsvExportPlugin(ExportPlugin):
    """nbgrader's CSV export (same columns), quoted, with formula-like cells neutralised."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        with atomic_write(Path(dest)) as fh:
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
