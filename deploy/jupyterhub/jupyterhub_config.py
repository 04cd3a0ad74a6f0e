"""JupyterHub for the venous course on one machine: real unix users, nbgrader, one exchange.

Run as root (the hub starts each person's server as that person's unix user)::

    VENOUS_INSTRUCTORS=ainstructor VENOUS_STUDENTS_FILE=/srv/venous/students.txt \
    VENOUS_GRADEBOOK_URL=postgresql+psycopg2://venous:SECRET@127.0.0.1/venous_gradebook \
    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Everything below comes from environment variables (all optional except the user lists):

  VENOUS_HUB_URL            public address of the hub (default http://127.0.0.1:8000). Put
                            TLS in front (a reverse proxy) before opening it to a network.
  VENOUS_HUB_INTERNAL_URL   where the hub itself listens for the proxy and the servers
                            (default http://127.0.0.1:8081)
  VENOUS_PROXY_API_URL      configurable-http-proxy's API (default http://127.0.0.1:8001)
  VENOUS_HUB_STATE_DIR      the hub's own database and cookie secret (default /srv/jupyterhub)
  VENOUS_HUB_DB_URL         the hub's own database (default sqlite in VENOUS_HUB_STATE_DIR)
  VENOUS_INSTRUCTORS        comma-separated unix user names: the "instructors" group
  VENOUS_STUDENTS           comma-separated unix user names: the "students" group
  VENOUS_STUDENTS_FILE      or a file with one student user name per line
  VENOUS_HUB_ADMINS         comma-separated hub admins (default: none)
  VENOUS_EXCHANGE_ROOT      nbgrader's shared exchange (default /srv/nbgrader/exchange);
                            prepare it with deploy/jupyterhub/make-exchange.sh
  VENOUS_GRADEBOOK_URL      nbgrader's gradebook, given to instructors' servers only (never to
                            students): postgresql+psycopg2://user:password@host/db. Unset: the
                            SQLite file gradebook.db in the instructor's course folder.
  VENOUS_EXCHANGE_CHECK_OWNER "1" (default): collect refuses a submission filed under another
                            student's name (its folder belongs to someone else); "0" only
                            warns, as nbgrader does
  VENOUS_COURSE_FOLDER      the course folder inside an instructor's home (default venous-course;
                            a copy of this repository's quizzes/ folder)
  VENOUS_COURSE_ENV         the course's Python environment, the one with venous_course,
                            nbgrader and jupyterlab installed (default: the hub's own, sys.prefix)
  VENOUS_PROXY_CMD          configurable-http-proxy (default deploy/node_modules/.bin/..., then
                            PATH)
"""

from __future__ import annotations

import os
import pwd
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEPLOY = HERE.parent
CONFIG_DIRS = HERE / "jupyter-config"

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)


def _names(value: str) -> list[str]:
    """Split a comma- or newline-separated list of user names."""
    return [n.strip() for n in value.replace("\n", ",").split(",") if n.strip()]


def _students() -> list[str]:
    names = _names(os.environ.get("VENOUS_STUDENTS", ""))
    path = os.environ.get("VENOUS_STUDENTS_FILE")
    if path:
        names += _names(Path(path).read_text(encoding="utf-8"))
    return names


INSTRUCTORS = _names(os.environ.get("VENOUS_INSTRUCTORS", ""))
STUDENTS = _students()
both = set(INSTRUCTORS) & set(STUDENTS)
if both:
    raise ValueError(f"These users are listed as instructor and as student: {sorted(both)}.")


def missing_accounts(names: list[str]) -> list[str]:
    """The names that have no unix account on this host (they could never start a server)."""
    missing = []
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            missing.append(name)
    return missing


_missing = missing_accounts(INSTRUCTORS + STUDENTS)
if _missing:
    # One sentence and no traceback: SystemExit stops the hub before anything is written.
    raise SystemExit(
        f"The hub will not start: these users on the course list have no account on this "
        f"host: {', '.join(_missing)}; create each with deploy/jupyterhub/add-user.sh or take "
        "them off VENOUS_STUDENTS, VENOUS_STUDENTS_FILE or VENOUS_INSTRUCTORS."
    )

STATE = Path(os.environ.get("VENOUS_HUB_STATE_DIR", "/srv/jupyterhub"))
COURSE_ENV = Path(os.environ.get("VENOUS_COURSE_ENV", sys.prefix))
EXCHANGE_ROOT = os.environ.get("VENOUS_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
COURSE_FOLDER = os.environ.get("VENOUS_COURSE_FOLDER", "venous-course")
GRADEBOOK_URL = os.environ.get("VENOUS_GRADEBOOK_URL", "")

# ------------------------------------------------------------------ network and state
c.JupyterHub.bind_url = os.environ.get("VENOUS_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_bind_url = os.environ.get("VENOUS_HUB_INTERNAL_URL", "http://127.0.0.1:8081")
c.ConfigurableHTTPProxy.api_url = os.environ.get("VENOUS_PROXY_API_URL", "http://127.0.0.1:8001")
_local_chp = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [
    os.environ.get("VENOUS_PROXY_CMD")
    or (str(_local_chp) if _local_chp.exists() else None)
    or shutil.which("configurable-http-proxy")
    or "configurable-http-proxy"
]
c.JupyterHub.db_url = os.environ.get(
    "VENOUS_HUB_DB_URL", "sqlite:///" + str(STATE / "jupyterhub.sqlite")
)
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the hub stops the proxy and every single-user server it started.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# ------------------------------------------------------------------ who may log in
# Real unix accounts, checked by PAM: the hub user name is the unix user name, which is the
# nbgrader student id. Create accounts with deploy/jupyterhub/add-user.sh (home mode 0700).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS)
c.Authenticator.admin_users = set(_names(os.environ.get("VENOUS_HUB_ADMINS", "")))
c.JupyterHub.load_groups = {
    "instructors": {"users": INSTRUCTORS},
    "students": {"users": STUDENTS},
}

# ------------------------------------------------------------------ single-user servers
# Each server runs as its unix user (setuid), so file permissions separate the students.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(COURSE_ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Only what is listed here reaches a server: the hub's own environment (and the gradebook
# password in it) does not.
c.Spawner.env_keep = ["LANG", "LC_ALL"]


def course_env_for(username: str, groups: set[str], home: str) -> dict[str, str]:
    """The environment of one user's server: course tools on PATH, nbgrader's settings."""
    env = {
        "PATH": os.pathsep.join([str(COURSE_ENV / "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "VENOUS_EXCHANGE_ROOT": EXCHANGE_ROOT,
        "VENOUS_EXCHANGE_CHECK_OWNER": os.environ.get("VENOUS_EXCHANGE_CHECK_OWNER", "1"),
        "JUPYTER_CONFIG_PATH": str(CONFIG_DIRS / "common"),
    }
    if "instructors" in groups:
        env["VENOUS_COURSE_DIR"] = os.path.join(home, COURSE_FOLDER)
        if GRADEBOOK_URL:
            env["VENOUS_GRADEBOOK_URL"] = GRADEBOOK_URL
    else:
        # Students: no formgrader, no course list, no "create assignment" toolbar.
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            [str(CONFIG_DIRS / "student"), str(CONFIG_DIRS / "common")]
        )
    return env


def pre_spawn_hook(spawner) -> None:
    """Instructors start in their course folder with formgrader; students in their home."""
    username = spawner.user.name
    groups = {g.name for g in spawner.user.groups}
    home = pwd.getpwnam(username).pw_dir
    spawner.environment.update(course_env_for(username, groups, home))
    if "instructors" in groups:
        course = os.path.join(home, COURSE_FOLDER)
        if not os.path.isfile(os.path.join(course, "nbgrader_config.py")):
            raise ValueError(
                f"{username} is an instructor but has no course folder {course} with an "
                "nbgrader_config.py: copy the repository's quizzes/ folder there first."
            )
        spawner.notebook_dir = course
    else:
        spawner.notebook_dir = home


c.Spawner.pre_spawn_hook = pre_spawn_hook
