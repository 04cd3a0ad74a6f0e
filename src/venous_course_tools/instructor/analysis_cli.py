"""Command line: ``python -m venous_course_tools.instructor.analysis_cli <quiz>``.

Run it after autograding (and, for the teach-back items, after hand grading). It reads the
gradebook and the autograded notebooks of one quiz and writes ``reports/<quiz>/analysis.html``
and ``reports/<quiz>/items.csv`` in the course folder (``quizzes/`` of this checkout unless
``--course-dir`` or ``$VENOUS_COURSE_DIR`` says otherwise). ``make quiz-analysis QUIZ=<id>``
runs it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from venous_course_tools.paths import REPO

from . import analysis, analysis_data, analysis_report

QUIZ_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class AnalysisError(RuntimeError):
    """The analysis could not be written; the message says what to do."""


def default_course_dir() -> Path:
    """$VENOUS_COURSE_DIR, else ``quizzes/`` of this checkout, else the current folder."""
    env = os.environ.get("VENOUS_COURSE_DIR")
    if env:
        return Path(env).resolve()
    repo = REPO / "quizzes"
    return repo if (repo / "nbgrader_config.py").exists() else Path.cwd()


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m venous_course_tools.instructor.analysis_cli",
        description="Item analysis of one graded quiz: which items to fix, at a glance.",
    )
    parser.add_argument("quiz", help="quiz id, e.g. quiz-01-understanding")
    parser.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="nbgrader course root (default: quizzes/ of this checkout)",
    )
    parser.add_argument(
        "--db-url",
        default=None,
        help="gradebook URL (default: $VENOUS_GRADEBOOK_URL, else gradebook.db in the course); "
        "prefer the variable for PostgreSQL: a password in a command line is visible to others",
    )
    args = parser.parse_args(argv)
    course = (args.course_dir or default_course_dir()).resolve()
    try:
        page, table, summary = run(course, args.quiz, args.db_url)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {page} and {table.name}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
