"""Every bullet of the source text is taught under a real module heading."""

from __future__ import annotations

import shutil

import nbformat
import yaml

from venous_course_tools.checks import coverage


def test_every_source_bullet_is_taught_under_an_existing_heading():
    problems = coverage.coverage_problems()
    assert not problems, "\n".join(problems)


def test_outline_has_every_section_of_the_source():
    outline = coverage.load_outline()
    prefixes = {key.split("-")[0] for key in outline}
    assert {
        "def",
        "pur",
        "ind",
        "con",
        "mech",
        "proc",
        "type",
        "pro",
        "after",
        "alt",
        "faq",
    } <= prefixes
    assert len(outline) >= 80


def _fake_course(tmp_path):
    folder = tmp_path / "coverage"
    modules = tmp_path / "modules"
    folder.mkdir()
    modules.mkdir()
    shutil.copy(coverage.COVERAGE_DIR / "source-outline.yml", folder)
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Title\n\n## Valves and pooling\ntext"))
    nbformat.write(nb, modules / "01-x.ipynb")
    return folder, modules


def test_detects_gaps_and_dangling_headings(tmp_path):
    folder, modules = _fake_course(tmp_path)
    entries = [
        {"id": "def-valves", "module": "01-x.ipynb", "heading": "Valves and pooling"},
        {"id": "def-return", "module": "01-x.ipynb", "heading": "No such heading"},
        {"id": "made-up", "module": "01-x.ipynb", "heading": "Title"},
        {"id": "def-range", "module": "99-missing.ipynb", "heading": "Title"},
    ]
    (folder / "unit-1.yml").write_text(yaml.safe_dump(entries))
    problems = "\n".join(coverage.coverage_problems(folder, modules))
    assert "Gap: no module teaches 'def-contexts'" in problems
    assert "'No such heading', not found" in problems
    assert "'made-up' is not an id" in problems
    assert "99-missing.ipynb, which does not exist" in problems
    assert "def-valves" not in problems
