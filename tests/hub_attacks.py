"""A hostile student on the hub, as her own unix user: what she tries, and what she gets.

Each attack runs in one ``runuser -u <student>`` process with the course's Python, a clean
environment and her own home, the same rights her server and its kernels have. The test that
uses it knows things she would have to guess (the random names of a classmate's submission
folder and of the instructor's server process) and hands them to her: the refusals must hold
even then.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"

ATTACK = r"""
import json, os, shutil, sys
attacks = json.loads(sys.argv[1])

def try_it(kind, path, other):
    try:
        if kind == "list":
            os.listdir(path)
        elif kind == "read":
            with open(path, "rb") as fh:
                fh.read(1)
        elif kind == "write":
            with open(path, "ab") as fh:
                fh.write(b"x")
        elif kind == "create":
            with open(path, "xb") as fh:
                fh.write(b"x")
        elif kind == "unlink":
            os.unlink(path)
        elif kind == "rmtree":
            shutil.rmtree(path)
        elif kind == "rename":
            os.rename(path, other)
        elif kind == "copytree":
            shutil.copytree(path, other)
        elif kind == "symlink":
            os.symlink(other, path)
        elif kind == "postgres":
            import psycopg2
            host, port = path.split(":")
            psycopg2.connect(host=host, port=int(port), user=other, password="",
                             dbname=other, connect_timeout=10).close()
        else:
            return "unknown attack " + kind
        return "allowed"
    except (PermissionError, FileNotFoundError) as exc:
        return "denied" if isinstance(exc, PermissionError) else "not found"
    except OSError as exc:
        return f"denied ({exc.__class__.__name__})"
    except Exception as exc:  # psycopg2.OperationalError: refused by the server
        return "denied" if exc.__class__.__name__ == "OperationalError" else repr(exc)

print(json.dumps({key: try_it(*spec) for key, spec in attacks.items()}))
"""


def attack_as(
    user: str, home: Path, python: Path, attacks: dict[str, tuple[str, str, str]]
) -> dict[str, str]:
    """Run each ``(kind, path, other)`` attack as ``user``; return name -> what happened.

    "denied" means the operating system (or PostgreSQL) refused; "allowed" means it worked.
    """
    proc = subprocess.run(
        [RUNUSER, "-u", user, "--", str(python), "-c", ATTACK, json.dumps(attacks)],
        env={"HOME": str(home), "PATH": f"{python.parent}:/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0:
        raise AssertionError(f"attack script failed as {user}:\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def server_pid(uid: int) -> int:
    """The pid of the jupyterhub-singleuser process running as ``uid``."""
    import psutil

    for proc in psutil.process_iter(["uids", "cmdline"]):
        uids, cmdline = proc.info["uids"], proc.info["cmdline"] or []
        if uids and uids.real == uid and any("jupyterhub-singleuser" in a for a in cmdline):
            return proc.pid
    raise AssertionError(f"no single-user server runs as uid {uid}")


def listening_port(pid: int) -> int:
    """The TCP port a process listens on (a single-user server listens on one)."""
    import psutil

    ports = [
        c.laddr.port
        for c in psutil.Process(pid).net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN
    ]
    if not ports:
        raise AssertionError(f"process {pid} listens on no TCP port")
    return ports[0]


def refused(seen: dict[str, str]) -> dict[str, str]:
    """The attacks that were not refused (empty when everything was)."""
    return {k: v for k, v in seen.items() if not v.startswith("denied")}


def uid_of(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


def env_python(env: Path) -> Path:
    """The course environment's interpreter (a path every user may run)."""
    return env / "bin" / "python"
