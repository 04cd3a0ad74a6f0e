"""No self-check answer is visible in the students' lab before the student answers.

Checked on the rendered notebook (what a student can read), so it holds however the items are
stored. For each self-check (an output with a "Check answer" button) in a module that has run:

1. Before anything is pressed, read what the student sees: the cell's code (the input area)
   and the self-check's output.
2. Then answer (the first option, or the order as shown) and press Check: the feedback shows
   every option's rationale and which options are correct (for an ordering item, the order).
3. Fail when the text from step 1 already gave any of it away: a ``True``/``False`` correct
   flag in the code, any 8-word run of a rationale, or an ordering item's steps listed in
   their correct order in the code, or feedback shown before Check.
"""

from __future__ import annotations

import re

import pytest

from .helpers import notebook, run_all_cells, wait_for_kernel_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SECRECY_MODULES = ["04-contraindications", "09-aftercare-and-longevity"]
RUN = 8  # words: a rationale sentence shorter than this is not checked
FLAG = re.compile(r"\b(True|False)\b")
CHECK = re.compile(r"^Check")


def words(text: str) -> list[str]:
    """Lower-case words of ``text``; Python's implicit string joins ("a " "b") are undone."""
    joined = re.sub(r"[\"']\s*\n?\s*[\"']", "", text)
    return re.findall(r"[a-z0-9]+", joined.lower())


def runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + size]) for i in range(len(found) - size + 1)}


# The rationales in the feedback: of each option, from items such as
# "<strong>✓ Option text</strong>: Correct option, your answer. The rationale.", and the
# paragraphs without a heading (an ordering item's rationale). Option and step texts are left
# out: the student sees those before answering anyway.
_RATIONALES = """(status) => {
  const found = [];
  for (const li of status.querySelectorAll('li')) {
    if (!li.querySelector('strong')) continue;
    const copy = li.cloneNode(true);
    copy.querySelectorAll('strong').forEach(s => s.remove());
    found.push(copy.textContent.replace(/^\\s*:\\s*/, '')
        .replace(/^(in)?correct option, [^.]*\\.\\s*/i, '').trim());
  }
  for (const p of status.querySelectorAll('p')) {
    if (!p.querySelector('strong')) found.push(p.textContent.trim());
  }
  return found;
}"""


def _answer_and_check(widget) -> None:
    """Give some answer (first option) and press the Check button."""
    radio = widget.locator(".widget-radio-box label")
    boxes = widget.locator(".widget-checkbox input[type=checkbox]")
    if radio.count():
        radio.first.click()
    elif boxes.count():
        boxes.first.check()
    widget.get_by_role("button", name=CHECK).first.click()


@pytest.mark.parametrize("module", SECRECY_MODULES)
def test_no_self_check_answer_is_visible_before_answering(module, lab_page, lab_server, shots):
    page, errors = lab_page
    page.goto(lab_server.lab_url(f"{module}.ipynb", workspace=f"secrecy-{module}"))
    wait_for_kernel_idle(page)
    run_all_cells(page)
    nb = notebook(page)
    check_button = page.get_by_role("button", name=CHECK)
    # Mark each self-check cell and output now: once checked, its Check button is gone.
    count = (
        nb.locator(".jp-CodeCell")
        .filter(has=check_button)
        .evaluate_all(
            """cells => cells.map((cell, i) => {
          cell.dataset.vcSelfcheckCell = String(i);
          const outputs = [...cell.querySelectorAll('.jp-OutputArea-output')];
          const output = outputs.find(o => [...o.querySelectorAll('button')]
              .some(b => /^Check/.test(b.textContent.trim())));
          output.dataset.vcSelfcheck = String(i);
        }).length"""
        )
    )
    assert count > 0, f"{module} shows no self-check to test."

    leaks: list[str] = []
    for i in range(count):
        cell = nb.locator(f'[data-vc-selfcheck-cell="{i}"]')
        cell.scroll_into_view_if_needed()
        code = cell.locator(".jp-InputArea .cm-content").first.inner_text()
        widget = nb.locator(f'[data-vc-selfcheck="{i}"]')
        before = widget.inner_text()
        question = before.strip().splitlines()[0][:70] if before.strip() else f"self-check {i}"
        if i < 3:
            shots(cell, f"self-check-{i}-before")
        status = widget.locator('[role="status"]')
        if status.count() and re.search(r"Correct\.|Not quite\.|Why each", status.inner_text()):
            leaks.append(f"{question}: feedback is shown before Check is pressed")
        if FLAG.search(code):
            leaks.append(f"{question}: the code shows a True/False correct flag")

        _answer_and_check(widget)
        status = widget.locator('[role="status"]').filter(has=page.locator("li")).first
        status.wait_for(timeout=15_000)
        status.scroll_into_view_if_needed()
        if i < 3:
            shots(cell, f"self-check-{i}-after")
        seen = runs(code) | runs(before)
        for rationale in status.evaluate(_RATIONALES):
            if len(words(rationale)) >= RUN and runs(rationale) & seen:
                leaks.append(f"{question}: rationale visible before answering: {rationale[:80]!r}")
        # An ordering item's feedback lists the steps in the right order: the code must not.
        steps = status.locator("ol").last.locator("li").all_inner_texts()
        positions = [code.find(step[:40]) for step in steps if len(words(step)) >= 3]
        if len(positions) >= 3 and -1 not in positions and positions == sorted(positions):
            leaks.append(f"{question}: the code lists the steps in their correct order")

    assert leaks == [], f"{module}: self-check answers visible before answering:\n" + "\n".join(
        leaks
    )
    assert errors.unexpected == []
