"""The display layer: HTML twins with text alternatives, and line wrapping for plotly text."""

import plotly.graph_objects as go
import pytest

from venous_course import display


def test_wrap_lines_breaks_at_words_within_the_width():
    text = "compression is safe for most people in this range of the index"
    wrapped = display.wrap_lines(text, 20)
    assert all(len(line) <= 20 for line in wrapped.split("<br>"))
    assert wrapped.replace("<br>", " ") == text
    assert display.wrap_lines("lipodermatosclerosis", 5) == "lipodermatosclerosis"


def test_figure_html_has_no_plotly_js_and_shows_the_text_alternative():
    fig = go.Figure(go.Bar(x=["a"], y=[1]), layout=display.base_layout("T", "x (unit)", "y (unit)"))
    html = display.figure_html(fig, "One bar of height 1 & more")
    assert "Text alternative" in html and "One bar of height 1 &amp; more" in html
    assert "cdn.plot.ly" not in html and "<script src=" not in html
    bundle = display.show_figure(fig, "alt")._repr_mimebundle_()
    assert {display.PLOTLY_MIMETYPE, "text/html", "text/plain"} <= set(bundle)


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_figure_without_text_alternative_is_refused(alt):
    with pytest.raises(ValueError, match="text alternative"):
        display.show_figure(go.Figure(), alt)


def test_a_narrow_layout_rides_in_the_figure_meta_for_the_book():
    import plotly.graph_objects as go

    from venous_course.display import NARROW_LAYOUT_KEY, NARROW_TEXT_KEY, with_narrow_layout

    fig = go.Figure(go.Bar(x=[1], y=["a"], text=["long text"]), layout={"meta": {"mine": 1}})
    with_narrow_layout(fig, {"yaxis.ticktext": ["a"], "margin.l": 10}, {0: ["short"]})
    assert fig.layout.meta["mine"] == 1  # what the figure held stays
    assert fig.layout.meta[NARROW_LAYOUT_KEY] == {"yaxis.ticktext": ["a"], "margin.l": 10}
    assert fig.layout.meta[NARROW_TEXT_KEY] == {"0": ["short"]}
    assert fig.data[0].text == ("long text",)  # the wide figure is unchanged
