"""Where the course's checkout is. The tools work on a checkout (modules, book, quizzes); the
course package itself never reads the checkout (its data ship inside it)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
"""The repository root: ``src/venous_course_tools/paths.py`` is two folders below it."""
