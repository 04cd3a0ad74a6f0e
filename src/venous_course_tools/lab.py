"""Start JupyterLab for the course (``make lab``) on 127.0.0.1, with the modules open.

Listening on any other address exposes a Python kernel to the network, so it needs
``--allow-remote``. The course's extensions (widgets, plotly, nbgrader) are installed in the
same environment and load with JupyterLab.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path

from venous_course_tools.paths import REPO

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
#: The page students land on: the first module, with the file browser in modules/.
START_PAGE = "/lab/tree/modules/00-welcome.ipynb"


def lab_command(host: str, port: int, root: Path = REPO, as_root: bool = False) -> list[str]:
    """The jupyter lab command line the course uses, serving the folder ``root``.

    The token is not on the command line (other local users could read it with ``ps``): it
    goes to the server through the ``JUPYTER_TOKEN`` environment variable (see :func:`main`).
    """
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url={START_PAGE}",
    ]
    if as_root:
        # Jupyter refuses to run as root without this; containers and CI often are root.
        command.append("--allow-root")
    return command


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless asked explicitly."""
    if host not in LOCAL_HOSTS and not allow_remote:
        raise ValueError(
            f"Refusing to listen on {host}: anyone who can reach it could run code. "
            "Use --allow-remote (make lab ALLOW_REMOTE=1) if you really mean it."
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument(
        "--allow-remote", action="store_true", default=os.environ.get("ALLOW_REMOTE") == "1"
    )
    parser.add_argument(
        "--root-dir",
        type=Path,
        default=REPO,
        help="folder JupyterLab serves (default: this checkout); it needs modules/ and quizzes/",
    )
    args = parser.parse_args(argv)
    try:
        check_host(args.host, args.allow_remote)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    root = args.root_dir.resolve()
    if not (root / "modules").is_dir():
        print(
            f"There is no modules/ folder in {root}: start the lab from the course folder.",
            file=sys.stderr,
        )
        return 2
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    # flush: the URL must appear at once even when the output goes to a pipe or a log file.
    # The printed link opens the first module (a bare /lab link would show the launcher).
    url = f"http://{args.host}:{args.port}{START_PAGE}?token={token}"
    print(f"JupyterLab for the course: {url}", flush=True)
    print(
        "Students: start with modules/00-welcome.ipynb. Instructors: Nbgrader > Formgrader.",
        flush=True,
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_TOKEN": token,
    }
    as_root = os.geteuid() == 0
    if as_root:
        print("Running as root: JupyterLab starts with --allow-root.", flush=True)
    # nbgrader's formgrader and Assignments panel read nbgrader_config.py from the folder the
    # server starts in: the one at the checkout root loads the course in quizzes/.
    return subprocess.call(lab_command(args.host, args.port, root, as_root), cwd=root, env=env)


if __name__ == "__main__":
    sys.exit(main())
