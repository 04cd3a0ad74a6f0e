"""The browser tests' overlap rule (tests/browser/figure_text.py) on made-up text boxes."""

from __future__ import annotations

from tests.browser.figure_text import TOLERANCE_PX, TextBox, overlapping_texts, text_boxes


def box(kind, left, top, right, bottom, figure="fig-1", text="a text"):
    return TextBox(figure, kind, text if kind != "legend box" else "", left, top, right, bottom)


def test_a_title_over_a_note_is_found():
    found = overlapping_texts(
        [box("title", 10, 10, 200, 40, text="Healed at 24 weeks"),
         box("annotation", 50, 30, 300, 60, text="Note: added to compression")]
    )  # fmt: skip
    assert found == [
        'fig-1: title "Healed at 24 weeks" overlaps annotation "Note: added to compression" '
        "(150 x 10 px)"
    ]


def test_touching_boxes_within_the_tolerance_are_not_an_overlap():
    line_gap = TOLERANCE_PX - 0.5
    assert (
        overlapping_texts(
            [box("x tick label", 0, 0, 50, 20), box("x tick label", 49, 20 - line_gap, 90, 40)]
        )
        == []
    )
    assert (
        overlapping_texts([box("x tick label", 0, 0, 50, 20), box("x tick label", 60, 0, 90, 20)])
        == []
    )


def test_only_texts_of_the_same_figure_are_compared():
    same_place = [box("title", 0, 0, 100, 20, figure="a"), box("title", 0, 0, 100, 20, figure="b")]
    assert overlapping_texts(same_place) == []


def test_a_legend_box_covers_other_texts_but_not_its_own_items():
    legend = box("legend box", 0, 100, 300, 160)
    item = box("legend item", 10, 110, 200, 130, text="Compression alone")
    axis = box("x-axis title", 100, 90, 200, 110, text="Trial and outcome")
    found = overlapping_texts([legend, item, axis])
    assert found == ['fig-1: legend box overlaps x-axis title "Trial and outcome" (100 x 10 px)']


def test_browser_measurements_become_boxes():
    measured = [
        {"figure": "f", "kind": "title", "text": "T", "left": 1, "top": 2, "right": 3, "bottom": 4}
    ]
    assert text_boxes(measured) == [TextBox("f", "title", "T", 1.0, 2.0, 3.0, 4.0)]
