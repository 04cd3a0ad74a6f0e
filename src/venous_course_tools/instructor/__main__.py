"""Command line: ``python -m venous_course_tools.instructor <step> [options]``.

Steps: students, release, collect, autograde, grade (hand-grading without a browser),
feedback, return, export, analysis (item analysis of a graded quiz).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from . import workflow
from .safetext import printable


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
    s.add_argument(
        "--add-unknown",
        action="store_true",
        help="also grade folders of ids not on the roster, adding them to the gradebook",
    )

    s = sub.add_parser(
        "grade",
        help="hand-grade without a browser: list answers waiting for a person, or set a score",
    )
    s.add_argument("quiz")
    s.add_argument("--student", default=None, help="the student to give a score")
    s.add_argument("--item", default=None, help="the item, e.g. q10-teachback")
    s.add_argument("--score", type=float, default=None, help="points for that item")
    s.add_argument("--comment", default=None, help="a comment the student sees in feedback")
    s.add_argument("--all", action="store_true", help="also list items already hand-graded")

    s = sub.add_parser(
        "demo", help="a throw-away class of three invented students, every step run for you"
    )
    s.add_argument("dest", type=Path, nargs="?", default=None, help="folder for the demo")
    s.add_argument(
        "--no-lab", action="store_true", help="build and grade the class, but open no formgrader"
    )
    s.add_argument("--port", type=int, default=8888, help="formgrader's port (default 8888)")

    s = sub.add_parser(
        "private", help="copy the quiz course to a private folder outside the repository"
    )
    s.add_argument("dest", type=Path, help="a new folder outside this repository")

    s = sub.add_parser("export", help="export grades: nbgrader CSV plus one LMS CSV per quiz")
    s.add_argument("quiz", nargs="?", default=None)

    s = sub.add_parser(
        "analysis",
        help="item analysis of a graded quiz: difficulty, discrimination, KR-20, items to check",
    )
    s.add_argument("quiz", help="quiz id, e.g. quiz-01-understanding")
    s.add_argument(
        "--db-url",
        default=None,
        help="gradebook URL (default: $VENOUS_GRADEBOOK_URL, else gradebook.db in the course); "
        "prefer the variable for PostgreSQL: a password in a command line is visible to others",
    )
    return p


def hide_sqlalchemy_warnings() -> None:
    """Keep SQLAlchemy's warnings about nbgrader's own sessions off the instructor's terminal.

    nbgrader 0.9 builds gradebook objects in a way SQLAlchemy 2 warns about ("Object of type
    <SubmittedAssignment> not in session ...") on every autograde; the grades are right and the
    instructor can do nothing about it, so the warning only hides the lines that matter.
    """
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def _quizzes(course: Path, quiz: str | None) -> list[str]:
    """The quiz named (checked against source/), or every quiz of the course."""
    source = course / "source"
    found = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    if not found:
        raise workflow.WorkflowError(
            f"No quizzes in {source}: point --course-dir (or VENOUS_COURSE_DIR) at the course "
            "folder, the one that holds nbgrader_config.py and source/."
        )
    if quiz and quiz not in found:
        raise workflow.WorkflowError(
            f"There is no quiz {quiz!r} in {source}; the quizzes are: {', '.join(found)}."
        )
    return [quiz] if quiz else found


def _hand_grade(course: Path, args: argparse.Namespace) -> None:
    """List the answers that wait for a person, or record one hand-given score."""
    from . import handgrade

    (quiz,) = _quizzes(course, args.quiz)
    url = workflow._db_url(course)
    wanted = (args.student, args.item, args.score)
    try:
        if all(v is None for v in wanted):
            rows = handgrade.waiting(url, course, quiz, include_done=args.all)
            if not rows:
                print(f"Nothing in {quiz} waits for a person.")
            for row in rows:
                given = "" if row.manual_score is None else f", given {row.manual_score:g}"
                print(f"--- {row.student} {row.item} (0 to {row.max_score:g} points{given})")
                print(printable(row.answer.strip(), keep_lines=True) or "(no answer)")
            if rows:
                print(
                    "Give a score with: grade QUIZ --student ID --item ITEM --score N "
                    '[--comment "..."]'
                )
        elif any(v is None for v in wanted):
            raise workflow.WorkflowError(
                "To give a score, name all three: --student, --item and --score."
            )
        else:
            total = handgrade.set_score(
                url, quiz, args.student, args.item, args.score, args.comment
            )
            print(f"{args.student} {args.item}: {args.score:g} recorded; total now {total:g}.")
    except handgrade.HandGradeError as exc:
        raise workflow.WorkflowError(str(exc)) from None


def _print_refused(quiz: str, refused: dict[str, str]) -> None:
    """Name every student whose feedback page was refused, with the reason (on stderr)."""
    for student, reason in sorted(refused.items()):
        print(f"warning: no feedback returned to {student} for {quiz}: {reason}.", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    hide_sqlalchemy_warnings()
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
            quizzes = _quizzes(course, args.quiz)
            if not args.quiz:  # every quiz: collect those with submissions, say so for the rest
                waiting = [q for q in quizzes if workflow.submitted_to_exchange(course, q)]
                for quiz in sorted(set(quizzes) - set(waiting)):
                    print(f"Nothing to collect for {quiz} yet.")
                if not waiting:
                    raise workflow.WorkflowError(
                        "Nothing to collect: no student has submitted any quiz to the exchange "
                        f"({workflow.exchange_root(course)}) yet."
                    )
                quizzes = waiting
            for quiz in quizzes:
                outcome = workflow.collect(course, quiz)
                for student, reason in sorted(outcome.refused.items()):
                    print(f"warning: {student}'s submission in the exchange: {reason}.")
                for why in outcome.bad_folders:
                    print(f"warning: {why}: not collected.")
                for student, note in sorted(outcome.time_notes.items()):
                    print(f"warning: {student}: {note}.")
                unknown = sorted(set(outcome.copied) - workflow.roster_ids(course))
                for student in unknown:
                    print(
                        f"warning: {student} is not on the roster: collected, not graded "
                        "(add the student with 'students', or autograde with --add-unknown)."
                    )
                count = len(workflow.submission_folders(course, quiz)[0])
                print(
                    f"Collected {quiz}: {len(outcome.copied)} new, {count} submission(s) in "
                    f"{course / 'submitted'}."
                )
        elif args.step == "autograde":
            failed = 0
            for quiz in _quizzes(course, args.quiz):
                if not args.quiz and not any((course / "submitted").glob(f"*/{quiz}")):
                    print(f"No submissions of {quiz} yet; skipped.")
                    continue
                rows = workflow.autograde(
                    course, quiz, students=args.student, add_unknown=args.add_unknown
                )
                failed += sum(r.status == "failed" for r in rows)
            if failed:
                print(f"{failed} submission(s) could not be graded: see the report(s) above.")
        elif args.step == "feedback":
            for quiz in _quizzes(course, args.quiz):
                run = workflow.feedback(course, quiz)
                print(f"Feedback for {quiz}: {len(run.files)} file(s), checked for leaks.")
                _print_refused(quiz, run.refused)
        elif args.step == "return":
            for quiz in _quizzes(course, args.quiz):
                run = workflow.return_feedback(course, quiz)
                print(f"Returned feedback for {quiz}: {len(run.files)} file(s).")
                _print_refused(quiz, run.refused)
        elif args.step == "demo":
            from venous_course_tools import lab

            from . import demo

            # Before building anything: the demo ends in formgrader on this port.
            taken = "" if args.no_lab else lab.port_problem("127.0.0.1", args.port)
            if taken:
                raise workflow.WorkflowError(taken)
            demo_course = demo.build(args.dest)
            if not args.no_lab:
                print("Opening formgrader on the demo class...", flush=True)
                return lab.main(["--formgrader", str(demo_course), "--port", str(args.port)])
        elif args.step == "private":
            dest = workflow.make_private(course, args.dest)
            print(
                f"Private course in {dest}. Change the items and keys in {dest / 'source'}, "
                f"keep that folder out of any public repository, and run every step with "
                f"VENOUS_COURSE_DIR={dest} (or --course-dir {dest})."
            )
        elif args.step == "grade":
            _hand_grade(course, args)
        elif args.step == "export":
            if args.quiz:
                _quizzes(course, args.quiz)
            for path in workflow.export(course, args.quiz):
                print(f"Wrote {path}")
        elif args.step == "analysis":
            from . import analysis_cli

            try:
                page, table, summary = analysis_cli.run(course, args.quiz, args.db_url)
            except analysis_cli.AnalysisError as exc:
                raise workflow.WorkflowError(str(exc)) from None
            print(f"Wrote {page} and {table.name}: {summary}")
    except workflow.WorkflowError as exc:
        print(f"error: {printable(str(exc), keep_lines=True)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: stopped by the user; run the step again to finish it.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
