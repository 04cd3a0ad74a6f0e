"""The built book in real Chromium: every page loads cleanly, offline, and is accessible.

Run: ``.venv/bin/pytest tests/browser -m browser`` (builds the book first when
book/_build/html is missing or stale). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import serious_axe_violations
from venous_course_tools.book import REPO, page_paths

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# A short in-page digest of what every figure shows: its data, and its layout without the
# controls' own state (a button press always changes `updatemenus[i].active`; that alone is
# not a change of the figure). Some explorers restyle traces, some relayout shapes/annotations.
DATA_DIGESTS = """() => [...document.querySelectorAll('.plotly-graph-div')].map(gd => {
  const {sliders, updatemenus, ...shown} = gd.layout || {};
  const s = JSON.stringify([gd.data || null, shown]);
  let h = 0;
  for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; }
  return s.length + ':' + h;
})"""

ALL_FIGURES_DRAWN = """() => [...document.querySelectorAll('.plotly-graph-div')]
  .every(gd => gd.classList.contains('js-plotly-plot') && gd.querySelector('svg.main-svg'))"""
# course.js marks a figure settled when fitting it to its width has nothing left to change.
ALL_FIGURES_SETTLED = """() => [...document.querySelectorAll('.plotly-graph-div')]
  .every(gd => gd.dataset.vcSettled === '1')"""


PAGES = page_paths(REPO)
MODULE_PAGES = [page for page in PAGES if page.startswith("modules/")]


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", path)


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_without_errors(open_page, path, screenshot_dir):
    """No console error, page error, failed or foreign request; every figure draws."""
    page, log = open_page(path)
    figures = page.locator(".plotly-graph-div").count()
    if figures:
        page.wait_for_function(ALL_FIGURES_DRAWN, timeout=15_000)
    undrawn = page.evaluate(
        """() => [...document.querySelectorAll('.plotly-graph-div')]
          .filter(gd => !gd.querySelector('svg.main-svg')).map(gd => gd.id)"""
    )
    placeholders = page.locator(f'script[type="{WIDGET_VIEW}"]').count()
    if path.startswith("modules/"):
        page.screenshot(path=str(screenshot_dir / f"{_slug(path)}.png"), full_page=True)
    assert log.problems() == [], f"{path}.html: " + "; ".join(log.problems())
    assert undrawn == [], f"{path}.html: plotly figures that did not draw: {undrawn}"
    # plotly.js turns a trace type its bundle lacks into an invisible scatter and draws empty
    # axes: such a figure is blank in the book although it "drew".
    unknown = page.evaluate(
        """() => [...document.querySelectorAll('.plotly-graph-div')].flatMap(gd =>
          (gd.data || []).filter((t, i) => (t.type || 'scatter') !== gd._fullData[i].type)
            .map(t => gd.id + ':' + t.type))"""
    )
    assert unknown == [], f"{path}.html: trace types the book's plotly.js lacks: {unknown}"
    assert placeholders == 0, f"{path}.html: {placeholders} empty widget placeholder(s)"


def _try_figure_controls(page) -> str | None:
    """Move plotly sliders and buttons until one changes what a figure shows; say which."""
    before = page.evaluate(DATA_DIGESTS)

    def changed(label: str) -> str | None:
        try:
            page.wait_for_function(
                f"(b) => JSON.stringify(({DATA_DIGESTS})()) !== JSON.stringify(b)",
                arg=before,
                timeout=3_000,
            )
        except Exception:  # noqa: BLE001 - no change within the wait: try the next control
            return None
        return label

    # The book's native controls beside a figure (venous_course.figures.twin_controls).
    native = page.locator(
        ".vc-controls select:visible, .vc-controls input[type=range]:visible, "
        ".vc-controls input[type=radio]:visible"
    )
    for i in range(native.count()):
        control = native.nth(i)
        control.scroll_into_view_if_needed()
        control.focus()
        for key in ("End", "ArrowLeft", "ArrowDown", "ArrowRight", "Home", "ArrowDown"):
            page.keyboard.press(key)
            if found := changed(f"native control {i + 1} ({key})"):
                return found
    rails = page.locator(".plotly-graph-div .slider-rail-touch-rect")
    for i in range(rails.count()):
        rail = rails.nth(i)
        box = rail.bounding_box()
        if not box:
            continue
        for fraction in (0.95, 0.05, 0.5):
            rail.scroll_into_view_if_needed()
            rail.click(position={"x": box["width"] * fraction, "y": box["height"] / 2})
            if found := changed(f"slider {i + 1}"):
                return found
    headers = page.locator(".plotly-graph-div .updatemenu-header")
    for i in range(headers.count()):  # dropdowns: open, then pick another entry
        headers.nth(i).click()
        buttons = page.locator(".plotly-graph-div .updatemenu-dropdown-button")
        for j in range(min(buttons.count(), 6)):
            if buttons.nth(j).is_visible():
                buttons.nth(j).click()
                if found := changed(f"drop-down {i + 1}, entry {j + 1}"):
                    return found
                headers.nth(i).click()
    buttons = page.locator(".plotly-graph-div .updatemenu-button")
    for j in range(min(buttons.count(), 8)):
        if buttons.nth(j).is_visible():
            buttons.nth(j).click()
            if found := changed(f"button {j + 1}"):
                return found
    return None


def _try_self_check(page) -> str | None:
    """Answer the first self-check and press Check; return a label if feedback appeared."""
    check = page.get_by_role("button", name=re.compile(r"^\s*check( answer)?\s*$", re.I))
    if check.count() == 0:
        return None
    button = check.first
    button.scroll_into_view_if_needed()
    container = button.locator(
        "xpath=ancestor::*[self::form or self::fieldset or contains(@class,'selfcheck')][1]"
    )
    if container.count() == 0:
        container = button.locator("xpath=../..")
    choice = container.locator("input[type=radio], input[type=checkbox]")
    if choice.count():
        choice.first.check()
    text_before = container.inner_text()
    button.click()
    page.wait_for_timeout(300)
    return "self-check" if container.inner_text() != text_before else None


@pytest.mark.parametrize("path", MODULE_PAGES)
def test_module_has_a_kernel_free_control_that_works(open_page, path):
    """A plotly slider/button (or a self-check) reacts without a kernel."""
    page, log = open_page(path)
    if page.locator(".plotly-graph-div").count():
        page.wait_for_function(ALL_FIGURES_DRAWN, timeout=15_000)
    found = _try_figure_controls(page) or _try_self_check(page)
    assert found, (
        f"{path}.html: no plotly slider or button changed a figure and no self-check "
        "gave feedback: the page has no working kernel-free control"
    )
    assert log.problems() == [], f"{path}.html after using {found}: " + "; ".join(log.problems())


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_violation(open_page, path):
    """axe-core finds no serious or critical violation."""
    page, _ = open_page(path)
    if page.locator(".plotly-graph-div").count():
        page.wait_for_function(ALL_FIGURES_DRAWN, timeout=15_000)
    report = serious_axe_violations(page)
    assert report == [], f"{path}.html:\n  " + "\n  ".join(report)


def test_search_finds_a_glossary_term(open_page):
    """The offline search index finds 'lipodermatosclerosis' (a glossary term)."""
    page, log = open_page("search", "?q=lipodermatosclerosis")
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15_000)
    hrefs = [
        results.nth(i).locator("a").first.get_attribute("href") for i in range(results.count())
    ]
    assert any("glossary" in (h or "") for h in hrefs), f"search results: {hrefs}"
    assert log.problems() == [], "; ".join(log.problems())
