"""nbgrader settings for JupyterLab started at the checkout root (``make lab``).

nbgrader's lab extensions read ``nbgrader_config.py`` from the folder the server starts in:
formgrader (instructors) and the Assignments panel (students) would otherwise not find the
course, which lives in ``quizzes/``. This file only loads ``quizzes/nbgrader_config.py``, so
the course root, gradebook and exchange (and their environment variables,
VENOUS_GRADEBOOK_URL and VENOUS_EXCHANGE_ROOT) are set in one place.

Students who fetch a quiz from the Assignments panel get it in a folder named after the quiz
(for example ``quiz-01-understanding/``) next to ``modules/``.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
load_subconfig(str(Path(__file__).resolve().parent / "quizzes" / "nbgrader_config.py"))  # noqa: F821
