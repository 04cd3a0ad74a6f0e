"""Thrombotic complications after thermal ablation (Marsh 2010): one home, one figure."""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.conftest import REPO
from venous_course import complications
from venous_course.figures import complications as figure


def test_thrombosis_numbers_match_the_fact_sheet():
    rates = {
        r.technique.split("(")[-1].rstrip(")"): r for r in complications.THERMAL_ABLATION_THROMBOSIS
    }
    assert (rates["RFA"].dvt_percent, rates["RFA"].ehit_percent) == (0.7, 0.2)
    assert (rates["EVLA"].dvt_percent, rates["EVLA"].ehit_percent) == (1.0, 0.9)
    assert {r.citation for r in rates.values()} == {"marsh2010dvt"}


@pytest.mark.parametrize(
    ("dvt", "ehit", "message"),
    [(0.5, 0.9, "cannot be larger"), (-1, 0, "between 0 and 100"), (0.5, True, "number")],
)
def test_thrombosis_rate_refuses_impossible_values(dvt, ehit, message):
    with pytest.raises(ValueError, match=message):
        complications.ThrombosisRate("X", dvt, ehit, "marsh2010dvt")


def test_thrombosis_figure_shows_every_value_with_labels_and_patterns():
    fig = figure.thrombosis_figure()
    assert len(fig.data) == 2
    dvt, ehit = fig.data
    assert list(dvt.y) == [0.7, 1.0] and list(ehit.y) == [0.2, 0.9]
    assert list(dvt.text) == ["0.7%", "1%"]
    assert dvt.marker.pattern.shape != ehit.marker.pattern.shape
    assert fig.layout.title.text and fig.layout.xaxis.title.text
    assert "%" in fig.layout.yaxis.title.text
    alt = figure.thrombosis_alt_text()
    for value in ("0.7", "0.2", "1 per cent", "0.9"):
        assert value in alt


def test_thrombosis_figure_needs_rates():
    with pytest.raises(ValueError, match="at least one"):
        figure.thrombosis_figure([])
    with pytest.raises(ValueError, match="at least one"):
        figure.thrombosis_alt_text([])


def test_the_pattern_stated_in_words_is_in_the_data():
    rates = {r.technique: r for r in complications.THERMAL_ABLATION_THROMBOSIS}
    rfa, evla = rates[complications.RFA_NAME], rates[complications.EVLA_NAME]
    assert rfa.dvt_percent < evla.dvt_percent and rfa.ehit_percent < evla.ehit_percent


def _markdown(name: str) -> str:
    nb = nbformat.read(REPO / "modules" / f"{name}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("name", ["06-the-procedure", "07-types-of-treatment"])
def test_every_marsh_rate_a_module_prints_is_the_one_in_the_model(name):
    """Every Marsh rate printed in a module is one of the cited constants, and some are."""
    text = _markdown(name)
    allowed = {
        f"{value:g}%"
        for rate in complications.THERMAL_ABLATION_THROMBOSIS
        for value in (rate.dvt_percent, rate.ehit_percent)
    }
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
