"""Every module follows the course's anatomy and runs top to bottom in a fresh kernel."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import COURSE_MODULES, MODULE_PATHS, REPO
from venous_course_tools.checks.clinical_numbers import bibliography_keys

MODULES = list(MODULE_PATHS)
ANATOMY = ["Learning objectives", "Clinical vignette", "Self-check", "Key points", "References"]
EXECUTION_LIMIT_S = 60
_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def _ids(path: Path) -> str:
    return path.stem


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _headings(nb) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^#{1,6}\s+(.+)$", _markdown(nb), re.M)]


def test_the_modules_are_numbered_from_00_without_a_gap():
    numbers = [int(name[:2]) for name in COURSE_MODULES]
    assert len(numbers) >= 12, f"the course has twelve or more modules; found {COURSE_MODULES}"
    assert numbers == list(range(len(numbers))), f"module numbers skip or repeat: {numbers}"


def test_the_template_is_not_a_module_but_follows_the_anatomy():
    template = REPO / "modules" / "_template.ipynb"
    assert template.is_file() and template not in MODULE_PATHS
    nb = nbformat.read(template, as_version=4)
    headings = _headings(nb)
    positions = [
        next(i for i, h in enumerate(headings) if h.lower().startswith(w.lower())) for w in ANATOMY
    ]
    assert positions == sorted(positions), f"the template's headings are out of order {ANATOMY}"
    assert "Education, not advice" in _markdown(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "explorers." in code and "selfcheck.show(" in code


@pytest.mark.parametrize("path", MODULES, ids=_ids)
def test_module_anatomy(path):
    nb = nbformat.read(path, as_version=4)
    text = _markdown(nb)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.lstrip().startswith("# "), (
        f"{path.name} must open with a '# Title' markdown cell"
    )
    assert "Education, not advice" in text, f"{path.name} lacks the education-not-advice note"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    if path.stem == "00-welcome":
        return
    headings = _headings(nb)
    positions = []
    for wanted in ANATOMY:
        hits = [i for i, h in enumerate(headings) if h.lower().startswith(wanted.lower())]
        assert hits, f"{path.name} lacks a '{wanted}' heading"
        positions.append(hits[0])
    assert positions == sorted(positions), f"{path.name}: anatomy headings out of order {ANATOMY}"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "explorers." in code, f"{path.name} shows no interactive explorer"
    assert "selfcheck.show(" in code, f"{path.name} has no self-check"


def test_every_citation_exists_in_the_bibliography():
    keys = bibliography_keys()
    missing = {}
    for path in MODULES:
        text = _markdown(nbformat.read(path, as_version=4))
        for group in _CITE.findall(text):
            for key in (k.strip() for k in group.split(",")):
                if key not in keys:
                    missing.setdefault(path.name, []).append(key)
    assert not missing, f"citation keys not in assets/references.bib: {missing}"


@pytest.mark.slow
# A limit, not a benchmark: pytest-timeout stops a module that takes over a minute.
@pytest.mark.timeout(EXECUTION_LIMIT_S)
@pytest.mark.parametrize("path", MODULES, ids=_ids)
def test_module_runs_in_a_fresh_kernel(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=EXECUTION_LIMIT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError with the cell and traceback on any error
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(o.output_type in ("display_data", "execute_result") for o in outputs), (
        f"{path.name} displayed nothing"
    )
