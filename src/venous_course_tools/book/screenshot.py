"""The phone-sized screenshot of the Review page shown on the book's how-to page.

``python -m venous_course_tools.book.screenshot`` serves the built book (``make book``
first), lets a reader with a fixed clock answer two self-checks of module 04 (one right, one
wrong) and come back the next day, then saves the Review page as Chromium draws it 390 px
wide into ``book/images/review-page-390px.png``. Run it again after changing how the Review
page looks, and commit the picture.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from venous_course.selfcheck import ChoiceItem, all_items
from venous_course_tools.paths import REPO

SCREENSHOT = Path("book") / "images" / "review-page-390px.png"
PHONE = {"width": 390, "height": 844}
MODULE = "modules/04-contraindications"
FIRST_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def served(html_dir: Path) -> Iterator[str]:
    """The built book on http://127.0.0.1:<free port>/ while the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def choice_answer(item_id: str, right: bool) -> list[int]:
    """Option indices that answer a choice item right (every correct one) or wrong (the
    first incorrect one), from the course's item data."""
    item = all_items()[item_id]
    if not isinstance(item, ChoiceItem):
        raise ValueError(f"Self-check {item_id} is not a choice item.")
    if right:
        return [i for i, option in enumerate(item.options) if option.correct]
    return [next(i for i, option in enumerate(item.options) if not option.correct)]


def choice_items(module_number: str) -> list[str]:
    """The ids of a module's choice items (``"04"``), in item-file order."""
    return [
        item_id
        for item_id, item in all_items().items()
        if item_id.startswith(module_number + "-") and isinstance(item, ChoiceItem)
    ]


def answer_self_check(page: object, item_id: str, right: bool, scope: str = "") -> None:
    """Answer a choice self-check on the page (inside ``scope``, a CSS selector), check it,
    and wait for its feedback; a self-check showing feedback is reset first."""
    face = page.locator(f'{scope} .vc-selfcheck[data-item="{item_id}"]')
    if face.locator(".vc-retry").is_visible():
        face.locator(".vc-retry").click()
    for index in choice_answer(item_id, right):
        face.locator(f"input[data-index='{index}']").check()
    face.locator(".vc-check").click()
    face.locator(".vc-feedback li").first.wait_for()


def review_screenshot(browser: object, book_url: str, target: Path) -> Path:
    """Draw the Review page of a reader one day after a first session; save it as PNG."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, timezone_id="UTC")
    try:
        context.clock.set_fixed_time(FIRST_DAY)
        page = context.new_page()
        page.goto(f"{book_url}{MODULE}.html", wait_until="load")
        page.locator("#vc-module-progress").wait_for()
        wrong, right = choice_items("04")[:2]
        answer_self_check(page, wrong, right=False)
        answer_self_check(page, right, right=True)
        context.clock.set_fixed_time(FIRST_DAY + timedelta(days=1))
        page.goto(f"{book_url}review.html", wait_until="networkidle")
        page.locator(".vc-review-item:not([hidden])").first.wait_for()
        page.locator("#vc-offline").evaluate("el => el.removeAttribute('open')")
        # From the summary line down: why the first question is back, and the question.
        page.evaluate(
            "window.scrollTo(0, document.getElementById('vc-review-status')"
            ".getBoundingClientRect().top + window.scrollY"
            " - document.querySelector('.bd-header-article').offsetHeight - 12)"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        return target
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    """Command line: write the screenshot from the built book."""
    parser = argparse.ArgumentParser(
        prog="python -m venous_course_tools.book.screenshot", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--html", type=Path, default=REPO / "book" / "_build" / "html")
    parser.add_argument("--out", type=Path, default=REPO / SCREENSHOT)
    args = parser.parse_args(argv)
    if not (args.html / "review.html").is_file():
        print(f"No built book with a Review page in {args.html}: run 'make book' first.")
        return 1
    from venous_course_tools.browser import BrowserUnavailable, launched_chromium

    try:
        with launched_chromium() as browser, served(args.html) as url:
            print(f"Wrote {review_screenshot(browser, url, args.out)}")
    except BrowserUnavailable as error:
        print(error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
