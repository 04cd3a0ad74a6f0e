"""The answer-form metadata of the quizzes (venous_course_tools.quizform).

Every graded answer cell carries the form the lab extension draws, generated from its stem;
a test fails when one lacks it, when it is stale, or when it disagrees with the stem's options
or with the model answer. The release keeps the metadata and the metadata holds no key.
"""

from __future__ import annotations

import copy
import json

import nbformat
import pytest
from quiz_helpers import QUIZ_ROOT, QUIZZES, REPO, cell_by_id, clean_env, make_course, read_nb

from venous_course_tools import quizform
from venous_course_tools.instructor import workflow
from venous_course_tools.quizform import FORM_KEY, StemFormatError, build_form

SOURCES = {quiz: QUIZ_ROOT / "source" / quiz / f"{quiz}.ipynb" for quiz in QUIZZES}


@pytest.mark.parametrize("quiz", QUIZZES)
def test_every_answer_cell_carries_a_current_form(quiz):
    nb = read_nb(SOURCES[quiz])
    assert quizform.stale_forms(nb) == []
    answer_cells = [c for c in nb.cells if quizform.is_answer_cell(c)]
    assert answer_cells and all(FORM_KEY in c.metadata for c in answer_cells)


@pytest.mark.parametrize("quiz", QUIZZES)
def test_every_model_answer_can_be_given_in_its_form(quiz):
    assert quizform.model_answer_problems(read_nb(SOURCES[quiz])) == []


def _first(nb, kind):
    """(index of the first answer cell of ``kind``, the stem cell above it)."""
    for i, cell in enumerate(nb.cells):
        if cell.metadata.get(FORM_KEY, {}).get("kind") == kind:
            return i, nb.cells[i - 1]
    raise LookupError(kind)


def test_missing_stale_and_disagreeing_metadata_are_each_named():
    nb = read_nb(SOURCES["quiz-01-understanding"])
    missing = copy.deepcopy(nb)
    del cell_by_id(missing, "q1-answer").metadata[FORM_KEY]
    assert quizform.stale_forms(missing) == ["q1-answer: its form metadata is missing."]

    stale = copy.deepcopy(nb)
    cell_by_id(stale, "q5-answer").metadata[FORM_KEY]["options"].pop()
    assert quizform.stale_forms(stale) == [
        "q5-answer: its form metadata disagrees with the stem above it."
    ]

    edited_stem = copy.deepcopy(nb)
    stem = cell_by_id(edited_stem, "q2-stem")
    stem.source = stem.source.replace("- **D.**", "- **E.**")
    assert quizform.stale_forms(edited_stem) == [
        "q2-answer: its form metadata disagrees with the stem above it."
    ]
    # The stem now offers E, while the key is D: the model-answer check names that too.
    regenerated, _ = quizform.with_forms(edited_stem)
    assert quizform.model_answer_problems(regenerated) == [
        "q2-answer: the form cannot give the model answer, 'D' is not an option."
    ]


def test_a_stem_that_breaks_its_format_loses_its_form_and_is_named():
    nb = read_nb(SOURCES["quiz-01-understanding"])
    stem = cell_by_id(nb, "q4-stem")
    stem.source = stem.source.replace("Columns:", "Choices:")
    new, problems = quizform.with_forms(nb)
    assert problems == ["Q4: it has no 'Columns:' list written as '- **P** = text'."]
    assert FORM_KEY not in cell_by_id(new, "q4-answer").metadata
    assert "q4-answer" not in " ".join(quizform.stale_forms(new))
    assert problems[0] in quizform.stale_forms(new)


MR_MATRIX = """## Q7 · Multiple-response matrix (3 points)

For each patient, choose every column that applies in each row.

| # | Patient |
|---|---|
| 1 | Ulcer above the inner ankle |
| 2 | Cold, pale foot |

Columns:

- **A** = duplex ultrasound
- **B** = ABPI
- **C** = urgent referral

Answer with a dictionary from row number to a set of column letters, for example
`q7 = {1: {"?", "?"}, 2: {"?"}}`.
"""

DRAG_CLOZE = """## Q8 · Drag-and-drop cloze (2 points)

> "Compression helps the **[1]** push blood upwards, and walking works the **[2]**."

Word bank:

- **a.** calf muscle pump
- **b.** heart valves
- **c.** calf muscles

Answer with a dictionary from gap number to word letter, for example `q8 = {1: "?", 2: "?"}`.
"""


def test_multiple_response_matrix_from_a_synthetic_stem():
    form = build_form(MR_MATRIX, "multiple-response matrix", "q7 = None\n", True)
    assert form == {
        "schema": 1,
        "variable": "q7",
        "legend": "Q7 · Multiple-response matrix (3 points)",
        "kind": "matrix-multiple",
        "rows": [
            {"key": 1, "text": "Ulcer above the inner ankle"},
            {"key": 2, "text": "Cold, pale foot"},
        ],
        "columns": [
            {"key": "A", "text": "duplex ultrasound"},
            {"key": "B", "text": "ABPI"},
            {"key": "C", "text": "urgent referral"},
        ],
    }
    assert quizform.answer_problem(form, {1: {"A", "B"}, 2: {"C"}}) is None
    assert quizform.answer_problem(form, {1: {"A", "D"}, 2: {"C"}}) is not None


def test_drag_and_drop_cloze_from_a_synthetic_stem():
    form = build_form(DRAG_CLOZE, "drag-and-drop cloze", "# Q8\nq8 = None\n", True)
    assert form["kind"] == "cloze"
    assert form["rows"] == [{"key": 1, "text": "Gap 1"}, {"key": 2, "text": "Gap 2"}]
    assert [o["key"] for o in form["options"]] == ["a", "b", "c"]
    assert quizform.answer_problem(form, {1: "a", 2: "c"}) is None
    assert quizform.answer_problem(form, {1: "a", 2: "d"}) is not None
    with pytest.raises(StemFormatError, match="Word bank"):
        build_form(
            DRAG_CLOZE.replace("Word bank:", "Words:"), "drag-and-drop cloze", "q8 = None", True
        )


@pytest.mark.parametrize(
    ("item_type", "stem", "says"),
    [
        ("single best answer", "## Q1 · x\n\nNo options here.", "no options"),
        ("matrix", "## Q1 · x\n\nColumns:\n\n- **P** = p\n", "table"),
        ("highlight", "## Q1 · x\n\nA passage without numbers.", "numbered findings"),
        ("bowtie", "## Q1 · x\n\n| A | B |\n|---|---|\n", "choose N"),
        ("classification", "## Q1 · x\n\nAnswer with a code.", "layout example"),
        ("drop-down cloze", "## Q1 · x\n\nA gap **[1]**.", "Gap"),
        ("essay", "## Q1 · x", "has no form"),
        ("single best answer", "No heading\n\n- **A.** a", "heading"),
    ],
)
def test_every_stem_format_error_is_one_sentence(item_type, stem, says):
    with pytest.raises(StemFormatError, match=says) as err:
        build_form(stem, item_type, "q1 = None\n", True)
    message = str(err.value)
    assert "\n" not in message and message.count(". ") == 0


def test_a_teach_back_needs_a_markdown_cell_and_a_code_item_a_variable():
    with pytest.raises(StemFormatError, match="markdown answer cell"):
        build_form("## Q9 · Teach-back", "teach-back", "text", True)
    with pytest.raises(StemFormatError, match="assigns no variable"):
        build_form("## Q1 · x\n\n- **A.** a", "single best answer", "# nothing\n", True)


def test_units_and_hints_come_from_the_answer_line():
    assert quizform.parse_unit("Answer with a number of points, for example `q6 = 4`.") == "points"
    assert quizform.parse_unit("Answer with a number in mmHg, for example `q2 = 40`.") == "mmHg"
    assert quizform.parse_unit("Answer with a number, for example `q7 = 0.95`.") is None
    line = 'Answer with the code as text, in the form `q3 = "C1 Es An Pn"` (layout only).'
    assert quizform.parse_ceap_hint(line) == "C1 Es An Pn"


def test_check_cli_exits_1_naming_the_cell_and_writes_when_asked(tmp_path, capsys):
    root = tmp_path / "repo"
    folder = root / "quizzes" / "source" / "quiz-01-understanding"
    folder.mkdir(parents=True)
    nb = read_nb(SOURCES["quiz-01-understanding"])
    del cell_by_id(nb, "q6-answer").metadata[FORM_KEY]
    nbformat.write(nb, folder / "quiz-01-understanding.ipynb")

    assert quizform.main(["--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "q6-answer: its form metadata is missing." in err and "Traceback" not in err

    assert quizform.main(["--root", str(root)]) == 0
    assert "form metadata written" in capsys.readouterr().out
    assert quizform.main(["--check", "--root", str(root)]) == 0

    assert quizform.main(["no-such-quiz", "--root", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("No quiz named no-such-quiz") and "quiz-01-understanding" in err


def test_check_cli_names_an_unreadable_notebook(tmp_path, capsys):
    folder = tmp_path / "quizzes" / "source" / "quiz-x"
    folder.mkdir(parents=True)
    (folder / "quiz-x.ipynb").write_text("{ not json")
    assert quizform.main(["--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.endswith("is not a readable notebook (NotJSONError): fix or restore it.")


@pytest.mark.slow
def test_the_release_keeps_the_forms_and_they_hold_no_key(tmp_path, monkeypatch):
    """nbgrader generate_assignment keeps the metadata; generating it again from the release,
    which holds no key, gives the same metadata, so none of it came from a solution."""
    clean_env(monkeypatch)
    course = make_course(tmp_path)
    for quiz in QUIZZES:
        workflow.release(course, quiz, to_exchange=False)
        source = read_nb(SOURCES[quiz])
        released = read_nb(course / "release" / quiz / f"{quiz}.ipynb")
        kept = {
            c.metadata.nbgrader.grade_id: c.metadata[FORM_KEY]
            for c in released.cells
            if FORM_KEY in c.metadata
        }
        expected = {
            c.metadata.nbgrader.grade_id: c.metadata[FORM_KEY]
            for c in source.cells
            if FORM_KEY in c.metadata
        }
        assert kept == expected and len(kept) == sum(map(quizform.is_answer_cell, source.cells))
        assert "BEGIN SOLUTION" not in json.dumps([c.source for c in released.cells])
        assert quizform.stale_forms(released) == []
        for cell in source.cells:
            if quizform.is_answer_cell(cell):
                solution = cell.source.split("### BEGIN SOLUTION")[-1]
                form_text = json.dumps(cell.metadata[FORM_KEY], ensure_ascii=False)
                if cell.cell_type == "markdown":  # a teach-back's model answer is its source
                    assert solution.strip()[:40] not in form_text
                else:
                    assert solution.split("### END SOLUTION")[0].strip() not in form_text


def test_no_student_setup_disables_the_quiz_forms():
    """The lab launcher's student set-up and the hub's student page config leave the
    extension (and every plugin of it) enabled."""
    from venous_course_tools import lab

    package = json.loads((REPO / "labextension" / "package.json").read_text())["name"]
    page_config = REPO / "deploy" / "jupyterhub" / "jupyter-config" / "student" / "labconfig"
    disabled = set(lab.STUDENT.disabled_plugins)
    for path in page_config.glob("*.json"):
        disabled |= {k for k, v in json.loads(path.read_text())["disabledExtensions"].items() if v}
    assert disabled and not any(name.split(":")[0] == package for name in disabled)
