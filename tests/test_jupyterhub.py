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
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_attacks import attack_as, env_python, listening_port, refused, server_pid, uid_of
from hub_fixtures import (
    COURSE,
    DEPLOY,
    QUIZ,
    REPO,
    SOURCE,
    Hub,
    HubUser,
    Services,
    home,
    instructor_nbgrader,
    instructor_step,
    missing_prerequisites,
    services_required,
    start_course_hub,
)

#: Students of the small class the load test runs through the hub (the benchmark runs 60).
LOAD_STUDENTS = int(os.environ.get("VENOUS_HUB_LOAD_STUDENTS", "10"))
LOAD_AT_ONCE = 5


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
        load = [f"l{i:02d}" for i in range(LOAD_STUDENTS)]
        # A small exchange (tmpfs), so the full-disk test can fill it for real.
        hub = start_course_hub(services, ["sa", "sb", "sc", *load], exchange_mb=48)
        people = [hub.instructor, *hub.students[:3]]
        for person in people:
            person.login(services.users[person.name])
            person.start_server()
        for person in people:
            person.wait_ready()
        yield hub
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
    alice, bob = hub.students[:2]
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
    roster = hub.course_dir / "roster.csv"  # where the course command looks for it
    roster.write_text(
        "id,first_name,last_name,email\n"
        + "".join(f"{s.name},Test,Student,\n" for s in (alice, bob))
    )
    shutil.chown(roster, teacher.name, teacher.name)
    instructor_step(hub, tk, "students")
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
    # As her own unix user, even knowing the random names she would have to guess, she cannot
    # read, copy, rename or add to Bob's submission, touch the release, read the course files,
    # the gradebook, the hub's secrets or the instructor's environment, or log in to PostgreSQL.
    course_x = hub.exchange / COURSE
    (bob_sub,) = [p for p in (course_x / "inbound").glob(f"{bob.name}+{QUIZ}+*")]
    released = course_x / "outbound" / QUIZ
    key_file = hub.course_dir / "source" / QUIZ / SOURCE.name
    gb = re.match(r".*@([\d.]+):(\d+)/", hub.gradebook_url)
    assert gb, hub.gradebook_url
    teacher_pid = server_pid(uid_of(teacher.name))
    seen = attack_as(
        alice.name,
        home(alice.name),
        env_python(hub.env),
        {
            "list inbound": ("list", str(course_x / "inbound"), ""),
            "read Bob's submission": ("read", str(bob_sub / f"{QUIZ}.ipynb"), ""),
            "read Bob's submission secret": ("read", str(bob_sub / "submission_secret.txt"), ""),
            "copy Bob's submission": ("copytree", str(bob_sub), str(home(alice.name) / "loot")),
            "hide Bob's submission": ("rename", str(bob_sub), str(course_x / "inbound" / ".x")),
            "add to Bob's submission": ("create", str(bob_sub / "extra.ipynb"), ""),
            "overwrite the release": ("write", str(released / f"{QUIZ}.ipynb"), ""),
            "delete the release": ("unlink", str(released / f"{QUIZ}.ipynb"), ""),
            "add to the release": ("create", str(released / "extra.ipynb"), ""),
            "replace the release": ("rename", str(released), str(course_x / "outbound" / "x")),
            "remove the release": ("rmtree", str(released), ""),
            "release a quiz": ("create", str(course_x / "outbound" / "quiz-99"), ""),
            "replace the course": ("rename", str(course_x), str(hub.exchange / "x")),
            "list feedback": ("list", str(course_x / "feedback"), ""),
            "list the course source": ("list", str(hub.course_dir / "source"), ""),
            "read the answer key": ("read", str(key_file), ""),
            "read the roster": ("read", str(hub.course_dir / "roster.csv"), ""),
            "read gradebook.db": ("read", str(hub.course_dir / "gradebook.db"), ""),
            "read the hub's secret": ("read", str(hub.state / "jupyterhub_cookie_secret"), ""),
            "read the instructor's environment": ("read", f"/proc/{teacher_pid}/environ", ""),
            "log in to the gradebook": ("postgres", f"{gb[1]}:{gb[2]}", "venous"),
        },
    )
    assert refused(seen) == {}, refused(seen)
    # Through the hub, with the token her own server holds: no admin API, no one else's server.
    teacher_port = listening_port(teacher_pid)
    out = alice.execute(
        ak,
        (
            "import json, os, urllib.request, urllib.error\n"
            "token = os.environ['JUPYTERHUB_API_TOKEN']\n"
            "api = os.environ['JUPYTERHUB_API_URL']\n"
            "def code(url, method='GET'):\n"
            "    req = urllib.request.Request(url, method=method,"
            " headers={'Authorization': 'token ' + token})\n"
            "    try:\n"
            "        return urllib.request.urlopen(req, timeout=30).status\n"
            "    except urllib.error.HTTPError as e:\n"
            "        return e.code\n"
            "print('CODES ' + json.dumps({\n"
            "    'list users': code(api + '/users'),\n"
            f"    'read bob': code(api + '/users/{bob.name}'),\n"
            f"    'start bob': code(api + '/users/{bob.name}/server', 'POST'),\n"
            f"    'stop the instructor': code(api + '/users/{teacher.name}/server', 'DELETE'),\n"
            f"    'make herself admin': code(api + '/users/{alice.name}', 'PATCH'),\n"
            "    'shut the hub down': code(api + '/shutdown', 'POST'),\n"
            f"    'formgrader, straight to the port': code('http://127.0.0.1:{teacher_port}"
            f"/user/{teacher.name}/formgrader'),\n"
            f"    'files, straight to the port': code('http://127.0.0.1:{teacher_port}"
            f"/user/{teacher.name}/api/contents'),\n"
            "}))\n"
        ),
    )
    codes = json.loads(next(x for x in out.splitlines() if x.startswith("CODES "))[6:])
    assert all(c in (302, 403, 404) for c in codes.values()), codes
    assert codes["list users"] == codes["start bob"] == codes["shut the hub down"] == 403
    # She plants a link under Bob's name, pointing at his own home (so it looks like his).
    link = course_x / "inbound" / f"{bob.name}+{QUIZ}+2999-01-01 00:00:00.000000 UTC+x"
    planted = attack_as(
        alice.name,
        home(alice.name),
        env_python(hub.env),
        {"plant a link": ("symlink", str(link), str(home(bob.name)))},
    )
    assert planted == {"plant a link": "allowed"}  # nbgrader's inbound lets anyone add entries
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
        pwd.getpwuid(p.lstat().st_uid).pw_name for p in inbound.glob(f"{bob.name}+{QUIZ}+*")
    )
    # The newest are Alice's: the forged submission and the planted link.
    assert owners == sorted([alice.name, alice.name, bob.name]), owners
    instructor_step(hub, tk, "collect", QUIZ)
    instructor_step(hub, tk, "autograde", QUIZ)
    instructor_step(hub, tk, "feedback", QUIZ)
    instructor_step(hub, tk, "return", QUIZ)

    submitted = hub.course_dir / "submitted"
    for person in (alice, bob):
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
    for person in (alice, bob):
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

    for person in (alice, bob):  # the instructor's server stays for the tests below
        person.stop_server()


def ensure_released(hub: Hub, kernel: str) -> None:
    """Release quiz 1 unless the round above already did (each test can run alone)."""
    if not (hub.exchange / COURSE / "outbound" / QUIZ).is_dir():
        instructor_step(hub, kernel, "release", QUIZ)


def inbound_entries(hub: Hub) -> set[str]:
    """Every name in the exchange's inbound folder, hidden ones included (root can list it)."""
    return set(os.listdir(hub.exchange / COURSE / "inbound"))


def upload(person: HubUser, path: str, data: bytes) -> None:
    """Save a file in the person's home through the contents API (the lab's upload)."""
    import base64

    r = person.put(
        f"api/contents/{path}",
        json={"type": "file", "format": "base64", "content": base64.b64encode(data).decode()},
    )
    r.raise_for_status()


# ------------------------------------------------------------------- bad input on the hub
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_full_exchange_and_a_server_dying_mid_submit_leave_nothing_half_written(
    hub: Hub,
) -> None:
    import psutil

    carol = hub.students[2]
    tk = hub.instructor.start_kernel()
    ensure_released(hub, tk)
    carol.assignments("fetch", COURSE, QUIZ)

    # A link to /dev/zero in her quiz folder would fill the class's exchange: refused.
    quiz_dir = home(carol.name) / QUIZ
    (quiz_dir / "notes.txt").symlink_to("/dev/zero")
    before = inbound_entries(hub)
    result = carol.assignments("submit", COURSE, QUIZ)
    assert not result["success"]
    assert "notes.txt, which is a link or a special file" in result["value"]
    assert inbound_entries(hub) == before
    (quiz_dir / "notes.txt").unlink()

    # The exchange is full: one sentence, nothing of her submission left in it.
    free = shutil.disk_usage(hub.exchange).free
    filler = hub.exchange / "filler.bin"  # what fills it: root's, outside the course
    with filler.open("wb") as fh:
        fh.truncate(0)
        os.posix_fallocate(fh.fileno(), 0, free - 512 * 1024)
    try:
        upload(carol, f"{QUIZ}/photo-of-my-notes.bin", os.urandom(2 * 1024 * 1024))
        result = carol.assignments("submit", COURSE, QUIZ)
        assert not result["success"]
        assert "The course exchange is full, so your quiz was not submitted" in result["value"]
        assert inbound_entries(hub) == before, "a half-written submission was left behind"
    finally:
        filler.unlink()
    (quiz_dir / "photo-of-my-notes.bin").unlink()

    # Her server dies in the middle of a submit: the copy is hidden, never collected, and
    # removed by her next submit. (Many small files make the copy last long enough to catch.)
    many = quiz_dir / "scans"
    many.mkdir()
    for i in range(4000):
        (many / f"page-{i:04d}.txt").write_bytes(b"x" * 512)
    run_cmd = ["chown", "-R", f"{carol.name}:{carol.name}", str(many)]
    subprocess.run(run_cmd, check=True)
    pid = server_pid(uid_of(carol.name))
    import threading

    submit = threading.Thread(
        target=lambda: carol.post(
            "assignments/submit", data={"course_id": COURSE, "assignment_id": QUIZ}
        ),
        daemon=True,
    )
    submit.start()
    partial = None
    for _ in range(20000):  # up to about a minute
        partial = next((n for n in inbound_entries(hub) - before if n.startswith(".partial")), None)
        if partial or not submit.is_alive():
            break
        time.sleep(0.003)
    assert partial, "the submit finished before the test could stop the server mid-copy"
    psutil.Process(pid).kill()
    submit.join(timeout=120)
    left = inbound_entries(hub) - before
    assert left == {partial}, left  # only the hidden partial copy, no submission
    assert not any(n.startswith(f"{carol.name}+") for n in left)
    out = instructor_nbgrader(hub, tk, "collect", QUIZ, "--update")
    assert f"{carol.name} started submitting {QUIZ} but it never finished" in out, out
    assert not (hub.course_dir / "submitted" / carol.name).exists()

    # She starts her server again and submits: it arrives whole, and the leftover is gone.
    shutil.rmtree(many)
    carol.stop_server()  # the hub learns that the server is gone
    carol.wait_stopped()
    carol.start_server()
    carol.wait_ready()
    result = carol.assignments("submit", COURSE, QUIZ)
    assert result["success"], result
    added = inbound_entries(hub) - before
    assert len(added) == 1 and next(iter(added)).startswith(f"{carol.name}+{QUIZ}+"), added
    carol.stop_server()


# ------------------------------------------------------------------- a class at once
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_class_at_once_loses_no_submission(hub: Hub) -> None:
    from hub_load import STEPS, as_json, run_class

    tk = hub.instructor.start_kernel()
    ensure_released(hub, tk)
    students = hub.students[3:]
    assert len(students) == LOAD_STUDENTS
    run = run_class(hub, students, at_once=LOAD_AT_ONCE, time_limit=800)
    print(as_json(run))  # what it measured, for the test log (timings go in bench/)
    assert run.errors == []
    assert run.lost == 0
    assert run.collected == run.graded_once == run.own_feedback == LOAD_STUDENTS
    assert all(len(run.seconds[step]) == LOAD_STUDENTS for step in STEPS)
    assert len(run.server_mib) == LOAD_STUDENTS and min(run.server_mib) > 10  # all running
