"""Fixtures for the JupyterLab tests: one real lab server on a course copy, and real Chromium.

- ``course`` (package scope): a temporary copy of the course (modules/, quizzes/ source and
  config, the root nbgrader_config.py), quiz 01 released into a temporary exchange with the real
  ``nbgrader generate_assignment`` + ``release_assignment``. HOME, Jupyter's folders, the
  exchange and the gradebook are temporary.
- ``lab_server`` / ``instructor_server`` (package scope: stopped when the tests in tests/lab/
  are done): JupyterLab started on that copy with the course launcher, as ``make lab``
  (``python -m venous_course_tools.lab --root-dir <copy>``) and as ``make lab-instructor``
  (``... --instructor``), each on 127.0.0.1, a free port and a token.
- ``chromium`` (package): Debian's /usr/bin/chromium through Playwright's Python package.
  Missing: skip, or fail with REQUIRE_BROWSER=1 (``browser_required()`` in tests/conftest.py).
- ``lab_page``: a fresh 1400x900 browser context and page, its page errors recorded.
- ``shots``: numbered screenshots into test-artifacts/lab/<test name>/.

Every process started here (the launcher, jupyter lab, its kernels, nbgrader, Chromium) is
stopped in a ``finally``, also when a test fails or is interrupted.
"""

from __future__ import annotations

import re
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import chromium_or_skip

from .helpers import (
    ARTIFACTS,
    QUIZ,
    copy_course,
    free_port,
    isolated_env,
    nbgrader,
    read_url,
    server_ready,
    start,
    stop_tree,
    wait_for,
)

VIEWPORT = {"width": 1400, "height": 900}
TOKEN = "venous-course-lab-test-token"


@dataclass
class LabServer:
    """A running JupyterLab on a course copy."""

    base: str  # http://127.0.0.1:<port>
    url: str  # the URL the launcher printed (with the token)
    token: str
    course: Path  # the course copy
    served: Path  # the folder JupyterLab serves (its root_dir): modules/ for students
    home: Path
    env: dict[str, str]
    log: Path

    def lab_url(self, path: str = "", workspace: str = "") -> str:
        """``/lab[/workspaces/<workspace>][/tree/<path>]?token=...`` of this server.

        ``path`` is relative to the served folder. A new workspace name gives a fresh layout
        (no tabs restored from other tests).
        """
        prefix = f"/workspaces/{workspace}" if workspace else ""
        path = f"/tree/{path}" if path else ""
        return f"{self.base}/lab{prefix}{path}?token={self.token}"


@dataclass
class Course:
    """A temporary course copy with quiz 01 released, and the environment every process uses."""

    path: Path
    home: Path
    env: dict[str, str]
    tmp: Path


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="package")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """A course copy; as the instructor, quiz 01 generated and released into its exchange."""
    tmp = tmp_path_factory.mktemp("lab")
    path = copy_course(tmp / "course")
    home = tmp / "home"
    env = isolated_env(home, path, TOKEN)
    quizzes = path / "quizzes"
    nbgrader(["generate_assignment", QUIZ, "--force"], quizzes, env)
    nbgrader(["release_assignment", QUIZ, "--force"], quizzes, env)
    return Course(path, home, env, tmp)


def _run_lab(course: Course, role: str) -> Iterator[LabServer]:
    """Start the course launcher for ``role`` on the course copy; stop it (and its tree) after."""
    port = free_port()
    log = course.tmp / f"jupyter-lab-{role}.log"
    command = [
        sys.executable,
        "-m",
        "venous_course_tools.lab",
        "--port",
        str(port),
        "--root-dir",
        str(course.path),
        *(["--instructor"] if role == "instructor" else []),
    ]
    proc = start(command, course.env, course.path, log)
    # A CI runner that stops pytest with SIGTERM should not leave the server behind: turn the
    # signal into KeyboardInterrupt, so pytest runs this fixture's clean-up.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        url, token = wait_for(lambda: read_url(log), 60, "The launcher printing its URL", proc, log)
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: server_ready(base, token), 90, "JupyterLab answering", proc, log)
        served = course.path / "modules" if role == "student" else course.path
        yield LabServer(base, url, token, course.path, served, course.home, course.env, log)
    finally:
        stop_tree(proc)
        signal.signal(signal.SIGTERM, previous)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if log.exists():
            shutil.copy(log, ARTIFACTS / log.name)


@pytest.fixture(scope="package")
def lab_server(course: Course) -> Iterator[LabServer]:
    """The students' JupyterLab (``make lab``) on the course copy, quiz 01 released."""
    yield from _run_lab(course, "student")


@pytest.fixture(scope="package")
def instructor_server(course: Course) -> Iterator[LabServer]:
    """The instructors' JupyterLab (``make lab-instructor``) on the same course copy."""
    yield from _run_lab(course, "instructor")


@pytest.fixture(scope="package")
def chromium() -> Iterator[object]:
    """Headless Debian Chromium, or a skip (a failure with REQUIRE_BROWSER=1)."""
    yield from chromium_or_skip()


#: anywidget 0.11 rejects a model that takes over 2 s to initialise ("Failed to initialize
#: model.") and then initialises it anyway: on a loaded 2-core machine plotly's FigureWidget
#: (a 4 MB module to parse) can take longer. The tests that see it check the figure works.
SLOW_ANYWIDGET_START = "[anywidget] Failed to initialize model."


@dataclass
class PageErrors:
    """Uncaught page errors and console errors of one page."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @property
    def unexpected(self) -> list[str]:
        """The page errors, less anywidget's slow-start timeout (see SLOW_ANYWIDGET_START)."""
        return [e for e in self.page_errors if e != SLOW_ANYWIDGET_START]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Remember each phase's report on the item, so fixtures can see whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _artifact_folder(request: pytest.FixtureRequest) -> Path:
    return ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)


@pytest.fixture
def lab_page(
    chromium: object, request: pytest.FixtureRequest
) -> Iterator[tuple[object, PageErrors]]:
    """(page, errors): a new 1400x900 page; errors fills while the test runs.

    When the test fails, the page's last state is saved as ``failure.png`` and its errors as
    ``page-errors.txt`` next to the step screenshots.
    """
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors = PageErrors()
    page.on("pageerror", lambda error: errors.page_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    try:
        yield page, errors
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            folder = _artifact_folder(request)
            folder.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(folder / "failure.png"))
            except Exception:  # noqa: BLE001 - the page may be gone; keep the real failure
                pass
            (folder / "page-errors.txt").write_text(
                "\n".join(
                    [f"page error: {e}" for e in errors.page_errors]
                    + [f"console error: {e}" for e in errors.console_errors]
                ),
                encoding="utf-8",
            )
        context.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """``shots(page_or_locator, "step")`` saves test-artifacts/lab/<test>/NN-step.png."""
    folder = _artifact_folder(request)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def _shot(target: object, step: str) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        try:
            target.screenshot(path=str(path))
        except Exception as error:  # noqa: BLE001 - a screenshot must not hide the real failure
            path.with_suffix(".txt").write_text(f"screenshot failed: {error}\n")
        return path

    return _shot
