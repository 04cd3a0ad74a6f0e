"""nbgrader preprocessors that keep answer keys, rubrics and rationales where they belong.

Where each piece of an item lives (``quizzes/source/<quiz>/<quiz>.ipynb``):

* the key: inside ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` of a test cell;
* the rationale: ``# RATIONALE:`` comment lines inside that same hidden region;
* the grader's rubric of a hand-graded answer: between ``BEGIN RUBRIC`` and ``END RUBRIC``
  lines of a read-only markdown cell.

``generate_assignment`` saves every cell to the gradebook first, then nbgrader's
``ClearHiddenTests`` and :class:`ClearRubric` cut those regions out of the release.
``autograde`` restores read-only and test cells from the gradebook, so the grader sees the
rubric in formgrader. Autograde never runs the submission: :class:`GradeLiteralAnswers` takes
nbgrader's ``Execute`` step's place, reads each answer cell as source
(:mod:`.literals`) and runs the instructor's test cells, taken from the gradebook, against
those plain values in this trusted process; :class:`SaveAutoGradesWithReview` then stores the
scores through nbgrader's own ``SaveAutoGrades`` and marks refused answers for a person.
``generate_feedback`` runs
:class:`SanitizeFeedback`, which builds the page in words (:mod:`.feedback_page`) from the
gradebook and the quiz source: question, answer, points, scoring rule, rationale and module
to review per item; no code, test cell, hidden test or rubric, and the student's text escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from traitlets import Bool

from venous_course_tools.quizform import FORM_KEY

from .feedback_page import (
    FeedbackItem,
    Module,
    answer_html,
    contents_html,
    item_section,
    module_numbers,
    partial_credit_rule,
    split_stem,
    teachback_html,
    typed_answer_html,
)
from .grading import (
    REVIEW_KEY,
    TrustedCell,
    TrustedNotebook,
    grade_cells,
    is_student_id,
    load_trusted,
    refuse_optimised_python,
    restore_cells,
    run_trusted_test,
)
from .literals import assigned_names, read_answer_cell
from .safetext import printable

__all__ = [
    "CheckSubmittedFiles",
    "ClearRubric",
    "GradeLiteralAnswers",
    "SanitizeFeedback",
    "SaveAutoGradesWithReview",
    "run_trusted_test",
]

BEGIN_HIDDEN = "BEGIN HIDDEN TESTS"
END_HIDDEN = "END HIDDEN TESTS"
BEGIN_RUBRIC = "BEGIN RUBRIC"
END_RUBRIC = "END RUBRIC"
RATIONALE_PREFIX = re.compile(r"^\s*#\s*RATIONALE:\s?(.*)$")


def cut_region(source: str, begin: str, end: str) -> tuple[str, list[str]]:
    """Remove every ``begin`` ... ``end`` region (delimiter lines included) from ``source``.

    Returns the remaining text and the lines that were inside the regions. An unterminated
    region is cut to the end of the text (safer than leaking it).
    """
    kept: list[str] = []
    inside: list[str] = []
    in_region = False
    for line in source.split("\n"):
        if begin in line:
            in_region = True
        elif end in line and in_region:
            in_region = False
        elif in_region:
            inside.append(line)
        else:
            kept.append(line)
    return "\n".join(kept), inside


def rationale_from_hidden(lines: list[str]) -> str:
    """Return the text of the ``# RATIONALE:`` comment lines, joined into one paragraph."""
    parts = [m.group(1).strip() for line in lines if (m := RATIONALE_PREFIX.match(line))]
    return " ".join(p for p in parts if p)


class ClearRubric(Preprocessor):
    """Cut ``BEGIN RUBRIC`` ... ``END RUBRIC`` regions out of every cell (release and feedback)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if BEGIN_RUBRIC in cell.source:
            cell.source, _ = cut_region(cell.source, BEGIN_RUBRIC, END_RUBRIC)
        return cell, resources


class SanitizeFeedback(Preprocessor):
    """Build the feedback page in words (:mod:`.feedback_page`) from trusted data only.

    The gradebook (``resources['nbgrader']``, as in ``generate_feedback``) gives every cell's
    stored source (stems, answer stubs, the instructor's tests with their hidden rationale),
    the scores and the grader's comments; the quiz source notebook gives each item's type,
    module and answer-form metadata. Of the submission only the text of its answer cells is
    used, read as plain values and shown escaped. No code, test cell, hidden test or rubric
    reaches the page; the page sections go into ``resources['venous_course_feedback']``, and
    the notebook is emptied (the course's ``feedback`` template renders the sections only).
    Runs after nbgrader's ``GetGrades`` (scores are already computed).
    """

    enabled = Bool(True).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        from nbgrader.api import Gradebook

        info = resources.get("nbgrader") or {}
        if not all(k in info for k in ("db_url", "notebook", "assignment", "student")):
            raise ValueError(
                "Feedback is built from the gradebook: run it with 'nbgrader generate_feedback' "
                "or the course's feedback step."
            )
        with Gradebook(info["db_url"]) as gb:
            trusted = load_trusted(gb, info["notebook"], info["assignment"])
            scores = _scores(gb, info)
        submitted = {
            gid: str(cell.get("source", ""))
            for cell in nb.cells
            if isinstance(gid := _grade_id(cell), str)
            and gid in trusted.cells
            and trusted.cells[gid].solution
        }
        source_meta = _source_metadata(self.config, info["assignment"], info["notebook"])
        items = build_items(trusted, source_meta, submitted, scores, course_modules())
        resources["venous_course_feedback"] = {
            "title": _quiz_title(trusted, info["notebook"]),
            "contents": contents_html(items),
            "sections": [item_section(item, safe_markdown2html) for item in items],
        }
        nb.cells = []
        nb.metadata.pop(REVIEW_KEY, None)
        return nb, resources


def _grade_id(cell: NotebookNode) -> object:
    meta = cell.get("metadata", {})
    nbg = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbg.get("grade_id") if isinstance(nbg, dict) else None


@dataclass(frozen=True)
class Score:
    """One graded cell's result from the gradebook, and the grader's comment on its answer."""

    earned: float | None
    needs_review: bool


def _scores(gb: Any, info: dict[str, Any]) -> tuple[dict[str, Score], dict[str, str]]:
    """({grade id: score}, {answer grade id: grader's comment}) of one submitted notebook."""
    sub = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
    scores = {g.name: Score(g.score, bool(g.needs_manual_grade)) for g in sub.grades}
    comments = {c.name: c.comment or "" for c in sub.comments}
    return scores, comments


def _source_metadata(config: Any, assignment: str, notebook: str) -> dict[str, dict[str, Any]]:
    """{grade id: cell metadata} of the quiz source notebook (the instructor's, trusted)."""
    import nbformat
    from nbgrader.coursedir import CourseDirectory

    folder = CourseDirectory(config=config).format_path("source", ".", assignment)
    path = Path(folder) / f"{notebook}.ipynb"
    if not path.is_file():
        return {}
    found: dict[str, dict[str, Any]] = {}
    for cell in nbformat.read(path, as_version=4).cells:
        gid = _grade_id(cell)
        if isinstance(gid, str):
            found[gid] = dict(cell.metadata)
    return found


@lru_cache(maxsize=1)
def course_modules() -> dict[str, Module]:
    """{module number: Module} of the course's ``modules/NN-*.ipynb`` notebooks."""
    import nbformat

    from venous_course_tools.paths import REPO

    found: dict[str, Module] = {}
    for path in sorted((REPO / "modules").glob("[0-9][0-9]-*.ipynb")):
        title = path.stem.split("-", 1)[1].replace("-", " ").capitalize()
        for cell in nbformat.read(path, as_version=4).cells:
            heading = re.match(r"#\s+(.+)", cell.source.strip())
            if heading and cell.cell_type == "markdown":
                title = re.sub(r"^Module\s+\d+\s*[·:.-]\s*", "", heading.group(1)).strip()
                break
        found[path.stem[:2]] = Module(path.stem[:2], title, path.name)
    return found


def _quiz_title(trusted: TrustedNotebook, notebook: str) -> str:
    """The quiz's own heading (its first ``# `` line), else the notebook name."""
    for name in trusted.order:
        heading = re.match(r"#\s+(.+)", trusted.cells[name].source.strip())
        if heading:
            return heading.group(1).strip()
    return notebook


def build_items(
    trusted: TrustedNotebook,
    source_meta: dict[str, dict[str, Any]],
    submitted: dict[str, str],
    scores: tuple[dict[str, Score], dict[str, str]],
    modules: dict[str, Module],
) -> list[FeedbackItem]:
    """One :class:`FeedbackItem` per stem cell (a cell whose source metadata has
    ``venous_course_item``), from the cells that follow it up to the next stem: its answer
    cell (``solution``) and its scored cell (``grade``: the test cell, or the teach-back)."""
    grades, comments = scores
    groups: list[list[TrustedCell]] = []
    for name in trusted.order:
        if "venous_course_item" in source_meta.get(name, {}):
            groups.append([])
        if groups:
            groups[-1].append(trusted.cells[name])
    return [
        _item(group, source_meta, submitted, grades, comments, modules)
        for group in groups
        if any(c.grade for c in group)
    ]


def _item(
    group: list[TrustedCell],
    source_meta: dict[str, dict[str, Any]],
    submitted: dict[str, str],
    grades: dict[str, Score],
    comments: dict[str, str],
    modules: dict[str, Module],
) -> FeedbackItem:
    stem, rest = group[0], group[1:]
    item_meta = source_meta[stem.name]["venous_course_item"]
    item_type = str(item_meta.get("type", ""))
    answer = next((c for c in rest if c.solution), None)
    scored = next(c for c in rest if c.grade)
    heading, body = split_stem(stem.source)
    score = grades.get(scored.name, Score(None, True))
    rationale = ""
    if BEGIN_HIDDEN in scored.source:
        rationale = rationale_from_hidden(cut_region(scored.source, BEGIN_HIDDEN, END_HIDDEN)[1])
    return FeedbackItem(
        anchor=stem.name.removesuffix("-stem"),
        heading=heading or stem.name,
        stem_markdown=body,
        answer_html=_answer(answer, source_meta, submitted),
        earned=score.earned,
        possible=scored.points or 0.0,
        rule=partial_credit_rule(item_type, stem.source),
        rationale=rationale,
        modules=[modules[n] for n in module_numbers(item_meta.get("module")) if n in modules],
        comment=comments.get(answer.name, "") if answer else "",
        needs_review=score.needs_review,
    )


def _answer(
    answer: TrustedCell | None, source_meta: dict[str, dict[str, Any]], submitted: dict[str, str]
) -> str:
    """The student's answer in words, read from the submitted cell (never run)."""
    if answer is None:
        return "<p>Not answered.</p>"
    text = submitted.get(answer.name, answer.source)
    if answer.cell_type == "markdown":
        return teachback_html("" if text.strip() == answer.source.strip() else text)
    form = source_meta.get(answer.name, {}).get(FORM_KEY)
    names = assigned_names(answer.source)
    read = read_answer_cell(text, names)
    if not read.readable:
        return typed_answer_html(text, read.problem)
    variable = next(iter(sorted(names)), "")
    return answer_html(read.values.get(variable), form if isinstance(form, dict) else None)


# ---------------------------------------------------------------------------- autograde


class CheckSubmittedFiles(NbGraderPreprocessor):
    """The course pre-check's file checks, inside nbgrader's own autograde (first sanitize step).

    Plain ``nbgrader autograde`` and formgrader's *Autograde* button do not run the course CLI's
    pre-check; this step refuses, for them too, a submission reached through a symbolic link
    (the student's folder, the quiz folder or the notebook), a notebook over the size limit,
    and one with more cells than the quiz can hold. nbgrader then records that submission as
    failed and goes on with the class.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        from pathlib import Path

        from .precheck import shape_problem

        refuse_optimised_python()
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        name = f"{resources.get('unique_key', 'notebook')}.ipynb"
        info = resources.get("nbgrader") or {}
        if not is_student_id(str(info.get("student", ""))):
            raise ValueError(
                f"The submission folder name {printable(info.get('student', ''))!r} is not a "
                "valid student id (letters, digits, '.', '_' or '-'); rename or remove it, then "
                "autograde again."
            )
        for path in (folder.parent, folder, folder / name):
            if path.is_symlink():
                raise ValueError(
                    f"{printable(path)} is a symbolic link, so this submission is not graded: "
                    "ask the student for a new submission and collect it with the course's "
                    "collect step."
                )
        # The course root is three levels up: <root>/submitted/<student>/<quiz>.
        released = folder.parents[2] / "release" / folder.name / name
        if released.is_file():
            released_cells = len(nbformat.read(released, as_version=4).cells)
        else:  # no release folder here: the gradebook's cells are the quiz's
            from nbgrader.api import Gradebook

            with Gradebook(info["db_url"]) as gb:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
                released_cells = len(notebook.source_cells)
        size = (folder / name).lstat().st_size
        problem = shape_problem(name, size, len(nb.cells), released_cells)
        if problem:
            raise ValueError(f"{problem}: not graded.")
        return nb, resources


class GradeLiteralAnswers(NbGraderPreprocessor):
    """nbgrader's ``Execute`` step, without executing the submission.

    Rebuilds the notebook around the student's answers from the gradebook
    (:func:`.grading.restore_cells`), reads each answer cell as plain values and runs the
    instructor's test cells from the gradebook against them (:func:`.grading.grade_cells`).
    An answer that is not a plain value is never run: the tests that read it get a failing
    output with the reason, and the item is marked for review. Student-added cells never run.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        from nbgrader.api import Gradebook

        refuse_optimised_python()
        info = resources["nbgrader"]
        student = str(info.get("student", ""))
        if not is_student_id(student):
            raise ValueError(
                f"The submission folder name {printable(student)!r} is not a valid student id "
                "(letters, digits, '.', '_' or '-'); rename or remove it, then autograde again."
            )
        with Gradebook(info["db_url"]) as gb:
            trusted = load_trusted(gb, info["notebook"], info["assignment"])
        restore_cells(nb, trusted)
        review = grade_cells(nb, trusted)
        resources[REVIEW_KEY] = review
        nb.metadata[REVIEW_KEY] = review
        return nb, resources


class SaveAutoGradesWithReview(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, plus: an item whose answer was refused needs a person."""

    def _add_score(self, cell: NotebookNode, resources: dict[str, Any]) -> None:
        super()._add_score(cell, resources)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in resources.get(REVIEW_KEY, {}):
            grade = self.gradebook.find_grade(
                grade_id, self.notebook_id, self.assignment_id, self.student_id
            )
            grade.needs_manual_grade = True
            self.gradebook.db.commit()


# ---------------------------------------------------------------------------- rendering

#: Tags a rendered question, rationale or answer may use; anything else is shown as text.
SAFE_TAGS = frozenset(
    "a abbr b blockquote br code div em h1 h2 h3 h4 h5 h6 hr i li ol p pre span strong sub sup "
    "table tbody td th thead tr ul".split()
)


def safe_markdown2html(source: str) -> str:
    """Markdown to HTML with every tag, attribute and link scheme outside a safe list escaped.

    nbgrader's formgrader and feedback templates render markdown cells with ``markdown2html``
    and ignore ``HTMLExporter.sanitize_html``; ``nbgrader_config.py`` registers this function
    under that filter name, so a ``<script>`` or ``onerror=`` a student typed into the
    teach-back is shown as text to the grader and in feedback.
    """
    import bleach
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return bleach.clean(
        markdown2html_mistune(str(source)),
        tags=SAFE_TAGS,
        attributes={"a": ["href", "title"], "*": ["class"]},
        protocols=["http", "https", "mailto"],
    )
