"""Safety teaching that must not silently disappear from the modules and quizzes (issue 18).

Each test reads the reader-visible text (markdown, and in quizzes the model answers and
rationales) and looks for the safety points a clinical review found missing once: continuing
compression after a venous ulcer heals, red flags in discharge teaching, emergencies named as
emergencies, and patients who stay one person across the course.
"""

from __future__ import annotations

import re
from collections import defaultdict

import nbformat
import pytest

from tests.conftest import REPO
from venous_course_tools.checks.notebook_text import course_notebooks, notebook_blocks

MODULES = REPO / "modules"
QUIZZES = REPO / "quizzes" / "source"


def _markdown(name: str) -> str:
    nb = nbformat.read(MODULES / f"{name}.ipynb", as_version=4)
    return " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")


def _quiz_cell(quiz: str, grade_id: str) -> str:
    nb = nbformat.read(QUIZZES / quiz / f"{quiz}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return " ".join(cell.source.split())
    raise AssertionError(f"{quiz} has no cell {grade_id}")


@pytest.mark.parametrize(
    "module",
    ["02-why-it-matters", "09-aftercare-and-longevity", "12-leg-ulcer-and-compression-care"],
)
def test_compression_is_continued_after_a_venous_ulcer_heals(module):
    text = _markdown(module).lower()
    assert "for life" in text or "for good" in text, f"{module}: say compression usually continues"
    assert "niceckslegulcer" in text and "sign120" in text, f"{module}: cite NICE CKS and SIGN 120"


@pytest.mark.parametrize(
    "module",
    ["06-the-procedure", "08-benefits-and-risks", "09-aftercare-and-longevity"],
)
def test_discharge_teaching_names_the_red_flags(module):
    text = _markdown(module).lower()
    bleeding = ("bleed" in text) and ("raise" in text) and ("press" in text)
    compression_harm = all(w in text for w in ("pale", "cold", "numb")) and (
        "loosen" in text or "remove" in text
    )
    assert bleeding and "emergency services" in text, f"{module}: bleeding varicose vein first aid"
    assert compression_harm, f"{module}: signs of compression harm and what to do"


@pytest.mark.parametrize("module", ["06-the-procedure", "08-benefits-and-risks"])
def test_local_anaesthetic_toxicity_is_taught_where_tumescent_anaesthesia_is(module):
    text = _markdown(module).lower()
    assert "numb lips" in text and ("ringing" in text or "tinnitus" in text)
    assert "neal2018last" in text


def test_quiz_03_model_answer_sends_a_possible_embolism_to_emergency_services():
    answer = _quiz_cell("quiz-03-outcomes", "q10-teachback").lower()
    assert "short of breath" in answer or "breathless" in answer
    assert "ambulance" in answer or "emergency services" in answer
    rubric = _quiz_cell("quiz-03-outcomes", "q10-rubric").lower()
    assert "emergency services" in rubric


def test_quiz_01_names_acute_limb_ischaemia_as_an_emergency():
    rationale = _quiz_cell("quiz-01-understanding", "q5-test").lower()
    assert "acute limb ischaemia" in rationale and "emergency" in rationale


def test_quiz_01_teach_back_abpi_is_above_every_normal_upper_limit():
    stem = _quiz_cell("quiz-01-understanding", "q10-stem")
    value = float(re.search(r"ABPI of (\d\.\d+)", stem).group(1))
    assert value > 1.40, "use an ABPI above the AHA/ACC normal range (1.00-1.40) and NICE's 1.3"


_PATIENT = re.compile(r"\b((?:Mr|Mrs|Ms|Miss) [A-Z][a-z]+|[A-Z][a-z]+),? (\d{2})\b(?=[,.:;)* ])")
_NOT_NAMES = {
    "Quiz",
    "Step",
    "Q",
    "Module",
    "Vignette",
    "Class",
    "In",
    "Of",
    "Over",
    "Under",
    "About",
}


def test_a_patient_name_means_one_person_across_the_course():
    ages: dict[str, set[str]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    for path in course_notebooks():
        for block in notebook_blocks(path):
            for name, age in _PATIENT.findall(block.text):
                if name.split()[-1] in _NOT_NAMES:
                    continue
                ages[name].add(age)
                where[name].add(path.stem)
    clashes = {n: (sorted(a), sorted(where[n])) for n, a in ages.items() if len(a) > 1}
    assert not clashes, f"one name, several ages (rename one patient): {clashes}"
