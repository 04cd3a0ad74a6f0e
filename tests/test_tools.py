"""The small launchers behind make targets."""

import socket
import subprocess
import sys

import pytest

from venous_course_tools import browser as browser_deps
from venous_course_tools import lab


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org"])
def test_lab_refuses_remote_hosts_unless_asked(host):
    with pytest.raises(ValueError, match="Refusing"):
        lab.check_host(host, allow_remote=False)
    lab.check_host(host, allow_remote=True)


def test_lab_listens_on_loopback_with_a_token_and_opens_the_modules():
    lab.check_host("127.0.0.1", allow_remote=False)
    command = " ".join(lab.lab_command("127.0.0.1", 8888))
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "token" not in command.lower()  # the token travels in JUPYTER_TOKEN, not argv
    # The students' lab serves modules/ and opens the first module in it.
    assert f"--ServerApp.root_dir={lab.REPO / 'modules'} " in command
    assert "--LabApp.default_url=/lab/tree/00-welcome.ipynb" in command
    assert "--allow-root" not in command
    assert "--allow-root" in lab.lab_command("127.0.0.1", 8888, as_root=True)


def test_students_file_browser_hides_the_authoring_template():
    """Parsed as jupyter_server parses it: _template.ipynb is gone, the modules are there."""
    from jupyter_server.serverapp import ServerApp
    from jupyter_server.services.contents.filemanager import FileContentsManager

    assert (lab.REPO / "modules" / "_template.ipynb").exists()
    listed = {}
    for setup in (lab.STUDENT, lab.INSTRUCTOR):
        app = ServerApp()
        app.parse_command_line(
            [a for a in lab.lab_command("127.0.0.1", 8888, setup=setup) if a.startswith("--")]
        )
        contents = FileContentsManager(config=app.config, root_dir=str(lab.REPO / "modules"))
        listed[setup.role] = {m["name"] for m in contents.get("")["content"]}
        assert "__pycache__" in contents.hide_globs  # jupyter_server's own list is kept
    assert "00-welcome.ipynb" in listed["student"]
    assert "_template.ipynb" not in listed["student"]
    assert "_template.ipynb" in listed["instructor"]  # authors still see it


def test_lab_main_exits_with_message_for_remote_host(capsys):
    assert lab.main(["--host", "0.0.0.0"]) == 2
    assert "Refusing" in capsys.readouterr().err


def test_lab_says_in_a_sentence_when_its_port_is_taken(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert lab.main(["--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"Port {port} is already in use" in err and f"--port {port + 1}" in err
    assert "Traceback" not in err


def test_formgrader_launch_needs_a_quiz_course_folder(tmp_path, capsys):
    assert lab.main(["--formgrader", str(tmp_path)]) == 2
    assert "There is no nbgrader_config.py in" in capsys.readouterr().err


def test_formgrader_launch_serves_the_course_folder_and_opens_formgrader(tmp_path):
    command = " ".join(lab.lab_command("127.0.0.1", 8888, tmp_path, setup=lab.GRADER))
    assert f"--ServerApp.root_dir={tmp_path} " in command
    assert "--LabApp.default_url=/formgrader" in command
    assert "formgrader=False" not in command


def test_quiz_demo_refuses_a_taken_port_before_building_anything(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "venous_course_tools.instructor", "demo", str(tmp_path / "d")]
            + ["--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"Port {port} is already in use" in proc.stderr
    assert not (tmp_path / "d").exists()


def test_browser_deps_reports_what_it_found():
    message = browser_deps.ensure_chromium()
    assert "chromium" in message.lower()


def test_missing_chromium_is_reported_in_a_sentence(monkeypatch):
    monkeypatch.setattr(browser_deps, "chromium_path", lambda: None)
    with pytest.raises(browser_deps.BrowserUnavailable, match="apt-get install chromium"):
        with browser_deps.launched_chromium():
            pass  # never reached: the browser is missing
