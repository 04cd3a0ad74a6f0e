"""The six procedure steps of the source text, with the nurse's roles, as data."""

from __future__ import annotations

import pytest

from tests.conftest import assert_twin_changes_data
from venous_course import procedure
from venous_course.explorers.procedure_timeline import procedure_timeline
from venous_course.figures import procedure as procedure_fig


def test_six_steps_in_the_source_order():
    assert [s.number for s in procedure.STEPS] == [1, 2, 3, 4, 5, 6]
    assert [s.key for s in procedure.STEPS] == [
        "consultation",
        "assessment",
        "preparation",
        "procedure",
        "closure",
        "recovery",
    ]


def test_nurse_roles_cover_the_brief():
    roles = " ".join(r.lower() for s in procedure.STEPS for r in s.nurse_roles)
    for word in (
        "history",
        "medicines",
        "consent",
        "expectations",
        "marking",
        "anaesthesia",
        "sedation",
        "ultrasound",
        "dressings",
        "compression",
        "walking",
        "complications",
        "follow-up",
        "staged",
    ):
        assert word in roles, word
    assert all(s.nurse_roles and s.what_happens for s in procedure.STEPS)


def test_variation_is_said():
    assert "vary by clinician and case" in procedure.VARIES_NOTE


def test_step_lookup_and_summary():
    assert procedure.step(3).title == "Preparation and anaesthesia"
    assert "Nurse's role" in procedure.step_summary(6)


@pytest.mark.parametrize("bad", [0, 7, 2.0, "3", True])
def test_bad_step_is_a_sentence(bad):
    with pytest.raises(ValueError, match="whole number from 1 to 6"):
        procedure.step(bad)


# --- figure and explorer --------------------------------------------------------------------------


def test_procedure_buttons_move_the_highlight():
    live = procedure_timeline(step=1).widget
    assert live.previous.disabled
    live.next.click()
    assert live.step.value == 2
    assert list(live.figure.data[1].marker.symbol).index("star") == 1
    assert "Assessment and planning" in live.details.value
    live.step.value = 6
    assert live.next.disabled and "Encourage early walking" in live.details.value
    live.next.click()
    assert live.step.value == 6


def test_procedure_live_and_twin_text_come_from_one_source():
    from venous_course import procedure
    from venous_course.figures.procedure import procedure_twin, step_details

    live = procedure_timeline().widget
    twin = procedure_twin(1)
    slider_texts = [
        value
        for step in twin.layout.sliders[0].steps
        for arg in step.args
        if isinstance(arg, dict)
        for key, value in arg.items()
        if key.endswith(".text") and key.startswith("annotations")
    ]
    for number in range(1, len(procedure.STEPS) + 1):
        live.step.value = number
        assert step_details(number) in live.details.value
        assert step_details(number) in slider_texts
    assert procedure.ROLES_HEADING in step_details(3)


def test_procedure_timeline_highlight_and_details():
    fig = procedure_fig.procedure_figure(4)
    markers = fig.data[1]
    assert list(markers.marker.symbol).index("star") == 3
    assert "step 4 of 6" in fig.layout.title.text
    details = next(a.text for a in fig.layout.annotations if a.name == "details")
    assert "Ultrasound" in details or "ultrasound" in details
    assert "Step in the usual order" in fig.layout.xaxis.title.text
    with pytest.raises(ValueError):
        procedure_fig.procedure_figure(7)


def test_procedure_twin_slider_over_six_steps():
    fig = procedure_fig.procedure_twin()
    assert len(fig.layout.sliders[0].steps) == 6
    assert_twin_changes_data(fig)
