"""Command line: ``python -m venous_course_tools.instructor <step> [options]``.

Steps: students, release, collect, autograde, feedback, return, export.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import workflow


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m venous_course_tools.instructor",
        description="Instructor workflow for the venous-course nbgrader quizzes.",
    )
    p.add_argument(
        "--course-dir",
        type=Path,
        default=None,
        help="nbgrader course root (default: quizzes/ of this checkout)",
    )
    sub = p.add_subparsers(dest="step", required=True)

    s = sub.add_parser(
        "students", help="import students from a roster CSV (id,first_name,last_name,email)"
    )
    s.add_argument(
        "roster",
        type=Path,
        nargs="?",
        default=None,
        help="roster CSV (default: roster.csv in the course folder)",
    )

    for name, text in [
        ("release", "generate the student version, check it for leaks, release it"),
        ("collect", "collect submissions from the exchange"),
        ("feedback", "generate feedback and check it for leaks"),
        ("return", "release the checked feedback to students"),
    ]:
        s = sub.add_parser(name, help=text)
        s.add_argument(
            "quiz",
            nargs="?",
            default=None,
            help="quiz id, e.g. quiz-01-understanding (default: all)",
        )
        if name == "release":
            s.add_argument(
                "--no-exchange",
                action="store_true",
                help="only generate release/<quiz> (e.g. to hand out files by LMS)",
            )

    s = sub.add_parser(
        "autograde",
        help="grade every submission: answers are read as plain values, no student code runs",
    )
    s.add_argument("quiz", nargs="?", default=None)
    s.add_argument(
        "--student", action="append", default=None, help="only this student (repeatable)"
    )

    s = sub.add_parser("export", help="export grades: nbgrader CSV plus one LMS CSV per quiz")
    s.add_argument("quiz", nargs="?", default=None)
    return p


def _quizzes(course: Path, quiz: str | None) -> list[str]:
    if quiz:
        return [quiz]
    found = sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    if not found:
        raise workflow.WorkflowError(f"No quizzes in {course / 'source'}.")
    return found


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    course = (args.course_dir or workflow.default_course_dir()).resolve()
    try:
        if args.step == "students":
            roster = args.roster or course / "roster.csv"
            n = workflow.add_students(course, roster)
            print(f"Imported {n} student(s) from {roster}.")
        elif args.step == "release":
            for quiz in _quizzes(course, args.quiz):
                out = workflow.release(course, quiz, to_exchange=not args.no_exchange)
                print(f"Released {quiz} ({out}); no solutions, hidden tests or rubrics in it.")
        elif args.step == "collect":
            for quiz in _quizzes(course, args.quiz):
                for student, path in workflow.collect(course, quiz).items():
                    print(
                        f"warning: {student}'s submission in the exchange holds a symbolic "
                        f"link ({path}); autograde will refuse it: ask for a new submission."
                    )
                print(f"Collected {quiz} into {course / 'submitted'}.")
        elif args.step == "autograde":
            failed = 0
            for quiz in _quizzes(course, args.quiz):
                if not args.quiz and not any((course / "submitted").glob(f"*/{quiz}")):
                    print(f"No submissions of {quiz} yet; skipped.")
                    continue
                rows = workflow.autograde(course, quiz, students=args.student)
                failed += sum(r.status == "failed" for r in rows)
            if failed:
                print(f"{failed} submission(s) could not be graded: see the report(s) above.")
        elif args.step == "feedback":
            for quiz in _quizzes(course, args.quiz):
                files = workflow.feedback(course, quiz)
                print(f"Feedback for {quiz}: {len(files)} file(s), checked for leaks.")
        elif args.step == "return":
            for quiz in _quizzes(course, args.quiz):
                workflow.return_feedback(course, quiz)
                print(f"Returned feedback for {quiz}.")
        elif args.step == "export":
            for path in workflow.export(course, args.quiz):
                print(f"Wrote {path}")
    except workflow.WorkflowError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
