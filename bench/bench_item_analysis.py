"""Item analysis of 500 submissions: printed, not asserted (target: under 10 s on this machine).

Builds a temporary course with quiz 01 released by the real ``nbgrader generate_assignment``,
then 500 simulated submissions (two-parameter item response model): grades written through
nbgrader's gradebook API and one autograded notebook per student. It times the whole
``analysis_cli.run`` (gradebook, 500 notebooks parsed, statistics, page and CSV) and compares it
with a baseline measured in the same run: only reading the 500 notebooks with nbformat.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

from venous_course_tools.instructor import analysis_cli, scoring, workflow
from venous_course_tools.paths import REPO

QUIZ = "quiz-01-understanding"
STUDENTS = 500
TARGET_S = 10.0
OPTIONS4, OPTIONS6 = ["A", "B", "C", "D"], ["A", "B", "C", "D", "E", "F"]
# item -> (kind, key, points)
ITEMS = {
    "q1": ("one", "B", 1),
    "q2": ("one", "B", 1),
    "q3": ("text", "C4b,s Ep As Pr", 2),
    "q4": ("matrix", {1: "P", 2: "N", 3: "P", 4: "N", 5: "N"}, 2.5),
    "q5": ("sata", {"A", "B", "D", "E"}, 2),
    "q6": ("number", 9, 2),
    "q7": ("number", 0.72, 2),
    "q8": ("one", "C", 1),
    "q9": ("sata", {"A", "B", "C", "E"}, 2),
}


def _answer(kind: str, key, knows: bool, rng: np.random.Generator):
    """A simulated answer and its points fraction."""
    if kind == "one":
        pick = key if knows else str(rng.choice([o for o in OPTIONS4 if o != key]))
        return repr(pick), float(pick == key)
    if kind == "sata":
        chosen = set(key) if knows else {str(o) for o in rng.choice(OPTIONS6, 3, replace=False)}
        return repr(sorted(chosen)), scoring.sata_score(chosen, key, 1)
    if kind == "matrix":
        return repr(key if knows else {r: "P" for r in key}), 1.0 if knows else 0.4
    if kind == "number":
        return repr(key if knows else key + 1), float(knows)
    return repr(key if knows else "C2 Ep As Pr"), float(knows)


def build_course(base: Path, students: int = STUDENTS, seed: int = 5) -> Path:
    """A course with ``students`` graded submissions of quiz 01 (see the module docstring)."""
    from nbgrader.api import Gradebook

    course = base / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(REPO / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(REPO / "quizzes" / "source" / QUIZ, course / "source" / QUIZ)
    workflow.run_nbgrader(["generate_assignment", QUIZ, "--force"], course, timeout=600)
    release = nbformat.read(course / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1, students)
    b = rng.uniform(-1, 1, len(ITEMS))
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        for s in range(students):
            sid = f"student{s:04d}"
            gb.add_student(sid)
            gb.add_submission(QUIZ, sid)
            nb = nbformat.from_dict(release)
            fractions = {}
            for k, (item, (kind, key, _points)) in enumerate(ITEMS.items()):
                knows = rng.random() < 1 / (1 + np.exp(-1.5 * (theta[s] - b[k])))
                source, fractions[f"{item}-test"] = _answer(kind, key, knows, rng)
                for cell in nb.cells:
                    if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{item}-answer":
                        cell.source = f"{item} = {source}"
            for grade in gb.find_submission_notebook(QUIZ, QUIZ, sid).grades:
                if grade.name in fractions:
                    grade.auto_score = fractions[grade.name] * grade.max_score
                else:  # the teach-back, hand graded
                    grade.manual_score = float(rng.integers(0, 3))
                grade.needs_manual_grade = False
            folder = course / "autograded" / sid / QUIZ
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{QUIZ}.ipynb")
        gb.db.commit()
    return course


def main() -> dict:
    """Print the timings and return them as a section of the results page."""
    base = Path(tempfile.mkdtemp(prefix="bench-item-analysis-"))
    try:
        start = time.perf_counter()
        course = build_course(base)
        print(f"built {STUDENTS} graded submissions in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        for path in sorted((course / "autograded").glob(f"*/{QUIZ}/*.ipynb")):
            nbformat.read(path, as_version=4)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        page, _, summary = analysis_cli.run(course, QUIZ)
        took = time.perf_counter() - start
        # The command an instructor runs, imports included (nbgrader and plotly are heavy).
        command = [sys.executable, "-m", "venous_course_tools.instructor", "--course-dir"]
        start = time.perf_counter()
        subprocess.run([*command, str(course), "analysis", QUIZ], check=True, capture_output=True)
        whole = time.perf_counter() - start
        print(f"baseline (nbformat.read of {STUDENTS} notebooks): {baseline:.2f} s")
        print(f"item analysis of {STUDENTS} submissions: {took:.2f} s ({took / baseline:.1f}x)")
        print(f"the same as a command, imports included: {whole:.2f} s ({whole / baseline:.1f}x)")
        print(f"target: under {TARGET_S:.0f} s -> {'met' if whole < TARGET_S else 'NOT met'}")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{summary} Page: {page.stat().st_size / 1024:.0f} KB")
        return {
            "title": "Item analysis of 500 submissions",
            "intro": "Timed against reading the same graded notebooks with nbformat, in the "
            "same run (the analysis cannot be faster than reading them once).",
            "tables": [
                {
                    "columns": ["", "seconds", "x the baseline"],
                    "rows": [
                        [f"baseline: nbformat.read of {STUDENTS} notebooks", f"{baseline:.2f}",
                         "1.0x"],
                        [f"item analysis of {STUDENTS} submissions", f"{took:.2f}",
                         f"{took / baseline:.1f}x"],
                        ["the same as the instructor's command, imports included",
                         f"{whole:.2f}", f"{whole / baseline:.1f}x"],
                    ],
                }
            ],
            "notes": [
                f"target: the command under {TARGET_S:.0f} s: "
                + ("met" if whole < TARGET_S else "NOT met"),
                f"{summary} Report page: {page.stat().st_size / 1024:.0f} KB",
            ],
        }  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
