"""Fingerprints of everything grading trusts, recorded at release and checked around each batch.

Grading trusts three things: the quiz's ``source/`` folder, the course's ``nbgrader_config.py``
and the cells nbgrader stored in the gradebook at release (the hidden tests and their metadata:
points, cell type, grade ids, locked/solution flags, checksums, and the notebook kernelspec).
:func:`record` writes their SHA-256 fingerprint to ``reports/<quiz>-integrity.json`` when the
quiz is released; :func:`differences` compares the current state with it, in sentences. The
course CLI refuses to grade or export when anything differs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CONFIG_FILES = ("nbgrader_config.py",)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_path(course: Path, quiz: str) -> Path:
    """Where the recorded fingerprint of a quiz lives."""
    return course / "reports" / f"{quiz}-integrity.json"


def _files(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): _sha(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def _gradebook_cells(db_url: str, quiz: str) -> dict[str, str]:
    """One fingerprint per stored cell (source and metadata) and per notebook kernelspec."""
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, str] = {}
    with Gradebook(db_url) as gb:
        try:
            assignment = gb.find_assignment(quiz)
        except MissingEntry:
            return {}
        for notebook in assignment.notebooks:
            grades = {c.name: c for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            out[f"{notebook.name}:kernelspec"] = _sha((notebook.kernelspec or "").encode())
            for cell in notebook.source_cells:
                grade = grades.get(cell.name)
                facts = {
                    "cell_type": cell.cell_type,
                    "source": cell.source,
                    "locked": bool(cell.locked),
                    "checksum": cell.checksum,
                    "grade": grade is not None,
                    "points": grade.max_score if grade is not None else None,
                    "grade_cell_type": grade.cell_type if grade is not None else None,
                    "solution": cell.name in solutions,
                }
                out[f"{notebook.name}:{cell.name}"] = _sha(
                    json.dumps(facts, sort_keys=True).encode()
                )
    return out


def fingerprint(course: Path, quiz: str, db_url: str) -> dict[str, dict[str, str]]:
    """The current fingerprint of a quiz: source files, config files, gradebook cells."""
    return {
        "source": _files(course / "source" / quiz),
        "config": {
            name: _sha((course / name).read_bytes())
            for name in CONFIG_FILES
            if (course / name).is_file()
        },
        "gradebook": _gradebook_cells(db_url, quiz),
    }


def record(course: Path, quiz: str, db_url: str) -> Path:
    """Record the current fingerprint and the release time (after a release); returns the file."""
    path = record_path(course, quiz)
    path.parent.mkdir(parents=True, exist_ok=True)
    facts = {**fingerprint(course, quiz, db_url), "released_at": _now_utc().isoformat()}
    path.write_text(json.dumps(facts, indent=1, sort_keys=True))
    return path


def _now_utc():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def released_at(course: Path, quiz: str):
    """When the quiz was last released (a UTC datetime), or None if no release recorded it."""
    import datetime as dt

    try:
        text = json.loads(record_path(course, quiz).read_text(encoding="utf-8"))["released_at"]
        return dt.datetime.fromisoformat(text)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def differences(course: Path, quiz: str, db_url: str) -> list[str]:
    """Sentences naming what changed since the recorded fingerprint (empty when all match).

    A quiz with no recorded fingerprint is one difference: nothing vouches for its key.
    """
    path = record_path(course, quiz)
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [
            f"no fingerprint of {quiz} was recorded at release ({path} is missing or unreadable)"
        ]
    now = fingerprint(course, quiz, db_url)
    found: list[str] = []
    where = {
        "source": f"source/{quiz}/",
        "config": "the course folder's ",
        "gradebook": "the gradebook's stored cell ",
    }
    for part in ("source", "config", "gradebook"):
        before, after = recorded.get(part, {}), now[part]
        for name in sorted(set(before) | set(after)):
            if name not in after:
                found.append(f"{where[part]}{name} has disappeared")
            elif name not in before:
                found.append(f"{where[part]}{name} was added")
            elif before[name] != after[name]:
                found.append(f"{where[part]}{name} has changed")
    return found
