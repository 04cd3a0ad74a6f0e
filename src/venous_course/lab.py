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

REPO = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def lab_command(host: str, port: int, token: str) -> list[str]:
    """The jupyter lab command line the course uses."""
    return [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={REPO}",
        f"--IdentityProvider.token={token}",
        "--LabApp.default_url=/lab/tree/modules/00-welcome.ipynb",
    ]


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
    args = parser.parse_args(argv)
    try:
        check_host(args.host, args.allow_remote)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    print(f"JupyterLab for the course: http://{args.host}:{args.port}/lab?token={token}")
    print("Students: start with modules/00-welcome.ipynb. Instructors: Nbgrader > Formgrader.")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.call(lab_command(args.host, args.port, token), cwd=REPO, env=env)


if __name__ == "__main__":
    sys.exit(main())
