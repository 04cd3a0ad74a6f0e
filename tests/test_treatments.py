import pytest

from tests.conftest import assert_twin_changes_data
from venous_course import treatments as tr
from venous_course.explorers.treatment_comparator import treatment_comparator
from venous_course.figures import treatments as treatments_fig
from venous_course.treatments import load_treatments


def test_catalogue_covers_every_modality_of_the_source():
    keys = {t.key for t in tr.load_treatments()}
    assert {
        "conservative",
        "liquid_sclerotherapy",
        "foam_sclerotherapy",
        "evla",
        "rfa",
        "adhesive_closure",
        "phlebectomy",
        "ligation_stripping",
        "surface_laser",
    } <= keys


def test_filters():
    catalogue = tr.load_treatments()
    trunk = {t.key for t in tr.filter_treatments(catalogue, target="truncal reflux")}
    assert {"evla", "rfa", "adhesive_closure"} <= trunk and "surface_laser" not in trunk
    assert {
        t.key for t in tr.filter_treatments(catalogue, target="spider veins", anaesthesia="none")
    } >= {"liquid_sclerotherapy", "surface_laser"}
    with pytest.raises(ValueError, match="target"):
        tr.filter_treatments(catalogue, target="knees")


GOOD = {
    "key": "x",
    "name": "X",
    "category": "c",
    "targets": ["symptoms"],
    "mechanism": "m",
    "anaesthesia": ["none"],
    "setting": ["home"],
    "main_risks": ["r"],
    "aftercare": ["a"],
}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([], "non-empty"),
        ("text", "non-empty"),
        ([{**GOOD, "targets": ["knees"]}], "unknown"),
        ([{k: v for k, v in GOOD.items() if k != "mechanism"}], "lacks"),
        ([{**GOOD, "colour": "red"}], "unknown field"),
        ([GOOD, GOOD], "twice"),
        ([{**GOOD, "targets": []}], "non-empty"),
    ],
)
def test_validation(records, message):
    with pytest.raises(ValueError, match=message):
        tr.parse_treatments(records)


def test_broken_file_gives_clear_error(tmp_path):
    bad = tmp_path / "t.yml"
    bad.write_text("- key: [unclosed\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        tr.load_treatments(bad)
    with pytest.raises(ValueError, match="missing"):
        tr.load_treatments(tmp_path / "nope.yml")


CATALOGUE = load_treatments()


# --- figure and explorer --------------------------------------------------------------------------


def test_treatment_filters_restyle_table():
    live = treatment_comparator().widget
    all_rows = live.figure.data[0].cells.values[0]
    live.target.value = "spider veins"
    rows = live.figure.data[0].cells.values[0]
    assert rows != all_rows
    assert set(rows) == {"Liquid sclerotherapy", "Surface (transdermal) laser"}
    live.anaesthesia.value = "general"
    assert "No modality matches" in live.details.value


def test_treatment_table_and_tick_matrix():
    fig = treatments_fig.treatment_figure(CATALOGUE, CATALOGUE)
    table, matrix = fig.data
    assert list(table.cells.values[0]) == [t.name for t in CATALOGUE]
    assert "✓" in {cell for row in matrix.text for cell in row}
    evla = [t.name for t in CATALOGUE].index("Endovenous laser ablation (EVLA)")
    assert matrix.text[evla][list(matrix.x).index("truncal reflux")] == "✓"
    assert matrix.text[evla][list(matrix.x).index("spider veins")] == ""
    assert "✓" in fig.layout.xaxis.title.text


def test_treatment_twin_filters_table():
    fig = treatments_fig.treatments_twin(CATALOGUE)
    buttons = {b.label: b for b in fig.layout.updatemenus[0].buttons}
    shown = buttons["tributaries"].args[0]["cells.values"][0][0]
    assert set(shown) == {"Foam sclerotherapy (ultrasound-guided)", "Ambulatory phlebectomy"}
    assert_twin_changes_data(fig)
