"""The ulcer table (venous_course.ulcers) and its kernel-free figure (figures.ulcers)."""

from __future__ import annotations

import html

import pytest
import yaml

from venous_course import ulcers
from venous_course.display import OKABE_ITO
from venous_course.figures import ulcers as ulcer_figures

TABLE = ulcers.load_ulcer_table()


def test_the_packaged_table_has_the_four_ulcer_types_and_every_feature():
    assert [u.key for u in TABLE.types] == ["venous", "arterial", "diabetic", "mixed"]
    for ulcer in TABLE.types:
        assert set(ulcer.findings) == set(TABLE.features)
        assert all(text.strip() for text in ulcer.findings.values())


def test_the_features_that_tell_ulcers_apart_are_all_there():
    assert {"site", "edge", "base", "pain", "pulses", "position"} <= set(TABLE.features)


def test_clinical_content_matches_what_the_course_teaches():
    venous, arterial = TABLE.type("venous"), TABLE.type("arterial")
    assert "inner ankle" in venous.finding("site")
    assert "eases" in venous.finding("position")
    assert "worse" in arterial.finding("position")
    assert "0.8" in venous.finding("pulses")
    assert "0.5" in arterial.finding("pulses") and "No strong compression" in arterial.finding(
        "next_step"
    )
    assert "0.5 and 0.8" in TABLE.type("mixed").finding("pulses")
    assert "toe pressures" in TABLE.type("diabetic").finding("pulses")


def test_every_source_is_in_the_bibliography():
    from venous_course_tools.checks.clinical_numbers import bibliography_keys

    missing = set(ulcers.all_sources(TABLE)) - bibliography_keys()
    assert not missing, f"ulcer-types.yml names keys missing from references.bib: {missing}"


def test_profile_and_compare_return_rows_in_table_order():
    profile = TABLE.profile("venous")
    assert [label for label, _ in profile] == list(TABLE.features.values())
    compared = TABLE.compare("pain")
    assert [name for name, _ in compared] == [u.name for u in TABLE.types]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: TABLE.type("burn"), "'burn' is not an ulcer type of the table; choose one of"),
        (lambda: TABLE.compare("colour"), "'colour' is not a feature of the ulcer table"),
        (lambda: TABLE.type("venous").finding("smell"), "'smell' is not a feature"),
    ],
)
def test_unknown_keys_get_a_sentence(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def _valid_data() -> dict:
    return yaml.safe_load(ulcers.DATA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.pop("features"), "needs a 'features' mapping"),
        (lambda d: d["types"][0].pop("edge"), "'venous' lacks edge"),
        (lambda d: d["types"][1].update(smell="foul"), "'arterial' has unknown fields smell"),
        (lambda d: d["types"][2].update(sources=[]), "'diabetic' needs at least one source"),
        (lambda d: d["types"][3].update(pain="  "), "'mixed' pain needs a non-empty text"),
        (lambda d: d["types"][1].update(key="venous"), "every ulcer type needs its own key"),
    ],
)
def test_a_broken_data_file_is_refused_with_a_sentence(damage, message):
    data = _valid_data()
    damage(data)
    with pytest.raises(ValueError, match=message):
        ulcers.parse_table(data)


def test_the_figure_has_one_menu_entry_per_view_and_each_rewrites_the_table():
    fig = ulcer_figures.ulcer_table_figure()
    menu = fig.layout.updatemenus[0]
    views = ulcer_figures.views(TABLE)
    assert len(menu.buttons) == len(TABLE.types) + len(TABLE.features) == len(views)
    assert menu.active == [k for k, _ in views].index(ulcer_figures.DEFAULT_VIEW)
    for button, (key, label) in zip(menu.buttons, views, strict=True):
        assert button.label == label and button.method == "update"
        content = ulcer_figures.view_content(TABLE, key)
        data_update, layout_update = button.args
        first_column, second_column = data_update["cells.values"][0]
        assert second_column == [finding for _, finding in content["rows"]]
        assert len(first_column) == len(second_column)
        assert layout_update["title.text"] == content["title"]


def test_the_figure_starts_on_the_chosen_view():
    fig = ulcer_figures.ulcer_table_figure("feature:position")
    assert fig.layout.title.text == "Effect of raising the leg: how the ulcers differ"
    assert list(fig.data[0].cells.values[1]) == [f for _, f in TABLE.compare("position")]


def test_an_unknown_view_is_refused():
    with pytest.raises(ValueError, match="'burn' is not an ulcer type of the table"):
        ulcer_figures.ulcer_table_figure("type:burn")
    with pytest.raises(ValueError, match="'colour' is not a view of the ulcer table"):
        ulcer_figures.view_content(TABLE, "colour")


def test_header_colour_is_okabe_ito_and_rows_are_not_colour_coded():
    fig = ulcer_figures.ulcer_table_figure()
    assert fig.data[0].header.fill.color == OKABE_ITO["blue"]
    fills = set(fig.data[0].cells.fill.color[0])
    assert len(fills) == 2  # alternate rows only: colour carries no clinical meaning


def test_the_alt_text_names_every_type_and_every_finding():
    alt = ulcer_figures.ulcer_table_alt_text()
    assert "foot pulses and ABPI:" in alt  # abbreviations keep their capitals
    for ulcer in TABLE.types:
        assert ulcer.name in alt
        for finding in ulcer.findings.values():
            assert finding.rstrip(".") in alt


def test_book_face_is_an_html_table_with_every_type_and_feature():
    comparison = ulcer_figures.ulcer_comparison()
    page = comparison.static_html()
    assert "<caption>" in page and "plotly-graph-div" not in page
    for ulcer in TABLE.types:
        assert f'<th scope="col">{html.escape(ulcer.name)}</th>' in page
    for label in TABLE.features.values():
        assert f'<th scope="row">{html.escape(label)}</th>' in page
    # JupyterLab still gets the interactive plotly table with its menu.
    bundle = comparison._repr_mimebundle_()
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["type"] == "table"


def test_book_face_escapes_the_data():
    data = yaml.safe_load(ulcers.DATA_FILE.read_text(encoding="utf-8"))
    first = data["types"][0]
    first["name"] = "<script>alert(1)</script>"
    table = ulcers.parse_table(data)
    page = ulcer_figures.ulcer_comparison_html(table)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
