"""After one visit to the landing page, the whole book works with the network gone."""

from __future__ import annotations

import pytest

from tests.browser.test_book_pages import (
    ALL_FIGURES_DRAWN,
    _try_figure_controls,
    _try_self_check,
)
from venous_course_tools.book.offline import CACHE_PREFIX

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Pages the reader never opened before going offline.
UNVISITED = (
    "modules/03-indications",
    "modules/05-how-treatment-works",
    "modules/09-aftercare-and-longevity",
)

WORKER_STATE = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration && registration.active ? registration.active.state : 'none';
}"""


def _wait_until_saved(page: object, seconds: float = 60) -> str:
    """Wait until the service worker has cached the book and taken over; its last state."""
    state = "none"
    for _ in range(int(seconds * 4)):
        state = page.evaluate(WORKER_STATE)
        if state == "activated":
            break
        page.wait_for_timeout(250)
    return state


def test_unvisited_pages_work_offline_after_the_first_visit(browser, book_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{book_url}intro.html", wait_until="networkidle")
        assert _wait_until_saved(page) == "activated", "the service worker never took over"
        names = page.evaluate("caches.keys()")
        assert [n for n in names if n.startswith(CACHE_PREFIX)], names

        context.set_offline(True)
        for path in UNVISITED:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(f"{book_url}{path}.html", wait_until="load")
            assert page.locator("h1").first.inner_text().strip(), f"{path}: no text offline"
            if page.locator(".plotly-graph-div").count():
                page.wait_for_function(ALL_FIGURES_DRAWN, timeout=15_000)
                assert _try_figure_controls(page), f"{path}: no figure control works offline"
            assert _try_self_check(page), f"{path}: the self-check gave no feedback offline"
            assert errors == [], f"{path} offline: {errors}"
            page.close()

        glossary = context.new_page()
        glossary.goto(f"{book_url}glossary.html", wait_until="load")
        assert glossary.get_by_text("lipodermatosclerosis", exact=False).count()

        search = context.new_page()
        search.goto(f"{book_url}search.html?q=reflux", wait_until="load")
        results = search.locator("#search-results li, ul.search li")
        results.first.wait_for(timeout=15_000)
        assert results.count() > 0, "offline search found nothing for 'reflux'"
    finally:
        context.close()
