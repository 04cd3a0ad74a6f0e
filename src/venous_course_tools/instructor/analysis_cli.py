"""Item analysis of one graded quiz, behind ``python -m venous_course_tools.instructor analysis``.

Run it after autograding (and, for the teach-back items, after hand grading). It reads the
gradebook and the autograded notebooks of one quiz and writes ``reports/<quiz>/analysis.html``
and ``reports/<quiz>/items.csv`` in the course folder (``quizzes/`` of this checkout unless
``--course-dir`` or ``$VENOUS_COURSE_DIR`` says otherwise). ``make quiz-analysis QUIZ=<id>``
runs it through the instructor command, like every other step.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import analysis, analysis_data, analysis_report

QUIZ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class AnalysisError(RuntimeError):
    """The analysis could not be written; the message says what to do."""


def report_folder(course: Path, quiz: str) -> Path:
    """Where the analysis of ``quiz`` is written: ``reports/<quiz>/`` in the course folder."""
    return course / "reports" / quiz


def run(course: Path, quiz: str, db_url: str | None = None) -> tuple[Path, Path, str]:
    """Analyse one quiz and write its report; return the page, the CSV and a summary line."""
    if not QUIZ_ID.match(quiz):
        raise AnalysisError(
            f"{quiz!r} is not a quiz id: use the folder name under source/, "
            "for example quiz-01-understanding."
        )
    try:
        cohort = analysis_data.load_cohort(course, quiz, db_url)
        stats = analysis.analyse(cohort.items, cohort.fractions, cohort.choices, cohort.notes)
    except analysis.TooFewSubmissions as exc:
        left_out = cohort.failed + cohort.needs_review
        extra = (
            f" ({left_out} more were left out: failed or waiting for review.)" if left_out else ""
        )
        raise AnalysisError(f"No report written for {quiz}. {exc}{extra}") from None
    except (analysis_data.AnalysisDataError, ValueError) as exc:
        raise AnalysisError(f"No report written for {quiz}: {exc}") from None
    page, table = analysis_report.write_report(
        stats, quiz, report_folder(course, quiz), cohort.failed, cohort.needs_review
    )
    flagged = [analysis_report.short_label(s.item.label) for s in stats.flagged]
    summary = (
        f"{stats.submissions} submission(s) analysed; "
        + (
            f"{len(flagged)} item(s) to check: {', '.join(flagged)}"
            if flagged
            else "no item flagged"
        )
        + f"; {cohort.failed} failed and {cohort.needs_review} waiting for review left out."
    )
    return page, table, summary
