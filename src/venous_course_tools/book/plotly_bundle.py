"""The book's plotly.js: only the trace types the course draws, built from the npm registry.

``book/plotly/package.json`` and its ``package-lock.json`` pin ``plotly.js`` (its sources) and
esbuild; ``npm ci --prefix book/plotly`` installs them and, as the package's ``prepare`` script,
runs ``build.js``, which bundles ``bundle.js``: plotly.js's core (scatter, the layout
components) with bar and heatmap, the only other trace types the course draws (387 KB gzipped,
against 473 KB for the cartesian bundle and 1,467 KB for the full one). The build driver
runs that when the bundle is missing or older than its sources. Its version must be the
plotly.js version the Python ``plotly`` package writes figures for, or figures may draw
wrongly: :func:`version_problems` says when they differ. A figure whose trace type the bundle
lacks is drawn empty without an error: tests/browser/test_book_pages.py fails on it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

BUNDLE_FOLDER = ("book", "plotly")  # under the repository root
PACKAGE = "plotly.js"
FILE = "plotly-course.min.js"  # under book/plotly/dist/, written by build.js
# The files the bundle is built from: an edit to one of them rebuilds it.
SOURCES = ("bundle.js", "build.js", "package-lock.json")
# Where the staged book keeps it; the Sphinx extension copies it into _static/vendor/.
STAGED_NAME = "_vendor/plotly.min.js"
_VERSION = re.compile(r"plotly\.js \([^)]*\) v(\d+\.\d+\.\d+)|plotly\.js v(\d+\.\d+\.\d+)")


class BundleError(ValueError):
    """The plotly.js bundle is missing or does not match; the message says what to do."""


def bundle_folder(repo: Path) -> Path:
    """``book/plotly`` of ``repo``: package.json, package-lock.json, node_modules/."""
    return repo.joinpath(*BUNDLE_FOLDER)


def bundle_path(repo: Path) -> Path:
    """The built bundle file (present after ``npm ci --prefix book/plotly``)."""
    return bundle_folder(repo) / "dist" / FILE


def bundle_is_stale(repo: Path) -> bool:
    """True when the bundle is missing or older than a file it is built from."""
    path = bundle_path(repo)
    if not path.is_file():
        return True
    built = path.stat().st_mtime
    return any(
        (bundle_folder(repo) / name).stat().st_mtime > built
        for name in SOURCES
        if (bundle_folder(repo) / name).is_file()
    )


def locked_version(repo: Path) -> str:
    """The bundle version that ``book/plotly/package-lock.json`` pins."""
    lock = json.loads((bundle_folder(repo) / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"][f"node_modules/{PACKAGE}"]["version"])


def file_version(path: Path) -> str | None:
    """The version a plotly.js file names in its licence header, or None."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        match = _VERSION.search(handle.read(400))
    return (match.group(1) or match.group(2)) if match else None


def python_plotly_js_version() -> str:
    """The plotly.js version the installed Python ``plotly`` package writes figures for."""
    from plotly.offline import get_plotlyjs_version

    return str(get_plotlyjs_version())


def version_problems(repo: Path) -> list[str]:
    """Sentences naming each mismatch between the lockfile, the bundle and Python plotly."""
    wanted = python_plotly_js_version()
    locked = locked_version(repo)
    problems = []
    if locked != wanted:
        problems.append(
            f"book/plotly/package-lock.json pins {PACKAGE} {locked}, but the Python plotly "
            f"package writes figures for plotly.js {wanted}: set {PACKAGE} to {wanted} in "
            "book/plotly/package.json and run 'npm install --prefix book/plotly'."
        )
    path = bundle_path(repo)
    if path.is_file() and file_version(path) != locked:
        problems.append(
            f"{path} is plotly.js {file_version(path)}, not the locked {locked}: "
            "run 'npm ci --prefix book/plotly' (it rebuilds the bundle)."
        )
    return problems


def ensure_bundle(repo: Path, *, out: Any = None) -> Path:
    """The bundle file, built with ``npm ci`` from the lockfile when it is missing or stale."""
    path = bundle_path(repo)
    if bundle_is_stale(repo):
        npm = shutil.which("npm")
        if npm is None:
            raise BundleError(
                "The book needs plotly.js from the npm registry and npm is not installed: "
                "install Node.js and npm (apt-get install npm), then run "
                "'npm ci --prefix book/plotly'."
            )
        if out is not None:
            print("Building the book's plotly.js bundle (npm ci --prefix book/plotly)...", file=out)
        done = subprocess.run(
            [npm, "ci", "--prefix", str(bundle_folder(repo)), "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or bundle_is_stale(repo):
            raise BundleError(
                "'npm ci --prefix book/plotly' failed, so the book has no plotly.js: "
                + (done.stderr.strip().splitlines() or ["no message"])[-1]
            )
    problems = version_problems(repo)
    if problems:
        raise BundleError(" ".join(problems))
    return path
