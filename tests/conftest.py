"""Shared test settings: the repository root and the browser requirement switch."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The one module list of the tests: every modules/NN-kebab-case.ipynb, in reading order. Files
# starting with "_" (the template) are not modules; the book checks its toc against this same
# set of files, and test_modules checks that the numbers run 00, 01, ... without a gap.
MODULE_PATHS: tuple[Path, ...] = tuple(sorted((REPO / "modules").glob("[0-9][0-9]-*.ipynb")))
COURSE_MODULES: tuple[str, ...] = tuple(path.stem for path in MODULE_PATHS)


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


# Colours every course figure may use (Okabe-Ito), and the same with white (table cells).
OKABE_ITO_COLOURS: frozenset[str] = frozenset(
    ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
)
OKABE_ITO_OR_WHITE: frozenset[str] = OKABE_ITO_COLOURS | {"#FFFFFF"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def labels_visible(widget) -> None:
    """Fail when a value control in the widget tree has no visible label."""
    from ipywidgets import Box, ValueWidget

    stack = [widget]
    while stack:
        item = stack.pop()
        if isinstance(item, Box):
            stack.extend(item.children)
        elif isinstance(item, ValueWidget) and not type(item).__name__ == "HTML":
            assert getattr(item, "description", ""), f"{type(item).__name__} has no label"


def twin_steps(fig) -> list[dict]:
    """Every slider step and menu button of a twin figure, as plain data."""
    steps = [s for slider in fig.layout.sliders for s in slider.steps]
    steps += [b for menu in fig.layout.updatemenus for b in menu.buttons]
    assert steps, "a twin needs sliders or menus"
    return [s.to_plotly_json() for s in steps]


def assert_twin_changes_data(fig) -> None:
    """Every control state of a twin changes the figure, and the twin stays small."""
    args = [repr(s["args"]) for s in twin_steps(fig)]
    assert len(set(args)) == len(args) > 1, "every control state must change the figure"
    assert len(fig.to_json()) < MAX_TWIN_BYTES


def serious_axe_violations(page, context: dict | None = None) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one readable line each.

    ``context`` limits the check (axe's include/exclude), e.g. to the course's own forms.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context) if context else Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
