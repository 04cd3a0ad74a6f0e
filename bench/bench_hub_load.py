"""A class at once on the real hub: printed, not asserted.

One JupyterHub (``deploy/jupyterhub/jupyterhub_config.py``, PAM logins, each server as its
student's own unix account), configurable-http-proxy and a PostgreSQL gradebook on 127.0.0.1,
started the way ``tests/test_jupyterhub.py`` starts them (``tests/hub_fixtures.py``). Every
simulated student (an asyncio task, ``tests/hub_load.py``) logs in through the login form,
starts a server, fetches quiz 1, writes a mark into it, submits it and, after the instructor's
round (collect, autograde, feedback, return in the instructor's own server), fetches feedback
and checks it is their own. At most ``BENCH_HUB_AT_ONCE`` (10) log in and start at once.

Baseline, in the same run: one student alone (nobody else starting). Then the class
(``BENCH_HUB_STUDENTS``, 60). Prints p50 and p95 per step and their ratio to the lone student,
the memory (USS) of each student's server and of the hub and proxy, submissions lost (each must
be collected, graded exactly once and returned to its owner), and a projection for 300
students from the measured figures. Needs root, PostgreSQL and the proxy (as the hub test).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STUDENTS = int(os.environ.get("BENCH_HUB_STUDENTS", "60"))
AT_ONCE = int(os.environ.get("BENCH_HUB_AT_ONCE", "10"))
PROJECTED = 300
TIME_LIMIT_S = 1800


def _fixtures():
    """The hub test's own helpers (tests/ is not a package of the course)."""
    sys.path.insert(0, str(REPO / "tests"))
    import hub_fixtures
    import hub_load

    return hub_fixtures, hub_load


def projection(solo, klass, students: int, projected: int) -> dict[str, float]:
    """Memory and start-up time for ``projected`` students, scaled from the measured class.

    Memory: the hub's and the proxy's measured memory plus their growth per student between
    the lone student and the class, plus one median server per student. Time: the class's
    start phase (first login to last submit) scaled linearly with the number of students, as
    when the CPU is the limit (it is, on 2 cores: every server start costs CPU seconds).
    """
    import statistics

    server = statistics.median(klass.server_mib)
    per_student_hub = max(0.0, (klass.hub_mib + klass.proxy_mib - solo.hub_mib - solo.proxy_mib))
    per_student_hub /= max(1, students - 1)
    hub_mib = klass.hub_mib + klass.proxy_mib + per_student_hub * (projected - students)
    return {
        "memory_gib": (hub_mib + server * projected) / 1024,
        "hub_and_proxy_mib": hub_mib,
        "start_phase_min": klass.start_phase_seconds * projected / students / 60,
    }


def main() -> dict[str, object]:
    """Run the lone student and the class; print and return the figures."""
    hub_fixtures, hub_load = _fixtures()
    missing = hub_fixtures.missing_prerequisites()
    if missing:
        raise RuntimeError("the hub load benchmark needs: " + "; ".join(missing))
    base = Path(tempfile.mkdtemp(prefix="bench-hub-load-"))
    base.chmod(0o755)
    services = hub_fixtures.Services(base)
    try:
        roles = ["solo", *[f"l{i:03d}" for i in range(STUDENTS)]]
        hub = hub_fixtures.start_course_hub(services, roles, exchange_mb=256)
        teacher = hub.instructor
        teacher.login(services.users[teacher.name])
        teacher.start_server()
        teacher.wait_ready()
        hub_fixtures.instructor_step(hub, teacher.start_kernel(), "release", hub_fixtures.QUIZ)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        solo = hub_load.run_class(hub, hub.students[:1], at_once=1, time_limit=TIME_LIMIT_S)
        print("one student alone:", hub_load.as_json(solo))
        klass = hub_load.run_class(hub, hub.students[1:], AT_ONCE, time_limit=TIME_LIMIT_S)
        print(f"{STUDENTS} students, {AT_ONCE} starting at once:", hub_load.as_json(klass))
    finally:
        problems = services.close()
        shutil.rmtree(base, ignore_errors=True)
        if problems:
            print("Could not stop everything: " + "; ".join(problems))
    rows = []
    for step in hub_load.STEPS:
        alone = hub_load.percentile(solo.seconds[step], 50)
        p50 = hub_load.percentile(klass.seconds[step], 50)
        p95 = hub_load.percentile(klass.seconds[step], 95)
        rows.append([step, round(alone, 2), round(p50, 2), round(p95, 2), round(p95 / alone, 1)])
        print(f"{step:15} alone {alone:6.2f} s   class p50 {p50:6.2f} s   p95 {p95:6.2f} s")
    guess = projection(solo, klass, STUDENTS, PROJECTED)
    server = sorted(klass.server_mib)
    notes = [
        f"Lost submissions: {klass.lost} of {STUDENTS} (each must be collected, graded exactly "
        f"once and returned to its owner); errors: {klass.errors[:3] or 'none'}.",
        f"Memory (USS) per student server: median {server[len(server) // 2]:.0f} MiB "
        f"(min {server[0]:.0f}, max {server[-1]:.0f}); the hub {klass.hub_mib:.0f} MiB, the "
        f"proxy {klass.proxy_mib:.0f} MiB, with {STUDENTS + 2} servers running.",
        f"Start phase (first login to last submit): {klass.start_phase_seconds:.0f} s; the "
        f"instructor's round (collect, autograde, feedback, return): "
        f"{klass.instructor_seconds:.0f} s.",
        f"Projection for {PROJECTED} students, not a measurement: about "
        f"{guess['memory_gib']:.1f} GiB of memory with every server running (hub and proxy "
        f"{guess['hub_and_proxy_mib']:.0f} MiB) and about {guess['start_phase_min']:.0f} min "
        f"for all to log in, start and submit on this {os.cpu_count()}-core machine, scaled "
        "linearly from the class above (CPU-bound server starts).",
    ]
    for note in notes:
        print(note)
    return {
        "title": f"A class of {STUDENTS} at once on the hub",
        "intro": f"Real JupyterHub, proxy, PostgreSQL and one unix account per student, "
        f"{AT_ONCE} starting at once; each step's p95 is compared with one student alone "
        "in the same run.",
        "tables": [
            {
                "columns": ["step", "alone (s)", "class p50 (s)", "class p95 (s)", "p95 / alone"],
                "rows": rows,
            }
        ],
        "notes": notes,
    }


if __name__ == "__main__":
    main()
