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

CHROMIUM = "/usr/bin/chromium"


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


def main() -> int:
    print(ensure_chromium())
    return 0


if __name__ == "__main__":
    sys.exit(main())
