"""Build the course book, and the Sphinx extension that keeps it offline.

``python -m venous_course_tools.book build`` (what ``make book`` runs):

1. checks that ``book/_toc.yml`` and ``modules/`` agree: every listed module file exists and
   every ``modules/NN-*.ipynb`` is listed (a clear message names each file that is not);
2. stages ``book/`` (front matter, config), ``modules/*.ipynb`` and ``assets/`` into
   ``book/_build/_src``: Jupyter Book 1 only builds files under its root, and the notebooks
   live in ``modules/``. Only changed files are copied, so Sphinx rebuilds only what changed;
3. runs Jupyter Book with warnings as errors (``-W --keep-going``) and myst-nb's
   ``nb_execution_raise_on_error``: a notebook that fails, a dropped figure, a broken cross
   reference or an unknown citation fails the build, and the message names the repository file;
4. scans the built HTML: a page that loads anything from another host, or shows a widget
   placeholder instead of its kernel-free twin, fails the build.

Notebooks run through jupyter-cache (``book/_build/.jupyter_cache``): a rebuild re-executes only
notebooks whose code changed. Outputs also depend on the ``venous_course`` package, which
jupyter-cache cannot see, so each staged notebook gets a hidden last cell (tagged
``remove-cell``) holding a digest of the package source: changing the package re-executes them.

As a Sphinx extension (``sphinx.extra_extensions`` in ``book/_config.yml``) this module loads
plotly.js from the book's own folder on the pages that draw a figure, drops saved widget state
(dead weight without a kernel) and turns every external script or stylesheet into a warning.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from venous_course_tools.paths import REPO

MODULE_PATTERN = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
BUILD_DIR_NAME = "_build"  # Jupyter Book writes <path-output>/_build/html
STAGING_NAME = "_src"
STAMP_NAME = "build-stamp.json"
PLOTLY_JS = "vendor/plotly.min.js"  # under the built book's _static/
WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"
DIGEST_CELL_MARKER = "# venous_course package digest (added by the book build, not in modules/)"
# Folders of the book source that are never staged (build output, editor and nbgrader clutter).
SKIP_NAMES = {
    BUILD_DIR_NAME,
    ".ipynb_checkpoints",
    "__pycache__",
    ".DS_Store",
    "release",
    "submitted",
    "autograded",
    "feedback",
}


class BookError(ValueError):
    """The book cannot be built; the message says which file to fix."""


# --------------------------------------------------------------------------- toc and modules


def toc_files(toc: dict[str, Any]) -> list[str]:
    """Every ``file:`` entry of a Jupyter Book toc (root first), in reading order."""
    found: list[str] = []
    if "root" in toc:
        found.append(str(toc["root"]))

    def walk(items: Iterable[Any]) -> None:
        for item in items or []:
            if not isinstance(item, dict):
                continue
            if "file" in item:
                found.append(str(item["file"]))
            for key in ("parts", "chapters", "sections"):
                walk(item.get(key) or [])

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key) or [])
    return found


def load_toc(book_dir: Path) -> dict[str, Any]:
    """The parsed ``_toc.yml`` of ``book_dir``."""
    path = book_dir / "_toc.yml"
    if not path.is_file():
        raise BookError(f"The book has no table of contents: {path} is missing.")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def listed_modules(book_dir: Path) -> list[str]:
    """Module notebook file names (``NN-name.ipynb``) that ``_toc.yml`` lists, in order."""
    return [
        Path(entry).name + ".ipynb"
        for entry in toc_files(load_toc(book_dir))
        if entry.startswith("modules/")
    ]


def existing_modules(modules_dir: Path) -> list[str]:
    """Module notebook file names present in ``modules/`` (``NN-*.ipynb``), sorted."""
    if not modules_dir.is_dir():
        return []
    return sorted(p.name for p in modules_dir.glob("[0-9][0-9]-*.ipynb"))


def module_problems(repo: Path) -> list[str]:
    """Sentences naming each module file that the toc and ``modules/`` disagree about."""
    listed = listed_modules(repo / "book")
    present = existing_modules(repo / "modules")
    problems = [
        f"modules/{name} is listed in book/_toc.yml but does not exist."
        for name in listed
        if name not in present
    ]
    problems += [
        f"modules/{name} exists but book/_toc.yml does not list it: add it to the toc."
        for name in present
        if name not in listed
    ]
    problems += [
        f"modules/{name}: module files are named NN-kebab-case.ipynb."
        for name in present
        if not MODULE_PATTERN.match(name)
    ]
    return problems


# --------------------------------------------------------------------------------- staging


def package_digest(repo: Path) -> str:
    """A short digest of what executed notebooks depend on beyond their own code.

    Module notebooks import only the course package (code and packaged data), so its tree is
    the whole dependency: the tools package that builds, checks and grades is never part of it,
    and editing a checker re-executes nothing.
    """
    digest = hashlib.sha256()
    root = repo / "src" / "venous_course"
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix in {".pyc", ".pyo"}:
            continue
        digest.update(str(path.relative_to(repo)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def with_digest_cell(notebook_text: str, digest: str) -> str:
    """The notebook with a hidden last code cell that carries the package digest."""
    nb = json.loads(notebook_text)
    nb.setdefault("cells", []).append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "venous-course-digest",
            "metadata": {"tags": ["remove-cell"]},
            "outputs": [],
            "source": f"{DIGEST_CELL_MARKER}\n# {digest}",
        }
    )
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _stage_files(repo: Path) -> Iterator[tuple[Path, str | None]]:
    """(source file, path under the staging folder) for every file of the book."""
    book = repo / "book"
    for path in sorted(book.rglob("*")):
        rel = path.relative_to(book)
        if path.is_file() and not (set(rel.parts) & SKIP_NAMES):
            yield path, rel.as_posix()
    for name in existing_modules(repo / "modules"):
        yield repo / "modules" / name, f"modules/{name}"
    assets = repo / "assets"
    for path in sorted(assets.rglob("*")):
        rel = path.relative_to(assets)
        if path.is_file() and not (set(rel.parts) & SKIP_NAMES):
            yield path, f"assets/{rel.as_posix()}"


def _write_if_changed(target: Path, data: bytes) -> bool:
    """Write only changed content: an unchanged file keeps its mtime, so Sphinx skips it
    (and a changed one gets a new mtime, so Sphinx reads it again)."""
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def stage(repo: Path, staging: Path) -> int:
    """Mirror the book's sources into ``staging``; return how many files changed."""
    digest = package_digest(repo)
    wanted: set[str] = set()
    changed = 0
    for source, rel in _stage_files(repo):
        wanted.add(rel)
        data = source.read_bytes()
        if rel.startswith("modules/"):
            data = with_digest_cell(data.decode("utf-8"), digest).encode("utf-8")
        changed += _write_if_changed(staging / rel, data)
    if staging.is_dir():
        for path in sorted(staging.rglob("*"), reverse=True):
            rel = path.relative_to(staging).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


def input_digest(repo: Path) -> str:
    """A digest of every input of the book: a built book with the same digest is up to date."""
    digest = hashlib.sha256(package_digest(repo).encode())
    for source, rel in _stage_files(repo):
        digest.update(rel.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def is_up_to_date(repo: Path, build_dir: Path | None = None) -> bool:
    """True when ``build_dir`` (default book/_build) holds a book built from today's inputs."""
    build_dir = build_dir or repo / "book" / BUILD_DIR_NAME
    stamp = build_dir / STAMP_NAME
    if not (stamp.is_file() and (build_dir / "html" / "index.html").is_file()):
        return False
    return json.loads(stamp.read_text()).get("inputs") == input_digest(repo)


# ------------------------------------------------------------------------- built HTML checks

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
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
            if _EXTERNAL.match(url)
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
                        "it would vanish from the book (use venous_course.display.show() for "
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


# ---------------------------------------------------------------------------------- build


def _rewrite_paths(line: str, staging: Path, repo: Path) -> str:
    """Point messages at the repository's files instead of their staged copies."""
    staged = str(staging) + os.sep
    line = line.replace(staged + "modules" + os.sep, str(repo / "modules") + os.sep)
    line = line.replace(staged + "assets" + os.sep, str(repo / "assets") + os.sep)
    return line.replace(staged, str(repo / "book") + os.sep)


def build(
    repo: Path = REPO,
    build_dir: Path | None = None,
    *,
    rebuild_all: bool = False,
    out: Any = None,
) -> Path:
    """Build the book; return the folder of the HTML. Raises BookError naming what to fix."""
    out = out or sys.stdout
    repo = repo.resolve()
    build_dir = (build_dir or repo / "book" / BUILD_DIR_NAME).resolve()
    if build_dir.name != BUILD_DIR_NAME:
        raise BookError(f"The build folder must be named {BUILD_DIR_NAME}; got {build_dir}.")
    problems = module_problems(repo)
    if problems:
        raise BookError("The book's modules do not match its toc:\n  " + "\n  ".join(problems))
    staging = build_dir / STAGING_NAME
    inputs = input_digest(repo)  # before staging: an edit during the build makes it stale
    changed = stage(repo, staging)
    print(f"Staged the book sources in {staging} ({changed} file(s) changed).", file=out)
    command = [
        sys.executable,
        "-c",
        "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
        "build",
        str(staging),
        "--path-output",
        str(build_dir.parent),
        "--builder",
        "html",
        "-W",
        "--keep-going",
    ]
    if rebuild_all:
        command.append("--all")
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    process = subprocess.Popen(
        command,
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    for line in process.stdout:
        out.write(_rewrite_paths(line, staging, repo))
    if process.wait() != 0:
        raise BookError(
            "The book build failed (warnings are errors). The messages above name the file: "
            "a notebook that fails to run, a figure that was dropped, a broken reference or "
            "an unknown citation."
        )
    html_dir = build_dir / "html"
    findings = check_executed_notebooks(repo, build_dir) + check_built_html(html_dir)
    if findings:
        raise BookError(
            "The built book has outputs that would vanish or load from outside:\n  "
            + "\n  ".join(map(str, findings))
        )
    (build_dir / STAMP_NAME).write_text(
        json.dumps({"inputs": inputs}, indent=1) + "\n", encoding="utf-8"
    )
    return html_dir


def ensure_built(repo: Path, fallback_build_dir: Path, *, out: Any = None) -> Path:
    """The HTML folder of an up-to-date book, building one only when needed.

    ``VENOUS_COURSE_BOOK_HTML`` names an already built book (used as is). Otherwise an
    up-to-date ``book/_build/html`` is reused; else the book is built into
    ``fallback_build_dir`` (a folder named ``_build``), seeded with the repository's
    jupyter-cache so unchanged notebooks are not executed again.
    """
    override = os.environ.get("VENOUS_COURSE_BOOK_HTML")
    if override:
        html_dir = Path(override).resolve()
        if not (html_dir / "index.html").is_file():
            raise BookError(f"VENOUS_COURSE_BOOK_HTML={override} holds no built book.")
        return html_dir
    if is_up_to_date(repo):
        return repo / "book" / BUILD_DIR_NAME / "html"
    cache = repo / "book" / BUILD_DIR_NAME / ".jupyter_cache"
    if cache.is_dir() and not (fallback_build_dir / ".jupyter_cache").exists():
        shutil.copytree(cache, fallback_build_dir / ".jupyter_cache")
    return build(repo, fallback_build_dir, out=out)


def page_paths(repo: Path) -> list[str]:
    """Every page the book has (toc order, then Sphinx's search and index), without .html.

    Module pages are listed only when their notebook exists. With
    ``VENOUS_COURSE_BOOK_HTML`` set, the pages of that book (its staged sources sit next to
    its html folder).
    """
    book_dir, modules_dir = repo / "book", repo / "modules"
    override = os.environ.get("VENOUS_COURSE_BOOK_HTML")
    if override:
        book_dir = Path(override).resolve().parent / STAGING_NAME
        modules_dir = book_dir / "modules"
    present = {f"modules/{Path(name).stem}" for name in existing_modules(modules_dir)}
    pages = [
        entry
        for entry in toc_files(load_toc(book_dir))
        if not entry.startswith("modules/") or entry in present
    ]
    return [*pages, "search", "genindex"]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build`` (the book) or ``check`` (toc against modules/ only)."""
    parser = argparse.ArgumentParser(prog="python -m venous_course_tools.book", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build_cmd = sub.add_parser("build", help="stage, execute and build the HTML book")
    build_cmd.add_argument("--repo", type=Path, default=REPO, help="repository root")
    build_cmd.add_argument(
        "--build-dir", type=Path, default=None, help="a folder named _build (default book/_build)"
    )
    build_cmd.add_argument("--all", action="store_true", help="rewrite every page")
    check_cmd = sub.add_parser("check", help="check that book/_toc.yml and modules/ agree")
    check_cmd.add_argument("--repo", type=Path, default=REPO, help="repository root")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            problems = module_problems(args.repo)
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1 if problems else 0
        html_dir = build(args.repo, args.build_dir, rebuild_all=args.all)
    except BookError as error:
        print(f"\nERROR: {error}", file=sys.stderr)
        return 1
    print(f"Book built in {html_dir}")
    return 0


# --------------------------------------------------------------------------- Sphinx extension


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
            if _EXTERNAL.match(str(js)):
                logger.warning(f"the page would load {js} from another host", location=pagename)
    css_files = context.get("css_files")
    if isinstance(css_files, list):
        css_files[:] = [css for css in css_files if "sphinx-thebe" not in str(css)]
    for css in css_files or []:
        if _EXTERNAL.match(str(css)):
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


if __name__ == "__main__":
    raise SystemExit(main())
