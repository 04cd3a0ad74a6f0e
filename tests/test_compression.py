"""Compression classes by country: the numbers equal the fact sheet and lookups behave."""

from __future__ import annotations

import pytest

from venous_course import compression as cmp


def _ranges(system: str) -> list[tuple[float, float | None]]:
    return [(c.low_mmhg, c.high_mmhg) for c in cmp.classes_of(system)]


def test_numbers_equal_the_fact_sheet():
    assert _ranges(cmp.UK) == [(14, 17), (18, 24), (25, 35)]
    assert _ranges(cmp.GERMANY) == [(18, 21), (23, 32), (34, 46), (49, None)]
    assert _ranges(cmp.US) == [(15, 20), (20, 30), (30, 40)]
    assert cmp.ULCER_ANKLE_PRESSURE_MMHG == 40


def test_citations_name_bibtex_keys_and_us_has_no_standard():
    assert {c.citation for c in cmp.classes_of(cmp.UK)} == {"ukdrugtariff"}
    assert {c.citation for c in cmp.classes_of(cmp.GERMANY)} == {"ralgz387"}
    assert {c.citation for c in cmp.classes_of(cmp.US)} == {""}
    assert "no US national class standard" in cmp.US_NOTE


def test_same_pressure_means_different_classes():
    found = cmp.classes_containing(20)
    assert [c.label for c in found[cmp.UK]] == ["Class 2"]
    assert [c.label for c in found[cmp.GERMANY]] == ["Class I"]
    assert [c.label for c in found[cmp.US]] == ["15-20 mmHg", "20-30 mmHg"]  # shared end point


def test_gaps_and_open_ended_class():
    assert cmp.classes_containing(22)[cmp.GERMANY] == ()
    assert [c.label for c in cmp.classes_containing(80)[cmp.GERMANY]] == ["Class IV"]
    assert cmp.classes_of(cmp.GERMANY)[-1].range_text == "49 mmHg and above"
    assert "no class" in cmp.describe_pressure(22)


@pytest.mark.parametrize("bad", [-1, 101, float("nan"), "20", True])
def test_bad_pressure_is_a_sentence(bad):
    with pytest.raises(ValueError, match="mmHg"):
        cmp.classes_containing(bad)


def test_unknown_system():
    with pytest.raises(ValueError, match="not a compression system"):
        cmp.classes_of("France")
