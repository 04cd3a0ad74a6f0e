"""No module or quiz pastes the source text: no 8 consecutive words in common with it.

The source text is not in the repository; ``assets/coverage/source-shingles.txt`` holds only
SHA-256 hashes of its normalised word 8-grams (``python -m venous_course_tools.checks.paraphrase``).
"""

from __future__ import annotations

import re

import nbformat
import pytest

from venous_course_tools.checks import paraphrase
from venous_course_tools.checks.notebook_text import course_notebooks, notebook_blocks

N, HASHES = paraphrase.read_shingles()
NOTEBOOKS = course_notebooks()


def test_the_hash_file_holds_only_hashes_of_8_word_phrases():
    assert N == 8
    assert len(HASHES) > 1000, "the source text has about 2000 8-word phrases"
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in HASHES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_shares_8_words_with_the_source_text(path):
    found = paraphrase.overlaps(notebook_blocks(path), HASHES, N)
    assert not found, (
        "words shared with the source text; rewrite them in the course's own words:\n"
        + "\n".join(str(o) for o in found)
    )


def test_short_stock_phrases_do_not_trip_the_check():
    grams = paraphrase.ngrams(paraphrase.words("Timing varies by clinician and case."), N)
    assert grams == [], "a 6-word sentence has no 8-word phrase"
    assert not paraphrase.overlaps([], HASHES, N)


def test_normalisation_ignores_case_punctuation_and_curly_quotes():
    assert paraphrase.words("It’s NOT a “single” procedure; (really).") == [
        "its",
        "not",
        "a",
        "single",
        "procedure",
        "really",
    ]


def test_detects_a_pasted_sentence_in_a_synthetic_notebook(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text(
        "The calf muscle pump squeezes the deep veins and pushes blood back towards the heart "
        "with every step a person takes.",
        encoding="utf-8",
    )
    out = tmp_path / "shingles.txt"
    assert paraphrase.main([str(source), "--out", str(out)]) == 0
    n, hashes = paraphrase.read_shingles(out)
    assert n == 8 and "calf" not in out.read_text(encoding="utf-8")

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Pump\n\nEach step squeezes the calf and moves blood up."),
        nbformat.v4.new_markdown_cell(
            "As the text says, the Calf Muscle Pump squeezes the deep veins, and pushes blood!"
        ),
        nbformat.v4.new_code_cell(
            'single_answer("Which is true?", [Option("It pushes blood back towards the heart '
            'with every step a person takes.", True, "ok")])'
        ),
    ]
    path = tmp_path / "99-synthetic.ipynb"
    nbformat.write(nb, path)
    found = [str(o) for o in paraphrase.overlaps(notebook_blocks(path, quiz=False), hashes, n)]
    assert found == [
        "99-synthetic.ipynb cell 1 (markdown): "
        "'the calf muscle pump squeezes the deep veins and pushes blood'",
        "99-synthetic.ipynb cell 2 (code string): "
        "'pushes blood back towards the heart with every step a person takes'",
    ]


def test_quiz_rationale_comments_are_checked_but_answer_code_is_not(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            'q1 = "B"\n### BEGIN HIDDEN TESTS\n# RATIONALE: first line\n# RATIONALE: second line\n'
            'assert q1 == "B", "not the best answer"\n### END HIDDEN TESTS'
        )
    ]
    path = tmp_path / "quiz-99.ipynb"
    nbformat.write(nb, path)
    blocks = notebook_blocks(path, quiz=True)
    assert [(b.kind, b.text) for b in blocks] == [("rationale", "first line second line")]


def test_an_empty_source_is_refused(tmp_path):
    source = tmp_path / "short.txt"
    source.write_text("too short to fingerprint", encoding="utf-8")
    with pytest.raises(ValueError, match="fewer than 8 words"):
        paraphrase.write_shingles(source, tmp_path / "out.txt")
