"""Real services for the JupyterHub integration test: unix users, PostgreSQL, the hub.

Everything here starts real programs on 127.0.0.1 and records how to stop them; the test's
fixture stops them all (even when the test fails). Needs root (the hub starts each person's
server as that unix user), PostgreSQL's server binaries (Debian: apt-get install postgresql)
and configurable-http-proxy (npm ci --prefix deploy).
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
CHP = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"


def services_required() -> bool:
    """True in CI (REQUIRE_SERVICES=1): missing PostgreSQL/node is a failure, not a skip."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def postgres_bindir() -> Path | None:
    """The folder with initdb and pg_ctl (Debian keeps them in /usr/lib/postgresql/N/bin)."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def missing_prerequisites() -> list[str]:
    """What this machine lacks for the hub test, each as a sentence saying how to fix it."""
    missing = []
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        missing.append("the test must run as root (it creates unix users for the hub)")
    elif problem := tmpfs_problem():
        missing.append(problem)
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        missing.append("useradd/runuser are missing (Debian: passwd, util-linux)")
    if postgres_bindir() is None:
        missing.append("PostgreSQL is not installed (apt-get install postgresql)")
    if shutil.which("node") is None:
        missing.append("Node.js is not installed (apt-get install nodejs npm)")
    if not CHP.exists():
        missing.append("configurable-http-proxy is missing (run: npm ci --prefix deploy)")
    for module, hint in [("jupyterhub", "jupyterhub"), ("psycopg2", "psycopg2-binary")]:
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {hint} is not installed")
    return missing


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command, raise with its output when it fails."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def wait_for(check: Callable[[], object], timeout: float, what: str, interval: float = 0.25):
    """Call ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as exc:  # noqa: BLE001 - keep polling, report the last error
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} did not happen within {timeout:.0f} s (last: {last!r})")


def kill_user_processes(uid: int) -> None:
    """Kill every process of one (test-created) unix user, by pid."""
    import psutil

    procs = [
        p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == uid
    ]
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


def world_usable(path: Path) -> bool:
    """True when any user can reach ``path`` (every parent folder has o+x) and use it (o+r/x)."""
    path = path.resolve()
    try:
        if not all(os.stat(p).st_mode & 0o001 for p in path.parents):
            return False
        return bool(os.stat(path).st_mode & 0o005)
    except OSError:
        return False


def stage_python(dest: Path) -> Path:
    """This very interpreter, where every unix user may run it; returns its executable.

    Used as it is when its folder is world-usable. Otherwise (a pyenv build under /root) its
    executable and standard library are hard-linked into ``dest``; the executable's search
    path for libpython, an absolute path into the old prefix, is rewritten to
    ``$ORIGIN/../lib`` (same bytes, NUL-padded) so the copy loads the copied library.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    base = Path(sys.base_prefix)
    exe = base / "bin" / version
    if world_usable(exe) and world_usable(base / "lib" / version):
        return exe
    (dest / "bin").mkdir(parents=True)
    (dest / "lib" / version).mkdir(parents=True)
    for lib in (base / "lib").glob("libpython*"):
        run(["cp", "-a", str(lib), str(dest / "lib")])
    for entry in (base / "lib" / version).iterdir():
        if entry.name != "site-packages":
            run(["cp", "-al", str(entry), str(dest / "lib" / version)])
    (dest / "lib" / version / "site-packages").mkdir()
    binary = exe.resolve().read_bytes()
    old, new = str(base / "lib").encode(), b"$ORIGIN/../lib"
    if old + b"\0" in binary:
        binary = binary.replace(old + b"\0", new + b"\0" * (len(old) - len(new) + 1))
    target = dest / "bin" / version
    target.write_bytes(binary)
    target.chmod(0o755)
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    """Replace text in a hard-linked file without touching the original (unlink, write)."""
    text = path.read_text(encoding="utf-8")
    if old in text:
        path.unlink()
        path.write_text(text.replace(old, new), encoding="utf-8")


def stage_install(dest: Path) -> tuple[Path, Path]:
    """Install the course where every user can read it, as a site would under /opt.

    The development checkout and its .venv may sit in folders only root can enter (here the
    venv's interpreter lives in /root/.pyenv), but each single-user server runs as its own
    unix user. This builds ``dest/env``, a virtualenv of a world-usable interpreter holding
    hard links to the project's installed packages, and hard-links ``deploy/`` and ``src/``
    beside it. Returns (deploy folder, environment prefix).
    """
    venv = Path(sys.prefix)
    lib = f"lib/python{sys.version_info.major}.{sys.version_info.minor}"
    dest.mkdir(mode=0o755)
    python = stage_python(dest / "python")
    run(["cp", "-al", str(REPO / "deploy"), str(dest / "deploy")])
    run(["cp", "-al", str(REPO / "src"), str(dest / "src")])
    env = dest / "env"
    run([str(python), "-m", "venv", "--without-pip", str(env)])
    shutil.rmtree(env / lib / "site-packages")
    run(["cp", "-al", str(venv / lib / "site-packages"), str(env / lib / "site-packages")])
    for pth in [
        *(env / lib / "site-packages").glob("*.pth"),
        *(env / lib / "site-packages").glob("__editable__*.py"),
    ]:
        _rewrite(pth, str(REPO / "src"), str(dest / "src"))
    for folder in ["share", "etc"]:
        if (venv / folder).is_dir():
            run(["cp", "-al", str(venv / folder), str(env / folder)])
    # Console scripts (nbgrader, alembic, jupyterhub-singleuser...) with the new interpreter.
    for script in (venv / "bin").iterdir():
        target = env / "bin" / script.name
        if target.exists() or not script.is_file():
            continue
        head = script.open("rb").read(200)
        if head.startswith(b"#!") and str(venv).encode() in head.split(b"\n", 1)[0]:
            text = script.read_text(encoding="utf-8")
            first, rest = text.split("\n", 1)
            target.write_text(f"#!{env / 'bin' / 'python'}\n{rest}", encoding="utf-8")
            target.chmod(0o755)
    return dest / "deploy", env


@dataclass
class Services:
    """Records what was started so ``close`` can stop it in reverse order."""

    base: Path
    suffix: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    users: dict[str, str] = field(default_factory=dict)  # name -> password
    _stops: list[tuple[str, Callable[[], None]]] = field(default_factory=list)

    def on_close(self, what: str, stop: Callable[[], None]) -> None:
        self._stops.append((what, stop))

    def close(self) -> list[str]:
        """Stop everything started; return the problems met (empty when all went well)."""
        problems = []
        while self._stops:
            what, stop = self._stops.pop()
            try:
                stop()
            except Exception as exc:  # noqa: BLE001 - keep stopping the rest
                problems.append(f"stopping {what}: {exc}")
        return problems

    # ------------------------------------------------------------------ unix users
    def add_user(self, role: str, home_base: Path) -> str:
        """Create a unix user with deploy/jupyterhub/add-user.sh and a random password."""
        name = f"vc{role}{self.suffix}"
        run([str(DEPLOY / "jupyterhub" / "add-user.sh"), name, str(home_base)])
        password = secrets.token_urlsafe(16)
        run(["chpasswd"], input=f"{name}:{password}\n")
        self.users[name] = password

        def remove() -> None:
            import pwd

            try:
                uid = pwd.getpwnam(name).pw_uid
            except KeyError:
                return
            kill_user_processes(uid)
            run(["userdel", "--remove", name], env={**os.environ, "LC_ALL": "C"})

        self.on_close(f"user {name}", remove)
        return name

    # ------------------------------------------------------------------ postgres
    def start_postgres(self) -> str:
        """Start PostgreSQL as a dedicated unix user; return the gradebook's SQLAlchemy URL."""
        bindir = postgres_bindir()
        assert bindir is not None
        owner = self.add_user("pg", self.base / "home")
        data = self.base / "pgdata"
        data.mkdir(mode=0o700)
        shutil.chown(data, owner, owner)
        password = secrets.token_urlsafe(16)
        pwfile = self.base / "pgpass.tmp"
        pwfile.write_text(password + "\n")
        shutil.chown(pwfile, owner, owner)
        pwfile.chmod(0o600)
        port = free_port()
        as_owner = ["runuser", "-u", owner, "--"]
        run(
            as_owner
            + [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "venous",
                "-E",
                "UTF8",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
                "--no-instructions",
            ],
            cwd=self.base,
        )
        pwfile.unlink()
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={data} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.base / "postgres.log"
        log.touch()
        shutil.chown(log, owner, owner)
        run(
            as_owner
            + [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                opts,
                "-w",
                "-t",
                "60",
                "start",
            ],
            cwd=self.base,
        )
        self.on_close(
            "postgres",
            lambda: run(
                as_owner + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                cwd=self.base,
            ),
        )

        import psycopg2

        conn = psycopg2.connect(
            host="127.0.0.1", port=port, user="venous", password=password, dbname="postgres"
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE DATABASE venous_gradebook")
        conn.close()
        return f"postgresql+psycopg2://venous:{password}@127.0.0.1:{port}/venous_gradebook"

    # ------------------------------------------------------------------ the hub
    def start_hub(self, config: Path, env: dict[str, str]) -> str:
        """Start ``jupyterhub -f <deploy>/jupyterhub/jupyterhub_config.py``; return its URL."""
        import requests

        state = self.base / "hub-state"
        state.mkdir(mode=0o700)
        url = f"http://127.0.0.1:{free_port()}"
        full_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("VENOUS_")},
            "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
            "VENOUS_HUB_URL": url,
            "VENOUS_HUB_INTERNAL_URL": f"http://127.0.0.1:{free_port()}",
            "VENOUS_PROXY_API_URL": f"http://127.0.0.1:{free_port()}",
            "VENOUS_HUB_STATE_DIR": str(state),
            **env,
        }
        log = (self.base / "hub.log").open("w")
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
            cwd=state,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def stop() -> None:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)  # the hub stops its servers and the proxy
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)
            log.close()

        self.on_close("jupyterhub", stop)

        def up() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({proc.returncode}):\n{self.hub_log()}")
            return requests.get(url + "/hub/api", timeout=5).status_code == 200

        wait_for(up, 60, "JupyterHub answering on " + url)
        return url

    def hub_log(self, tail: int = 6000) -> str:
        path = self.base / "hub.log"
        return path.read_text(errors="replace")[-tail:] if path.exists() else "(no hub log)"


# ---------------------------------------------------------------------- talking to the hub
class HubUser:
    """One person using the hub over HTTP: log in, token, server, nbgrader, kernels."""

    def __init__(self, hub: str, name: str):
        import requests

        self.hub = hub
        self.name = name
        self.token = ""
        self.http = requests.Session()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    @property
    def server(self) -> str:
        return f"{self.hub}/user/{self.name}/"

    def login(self, password: str) -> None:
        """Log in through the hub's login form (PAM), then ask the hub for an API token."""
        self.http.get(f"{self.hub}/hub/login", timeout=30).raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        r = self.http.post(
            f"{self.hub}/hub/login",
            data={"username": self.name, "password": password, "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )
        if r.status_code != 302:
            raise AssertionError(f"login of {self.name} failed: {r.status_code} {r.text[:500]}")
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")  # a new one, bound to the login
        r = self.http.post(
            f"{self.hub}/hub/api/users/{self.name}/tokens",
            json={"note": "integration test", "expires_in": 3600},
            headers={"X-XSRFToken": xsrf},
            timeout=30,
        )
        r.raise_for_status()
        self.token = r.json()["token"]

    def start_server(self) -> None:
        import requests

        r = requests.post(
            f"{self.hub}/hub/api/users/{self.name}/server", headers=self.auth, timeout=60
        )
        if r.status_code not in (201, 202):
            raise AssertionError(f"starting {self.name}'s server: {r.status_code} {r.text}")

    def wait_ready(self, timeout: float = 120) -> None:
        import requests

        def ready() -> bool:
            r = requests.get(f"{self.hub}/hub/api/users/{self.name}", headers=self.auth, timeout=10)
            r.raise_for_status()
            server = r.json().get("servers", {}).get("")
            return bool(server and server.get("ready"))

        wait_for(ready, timeout, f"{self.name}'s server being ready", interval=0.5)

    def wait_stopped(self, timeout: float = 120) -> None:
        import requests

        def stopped() -> bool:
            r = requests.get(f"{self.hub}/hub/api/users/{self.name}", headers=self.auth, timeout=10)
            r.raise_for_status()
            return "" not in r.json().get("servers", {})

        wait_for(stopped, timeout, f"{self.name}'s server being stopped", interval=0.5)

    def stop_server(self) -> None:
        import requests

        requests.delete(
            f"{self.hub}/hub/api/users/{self.name}/server", headers=self.auth, timeout=60
        )

    def get(self, path: str, **kwargs):
        import requests

        return requests.get(self.server + path, headers=self.auth, timeout=120, **kwargs)

    def post(self, path: str, **kwargs):
        import requests

        return requests.post(self.server + path, headers=self.auth, timeout=300, **kwargs)

    def put(self, path: str, **kwargs):
        import requests

        return requests.put(self.server + path, headers=self.auth, timeout=120, **kwargs)

    # ------------------------------------------------------------ the nbgrader lab extension
    def assignments(self, action: str, course: str, quiz: str):
        """What the Assignments tab does: POST /assignments/<fetch|submit|fetch_feedback>."""
        r = self.post(f"assignments/{action}", data={"course_id": course, "assignment_id": quiz})
        r.raise_for_status()
        return r.json()

    # ------------------------------------------------------------ code in the user's server
    def start_kernel(self) -> str:
        r = self.post("api/kernels", json={"name": "python3"})
        r.raise_for_status()
        return r.json()["id"]

    def execute(self, kernel_id: str, code: str, timeout: float = 240) -> str:
        """Run ``code`` in a kernel of this user's server (through the hub); return stdout.

        Raises AssertionError with the traceback when the code raises.
        """
        import websocket

        url = self.server.replace("http://", "ws://") + f"api/kernels/{kernel_id}/channels"
        ws = websocket.create_connection(
            url, header=[f"Authorization: token {self.token}"], timeout=timeout
        )
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": self.name,
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        out, errors = [], []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                msg = json.loads(ws.recv())
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    errors.append("\n".join(msg["content"]["traceback"]))
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    break
            else:
                raise TimeoutError(f"code in {self.name}'s kernel ran over {timeout} s")
        finally:
            ws.close()
        if errors:
            raise AssertionError(
                f"code in {self.name}'s kernel failed:\n" + "\n".join(errors) + "\n" + "".join(out)
            )
        return "".join(out)


# ---------------------------------------------------------------------- a course on the hub
COURSE = "venous-course"
QUIZ = "quiz-01-understanding"
SOURCE = REPO / "quizzes" / "source" / QUIZ / f"{QUIZ}.ipynb"


@dataclass
class Hub:
    """A running hub with one instructor, students, PostgreSQL and the exchange."""

    url: str
    gradebook_url: str
    exchange: Path
    course_dir: Path
    instructor: HubUser
    students: list[HubUser]
    services: Services
    env: Path  # the course's Python environment, usable by every account
    state: Path  # the hub's own state folder (database, cookie secret)


def home(name: str) -> Path:
    """A unix user's home folder."""
    import pwd

    return Path(pwd.getpwnam(name).pw_dir)


def tmpfs_problem() -> str:
    """Why a small tmpfs cannot be mounted here ("" when it can): the exchange sits on one."""
    probe = Path(tempfile.mkdtemp(prefix="venous-tmpfs-"))
    try:
        proc = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            return (
                "mounting a small tmpfs failed (the exchange's full-disk test needs "
                f"CAP_SYS_ADMIN): {proc.stderr.strip()}"
            )
        run(["umount", str(probe)])
        return ""
    finally:
        probe.rmdir()


def start_course_hub(services: Services, student_roles: list[str], exchange_mb: int) -> Hub:
    """Accounts, PostgreSQL, the exchange (on a tmpfs of ``exchange_mb`` MB) and the hub.

    The exchange is made by ``make-exchange.sh``; the instructor's course folder holds quiz 1;
    the hub runs ``jupyterhub_config.py`` unchanged. Nobody is logged in yet.
    """
    base = services.base
    homes = base / "home"
    homes.mkdir(mode=0o755)
    instructor = services.add_user("ins", homes)
    students = [services.add_user(role, homes) for role in student_roles]
    gradebook_url = services.start_postgres()
    deploy, env = stage_install(base / "opt")

    exchange = base / "exchange"
    exchange.mkdir()
    run(["mount", "-t", "tmpfs", "-o", f"size={exchange_mb}m,mode=0755", "tmpfs", str(exchange)])
    services.on_close("the exchange's tmpfs", lambda: run(["umount", "--lazy", str(exchange)]))
    run([str(DEPLOY / "jupyterhub" / "make-exchange.sh"), str(exchange), instructor, COURSE])

    # The instructor's course folder: a copy of the repository's quizzes/ (quiz 1 only).
    course_dir = home(instructor) / COURSE
    (course_dir / "source").mkdir(parents=True)
    shutil.copy(REPO / "quizzes" / "nbgrader_config.py", course_dir)
    shutil.copytree(SOURCE.parent, course_dir / "source" / QUIZ)
    run(["chown", "-R", f"{instructor}:{instructor}", str(course_dir)])

    url = services.start_hub(
        deploy / "jupyterhub" / "jupyterhub_config.py",
        {
            "VENOUS_COURSE_ENV": str(env),
            "VENOUS_INSTRUCTORS": instructor,
            "VENOUS_STUDENTS": ",".join(students),
            "VENOUS_EXCHANGE_ROOT": str(exchange),
            "VENOUS_GRADEBOOK_URL": gradebook_url,
            "VENOUS_COURSE_FOLDER": COURSE,
        },
    )
    return Hub(
        url,
        gradebook_url,
        exchange,
        course_dir,
        HubUser(url, instructor),
        [HubUser(url, name) for name in students],
        services,
        env,
        base / "hub-state",
    )


def instructor_step(hub: Hub, kernel: str, *args: str) -> str:
    """Run one ``python -m venous_course_tools.instructor`` step in the instructor's own server."""
    code = (
        "import subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'venous_course_tools.instructor',"
        f" *{list(args)!r}],"
        " capture_output=True, text=True, timeout=600)\n"
        "print(r.stdout); print(r.stderr)\n"
        "assert r.returncode == 0, f'exit {r.returncode}'\n"
    )
    return hub.instructor.execute(kernel, code, timeout=700)


def instructor_nbgrader(hub: Hub, kernel: str, *args: str) -> str:
    """Run plain ``nbgrader <args>`` in the instructor's server (what formgrader's buttons do)."""
    code = (
        "import subprocess\n"
        f"r = subprocess.run(['nbgrader', *{list(args)!r}], capture_output=True, text=True,"
        " timeout=600)\n"
        "print(r.stdout); print(r.stderr); print('EXIT', r.returncode)\n"
    )
    return hub.instructor.execute(kernel, code, timeout=700)
