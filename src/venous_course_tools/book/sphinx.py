"""The Sphinx extension that keeps the book offline and light.

Listed in ``book/_config.yml`` under ``sphinx.extra_extensions`` as
``venous_course_tools.book.sphinx``. It loads plotly.js from the book's own folder on the pages
that draw a figure, drops saved widget state (dead weight without a kernel) and sphinx-thebe
(it needs Binder), keeps only the icon glyphs the book shows (:mod:`.icons`), and turns every
external script or stylesheet into a warning (an error under ``-W``). It also provides
``{module-guide}``: the landing page's table of modules with their estimated study time
(:mod:`venous_course_tools.book.guide`), and the reader's progress memory and Review page
(:mod:`venous_course_tools.book.progress`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from venous_course_tools.book.audit import EXTERNAL, WIDGET_STATE_MIMETYPE, WIDGET_VIEW_MIMETYPE
from venous_course_tools.book.guide import PageLoad, hours_and_minutes, page_load, total_minutes
from venous_course_tools.book.icons import subset_icon_fonts
from venous_course_tools.book.offline import write_service_worker
from venous_course_tools.book.plotly_bundle import STAGED_NAME
from venous_course_tools.book.progress import (
    INDEX_ID,
    PROGRESS_SCRIPTS,
    course_index,
    fill_review,
    index_script,
    setup_progress,
)
from venous_course_tools.book.toc import load_toc

PLOTLY_JS = "vendor/plotly.min.js"  # under the built book's _static/


def _unwanted_script(js: Any) -> bool:
    attributes = getattr(js, "attributes", {}) or {}
    body = attributes.get("body", "") or ""
    return (
        attributes.get("type") == WIDGET_STATE_MIMETYPE
        or "sphinx-thebe" in str(js)
        or "THEBE_JS_URL" in body
    )


def _drop_thebe_nodes(app: Any, doctree: Any, docname: str) -> None:
    """Remove the Binder configuration sphinx-thebe appends to every page (Jupyter Book 1
    always loads sphinx-thebe; this book has no kernel to connect to)."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or "kernelName = " in text:
            node.parent.remove(node)


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    body = context.get("body", "") or ""
    if 'role="doc-biblioentry"' in body:
        # docutils puts doc-biblioentry items in a role="list": screen readers (and axe) need
        # listitems there. The entries stay a list of references.
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = body
    if "plotly-graph-div" in body:
        # Synchronous, in <head>: the figures' inline scripts call Plotly as the page parses.
        app.add_js_file(PLOTLY_JS, priority=200)
    if "plotly.js v" in body or "window.Plotly=" in body:
        logger.warning(
            "the page embeds a copy of plotly.js; use venous_course.show_figure() so the "
            "book loads its one local copy",
            location=pagename,
        )
    if WIDGET_VIEW_MIMETYPE in body:
        logger.warning(
            "a widget is displayed without a kernel-free twin (it would be an empty box in "
            "the book): display a venous_course Explorer or give the output a text/html face",
            location=pagename,
        )
    index = getattr(app, "venous_course_index", None)
    if index is not None:
        # Data for progress.mjs (which modules show which self-checks), never code.
        app.add_js_file(None, body=index, type="application/json", id=INDEX_ID)
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        # Saved widget state only feeds a widget manager, which this book never loads; thebe
        # needs Binder, and sphinx-thebe 0.3.1 declares a duplicate const (a page error).
        scripts[:] = [js for js in scripts if not _unwanted_script(js)]
        for js in scripts:
            if EXTERNAL.match(str(js)):
                logger.warning(f"the page would load {js} from another host", location=pagename)
    css_files = context.get("css_files")
    if isinstance(css_files, list):
        css_files[:] = [css for css in css_files if "sphinx-thebe" not in str(css)]
    for css in css_files or []:
        if EXTERNAL.match(str(css)):
            logger.warning(f"the page would load {css} from another host", location=pagename)


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    """Copy the staged plotly.js bundle (book/plotly, see plotly_bundle.py) into _static."""
    from sphinx.util import logging

    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    target = Path(app.builder.outdir) / "_static" / PLOTLY_JS
    source = Path(app.srcdir) / STAGED_NAME
    if not source.is_file():
        logging.getLogger(__name__).warning(
            f"{STAGED_NAME} is missing, so no figure can draw: build with "
            "'python -m venous_course_tools.book build' (it installs book/plotly with npm ci)"
        )
        return
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    # The theme's icon fonts, whole, outweigh everything else on a page but plotly.js.
    subset_icon_fonts(Path(app.builder.outdir))
    # Last: the worker lists (and versions itself by) every file written before it.
    write_service_worker(Path(app.builder.outdir))


# ------------------------------------------------------------------------------ module guide


class module_guide(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes so
    """Placeholder for the module guide, filled in once every page has been read."""


class ModuleGuide(SphinxDirective):
    """``{module-guide}``: where to start and how long each module takes (computed)."""

    def run(self) -> list[Any]:
        guides = _guide_docs(self.env)
        guides.add(self.env.docname)
        return [module_guide()]


def _guide_docs(env: Any) -> set[str]:
    if not hasattr(env, "venous_guide_docs"):
        env.venous_guide_docs = set()
    return env.venous_guide_docs


def _purge_guide(app: Any, env: Any, docname: str) -> None:
    _guide_docs(env).discard(docname)


def _merge_guide(app: Any, env: Any, docnames: Any, other: Any) -> None:
    _guide_docs(env).update(_guide_docs(other))


def _guide_outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """A changed module changes the guide: the pages that show it are rewritten too."""
    if any(d.startswith("modules/") for d in (*added, *changed, *removed)):
        return sorted(_guide_docs(env))
    return []


def module_units(srcdir: Path) -> list[tuple[str, list[str]]]:
    """(unit caption, module docnames) for every part of the toc that lists modules."""
    units = []
    for part in load_toc(srcdir).get("parts", []) or []:
        docs = [str(c["file"]) for c in part.get("chapters", []) or [] if "file" in c]
        docs = [d for d in docs if d.startswith("modules/")]
        if docs:
            units.append((str(part.get("caption", "")), docs))
    return units


def _link(app: Any, fromdoc: str, todoc: str, text: str) -> Any:
    uri = app.builder.get_relative_uri(fromdoc, todoc)
    return nodes.reference("", "", nodes.Text(text), internal=True, refuri=uri)


def _guide_nodes(app: Any, docname: str) -> list[Any]:
    env = app.env
    units = module_units(Path(app.srcdir))
    loads: dict[str, PageLoad] = {}
    for _caption, docs in units:
        for doc in docs:
            loads[doc] = page_load(env.get_doctree(doc))
    if not loads:
        return [nodes.paragraph(text="The book lists no modules yet.")]
    first = units[0][1][0]
    title = {doc: env.titles[doc].astext() for doc in loads}
    start = nodes.paragraph()
    start += nodes.Text("Start with ")
    start += _link(app, docname, first, title[first])
    start += nodes.Text(
        ", then follow the modules in order: each builds on the one before. All "
        f"{len(loads)} modules take about {hours_and_minutes(total_minutes([*loads.values()]))}"
        " in total. The times below are estimates from each page's length, its self-check "
        "items and its interactive figures."
    )
    table = nodes.table(classes=["vc-module-guide"], ids=["vc-module-guide"])
    table += nodes.title(text="The modules, in reading order, with their estimated time")
    group = nodes.tgroup(cols=3)
    table += group
    for width in (50, 15, 35):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(["Module", "About", "What you do"])
    body = nodes.tbody()
    group += body
    for caption, docs in units:
        unit_row = nodes.row(classes=["vc-unit"])
        entry = nodes.entry(morecols=2)
        entry += nodes.paragraph(text=caption)
        unit_row += entry
        body += unit_row
        for doc in docs:
            link = nodes.paragraph()
            link += _link(app, docname, doc, title[doc])
            body += _row([link, f"{loads[doc].minutes()} min", loads[doc].summary()])
    return [start, table]


def _row(cells: list[Any]) -> Any:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
        row += entry
    return row


def _fill_guide(app: Any, doctree: Any, docname: str) -> None:
    for node in list(doctree.findall(module_guide)):
        node.replace_self(_guide_nodes(app, docname))


def _module_order(app: Any) -> list[str]:
    return [doc for _caption, docs in module_units(Path(app.srcdir)) for doc in docs]


def _index_pages(app: Any, env: Any) -> None:
    """Once every page is read: the course index every page carries for progress.mjs."""
    review = sorted(getattr(env, "venous_review_docs", set()))
    index = course_index(env, _module_order(app), review[0] if review else None)
    app.venous_course_index = index_script(index)


def _fill_review(app: Any, doctree: Any, docname: str) -> None:
    fill_review(app, doctree, docname, _module_order(app))


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point (listed in book/_config.yml under sphinx.extra_extensions)."""
    app.add_node(module_guide)
    app.add_directive("module-guide", ModuleGuide)
    app.connect("env-purge-doc", _purge_guide)
    app.connect("env-merge-info", _merge_guide)
    app.connect("env-get-outdated", _guide_outdated)
    app.connect("doctree-resolved", _fill_guide)
    setup_progress(app)
    app.connect("env-updated", _index_pages)
    app.connect("doctree-resolved", _fill_review)
    for script in PROGRESS_SCRIPTS:
        # ES modules (.mjs: Jupyter Book adds every _static/*.js as a classic script).
        app.add_js_file(script, type="module")
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
