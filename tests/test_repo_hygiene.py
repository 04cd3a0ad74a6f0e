"""The repository stays clean: notebooks without outputs, no build products or student data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import REPO

NOTEBOOK_FOLDERS = ("modules", "quizzes/source")


def committed_notebooks() -> list[Path]:
    found: list[Path] = []
    for folder in NOTEBOOK_FOLDERS:
        found.extend(
            p for p in (REPO / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
        )
    return sorted(found)


def notebook_problems(path: Path) -> list[str]:
    """What is wrong with a notebook for committing: outputs, execution counts, bad JSON."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several types for broken JSON
        return [f"cannot be read as a notebook: {error}"]
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {number} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {number} has an execution count")
    return problems


def test_there_are_notebooks_to_check():
    assert committed_notebooks(), "no notebooks found under modules/ or quizzes/source/"


@pytest.mark.parametrize("path", committed_notebooks(), ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_is_committed_clean(path):
    problems = notebook_problems(path)
    assert not problems, (
        f"{path.relative_to(REPO)}: " + "; ".join(problems) + " (clear outputs first)"
    )


def test_hygiene_check_detects_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1 + 1")
    cell.execution_count = 1
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    ]
    nb.cells.append(cell)
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, path)
    assert notebook_problems(path) == ["cell 1 has outputs", "cell 1 has an execution count"]
    (tmp_path / "broken.ipynb").write_text("{not json")
    assert "cannot be read" in notebook_problems(tmp_path / "broken.ipynb")[0]


def test_no_student_data_or_build_products_tracked():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    forbidden = (
        "gradebook.db",
        "/submitted/",
        "/autograded/",
        "/feedback/",
        "_build/",
        ".ipynb_checkpoints",
        "__pycache__",
        ".jupyter_cache",
    )
    # nbgrader names its feedback template folder "feedback": the course's macro lives in one.
    templates = "src/venous_course_tools/instructor/templates/"
    bad = [
        f
        for f in tracked
        if any(mark in "/" + f for mark in forbidden) and not f.startswith(templates)
    ]
    assert not bad, f"tracked files that must not be committed: {bad}"


def test_ruff_lint_and_format():
    ruff = Path(sys.executable).with_name("ruff")
    targets = ["src", "tests", "bench"]
    lint = subprocess.run(
        [str(ruff), "check", *targets, "modules", "quizzes/source"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run(
        [str(ruff), "format", "--check", *targets], cwd=REPO, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
