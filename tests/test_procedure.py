"""The six procedure steps of the source text, with the nurse's roles, as data."""

from __future__ import annotations

import pytest

from venous_course import procedure


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
