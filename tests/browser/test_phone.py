"""The book as a reader on a phone (390x844) and on a laptop (1366x900) uses it.

Navigation opens and leads somewhere, there is one search box, the landing page says where to
start, every figure draws with the book's own plotly.js bundle, and after the first visit the
book works with the network gone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import attach_log
from tests.browser.test_book_pages import ALL_FIGURES_DRAWN, MODULE_PAGES
from venous_course_tools.book import plotly_bundle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}

VISIBLE_SEARCH_BOXES = """() => [...document.querySelectorAll(
    'button.search-button, .search-button-field, form.bd-search, input[type=search]')]
  .filter(el => !el.closest('dialog:not([open])'))
  .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; })
  .length"""


@pytest.fixture
def new_context(browser: object) -> Iterator[object]:
    """``new_context(viewport)``: a fresh browser context (closed after the test)."""
    made = []

    def _new(viewport: dict, **kwargs: object) -> object:
        context = browser.new_context(viewport=viewport, **kwargs)
        made.append(context)
        return context

    yield _new
    for context in made:
        context.close()


def test_phone_navigation_opens_and_follows_a_link(new_context, book_url):
    """At 390 px the menu button opens the drawer, and a module link in it is followed."""
    page = new_context(PHONE, has_touch=True, is_mobile=True).new_page()
    log = attach_log(page, book_url.rstrip("/"))
    page.goto(f"{book_url}intro.html", wait_until="networkidle")
    button = page.locator(".vc-nav-toggle")
    assert button.is_visible(), "no visible menu button on a phone"
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, f"menu button too small to tap: {box}"
    button.click()
    drawer = page.locator("#pst-primary-sidebar-modal")
    drawer.wait_for(state="visible", timeout=5_000)
    link = drawer.get_by_role("link", name="The procedure", exact=False).first
    link.click()
    page.wait_for_url("**/modules/06-the-procedure.html", timeout=10_000)
    assert "procedure" in page.title().lower()
    assert log.problems() == []


def test_laptop_menu_button_collapses_and_reopens_the_sidebar(new_context, book_url):
    page = new_context(LAPTOP).new_page()
    page.goto(f"{book_url}modules/03-indications.html", wait_until="networkidle")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator(".vc-nav-toggle").click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#pst-primary-sidebar')).visibility"
        " === 'hidden'",
        timeout=5_000,
    )
    page.locator(".vc-nav-toggle").click()
    sidebar.wait_for(state="visible", timeout=5_000)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1366px"])
def test_one_search_box(new_context, book_url, viewport):
    page = new_context(viewport).new_page()
    page.goto(f"{book_url}modules/02-why-it-matters.html", wait_until="networkidle")
    # The theme shows its search controls from its own script (class pst-js-only): wait for it.
    page.wait_for_function(f"({VISIBLE_SEARCH_BOXES})() >= 1", timeout=10_000)
    assert page.evaluate(VISIBLE_SEARCH_BOXES) == 1


def test_landing_page_says_where_to_start_and_how_long_modules_take(new_context, book_url):
    page = new_context(PHONE).new_page()
    page.goto(f"{book_url}intro.html", wait_until="networkidle")
    guide = page.locator("table.vc-module-guide")
    assert guide.locator("caption").inner_text().startswith("The modules, in reading order")
    rows = guide.locator("tbody tr:not(.vc-unit)")
    assert rows.count() == len(MODULE_PAGES)
    times = [int(rows.nth(i).locator("td").nth(1).inner_text().split()[0]) for i in range(3)]
    assert all(5 <= t <= 120 for t in times), times
    start = page.locator("p", has_text="Start with").first
    first = start.locator("a").first
    assert first.get_attribute("href").endswith("modules/00-welcome.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_every_figure_draws_with_the_books_plotly_bundle(new_context, book_url):
    """The loaded plotly.js is the course's bundle at the version Python plotly writes for,
    and every figure on every module page draws with it."""
    context = new_context(LAPTOP)
    wanted = plotly_bundle.python_plotly_js_version()
    pages_with_figures = 0
    for path in MODULE_PAGES:
        page = context.new_page()
        log = attach_log(page, book_url.rstrip("/"))
        page.goto(f"{book_url}{path}.html", wait_until="networkidle")
        if page.locator(".plotly-graph-div").count():
            pages_with_figures += 1
            page.wait_for_function(ALL_FIGURES_DRAWN, timeout=20_000)
            assert page.evaluate("window.Plotly.version") == wanted, path
        assert log.problems() == [], f"{path}: {log.problems()}"
        page.close()
    assert pages_with_figures >= 8
