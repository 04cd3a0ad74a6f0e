"""A long-lived autograde worker: one process grades many submissions, one at a time.

Starting ``nbgrader`` costs seconds (imports, gradebook migrations): more than grading a
short quiz. So the parallel autograde keeps one worker process per core and feeds it student
ids on stdin; the worker runs nbgrader's own ``Autograde`` app in-process (through
``NbGraderAPI.autograde``, the call formgrader uses) and answers with one JSON line per
submission. The parent enforces the per-submission time limit: a worker that does not answer
in time is killed with its kernels and replaced, so one hostile submission never stops the batch.

Run as ``python -m venous_course_tools.instructor.worker <course> <quiz> <cell_timeout>``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULT_PREFIX = "@@autograde-result "


def _api(course: Path, cell_timeout: int):
    """nbgrader's API with the configuration ``nbgrader`` itself would load in ``course``."""
    import os

    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.nbgraderapp import NbGraderApp

    os.chdir(course)  # nbgrader reads nbgrader_config.py from the working folder
    app = NbGraderApp()
    app.initialize([])  # loads every config file the command line would (jupyter paths, cwd)
    config = app.config
    config.CourseDirectory.root = str(course)
    config.Execute.timeout = cell_timeout
    config.ExecutePreprocessor.timeout = cell_timeout
    app.coursedir.root = str(course)
    return NbGraderAPI(coursedir=app.coursedir, config=config)


def grade(api, quiz: str, student: str, retries: int = 2) -> dict:
    """Autograde one submission in this process; retry while the gradebook is locked."""
    result: dict = {}
    for _attempt in range(retries + 1):
        result = api.autograde(quiz, student, force=True, create=True)
        text = (result.get("log") or "") + (result.get("error") or "")
        if "database is locked" not in text:
            break
    return result


def main(argv: list[str] | None = None) -> int:
    course_arg, quiz, cell_timeout = (argv or sys.argv[1:])[:3]
    course = Path(course_arg).resolve()
    api = _api(course, int(cell_timeout))
    # Answer "ready" so the parent's time limit covers grading only, not the start-up.
    print(RESULT_PREFIX + json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        student = line.strip()
        if not student:
            continue
        try:
            result = grade(api, quiz, student)
        except Exception as error:  # report, never die: the parent decides what it means
            result = {"success": False, "error": f"{type(error).__name__}: {error}", "log": ""}
        reply = {
            "student": student,
            "success": bool(result.get("success")),
            "log": ((result.get("log") or "") + "\n" + (result.get("error") or ""))[-20000:],
        }
        print(RESULT_PREFIX + json.dumps(reply), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
