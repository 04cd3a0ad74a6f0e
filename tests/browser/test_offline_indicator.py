"""Offline, visibly: the indicator says whether the book is saved, its size and when saving
finished; a browser that asks to save data is asked first; progress works offline."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.test_progress import MODULE, _stored, _wait_for_progress
from venous_course_tools.book.offline import MANIFEST
from venous_course_tools.book.screenshot import answer_self_check, choice_items

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STATE = "() => document.getElementById('vc-offline').dataset.state"
REGISTERED = "async () => Boolean(await navigator.serviceWorker.getRegistration())"
# Chromium's data saver is what sends `Save-Data: on`; pages read it here.
SAVE_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true}});"


def _wait_for_state(page: object, state: str, seconds: float = 90) -> None:
    page.wait_for_function(f"() => ({STATE})() === {json.dumps(state)}", timeout=seconds * 1000)


def test_indicator_says_saved_its_size_and_when_then_progress_works_offline(
    browser, book_url, built_book
):
    size = json.loads((built_book / MANIFEST).read_text())["bytes"]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{book_url}intro.html", wait_until="load")
        _wait_for_state(page, "saved")
        badge = page.locator("#vc-offline summary")
        assert badge.inner_text() == "\u2713 Saved offline"
        badge.click()  # opens the whole sentence
        sentence = page.locator("#vc-offline .vc-offline-sentence")
        assert sentence.is_visible()
        text = sentence.inner_text()
        assert text.startswith("This course is saved for offline reading on this device: ")
        assert f"{size / 1e6:.1f} MB" in text and "saving finished" in text, text
        assert re.search(r"\d{4}", text), text  # the date it finished
        how_to = context.new_page()
        how_to.goto(f"{book_url}how-to-use.html", wait_until="load")
        _wait_for_state(how_to, "saved")
        line = how_to.locator("p.vc-offline-line").inner_text()
        assert line == how_to.locator("#vc-offline .vc-offline-sentence").text_content()

        context.set_offline(True)
        module = context.new_page()
        module.goto(f"{book_url}{MODULE}.html", wait_until="load")
        _wait_for_progress(module)
        first = choice_items("04")[0]
        answer_self_check(module, first, right=False)
        review = context.new_page()  # never opened online
        review.goto(f"{book_url}review.html", wait_until="load")
        _wait_for_progress(review)
        assert review.locator(".vc-review-item:not([hidden])").count() > 0
        assert _stored(review)["items"][first]["last"] == "wrong"
        _wait_for_state(review, "saved")
    finally:
        context.close()


def test_a_browser_that_saves_data_is_asked_before_the_download(browser, book_url):
    context = browser.new_context()
    context.add_init_script(SAVE_DATA)
    try:
        page = context.new_page()
        page.goto(f"{book_url}intro.html", wait_until="networkidle")
        _wait_for_state(page, "ask")
        panel = page.locator("#vc-offline .vc-offline-panel")
        assert panel.is_visible()
        assert "Your browser asks to save data" in panel.inner_text()
        assert page.evaluate(REGISTERED) is False
        other = context.new_page()  # another page: still asked, still nothing saved
        other.goto(f"{book_url}glossary.html", wait_until="networkidle")
        _wait_for_state(other, "ask")
        assert other.evaluate(REGISTERED) is False
        page.get_by_role("button", name=re.compile(r"^Save the course for offline reading")).click()
        _wait_for_state(page, "saved")
        assert page.evaluate(REGISTERED) is True
        third = context.new_page()  # once agreed, not asked again
        third.goto(f"{book_url}references.html", wait_until="load")
        _wait_for_state(third, "saved")
    finally:
        context.close()
