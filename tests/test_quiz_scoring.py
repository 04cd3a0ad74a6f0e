"""Fast unit tests of the quiz scoring rules, the leak-safe preprocessors and the report."""

from __future__ import annotations

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from venous_course_tools.instructor import precheck, report, scoring
from venous_course_tools.instructor.preprocessors import ClearRubric, SanitizeFeedback, cut_region

LETTERS = "ABCDEF"


def test_sata_plus_minus_scoring():
    key = {"A", "B", "D", "E"}
    assert scoring.sata_score(key, key, 2) == 2
    assert scoring.sata_score({"A", "B", "C"}, key, 2) == 0.5  # 2 right, 1 wrong
    assert scoring.sata_score({"C", "F"}, key, 2) == 0  # never below 0
    assert scoring.sata_score(set(LETTERS), key, 2) == 1.0  # selecting everything is penalised
    assert scoring.sata_score({" a", "b "}, key, 2) == 1.0  # spaces and case do not matter


@given(
    st.sets(st.sampled_from(LETTERS)),
    st.sets(st.sampled_from(LETTERS), min_size=1),
    st.sampled_from([1, 2, 3]),
)
def test_sata_score_is_bounded(chosen, key, points):
    score = scoring.sata_score(chosen, key, points)
    assert 0 <= score <= points
    assert (score == points) == (chosen == key)


def test_sata_rejects_non_letters():
    with pytest.raises(ValueError, match="letter"):
        scoring.sata_score({1, 2}, {"A"}, 1)


def test_matrix_scores_each_row():
    key = {1: "P", 2: "N", 3: "P", 4: "N"}
    assert scoring.matrix_score(key, key, 2) == 2
    assert scoring.matrix_score({"1": "p", "2": "P", "3": "P", "4": "N"}, key, 2) == 1.5
    assert scoring.matrix_score({}, key, 2) == 0


def test_ordering_is_all_or_nothing():
    assert scoring.ordering_correct(["b", "A"], ["B", "A"])
    assert not scoring.ordering_correct(["A", "B"], ["B", "A"])


def test_abpi_tolerance():
    exact = 104 / 144  # highest ankle of the leg / highest brachial of both arms
    assert scoring.within_tolerance(0.72, exact)
    assert scoring.within_tolerance(0.73, exact)
    assert not scoring.within_tolerance(96 / 138, exact)  # lower ankle, same-side arm: wrong
    assert not scoring.within_tolerance(104 / 138, exact)
    with pytest.raises(ValueError, match="tolerance"):
        scoring.within_tolerance(1, 1, -0.1)


def test_abpi_key_matches_the_course_model():
    abpi = pytest.importorskip("venous_course.abpi")
    assert scoring.within_tolerance(abpi.leg_index([104, 96], [138, 144]), 0.72)


@pytest.mark.parametrize(
    "spelling", ["C4b,s Ep As Pr", "c4bs ep as pr", " C4b, s, Ep, As, Pr ", "C4BS-EP-AS-PR"]
)
def test_ceap_equivalent_spellings(spelling):
    assert scoring.ceap_matches(spelling, "C4b,s Ep As Pr")


def test_ceap_different_codes_differ():
    assert not scoring.ceap_matches("C4a,s Ep As Pr", "C4b,s Ep As Pr")
    assert not scoring.ceap_matches("C4b,s Ep As,p Pr", "C4b,s Ep As Pr")
    with pytest.raises(ValueError, match="clinical class"):
        scoring.normalise_ceap("Ep As Pr")


# ----------------------------------------------------------------- preprocessors

TEST_SOURCE = """assert isinstance(q1, str), "form"
### BEGIN HIDDEN TESTS
# RATIONALE: Valves fail, blood pools.
# RATIONALE: Second line.
assert q1 == "B"
### END HIDDEN TESTS"""


def _test_cell(source: str):
    """An autograded, locked nbgrader test cell for item q1 worth 1 point."""
    cell = new_code_cell(source)
    cell.metadata = {
        "nbgrader": {
            "grade": True,
            "solution": False,
            "grade_id": "q1-test",
            "locked": True,
            "points": 1,
            "schema_version": 3,
        }
    }
    return cell


def _graded_nb():
    test = _test_cell(TEST_SOURCE)
    test.outputs = [
        nbformat.v4.new_output(
            "error", ename="AssertionError", evalue="", traceback=['assert q1 == "B"']
        )
    ]
    rubric = new_markdown_cell(
        "Graded by hand.\n<!-- BEGIN RUBRIC -->\n1 point: X\n<!-- END RUBRIC -->"
    )
    return new_notebook(cells=[test, rubric])


def test_sanitize_feedback_needs_the_gradebook():
    """Feedback is built from trusted data only: without the gradebook nothing is rendered."""
    with pytest.raises(ValueError, match="built from the gradebook"):
        SanitizeFeedback().preprocess(_graded_nb(), {})


def test_clear_rubric_keeps_the_rest():
    nb, _ = ClearRubric().preprocess(_graded_nb(), {})
    assert nb.cells[1].source.strip() == "Graded by hand."


def test_unterminated_region_is_cut_to_the_end():
    kept, inside = cut_region(
        "a\n### BEGIN HIDDEN TESTS\nsecret", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
    )
    assert kept == "a" and inside == ["secret"]


# ----------------------------------------------------------------- report


def test_fatal_precheck_issue_is_a_failure_not_a_zero():
    issue = precheck.Issue("invalid notebook", "not JSON", fatal=True)
    row = report.classify("amy", [issue], None)
    assert row.status == report.FAILED and row.label.startswith("failed: invalid notebook")


def test_log_reasons():
    bad = report.RunResult(1, log="...\nNotJSONError: Notebook does not appear to be JSON\n")
    assert report.classify("amy", [], bad).reason == "invalid notebook: not valid JSON"
    other = report.RunResult(1, log="Traceback\nKeyError: 'q1-answer'\n")
    assert report.classify("amy", [], other).reason == "autograde error: KeyError: 'q1-answer'"


def test_tampering_needs_review_and_clean_runs_depend_on_manual_items():
    ok = report.RunResult(0)
    altered = precheck.Issue("test cell altered", "cell q3-test")
    assert report.classify("amy", [altered], ok).label.startswith("needs manual grading: review")
    assert report.classify("amy", [], ok, needs_manual_grade=True).label == "needs manual grading"
    teach_back = report.classify("amy", [], ok, needs_manual_grade=["q10-teachback"])
    assert teach_back.label == "needs manual grading"  # no review flag: it clears once scored
    assert teach_back.notes == ["q10-teachback: hand-graded item, waiting for a person"]
    assert report.classify("amy", [], ok, needs_manual_grade=False).label == "graded"
    refused = {"q1-answer": "answer not graded automatically: line 1 holds an import"}
    row = report.classify("amy", [], ok, needs_manual_grade=True, reviews=refused)
    assert row.label == (
        "needs manual grading: review: q1-answer: answer not graded automatically: "
        "line 1 holds an import"
    )
    assert row.notes == ["q1-answer: answer not graded automatically: line 1 holds an import"]


def test_report_escapes_what_a_student_controls(tmp_path):
    row = report.SubmissionStatus("amy", report.NEEDS_MANUAL, "x", ["<script>a|b\nc</script>"])
    report.write_report([row], tmp_path / "r.csv", tmp_path / "r.md", "t", ["<b>x</b>"])
    text = (tmp_path / "r.md").read_text()
    assert "<script>" not in text and "<b>" not in text and "&lt;script&gt;a/b c" in text


def test_report_merges_runs(tmp_path):
    csv_path, md_path = tmp_path / "r.csv", tmp_path / "r.md"
    report.write_report(
        [report.SubmissionStatus("amy", report.FAILED, "timeout")], csv_path, md_path, "t"
    )
    rows = report.write_report(
        [report.SubmissionStatus("bob", report.GRADED)], csv_path, md_path, "t"
    )
    assert [r.student_id for r in rows] == ["amy", "bob"]
    assert report.read_report(csv_path)["amy"].label == "failed: timeout"
    assert "1 of 2 submissions need attention" in md_path.read_text()


def test_precheck_finds_deleted_altered_and_stripped_cells(tmp_path):
    test = _test_cell("assert q1 is not None")
    answer = new_code_cell("q1 = None")
    answer.metadata = {
        "nbgrader": {
            "grade": False,
            "solution": True,
            "grade_id": "q1-answer",
            "locked": False,
            "schema_version": 3,
        }
    }
    released = tmp_path / "quiz.ipynb"
    nbformat.write(new_notebook(cells=[answer, test]), released)
    sub = tmp_path / "sub"
    sub.mkdir()

    def check(cells):
        nbformat.write(new_notebook(cells=cells), sub / "quiz.ipynb")
        return [i.kind for i in precheck.check_submission(tmp_path, sub)]

    assert check([answer, test]) == []
    assert check([answer]) == ["test cell deleted"]
    altered = nbformat.from_dict(dict(test, source="assert True"))
    assert check([answer, altered]) == ["test cell altered"]
    assert check([new_code_cell("q1 = 1"), new_code_cell(test.source)]) == ["metadata stripped"]
    (sub / "quiz.ipynb").write_text("{ nope")
    assert [i.kind for i in precheck.check_submission(tmp_path, sub)] == ["invalid notebook"]
    (sub / "quiz.ipynb").unlink()
    assert [i.kind for i in precheck.check_submission(tmp_path, sub)] == ["missing notebook"]


# ----------------------------------------------------------------- private course


def test_private_copy_goes_outside_the_repository(tmp_path):
    from venous_course_tools.instructor import workflow

    course = workflow.REPO / "quizzes"
    dest = workflow.make_private(course, tmp_path / "private")
    assert (dest / "nbgrader_config.py").is_file() and (dest / ".gitignore").is_file()
    quizzes = sorted(p.name for p in (dest / "source").iterdir())
    assert quizzes == sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    with pytest.raises(workflow.WorkflowError, match="inside the course repository"):
        workflow.make_private(course, workflow.REPO / "private-copy")
    with pytest.raises(workflow.WorkflowError, match="already holds files"):
        workflow.make_private(course, dest)


def test_drag_and_drop_cloze_scores_each_gap_and_refuses_a_reused_option():
    key = {1: "c", 2: "f", 3: "a", 4: "g"}
    assert scoring.drag_and_drop_cloze_score(key, key, 2) == 2
    assert scoring.drag_and_drop_cloze_score({"1": "C", 2: "f", 3: "b", 4: "h"}, key, 2) == 1.0
    assert scoring.drag_and_drop_cloze_score({1: "c"}, key, 2) == 0.5  # gaps left empty earn 0
    assert scoring.drag_and_drop_cloze_score({}, key, 2) == 0
    with pytest.raises(ValueError, match="only one gap"):
        scoring.drag_and_drop_cloze_score({1: "c", 2: "C", 3: "a", 4: "g"}, key, 2)
    with pytest.raises(ValueError, match="letter"):
        scoring.drag_and_drop_cloze_score({1: 3}, key, 2)


def test_multiple_response_matrix_is_plus_minus_scored_over_the_grid():
    key = {1: {"P"}, 2: {"N"}, 3: {"T", "P"}, 4: {"T", "P"}, 5: {"N", "P"}}  # 8 keyed cells
    assert scoring.matrix_multiple_score(key, key, 2.5) == 2.5
    # row 3 misses T (7 right), row 1 adds S (1 wrong): 6 of 8
    partial = {**key, 1: {"P", "S"}, 3: {"P"}}
    assert scoring.matrix_multiple_score(partial, key, 2.5) == pytest.approx(6 / 8 * 2.5)
    every = {r: {"N", "T", "S", "P"} for r in key}  # 8 right, 12 wrong: never below 0
    assert scoring.matrix_multiple_score(every, key, 2.5) == 0
    assert scoring.matrix_multiple_score({9: {"P"}}, key, 2.5) == 0  # an unknown row is wrong
    with pytest.raises(ValueError, match="curly braces"):
        scoring.matrix_multiple_score({1: "P"}, key, 2.5)


@given(st.dictionaries(st.integers(1, 5), st.sets(st.sampled_from("NTSP"), min_size=1), min_size=1))
def test_multiple_response_matrix_score_is_bounded(answer):
    key = {1: {"P"}, 2: {"N"}, 3: {"T", "P"}, 4: {"T", "P"}, 5: {"N", "P"}}
    score = scoring.matrix_multiple_score(answer, key, 2.5)
    assert 0 <= score <= 2.5
    assert (score == 2.5) == (answer == key)
