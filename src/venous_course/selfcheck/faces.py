"""The two faces of a self-check: an ipywidgets quiz in JupyterLab, an HTML quiz in the book.

Both show, after "Check answer", which options were right and the rationale of EVERY option,
and offer "Try again". The book's face is self-contained (inline script, no external files,
fieldset and legend, labels, keyboard usable, an ``aria-live`` feedback region); its script
picks among feedback pieces rendered in Python by :mod:`venous_course.selfcheck.wording`,
so the words exist once.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import random
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from venous_course.faces import WidgetFaces
from venous_course.selfcheck import wording
from venous_course.selfcheck.grading import (
    NOTHING_CHOSEN,
    NOTHING_SELECTED,
    OptionFeedback,
    all_right,
    check_ordering,
    check_select_all,
    check_single,
    display_order,
)
from venous_course.selfcheck.items import ChoiceItem, Option, OrderingItem

_ids = itertools.count(1)
_KIND_NAMES = {
    "single answer": "single best answer",
    "select all": "select all that apply",
    "ordering": "ordering",
}


def _element_id(kind: str, prompt: str) -> str:
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:8]
    return f"vc-sc-{kind}-{digest}-{next(_ids)}"


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: no "</script>", no HTML
    comment openers, no U+2028/2029 line breaks (the book's self-checks and progress index)."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def answer_hash(salt: str, answer: str) -> int:
    """A 53-bit salted hash of an answer (cyrb53), computed the same way by the page script.

    The book's page holds only this hash of the right answer, never the answer itself: the
    script hashes what the learner chose and compares. It hides the key from a reader of the
    page source; it is no secret from someone who tries every option (neither is clicking).
    """
    text = f"{salt}|{answer}"
    h1, h2 = 0xDEADBEEF, 0x41C6CE57
    mask = 0xFFFFFFFF
    units = text.encode("utf-16-le")  # UTF-16 code units, as JavaScript's charCodeAt
    for i in range(0, len(units), 2):
        code = units[i] | units[i + 1] << 8
        h1 = ((h1 ^ code) * 2654435761) & mask
        h2 = ((h2 ^ code) * 1597334677) & mask
    h1 = (((h1 ^ (h1 >> 16)) * 2246822507) & mask) ^ (((h2 ^ (h2 >> 13)) * 3266489909) & mask)
    h2 = (((h2 ^ (h2 >> 16)) * 2246822507) & mask) ^ (((h1 ^ (h1 >> 13)) * 3266489909) & mask)
    return 4294967296 * (2097151 & h2) + h1


def obscure(salt: str, data: Any) -> str:
    """``data`` as JSON, XOR-ed with the salt and base64-encoded: the feedback pieces (which
    name the right options) are not readable in the page source. The script undoes it."""
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    key = salt.encode("ascii")
    mixed = bytes(b ^ key[i % len(key)] for i, b in enumerate(raw))
    return base64.b64encode(mixed).decode("ascii")


def item_salt(prompt: str) -> str:
    """A salt per item, stable from build to build (taken from the prompt)."""
    return hashlib.sha256(("venous-course-selfcheck|" + prompt).encode("utf-8")).hexdigest()[:16]


def choice_page_data(options: Sequence[Option], multi: bool, salt: str) -> dict:
    """What a choice item's page holds: the salt, the hash of the right answer, and the
    feedback pieces of :func:`choice_script_data` without their right/wrong flags, obscured."""
    data = choice_script_data(options, multi)
    key = ",".join(str(i) for i, o in enumerate(options) if o.correct)
    pieces = {
        "rows": [[piece["html"] for piece in pair] for pair in data["rows"]],
        "frame": data["frame"],
        "empty": data["empty"],
    }
    return {"salt": salt, "key": answer_hash(salt, key), "blob": obscure(salt, pieces)}


def ordering_page_data(steps: Sequence[str], rationale: str, salt: str) -> dict:
    """What an ordering item's page holds: per position the hash of the right step there, and
    the feedback pieces (by step) and frames, obscured. The correct order is not in clear."""
    data = ordering_script_data(steps, rationale)
    pieces = {
        "rows": {step: pair for step, pair in zip(steps, data["rows"], strict=True)},
        "frame": data["frame"],
        "moved": data["moved"],
    }
    at = [answer_hash(salt, f"{i}|{step}") for i, step in enumerate(steps)]
    return {"salt": salt, "at": at, "blob": obscure(salt, pieces)}


def _live_region(content: str) -> str:
    return f'<div role="status" aria-live="polite">{content}</div>'


_STYLE = (
    "<style>.vc-selfcheck{border:1px solid #0072B2;border-radius:6px;padding:0.8em 1em;"
    "margin:1em 0}.vc-selfcheck legend{font-weight:bold;padding:0 0.3em}"
    ".vc-selfcheck label{display:block;margin:0.3em 0}.vc-selfcheck button{margin:0.5em 0.5em "
    "0 0;padding:0.3em 0.8em}.vc-selfcheck ol.vc-order li{margin:0.3em 0}"
    ".vc-selfcheck button:focus,.vc-selfcheck input:focus{outline:3px solid #E69F00}</style>"
)

# The scripts hold no words a learner reads: every message comes from ``data``.
_SHARED_SCRIPT = """
  function h53(str) {
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0, ch; i < str.length; i++) {
      ch = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
  function hashed(answer) { return h53(page.salt + "|" + answer); }
  function unpack() {
    var bin = atob(page.blob), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      bytes[i] = bin.charCodeAt(i) ^ page.salt.charCodeAt(i % page.salt.length);
    }
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  function shuffle(parent, selector) {
    // a new order at every page view, kept until the page is left
    var nodes = Array.prototype.slice.call(parent.querySelectorAll(selector));
    for (var i = nodes.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = nodes[i];
      nodes[i] = nodes[j]; nodes[j] = t;
    }
    nodes.forEach(function (n) { n.parentNode.appendChild(n); });
  }
  function finish(out, html, quiet) {
    out.innerHTML = html;
    root.querySelector(".vc-retry").hidden = false;
    root.querySelector(".vc-check").hidden = true;
    if (!quiet) { root.querySelector(".vc-retry").focus(); }
  }
  // The book's progress module (book/_static/progress.mjs) listens for this to remember the
  // answer on the reader's device; it sends "vc-selfcheck-restore" to show it again after a
  // reload (quietly: no focus moves, nothing is announced, nothing is remembered twice).
  function answered(right, answer) {
    root.dispatchEvent(new CustomEvent("vc-selfcheck-answered", {
      bubbles: true, detail: { item: root.dataset.item, right: right, answer: answer }
    }));
  }
  function reset(out) {
    out.innerHTML = "";
    root.querySelector(".vc-retry").hidden = true;
    root.querySelector(".vc-check").hidden = false;
  }
"""

_CHOICE_SCRIPT = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var page = %(data)s;
  var out = root.querySelector(".vc-feedback");
  %(shared)s
  var data = unpack();
  shuffle(root.querySelector("fieldset"), "label");
  var inputs = root.querySelectorAll("input[data-index]");
  function check(quiet) {
    var rows = [], chosen = [];
    inputs.forEach(function (el) {
      rows.push(data.rows[+el.dataset.index][el.checked ? 1 : 0]);
      if (el.checked) { chosen.push(+el.dataset.index); }
    });
    if (!chosen.length) { if (!quiet) { out.innerHTML = data.empty; } return; }
    chosen.sort(function (a, b) { return a - b; });
    var allRight = hashed(chosen.join(",")) === page.key;
    var frame = allRight ? data.frame.right : data.frame.wrong;
    inputs.forEach(function (el) { el.disabled = true; });
    finish(out, frame[0] + rows.join("") + frame[1], quiet);
    if (!quiet) { answered(allRight, chosen); }
  }
  root.querySelector(".vc-check").addEventListener("click", function () { check(false); });
  root.addEventListener("vc-selfcheck-restore", function (event) {
    var chosen = event.detail && event.detail.answer;
    if (!Array.isArray(chosen)) { return; }
    inputs.forEach(function (el) { el.checked = chosen.indexOf(+el.dataset.index) >= 0; });
    check(true);
  });
  root.querySelector(".vc-retry").addEventListener("click", function () {
    inputs.forEach(function (el) { el.disabled = false; el.checked = false; });
    reset(out);
    if (inputs.length) { inputs[0].focus(); }
  });
})();
"""

_ORDER_SCRIPT = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var page = %(data)s;
  var list = root.querySelector("ol.vc-order");
  var out = root.querySelector(".vc-feedback");
  var status = root.querySelector(".vc-moves");
  var initial = Array.prototype.slice.call(list.children);
  %(shared)s
  var data = unpack();
  function setDisabled(flag) {
    list.querySelectorAll("button").forEach(function (b) { b.disabled = flag; });
  }
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var item = button.closest("li");
    var up = button.dataset.move === "up";
    var other = up ? item.previousElementSibling : item.nextElementSibling;
    if (!other) { return; }
    if (up) { list.insertBefore(item, other); } else { list.insertBefore(other, item); }
    button.focus();
    var position = Array.prototype.indexOf.call(list.children, item) + 1;
    status.textContent = data.moved.replace("{step}", item.dataset.step)
      .replace("{position}", String(position));
  });
  function check(quiet) {
    var rows = [], order = [], allRight = true;
    list.querySelectorAll("li").forEach(function (li, i) {
      var right = hashed(i + "|" + li.dataset.step) === page.at[i];
      if (!right) { allRight = false; }
      rows.push(data.rows[li.dataset.step][right ? 1 : 0]);
      order.push(li.dataset.step);
    });
    var frame = allRight ? data.frame.right : data.frame.wrong;
    setDisabled(true);
    finish(out, frame[0] + rows.join("") + frame[1], quiet);
    if (!quiet) { answered(allRight, order); }
  }
  root.querySelector(".vc-check").addEventListener("click", function () { check(false); });
  root.addEventListener("vc-selfcheck-restore", function (event) {
    // Only an order of exactly this item's steps (an edited item's old answer is ignored).
    var order = event.detail && event.detail.answer, byStep = {};
    initial.forEach(function (li) { byStep[li.dataset.step] = li; });
    if (!Array.isArray(order) || order.length !== initial.length) { return; }
    var rows = order.map(function (step) { return byStep[step]; });
    if (rows.some(function (li) { return !li; }) || new Set(order).size !== order.length) {
      return;
    }
    rows.forEach(function (li) { list.appendChild(li); });
    check(true);
  });
  root.querySelector(".vc-retry").addEventListener("click", function () {
    initial.forEach(function (li) { list.appendChild(li); });
    setDisabled(false);
    status.textContent = "";
    reset(out);
    var first = list.querySelector("button");
    if (first) { first.focus(); }
  });
})();
"""


def _face_html(
    root_id: str,
    item_id: str,
    prompt: str,
    fieldset_body: str,
    script_template: str,
    page_data: Any,
    after_fieldset: str = "",
) -> str:
    """The shell every book face shares: the prompt as the fieldset's legend, the buttons,
    the live feedback region, the no-script message, and the kind's script with its data.
    ``data-item`` names the item (``04-lena``) for the book's progress memory."""
    script = script_template % {
        "id": json.dumps(root_id),
        "data": json_for_script(page_data),
        "shared": _SHARED_SCRIPT,
    }
    return (
        f'{_STYLE}<div class="vc-selfcheck" id="{root_id}" '
        f'data-item="{html.escape(item_id, quote=True)}">'
        f"<fieldset><legend>{wording.legend(prompt)}</legend>{fieldset_body}</fieldset>"
        f'{after_fieldset}{_buttons_html()}<div class="vc-feedback" aria-live="polite"></div>'
        f"<noscript>{wording.message_html(wording.NO_SCRIPT)}</noscript>"
        f"</div><script>{script}</script>"
    )


def _buttons_html() -> str:
    return (
        f'<button type="button" class="vc-check">{wording.CHECK}</button>'
        f'<button type="button" class="vc-retry" hidden>{wording.RETRY}</button>'
    )


def choice_script_data(options: Sequence[Option], multi: bool) -> dict:
    """What the book's script needs to give feedback: for each option, its feedback line
    when left unchosen ([0]) and when chosen ([1]), the frames around the lines, and the
    message for an empty answer. Everything is rendered by :mod:`wording`."""
    rows = [
        [
            {"html": wording.choice_row_html(feedback, multi), "right": feedback.right}
            for feedback in (
                OptionFeedback(o.text, False, o.correct, o.rationale),
                OptionFeedback(o.text, True, o.correct, o.rationale),
            )
        ]
        for o in options
    ]
    return {
        "rows": rows,
        "frame": {
            "right": wording.split_frame(wording.choice_feedback_html(wording.ROWS, True)),
            "wrong": wording.split_frame(wording.choice_feedback_html(wording.ROWS, False)),
        },
        "empty": wording.message_html(NOTHING_SELECTED if multi else NOTHING_CHOSEN),
    }


def ordering_script_data(steps: Sequence[str], rationale: str) -> dict:
    """What the book's script needs for an ordering item: the key, each step's feedback line
    when out of place ([0]) and in place ([1]), the frames, and the "moved" announcement."""

    def frame(right: bool) -> list[str]:
        return wording.split_frame(
            wording.ordering_feedback_html(wording.ROWS, right, steps, rationale)
        )

    return {
        "steps": list(steps),
        "rows": [
            [wording.ordering_row_html(s, False), wording.ordering_row_html(s, True)] for s in steps
        ],
        "frame": {"right": frame(True), "wrong": frame(False)},
        "moved": wording.MOVED,
    }


def choice_html(item: ChoiceItem) -> str:
    """The book's face of a choice item: a fieldset of labelled inputs and a small script."""
    root_id = _element_id("multi" if item.multi else "single", item.prompt)
    input_type = "checkbox" if item.multi else "radio"
    rows = []
    for index, option in enumerate(item.options):
        input_id = f"{root_id}-o{index}"
        rows.append(
            f'<label for="{input_id}"><input type="{input_type}" id="{input_id}" '
            f'name="{root_id}" data-index="{index}"> {html.escape(option.text)}</label>'
        )
    return _face_html(
        root_id,
        item.id,
        item.prompt,
        f'<p class="vc-hint">{wording.choice_hint(item.multi)}</p>{"".join(rows)}',
        _CHOICE_SCRIPT,
        choice_page_data(item.options, item.multi, item_salt(item.prompt)),
    )


def ordering_html(item: OrderingItem) -> str:
    """The book's face of an ordering item: shuffled steps with Up and Down buttons."""
    root_id = _element_id("order", item.prompt)
    rows = []
    for step in display_order(item.prompt, item.steps):
        text = html.escape(step)
        rows.append(
            f'<li data-step="{text}"><span>{text}</span> '
            f'<button type="button" data-move="up" aria-label="Move up: {text}">'
            f"{wording.UP}</button>"
            f'<button type="button" data-move="down" aria-label="Move down: {text}">'
            f"{wording.DOWN}</button></li>"
        )
    return _face_html(
        root_id,
        item.id,
        item.prompt,
        f'<p class="vc-hint">{wording.ORDERING_HINT_BOOK}</p>'
        f'<ol class="vc-order">{"".join(rows)}</ol>',
        _ORDER_SCRIPT,
        ordering_page_data(item.steps, item.rationale, item_salt(item.prompt)),
        after_fieldset='<p class="vc-moves" aria-live="polite"></p>',
    )


class _SelfCheck(WidgetFaces):
    """Shared by both kinds: the widget is built on first use; the shell around the item."""

    def __init__(self, item: ChoiceItem | OrderingItem) -> None:
        self.item = item
        self.prompt = item.prompt
        self._widget: widgets.Widget | None = None
        self.check_button: widgets.Button | None = None
        self.retry_button: widgets.Button | None = None
        self.feedback: widgets.HTML | None = None

    @property
    def widget(self) -> widgets.Widget:
        """The ipywidgets face (built on first use)."""
        if self._widget is None:
            self._widget = self._build_widget()
        return self._widget

    def _build_widget(self) -> widgets.Widget:  # pragma: no cover - overridden
        raise NotImplementedError

    def plain_text(self) -> str:
        """``Self-check (single best answer): prompt``."""
        return f"Self-check ({_KIND_NAMES[self.item.kind]}): {self.prompt}"

    def html(self) -> str:
        """The kernel-free HTML/JS face (the book's)."""
        return self.static_html()

    def _check_and_retry_face(
        self,
        hint: str,
        body: Sequence[widgets.Widget],
        check: Callable[[], bool],
        retry: Callable[[], None],
    ) -> widgets.VBox:
        """Prompt and hint, the item's controls, a feedback line, and "Check answer" that
        swaps to "Try again" once ``check`` has graded the answer.

        ``check`` writes its feedback and returns False when there was nothing to grade (the
        buttons then stay as they are); ``retry`` resets the item's controls.
        """
        self.feedback = widgets.HTML()
        self.check_button = widgets.Button(description=wording.CHECK, button_style="primary")
        self.retry_button = widgets.Button(description=wording.RETRY)
        self.retry_button.layout.display = "none"

        def on_check(_button: object = None) -> None:
            if check():
                self.check_button.layout.display = "none"
                self.retry_button.layout.display = None

        def on_retry(_button: object = None) -> None:
            retry()
            self.feedback.value = ""
            self.retry_button.layout.display = "none"
            self.check_button.layout.display = None

        self.check_button.on_click(on_check)
        self.retry_button.on_click(on_retry)
        return widgets.VBox(
            [
                widgets.HTML(
                    f"<p><strong>{wording.legend(self.prompt)}</strong></p><p><em>{hint}</em></p>"
                ),
                *body,
                widgets.HBox([self.check_button, self.retry_button]),
                self.feedback,
            ]
        )


class ChoiceCheck(_SelfCheck):
    """A single-answer or select-all item with its two faces."""

    def __init__(self, item: ChoiceItem) -> None:
        super().__init__(item)
        self.options = item.options
        self.multi = item.multi
        self.kind = item.kind
        self.controls: list[widgets.Widget] = []
        # the order the options are shown in: shuffled for each view when the widget is built
        self.shown: list[int] = list(range(len(item.options)))

    def static_html(self) -> str:
        """The book's face."""
        return choice_html(self.item)

    def grade(self) -> list[OptionFeedback]:
        """Grade the widget's current answer (raises ``ValueError`` when nothing is chosen)."""
        if self.multi:
            chosen = {self.shown[k] for k, box in enumerate(self.controls) if box.value}
            return check_select_all(self.options, chosen)
        index = self.controls[0].index
        return check_single(self.options, None if index is None else self.shown[index])

    def feedback_html(self, result: Sequence[OptionFeedback]) -> str:
        """The feedback for a graded answer (the same HTML the book's script assembles)."""
        rows = "".join(wording.choice_row_html(f, self.multi) for f in result)
        return wording.choice_feedback_html(rows, all_right(result))

    def _build_widget(self) -> widgets.Widget:
        self.shown = random.sample(range(len(self.options)), len(self.options))
        shown = [self.options[i] for i in self.shown]
        if self.multi:
            self.controls = [
                widgets.Checkbox(
                    value=False,
                    description=o.text,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
                for o in shown
            ]
        else:
            self.controls = [
                widgets.RadioButtons(
                    options=[o.text for o in shown],
                    index=None,
                    description="Answer",
                    layout=widgets.Layout(width="auto"),
                )
            ]

        def check() -> bool:
            try:
                result = self.grade()
            except ValueError as error:
                self.feedback.value = _live_region(wording.message_html(str(error)))
                return False
            in_view = [result[i] for i in self.shown]  # feedback lines in the order shown
            self.feedback.value = _live_region(self.feedback_html(in_view))
            for control in self.controls:
                control.disabled = True
            return True

        def retry() -> None:
            for control in self.controls:
                control.disabled = False
                if isinstance(control, widgets.Checkbox):
                    control.value = False
                else:
                    control.index = None

        return self._check_and_retry_face(
            wording.choice_hint(self.multi), self.controls, check, retry
        )


class OrderingCheck(_SelfCheck):
    """An ordering item with its two faces."""

    kind = "ordering"

    def __init__(self, item: OrderingItem) -> None:
        super().__init__(item)
        self.steps = item.steps
        self.rationale = item.rationale
        self.order: list[str] = display_order(item.prompt, item.steps)
        self.rows: widgets.VBox | None = None
        self._locked = False

    def static_html(self) -> str:
        """The book's face."""
        return ordering_html(self.item)

    def move(self, position: int, offset: int) -> None:
        """Move the step at ``position`` (0-based) up (-1) or down (+1), if possible."""
        target = position + offset
        if self._locked or not 0 <= position < len(self.order) or not 0 <= target < len(self.order):
            return
        self.order[position], self.order[target] = self.order[target], self.order[position]
        self._render_rows()

    def grade(self) -> list[bool]:
        """Per position: is the widget's current order right there."""
        return check_ordering(self.steps, self.order)

    def feedback_html(self, order: Sequence[str]) -> str:
        """The feedback for an order (the same HTML the book's script assembles)."""
        marks = check_ordering(self.steps, order)
        rows = "".join(
            wording.ordering_row_html(step, ok) for ok, step in zip(marks, order, strict=True)
        )
        return wording.ordering_feedback_html(rows, all(marks), self.steps, self.rationale)

    def _render_rows(self) -> None:
        if self.rows is None:
            return
        children = []
        last = len(self.order) - 1
        for position, step in enumerate(self.order):
            up = widgets.Button(
                description=wording.UP,
                tooltip=f"Move up: {step}",
                disabled=self._locked or position == 0,
                layout=widgets.Layout(width="5em"),
            )
            down = widgets.Button(
                description=wording.DOWN,
                tooltip=f"Move down: {step}",
                disabled=self._locked or position == last,
                layout=widgets.Layout(width="6em"),
            )
            up.on_click(lambda _b, p=position: self.move(p, -1))
            down.on_click(lambda _b, p=position: self.move(p, +1))
            label = widgets.HTML(f"<span>{position + 1}. {html.escape(step)}</span>")
            children.append(widgets.HBox([up, down, label]))
        self.rows.children = children

    def _build_widget(self) -> widgets.Widget:
        self.rows = widgets.VBox()
        self._render_rows()

        def check() -> bool:
            self.feedback.value = _live_region(self.feedback_html(self.order))
            self._locked = True
            self._render_rows()
            return True

        def retry() -> None:
            self._locked = False
            self.order = display_order(self.prompt, self.steps)
            self._render_rows()

        return self._check_and_retry_face(wording.ORDERING_HINT_LIVE, [self.rows], check, retry)


def face(item: ChoiceItem | OrderingItem) -> ChoiceCheck | OrderingCheck:
    """The displayable self-check for an item."""
    if isinstance(item, OrderingItem):
        return OrderingCheck(item)
    return ChoiceCheck(item)
