"""nbgrader configuration of the venous-course quizzes (this folder is the course root).

Environment variables (all optional):
  VENOUS_GRADEBOOK_URL  gradebook database, default sqlite in this folder (gradebook.db).
                        PostgreSQL with SQLAlchemy 2: postgresql+psycopg2://user@host/db
  VENOUS_EXCHANGE_ROOT  nbgrader exchange folder, default exchange/ in this folder (one
                        laptop). On JupyterHub set it to the shared exchange, e.g.
                        /srv/nbgrader/exchange, and give every student their own cache.

Run nbgrader with the virtualenv's bin/ on PATH (it shells out to alembic), or use
``python -m venous_course_tools.instructor <step>`` which does that for you.
"""

import os
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The custom preprocessors live in the venous_course package; make a plain checkout work too.
_SRC = HERE.parent / "src"
if _SRC.is_dir() and str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))

import importlib.resources  # noqa: E402

# nbgrader 0.9 builds gradebook rows in a way SQLAlchemy 2 warns about on every autograde and
# in formgrader ("Object of type <SubmittedAssignment> not in session ..."): the grades are
# right and nobody can act on it, so it stays off the instructor's terminal and server log.
warnings.filterwarnings("ignore", message=r"Object of type <\w+> not in session", module="nbgrader")

import nbgrader  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    DeduplicateIds,
    GetGrades,
    IncludeHeaderFooter,
    InstantiateTests,
    LimitOutput,
    LockCells,
    OverwriteCells,
    OverwriteKernelspec,
    SaveCells,
)

from venous_course_tools.instructor.export import SafeCsvExportPlugin  # noqa: E402
from venous_course_tools.instructor.preprocessors import (  # noqa: E402
    CheckSubmittedFiles,
    ClearRubric,
    GradeLiteralAnswers,
    SanitizeFeedback,
    SaveAutoGradesWithReview,
    safe_markdown2html,
)

COURSE_TEMPLATES = importlib.resources.files("venous_course_tools.instructor") / "templates"
NBGRADER_TEMPLATES = (
    Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
)

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.CourseDirectory.course_id = "venous-course"
c.CourseDirectory.root = str(HERE)
c.CourseDirectory.db_url = os.environ.get(
    "VENOUS_GRADEBOOK_URL", "sqlite:///" + str(HERE / "gradebook.db")
)
c.Exchange.root = os.environ.get("VENOUS_EXCHANGE_ROOT", str(HERE / "exchange"))

# Release: nbgrader's default order, plus ClearRubric after the cells are saved to the
# gradebook (so formgrader still shows the rubric) and before checksums are recomputed.
c.GenerateAssignment.preprocessors = [
    IncludeHeaderFooter,
    InstantiateTests,
    LockCells,
    ClearSolutions,
    ClearOutput,
    CheckCellMetadata,
    ComputeChecksums,
    SaveCells,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearRubric,
    ComputeChecksums,
    CheckCellMetadata,
]
# What an unanswered code cell says in the release (the cell above it sets qN = None).
c.ClearSolutions.code_stub = {
    "python": "# Replace None above with your answer, then run the next cell."
}
c.ClearSolutions.text_stub = "Write your answer here (replace this line)."

# Autograde executes NO student code, whoever starts it (`nbgrader autograde`, formgrader's
# button, the course CLI): nbgrader's Execute step is replaced by GradeLiteralAnswers, which
# reads each answer cell as plain values and runs the instructor's test cells, taken from the
# gradebook, against them in this trusted process. No kernel is started. The sanitize steps
# are nbgrader's defaults (OverwriteCells restores read-only and test cells from the
# gradebook); a deleted test cell is put back and graded (the course report still flags it).
# CheckSubmittedFiles (first) refuses, for every route, a submission reached through a
# symbolic link, an over-sized notebook and one with more cells than the quiz can hold; the
# rest is nbgrader's default sanitize chain.
c.Autograde.sanitize_preprocessors = [
    CheckSubmittedFiles,
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]
# A folder whose id is not on the roster never becomes a student, on every route: plain
# `nbgrader autograde` and formgrader's Autograde button stop on it with nbgrader's own
# "No student with ID" message (the roster comes first: `make quiz-students`).
c.Autograde.create_student = False
c.Autograde.autograde_preprocessors = [
    GradeLiteralAnswers,
    LimitOutput,
    SaveAutoGradesWithReview,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.OverwriteCells.add_missing_cells = True
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50

# Feedback in words (question, answer, points, scoring rule, rationale, module to review),
# built from the gradebook and the quiz source by SanitizeFeedback and rendered by the
# course's templates/feedback/index.html.j2: never code, a test cell, a hidden test or rubric.
c.GenerateFeedback.preprocessors = [GetGrades, SanitizeFeedback]
# Any HTML a student typed (the teach-back is markdown) is shown as text, in feedback and in
# formgrader: both render markdown with the exporter's `markdown2html` filter (their templates
# ignore `sanitize_html`, which covers the other templates), replaced here by a sanitising one.
c.HTMLExporter.sanitize_html = True

# Formgrader and feedback pages make no request to another host: formgrader's MathJax comes
# from this Jupyter server, and the feedback page (a file read offline) loads nothing at all.
# The course's template folders (the formgrade mathjax macro, the feedback page) are searched
# before nbgrader's own.
c.HTMLExporter.extra_template_basedirs = [str(COURSE_TEMPLATES), str(NBGRADER_TEMPLATES)]
c.HTMLExporter.filters = {"markdown2html": safe_markdown2html}

# Grades CSV: quoted properly, and a cell starting with = + - @ cannot become a formula.
c.ExportApp.plugin_class = SafeCsvExportPlugin
