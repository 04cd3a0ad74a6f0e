"""Autograde throughput and memory: printed, not asserted.

40 synthetic submissions of quiz 1 (half the model answers, half the unanswered release),
graded twice in the same run from identical copies of one course:

* baseline: nbgrader's own serial ``nbgrader autograde <quiz>`` (one process, one kernel at a time);
* the course's ``python -m venous_course_tools.instructor autograde --workers N`` (N = cores).

Prints the speed-up, seconds per submission against the floor (starting a bare kernel and
running one cell), the peak memory of each run, and whether the two runs gave identical grades.
Target: at least 1.6x on 2 cores with identical grades.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from bench._measure import measure
from venous_course_tools.instructor import workflow

REPO = Path(__file__).resolve().parents[1]
QUIZ = "quiz-01-understanding"
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "40"))
TARGET_SPEEDUP = 1.6


def make_course(root: Path) -> Path:
    """A course folder with quiz 1 generated and SUBMISSIONS submissions in submitted/."""
    course = root / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(REPO / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(REPO / "quizzes" / "source" / QUIZ, course / "source" / QUIZ)
    workflow.release(course, QUIZ, to_exchange=False)
    source = nbformat.read(course / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    release = nbformat.read(course / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    for number in range(SUBMISSIONS):
        folder = course / "submitted" / f"student{number:02d}" / QUIZ
        folder.mkdir(parents=True)
        nbformat.write(source if number % 2 == 0 else release, folder / f"{QUIZ}.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-27 10:00:00.000000 UTC")
    return course


def totals(course: Path) -> dict[str, float]:
    """Total score of every student's submission, from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gradebook:
        return {s.student.id: round(s.score, 3) for s in gradebook.assignment_submissions(QUIZ)}


def kernel_floor_seconds(repeats: int = 3) -> float:
    """Mean time to start a python3 kernel, run one cell and shut it down."""
    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3")
        client.execute_interactive("1 + 1", timeout=60)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def main() -> None:
    workers = int(os.environ.get("BENCH_WORKERS", workflow.default_workers()))
    env = workflow.nbgrader_env()
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        base = make_course(Path(tmp) / "template")
        serial_course = Path(shutil.copytree(base, Path(tmp) / "serial"))
        parallel_course = Path(shutil.copytree(base, Path(tmp) / "parallel"))
        serial = measure(
            [sys.executable, "-m", "nbgrader", "autograde", QUIZ, "--force"], serial_course, env
        )
        parallel = measure(
            [
                sys.executable,
                "-m",
                "venous_course_tools.instructor",
                "--course-dir",
                str(parallel_course),
                "autograde",
                QUIZ,
                "--workers",
                str(workers),
            ],
            parallel_course,
            env,
        )
        if serial.returncode or parallel.returncode:
            print("A run failed:\n", serial.output[-2000:], parallel.output[-2000:])
            return
        same = totals(serial_course) == totals(parallel_course)
        graded = len(totals(parallel_course))
    floor = kernel_floor_seconds()
    speedup = serial.seconds / parallel.seconds
    print(f"machine: {os.cpu_count()} cores; {SUBMISSIONS} submissions of {QUIZ}")
    print(
        f"nbgrader serial autograde (baseline): {serial.seconds:.1f} s, "
        f"{serial.seconds / SUBMISSIONS:.2f} s/submission, peak RSS {serial.peak_rss_mb:.0f} MB"
    )
    print(
        f"course parallel autograde ({workers} workers): {parallel.seconds:.1f} s, "
        f"{parallel.seconds / SUBMISSIONS:.2f} s/submission, peak RSS {parallel.peak_rss_mb:.0f} MB"
    )
    print(
        f"speed-up: {speedup:.2f}x (target >= {TARGET_SPEEDUP}x); "
        f"identical grades: {same} ({graded} graded)"
    )
    print(
        f"floor (start a bare kernel, run one cell): {floor:.2f} s; serial is "
        f"{serial.seconds / SUBMISSIONS / floor:.1f}x the floor per submission, parallel "
        f"{parallel.seconds / SUBMISSIONS / floor:.1f}x"
    )


if __name__ == "__main__":
    main()
