"""Figures at 390 px and 1366 px: no page wider than the screen, no text cut off at a figure's
edge, no figure text drawn over another (titles, axis titles, tick labels, legend items and the
legend's box, notes, bar texts), and every figure control operable with the keyboard alone."""

from __future__ import annotations

import pytest

from tests.browser.figure_text import FIGURE_TEXT_BOXES, overlapping_texts, text_boxes
from tests.browser.test_book_pages import (
    ALL_FIGURES_DRAWN,
    ALL_FIGURES_SETTLED,
    DATA_DIGESTS,
    MODULE_PAGES,
    PAGES,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {"390px": {"width": 390, "height": 844}, "1366px": {"width": 1366, "height": 900}}

# Text of a figure whose box reaches outside the figure: it is cut off on screen.
CLIPPED_TEXT = """() => {
  const out = [];
  for (const gd of document.querySelectorAll('.plotly-graph-div')) {
    const frame = gd.getBoundingClientRect();
    if (!frame.width) continue;
    for (const t of gd.querySelectorAll('.main-svg text, .main-svg tspan')) {
      const text = (t.textContent || '').trim();
      if (!text || t.closest('.legendtoggle') || t.closest('[style*="display: none"]')) continue;
      const box = t.getBoundingClientRect();
      if (!box.width) continue;
      if (box.left < frame.left - 1 || box.right > frame.right + 1 ||
          box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
        out.push(`${gd.id}: "${text.slice(0, 50)}"`);
      }
    }
  }
  return [...new Set(out)];
}"""


@pytest.fixture
def open_at(browser, book_url):
    contexts = []

    def _open(path: str, viewport: dict) -> object:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{book_url}{path}.html", wait_until="networkidle")
        if page.locator(".plotly-graph-div").count():
            page.wait_for_function(ALL_FIGURES_DRAWN, timeout=20_000)
            page.wait_for_function(ALL_FIGURES_SETTLED, timeout=20_000)  # fitted to the width
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_on_a_phone(open_at, path):
    page = open_at(path, WIDTHS["390px"])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path}.html is {width} px wide at 390 px"


def figure_text_problems(page) -> list[str]:
    """Texts cut off at their figure's edge, then texts of one figure drawn over each other."""
    clipped = [f"outside its figure: {text}" for text in page.evaluate(CLIPPED_TEXT)]
    return clipped + overlapping_texts(text_boxes(page.evaluate(FIGURE_TEXT_BOXES)))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", MODULE_PAGES)
def test_figure_texts_fit_and_do_not_overlap(open_at, path, width):
    """One page load checks both (the load is what takes the time)."""
    page = open_at(path, WIDTHS[width])
    problems = figure_text_problems(page)
    assert problems == [], f"{path}.html at {width}:\n" + "\n".join(problems)


KEYS = {"range": ["ArrowRight", "End"], "select": ["ArrowDown", "End"], "radio": ["ArrowRight"]}


@pytest.mark.parametrize("path", MODULE_PAGES)
def test_figure_controls_work_from_the_keyboard(open_at, path):
    """Every page with a figure control has a native one, reached by Tab, that changes the
    figure when operated with keys alone."""
    page = open_at(path, WIDTHS["390px"])
    controls = page.locator(
        ".vc-controls select:visible, .vc-controls input[type=range]:visible, "
        ".vc-controls input[type=radio]:visible"
    )
    has_plotly_controls = page.evaluate(
        """() => [...document.querySelectorAll('.plotly-graph-div')].some(gd =>
          (gd.layout.updatemenus || []).length || (gd.layout.sliders || []).length)"""
    )
    if not has_plotly_controls:
        pytest.skip(f"{path}.html has no figure with a control")
    assert controls.count() > 0, f"{path}.html: figure controls but no native control"
    changed = 0
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        assert control.evaluate("el => el.tabIndex") >= 0
        kind = control.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
        control.focus()
        before = page.evaluate(DATA_DIGESTS)
        for key in KEYS[kind]:
            page.keyboard.press(key)
        try:
            page.wait_for_function(
                f"(b) => JSON.stringify(({DATA_DIGESTS})()) !== JSON.stringify(b)",
                arg=before,
                timeout=3_000,
            )
            changed += 1
        except Exception:  # noqa: BLE001 - reported below with the page name
            pass
    assert changed > 0, f"{path}.html: no native control changed its figure from the keyboard"
    # The texts a control rewrote (titles, notes) still fit the phone's figure once refitted.
    page.wait_for_timeout(300)  # the last change's redraw starts a new round of fitting
    page.wait_for_function(ALL_FIGURES_SETTLED, timeout=20_000)
    problems = figure_text_problems(page)
    assert problems == [], f"{path}.html at 390px after the controls:\n" + "\n".join(problems)
