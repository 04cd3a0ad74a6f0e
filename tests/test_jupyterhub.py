"""A class on JupyterHub: quiz 1 from release to feedback, with a PostgreSQL gradebook.

Starts a real JupyterHub (deploy/jupyterhub/jupyterhub_config.py, unchanged, with PAM logins
and one unix user per person), configurable-http-proxy and PostgreSQL on 127.0.0.1. An
instructor and two students do the whole nbgrader round through the hub, each with their own
token and server: the students use the Assignments tab's server endpoints, the instructor runs
``python -m venous_course_tools.instructor`` in a kernel of their own server. Along the way one
student tries to read the other's work, to submit in the other's name and to get the other's
feedback, and fails.

Skips when root, PostgreSQL or the proxy are missing; REQUIRE_SERVICES=1 (set by .ci/run)
turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hub_fixtures import (
    DEPLOY,
    REPO,
    HubUser,
    Services,
    missing_prerequisites,
    run,
    services_required,
    stage_install,
)

COURSE = "venous-course"
QUIZ = "quiz-01-understanding"
SOURCE = REPO / "quizzes" / "source" / QUIZ / f"{QUIZ}.ipynb"


@dataclass
class Hub:
    url: str
    gradebook_url: str
    exchange: Path
    course_dir: Path
    instructor: HubUser
    students: list[HubUser]
    services: Services


def home(name: str) -> Path:
    return Path(pwd.getpwnam(name).pw_dir)


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    missing = missing_prerequisites()
    if missing:
        message = "JupyterHub integration test needs: " + "; ".join(missing)
        if services_required():
            pytest.fail(message + " (REQUIRE_SERVICES=1)")
        pytest.skip(message)
    if not SOURCE.exists():
        pytest.fail(f"{SOURCE} is missing: the hub test runs quiz 1.")

    base = Path(tempfile.mkdtemp(prefix="venous-hub-"))
    base.chmod(0o755)  # the users' homes live below it
    services = Services(base)
    try:
        homes = base / "home"
        homes.mkdir(mode=0o755)
        instructor = services.add_user("ins", homes)
        students = [services.add_user("sa", homes), services.add_user("sb", homes)]
        gradebook_url = services.start_postgres()
        deploy, env = stage_install(base / "opt")

        exchange = base / "exchange"
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
        people = [HubUser(url, name) for name in [instructor, *students]]
        for person in people:
            person.login(services.users[person.name])
            person.start_server()
        for person in people:
            person.wait_ready()
        yield Hub(url, gradebook_url, exchange, course_dir, people[0], people[1:], services)
    finally:
        print("---- hub log (tail) ----\n" + services.hub_log())
        problems = services.close()
        shutil.rmtree(base, ignore_errors=True)
        if problems:
            raise RuntimeError("Could not stop everything: " + "; ".join(problems))


# ------------------------------------------------------------------------------- helpers
def solutions() -> dict[str, str]:
    """grade_id of each answer cell -> the instructor's answer text from the source quiz."""
    nb = json.loads(SOURCE.read_text(encoding="utf-8"))
    found = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            src = "".join(cell["source"])
            m = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", src, re.S)
            assert m, f"answer cell {meta['grade_id']} has no solution block"
            found[meta["grade_id"]] = m.group(1)
    return found


def answer(person: HubUser, write: dict[str, str], teachback: str) -> None:
    """Open the fetched quiz through the contents API, fill in answers, save it."""
    path = f"api/contents/{QUIZ}/{QUIZ}.ipynb"
    r = person.get(path, params={"content": 1})
    r.raise_for_status()
    model = r.json()
    nb = model["content"]
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if not meta.get("solution"):
            continue
        if cell["cell_type"] == "code" and meta["grade_id"] in write:
            cell["source"] = write[meta["grade_id"]]
        elif cell["cell_type"] == "markdown":
            cell["source"] = teachback
    r = person.put(path, json={"type": "notebook", "format": "json", "content": nb})
    r.raise_for_status()


def instructor_step(hub: Hub, kernel: str, *args: str) -> str:
    """Run one ``python -m venous_course_tools.instructor`` step in the instructor's own server."""
    code = (
        "import subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'venous_course_tools.instructor',"
        f" *{list(args)!r}],"
        " capture_output=True, text=True, timeout=300)\n"
        "print(r.stdout); print(r.stderr)\n"
        "assert r.returncode == 0, f'exit {r.returncode}'\n"
    )
    return hub.instructor.execute(kernel, code)


PROBE = """
import json, os, subprocess
def probe(path, how):
    try:
        os.listdir(path) if how == "list" else open(path, "rb").read(1)
        return "allowed"
    except PermissionError:
        return "denied"
print("PROBE " + json.dumps({key: probe(p, how) for key, (p, how) in %s.items()}))
"""


def probe(person: HubUser, kernel: str, targets: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Try to list folders / read files as this person, in their own server."""
    out = person.execute(kernel, PROBE % repr(targets))
    line = next(x for x in out.splitlines() if x.startswith("PROBE "))
    return json.loads(line[len("PROBE ") :])


def feedback_html(person: HubUser) -> list[str]:
    """The text of every feedback file the person has fetched (via the contents API)."""
    texts = []
    r = person.get(f"api/contents/{QUIZ}/feedback")
    r.raise_for_status()
    for stamp in r.json()["content"]:
        inner = person.get("api/contents/" + stamp["path"])
        inner.raise_for_status()
        for item in inner.json()["content"]:
            if item["name"].endswith(".html"):
                f = person.get("api/contents/" + item["path"], params={"format": "text"})
                f.raise_for_status()
                texts.append(f.json()["content"])
    return texts


# ------------------------------------------------------------------- configuration (fast)
def load_hub_config(monkeypatch: pytest.MonkeyPatch, **env: str):
    """Load deploy/jupyterhub/jupyterhub_config.py the way JupyterHub does, with ``env``."""
    from traitlets.config.loader import PyFileConfigLoader

    for key in [k for k in os.environ if k.startswith("VENOUS_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = DEPLOY / "jupyterhub" / "jupyterhub_config.py"
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


# Accounts every Debian host has: the configuration checks that each listed user exists.
TEACH, S1, S2 = "daemon", "bin", "sys"


def test_hub_config_gives_the_gradebook_to_instructors_only(monkeypatch) -> None:
    url = "postgresql+psycopg2://venous:secret@db.example/venous_gradebook"
    c = load_hub_config(
        monkeypatch,
        VENOUS_INSTRUCTORS=TEACH,
        VENOUS_STUDENTS=f"{S1}, {S2}",
        VENOUS_GRADEBOOK_URL=url,
        VENOUS_EXCHANGE_ROOT="/srv/x",
    )
    assert c.Authenticator.allowed_users == {TEACH, S1, S2}
    assert c.JupyterHub.load_groups["instructors"]["users"] == [TEACH]
    assert c.JupyterHub.load_groups["students"]["users"] == [S1, S2]
    course_env_for = c.Spawner.pre_spawn_hook.__globals__["course_env_for"]
    teacher = course_env_for(TEACH, {"instructors"}, "/home/teach")
    student = course_env_for(S1, {"students"}, "/home/s1")
    assert teacher["VENOUS_GRADEBOOK_URL"] == url
    assert "VENOUS_GRADEBOOK_URL" not in student
    assert not any("secret" in value for value in student.values())
    assert teacher["VENOUS_COURSE_DIR"] == "/home/teach/venous-course"
    assert student["VENOUS_EXCHANGE_ROOT"] == teacher["VENOUS_EXCHANGE_ROOT"] == "/srv/x"
    student_dirs = student["JUPYTER_CONFIG_PATH"].split(":")
    assert [Path(d).name for d in student_dirs] == ["student", "common"]
    assert all(Path(d).is_dir() for d in student_dirs)
    # The hub's own environment (with the password) is not passed on to any server.
    assert not any(k.startswith("VENOUS_") for k in c.Spawner.env_keep)


def test_hub_config_refuses_a_person_in_both_groups(monkeypatch) -> None:
    with pytest.raises(ValueError, match="instructor and as student"):
        load_hub_config(monkeypatch, VENOUS_INSTRUCTORS="ana", VENOUS_STUDENTS="ana,bo")


def test_hub_refuses_to_start_for_a_listed_user_the_host_lacks(tmp_path) -> None:
    """One sentence naming the user, exit 1, nothing written (no hub database, no secret)."""
    jupyterhub = Path(sys.executable).parent / "jupyterhub"
    if not jupyterhub.exists():
        pytest.skip("jupyterhub is not installed in this environment")
    ghost = "vcghost" + uuid.uuid4().hex[:8]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("VENOUS_")},
        "VENOUS_INSTRUCTORS": TEACH,
        "VENOUS_STUDENTS": f"{S1},{ghost}",
        "VENOUS_HUB_STATE_DIR": str(tmp_path),
    }
    proc = subprocess.run(
        [str(jupyterhub), "-f", str(DEPLOY / "jupyterhub" / "jupyterhub_config.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and ghost in lines[0] and "add-user.sh" in lines[0], proc.stderr
    assert lines[0].split("host: ")[1].split(";")[0] == ghost  # only the missing user
    assert "Traceback" not in proc.stdout + proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_kubernetes_values_match_the_one_machine_settings() -> None:
    import yaml

    values = yaml.safe_load((DEPLOY / "jupyterhub" / "values.yaml").read_text())
    env = values["singleuser"]["extraEnv"]
    hub_config = (DEPLOY / "jupyterhub" / "jupyterhub_config.py").read_text()
    assert f'"VENOUS_EXCHANGE_ROOT", "{env["VENOUS_EXCHANGE_ROOT"]}"' in hub_config
    mount = values["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert mount == env["VENOUS_EXCHANGE_ROOT"]
    for entry in env["JUPYTER_CONFIG_PATH"].split(":"):
        assert (REPO / Path(entry).relative_to("/opt/venous-course")).is_dir(), entry
    override = values["hub"]["config"]["KubeSpawner"]["group_overrides"]["01-instructors"]
    assert override["groups"] == ["instructors"]
    assert "VENOUS_GRADEBOOK_URL" in override["spawner_override"]["environment"]
    assert "VENOUS_GRADEBOOK_URL" not in env
    common = DEPLOY / "jupyterhub" / "jupyter-config" / "common" / "nbgrader_config.py"
    quizzes = REPO / "quizzes" / "nbgrader_config.py"
    for config in [common, quizzes]:
        assert f'c.CourseDirectory.course_id = "{COURSE}"' in config.read_text(), config


# ------------------------------------------------------------------- the class, for real
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_quiz_round_through_jupyterhub_with_postgres_gradebook(hub: Hub) -> None:
    alice, bob = hub.students
    teacher = hub.instructor
    suffix = hub.services.suffix
    mark = {alice.name: f"ALPHA-{suffix}", bob.name: f"BRAVO-{suffix}"}
    forged = f"FORGED-{suffix}"

    # The hub keeps each person to their own server.
    assert alice.get(f"../{bob.name}/api/contents").status_code == 403
    assert bob.get(f"../{teacher.name}/api/contents").status_code == 403
    # Formgrader belongs to instructors only.
    assert teacher.get("formgrader").status_code == 200
    assert alice.get("formgrader").status_code == 404

    # Instructor: roster into the PostgreSQL gradebook, release quiz 1 (after the leak check).
    tk = teacher.start_kernel()
    roster = hub.services.base / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\n"
        + "".join(f"{s.name},Test,Student,\n" for s in hub.students)
    )
    roster.chmod(0o644)
    instructor_step(hub, tk, "students", str(roster))
    instructor_step(hub, tk, "release", QUIZ)

    # Students: list, fetch, answer, submit, all as the Assignments tab does it.
    key = solutions()
    wrong = {"q1-answer": 'q1 = "A"\n'}  # a wrong answer; every other item left as None
    for person, answers in [(alice, key), (bob, wrong)]:
        listed = person.get("assignments", params={"course_id": COURSE})
        listed.raise_for_status()
        assert QUIZ in {a["assignment_id"] for a in listed.json()["value"]}
        person.assignments("fetch", COURSE, QUIZ)
        answer(person, answers, f"Teach-back from {person.name}: {mark[person.name]}")
        result = person.assignments("submit", COURSE, QUIZ)
        assert result["success"], result

    # Alice, in her own server, tries to read Bob's work and the instructor's files...
    ak = alice.start_kernel()
    seen = probe(
        alice,
        ak,
        {
            "bob_home": (str(home(bob.name)), "list"),
            "bob_quiz": (str(home(bob.name) / QUIZ / f"{QUIZ}.ipynb"), "read"),
            "bob_cache": (str(home(bob.name) / ".local/share/jupyter/nbgrader_cache"), "list"),
            "inbound": (str(hub.exchange / COURSE / "inbound"), "list"),
            "instructor_course": (str(hub.course_dir / "source"), "list"),
            "released_quiz": (str(hub.exchange / COURSE / "outbound" / QUIZ), "list"),
        },
    )
    assert seen == {
        "bob_home": "denied",
        "bob_quiz": "denied",
        "bob_cache": "denied",
        "inbound": "denied",
        "instructor_course": "denied",
        "released_quiz": "allowed",
    }
    # ...and then submits in Bob's name (nbgrader's exchange itself lets her).
    answer(alice, {}, f"Teach-back: {forged}")
    out = alice.execute(
        ak,
        (
            "import subprocess\n"
            f"r = subprocess.run(['nbgrader', 'submit', {QUIZ!r}, '--course', {COURSE!r},"
            f" '--student', {bob.name!r}], capture_output=True, text=True)\n"
            "print('EXIT', r.returncode); print(r.stdout, r.stderr)\n"
        ),
    )
    assert "EXIT 0" in out, out

    # Instructor: collect (the forged submission is refused), autograde into PostgreSQL,
    # generate the feedback (checked for leaks) and return it.
    inbound = hub.exchange / COURSE / "inbound"
    owners = sorted(
        pwd.getpwuid(p.stat().st_uid).pw_name for p in inbound.glob(f"{bob.name}+{QUIZ}+*")
    )
    assert owners == sorted([alice.name, bob.name]), owners  # the newest one is Alice's
    instructor_step(hub, tk, "collect", QUIZ)
    instructor_step(hub, tk, "autograde", QUIZ)
    instructor_step(hub, tk, "feedback", QUIZ)
    instructor_step(hub, tk, "return", QUIZ)

    submitted = hub.course_dir / "submitted"
    for person in hub.students:
        text = (submitted / person.name / QUIZ / f"{QUIZ}.ipynb").read_text()
        assert mark[person.name] in text
        assert forged not in text
    assert not (hub.course_dir / "gradebook.db").exists(), "grades went to SQLite, not PostgreSQL"

    from nbgrader.api import Gradebook

    with Gradebook(hub.gradebook_url) as gb:
        a = gb.find_submission(QUIZ, alice.name)
        b = gb.find_submission(QUIZ, bob.name)
        assert a.code_score == a.max_code_score > 0, (a.code_score, a.max_code_score)
        assert b.code_score < a.code_score
        assert {s.id for s in gb.students} == {alice.name, bob.name}

    # Each student fetches feedback and gets only their own.
    for person in hub.students:
        person.assignments("fetch_feedback", COURSE, QUIZ)
    for person, other in [(alice, bob), (bob, alice)]:
        pages = feedback_html(person)
        assert len(pages) == 1, f"{person.name} got {len(pages)} feedback files"
        assert mark[person.name] in pages[0]
        assert mark[other.name] not in pages[0]
    # Alice cannot list the returned feedback, and asking for Bob's gets her nothing of his.
    assert probe(alice, ak, {"feedback": (str(hub.exchange / COURSE / "feedback"), "list")}) == {
        "feedback": "denied"
    }
    alice.execute(
        ak,
        (
            "import subprocess\n"
            f"subprocess.run(['nbgrader', 'fetch_feedback', {QUIZ!r}, '--course', {COURSE!r},"
            f" '--student', {bob.name!r}], capture_output=True, text=True)\n"
        ),
    )
    assert all(mark[bob.name] not in page for page in feedback_html(alice))

    for person in [teacher, *hub.students]:
        person.stop_server()
