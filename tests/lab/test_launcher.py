"""``make lab`` and ``make lab-instructor`` (``python -m venous_course_tools.lab [--instructor]``):
JupyterLab on 127.0.0.1 with a token, the course's extensions enabled, the first module open; the
students' lab serves modules/ without nbgrader's instructor tools; a public address needs an
explicit yes.

The launcher runs as a subprocess on this checkout, with a temporary HOME, Jupyter folders,
exchange and gradebook, and is stopped (with everything it started) even when a test fails.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
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

#: Lab extensions the course needs: MyST, widgets, plotly, anywidget and nbgrader's panels.
LAB_EXTENSIONS = (
    "jupyterlab-myst",
    "@jupyter-widgets/jupyterlab-manager",
    "jupyterlab-plotly",
    "anywidget",
    "@jupyter/nbgrader",
)
NEWS = "@jupyterlab/apputils-extension:announcements"
#: nbgrader's instructor-only lab plugins: off in the students' lab, on in the instructors'.
INSTRUCTOR_PLUGINS = {
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
}
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
@pytest.mark.parametrize("role", ["student", "instructor"])
def test_make_lab_serves_the_course_on_loopback_with_its_extensions(tmp_path, role):
    home = tmp_path / "home"
    (tmp_path / "quizzes").mkdir()
    token = "launcher-test-token"
    env = isolated_env(home, tmp_path, token)
    port = free_port()
    log = tmp_path / "launcher.log"
    flags = ["--instructor"] if role == "instructor" else []
    proc = start(
        [sys.executable, "-m", "venous_course_tools.lab", "--port", str(port), *flags],
        env,
        REPO,
        log,
    )
    try:
        url, printed_token = wait_for(lambda: read_url(log), 60, "The launcher's URL", proc, log)
        parsed = urlparse(url)
        assert parsed.hostname == "127.0.0.1" and parsed.port == port, url
        first_module = "/lab/tree/00-welcome.ipynb"
        assert parsed.path == (
            first_module if role == "student" else "/lab/tree/modules/00-welcome.ipynb"
        )
        assert printed_token == token
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: server_ready(base, token), 90, "JupyterLab answering", proc, log)

        status, body = http_get(f"{base}/api/status", token)
        assert status == 200 and "started" in json.loads(body)
        assert http_get(f"{base}/api/status")[0] == 403, "The server must require the token."
        assert _listening_addresses(proc.pid) == {"127.0.0.1"}

        # The running server gives the page every course extension; only the news pop-up and,
        # for students, nbgrader's instructor plugins are switched off.
        status, page = http_get(f"{base}/lab?token={token}", token)
        assert status == 200
        config = _page_config(page)
        loaded = {ext["name"] for ext in config["federated_extensions"]}
        for name in LAB_EXTENSIONS:
            assert name in loaded, f"{name} is not loaded by JupyterLab"
        expected_off = {NEWS} | (INSTRUCTOR_PLUGINS if role == "student" else set())
        assert set(config.get("disabledExtensions", [])) == expected_off
        served = REPO / "modules" if role == "student" else REPO
        assert Path(config["serverRoot"]) == served

        # The course kernel, under the name the notebooks show, is the default.
        status, body = http_get(f"{base}/api/kernelspecs", token)
        specs = json.loads(body)
        assert specs["default"] == "python3"
        assert specs["kernelspecs"]["python3"]["spec"]["display_name"] == "Python 3 (venous course)"
        assert len(specs["kernelspecs"]) == 1, sorted(specs["kernelspecs"])

        # The stylesheet for the MyST roles jupyterlab-myst cannot resolve is on the page.
        assert b"custom/custom.css" in page
        status, css = http_get(f"{base}/custom/custom.css", token)
        assert status == 200 and b'title="Citation Not Found"' in css

        # nbgrader's server side: the Assignments panel for everyone, formgrader and the
        # course list only for instructors.
        import nbgrader

        status, body = http_get(f"{base}/nbgrader_version?version={nbgrader.__version__}", token)
        assert status == 200 and json.loads(body)["success"], body
        formgrader = http_get(f"{base}/formgrader/static/js/utils.js", token)[0]
        courses = http_get(f"{base}/formgraders", token)[0]
        if role == "student":
            assert (formgrader, courses) == (404, 404), "Students must not reach formgrader."
        else:
            assert (formgrader, courses) == (200, 200)

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
        assert "not compatible" not in text, text
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


def test_each_launch_writes_its_own_config_and_leaves_the_users_alone(tmp_path, monkeypatch):
    from venous_course_tools import lab

    home = tmp_path / "home"
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(home / ".jupyter"))
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    course = tmp_path / "course"
    (course / "modules").mkdir(parents=True)
    for setup, off in ((lab.STUDENT, {NEWS} | INSTRUCTOR_PLUGINS), (lab.INSTRUCTOR, {NEWS})):
        launch = tmp_path / setup.role
        env = lab.write_launch_config(launch, course, setup)
        page = json.loads((launch / "config" / "labconfig" / "page_config.json").read_text())
        assert set(page["disabledExtensions"]) == off
        assert env["JUPYTER_CONFIG_PATH"] == str(launch / "config")
        kernel = json.loads((launch / "data" / "kernels" / "python3" / "kernel.json").read_text())
        assert kernel["display_name"] == "Python 3 (venous course)"
        assert kernel["argv"][0] == sys.executable
        command = lab.lab_command("127.0.0.1", 8888, course, setup=setup)
        served = course / "modules" if setup is lab.STUDENT else course
        assert f"--ServerApp.root_dir={served}" in command
        blocked = {a.split("=")[1] for a in command if a.endswith("=False")}
        assert blocked == (
            {"nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"}
            if setup is lab.STUDENT
            else set()
        )
    # Only the student's launch carries an nbgrader config: it puts fetched quizzes in modules/.
    student_config = (tmp_path / "student" / "config" / "nbgrader_config.py").read_text()
    assert repr(str(course / "modules")) in student_config
    assert not (tmp_path / "instructor" / "config" / "nbgrader_config.py").exists()
    assert not home.exists(), "The launcher must not write into the user's Jupyter folders."
