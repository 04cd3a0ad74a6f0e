"""The book's self-checks keep the key out of the page source (issue 16).

The page holds a salted hash of the right answer and obscured feedback pieces; its script
hashes the learner's answer and compares. These tests replay that script's logic in Python on
every item, check the JavaScript hash against the Python one in Node, and check that no key,
rationale or correct order is readable in the page.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import re
import shutil
import subprocess

import pytest

from venous_course import selfcheck
from venous_course.selfcheck import faces

ITEMS = sorted(selfcheck.all_items())


def _page_data(page: str) -> dict:
    found = re.search(r"var page = (\{.*?\});\n", page)
    assert found, "the self-check script holds no page data"
    return json.loads(found.group(1))


def _unpack(data: dict) -> dict:
    """What the page script's unpack() does: base64, XOR with the salt, UTF-8, JSON."""
    raw = base64.b64decode(data["blob"])
    salt = data["salt"].encode("ascii")
    return json.loads(bytes(b ^ salt[i % len(salt)] for i, b in enumerate(raw)).decode("utf-8"))


@pytest.mark.parametrize("item_id", ITEMS)
def test_page_source_does_not_reveal_the_key(item_id):
    item = selfcheck.all_items()[item_id]
    page = faces.face(item).html()
    lowered = html.unescape(page)
    assert "correct option" not in lowered.lower() and '"right"' not in page
    if isinstance(item, selfcheck.OrderingItem):
        assert html.escape(item.rationale) not in page and '"steps"' not in page
        assert _page_data(page)["at"][0] != 0
        return
    for option in item.options:
        assert html.escape(option.rationale) not in page
        assert html.escape(option.text) in page  # the options themselves are shown
    key = ",".join(str(i) for i, o in enumerate(item.options) if o.correct)
    assert str(faces.answer_hash(faces.item_salt(item.prompt), key)) in page


@pytest.mark.parametrize("item_id", ITEMS)
def test_page_feedback_equals_the_widget_feedback_for_every_answer(item_id):
    check = selfcheck.show(item_id)
    data = _page_data(check.html())
    pieces = _unpack(data)

    def hashed(answer: str) -> int:
        return faces.answer_hash(data["salt"], answer)

    if isinstance(check, selfcheck.OrderingCheck):
        for order in itertools.islice(itertools.permutations(check.steps), 24):
            rights = [hashed(f"{i}|{step}") == data["at"][i] for i, step in enumerate(order)]
            rows = [pieces["rows"][step][int(r)] for step, r in zip(order, rights, strict=True)]
            frame = pieces["frame"]["right" if all(rights) else "wrong"]
            assert frame[0] + "".join(rows) + frame[1] == check.feedback_html(order)
        return
    n = len(check.options)
    answers = (
        [{i} for i in range(n)]
        if not check.multi
        else [set(c) for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]
    )
    for chosen in answers:
        rows = [pieces["rows"][i][int(i in chosen)] for i in range(n)]
        right = hashed(",".join(str(i) for i in sorted(chosen))) == data["key"]
        frame = pieces["frame"]["right" if right else "wrong"]
        graded = (
            selfcheck.check_select_all(check.options, chosen)
            if check.multi
            else selfcheck.check_single(check.options, next(iter(chosen)))
        )
        assert frame[0] + "".join(rows) + frame[1] == check.feedback_html(graded)


def test_the_page_script_hash_and_unpack_match_python():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    item = selfcheck.all_items()["04-lena"]
    data = _page_data(faces.face(item).html())
    shared = faces._SHARED_SCRIPT.split("function finish")[0]
    answers = ["0", "1,3", "2|Explain the procedure", "é – ✓ 0,1,2"]
    program = (
        f"var page = {json.dumps(data)};\n{shared}\n"
        f"console.log(JSON.stringify({{hashes: {json.dumps(answers)}.map(hashed), "
        f"data: unpack()}}));"
    )
    out = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["hashes"] == [faces.answer_hash(data["salt"], a) for a in answers]
    assert result["data"] == _unpack(data)


def test_the_widget_shuffles_its_options_and_grades_the_option_chosen():
    orders = set()
    for _ in range(30):
        check = selfcheck.show("04-pregnancy")
        check.widget  # noqa: B018 - builds the widget, which fixes the order for this view
        orders.add(tuple(check.shown))
        key = next(o.text for o in check.options if o.correct)
        check.controls[0].value = key
        check.check_button.click()
        assert "Correct." in check.feedback.value
        shown = [o.text for o in (check.options[i] for i in check.shown)]
        assert list(check.controls[0].options) == shown
        lines = re.findall(r"<strong>[\u2713\u2717] (.*?)</strong>", check.feedback.value)
        assert lines == [html.escape(t) for t in shown]  # feedback in the order shown
    assert len(orders) > 1


@pytest.fixture(scope="module")
def chromium():
    from tests.conftest import chromium_or_skip

    yield from chromium_or_skip()


def test_self_checks_work_in_chromium_with_the_key_absent_from_the_source(chromium, tmp_path):
    """A page of real self-checks: shuffled per view, graded by hash, feedback decoded."""
    chosen = ["04-pregnancy", "04-lena", "06-pathway-steps"]
    items = selfcheck.all_items()
    body = "".join(faces.face(items[i]).html() for i in chosen)
    page_file = tmp_path / "page.html"
    page_file.write_text(f"<!doctype html><html lang='en'><body>{body}</body></html>", "utf-8")
    source = page_file.read_text(encoding="utf-8")
    single, multi = items["04-pregnancy"], items["04-lena"]
    for option in (*single.options, *multi.options):
        assert html.escape(option.rationale) not in source
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    orders = set()
    for _ in range(6):
        page.goto(page_file.as_uri())
        roots = page.locator(".vc-selfcheck")
        labels = roots.nth(0).locator("label")
        order = tuple(labels.nth(i).inner_text().strip() for i in range(labels.count()))
        orders.add(order)
        # stable within the view: reading it again gives the same order
        assert order == tuple(labels.nth(i).inner_text().strip() for i in range(labels.count()))
    assert len(orders) > 1, "the options were never shuffled between page views"
    first = page.locator(".vc-selfcheck").nth(0)
    key = next(o.text for o in single.options if o.correct)
    first.locator("label", has_text=key[:40]).click()
    first.get_by_role("button", name="Check answer").click()
    feedback = first.locator(".vc-feedback")
    assert "Correct." in feedback.inner_text()
    assert single.options[0].rationale[:30] in feedback.inner_text()
    first.get_by_role("button", name="Try again").click()
    wrong = next(o.text for o in single.options if not o.correct)
    first.locator("label", has_text=wrong[:40]).click()
    first.get_by_role("button", name="Check answer").click()
    assert "Not quite." in feedback.inner_text()
    second = page.locator(".vc-selfcheck").nth(1)
    for option in multi.options:
        if option.correct:
            second.locator("label", has_text=option.text[:40]).click()
    second.get_by_role("button", name="Check answer").click()
    assert "Correct." in second.locator(".vc-feedback").inner_text()
    third = page.locator(".vc-selfcheck").nth(2)
    third.get_by_role("button", name="Check answer").click()  # shown order is never right
    text = third.locator(".vc-feedback").inner_text()
    assert "Not quite." in text and "The correct order" in text
    assert errors == []
    page.close()
