"""Read a student's answer cell as source text, never as code to run.

Every answer in the graded quizzes is a plain value: a letter in quotes, a set of letters, a
dictionary of rows, a number or a CEAP string. :func:`read_answer_cell` parses the cell with
:mod:`ast` and accepts only assignments of the names the item expects to such values.
Calculation items invite arithmetic (``q7 = round(104 / 144, 2)``): numbers, ``+ - * /``,
unary minus, parentheses and ``round`` are evaluated by walking the syntax tree here, never by
``eval``. Anything else (an import, a call, a definition, attribute access, an extra
statement) is refused with a sentence saying why, so the item goes to a person.

Pure functions, no I/O: unit-tested in ``tests/test_quiz_literals.py``.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

#: Limits on what one answer cell may hold; far above any honest answer to these quizzes.
MAX_SOURCE_CHARS = 20_000
MAX_NODES = 500
MAX_STRING_CHARS = 10_000
MAX_ITEMS = 200
MAX_DEPTH = 4
MAX_NUMBER = 1e12
MAX_ROUND_DIGITS = 10

_ARITHMETIC = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}

Value = str | int | float | bool | None | list | tuple | set | dict | frozenset


class NotALiteral(ValueError):
    """The answer is not a plain value; the message says what was found, for the instructor."""


@dataclass
class AnswerCell:
    """What an answer cell says: the values it assigns, or why it was not read."""

    values: dict[str, Value] = field(default_factory=dict)
    problem: str = ""

    @property
    def readable(self) -> bool:
        return not self.problem


def _number(value: object) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NotALiteral("arithmetic is only allowed on numbers")
    if isinstance(value, float) and not math.isfinite(value):
        raise NotALiteral("the number is not finite")
    if abs(value) > MAX_NUMBER:
        raise NotALiteral(f"a number is larger than {MAX_NUMBER:g}")
    return value


class _Reader:
    """Walks one expression tree; counts nodes so a huge expression stops early."""

    def __init__(self) -> None:
        self.nodes = 0

    def value(self, node: ast.expr, depth: int = 0) -> Value:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise NotALiteral(f"the answer has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise NotALiteral(f"the answer is nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, ast.Constant):
            return self.constant(node.value)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            if len(node.elts) > MAX_ITEMS:
                raise NotALiteral(f"a collection has more than {MAX_ITEMS} items")
            items = [self.value(e, depth + 1) for e in node.elts]
            if isinstance(node, ast.List):
                return items
            if isinstance(node, ast.Tuple):
                return tuple(items)
            return self.hashable_set(items)
        if isinstance(node, ast.Dict):
            if len(node.keys) > MAX_ITEMS:
                raise NotALiteral(f"a dictionary has more than {MAX_ITEMS} entries")
            result: dict = {}
            for key, val in zip(node.keys, node.values, strict=True):
                if key is None:
                    raise NotALiteral("'**' inside a dictionary is not a plain value")
                k = self.value(key, depth + 1)
                if isinstance(k, (list, dict, set)):
                    raise NotALiteral("a dictionary key must be a letter, number or text")
                result[k] = self.value(val, depth + 1)
            return result
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = _number(self.value(node.operand, depth + 1))
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
            left = _number(self.value(node.left, depth))
            right = _number(self.value(node.right, depth))
            if isinstance(node.op, ast.Div) and right == 0:
                raise NotALiteral("the calculation divides by zero")
            return _number(_ARITHMETIC[type(node.op)](left, right))
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise NotALiteral(f"{_describe(node)} is not a plain value")

    def constant(self, value: object) -> Value:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return _number(value)
        if isinstance(value, str):
            if len(value) > MAX_STRING_CHARS:
                raise NotALiteral(f"a text answer is longer than {MAX_STRING_CHARS} characters")
            return value
        raise NotALiteral(f"a {type(value).__name__} constant is not an allowed answer")

    def hashable_set(self, items: list) -> set:
        if any(isinstance(i, (list, dict, set)) for i in items):
            raise NotALiteral("a set may only hold letters, numbers or text")
        return set(items)

    def call(self, node: ast.Call, depth: int) -> Value:
        if not isinstance(node.func, ast.Name):
            raise NotALiteral(f"a call through {_describe(node.func)} is not a plain value")
        name = node.func.id
        if node.keywords:
            raise NotALiteral(f"{name}(...) with keyword arguments is not allowed")
        if name == "set" and not node.args:
            return set()  # the only way to write an empty set
        if name == "round" and 1 <= len(node.args) <= 2:
            number = _number(self.value(node.args[0], depth))
            if len(node.args) == 1:
                return round(number)
            digits = self.value(node.args[1], depth)
            if not isinstance(digits, int) or isinstance(digits, bool):
                raise NotALiteral("round(x, n) needs a whole number n")
            if not 0 <= digits <= MAX_ROUND_DIGITS:
                raise NotALiteral(f"round(x, n) needs n between 0 and {MAX_ROUND_DIGITS}")
            return round(number, digits)
        raise NotALiteral(f"a call to {name}(...) is not a plain value")


def _describe(node: ast.AST) -> str:
    """A short name for a syntax node, for the instructor's report."""
    if isinstance(node, ast.Attribute):
        return f"attribute access ('.{node.attr}')"
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return "an import"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return "a function definition"
    if isinstance(node, ast.ClassDef):
        return "a class definition"
    if isinstance(node, ast.BinOp):
        return f"the operator {type(node.op).__name__}"
    if isinstance(node, ast.Expr):
        return "an expression on its own, such as a call (Expr statement)"
    name = type(node).__name__
    kind = "statement" if isinstance(node, ast.stmt) else "expression"
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name} {kind}"


def read_value(source: str) -> Value:
    """Read one expression as a plain value (used for a single answer; raises NotALiteral)."""
    try:
        tree = ast.parse(source, mode="eval")
        return _Reader().value(tree.body)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        if isinstance(exc, NotALiteral):
            raise
        raise NotALiteral(f"not readable as a value ({exc.__class__.__name__})") from None


def read_answer_cell(source: str, expected: set[str] | frozenset[str]) -> AnswerCell:
    """Read an answer cell: only ``name = value`` lines for names in ``expected``, and comments.

    Returns the values assigned (the last assignment of a name wins, as when the cell runs) or,
    for anything else, no values and a problem sentence for the instructor. An answer cell with
    only comments assigns nothing, like a cell the student left empty.
    """
    if len(source) > MAX_SOURCE_CHARS:
        return AnswerCell(problem=f"the cell is longer than {MAX_SOURCE_CHARS} characters")
    try:
        tree = ast.parse(source, mode="exec")
    except (RecursionError, MemoryError):
        return AnswerCell(problem="the cell is nested too deeply to read")
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        return AnswerCell(problem=f"the cell is not plain Python{where}, e.g. a magic or a typo")
    values: dict[str, Value] = {}
    reader = _Reader()
    for stmt in tree.body:
        if not isinstance(stmt, ast.Assign):
            what = _describe(stmt)
            return AnswerCell(problem=f"line {stmt.lineno} holds {what}, not 'name = answer'")
        if len(stmt.targets) != 1:
            return AnswerCell(problem=f"line {stmt.lineno} assigns to more than one plain name")
        if not isinstance(stmt.targets[0], ast.Name):
            target = _describe(stmt.targets[0])
            return AnswerCell(problem=f"line {stmt.lineno} assigns to {target}, not a plain name")
        name = stmt.targets[0].id
        if name not in expected:
            allowed = ", ".join(sorted(expected)) or "nothing"
            return AnswerCell(
                problem=f"line {stmt.lineno} assigns {name!r}, but this cell may only set {allowed}"
            )
        try:
            values[name] = reader.value(stmt.value)
        except NotALiteral as exc:
            return AnswerCell(problem=f"line {stmt.lineno}: {exc}")
        except RecursionError:
            return AnswerCell(problem=f"line {stmt.lineno}: the answer is nested too deeply")
    return AnswerCell(values=values)


def assigned_names(source: str) -> frozenset[str]:
    """The plain names a trusted cell (the released stub ``q1 = None``) assigns."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset()
    return frozenset(
        t.id
        for stmt in tree.body
        if isinstance(stmt, ast.Assign)
        for t in stmt.targets
        if isinstance(t, ast.Name)
    )


def loaded_names(source: str) -> frozenset[str]:
    """Every name a trusted test cell reads (to know which answers it depends on)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset()
    return frozenset(
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    )
