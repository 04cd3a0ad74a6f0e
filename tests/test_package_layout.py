"""The course package stands on its own: no paths into the checkout, no tooling imports, and
every data file it reads is declared as package data (so the wheel carries it)."""

from __future__ import annotations

import ast
import fnmatch
import re
import tomllib

from tests.conftest import REPO

COURSE = REPO / "src" / "venous_course"
# A path built from the module's own location reaches into the checkout once installed.
_CHECKOUT_PATH = re.compile(r"parents\[|__file__|\.\./")


def _course_sources() -> list:
    return sorted(p for p in COURSE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_course_module_finds_files_relative_to_its_own_location():
    hits = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in _course_sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _CHECKOUT_PATH.search(line)
    ]
    assert not hits, "read course data with importlib.resources instead:\n" + "\n".join(hits)


def test_the_course_package_never_imports_the_tooling_package():
    offenders = []
    for path in _course_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(REPO)}: {n}"
                for n in names
                if n.startswith("venous_course_tools")
            ]
    assert not offenders, offenders


def test_every_data_file_of_the_course_package_is_declared_package_data():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["venous_course"]
    data = [
        p.relative_to(COURSE).as_posix()
        for p in COURSE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "the course package has no data files: the scan looked in the wrong place"
    undeclared = [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert not undeclared, f"add these to [tool.setuptools.package-data]: {undeclared}"
