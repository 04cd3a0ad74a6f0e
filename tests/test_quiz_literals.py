"""Fast tests: answer cells are read as plain values, never run (literals.py), and the trusted
test runner scores those values the way a kernel would."""

from __future__ import annotations

import pytest

from venous_course_tools.instructor import literals
from venous_course_tools.instructor.literals import read_answer_cell

Q = frozenset({"q1"})


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ('q1 = "B"', "B"),
        ('# my answer\nq1 = None\nq1 = {"A", "C"}  # two', {"A", "C"}),
        ("q1 = {1: 'P', 2: 'N'}", {1: "P", 2: "N"}),
        ("q1 = ['B', 'E', 'F']", ["B", "E", "F"]),
        ("q1 = (1, -2.5)", (1, -2.5)),
        ("q1 = 100 / 142", 100 / 142),
        ("q1 = round(126 / 142, 2)", 0.89),
        ("q1 = round((104 + 0) / 144 * 1, 2)", 0.72),
        ("q1 = -(2 + 2) * 2 - 1", -9),
        ("q1 = set()", set()),
        ("q1 = True", True),
        ("", None),
    ],
)
def test_plain_values_are_read(source, value):
    cell = read_answer_cell(source, Q)
    assert cell.readable, cell.problem
    assert cell.values.get("q1") == value


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("import os\nq1 = 'B'", "import"),
        ("q1 = min('B', 'A')", "call to min"),
        ("q1 = 'b'.upper()", "attribute access"),
        ("def f():\n    return 'B'\nq1 = f()", "function definition"),
        ("class S(str):\n    pass\nq1 = S('B')", "class definition"),
        ("min = lambda *a: 0\nq1 = 'B'", "may only set q1"),
        ("q1 = 'B'\nq2 = 'C'", "may only set q1"),
        ("q1 = x", "the name 'x'"),
        ("q1 = 2 ** 100", "Pow"),
        ("q1 = 'a' * 10", "only allowed on numbers"),
        ("q1 = 1 / 0", "divides by zero"),
        ("q1 = 10.0 ** 400", "Pow"),
        ("q1 = 1e300 * 1e300", "larger than"),
        ("q1 = " + "1+" * 3000 + "1", "too deeply"),
        ("q1 = " + "(" * 500 + "1" + ")" * 500, "not plain Python"),
        ("q1 = " + "+".join(["1"] * 1500), "more than 500"),
        ("q1 = " + "+".join(["1"] * 400), "more than 500"),
        ("q1 = '" + "x" * 20_000 + "'", "longer than"),
        ("q1 = [" + "1," * 300 + "]", "more than 200"),
        ("q1 = [[[[[[1]]]]]]", "nested deeper"),
        ("%run evil.py\nq1 = 'B'", "not plain Python"),
        ("q1 = b'B'", "bytes"),
        ("q1 = 3j", "complex"),
        ("q1 = {**x}", "'**'"),
        ("q1 = round(1.23, 99)", "between 0 and"),
        ("q1 = [x for x in 'AB']", "ListComp"),
        ("q1: str = 'B'", "AnnAssign"),
        ("q1 = q2 = 'B'", "more than one"),
        ("'B'", "Expr statement"),
        ("get_ipython().input_transformers_post.append(lambda l: [])\nq1 = 'B'", "Expr"),
        ("import sys; sys.modules['re'].sub = lambda *a: 'c4bsepaspr'", "import"),
        ("__import__('os').system('x')", "Expr"),
        ("q1 = {'a': 1}['a']", "Subscript"),
    ],
)
def test_anything_else_is_refused_with_a_reason(source, reason):
    cell = read_answer_cell(source, Q)
    assert not cell.readable and cell.values == {}
    assert reason in cell.problem


def test_names_helpers():
    assert literals.assigned_names("# stub\nq7 = None\n# Replace None") == {"q7"}
    src = "_key = {'B'}\nassert q5 is not None and set(q5) == _key\n_score"
    assert {"q5", "_key", "set"} <= literals.loaded_names(src)


def test_trusted_runner_matches_kernel_semantics():
    from venous_course_tools.instructor.preprocessors import run_trusted_test

    ok = run_trusted_test("assert q1 == 'B'\nprint('fine')", {"q1": "B"})
    assert [o.output_type for o in ok] == ["stream"]
    wrong = run_trusted_test("assert q1 == 'B', 'no'", {"q1": "A"})
    assert wrong[-1].output_type == "error" and wrong[-1].ename == "AssertionError"
    missing = run_trusted_test("assert q1 == 'B'", {})
    assert missing[-1].ename == "NameError"
    partial = run_trusted_test("_s = len(q1) / 2\n_s", {"q1": {"A"}})
    assert partial[-1].output_type == "execute_result"
    assert partial[-1].data["text/plain"] == "0.5"
    # a test cannot change the values the next test sees
    values = {"q1": {"A"}}
    run_trusted_test("q1.add('B')", values)
    assert values == {"q1": {"A"}}
