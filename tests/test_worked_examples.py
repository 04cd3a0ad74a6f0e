"""Worked examples: the ABPI walk-through, and worked numbers in modules that must agree with
the models."""

from __future__ import annotations

import nbformat
import pytest

from tests.conftest import REPO
from venous_course import abpi, selfcheck, treatments, vcss, worked_examples


def test_worked_abpi_uses_the_highest_readings():
    working = worked_examples.abpi_working("right", [120, 126], [138, 142])
    assert working.highest_ankle_mmhg == 126
    assert working.highest_arm_mmhg == 142
    assert working.index == pytest.approx(126 / 142)
    assert working.band_label == "0.8 to 1.3"
    assert working.pad_category == "abnormal"
    lines = working.lines()
    assert "126 / 142 = 0.89" in lines[2]


def test_worked_abpi_low_index_needs_a_specialist():
    working = worked_examples.abpi_working("left", [96, 100], [138, 142])
    assert round(working.index, 2) == 0.70
    assert "specialist" in working.band_guidance
    assert working._repr_markdown_().startswith("1. ")


@pytest.mark.parametrize(
    ("leg", "ankles", "arms"),
    [("", [120], [140]), ("right", [], [140]), ("right", [120], [-5]), ("right", [0], [140])],
)
def test_worked_abpi_rejects_bad_input_with_a_sentence(leg, ankles, arms):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        worked_examples.abpi_working(leg, ankles, arms)


# The worked numbers written into the modules must agree with the course's models.
MODULES = REPO / "modules"


def _module_text(name: str) -> str:
    nb = nbformat.read(MODULES / name, as_version=4)
    return "\n".join(cell.source for cell in nb.cells)


def test_module_04_worked_abpi_matches_the_calculator():
    text = _module_text("04-contraindications.ipynb")
    right = worked_examples.abpi_working("right", [120, 126], [138, 142])
    left = worked_examples.abpi_working("left", [96, 100], [138, 142])
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


def test_the_nice_order_item_follows_the_treatment_model():
    assert treatments.NICE_CG168_ORDER == (
        "Endothermal ablation",
        "Ultrasound-guided foam sclerotherapy",
        "Surgery",
    )
    assert selfcheck.item("07-nice-order").steps == treatments.NICE_CG168_ORDER
