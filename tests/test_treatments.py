import pytest

from venous_course import treatments as tr


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
