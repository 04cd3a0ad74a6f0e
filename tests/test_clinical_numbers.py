"""Every clinical number in a module or quiz is a cited fact or a listed illustration.

The allowed numbers and the per-notebook illustrative ones live in
``assets/data/clinical-numbers.yml`` (see
:mod:`venous_course_tools.checks.clinical_numbers` for what counts as a clinical number).
Nothing here reads the fact sheet outside the repository.
"""

from __future__ import annotations

import nbformat
import pytest

from venous_course_tools.checks import clinical_numbers as cn
from venous_course_tools.checks.notebook_text import course_notebooks, notebook_blocks

NOTEBOOKS = course_notebooks()
RULES = cn.load_rules()


def _cited_keys(path) -> set[str]:
    import re

    text = "\n".join(
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
    )
    keys: set[str] = set()
    for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text):
        keys.update(k.strip() for k in group.split(","))
    return keys


def test_the_course_has_notebooks_to_check():
    names = {p.name for p in NOTEBOOKS}
    assert len([n for n in names if n[:2].isdigit()]) >= 12
    assert len([n for n in names if n.startswith("quiz-")]) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_clinical_number_is_cited_or_illustrative(path):
    numbers = cn.extract_blocks(notebook_blocks(path))
    bad = cn.unlisted(numbers, RULES, path.name)
    assert not bad, (
        "numbers that are neither in the fact list nor listed as illustrative for this file "
        "(assets/data/clinical-numbers.yml):\n" + "\n".join(f"{n.where}: {n.label}" for n in bad)
    )


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if "quizzes" not in p.parts], ids=lambda p: p.stem
)
def test_a_module_cites_the_source_of_each_fact_it_states(path):
    cited = _cited_keys(path)
    missing = sorted(
        {
            f"{n.label} (cite one of {', '.join(RULES.allowed[(n.value, n.unit)])})"
            for n in cn.extract_blocks(notebook_blocks(path))
            if (n.value, n.unit) in RULES.allowed
            and RULES.allowed[(n.value, n.unit)]
            and not cited & set(RULES.allowed[(n.value, n.unit)])
            and (n.value, n.unit) not in RULES.illustrative.get(path.name, {})
        }
    )
    assert not missing, f"{path.name} states facts without citing their source: {missing}"


def test_every_key_in_the_number_list_is_in_the_bibliography():
    bib = cn.bibliography_keys()
    unknown = {k for keys in RULES.allowed.values() for k in keys} - bib
    assert not unknown, f"keys in clinical-numbers.yml missing from references.bib: {unknown}"


def test_illustrative_lists_name_real_notebooks_and_numbers_still_used():
    by_name = {p.name: p for p in NOTEBOOKS}
    problems = []
    for notebook, entries in RULES.illustrative.items():
        if notebook not in by_name:
            problems.append(f"{notebook}: no such module or quiz")
            continue
        used = {(n.value, n.unit) for n in cn.extract_blocks(notebook_blocks(by_name[notebook]))}
        problems += [
            f"{notebook}: {v} {u} is listed but not used" for v, u in entries if (v, u) not in used
        ]
    assert not problems, "stale illustrative entries:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Standing, about 80–90 mmHg {cite}`k`.", ["80-90 mmHg"]),
        ("reflux over 500 ms; diameter 3.5 mm", ["500 ms", "3.5 mm"]),
        ("ulcers of 6 weeks to 6 months", ["6 weeks", "6 months"]),
        ("an open ulcer in 0.3% of adults", ["0.3 %"]),
        ("refill time over 23 s", ["23 s"]),
        ("at most 10 mL of foam", ["10 mL"]),
        (
            "ABPI below 0.8; HR 1.38 (95% CI 1.13 to 1.68)",
            ["95 %", "0.8 ratio", "1.38 ratio", "1.13 ratio", "1.68 ratio"],
        ),
        ("AHA/ACC 0.91-0.99 borderline", ["0.91-0.99 ratio"]),
        ("CEAP C2s Ep As Pr, aged 18-64, in 2020", []),
        ("## Q7 · Calculation (2.5 points), e.g. `q7 = 0.95`", []),
    ],
)
def test_extract_finds_numbers_with_clinical_units(text, expected):
    assert sorted(n.label for n in cn.extract(text)) == sorted(expected)


def test_fails_on_a_synthetic_notebook_with_an_invented_number(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nReflux over 500 ms is pathologic."),
        nbformat.v4.new_markdown_cell("Compression is safe above an ABPI of 0.7 and at 45 mmHg."),
        nbformat.v4.new_code_cell(
            'single_answer("Most people are back at work after 3 days.", [])'
        ),
    ]
    path = tmp_path / "99-synthetic.ipynb"
    nbformat.write(nb, path)
    bad = cn.unlisted(cn.extract_blocks(notebook_blocks(path, quiz=False)), RULES, path.name)
    assert [(n.where, n.label) for n in bad] == [
        ("99-synthetic.ipynb cell 1 (markdown)", "45 mmHg"),
        ("99-synthetic.ipynb cell 1 (markdown)", "0.7 ratio"),
        ("99-synthetic.ipynb cell 2 (code string)", "3 days"),
    ]


def test_an_illustrative_entry_covers_only_its_own_file(tmp_path):
    rules = cn.NumberRules(
        allowed={}, illustrative={"a.ipynb": {("142", "mmHg"): "worked example"}}
    )
    number = cn.Number("142", "mmHg", "x")
    assert rules.is_allowed(number, "a.ipynb")
    assert not rules.is_allowed(number, "b.ipynb")


def test_an_uncited_entry_without_a_reason_is_rejected(tmp_path):
    path = tmp_path / "numbers.yml"
    path.write_text("allowed:\n  - {value: '7', unit: '%', keys: [], fact: 'x'}\n")
    with pytest.raises(ValueError, match="no citation key"):
        cn.load_rules(path)
