"""Native HTML controls generated from a twin figure's plotly menus and sliders."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from venous_course.figures.twin_controls import control_spec, plain_text, twin_controls_html


def _figure() -> go.Figure:
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
    fig.update_layout(
        updatemenus=[
            {
                "type": "buttons",
                "buttons": [
                    {"label": "<b>Competent</b>", "method": "restyle", "args": [{"y": [[0, 1]]}]},
                    {"label": "Reflux", "method": "restyle", "args": [{"y": [[1, 0]]}]},
                ],
            },
            {
                "type": "dropdown",
                "name": "Patient",
                "active": 1,
                "buttons": [
                    {"label": f"P{i}", "method": "update", "args": [{}, {"title.text": f"{i}"}]}
                    for i in range(6)
                ],
            },
        ],
        sliders=[
            {
                "currentvalue": {"prefix": "Steps walked: "},
                "steps": [
                    {"label": str(n), "method": "update", "args": [{"y": [[n, n]]}]}
                    for n in range(4)
                ],
            },
            {"visible": False, "steps": [{"label": "a", "method": "skip", "args": []}]},
        ],
    )
    return fig


def test_each_plotly_control_becomes_a_labelled_native_control():
    spec = control_spec(_figure())
    assert [(s["kind"], s["widget"], s["label"]) for s in spec] == [
        ("updatemenus", "radio", "Show"),
        ("updatemenus", "select", "Patient"),
        ("sliders", "range", "Steps walked"),
    ]  # the one-step slider (nothing to choose) gets no control
    assert spec[0]["steps"][0] == {"label": "Competent", "at": 0}
    assert spec[1]["active"] == 1


def test_controls_html_labels_every_input_and_starts_at_the_active_step():
    markup = twin_controls_html(_figure(), "fig-1")
    for field in re.findall(r'<(?:select|input type="range") id="([^"]+)"', markup):
        assert f'<label for="{field}">' in markup, field
    assert re.search(r"<fieldset><legend>Show</legend>", markup)
    assert markup.count('type="radio"') == 2
    assert '<option value="1" selected>P1</option>' in markup
    assert 'min="0" max="3"' in markup and 'aria-valuetext="0"' in markup
    spec_json = markup.split("spec=", 1)[1].split(",root=", 1)[0]
    assert '"args"' not in spec_json and "title.text" not in spec_json, (
        "step arguments are read from the figure, not copied into the page"
    )


def test_a_figure_without_controls_gets_nothing():
    assert twin_controls_html(go.Figure(go.Bar(x=[1], y=[2])), "fig-2") == ""


@pytest.mark.parametrize("label", ["<b>ABPI</b>: ", "ABPI<br>: "])
def test_labels_are_plain_text(label):
    assert plain_text(label) == "ABPI :" or plain_text(label) == "ABPI:"


def test_labels_from_figures_are_escaped():
    fig = _figure()
    fig.layout.updatemenus[1].buttons[0].label = "x</option><script>alert(1)</script>"
    markup = twin_controls_html(fig, "fig-3")
    assert "<script>alert(1)" not in markup


def test_the_annotation_labelling_a_plotly_menu_is_hidden_with_it():
    """In the book the native control carries the menu's label ("Leg condition"), so the
    annotation that labelled plotly's own menu is hidden too: left alone it labelled nothing
    and ran into the title on a phone."""
    from venous_course.display import control_label
    from venous_course.figures.twin_controls import control_label_positions

    fig = _figure()
    fig.add_annotation(text="A note that stays")
    fig.add_annotation(control_label("Patient", 1.05))
    assert control_label_positions(fig) == [1]
    html = twin_controls_html(fig, "fig")
    assert "labels=[1]" in html
    assert '<label for="fig-controls-c1">Patient</label>' in html
