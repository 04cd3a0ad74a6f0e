"""Move self-check items written in a notebook's code cells into the module's item file.

    python -m venous_course_tools.selfcheck_items modules/12-leg-ulcer-and-compression-care.ipynb

Each code cell that is one ``single_answer(...)``, ``select_all(...)`` or ``ordering(...)``
call with plain text (``Option(...)`` positional or by keyword) becomes an item of
``src/venous_course/data/selfchecks/<module>.yml`` and the cell becomes
``selfcheck.show("NN-name")``. Names are made from the prompt's first words; rename them in
the file and the cell if you like. Cells whose items are not plain text are left alone and
named, so they can be moved by hand.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import yaml

from venous_course.selfcheck.items import items_from_text
from venous_course_tools.paths import REPO

ITEM_DIR = REPO / "src" / "venous_course" / "data" / "selfchecks"
_KINDS = {"single_answer": "single answer", "select_all": "select all", "ordering": "ordering"}
_SKIP_WORDS = set(
    "a an the of to is are which what who how in for and or with this that these".split()
    + "select all apply".split()
)
_WIDTH = 96


class NotPlainText(ValueError):
    """A self-check call whose arguments are not plain text (it is left in its cell)."""


def _literal(node: ast.AST) -> Any:
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Option":
        values = dict(zip(("text", "correct", "rationale"), map(_literal, node.args), strict=False))
        values.update({k.arg: _literal(k.value) for k in node.keywords})
        return {k: values[k] for k in ("text", "correct", "rationale")}
    if isinstance(node, ast.List | ast.Tuple):
        return [_literal(e) for e in node.elts]
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise NotPlainText(ast.unparse(node)[:60]) from None


def item_call(source: str) -> tuple[str, dict[str, Any]] | None:
    """(kind, fields) when a cell is exactly one self-check call, else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not isinstance(call, ast.Call):
        return None
    name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
    if name not in _KINDS:
        return None
    names = ("prompt", "steps", "rationale") if name == "ordering" else ("prompt", "options")
    fields = dict(zip(names, map(_literal, call.args), strict=False))
    fields.update({k.arg: _literal(k.value) for k in call.keywords})
    return _KINDS[name], fields


def _scalar(text: str, indent: int, key: str) -> str:
    """``key: value`` lines; long text as a folded block, broken only at single spaces."""
    plain = yaml.safe_dump(text, width=10**6, allow_unicode=True).strip()
    plain = plain.removesuffix("\n...").strip()
    pad = " " * indent
    if indent + len(key) + len(plain) + 2 <= _WIDTH or "  " in text or text != text.strip():
        return f"{pad}{key}: {plain}"
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > _WIDTH - indent - 2:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return f"{pad}{key}: >-\n" + "\n".join(f"{pad}  {part}" for part in lines)


def item_yaml(name: str, kind: str, fields: dict[str, Any]) -> str:
    """One item as the lines of an item file."""
    out = [f"{name}:", f"  kind: {kind}", _scalar(fields["prompt"], 2, "prompt")]
    if kind == "ordering":
        out.append("  steps:  # in the correct order")
        out += [_scalar(step, 4, "-").replace("    -: ", "    - ", 1) for step in fields["steps"]]
        out.append(_scalar(fields["rationale"], 2, "rationale"))
    else:
        out.append("  options:")
        for option in fields["options"]:
            out.append(_scalar(option["text"], 6, "text").replace("      text", "    - text", 1))
            out.append(f"      correct: {'true' if option['correct'] else 'false'}")
            out.append(_scalar(option["rationale"], 6, "rationale"))
    return "\n".join(out) + "\n"


def item_name(prompt: str, taken: set[str]) -> str:
    """A short kebab-case name from the prompt's first meaningful words, unique in ``taken``."""
    words = [w for w in re.findall(r"[a-z0-9]+", prompt.lower()) if w not in _SKIP_WORDS]
    base = "-".join(words[:3]) or "item"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name


def migrate(notebook: Path, item_dir: Path = ITEM_DIR) -> tuple[list[str], list[str]]:
    """Move the notebook's inline items to its item file; returns (moved ids, cells left)."""
    nb = nbformat.read(notebook, as_version=4)
    target = item_dir / f"{notebook.stem}.yml"
    existing = target.read_text(encoding="utf-8") if target.is_file() else ""
    taken = (
        {i.split("-", 1)[1] for i in items_from_text(target.name, existing)} if existing else set()
    )
    module = notebook.stem[:2]
    texts, moved, left = [], [], []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            found = item_call(cell.source)
        except NotPlainText as error:
            left.append(f"cell {index} ({error})")
            continue
        if found is None:
            continue
        kind, fields = found
        name = item_name(fields["prompt"], taken)
        taken.add(name)
        texts.append(item_yaml(name, kind, fields))
        cell.source = f'selfcheck.show("{module}-{name}")'
        moved.append(f"{module}-{name}")
    if not moved:
        return moved, left
    header = (
        f"# Self-check items of modules/{notebook.name}. A code cell shows one with\n"
        f'# selfcheck.show("{module}-<name>"). How to edit them: CONTRIBUTING.md, "Self-checks".\n'
    )
    text = (existing.rstrip() + "\n\n" if existing else header + "\n") + "\n".join(texts)
    items_from_text(target.name, text)  # the new file must load before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    nbformat.write(nb, notebook)
    return moved, left


def main(argv: list[str] | None = None) -> int:
    """Command line: migrate each notebook named; 1 when a file is missing."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for notebook in args.notebooks:
        if not notebook.is_file():
            print(f"{notebook}: no such notebook; give a path like modules/12-x.ipynb.")
            return 1
        moved, left = migrate(notebook)
        print(f"{notebook.name}: moved {len(moved)} item(s): {', '.join(moved) or 'none'}.")
        for cell in left:
            print(f"  left in place, not plain text, move it by hand: {cell}")
        if moved:
            print("  Import selfcheck in the notebook (from venous_course import selfcheck).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
