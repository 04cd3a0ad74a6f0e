"""Each instructor step as a thin wrapper over the real ``nbgrader`` command.

Every nbgrader call runs as a subprocess in the course folder with the virtualenv's ``bin/``
on PATH (nbgrader shells out to ``alembic`` when it creates a gradebook).
"""

from __future__ import annotations

import csv
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from venous_course_tools.paths import REPO

from . import precheck
from .report import (
    FAILED,
    NEEDS_MANUAL,
    RunResult,
    SubmissionStatus,
    classify,
    read_report,
    write_report,
)
from .worker import RESULT_PREFIX

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
ROSTER_FIELDS = ["id", "first_name", "last_name", "email"]
#: Strings that must never appear in a release or in a feedback file.
RELEASE_FORBIDDEN = ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "BEGIN RUBRIC", "RATIONALE:")
#: Markers the feedback sanitizer removes from every cell, whoever wrote them.
FEEDBACK_FORBIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "# RATIONALE:", "BEGIN RUBRIC")


class WorkflowError(RuntimeError):
    """A step could not be completed; the message says what to do."""


def default_course_dir() -> Path:
    """The course root: $VENOUS_COURSE_DIR, else ``quizzes/`` of this checkout, else the cwd."""
    env = os.environ.get("VENOUS_COURSE_DIR")
    if env:
        return Path(env).resolve()
    repo = REPO / "quizzes"
    if (repo / "nbgrader_config.py").exists():
        return repo
    return Path.cwd()


def nbgrader_env() -> dict[str, str]:
    """The environment for nbgrader: the interpreter's bin/ first on PATH (for alembic)."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _kill_tree(pid: int) -> None:
    """Kill a process and every descendant (kernels run in their own session)."""
    try:
        import psutil

        try:
            parent = psutil.Process(pid)
            procs = parent.children(recursive=True) + [parent]
        except psutil.NoSuchProcess:
            return
        for proc in procs:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(procs, timeout=10)
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_nbgrader(
    args: Sequence[str], course: Path, timeout: float | None = None, check: bool = True
) -> RunResult:
    """Run ``nbgrader <args>`` in ``course``; kill it and its kernels after ``timeout`` s."""
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.Popen(
        cmd,
        cwd=course,
        env=nbgrader_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
        result = RunResult(proc.returncode, False, out or "", timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(proc.pid)
        out, _ = proc.communicate()
        result = RunResult(None, True, out or "", timeout)
    if check and result.returncode != 0:
        raise WorkflowError(
            f"'nbgrader {' '.join(args)}' failed (exit {result.returncode}):\n{result.log[-3000:]}"
        )
    return result


# ---------------------------------------------------------------------------- students


def read_roster(path: Path) -> list[dict[str, str]]:
    """Read and check a roster CSV with the columns id,first_name,last_name,email."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [f for f in ROSTER_FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise WorkflowError(
                f"The roster {path} needs the columns {', '.join(ROSTER_FIELDS)}; "
                f"missing: {', '.join(missing)}."
            )
        rows = [{k: (r.get(k) or "").strip() for k in ROSTER_FIELDS} for r in reader]
    seen: set[str] = set()
    for row in rows:
        sid = row["id"]
        if not STUDENT_ID.match(sid):
            raise WorkflowError(
                f"Student id {sid!r} in {path} must be letters, digits, '.', '_' "
                "or '-' (no spaces, '*' or '+')."
            )
        if sid in seen:
            raise WorkflowError(f"Student id {sid!r} appears twice in {path}.")
        seen.add(sid)
    return rows


def add_students(course: Path, roster: Path) -> int:
    """Import the roster into the gradebook (``nbgrader db student import``)."""
    rows = read_roster(roster)
    run_nbgrader(["db", "student", "import", str(roster.resolve())], course)
    return len(rows)


# ---------------------------------------------------------------------------- release


def scan_for(paths: Sequence[Path], forbidden: Sequence[str]) -> list[str]:
    """Return 'file: marker' for every forbidden marker found in the given files."""
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path}: {marker}" for marker in forbidden if marker in text]
    return found


def release(course: Path, quiz: str, to_exchange: bool = True) -> Path:
    """Generate the student version of a quiz, check it for leaks, and release it."""
    if not (course / "source" / quiz).is_dir():
        raise WorkflowError(f"There is no quiz {quiz!r} in {course / 'source'}.")
    run_nbgrader(["generate_assignment", quiz, "--force"], course)
    out = course / "release" / quiz
    leaks = scan_for(sorted(out.rglob("*.ipynb")), RELEASE_FORBIDDEN)
    if leaks:
        raise WorkflowError(
            "The release would leak answers; nothing was released:\n" + "\n".join(leaks)
        )
    if to_exchange:
        run_nbgrader(["release_assignment", quiz, "--force"], course)
    return out


def collect(course: Path, quiz: str) -> None:
    """Collect submissions from the exchange (``nbgrader collect --update``)."""
    run_nbgrader(["collect", quiz, "--update"], course)


# ---------------------------------------------------------------------------- autograde


def _submitted_students(course: Path, quiz: str) -> list[str]:
    base = course / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.parent.name for p in base.glob(f"*/{quiz}") if p.is_dir())


def _needs_manual(course: Path, quiz: str, student: str) -> bool | None:
    from nbgrader.api import Gradebook, MissingEntry

    url = _db_url(course)
    try:
        with Gradebook(url) as gb:
            return bool(gb.find_submission(quiz, student).needs_manual_grade)
    except MissingEntry:
        return None


def _db_url(course: Path) -> str:
    return os.environ.get("VENOUS_GRADEBOOK_URL", "sqlite:///" + str(course / "gradebook.db"))


def report_paths(course: Path, quiz: str) -> tuple[Path, Path]:
    """Where the autograde report of a quiz is written (CSV and markdown)."""
    folder = course / "reports"
    return folder / f"{quiz}-autograde.csv", folder / f"{quiz}-autograde.md"


def default_workers() -> int:
    """One worker more than cores: a kernel start spends part of its time waiting, not computing
    (measured in bench/bench_autograde.py: 3 workers on 2 cores beat 2)."""
    return (os.cpu_count() or 1) + 1


class _Worker:
    """One long-lived autograde worker process (see :mod:`.worker`)."""

    START_TIMEOUT_S = 180.0

    def __init__(self, course: Path, quiz: str, cell_timeout: int) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "venous_course_tools.instructor.worker",
                str(course),
                quiz,
                str(cell_timeout),
            ],
            cwd=course,
            env=nbgrader_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # its kernels die with it when we kill the group
        )
        self.replies: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self._next(self.START_TIMEOUT_S)
        if not ready or not ready.get("ready"):
            self.close()
            raise WorkflowError(
                "An autograde worker could not start nbgrader: check the course config."
            )

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(RESULT_PREFIX):
                self.replies.put(json.loads(line[len(RESULT_PREFIX) :]))
        self.replies.put(None)  # the worker exited

    def _next(self, timeout: float) -> dict | None:
        try:
            return self.replies.get(timeout=timeout)
        except queue.Empty:
            return {"timed_out": True}

    def grade(self, student: str, timeout: float) -> RunResult:
        """Ask the worker to grade one submission; a worker that overruns is killed."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(student + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return RunResult(1, False, "error: the autograde worker process had exited")
        reply = self._next(timeout)
        if reply is None:
            return RunResult(1, False, "error: the autograde worker process exited unexpectedly")
        if reply.get("timed_out"):
            self.close()
            return RunResult(None, True, "", timeout)
        return RunResult(0 if reply.get("success") else 1, False, reply.get("log", ""))

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        """Stop the worker and every kernel it started."""
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        _kill_tree(self.proc.pid)


def autograde(
    course: Path,
    quiz: str,
    workers: int | None = None,
    students: Sequence[str] | None = None,
    cell_timeout: int | None = None,
    submission_timeout: float | None = None,
    progress: Callable[[str], None] = print,
) -> list[SubmissionStatus]:
    """Autograde every submission of a quiz with ``workers`` long-lived nbgrader workers.

    Each worker process grades one submission at a time from a shared queue, so the workers
    always hold disjoint students. Every submission is pre-checked first; one that overruns
    ``submission_timeout`` gets its worker killed (with its kernels) and replaced, so a broken
    or hostile submission never stops the batch. Writes the report under ``reports/`` and
    returns the statuses of this run.
    """
    workers = max(1, workers or default_workers())
    cell_timeout = cell_timeout or int(os.environ.get("VENOUS_CELL_TIMEOUT", "30"))
    submission_timeout = submission_timeout or max(120.0, 20.0 * cell_timeout)
    chosen = list(students) if students else _submitted_students(course, quiz)
    if not chosen:
        raise WorkflowError(
            f"No submissions of {quiz!r} in {course / 'submitted'}: run collect first."
        )
    if not (course / "release" / quiz).is_dir():
        raise WorkflowError(f"No release of {quiz!r} in {course / 'release'}: run release first.")
    # nbgrader creates the gradebook on first use; do it once here, not racing in every worker.
    if "VENOUS_GRADEBOOK_URL" in os.environ or not (course / "gradebook.db").exists():
        run_nbgrader(["db", "assignment", "list"], course, timeout=300, check=False)
    total, done, failures = len(chosen), 0, 0
    lock = threading.Lock()
    pending = list(chosen)
    results: list[SubmissionStatus] = []
    progress(f"Autograding {total} submission(s) of {quiz} with {workers} worker(s)...")

    def grade_one(worker: _Worker | None, student: str) -> tuple[SubmissionStatus, _Worker | None]:
        issues = precheck.check_submission(
            course / "release" / quiz, course / "submitted" / student / quiz
        )
        if any(i.fatal for i in issues):
            return classify(student, issues, None), worker
        if worker is None or not worker.alive:
            worker = _Worker(course, quiz, cell_timeout)
        run = worker.grade(student, submission_timeout)
        if run.returncode == 0 and not (course / "autograded" / student / quiz).is_dir():
            run.returncode = 1
            run.log += "\nerror: nbgrader wrote no autograded notebook"
        if run.timed_out or (run.returncode not in (0, None) and not worker.alive):
            worker = None
        needs = _needs_manual(course, quiz, student) if run.returncode == 0 else None
        return classify(student, issues, run, needs), worker

    def slot() -> None:
        nonlocal done, failures
        worker: _Worker | None = None
        try:
            while True:
                with lock:
                    if not pending:
                        return
                    student = pending.pop(0)
                start = time.monotonic()
                try:
                    status, worker = grade_one(worker, student)
                except Exception as exc:  # never let one submission stop the batch
                    status = SubmissionStatus(student, FAILED, f"internal error: {exc}")
                    if worker is not None:
                        worker.close()
                    worker = None
                with lock:
                    done += 1
                    failures += status.status == FAILED
                    results.append(status)
                    progress(
                        f"[{done}/{total}] {student}: {status.label} "
                        f"({time.monotonic() - start:.0f} s; failed so far: {failures})"
                    )
        finally:
            if worker is not None:
                worker.close()

    threads = [threading.Thread(target=slot) for _ in range(min(workers, total))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    csv_path, md_path = report_paths(course, quiz)
    merged = write_report(results, csv_path, md_path, f"Autograde report: {quiz}")
    attention = [r for r in merged if r.status != "graded"]
    progress(f"Report: {csv_path} and {md_path}")
    for row in attention:
        progress(
            f"  {row.student_id}: {row.label}" + (f" [{'; '.join(row.notes)}]" if row.notes else "")
        )
    return sorted(results, key=lambda r: r.student_id)


# ---------------------------------------------------------------------------- feedback


def secret_lines(course: Path, quiz: str) -> list[str]:
    """Lines of the hidden tests and rubrics of a quiz's source that no student may see.

    Short lines (under 12 characters) and lines that also appear in the release are left
    out: they carry no key.
    """
    import nbformat

    from .preprocessors import BEGIN_HIDDEN, BEGIN_RUBRIC, END_HIDDEN, END_RUBRIC, cut_region

    released: set[str] = set()
    for path in (course / "release" / quiz).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            released |= {ln.strip() for ln in cell.source.split("\n")}
    secrets: list[str] = []
    for path in sorted((course / "source" / quiz).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for begin, end in ((BEGIN_HIDDEN, END_HIDDEN), (BEGIN_RUBRIC, END_RUBRIC)):
                _, inside = cut_region(cell.source, begin, end)
                secrets += [
                    ln.strip()
                    for ln in inside
                    if len(ln.strip()) >= 12 and not ln.strip().startswith("# RATIONALE")
                ]
    return [ln for ln in secrets if ln not in released]


def feedback_leaks(course: Path, quiz: str, files: Sequence[Path]) -> list[str]:
    """Every marker or hidden-test/rubric line found in the given feedback files."""
    import html

    secrets = secret_lines(course, quiz)
    found = scan_for(files, FEEDBACK_FORBIDDEN)
    for path in files:
        page = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
        found += [f"{path}: {line[:60]}" for line in secrets if line in page]
    return found


def feedback(course: Path, quiz: str) -> list[Path]:
    """Generate feedback and refuse to go on if any file would leak a key or hidden test."""
    run_nbgrader(["generate_feedback", quiz, "--force"], course)
    files = sorted((course / "feedback").glob(f"*/{quiz}/*.html"))
    leaks = feedback_leaks(course, quiz, files)
    if leaks:
        raise WorkflowError(
            "Feedback would leak hidden tests or keys; do not return it:\n" + "\n".join(leaks)
        )
    return files


def return_feedback(course: Path, quiz: str) -> None:
    """Check the feedback again, then put it in the exchange (``nbgrader release_feedback``)."""
    files = sorted((course / "feedback").glob(f"*/{quiz}/*.html"))
    if not files:
        raise WorkflowError(f"No feedback for {quiz!r} yet: run the feedback step first.")
    leaks = feedback_leaks(course, quiz, files)
    if leaks:
        raise WorkflowError("Feedback would leak hidden tests or keys:\n" + "\n".join(leaks))
    run_nbgrader(["release_feedback", quiz], course)


# ---------------------------------------------------------------------------- export

LMS_FIELDS = ["student_id", "score", "max_score", "status", "notes"]


def export(course: Path, quiz: str | None = None) -> list[Path]:
    """Write nbgrader's CSV and one LMS CSV per quiz under ``grades/``; return the paths."""
    from nbgrader.api import Gradebook, MissingEntry

    out = course / "grades"
    out.mkdir(exist_ok=True)
    nbgrader_csv = out / "nbgrader-grades.csv"
    run_nbgrader(["export", "--to", str(nbgrader_csv)], course)
    written = [nbgrader_csv]
    with Gradebook(_db_url(course)) as gb:
        quizzes = [quiz] if quiz else [a.name for a in gb.assignments]
        for name in quizzes:
            report = read_report(report_paths(course, name)[0])
            assignment = gb.find_assignment(name)
            path = out / f"{name}-lms.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=LMS_FIELDS)
                writer.writeheader()
                for student in sorted(gb.students, key=lambda s: s.id):
                    row = report.get(student.id)
                    notes = "; ".join(row.notes) if row else ""
                    try:
                        sub = gb.find_submission(name, student.id)
                    except MissingEntry:
                        sub = None
                    if row and row.status == FAILED:
                        score, status = "", row.label
                    elif sub is None:
                        score, status = "", "failed: no submission"
                    elif row and row.status == NEEDS_MANUAL and row.reason:
                        score, status = f"{sub.score:g}", row.label  # flagged for review
                    elif sub.needs_manual_grade:
                        score, status = f"{sub.score:g}", NEEDS_MANUAL
                    else:
                        score, status = f"{sub.score:g}", "graded"
                    writer.writerow(
                        {
                            "student_id": student.id,
                            "score": score,
                            "max_score": f"{assignment.max_score:g}",
                            "status": status,
                            "notes": notes,
                        }
                    )
            written.append(path)
    return written
