"""Build the course book (Jupyter Book 1), split along Jupyter Book's own lines.

- :mod:`.toc`: ``book/_toc.yml`` and the module notebooks it lists;
- :mod:`.staging`: the sources copied into ``book/_build/_src`` (with the package digest cell);
- :mod:`.audit`: checks of the executed notebooks and of the built HTML (offline, no dead widget);
- :mod:`.driver`: the driver that runs them in order around Jupyter Book;
- :mod:`.sphinx`: the Sphinx extension (``venous_course_tools.book.sphinx`` in ``_config.yml``);
- :mod:`.cli`: ``python -m venous_course_tools.book build|check`` (what ``make book`` runs).

The names most callers need are re-exported here.
"""

from __future__ import annotations

from venous_course_tools.book.audit import (
    WIDGET_STATE_MIMETYPE,
    WIDGET_VIEW_MIMETYPE,
    Finding,
    check_built_html,
    check_executed_notebooks,
    check_executed_outputs,
    check_static_copies,
)
from venous_course_tools.book.driver import build, ensure_built, page_paths
from venous_course_tools.book.staging import (
    BUILD_DIR_NAME,
    STAGING_NAME,
    input_digest,
    is_up_to_date,
    package_digest,
    stage,
    with_digest_cell,
)
from venous_course_tools.book.toc import (
    BookError,
    existing_modules,
    listed_modules,
    load_toc,
    module_problems,
    toc_files,
)
from venous_course_tools.paths import REPO

__all__ = [
    "BUILD_DIR_NAME",
    "REPO",
    "STAGING_NAME",
    "WIDGET_STATE_MIMETYPE",
    "WIDGET_VIEW_MIMETYPE",
    "BookError",
    "Finding",
    "build",
    "check_built_html",
    "check_executed_notebooks",
    "check_executed_outputs",
    "check_static_copies",
    "ensure_built",
    "existing_modules",
    "input_digest",
    "is_up_to_date",
    "listed_modules",
    "load_toc",
    "module_problems",
    "package_digest",
    "page_paths",
    "stage",
    "toc_files",
    "with_digest_cell",
]
