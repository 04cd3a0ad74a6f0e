"""The Sphinx extension that keeps the book offline and light.

Listed in ``book/_config.yml`` under ``sphinx.extra_extensions`` as
``venous_course_tools.book.sphinx``. It loads plotly.js from the book's own folder on the pages
that draw a figure, drops saved widget state (dead weight without a kernel) and sphinx-thebe
(it needs Binder), and turns every external script or stylesheet into a warning (an error
under ``-W``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from venous_course_tools.book.audit import EXTERNAL, WIDGET_STATE_MIMETYPE, WIDGET_VIEW_MIMETYPE

PLOTLY_JS = "vendor/plotly.min.js"  # under the built book's _static/


def _plotly_js_source() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


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
            "the page embeds a copy of plotly.js; use venous_course.display.show() so the "
            "book loads its one local copy",
            location=pagename,
        )
    if WIDGET_VIEW_MIMETYPE in body:
        logger.warning(
            "a widget is displayed without a kernel-free twin (it would be an empty box in "
            "the book): display a venous_course Explorer or give the output a text/html face",
            location=pagename,
        )
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
    if exception is not None or app.builder is None or app.builder.format != "html":
        return
    target = Path(app.builder.outdir) / "_static" / PLOTLY_JS
    source = _plotly_js_source()
    if not target.is_file() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point (listed in book/_config.yml under sphinx.extra_extensions)."""
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
