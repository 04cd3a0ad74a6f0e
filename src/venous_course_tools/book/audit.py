"""Audits of what the build produced: executed notebooks and the built HTML.

An output whose mime type the book cannot render (plotly's own, a widget view) vanishes from
the page unless it also carries ``text/html``; a page that loads anything from another host
breaks the offline promise. Each finding names the file to fix.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from venous_course_tools.book.toc import existing_modules

WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_LOADING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
# <link rel=...> values that make the browser fetch the href.
_LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "prefetch", "manifest"}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)


@dataclass(frozen=True)
class Finding:
    """Something in the built book that breaks the offline promise."""

    file: str
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


class _LoadCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.widget_views = 0
        self.widget_states = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attr in _LOADING_ATTRS.get(tag, ()):
            if values.get(attr):
                self.urls.extend(u.strip().split(" ")[0] for u in values[attr].split(","))
        if tag == "link" and set(values.get("rel", "").lower().split()) & _LOADING_RELS:
            self.urls.append(values.get("href", ""))
        if tag == "script" and values.get("type") == WIDGET_VIEW_MIMETYPE:
            self.widget_views += 1
        if tag == "script" and values.get("type") == WIDGET_STATE_MIMETYPE:
            self.widget_states += 1


def check_static_copies(staging: Path, html_dir: Path) -> list[Finding]:
    """Files of the book's own ``_static`` that the built book holds in another version.

    Sphinx copies ``_static`` only when some page is rebuilt: after an edit to course.js or
    course.css alone it would keep serving the old file. The driver rebuilds every page when
    this finds a file before the build, and fails the build when one is still found after.
    """
    own = staging / "_static"
    if not own.is_dir():
        return []
    findings = []
    for source in sorted(p for p in own.rglob("*") if p.is_file()):
        rel = source.relative_to(staging).as_posix()
        built = html_dir / rel
        if built.is_file() and built.read_bytes() != source.read_bytes():
            findings.append(
                Finding(rel, "is out of date in the built book (Sphinx did not copy it again)")
            )
    return findings


def check_built_html(html_dir: Path) -> list[Finding]:
    """Offline problems in a built book: external loads and dead widget placeholders.

    Plain links in prose (``<a href>``) are fine: they load nothing until a reader follows them.
    """
    findings: list[Finding] = []
    for page in sorted(html_dir.rglob("*.html")):
        rel = page.relative_to(html_dir).as_posix()
        collector = _LoadCollector()
        collector.feed(page.read_text(encoding="utf-8", errors="replace"))
        findings += [
            Finding(rel, f"loads {url} from another host")
            for url in collector.urls
            if EXTERNAL.match(url)
        ]
        if collector.widget_views:
            findings.append(
                Finding(
                    rel,
                    f"{collector.widget_views} widget output(s) with no kernel-free twin "
                    "(an empty placeholder in the book): display an Explorer or add text/html",
                )
            )
        if collector.widget_states:
            findings.append(Finding(rel, "embeds saved widget state that needs a kernel"))
    for sheet in sorted(html_dir.rglob("*.css")):
        rel = sheet.relative_to(html_dir).as_posix()
        for url in _CSS_URL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            findings.append(Finding(rel, f"loads {url} from another host"))
    return findings


# Mime types myst-nb can put on an HTML page; anything else is dropped from the book.
RENDERABLE_MIMETYPES = frozenset(
    {
        "text/html",
        "text/plain",
        "text/markdown",
        "text/latex",
        "image/png",
        "image/jpeg",
        "image/svg+xml",
        "image/gif",
        "application/javascript",
    }
)


def check_executed_outputs(notebook: dict[str, Any], name: str) -> list[Finding]:
    """Outputs of an executed notebook that would vanish, or show a dead widget, in the book.

    A display whose bundle carries a mime type the book cannot render (plotly's own, a
    widget view) must also carry ``text/html``: the twin the book shows.
    """
    findings: list[Finding] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") not in {"display_data", "execute_result"}:
                continue
            kinds = set(output.get("data", {}))
            foreign = sorted(kinds - RENDERABLE_MIMETYPES)
            if foreign and "text/html" not in kinds:
                findings.append(
                    Finding(
                        name,
                        f"cell {index + 1} displays {', '.join(foreign)} with no text/html twin: "
                        "it would vanish from the book (use venous_course.show_figure() for "
                        "figures, and explorers for widgets)",
                    )
                )
    return findings


def check_executed_notebooks(repo: Path, build_dir: Path) -> list[Finding]:
    """Run :func:`check_executed_outputs` on every module as the build executed it."""
    executed = build_dir / "jupyter_execute" / "modules"
    findings: list[Finding] = []
    for name in existing_modules(repo / "modules"):
        path = executed / name
        if not path.is_file():
            findings.append(Finding(f"modules/{name}", "was not executed by the book build"))
            continue
        notebook = json.loads(path.read_text(encoding="utf-8"))
        findings += check_executed_outputs(notebook, f"modules/{name}")
    return findings
