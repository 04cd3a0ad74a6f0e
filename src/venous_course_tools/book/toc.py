"""The book's table of contents (``book/_toc.yml``) and the module notebooks it lists.

The toc and ``modules/`` must agree: every listed module file exists and every
``modules/NN-*.ipynb`` is listed. :func:`module_problems` names each file that does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

MODULE_PATTERN = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")


class BookError(ValueError):
    """The book cannot be built; the message says which file to fix."""


def toc_files(toc: dict[str, Any]) -> list[str]:
    """Every ``file:`` entry of a Jupyter Book toc (root first), in reading order."""
    found: list[str] = []
    if "root" in toc:
        found.append(str(toc["root"]))

    def walk(items: Iterable[Any]) -> None:
        for item in items or []:
            if not isinstance(item, dict):
                continue
            if "file" in item:
                found.append(str(item["file"]))
            for key in ("parts", "chapters", "sections"):
                walk(item.get(key) or [])

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key) or [])
    return found


def load_toc(book_dir: Path) -> dict[str, Any]:
    """The parsed ``_toc.yml`` of ``book_dir``."""
    path = book_dir / "_toc.yml"
    if not path.is_file():
        raise BookError(f"The book has no table of contents: {path} is missing.")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def listed_modules(book_dir: Path) -> list[str]:
    """Module notebook file names (``NN-name.ipynb``) that ``_toc.yml`` lists, in order."""
    return [
        Path(entry).name + ".ipynb"
        for entry in toc_files(load_toc(book_dir))
        if entry.startswith("modules/")
    ]


def existing_modules(modules_dir: Path) -> list[str]:
    """Module notebook file names present in ``modules/`` (``NN-*.ipynb``), sorted."""
    if not modules_dir.is_dir():
        return []
    return sorted(p.name for p in modules_dir.glob("[0-9][0-9]-*.ipynb"))


def module_problems(repo: Path) -> list[str]:
    """Sentences naming each module file that the toc and ``modules/`` disagree about."""
    listed = listed_modules(repo / "book")
    present = existing_modules(repo / "modules")
    problems = [
        f"modules/{name} is listed in book/_toc.yml but does not exist."
        for name in listed
        if name not in present
    ]
    problems += [
        f"modules/{name} exists but book/_toc.yml does not list it: add it to the toc."
        for name in present
        if name not in listed
    ]
    problems += [
        f"modules/{name}: module files are named NN-kebab-case.ipynb."
        for name in present
        if not MODULE_PATTERN.match(name)
    ]
    return problems
