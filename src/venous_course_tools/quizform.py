"""The answer-form metadata of the graded quizzes, generated from the quiz source.

Every graded answer cell of a quiz carries, under the cell metadata key ``venous_course_form``,
a description of the form the course's JupyterLab extension draws in place of the code editor:
the question's legend, the item's kind, its lettered options, matrix rows and columns, bowtie
groups, number unit or CEAP format hint. It is parsed from the stem markdown cell above the
answer cell (``qN-stem``, whose ``venous_course_item.type`` names the item type) and from the
answer cell's first assignment, never written by hand. The key is never read: the solution
region of the answer cell is cut away before anything is parsed, so the same metadata comes
out of the source and of the released student notebook (a test checks both).

Stem formats (by ``venous_course_item.type``):

- single best answer, select all that apply, ordering: options ``- **A.** text``;
- matrix, trend, multiple-response matrix: a ``| # | Finding |`` table, one numbered row per
  line, then ``Columns:`` and ``- **P** = text``;
- drop-down cloze: a ``| Gap | a | b | c |`` table, one row per gap;
- drag-and-drop cloze: gaps ``**[1]**`` in the passage, then ``Word bank:`` and ``- **a.** text``;
- highlight: a passage of numbered findings ``[1] text. [2] text.``;
- bowtie: a table whose header names each group with ``(choose N)``; the answer line's example
  dictionary gives the group keys in column order;
- calculation: the unit, if any, in the answer line ("a number of points", "in mmHg");
- classification (CEAP): the layout example in the answer line, ``q3 = "C1 Es An Pn"``;
- teach-back: a markdown answer cell right after the stem.

``python -m venous_course_tools.quizform`` rewrites the metadata of every quiz in
``quizzes/source/``; with ``--check`` it changes nothing and exits 1 naming every answer cell
whose metadata is missing, stale or cannot be generated. Pure functions above the CLI; unit
tests in ``tests/test_quizform.py``.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat

from venous_course_tools.paths import REPO

#: The cell metadata key the extension reads.
FORM_KEY = "venous_course_form"
#: Version of the metadata layout (brief: the answer-form metadata contract).
SCHEMA = 1

#: ``venous_course_item.type`` of a stem -> the form's kind.
KIND_OF_TYPE = {
    "single best answer": "single",
    "select all that apply": "multiple",
    "ordering": "ordering",
    "matrix": "matrix",
    "trend": "matrix",
    "multiple-response matrix": "matrix-multiple",
    "drop-down cloze": "cloze",
    "drag-and-drop cloze": "cloze",
    "highlight": "highlight",
    "bowtie": "bowtie",
    "calculation": "number",
    "classification": "ceap",
    "teach-back": "text",
}

_OPTION = re.compile(r"^\s*-\s+\*\*([A-Z])\.\*\*\s+(.+?)\s*$")
_WORD = re.compile(r"^\s*-\s+\*\*([a-z])\.\*\*\s+(.+?)\s*$")
_COLUMN = re.compile(r"^\s*-\s+\*\*([A-Za-z])\*\*\s*=\s*(.+?)\s*$")
_ROW = re.compile(r"^\s*\|\s*(\d+)\s*\|(.+)\|\s*$")
_GAP_MARK = re.compile(r"\*\*\[(\d+)\]\*\*")
_FINDING = re.compile(r"\[(\d+)\]\s*")
_CHOOSE = re.compile(r"^(.*?)\s*\(choose (\d+)\)\s*$", re.IGNORECASE)
_BOLD_OPTION = re.compile(r"^\*\*([A-Z])\.\*\*\s*(.+)$")
_EXAMPLE = re.compile(r"`\s*(q\d+)\s*=\s*(.+?)\s*`")
_ASSIGNED = re.compile(r"^\s*(q\d+)\s*=", re.MULTILINE)
_SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION\n?", re.DOTALL)


class StemFormatError(ValueError):
    """A stem does not follow the stem formats of the contract; the message says what to fix."""


def nbgrader_meta(cell: dict) -> dict:
    """The cell's nbgrader metadata ({} for a cell nbgrader does not manage)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_answer_cell(cell: dict) -> bool:
    """True for a graded answer cell: one a student writes in (nbgrader ``solution``)."""
    return bool(nbgrader_meta(cell).get("solution"))


def _table_cells(line: str) -> list[str]:
    """The cells of one markdown table line, stripped (``| a | b |`` -> ``["a", "b"]``)."""
    return [part.strip() for part in line.strip().strip("|").split("|")]


def _is_table(line: str) -> bool:
    return line.strip().startswith("|")


def _is_rule(line: str) -> bool:
    """A table's header rule, ``|---|---|``."""
    return _is_table(line) and set(line.strip()) <= set("|-: ")


def _tables(lines: Sequence[str]) -> list[list[list[str]]]:
    """Every markdown table of the stem, as rows of cells (header first, rule dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*lines, ""]:
        if _is_table(line):
            if not _is_rule(line):
                current.append(_table_cells(line))
        elif current:
            tables.append(current)
            current = []
    return tables


def _bullets_after(lines: Sequence[str], heading: str, pattern: re.Pattern) -> list[dict]:
    """The bullet list (matching ``pattern``) that follows the line starting with ``heading``."""
    for i, line in enumerate(lines):
        if line.strip().lower().startswith(heading.lower()):
            found = []
            for later in lines[i + 1 :]:
                match = pattern.match(later)
                if match:
                    found.append({"key": match.group(1), "text": match.group(2)})
                elif found and later.strip():
                    break
            return found
    return []


def answer_line(stem: str) -> str:
    """The stem's answer instruction: the paragraph that starts with "Answer with"."""
    for paragraph in re.split(r"\n\s*\n", stem):
        if paragraph.strip().startswith("Answer with"):
            return " ".join(paragraph.split())
    return ""


def legend_of(stem: str) -> str:
    """The stem's heading without its markdown hashes (``Q4 · Matrix (2.5 points)``)."""
    for line in stem.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    raise StemFormatError("the stem has no heading line such as '## Q1 · Single best answer'")


def parse_options(lines: Sequence[str]) -> list[dict]:
    """Lettered options ``- **A.** text`` of a single, multiple or ordering item."""
    options = [{"key": m.group(1), "text": m.group(2)} for m in map(_OPTION.match, lines) if m]
    if not options:
        raise StemFormatError("it lists no options: write each as '- **A.** option text'")
    return options


def parse_matrix(lines: Sequence[str]) -> tuple[list[dict], list[dict]]:
    """Rows of the ``| # | Finding |`` table and the ``Columns:`` list of a matrix item."""
    rows: list[dict] = []
    for table in _tables(lines):
        if table[0][0] == "#" and len(table[0]) == 2:
            rows = [{"key": int(r[0]), "text": r[1]} for r in table[1:] if r[0].isdigit()]
    if not rows:
        raise StemFormatError("it has no '| # | Finding |' table with one numbered row per line")
    columns = _bullets_after(lines, "Columns:", _COLUMN)
    if not columns:
        raise StemFormatError("it has no 'Columns:' list written as '- **P** = text'")
    return rows, columns


def parse_dropdown_cloze(lines: Sequence[str]) -> list[dict]:
    """The gaps of a drop-down cloze: one row of the ``| Gap | a | b | c |`` table per gap."""
    for table in _tables(lines):
        head = table[0]
        if head[0].lower() == "gap" and len(head) > 2:
            letters = head[1:]
            return [
                {
                    "key": int(row[0]),
                    "text": f"Gap {row[0]}",
                    "options": [
                        {"key": k, "text": t} for k, t in zip(letters, row[1:], strict=True)
                    ],
                }
                for row in table[1:]
                if row[0].isdigit() and len(row) == len(head)
            ]
    raise StemFormatError("it has no '| Gap | a | b | c |' table with one row per gap")


def parse_word_bank_cloze(stem: str, lines: Sequence[str]) -> tuple[list[dict], list[dict]]:
    """The gaps ``**[1]**`` of a drag-and-drop cloze and its shared ``Word bank:`` options."""
    numbers = sorted({int(n) for n in _GAP_MARK.findall(stem)})
    if not numbers:
        raise StemFormatError("its passage has no gaps written as **[1]**, **[2]**")
    bank = _bullets_after(lines, "Word bank:", _WORD)
    if not bank:
        raise StemFormatError("it has no 'Word bank:' list written as '- **a.** text'")
    return [{"key": n, "text": f"Gap {n}"} for n in numbers], bank


def parse_highlight(stem: str) -> list[dict]:
    """The numbered findings ``[1] text. [2] text.`` of a highlight item's passage."""
    for paragraph in re.split(r"\n\s*\n", stem):
        text = " ".join(line.lstrip("> ").strip() for line in paragraph.splitlines())
        if "[1]" in text and not _GAP_MARK.search(text):
            parts = _FINDING.split(text)[1:]
            return [
                {"key": int(parts[i]), "text": parts[i + 1].strip()}
                for i in range(0, len(parts) - 1, 2)
            ]
    raise StemFormatError(
        "its passage has no numbered findings written as '[1] first finding [2] second finding'"
    )


def parse_bowtie(lines: Sequence[str], answer: str) -> list[dict]:
    """The three groups of a bowtie: a table whose header says "(choose N)" in every column.

    Group keys (``condition``, ``actions``, ``monitor``) are the dictionary keys of the
    answer line's example, in column order.
    """
    for table in _tables(lines):
        heads = [_CHOOSE.match(cell) for cell in table[0]]
        if all(heads) and len(heads) >= 2:
            keys = re.findall(r'"(\w+)"\s*:', answer)
            if len(keys) != len(heads):
                raise StemFormatError(
                    "its answer line must show one dictionary key per column, for example "
                    '`q4 = {"condition": "?", "actions": {"?", "?"}, "monitor": {"?", "?"}}`'
                )
            groups = []
            for col, (key, head) in enumerate(zip(keys, heads, strict=True)):
                options = []
                for row in table[1:]:
                    match = _BOLD_OPTION.match(row[col]) if col < len(row) else None
                    if match:
                        options.append({"key": match.group(1), "text": match.group(2).strip()})
                groups.append(
                    {
                        "key": key,
                        "label": head.group(1),
                        "choose": int(head.group(2)),
                        "options": options,
                    }
                )
            return groups
    raise StemFormatError("it has no table whose header names each group with '(choose N)'")


def parse_unit(answer: str) -> str | None:
    """The unit a calculation's answer line states ("a number of points", "in mmHg"), or None."""
    match = re.search(r"a number of ([A-Za-z%][\w% ]*?)(?=[,.;(`]|$)", answer) or re.search(
        r"\bin ([A-Za-z%][\w%/]*)(?=[\s,.;(`]|$)", answer
    )
    return match.group(1).strip() if match else None


def parse_ceap_hint(answer: str) -> str:
    """The layout example of a CEAP item's answer line, ``q3 = "C1 Es An Pn"``."""
    match = re.search(r'`\s*q\d+\s*=\s*"([^"?]+)"\s*`', answer)
    if not match:
        raise StemFormatError('its answer line has no layout example such as `q3 = "C1 Es An Pn"`')
    return match.group(1)


def answer_variable(answer_source: str) -> str:
    """The name the answer cell assigns (``q4``), read outside its solution region."""
    match = _ASSIGNED.search(_SOLUTION.sub("", answer_source))
    if not match:
        raise StemFormatError("its answer cell assigns no variable such as 'q4 = None'")
    return match.group(1)


def build_form(stem: str, item_type: str, answer_source: str, answer_is_code: bool) -> dict:
    """The form metadata of one item, from its stem, item type and answer cell (no key).

    Raises :class:`StemFormatError` with the part of the contract the stem misses.
    """
    kind = KIND_OF_TYPE.get(item_type.strip().lower())
    if kind is None:
        known = ", ".join(sorted(KIND_OF_TYPE))
        raise StemFormatError(f"its item type {item_type!r} has no form; use one of: {known}")
    if (kind == "text") == answer_is_code:
        wanted = "a markdown" if kind == "text" else "a code"
        raise StemFormatError(f"a {item_type} item needs {wanted} answer cell right after its stem")
    lines = stem.splitlines()
    answer = answer_line(stem)
    form: dict[str, Any] = {"schema": SCHEMA}
    if kind != "text":
        form["variable"] = answer_variable(answer_source)
    form["legend"] = legend_of(stem)
    form["kind"] = kind
    if kind in ("single", "multiple", "ordering"):
        form["options"] = parse_options(lines)
    elif kind in ("matrix", "matrix-multiple"):
        form["rows"], form["columns"] = parse_matrix(lines)
    elif kind == "cloze" and item_type.strip().lower() == "drag-and-drop cloze":
        form["rows"], form["options"] = parse_word_bank_cloze(stem, lines)
    elif kind == "cloze":
        form["rows"] = parse_dropdown_cloze(lines)
    elif kind == "highlight":
        form["options"] = parse_highlight(stem)
    elif kind == "bowtie":
        form["groups"] = parse_bowtie(lines, answer)
    elif kind == "number":
        form["unit"] = parse_unit(answer)
    elif kind == "ceap":
        form["hint"] = parse_ceap_hint(answer)
    return form


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _stem_label(stem_cell: dict) -> str:
    grade_id = nbgrader_meta(stem_cell).get("grade_id", "")
    return grade_id.removesuffix("-stem").upper() or "an item"


def item_forms(nb: dict) -> tuple[dict[int, dict], list[str]]:
    """{answer cell index: its form} for every graded item of a notebook, and the problems.

    A stem is a cell with ``venous_course_item`` metadata; its answer cell is the next cell.
    A problem is one sentence naming the item and what to change in its stem.
    """
    forms: dict[int, dict] = {}
    problems: list[str] = []
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        item = cell.get("metadata", {}).get("venous_course_item")
        if not item:
            continue
        label = _stem_label(cell)
        answer = cells[i + 1] if i + 1 < len(cells) else None
        if answer is None or not is_answer_cell(answer):
            problems.append(f"{label}: the cell after its stem is not a graded answer cell.")
            continue
        try:
            forms[i + 1] = build_form(
                _source(cell), item.get("type", ""), _source(answer), answer["cell_type"] == "code"
            )
        except StemFormatError as exc:
            problems.append(f"{label}: {exc}.")
    return forms, problems


def with_forms(nb: dict) -> tuple[dict, list[str]]:
    """A copy of ``nb`` whose answer cells carry their current form, and the problems found.

    An item whose stem cannot be parsed keeps no form (a stale one is removed), so the
    extension never draws a form that disagrees with its stem.
    """
    nb = copy.deepcopy(nb)
    forms, problems = item_forms(nb)
    for i, cell in enumerate(nb["cells"]):
        if i in forms:
            cell["metadata"][FORM_KEY] = forms[i]
        elif is_answer_cell(cell):
            cell.get("metadata", {}).pop(FORM_KEY, None)
    return nb, problems


def stale_forms(nb: dict) -> list[str]:
    """One sentence for every answer cell whose form metadata is missing, stale or ungenerable."""
    forms, problems = item_forms(nb)
    found = list(problems)
    for i, cell in enumerate(nb["cells"]):
        if not is_answer_cell(cell):
            continue
        grade_id = nbgrader_meta(cell).get("grade_id", f"cell {i}")
        stored = cell.get("metadata", {}).get(FORM_KEY)
        if i not in forms:
            if stored is not None:
                found.append(f"{grade_id}: it carries form metadata but has no stem above it.")
        elif stored is None:
            found.append(f"{grade_id}: its form metadata is missing.")
        elif stored != forms[i]:
            found.append(f"{grade_id}: its form metadata disagrees with the stem above it.")
    return found


def _keys(entries: Sequence[dict]) -> set:
    return {entry["key"] for entry in entries}


def _letters(value: object) -> set | None:
    """The members of a set, list or tuple answer, or None for any other value."""
    return set(value) if isinstance(value, (set, frozenset, list, tuple)) else None


def answer_problem(form: dict, value: object) -> str | None:
    """Why ``value`` is not an answer the form can show (a sentence), or None when it is.

    Used on the model answer of every item, so a stem whose options disagree with its key is
    caught, and by the browser tests, which choose the model answer in the form.
    """
    kind = form["kind"]
    options = _keys(form.get("options", []))
    if kind == "text":
        return None if isinstance(value, str) else "a teach-back answer is text"
    if kind in ("single", "ceap"):
        if not isinstance(value, str):
            return "the answer is not text in quotes"
        return None if kind == "ceap" or value in options else f"{value!r} is not an option"
    if kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else "the answer is not a number"
    if kind in ("multiple", "highlight"):
        chosen = _letters(value)
        return (
            None if chosen and chosen <= options else "it chooses something that is not an option"
        )
    if kind == "ordering":
        ok = isinstance(value, (list, tuple)) and sorted(value) == sorted(options)
        return None if ok else "it does not put every option in order exactly once"
    if kind in ("matrix", "matrix-multiple", "cloze"):
        if not isinstance(value, dict) or set(value) != _keys(form["rows"]):
            return "it does not answer every row exactly once"
        for row in form["rows"]:
            allowed = _keys(row.get("options") or form.get("columns") or form.get("options", []))
            given = value[row["key"]]
            chosen = _letters(given) if kind == "matrix-multiple" else {given}
            if not chosen or not chosen <= allowed:
                return f"row {row['key']} has an answer that is not one of its columns or options"
        return None
    if kind == "bowtie":
        if not isinstance(value, dict) or set(value) != {g["key"] for g in form["groups"]}:
            return "it does not answer every group of the bowtie"
        for group in form["groups"]:
            given = value[group["key"]]
            chosen = {given} if group["choose"] == 1 else _letters(given)
            if (
                not chosen
                or len(chosen) != group["choose"]
                or not chosen <= _keys(group["options"])
            ):
                return f"its {group['key']} answer is not {group['choose']} of that group's options"
        return None
    return f"the kind {kind!r} is unknown"


def model_answer_problems(nb: dict) -> list[str]:
    """One sentence for every item whose model answer (solution region) its form cannot show.

    Reads the instructor's source notebook only (it holds the key); never the release.
    """
    from venous_course_tools.instructor.literals import read_answer_cell

    forms, _ = item_forms(nb)
    found = []
    for i, form in forms.items():
        cell = nb["cells"][i]
        source = _source(cell)
        if form["kind"] == "text":
            continue
        match = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.DOTALL)
        read = read_answer_cell(match.group(1) if match else "", {form["variable"]})
        value = read.values.get(form["variable"])
        problem = (
            answer_problem(form, value)
            if read.readable and value is not None
            else ("it has no readable model answer in its solution region")
        )
        if problem:
            grade_id = nbgrader_meta(cell).get("grade_id")
            found.append(f"{grade_id}: the form cannot give the model answer, {problem}.")
    return found


def quiz_notebooks(root: Path, names: Sequence[str] = ()) -> list[Path]:
    """The source notebooks of the named quizzes (all quizzes when none is named)."""
    source = root / "quizzes" / "source"
    folders = (
        [source / n for n in names] if names else sorted(p for p in source.iterdir() if p.is_dir())
    )
    missing = [f.name for f in folders if not f.is_dir()]
    if missing:
        known = ", ".join(sorted(p.name for p in source.iterdir() if p.is_dir()))
        raise FileNotFoundError(
            f"No quiz named {', '.join(missing)} in {source}; the quizzes are: {known}."
        )
    return [nb for folder in folders for nb in sorted(folder.glob("*.ipynb"))]


_REGENERATE = "Run 'python -m venous_course_tools.quizform' to regenerate it."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m venous_course_tools.quizform",
        description="Write (or with --check, check) the answer-form metadata of the quizzes.",
    )
    parser.add_argument("quiz", nargs="*", help="quiz folder names (default: every quiz)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when stale")
    parser.add_argument("--root", type=Path, default=None, help="checkout root (default: this one)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root or REPO
    try:
        paths = quiz_notebooks(root, args.quiz)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        name = path.relative_to(root)
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # any unreadable file gets one sentence
            print(
                f"{name} is not a readable notebook ({exc.__class__.__name__}): fix or restore it.",
                file=sys.stderr,
            )
            failed = True
            continue
        if args.check:
            for problem in stale_forms(nb):
                print(f"{name}: {problem} {_REGENERATE}", file=sys.stderr)
                failed = True
            for problem in model_answer_problems(nb):
                print(f"{name}: {problem} Make the stem and the solution agree.", file=sys.stderr)
                failed = True
            continue
        new, problems = with_forms(nb)
        for problem in problems:
            print(f"{name}: {problem}", file=sys.stderr)
            failed = True
        if new != nb:
            nbformat.write(nbformat.from_dict(new), path)
            print(f"{name}: form metadata written.")
        else:
            print(f"{name}: form metadata already up to date.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
