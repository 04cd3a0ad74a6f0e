"""Pure figure builders of the ABPI, duplex, treatment, compression, vein map, procedure and
trial explorers: titles, axis titles with units, palette, and twins whose controls change data."""

from __future__ import annotations

import pytest

from tests.conftest import MAX_TWIN_BYTES, trace_colours
from venous_course import abpi, evidence
from venous_course.display import OKABE_ITO
from venous_course.figures import abpi as abpi_fig
from venous_course.figures import compression, duplex, procedure, treatments, trials, vein_map
from venous_course.treatments import load_treatments

PALETTE = {c.upper() for c in OKABE_ITO.values()} | {"#FFFFFF"}
CATALOGUE = load_treatments()


def _steps(fig) -> list[dict]:
    steps = [s for slider in fig.layout.sliders for s in slider.steps]
    steps += [b for menu in fig.layout.updatemenus for b in menu.buttons]
    assert steps, "a twin needs sliders or menus"
    return [s.to_plotly_json() for s in steps]


def _twin_changes_data(fig) -> None:
    args = [repr(s["args"]) for s in _steps(fig)]
    assert len(set(args)) == len(args) > 1, "every control state must change the figure"
    assert len(fig.to_json()) < MAX_TWIN_BYTES


def test_abpi_scale_marks_band_and_disagreement():
    fig = abpi_fig.abpi_scale_figure(0.65)
    assert "specialist" in fig.layout.title.text
    assert "index" in fig.layout.xaxis.title.text.lower()
    assert list(fig.layout.xaxis.range) == [0, 1.6]
    bar_text = " ".join(t.text[0] for t in fig.data[:-1])
    for word in ("Contraindicated", "Specialist", "safe", "Unreliable", "borderline", "normal"):
        assert word in bar_text
    assert fig.data[-1].x[0] == pytest.approx(0.65)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "0.6" in notes and "Guidelines differ" in notes
    assert abpi.band_details("specialist").guidance.split(";")[0] in notes.replace("<br>", " ")
    assert trace_colours(fig) <= PALETTE


def test_abpi_marker_clips_off_scale_and_rejects_bad_index():
    assert abpi_fig.abpi_scale_figure(2.0).data[-1].x[0] == abpi_fig.SCALE_MAX
    with pytest.raises(ValueError):
        abpi_fig.abpi_scale_figure(-1)


def test_abpi_twin_slider_moves_marker_and_text():
    fig = abpi_fig.abpi_twin()
    steps = _steps(fig)
    assert steps[0]["label"] == "0.30" and steps[-1]["label"] == "1.60"
    assert steps[0]["args"][0]["x"] == [[0.3, 0.3]]
    assert "contraindicated" in steps[0]["args"][1]["title.text"]
    assert "unreliable" in steps[-1]["args"][1]["title.text"]
    _twin_changes_data(fig)


def test_duplex_figure_axes_cutoff_and_verdict():
    fig = duplex.duplex_figure("CFV", 800)
    assert fig.layout.xaxis.title.text == "Time (ms)"
    assert fig.layout.yaxis.title.text == "Flow velocity (cm/s), illustrative"
    assert "not pathologic" in fig.layout.title.text
    cutoff = next(s for s in fig.layout.shapes if s.name == "cutoff")
    assert cutoff.x0 == duplex.RELEASE_MS + 1000
    assert min(fig.data[1].y) < 0 and max(fig.data[0].y) > 0
    assert trace_colours(fig) <= PALETTE
    # The reverse flow lasts the reflux duration.
    t, v = duplex.doppler_trace(600, 2000, step_ms=10)
    back = [x for x, y in zip(t, v, strict=True) if y < 0]
    assert back[0] > duplex.RELEASE_MS and back[-1] <= duplex.RELEASE_MS + 600


def test_duplex_perforator_needs_diameter():
    with pytest.raises(ValueError, match="diameter"):
        duplex.duplex_figure("perforator", 600)
    assert "pathologic" in duplex.duplex_figure("perforator", 600, 4.0).layout.title.text


def test_duplex_twin_groups_and_durations():
    fig = duplex.duplex_twin()
    assert len(fig.layout.sliders) == len(duplex.TWIN_GROUPS)
    assert [s.visible for s in fig.layout.sliders].count(True) == 1
    buttons = fig.layout.updatemenus[0].buttons
    assert buttons[1].args[1]["sliders[1].visible"] is True
    assert buttons[1].args[1]["sliders[0].visible"] is False
    first = fig.layout.sliders[0].steps
    assert "not pathologic" in first[5].args[1]["title.text"]  # 500 ms is not "more than" 500
    assert "is pathologic" in first[6].args[1]["title.text"]
    narrow = fig.layout.sliders[3].steps
    assert "not pathologic" in narrow[-1].args[1]["title.text"]  # 3.0 mm perforator
    _twin_changes_data(fig)


def test_treatment_table_and_tick_matrix():
    fig = treatments.treatment_figure(CATALOGUE, CATALOGUE)
    table, matrix = fig.data
    assert list(table.cells.values[0]) == [t.name for t in CATALOGUE]
    assert "✓" in {cell for row in matrix.text for cell in row}
    evla = [t.name for t in CATALOGUE].index("Endovenous laser ablation (EVLA)")
    assert matrix.text[evla][list(matrix.x).index("truncal reflux")] == "✓"
    assert matrix.text[evla][list(matrix.x).index("spider veins")] == ""
    assert "✓" in fig.layout.xaxis.title.text


def test_treatment_twin_filters_table():
    fig = treatments.treatments_twin(CATALOGUE)
    buttons = {b.label: b for b in fig.layout.updatemenus[0].buttons}
    shown = buttons["tributaries"].args[0]["cells.values"][0][0]
    assert set(shown) == {"Foam sclerotherapy (ultrasound-guided)", "Ambulatory phlebectomy"}
    _twin_changes_data(fig)


def test_compression_bars_on_one_mmhg_axis():
    fig = compression.compression_figure(20)
    assert fig.layout.xaxis.title.text == "Pressure at the ankle (mmHg)"
    germany = fig.data[1]
    assert list(germany.base) == [18, 23, 34, 49]
    assert germany.base[-1] + germany.x[-1] == compression.AXIS_MAX_MMHG  # open-ended IV
    assert "49 and above" in germany.text[-1]
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "about 40 mmHg at the ankle" in texts and "SVS/AVF 2011" in texts
    assert "no US national class standard found" in texts
    assert list(fig.data[0].marker.opacity) == [
        compression.FADED,
        compression.FULL,
        compression.FADED,
    ]
    assert "UK Class 2" in fig.layout.title.text
    assert trace_colours(fig) <= PALETTE


def test_compression_twin_slider():
    fig = compression.compression_twin()
    steps = _steps(fig)
    at_40 = next(s for s in steps if s["label"] == "40")
    assert "Class III" in at_40["args"][1]["title.text"]
    _twin_changes_data(fig)


def test_vein_map_highlights_targets():
    evla = next(t for t in CATALOGUE if t.key == "evla")
    fig = vein_map.vein_map_figure(evla)
    targeted = {t.name for t in fig.data if "TARGETED" in t.name and t.visible is not False}
    assert targeted == {
        "Great saphenous vein (inner side) (TARGETED)",
        "Small saphenous vein (back of calf) (TARGETED)",
    }
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "Saphenofemoral junction" in labels and "popliteal" in labels
    phleb = next(t for t in CATALOGUE if t.key == "phlebectomy")
    assert vein_map.targeted_parts(phleb) == {"tributaries"}
    conservative = next(t for t in CATALOGUE if t.key == "conservative")
    assert vein_map.targeted_parts(conservative) == {"compression"}
    assert trace_colours(fig) <= PALETTE


def test_vein_map_twin_dropdown():
    fig = vein_map.vein_map_twin(CATALOGUE)
    assert len(fig.layout.updatemenus[0].buttons) == len(CATALOGUE) + 1
    _twin_changes_data(fig)


def test_procedure_timeline_highlight_and_details():
    fig = procedure.procedure_figure(4)
    markers = fig.data[1]
    assert list(markers.marker.symbol).index("star") == 3
    assert "step 4 of 6" in fig.layout.title.text
    details = next(a.text for a in fig.layout.annotations if a.name == "details")
    assert "Ultrasound" in details or "ultrasound" in details
    assert "Step in the usual order" in fig.layout.xaxis.title.text
    with pytest.raises(ValueError):
        procedure.procedure_figure(7)


def test_procedure_twin_slider_over_six_steps():
    fig = procedure.procedure_twin()
    assert len(fig.layout.sliders[0].steps) == 6
    _twin_changes_data(fig)


def test_trials_bars_text_pattern_and_note():
    fig = trials.trials_figure("healing time")
    assert list(fig.data[0].y) == [evidence.EVRA_MEDIAN_HEALING_DAYS_EARLY]
    assert list(fig.data[1].y) == [evidence.EVRA_MEDIAN_HEALING_DAYS_DEFERRED]
    assert list(fig.data[0].text) == ["56 days"] and list(fig.data[1].text) == ["82 days"]
    assert fig.data[1].marker.pattern.shape == "/"
    assert "(days)" in fig.layout.yaxis.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "ADDED to compression, not a replacement" in notes
    assert "1.38 (95% CI 1.13-1.68)" in notes
    assert trace_colours(fig) <= PALETTE


def test_trials_twin_buttons_per_outcome():
    fig = trials.trials_twin()
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Healing time", "Healed at 24 weeks", "Recurrence"]
    recurrence = buttons[2].args[0]
    assert recurrence["y"] == [[12, 31], [28, 56]]
    assert buttons[1].args[0]["y"] == [[85.6, 65], [76.3, 65]]
    assert "(%)" in buttons[2].args[1]["yaxis.title.text"]
    _twin_changes_data(fig)
