"""The glossary: unit files merge without contradictions, the page is current, links resolve."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from venous_course_tools.checks import glossary

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted((REPO / "modules").glob("*.ipynb"))


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


# --- load_terms and render_glossary_md on made-up files -------------------------------------


def test_merge_sorts_and_accepts_identical_duplicates(tmp_path):
    _write(tmp_path, "unit-1.yml", "reflux: Blood flowing backwards.\nAblation: Closing a vein.\n")
    _write(tmp_path, "unit-2.yml", "reflux: Blood flowing backwards.\ncalf pump: Muscles.\n")
    _write(tmp_path, "notes.yml", "ignored: not a unit file\n")
    terms = glossary.load_terms(tmp_path)
    assert list(terms) == ["Ablation", "calf pump", "reflux"]
    assert "ignored" not in terms


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"unit-1.yml": "reflux: Backflow.\n", "unit-2.yml": "reflux: Something else.\n"},
            "differently",
        ),
        ({"unit-1.yml": "reflux: Backflow.\n", "unit-2.yml": "Reflux: Other.\n"}, "differently"),
        ({"unit-1.yml": "reflux: ''\n"}, "non-empty"),
        ({"unit-1.yml": "reflux:\n"}, "non-empty"),
        ({"unit-1.yml": "reflux: '   '\n"}, "non-empty"),
        ({"unit-1.yml": "reflux: a\nreflux: b\n"}, "twice"),
        ({"unit-1.yml": "- reflux\n- oedema\n"}, "mapping"),
        ({"unit-1.yml": "reflux: [a, b]\n"}, "text definition"),
        ({"unit-1.yml": "reflux: : :\n  bad"}, "YAML"),
        ({}, "No glossary files"),
    ],
)
def test_load_terms_refuses_bad_files(tmp_path, files, message):
    for name, text in files.items():
        _write(tmp_path, name, text)
    with pytest.raises(ValueError, match=message):
        glossary.load_terms(tmp_path)


def test_render_is_a_sorted_glossary_directive():
    page = glossary.render_glossary_md({"reflux": "Backflow.", "Ablation": "Closing  a\nvein."})
    assert page.startswith("# Glossary\n")
    body = page.split("```{glossary}\n", 1)[1]
    assert body.endswith("```\n")
    assert body.index("Ablation\n  Closing a vein.") < body.index("reflux\n  Backflow.")
    assert glossary.glossary_page_terms(page) == ["Ablation", "reflux"]


@pytest.mark.parametrize("terms", [{}, {"reflux": ""}, {"": "Backflow."}, {"a : b": "x"}])
def test_render_refuses_empty_or_unsafe_entries(terms):
    with pytest.raises(ValueError):
        glossary.render_glossary_md(terms)


def test_term_targets_reads_both_role_forms():
    text = "See {term}`reflux` and {term}`open wounds <venous ulcer>`, not `{term}`."
    assert glossary.term_targets(text) == ["reflux", "venous ulcer"]


def test_main_check_reports_a_stale_page(tmp_path, capsys):
    _write(tmp_path, "unit-1.yml", "reflux: Backflow.\n")
    page = tmp_path / "glossary.md"
    args = ["--folder", str(tmp_path), "--output", str(page)]
    assert glossary.main([*args, "--check"]) == 1
    assert glossary.main(args) == 0
    assert glossary.main([*args, "--check"]) == 0
    _write(tmp_path, "unit-1.yml", "reflux: Backflow of blood.\n")
    assert glossary.main([*args, "--check"]) == 1
    capsys.readouterr()


# --- the real course files --------------------------------------------------------------------


def test_glossary_page_is_up_to_date_with_the_unit_files():
    expected = glossary.render_glossary_md(glossary.load_terms(glossary.GLOSSARY_FOLDER))
    assert glossary.GLOSSARY_PAGE.exists(), "book/glossary.md is missing"
    current = glossary.GLOSSARY_PAGE.read_text(encoding="utf-8")
    assert current == expected, (
        "book/glossary.md is out of date with assets/glossary/unit-*.yml: "
        "run python -m venous_course_tools.checks.glossary"
    )


def _linked_terms() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in MODULES:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                for term in glossary.term_targets(cell.source):
                    used.setdefault(term, set()).add(path.name)
    return used


def test_modules_exist_to_check():
    assert MODULES, "no modules/*.ipynb found"


def test_every_linked_term_is_in_the_glossary():
    page = glossary.GLOSSARY_PAGE.read_text(encoding="utf-8")
    # Sphinx matches glossary terms ignoring case.
    defined = {term.casefold() for term in glossary.glossary_page_terms(page)}
    missing = {
        term: sorted(files)
        for term, files in _linked_terms().items()
        if term.casefold() not in defined
    }
    assert not missing, f"{{term}} links with no glossary entry (term: modules): {missing}"
