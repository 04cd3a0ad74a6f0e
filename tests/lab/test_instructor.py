"""An instructor in JupyterLab: formgrader lists the submissions; grading the teach-back by hand
changes the total in the gradebook.

The fixture plays the course: a student fetches and submits quiz 01 with the real
``nbgrader fetch_assignment`` / ``submit`` (through the temporary exchange), then the
instructor runs the real ``nbgrader collect`` and ``autograde``. The browser does the rest.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import nbformat
import pytest

from .helpers import QUIZ, nbgrader, open_menu_command, refuse_other_hosts, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE_ID = "venous-course"
TEACH_BACK_ID = "q10-teachback"
MANUAL_SCORE = 1.5
SECOND_COMMENT = "Re-read after moderation: the open question at the end works well."
COMMENT = "Clear on why a high ABPI can mislead; end with an open teach-back question."
#: The student's answers (right and wrong) and free text, as the student would type them.
ANSWERS = {
    "q1-answer": 'q1 = "B"',
    "q2-answer": 'q2 = "B"',
    "q3-answer": 'q3 = "C4b Ep As Pr"',
    "q4-answer": 'q4 = {1: "P", 2: "N", 3: "P", 4: "N", 5: "N"}',
    "q5-answer": 'q5 = {"A", "B"}',
    "q6-answer": "q6 = 9",
    "q7-answer": "q7 = 0.7",
    "q8-answer": 'q8 = "C"',
    "q9-answer": 'q9 = {"A", "B", "C", "E"}',
    TEACH_BACK_ID: (
        "A high reading can happen when the leg arteries are stiff, so it does not prove good "
        "blood flow. The team will check your circulation in another way before choosing "
        "stockings. Can you tell me why a high number is not always good news?"
    ),
}


@dataclass
class Graded:
    student: str
    gradebook_url: str


def _gradebook(url: str):
    from nbgrader.api import Gradebook

    return Gradebook(url)


def _scores(url: str, student: str) -> tuple[float, float | None, str | None, bool]:
    """(total score, manual score and comment of the teach-back, needs manual grade)."""
    with _gradebook(url) as gb:
        submission = gb.find_submission(QUIZ, student)
        grade = gb.find_grade(TEACH_BACK_ID, QUIZ, QUIZ, student)
        comment = gb.find_comment(TEACH_BACK_ID, QUIZ, QUIZ, student)
        return (
            float(submission.score),
            grade.manual_score,
            comment.manual_comment,
            bool(submission.needs_manual_grade),
        )


@pytest.fixture(scope="module")
def graded(instructor_server, tmp_path_factory) -> Iterator[Graded]:
    """A submission of quiz 01, submitted, collected and autograded with the real commands."""
    from nbgrader.utils import get_username

    env = instructor_server.env
    exchange = ["--Exchange.root=" + env["VENOUS_EXCHANGE_ROOT"], "--course", COURSE_ID]
    student_dir = tmp_path_factory.mktemp("student-cli")
    nbgrader(["fetch_assignment", QUIZ, *exchange], student_dir, env)
    path = student_dir / QUIZ / f"{QUIZ}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ANSWERS:
            cell.source = ANSWERS[grade_id]
    nbformat.write(nb, path)
    nbgrader(["submit", QUIZ, *exchange], student_dir, env)

    quizzes = instructor_server.course / "quizzes"
    nbgrader(["collect", QUIZ, "--update"], quizzes, env)
    # the course never creates a student at autograde: the roster comes first
    nbgrader(["db", "student", "add", get_username()], quizzes, env)
    nbgrader(["autograde", QUIZ, "--force"], quizzes, env)
    yield Graded(get_username(), env["VENOUS_GRADEBOOK_URL"])
    shutil.rmtree(student_dir, ignore_errors=True)


def test_instructor_grades_the_teach_back_in_formgrader(lab_page, instructor_server, graded, shots):
    page, errors = lab_page
    elsewhere = refuse_other_hosts(page.context)
    total_before, manual_before, _, needs_manual = _scores(graded.gradebook_url, graded.student)
    assert manual_before is None and needs_manual, "The teach-back should wait for a human."

    page.goto(instructor_server.lab_url(workspace="instructor"))
    page.locator("#jp-menu-panel").wait_for(timeout=60_000)
    open_menu_command(page, "Nbgrader", "nbgrader:open-formgrader")
    holder = page.locator('iframe[src*="formgrader"]').first
    holder.wait_for()
    frame = holder.element_handle().content_frame()

    # Manage Assignments: the quiz is released and has the submission.
    row = frame.locator("tr", has_text=QUIZ).first
    row.wait_for(timeout=60_000)
    assert row.locator("td").filter(has_text="released").count() == 1
    shots(page, "formgrader-assignments")

    # Manual Grading > quiz > notebook > the submission.
    frame.locator("a", has_text="Manual Grading").first.click()
    frame.wait_for_url("**/formgrader/gradebook")
    frame.locator("td a", has_text=QUIZ).first.click()
    frame.wait_for_url(f"**/formgrader/gradebook/{QUIZ}")
    frame.locator("td a", has_text=QUIZ).first.click()
    frame.wait_for_url(f"**/formgrader/gradebook/{QUIZ}/{QUIZ}")
    submission_link = frame.locator("a", has_text="Submission #1").first
    submission_link.wait_for()
    shots(page, "formgrader-submissions")
    submission_link.click()

    score = frame.locator(f"input.score#{TEACH_BACK_ID}")
    score.wait_for(timeout=60_000)
    # formgrade.js waits for MathJax to finish before it selects the first score box.
    wait_for(
        lambda: frame.evaluate("() => Boolean(window.MathJax && window.MathJax.loaded)"),
        30,
        "MathJax (served by the lab) finishing on the grading page",
    )
    score.scroll_into_view_if_needed()
    assert "stiff" in frame.locator(".nbgrader_cell", has=score).inner_text()  # the answer
    shots(page, "formgrader-teach-back")
    score.fill(str(MANUAL_SCORE))
    score.press("Tab")
    comment = frame.locator(f"textarea.comment#{TEACH_BACK_ID}-comment")
    comment.fill(COMMENT)
    comment.press("Tab")

    def saved() -> bool:
        _, manual, text, _ = _scores(graded.gradebook_url, graded.student)
        return manual == MANUAL_SCORE and text == COMMENT

    wait_for(saved, 30, "Formgrader saving the manual score and comment")
    shots(page, "formgrader-graded")

    total_after, _, _, needs_manual = _scores(graded.gradebook_url, graded.student)
    assert total_after == pytest.approx(total_before + MANUAL_SCORE)
    assert not needs_manual

    # Manage Students shows the new total too.
    frame.goto(f"{instructor_server.base}/formgrader/manage_students")
    student_row = frame.locator("tr", has_text=graded.student).first
    student_row.wait_for()

    def shown_total() -> float | None:
        match = re.search(r"(\d+(?:\.\d+)?) / \d", student_row.inner_text())
        return float(match.group(1)) if match else None

    wait_for(lambda: shown_total() is not None, 15, "A total in Manage Students")
    assert shown_total() == pytest.approx(total_after)
    shots(page, "formgrader-students-total")
    # Offline: formgrader's grading page had its MathJax from this server, and nothing else
    # asked another host.
    assert elsewhere == []
    assert errors.page_errors == []


def test_formgrader_opens_from_its_own_address(lab_page, instructor_server, graded, shots):
    """An instructor who bookmarks formgrader (no JupyterLab tab opened first) gets its pages."""
    page, errors = lab_page
    elsewhere = refuse_other_hosts(page.context)
    page.goto(f"{instructor_server.base}/formgrader?token={instructor_server.token}")
    row = page.locator("tr", has_text=QUIZ).first
    row.wait_for(timeout=60_000)
    assert row.locator("td").filter(has_text="released").count() == 1
    shots(page, "formgrader-direct")
    page.locator("a", has_text="Manage Students").first.click()
    page.locator("tr", has_text=graded.student).first.wait_for(timeout=30_000)

    # Grading from a bookmarked submission page saves too (formgrader sends the lab's XSRF
    # cookie with every change, and this browser never opened the lab).
    with _gradebook(graded.gradebook_url) as gb:
        notebook_id = gb.find_submission_notebook(QUIZ, QUIZ, graded.student).id
    page.goto(f"{instructor_server.base}/formgrader/submissions/{notebook_id}/?index=0")
    comment = page.locator(f"textarea.comment#{TEACH_BACK_ID}-comment")
    comment.wait_for(timeout=60_000)
    comment.fill(SECOND_COMMENT)
    comment.press("Tab")
    wait_for(
        lambda: _scores(graded.gradebook_url, graded.student)[2] == SECOND_COMMENT,
        30,
        "Formgrader saving a comment typed on a bookmarked submission page",
    )
    assert elsewhere == []
    assert errors.page_errors == []
