"""The returned feedback page, in words: one section per quiz item, built from trusted data.

What each section shows, and where it comes from:

* the question: the stem cell of the quiz source (read-only, also in the release), without
  its "Answer with ..." line, which is about typing and not about the question;
* the student's answer: the answer cell of the submission, read as a plain value
  (:mod:`.literals`, never run), each chosen letter with its option text from the answer
  cell's form metadata (:mod:`venous_course_tools.quizform`) *of the quiz source*: the
  submission's own metadata is the student's and is never read;
* the points earned of the points possible: the gradebook;
* the partial-credit rule: the stem's own ``Scoring:`` sentence, else one sentence per item
  type that matches the scoring of the hidden tests (:mod:`.scoring`);
* the rationale: the ``# RATIONALE:`` lines of the hidden test in the gradebook;
* the module to review: the stem's ``venous_course_item.module``, linked to the module
  notebook where the student lab puts the returned file.

Everything that came from the student is HTML-escaped and wrapped in
:data:`STUDENT_OPEN` ... :data:`STUDENT_CLOSE` comments. Escaped text can hold no ``<``, so
no student can open or close such a region; the leak check (:func:`course_text`) judges the
page without those regions, that is only what the course wrote.

Pure functions, no I/O: unit-tested in ``tests/test_feedback_page.py``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Comments around every piece of student text on the page (see the module docstring).
STUDENT_OPEN = "<!--student-->"
STUDENT_CLOSE = "<!--/student-->"
_STUDENT_REGION = re.compile(re.escape(STUDENT_OPEN) + ".*?" + re.escape(STUDENT_CLOSE), re.S)

#: Where nbgrader's ``fetch_feedback`` puts a returned page in the student lab (whose root is
#: ``modules/``): ``<quiz>/feedback/<timestamp>/<quiz>.html``, three folders below the
#: module notebooks.
MODULE_LINK_PREFIX = "../../../"

#: One sentence per item type, matching the scoring of the hidden tests and of
#: :mod:`.scoring`; a stem's own "Scoring: ..." sentence takes precedence.
PARTIAL_CREDIT = {
    "single best answer": "All or nothing: the best answer earns the points, any other "
    "letter earns none.",
    "select all that apply": "+1 for every correct option you chose and -1 for every wrong "
    "one, never below 0, scaled to the item's points.",
    "highlight": "+1 for every correct finding you chose and -1 for every wrong one, never "
    "below 0, scaled to the item's points.",
    "matrix": "Every row scores on its own: each correct row earns an equal share of the points.",
    "multiple-response matrix": "Every row scores on its own: each correct row earns an "
    "equal share of the points.",
    "trend": "Every row scores on its own: each correct row earns an equal share of the points.",
    "ordering": "All or nothing: only the complete order earns the points.",
    "calculation": "All or nothing: a result within the rounding the item asks for earns "
    "the points.",
    "classification": "All or nothing: every part of the code must match; spaces, commas "
    "and upper or lower case do not matter.",
    "drop-down cloze": "Every gap scores on its own.",
    "drag-and-drop cloze": "Every gap scores on its own.",
    "bowtie": "One point for each correct element (the condition, each action and each "
    "parameter), scaled to the item's points.",
    "teach-back": "Your instructor scores this answer by hand with the course rubric.",
}
_SCORING_SENTENCE = re.compile(r"(?:^|\n)\s*Scoring:\s*(.+?)(?:\n\s*\n|$)", re.S)
_SCORING_INLINE = re.compile(r"Scoring:\s*(.+?\.)(?:\s|$)", re.S)


@dataclass(frozen=True)
class Module:
    """A course module an item points to: its number, title and notebook file name."""

    number: str
    title: str
    filename: str


@dataclass
class FeedbackItem:
    """Everything one section of the feedback page shows (all fields already trusted or
    parsed; student text only in ``answer``)."""

    anchor: str
    heading: str
    stem_markdown: str
    answer_html: str
    earned: float | None
    possible: float
    rule: str
    rationale: str = ""
    modules: list[Module] = field(default_factory=list)
    comment: str = ""
    needs_review: bool = False


# ---------------------------------------------------------------------------- student text


def student_text(text: object) -> str:
    """``text`` escaped for HTML and marked as the student's (see :data:`STUDENT_OPEN`)."""
    return STUDENT_OPEN + html.escape(str(text), quote=True) + STUDENT_CLOSE


def course_text(page: str) -> str:
    """The page without the student's regions: what the course wrote into it."""
    return _STUDENT_REGION.sub("", page)


# ---------------------------------------------------------------------------- the answer


def _key(value: object) -> str:
    """An option key as the grader compares it: stripped, upper case (numbers as text)."""
    return str(value).strip().upper()


def _option_line(key: object, options: Sequence[Mapping[str, Any]]) -> str:
    """One chosen option: its key and text when the form knows it, else the key as typed."""
    if not options:  # no form metadata: the letter as the student wrote it
        return student_text(key)
    for option in options:
        if _key(option.get("key")) == _key(key):
            return html.escape(f"{option['key']}. {option.get('text', '')}".strip())
    return student_text(key) + " (not one of the options)"


def _options_list(
    chosen: Iterable[object], options: Sequence[Mapping[str, Any]], ordered: bool = False
) -> str:
    items = "".join(f"<li>{_option_line(c, options)}</li>" for c in chosen)
    tag = "ol" if ordered else "ul"
    return f"<{tag} class='chosen'>{items}</{tag}>"


def _sorted_keys(values: Iterable[object]) -> list[object]:
    return sorted(values, key=lambda v: (not isinstance(v, int), str(v)))


def _picked(given: object) -> list[object]:
    """The choices of one row or group: a set or list of keys, or one key."""
    if isinstance(given, (set, frozenset, list, tuple)):
        return _sorted_keys(given)
    return [given]


def _rows_answer(value: Mapping[object, object], form: Mapping[str, Any]) -> str:
    """A matrix, cloze or multiple-response matrix answer: one line per row or gap."""
    rows = {_key(r.get("key")): r for r in form.get("rows", [])}
    shared = form.get("columns") or form.get("options") or []
    lines = []
    for row_key in _sorted_keys(value):
        row = rows.get(_key(row_key))
        label = (
            html.escape(f"{row['key']}. {row.get('text', '')}".strip())
            if row
            else student_text(row_key) + " (not one of the rows)"
        )
        choices = row.get("options") if row and row.get("options") else shared
        given = value[row_key]
        answer = "; ".join(_option_line(p, choices) for p in _picked(given)) or "nothing chosen"
        lines.append(f"<li>{label}: {answer}</li>")
    return f"<ul class='chosen'>{''.join(lines)}</ul>"


def _bowtie_answer(value: Mapping[object, object], form: Mapping[str, Any]) -> str:
    groups = {_key(g.get("key")): g for g in form.get("groups", [])}
    lines = []
    for group_key in value:
        group = groups.get(_key(group_key))
        label = html.escape(group.get("label", group["key"])) if group else student_text(group_key)
        options = group.get("options", []) if group else []
        chosen = "; ".join(_option_line(p, options) for p in _picked(value[group_key]))
        lines.append(f"<li>{label}: {chosen}</li>")
    return f"<ul class='chosen'>{''.join(lines)}</ul>"


def answer_html(value: object, form: Mapping[str, Any] | None) -> str:
    """The student's answer in words: each chosen option with its text, rows with their
    choices, a number with its unit. Any part the form does not know is shown as typed."""
    form = form or {}
    kind = form.get("kind", "")
    if value is None:
        return "<p>Not answered.</p>"
    if isinstance(value, str) and kind in ("single", ""):
        return f"<p>{_option_line(value, form.get('options', []))}</p>"
    if kind in ("multiple", "highlight") and isinstance(value, (set, frozenset, list, tuple)):
        return _options_list(_sorted_keys(value), form.get("options", []))
    if kind == "ordering" and isinstance(value, (list, tuple)):
        return _options_list(value, form.get("options", []), ordered=True)
    if kind in ("matrix", "matrix-multiple", "cloze") and isinstance(value, Mapping):
        return _rows_answer(value, form)
    if kind == "bowtie" and isinstance(value, Mapping):
        return _bowtie_answer(value, form)
    unit = form.get("unit") if kind == "number" else None
    suffix = f" {html.escape(unit)}" if unit else ""
    return f"<p>{student_text(_plain(value))}{suffix}</p>"


def _plain(value: object) -> str:
    """A value as a nurse would read it: text without quotes, collections comma-separated."""
    if isinstance(value, str):
        return value
    if isinstance(value, (set, frozenset, list, tuple)):
        return ", ".join(_plain(v) for v in _sorted_keys(value))
    if isinstance(value, Mapping):
        return "; ".join(f"{_plain(k)}: {_plain(v)}" for k, v in value.items())
    return f"{value:g}" if isinstance(value, float) else str(value)


def typed_answer_html(source: str, problem: str) -> str:
    """An answer the grader could not read as a plain value: shown as typed, with the reason."""
    return (
        "<p>Your answer could not be read as one of the answer forms, so your instructor "
        f"checks it by hand ({student_text(problem)}). What you typed:</p>"
        f"<pre class='typed'>{student_text(source)}</pre>"
    )


def teachback_html(text: str) -> str:
    """A written (teach-back) answer: the student's words, shown as plain text."""
    if not text.strip():
        return "<p>Not answered.</p>"
    return f"<div class='written'>{student_text(text)}</div>"


# ---------------------------------------------------------------------------- the question


def split_stem(stem: str) -> tuple[str, str]:
    """(heading, body) of a stem: the ``## Q1 · ...`` line, then the question without the
    paragraphs that say how to type the answer ("Answer with ...", "Write your answer ...")."""
    lines = stem.strip().split("\n")
    heading = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    body = "\n".join(lines[1:] if heading else lines)
    paragraphs = re.split(r"\n\s*\n", body)
    kept = [
        p
        for p in paragraphs
        if not re.match(r"\s*(Answer with|Write your answer)", p)
        and not re.match(r"\s*Scoring:", p)
    ]
    kept = [_SCORING_INLINE.sub("", p).rstrip() for p in kept]
    return heading, "\n\n".join(p for p in kept if p.strip()).strip()


def partial_credit_rule(item_type: str, stem: str) -> str:
    """The item's partial-credit rule in one sentence: the stem's ``Scoring:`` text if it has
    one, else the sentence of its type."""
    found = _SCORING_SENTENCE.search(stem) or _SCORING_INLINE.search(stem)
    if found:
        sentence = " ".join(found.group(1).split())
        return sentence[0].upper() + sentence[1:]
    return PARTIAL_CREDIT.get(item_type.strip().lower(), "See the item for how it is scored.")


def module_numbers(field_value: object) -> list[str]:
    """The module numbers of ``venous_course_item.module`` ("04" or "02, 03")."""
    return re.findall(r"\d+", str(field_value or ""))


def points_text(earned: float | None, possible: float, needs_review: bool) -> str:
    """'1.5 of 2 points', or why there is no score yet."""
    if earned is None or needs_review:
        shown = "" if earned is None else f" (so far {earned:g} of {possible:g})"
        return f"Your instructor is still scoring this item{shown}."
    unit = "point" if possible == 1 else "points"
    return f"{earned:g} of {possible:g} {unit}"


# ---------------------------------------------------------------------------- the page


def item_section(item: FeedbackItem, markdown: Callable[[str], str]) -> str:
    """One item's section of the page; ``markdown`` renders trusted markdown safely."""
    points = points_text(item.earned, item.possible, item.needs_review)
    parts = [
        f"<section class='item' id='{html.escape(item.anchor)}' "
        f"aria-labelledby='{html.escape(item.anchor)}-h'>",
        f"<h2 id='{html.escape(item.anchor)}-h'>{html.escape(item.heading)}</h2>",
        f"<p class='points'><strong>{html.escape(points)}</strong></p>",
        "<h3>The question</h3>",
        f"<div class='stem'>{_scrollable_tables(markdown(item.stem_markdown))}</div>",
        "<h3>Your answer</h3>",
        item.answer_html,
        "<h3>How it is scored</h3>",
        f"<p>{html.escape(item.rule)}</p>",
    ]
    if item.rationale:
        parts += ["<h3>Rationale</h3>", f"<p class='rationale'>{html.escape(item.rationale)}</p>"]
    if item.comment:
        parts += ["<h3>Your instructor's comment</h3>", f"<div>{markdown(item.comment)}</div>"]
    if item.modules:
        links = "".join(
            f"<li><a href='{html.escape(MODULE_LINK_PREFIX + m.filename)}'>"
            f"Module {html.escape(m.number)} · {html.escape(m.title)}</a> "
            f"<span class='file'>(modules/{html.escape(m.filename)})</span></li>"
            for m in item.modules
        )
        parts += ["<h3>Review</h3>", f"<ul class='review'>{links}</ul>"]
    parts.append("</section>")
    return "\n".join(parts)


def _scrollable_tables(rendered: str) -> str:
    """Wide tables scroll inside their own keyboard-focusable box on a narrow screen."""
    return rendered.replace(
        "<table>", "<div class='wide' tabindex='0' role='region' aria-label='Table'><table>"
    ).replace("</table>", "</table></div>")


def contents_html(items: Sequence[FeedbackItem]) -> str:
    """The list of items with their points, at the top of the page."""
    rows = "".join(
        f"<li><a href='#{html.escape(i.anchor)}'>{html.escape(i.heading)}</a>: "
        f"{html.escape(points_text(i.earned, i.possible, i.needs_review))}</li>"
        for i in items
    )
    return f"<nav aria-label='Items'><ol class='contents'>{rows}</ol></nav>"
