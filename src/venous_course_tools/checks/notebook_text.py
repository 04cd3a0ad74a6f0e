"""The text a reader of a course notebook sees, cell by cell, for the content checks.

The clinical-number check (:mod:`venous_course_tools.checks.clinical_numbers`) and the
paraphrase check (:mod:`venous_course_tools.checks.paraphrase`) read the same text:

* every markdown cell (MyST roles reduced to their visible words: ``{term}`valves <venous
  valve>``` becomes ``valves``, ``{cite}`key``` disappears);
* in a module (``modules/*.ipynb``), the self-check items a code cell shows by id
  (``selfcheck.show("04-lena")``: prompt, options, steps and rationales, read from the item
  files) and the string literals of other code cells;
* in a quiz (``quizzes/source/**.ipynb``), the ``# RATIONALE:`` comment lines of code cells,
  which the feedback shows to students. Other quiz code (answer keys, form checks) is not
  teaching text and is left out.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from venous_course import selfcheck
from venous_course_tools.paths import REPO

MODULES_DIR = REPO / "modules"
QUIZ_SOURCE_DIR = REPO / "quizzes" / "source"

_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`[^`]*`")
_ROLE_WITH_TARGET = re.compile(r"\{[a-z]+\}`([^`<]*?)\s*<[^`>]*>`")
_ROLE = re.compile(r"\{[a-z]+\}`([^`]*)`")
_RATIONALE = re.compile(r"^\s*#\s*RATIONALE:\s?(.*)$")
_SHOW_ITEM = re.compile(r"""selfcheck\.show\(\s*["']([^"']+)["']\s*\)""")


@dataclass(frozen=True)
class TextBlock:
    """One piece of reader-visible text: its notebook, cell index, kind and text."""

    notebook: str
    cell: int
    kind: str  # "markdown", "code string", "rationale" or "self-check <id>"
    text: str

    @property
    def where(self) -> str:
        """A short location for error messages, e.g. ``03-indications.ipynb cell 6``."""
        return f"{self.notebook} cell {self.cell} ({self.kind})"


def strip_roles(text: str) -> str:
    """Reduce MyST roles to the words a reader sees; citations vanish."""
    text = _CITE.sub("", text)
    text = _ROLE_WITH_TARGET.sub(r"\1", text)
    return _ROLE.sub(r"\1", text)


def _code_strings(source: str) -> list[str]:
    """String literals of a code cell (adjacent literals arrive already joined)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _rationale(source: str) -> str:
    """The ``# RATIONALE:`` lines of a quiz cell, joined into one paragraph."""
    parts = [m.group(1).strip() for line in source.splitlines() if (m := _RATIONALE.match(line))]
    return " ".join(parts)


def item_texts(item_id: str) -> list[str]:
    """Every text a reader sees in one self-check item: prompt, options or steps, rationales."""
    item = selfcheck.item(item_id)
    if isinstance(item, selfcheck.OrderingItem):
        return [item.prompt, *item.steps, item.rationale]
    return [item.prompt, *(t for o in item.options for t in (o.text, o.rationale))]


def notebook_blocks(path: Path, *, quiz: bool | None = None) -> list[TextBlock]:
    """Every reader-visible text block of one notebook, in cell order.

    ``quiz`` selects the rule for code cells; by default a notebook under ``quizzes/`` is a quiz.
    """
    if quiz is None:
        quiz = "quizzes" in path.parts
    nb = nbformat.read(path, as_version=4)
    blocks: list[TextBlock] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            blocks.append(TextBlock(path.name, index, "markdown", strip_roles(cell.source)))
        elif cell.cell_type == "code" and quiz:
            text = _rationale(cell.source)
            if text:
                blocks.append(TextBlock(path.name, index, "rationale", text))
        elif cell.cell_type == "code" and _SHOW_ITEM.search(cell.source):
            blocks.extend(
                TextBlock(path.name, index, f"self-check {item_id}", text)
                for item_id in _SHOW_ITEM.findall(cell.source)
                for text in item_texts(item_id)
            )
        elif cell.cell_type == "code":
            blocks.extend(
                TextBlock(path.name, index, "code string", s)
                for s in _code_strings(cell.source)
                if s.strip()
            )
    return blocks


def course_notebooks() -> list[Path]:
    """Every module and every quiz source notebook of the course."""
    modules = sorted(MODULES_DIR.glob("[0-9][0-9]-*.ipynb"))
    quizzes = sorted(QUIZ_SOURCE_DIR.glob("*/*.ipynb"))
    return modules + quizzes
