"""Helpers for the JupyterLab tests: a course copy, processes that always die, lab UI steps.

Every process a test starts runs in its own session (process group) and is stopped with
:func:`stop_tree`, which kills the whole tree: the launcher, ``jupyter lab`` and the kernels
it started (jupyter_client starts kernels in their own sessions, so killing the process group
alone would leave them running).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ARTIFACTS = REPO / "test-artifacts" / "lab"
URL_LINE = re.compile(r"JupyterLab for the course(?: \((\w+)\))?: (http://\S+\?token=([^\s&]+))")
#: The course's own student and instructor-side names in the temporary exchange.
STUDENT = "nurse01"
QUIZ = "quiz-01-understanding"


# ----------------------------------------------------------------------------- files


def copy_course(dest: Path) -> Path:
    """Copy what a lab user sees (modules/, quizzes/ source + config, root nbgrader config).

    ``src/`` is not copied: the package is installed (editable) in the virtualenv, so the
    kernel and nbgrader import ``venous_course`` from there, as in a student's environment.
    """
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(REPO / "modules", dest / "modules", ignore=ignore)
    (dest / "quizzes").mkdir()
    shutil.copy(REPO / "quizzes" / "nbgrader_config.py", dest / "quizzes" / "nbgrader_config.py")
    shutil.copytree(REPO / "quizzes" / "source", dest / "quizzes" / "source", ignore=ignore)
    shutil.copy(REPO / "nbgrader_config.py", dest / "nbgrader_config.py")
    if (REPO / "assets").is_dir():  # modules may read data tables from assets/
        shutil.copytree(REPO / "assets", dest / "assets", ignore=ignore)
    return dest


def isolated_env(home: Path, course: Path, token: str, user: str = STUDENT) -> dict[str, str]:
    """An environment where nothing touches the real user's files, gradebook or exchange.

    HOME, Jupyter's config/runtime/data folders and the nbgrader exchange live in ``home``;
    the gradebook is the course copy's. ``USER``/``LOGNAME`` name the nbgrader student.
    """
    home.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTER", "VENOUS_", "IPYTHON", "ALLOW_REMOTE"))
    }
    config = home / ".jupyter"
    env.update(
        HOME=str(home),
        USER=user,
        LOGNAME=user,
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_DATA_DIR=str(home / ".local" / "share" / "jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / ".ipython"),
        JUPYTER_TOKEN=token,
        VENOUS_EXCHANGE_ROOT=str(home / "exchange"),
        VENOUS_GRADEBOOK_URL="sqlite:///" + str(course / "quizzes" / "gradebook.db"),
        PYTHONUNBUFFERED="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    # No news or update checks (offline, and their toasts would cover the UI).
    settings = config / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8"
    )
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Containers and CI often run as root; jupyter refuses that unless told. Only the
        # tests' own throw-away config says so (make lab leaves jupyter's refusal in place).
        (config / "jupyter_server_config.json").write_text(
            json.dumps({"ServerApp": {"allow_root": True}}), encoding="utf-8"
        )
    # Render every cell (JupyterLab 4 only renders cells near the viewport by default), so
    # the tests can check all outputs without scrolling each into view.
    notebook = config / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True, exist_ok=True)
    (notebook / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}), encoding="utf-8"
    )
    return env


# ----------------------------------------------------------------------------- processes


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: Sequence[str], env: Mapping[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    """Start ``command`` in its own session, stdout and stderr into ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def stop_tree(proc: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop ``proc`` and every descendant: SIGTERM first, SIGKILL after ``grace`` seconds."""
    import psutil  # comes with ipykernel

    try:
        root = psutil.Process(proc.pid)
        procs = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        procs = []
    for p in procs:
        try:
            p.send_signal(signal.SIGTERM)
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=grace)
    for p in alive:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=grace)
    try:  # anything left in the launcher's own process group
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL above
        pass


def wait_for(
    condition: Callable[[], Any],
    timeout: float,
    what: str,
    proc: subprocess.Popen | None = None,
    log: Path | None = None,
) -> Any:
    """Poll ``condition`` until it returns something truthy; fail saying ``what`` did not happen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.25)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s.\n{tail}")


def read_url(log: Path) -> tuple[str, str] | None:
    """The (URL, token) the launcher printed, once it has printed them."""
    match = URL_LINE.search(log.read_text(errors="replace")) if log.exists() else None
    return (match.group(2), match.group(3)) if match else None


def http_get(url: str, token: str | None = None, timeout: float = 10) -> tuple[int, bytes]:
    """GET ``url`` (with the token as an Authorization header); (status, body)."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b""


def server_ready(base: str, token: str) -> bool:
    status, body = http_get(f"{base}/api/status", token, timeout=3)
    return status == 200 and b"started" in body


def nbgrader(args: Sequence[str], cwd: Path, env: Mapping[str, str], timeout: float = 240) -> str:
    """Run a real nbgrader command; fail with its output when it fails."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_tree(proc)
        raise AssertionError(f"nbgrader {' '.join(args)} took more than {timeout} s") from None
    finally:
        if proc.poll() is None:  # an exception (e.g. KeyboardInterrupt) mid-run
            stop_tree(proc)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{out}"
    return out


# ----------------------------------------------------------------------------- output text


_VOLATILE = [
    (re.compile(r'"model_id":\s*"[0-9a-f]{32}"'), '"model_id": "<id>"'),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\b(vc-[A-Za-z0-9_-]*?)-\d+\b"), r"\1-<n>"),
    (re.compile(r"\bat 0x[0-9a-f]+\b"), "at 0x<addr>"),
]


def normalise(text: str) -> str:
    """Output text with widget model ids, uuids, counters and addresses blanked out."""
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def text_outputs(nb: Any) -> list[tuple[int, str, str]]:
    """(cell index, kind, normalised text) of every output of every code cell, in order.

    Text kinds: stream text, text/plain, text/html and text/markdown of results and displays,
    and errors (ename: evalue). Widget views are counted but their ids are not compared.
    """
    found: list[tuple[int, str, str]] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output["output_type"]
            if kind == "stream":
                found.append((index, f"stream:{output['name']}", normalise(output["text"])))
            elif kind == "error":
                found.append((index, "error", f"{output['ename']}: {output['evalue']}"))
            else:
                data = output.get("data", {})
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if mime in data:
                        value = data[mime]
                        value = "".join(value) if isinstance(value, list) else value
                        found.append((index, mime, normalise(value)))
                if "application/vnd.jupyter.widget-view+json" in data:
                    found.append((index, "widget", "<widget view>"))
    return found


# ----------------------------------------------------------------------------- JupyterLab UI


def open_menu_command(page: Any, menu: str, command: str) -> None:
    """Click ``menu`` in JupyterLab's menu bar, then the item that runs ``command``."""
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f'.lm-Menu li[data-command="{command}"]:visible').first.click()


def notebook(page: Any) -> Any:
    """The notebook in the current (visible) tab."""
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook").first


_VISIBLE_PANEL = """const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
      .find(p => p.offsetParent !== null);
  if (!panel) return false;"""

# The toolbar's execution indicator says "idle" before any kernel exists, so "ready" also
# needs a kernel name in the toolbar and "| Idle" in the status bar.
_KERNEL_READY = f"""() => {{
  {_VISIBLE_PANEL}
  const name = panel.querySelector('.jp-Toolbar-kernelName');
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const bar = document.querySelector('#jp-main-statusbar');
  return !!name && !/no kernel/i.test(name.textContent) && !!indicator
      && indicator.dataset.status === 'idle' && !!bar && /\\|\\s*Idle/.test(bar.textContent);
}}"""

_PROMPTS = (
    "[...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim())"
)

_STARTED = f"""() => {{
  {_VISIBLE_PANEL}
  return {_PROMPTS}.some(t => t !== '[ ]:' && t !== '');
}}"""

_ALL_RAN = f"""() => {{
  {_VISIBLE_PANEL}
  const prompts = {_PROMPTS};
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
  return prompts.length > 0 && prompts.every(t => /^\\[\\d+\\]:$/.test(t)) && indicator !== null;
}}"""


def wait_for_kernel_idle(page: Any, timeout_ms: float = 90_000) -> None:
    """Wait until the visible notebook has a kernel, connected and idle."""
    page.wait_for_function(_KERNEL_READY, timeout=timeout_ms)


def run_all_cells(page: Any, timeout_ms: float = 150_000) -> None:
    """Run > Run All Cells, then wait until every code cell has run and the kernel is idle.

    Fails with JupyterLab's question when a dialog (e.g. "Select Kernel") stops the run.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    wait_for_kernel_idle(page)
    for _attempt in range(2):
        # Run All only when nothing has started: a second Run All while the first one's widgets
        # are still being created closes their models mid-way (an anywidget error on a busy box).
        if not page.evaluate(_STARTED):
            open_menu_command(page, "Run", "runmenu:run-all")
        try:
            page.wait_for_function(_STARTED, timeout=45_000)
            break
        except PlaywrightTimeout:
            dialog = page.locator(".jp-Dialog")
            if dialog.count():
                message = dialog.inner_text()
                raise AssertionError(f"JupyterLab asked instead of running: {message}") from None
    else:
        raise AssertionError("Run > Run All Cells did not start any cell.")
    page.wait_for_function(_ALL_RAN, timeout=timeout_ms)


def error_outputs(page: Any) -> list[str]:
    """Text of every stderr/error output and every widget that failed to render."""
    panel = page.locator(".jp-NotebookPanel:visible").first
    found = [
        text
        for text in panel.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        ).all_inner_texts()
    ]
    for marker in ("Error displaying widget", "Failed to load model class", "Traceback"):
        found += [
            f"{marker}: {text[:300]}"
            for text in panel.locator(".jp-OutputArea-output", has_text=marker).all_inner_texts()
        ]
    return found


def trace_paths(output: Any) -> list[str]:
    """The ``d`` attribute of every line trace drawn in a plotly figure inside ``output``."""
    lines = output.locator(".js-plotly-plot .scatterlayer .trace path.js-line")
    return [lines.nth(i).get_attribute("d") or "" for i in range(lines.count())]


def replace_cell_source(page: Any, cell: Any, text: str) -> None:
    """Edit a cell as a student does: click into it, select everything, type the new text.

    The text is inserted in one go (no per-key auto-closing of brackets or quotes).
    """
    if "jp-MarkdownCell" in (cell.get_attribute("class") or ""):
        # Rendered by jupyterlab-myst (class "myst") or by JupyterLab's own renderer.
        rendered = cell.locator(".jp-InputArea .myst, .jp-RenderedMarkdown")
        if rendered.count() and rendered.first.is_visible():
            rendered.first.dblclick()
    editor = cell.locator(".cm-content").first
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    page.keyboard.press("Escape")


def save_notebook(page: Any) -> None:
    """Ctrl+S and wait until the tab is no longer marked as changed."""
    page.keyboard.press("Control+S")
    page.wait_for_function(
        """() => {
          const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
          return tab && !tab.classList.contains('jp-mod-dirty');
        }""",
        timeout=30_000,
    )


def refuse_other_hosts(context: Any) -> list[str]:
    """Refuse every request of ``context`` to a host other than this machine (as with no
    network) and return the list that fills with what was asked for."""
    from urllib.parse import urlsplit

    elsewhere: list[str] = []

    def handle(route: Any) -> None:
        if urlsplit(route.request.url).hostname in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return elsewhere
