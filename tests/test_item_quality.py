"""Item-writing quality of the graded quizzes and the self-checks (issue 16).

The statistics are computed from the sources (quiz notebooks, self-check YAML files) and must
meet thresholds chosen from chance; a deliberately flawed item must be caught by each check.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

import pytest

from venous_course_tools.checks import item_quality as iq

REPO = Path(__file__).resolve().parents[1]
QUIZ_ROOT = REPO / "quizzes"


@pytest.fixture(scope="module")
def graded() -> list[iq.Item]:
    return iq.all_quiz_items(QUIZ_ROOT)


@pytest.fixture(scope="module")
def practice() -> list[iq.Item]:
    return iq.selfcheck_items()


def _failures(results: list[iq.Result]) -> str:
    return iq.table([r for r in results if not r.passed])


def test_graded_items_meet_every_threshold(graded, practice, capsys):
    results = [
        *iq.check_pool(graded, "graded"),
        *iq.check_graded(graded, practice),
    ]
    with capsys.disabled():
        print("\n" + iq.table(results))
    assert len(results) == 13
    assert all(r.passed for r in results), _failures(results)


def test_self_checks_meet_every_threshold(practice, capsys):
    results = iq.check_pool(practice, "self-checks")
    with capsys.disabled():
        print("\n" + iq.table(results))
    assert len(practice) >= 50 and {i.kind for i in practice} == {iq.SINGLE, iq.MULTI, iq.ORDERING}
    assert all(r.passed for r in results), _failures(results)


def test_the_checks_read_every_graded_item(graded):
    by_quiz = {}
    for item in graded:
        by_quiz.setdefault(item.source.split()[0], []).append(item)
    assert set(by_quiz) == {"quiz-01", "quiz-02", "quiz-03", "quiz-04"}
    kinds = {i.kind for i in graded}
    assert {iq.SINGLE, iq.MULTI, iq.MATRIX, iq.ORDERING, iq.OTHER} <= kinds
    for item in graded:
        if item.kind in (iq.SINGLE, iq.MULTI):
            assert item.options and item.key, item.source
        if item.kind != iq.OTHER or item.metadata.get("type") != "teach-back":
            assert item.answer is not None, f"{item.source}: no model answer read"
            assert item.examples, f"{item.source}: no answer-format example read"


def test_every_ngn_item_type_is_present_with_metadata(graded):
    types = {i.metadata.get("type") for i in graded}
    ngn = {"bowtie", "highlight", "drop-down cloze", "trend", "drag-and-drop cloze"}
    assert ngn | {"multiple-response matrix"} <= types
    assert all(not iq.metadata_problem(i.metadata) for i in graded)


def test_readme_blueprint_is_current(graded):
    readme = (QUIZ_ROOT / "README.md").read_text(encoding="utf-8")
    assert iq.readme_with_blueprint(readme, graded) == readme, (
        "quizzes/README.md blueprint is stale: run "
        "`python -m venous_course_tools.checks.item_quality --write-blueprint`."
    )
    assert "| quiz-04 | Q4 | 3 | 05, 09, 12 | prioritize hypotheses | analyse | bowtie |" in readme
    module_12 = [i for i in graded if "12" in i.metadata.get("module", "")]
    points_12 = sum(i.points for i in module_12)
    assert points_12 >= 10 and f"| 12 | {len(module_12)} | {points_12:g} |" in readme
    for kind in ("drag-and-drop cloze", "multiple-response matrix", "bowtie", "highlight"):
        assert f"| {kind} | " in readme, f"the blueprint lists no {kind} item"


def test_every_quiz_has_a_prioritize_hypotheses_item(graded):
    quizzes = {i.source.split()[0] for i in graded}
    having = {
        i.source.split()[0] for i in graded if i.metadata.get("cjmm") == "prioritize hypotheses"
    }
    assert having == quizzes, f"no 'prioritize hypotheses' item in {sorted(quizzes - having)}"


def test_blueprint_needs_its_markers(graded):
    with pytest.raises(ValueError, match="blueprint markers"):
        iq.readme_with_blueprint("# Quizzes\n", graded)


# ------------------------------------------------------------- flawed items are caught


def _sba(source: str, key: int, options=None) -> iq.Item:
    options = options or ("Option alpha.", "Option bravo.", "Option delta.", "Option gamma.")
    return iq.Item(source, True, iq.SINGLE, "stem", tuple(options), frozenset({key}))


def _by_check(results: list[iq.Result], words: str) -> iq.Result:
    return next(r for r in results if words in r.check)


def test_a_favourite_key_position_is_caught():
    spread = [_sba(f"q{n}", n % 4) for n in range(8)]
    assert _by_check(iq.check_pool(spread, "t"), "largest share").passed
    flawed = [_sba(f"q{n}", 1 if n < 5 else n % 4) for n in range(8)]  # B in 5 of 8
    result = _by_check(iq.check_pool(flawed, "t"), "largest share")
    assert not result.passed and "q0" in result.offenders


def test_a_longest_key_is_caught():
    long_key = (
        "No.",
        "Weak valves let blood pool in the legs, so swelling can appear without bulging veins.",
        "Maybe.",
        "Arteries.",
    )
    items = [_sba(f"q{n}", 1, long_key) for n in range(3)] + [_sba("q9", 0)]
    result = _by_check(iq.check_pool(items, "t"), "longest")
    assert not result.passed and result.value.startswith("3/4")


def test_select_all_keys_on_one_position_and_leading_keys_are_caught():
    options = tuple(f"Option {n} text" for n in range(6))
    flawed = [iq.Item(f"q{n}", True, iq.MULTI, "", options, frozenset({0, 1, 2})) for n in range(4)]
    results = iq.check_pool(flawed, "t")
    assert not _by_check(results, "most often keyed").passed
    assert not _by_check(results, "first options").passed


def test_select_all_items_that_all_key_the_same_number_of_options_are_caught():
    """Select-all items that all key three options teach "pick three"; a spread of counts passes."""
    options = tuple(f"Option {n} text" for n in range(5))
    keys = ({0, 2, 4}, {1, 2, 3}, {0, 1, 3}, {1, 3, 4}, {0, 2, 3})
    same = [iq.Item(f"q{n}", True, iq.MULTI, "", options, frozenset(k)) for n, k in enumerate(keys)]
    result = _by_check(iq.check_pool(same, "t"), "number of options")
    assert not result.passed and result.value.startswith("3 keyed: 5/5")
    assert result.offenders == ("q0", "q1", "q2", "q3", "q4")
    spread = [
        *same[:3],
        replace(same[3], key=frozenset({1, 4})),
        replace(same[4], key=frozenset({0, 1, 2, 3})),
    ]
    assert iq.sata_key_counts(spread) == {3: 3, 2: 1, 4: 1}
    assert _by_check(iq.check_pool(spread, "t"), "number of options").passed


def test_graded_matrices_never_key_each_column_exactly_once(graded):
    """Issue 27: a matrix using every column once gives its last row away by elimination."""
    matrices = [i for i in graded if i.kind == iq.MATRIX]
    assert {"quiz-02 q4", "quiz-03 q5", "quiz-03 q11"} <= {i.source for i in matrices}
    assert [(i.source, p) for i in matrices if (p := iq.matrix_pattern(i))] == []


@pytest.mark.parametrize(
    ("answer", "pattern"),
    [
        ({1: "H", 2: "G", 3: "S", 4: "R"}, "diagonal"),
        ({1: "R", 2: "S", 3: "G", 4: "H"}, "anti-diagonal"),
        ({1: "G", 2: "G", 3: "G", 4: "G"}, "constant"),
        ({1: "S", 2: "H", 3: "R", 4: "G"}, "each column once"),  # row 4 by elimination
        ({1: "S", 2: "H", 3: "R", 4: "S"}, None),
        ({1: "S", 2: "H", 3: "R"}, None),  # one column unused
    ],
)
def test_matrix_patterns(answer, pattern):
    item = iq.Item(
        "q4", True, iq.MATRIX, "", columns=("H", "G", "S", "R"), rows=("1", "2", "3", "4"),
        answer=answer,
    )  # fmt: skip
    assert iq.matrix_pattern(item) == pattern
    assert _by_check(iq.check_pool([item], "t"), "matrix").passed == (pattern is None)


def test_absolute_words_in_distractors_are_caught():
    item = _sba("q1", 0)
    flawed = replace(item, options=(item.options[0], "This always happens.", *item.options[2:]))
    assert iq.absolute_words("It never, EVER works") == ["never", "ever"]
    assert _by_check(iq.check_pool([item] * 5, "t"), "absolute").passed
    assert not _by_check(iq.check_pool([flawed] * 5, "t"), "absolute").passed


@pytest.mark.parametrize(
    ("example", "answer", "shared"),
    [
        ('q3 = "C2s Ep As Pr"', "C4b,s Ep As Pr", {"ep", "as", "pr"}),  # the old quiz-01 Q3
        ('q3 = "C1 Es An Pn"', "C4b,s Ep As Pr", set()),
        ('q1 = "A"', "A", {"a"}),
        ('q1 = "?"', "A", set()),
        ('q5 = {"A", "C"}', {"A", "B"}, {"a"}),
        ('q4 = {1: "P", 2: "P", ...}', {1: "P", 2: "N"}, {"1:p"}),
        ('q4 = {1: "?", 2: "?", ...}', {1: "P", 2: "N"}, set()),
        ('q3 = ["F", "E", "D"]', ["B", "E", "F"], {"1:e"}),
        ("q6 = 9", 9, {"9"}),
    ],
)
def test_format_example_overlap(example, answer, shared):
    item = iq.Item("q", True, iq.OTHER, answer=answer, examples=(example,))
    assert iq.example_overlap(item) == shared


def test_a_graded_copy_of_a_practice_item_is_caught(graded, practice):
    source = practice[0]
    copy_item = replace(source, source="quiz-99 q1", graded=True, metadata=graded[0].metadata)
    results = iq.check_graded([*graded, copy_item], practice)
    result = _by_check(results, "near-duplicates")
    assert not result.passed and any("quiz-99 q1" in o for o in result.offenders)


def test_a_graded_option_that_repeats_a_self_checks_words_is_caught(graded, practice):
    """The old quiz-01 Q6 listed 'oedema of the foot and ankle only', self-check 03-vcss-scoring's
    own 7 words; a stock phrase of 6 words ('about 40 mmHg at the ankle') is allowed."""
    practice_item = iq.Item(
        "self-check x", False, iq.SINGLE, "Which is the VCSS oedema score?", ("One", "Two")
    )
    stock = replace(
        graded[0], source="quiz-99 q1", stem="Strong compression of about 40 mmHg at the ankle."
    )
    copied = replace(stock, stem="Scoring this: oedema of the foot and ankle only, is it 1?")
    practice_item = replace(practice_item, options=("Oedema of the foot and ankle only.", "None"))
    assert iq.longest_shared_run(copied.stem, practice_item.options[0]) == tuple(
        "oedema of the foot and ankle only".split()
    )
    assert _by_check(iq.check_graded([stock], [practice_item]), "in a row").passed
    result = _by_check(iq.check_graded([copied], [practice_item]), "in a row")
    assert not result.passed and result.offenders[0].startswith("quiz-99 q1 ~ self-check x")


def test_a_graded_item_reusing_a_self_checks_readings_is_caught(graded):
    """The old quiz-04 Q3 used 118 and 110 mmHg, the ankle pressures of 04-abpi-calculation."""
    practice_item = iq.Item(
        "self-check abpi", False, iq.SINGLE, "Ankle 118 mmHg and 110 mmHg, arm 150 mmHg.", ("0.79",)
    )
    reused = replace(
        graded[0], source="quiz-99 q3", stem="Ankle 118 and 110 mmHg, arms 126 and 132."
    )
    own = replace(reused, stem="Ankle 134 and 122 mmHg, arms 152 and 144; threshold 0.8, age 7.")
    facts = iq.fact_numbers()
    assert "0.8" in facts and iq.scenario_numbers("In 2019, 0.8 and 3 of 118", facts) == {"118"}
    result = _by_check(iq.check_graded([reused], [practice_item]), "scenario numbers")
    assert not result.passed and result.offenders == ("quiz-99 q3 ~ self-check abpi: 110, 118",)
    assert _by_check(iq.check_graded([own], [practice_item]), "scenario numbers").passed


def test_missing_metadata_and_low_bloom_are_caught(graded, practice):
    bare = replace(graded[0], metadata={})
    results = iq.check_graded([bare, *graded[1:]], practice)
    assert not _by_check(results, "metadata").passed
    recall = [replace(i, metadata={**i.metadata, "bloom": "remember"}) for i in graded]
    assert not _by_check(iq.check_graded(recall, practice), "Bloom apply").passed
    assert "bloom 'recall'" in iq.metadata_problem({**graded[0].metadata, "bloom": "recall"})


def test_a_flawed_item_in_a_real_quiz_notebook_is_caught(tmp_path):
    """A copy of quiz-01 whose Q1 example shows its key is caught, read from the notebook."""
    source = QUIZ_ROOT / "source" / "quiz-01-understanding" / "quiz-01-understanding.ipynb"
    nb = json.loads(source.read_text(encoding="utf-8"))
    flawed = copy.deepcopy(nb)
    for cell in flawed["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "q1-stem":
            cell["source"] = "".join(cell["source"]).replace('`q1 = "?"`', '`q1 = "C"`')
            del cell["metadata"][iq.METADATA_KEY]
    target = tmp_path / "source" / "quiz-01-understanding" / "quiz-01-understanding.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(flawed), encoding="utf-8")
    items = iq.all_quiz_items(tmp_path)
    results = iq.check_graded(items, [])
    assert _by_check(results, "format example").offenders == ("quiz-01 q1: c",)
    assert not _by_check(results, "metadata").passed


def test_command_line_prints_the_table_and_refuses_a_wrong_folder(tmp_path, capsys):
    assert iq.main([str(tmp_path)]) == 2
    assert "No quiz sources" in capsys.readouterr().out
    code = iq.main([str(QUIZ_ROOT)])
    out = capsys.readouterr().out
    assert "| Check | Pool | Value | Threshold | Met |" in out
    assert code in (0, 1)
