"""Make sure the browser the tests drive is present (``make test`` runs this first).

The browser tests use Debian's Chromium through Playwright's Python package; Playwright's
own browser download does not work offline, so it is never used. As root on Debian/Ubuntu
this installs the ``chromium`` package; elsewhere it says exactly what is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"
# Headless, and quiet: without the background-networking flags Chromium keeps trying to reach
# Google's hosts, which this course's offline checks would count as failed requests.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class BrowserUnavailable(RuntimeError):
    """The browser tests cannot run here; the message says what is missing."""


def chromium_path() -> str | None:
    """The Chromium the tests use, or None when it is not installed."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


def ensure_chromium() -> str:
    """Return a sentence describing what was found, installing Chromium when possible."""
    found = chromium_path()
    if found:
        return f"Browser tests will use {found}."
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's chromium for the browser tests (apt-get install chromium)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        done = subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
        if done.returncode == 0 and chromium_path():
            return f"Installed Chromium at {chromium_path()}."
        return (
            "apt-get could not install chromium: the browser tests will be skipped (or fail in CI)."
        )
    return (
        "Chromium is missing, so the browser tests will be skipped. Install it with "
        "'sudo apt-get install chromium' (Debian/Ubuntu) so that /usr/bin/chromium exists."
    )


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright's Python package (never its own browser download).

    Yields a Playwright ``Browser``; raises :class:`BrowserUnavailable` with a sentence saying
    what is missing when Chromium or Playwright is not there or Chromium will not start.
    """
    missing = []
    executable = chromium_path()
    if executable is None:
        missing.append(
            f"Chromium ({CHROMIUM}): install it with 'apt-get install chromium' "
            "or run 'make browser-deps'"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing.append("the playwright Python package: pip install -e '.[test]'")
    if missing:
        raise BrowserUnavailable("Browser tests need " + " and ".join(missing) + ".")
    manager = sync_playwright().start()
    try:
        try:
            browser = manager.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        except Exception as error:  # report why Chromium would not start
            raise BrowserUnavailable(
                f"Chromium at {executable} would not start: {error}"
            ) from error
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()


def main() -> int:
    print(ensure_chromium())
    return 0


if __name__ == "__main__":
    sys.exit(main())
