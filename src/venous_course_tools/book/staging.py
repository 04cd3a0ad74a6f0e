"""Staging: the book's sources copied into one folder Jupyter Book can build.

Jupyter Book 1 only builds files under its root, and the notebooks live in ``modules/``, so
``book/``, ``modules/*.ipynb`` and ``assets/`` are mirrored into ``book/_build/_src``. Only
changed files are written, so Sphinx rebuilds only what changed.

Notebooks run through jupyter-cache, which sees only a notebook's own code. Outputs also depend
on the ``venous_course`` package, so each staged notebook gets a hidden last cell (tagged
``remove-cell``) holding a digest of that package's tree: changing the package re-executes them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from venous_course_tools.book.plotly_bundle import BUNDLE_FOLDER, STAGED_NAME, bundle_path
from venous_course_tools.book.toc import existing_modules

BUILD_DIR_NAME = "_build"  # Jupyter Book writes <path-output>/_build/html
STAGING_NAME = "_src"
STAMP_NAME = "build-stamp.json"
DIGEST_CELL_MARKER = "# venous_course package digest (added by the book build, not in modules/)"
# Folders of the book source that are never staged (build output, editor and nbgrader clutter).
SKIP_NAMES = {
    BUILD_DIR_NAME,
    ".ipynb_checkpoints",
    "__pycache__",
    ".DS_Store",
    "release",
    "submitted",
    "autograded",
    "feedback",
    "node_modules",
}


def package_digest(repo: Path) -> str:
    """A short digest of what executed notebooks depend on beyond their own code.

    Module notebooks import only the course package (code and packaged data), so its tree is
    the whole dependency: the tools package that builds, checks and grades is never part of it,
    and editing a checker re-executes nothing.
    """
    digest = hashlib.sha256()
    root = repo / "src" / "venous_course"
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix in {".pyc", ".pyo"}:
            continue
        digest.update(str(path.relative_to(repo)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def with_digest_cell(notebook_text: str, digest: str) -> str:
    """The notebook with a hidden last code cell that carries the package digest."""
    nb = json.loads(notebook_text)
    nb.setdefault("cells", []).append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "venous-course-digest",
            "metadata": {"tags": ["remove-cell"]},
            "outputs": [],
            "source": f"{DIGEST_CELL_MARKER}\n# {digest}",
        }
    )
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _stage_files(repo: Path) -> Iterator[tuple[Path, str | None]]:
    """(source file, path under the staging folder) for every file of the book."""
    book = repo / "book"
    for path in sorted(book.rglob("*")):
        rel = path.relative_to(book)
        if rel.parts[:1] == BUNDLE_FOLDER[1:]:
            continue  # the npm project of the plotly.js bundle: only the bundle is staged
        if path.is_file() and not (set(rel.parts) & SKIP_NAMES):
            yield path, rel.as_posix()
    if bundle_path(repo).is_file():
        yield bundle_path(repo), STAGED_NAME
    for name in existing_modules(repo / "modules"):
        yield repo / "modules" / name, f"modules/{name}"
    assets = repo / "assets"
    for path in sorted(assets.rglob("*")):
        rel = path.relative_to(assets)
        if path.is_file() and not (set(rel.parts) & SKIP_NAMES):
            yield path, f"assets/{rel.as_posix()}"


def _write_if_changed(target: Path, data: bytes) -> bool:
    """Write only changed content: an unchanged file keeps its mtime, so Sphinx skips it
    (and a changed one gets a new mtime, so Sphinx reads it again)."""
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def stage(repo: Path, staging: Path) -> list[str]:
    """Mirror the book's sources into ``staging``; return the files that changed (relative
    paths: written, or removed because the source is gone)."""
    digest = package_digest(repo)
    wanted: set[str] = set()
    changed: list[str] = []
    for source, rel in _stage_files(repo):
        wanted.add(rel)
        data = source.read_bytes()
        if rel.startswith("modules/"):
            data = with_digest_cell(data.decode("utf-8"), digest).encode("utf-8")
        if _write_if_changed(staging / rel, data):
            changed.append(rel)
    if staging.is_dir():
        for path in sorted(staging.rglob("*"), reverse=True):
            rel = path.relative_to(staging).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def input_digest(repo: Path) -> str:
    """A digest of every input of the book: a built book with the same digest is up to date."""
    digest = hashlib.sha256(package_digest(repo).encode())
    for source, rel in _stage_files(repo):
        digest.update(rel.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def is_up_to_date(repo: Path, build_dir: Path | None = None) -> bool:
    """True when ``build_dir`` (default book/_build) holds a book built from today's inputs."""
    build_dir = build_dir or repo / "book" / BUILD_DIR_NAME
    stamp = build_dir / STAMP_NAME
    if not (stamp.is_file() and (build_dir / "html" / "index.html").is_file()):
        return False
    return json.loads(stamp.read_text()).get("inputs") == input_digest(repo)
