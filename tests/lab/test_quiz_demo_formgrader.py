"""`make quiz-demo` ends with the instructor in formgrader on the graded demo class.

The real command (``python -m venous_course_tools.instructor demo DEST --port P``, what the
Make target runs) builds the class with the real nbgrader steps, then starts JupyterLab on it
with formgrader as the first page. Chromium opens the URL it prints, with every request to
another host refused: the demo quiz is there with its three submissions, and the model
student's teach-back waits in Manual Grading.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import pytest

from .helpers import (
    free_port,
    isolated_env,
    read_url,
    refuse_other_hosts,
    start,
    stop_tree,
    wait_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUIZ = "quiz-01-understanding"
TOKEN = "venous-course-demo-test-token"


def test_quiz_demo_leaves_the_instructor_in_formgrader(chromium, tmp_path, shots):
    home = tmp_path / "home"
    env = isolated_env(home, tmp_path / "unused", TOKEN)
    port = free_port()
    log = tmp_path / "quiz-demo.log"
    command = [sys.executable, "-m", "venous_course_tools.instructor", "demo"]
    proc = start([*command, str(tmp_path / "demo"), "--port", str(port)], env, tmp_path, log)
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        url, _ = wait_for(
            lambda: read_url(log), 600, "The demo printing formgrader's URL", proc, log
        )
        assert urlsplit(url).path == "/formgrader"
        assert "Every step ran" in log.read_text()
        page = context.new_page()
        elsewhere = refuse_other_hosts(context)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        def opened() -> bool:
            try:
                page.goto(url, timeout=10_000)
                return True
            except Exception:  # noqa: BLE001 - the server may still be starting
                return False

        wait_for(opened, 90, "Formgrader answering on the demo class", proc, log)
        row = page.locator("tr", has_text=QUIZ).first
        row.wait_for(timeout=60_000)
        # Manage Assignments: released, three submissions collected.
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        assert "released" in cells and "3" in cells, cells
        shots(page, "demo-formgrader")

        page.locator("a", has_text="Manual Grading").first.click()
        page.locator("td a", has_text=QUIZ).first.click()
        page.locator("td a", has_text=QUIZ).first.click()
        submissions = page.locator("tr", has_text="Submission #")
        submissions.first.wait_for(timeout=30_000)
        assert submissions.count() == 3
        # demo-amy's teach-back, and only hers, waits for a person.
        assert page.locator('td.needs-manual-grade[data-search="needs manual grade"]').count() == 1
        shots(page, "demo-manual-grading")
        assert elsewhere == [] and errors == []
    finally:
        context.close()
        stop_tree(proc)
