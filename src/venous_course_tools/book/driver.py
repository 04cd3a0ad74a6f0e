"""The build driver: check the toc, stage, run Jupyter Book strictly, audit the result.

1. :func:`~venous_course_tools.book.toc.module_problems`: the toc and ``modules/`` agree;
2. :func:`~venous_course_tools.book.staging.stage` into ``book/_build/_src``;
3. Jupyter Book with warnings as errors (``-W --keep-going``) and myst-nb's
   ``nb_execution_raise_on_error``: a notebook that fails, a dropped figure, a broken cross
   reference or an unknown citation fails the build, and the message names the repository file;
4. the audits of :mod:`venous_course_tools.book.audit` on the executed notebooks and the HTML.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from venous_course_tools.book.audit import (
    check_built_html,
    check_executed_notebooks,
    check_static_copies,
)
from venous_course_tools.book.plotly_bundle import BundleError, ensure_bundle
from venous_course_tools.book.staging import (
    BUILD_DIR_NAME,
    STAGING_NAME,
    STAMP_NAME,
    input_digest,
    is_up_to_date,
    stage,
)
from venous_course_tools.book.toc import (
    BookError,
    existing_modules,
    load_toc,
    module_problems,
    toc_files,
)
from venous_course_tools.paths import REPO


def _rewrite_paths(line: str, staging: Path, repo: Path) -> str:
    """Point messages at the repository's files instead of their staged copies."""
    staged = str(staging) + os.sep
    line = line.replace(staged + "modules" + os.sep, str(repo / "modules") + os.sep)
    line = line.replace(staged + "assets" + os.sep, str(repo / "assets") + os.sep)
    return line.replace(staged, str(repo / "book") + os.sep)


def build(
    repo: Path = REPO,
    build_dir: Path | None = None,
    *,
    rebuild_all: bool = False,
    out: Any = None,
) -> Path:
    """Build the book; return the folder of the HTML. Raises BookError naming what to fix."""
    out = out or sys.stdout
    repo = repo.resolve()
    build_dir = (build_dir or repo / "book" / BUILD_DIR_NAME).resolve()
    if build_dir.name != BUILD_DIR_NAME:
        raise BookError(f"The build folder must be named {BUILD_DIR_NAME}; got {build_dir}.")
    problems = module_problems(repo)
    if problems:
        raise BookError("The book's modules do not match its toc:\n  " + "\n  ".join(problems))
    try:
        ensure_bundle(repo, out=out)
    except BundleError as error:
        raise BookError(str(error)) from error
    staging = build_dir / STAGING_NAME
    inputs = input_digest(repo)  # before staging: an edit during the build makes it stale
    changed = stage(repo, staging)
    print(f"Staged the book sources in {staging} ({len(changed)} file(s) changed).", file=out)
    # Sphinx copies _static only when some page is out of date: an edit to course.js or
    # course.css alone would never reach the built book unless every page is rewritten.
    rebuild_all = rebuild_all or bool(check_static_copies(staging, build_dir / "html"))
    command = [
        sys.executable,
        "-c",
        "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
        "build",
        str(staging),
        "--path-output",
        str(build_dir.parent),
        "--builder",
        "html",
        "-W",
        "--keep-going",
    ]
    if rebuild_all:
        command.append("--all")
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    process = subprocess.Popen(
        command,
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    for line in process.stdout:
        out.write(_rewrite_paths(line, staging, repo))
    if process.wait() != 0:
        raise BookError(
            "The book build failed (warnings are errors). The messages above name the file: "
            "a notebook that fails to run, a figure that was dropped, a broken reference or "
            "an unknown citation."
        )
    html_dir = build_dir / "html"
    findings = (
        check_executed_notebooks(repo, build_dir)
        + check_built_html(html_dir)
        + check_static_copies(staging, html_dir)
    )
    if findings:
        raise BookError(
            "The built book would not work as published (a vanishing output, a load from "
            "another host or a stale static file):\n  " + "\n  ".join(map(str, findings))
        )
    (build_dir / STAMP_NAME).write_text(
        json.dumps({"inputs": inputs}, indent=1) + "\n", encoding="utf-8"
    )
    return html_dir


def ensure_built(repo: Path, fallback_build_dir: Path, *, out: Any = None) -> Path:
    """The HTML folder of an up-to-date book, building one only when needed.

    ``VENOUS_COURSE_BOOK_HTML`` names an already built book (used as is). Otherwise an
    up-to-date ``book/_build/html`` is reused; else the book is built into
    ``fallback_build_dir`` (a folder named ``_build``), seeded with the repository's
    jupyter-cache so unchanged notebooks are not executed again.
    """
    override = os.environ.get("VENOUS_COURSE_BOOK_HTML")
    if override:
        html_dir = Path(override).resolve()
        if not (html_dir / "index.html").is_file():
            raise BookError(f"VENOUS_COURSE_BOOK_HTML={override} holds no built book.")
        return html_dir
    if is_up_to_date(repo):
        return repo / "book" / BUILD_DIR_NAME / "html"
    cache = repo / "book" / BUILD_DIR_NAME / ".jupyter_cache"
    if cache.is_dir() and not (fallback_build_dir / ".jupyter_cache").exists():
        shutil.copytree(cache, fallback_build_dir / ".jupyter_cache")
    return build(repo, fallback_build_dir, out=out)


def page_paths(repo: Path) -> list[str]:
    """Every page the book has (toc order, then Sphinx's search and index), without .html.

    Module pages are listed only when their notebook exists. With
    ``VENOUS_COURSE_BOOK_HTML`` set, the pages of that book (its staged sources sit next to
    its html folder).
    """
    book_dir, modules_dir = repo / "book", repo / "modules"
    override = os.environ.get("VENOUS_COURSE_BOOK_HTML")
    if override:
        book_dir = Path(override).resolve().parent / STAGING_NAME
        modules_dir = book_dir / "modules"
    present = {f"modules/{Path(name).stem}" for name in existing_modules(modules_dir)}
    pages = [
        entry
        for entry in toc_files(load_toc(book_dir))
        if not entry.startswith("modules/") or entry in present
    ]
    return [*pages, "search", "genindex"]
