import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MAX_TWIN_BYTES, OKABE_ITO_COLOURS, trace_colours
from venous_course import ceap
from venous_course.explorers.ceap_builder import ceap_builder, compose_code
from venous_course.figures import ceap as ceap_fig


def test_parses_full_code():
    result = ceap.parse("C2,4c,s Ep As,p Pr")
    assert result.clinical == ("C2", "C4c")
    assert result.symptomatic is True
    assert result.etiology == ("p",)
    assert result.anatomy == ("s", "p")
    assert result.pathophysiology == ("r",)
    assert result.highest_clinical_class == "C4c"
    assert result.is_cvi


def test_parses_recurrent_ulcer_without_suffix():
    result = ceap.parse("C6r")
    assert result.clinical == ("C6r",)
    assert result.symptomatic is None
    assert result.etiology == ()


@pytest.mark.parametrize(
    ("code", "canonical"),
    [
        ("c2s", "C2,s"),
        ("C4b,a", "C4b,a"),
        ("C3 Pr,o", "C3 Pr,o"),
        ("C2r,s Ep As Pr", "C2r,s Ep As Pr"),
        ("C6,s Esi Ad Po", "C6,s Esi Ad Po"),
        ("C4a,2,s", "C2,4a,s"),
    ],
)
def test_canonical_code(code, canonical):
    assert ceap.parse(code).code == canonical


@pytest.mark.parametrize(
    ("code", "named_part"),
    [
        ("C7", "C7"),
        ("C4d", "C4d"),
        ("C4", "C4a"),
        ("C2 Ex", "Ex"),
        ("C2 Aq", "Aq"),
        ("C2 Px", "Px"),
        ("Ep As", "no clinical"),
        ("C2 Ep Ep", "twice"),
        ("C2 As Ep", "order"),
        ("C0,2", "C0"),
        ("C2 An,s", "An"),
        ("X2", "X2"),
        ("", "nothing"),
        ("C2,,s", "empty"),
        ("C2 Es,si", "Esi"),
    ],
)
def test_bad_codes_name_the_part(code, named_part):
    with pytest.raises(ValueError, match=named_part):
        ceap.parse(code)


@pytest.mark.parametrize("cls", ["C3", "C4a", "C4b", "C4c", "C5", "C6", "C6r", "c5"])
def test_cvi_classes(cls):
    assert ceap.is_cvi(cls)


@pytest.mark.parametrize("cls", ["C0", "C1", "C2", "C2r"])
def test_not_cvi(cls):
    assert not ceap.is_cvi(cls)


@pytest.mark.parametrize("cls", ["C7", "C4d", "", "C4"])
def test_is_cvi_rejects_unknown(cls):
    with pytest.raises(ValueError):
        ceap.is_cvi(cls)


def test_describe_is_plain_language():
    assert "corona phlebectatica" in ceap.describe("C4c")
    assert "active venous ulcer" in ceap.describe("C6")
    full = ceap.parse("C2,4c,s Ep As,p Pr").describe()
    assert "Symptomatic" in full and "reflux" in full and "primary" in full


_classes = st.lists(
    st.sampled_from([c for c in ceap.CLINICAL_CLASSES if c != "C0"]), min_size=1, unique=True
)


@given(
    classes=_classes,
    suffix=st.sampled_from([None, True, False]),
    etiology=st.sampled_from([(), ("p",), ("s",), ("c", "p"), ("si", "se"), ("n",)]),
    anatomy=st.sampled_from([(), ("s",), ("s", "d", "p"), ("n",)]),
    patho=st.sampled_from([(), ("r",), ("o",), ("r", "o"), ("n",)]),
)
def test_format_and_parse_round_trip(classes, suffix, etiology, anatomy, patho):
    order = list(ceap.CLINICAL_CLASSES)
    original = ceap.CEAPClassification(
        clinical=tuple(sorted(classes, key=order.index)),
        symptomatic=suffix,
        etiology=etiology,
        anatomy=anatomy,
        pathophysiology=patho,
    )
    assert ceap.parse(original.code) == original
    assert original.is_cvi == any(c in ceap.CVI_CLASSES for c in classes)


# --- figure and explorer --------------------------------------------------------------------------


def test_compose_code():
    assert compose_code(["C4c", "C2"], True, ["p"], ["s", "p"], ["r"]) == "C2,4c,s Ep As,p Pr"
    with pytest.raises(ValueError, match="at least one clinical class"):
        compose_code([])


def test_ceap_builder_selection_updates_scale_and_title():
    explorer = ceap_builder()
    fig = explorer.live_figure
    assert "not CVI" in fig.layout.title.text
    explorer.controls["clinical_C6"].value = True
    assert "(CVI)" in fig.layout.title.text
    index = list(explorer.controls).index("clinical_C6") - 1  # "symptoms" comes first
    assert fig.data[0].marker.symbol[index] == "diamond"
    assert "C2,6,s" in fig.layout.annotations[-1].text


def test_ceap_builder_invalid_combinations_show_the_parser_message():
    explorer = ceap_builder()
    title = explorer.live_figure.layout.title.text
    explorer.controls["clinical_C0"].value = True
    assert "C0 (no signs) cannot be combined" in explorer.status.value
    assert explorer.live_figure.layout.title.text == title
    explorer.controls["clinical_C0"].value = False
    explorer.controls["pathophysiology_n"].value = True
    assert "cannot be combined" in explorer.status.value
    explorer.controls["pathophysiology_n"].value = False
    assert "Check your input" not in explorer.status.value


def test_ceap_scale_highlights_selection_and_marks_cvi():
    fig = ceap_fig.ceap_scale_figure(["C2", "C4c"], "C2,4c,s", "Example.")
    marker = fig.data[0].marker
    index = {c: i for i, c in enumerate(ceap_fig.CLASSES)}
    assert marker.symbol[index["C4c"]] == "diamond" and marker.symbol[index["C3"]] == "circle-open"
    assert "selected" in fig.data[0].text[index["C2"]]
    assert "CEAP" in fig.layout.xaxis.title.text
    labels = " ".join(a.text for a in fig.layout.annotations)
    assert "C3-C6" in labels and "CVI: yes" in labels
    assert "(CVI)" in fig.layout.title.text
    assert trace_colours(fig) <= OKABE_ITO_COLOURS
    with pytest.raises(ValueError):
        ceap_fig.scale_marker(["C9"])


def test_cvi_sentence():
    assert ceap_fig.cvi_sentence(["C2"]).startswith("CVI: no")
    assert ceap_fig.cvi_sentence(["C2", "C3"]).startswith("CVI: yes")
    assert "no visible" in ceap_fig.cvi_sentence(["C0"])


def test_ceap_twin_dropdown_updates_classes_and_text():
    fig = ceap_fig.ceap_twin()
    buttons = fig.layout.updatemenus[0].buttons
    assert 8 <= len(buttons) <= 10
    symbols = {tuple(b.args[0]["marker.symbol"][0]) for b in buttons}
    assert len(symbols) >= 8
    titles = [b.args[1]["title.text"] for b in buttons]
    assert any("(CVI)" in t for t in titles) and any("not CVI" in t for t in titles)
    assert len(fig.to_json()) < MAX_TWIN_BYTES
