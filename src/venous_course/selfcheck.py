"""Formative self-checks: single best answer, select all that apply, and ordering.

Each constructor returns an object that a notebook cell displays with two faces:
an ipywidgets quiz in JupyterLab and a self-contained HTML/JS quiz for the static book
(inline script, no external files, fieldset/legend, labels, keyboard usable, an
``aria-live`` feedback region). Both show, after "Check answer", which options were right and
the rationale of EVERY option, and offer "Try again". Self-checks are formative, not graded,
so the feedback lives in the page.

Grading is done by small pure functions (:func:`check_single`, :func:`check_select_all`,
:func:`check_ordering`) so it can be tested without a browser.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

MIN_ORDERING_STEPS = 3


@dataclass(frozen=True)
class Option:
    """One answer option, whether it is correct, and why (shown after checking)."""

    text: str
    correct: bool
    rationale: str


@dataclass(frozen=True)
class OptionFeedback:
    """The result of one option after checking: was it chosen, should it have been."""

    text: str
    chosen: bool
    correct: bool
    rationale: str

    @property
    def right(self) -> bool:
        """True when the learner's choice for this option matches the key."""
        return self.chosen == self.correct


# --------------------------------------------------------------------------- validation


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"The {what} of a self-check must be non-empty text.")
    return value


def _check_options(prompt: str, options: Sequence[Option], kind: str) -> tuple[Option, ...]:
    _check_text(prompt, "prompt")
    options = tuple(options)
    if len(options) < 2:
        raise ValueError(f"A {kind} self-check needs at least two options; got {len(options)}.")
    for number, option in enumerate(options, start=1):
        if not isinstance(option, Option):
            raise ValueError(f"Option {number} of '{prompt[:40]}' is not an Option(...).")
        _check_text(option.text, f"text of option {number}")
        if not isinstance(option.rationale, str) or not option.rationale.strip():
            raise ValueError(
                f"Option {number} ('{option.text[:40]}') needs a rationale: every option "
                "explains why it is right or wrong."
            )
    texts = [o.text.strip() for o in options]
    if len(set(texts)) != len(texts):
        raise ValueError(f"Two options of '{prompt[:40]}' have the same text.")
    return options


# --------------------------------------------------------------------------- grading


def check_single(options: Sequence[Option], chosen: int | None) -> list[OptionFeedback]:
    """Feedback for every option of a single-answer item when option ``chosen`` was picked.

    Raises ``ValueError`` when nothing (or an unknown option number) was chosen.
    """
    if chosen is None:
        raise ValueError("Choose one answer before checking.")
    if isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < len(options):
        raise ValueError(f"There is no option number {chosen!r} to choose.")
    return [
        OptionFeedback(o.text, index == chosen, o.correct, o.rationale)
        for index, o in enumerate(options)
    ]


def check_select_all(options: Sequence[Option], chosen: set[int]) -> list[OptionFeedback]:
    """Feedback for every option of a select-all item given the set of chosen option numbers.

    Raises ``ValueError`` when nothing was chosen or a number is not an option.
    """
    chosen = set(chosen)
    if not chosen:
        raise ValueError("Select at least one option before checking.")
    unknown = [c for c in chosen if not (isinstance(c, int) and 0 <= c < len(options))]
    if unknown:
        raise ValueError(f"There is no option number {unknown[0]!r} to select.")
    return [
        OptionFeedback(o.text, index in chosen, o.correct, o.rationale)
        for index, o in enumerate(options)
    ]


def all_right(feedback: Sequence[OptionFeedback]) -> bool:
    """True when every option was answered as the key says."""
    return all(item.right for item in feedback)


def check_ordering(correct_steps: Sequence[str], answer: Sequence[str]) -> list[bool]:
    """For each position, whether ``answer`` has the step the correct order has there.

    Raises ``ValueError`` when ``answer`` is not a rearrangement of the same steps.
    """
    if sorted(answer) != sorted(correct_steps):
        raise ValueError("The answer must use every step exactly once.")
    return [given == expected for given, expected in zip(answer, correct_steps, strict=True)]


def display_order(prompt: str, steps: Sequence[str]) -> list[str]:
    """The steps in a deterministic shuffled order that is never the correct order.

    The shuffle is seeded from the prompt, so the page is the same at every build.
    """
    seed = int.from_bytes(hashlib.sha256(prompt.encode("utf-8")).digest()[:8], "big")
    shuffled = list(steps)
    random.Random(seed).shuffle(shuffled)
    if shuffled == list(steps):
        shuffled = shuffled[1:] + shuffled[:1]  # a rotation of distinct steps always differs
    return shuffled


# --------------------------------------------------------------------------- HTML face

_ids = itertools.count(1)


def _element_id(kind: str, prompt: str) -> str:
    digest = hashlib.sha256(prompt.encode("utf-8")).hexdigest()[:8]
    return f"vc-sc-{kind}-{digest}-{next(_ids)}"


def _json_for_script(data: Any) -> str:
    # Safe inside <script>: no "</script>", no HTML comment openers, no U+2028/2029 breaks.
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


_STYLE = (
    "<style>.vc-selfcheck{border:1px solid #0072B2;border-radius:6px;padding:0.8em 1em;"
    "margin:1em 0}.vc-selfcheck legend{font-weight:bold;padding:0 0.3em}"
    ".vc-selfcheck label{display:block;margin:0.3em 0}.vc-selfcheck button{margin:0.5em 0.5em "
    "0 0;padding:0.3em 0.8em}.vc-selfcheck .vc-right{color:#006e4f}"
    ".vc-selfcheck .vc-wrong{color:#a04400}.vc-selfcheck ol.vc-order li{margin:0.3em 0}"
    ".vc-selfcheck button:focus,.vc-selfcheck input:focus{outline:3px solid #E69F00}</style>"
)

_CHOICE_SCRIPT = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var data = %(data)s;
  var inputs = root.querySelectorAll("input[data-index]");
  var out = root.querySelector(".vc-feedback");
  function esc(t) { var d = document.createElement("div"); d.textContent = t; return d.innerHTML; }
  root.querySelector(".vc-check").addEventListener("click", function () {
    var chosen = [];
    inputs.forEach(function (el) { if (el.checked) { chosen.push(+el.dataset.index); } });
    if (!chosen.length) {
      out.innerHTML = "<p>" + (data.multi ? "Select at least one option before checking."
        : "Choose one answer before checking.") + "</p>";
      return;
    }
    var allRight = true, items = [];
    data.options.forEach(function (o, i) {
      var picked = chosen.indexOf(i) >= 0, right = picked === o.correct;
      if (!right) { allRight = false; }
      var verdict = o.correct ? "Correct option" : "Incorrect option";
      var yours = picked ? (data.multi ? "you selected it" : "your answer")
        : (data.multi ? "you did not select it" : "not chosen");
      items.push("<li class='" + (right ? "vc-right" : "vc-wrong") + "'><strong>" +
        (right ? "\\u2713 " : "\\u2717 ") + esc(o.text) + "</strong>: " + verdict + ", " + yours +
        ". " + esc(o.rationale) + "</li>");
    });
    out.innerHTML = "<p><strong>" + (allRight ? "Correct." : "Not quite.") +
      "</strong> Why each option is right or wrong:</p><ul>" + items.join("") + "</ul>";
    inputs.forEach(function (el) { el.disabled = true; });
    root.querySelector(".vc-retry").hidden = false;
    root.querySelector(".vc-check").hidden = true;
    root.querySelector(".vc-retry").focus();
  });
  root.querySelector(".vc-retry").addEventListener("click", function () {
    inputs.forEach(function (el) { el.disabled = false; el.checked = false; });
    out.innerHTML = "";
    root.querySelector(".vc-retry").hidden = true;
    root.querySelector(".vc-check").hidden = false;
    if (inputs.length) { inputs[0].focus(); }
  });
})();
"""

_ORDER_SCRIPT = """
(function () {
  var root = document.getElementById(%(id)s);
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var data = %(data)s;
  var list = root.querySelector("ol.vc-order");
  var out = root.querySelector(".vc-feedback");
  var status = root.querySelector(".vc-moves");
  var initial = Array.prototype.slice.call(list.children);
  function esc(t) { var d = document.createElement("div"); d.textContent = t; return d.innerHTML; }
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
    status.textContent = "Moved \\u201c" + item.dataset.step + "\\u201d to position " +
      position + ".";
  });
  root.querySelector(".vc-check").addEventListener("click", function () {
    var items = list.querySelectorAll("li"), rows = [], allRight = true;
    items.forEach(function (li, i) {
      var right = li.dataset.step === data.steps[i];
      if (!right) { allRight = false; }
      rows.push("<li class='" + (right ? "vc-right" : "vc-wrong") + "'>" +
        (right ? "\\u2713 In the right place: " : "\\u2717 Not in the right place: ") +
        esc(li.dataset.step) + "</li>");
    });
    var key = data.steps.map(function (s) { return "<li>" + esc(s) + "</li>"; }).join("");
    out.innerHTML = "<p><strong>" + (allRight ? "Correct order." : "Not quite.") +
      "</strong></p><ol>" + rows.join("") + "</ol><p>The correct order:</p><ol>" + key +
      "</ol><p>" + esc(data.rationale) + "</p>";
    setDisabled(true);
    root.querySelector(".vc-retry").hidden = false;
    root.querySelector(".vc-check").hidden = true;
    root.querySelector(".vc-retry").focus();
  });
  root.querySelector(".vc-retry").addEventListener("click", function () {
    initial.forEach(function (li) { list.appendChild(li); });
    setDisabled(false);
    out.innerHTML = "";
    status.textContent = "";
    root.querySelector(".vc-retry").hidden = true;
    root.querySelector(".vc-check").hidden = false;
    var first = list.querySelector("button");
    if (first) { first.focus(); }
  });
})();
"""


def _buttons_html() -> str:
    return (
        '<button type="button" class="vc-check">Check answer</button>'
        '<button type="button" class="vc-retry" hidden>Try again</button>'
    )


def _choice_html(prompt: str, options: Sequence[Option], multi: bool) -> str:
    root_id = _element_id("multi" if multi else "single", prompt)
    input_type = "checkbox" if multi else "radio"
    hint = "Select all that apply." if multi else "Choose one answer."
    rows = []
    for index, option in enumerate(options):
        input_id = f"{root_id}-o{index}"
        rows.append(
            f'<label for="{input_id}"><input type="{input_type}" id="{input_id}" '
            f'name="{root_id}" data-index="{index}"> {html.escape(option.text)}</label>'
        )
    data = {
        "multi": multi,
        "options": [
            {"text": o.text, "correct": o.correct, "rationale": o.rationale} for o in options
        ],
    }
    script = _CHOICE_SCRIPT % {"id": json.dumps(root_id), "data": _json_for_script(data)}
    return (
        f'{_STYLE}<div class="vc-selfcheck" id="{root_id}">'
        f"<fieldset><legend>Self-check: {html.escape(prompt)}</legend>"
        f'<p class="vc-hint">{hint}</p>{"".join(rows)}</fieldset>'
        f'{_buttons_html()}<div class="vc-feedback" aria-live="polite"></div>'
        f"<noscript>{_static_key_html(options)}</noscript>"
        f"</div><script>{script}</script>"
    )


def _static_key_html(options: Sequence[Option]) -> str:
    items = "".join(
        f"<li>{html.escape(o.text)}: {'correct' if o.correct else 'incorrect'}. "
        f"{html.escape(o.rationale)}</li>"
        for o in options
    )
    return f"<p>Answers and rationales:</p><ul>{items}</ul>"


def _ordering_html(prompt: str, steps: Sequence[str], rationale: str) -> str:
    root_id = _element_id("order", prompt)
    items = []
    for step in display_order(prompt, steps):
        text = html.escape(step)
        items.append(
            f'<li data-step="{text}"><span>{text}</span> '
            f'<button type="button" data-move="up" aria-label="Move up: {text}">'
            "\u2191 Up</button>"
            f'<button type="button" data-move="down" aria-label="Move down: {text}">'
            "\u2193 Down</button></li>"
        )
    data = {"steps": list(steps), "rationale": rationale}
    script = _ORDER_SCRIPT % {"id": json.dumps(root_id), "data": _json_for_script(data)}
    key = "".join(f"<li>{html.escape(s)}</li>" for s in steps)
    return (
        f'{_STYLE}<div class="vc-selfcheck" id="{root_id}">'
        f"<fieldset><legend>Self-check: {html.escape(prompt)}</legend>"
        '<p class="vc-hint">Put the steps in order: use the Up and Down buttons '
        "(Tab to reach them, Enter or Space to press).</p>"
        f'<ol class="vc-order">{"".join(items)}</ol></fieldset>'
        '<p class="vc-moves" aria-live="polite"></p>'
        f'{_buttons_html()}<div class="vc-feedback" aria-live="polite"></div>'
        f"<noscript><p>The correct order:</p><ol>{key}</ol><p>{html.escape(rationale)}</p>"
        f"</noscript></div><script>{script}</script>"
    )


# --------------------------------------------------------------------------- widget face


def _feedback_html(feedback: Sequence[OptionFeedback], multi: bool) -> str:
    rows = []
    for item in feedback:
        mark = "\u2713" if item.right else "\u2717"
        verdict = "Correct option" if item.correct else "Incorrect option"
        if multi:
            yours = "you selected it" if item.chosen else "you did not select it"
        else:
            yours = "your answer" if item.chosen else "not chosen"
        colour = "#006e4f" if item.right else "#a04400"
        rows.append(
            f'<li style="color:{colour}"><strong>{mark} {html.escape(item.text)}</strong>: '
            f"{verdict}, {yours}. {html.escape(item.rationale)}</li>"
        )
    head = "Correct." if all_right(feedback) else "Not quite."
    return (
        f'<div role="status" aria-live="polite"><p><strong>{head}</strong> Why each option is '
        f"right or wrong:</p><ul>{''.join(rows)}</ul></div>"
    )


def _message_html(message: str) -> str:
    return f'<div role="status" aria-live="polite"><p>{html.escape(message)}</p></div>'


class _SelfCheck:
    """Common display: the widget face in JupyterLab, the HTML face in the book."""

    kind = ""

    def __init__(self, prompt: str) -> None:
        self.prompt = prompt
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

    def _check_and_retry_face(
        self,
        hint: str,
        body: Sequence[widgets.Widget],
        check: Callable[[], bool],
        retry: Callable[[], None],
    ) -> widgets.VBox:
        """The shell every item shares: prompt and hint, the item's controls, a feedback line,
        and "Check answer" that swaps to "Try again" once ``check`` has graded the answer.

        ``check`` writes its feedback and returns False when there was nothing to grade (the
        buttons then stay as they are); ``retry`` resets the item's controls.
        """
        self.feedback = widgets.HTML()
        self.check_button = widgets.Button(description="Check answer", button_style="primary")
        self.retry_button = widgets.Button(description="Try again")
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
                    f"<p><strong>Self-check:</strong> {html.escape(self.prompt)}</p>"
                    f"<p><em>{hint}</em></p>"
                ),
                *body,
                widgets.HBox([self.check_button, self.retry_button]),
                self.feedback,
            ]
        )

    def html(self) -> str:  # pragma: no cover - overridden
        """The kernel-free HTML/JS face."""
        raise NotImplementedError

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.html()
        bundle["text/plain"] = f"Self-check ({self.kind}): {self.prompt}"
        return bundle


class ChoiceCheck(_SelfCheck):
    """A single-answer or select-all item. Build it with :func:`single_answer` or
    :func:`select_all`."""

    def __init__(self, prompt: str, options: Sequence[Option], multi: bool) -> None:
        super().__init__(prompt)
        self.options = tuple(options)
        self.multi = multi
        self.kind = "select all that apply" if multi else "single best answer"
        self.controls: list[widgets.Widget] = []

    def html(self) -> str:
        """The kernel-free HTML/JS face."""
        return _choice_html(self.prompt, self.options, self.multi)

    def grade(self) -> list[OptionFeedback]:
        """Grade the widget's current answer (raises ``ValueError`` when nothing is chosen)."""
        if self.multi:
            chosen = {i for i, box in enumerate(self.controls) if box.value}
            return check_select_all(self.options, chosen)
        return check_single(self.options, self.controls[0].index)

    def _build_widget(self) -> widgets.Widget:
        if self.multi:
            self.controls = [
                widgets.Checkbox(
                    value=False,
                    description=o.text,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
                for o in self.options
            ]
            hint = "Select all that apply."
        else:
            self.controls = [
                widgets.RadioButtons(
                    options=[o.text for o in self.options],
                    index=None,
                    description="Answer",
                    layout=widgets.Layout(width="auto"),
                )
            ]
            hint = "Choose one answer."

        def check() -> bool:
            try:
                result = self.grade()
            except ValueError as error:
                self.feedback.value = _message_html(str(error))
                return False
            self.feedback.value = _feedback_html(result, self.multi)
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

        return self._check_and_retry_face(hint, self.controls, check, retry)


class OrderingCheck(_SelfCheck):
    """An ordering item: put steps in order. Build it with :func:`ordering`."""

    kind = "ordering"

    def __init__(self, prompt: str, steps: Sequence[str], rationale: str) -> None:
        super().__init__(prompt)
        self.steps = tuple(steps)
        self.rationale = rationale
        self.order: list[str] = display_order(prompt, steps)
        self.rows: widgets.VBox | None = None
        self._locked = False

    def html(self) -> str:
        """The kernel-free HTML/JS face."""
        return _ordering_html(self.prompt, self.steps, self.rationale)

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

    def _render_rows(self) -> None:
        if self.rows is None:
            return
        children = []
        last = len(self.order) - 1
        for position, step in enumerate(self.order):
            up = widgets.Button(
                description="\u2191 Up",
                tooltip=f"Move up: {step}",
                disabled=self._locked or position == 0,
                layout=widgets.Layout(width="5em"),
            )
            down = widgets.Button(
                description="\u2193 Down",
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
            marks = self.grade()
            rows = "".join(
                f"<li>{'&#10003; In the right place' if ok else '&#10007; Not in the right place'}"
                f": {html.escape(step)}</li>"
                for ok, step in zip(marks, self.order, strict=True)
            )
            key = "".join(f"<li>{html.escape(s)}</li>" for s in self.steps)
            head = "Correct order." if all(marks) else "Not quite."
            self.feedback.value = (
                f'<div role="status" aria-live="polite"><p><strong>{head}</strong></p>'
                f"<ol>{rows}</ol><p>The correct order:</p><ol>{key}</ol>"
                f"<p>{html.escape(self.rationale)}</p></div>"
            )
            self._locked = True
            self._render_rows()
            return True

        def retry() -> None:
            self._locked = False
            self.order = display_order(self.prompt, self.steps)
            self._render_rows()

        return self._check_and_retry_face(
            "Put the steps in order with the Up and Down buttons.", [self.rows], check, retry
        )


# --------------------------------------------------------------------------- constructors


def single_answer(prompt: str, options: Sequence[Option]) -> ChoiceCheck:
    """A single-best-answer self-check. Exactly one option must be correct.

    Raises ``ValueError`` when the item is malformed (no rationale, not exactly one key...).
    """
    options = _check_options(prompt, options, "single-answer")
    keys = sum(o.correct for o in options)
    if keys != 1:
        raise ValueError(
            f"A single-answer self-check needs exactly one correct option; "
            f"'{prompt[:40]}' has {keys}."
        )
    return ChoiceCheck(prompt, options, multi=False)


def select_all(prompt: str, options: Sequence[Option]) -> ChoiceCheck:
    """A select-all-that-apply self-check. At least one option must be correct."""
    options = _check_options(prompt, options, "select-all")
    if not any(o.correct for o in options):
        raise ValueError(
            f"A select-all self-check needs at least one correct option; '{prompt[:40]}' has none."
        )
    return ChoiceCheck(prompt, options, multi=True)


def ordering(prompt: str, steps: Sequence[str], rationale: str) -> OrderingCheck:
    """An ordering self-check; give ``steps`` in the CORRECT order.

    Needs at least three distinct, non-empty steps and a rationale.
    """
    _check_text(prompt, "prompt")
    _check_text(rationale, "rationale")
    steps = list(steps)
    if len(steps) < MIN_ORDERING_STEPS:
        raise ValueError(
            f"An ordering self-check needs at least {MIN_ORDERING_STEPS} steps; got {len(steps)}."
        )
    for number, step in enumerate(steps, start=1):
        _check_text(step, f"step {number}")
    if len({s.strip() for s in steps}) != len(steps):
        raise ValueError("The steps of an ordering self-check must all be different.")
    return OrderingCheck(prompt, steps, rationale)


__all__ = [
    "Option",
    "OptionFeedback",
    "ChoiceCheck",
    "OrderingCheck",
    "single_answer",
    "select_all",
    "ordering",
    "check_single",
    "check_select_all",
    "check_ordering",
    "all_right",
    "display_order",
]
