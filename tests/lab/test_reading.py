"""The students' lab reads like the book: MyST renders (no raw roles or directives), glossary
terms and citations show sensibly, and none of nbgrader's instructor tools or JupyterLab's news
pop-up are there. The instructors' lab is checked with the same steps, so the checks can fail.

Screenshots: test-artifacts/lab/<test name>/.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .helpers import REPO, notebook, open_menu_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The modules the issue names; the student lab serves modules/, so paths are file names.
READ_MODULES = ["04-contraindications", "09-aftercare-and-longevity"]
#: Raw MyST that jupyterlab-myst should have turned into text: a role such as {term}`...` or
#: {cite}`...`, a directive fence such as ```{note} or :::{dropdown}, a (label)= target.
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}`|^\s*(?:```|:::)\s*\{|^\s*\([\w-]+\)=\s*$", re.M)
ROLE = re.compile(r"\{(term|cite)\}`([^`]+)`")
#: What jupyterlab-myst 2.7 makes of a citation it cannot resolve (it reads no .bib file).
UNRESOLVED_CITATION = 'span[title="Citation Not Found"]'

# Every markdown cell rendered by jupyterlab-myst (its widget carries the class "myst").
_RENDERED = """() => {
  const panel = '.jp-NotebookPanel:not(.lm-mod-hidden)';
  const cells = [...document.querySelectorAll(panel + ' .jp-MarkdownCell')];
  return cells.length > 0 && cells.every(c => c.querySelector('.myst') !== null);
}"""


def first_role(module: str, role: str) -> str:
    """The text the first ``{role}`...``` in the module's markdown shows (``a <b>`` shows a)."""
    nb = nbformat.read(REPO / "modules" / f"{module}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for kind, body in ROLE.findall(cell.source):
            if kind == role:
                return re.sub(r"\s*<[^>]*>\s*$", "", body).strip()
    raise AssertionError(f"{module} has no {{{role}}} role to check")


def open_module(page, server, module: str, workspace: str) -> None:
    page.goto(server.lab_url(f"{module}.ipynb", workspace=workspace))
    page.locator(".jp-NotebookPanel .jp-MarkdownCell").first.wait_for(timeout=60_000)
    page.wait_for_function(_RENDERED, timeout=60_000)


@pytest.mark.parametrize("module", READ_MODULES)
def test_module_markdown_reads_like_the_book(module, lab_page, lab_server, shots):
    page, errors = lab_page
    open_module(page, lab_server, module, f"read-{module}")
    nb = notebook(page)
    shots(page, "top")

    # No raw role, directive or target is left in any rendered markdown cell.
    texts = nb.locator(".jp-MarkdownCell .myst").all_inner_texts()
    raw = [m.group(0) for text in texts for m in RAW_MYST.finditer(text)]
    assert raw == [], f"{module} shows raw MyST in JupyterLab: {raw[:5]}"

    # A glossary term shows as its word, marked as a defined term (dotted underline), not as a
    # link to nowhere.
    term = first_role(module, "term")
    shown = nb.locator(".jp-MarkdownCell .myst a.hover-link", has_text=term).first
    shown.scroll_into_view_if_needed()
    assert shown.inner_text().strip().lower() == term.lower()
    style = shown.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.textDecorationStyle, s.textDecorationLine, s.pointerEvents]; }"
    )
    assert style == ["dotted", "underline", "none"], style
    inner = page.locator(".myst a.hover-link", has_text=term)  # relative to each cell
    shots(nb.locator(".jp-MarkdownCell", has=inner).first, "glossary-term")

    # A citation shows as its key in brackets, in the text's colour, without a warning icon.
    key = first_role(module, "cite")
    cited = nb.locator(f".jp-MarkdownCell .myst {UNRESOLVED_CITATION}", has_text=key).first
    cited.scroll_into_view_if_needed()
    looks = cited.evaluate(
        """e => {
          const svg = e.querySelector('svg');
          return {
            text: e.textContent.trim(),
            before: getComputedStyle(e, '::before').content,
            after: getComputedStyle(e, '::after').content,
            icon: svg ? getComputedStyle(svg).display : 'none',
            same_colour: getComputedStyle(e).color === getComputedStyle(e.parentElement).color,
          };
        }"""
    )
    assert looks == {
        "text": key,
        "before": '"["',
        "after": '"]"',
        "icon": "none",
        "same_colour": True,
    }, looks
    inner = page.locator(f".myst {UNRESOLVED_CITATION}", has_text=key)
    shots(nb.locator(".jp-MarkdownCell", has=inner).first, "citation")
    assert errors.unexpected == []


def _menu_labels(page, menu: str) -> list[str]:
    """The visible item labels of a menu-bar menu (the menu is closed again afterwards)."""
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=menu).first.click()
    items = page.locator(".lm-Menu:visible .lm-Menu-item:visible .lm-Menu-itemLabel")
    items.first.wait_for()
    labels = [label.strip() for label in items.all_inner_texts()]
    page.keyboard.press("Escape")
    return labels


def _sidebar_titles(page) -> list[str]:
    tabs = page.locator(".jp-SideBar .lm-TabBar-tab")
    return [
        (tabs.nth(i).get_attribute("title") or "") + " " + tabs.nth(i).inner_text()
        for i in range(tabs.count())
    ]


def _toasts(page) -> list[str]:
    return [t.strip() for t in page.locator(".Toastify__toast").all_inner_texts() if t.strip()]


def _open_lab(page, server, workspace: str) -> None:
    page.goto(server.lab_url(workspace=workspace))
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for(
        timeout=60_000
    )
    # The news question appears shortly after start-up when its plugin is on.
    page.wait_for_timeout(4_000)


def test_student_lab_has_no_instructor_tools_and_no_news(lab_page, lab_server, shots):
    page, errors = lab_page
    _open_lab(page, lab_server, "student-tools")
    shots(page, "student-lab")
    assert _toasts(page) == [], "A pop-up (news or update check) covers the students' lab."

    labels = _menu_labels(page, "Nbgrader")
    assert labels == ["Assignment List"], f"Students' Nbgrader menu: {labels}"
    titles = " | ".join(_sidebar_titles(page))
    assert "Create Assignment" not in titles and "Formgrader" not in titles, titles

    # Nor can the command be run another way (command palette): it does not exist.
    open_menu_command(page, "View", "apputils:activate-command-palette")
    palette = page.locator(".lm-CommandPalette-input")
    palette.fill("formgrader")
    found = page.locator(".lm-CommandPalette-item:visible").all_inner_texts()
    shots(page, "palette-formgrader")
    assert not [f for f in found if "ormgrader" in f], found
    page.keyboard.press("Escape")

    # The Assignments panel (fetch, validate, submit) stays.
    open_menu_command(page, "Nbgrader", "nbgrader:open-assignment-list")
    page.locator("#released_assignments_list").wait_for()
    assert errors.unexpected == []


def test_instructor_lab_has_formgrader(lab_page, instructor_server, shots):
    page, errors = lab_page
    _open_lab(page, instructor_server, "instructor-tools")
    shots(page, "instructor-lab")
    labels = _menu_labels(page, "Nbgrader")
    assert "Formgrader" in labels and "Assignment List" in labels, labels
    titles = " | ".join(_sidebar_titles(page))
    assert "Create Assignment" in titles or "nbgrader" in titles.lower(), titles
    assert _toasts(page) == [], "A pop-up (news or update check) covers the instructors' lab."
    crumbs = page.locator(".jp-DirListing-content .jp-DirListing-itemText")
    crumbs.filter(has_text="quizzes").first.wait_for()
    assert errors.unexpected == []
