"""The built book's files: offline and self-contained (no browser needed, but a build)."""

from __future__ import annotations

import json

import pytest

from venous_course_tools.book import check_built_html
from venous_course_tools.book.sphinx import PLOTLY_JS

pytestmark = pytest.mark.slow


def test_built_book_loads_nothing_from_other_hosts(built_book):
    """No page or stylesheet loads a script, style, font or image from another host."""
    findings = check_built_html(built_book)
    assert findings == [], "\n".join(map(str, findings))


def test_no_binder_thebe_or_repository_links(built_book):
    """No launch, thebe or repository buttons: none of them can work offline."""
    offenders = []
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for marker in ("mybinder", "binderhub", "thebe", "github.com/executablebooks", "colab"):
            if marker in text.lower():
                offenders.append(f"{page.relative_to(built_book)}: {marker}")
    assert offenders == []


def test_plotly_js_is_local_and_only_on_pages_with_figures(built_book):
    """plotly.js is the wheel's own copy and is loaded only where a figure needs it."""
    assert (built_book / "_static" / PLOTLY_JS).stat().st_size > 1_000_000
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        has_figure = "plotly-graph-div" in text
        loads_plotly = PLOTLY_JS in text
        assert has_figure == loads_plotly, f"{page.relative_to(built_book)}"


def test_no_saved_widget_state_in_pages(built_book):
    """Saved widget state needs a kernel-side manager this book never loads: dead weight."""
    heavy = [
        str(p.relative_to(built_book))
        for p in built_book.rglob("*.html")
        if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8")
    ]
    assert heavy == []


def test_search_index_knows_the_glossary(built_book):
    """The offline search index covers the glossary (what the search page relies on)."""
    index = (built_book / "searchindex.js").read_text(encoding="utf-8")
    payload = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    assert "lipodermatosclerosi" in payload["terms"] or "lipodermatosclerosis" in payload["terms"]
