"""The quizzes through real nbgrader: release, autograde, feedback (slow).

One course per module: every quiz is released once, the release notebook with the model
answers typed in is submitted as a student who knows the key, and the release notebook as a
student who answered nothing.
"""

from __future__ import annotations

import html
import re

import nbformat
import pytest
from quiz_helpers import (
    QUIZZES,
    cell_by_id,
    clean_env,
    grades,
    hidden_regions,
    key_answers,
    make_course,
    max_scores,
    nbgrader,
    read_nb,
    submit_file,
    with_answers,
)

from venous_course_tools.instructor import workflow
from venous_course_tools.instructor.literals import read_answer_cell
from venous_course_tools.instructor.preprocessors import cut_region, rationale_from_hidden

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """All quizzes released, two students autograded, feedback generated."""
    with pytest.MonkeyPatch.context() as mp:
        clean_env(mp)
        course = make_course(tmp_path_factory.mktemp("quizzes"))
        for quiz in QUIZZES:
            workflow.release(course, quiz, to_exchange=False)
            blank = read_nb(course / "release" / quiz / f"{quiz}.ipynb")
            key = key_answers(read_nb(course / "source" / quiz / f"{quiz}.ipynb"))
            keyholder = with_answers(blank, key)
            for cell in keyholder.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-teachback"):
                    cell.source = "In my own words: the stockings keep helping the blood return."
            submit_file(course, "keyholder", quiz, keyholder)
            submit_file(course, "blank", quiz, blank)
            # no roster in this course: its two students are added as they are graded
            rows = workflow.autograde(course, quiz, progress=lambda _msg: None, add_unknown=True)
            assert {r.student_id: r.status for r in rows} == {
                "keyholder": "needs manual grading",  # the teach-back waits for a person
                "blank": "graded",  # an empty teach-back is scored 0 automatically
            }
            workflow.feedback(course, quiz)
        yield course


@pytest.mark.parametrize("quiz", QUIZZES)
def test_release_contains_no_solution_hidden_test_rubric_or_rationale(graded_course, quiz):
    source = read_nb(graded_course / "source" / quiz / f"{quiz}.ipynb")
    text = (graded_course / "release" / quiz / f"{quiz}.ipynb").read_text(encoding="utf-8")
    for marker in ("HIDDEN TESTS", "BEGIN SOLUTION", "RUBRIC", "RATIONALE"):
        assert marker not in text
    released = read_nb(graded_course / "release" / quiz / f"{quiz}.ipynb")
    released_lines = {line.strip() for c in released.cells for line in c.source.split("\n")}
    secret = [line for line in hidden_regions(source) if line not in {"q = None"}]
    assert secret, "the source notebook should have hidden tests and solutions"
    leaked = [line for line in secret if line in released_lines and not line.startswith("#")]
    assert leaked == []


@pytest.mark.parametrize("quiz", QUIZZES)
def test_source_scores_full_marks_and_blank_scores_zero(graded_course, quiz):
    maximum = max_scores(graded_course, quiz)
    key = grades(graded_course, quiz, "keyholder")
    blank = grades(graded_course, quiz, "blank")
    auto = [g for g in maximum if not g.endswith("-teachback")]
    assert len(auto) >= 5
    assert {g: key[g] for g in auto} == {g: maximum[g] for g in auto}
    assert all(blank[g] == 0 for g in maximum)
    # the blank release passes no hidden test: every test cell in its autograded copy errors
    autograded = read_nb(graded_course / "autograded" / "blank" / quiz / f"{quiz}.ipynb")
    for cell in autograded.cells:
        nbg = cell.metadata.get("nbgrader", {})
        if nbg.get("grade") and not nbg.get("solution"):
            assert any(o.output_type == "error" for o in cell.outputs), nbg["grade_id"]


@pytest.mark.parametrize("student", ["keyholder", "blank"])
@pytest.mark.parametrize("quiz", QUIZZES)
def test_feedback_has_rationales_but_no_hidden_tests_or_key(graded_course, quiz, student):
    path = graded_course / "feedback" / student / quiz / f"{quiz}.html"
    page = html.unescape(path.read_text(encoding="utf-8"))
    source = read_nb(graded_course / "source" / quiz / f"{quiz}.ipynb")
    for marker in ("HIDDEN TESTS", "RATIONALE:", "RUBRIC", "AssertionError", "NameError"):
        assert marker not in page
    checks = [line for line in hidden_regions(source) if not line.startswith("q")]
    assert [line for line in checks if line in page] == []
    rationales = {
        c.metadata["nbgrader"]["grade_id"]: rationale_from_hidden(
            cut_region(c.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")[1]
        )
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("-test")
    }
    assert all(rationales.values()) and page.count("<h3>Rationale</h3>") == len(rationales)
    assert all(text in page for text in rationales.values())
    if student == "blank":
        # a student who answered nothing must not find the key anywhere in the feedback
        solutions = re.findall(
            r"^q\d+ = (.+)$",
            "\n".join(c.source for c in source.cells if "BEGIN SOLUTION" in c.source),
            flags=re.M,
        )
        keys = [s for s in solutions if len(s) > 6]
        assert keys and [k for k in keys if k in page] == []


@pytest.mark.parametrize("quiz", QUIZZES)
def test_feedback_is_in_words_per_item(graded_course, quiz):
    """Issue 26 point 4: per item the question, the answer, points of points possible, the
    scoring rule, the rationale and the module to review; no code and no nbgrader labels."""
    page = (graded_course / "feedback" / "keyholder" / quiz / f"{quiz}.html").read_text("utf-8")
    source = read_nb(graded_course / "source" / quiz / f"{quiz}.ipynb")
    stems = [c for c in source.cells if "venous_course_item" in c.metadata]
    maximum = max_scores(graded_course, quiz)
    sections = re.findall(r'<section [^>]*class="item".*?</section>', page, flags=re.S)
    assert len(sections) == len(stems)
    for stem, section in zip(stems, sections, strict=True):
        q = stem.metadata["nbgrader"]["grade_id"].removesuffix("-stem")
        heading = stem.source.split("\n")[0].lstrip("# ").strip()
        assert html.escape(heading, quote=False) in section, q
        for part in ("The question", "Your answer", "How it is scored", "Review"):
            assert f"<h3>{part}</h3>" in section, (q, part)
        possible = maximum.get(f"{q}-test", maximum.get(f"{q}-teachback"))
        if f"{q}-test" in maximum:  # the keyholder earns every autograded point
            assert f"{possible:g} of {possible:g} point" in section, q
        for number in re.findall(r"\d+", stem.metadata["venous_course_item"]["module"]):
            assert re.search(rf'href="\.\./\.\./\.\./{number}-[a-z0-9-]+\.ipynb"', section), q
        # a stem's own "Scoring:" sentence is the rule shown
        scoring = re.search(r"Scoring:\s*(.+?\.)\s", stem.source, flags=re.S)
        if scoring:
            rule = " ".join(scoring.group(1).split())
            assert rule[1:] in " ".join(html.unescape(section).split()), q
    # the keyholder's chosen options are shown with their text, from the form metadata
    keyed = key_answers(source)
    for cell in source.cells:
        form = cell.metadata.get("venous_course_form", {})
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if form.get("kind") not in ("single", "multiple", "ordering", "highlight"):
            continue
        q = grade_id.removesuffix("-answer")
        chosen = read_answer_cell(keyed[q], {q}).values[q]
        chosen = [chosen] if isinstance(chosen, str) else chosen
        section = next(s for s in sections if f'id="{q}"' in s)
        answer = html.unescape(section.split("<h3>Your answer</h3>")[1].split("<h3>")[0])
        texts = {str(o["key"]): o["text"] for o in form["options"]}
        for key in chosen:
            assert f"{key}. {texts[str(key)]}" in answer, (q, key)
    for label in ("Test cell", "Grade cell", "Student's answer", "assert ", "### ", "q1 = "):
        assert label not in page, label
    assert "<pre" not in page and "<code" not in page  # the keyholder's answers read, no code


@pytest.mark.parametrize("quiz", QUIZZES)
def test_feedback_page_loads_nothing_from_another_host(graded_course, quiz):
    """A student opens feedback offline: no script, style or font from a CDN (nbconvert's
    default MathJax macro is replaced by the course's, which loads none)."""
    page = (graded_course / "feedback" / "keyholder" / quiz / f"{quiz}.html").read_text("utf-8")
    fetched = re.findall(r"""<(?:script|link|img|iframe)\b[^>]*?(?:src|href)=["']([^"']+)""", page)
    assert fetched == [] or all(not re.match(r"(https?:)?//", url) for url in fetched), fetched
    assert "cdnjs" not in page and "MathJax.js" not in page


MALFORMED = {
    "q1": "q1 = “D”",  # curly quotes pasted from a word processor
    "q2": 'Q2 = "A"',  # a capital Q: q2 is never set
    "q4": 'q4 = {1: "P"}',  # rows missing
    "q5": 'q5 = {"B", "Z"}',  # a letter that is not an option
}


def test_validate_and_check_cells_say_what_to_fix_in_one_sentence(graded_course, tmp_path):
    """Issue 26 point 3: the quiz's locked set-up cell makes a failed form check show its
    sentence only, in the notebook and in `nbgrader validate`; never a traceback."""
    import nbclient

    from venous_course.form_checks import failed_check_sentence, unreadable_answer_sentence

    quiz = "quiz-01-understanding"
    blank = read_nb(graded_course / "release" / quiz / f"{quiz}.ipynb")
    student = with_answers(blank, MALFORMED)
    nbformat.write(student, tmp_path / f"{quiz}.ipynb")
    ran = nbclient.NotebookClient(student, allow_errors=True, timeout=60).execute()
    sentences = {
        "q1-answer": unreadable_answer_sentence(SyntaxError("x", ("<cell>", 1, 6, ""))),
        "q1-test": failed_check_sentence(NameError("", name="q1")),
        "q2-test": failed_check_sentence(NameError("", name="q2")),
        "q3-test": "Q3 is still None: set it to a CEAP code in quotes, laid out like "
        '"C1 Es An Pn".',
        "q4-test": "Q4: give exactly one answer for each row 1, 2, 3, 4, 5.",
        "q5-test": "Q5 may only contain the letters A, B, C, D, E, F, each in quotes.",
    }
    for grade_id, sentence in sentences.items():
        errors = [o for o in cell_by_id(ran, grade_id).outputs if o.output_type == "error"]
        assert [e.traceback for e in errors] == [[sentence]], grade_id
    validated = nbgrader(["validate", f"{quiz}.ipynb"], cwd=tmp_path, ok=False)
    out = validated.stdout + validated.stderr
    for word in ("Traceback", "AssertionError", "NameError", "SyntaxError", "\x1b[", "line 1,"):
        assert word not in out, word
    reported = re.findall(r"The error was:\n\n    (.+?)\n\n", out)
    # every check cell (q3 and q6-q9 are unanswered) and nbgrader's line for the teach-back
    assert len(reported) == 10 and "You did not provide a response." in reported
    for grade_id in ("q1-test", "q2-test", "q3-test", "q4-test", "q5-test"):
        assert sentences[grade_id] in reported, grade_id
