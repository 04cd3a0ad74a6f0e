"""Look at a submission before autograding it, to say *why* it might not grade properly.

nbgrader repairs a lot silently (it restores edited read-only and test cells from the gradebook
and, with ``add_missing_cells``, puts deleted test cells back), and it turns a notebook it
cannot read into a plain 0. The instructor must still know what happened, so every problem
found here goes into the autograde report.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4.rwbase import rejoin_lines


@dataclass(frozen=True)
class Issue:
    """One problem found in a submission.

    ``kind`` is one of: ``missing notebook``, ``invalid notebook``, ``unsafe file``,
    ``metadata stripped``, ``metadata changed``, ``test cell deleted``, ``test cell altered``,
    ``read-only cell altered``, ``answer cell deleted``, ``read-only cell deleted``.
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


#: Largest notebook read, and largest submission folder graded (honest ones are ~30 kB).
MAX_NOTEBOOK_BYTES = 5_000_000
MAX_SUBMISSION_BYTES = 20_000_000
MAX_SUBMISSION_FILES = 200
_FLAGS = ("grade", "solution", "locked", "task")


def check_files(submission_dir: Path) -> list[Issue]:
    """Refuse a submission folder that is or holds a symbolic link, or is too big to read.

    A link could make grading read an instructor's file (the answer key, the gradebook) as if
    the student had written it; a huge file could exhaust memory. Nothing is followed.
    """
    if submission_dir.is_symlink():
        return [Issue("unsafe file", "the submission folder is a symbolic link", fatal=True)]
    total, count = 0, 0
    for root, dirs, files in os.walk(submission_dir, followlinks=False):
        for name in dirs + files:
            path = Path(root) / name
            rel = path.relative_to(submission_dir)
            if path.is_symlink():
                return [Issue("unsafe file", f"{rel!s:.80} is a symbolic link", fatal=True)]
            if name in files:
                if not path.is_file():
                    return [Issue("unsafe file", f"{rel!s:.80} is not a regular file", fatal=True)]
                total += path.lstat().st_size
                count += 1
        if total > MAX_SUBMISSION_BYTES or count > MAX_SUBMISSION_FILES:
            return [
                Issue(
                    "unsafe file",
                    f"the submission holds more than {MAX_SUBMISSION_FILES} files or "
                    f"{MAX_SUBMISSION_BYTES // 1_000_000} MB",
                    fatal=True,
                )
            ]
    return []


def _metadata_changes(ref: nbformat.NotebookNode, sub: nbformat.NotebookNode) -> list[str]:
    """What differs between a released cell's grading metadata and the submitted one."""
    a, b = ref.metadata["nbgrader"], sub.get("metadata", {}).get("nbgrader", {})
    changes = [f"{flag} flag" for flag in _FLAGS if bool(a.get(flag)) != bool(b.get(flag))]
    if a.get("points") != b.get("points") and (a.get("grade") or b.get("grade")):
        changes.append(f"points {a.get('points')} -> {b.get('points')!s:.20}")
    if ref.cell_type != sub.cell_type:
        changes.append(f"cell type {ref.cell_type} -> {sub.cell_type!s:.20}")
    return changes


@functools.lru_cache(maxsize=8)
def _released(path: str, mtime_ns: int) -> nbformat.NotebookNode:
    """The released notebook, read once per batch (the cache key includes its mtime)."""
    del mtime_ns
    return nbformat.read(path, as_version=4)


def check_notebook(released: Path, submitted: Path) -> list[Issue]:
    """Compare one submitted notebook with the released one; return the problems found."""
    name = released.name
    if not submitted.exists():
        return [Issue("missing notebook", f"{name} is not in the submission", fatal=True)]
    if submitted.is_symlink() or not submitted.is_file():
        return [Issue("unsafe file", f"{name} is not a regular file", fatal=True)]
    size = submitted.lstat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        return [
            Issue(
                "invalid notebook",
                f"{name} is {size // 1_000_000} MB, over the {MAX_NOTEBOOK_BYTES // 1_000_000} MB"
                " a quiz notebook can be",
                fatal=True,
            )
        ]
    try:
        text = submitted.read_text(encoding="utf-8")
        raw = json.loads(text)
        is_v4 = isinstance(raw, dict) and raw.get("nbformat") == 4
        nb = rejoin_lines(nbformat.from_dict(raw)) if is_v4 else nbformat.reads(text, 4)
        nbformat.validate(nb)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [Issue("invalid notebook", f"{name} is not valid JSON ({exc})", fatal=True)]
    except Exception as exc:  # nbformat raises several types for a broken structure
        return [Issue("invalid notebook", f"{name} is not a valid notebook ({exc})", fatal=True)]
    del raw

    reference = _released(str(released), released.stat().st_mtime_ns)
    expected = _nbgrader_cells(reference)
    present = _nbgrader_cells(nb)
    issues: list[Issue] = []
    if expected and not present:
        issues.append(Issue("metadata stripped", f"{name} has no nbgrader cell metadata left"))
        return issues
    if nb.metadata.get("kernelspec") != reference.metadata.get("kernelspec"):
        issues.append(Issue("metadata changed", f"{name}: the kernelspec differs from the release"))
    grade_ids = [
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    ]
    for grade_id in sorted({g for g in grade_ids if grade_ids.count(g) > 1}):
        issues.append(Issue("metadata changed", f"grade id {grade_id!s:.40} appears twice"))
    for grade_id in sorted(set(present) - set(expected)):
        issues.append(Issue("metadata changed", f"unknown grade id {grade_id!s:.40}"))
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
        changes = _metadata_changes(ref, sub)
        if changes:
            issues.append(Issue("metadata changed", f"cell {grade_id}: {', '.join(changes)}"))
        if locked and not _same(ref.source, sub.source):
            kind = "test cell altered" if _is_test(ref) else "read-only cell altered"
            issues.append(Issue(kind, f"cell {grade_id} (restored from the gradebook)"))
    return issues


def check_submission(release_dir: Path, submission_dir: Path) -> list[Issue]:
    """Check every released notebook of a quiz against a student's submission folder."""
    issues: list[Issue] = check_files(submission_dir)
    if issues:
        return issues
    for released in sorted(release_dir.glob("*.ipynb")):
        issues.extend(check_notebook(released, submission_dir / released.name))
    return issues
