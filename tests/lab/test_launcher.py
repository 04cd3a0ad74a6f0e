"""``make lab`` (``python -m venous_course_tools.lab``): JupyterLab on 127.0.0.1 with a token, the
course's extensions enabled, the first module open; a public address needs an explicit yes.

The launcher runs as a subprocess on this checkout, with a temporary HOME, Jupyter folders,
exchange and gradebook, and is stopped (with everything it started) even when a test fails.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from .helpers import (
    BIN,
    REPO,
    free_port,
    http_get,
    isolated_env,
    read_url,
    server_ready,
    start,
    stop_tree,
    wait_for,
)

#: Lab extensions the course needs: widgets, plotly, anywidget and nbgrader's panels.
LAB_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "jupyterlab-plotly",
    "anywidget",
    "@jupyter/nbgrader",
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _page_config(page: bytes) -> dict:
    match = re.search(
        rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert match, "The /lab page carries no jupyter-config-data."
    return json.loads(html.unescape(match.group(1).decode("utf-8")))


def _listening_addresses(pid: int) -> set[str]:
    """IP addresses the process tree of ``pid`` listens on (TCP)."""
    import psutil

    root = psutil.Process(pid)
    addresses = set()
    for proc in [root, *root.children(recursive=True)]:
        try:
            connections = proc.net_connections(kind="tcp")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        addresses |= {c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN}
    return addresses


@pytest.mark.slow
def test_make_lab_serves_the_course_on_loopback_with_its_extensions(tmp_path):
    home = tmp_path / "home"
    (tmp_path / "quizzes").mkdir()
    token = "launcher-test-token"
    env = isolated_env(home, tmp_path, token)
    port = free_port()
    log = tmp_path / "launcher.log"
    proc = start(
        [sys.executable, "-m", "venous_course_tools.lab", "--port", str(port)], env, REPO, log
    )
    try:
        url, printed_token = wait_for(lambda: read_url(log), 60, "The launcher's URL", proc, log)
        parsed = urlparse(url)
        assert parsed.hostname == "127.0.0.1" and parsed.port == port, url
        assert parsed.path == "/lab/tree/modules/00-welcome.ipynb", url
        assert printed_token == token
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: server_ready(base, token), 90, "JupyterLab answering", proc, log)

        status, body = http_get(f"{base}/api/status", token)
        assert status == 200 and "started" in json.loads(body)
        assert http_get(f"{base}/api/status")[0] == 403, "The server must require the token."
        assert _listening_addresses(proc.pid) == {"127.0.0.1"}

        # The running server gives the page every course extension, none of them disabled.
        status, page = http_get(f"{base}/lab?token={token}", token)
        assert status == 200
        config = _page_config(page)
        loaded = {ext["name"] for ext in config["federated_extensions"]}
        disabled = config.get("disabledExtensions", [])
        for name in LAB_EXTENSIONS:
            assert name in loaded, f"{name} is not loaded by JupyterLab"
            assert not any(d == name or d.startswith(name + ":") for d in disabled), name
        # nbgrader's server extensions answer: Assignments/courses and formgrader.
        import nbgrader

        status, body = http_get(f"{base}/nbgrader_version?version={nbgrader.__version__}", token)
        assert status == 200 and json.loads(body)["success"], body
        assert http_get(f"{base}/formgrader/static/js/utils.js", token)[0] == 200

        listing = subprocess.run(
            [str(BIN / "jupyter"), "labextension", "list"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        text = ANSI.sub("", listing.stdout + listing.stderr)
        for name in LAB_EXTENSIONS:
            line = next((ln for ln in text.splitlines() if ln.strip().startswith(name + " ")), "")
            assert "enabled" in line and "OK" in line, f"{name} not enabled and OK:\n{text}"
    finally:
        stop_tree(proc)


def test_make_lab_refuses_a_public_address_unless_asked(tmp_path):
    env = isolated_env(tmp_path / "home", tmp_path, "unused")
    port = free_port()
    done = subprocess.run(
        [sys.executable, "-m", "venous_course_tools.lab", "--host", "0.0.0.0", "--port", str(port)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
    )
    assert done.returncode != 0
    assert "Refusing to listen on 0.0.0.0" in done.stderr
    assert "--allow-remote" in done.stderr
    assert "JupyterLab for the course" not in done.stdout  # it stopped before starting a server
