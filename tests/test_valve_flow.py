"""Vein valves during the calf pump: the schematic figure and the explorer."""

from __future__ import annotations

import pytest

from tests.conftest import MAX_TWIN_BYTES
from venous_course.explorers.valve_flow import valve_flow
from venous_course.figures import valve_flow as valve_fig


def test_valve_flow_controls_redraw_the_schematic():
    explorer = valve_flow()
    fig = explorer.live_figure

    def words():
        return " ".join(a.text for a in fig.layout.annotations)

    assert "UP" in words()
    explorer.controls["phase"].value = "relaxation"
    assert "no backflow" in words()
    explorer.controls["valves"].value = "incompetent"
    assert "REFLUX" in words() and "pools" in words()


def test_valve_parts_say_each_state_in_words():
    texts = {
        (p, v): " ".join(a["text"] for a in valve_fig.valve_parts(p, v)["annotations"])
        for p in valve_fig.PHASES
        for v in valve_fig.VALVE_CONDITIONS
    }
    assert "UP" in texts[("contraction", "competent")]
    assert "no backflow" in texts[("relaxation", "competent")]
    assert "REFLUX" in texts[("relaxation", "incompetent")]
    assert "pools" in texts[("relaxation", "incompetent")]
    assert "REFLUX" not in texts[("relaxation", "competent")]
    with pytest.raises(ValueError, match="phase"):
        valve_fig.valve_parts("walking", "competent")


def test_valve_twin_has_four_buttons_that_redraw():
    fig = valve_fig.valve_twin()
    assert "schematic" in fig.layout.title.text
    buttons = fig.layout.updatemenus[0].buttons
    assert len(buttons) == 4
    drawings = {str(b.args[0]["shapes"]) + str(b.args[0]["annotations"]) for b in buttons}
    assert len(drawings) == 4
    assert len(fig.to_json()) < MAX_TWIN_BYTES
