"""Each instructor step as a thin wrapper over the real ``nbgrader`` command.

Every nbgrader call runs as a subprocess in the course folder with the virtualenv's ``bin/``
on PATH (nbgrader shells out to ``alembic`` when it creates a gradebook).
"""

from __future__ import annotations

import csv
import functools
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from venous_course_tools.paths import REPO

from . import collect as course_collect
from . import grading, integrity, precheck
from .export import atomic_write, neutralise
from .grading import is_student_id
from .report import (
    FAILED,
    NEEDS_MANUAL,
    SUBMISSION_TIME,
    RunResult,
    SubmissionStatus,
    classify,
    read_report,
    without_hand_graded,
    write_report,
)
from .safetext import has_control, printable

ROSTER_FIELDS = ["id", "first_name", "last_name", "email"]
#: Strings that must never appear in a release or in a feedback file.
RELEASE_FORBIDDEN = ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "BEGIN RUBRIC", "RATIONALE:")
#: Markers that may never appear in what the course writes into a feedback page.
FEEDBACK_FORBIDDEN = (
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "RATIONALE:",
    "BEGIN RUBRIC",
    "END RUBRIC",
    "BEGIN SOLUTION",
    "END SOLUTION",
)


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
    if not path.is_file():
        raise WorkflowError(
            f"There is no roster at {path}: copy quizzes/roster.example.csv to "
            "quizzes/roster.csv (git ignores it), put your students in it "
            "(id,first_name,last_name,email), then run this step again."
        )
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [f for f in ROSTER_FIELDS if f not in (reader.fieldnames or [])]
            if missing:
                raise WorkflowError(
                    f"The roster {path} needs the columns {', '.join(ROSTER_FIELDS)}; "
                    f"missing: {', '.join(missing)}."
                )
            rows = [{k: (r.get(k) or "").strip() for k in ROSTER_FIELDS} for r in reader]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise WorkflowError(
            f"The roster {path} is not a UTF-8 CSV file ({exc.__class__.__name__}): save it "
            "as 'CSV UTF-8' from your spreadsheet and try again."
        ) from None
    if not rows:
        raise WorkflowError(f"The roster {path} has no students in it: add one row per student.")
    seen: set[str] = set()
    for row in rows:
        sid = row["id"]
        if not is_student_id(sid):
            raise WorkflowError(
                f"Student id {printable(sid)!r} in {path} must be letters, digits, '.', '_' "
                "or '-' (no spaces, '*' or '+')."
            )
        bad = [k for k in ROSTER_FIELDS[1:] if has_control(row[k])]
        if bad:
            raise WorkflowError(
                f"The {bad[0].replace('_', ' ')} of student {sid!r} in {path} holds a control "
                "character (a line break, tab or terminal escape): retype it and try again."
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
    # What grading will trust from now on: source/, config, the gradebook's stored cells.
    integrity.record(course, quiz, _db_url(course))
    if to_exchange:
        run_nbgrader(["release_assignment", quiz, "--force"], course)
    return out


def exchange_root(course: Path) -> Path:
    """The exchange folder the course config uses ($VENOUS_EXCHANGE_ROOT or exchange/)."""
    return Path(os.environ.get("VENOUS_EXCHANGE_ROOT") or course / "exchange")


def submitted_to_exchange(course: Path, quiz: str) -> bool:
    """True when at least one student has submitted ``quiz`` to the exchange."""
    inbound = exchange_root(course) / course_id(course) / "inbound"
    return any(inbound.glob(f"*+{quiz}+*"))


def collect(course: Path, quiz: str) -> course_collect.Outcome:
    """Collect the newest submission of every student from the exchange into ``submitted/``.

    The course's own copy (:mod:`.collect`), never nbgrader's: nothing is followed through a
    symbolic link, a refused submission is recorded (and stays refused until a newer one is
    collected) without stopping the class, and ``--update`` is decided from the exchange
    folder names, never from the student's ``timestamp.txt``.
    """
    inbound = exchange_root(course) / course_id(course) / "inbound"
    if not submitted_to_exchange(course, quiz):
        raise WorkflowError(
            f"Nothing to collect for {quiz}: no student has submitted it to the exchange "
            f"({inbound}) yet."
        )
    try:
        return course_collect.collect(course, quiz, inbound, integrity.released_at(course, quiz))
    except course_collect.Refused as exc:
        raise WorkflowError(f"The exchange folder {inbound} cannot be read: {exc}.") from None


# ---------------------------------------------------------------------------- autograde


def submission_folders(course: Path, quiz: str) -> tuple[list[str], list[str]]:
    """Student ids with a submission of ``quiz``, and the folder names refused as ids.

    A folder name is used as a student id only when it is, as a whole, one the roster would
    accept (no newline, control character, glob character, path separator or space); it is
    read with ``os.scandir``, never by splitting text, so a name holding a newline is one
    refused folder, not two students. Refused names are returned escaped for printing.
    """
    base = course / "submitted"
    if not base.is_dir():
        return [], []
    students, refused = [], []
    with os.scandir(base) as entries:
        for entry in entries:
            if not is_student_id(entry.name):
                refused.append(printable(entry.name))
            elif os.path.lexists(os.path.join(entry.path, quiz)):
                students.append(entry.name)
    return sorted(students), sorted(refused)


def _db_url(course: Path) -> str:
    return os.environ.get("VENOUS_GRADEBOOK_URL", "sqlite:///" + str(course / "gradebook.db"))


def report_paths(course: Path, quiz: str) -> tuple[Path, Path]:
    """Where the autograde report of a quiz is written (CSV and markdown)."""
    folder = course / "reports"
    return folder / f"{quiz}-autograde.csv", folder / f"{quiz}-autograde.md"


def _add_scores(course: Path, quiz: str, rows: Sequence[SubmissionStatus]) -> None:
    """Fill in each graded row's score and the quiz's maximum, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gb:
        maximum = f"{gb.find_assignment(quiz).max_score:g}"
        scores = {d["student"]: d["score"] for d in gb.submission_dicts(quiz)}
    for row in rows:
        row.max_score = maximum
        if row.status != FAILED and row.student_id in scores:
            row.score = f"{scores[row.student_id]:g}"


def roster_ids(course: Path) -> set[str]:
    """The student ids in the gradebook (imported from the roster with ``students``)."""
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gb:
        return {s.id for s in gb.students}


def _folder_issues(course: Path, quiz: str, student: str) -> list[precheck.Issue]:
    """The pre-check of one submission folder; a folder too strange to inspect is refused."""
    if os.path.islink(course / "submitted" / student):
        return [precheck.Issue("unsafe file", "the student's folder is a symbolic link", True)]
    try:
        return precheck.check_submission(
            course / "release" / quiz, course / "submitted" / student / quiz
        )
    except Exception as exc:
        detail = f"could not be inspected ({type(exc).__name__})"
        return [precheck.Issue("unsafe file", detail, True)]


def _time_issues(course: Path, quiz: str, students: Sequence[str]) -> dict[str, precheck.Issue]:
    """Submissions whose time grading cannot vouch for, as review issues for the report."""
    notes = course_collect.time_notes(course, quiz)
    vouched = course_collect.vouched_for(course, quiz, students)
    found = {s: precheck.Issue(SUBMISSION_TIME, notes[s]) for s in students if s in notes}
    for student in students:
        stamp = course / "submitted" / student / quiz / "timestamp.txt"
        if student not in vouched and student not in found and stamp.is_file():
            found[student] = precheck.Issue(
                SUBMISSION_TIME,
                "this copy was not collected by the course's collect, so its timestamp.txt "
                "(written by the student) is unchecked: check it before a late penalty counts",
            )
    return found


def course_id(course: Path) -> str:
    """The course id the gradebook uses (nbgrader's default unless the config sets one)."""
    import re

    config = course / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    found = re.search(r"CourseDirectory\.course_id\s*=\s*['\"]([^'\"]+)['\"]", text)
    return found.group(1) if found else "default_course"


def check_integrity(course: Path, quiz: str, when: str) -> None:
    """Refuse to go on when the key, config or stored tests differ from the release."""
    changed = integrity.differences(course, quiz, _db_url(course))
    if changed:
        raise WorkflowError(
            f"The answer key of {quiz} does not match what was released, so {when}: "
            + "; ".join(changed[:5])
            + ". If you changed it on purpose, run 'release' again; otherwise restore it "
            "from version control."
        )


def autograde(
    course: Path,
    quiz: str,
    students: Sequence[str] | None = None,
    progress: Callable[[str], None] = print,
    add_unknown: bool = False,
) -> list[SubmissionStatus]:
    """Autograde every submission of a quiz, executing no student code.

    Each submission folder is checked first (valid student id on the roster, no symbolic
    links, sizes, valid notebook, changed metadata, a submission time collect could vouch
    for); a student whose latest exchange copy collect refused is reported, not graded. The
    answer key's fingerprint is checked before and after the batch. Grading itself is
    nbgrader's Autograde chain, configured to read answers as plain values (see
    :mod:`.preprocessors`). ``add_unknown`` grades folders of ids not on the roster (and adds
    them to the gradebook); otherwise they are reported and not graded. Writes the report
    under ``reports/`` and returns the statuses of this run. Every text from a submission is
    printed with its control characters escaped.
    """
    if sys.flags.optimize:
        raise WorkflowError(grading.OPTIMISED_PYTHON)
    if not (course / "source" / quiz).is_dir():
        raise WorkflowError(f"There is no quiz {quiz!r} in {course / 'source'}.")
    if not (course / "release" / quiz).is_dir():
        raise WorkflowError(f"No release of {quiz!r} in {course / 'release'}: run release first.")
    found, refused = submission_folders(course, quiz)
    at_collect = course_collect.refused_at_collect(course, quiz)
    chosen = list(students) if students else sorted(set(found) | set(at_collect))
    bad = [s for s in chosen if not is_student_id(s)]
    if bad:
        raise WorkflowError(f"{printable(bad[0])!r} is not a valid student id.")
    if not chosen:
        raise WorkflowError(
            f"No submissions of {quiz!r} in {course / 'submitted'}: run collect first."
        )
    check_integrity(course, quiz, "nothing was graded")
    roster = roster_ids(course)
    unknown = [] if add_unknown else [s for s in chosen if s not in roster]
    chosen = [s for s in chosen if s not in unknown]
    total = len(chosen)
    progress(f"Autograding {total} submission(s) of {quiz} (no student code is run)...")
    statuses: dict[str, SubmissionStatus] = {}
    times = _time_issues(course, quiz, chosen)
    for student in chosen:
        if student in at_collect:
            issue = precheck.Issue("unsafe file", at_collect[student], fatal=True)
            statuses[student] = classify(student, [issue], None)
            progress(printable(f"{student}: {statuses[student].label}"))
    to_grade = [s for s in chosen if s not in statuses]
    done = len(statuses)

    def report_one(result: grading.BatchResult) -> None:
        nonlocal done
        done += 1
        issues = list(result.issues) + ([times[result.student]] if result.student in times else [])
        if any(i.fatal for i in issues):
            status = classify(result.student, issues, None)
        else:
            run = RunResult(0 if result.ok else 1, False, "error: " + result.error)
            needs = result.manual_items if result.ok else None
            status = classify(result.student, issues, run, needs, result.reviews)
        statuses[result.student] = status
        progress(printable(f"[{done}/{total}] {result.student}: {status.label}"))

    grading.grade_batch(
        course,
        quiz,
        to_grade,
        _db_url(course),
        course_id(course),
        progress=report_one,
        check=functools.partial(_folder_issues, course, quiz),
    )
    results = [statuses[s] for s in chosen]
    _add_scores(course, quiz, results)
    for name in refused:
        progress(
            f"  refused folder submitted/{name!r}: not a valid student id, not graded "
            "(rename it to the student's roster id)"
        )
    for name in unknown:
        progress(
            f"  refused folder submitted/{name}: not on the roster, not graded (add the "
            "student with 'students', or grade with --add-unknown)"
        )
    after = integrity.differences(course, quiz, _db_url(course))
    csv_path, md_path = report_paths(course, quiz)
    extra = [f"Folder submitted/{n!r} is not a valid student id: not graded." for n in refused]
    extra += [f"Folder submitted/{n} is not on the roster: not graded." for n in unknown]
    extra += [f"INTEGRITY: {d} during grading; export is refused." for d in after]
    merged = write_report(results, csv_path, md_path, f"Autograde report: {quiz}", extra)
    progress(f"Report: {csv_path} and {md_path}")
    for row in merged:
        if row.status != "graded":
            progress(
                printable(
                    f"  {row.student_id}: {row.label}"
                    + (f" [{'; '.join(row.notes)}]" if row.notes else "")
                )
            )
    if after:
        raise WorkflowError(
            f"The answer key of {quiz} changed while grading ({'; '.join(after[:5])}); "
            "do not export these grades: restore the key and grade again."
        )
    return sorted(results, key=lambda r: r.student_id)


# ---------------------------------------------------------------------------- private course

PRIVATE_FILES = ("nbgrader_config.py", "roster.example.csv", "README.md", ".gitignore")


def make_private(course: Path, dest: Path) -> Path:
    """Copy the course (config, quizzes, roster example, guide) to ``dest``, outside the repo.

    The quizzes in this open repository are exemplars whose keys anyone can read; a school
    grades with its own copy, edited and kept private, and points every step at it with
    ``VENOUS_COURSE_DIR`` (or ``--course-dir``).
    """
    import shutil

    dest = dest.expanduser().resolve()
    if dest == REPO or REPO in dest.parents:
        raise WorkflowError(
            f"{dest} is inside the course repository, whose files are public: choose a folder "
            "outside it, for example DEST=~/venous-course-private."
        )
    if dest.exists() and any(dest.iterdir()):
        raise WorkflowError(f"{dest} already holds files: choose a new or empty folder.")
    if not (course / "source").is_dir():
        raise WorkflowError(f"There are no quizzes in {course / 'source'} to copy.")
    dest.mkdir(parents=True, exist_ok=True)
    for name in PRIVATE_FILES:
        if (course / name).is_file():
            shutil.copy2(course / name, dest / name)
    shutil.copytree(
        course / "source", dest / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    return dest


# ---------------------------------------------------------------------------- feedback


def released_lines(course: Path, quiz: str) -> set[str]:
    """Every line (stripped) of a quiz's release: what every student already has."""
    import nbformat

    released: set[str] = set()
    for path in (course / "release" / quiz).glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            released |= {ln.strip() for ln in cell.source.split("\n")}
    return released


def secret_lines(course: Path, quiz: str) -> list[str]:
    """Lines of the hidden tests and rubrics of a quiz's source that no student may see.

    Short lines (under 12 characters) and lines that also appear in the release are left
    out: they carry no key.
    """
    import nbformat

    from .preprocessors import BEGIN_HIDDEN, BEGIN_RUBRIC, END_HIDDEN, END_RUBRIC, cut_region

    released = released_lines(course, quiz)
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


def model_answer_lines(course: Path, quiz: str) -> list[str]:
    """The model answers of a quiz's source: lines inside ``BEGIN SOLUTION`` ... ``END
    SOLUTION`` regions, and the lines of a written answer cell's model text.

    Lines under 5 characters, and lines that also appear in the release (the stub
    ``q1 = None``), carry no key and are left out.
    """
    import nbformat

    from .preprocessors import cut_region

    released = released_lines(course, quiz)
    lines: list[str] = []
    for path in sorted((course / "source" / quiz).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            nbg = cell.metadata.get("nbgrader", {})
            if not (isinstance(nbg, dict) and nbg.get("solution")):
                continue
            if cell.cell_type == "markdown":
                lines += cell.source.split("\n")
            else:
                lines += cut_region(cell.source, "BEGIN SOLUTION", "END SOLUTION")[1]
    return [ln.strip() for ln in lines if len(ln.strip()) >= 5 and ln.strip() not in released]


def page_leaks(page: str, secrets: Sequence[str]) -> list[str]:
    """What the course wrote into a feedback page that no student may see: every forbidden
    marker and every secret line found in the page *outside* the student's own text (the
    student's answers are shown to that student only, as they wrote them)."""
    import html

    from .feedback_page import course_text

    written = html.unescape(course_text(page))
    found = [marker for marker in FEEDBACK_FORBIDDEN if marker in written]
    return found + [line[:60] for line in secrets if line in written]


def feedback_leaks(course: Path, quiz: str, files: Sequence[Path]) -> dict[Path, list[str]]:
    """{page: what it would leak} for every feedback page that leaks (see :func:`page_leaks`)."""
    secrets = secret_lines(course, quiz) + model_answer_lines(course, quiz)
    leaks = {}
    for path in files:
        found = page_leaks(path.read_text(encoding="utf-8", errors="replace"), secrets)
        if found:
            leaks[path] = found
    return leaks


@dataclass
class FeedbackRun:
    """The feedback pages ready to return, and the students refused with the reason."""

    files: list[Path]
    refused: dict[str, str]


def refused_path(course: Path, quiz: str) -> Path:
    """Where the feedback step records the students whose page was refused, and why."""
    return course / "reports" / f"{quiz}-feedback-refused.json"


def _feedback_student(course: Path, page: Path) -> str:
    return page.relative_to(course / "feedback").parts[0]


def _refuse_leaking(course: Path, quiz: str, files: Sequence[Path]) -> FeedbackRun:
    """Move every leaking page out of ``feedback/`` (into ``reports/``, for the instructor)
    so that no step returns it; the rest of the class keeps its pages."""
    leaks = feedback_leaks(course, quiz, files)
    refused: dict[str, str] = {}
    for path, found in leaks.items():
        student = _feedback_student(course, path)
        kept = course / "reports" / f"{quiz}-feedback-refused" / student / path.name
        kept.parent.mkdir(parents=True, exist_ok=True)
        path.replace(kept)
        refused[student] = (
            f"the page would show {', '.join(repr(f) for f in found[:3])}"
            + (f" and {len(found) - 3} more" if len(found) > 3 else "")
            + f"; it was not returned and is kept in {kept.relative_to(course)}"
        )
    return FeedbackRun([p for p in files if p not in leaks], refused)


def feedback(course: Path, quiz: str) -> FeedbackRun:
    """Generate feedback; refuse, per student, every page that would leak a key or test.

    A student whose page nbgrader could not build, or whose page would leak, is refused and
    named with the reason (also recorded in ``reports/``); every other student's page is
    ready to return.
    """
    import json

    autograded = sorted(p.parent.name for p in (course / "autograded").glob(f"*/{quiz}"))
    if not autograded:
        raise WorkflowError(
            f"Nothing to give feedback on for {quiz}: no submission has been autograded yet; "
            "run collect and autograde first."
        )
    result = run_nbgrader(["generate_feedback", quiz, "--force"], course, check=False)
    files = sorted((course / "feedback").glob(f"*/{quiz}/*.html"))
    run = _refuse_leaking(course, quiz, files)
    with_page = {_feedback_student(course, p) for p in files}
    for student in autograded:
        if student not in with_page:
            run.refused[student] = "nbgrader could not build the page (see its log above)"
    if result.returncode != 0 and not run.files:
        raise WorkflowError(
            f"'nbgrader generate_feedback {quiz}' failed (exit {result.returncode}) and built "
            f"no page:\n{result.log[-3000:]}"
        )
    path = refused_path(course, quiz)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(run.refused, indent=1, sort_keys=True), encoding="utf-8")
    return run


def return_feedback(course: Path, quiz: str) -> FeedbackRun:
    """Check the feedback again, per student, then put the clean pages in the exchange
    (``nbgrader release_feedback``); the students refused here or at the feedback step are
    returned with the reason."""
    import json

    files = sorted((course / "feedback").glob(f"*/{quiz}/*.html"))
    if not files:
        raise WorkflowError(f"No feedback for {quiz!r} yet: run the feedback step first.")
    run = _refuse_leaking(course, quiz, files)
    try:
        earlier = json.loads(refused_path(course, quiz).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = {}
    returned = {_feedback_student(course, p) for p in run.files}
    run.refused = {
        **{s: r for s, r in earlier.items() if isinstance(r, str) and s not in returned},
        **run.refused,
    }
    if not run.files:
        raise WorkflowError(
            f"No feedback page of {quiz} can be returned: "
            + "; ".join(f"{s}: {r}" for s, r in sorted(run.refused.items()))
        )
    run_nbgrader(["release_feedback", quiz], course)
    return run


# ---------------------------------------------------------------------------- export

LMS_FIELDS = ["student_id", "score", "max_score", "status", "notes"]


def _graded_quizzes(course: Path) -> list[str]:
    from nbgrader.api import Gradebook

    with Gradebook(_db_url(course)) as gb:
        return [a.name for a in gb.assignments if report_paths(course, a.name)[0].exists()]


def _report_extra(course: Path, quiz: str) -> list[str]:
    """The batch-level lines (refused folders, integrity) of the last autograde report."""
    md = report_paths(course, quiz)[1]
    if not md.exists():
        return []
    return [ln[2:] for ln in md.read_text(encoding="utf-8").splitlines() if ln.startswith("- ")]


def export(course: Path, quiz: str | None = None) -> list[Path]:
    """Write nbgrader's CSV and one LMS CSV per quiz under ``grades/``; return the paths.

    Every file is written whole or not at all (a temporary file renamed into place). When the
    export cannot be done, the grade files it would have replaced are removed, so that an old
    file is never uploaded as if it were current, and the message says what to do.
    """
    out = course / "grades"
    try:
        return _export(course, quiz, out)
    except Exception as exc:
        removed = _remove_stale_grades(course, quiz, out)
        gone = (
            f" The old grade file(s) {', '.join(p.name for p in removed)} were removed so that "
            "no stale grades are uploaded."
            if removed
            else ""
        )
        message = (
            str(exc)
            if isinstance(exc, WorkflowError)
            else (
                f"the export stopped ({type(exc).__name__}: {printable(str(exc))[:200]}); "
                "run autograde for the quiz again, then export"
            )
        )
        raise WorkflowError(message.rstrip(".") + "." + gone) from None


def _remove_stale_grades(course: Path, quiz: str | None, out: Path) -> list[Path]:
    """Remove the grade files an export of ``quiz`` (or of every quiz) would have written."""
    stale = [out / "nbgrader-grades.csv"]
    stale += [out / f"{quiz}-lms.csv"] if quiz else sorted(out.glob("*-lms.csv"))
    removed = []
    for path in stale:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _export(course: Path, quiz: str | None, out: Path) -> list[Path]:
    from nbgrader.api import Gradebook, MissingEntry

    names = [quiz] if quiz else _graded_quizzes(course)
    if not names:
        raise WorkflowError("Nothing to export: no quiz has been released and autograded yet.")
    for name in names:
        if not report_paths(course, name)[0].exists():
            raise WorkflowError(
                f"{name} has not been autograded yet, so there are no grades to export: "
                "run release, collect and autograde first."
            )
        check_integrity(course, name, "no grades were exported")
        problems = [line for line in _report_extra(course, name) if line.startswith("INTEGRITY")]
        if problems:
            raise WorkflowError(
                f"The last autograde of {name} saw its answer key change ({problems[0]}); "
                "no grades were exported: restore the key and autograde again."
            )
    out.mkdir(exist_ok=True)
    nbgrader_csv = out / "nbgrader-grades.csv"
    # The course's export plugin writes through atomic_write: a temporary file, then a rename.
    run_nbgrader(["export", "--to", str(nbgrader_csv)], course)
    written = [nbgrader_csv]
    with Gradebook(_db_url(course)) as gb:
        quizzes = [quiz] if quiz else [a.name for a in gb.assignments]
        for name in quizzes:
            report = read_report(report_paths(course, name)[0])
            assignment = gb.find_assignment(name)
            path = out / f"{name}-lms.csv"
            with atomic_write(path) as fh:
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
                        notes = "; ".join(without_hand_graded(row.notes)) if row else ""
                    writer.writerow(
                        {
                            "student_id": neutralise(student.id),
                            "score": score,
                            "max_score": f"{assignment.max_score:g}",
                            "status": neutralise(status),
                            "notes": neutralise(notes),
                        }
                    )
            written.append(path)
    return written
