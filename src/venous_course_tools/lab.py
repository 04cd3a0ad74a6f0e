"""Start JupyterLab for the course on 127.0.0.1: ``make lab`` (students) or ``make lab-instructor``.

Two set-ups from one launcher, each for that launch only (nothing is written to the user's
Jupyter folders or to the environment):

- **Student** (``make lab``): the server's root is ``modules/``, so the file browser starts
  there and cannot climb to ``quizzes/source`` (the answer keys). nbgrader's instructor tools
  are switched off: formgrader, the course list and the "Create Assignment" sidebar, in the
  page (disabled lab plugins) and on the server (disabled server extensions). The Assignments
  panel stays (Nbgrader > Assignment List): it works offline with the local exchange, and it is
  how a student fetches, validates and submits a quiz; fetched quizzes land in
  ``modules/<quiz>/``.
- **Instructor** (``make lab-instructor``): the checkout root, every nbgrader tool
  (Nbgrader > Formgrader).
- **Grader** (``--formgrader <course folder>``, what ``make quiz-demo`` ends in): one nbgrader
  course folder (the one holding ``nbgrader_config.py``) served with formgrader as the first
  page, for a demo class or a private course kept outside the checkout.

Both: the kernel the notebooks name (``python3``) shows as "Python 3 (venous course)" and is
the default; JupyterLab's news pop-up is off (the course works offline; the toast covers the
page); and MyST roles that jupyterlab-myst cannot resolve read quietly (see :data:`MYST_CSS`).
Listening on any address other than loopback exposes a Python kernel to the network, so it
needs ``--allow-remote``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from venous_course_tools.paths import REPO

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: The kernel every notebook names (metadata.kernelspec.name) and the name students see.
KERNEL_NAME = "python3"
KERNEL_DISPLAY_NAME = "Python 3 (venous course)"
#: JupyterLab's news and update-check pop-up.
NEWS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
#: JupyterLab's custom.css for the course, served by this module as a server extension.
#: jupyterlab-myst 2.7 renders the MyST in markdown cells, but it reads neither the book's
#: bibliography nor its glossary (citations are on its to-do list: jupyterlab-myst issue 127):
#: - ``{cite}`key``` becomes a yellow "Citation Not Found" warning with an icon. Shown here as
#:   the key in brackets, in the text colour: each module's References section names the sources.
#: - ``{term}`word``` becomes a link to "#" that goes nowhere. Shown here as a defined term
#:   (dotted underline), not as a link.
MYST_CSS = """\
/* Written by venous_course_tools.lab: MyST roles jupyterlab-myst cannot resolve. */
.jp-MarkdownCell .myst span[title="Citation Not Found"] { color: inherit; }
.jp-MarkdownCell .myst span[title="Citation Not Found"] > svg { display: none; }
.jp-MarkdownCell .myst span[title="Citation Not Found"]::before { content: "["; }
.jp-MarkdownCell .myst span[title="Citation Not Found"]::after { content: "]"; }
.jp-MarkdownCell .myst a.hover-link[href="#"] {
  color: inherit;
  text-decoration: underline dotted;
  pointer-events: none;
}
"""
#: Where the launcher tells its server extension (below) to find custom.css.
CUSTOM_CSS_ENV = "VENOUS_LAB_CUSTOM_DIR"
#: jupyter_server's own hidden files (ContentsManager.hide_globs), kept when adding to them.
JUPYTER_HIDDEN_FILES = ("__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~")
#: nbgrader's lab plugins and server extensions that only instructors use.
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)


@dataclass(frozen=True)
class Setup:
    """What one kind of user gets: the folder served, the first page, what is switched off."""

    role: str
    folder: str  # served folder, relative to the course folder ("" = the course folder)
    start_page: str
    disabled_plugins: tuple[str, ...]
    disabled_server_extensions: tuple[str, ...]
    hint: str
    # Files left out of the file browser (authoring files a student has no use for).
    hidden_files: tuple[str, ...] = ()


STUDENT = Setup(
    role="student",
    folder="modules",
    # The page students land on: the first module, the file browser in modules/.
    start_page="/lab/tree/00-welcome.ipynb",
    disabled_plugins=(NEWS_PLUGIN, *INSTRUCTOR_LAB_PLUGINS),
    disabled_server_extensions=INSTRUCTOR_SERVER_EXTENSIONS,
    hint="Start with 00-welcome.ipynb. Quizzes: Nbgrader > Assignment List.",
    hidden_files=("_template.ipynb",),
)
INSTRUCTOR = Setup(
    role="instructor",
    folder="",
    start_page="/lab/tree/modules/00-welcome.ipynb",
    disabled_plugins=(NEWS_PLUGIN,),
    disabled_server_extensions=(),
    hint="Grading: Nbgrader > Formgrader. Students use 'make lab' (no instructor tools).",
)
GRADER = Setup(
    role="grader",
    folder="",
    start_page="/formgrader",
    disabled_plugins=(NEWS_PLUGIN,),
    disabled_server_extensions=(),
    hint=(
        "Formgrader is open on this quiz course: Manual Grading > the quiz > a submission to "
        "hand-grade. Ctrl-C stops the server."
    ),
)
#: Kept for callers that only need the student's first page.
START_PAGE = STUDENT.start_page


def lab_command(
    host: str, port: int, root: Path = REPO, as_root: bool = False, setup: Setup = STUDENT
) -> list[str]:
    """The jupyter lab command line for ``setup``, serving ``root`` (the course folder).

    The token is not on the command line (other local users could read it with ``ps``): it
    goes to the server through the ``JUPYTER_TOKEN`` environment variable (see :func:`main`).
    """
    served = root / setup.folder if setup.folder else root
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={served}",
        f"--LabApp.default_url={setup.start_page}",
        f"--MappingKernelManager.default_kernel_name={KERNEL_NAME}",
        # The news feed needs the internet and its toast covers the page.
        "--LabApp.news_url=None",
        # custom.css (MYST_CSS), served from this launch's folder by this module.
        "--LabApp.custom_css=True",
        "--ServerApp.jpserver_extensions=venous_course_tools.lab=True",
    ]
    # On the command line, so no config file of the user's can switch them back on.
    command += [
        f"--ServerApp.jpserver_extensions={name}=False" for name in setup.disabled_server_extensions
    ]
    if setup.hidden_files:
        hidden = [*JUPYTER_HIDDEN_FILES, *setup.hidden_files]
        command.append(f"--ContentsManager.hide_globs={json.dumps(hidden)}")
    if as_root:
        # Jupyter refuses to run as root without this; containers and CI often are root.
        command.append("--allow-root")
    return command


def write_launch_config(folder: Path, root: Path, setup: Setup) -> dict[str, str]:
    """Write this launch's Jupyter config and kernel into ``folder``; the variables naming them.

    - ``config/labconfig/page_config.json``: the lab plugins switched off for ``setup``;
    - ``config/nbgrader_config.py`` (student): nbgrader's Assignments panel reads its config
      from the served folder and Jupyter's config path; this one loads the course's
      ``quizzes/nbgrader_config.py`` (course id, exchange) and puts fetched quizzes into
      ``modules/``, the only folder the student's file browser shows;
    - ``data/kernels/python3``: the course kernel (this Python) under the name the notebooks
      show. Jupyter looks in ``JUPYTER_PATH`` before the environment, so it wins over
      ipykernel's "Python 3 (ipykernel)".
    """
    from ipykernel.kernelspec import write_kernel_spec

    config = folder / "config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    page_config = {"disabledExtensions": {name: True for name in setup.disabled_plugins}}
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps(page_config, indent=2), encoding="utf-8"
    )
    if setup.folder:
        quizzes_config = root / "quizzes" / "nbgrader_config.py"
        served = root / setup.folder
        (config / "nbgrader_config.py").write_text(
            "# Written by venous_course_tools.lab for one student launch.\n"
            f"load_subconfig({str(quizzes_config)!r})  # noqa: F821\n"
            f"get_config().Exchange.assignment_dir = {str(served)!r}  # noqa: F821\n",
            encoding="utf-8",
        )
    custom = folder / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    (custom / "custom.css").write_text(MYST_CSS, encoding="utf-8")
    kernel = folder / "data" / "kernels" / KERNEL_NAME
    write_kernel_spec(path=str(kernel), overrides={"display_name": KERNEL_DISPLAY_NAME})
    return {
        "JUPYTER_CONFIG_PATH": os.pathsep.join(
            filter(None, [str(config), os.environ.get("JUPYTER_CONFIG_PATH", "")])
        ),
        "JUPYTER_PATH": os.pathsep.join(
            filter(None, [str(folder / "data"), os.environ.get("JUPYTER_PATH", "")])
        ),
        CUSTOM_CSS_ENV: str(custom),
    }


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """This module is also a tiny Jupyter server extension (enabled by the launcher only)."""
    return [{"module": "venous_course_tools.lab"}]


def _load_jupyter_server_extension(serverapp: object) -> None:
    """Serve this launch's custom.css: put its folder first on the server's custom path.

    JupyterLab serves ``/custom/custom.css`` from ``static_custom_path``, which defaults to the
    user's own Jupyter config folder; the launch's folder goes in front of it, so the course's
    rules apply to this launch only. The list is shared with the handler, so order of loading
    does not matter (it is read per request).
    """
    folder = os.environ.get(CUSTOM_CSS_ENV)
    if folder:
        serverapp.web_app.settings["static_custom_path"].insert(0, folder)


def port_problem(host: str, port: int) -> str:
    """One sentence when something already listens on ``host:port`` (JupyterLab would stop
    with a trace), else ""."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return (
                f"Port {port} is already in use (another JupyterLab?): stop that server or "
                f"choose another port, e.g. --port {port + 1} (make ... LAB_PORT={port + 1})."
            )
    return ""


def launch_problem(host: str, port: int, allow_remote: bool, root: Path, setup: Setup) -> str:
    """One sentence on what stops this launch and what to do, or "" when it can start."""
    try:
        check_host(host, allow_remote)
    except ValueError as error:
        return str(error)
    if setup is GRADER and not (root / "nbgrader_config.py").is_file():
        return (
            f"There is no nbgrader_config.py in {root}: point --formgrader at a quiz course "
            "folder (the demo's course/ folder, or one made by 'make quiz-private')."
        )
    if setup is not GRADER and not (root / "modules").is_dir():
        return f"There is no modules/ folder in {root}: start the lab from the course folder."
    return port_problem(host, port)


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless asked explicitly."""
    if host not in LOCAL_HOSTS and not allow_remote:
        raise ValueError(
            f"Refusing to listen on {host}: anyone who can reach it could run code. "
            "Use --allow-remote (make lab ALLOW_REMOTE=1) if you really mean it."
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument(
        "--allow-remote", action="store_true", default=os.environ.get("ALLOW_REMOTE") == "1"
    )
    parser.add_argument(
        "--instructor",
        action="store_true",
        help="the instructor's lab: the checkout root with formgrader (default: the student's)",
    )
    parser.add_argument(
        "--root-dir",
        type=Path,
        default=REPO,
        help="the course folder (default: this checkout); it needs modules/ and quizzes/",
    )
    parser.add_argument(
        "--formgrader",
        type=Path,
        default=None,
        metavar="COURSE_DIR",
        help="serve this nbgrader course folder (it holds nbgrader_config.py) with formgrader open",
    )
    args = parser.parse_args(argv)
    setup = GRADER if args.formgrader else INSTRUCTOR if args.instructor else STUDENT
    root = (args.formgrader or args.root_dir).expanduser().resolve()
    problem = launch_problem(args.host, args.port, args.allow_remote, root, setup)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    # flush: the URL must appear at once even when the output goes to a pipe or a log file.
    # The printed link opens the first module (a bare /lab link would show the launcher).
    url = f"http://{args.host}:{args.port}{setup.start_page}?token={token}"
    print(f"JupyterLab for the course ({setup.role}): {url}", flush=True)
    print(setup.hint, flush=True)
    as_root = os.geteuid() == 0
    if as_root:
        print("Running as root: JupyterLab starts with --allow-root.", flush=True)
    launch = Path(tempfile.mkdtemp(prefix=f"venous-lab-{setup.role}-"))
    try:
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "JUPYTER_TOKEN": token,
            **write_launch_config(launch, root, setup),
        }
        # nbgrader's formgrader reads nbgrader_config.py from the folder the server starts in:
        # the one at the checkout root loads the course in quizzes/.
        command = lab_command(args.host, args.port, root, as_root, setup)
        return subprocess.call(command, cwd=root / setup.folder, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        shutil.rmtree(launch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
