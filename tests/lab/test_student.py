"""A student in JupyterLab: runs a module, moves an explorer, answers a self-check, takes a quiz.

Real Chromium against a real JupyterLab started by the course launcher (see conftest.py).
Screenshots of every step go to test-artifacts/lab/<test name>/.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from .helpers import (
    QUIZ,
    error_outputs,
    notebook,
    open_menu_command,
    replace_cell_source,
    run_all_cells,
    save_notebook,
    trace_paths,
    wait_for_kernel_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Paths are relative to the folder the student lab serves (modules/).
MODULE = "01-what-is-venous-insufficiency.ipynb"
#: Answers a student types into the quiz (valid in form; some right, some wrong).
ANSWERS = {
    "q1": 'q1 = "B"',
    "q2": 'q2 = "A"',
    "q3": 'q3 = "C4b Ep As Pr"',
    "q4": 'q4 = {1: "P", 2: "N", 3: "P", 4: "N", 5: "P"}',
    "q5": 'q5 = {"A", "B", "D"}',
    "q6": "q6 = 9",
    "q7": "q7 = 0.72",
    "q8": 'q8 = "C"',
    "q9": 'q9 = {"A", "B", "C", "E"}',
}
TEACH_BACK = (
    "A high number can mean the leg arteries are stiff, so the cuff cannot squeeze them and "
    "the reading looks better than the blood flow really is. The team will check your "
    "circulation another way before choosing stockings. Can you tell me in your own words "
    "why a high number is not always good news?"
)


# True once the line paths of the plotly figure in the output that shows ``text`` differ
# from ``before`` (what trace_paths() read earlier).
_REDRAWN = """([text, before]) => {
  const out = [...document.querySelectorAll('.jp-OutputArea-output')]
      .find(o => o.textContent.includes(text));
  const now = [...out.querySelectorAll('.js-plotly-plot .scatterlayer .trace path.js-line')]
      .map(p => p.getAttribute('d') || '');
  return JSON.stringify(now) !== JSON.stringify(before);
}"""


def wait_for_redraw(page, text: str, before: list[str]) -> None:
    """Wait until the figure in the output containing ``text`` has redrawn its lines."""
    page.wait_for_function(_REDRAWN, arg=[text, before])


def test_launcher_opens_the_welcome_module_with_the_modules_folder(lab_page, lab_server, shots):
    page, errors = lab_page
    assert re.fullmatch(
        r"http://127\.0\.0\.1:\d+/lab/tree/00-welcome\.ipynb\?token=\S+", lab_server.url
    ), lab_server.url
    page.goto(lab_server.url)
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    tab.filter(has_text="00-welcome").wait_for(timeout=60_000)
    # The file browser is at its root, which is modules/: the modules are listed, and there is
    # no way up to quizzes/ (the answer keys in quizzes/source).
    listing = page.locator(".jp-DirListing-content .jp-DirListing-itemText")
    listing.filter(has_text="01-what-is-venous-insufficiency.ipynb").wait_for()
    names = set(listing.all_inner_texts())
    assert "00-welcome.ipynb" in names, names
    assert not names & {"quizzes", "modules", "src", "nbgrader_config.py"}, names
    crumbs = page.locator(".jp-FileBrowser-crumbs .jp-BreadCrumbs-item")
    assert crumbs.count() <= 1, "The file browser should start at its root (modules/)."
    shots(page, "welcome-opened")
    assert errors.unexpected == []


def test_student_runs_module_moves_explorer_and_checks_an_answer(lab_page, lab_server, shots):
    page, errors = lab_page
    page.goto(lab_server.lab_url(MODULE, workspace="student-module"))
    wait_for_kernel_idle(page)
    shots(page, "module-opened")

    run_all_cells(page)
    page.locator(".js-plotly-plot").first.wait_for()
    shots(page, "ran-all-cells")
    assert error_outputs(page) == [], "Running every cell of the module showed errors."
    nb = notebook(page)
    assert nb.locator(".jp-OutputArea-output .jupyter-widgets").count() > 0

    # The live face of the calf muscle pump explorer: change the valve state, see the curve move.
    explorer = nb.locator(".jp-OutputArea-output").filter(has_text="Calf muscle pump explorer")
    assert explorer.count() == 1, "The calf muscle pump explorer did not render as a widget."
    explorer = explorer.first
    explorer.scroll_into_view_if_needed()
    explorer.locator(".js-plotly-plot").wait_for()
    before = trace_paths(explorer)
    assert before and all(before), "The explorer's figure draws no lines."
    shots(explorer, "explorer-before")
    dropdown = explorer.locator(".widget-dropdown", has_text="Valve state").locator("select")
    dropdown.select_option(label="Deep reflux")
    wait_for_redraw(page, "Calf muscle pump explorer", before)
    after_valve = trace_paths(explorer)
    assert after_valve != before
    assert "Deep reflux" in explorer.inner_text()  # legend and summary follow the control
    shots(explorer, "explorer-deep-reflux")

    # The steps slider, through its editable read-out (what a keyboard user does).
    readout = explorer.locator(".widget-slider", has_text="Steps walked").locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    handle = explorer.locator(".widget-slider .noUi-handle").first
    page.wait_for_function(
        "(h) => ['30', '30.0'].includes(h.getAttribute('aria-valuenow'))",
        arg=handle.element_handle(),
    )
    wait_for_redraw(page, "Calf muscle pump explorer", after_valve)
    shots(explorer, "explorer-30-steps")

    # A self-check: choose the right answer, press Check answer, read the feedback.
    check = nb.locator(".jp-OutputArea-output").filter(has_text="Self-check:").first
    check.scroll_into_view_if_needed()
    key = "Insufficiency is the late stage of CVD"
    check.locator(".widget-radio-box label", has_text=key).click()
    check.get_by_role("button", name="Check answer").click()
    feedback = check.locator('[role="status"]', has_text="Why each option is right or wrong")
    feedback.wait_for()
    assert "Correct." in feedback.inner_text()
    assert "your answer" in feedback.inner_text()
    check.get_by_role("button", name="Try again").wait_for()
    shots(check, "self-check-feedback")

    assert error_outputs(page) == []
    assert errors.unexpected == [], "JavaScript errors while using the module."


def test_student_fetches_answers_validates_and_submits_the_quiz(lab_page, lab_server, shots):
    page, errors = lab_page
    page.goto(lab_server.lab_url(workspace="student-quiz"))
    page.locator("#jp-menu-panel").wait_for(timeout=60_000)

    # Nbgrader > Assignment List shows the quiz the instructor released.
    open_menu_command(page, "Nbgrader", "nbgrader:open-assignment-list")
    released = page.locator("#released_assignments_list > .list_item")
    released.filter(has_text=QUIZ).wait_for()
    shots(page, "assignments-released")
    released.filter(has_text=QUIZ).locator(".item_status button", has_text="Fetch").click()

    fetched = page.locator("#fetched_assignments_list > .list_item").filter(has_text=QUIZ)
    fetched.wait_for()
    shots(page, "assignments-fetched")
    fetched_file = lab_server.served / QUIZ / f"{QUIZ}.ipynb"
    assert fetched_file.exists(), "Fetch should put the quiz in modules/, where students see it."

    # Open the quiz from the panel and answer it by setting the variables.
    fetched.locator("a.assignment-notebooks-link").click()
    row = fetched.locator(".nested_list_item").filter(has_text=QUIZ)
    row.wait_for()
    row.locator(".item_name a").click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=QUIZ).wait_for()
    wait_for_kernel_idle(page)
    nb = notebook(page)
    # Typing still works: "Edit as text" under each form shows the cell (tests/lab/
    # test_quiz_forms.py answers through the forms themselves).
    for question, answer in ANSWERS.items():
        cell = nb.locator(".jp-CodeCell").filter(has_text=f"{question} = None").first
        cell.get_by_role("button", name="Edit as text").click()
        replace_cell_source(page, cell, answer)
    teach_back = nb.locator(".jp-MarkdownCell").filter(has_text="Write your answer here").first
    teach_back.get_by_role("button", name="Edit as text").click()
    replace_cell_source(page, teach_back, TEACH_BACK)
    save_notebook(page)
    shots(page, "quiz-answered")

    saved = nbformat.read(fetched_file, as_version=4)
    sources = {
        cell.metadata.get("nbgrader", {}).get("grade_id"): cell.source for cell in saved.cells
    }
    for question, answer in ANSWERS.items():
        assert sources[f"{question}-answer"] == answer
    assert sources["q10-teachback"] == TEACH_BACK

    # Validate from the Assignments panel, then submit.
    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    fetched = page.locator("#fetched_assignments_list > .list_item").filter(has_text=QUIZ)
    row = fetched.locator(".nested_list_item").filter(has_text=QUIZ)
    if not row.is_visible():
        fetched.locator("a.assignment-notebooks-link").click()
    row.locator(".item_status button", has_text="Validate").click()
    dialog = page.locator(".nbgrader-SuccessDialog, .nbgrader-ErrorDialog").first
    dialog.wait_for(timeout=120_000)
    shots(page, "quiz-validated")
    assert "passes all the tests" in dialog.inner_text(), dialog.inner_text()
    dialog.locator("button.jp-Dialog-button").first.click()

    inbound = lab_server.home / "exchange" / "venous-course" / "inbound"

    def submissions() -> list[Path]:
        return [p for p in inbound.glob(f"*+{QUIZ}+*")] if inbound.is_dir() else []

    before = len(submissions())
    # Rows of "Submitted assignments": one more (a new timestamp) after submitting.
    rows = "#submitted_assignments_list .list_item"
    shown_before = page.locator(rows).count()
    fetched.locator(".item_status button", has_text="Submit").first.click()
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length > n",
        arg=[rows, shown_before],
        timeout=60_000,
    )
    page.locator("#submitted_assignments_list > .list_item").filter(has_text=QUIZ).wait_for()
    shots(page, "quiz-submitted")
    assert len(submissions()) == before + 1, "The submission did not reach the exchange."
    assert errors.unexpected == []
