"""The build's side of the reader's progress: the course index, the Review page's items, the
offline manifest, and the committed phone screenshot of the Review page."""

from __future__ import annotations

import json
import struct

from tests.conftest import REPO
from venous_course.selfcheck import all_items, show
from venous_course_tools.book import offline
from venous_course_tools.book.progress import index_script, items_in_html, review_item_html
from venous_course_tools.book.screenshot import SCREENSHOT
from venous_course_tools.book.toc import load_toc, toc_files

BOOK = REPO / "book"


def test_a_face_names_its_item_and_the_build_finds_it():
    faces = show("04-lena").static_html() + "<p>prose</p>" + show("06-pathway-steps").static_html()
    assert items_in_html(faces) == ["04-lena", "06-pathway-steps"]
    assert items_in_html('<div class="other" data-item="04-lena">') == []


def test_the_index_is_safe_inside_a_script_element():
    text = index_script({"items": {"04-a": {"section": "</script><script>alert(1)"}}})
    assert "</script" not in text and json.loads(text)["items"]["04-a"]["section"].startswith(
        "</script>"
    )


def test_a_review_item_is_the_module_face_with_a_link_back():
    html = review_item_html("04-lena", "Contraindications", "modules/04-x.html#lena", "Lena")
    assert html.startswith('<section class="vc-review-item" data-item="04-lena" hidden')
    assert 'href="modules/04-x.html#lena"' in html
    assert "Back to \u201cLena\u201d in Contraindications" in html
    # The same face as in the module (its element id holds a per-page counter).
    strip = lambda text: text.split('id="vc-sc-')[0]  # noqa: E731 - a one-line helper
    assert strip(show("04-lena").static_html()) in html


def test_the_offline_copy_lists_its_size_and_its_new_files(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "_static" / "progress.mjs").write_text("export {};")
    version = offline.write_service_worker(tmp_path)
    manifest = json.loads((tmp_path / offline.MANIFEST).read_text())
    assert manifest == {
        "cache": offline.CACHE_PREFIX + version,
        "files": 3,
        "bytes": len("<p>home</p>") + len("export {};"),
    }
    worker = (tmp_path / offline.SERVICE_WORKER).read_text()
    for name in ("_static/progress.mjs", "index.html", offline.MANIFEST):
        assert f'"{name}"' in worker
    assert json.dumps(offline.SAVED_ENTRY) in worker
    assert offline.cached_files(tmp_path) == ["_static/progress.mjs", "index.html"]


def test_review_is_in_the_navigation_and_linked_from_the_home_page():
    files = toc_files(load_toc(BOOK))
    assert "review" in files and (BOOK / "review.md").is_file()
    assert "{review-items}" in (BOOK / "review.md").read_text(encoding="utf-8")
    assert "{doc}`Review <review>`" in (BOOK / "intro.md").read_text(encoding="utf-8")


def test_every_item_has_a_face_that_can_go_on_the_review_page():
    assert all(items_in_html(show(i).static_html()) == [i] for i in all_items())


def test_the_phone_screenshot_of_the_review_page_is_committed_and_shown():
    png = (REPO / SCREENSHOT).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 390 and height > 400
    how_to = (BOOK / "how-to-use.md").read_text(encoding="utf-8")
    assert "images/review-page-390px.png" in how_to and ":alt:" in how_to
    assert "nothing\nis ever sent anywhere" in how_to
