"""Self-check items as data: what an item is, how it is checked on load, where it is stored.

Items live in ``venous_course/data/selfchecks/<module>.yml``, one file per module notebook
(``04-contraindications.yml`` for ``modules/04-contraindications.ipynb``), so a nurse
educator edits them without Python. Each file maps a short name to an item; the item's id is
the module number and that name, ``04-lena``. A notebook cell shows an item with
``selfcheck.show("04-lena")``. Three kinds::

    lena:
      kind: select all            # or: single answer
      prompt: Which cautions apply?
      options:
        - text: Significant arterial disease.
          correct: true
          rationale: Why this option is right or wrong (shown after checking).
    abpi-steps:
      kind: ordering
      prompt: Put the steps in order.
      steps: [first step, second step, third step]   # in the CORRECT order
      rationale: Why this is the order.

Every item is validated when it is loaded; an error names the file, the item and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

SINGLE = "single answer"
SELECT_ALL = "select all"
ORDERING = "ordering"
KINDS = (SINGLE, SELECT_ALL, ORDERING)
MIN_OPTIONS = 2
MIN_ORDERING_STEPS = 3
_FILE_NAME = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.yml$")
_ITEM_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ITEM_ID = re.compile(r"^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)$")
_CHOICE_FIELDS = {"kind", "prompt", "options"}
_ORDERING_FIELDS = {"kind", "prompt", "steps", "rationale"}
_OPTION_FIELDS = {"text", "correct", "rationale"}


class SelfCheckError(ValueError):
    """A self-check item that cannot be shown; the message names the item and the field."""


@dataclass(frozen=True)
class Option:
    """One answer option, whether it is correct, and why (shown after checking)."""

    text: str
    correct: bool
    rationale: str


@dataclass(frozen=True)
class ChoiceItem:
    """A single-answer or select-all item: a prompt and its options with their rationales."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    multi: bool

    @property
    def kind(self) -> str:
        """The kind as an item file spells it: "single answer" or "select all"."""
        return SELECT_ALL if self.multi else SINGLE


@dataclass(frozen=True)
class OrderingItem:
    """An ordering item: steps in the correct order and one rationale."""

    id: str
    prompt: str
    steps: tuple[str, ...]
    rationale: str
    kind: str = ORDERING


Item = ChoiceItem | OrderingItem


def _fail(where: str, field: str, problem: str) -> SelfCheckError:
    return SelfCheckError(f"Self-check {where}, field '{field}': {problem}")


def _text(value: object, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, field, "must be non-empty text.")
    return value


def _fields(data: object, allowed: set[str], where: str, field: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise _fail(where, field, f"must be a set of fields ({', '.join(sorted(allowed))}).")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(
            where,
            f"{field}.{unknown[0]}" if field != "item" else str(unknown[0]),
            f"is not a field of this kind of item; use only {', '.join(sorted(allowed))}.",
        )
    return data


def choice_item(
    item_id: str,
    prompt: object,
    options: Sequence[object],
    multi: bool,
    *,
    where: str | None = None,
) -> ChoiceItem:
    """A checked single-answer (``multi=False``) or select-all item.

    ``options`` are :class:`Option` objects or mappings with ``text``, ``correct`` and
    ``rationale``. Raises :class:`SelfCheckError` naming the item (``where``, by default its
    id) and the field at fault.
    """
    where = where or item_id
    prompt = _text(prompt, where, "prompt")
    if isinstance(options, str | bytes) or not isinstance(options, Sequence):
        raise _fail(where, "options", "must be a list of options.")
    if len(options) < MIN_OPTIONS:
        raise _fail(where, "options", f"needs at least two options; got {len(options)}.")
    checked = []
    for number, raw in enumerate(options, start=1):
        field = f"options[{number}]"
        if isinstance(raw, Option):
            raw = {"text": raw.text, "correct": raw.correct, "rationale": raw.rationale}
        raw = _fields(raw, _OPTION_FIELDS, where, field)
        text = _text(raw.get("text"), where, f"{field}.text")
        if not isinstance(raw.get("correct"), bool):
            raise _fail(where, f"{field}.correct", "must be true or false.")
        if not isinstance(raw.get("rationale"), str) or not raw["rationale"].strip():
            raise _fail(
                where,
                f"{field}.rationale",
                f"option '{text[:40]}' needs a rationale: every option explains why it is "
                "right or wrong.",
            )
        checked.append(Option(text, raw["correct"], raw["rationale"]))
    texts = [o.text.strip() for o in checked]
    if len(set(texts)) != len(texts):
        raise _fail(where, "options", "two options have the same text.")
    keys = sum(o.correct for o in checked)
    if not multi and keys != 1:
        raise _fail(
            where, "options", f"a single-answer item needs exactly one correct option; has {keys}."
        )
    if multi and keys == 0:
        raise _fail(where, "options", "a select-all item needs at least one correct option.")
    return ChoiceItem(item_id, prompt, tuple(checked), multi)


def ordering_item(
    item_id: str,
    prompt: object,
    steps: Sequence[object],
    rationale: object,
    *,
    where: str | None = None,
) -> OrderingItem:
    """A checked ordering item; ``steps`` are in the CORRECT order.

    Needs at least three distinct, non-empty steps and a rationale; raises
    :class:`SelfCheckError` naming the item (``where``) and the field at fault.
    """
    where = where or item_id
    prompt = _text(prompt, where, "prompt")
    if isinstance(steps, str | bytes) or not isinstance(steps, Sequence):
        raise _fail(where, "steps", "must be a list of steps, in the correct order.")
    if len(steps) < MIN_ORDERING_STEPS:
        raise _fail(where, "steps", f"needs at least {MIN_ORDERING_STEPS} steps; got {len(steps)}.")
    checked = tuple(
        _text(step, where, f"steps[{number}]") for number, step in enumerate(steps, start=1)
    )
    if len({s.strip() for s in checked}) != len(checked):
        raise _fail(where, "steps", "the steps must all be different.")
    rationale = _text(rationale, where, "rationale")
    return OrderingItem(item_id, prompt, checked, rationale)


def item_from_data(item_id: str, data: object, *, where: str | None = None) -> Item:
    """One item from the plain data of an item file (a mapping with a ``kind``)."""
    where = where or item_id
    if not isinstance(data, Mapping):
        raise _fail(where, "item", "must be a set of fields: kind, prompt, and options or steps.")
    kind = data.get("kind")
    if kind not in KINDS:
        raise _fail(where, "kind", f"must be one of: {', '.join(KINDS)}; got {kind!r}.")
    if kind == ORDERING:
        data = _fields(data, _ORDERING_FIELDS, where, "item")
        return ordering_item(
            item_id, data.get("prompt"), data.get("steps"), data.get("rationale"), where=where
        )
    data = _fields(data, _CHOICE_FIELDS, where, "item")
    options = data.get("options")
    return choice_item(item_id, data.get("prompt"), options, kind == SELECT_ALL, where=where)


def items_from_text(file_name: str, text: str) -> dict[str, Item]:
    """Every item of one item file's text, by id (``04-lena``), in file order.

    ``file_name`` (``04-contraindications.yml``) gives the module number of the ids and
    appears in every error message.
    """
    match = _FILE_NAME.match(file_name)
    if match is None:
        raise SelfCheckError(
            f"Self-check file {file_name}: name it like its module notebook, "
            "'NN-kebab-case.yml' (for example 04-contraindications.yml)."
        )
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        raise SelfCheckError(
            f"Self-check file {file_name} is not valid YAML{line}: check the indentation and "
            "quote text that starts with a special character."
        ) from None
    if not isinstance(data, Mapping) or not data:
        raise SelfCheckError(f"Self-check file {file_name} must map item names to items.")
    items: dict[str, Item] = {}
    for name, fields in data.items():
        if not isinstance(name, str) or not _ITEM_NAME.match(name):
            raise SelfCheckError(
                f"Self-check file {file_name}: item name {name!r} must be lower-case words "
                "joined by hyphens, like 'lena' or 'abpi-steps'."
            )
        item_id = f"{match.group(1)}-{name}"
        items[item_id] = item_from_data(item_id, fields, where=f"{item_id} ({file_name})")
    return items


def _item_files() -> list[Any]:
    folder = resources.files("venous_course") / "data" / "selfchecks"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yml")), key=lambda f: f.name)


@cache
def all_items() -> dict[str, Item]:
    """Every self-check item of the course, by id, read from the package data (cached)."""
    items: dict[str, Item] = {}
    for path in _item_files():
        for item_id, item in items_from_text(path.name, path.read_text(encoding="utf-8")).items():
            if item_id in items:
                raise SelfCheckError(f"Self-check {item_id} is defined twice ({path.name}).")
            items[item_id] = item
    return items


def item(item_id: str) -> Item:
    """The item with this id, like ``04-lena``; a sentence naming close ids when unknown."""
    items = all_items()
    if item_id in items:
        return items[item_id]
    match = _ITEM_ID.match(item_id) if isinstance(item_id, str) else None
    same_module = [i for i in items if match and i.startswith(match.group(1) + "-")]
    hint = f" Items of module {match.group(1)}: {', '.join(same_module)}." if same_module else ""
    raise SelfCheckError(
        f"There is no self-check {item_id!r}: ids are the module number and the item's name "
        f"in data/selfchecks/, like '04-lena'.{hint}"
    )


__all__ = [
    "KINDS",
    "ChoiceItem",
    "Item",
    "Option",
    "OrderingItem",
    "SelfCheckError",
    "all_items",
    "choice_item",
    "item",
    "item_from_data",
    "items_from_text",
    "ordering_item",
]
