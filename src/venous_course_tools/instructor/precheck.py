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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4.rwbase import rejoin_lines

from .safetext import has_control, printable


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


def _nbg(cell: nbformat.NotebookNode) -> dict:
    """A cell's nbgrader metadata, or {} when it is missing or not a dictionary."""
    meta = cell.get("metadata", {})
    nbg = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbg if isinstance(nbg, dict) else {}


def _grade_id(cell: nbformat.NotebookNode) -> str:
    """A cell's grade id, or "" when it has none (or one that is not text)."""
    grade_id = _nbg(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) else ""


def _nbgrader_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {gid: cell for cell in nb.cells if (gid := _grade_id(cell))}


def _is_test(cell: nbformat.NotebookNode) -> bool:
    nbg = _nbg(cell)
    return bool(nbg.get("grade")) and not nbg.get("solution")


def cell_limit(released_cells: int) -> int:
    """Most cells a submission of a quiz may hold: the release's, three times, plus 30.

    An honest student adds a few scratch cells; thousands of cells only slow down every step
    that reads the notebook (45,000 cells wrote a 1.9 MB note into the report).
    """
    return 3 * released_cells + 30


def shape_problem(name: str, size: int, cells: int, released_cells: int) -> str:
    """Why a notebook of this size and cell count is not graded, or "" when it may be."""
    if size > MAX_NOTEBOOK_BYTES:
        return (
            f"{name} is {size // 1_000_000} MB, over the {MAX_NOTEBOOK_BYTES // 1_000_000} MB"
            " a quiz notebook can be"
        )
    limit = cell_limit(released_cells)
    if cells > limit:
        return (
            f"{name} holds {cells} cells, more than the {limit} a submission of this quiz can "
            f"hold (the release has {released_cells})"
        )
    return ""


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
            if has_control(name):
                shown = f"{printable(rel)!s:.80}"
                detail = f"a file name holds a control character ({shown})"
                return [Issue("unsafe file", detail, fatal=True)]
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
    a, b = ref.metadata["nbgrader"], _nbg(sub)
    changes = [f"{flag} flag" for flag in _FLAGS if bool(a.get(flag)) != bool(b.get(flag))]
    if a.get("points") != b.get("points") and (a.get("grade") or b.get("grade")):
        changes.append(f"points {a.get('points')} -> {b.get('points')!s:.20}")
    if ref.cell_type != sub.cell_type:
        changes.append(f"cell type {ref.cell_type} -> {sub.cell_type!s:.20}")
    return changes


def kernel_identity(nb: nbformat.NotebookNode) -> tuple[object, object]:
    """Return the kernelspec's ``(name, language)``: what chooses the kernel.

    The display name is left out on purpose: the students' lab shows the course kernel as
    "Python 3 (venous course)" and JupyterLab writes that name into every notebook it saves,
    so comparing it would send every honest submission saved in the lab to a person.
    """
    spec = nb.metadata.get("kernelspec")
    if not isinstance(spec, dict):
        return (repr(spec), None)
    return (spec.get("name"), spec.get("language"))


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
    reference = _released(str(released), released.stat().st_mtime_ns)
    size = submitted.lstat().st_size
    too_big = shape_problem(name, size, 0, len(reference.cells))
    if too_big:
        return [Issue("invalid notebook", too_big, fatal=True)]
    try:
        text = submitted.read_text(encoding="utf-8")
        raw = json.loads(text)
        is_v4 = isinstance(raw, dict) and raw.get("nbformat") == 4
        cells = raw.get("cells") if isinstance(raw, dict) else None
        # Counted before nbformat builds and validates the notebook (the slow part).
        too_many = (
            shape_problem(name, size, len(cells), len(reference.cells))
            if isinstance(cells, list)
            else ""
        )
        if too_many:
            return [Issue("invalid notebook", too_many, fatal=True)]
        nb = rejoin_lines(nbformat.from_dict(raw)) if is_v4 else nbformat.reads(text, 4)
        nbformat.validate(nb)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return [Issue("invalid notebook", f"{name} is not valid JSON ({exc})", fatal=True)]
    except Exception as exc:  # nbformat raises several types for a broken structure
        return [Issue("invalid notebook", f"{name} is not a valid notebook ({exc})", fatal=True)]
    del raw

    expected = _nbgrader_cells(reference)
    present = _nbgrader_cells(nb)
    issues: list[Issue] = []
    if expected and not present:
        issues.append(Issue("metadata stripped", f"{name} has no nbgrader cell metadata left"))
        return issues
    if kernel_identity(nb) != kernel_identity(reference):
        issues.append(Issue("metadata changed", f"{name}: the kernelspec differs from the release"))
    for index, cell in enumerate(nb.cells):
        if "nbgrader" in cell.get("metadata", {}) and not isinstance(cell.metadata.nbgrader, dict):
            detail = f"cell {index + 1}'s nbgrader metadata is not a dictionary"
            issues.append(Issue("metadata changed", detail))
    counts = Counter(gid for c in nb.cells if (gid := _grade_id(c)))  # linear, not quadratic
    for grade_id in sorted(g for g, n in counts.items() if n > 1):
        issues.append(Issue("metadata changed", f"grade id {grade_id!s:.40} appears twice"))
    for grade_id in sorted(set(present) - set(expected)):
        issues.append(Issue("metadata changed", f"unknown grade id {grade_id!s:.40}"))
    plain_sources = {c.source.strip() for c in nb.cells if "nbgrader" not in c.get("metadata", {})}
    for grade_id, ref in expected.items():
        sub = present.get(grade_id)
        locked = bool(ref.metadata["nbgrader"].get("locked"))
        if sub is None:
            if ref.source.strip() in plain_sources:
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
