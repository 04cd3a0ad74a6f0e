"""Instructor tools for the nbgrader quizzes in ``quizzes/``.

Run ``python -m venous_course_tools.instructor --help``. Each step wraps the real nbgrader command;
see ``quizzes/README.md`` for the whole workflow.
"""
