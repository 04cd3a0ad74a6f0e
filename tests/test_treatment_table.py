"""The treatment comparison's book face: an accessible HTML table with a target filter."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from venous_course import explorers
from venous_course.figures.treatment_table import CAPTION, treatment_table_html
from venous_course.treatments import TARGETS, load_treatments


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(markup: str) -> list[tuple[str, dict]]:
    parser = _Cells()
    parser.feed(markup)
    return parser.tags


def test_every_modality_is_a_row_with_a_row_header_and_labelled_cells():
    catalogue = load_treatments()
    markup = treatment_table_html(catalogue, element_id="t")
    tags = _parse(markup)
    rows = [a for t, a in tags if t == "tr" and "data-targets" in a]
    assert len(rows) == len(catalogue)
    assert sum(1 for t, a in tags if t == "th" and a.get("scope") == "row") == len(catalogue)
    assert {a.get("data-label") for t, a in tags if t == "td"} == {
        "Targets",
        "Anaesthesia",
        "Setting",
        "Main risks",
    }
    assert f"<caption>{CAPTION}</caption>" in markup
    for treatment in catalogue:
        assert treatment.name in markup


def test_the_filter_is_a_labelled_select_of_every_target():
    markup = treatment_table_html(load_treatments(), element_id="t")
    assert '<label for="t-target">' in markup and '<select id="t-target">' in markup
    values = re.findall(r'<option value="([^"]*)">', markup)
    assert values == ["", *TARGETS]


def test_text_from_data_is_escaped():
    catalogue = load_treatments()
    hostile = catalogue[0].__class__(
        **{**catalogue[0].__dict__, "name": "<script>alert(1)</script>"}
    )
    markup = treatment_table_html((hostile,), element_id="t")
    assert "<script>alert(1)</script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup


def test_the_comparator_shows_the_table_in_the_book_and_keeps_its_plotly_twin():
    explorer = explorers.treatment_comparator()
    book_face = explorer._repr_mimebundle_()["text/html"]
    assert "<table" in book_face and "plotly-graph-div" not in book_face
    assert explorer.static_figure().data[0].type == "table"  # the lab and tests keep the twin
