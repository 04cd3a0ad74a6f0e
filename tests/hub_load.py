"""A class at once on the real hub: every student logs in, starts a server, fetches the quiz,
submits it and fetches feedback, with a bounded number starting at once.

Used by ``tests/test_jupyterhub.py`` (a small class, asserting nothing is lost) and by
``bench/bench_hub_load.py`` (60 students, printing the figures). Loopback only: the hub is
the one ``hub_fixtures.start_course_hub`` started on 127.0.0.1. Each student is an asyncio
task with its own HTTP client (httpx); the instructor's round (collect, autograde, feedback,
return) runs once in the middle, in the instructor's own server, as an instructor would.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field

from hub_fixtures import COURSE, QUIZ, Hub, HubUser, home, instructor_step

STEPS = ("log in", "start server", "fetch", "submit", "fetch feedback")


@dataclass
class ClassRun:
    """What a load run measured."""

    students: int
    at_once: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    instructor_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    collected: int = 0
    graded_once: int = 0
    own_feedback: int = 0
    server_mib: list[float] = field(default_factory=list)
    hub_mib: float = 0.0
    proxy_mib: float = 0.0
    start_phase_seconds: float = 0.0  # first login to the last submit
    wall_seconds: float = 0.0

    @property
    def lost(self) -> int:
        """Submissions not collected and graded exactly once, or whose feedback went astray."""
        return self.students - min(self.collected, self.graded_once, self.own_feedback)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _timed(run: ClassRun, step: str, coro):
    start = time.perf_counter()
    result = await coro
    run.seconds[step].append(time.perf_counter() - start)
    return result


async def _login(client, hub: str, name: str, password: str) -> str:
    """The hub's login form (PAM), then an API token for this student."""
    await client.get(f"{hub}/hub/login")
    xsrf = client.cookies.get("_xsrf", path="/hub/")
    r = await client.post(
        f"{hub}/hub/login", data={"username": name, "password": password, "_xsrf": xsrf}
    )
    if r.status_code != 302:
        raise RuntimeError(f"login of {name} failed: {r.status_code}")
    xsrf = client.cookies.get("_xsrf", path="/hub/")
    r = await client.post(
        f"{hub}/hub/api/users/{name}/tokens",
        json={"note": "load run", "expires_in": 3600},
        headers={"X-XSRFToken": xsrf},
    )
    r.raise_for_status()
    return r.json()["token"]


async def _start(client, hub: str, name: str, auth: dict[str, str], limit: float) -> None:
    r = await client.post(f"{hub}/hub/api/users/{name}/server", headers=auth)
    if r.status_code not in (201, 202):
        raise RuntimeError(f"starting {name}'s server: {r.status_code} {r.text[:200]}")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        r = await client.get(f"{hub}/hub/api/users/{name}", headers=auth)
        r.raise_for_status()
        server = r.json().get("servers", {}).get("")
        if server and server.get("ready"):
            return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"{name}'s server was not ready within {limit:.0f} s")


async def _assignments(client, server: str, auth: dict[str, str], action: str) -> None:
    r = await client.post(
        f"{server}assignments/{action}",
        data={"course_id": COURSE, "assignment_id": QUIZ},
        headers=auth,
    )
    r.raise_for_status()
    result = r.json()
    if not result.get("success"):
        raise RuntimeError(f"{action} failed: {str(result.get('value'))[-300:]}")


async def _answer(client, server: str, auth: dict[str, str], mark: str) -> None:
    """Write the student's mark into the teach-back and save (the contents API, as the lab)."""
    path = f"{server}api/contents/{QUIZ}/{QUIZ}.ipynb"
    r = await client.get(path, params={"content": 1}, headers=auth)
    r.raise_for_status()
    nb = r.json()["content"]
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "markdown":
            cell["source"] = f"Teach-back: {mark}"
    r = await client.put(
        path, json={"type": "notebook", "format": "json", "content": nb}, headers=auth
    )
    r.raise_for_status()


async def _feedback_is_own(client, server: str, auth: dict[str, str], mark: str) -> bool:
    """True when exactly one feedback page was fetched and it carries this student's mark."""
    pages = []
    r = await client.get(f"{server}api/contents/{QUIZ}/feedback", headers=auth)
    r.raise_for_status()
    for stamp in r.json()["content"]:
        inner = await client.get(f"{server}api/contents/{stamp['path']}", headers=auth)
        for item in inner.json()["content"]:
            if item["name"].endswith(".html"):
                f = await client.get(
                    f"{server}api/contents/{item['path']}", params={"format": "text"}, headers=auth
                )
                pages.append(f.json()["content"])
    return len(pages) == 1 and mark in pages[0]


def _mark(name: str) -> str:
    return f"LOAD-MARK-{name}"


async def _student_first_half(
    run: ClassRun, hub: str, name: str, password: str, gate: asyncio.Semaphore, limit: float
):
    import httpx

    client = httpx.AsyncClient(timeout=limit)
    async with gate:  # a bounded number log in and start at once
        token = await _timed(run, "log in", _login(client, hub, name, password))
        auth = {"Authorization": f"token {token}"}
        await _timed(run, "start server", _start(client, hub, name, auth, limit))
    server = f"{hub}/user/{name}/"
    await _timed(run, "fetch", _assignments(client, server, auth, "fetch"))
    await _answer(client, server, auth, _mark(name))
    await _timed(run, "submit", _assignments(client, server, auth, "submit"))
    return client, server, auth


def _memory(hub: Hub, run: ClassRun, names: list[str]) -> None:
    """Unique memory (USS) of each student's processes, and of the hub and the proxy."""
    import pwd

    import psutil

    uids = {pwd.getpwnam(n).pw_uid for n in names}
    per_uid: dict[int, float] = dict.fromkeys(uids, 0.0)
    for proc in psutil.process_iter(["uids", "cmdline"]):
        try:
            uid = proc.info["uids"].real if proc.info["uids"] else None
            cmd = " ".join(proc.info["cmdline"] or [])
            if uid in per_uid:
                per_uid[uid] += proc.memory_full_info().uss / 2**20
            elif uid == 0 and "jupyterhub_config.py" in cmd and str(hub.env) not in cmd:
                run.hub_mib += proc.memory_full_info().uss / 2**20
            elif "configurable-http-proxy" in cmd and str(hub.services.base) in cmd:
                run.proxy_mib += proc.memory_full_info().uss / 2**20
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    run.server_mib = sorted(per_uid.values())


def _count_collected(hub: Hub, run: ClassRun, names: list[str]) -> None:
    """Every student's own work collected, and graded exactly once, in PostgreSQL."""
    from nbgrader.api import Gradebook

    for name in names:
        path = hub.course_dir / "submitted" / name / QUIZ / f"{QUIZ}.ipynb"
        if path.exists() and _mark(name) in path.read_text(encoding="utf-8"):
            run.collected += 1
    import csv

    report = hub.course_dir / "reports" / f"{QUIZ}-autograde.csv"
    with report.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["student_id"] in names]
    in_report = {n: [r for r in rows if r["student_id"] == n] for n in names}
    with Gradebook(hub.gradebook_url) as gb:
        for name in names:
            subs = [s for s in gb.find_student(name).submissions if s.assignment.name == QUIZ]
            graded = len(subs) == 1 and subs[0].score is not None
            reported = len(in_report[name]) == 1 and in_report[name][0]["status"] != "failed"
            run.graded_once += graded and reported


def _roster(hub: Hub, names: list[str]) -> None:
    """Add the class to the instructor's roster (kept in the private course folder)."""
    import shutil

    roster = hub.course_dir / "roster.csv"
    old = roster.read_text(encoding="utf-8").splitlines()[1:] if roster.exists() else []
    rows = [*old, *(f"{n},Load,Student{i:03d}," for i, n in enumerate(names))]
    roster.write_text("id,first_name,last_name,email\n" + "\n".join(rows) + "\n")
    shutil.chown(roster, hub.instructor.name, hub.instructor.name)


async def _run_class(
    hub: Hub, students: list[HubUser], at_once: int, limit: float, kernel: str
) -> ClassRun:
    run = ClassRun(len(students), at_once)
    gate = asyncio.Semaphore(at_once)
    passwords = hub.services.users
    started = time.perf_counter()
    first = await asyncio.gather(
        *(
            _student_first_half(run, hub.url, s.name, passwords[s.name], gate, limit)
            for s in students
        ),
        return_exceptions=True,
    )
    run.start_phase_seconds = time.perf_counter() - started
    ready = []
    for student, result in zip(students, first, strict=True):
        if isinstance(result, BaseException):
            run.errors.append(f"{student.name}: {type(result).__name__}: {result}")
        else:
            ready.append((student, *result))
    _memory(hub, run, [s.name for s in students])

    t = time.perf_counter()
    await asyncio.to_thread(_instructor_round, hub, kernel)
    run.instructor_seconds = time.perf_counter() - t

    async def feedback(student, client, server, auth) -> bool:
        await _timed(run, "fetch feedback", _assignments(client, server, auth, "fetch_feedback"))
        return await _feedback_is_own(client, server, auth, _mark(student.name))

    got = await asyncio.gather(*(feedback(*r) for r in ready), return_exceptions=True)
    for (student, client, *_), result in zip(ready, got, strict=True):
        if isinstance(result, BaseException):
            run.errors.append(f"{student.name} feedback: {type(result).__name__}: {result}")
        elif result:
            run.own_feedback += 1
        await client.aclose()
    run.wall_seconds = time.perf_counter() - started
    _count_collected(hub, run, [s.name for s in students])
    return run


def _instructor_round(hub: Hub, kernel: str) -> None:
    for step in ("students", "collect", "autograde", "feedback", "return"):
        instructor_step(hub, kernel, step, *([] if step == "students" else [QUIZ]))


def run_class(hub: Hub, students: list[HubUser], at_once: int, time_limit: float = 900) -> ClassRun:
    """Run the whole class (the quiz must be released); fail after ``time_limit`` seconds."""
    names = [s.name for s in students]
    for name in names:
        home(name)  # each one is a real account
    _roster(hub, names)
    kernel = hub.instructor.start_kernel()
    return asyncio.run(
        asyncio.wait_for(_run_class(hub, students, at_once, time_limit, kernel), time_limit)
    )


def summary(run: ClassRun) -> dict[str, object]:
    """The figures of a run, as the benchmark records them (seconds and MiB)."""
    per_step = {
        step: {
            "p50": round(percentile(v, 50), 2),
            "p95": round(percentile(v, 95), 2),
            "n": len(v),
        }
        for step, v in run.seconds.items()
    }
    server = statistics.median(run.server_mib) if run.server_mib else float("nan")
    return {
        "students": run.students,
        "at_once": run.at_once,
        "steps": per_step,
        "instructor_round_s": round(run.instructor_seconds, 1),
        "server_mib_median": round(server, 1),
        "hub_mib": round(run.hub_mib, 1),
        "proxy_mib": round(run.proxy_mib, 1),
        "start_phase_s": round(run.start_phase_seconds, 1),
        "lost": run.lost,
        "errors": run.errors[:5],
        "wall_s": round(run.wall_seconds, 1),
    }


def as_json(run: ClassRun) -> str:
    return json.dumps(summary(run), indent=1)
