"""Self-checks: construction rules, pure grading, deterministic display, both faces."""

from __future__ import annotations

import html
import itertools
import json
import re

import nbformat
import pytest

from tests.conftest import COURSE_MODULES, MODULE_PATHS, REPO
from venous_course import procedure, selfcheck
from venous_course.selfcheck import (
    Option,
    check_ordering,
    check_select_all,
    check_single,
    display_order,
    faces,
    items,
    ordering,
    select_all,
    single_answer,
    wording,
)

OPTIONS = [
    Option("C2 varicose veins", False, "C2 is chronic venous disease without insufficiency."),
    Option("C3 oedema", True, "C3 is the first class of chronic venous insufficiency."),
    Option("C1 reticular veins", False, "C1 is chronic venous disease without insufficiency."),
]
MULTI = [
    Option("Oedema", True, "Oedema is C3."),
    Option("Active ulcer", True, "An active ulcer is C6."),
    Option("Spider veins", False, "Spider veins are C1 & not CVI <really>."),
]
STEPS = ["Wash your hands", "Explain the procedure", "Measure the pressures", "Record the result"]


def test_single_answer_needs_exactly_one_key():
    with pytest.raises(ValueError, match="exactly one correct"):
        single_answer("Which?", [Option("a", True, "r"), Option("b", True, "r")])
    with pytest.raises(ValueError, match="exactly one correct"):
        single_answer("Which?", [Option("a", False, "r"), Option("b", False, "r")])


def test_select_all_needs_a_key_and_every_option_a_rationale():
    with pytest.raises(ValueError, match="at least one correct"):
        select_all("Which?", [Option("a", False, "r"), Option("b", False, "r")])
    with pytest.raises(ValueError, match="rationale"):
        select_all("Which?", [Option("a", True, "r"), Option("b", False, "  ")])


def test_ordering_needs_three_distinct_steps_and_a_rationale():
    with pytest.raises(ValueError, match="at least 3"):
        ordering("Order", ["a", "b"], "why")
    with pytest.raises(ValueError, match="different"):
        ordering("Order", ["a", "b", "a"], "why")
    with pytest.raises(ValueError, match="rationale"):
        ordering("Order", ["a", "b", "c"], "")


def test_check_single_marks_every_option():
    feedback = check_single(OPTIONS, 0)
    assert [f.chosen for f in feedback] == [True, False, False]
    assert [f.right for f in feedback] == [False, False, True]
    assert all(f.rationale for f in feedback)
    assert [f.right for f in check_single(OPTIONS, 1)] == [True, True, True]
    with pytest.raises(ValueError, match="Choose one answer"):
        check_single(OPTIONS, None)
    with pytest.raises(ValueError):
        check_single(OPTIONS, 7)


def test_check_select_all_per_option():
    assert [f.right for f in check_select_all(MULTI, {0, 1})] == [True, True, True]
    assert [f.right for f in check_select_all(MULTI, {0, 2})] == [True, False, False]
    with pytest.raises(ValueError, match="at least one"):
        check_select_all(MULTI, set())


def test_check_ordering_per_position():
    assert check_ordering(STEPS, STEPS) == [True] * 4
    swapped = [STEPS[1], STEPS[0], *STEPS[2:]]
    assert check_ordering(STEPS, swapped) == [False, False, True, True]
    with pytest.raises(ValueError, match="every step"):
        check_ordering(STEPS, STEPS[:3])


@pytest.mark.parametrize("prompt", ["Order the steps", "Another prompt", "x", "ABPI steps"])
def test_display_order_is_deterministic_and_never_correct(prompt):
    for n in (3, 4, 5):
        steps = STEPS[:n] if n <= 4 else [*STEPS, "Tell the team"]
        first = display_order(prompt, steps)
        assert first == display_order(prompt, steps)
        assert first != steps
        assert sorted(first) == sorted(steps)


def test_choice_html_has_every_option_rationale_and_accessible_parts():
    item = select_all("Which are CVI signs?", MULTI)
    page = item.html()
    for option in MULTI:
        assert html.escape(option.text) in page
        # the rationale is in the page's obscured feedback, not in clear text (issue 16)
        assert html.escape(option.rationale) not in page
    assert "<script>" in page and "<fieldset>" in page and "<legend>" in page
    assert 'aria-live="polite"' in page and "Check answer" in page and "Try again" in page
    assert 'type="checkbox"' in page
    assert "<really>" not in page  # user text cannot inject markup
    ids = re.findall(r'class="vc-selfcheck" id="([^"]+)"', page)
    assert len(ids) == 1
    assert ids[0] not in select_all("Which are CVI signs?", MULTI).html()  # unique per instance


def test_single_html_uses_radio_buttons_with_labels():
    page = single_answer("Which class is CVI?", OPTIONS).html()
    assert page.count('type="radio"') == len(OPTIONS)
    assert page.count("<label for=") == len(OPTIONS)


def test_ordering_html_lists_steps_shuffled_with_buttons():
    item = ordering("Put the ABPI steps in order", STEPS, "Hands first, then consent.")
    page = item.html()
    shown = re.findall(r'<li data-step="([^"]+)"', page)
    assert shown == [html.escape(s) for s in display_order(item.prompt, STEPS)]
    assert page.count('data-move="up"') == len(STEPS)
    assert "Hands first, then consent." not in page and "<script>" in page  # obscured


def test_single_widget_checks_and_retries():
    item = single_answer("Which class is CVI?", OPTIONS)
    bundle = item._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle
    item.check_button.click()
    assert "Choose one answer" in item.feedback.value
    item.controls[0].value = OPTIONS[1].text  # the options are shown shuffled
    item.check_button.click()
    assert "Correct." in item.feedback.value
    for option in OPTIONS:
        assert html.escape(option.rationale) in item.feedback.value
    assert item.controls[0].disabled
    item.retry_button.click()
    assert item.feedback.value == "" and item.controls[0].index is None


def test_select_all_widget_reports_wrong_choices():
    item = select_all("Which are CVI signs?", MULTI)
    item.widget  # noqa: B018 - builds the widget
    boxes = {box.description: box for box in item.controls}  # the options are shown shuffled
    boxes[MULTI[0].text].value = True
    boxes[MULTI[2].text].value = True
    item.check_button.click()
    assert "Not quite." in item.feedback.value
    assert item.feedback.value.count("\u2717") == 2  # missed ulcer, wrongly chose spider veins


def test_ordering_widget_moves_and_grades():
    item = ordering("Put the ABPI steps in order", STEPS, "Hands first, then consent.")
    item.widget  # noqa: B018
    for target, step in enumerate(STEPS):
        while item.order.index(step) > target:
            item.move(item.order.index(step), -1)
    assert item.order == STEPS
    item.check_button.click()
    assert "Correct order." in item.feedback.value
    item.retry_button.click()
    assert item.order != STEPS


# --------------------------------------------------------------------------- items as data

ITEM_FILES = sorted((REPO / "src" / "venous_course" / "data" / "selfchecks").glob("*.yml"))
_SHOW = re.compile(r'selfcheck\.show\("([^"]+)"\)')


def test_every_module_has_an_item_file_and_every_item_loads():
    modules = set(COURSE_MODULES)
    assert {p.stem for p in ITEM_FILES} <= modules, "an item file names no module notebook"
    assert len(selfcheck.all_items()) >= 50


def test_every_notebook_shows_items_by_id_and_every_item_is_shown_once():
    shown = []
    for path in MODULE_PATHS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            # No answer key in a code cell: the lab shows code cells to students.
            assert "Option(" not in cell.source and "correct" not in cell.source, path.name
            for item_id in _SHOW.findall(cell.source):
                assert item_id.startswith(path.stem[:3]), f"{path.name} shows {item_id}"
                shown.append(item_id)
    assert sorted(shown) == sorted(selfcheck.all_items()), "items shown twice or never"


def test_the_pathway_item_follows_the_procedure_model():
    assert selfcheck.item("06-pathway-steps").steps == tuple(s.title for s in procedure.STEPS)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("lena:\n  kind: multiple\n", "04-lena (04-x.yml), field 'kind'"),
        ("lena:\n  kind: select all\n  prompt: ''\n", "field 'prompt'"),
        (
            "lena:\n  kind: select all\n  prompt: P\n  options:\n"
            "    - {text: a, correct: true, rationale: r}\n"
            "    - {text: b, correct: maybe, rationale: r}\n",
            "field 'options[2].correct'",
        ),
        (
            "lena:\n  kind: single answer\n  prompt: P\n  options:\n"
            "    - {text: a, correct: true, rationale: r}\n    - {text: b, correct: false}\n",
            "field 'options[2].rationale'",
        ),
        (
            "lena:\n  kind: single answer\n  prompt: P\n  options:\n"
            "    - {text: a, correct: true, rationale: r}\n"
            "    - {text: b, correct: true, rationale: r}\n",
            "exactly one correct",
        ),
        (
            "lena:\n  kind: ordering\n  prompt: P\n  steps: [a, b]\n  rationale: r\n",
            "field 'steps'",
        ),
        ("lena:\n  kind: ordering\n  prompt: P\n  steps: [a, b, c]\n  why: r\n", "field 'why'"),
        ("lena:\n  kind: ordering\n  prompt: P\n   steps: [a]\n", "not valid YAML near line 4"),
        ("Lena Smith:\n  kind: ordering\n", "item name 'Lena Smith'"),
    ],
)
def test_a_broken_item_file_names_the_item_and_the_field(text, named):
    with pytest.raises(items.SelfCheckError) as caught:
        items.items_from_text("04-x.yml", text)
    assert named in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_wrongly_named_file_and_an_unknown_id_are_explained():
    with pytest.raises(items.SelfCheckError, match="NN-kebab-case.yml"):
        items.items_from_text("contraindications.yaml", "a: {}")
    with pytest.raises(items.SelfCheckError, match="04-lena"):
        selfcheck.show("04-lina")


# --------------------------------------------------------------------------- wording once


def _script_feedback_choice(data: dict, chosen: set[int]) -> str:
    """What the book's script assembles (a Python transcription of its few lines)."""
    pieces = [pair[1 if i in chosen else 0] for i, pair in enumerate(data["rows"])]
    frame = data["frame"]["right" if all(p["right"] for p in pieces) else "wrong"]
    return frame[0] + "".join(p["html"] for p in pieces) + frame[1]


def _script_feedback_order(data: dict, order: list[str]) -> str:
    rows, right_all = [], True
    for i, step in enumerate(order):
        right = step == data["steps"][i]
        right_all &= right
        rows.append(data["rows"][data["steps"].index(step)][1 if right else 0])
    frame = data["frame"]["right" if right_all else "wrong"]
    return frame[0] + "".join(rows) + frame[1]


@pytest.mark.parametrize("item_id", sorted(selfcheck.all_items()))
def test_book_and_widget_give_the_same_feedback_for_every_answer(item_id):
    check = selfcheck.show(item_id)
    if isinstance(check, selfcheck.OrderingCheck):
        data = faces.ordering_script_data(check.steps, check.rationale)
        orders = itertools.islice(itertools.permutations(check.steps), 24)
        for order in orders:
            assert _script_feedback_order(data, list(order)) == check.feedback_html(order)
        return
    data = faces.choice_script_data(check.options, check.multi)
    n = len(check.options)
    answers = (
        [{i} for i in range(n)]
        if not check.multi
        else [set(c) for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]
    )
    for chosen in answers:
        graded = (
            selfcheck.check_select_all(check.options, chosen)
            if check.multi
            else selfcheck.check_single(check.options, next(iter(chosen)))
        )
        assert _script_feedback_choice(data, chosen) == check.feedback_html(graded)


def test_the_page_scripts_hold_no_words_of_their_own():
    words = ("Correct", "Not quite", "Choose one", "Select at least", "right place", "Moved")
    for script in (faces._CHOICE_SCRIPT, faces._ORDER_SCRIPT, faces._SHARED_SCRIPT):
        assert not [w for w in words if w in script]


def test_the_widget_shows_the_nothing_chosen_message_from_the_same_wording():
    check = selfcheck.show("00-restart-kernel")
    check.widget  # noqa: B018 - builds the widget
    check.check_button.click()
    data = faces.choice_script_data(check.options, check.multi)
    assert data["empty"] in check.feedback.value
    assert json.dumps(wording.message_html("x"))  # plain HTML, JSON-safe


def test_the_content_checks_read_the_items_a_notebook_shows(tmp_path):
    from venous_course_tools.checks.notebook_text import notebook_blocks

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('selfcheck.show("04-lena")')]
    path = tmp_path / "04-synthetic.ipynb"
    nbformat.write(nb, path)
    blocks = notebook_blocks(path, quiz=False)
    lena = selfcheck.item("04-lena")
    assert {b.kind for b in blocks} == {"self-check 04-lena"}
    texts = [b.text for b in blocks]
    assert lena.prompt in texts and all(o.rationale in texts for o in lena.options)


def test_inline_items_move_to_the_item_file_unchanged(tmp_path):
    from venous_course_tools.selfcheck_items import migrate

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from venous_course import selfcheck"),
        nbformat.v4.new_code_cell(
            'single_answer("Which class is CVI?", [Option("C3 oedema", True, "C3 is CVI."), '
            'Option(text="C1", correct=False, rationale="C1 is \\"CVD\\": not CVI.")])'
        ),
        nbformat.v4.new_code_cell(f"ordering('Put the steps in order', {STEPS!r}, 'Hands first.')"),
        nbformat.v4.new_code_cell('select_all("Which?", [Option(x, True, "r") for x in "ab"])'),
    ]
    path = tmp_path / "12-synthetic.ipynb"
    nbformat.write(nb, path)
    moved, left = migrate(path, tmp_path / "data")
    assert moved == ["12-class-cvi", "12-put-steps-order"] and left and "cell 3" in left[0]
    loaded = items.items_from_text(
        "12-synthetic.yml", (tmp_path / "data" / "12-synthetic.yml").read_text()
    )
    choice, order = loaded["12-class-cvi"], loaded["12-put-steps-order"]
    assert choice.options[1].rationale == 'C1 is "CVD": not CVI.' and not choice.multi
    assert list(order.steps) == STEPS and order.rationale == "Hands first."
    cells = [c.source for c in nbformat.read(path, as_version=4).cells]
    assert cells[1:3] == ['selfcheck.show("12-class-cvi")', 'selfcheck.show("12-put-steps-order")']


def test_the_migration_command_explains_a_missing_notebook(capsys):
    from venous_course_tools.selfcheck_items import main

    assert main(["modules/99-missing.ipynb"]) == 1
    assert "no such notebook" in capsys.readouterr().out
