"""Command line: ``python -m venous_course_tools.book build|check`` (``make book`` builds)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from venous_course_tools.book.driver import build
from venous_course_tools.book.toc import BookError, module_problems
from venous_course_tools.paths import REPO


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build`` (the book) or ``check`` (toc against modules/ only)."""
    parser = argparse.ArgumentParser(
        prog="python -m venous_course_tools.book",
        description="Build the course book, or check its toc against modules/.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="stage, execute and build the HTML book")
    build_cmd.add_argument("--repo", type=Path, default=REPO, help="repository root")
    build_cmd.add_argument(
        "--build-dir", type=Path, default=None, help="a folder named _build (default book/_build)"
    )
    build_cmd.add_argument("--all", action="store_true", help="rewrite every page")
    check_cmd = sub.add_parser("check", help="check that book/_toc.yml and modules/ agree")
    check_cmd.add_argument("--repo", type=Path, default=REPO, help="repository root")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            problems = module_problems(args.repo)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1 if problems else 0
        html_dir = build(args.repo, args.build_dir, rebuild_all=args.all)
    except BookError as error:
        print(f"\nERROR: {error}", file=sys.stderr)
        return 1
    print(f"Book built in {html_dir}")
    return 0
