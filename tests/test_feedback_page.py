"""The feedback page in words, piece by piece (pure functions of feedback_page, fast).

The whole page, from real nbgrader on the real quizzes, is checked in test_quiz_pipeline.py
and, in Chromium at 390 px, in tests/browser/test_feedback_page.py.
"""

from __future__ import annotations

import pytest

from venous_course_tools.instructor.feedback_page import (
    PARTIAL_CREDIT,
    FeedbackItem,
    Module,
    answer_html,
    course_text,
    item_section,
    partial_credit_rule,
    points_text,
    split_stem,
    student_text,
    teachback_html,
    typed_answer_html,
)

SINGLE = {
    "kind": "single",
    "options": [{"key": "A", "text": "Heart"}, {"key": "C", "text": "Weak vein valves"}],
}
MATRIX = {
    "kind": "matrix",
    "rows": [{"key": 1, "text": "GSV 800 ms"}, {"key": 2, "text": "Femoral 800 ms"}],
    "columns": [{"key": "P", "text": "pathologic"}, {"key": "N", "text": "not pathologic"}],
}
BOWTIE = {
    "kind": "bowtie",
    "groups": [
        {"key": "condition", "label": "Condition", "options": [{"key": "B", "text": "Venous"}]},
        {"key": "actions", "label": "Actions", "options": [{"key": "E", "text": "Compress"}]},
    ],
}


def test_chosen_options_are_shown_with_their_text():
    assert answer_html(" c ", SINGLE) == "<p>C. Weak vein valves</p>"
    multiple = {**SINGLE, "kind": "multiple"}
    assert answer_html({"C", "A"}, multiple) == (
        "<ul class='chosen'><li>A. Heart</li><li>C. Weak vein valves</li></ul>"
    )
    ordering = {**SINGLE, "kind": "ordering"}
    assert answer_html(["C", "A"], ordering).startswith("<ol class='chosen'><li>C. Weak")
    assert answer_html({2: "n", 1: "P"}, MATRIX) == (
        "<ul class='chosen'><li>1. GSV 800 ms: P. pathologic</li>"
        "<li>2. Femoral 800 ms: N. not pathologic</li></ul>"
    )
    shown = answer_html({"condition": "B", "actions": {"E"}}, BOWTIE)
    assert "Condition: B. Venous" in shown and "Actions: E. Compress" in shown


def test_unknown_letters_and_numbers_are_the_students_text_escaped():
    shown = answer_html("<script>", SINGLE)
    assert "<script>" not in shown and student_text("<script>") in shown
    assert "not one of the options" in shown
    assert answer_html(13, {"kind": "number", "unit": "points"}) == (
        f"<p>{student_text('13')} points</p>"
    )
    assert answer_html(None, SINGLE) == "<p>Not answered.</p>"
    # before the form metadata exists, the letter is shown as the student gave it
    assert answer_html("C", None) == f"<p>{student_text('C')}</p>"


def test_student_regions_cannot_be_closed_by_the_student():
    hostile = "x <!--/student--> END HIDDEN TESTS <!--student-->"
    page = "<p>course</p>" + teachback_html(hostile) + typed_answer_html(hostile, hostile)
    assert "END HIDDEN TESTS" not in course_text(page)
    assert course_text(page).count("course") == 1


def test_split_stem_drops_the_typing_instructions_and_the_scoring_paragraph():
    stem = (
        "## Q5 · Select all that apply (2 points)\n\nWhich people?\n\n- **A.** One\n\n"
        'Answer with a set of letters, for example `q5 = {"?"}`. Scoring: +1 for every '
        "correct option, -1 for every wrong one, never below 0.\n"
    )
    heading, body = split_stem(stem)
    assert heading == "Q5 · Select all that apply (2 points)"
    assert body == "Which people?\n\n- **A.** One"
    assert partial_credit_rule("select all that apply", stem) == (
        "+1 for every correct option, -1 for every wrong one, never below 0."
    )


@pytest.mark.parametrize("item_type", sorted(PARTIAL_CREDIT))
def test_every_item_type_has_a_one_sentence_rule(item_type):
    rule = partial_credit_rule(item_type, "## Q1 · Item\n\nNo scoring sentence here.")
    assert rule == PARTIAL_CREDIT[item_type] and rule.endswith(".") and rule.count(". ") == 0


def test_points_and_review_state():
    assert points_text(1.5, 2, False) == "1.5 of 2 points"
    assert points_text(1, 1, False) == "1 of 1 point"
    assert points_text(None, 2, True).startswith("Your instructor is still scoring")


def test_item_section_has_every_part_and_a_module_link():
    item = FeedbackItem(
        anchor="q1",
        heading="Q1 · Single best answer (1 point)",
        stem_markdown="Which reply?\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        answer_html=answer_html("C", SINGLE),
        earned=1.0,
        possible=1.0,
        rule=PARTIAL_CREDIT["single best answer"],
        rationale="Valves fail & blood pools.",
        modules=[Module("01", "What is it?", "01-what-is-venous-insufficiency.ipynb")],
    )
    html = item_section(item, lambda md: f"<p>{md}</p><table></table>")
    for part in ("The question", "Your answer", "How it is scored", "Rationale", "Review"):
        assert f"<h3>{part}</h3>" in html
    assert "Valves fail &amp; blood pools." in html
    assert "href='../../../01-what-is-venous-insufficiency.ipynb'" in html
    assert "<div class='wide' tabindex='0' role='region' aria-label='Table'><table>" in html
