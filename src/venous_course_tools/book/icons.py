"""Only the icon glyphs the book shows: the theme's Font Awesome fonts, subset after a build.

pydata-sphinx-theme ships Font Awesome's solid, regular and brands fonts whole (the solid one
is 156 KB, and a woff2 file does not shrink further with gzip) although the book shows about
twenty icons. After a build, each font keeps only the glyphs that something can draw:

- the icons the pages and the book's scripts name by class (``fa-bars``, ``fa-magnifying-glass``),
  looked up in the theme's CSS (``.fa-bars:before{content:"\\f0c9"}``);
- every glyph the stylesheets use directly rather than through an icon class (the theme's
  ``--pst-icon-*`` variables for admonitions, external links, the previous/next arrows).

An icon added later (a page, a template or a script naming ``fa-...``) is picked up by the next
build; ``tests/browser/test_built_html.py`` checks every icon shown has its glyph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Where the theme's fonts land in the built book, and which of its scripts no page loads (the
# course's webpack-macros.html drops fontawesome.js, whose icon list names every icon).
FONT_FOLDER = Path("vendor") / "fontawesome" / "webfonts"  # under _static/ (theme: static/)
UNLOADED_SCRIPTS = {"fontawesome.js"}
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
_RULE = re.compile(r"([^{}]+)\{content:\"\\([0-9a-f]{4,5})\"\}")
_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+):(?::)?before$")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@dataclass(frozen=True)
class Subset:
    """One font file before and after subsetting."""

    font: Path
    bytes_before: int
    bytes_after: int
    glyphs: int


def icon_codepoints(css: str) -> tuple[dict[str, int], set[int]]:
    """(icon class -> codepoint, codepoints the CSS draws without an icon class).

    Rules whose selectors are all ``.fa-NAME:before`` map those names; any other rule with a
    glyph (and any private-use character written literally, as in the theme's variables) is
    drawn whatever the page says, so its codepoint is always kept."""
    by_name: dict[str, int] = {}
    always = {ord(c) for c in _PRIVATE_USE.findall(css)}
    for selectors, code in _RULE.findall(css):
        names = [_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        if all(names):
            for match in names:
                by_name[match.group(1)] = int(code, 16)  # type: ignore[union-attr]
        else:
            always.add(int(code, 16))
    return by_name, always


def icon_names(texts: Iterable[str]) -> set[str]:
    """Every ``fa-...`` class name that appears in ``texts`` (pages, templates, scripts)."""
    names: set[str] = set()
    for text in texts:
        names.update(_ICON_CLASS.findall(text))
    return names


def _shown_texts(html: Path) -> Iterable[str]:
    for path in html.rglob("*"):
        script = path.suffix in {".js", ".mjs"} and path.name not in UNLOADED_SCRIPTS
        if path.suffix == ".html" or script:
            yield path.read_text(encoding="utf-8", errors="replace")


def _stylesheets(html: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in (html / "_static").rglob("*.css")
    )


def shown_codepoints(html: Path) -> set[int]:
    """The icon codepoints the built book at ``html`` can draw."""
    by_name, always = icon_codepoints(_stylesheets(html))
    used = icon_names(_shown_texts(html))
    return always | {by_name[name] for name in used if name in by_name}


def theme_fonts() -> Path:
    """The folder of the theme's whole Font Awesome fonts (what a subset is cut from)."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    return theme / "static" / FONT_FOLDER


def subset_icon_fonts(html: Path, whole: Path | None = None) -> list[Subset]:
    """Cut every Font Awesome font of the built book at ``html`` down to the glyphs it shows
    (woff2 and its ttf fallback alike); [] when the theme has no such fonts.

    Each subset is cut from the whole font in ``whole`` (the theme's, by default), not from
    the built copy: Sphinx does not always copy the theme's files again, and a subset of an
    earlier subset would lack an icon a page has started to show since."""
    from fontTools import subset

    folder = html / "_static" / FONT_FOLDER
    whole = whole or theme_fonts()
    if not folder.is_dir() or not whole.is_dir():
        return []
    keep = shown_codepoints(html)
    done = []
    for font_path in sorted(folder.glob("fa-*")):
        source = whole / font_path.name
        if font_path.suffix not in {".woff2", ".ttf"} or not source.is_file():
            continue
        before = source.stat().st_size
        options = subset.Options()
        options.flavor = "woff2" if font_path.suffix == ".woff2" else None
        options.layout_features = ["*"]
        options.name_IDs = ["*"]  # keep the licence and copyright notices the font carries
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        glyphs = len(font.getGlyphOrder())
        subset.save_font(font, str(font_path), options)
        done.append(Subset(font_path, before, font_path.stat().st_size, glyphs))
    return done
