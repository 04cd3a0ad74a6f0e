"""The book side of the reader's progress memory and of the Review page.

The progress itself lives in the reader's browser (``book/_static/progress.mjs``, with its pure
core in ``progress-core.mjs``); nothing is sent anywhere. What the build gives it is data:

- the **course index**, a JSON script on every page (``#vc-course-index``): each module page
  with the self-check items it shows, and each item's page, section anchor and section title,
  read from the built module pages (an item's face carries ``data-item``);
- the **Review page**'s items (``{review-items}`` in ``book/review.md``): every item's own book
  face, the same HTML, feedback and rationale as in its module, each with a link back to its
  module section. The script shows the ones due today.

Wired into Sphinx by :mod:`venous_course_tools.book.sphinx`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from venous_course.selfcheck import face, item
from venous_course.selfcheck.faces import json_for_script

INDEX_ID = "vc-course-index"
PROGRESS_SCRIPTS = ("progress.mjs", "offline.mjs")  # ES modules under _static/
_ITEM_ON_PAGE = re.compile(r'class="vc-selfcheck"[^>]*\bdata-item="([^"]+)"')


@dataclass(frozen=True)
class ItemPlace:
    """Where a self-check item is shown: its module page and the section around it."""

    item: str
    page: str
    anchor: str
    section: str


def items_in_html(text: str) -> list[str]:
    """The item ids of the self-check faces in a page's HTML, in page order."""
    return [html.unescape(found) for found in _ITEM_ON_PAGE.findall(text)]


def _section_of(node: Any) -> Any:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def item_places(doctree: Any, docname: str) -> list[ItemPlace]:
    """Every self-check shown on a page (a doctree as read), with its enclosing section."""
    places = []
    for raw in doctree.findall(nodes.raw):
        found = items_in_html(raw.astext())
        if not found:
            continue
        section = _section_of(raw)
        anchor = section["ids"][0] if section is not None and section["ids"] else ""
        title = ""
        if section is not None and isinstance(section.children[0], nodes.title):
            title = section.children[0].astext()
        places += [ItemPlace(found_id, docname, anchor, title) for found_id in found]
    return places


def _places(env: Any) -> dict[str, list[ItemPlace]]:
    if not hasattr(env, "venous_item_places"):
        env.venous_item_places = {}
    return env.venous_item_places


def _review_docs(env: Any) -> set[str]:
    if not hasattr(env, "venous_review_docs"):
        env.venous_review_docs = set()
    return env.venous_review_docs


def _collect(app: Any, doctree: Any) -> None:
    docname = app.env.docname
    if docname.startswith("modules/"):
        _places(app.env)[docname] = item_places(doctree, docname)


def _purge(app: Any, env: Any, docname: str) -> None:
    _places(env).pop(docname, None)
    _review_docs(env).discard(docname)


def _merge(app: Any, env: Any, docnames: Any, other: Any) -> None:
    _places(env).update(_places(other))
    _review_docs(env).update(_review_docs(other))


def _outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """A changed module can change its items or sections: the Review page is rewritten."""
    if any(d.startswith("modules/") for d in (*added, *changed, *removed)):
        return sorted(_review_docs(env))
    return []


def course_index(env: Any, module_order: list[str], review_doc: str | None) -> dict[str, Any]:
    """The data progress.mjs reads on every page (the modules in reading order)."""
    places = _places(env)
    modules = {}
    items = {}
    for doc in module_order:
        shown = places.get(doc, [])
        modules[doc] = {
            "title": env.titles[doc].astext() if doc in env.titles else doc,
            "items": [p.item for p in shown],
        }
        for place in shown:
            items.setdefault(
                place.item,
                {"page": place.page, "anchor": place.anchor, "section": place.section},
            )
    return {"home": env.config.root_doc, "review": review_doc, "modules": modules, "items": items}


def index_script(index: dict[str, Any]) -> str:
    """The index as the body of a ``<script type="application/json">`` (safe inside it)."""
    return json_for_script(index)


# ------------------------------------------------------------------------------ Review page


class review_items(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes so
    """Placeholder for the Review page's items, filled in once every module has been read."""


class ReviewItems(SphinxDirective):
    """``{review-items}``: every self-check of the course, each hidden until it is due."""

    def run(self) -> list[Any]:
        _review_docs(self.env).add(self.env.docname)
        return [review_items()]


def review_item_html(item_id: str, module_title: str, href: str, section: str) -> str:
    """One item on the Review page: where it comes from, its own book face, a link back."""
    where = html.escape(module_title)
    back = f"Back to {where}"
    if section:
        back = f"Back to \u201c{html.escape(section)}\u201d in {where}"
    return (
        f'<section class="vc-review-item" data-item="{html.escape(item_id)}" hidden '
        f'aria-labelledby="vc-review-{html.escape(item_id)}">'
        f'<h2 id="vc-review-{html.escape(item_id)}" class="vc-review-from">From {where}</h2>'
        f'<p class="vc-review-why"></p>'
        f"{face(item(item_id)).static_html()}"
        f'<p class="vc-review-back"><a href="{html.escape(href)}">{back}</a></p></section>'
    )


def review_html(app: Any, docname: str, module_order: list[str]) -> str:
    """Every item shown in a module, in reading order, as the Review page shows them."""
    env = app.env
    parts = []
    seen: set[str] = set()
    for doc in module_order:
        title = env.titles[doc].astext() if doc in env.titles else doc
        for place in _places(env).get(doc, []):
            if place.item in seen:
                continue
            seen.add(place.item)
            href = app.builder.get_relative_uri(docname, doc)
            if place.anchor:
                href += "#" + place.anchor
            parts.append(review_item_html(place.item, title, href, place.section))
    return '<div class="vc-review-items">' + "".join(parts) + "</div>"


def fill_review(app: Any, doctree: Any, docname: str, module_order: list[str]) -> None:
    """Replace the ``{review-items}`` placeholder of a page by the items' faces."""
    for node in list(doctree.findall(review_items)):
        node.replace_self(nodes.raw("", review_html(app, docname, module_order), format="html"))


def setup_progress(app: Any) -> None:
    """Register the directive, the collection of item places and their bookkeeping."""
    app.add_node(review_items)
    app.add_directive("review-items", ReviewItems)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
