"""Which icon glyphs the book keeps (venous_course_tools.book.icons), on made-up CSS and pages."""

from __future__ import annotations

from venous_course_tools.book.icons import icon_codepoints, icon_names

CSS = (
    '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
    '.fa-magnifying-glass:before{content:"\\f002"}'
    '.fa-unused:before{content:"\\f0ff"}'
    'a.external:after{content:"\\f35d"}'
    ':root{--pst-icon-bell:"\uf0f3";}'
)


def test_icon_classes_map_to_their_codepoints():
    by_name, always = icon_codepoints(CSS)
    assert by_name["fa-bars"] == by_name["fa-navicon"] == 0xF0C9
    assert by_name["fa-magnifying-glass"] == 0xF002


def test_glyphs_drawn_without_an_icon_class_are_always_kept():
    _, always = icon_codepoints(CSS)
    assert always == {0xF35D, 0xF0F3}  # the external-link rule and the theme's variable


def test_icon_names_are_found_in_pages_and_scripts():
    pages = ['<span class="fa-solid fa-bars"></span>', 'icon.className = "fa fa-sun";']
    assert icon_names(pages) == {"fa-solid", "fa-bars", "fa-sun"}
    assert "fa-unused" not in icon_names(pages)
