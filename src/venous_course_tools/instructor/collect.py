"""The course's own collect: exchange ``inbound/`` to ``submitted/``, never following a link.

nbgrader's collect copies with ``shutil.copytree``, which follows symbolic links as the
instructor: an inbound notebook that is a link to a classmate's collected notebook (or to the
answer key) arrives in ``submitted/`` as if the student had written it, and one dangling link
stops the collect of the whole class. Its ``--update`` also trusts the ``timestamp.txt`` the
student wrote: a date far in the future means nothing newer is ever copied again.

Here every entry is opened relative to an already opened folder with ``O_NOFOLLOW`` (a link,
a device or a pipe is refused, never read); a refused submission is not copied and the
refusal is kept in ``reports/<quiz>-collect.json`` until a newer submission of that student
is collected (the record is merged, never overwritten). Which inbound folder is newer is
decided from the folder names and that record only; the submission time kept for grading is
checked against what the instructor's side can trust (:func:`submission_time`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fnmatch
import json
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .export import atomic_write
from .grading import is_student_id
from .precheck import MAX_SUBMISSION_BYTES, MAX_SUBMISSION_FILES
from .safetext import has_control, printable

#: nbgrader's default ``CourseDirectory.ignore``: what its collect leaves behind too.
IGNORED = (".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback")
#: How far the inbound folder's modification time may be from its name's time (``submit``
#: names the folder, copies the files, then writes ``timestamp.txt``; a slow disk takes a while).
MTIME_TOLERANCE = dt.timedelta(minutes=5)
#: Clock slack allowed at the release and the collect ends.
CLOCK_SLACK = dt.timedelta(minutes=1)


class Refused(Exception):
    """A submission that is not copied; the message says why, in a sentence."""


@dataclass(frozen=True)
class Inbound:
    """One folder of ``inbound/``: ``<student>+<quiz>+<time>[+<random>]``."""

    student: str
    name: str
    time: dt.datetime


@dataclass
class Outcome:
    """What one collect did: copied, refused (student: reason), folders skipped (a sentence
    each), time notes."""

    copied: list[str]
    refused: dict[str, str]
    bad_folders: list[str]
    time_notes: dict[str, str]


def record_path(course: Path, quiz: str) -> Path:
    """Where collect keeps, per student, the inbound folder it decided on and how."""
    return course / "reports" / f"{quiz}-collect.json"


def read_record(course: Path, quiz: str) -> dict[str, dict[str, str]]:
    """{student: {"inbound", "time", "refused", "time_note"}} of earlier collects ({} if none)."""
    try:
        data = json.loads(record_path(course, quiz).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    students = data.get("students") if isinstance(data, dict) else None
    return {k: v for k, v in (students or {}).items() if isinstance(v, dict)}


def naive_utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC without a time zone, as nbgrader's gradebook keeps times."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def parse_time(text: str) -> dt.datetime | None:
    """A UTC time as nbgrader writes it (naive, in UTC), or None when it is not one."""
    from nbgrader.utils import parse_utc

    try:
        return naive_utc(parse_utc(text.strip()))
    except (ValueError, OverflowError, TypeError):
        return None


def check_owner() -> bool:
    """True on a hub where every student is a unix user (``VENOUS_EXCHANGE_CHECK_OWNER=1``)."""
    return os.environ.get("VENOUS_EXCHANGE_CHECK_OWNER") == "1"


def owner_name(uid: int) -> str:
    """The unix user name of ``uid`` ("uid <n>" when it has none)."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def inbound_folders(
    inbound: Path, quiz: str, owners: bool = False
) -> tuple[dict[str, list[Inbound]], list[str]]:
    """The inbound folders of ``quiz`` per student, and why others are refused (escaped).

    A name is split on ``+`` (a student id never holds one); the id must be a whole valid id
    and the time must parse, or the folder is refused and reported, never collected. With
    ``owners`` (a hub of unix users), a folder not owned by the student it names is a
    submission in someone else's name: refused, so it never replaces the real one.
    """
    found: dict[str, list[Inbound]] = {}
    bad: list[str] = []
    with os.scandir(inbound) as entries:
        for entry in entries:
            parts = entry.name.split("+")
            if len(parts) < 3 or parts[1] != quiz:
                continue
            time = parse_time(parts[2]) if len(parts) in (3, 4) else None
            if not is_student_id(parts[0]) or time is None or has_control(entry.name):
                bad.append(
                    f"exchange folder {printable(entry.name)!r} is not "
                    f"'<student id>+{quiz}+<time>' with a valid student id"
                )
                continue
            owner = owner_name(entry.stat(follow_symlinks=False).st_uid) if owners else parts[0]
            if owner != parts[0]:
                bad.append(
                    f"exchange folder {printable(entry.name)!r} names {parts[0]} but was "
                    f"submitted by {printable(owner)}"
                )
                continue
            found.setdefault(parts[0], []).append(Inbound(parts[0], entry.name, time))
    return found, sorted(bad)


def _ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def _open_dir(name: str, dir_fd: int | None) -> int:
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError:
        raise Refused(f"{printable(name)} is a symbolic link or not a folder") from None


class _Budget:
    """Files and bytes left for one submission."""

    def __init__(self) -> None:
        self.files = MAX_SUBMISSION_FILES
        self.bytes = MAX_SUBMISSION_BYTES

    def take(self, size: int) -> None:
        self.files -= 1
        self.bytes -= size
        if self.files < 0 or self.bytes < 0:
            raise Refused(
                f"it holds more than {MAX_SUBMISSION_FILES} files or "
                f"{MAX_SUBMISSION_BYTES // 1_000_000} MB"
            )


def _copy_file(name: str, dir_fd: int, dest: Path, budget: _Budget) -> bytes:
    """Copy one regular file (never through a link); returns its first bytes."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError:
        raise Refused(f"{printable(name)} is a symbolic link or cannot be read") from None
    with os.fdopen(fd, "rb") as src:
        info = os.fstat(src.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{printable(name)} is not a regular file")
        budget.take(info.st_size)
        data = src.read(budget.bytes + info.st_size + 1)
        if len(data) > info.st_size:
            raise Refused(f"{printable(name)} grew while it was copied")
    dest.write_bytes(data)
    return data[:200]


def _copy_dir(dir_fd: int, dest: Path, rel: str, budget: _Budget, head: dict[str, bytes]) -> None:
    """Copy the folder open at ``dir_fd`` into ``dest``; refuse any link or special file."""
    dest.mkdir()
    with os.scandir(dir_fd) as entries:
        listing = sorted(entries, key=lambda e: e.name)
    for entry in listing:
        where = f"{rel}/{entry.name}" if rel else entry.name
        if has_control(entry.name):
            raise Refused(f"the file name {printable(where)!r} holds a control character")
        if _ignored(entry.name):
            continue
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            raise Refused(f"{printable(where)} is a symbolic link")
        if stat.S_ISDIR(mode):
            child = _open_dir(entry.name, dir_fd)
            try:
                _copy_dir(child, dest / entry.name, where, budget, head)
            finally:
                os.close(child)
        elif stat.S_ISREG(mode):
            head[where] = _copy_file(entry.name, dir_fd, dest / entry.name, budget)
        else:
            raise Refused(f"{printable(where)} is not a regular file")


def submission_time(
    folder: Inbound,
    mtime: dt.datetime,
    claimed: str,
    released: dt.datetime | None,
    collected: dt.datetime,
) -> tuple[dt.datetime, str]:
    """The submission time grading uses, and a note for the instructor when it is unclear.

    Trusted on the instructor's side: the release time, the collect time, the inbound
    folder's name and its modification time; ``timestamp.txt`` is the student's file. When
    they agree, the folder name's time is used. Otherwise the latest of them, never later
    than the collect, is used (a forged early time never avoids a late penalty) and the note
    says what disagreed, so the instructor checks before a penalty counts.
    """
    problems = []
    claim = parse_time(claimed)
    if claim is None:
        problems.append("timestamp.txt is missing or not a time")
    elif claim != folder.time:
        problems.append(f"timestamp.txt says {claim:%Y-%m-%d %H:%M:%S}")
    if abs(mtime - folder.time) > MTIME_TOLERANCE:
        problems.append(f"the folder was last changed {mtime:%Y-%m-%d %H:%M:%S}")
    if released is not None and folder.time < released - CLOCK_SLACK:
        problems.append(f"that is before the release ({released:%Y-%m-%d %H:%M:%S})")
    if folder.time > collected + CLOCK_SLACK:
        problems.append("that is after this collect")
    if not problems:
        return folder.time, ""
    used = min(max([folder.time, mtime] + ([claim] if claim else [])), collected)
    note = (
        f"submission time unclear: the exchange folder is named {folder.time:%Y-%m-%d %H:%M:%S}"
        f" UTC, but {'; '.join(problems)}; grading uses {used:%Y-%m-%d %H:%M:%S} UTC: check it "
        "before a late penalty counts"
    )
    return used, note


def _collect_one(
    inbound_fd: int,
    folder: Inbound,
    dest: Path,
    released: dt.datetime | None,
    now: dt.datetime,
) -> str:
    """Copy one inbound folder to ``dest`` (replacing it); returns the time note, if any."""
    src = _open_dir(folder.name, inbound_fd)
    staging = dest.parent / f".collecting-{dest.name}-{secrets.token_hex(4)}"
    try:
        mtime = naive_utc(dt.datetime.fromtimestamp(os.fstat(src).st_mtime, dt.UTC))
        head: dict[str, bytes] = {}
        _copy_dir(src, staging, "", _Budget(), head)
        claimed = head.get("timestamp.txt", b"").decode("utf-8", "replace")
        used, note = submission_time(folder, mtime, claimed, released, now)
        # The course's time, not the student's: nbgrader's autograde reads this file.
        (staging / "timestamp.txt").write_text(f"{used:%Y-%m-%d %H:%M:%S.%f} UTC", encoding="utf-8")
        if os.path.islink(dest):
            os.unlink(dest)
        elif dest.exists():
            shutil.rmtree(dest)
        os.rename(staging, dest)
        return note
    finally:
        os.close(src)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def collect(
    course: Path,
    quiz: str,
    inbound: Path,
    released: dt.datetime | None,
    log: Callable[[str], None] = lambda _line: None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Collect the newest inbound submission of every student of ``quiz`` into ``submitted/``.

    A student is collected again only when their newest inbound folder is newer (by its
    name) than the one recorded at an earlier collect; a refusal stays on record until then.
    One strange submission never stops the class.
    """
    now = naive_utc(now or dt.datetime.now(dt.UTC))
    released = naive_utc(released) if released else None
    record = read_record(course, quiz)
    per_student, bad = inbound_folders(inbound, quiz, check_owner())
    outcome = Outcome([], {}, bad, {})
    inbound_fd = _open_dir(str(inbound), None)
    try:
        for student in sorted(per_student):
            newest = max(per_student[student], key=lambda f: (f.time, f.name))
            earlier = record.get(student, {})
            earlier_time = parse_time(earlier.get("time", ""))
            dest = course / "submitted" / student / quiz
            if earlier.get("inbound") == newest.name or (
                earlier_time is not None and newest.time <= earlier_time
            ):
                log(f"No newer submission to collect: {student}")
                continue
            entry = {"inbound": newest.name, "time": newest.time.isoformat(), "refused": ""}
            try:
                if os.path.islink(dest.parent):
                    raise Refused(f"submitted/{student} is a symbolic link")
                dest.parent.mkdir(parents=True, exist_ok=True)
                note = _collect_one(inbound_fd, newest, dest, released, now)
                entry["time_note"] = note
                outcome.copied.append(student)
                if note:
                    outcome.time_notes[student] = note
            except Exception as exc:  # one strange submission never stops the class
                reason = (
                    str(exc)
                    if isinstance(exc, Refused)
                    else f"it could not be copied ({type(exc).__name__}: {exc})"
                )
                entry["refused"] = (
                    f"the exchange copy was not collected: {printable(reason)}; ask for a new "
                    "submission"
                )
                outcome.refused[student] = entry["refused"]
                if not os.path.islink(dest.parent):
                    with contextlib.suppress(OSError):  # only an empty folder made just now
                        dest.parent.rmdir()
            record[student] = entry
    finally:
        os.close(inbound_fd)
        _write_record(course, quiz, record)
    return outcome


def _write_record(course: Path, quiz: str, record: dict[str, dict[str, str]]) -> None:
    with atomic_write(record_path(course, quiz)) as fh:
        json.dump({"students": record}, fh, indent=1, sort_keys=True)


def refused_at_collect(course: Path, quiz: str) -> dict[str, str]:
    """{student: reason} of the students whose latest exchange copy was refused."""
    return {s: e["refused"] for s, e in read_record(course, quiz).items() if e.get("refused")}


def time_notes(course: Path, quiz: str) -> dict[str, str]:
    """{student: note} of the collected submissions whose submission time is unclear."""
    return {s: e["time_note"] for s, e in read_record(course, quiz).items() if e.get("time_note")}


def vouched_for(course: Path, quiz: str, students: Sequence[str]) -> set[str]:
    """The students whose ``submitted/`` copy this course's collect wrote (time checked)."""
    record = read_record(course, quiz)
    return {s for s in students if s in record and not record[s].get("refused")}
