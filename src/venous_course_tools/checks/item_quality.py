"""Item-writing statistics of the graded quizzes and the self-checks, against chance thresholds.

A test-wise student scores on items by cues that have nothing to do with clinical judgment: the
key sits in one favourite position, the key is the longest option, select-all keys always
include option A or always number three, a matrix is read on the diagonal, distractors say
"always" or "never", the answer-format example already holds the key, or a graded item copies a
practice item the student has seen with its answer. This module reads the items from their
sources (the quiz notebooks' stems, options, model answers and metadata; the self-check YAML
files), measures each cue, and compares it with a threshold chosen from what chance alone would
give.

``python -m venous_course_tools.checks.item_quality`` prints the table; the test suite fails
when a threshold is not met.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Item kinds, as the quiz headings name them ("## Q1 · Single best answer (1 point)").
SINGLE = "single"
MULTI = "multi"
MATRIX = "matrix"
ORDERING = "ordering"
OTHER = "other"  # calculation, classification, cloze, bowtie, highlight, teach-back ...

# Thresholds, from chance. With four options each position would hold 25% of keys; 40% allows
# for the small number of items while catching a favourite letter. The key is the longest of
# four options by chance in about 25% of items; 35% catches a length cue.
MAX_POSITION_SHARE = 0.40
MAX_KEY_LONGEST_RATE = 0.35
# Select-all items key about half their options; a position keyed in more than 75% of the
# items that have it (A in 8 of 8 was the old pattern) is a cue. Keys that are exactly the first
# k options happen by chance in 1 of C(n, k) items (1 in 15 for 4 of 6).
MAX_SATA_POSITION_RATE = 0.75
MAX_SATA_LEADING_RATE = 0.25
# How many options a select-all item keys must vary too, or "pick three of five" becomes the rule a
# test-wise student learns. Keying each of five or six options by a coin toss gives the commonest
# count (2 or 3) about 31% of the time; more than 60% of a pool on one count is that rule.
MAX_SATA_KEY_COUNT_SHARE = 0.60
# Absolute words make a distractor easy to reject without knowing anything.
MAX_ABSOLUTE_DISTRACTOR_RATE = 0.05
# Overlap between a graded item and any practice item, on content words: items on the same topic
# share about 0.1-0.2; items that copied a practice vignette (the old quiz-03 Q3, Q6, Q7, Q9
# against their self-checks) shared 0.26-0.36, or more than a third of their word pairs.
MAX_PRACTICE_OVERLAP = 0.25
MAX_PRACTICE_CONTAINMENT = 0.35
# A graded stem, option or matrix row may repeat at most this many words in a row of a self-check:
# the longest runs items on one topic share are stock phrases such as "about 40 mmHg at the
# ankle" (6 words); the paraphrase check allows 7 for the source text.
MAX_SHARED_WORD_RUN = 6
# A graded item and a self-check may share at most one scenario number (a reading, an age, a
# duration that is not a cited fact of the course): two shared readings mean a reused patient.
MAX_SHARED_SCENARIO_NUMBERS = 1
# The course's own standard: at least 60% of graded points at Bloom's apply or analyse.
MIN_APPLY_ANALYSE_SHARE = 0.60

ABSOLUTE_WORDS = (
    "always",
    "never",
    "ever",
    "every",
    "everyone",
    "everything",
    "none",
    "nothing",
    "certain",
    "certainly",
    "guarantee",
    "guaranteed",
    "guarantees",
    "completely",
    "entirely",
    "absolutely",
    "impossible",
    "forever",
    "whatever",
)
_ABSOLUTE = re.compile(r"\b(" + "|".join(ABSOLUTE_WORDS) + r")\b", re.IGNORECASE)

CJMM_STEPS = (
    "recognize cues",
    "analyze cues",
    "prioritize hypotheses",
    "generate solutions",
    "take action",
    "evaluate outcomes",
)
BLOOM_LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
ITEM_TYPES = (
    "single best answer",
    "select all that apply",
    "matrix",
    "ordering",
    "calculation",
    "classification",
    "drop-down cloze",
    "drag-and-drop cloze",
    "multiple-response matrix",
    "bowtie",
    "highlight",
    "trend",
    "teach-back",
)
METADATA_KEY = "venous_course_item"
METADATA_FIELDS = ("module", "cjmm", "bloom", "type")


@dataclass(frozen=True)
class Item:
    """One item read from its source, in the terms the checks need.

    ``options`` are the option texts in source order; ``key`` the correct ones' positions
    (0-based). For a matrix, ``rows`` maps a row to its keyed column and ``columns`` lists the
    column letters in the order shown. ``examples`` are the answer-format examples the student
    reads, as Python text (``'q3 = "C2s Ep As Pr"'``); ``answer`` is the model answer's value.
    """

    source: str
    graded: bool
    kind: str
    stem: str = ""
    options: tuple[str, ...] = ()
    key: frozenset[int] = frozenset()
    columns: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    answer: object = None
    examples: tuple[str, ...] = ()
    points: float = 0.0
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Stem and options together, for the near-duplicate check."""
        return " ".join((self.stem, *self.options))


@dataclass(frozen=True)
class Result:
    """One row of the table: what was measured, its value, the threshold, and whether it passes."""

    check: str
    pool: str
    value: str
    threshold: str
    passed: bool
    offenders: tuple[str, ...] = ()


# ------------------------------------------------------------------ reading the quiz notebooks

_HEADING = re.compile(r"^##\s*Q(\d+)\s*·\s*(.+?)\s*\(([\d.]+) points?\)", re.M)
_OPTION = re.compile(r"^-\s*\*\*([A-Z])\.\*\*\s*(.+)$", re.M)
_COLUMN = re.compile(r"^-\s*\*\*([A-Z])\*\*\s*=\s*(.+)$", re.M)
_ROW = re.compile(r"^\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$", re.M)
# An answer-format example: "for example", "in the form" or "laid out like", then a code span or
# a literal (text in quotes, a set or dictionary, a list, a number).
_EXAMPLE = re.compile(
    r"(?:for example|in the form|laid out like),?\s*"
    r"(`[^`]+`|\"[^\"]*\"|'[^']*'|\{[^}]*\}|\[[^\]]*\]|-?\d+(?:\.\d+)?)"
)
_SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def _kind_of(heading: str) -> str:
    """The checker's kind for a quiz heading such as 'Select all that apply'."""
    name = heading.lower()
    if "single best" in name or "trend" in name and "option" in name:
        return SINGLE
    if "select all" in name:
        return MULTI
    if "multiple-response" in name:
        return OTHER  # each row a set of columns: the single-key matrix patterns do not apply
    if "matrix" in name:
        return MATRIX
    if "ordering" in name:
        return ORDERING
    return OTHER


def _value(source: str) -> object:
    """The literal assigned in ``qN = <literal>`` (None when it is not a plain literal)."""
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign):
            try:
                return ast.literal_eval(node.value)
            except ValueError:
                return None
    return None


def _letters(value: object) -> list[str]:
    """The option letters an answer names, upper case, in the order given."""
    if isinstance(value, str):
        return [value.strip().upper()]
    if isinstance(value, (set, frozenset, list, tuple)):
        return [str(v).strip().upper() for v in value]
    return []


def quiz_items(notebook: Path) -> list[Item]:
    """Every graded item of one quiz notebook (teach-back included, for the metadata)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    quiz = notebook.stem[:7]
    by_id = {c["metadata"].get("nbgrader", {}).get("grade_id", ""): c for c in cells}
    items = []
    for grade_id, cell in by_id.items():
        if not grade_id.endswith("-stem"):
            continue
        q = grade_id.removesuffix("-stem")
        stem = "".join(cell["source"])
        heading = _HEADING.search(stem)
        if heading is None:
            raise ValueError(f"{quiz} {q}: the stem has no '## QN · <type> (N points)' heading.")
        kind = _kind_of(heading.group(2))
        answer_cell = by_id.get(f"{q}-answer")
        answer = None
        shown = [stem]  # every text a student reads before answering
        if answer_cell is not None:
            answer_source = "".join(answer_cell["source"])
            solution = _SOLUTION.search(answer_source)
            answer = _value(solution.group(1)) if solution else None
            shown.append(_SOLUTION.sub("", answer_source))
        test_cell = by_id.get(f"{q}-test")
        if test_cell is not None:
            shown.append("".join(test_cell["source"]).split("### BEGIN HIDDEN TESTS")[0])
        examples = [m.group(1).strip("`") for text in shown for m in _EXAMPLE.finditer(text)]
        options = tuple(m.group(2).strip() for m in _OPTION.finditer(stem))
        letters = [m.group(1) for m in _OPTION.finditer(stem)]
        columns = tuple(m.group(1) for m in _COLUMN.finditer(stem))
        rows = tuple(m.group(1) for m in _ROW.finditer(stem))
        key: frozenset[int] = frozenset()
        if kind in (SINGLE, MULTI) and answer is not None:
            key = frozenset(letters.index(x) for x in _letters(answer) if x in letters)
        meta = dict(cell["metadata"].get(METADATA_KEY, {}))
        points = float(meta.get("points", 0) or 0)
        for suffix in ("-test", "-teachback"):
            graded_cell = by_id.get(f"{q}{suffix}")
            if graded_cell is not None:
                points = float(graded_cell["metadata"]["nbgrader"].get("points", 0))
        items.append(
            Item(
                source=f"{quiz} {q}",
                graded=True,
                kind=kind,
                stem=_strip_markup(stem.split("Answer ")[0]),
                options=options,
                key=key,
                columns=columns,
                rows=rows,
                answer=answer,
                examples=tuple(examples),
                points=points,
                metadata={k: str(v) for k, v in meta.items()},
            )
        )
    return items


def _strip_markup(text: str) -> str:
    """Stem text without markdown markup or option lines (those are compared separately)."""
    text = _OPTION.sub("", text)
    return re.sub(r"[#*|`_]+", " ", text)


def all_quiz_items(quiz_root: Path) -> list[Item]:
    """Every graded item of every quiz under ``quiz_root/source``."""
    items: list[Item] = []
    for notebook in sorted((quiz_root / "source").glob("*/*.ipynb")):
        if ".ipynb_checkpoints" not in notebook.parts:
            items += quiz_items(notebook)
    return items


def selfcheck_items() -> list[Item]:
    """Every self-check item, read and validated by the course package's loader."""
    from venous_course.selfcheck import items as selfcheck

    result = []
    for item_id, item in selfcheck.all_items().items():
        if isinstance(item, selfcheck.ChoiceItem):
            result.append(
                Item(
                    source=f"self-check {item_id}",
                    graded=False,
                    kind=MULTI if item.multi else SINGLE,
                    stem=item.prompt,
                    options=tuple(o.text for o in item.options),
                    key=frozenset(i for i, o in enumerate(item.options) if o.correct),
                )
            )
        else:
            result.append(
                Item(
                    source=f"self-check {item_id}",
                    graded=False,
                    kind=ORDERING,
                    stem=item.prompt,
                    options=tuple(item.steps),
                )
            )
    return result


# ------------------------------------------------------------------ the measures


def position_shares(items: Iterable[Item]) -> dict[int, float]:
    """Share of single-answer keys at each option position (0 = A)."""
    keys = [min(i.key) for i in items if i.kind == SINGLE and len(i.key) == 1]
    counts = Counter(keys)
    return {pos: n / len(keys) for pos, n in sorted(counts.items())} if keys else {}


def key_is_longest(item: Item) -> bool:
    """True when the single key is strictly longer (in characters) than every distractor."""
    (pos,) = item.key
    key_len = len(item.options[pos])
    return all(key_len > len(t) for i, t in enumerate(item.options) if i != pos)


def sata_position_rates(items: Iterable[Item]) -> dict[int, tuple[int, int]]:
    """For each option position: (select-all items keying it, select-all items having it)."""
    keyed: Counter[int] = Counter()
    having: Counter[int] = Counter()
    for item in items:
        if item.kind != MULTI:
            continue
        for pos in range(len(item.options)):
            having[pos] += 1
            keyed[pos] += pos in item.key
    return {pos: (keyed[pos], having[pos]) for pos in sorted(having)}


def sata_key_counts(items: Iterable[Item]) -> Counter[int]:
    """How many select-all items key 1, 2, 3 ... of their options."""
    return Counter(len(i.key) for i in items if i.kind == MULTI and i.key)


def keys_lead(item: Item) -> bool:
    """True when a select-all item's keys are exactly its first k options (A, B, C ...)."""
    return bool(item.key) and item.key == frozenset(range(len(item.key)))


def matrix_pattern(item: Item) -> str | None:
    """'diagonal', 'anti-diagonal', 'constant' or 'each column once' when the keyed columns form
    that pattern. When every column is keyed exactly once, the last row is answered by
    elimination, so a column must repeat (or one stay unused)."""
    if item.kind != MATRIX or not isinstance(item.answer, dict) or not item.columns:
        return None
    keyed = [str(item.answer.get(int(r), item.answer.get(r, ""))).upper() for r in item.rows]
    if len(set(keyed)) == 1 and len(keyed) > 2:
        return "constant"
    n = min(len(keyed), len(item.columns))
    if n >= 3 and len(keyed) <= len(item.columns):
        if keyed == list(item.columns[:n]):
            return "diagonal"
        if keyed == list(item.columns[:n])[::-1]:
            return "anti-diagonal"
    if len(keyed) > 2 and sorted(keyed) == sorted(item.columns):
        return "each column once"
    return None


def absolute_words(text: str) -> list[str]:
    """The absolute words ('always', 'never' ...) in a text, lower case."""
    return [m.group(1).lower() for m in _ABSOLUTE.finditer(text)]


def answer_parts(value: object) -> set[str]:
    """The parts of an answer a format example could give away, as comparable strings.

    A letter is one part; a set its letters; a list its (position, letter) pairs; a matrix its
    (row, column) pairs; a CEAP-like text its tokens; a number itself.
    """
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, (int, float)):
        return {f"{float(value):g}"}
    if isinstance(value, str):
        tokens = re.findall(r"[A-Za-z]+\d*[a-z]?|\d+", value.replace(",", " "))
        return {t.lower() for t in tokens} if len(tokens) > 1 else {value.strip().lower()}
    if isinstance(value, (set, frozenset)):
        return {str(v).strip().lower() for v in value}
    if isinstance(value, (list, tuple)):
        return {f"{i}:{str(v).strip().lower()}" for i, v in enumerate(value)}
    if isinstance(value, dict):
        return {f"{str(k).strip()}:{str(v).strip().lower()}" for k, v in value.items()}
    return set()


def example_value(example: str) -> object:
    """The value a format example shows; ``{1: "P", 2: "N", ...}`` is read pair by pair."""
    right = example.split("=", 1)[1] if "=" in example else example
    if "..." in right:
        if right.strip().startswith("{") and ":" in right:
            pairs = re.findall(r"(\d+)\s*:\s*[\"']([^\"']*)[\"']", right)
            return {int(k): v for k, v in pairs}
        right = right.replace(", ...", "").replace("...", "")
    return _value("x = " + right.strip())


def example_overlap(item: Item) -> set[str]:
    """Parts of the model answer that the item's format examples already show."""
    key = answer_parts(item.answer)
    shown: set[str] = set()
    for example in item.examples:
        shown |= answer_parts(example_value(example))
    return key & shown


_STOP_WORDS = frozenset(
    "a an the of to and or in on for with is are be can by as at it its this that which what "
    "from not no your you she he her his their they i my do does was were has have had will "
    "would after before than then there these those into about more most".split()
)


def content_words(text: str) -> list[str]:
    """The words of a text that carry meaning, lower case, in order (no 'the', 'of' ...)."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP_WORDS]


def overlap(a: str, b: str) -> tuple[float, float]:
    """How much two item texts share: (content-word Jaccard, content-bigram containment).

    Containment is the share of the shorter text's word pairs found in the other, so a graded
    item that copies a practice item's vignette scores high even when it adds options.
    """
    wa, wb = content_words(a), content_words(b)
    sa, sb = set(wa), set(wb)
    jaccard = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
    pa = {tuple(wa[i : i + 2]) for i in range(len(wa) - 1)}
    pb = {tuple(wb[i : i + 2]) for i in range(len(wb) - 1)}
    containment = len(pa & pb) / min(len(pa), len(pb)) if pa and pb else 0.0
    return jaccard, containment


def item_words(text: str) -> list[str]:
    """Every word and number of a text, lower case, in order (decimals stay one token)."""
    return re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower())


def longest_shared_run(a: str, b: str) -> tuple[str, ...]:
    """The longest run of consecutive words that two texts share (empty when none)."""
    wa, wb = item_words(a), item_words(b)
    best: tuple[int, int] = (0, 0)  # (length, end in wa)
    previous = [0] * (len(wb) + 1)
    for i in range(1, len(wa) + 1):
        current = [0] * (len(wb) + 1)
        for j in range(1, len(wb) + 1):
            if wa[i - 1] == wb[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best[0]:
                    best = (current[j], i)
        previous = current
    return tuple(wa[best[1] - best[0] : best[1]])


_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def fact_numbers() -> frozenset[str]:
    """Every number of the course's cited facts (assets/data/clinical-numbers.yml)."""
    from venous_course_tools.checks.clinical_numbers import load_rules

    return frozenset(n for value, _ in load_rules().allowed for n in _NUMBER.findall(value))


def scenario_numbers(text: str, facts: frozenset[str]) -> frozenset[str]:
    """The numbers that describe a patient or a reading, not a cited fact of the course.

    Whole numbers up to 12 (row, gap and option numbers, counts) and years are left out too.
    """
    found = set()
    for n in _NUMBER.findall(text):
        whole = n.isdigit()
        if n in facts or (whole and int(n) <= 12) or (whole and 1990 <= int(n) <= 2030):
            continue
        found.add(n)
    return frozenset(found)


def _parts(item: Item) -> tuple[str, ...]:
    """The texts of an item a student reads one by one: stem lines and option texts."""
    return (*(line for line in item.stem.splitlines() if line.strip()), *item.options)


def shared_wording(graded: Item, practice: Item) -> tuple[str, ...]:
    """The longest word run a graded item's stem line, row or option shares with a self-check."""
    practice_parts = _parts(practice)
    runs = (longest_shared_run(g, p) for g in _parts(graded) for p in practice_parts)
    return max(runs, key=len, default=())


# ------------------------------------------------------------------ the checks


def _rate(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.0%}" if d else "0/0"


def _share_at_most(
    check: str, pool: str, flagged: Sequence[str], total: int, limit: float
) -> Result:
    """A row for "at most ``limit`` of ``total`` may be flagged"; offenders named on a miss."""
    rate = len(flagged) / total if total else 0.0
    passed = rate <= limit
    return Result(
        check, pool, _rate(len(flagged), total), f"<= {limit:.0%}", passed,
        () if passed else tuple(flagged),
    )  # fmt: skip


def check_pool(items: Sequence[Item], pool: str) -> list[Result]:
    """The position, length, select-all, matrix, absolute-word checks on one pool of items."""
    results = []
    singles = [i for i in items if i.kind == SINGLE and len(i.key) == 1 and len(i.options) > 1]
    shares = position_shares(singles)
    worst = max(shares.items(), key=lambda kv: kv[1], default=(0, 0.0))
    results.append(
        Result(
            "single answer: largest share of keys in one position",
            pool,
            f"{'ABCDEF'[worst[0]]} {worst[1]:.0%} ("
            + " ".join(f"{'ABCDEF'[p]}{s:.0%}" for p, s in shares.items())
            + f"; n={len(singles)})",
            f"<= {MAX_POSITION_SHARE:.0%}",
            worst[1] <= MAX_POSITION_SHARE,
            tuple(i.source for i in singles if min(i.key) == worst[0])
            if worst[1] > MAX_POSITION_SHARE
            else (),
        )
    )
    longest = [i.source for i in singles if key_is_longest(i)]
    results.append(
        _share_at_most(
            "single answer: key is the longest option",
            pool, longest, len(singles), MAX_KEY_LONGEST_RATE,
        )
    )  # fmt: skip
    multis = [i for i in items if i.kind == MULTI and i.key]
    rates = sata_position_rates(multis)
    judged = {p: (k, h) for p, (k, h) in rates.items() if h >= 3}
    worst_sata = max(judged.items(), key=lambda kv: kv[1][0] / kv[1][1], default=(0, (0, 1)))
    sata_rate = worst_sata[1][0] / worst_sata[1][1]
    results.append(
        Result(
            "select all: most often keyed position",
            pool,
            f"{'ABCDEF'[worst_sata[0]]} {_rate(*worst_sata[1])}",
            f"<= {MAX_SATA_POSITION_RATE:.0%}",
            sata_rate <= MAX_SATA_POSITION_RATE,
        )
    )
    leading = [i.source for i in multis if keys_lead(i) and len(i.key) < len(i.options)]
    results.append(
        _share_at_most(
            "select all: keys are the first options",
            pool, leading, len(multis), MAX_SATA_LEADING_RATE,
        )
    )  # fmt: skip
    counts = sata_key_counts(multis)
    commonest, on_it = max(counts.items(), key=lambda kv: (kv[1], -kv[0]), default=(0, 0))
    count_share = on_it / len(multis) if multis else 0.0
    results.append(
        Result(
            "select all: largest share of items keying one number of options",
            pool,
            f"{commonest} keyed: {_rate(on_it, len(multis))} ("
            + " ".join(f"{k}:{n}" for k, n in sorted(counts.items()))
            + ")",
            f"<= {MAX_SATA_KEY_COUNT_SHARE:.0%}",
            count_share <= MAX_SATA_KEY_COUNT_SHARE,
            ()
            if count_share <= MAX_SATA_KEY_COUNT_SHARE
            else tuple(i.source for i in multis if len(i.key) == commonest),
        )
    )
    patterned = [(i.source, p) for i in items if (p := matrix_pattern(i))]
    matrices = [i for i in items if i.kind == MATRIX]
    results.append(
        Result(
            "matrix: diagonal, constant or each-column-once key",
            pool,
            _rate(len(patterned), len(matrices)),
            "0",
            not patterned,
            tuple(f"{s} ({p})" for s, p in patterned),
        )
    )
    distractors = [
        (i.source, t)
        for i in items
        if i.kind in (SINGLE, MULTI)
        for n, t in enumerate(i.options)
        if n not in i.key
    ]
    absolute = [f"{s}: {', '.join(words)}" for s, t in distractors if (words := absolute_words(t))]
    results.append(
        _share_at_most(
            "distractors with absolute words",
            pool, absolute, len(distractors), MAX_ABSOLUTE_DISTRACTOR_RATE,
        )
    )  # fmt: skip
    return results


def check_graded(graded: Sequence[Item], practice: Sequence[Item]) -> list[Result]:
    """The checks that only graded items have: format examples, copies, metadata, Bloom."""
    results = []
    leaking = [(i.source, sorted(o)) for i in graded if (o := example_overlap(i))]
    with_examples = [i for i in graded if i.examples and i.answer is not None]
    results.append(
        Result(
            "format example shares parts with the key",
            "graded",
            _rate(len(leaking), len(with_examples)),
            "0",
            not leaking,
            tuple(f"{s}: {', '.join(o)}" for s, o in leaking),
        )
    )
    copies = []
    best = (0.0, 0.0)
    for g in graded:
        for p in practice:
            jaccard, containment = overlap(g.text, p.text)
            best = (max(best[0], jaccard), max(best[1], containment))
            if jaccard > MAX_PRACTICE_OVERLAP or containment > MAX_PRACTICE_CONTAINMENT:
                copies.append(f"{g.source} ~ {p.source} ({jaccard:.2f}, {containment:.2f})")
    results.append(
        Result(
            "graded item near-duplicates a practice item (words, word pairs)",
            "graded",
            f"max {best[0]:.2f}, {best[1]:.2f}",
            f"<= {MAX_PRACTICE_OVERLAP:.2f}, {MAX_PRACTICE_CONTAINMENT:.2f}",
            not copies,
            tuple(copies),
        )
    )
    runs = [(g.source, p.source, shared_wording(g, p)) for g in graded for p in practice]
    long_runs = [r for r in runs if len(r[2]) > MAX_SHARED_WORD_RUN]
    longest = max((len(r[2]) for r in runs), default=0)
    results.append(
        Result(
            "graded stem, row or option repeats a self-check's words in a row",
            "graded",
            f"longest {longest} words",
            f"<= {MAX_SHARED_WORD_RUN} words",
            not long_runs,
            tuple(f"{g} ~ {p}: '{' '.join(run)}'" for g, p, run in long_runs),
        )
    )
    facts = fact_numbers()
    practice_numbers = [(p.source, scenario_numbers(p.text, facts)) for p in practice]
    shared = [
        (g.source, p, sorted(common))
        for g in graded
        for p, numbers in practice_numbers
        if len(common := scenario_numbers(g.text, facts) & numbers) > MAX_SHARED_SCENARIO_NUMBERS
    ]
    results.append(
        Result(
            "graded item reuses a self-check's scenario numbers",
            "graded",
            _rate(len({s[0] for s in shared}), len(graded)),
            f"<= {MAX_SHARED_SCENARIO_NUMBERS} shared number per pair",
            not shared,
            tuple(f"{g} ~ {p}: {', '.join(n)}" for g, p, n in shared),
        )
    )
    missing = [i.source for i in graded if metadata_problem(i.metadata)]
    results.append(
        Result(
            "item metadata (module, CJMM step, Bloom level, type)",
            "graded",
            f"{len(graded) - len(missing)}/{len(graded)} complete",
            "all",
            not missing,
            tuple(
                f"{i.source}: {metadata_problem(i.metadata)}" for i in graded if i.source in missing
            ),
        )
    )
    total = sum(i.points for i in graded)
    higher = sum(i.points for i in graded if i.metadata.get("bloom") in ("apply", "analyse"))
    share = higher / total if total else 0.0
    results.append(
        Result(
            "graded points at Bloom apply or analyse",
            "graded",
            f"{higher:g}/{total:g} = {share:.0%}",
            f">= {MIN_APPLY_ANALYSE_SHARE:.0%}",
            share >= MIN_APPLY_ANALYSE_SHARE,
        )
    )
    return results


def metadata_problem(meta: dict[str, str]) -> str:
    """'' when an item's metadata is complete and uses the known vocabularies, else a sentence."""
    absent = [f for f in METADATA_FIELDS if not meta.get(f)]
    if absent:
        return f"metadata lacks {', '.join(absent)}"
    if not re.fullmatch(r"\d\d(,\s*\d\d)*", meta["module"]):
        return f"module {meta['module']!r} is not a two-digit module number (or a list of them)"
    for name, allowed in (("cjmm", CJMM_STEPS), ("bloom", BLOOM_LEVELS), ("type", ITEM_TYPES)):
        if meta[name] not in allowed:
            return f"{name} {meta[name]!r} is not one of: {', '.join(allowed)}"
    return ""


def run_checks(graded: Sequence[Item], practice: Sequence[Item]) -> list[Result]:
    """Every check on the graded items and on the self-checks."""
    return [
        *check_pool(graded, "graded"),
        *check_pool(practice, "self-checks"),
        *check_graded(graded, practice),
    ]


def table(results: Sequence[Result]) -> str:
    """The results as a markdown table, with offending items listed under it."""
    lines = ["| Check | Pool | Value | Threshold | Met |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r.check} | {r.pool} | {r.value} | {r.threshold} | {'yes' if r.passed else 'NO'} |"
        )
    for r in results:
        if not r.passed and r.offenders:
            lines.append(f"\n{r.check} ({r.pool}): " + "; ".join(r.offenders))
    return "\n".join(lines)


# ------------------------------------------------------------------ the blueprint

BLUEPRINT_BEGIN = "<!-- BEGIN BLUEPRINT (generated from item metadata; do not edit by hand) -->"
BLUEPRINT_END = "<!-- END BLUEPRINT -->"


def blueprint(graded: Sequence[Item]) -> str:
    """The quiz blueprint as markdown: every item's metadata, then points by CJMM step x Bloom."""
    lines = [
        "| Quiz | Item | Points | Modules | CJMM step | Bloom level | Item type |",
        "|---|---|---|---|---|---|---|",
    ]
    for i in graded:
        quiz, q = i.source.split(" ")
        m = i.metadata
        lines.append(
            f"| {quiz} | {q.upper()} | {i.points:g} | {m.get('module', '')} | "
            f"{m.get('cjmm', '')} | {m.get('bloom', '')} | {m.get('type', '')} |"
        )
    blooms = [b for b in BLOOM_LEVELS if any(i.metadata.get("bloom") == b for i in graded)]
    lines += ["", "Points by CJMM step and Bloom level (all quizzes):", ""]
    lines.append("| CJMM step | " + " | ".join(blooms) + " | total |")
    lines.append("|---" * (len(blooms) + 2) + "|")
    for step in CJMM_STEPS:
        cells = [
            sum(
                i.points
                for i in graded
                if i.metadata.get("cjmm") == step and i.metadata.get("bloom") == b
            )
            for b in blooms
        ]
        lines.append(f"| {step} | " + " | ".join(f"{c:g}" for c in cells) + f" | {sum(cells):g} |")
    totals = [sum(i.points for i in graded if i.metadata.get("bloom") == b) for b in blooms]
    lines.append("| total | " + " | ".join(f"{t:g}" for t in totals) + f" | {sum(totals):g} |")
    lines += ["", "Points by module (an item on several modules counts for each):", ""]
    lines += ["| Module | Items | Points |", "|---|---|---|"]
    modules = sorted({m for i in graded for m in _modules(i)})
    for module in modules:
        on = [i for i in graded if module in _modules(i)]
        lines.append(f"| {module} | {len(on)} | {sum(i.points for i in on):g} |")
    lines += ["", "Items and points by item type:", ""]
    lines += ["| Item type | Items | Points |", "|---|---|---|"]
    for kind in ITEM_TYPES:
        of = [i for i in graded if i.metadata.get("type") == kind]
        if of:
            lines.append(f"| {kind} | {len(of)} | {sum(i.points for i in of):g} |")
    return "\n".join(lines)


def _modules(item: Item) -> list[str]:
    """The module numbers an item's metadata names ("05, 09" gives ["05", "09"])."""
    return re.findall(r"\d\d", item.metadata.get("module", ""))


def readme_with_blueprint(readme: str, graded: Sequence[Item]) -> str:
    """``readme`` with the text between the blueprint markers replaced by the current blueprint."""
    if BLUEPRINT_BEGIN not in readme or BLUEPRINT_END not in readme:
        raise ValueError(
            "quizzes/README.md has no blueprint markers: add the lines "
            f"{BLUEPRINT_BEGIN!r} and {BLUEPRINT_END!r} where the blueprint goes."
        )
    head, rest = readme.split(BLUEPRINT_BEGIN, 1)
    _, tail = rest.split(BLUEPRINT_END, 1)
    return f"{head}{BLUEPRINT_BEGIN}\n{blueprint(graded)}\n{BLUEPRINT_END}{tail}"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the item-quality table (1 when a check fails); ``--write-blueprint`` updates README.

    Run from the repository root; an optional argument names another quiz folder.
    """
    args = list(argv or [])
    write = "--write-blueprint" in args
    args = [a for a in args if a != "--write-blueprint"]
    root = Path(args[0]) if args else Path("quizzes")
    if not (root / "source").is_dir():
        print(f"No quiz sources in {root / 'source'}: run this from the repository root.")
        return 2
    graded = all_quiz_items(root)
    if write:
        readme = root / "README.md"
        try:
            readme.write_text(
                readme_with_blueprint(readme.read_text(encoding="utf-8"), graded), encoding="utf-8"
            )
        except ValueError as error:
            print(error)
            return 2
        print(f"Blueprint written to {readme}.")
    results = run_checks(graded, selfcheck_items())
    print(table(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
