"""Unit 2 content helpers (modules 05-07): the cited thrombosis chart and the NICE order."""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.conftest import REPO
from venous_course.content import unit2
from venous_course.content.unit2 import ComplicationRate


def test_figure_shows_the_cited_marsh_rates():
    fig = unit2.thrombotic_complications_figure()
    bars = {trace.name: dict(zip(trace.x, trace.y, strict=True)) for trace in fig.data}
    assert bars == {
        "DVT": {"RFA": 0.7, "EVLA": 1.0},
        "EHIT": {"RFA": 0.2, "EVLA": 0.9},
    }
    assert {rate.citation for rate in unit2.THERMAL_ABLATION_THROMBOSIS} == {"marsh2010dvt"}


def test_figure_is_accessible_without_colour():
    fig = unit2.thrombotic_complications_figure()
    assert fig.layout.title.text
    assert "%" in fig.layout.yaxis.title.text
    assert fig.layout.xaxis.title.text
    assert len({trace.marker.pattern.shape for trace in fig.data}) == len(fig.data)
    assert len({trace.marker.color for trace in fig.data}) == len(fig.data)
    assert all(len(trace.text) == len(trace.y) and all(trace.text) for trace in fig.data)
    # The bars are not cut off: the axis reaches above the tallest bar.
    assert fig.layout.yaxis.range[1] > 1.0


def test_alt_text_states_every_value_and_its_source():
    text = unit2.thrombotic_complications_alt_text()
    for phrase in (
        "DVT after RFA 0.7 %",
        "DVT after EVLA 1 %",
        "EHIT after RFA 0.2 %",
        "EHIT after EVLA 0.9 %",
        "Marsh et al. 2010",
    ):
        assert phrase in text
    assert "less frequent after RFA" in text


def test_alt_text_does_not_claim_a_pattern_the_data_lack():
    rates = (
        ComplicationRate("RFA", "DVT", 2.0, "example"),
        ComplicationRate("EVLA", "DVT", 1.0, "example"),
    )
    assert "less frequent after RFA" not in unit2.thrombotic_complications_alt_text(rates)


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        (-1.0, "between 0 and 100"),
        (101.0, "between 0 and 100"),
        (float("nan"), "a number"),
        (True, "a number"),
    ],
)
def test_impossible_rates_are_refused_with_a_sentence(percent, message):
    rates = (ComplicationRate("RFA", "DVT", percent, "marsh2010dvt"),)
    with pytest.raises(ValueError, match=message):
        unit2.thrombotic_complications_figure(rates)


def test_missing_source_duplicates_and_empty_data_are_refused():
    with pytest.raises(ValueError, match="needs its source"):
        unit2.thrombotic_complications_figure((ComplicationRate("RFA", "DVT", 0.7, " "),))
    twice = (ComplicationRate("RFA", "DVT", 0.7, "a"), ComplicationRate("RFA", "DVT", 0.8, "a"))
    with pytest.raises(ValueError, match="given twice"):
        unit2.thrombotic_complications_alt_text(twice)
    with pytest.raises(ValueError, match="at least one"):
        unit2.thrombotic_complications_figure(())


def test_nice_order_is_ablation_then_foam_then_surgery():
    assert unit2.NICE_CG168_ORDER == (
        "Endothermal ablation",
        "Ultrasound-guided foam sclerotherapy",
        "Surgery",
    )


def _markdown(name: str) -> str:
    nb = nbformat.read(REPO / "modules" / f"{name}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("name", ["06-the-procedure", "07-types-of-treatment"])
def test_numbers_in_unit2_modules_match_the_constants(name):
    """Every Marsh rate printed in a module is one of the cited constants, and some are."""
    text = _markdown(name)
    allowed = {f"{rate.percent:g}%" for rate in unit2.THERMAL_ABLATION_THROMBOSIS}
    taught = set()
    for sentence in re.split(r"(?<=[.!?])\s", text):
        if "marsh2010dvt" in sentence:
            found = set(re.findall(r"\d+(?:\.\d+)?%", sentence))
            assert found <= allowed, f"{name}: {sentence!r}"
            taught |= found
    assert taught == allowed, f"{name} should state all four cited rates; found {taught}"


def test_foam_limit_is_taught_with_its_source():
    text = _markdown("07-types-of-treatment")
    assert re.search(r"at most 10 mL of foam per session \{cite\}`breu2008foam`", text)
