"""The course's own collect and the text guards of the instructor tools, on plain folders (fast).

The class-wide attacks run through the real exchange in ``test_quiz_hostile.py``; here each
rule of issue 30 is pinned on its own: links and special files are refused without being
read, a refusal stays until a newer submission, ``--update`` never reads ``timestamp.txt``,
ids match whole, times are checked, and what a submission wrote is escaped everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from venous_course_tools.instructor import collect, export, report
from venous_course_tools.instructor.grading import is_student_id
from venous_course_tools.instructor.precheck import Issue
from venous_course_tools.instructor.safetext import printable

QUIZ = "quiz-01-understanding"
T0 = dt.datetime(2026, 11, 27, 10, 0, 0)


def _stamp(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S.%f} UTC"


def _inbound(tmp_path, student, moment, notebook="{}", timestamp=None):
    """An inbound folder as ``nbgrader submit`` leaves it, with its mtime at ``moment``."""
    folder = tmp_path / "inbound" / f"{student}+{QUIZ}+{_stamp(moment)}"
    folder.mkdir(parents=True)
    (folder / f"{QUIZ}.ipynb").write_text(notebook)
    (folder / "timestamp.txt").write_text(timestamp or _stamp(moment))
    (folder / "submission_secret.txt").write_text("s" * 128)
    seconds = moment.replace(tzinfo=dt.UTC).timestamp()
    os.utime(folder, (seconds, seconds))
    return folder


def _collect(tmp_path, now=T0 + dt.timedelta(hours=1)):
    course = tmp_path / "course"
    course.mkdir(exist_ok=True)
    return course, collect.collect(
        course, QUIZ, tmp_path / "inbound", T0 - dt.timedelta(1), now=now
    )


def test_ids_are_matched_whole():
    assert is_student_id("demo-ben")
    for bad in ("demo-ben\n", "demo ben", "ben\x1b[2J", "", "-ben", "b" * 65, "ben+x", None):
        assert not is_student_id(bad), bad


def test_links_and_special_files_are_refused_not_followed(tmp_path):
    secret = tmp_path / "answer-key.ipynb"
    secret.write_text("BEGIN SOLUTION")
    _inbound(tmp_path, "amy", T0)
    link = _inbound(tmp_path, "mal", T0)
    (link / f"{QUIZ}.ipynb").unlink()
    (link / f"{QUIZ}.ipynb").symlink_to(secret)
    dangling = _inbound(tmp_path, "dan", T0)
    (dangling / "deep").mkdir()
    (dangling / "deep" / "x.ipynb").symlink_to(tmp_path / "nowhere")
    fifo = _inbound(tmp_path, "fifo", T0)
    os.mkfifo(fifo / "pipe")  # reading it would hang a copy that trusts names
    course, outcome = _collect(tmp_path)
    assert outcome.copied == ["amy"]
    assert set(outcome.refused) == {"mal", "dan", "fifo"}
    assert "deep/x.ipynb is a symbolic link" in outcome.refused["dan"]
    assert "pipe is not a regular file" in outcome.refused["fifo"]
    for student in ("mal", "dan", "fifo"):
        assert not (course / "submitted" / student).exists()
    assert not list((course / "submitted").glob("*/.collecting-*"))


def test_a_refusal_stays_until_a_newer_submission(tmp_path):
    folder = _inbound(tmp_path, "mal", T0)
    (folder / "x.ipynb").symlink_to(tmp_path / "nowhere")
    course, _ = _collect(tmp_path)
    (folder / "x.ipynb").unlink()  # the link is swapped for nothing at all
    _, again = _collect(tmp_path)
    assert again.copied == [] and "mal" in collect.refused_at_collect(course, QUIZ)
    _inbound(tmp_path, "mal", T0 + dt.timedelta(minutes=10))
    _, newer = _collect(tmp_path)
    assert newer.copied == ["mal"] and collect.refused_at_collect(course, QUIZ) == {}


def test_update_never_reads_the_students_timestamp(tmp_path):
    """A timestamp.txt far in the future no longer blocks every later submission."""
    future = "2099-01-01 00:00:00.000000 UTC"
    _inbound(tmp_path, "amy", T0, notebook='{"first": 1}', timestamp=future)
    course, first = _collect(tmp_path)
    assert "timestamp.txt says 2099-01-01" in first.time_notes["amy"]
    _inbound(tmp_path, "amy", T0 + dt.timedelta(minutes=5), notebook='{"second": 2}')
    _, second = _collect(tmp_path)
    assert second.copied == ["amy"]
    submitted = course / "submitted" / "amy" / QUIZ
    assert (submitted / f"{QUIZ}.ipynb").read_text() == '{"second": 2}'
    assert (submitted / "timestamp.txt").read_text() == _stamp(T0 + dt.timedelta(minutes=5))


def test_records_are_merged_never_overwritten(tmp_path):
    bad = _inbound(tmp_path, "mal", T0)
    (bad / "x").symlink_to("/")
    course, _ = _collect(tmp_path)
    _inbound(tmp_path, "amy", T0 + dt.timedelta(minutes=1))
    _collect(tmp_path)
    record = collect.read_record(course, QUIZ)
    assert set(record) == {"mal", "amy"} and record["mal"]["refused"]


def test_folder_names_that_are_not_submissions_are_reported(tmp_path):
    (tmp_path / "inbound").mkdir()
    for name in (f"ben\n+{QUIZ}+{_stamp(T0)}", f"x\x1b[2J+{QUIZ}+{_stamp(T0)}", f"ok+{QUIZ}+soon"):
        (tmp_path / "inbound" / name).mkdir()
    (tmp_path / "inbound" / f"ok+other-quiz+{_stamp(T0)}").mkdir()
    _, outcome = _collect(tmp_path)
    assert outcome.copied == [] and len(outcome.bad_folders) == 3
    assert not [n for n in outcome.bad_folders if "\n" in n or "\x1b" in n]


@pytest.mark.parametrize(
    ("name_time", "claimed", "mtime", "expect"),
    [
        (T0, T0, T0, ""),
        (T0, dt.datetime(2020, 1, 1), T0, "timestamp.txt says 2020-01-01"),
        (T0 - dt.timedelta(days=9), T0 - dt.timedelta(days=9), T0, "last changed"),
        (
            T0 - dt.timedelta(days=9),
            T0 - dt.timedelta(days=9),
            T0 - dt.timedelta(days=9),
            "before the release",
        ),
        (dt.datetime(2099, 1, 1), dt.datetime(2099, 1, 1), T0, "after this collect"),
    ],
)
def test_the_submission_time_is_checked(name_time, claimed, mtime, expect):
    folder = collect.Inbound("amy", "x", name_time)
    collected = T0 + dt.timedelta(hours=1)
    used, note = collect.submission_time(
        folder, mtime, _stamp(claimed), T0 - dt.timedelta(1), collected
    )
    assert (expect in note) and bool(note) == bool(expect)
    assert used <= collected  # never later than the collect
    assert used >= min(name_time, collected)  # a forged early date never moves it back


def test_text_from_a_submission_is_escaped():
    assert printable("\x1b]0;t\x07\x1b[2J\u202eok\x9b") == "\\x1b]0;t\\x07\\x1b[2J\\u202eok\\x9b"
    assert printable("two\nlines\r", keep_lines=True) == "two\nlines\\x0d"
    assert export.neutralise("=cmd\x1b[31m") == "'=cmd\\x1b[31m"
    assert report._md("[a](javascript:x) *b* <i>|") == "\\[a\\](javascript:x) \\*b\\* &lt;i&gt;/"


def test_notes_are_capped_and_a_huge_old_report_still_reads(tmp_path):
    issues = [Issue("metadata changed", f"unknown grade id u{i}" + "x" * 1000) for i in range(45)]
    row = report.classify("amy", issues, report.RunResult(0))
    assert len(row.notes) == report.MAX_NOTES + 1 and row.notes[-1] == "and 35 more"
    assert max(len(n) for n in row.notes) < 400
    old = tmp_path / "old.csv"
    old.write_text(
        "student_id,score,max_score,status,reason,notes\n"
        f"amy,,17.5,failed,x,{'unknown grade id u1; ' * 95_000}\n"
    )
    read = report.read_report(old)
    assert read["amy"].notes[-1].startswith("and ")


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("old")
    with pytest.raises(RuntimeError), export.atomic_write(path) as fh:
        fh.write("half")
        raise RuntimeError("disk full")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["grades.csv"]


def test_the_instructor_tests_keep_their_asserts_under_an_optimising_python():
    code = (
        "from venous_course_tools.instructor.grading import run_trusted_test\n"
        "print(run_trusted_test('assert q1 == \"B\"', {'q1': 'A'})[0]['output_type'])"
    )
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "error", out.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_on_a_hub_a_submission_in_another_name_is_refused(tmp_path, monkeypatch):
    """With one unix user per student, the folder's owner is who submitted it."""
    import pwd

    me = pwd.getpwuid(os.geteuid()).pw_name
    monkeypatch.setenv("VENOUS_EXCHANGE_CHECK_OWNER", "1")
    _inbound(tmp_path, me, T0)
    forged = _inbound(tmp_path, me, T0 + dt.timedelta(minutes=5), notebook='{"forged": 1}')
    os.chown(forged, 65534, 65534)  # written by another user, under my id, and newer
    course, outcome = _collect(tmp_path)
    assert outcome.copied == [me]
    assert (course / "submitted" / me / QUIZ / f"{QUIZ}.ipynb").read_text() == "{}"
    assert any("but was submitted by" in why for why in outcome.bad_folders)


def _notebook_with_kernel(path, name, display_name):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": name, "language": "python", "display_name": display_name}
    nb.cells.append(nbformat.v4.new_markdown_cell("A quiz."))
    nbformat.write(nb, path)
    return path


def test_the_labs_kernel_name_is_not_a_changed_kernel(tmp_path):
    """JupyterLab writes the course kernel's display name into every notebook it saves."""
    from venous_course_tools.instructor.precheck import check_notebook

    released = _notebook_with_kernel(tmp_path / "released.ipynb", "python3", "Python 3")
    saved_in_lab = _notebook_with_kernel(
        tmp_path / "lab.ipynb", "python3", "Python 3 (venous course)"
    )
    other_kernel = _notebook_with_kernel(tmp_path / "other.ipynb", "bash", "Bash")
    assert not [i for i in check_notebook(released, saved_in_lab) if "kernelspec" in str(i)]
    assert [i for i in check_notebook(released, other_kernel) if "kernelspec" in str(i)]
