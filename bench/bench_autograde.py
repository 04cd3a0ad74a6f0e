"""Autograde throughput and memory: printed, not asserted.

Honest synthetic submissions of quiz 1 (alternately the model answers and the unanswered
release, typed into the released notebook as a student would) from a class whose roster is
in the gradebook, graded in the same run from identical copies of one course:

* baseline: nbgrader's serial ``nbgrader autograde <quiz>`` with nbgrader's default autograde
  chain (the course's config before issue 15: a kernel executes every submission);
* the course's ``python -m venous_course_tools.instructor autograde <quiz>``: answers read as
  plain values, no kernel; the files are read, checked and graded in one worker process per
  core while this process writes the gradebook through nbgrader's API.

Sizes: 40 submissions (both routes measured) and 500 (the course route measured; the baseline
is its measured 40-submission rate times 500 unless ``BENCH_FULL_BASELINE=1`` grades all 500).
Prints the speed-ups, the peak memory of every run and whether both routes gave identical
grades. Targets (issue 29): 500 submissions in under 10 s, at least 30x serial nbgrader.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from bench._measure import measure
from venous_course_tools.instructor import workflow

REPO = Path(__file__).resolve().parents[1]
QUIZ = "quiz-01-understanding"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "40,500").split(",")]
TARGET_SPEEDUP = 30.0
TARGET_SECONDS_500 = 10.0

#: nbgrader 0.9.6's own autograde chain: the kernel-executing baseline.
BASELINE_CONFIG = """
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds, Execute, IgnorePattern,
    LimitOutput, OverwriteCells, OverwriteKernelspec, SaveAutoGrades,
)
c.Autograde.sanitize_preprocessors = [
    ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata,
]
c.Autograde.autograde_preprocessors = [
    Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
    AssignLatePenalties, CheckCellMetadata,
]
c.Execute.timeout = 30
"""


def _answers(source: nbformat.NotebookNode) -> dict[str, str]:
    answers = {}
    for cell in source.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if gid.endswith("-answer") and "BEGIN SOLUTION" in cell.source:
            answers[gid] = cell.source.split("### BEGIN SOLUTION")[1].split("### END")[0].strip()
    return answers


def make_course(root: Path, submissions: int) -> Path:
    """A course folder with quiz 1 released and ``submissions`` honest submissions."""
    course = root / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(REPO / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(REPO / "quizzes" / "source" / QUIZ, course / "source" / QUIZ)
    workflow.release(course, QUIZ, to_exchange=False)
    source = nbformat.read(course / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    release = nbformat.read(course / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    answers = _answers(source)
    keyed = nbformat.reads(nbformat.writes(release), as_version=4)
    for cell in keyed.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if gid in answers:
            cell.source = answers[gid]
    roster = root / "roster.csv"
    ids = [f"student{number:03d}" for number in range(submissions)]
    roster.write_text(
        "id,first_name,last_name,email\n" + "".join(f"{i},Student,{i[-3:]},\n" for i in ids)
    )
    workflow.add_students(course, roster)
    for number in range(submissions):
        folder = course / "submitted" / f"student{number:03d}" / QUIZ
        folder.mkdir(parents=True)
        nbformat.write(keyed if number % 2 == 0 else release, folder / f"{QUIZ}.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-27 10:00:00.000000 UTC")
    return course


def totals(course: Path) -> dict[str, float]:
    """Total score of every student's submission, from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gradebook:
        return {s.student.id: round(s.score, 3) for s in gradebook.assignment_submissions(QUIZ)}


def run_course(course: Path, env: dict[str, str]):
    cmd = [sys.executable, "-m", "venous_course_tools.instructor", "--course-dir", str(course)]
    return measure([*cmd, "autograde", QUIZ], course, env)


def run_baseline(course: Path, env: dict[str, str]):
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
        fh.write(BASELINE_CONFIG)
    return measure([sys.executable, "-m", "nbgrader", "autograde", QUIZ, "--force"], course, env)


def main() -> list[dict[str, object]]:
    """Print and return one row per size: course time, baseline, speed-up, peak memory."""
    env = workflow.nbgrader_env()
    rows: list[dict[str, object]] = []
    full = os.environ.get("BENCH_FULL_BASELINE") == "1"
    rate = None  # baseline seconds per submission, measured on the first size
    print(f"machine: {os.cpu_count()} cores; quiz {QUIZ}")
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
            base = make_course(Path(tmp) / "template", size)
            ours_course = Path(shutil.copytree(base, Path(tmp) / "ours"))
            ours = run_course(ours_course, env)
            if ours.returncode:
                raise RuntimeError("the course autograde failed:\n" + ours.output[-2000:])
            graded = totals(ours_course)
            baseline = None
            if rate is None or full:
                base_course = Path(shutil.copytree(base, Path(tmp) / "baseline"))
                baseline = run_baseline(base_course, env)
                if baseline.returncode:
                    raise RuntimeError("the nbgrader baseline failed:\n" + baseline.output[-2000:])
                rate = baseline.seconds / size
                same = totals(base_course) == graded
        print(
            f"{size} submissions, course autograde (no kernel): {ours.seconds:.1f} s, "
            f"{ours.seconds / size * 1000:.0f} ms/submission, peak RSS {ours.peak_rss_mb:.0f} MB"
        )
        if baseline is not None:
            print(
                f"{size} submissions, nbgrader serial autograde with kernels (baseline): "
                f"{baseline.seconds:.1f} s, {rate:.2f} s/submission, "
                f"peak RSS {baseline.peak_rss_mb:.0f} MB; identical grades: {same}"
            )
            speedup = baseline.seconds / ours.seconds
            label = "measured"
        else:
            speedup = rate * size / ours.seconds
            label = f"baseline extrapolated from its measured {rate:.2f} s/submission"
        if size >= 500:  # the targets are for a class; a small batch is mostly start-up
            target = (
                f"target >= {TARGET_SPEEDUP:g}x: {speedup >= TARGET_SPEEDUP}; "
                f"target < {TARGET_SECONDS_500:g} s: {ours.seconds < TARGET_SECONDS_500}"
            )
        else:
            target = "no target (start-up of the command and its workers dominates)"
        print(f"  speed-up {speedup:.1f}x ({label}); {target}")
        rows.append(
            {
                "submissions": size,
                "course autograde, no kernel (s)": round(ours.seconds, 1),
                "nbgrader serial with kernels (s)": (
                    round(baseline.seconds, 1) if baseline is not None else None
                ),
                "speed-up": f"{speedup:.1f}x ({label})",
                "peak RSS course / nbgrader (MB)": (
                    f"{ours.peak_rss_mb:.0f} / "
                    + (f"{baseline.peak_rss_mb:.0f}" if baseline is not None else "n/a")
                ),
                "identical grades": same if baseline is not None else "n/a",
                "target": target,
            }
        )
    return rows


if __name__ == "__main__":
    main()
