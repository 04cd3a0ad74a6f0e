"""The reader's progress memory and the Review page, in real Chromium.

Memory across reloads, the Leitner schedule with a fixed clock (Playwright's ``clock``),
export then import on a fresh profile, storage that throws (a private window, a full
storage) or holds a corrupted value, keyboard-only use of the Review page, and axe on the
pages that show progress. The right answers come from the course's item data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import attach_log
from tests.conftest import serious_axe_violations
from venous_course.selfcheck import all_items
from venous_course_tools.book.screenshot import answer_self_check, choice_answer, choice_items

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KEY = "venous-course-progress"
MODULE = "modules/04-contraindications"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def new_context(browser: object) -> Iterator[object]:
    """``new_context(**options)``: a fresh browser profile (closed after the test)."""
    made = []

    def _new(**options: object) -> object:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(timezone_id="UTC", **options)
        made.append(context)
        return context

    yield _new
    for context in made:
        context.close()


def _open(context: object, book_url: str, path: str) -> tuple[object, object]:
    page = context.new_page()
    log = attach_log(page, book_url.rstrip("/"))
    page.goto(f"{book_url}{path}.html", wait_until="load")
    _wait_for_progress(page)
    return page, log


def _wait_for_progress(page: object) -> None:
    """progress.mjs has run: the module line, the due line or the review tools are shown."""
    page.wait_for_function(
        "() => document.getElementById('vc-module-progress') ||"
        " document.getElementById('vc-due-today') ||"
        " (document.getElementById('vc-progress-tools') &&"
        "  !document.getElementById('vc-progress-tools').hidden) ||"
        " document.querySelector('.vc-done-mark') || !document.querySelector('.vc-selfcheck')",
        timeout=10_000,
    )


def _items_on(page: object) -> list[str]:
    """The ids of the self-checks on a page, in page order."""
    return page.eval_on_selector_all(
        ".vc-selfcheck[data-item]", "els => els.map(e => e.dataset.item)"
    )


def _stored(page: object) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "null")


def test_schedule_core_with_a_fixed_clock(new_context, book_url):
    """The pure core in Chromium: right answers climb the boxes 1, 3, 7, 21 days apart; a
    wrong one comes back the next day; practising early does not move an item."""
    page, _ = _open(new_context(), book_url, "intro")
    result = page.evaluate(
        """async () => {
      const core = await import('./_static/progress-core.mjs');
      const day = (n) => new Date(Date.UTC(2026, 2, 2 + n, 9));
      const due = (state, n) => core.reviewQueue(state, ['04-a'], day(n)).map((q) => q.why);
      let s = core.emptyState();
      const out = {};
      s = core.recordAnswer(s, '04-a', true, [0], day(0));
      out.afterRight = [due(s, 0), due(s, 1)];
      s = core.recordAnswer(s, '04-a', true, [0], day(1));
      out.box2 = [due(s, 3), due(s, 4), s.items['04-a'].box];
      s = core.recordAnswer(s, '04-a', true, [0], day(2));  // early: stays in box 2
      out.early = [s.items['04-a'].box, due(s, 4)];
      s = core.recordAnswer(s, '04-a', true, [0], day(4));
      out.box3 = [due(s, 10), due(s, 11)];
      s = core.recordAnswer(s, '04-a', true, [0], day(11));
      s = core.recordAnswer(s, '04-a', true, [0], day(32));
      out.top = [s.items['04-a'].box, due(s, 52), due(s, 53)];
      s = core.recordAnswer(s, '04-a', false, [1], day(53));
      out.wrong = [s.items['04-a'].box, due(s, 53), due(s, 54), core.status(s.items['04-a'])];
      s = core.recordAnswer(s, '04-a', true, [0], day(53));  // right at once: still tomorrow
      out.wrongThenRight = [due(s, 53), due(s, 54), core.status(s.items['04-a'])];
      return out;
    }"""
    )
    assert result == {
        "afterRight": [[], ["due"]],
        "box2": [[], ["due"], 2],
        "early": [2, ["due"]],
        "box3": [[], ["due"]],
        "top": [4, [], ["due"]],
        "wrong": [1, [], ["wrong"], "wrong"],
        "wrongThenRight": [[], ["due"], "right-later"],
    }


def test_answers_are_remembered_across_reloads(new_context, book_url):
    context = new_context()
    page, log = _open(context, book_url, MODULE)
    items = _items_on(page)
    line = page.locator("#vc-module-progress")
    assert line.is_visible()
    # Near the top: right under the page's title.
    assert line.evaluate("el => el.previousElementSibling.tagName") == "H1"
    assert line.inner_text() == f"0 of {len(items)} self-checks done."
    first, second = choice_items("04")[:2]
    answer_self_check(page, first, right=False)
    answer_self_check(page, second, right=True)
    assert line.inner_text() == f"2 of {len(items)} self-checks done."

    page.reload(wait_until="load")
    _wait_for_progress(page)
    assert line.inner_text() == f"2 of {len(items)} self-checks done."
    for item_id, right in ((first, False), (second, True)):
        face = page.locator(f'.vc-selfcheck[data-item="{item_id}"]')
        face.locator(".vc-feedback li").first.wait_for()
        checked = face.locator("input:checked")
        assert sorted(
            int(checked.nth(i).get_attribute("data-index")) for i in range(checked.count())
        ) == sorted(choice_answer(item_id, right))
        head = face.locator(".vc-feedback p strong").first.inner_text()
        assert head == ("Correct." if right else "Not quite."), item_id
        previous = face.locator("xpath=preceding-sibling::p[1]").inner_text()
        assert ("right at the first try" if right else ": wrong.") in previous, previous
        assert face.locator(".vc-retry").is_visible()
    # Restoring moved no focus to a self-check (the reader stays at the top of the page).
    assert page.evaluate("document.activeElement === document.body")
    assert log.problems() == []

    stored = _stored(page)["items"]
    assert stored[first]["last"] == "wrong" and stored[second]["last"] == "right"
    assert all(stored[i]["tries"] == 0 for i in items if i not in {first, second})


def test_navigation_marks_a_completed_module(new_context, book_url):
    context = new_context()
    page, _ = _open(context, book_url, "modules/00-welcome")
    (only,) = _items_on(page)
    link = page.locator("nav.bd-docs-nav a.reference.internal[href$='00-welcome.html']").first
    assert link.locator(".vc-done-mark").count() == 0
    answer_self_check(page, only, right=True)
    assert page.locator("#vc-module-progress").inner_text().endswith("this module is complete.")
    other, _ = _open(context, book_url, "glossary")
    nav = "nav.bd-docs-nav a.reference.internal"
    mark = other.locator(f"{nav}[href$='00-welcome.html']").first.locator(".vc-done-mark")
    assert mark.text_content().strip() == "\u2713 (self-checks done)"
    unmarked = other.locator(f"{nav}[href$='04-contraindications.html']").first
    assert unmarked.locator(".vc-done-mark").count() == 0


def _review_items(page: object) -> list[str]:
    return page.eval_on_selector_all(
        ".vc-review-item:not([hidden])", "els => els.map(e => e.dataset.item)"
    )


def test_review_schedule_with_a_fixed_clock(new_context, book_url):
    """Right comes back after 1 day, then 3 more; wrong comes back the next day and first."""
    context = new_context()
    context.clock.set_fixed_time(START)
    page, _ = _open(context, book_url, MODULE)
    shown = _items_on(page)
    right, wrong = choice_items("04")[:2]
    answer_self_check(page, right, right=True)
    answer_self_check(page, wrong, right=False)
    untried = [i for i in shown if i not in {right, wrong}]

    review, _ = _open(context, book_url, "review")
    assert _review_items(review) == untried  # today: only what was never tried
    status = review.locator("#vc-review-status").inner_text()
    assert status.startswith(f"{len(untried)} questions to review today")
    assert "Coming back tomorrow: 2 questions." in status
    home, _ = _open(context, book_url, "intro")
    assert home.locator("#vc-due-today").is_visible()
    due = home.locator("#vc-due-today").inner_text()
    assert due.startswith(f"{len(untried)} questions are due"), due

    context.clock.set_fixed_time(START + timedelta(days=1))
    review.reload(wait_until="load")
    _wait_for_progress(review)
    assert _review_items(review) == [wrong, *untried, right]  # wrong first, right last
    why = review.locator(f'.vc-review-item[data-item="{wrong}"] .vc-review-why').inner_text()
    assert why == "You answered this wrong on March 2, 2026."
    back = review.locator(f'.vc-review-item[data-item="{right}"] .vc-review-back a')
    assert back.get_attribute("href").startswith("modules/04-contraindications.html#")
    # Answered on the Review page itself, with the module's feedback and rationale.
    answer_self_check(review, right, right=True, scope=".vc-review-item")
    feedback = review.locator(f'.vc-review-item[data-item="{right}"] .vc-feedback')
    assert feedback.locator("strong").first.inner_text() == "Correct."
    assert feedback.locator("li").count() == len(all_items()[right].options)

    # Right again on day 1: box 2, due 3 days later (day 4), not before.
    for day, expected in ((3, False), (4, True)):
        context.clock.set_fixed_time(START + timedelta(days=day))
        review.reload(wait_until="load")
        _wait_for_progress(review)
        assert (right in _review_items(review)) is expected, f"day {day}"


def test_export_then_import_on_a_fresh_profile(new_context, book_url, tmp_path):
    first = new_context()
    page, _ = _open(first, book_url, MODULE)
    a, b, c = choice_items("04")[:3]
    answer_self_check(page, a, right=True)
    answer_self_check(page, b, right=False)
    answer_self_check(page, c, right=False)
    answer_self_check(page, c, right=True)
    review, _ = _open(first, book_url, "review")
    with review.expect_download() as download:
        review.get_by_role("button", name="Save progress to a file").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert re.fullmatch(r"venous-course-progress-\d{4}-\d\d-\d\d\.json", saved.name)
    assert saved.stat().st_size < 20_000  # one small file
    before = _stored(review)
    summary = review.locator("#vc-progress-summary").inner_text()

    fresh = new_context()
    other, log = _open(fresh, book_url, "review")
    assert _stored(other) is None
    bad = tmp_path / "notes.json"
    bad.write_text('{"kind": "something else", "version": 1, "items": {}}')
    other.locator("#vc-import").set_input_files(str(bad))
    message = other.locator("#vc-progress-message")
    message.filter(has_text="nothing was changed").wait_for()
    assert message.inner_text() == (
        "notes.json is not a progress file of this course: nothing was changed."
    )
    other.locator("#vc-import").set_input_files(str(saved))
    message.filter(has_text="Loaded").wait_for()
    assert message.inner_text() == f"Loaded 3 answered self-checks from {saved.name}."
    assert _stored(other) == before
    assert other.locator("#vc-progress-summary").inner_text() == summary
    module, _ = _open(fresh, book_url, MODULE)
    assert module.locator("#vc-module-progress").inner_text().startswith("3 of ")
    statuses = module.evaluate(
        "async () => { const core = await import('../_static/progress-core.mjs');"
        " const s = core.parseState(localStorage.getItem('venous-course-progress')).state;"
        f" return [{json.dumps(a)}, {json.dumps(b)}, {json.dumps(c)}]"
        ".map((id) => core.status(s.items[id])); }"
    )
    assert statuses == ["right-first", "wrong", "right-later"]
    assert log.problems() == []


def test_reset_asks_first(new_context, book_url):
    context = new_context()
    page, _ = _open(context, book_url, MODULE)
    answer_self_check(page, choice_items("04")[0], right=True)
    review, _ = _open(context, book_url, "review")
    review.get_by_role("button", name="Delete all progress").click()
    dialog = review.get_by_role("alertdialog")
    assert "cannot be undone" in dialog.inner_text()
    review.get_by_role("button", name="No, keep it").click()
    assert review.locator("#vc-progress-message").inner_text() == "Nothing was deleted."
    assert _stored(review)["items"]
    review.get_by_role("button", name="Delete all progress").click()
    review.get_by_role("button", name="Yes, delete all progress").click()
    assert review.locator("#vc-progress-message").inner_text() == (
        "All progress on this device was deleted."
    )
    assert _stored(review) is None
    assert review.locator("#vc-progress-summary").inner_text().startswith("You have tried 0 of")


STORAGE_THROWS = """() => {
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      throw Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' });
    },
  });
}"""
STORAGE_FULL = """() => {
  Storage.prototype.setItem = function () {
    throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
  };
}"""


@pytest.mark.parametrize("broken", [STORAGE_THROWS, STORAGE_FULL], ids=["private", "full"])
def test_without_storage_the_page_says_so_once_and_works(new_context, book_url, broken):
    """The theme's own scripts (pydata-sphinx-theme, Sphinx's highlighter) throw here too;
    the course's modules must not."""
    context = new_context()
    context.add_init_script(f"({broken})()")
    ours: list[str] = []
    context.on(
        "weberror",
        lambda e: (
            ours.append(e.error.stack)
            if re.search(r"(progress|progress-core|offline)\.mjs", e.error.stack or "")
            else None
        ),
    )
    page, _ = _open(context, book_url, MODULE)
    first, second = choice_items("04")[:2]
    answer_self_check(page, first, right=True)
    answer_self_check(page, second, right=False)
    notice = page.locator("#vc-progress-notice p")
    assert notice.count() == 1 and notice.is_visible()
    assert notice.inner_text().startswith("This browser does not let the course remember")
    assert page.locator("#vc-module-progress").inner_text().startswith("2 of ")
    review, _ = _open(context, book_url, "review")
    assert review.locator("#vc-progress-notice p").count() == 1
    assert review.locator("#vc-progress-summary").inner_text().startswith("You have tried 0 of")
    assert ours == []


def test_a_corrupted_stored_value_is_discarded_with_a_sentence(new_context, book_url):
    context = new_context()
    page, _ = _open(context, book_url, MODULE)
    page.evaluate(f"localStorage.setItem('{KEY}', '{{\"version\": 1, \"items\": [oops')")
    page.reload(wait_until="load")
    _wait_for_progress(page)
    notice = page.locator("#vc-progress-notice")
    assert notice.inner_text() == (
        "Your saved progress on this device could not be read, so it was discarded; answers "
        "from now on are remembered again."
    )
    assert page.locator("#vc-module-progress").inner_text().startswith("0 of ")
    good = choice_items("04")[0]
    answer_self_check(page, good, right=True)
    # One unreadable record among good ones: only that one goes.
    stored = _stored(page)
    stored["items"]["04-broken"] = {"tries": "many"}
    page.evaluate(f"(text) => localStorage.setItem('{KEY}', text)", json.dumps(stored))
    page.reload(wait_until="load")
    _wait_for_progress(page)
    assert page.locator("#vc-progress-notice").inner_text() == (
        "1 remembered answer could not be read and was discarded; the rest of your progress "
        "is kept."
    )
    assert page.locator("#vc-module-progress").inner_text().startswith("1 of ")
    assert "04-broken" not in _stored(page)["items"]


def test_review_page_by_keyboard_only(new_context, book_url):
    context = new_context(viewport=PHONE)
    _open(context, book_url, MODULE)  # its self-checks are now "not tried yet"
    page, log = _open(context, book_url, "review")
    first = _review_items(page)[0]
    face = page.locator(f'.vc-review-item[data-item="{first}"] .vc-selfcheck')
    page.keyboard.press("Tab")
    for _ in range(60):  # Tab from the top of the page to the first answer option
        if page.evaluate(
            "(id) => document.activeElement.closest(`.vc-review-item[data-item='${id}']`) !== null",
            first,
        ):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the first review question")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
    page.keyboard.press("Space")
    while page.evaluate("!document.activeElement.classList.contains('vc-check')"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    face.locator(".vc-feedback li").first.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('vc-retry')")
    page.keyboard.press("Tab")  # the link back to the module section comes next
    assert page.evaluate("document.activeElement.closest('.vc-review-back') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/modules/04-contraindications\.html#.+"))
    assert log.problems() == []
    assert _stored(page)["items"][first]["tries"] == 1


def test_progress_pages_have_no_serious_accessibility_violation(new_context, book_url):
    context = new_context(viewport=PHONE)
    context.clock.set_fixed_time(START)
    module, _ = _open(context, book_url, MODULE)
    first = choice_items("04")[0]
    answer_self_check(module, first, right=False)
    context.clock.set_fixed_time(START + timedelta(days=1))
    pages = {"module": module}
    pages["module"].reload(wait_until="load")
    _wait_for_progress(pages["module"])
    pages["review"], _ = _open(context, book_url, "review")
    answer_self_check(pages["review"], first, right=True, scope=".vc-review-item")
    pages["home"], _ = _open(context, book_url, "intro")
    report = []
    for name, page in pages.items():
        report += [f"{name}: {line}" for line in serious_axe_violations(page)]
    assert report == []
