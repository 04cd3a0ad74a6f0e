"""The coverage map: which module heading teaches each bullet of the source text.

``assets/coverage/source-outline.yml`` lists every section and bullet of the source text,
paraphrased, with a stable id. ``assets/coverage/unit-*.yml`` map ids to a module notebook and
the exact text of one of its markdown headings. :func:`coverage_problems` reports gaps
(ids nobody teaches), unknown ids and dangling headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from venous_course_tools.paths import REPO

COVERAGE_DIR = REPO / "assets" / "coverage"
MODULES_DIR = REPO / "modules"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Mapping:
    """One coverage entry: an outline id taught under a heading of a module."""

    id: str
    module: str
    heading: str
    origin: str


def load_outline(folder: Path = COVERAGE_DIR) -> dict[str, str]:
    """Every outline id with its paraphrase, from ``source-outline.yml``."""
    data = yaml.safe_load((folder / "source-outline.yml").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("source-outline.yml must map section names to {id: paraphrase}.")
    outline: dict[str, str] = {}
    for section, bullets in data.items():
        if not isinstance(bullets, dict) or not bullets:
            raise ValueError(f"Section '{section}' of source-outline.yml has no bullets.")
        for bullet_id, text in bullets.items():
            if bullet_id in outline:
                raise ValueError(f"The outline id '{bullet_id}' is used twice.")
            outline[bullet_id] = str(text)
    return outline


def load_mappings(folder: Path = COVERAGE_DIR) -> list[Mapping]:
    """Every entry of every ``unit-*.yml`` coverage map."""
    mappings: list[Mapping] = []
    for path in sorted(folder.glob("unit-*.yml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(entries, list):
            raise ValueError(f"{path.name} must be a list of {{id, module, heading}} entries.")
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or set(entry) != {"id", "module", "heading"}:
                raise ValueError(
                    f"{path.name}, entry {number}: needs exactly id, module and heading."
                )
            mappings.append(
                Mapping(str(entry["id"]), str(entry["module"]), str(entry["heading"]), path.name)
            )
    return mappings


def notebook_headings(path: Path) -> set[str]:
    """The text of every markdown heading in a notebook (without the #'s)."""
    nb = nbformat.read(path, as_version=4)
    headings: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = _HEADING.match(line)
                if match:
                    headings.add(match.group(1).strip())
    return headings


def coverage_problems(folder: Path = COVERAGE_DIR, modules: Path = MODULES_DIR) -> list[str]:
    """Sentences describing every gap, unknown id and dangling heading (empty when complete)."""
    outline = load_outline(folder)
    mappings = load_mappings(folder)
    problems: list[str] = []
    taught = {m.id for m in mappings}
    for bullet_id in outline:
        if bullet_id not in taught:
            problems.append(f"Gap: no module teaches '{bullet_id}' ({outline[bullet_id]}).")
    headings_cache: dict[str, set[str]] = {}
    for m in mappings:
        if m.id not in outline:
            problems.append(f"{m.origin}: '{m.id}' is not an id of source-outline.yml.")
        notebook = modules / m.module
        if not notebook.is_file():
            problems.append(f"{m.origin}: '{m.id}' points to {m.module}, which does not exist.")
            continue
        if m.module not in headings_cache:
            headings_cache[m.module] = notebook_headings(notebook)
        if m.heading not in headings_cache[m.module]:
            problems.append(
                f"{m.origin}: '{m.id}' points to heading '{m.heading}', not found in {m.module}."
            )
    return problems
