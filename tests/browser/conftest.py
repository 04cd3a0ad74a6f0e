"""Fixtures for the browser tests: the built book, a local server, and real Chromium.

The book is built once per session (``venous_course_tools.book.ensure_built``): an up-to-date
``book/_build/html`` is reused, otherwise the book is built into a temporary folder.
``VENOUS_COURSE_BOOK_HTML=/path/to/html`` tests an already built book instead.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright's Python package (never
Playwright's own browser download). When it is missing the browser tests skip with a message
saying what is missing, or fail with it when ``REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import chromium_or_skip
from venous_course_tools.book import BookError, ensure_built
from venous_course_tools.book.screenshot import served

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the built HTML book (built at most once per session)."""
    try:
        return ensure_built(REPO, tmp_path_factory.mktemp("book") / "_build")
    except BookError as error:
        pytest.fail(f"The book does not build: {error}", pytrace=False)


@pytest.fixture(scope="session")
def book_url(built_book: Path) -> Iterator[str]:
    """Base URL (ending in /) of the book served by http.server on 127.0.0.1, a free port."""
    with served(built_book) as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """A headless Debian Chromium, or a skip (a failure with REQUIRE_BROWSER=1)."""
    yield from chromium_or_skip()


@dataclass
class PageLog:
    """Everything that went wrong, or went elsewhere, while a page loaded."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"request to another host: {m}" for m in self.foreign_requests]
        )


def attach_log(page: object, origin: str) -> PageLog:
    """Record console errors, page errors, failed and foreign requests of ``page``."""
    log = PageLog(origin)

    def on_request(request: object) -> None:
        url = request.url
        log.requests.append(url)
        parsed = urlparse(url)
        if parsed.scheme in {"data", "blob", "about"}:
            return
        if f"{parsed.scheme}://{parsed.netloc}" != origin:
            log.foreign_requests.append(url)

    def on_response(response: object) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.status} {response.url}")

    page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: log.failed_requests.append(f"{r.url} ({r.failure})"))
    return log


@pytest.fixture
def open_page(browser: object, book_url: str) -> Iterator[object]:
    """``open_page("modules/00-welcome")`` -> (page, log), the page loaded and settled."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    origin = book_url.rstrip("/")

    def _open(path: str, query: str = "") -> tuple[object, PageLog]:
        page = context.new_page()
        log = attach_log(page, origin)
        page.goto(f"{book_url}{path}.html{query}", wait_until="load")
        page.wait_for_load_state("networkidle")
        return page, log

    try:
        yield _open
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where full-page screenshots of module pages go (git-ignored test artifacts)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
