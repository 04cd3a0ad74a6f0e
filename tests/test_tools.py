"""The small launchers behind make targets."""

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


def test_lab_main_exits_with_message_for_remote_host(capsys):
    assert lab.main(["--host", "0.0.0.0"]) == 2
    assert "Refusing" in capsys.readouterr().err


def test_browser_deps_reports_what_it_found():
    message = browser_deps.ensure_chromium()
    assert "chromium" in message.lower()


def test_missing_chromium_is_reported_in_a_sentence(monkeypatch):
    monkeypatch.setattr(browser_deps, "chromium_path", lambda: None)
    with pytest.raises(browser_deps.BrowserUnavailable, match="apt-get install chromium"):
        with browser_deps.launched_chromium():
            pass  # never reached: the browser is missing
