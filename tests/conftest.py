"""Shared test settings: the repository root and the browser requirement switch."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
    "12-leg-ulcer-and-compression-care",
)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


def browser_required() -> bool:
    """True in CI (REQUIRE_BROWSER=1): a missing browser is then a failure, not a skip."""
    return os.environ.get("REQUIRE_BROWSER") == "1"


def chromium_or_skip() -> Iterator[object]:
    """Body of the package-scoped browser fixtures: Debian's Chromium, or a skip that names
    what is missing (a failure instead when REQUIRE_BROWSER=1)."""
    from venous_course_tools.browser import BrowserUnavailable, launched_chromium

    try:
        with launched_chromium() as chromium:
            yield chromium
    except BrowserUnavailable as error:
        if browser_required():
            pytest.fail(f"{error} (REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
        pytest.skip(str(error))


# The book's twin of an explorer must stay small (issue budget: 300 KB of JSON).
MAX_TWIN_BYTES = 300 * 1024


def trace_colours(fig) -> set[str]:
    """Every line and marker colour of a plotly figure's traces, upper-cased."""
    found = set()
    for trace in fig.data:
        for attr in ("line", "marker"):
            part = getattr(trace, attr, None)
            colour = getattr(part, "color", None) if part is not None else None
            if isinstance(colour, str):
                found.add(colour.upper())
            elif colour is not None:
                found.update(c.upper() for c in colour)
    return found
