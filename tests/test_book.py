"""The book's configuration and build driver (fast: no build, no browser).

The built book itself is checked by tests/browser/ (slow): pages in Chromium, and the built
HTML scanned for anything loaded from another host.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import COURSE_MODULES, REPO
from venous_course_tools import book
from venous_course_tools.book import driver
from venous_course_tools.book import sphinx as book_sphinx

BOOK = REPO / "book"


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def toc() -> dict:
    return yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ configuration


def test_notebooks_run_through_jupyter_cache_with_a_timeout(config):
    execute = config["execute"]
    assert execute["execute_notebooks"] == "cache"
    assert execute["cache"] in ("", None)  # default: book/_build/.jupyter_cache
    assert 0 < execute["timeout"] <= 300
    assert execute["allow_errors"] is False


def test_failures_are_build_errors(config):
    sphinx = config["sphinx"]["config"]
    assert sphinx["nb_execution_raise_on_error"] is True
    # the one suppressed warning is replaced by the driver's own check of executed outputs
    assert sphinx.get("suppress_warnings", []) == ["mystnb.unknown_mime_type"]
    assert "venous_course_tools.book.sphinx" in config["sphinx"]["extra_extensions"]


def test_book_shows_html_twins_and_loads_no_widget_manager(config):
    sphinx = config["sphinx"]["config"]
    assert ["html", "text/html", 0] in sphinx["nb_mime_priority_overrides"]
    assert sphinx["nb_ipywidgets_js"] == {}


def test_no_repository_launch_or_analytics(config):
    assert not config["repository"]["url"]
    html = config["html"]
    for button in ("use_edit_page_button", "use_repository_button", "use_issues_button"):
        assert html[button] is False
    launch = config["launch_buttons"]
    assert launch["thebe"] is False
    for service in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
        assert not launch[service]
    assert not any(html["analytics"].values())
    theme = config["sphinx"]["config"]["html_theme_options"]
    assert not theme["repository_url"] and not theme["launch_buttons"]


def test_no_markdown_extension_that_loads_mathjax(config):
    extensions = set(config["parse"]["myst_enable_extensions"])
    assert not extensions & {"dollarmath", "amsmath"}


def test_bibliography_and_glossary_pages(config, toc):
    assert config["bibtex_bibfiles"] == ["assets/references.bib"]
    assert (REPO / "assets" / "references.bib").is_file()
    files = book.toc_files(toc)
    assert "references" in files and "glossary" in files
    assert "{bibliography}" in (BOOK / "references.md").read_text(encoding="utf-8")
    glossary = (BOOK / "glossary.md").read_text(encoding="utf-8")
    assert "{glossary}" in glossary
    for term in ("reflux", "chronic venous insufficiency", "lipodermatosclerosis"):
        assert re.search(rf"^{re.escape(term)}\s*$", glossary, re.I | re.M), term


def test_static_folder_holds_only_what_every_page_needs():
    """Sphinx adds every .js/.css in a source _static/ folder to every page; the progress
    memory's ES modules are .mjs, which the course's extension loads as modules."""
    static = sorted(p.name for p in (BOOK / "_static").iterdir())
    assert static == [
        "course.css",
        "course.js",
        "offline.mjs",
        "progress-core.mjs",
        "progress.css",
        "progress.mjs",
    ]


def test_quizzes_and_nbgrader_folders_are_not_in_the_book(config):
    patterns = config["exclude_patterns"]
    for folder in ("quizzes", "**/submitted", "**/autograded", "**/feedback", "**/release"):
        assert folder in patterns
    assert config["only_build_toc_files"] is True
    assert not any(
        "quiz" in entry
        for entry in book.toc_files(yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8")))
    )


def test_instructor_page_explains_where_the_quizzes_are():
    text = (BOOK / "for-instructors.md").read_text(encoding="utf-8")
    assert "nbgrader" in text and "quizzes/" in text and "not" in text


# ----------------------------------------------------------------------------- toc and modules


def test_toc_lists_the_twelve_modules_in_three_units(toc):
    files = book.toc_files(toc)
    assert [f for f in files if f.startswith("modules/")] == [
        f"modules/{m}" for m in COURSE_MODULES
    ]
    captions = [part["caption"] for part in toc["parts"]]
    assert captions[1:4] == [
        "Unit 1: Understanding venous insufficiency",
        "Unit 2: Assessment and treatment",
        "Unit 3: Outcomes, choices and talking with patients",
    ]
    units = [[c["file"] for c in part["chapters"]] for part in toc["parts"][1:4]]
    assert [len(u) for u in units] == [5, 3, 4]
    assert files[0] == "intro" and files[-2:] == ["glossary", "references"]


def test_every_listed_page_exists():
    for entry in book.toc_files(book.load_toc(BOOK)):
        if not entry.startswith("modules/"):
            assert (BOOK / f"{entry}.md").is_file(), entry


def test_toc_and_modules_folder_agree():
    """Every module notebook in modules/ is listed, and every listed module exists."""
    assert book.module_problems(REPO) == []


def _fake_repo(tmp_path: Path, modules: list[str]) -> Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "_toc.yml").write_text((BOOK / "_toc.yml").read_text())
    (tmp_path / "modules").mkdir()
    for name in modules:
        (tmp_path / "modules" / name).write_text("{}")
    return tmp_path


def test_module_problems_name_missing_and_unlisted_files(tmp_path):
    names = [f"{m}.ipynb" for m in COURSE_MODULES if m != "06-the-procedure"]
    repo = _fake_repo(tmp_path, [*names, "12-extra-module.ipynb"])
    problems = book.module_problems(repo)
    assert any("modules/06-the-procedure.ipynb is listed" in p for p in problems)
    assert any("modules/12-extra-module.ipynb exists" in p for p in problems)
    assert len(problems) == 2


def test_build_stops_before_running_anything_when_a_module_is_missing(tmp_path):
    repo = _fake_repo(tmp_path, ["00-welcome.ipynb"])
    with pytest.raises(book.BookError, match="04-contraindications.ipynb is listed"):
        book.build(repo, tmp_path / "out" / "_build")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------ staging


def _notebook(source: str = "print(1)") -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": "code", "source": source, "metadata": {}, "outputs": []}],
            "metadata": {"kernelspec": {"name": "python3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_staging_mirrors_sources_and_marks_the_package_version(tmp_path):
    repo = tmp_path / "repo"
    (repo / "book" / "_build" / "junk").mkdir(parents=True)
    (repo / "book" / "intro.md").write_text("# Hi")
    (repo / "book" / "_build" / "junk" / "x.md").write_text("never staged")
    (repo / "modules" / ".ipynb_checkpoints").mkdir(parents=True)
    (repo / "modules" / "00-welcome.ipynb").write_text(_notebook())
    (repo / "modules" / ".ipynb_checkpoints" / "00-welcome-checkpoint.ipynb").write_text("{}")
    (repo / "assets").mkdir()
    (repo / "assets" / "references.bib").write_text("@misc{a, title={A}}")
    (repo / "src" / "venous_course").mkdir(parents=True)
    (repo / "src" / "venous_course" / "model.py").write_text("X = 1\n")
    staging = tmp_path / "staging"
    (staging / "gone.md").parent.mkdir(parents=True)
    (staging / "gone.md").write_text("stale")

    assert len(book.stage(repo, staging)) == 4  # 3 copied, 1 stale file removed
    found = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    assert found == ["assets/references.bib", "intro.md", "modules/00-welcome.ipynb"]
    staged = json.loads((staging / "modules" / "00-welcome.ipynb").read_text())
    digest_cell = staged["cells"][-1]
    assert digest_cell["metadata"]["tags"] == ["remove-cell"]
    assert book.stage(repo, staging) == []  # nothing changed: nothing rewritten

    staged_nb = staging / "modules" / "00-welcome.ipynb"
    os.utime(staged_nb, (1_000_000, 1_000_000))  # as if staged long ago
    (repo / "src" / "venous_course" / "model.py").write_text("X = 2\n")
    assert book.stage(repo, staging) == [
        "modules/00-welcome.ipynb"
    ]  # the package changed: the notebook must re-run
    assert staged_nb.stat().st_mtime > 1_000_000  # ...and Sphinx must see it as changed
    assert (
        json.loads((staging / "modules" / "00-welcome.ipynb").read_text())["cells"][-1]["source"]
        != digest_cell["source"]
    )


def test_messages_point_at_repository_files():
    staging = Path("/r/book/_build/_src")
    line = "/r/book/_build/_src/modules/03-indications.ipynb: WARNING: unknown key"
    assert driver._rewrite_paths(line, staging, Path("/r")) == (
        "/r/modules/03-indications.ipynb: WARNING: unknown key"
    )
    assert driver._rewrite_paths("/r/book/_build/_src/intro.md:3: x", staging, Path("/r")) == (
        "/r/book/intro.md:3: x"
    )


# ------------------------------------------------------------------------------- output checks


def _output(*mimetypes: str) -> dict:
    return {"output_type": "display_data", "data": {m: "x" for m in mimetypes}, "metadata": {}}


def test_a_figure_without_an_html_twin_is_reported():
    notebook = {
        "cells": [
            {"cell_type": "code", "outputs": [_output("application/vnd.plotly.v1+json")]},
            {"cell_type": "code", "outputs": [_output(book.WIDGET_VIEW_MIMETYPE, "text/plain")]},
            {
                "cell_type": "code",
                "outputs": [_output("application/vnd.plotly.v1+json", "text/html")],
            },
            {"cell_type": "code", "outputs": [_output("image/png", "text/plain")]},
        ]
    }
    findings = book.check_executed_outputs(notebook, "modules/00-welcome.ipynb")
    assert [f.what.split(" displays")[0] for f in findings] == ["cell 1", "cell 2"]
    assert all(f.file == "modules/00-welcome.ipynb" for f in findings)


def test_built_html_scan_finds_external_loads_but_not_prose_links(tmp_path):
    (tmp_path / "page.html").write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/f.css">'
        '<script src="_static/local.js"></script><link rel="next" href="https://x.org/">'
        '</head><body><a href="https://nbgrader.readthedocs.io/">docs</a>'
        '<img src="data:image/png;base64,AAAA">'
        f'<script type="{book.WIDGET_VIEW_MIMETYPE}">{{}}</script></body></html>'
    )
    (tmp_path / "style.css").write_text("@font-face{src:url('https://f.example.com/a.woff2')}")
    findings = [str(f) for f in book.check_built_html(tmp_path)]
    assert findings == [
        "page.html: loads https://cdn.example.org/x.js from another host",
        "page.html: loads //fonts.example.com/f.css from another host",
        "page.html: 1 widget output(s) with no kernel-free twin (an empty placeholder in the "
        "book): display an Explorer or add text/html",
        "style.css: loads https://f.example.com/a.woff2 from another host",
    ]


class _FakeJs(str):
    def __new__(cls, name: str, **attributes: str) -> _FakeJs:
        made = super().__new__(cls, name)
        made.attributes = attributes
        return made


class _FakeApp:
    def __init__(self) -> None:
        self.added: list[str] = []

    def add_js_file(self, name: str, **kwargs: object) -> None:
        self.added.append(name)


def test_extension_loads_plotly_only_where_a_figure_is_and_drops_thebe_and_widget_state():
    app = _FakeApp()
    scripts = [
        _FakeJs("_static/doctools.js"),
        _FakeJs("", body='const THEBE_JS_URL = "https://unpkg.com/thebe"'),
        _FakeJs("_static/sphinx-thebe.js"),
        _FakeJs("", type=book.WIDGET_STATE_MIMETYPE, body="{}"),
    ]
    context = {
        "body": '<div class="plotly-graph-div"></div><div role="doc-biblioentry"></div>',
        "script_files": scripts,
        "css_files": ["_static/sphinx-thebe.css", "_static/course.css"],
    }
    book_sphinx._on_page_context(app, "modules/00-welcome", "page.html", context, None)
    assert app.added == [book_sphinx.PLOTLY_JS]
    assert [str(s) for s in context["script_files"]] == ["_static/doctools.js"]
    assert context["css_files"] == ["_static/course.css"]
    assert 'role="listitem"' in context["body"]

    plain = _FakeApp()
    book_sphinx._on_page_context(plain, "intro", "page.html", {"body": "<p>Hi</p>"}, None)
    assert plain.added == []


def test_makefile_builds_the_book_with_the_driver():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-m venous_course_tools.book build" in makefile
    assert "book/_build/" in (REPO / ".gitignore").read_text(encoding="utf-8")


def test_the_extension_name_in_the_config_is_a_sphinx_extension(config):
    """Every extension the config names imports and has Sphinx's ``setup`` entry point."""
    import importlib

    for name in config["sphinx"]["extra_extensions"]:
        assert callable(getattr(importlib.import_module(name), "setup", None)), name


def test_the_command_line_checks_the_toc(capsys, tmp_path):
    """``python -m venous_course_tools.book check`` exits 1 and names the missing module."""
    from venous_course_tools.book.cli import main

    repo = _fake_repo(tmp_path, ["00-welcome.ipynb"])
    assert main(["check", "--repo", str(repo)]) == 1
    assert "modules/01-what-is-venous-insufficiency.ipynb is listed" in capsys.readouterr().err
    assert main(["check", "--repo", str(REPO)]) == 0


# ------------------------------------------------------------------------- theme and weight


def test_asset_macros_are_the_themes_without_fontawesome_js():
    """The override drops only the duplicate icon script; a theme upgrade that changes the
    macros fails here instead of silently serving old asset links."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    original = (theme / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    override = (BOOK / "_templates" / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    assert "fontawesome.js" in original and "fontawesome.js" not in override.split("#}", 1)[1]
    kept = [
        line
        for line in original.splitlines()
        if "fontawesome.js" not in line and "custom icons" not in line
    ]
    body = override.split("#}", 1)[1].splitlines()
    assert [line for line in body if line.strip()] == [line for line in kept[4:] if line.strip()], (
        "book/_templates/static/webpack-macros.html no longer matches the installed theme"
    )


def test_navigation_button_is_not_a_second_theme_toggle():
    """pydata-sphinx-theme listens only on the first .primary-toggle: the course's button
    must not be another one (that was the phone drawer bug)."""
    button = (BOOK / "_templates" / "toggle-primary-sidebar.html").read_text(encoding="utf-8")
    markup = button.split("-#}", 1)[1]
    assert "vc-nav-toggle" in markup and "primary-toggle" not in markup
    assert 'aria-label="Course navigation"' in markup
    assert ".vc-nav-toggle" in (BOOK / "_static" / "course.js").read_text(encoding="utf-8")


def test_plotly_bundle_matches_what_python_plotly_writes_for():
    """The lockfile pins the bundle at the plotly.js version of the Python package."""
    from venous_course_tools.book import plotly_bundle

    assert plotly_bundle.locked_version(REPO) == plotly_bundle.python_plotly_js_version()
    lock = json.loads((BOOK / "plotly" / "package-lock.json").read_text(encoding="utf-8"))
    package = json.loads((BOOK / "plotly" / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"] == {plotly_bundle.PACKAGE: plotly_bundle.locked_version(REPO)}
    assert lock["packages"][f"node_modules/{plotly_bundle.PACKAGE}"]["integrity"]
    installed = plotly_bundle.bundle_path(REPO)
    if installed.is_file():
        assert plotly_bundle.file_version(installed) == plotly_bundle.locked_version(REPO)
    assert plotly_bundle.version_problems(REPO) == []


def test_a_bundle_of_another_version_is_reported(tmp_path):
    from venous_course_tools.book import plotly_bundle

    folder = tmp_path / "book" / "plotly"
    installed = plotly_bundle.bundle_path(tmp_path)
    installed.parent.mkdir(parents=True)
    lock = {"packages": {f"node_modules/{plotly_bundle.PACKAGE}": {"version": "2.0.0"}}}
    (folder / "package-lock.json").write_text(json.dumps(lock))
    installed.write_text("/**\n* plotly.js (course: scatter, bar, heatmap - minified) v1.0.0\n*/")
    problems = plotly_bundle.version_problems(tmp_path)
    assert len(problems) == 2
    assert "pins plotly.js 2.0.0" in problems[0]
    assert "is plotly.js 1.0.0, not the locked 2.0.0" in problems[1]


# ----------------------------------------------------------------------------- module guide


def test_study_time_grows_with_prose_items_and_figures():
    from venous_course_tools.book.guide import PageLoad

    assert PageLoad(0, 0, 0).minutes() == 5  # never "0 min"
    assert PageLoad(1800, 0, 0).minutes() == 10  # 1,800 words at 180 a minute
    assert PageLoad(1800, 4, 1).minutes() == 20  # + 6 min of items + 2 min of figure, up to 5
    assert PageLoad(1800, 4, 1).summary() == "4 self-check items, 1 interactive figure"


def test_page_load_counts_prose_but_not_code_and_finds_items_and_figures():
    from docutils import nodes

    from venous_course_tools.book.guide import page_load

    page = nodes.section()
    page += nodes.paragraph(text="Valves keep blood moving towards the heart.")
    page += nodes.literal_block(text="explorers.valve_flow() and many more code words here")
    page += nodes.raw(text='<div class="vc-selfcheck" id="a"></div>', format="html")
    page += nodes.raw(text='<div class="vc-selfcheck" id="b"></div>', format="html")
    page += nodes.raw(
        text='<div id="f" class="plotly-graph-div js-plotly-plot"></div>', format="html"
    )
    page += nodes.raw(text='<div class="vc-treatments" id="t"></div>', format="html")
    load = page_load(page)
    assert (load.words, load.self_check_items, load.figures) == (7, 2, 2)


def test_landing_page_shows_the_computed_module_guide():
    intro = (BOOK / "intro.md").read_text(encoding="utf-8")
    assert "```{module-guide}" in intro
    assert not re.search(r"\b\d+ (?:to \d+ )?minutes\b", intro), "times are computed, not typed"
    how_to = (BOOK / "how-to-use.md").read_text(encoding="utf-8")
    assert "**Check answer**" in how_to and "**Check**" not in how_to


# ------------------------------------------------------------------------------ offline


def test_service_worker_caches_the_book_and_is_versioned_by_its_contents(tmp_path):
    from venous_course_tools.book import offline

    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    (tmp_path / "_sources").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "_static" / "course.css").write_text("p{}")
    (tmp_path / "_static" / "course.css.map").write_text("{}")
    (tmp_path / "_static" / "scripts" / "fontawesome.js").write_text("x")
    (tmp_path / "_sources" / "intro.md").write_text("# Hi")
    first = offline.write_service_worker(tmp_path)
    worker = (tmp_path / offline.SERVICE_WORKER).read_text()
    assert offline.cached_files(tmp_path) == ["_static/course.css", "index.html"]
    assert f'"{offline.CACHE_PREFIX}{first}"' in worker and '"index.html"' in worker
    assert offline.write_service_worker(tmp_path) == first  # same book, same cache
    (tmp_path / "index.html").write_text("<p>home, edited</p>")
    assert offline.write_service_worker(tmp_path) != first  # a new build gets a new cache


def test_a_stale_static_copy_is_found(tmp_path):
    """Sphinx copies _static only when a page is rebuilt: the driver rebuilds every page when
    this finds a stale copy before the build, and fails the build when it finds one after."""
    staging, html_dir = tmp_path / "staging", tmp_path / "html"
    for folder, text in ((staging, "new"), (html_dir, "old")):
        (folder / "_static").mkdir(parents=True)
        (folder / "_static" / "course.js").write_text(text)
        (folder / "_static" / "course.css").write_text("same")
    assert [f.file for f in book.check_static_copies(staging, html_dir)] == ["_static/course.js"]
    (html_dir / "_static" / "course.js").write_text("new")
    assert book.check_static_copies(staging, html_dir) == []
