"""Grade a submission without running any of it.

The trusted inputs are the cells nbgrader stored in the gradebook at release (answer stubs,
read-only cells, the instructor's test cells with their hidden tests, points, checksums). The
untrusted input is the submitted notebook, of which only the text of the answer cells is used:
each is read as plain values by :mod:`.literals`. Every test cell, taken from the gradebook,
runs against those values in a fresh namespace of this process (which never loads student
code); its outputs are written into the cell so nbgrader's ``determine_grade`` scores it
exactly as it scores a cell a kernel ran: an error is 0, a number is partial credit,
anything else is full marks.

Two routes share :func:`restore_cells` and :func:`grade_cells`:

* nbgrader's own ``Autograde`` (``nbgrader autograde``, formgrader's button) through the
  preprocessors configured in ``nbgrader_config.py`` (:mod:`.preprocessors`);
* :func:`grade_batch` for the course CLI: the files of many submissions graded in worker
  processes, the gradebook written from one process through nbgrader's API, with the same
  entries (grades, comments, needs-manual-grade) and the same autograded notebooks (500
  submissions in about 7 s on 2 cores, some 60 times serial ``nbgrader autograde``).
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import copy
import functools
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode, from_dict

from .literals import assigned_names, loaded_names, read_answer_cell
from .precheck import Issue

#: Where the review reasons of one notebook are kept in ``resources`` and in the metadata of
#: the autograded notebook (read back by the instructor report, removed from feedback).
REVIEW_KEY = "venous_course_review"
#: A student id as the roster accepts it (folder names under submitted/ are checked the same).
#: Always matched whole (:func:`is_student_id`): ``$`` alone would let a final newline through.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Text that only the instructor's source notebook holds: a submission that carries it was
#: copied from the answer key (for example through a symlink followed at collect).
SOURCE_MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN RUBRIC",
)
MAX_PRINTED_CHARS = 2000
#: A hand-graded text answer longer than this is cut in the autograded notebook, which
#: formgrader and feedback render (an honest teach-back is a few hundred characters; 600 kB of
#: markdown took 20 s to render). The full text stays in ``submitted/`` for the grader.
MAX_SHOWN_ANSWER_CHARS = 10_000
OPTIMISED_PYTHON = (
    "Grading refuses to run under an optimising Python (PYTHONOPTIMIZE or -O), which would "
    "strip the asserts of the instructor's tests: unset PYTHONOPTIMIZE and run it again."
)
#: Small files of a submission folder that nbgrader carries into ``autograded/``: the
#: submission time and the secret ``release_feedback`` checks (the rest is never read).
KEPT_FILES = ("timestamp.txt", "submission_secret.txt")


def is_student_id(text: object) -> bool:
    """True when ``text`` is, as a whole, a student id the roster accepts."""
    return isinstance(text, str) and STUDENT_ID.fullmatch(text) is not None


def refuse_optimised_python() -> None:
    """Raise when this interpreter strips asserts: the instructor's tests would pass blank."""
    import sys

    if sys.flags.optimize:
        raise RuntimeError(OPTIMISED_PYTHON)


def cut_for_display(source: str) -> str:
    """A hand-graded text answer as formgrader and feedback show it: cut when over-long."""
    if len(source) <= MAX_SHOWN_ANSWER_CHARS:
        return source
    return (
        source[:MAX_SHOWN_ANSWER_CHARS]
        + f"\n\n(Cut for display: this answer is {len(source):,} characters long; the grader "
        "reads the whole of it in the submitted notebook.)"
    )


@dataclass(frozen=True)
class TrustedCell:
    """One cell as nbgrader stored it at release."""

    name: str
    cell_type: str
    source: str
    locked: bool
    checksum: str | None
    solution: bool
    grade: bool
    points: float | None


@dataclass
class TrustedNotebook:
    """Everything grading trusts about one notebook of a quiz, read once from the gradebook."""

    name: str
    cells: dict[str, TrustedCell]
    order: list[str]
    kernelspec: dict[str, Any] | None = None
    answer_names: dict[str, frozenset[str]] = field(default_factory=dict)
    #: the names each test cell reads, worked out once for the whole batch
    test_names: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.answer_names = {
            c.name: assigned_names(c.source)
            for c in self.cells.values()
            if c.solution and c.cell_type == "code"
        }
        self.test_names = {
            c.name: loaded_names(c.source)
            for c in self.cells.values()
            if c.grade and not c.solution and c.cell_type == "code"
        }

    def test_reads(self, grade_id: str) -> frozenset[str]:
        """The names the test cell ``grade_id`` reads (the answers it depends on)."""
        return self.test_names.get(grade_id, frozenset())


def load_trusted(gb, notebook_id: str, assignment_id: str) -> TrustedNotebook:
    """Read one notebook's stored cells from an open nbgrader ``Gradebook``."""
    notebook = gb.find_notebook(notebook_id, assignment_id)
    grades = {c.name: c for c in notebook.grade_cells}
    solutions = {c.name for c in notebook.solution_cells}
    cells = {}
    for c in notebook.source_cells:
        grade = grades.get(c.name)
        cells[c.name] = TrustedCell(
            name=c.name,
            cell_type=c.cell_type,
            source=c.source,
            locked=bool(c.locked),
            checksum=c.checksum,
            solution=c.name in solutions,
            grade=grade is not None,
            points=float(grade.max_score) if grade is not None else None,
        )
    try:
        kernelspec = json.loads(notebook.kernelspec) if notebook.kernelspec else None
    except ValueError:
        kernelspec = None
    return TrustedNotebook(
        notebook.name, cells, [c.name for c in notebook.source_cells], kernelspec
    )


def _meta(cell: NotebookNode) -> dict[str, Any]:
    meta = cell.get("metadata", {})
    nbg = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbg if isinstance(nbg, dict) else {}


def _trusted_meta(t: TrustedCell) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": t.grade,
        "grade_id": t.name,
        "locked": t.locked,
        "schema_version": 3,
        "solution": t.solution,
        "task": False,
        "checksum": t.checksum,
    }
    if t.grade:
        meta["points"] = t.points
    return meta


def _as_cell(cell_type: str, source: str, metadata: dict[str, Any]) -> NotebookNode:
    from nbformat.corpus.words import generate_corpus_id

    raw: dict[str, Any] = {
        "cell_type": cell_type,
        "id": generate_corpus_id(),
        "metadata": metadata,
        "source": source,
    }
    if cell_type == "code":
        raw.update(outputs=[], execution_count=None)
    return from_dict(raw)


def restore_cells(nb: NotebookNode, trusted: TrustedNotebook) -> list[str]:
    """Rebuild ``nb`` around the student's answers: every other cell comes from the gradebook.

    The grading metadata of every known cell (flags, points, checksum, cell type) is the
    gradebook's; read-only and test cells get the gradebook's source; a repeated grade id
    keeps its last cell (as nbgrader's ``DeduplicateIds``); an unknown grade id loses its
    grading metadata; a deleted grade or answer cell is put back from the gradebook (so it
    scores as unanswered). A text answer too long to render is cut (:func:`cut_for_display`).
    Cells the student added stay, but are never run. Returns the
    grade ids that had to be put back.
    """
    last_index: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        gid = _meta(cell).get("grade_id")
        if isinstance(gid, str) and gid in trusted.cells:
            last_index[gid] = i
    cells: list[NotebookNode] = []
    for i, cell in enumerate(nb.cells):
        gid = _meta(cell).get("grade_id")
        metadata = dict(cell.get("metadata", {})) if isinstance(cell.get("metadata"), dict) else {}
        metadata.pop("nbgrader", None)
        if not isinstance(gid, str) or last_index.get(gid) != i:
            source = cell.get("source", "")
            source = source if isinstance(source, str) else "".join(map(str, source))
            kind = cell.get("cell_type") if cell.get("cell_type") in ("code", "markdown") else "raw"
            cells.append(_as_cell(kind, source, metadata))
            continue
        t = trusted.cells[gid]
        metadata["nbgrader"] = _trusted_meta(t)
        source = str(cell.get("source", "")) if t.solution else t.source
        if t.solution and t.cell_type == "markdown":
            source = cut_for_display(source)
        cells.append(_as_cell(t.cell_type, source, metadata))
    missing = [n for n in trusted.order if n not in last_index and trusted.cells[n].grade]
    missing += [n for n in trusted.order if n not in last_index and n in trusted.answer_names]
    for name in trusted.order:
        if name in missing:
            t = trusted.cells[name]
            cells.append(_as_cell(t.cell_type, t.source, {"nbgrader": _trusted_meta(t)}))
    nb.cells = cells
    if trusted.kernelspec:
        nb.metadata["kernelspec"] = trusted.kernelspec
    return missing


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return from_dict(
        {
            "output_type": "error",
            "ename": ename,
            "evalue": evalue,
            "traceback": [f"{ename}: {evalue}"],
        }
    )


def _stream(text: str) -> NotebookNode:
    return from_dict({"output_type": "stream", "name": "stdout", "text": text[:MAX_PRINTED_CHARS]})


@functools.lru_cache(maxsize=256)
def compiled_test(source: str) -> tuple[CodeType, CodeType | None]:
    """An instructor's test cell compiled once per batch: its statements, and its last
    expression apart (a kernel shows that value, and nbgrader reads a number there as partial
    credit). ``optimize=0`` keeps the asserts whatever the interpreter's -O level."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = compile(tree, "<instructor test>", "exec", optimize=0)
    if last is None:
        return body, None
    return body, compile(ast.Expression(last.value), "<instructor test>", "eval", optimize=0)


def run_trusted_test(source: str, answers: dict[str, Any]) -> list[NotebookNode]:
    """Run an instructor's test cell against plain answer values; return its cell outputs.

    The code comes from the gradebook (trusted); ``answers`` holds only str, numbers, bool,
    None and containers of those, deep-copied so a test cannot change the next test's view.
    As in a kernel, an exception gives an ``error`` output (no credit) and a last expression
    that is not None gives an ``execute_result`` (nbgrader reads a number there as partial
    credit). What the test prints is kept as a stdout stream, which scoring ignores.
    """
    printed = io.StringIO()

    def _print(*args: Any, **kwargs: Any) -> None:
        kwargs["file"] = printed
        builtins.print(*args, **kwargs)

    namespace: dict[str, Any] = {"__builtins__": builtins, "print": _print}
    namespace.update(copy.deepcopy(answers))
    outputs: list[NotebookNode] = []
    result = None
    try:
        body, last = compiled_test(source)
        exec(body, namespace)  # noqa: S102 (trusted)
        if last is not None:
            result = eval(last, namespace)  # noqa: S307 (trusted)
    except Exception as exc:  # the answer failed the instructor's check
        if printed.getvalue():
            outputs.append(_stream(printed.getvalue()))
        outputs.append(_error_output(type(exc).__name__, str(exc)[:500]))
        return outputs
    if printed.getvalue():
        outputs.append(_stream(printed.getvalue()))
    if result is not None:
        outputs.append(
            from_dict(
                {
                    "output_type": "execute_result",
                    "execution_count": None,
                    "metadata": {},
                    "data": {"text/plain": repr(result)[:200]},
                }
            )
        )
    return outputs


def grade_cells(nb: NotebookNode, trusted: TrustedNotebook) -> dict[str, str]:
    """Fill every test cell's outputs from the trusted evaluation; return the review reasons.

    Call after :func:`restore_cells`. Answer cells are read in notebook order (a later
    assignment of the same name wins, as in a kernel). A test cell that reads a name whose
    answer cell was refused gets a failing ``NeedsReview`` output naming the reason, and both
    the answer and the test are returned as ``{grade id: reason}`` for the instructor.
    """
    values: dict[str, Any] = {}
    refused: dict[str, str] = {}
    review: dict[str, str] = {}
    every_answer = frozenset().union(*trusted.answer_names.values())
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        gid = _meta(cell).get("grade_id")
        t = trusted.cells.get(gid) if isinstance(gid, str) else None
        if t is None or t.cell_type != "code":
            continue
        if gid in trusted.answer_names:
            expected = trusted.answer_names[gid]
            problem = ""
            if any(marker in cell.source for marker in SOURCE_MARKERS):
                problem = "the cell holds the instructor's solution markers (a copied key?)"
            answer = read_answer_cell(cell.source, expected)
            problem = problem or answer.problem
            if problem:
                review[gid] = f"answer not graded automatically: {problem}"
                for name in expected:
                    refused[name] = f"{gid}: {problem}"
                    values.pop(name, None)
            else:
                values.update(answer.values)
                for name in answer.values:
                    refused.pop(name, None)
        elif t.grade and not t.solution:
            cell.source = t.source  # always the gradebook's test, never the submitted one
            needed = trusted.test_reads(gid) & every_answer
            blocked = sorted({refused[n] for n in needed if n in refused})
            if blocked:
                reason = "needs review: " + "; ".join(blocked)
                cell.outputs = [_error_output("NeedsReview", reason)]
                review[gid] = reason
            else:
                cell.outputs = run_trusted_test(
                    t.source, {n: values[n] for n in needed if n in values}
                )
    return review


# ---------------------------------------------------------------------------- batch route

#: Below this many submissions the batch grades in this process: starting workers would cost
#: more than it saves.
PARALLEL_FROM = 24


@dataclass
class BatchResult:
    """What happened to one submission in :func:`grade_batch`."""

    student: str
    ok: bool
    error: str = ""
    reviews: dict[str, str] = field(default_factory=dict)
    restored: list[str] = field(default_factory=list)
    needs_manual_grade: bool = False
    #: the grade ids a person must score (a hand-graded answer, or one not read as values)
    manual_items: list[str] = field(default_factory=list)
    #: what the pre-check found; a fatal issue means the submission was not graded
    issues: list[Issue] = field(default_factory=list)


@dataclass
class GradedNotebook:
    """One submitted notebook graded in a worker: what the gradebook needs, and where the
    autograded copy waits (a hidden file beside its final name, renamed once recorded)."""

    name: str
    missing: bool = False
    scores: dict[str, float | None] = field(default_factory=dict)
    unchanged: dict[str, bool] = field(default_factory=dict)
    written: Path | None = None


@dataclass
class PreparedSubmission:
    """Everything :func:`prepare_submission` worked out for one student, without the gradebook."""

    student: str
    notebooks: list[GradedNotebook] = field(default_factory=list)
    reviews: dict[str, str] = field(default_factory=dict)
    restored: list[str] = field(default_factory=list)
    error: str = ""
    issues: list[Issue] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """True when the pre-check found a reason not to grade this submission at all."""
        return any(issue.fatal for issue in self.issues)


#: A pre-check of one student's submission folder: its issues (an issue with ``fatal`` set
#: stops grading). Module-level and picklable, since worker processes call it.
PreCheck = Callable[[str], list[Issue]]


def _timestamp(folder: Path):
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    if path.is_symlink() or not path.is_file() or path.stat().st_size > 200:
        return None
    try:
        return parse_utc(path.read_text(encoding="utf-8").strip())
    except ValueError:
        return None


def _read_checked(path: Path) -> NotebookNode:
    """A submitted notebook the pre-check already validated: read it without validating again."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("nbformat") == 4:
        from nbformat.v4.rwbase import rejoin_lines

        return rejoin_lines(nbformat.from_dict(raw))
    return nbformat.read(path, as_version=4)


def _pending_path(out_dir: Path, name: str) -> Path:
    return out_dir / f".{name}.ipynb.pending"


def _write_pending(nb: NotebookNode, path: Path) -> None:
    """Write an autograded notebook as compact nbformat 4 JSON.

    Built from a validated submission and the gradebook's cells, so it is not validated
    again; compact JSON because the indented form is encoded in pure Python and cost more
    than grading the notebook.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def prepare_submission(
    course: Path,
    quiz: str,
    student: str,
    trusted: dict[str, TrustedNotebook],
    check: PreCheck | None = None,
) -> PreparedSubmission:
    """Grade one submission from its files alone: no gradebook, no student code.

    Runs ``check`` first (a fatal issue stops there), then restores and grades every
    notebook, writes each autograded copy as a pending file and returns the scores and
    "no response" flags for the gradebook. Never raises: a failure is returned as ``error``
    (and nothing pending is left behind).
    """
    from nbgrader.utils import compute_checksum, determine_grade

    prepared = PreparedSubmission(student)
    written: list[Path] = []
    try:
        if not is_student_id(student):
            raise ValueError(f"{student!r} is not a valid student id")
        prepared.issues = list(check(student)) if check else []
        if prepared.refused:
            return prepared
        submitted = course / "submitted" / student / quiz
        out_dir = course / "autograded" / student / quiz
        for name, tnb in trusted.items():
            graded = GradedNotebook(name)
            prepared.notebooks.append(graded)
            path = submitted / f"{name}.ipynb"
            if not path.is_file():  # as nbgrader: a missing notebook scores 0
                graded.missing = True
                continue
            nb = _read_checked(path)
            prepared.restored += restore_cells(nb, tnb)
            reviews = grade_cells(nb, tnb)
            prepared.reviews.update(reviews)
            nb.metadata[REVIEW_KEY] = reviews
            for cell in nb.cells:
                gid = _meta(cell).get("grade_id")
                t = tnb.cells.get(gid) if isinstance(gid, str) else None
                if t is None:
                    continue
                if t.grade:
                    graded.scores[gid], _ = determine_grade(cell)
                if t.solution:
                    checksum = cell.metadata.nbgrader.get("checksum")
                    graded.unchanged[gid] = checksum == compute_checksum(cell)
            graded.written = _pending_path(out_dir, name)
            _write_pending(nb, graded.written)
            written.append(graded.written)
    except Exception as exc:  # one submission never stops the batch
        for path in written:
            path.unlink(missing_ok=True)
        prepared.notebooks = []
        prepared.error = f"{type(exc).__name__}: {exc}"[:300]
    return prepared


def worker_count() -> int:
    """How many worker processes grade a class: one per core, at most eight."""
    return min(os.cpu_count() or 1, 8)


#: What a worker process grades with (the quiz's trusted notebooks and the pre-check), set
#: once per worker.
_WORKER: dict[str, Any] = {}


def _worker_start(trusted: dict[str, TrustedNotebook], check: PreCheck | None) -> None:
    _WORKER.update(trusted=trusted, check=check)


def _worker_prepare(job: tuple[Path, str, str]) -> PreparedSubmission:
    course, quiz, student = job
    return prepare_submission(course, quiz, student, _WORKER["trusted"], _WORKER["check"])


@contextlib.contextmanager
def _preparing(
    course: Path,
    quiz: str,
    students: list[str],
    trusted: dict[str, TrustedNotebook],
    check: PreCheck | None,
) -> Iterator[Iterator[PreparedSubmission]]:
    """Every student's :class:`PreparedSubmission`, in order; in worker processes for a class.

    Reading, checking, restoring and grading the notebooks is pure work on files and spreads
    over the machine's cores; the gradebook is written only by the caller, in this process.
    Enter it before opening the gradebook, so that no worker inherits a connection.
    """
    workers = worker_count()
    if len(students) < PARALLEL_FROM or workers < 2:
        yield (prepare_submission(course, quiz, s, trusted, check) for s in students)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    jobs = [(course, quiz, s) for s in students]
    executor = ProcessPoolExecutor(workers, initializer=_worker_start, initargs=(trusted, check))

    def in_order() -> Iterator[PreparedSubmission]:
        done = 0
        try:
            for prepared in executor.map(_worker_prepare, jobs, chunksize=4):
                done += 1
                yield prepared
        except BrokenProcessPool:  # a worker died (out of memory?): the rest is graded here
            for student in students[done:]:
                yield prepare_submission(course, quiz, student, trusted, check)

    try:
        yield in_order()
    finally:
        executor.shutdown(cancel_futures=True)


def grade_batch(
    course: Path,
    quiz: str,
    students: Iterable[str],
    db_url: str,
    course_id: str = "default_course",
    progress: Callable[[BatchResult], None] = lambda _r: None,
    check: PreCheck | None = None,
) -> list[BatchResult]:
    """Autograde many submissions of ``quiz``: files in worker processes, gradebook here.

    Writes what nbgrader's ``Autograde`` writes (student, submission with timestamp, each
    grade's auto score and needs-manual-grade, the "No response." comments, late penalty
    through nbgrader's plugin, and ``autograded/<student>/<quiz>/``), using the same
    :func:`restore_cells` and :func:`grade_cells` as the configured nbgrader route, and
    nbgrader's ``Gradebook`` API for every write. ``check`` pre-checks each folder (valid
    ids, no links, readable notebooks: without it the folders must be checked already); a
    submission it refuses is returned with its issues and not graded. An autograded notebook
    replaces the old one only once its grades are committed.
    """
    from nbgrader.api import Assignment, BaseCell, Gradebook, Notebook, Student

    refuse_optimised_python()
    chosen = list(students)
    results: list[BatchResult] = []
    with Gradebook(db_url, course_id) as gb:
        notebooks = [n.name for n in gb.find_assignment(quiz).notebooks]
        trusted = {name: load_trusted(gb, name, quiz) for name in notebooks}
    with (
        _preparing(course, quiz, chosen, trusted, check) as prepared_in_order,
        Gradebook(db_url, course_id) as gb,
    ):
        # One session for the batch; nothing read after a commit is reloaded without need
        # (scores computed by the database are refreshed where they are read).
        gb.db().expire_on_commit = False
        known = {sid for (sid,) in gb.db.query(Student.id)}
        cell_names = {
            cell.id: cell.name
            for cell in gb.db.query(BaseCell)
            .join(Notebook)
            .join(Assignment)
            .filter(Assignment.name == quiz)
        }
        for prepared in prepared_in_order:
            result = BatchResult(
                prepared.student,
                ok=False,
                reviews=prepared.reviews,
                restored=prepared.restored,
                issues=prepared.issues,
            )
            if prepared.error:
                result.error = prepared.error
            elif not prepared.refused:
                try:
                    result.manual_items = _record(gb, course, quiz, prepared, known, cell_names)
                    result.needs_manual_grade = bool(result.manual_items)
                    result.ok = True
                except Exception as exc:  # one submission never stops the batch
                    gb.db.rollback()
                    result.error = f"{type(exc).__name__}: {exc}"[:300]
                    for graded in prepared.notebooks:
                        if graded.written:
                            graded.written.unlink(missing_ok=True)
            results.append(result)
            progress(result)
    return results


def _grade_row(
    graded: GradedNotebook, gid: str, manual_score: float | None, reviews: dict[str, str]
) -> tuple[float | None, bool] | None:
    """(auto score, needs manual grade) of one grade row, as nbgrader's ``SaveAutoGrades``
    sets them; None when this submission says nothing about the cell."""
    if graded.missing:  # as nbgrader: a missing notebook scores 0
        return 0, False
    if gid not in graded.scores:
        return None
    auto = graded.scores[gid]
    return auto, manual_score is not None or auto is None or gid in reviews


def _comment_row(graded: GradedNotebook, gid: str) -> tuple[str | None] | None:
    """(auto comment,) of one comment row: "No response." for an answer left as released."""
    if gid not in graded.unchanged:
        return None
    return ("No response." if graded.unchanged[gid] else None,)


@contextlib.contextmanager
def _values_on_insert(gb, prepared: PreparedSubmission, cell_names: dict[str, str]):
    """While nbgrader's ``add_submission`` runs, give each grade and comment row it creates
    its value before it is inserted: one insert and one commit per submission instead of an
    insert, an update and two commits. A submission graded before gets the same values
    through :func:`_record`'s updates."""
    from nbgrader.api import Comment, Grade
    from sqlalchemy import event

    graded_by_name = {g.name: g for g in prepared.notebooks}

    def fill(session, _context, _instances) -> None:
        for row in session.new:
            if not isinstance(row, Grade | Comment) or row.notebook is None:
                continue
            graded = graded_by_name.get(row.notebook.notebook.name)
            gid = cell_names.get(row.cell_id)
            if graded is None or gid is None:
                continue
            if isinstance(row, Grade):
                values = _grade_row(graded, gid, None, prepared.reviews)
                if values is not None:
                    row.auto_score, row.needs_manual_grade = values
            else:
                comment = _comment_row(graded, gid)
                if comment is not None:
                    (row.auto_comment,) = comment

    session = gb.db()
    event.listen(session, "before_flush", fill)
    try:
        yield
    finally:
        event.remove(session, "before_flush", fill)


def _record(
    gb,
    course: Path,
    quiz: str,
    prepared: PreparedSubmission,
    known: set[str],
    cell_names: dict[str, str],
) -> list[str]:
    """Write one prepared submission into the gradebook; return the grade ids a person
    must score (what nbgrader's ``needs_manual_grade`` of the submission is true for)."""
    student = prepared.student
    submitted = course / "submitted" / student / quiz
    out_dir = course / "autograded" / student / quiz
    if student not in known:
        gb.update_or_create_student(student)
        known.add(student)
    timestamp = _timestamp(submitted)
    with _values_on_insert(gb, prepared, cell_names):
        if timestamp:
            submission = gb.update_or_create_submission(quiz, student, timestamp=timestamp)
        else:
            submission = gb.update_or_create_submission(quiz, student)
    by_name = {n.notebook.name: n for n in submission.notebooks}
    for graded in prepared.notebooks:  # a regrade: set what an earlier grading left
        sub_nb = by_name[graded.name]
        for grade in sub_nb.grades:
            values = _grade_row(graded, grade.cell.name, grade.manual_score, prepared.reviews)
            if values is not None and values != (grade.auto_score, grade.needs_manual_grade):
                grade.auto_score, grade.needs_manual_grade = values
        for comment in sub_nb.comments:
            found = _comment_row(graded, comment.cell.name)
            if found is not None and found != (comment.auto_comment,):
                (comment.auto_comment,) = found
    # always: reading a row above may already have flushed an update (autoflush), so the
    # session's "dirty" list says nothing; a commit without writes costs nothing.
    gb.db.commit()
    # what nbgrader's SubmittedAssignment.needs_manual_grade computes, from the rows in hand
    needs_person = sorted(
        g.cell.name for n in submission.notebooks for g in n.grades if g.needs_manual_grade
    )
    if submission.duedate is not None and submission.total_seconds_late > 0:
        for notebook in submission.notebooks:
            gb.db.refresh(notebook)  # its score is computed by the database
        _late_penalty(gb, submission)
    for graded in prepared.notebooks:
        if graded.written:
            os.replace(graded.written, out_dir / f"{graded.name}.ipynb")
    for kept in KEPT_FILES:  # nbgrader's exchange needs these to return feedback
        path = submitted / kept
        if not path.is_symlink() and path.is_file() and path.stat().st_size <= 1000:
            out_dir.mkdir(parents=True, exist_ok=True)
            (out_dir / kept).write_bytes(path.read_bytes())
    return needs_person


def _late_penalty(gb, submission) -> None:
    """nbgrader's default late-submission plugin, as its ``AssignLatePenalties`` applies it."""
    from nbgrader.plugins import LateSubmissionPlugin

    plugin = LateSubmissionPlugin()
    for notebook in submission.notebooks:
        notebook.late_submission_penalty = plugin.late_submission_penalty(
            submission.student.id, notebook.score, submission.total_seconds_late
        )
    gb.db.commit()
