"""The leg vein map: which veins each treatment targets, figure and explorer."""

from __future__ import annotations

from tests.conftest import OKABE_ITO_OR_WHITE, assert_twin_changes_data, trace_colours
from venous_course.explorers.leg_vein_map import leg_vein_map
from venous_course.figures import leg_vein_map as vein_map_fig
from venous_course.treatments import load_treatments

CATALOGUE = load_treatments()


def test_vein_map_dropdown_highlights():
    live = leg_vein_map().widget
    assert not any("TARGETED" in t.name for t in live.figure.data if t.visible is not False)
    live.modality.value = "phlebectomy"
    targeted = [t.name for t in live.figure.data if "TARGETED" in t.name and t.visible is not False]
    assert targeted == ["Tributaries (surface branches) (TARGETED)"]
    assert "Ambulatory phlebectomy" in live.details.value


def test_vein_map_highlights_targets():
    evla = next(t for t in CATALOGUE if t.key == "evla")
    fig = vein_map_fig.vein_map_figure(evla)
    targeted = {t.name for t in fig.data if "TARGETED" in t.name and t.visible is not False}
    assert targeted == {
        "Great saphenous vein (inner side) (TARGETED)",
        "Small saphenous vein (back of calf) (TARGETED)",
    }
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "Saphenofemoral junction" in labels and "popliteal" in labels
    phleb = next(t for t in CATALOGUE if t.key == "phlebectomy")
    assert vein_map_fig.targeted_parts(phleb) == {"tributaries"}
    conservative = next(t for t in CATALOGUE if t.key == "conservative")
    assert vein_map_fig.targeted_parts(conservative) == {"compression"}
    assert trace_colours(fig) <= OKABE_ITO_OR_WHITE


def test_vein_map_twin_dropdown():
    fig = vein_map_fig.vein_map_twin(CATALOGUE)
    assert len(fig.layout.updatemenus[0].buttons) == len(CATALOGUE) + 1
    assert_twin_changes_data(fig)
