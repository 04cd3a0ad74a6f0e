"""Look at a submission before autograding it, to say *why* it might not grade properly.

nbgrader repairs a lot silently (it restores edited read-only and test cells from the gradebook
and, with ``add_missing_cells``, puts deleted test cells back), and it turns a notebook it
cannot read into a plain 0. The instructor must still know what happened, so every problem
found here goes into the autograde report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat


@dataclass(frozen=True)
class Issue:
    """One problem found in a submission.

    ``kind`` is one of: ``missing notebook``, ``invalid notebook``, ``metadata stripped``,
    ``test cell deleted``, ``test cell altered``, ``read-only cell altered``.
    ``fatal`` issues stop the notebook from being graded at all.
    """

    kind: str
    detail: str
    fatal: bool = False

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def _nbgrader_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    cells = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            cells[grade_id] = cell
    return cells


def _is_test(cell: nbformat.NotebookNode) -> bool:
    nbg = cell.get("metadata", {}).get("nbgrader", {})
    return bool(nbg.get("grade")) and not nbg.get("solution")


def _same(a: str, b: str) -> bool:
    return a.strip() == b.strip()


def check_notebook(released: Path, submitted: Path) -> list[Issue]:
    """Compare one submitted notebook with the released one; return the problems found."""
    name = released.name
    if not submitted.exists():
        return [Issue("missing notebook", f"{name} is not in the submission", fatal=True)]
    try:
        text = submitted.read_text(encoding="utf-8")
        raw = json.loads(text)
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [Issue("invalid notebook", f"{name} is not valid JSON ({exc})", fatal=True)]
    except Exception as exc:  # nbformat raises several types for a broken structure
        return [Issue("invalid notebook", f"{name} is not a valid notebook ({exc})", fatal=True)]
    del raw

    reference = nbformat.read(released, as_version=4)
    expected = _nbgrader_cells(reference)
    present = _nbgrader_cells(nb)
    issues: list[Issue] = []
    if expected and not present:
        issues.append(Issue("metadata stripped", f"{name} has no nbgrader cell metadata left"))
        return issues
    plain_sources = [c.source.strip() for c in nb.cells if "nbgrader" not in c.get("metadata", {})]
    for grade_id, ref in expected.items():
        sub = present.get(grade_id)
        locked = bool(ref.metadata["nbgrader"].get("locked"))
        if sub is None:
            if ref.source.strip() in plain_sources or (
                ref.cell_type == "code" and any(_same(ref.source, s) for s in plain_sources)
            ):
                issues.append(
                    Issue("metadata stripped", f"cell {grade_id} lost its nbgrader metadata")
                )
            elif _is_test(ref):
                issues.append(Issue("test cell deleted", f"cell {grade_id} (restored by nbgrader)"))
            elif ref.metadata["nbgrader"].get("solution"):
                issues.append(Issue("answer cell deleted", f"cell {grade_id}"))
            else:
                issues.append(Issue("read-only cell deleted", f"cell {grade_id}"))
            continue
        if locked and not _same(ref.source, sub.source):
            kind = "test cell altered" if _is_test(ref) else "read-only cell altered"
            issues.append(Issue(kind, f"cell {grade_id} (restored from the gradebook)"))
    return issues


def check_submission(release_dir: Path, submission_dir: Path) -> list[Issue]:
    """Check every released notebook of a quiz against a student's submission folder."""
    issues: list[Issue] = []
    for released in sorted(release_dir.glob("*.ipynb")):
        issues.extend(check_notebook(released, submission_dir / released.name))
    return issues
