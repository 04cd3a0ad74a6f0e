"""Unit 1 content helpers: the cited prevalence figure and the worked ABPI calculation."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from venous_course import abpi, selfcheck, vcss
from venous_course.content import unit1


def test_prevalence_figure_shows_the_cited_edinburgh_numbers():
    fig = unit1.prevalence_figure()
    by_group = {trace.name: list(trace.y) for trace in fig.data}
    assert by_group == {"Men": [40.0, 9.0], "Women": [32.0, 7.0]}


def test_prevalence_figure_is_accessible():
    fig = unit1.prevalence_figure()
    assert fig.layout.title.text == unit1.PREVALENCE_TITLE
    assert "%" in fig.layout.yaxis.title.text
    assert fig.layout.xaxis.title.text
    # Colour is never the only cue: distinct fill patterns and text labels on every bar.
    patterns = {trace.marker.pattern.shape for trace in fig.data}
    assert len(patterns) == len(fig.data)
    assert all(trace.text and len(trace.text) == len(trace.y) for trace in fig.data)


def test_alt_text_states_every_number_in_the_figure():
    for value in (40, 32, 9, 7):
        assert f"{value} per cent" in unit1.PREVALENCE_ALT_TEXT


def test_worked_abpi_uses_the_highest_readings():
    working = unit1.abpi_working("right", [120, 126], [138, 142])
    assert working.highest_ankle_mmhg == 126
    assert working.highest_arm_mmhg == 142
    assert working.index == pytest.approx(126 / 142)
    assert working.band_label == "0.8 to 1.3"
    assert working.pad_category == "abnormal"
    lines = working.lines()
    assert "126 / 142 = 0.89" in lines[2]


def test_worked_abpi_low_index_needs_a_specialist():
    working = unit1.abpi_working("left", [96, 100], [138, 142])
    assert round(working.index, 2) == 0.70
    assert "specialist" in working.band_guidance
    assert working._repr_markdown_().startswith("1. ")


@pytest.mark.parametrize(
    ("leg", "ankles", "arms"),
    [("", [120], [140]), ("right", [], [140]), ("right", [120], [-5]), ("right", [0], [140])],
)
def test_worked_abpi_rejects_bad_input_with_a_sentence(leg, ankles, arms):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        unit1.abpi_working(leg, ankles, arms)


# The worked numbers written into the unit-1 modules must agree with the course's models.
MODULES = Path(__file__).resolve().parents[1] / "modules"


def _module_text(name: str) -> str:
    nb = nbformat.read(MODULES / name, as_version=4)
    return "\n".join(cell.source for cell in nb.cells)


def test_module_04_worked_abpi_matches_the_calculator():
    text = _module_text("04-contraindications.ipynb")
    right = unit1.abpi_working("right", [120, 126], [138, 142])
    left = unit1.abpi_working("left", [96, 100], [138, 142])
    assert f"126 ÷ 142 = **{right.index:.2f}**" in text
    assert f"100 ÷ 142 = **{left.index:.2f}**" in text
    assert abpi.compression_band(left.index) == "specialist"


def _key(item_id: str) -> str:
    """The text of the one correct option of a single-answer self-check."""
    (key,) = [o.text for o in selfcheck.item(item_id).options if o.correct]
    return key


def test_module_04_abpi_self_check_answer_is_the_model_answer():
    index = abpi.leg_index([118, 110], [150, 146])
    assert _key("04-abpi-calculation").startswith(f"{index:.2f}: only reduced compression")
    assert abpi.compression_band(index) == "specialist"


def test_module_03_vcss_self_check_total_is_the_model_total():
    total = vcss.score(pain=2, varicose_veins=2, venous_edema=1, skin_pigmentation=1)
    assert _key("03-vcss-scoring").startswith(f"{total}; below the 8 often used")
    assert not vcss.is_often_called_severe(total)
