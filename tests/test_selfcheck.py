"""Self-checks: construction rules, pure grading, deterministic display, both faces."""

from __future__ import annotations

import html
import re

import pytest

from venous_course.selfcheck import (
    Option,
    check_ordering,
    check_select_all,
    check_single,
    display_order,
    ordering,
    select_all,
    single_answer,
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
        # the rationale sits in the inline script's JSON (with < > & escaped) and the noscript
        assert html.escape(option.rationale) in page
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
    assert "Hands first, then consent." in page and "<script>" in page


def test_single_widget_checks_and_retries():
    item = single_answer("Which class is CVI?", OPTIONS)
    bundle = item._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle
    item.check_button.click()
    assert "Choose one answer" in item.feedback.value
    item.controls[0].index = 1
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
    item.controls[0].value = True
    item.controls[2].value = True
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
