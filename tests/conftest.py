"""Shared test settings: the repository root and the browser requirement switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Every module of the course, in reading order (README table, book toc and tests agree on it).
COURSE_MODULES: tuple[str, ...] = (
    "00-welcome",
    "01-what-is-venous-insufficiency",
    "02-why-it-matters",
    "03-indications",
    "04-contraindications",
    "05-how-treatment-works",
    "06-the-procedure",
    "07-types-of-treatment",
    "08-benefits-and-risks",
    "09-aftercare-and-longevity",
    "10-alternatives-and-comparisons",
    "11-answering-patient-questions",
)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


def browser_required() -> bool:
    """True in CI (REQUIRE_BROWSER=1): a missing browser is then a failure, not a skip."""
    return os.environ.get("REQUIRE_BROWSER") == "1"
