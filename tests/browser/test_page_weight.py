"""Every module page weighs at most 700 KB gzipped on a cold cache (issue 28).

Measured as bench/bench_page_weight.py measures it: Chromium loads each page in a fresh
context (service workers blocked) from a server that records every request it answers, and
each answered file counts its gzip size (level 6) as read from the built book. A size, not a
timing: the result is the same on a slow machine.
"""

from __future__ import annotations

import pytest

from bench.bench_page_weight import PAGE_LIMIT_BYTES, Server, measure
from tests.browser.test_book_pages import MODULE_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_every_module_page_is_light_on_a_cold_cache(browser, built_book):
    with Server(built_book) as server:
        rows = [measure(browser, server, [page])[0] for page in MODULE_PAGES]
    heavy = [
        f"{row['page']}: {row['bytes'] / 1000:,.0f} KB (heaviest: "
        + ", ".join(f"{path} {size / 1000:,.0f} KB" for path, _, size in row["heaviest"])
        + ")"
        for row in rows
        if row["bytes"] > PAGE_LIMIT_BYTES
    ]
    assert all(row["requests"] for row in rows), "a module page made no request at all"
    assert heavy == [], f"over {PAGE_LIMIT_BYTES / 1000:,.0f} KB gzipped: " + "; ".join(heavy)


def test_the_icon_font_holds_only_the_icons_shown(built_book):
    """The theme's solid icon font is cut to the glyphs the book shows (156 KB whole), and
    every icon a page names still has its glyph."""
    from fontTools.ttLib import TTFont

    from venous_course_tools.book.icons import FONT_FOLDER, shown_codepoints

    font_path = built_book / "_static" / FONT_FOLDER / "fa-solid-900.woff2"
    assert font_path.stat().st_size < 20_000, f"{font_path.name} was not subset"
    cmap = set(TTFont(font_path).getBestCmap())
    regular = set(TTFont(font_path.with_name("fa-regular-400.woff2")).getBestCmap())
    brands = set(TTFont(font_path.with_name("fa-brands-400.woff2")).getBestCmap())
    shown = shown_codepoints(built_book)
    # The menu, search and theme-switch icons every page shows.
    assert {0xF0C9, 0xF002, 0xF185, 0xF186} <= shown <= cmap | regular | brands
