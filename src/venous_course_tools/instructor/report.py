"""Turn what happened to each submission into a status an instructor (and an LMS) can trust.

A submission nbgrader could not grade must never look like a real score of 0: it is reported
as ``failed: <reason>``. Statuses:

* ``graded``: autograded, nothing left to do;
* ``needs manual grading``: autograded, a hand-graded item (teach-back) or a problem flagged
  by the pre-check still needs a person;
* ``failed: <reason>``: not graded; the reason says what to do next.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .export import atomic_write, neutralise
from .precheck import Issue
from .safetext import printable, shorten

GRADED = "graded"
NEEDS_MANUAL = "needs manual grading"
#: The note naming an item only a person scores (the teach-back), until it is scored.
HAND_GRADED = "hand-graded item, waiting for a person"
FAILED = "failed"

#: The kind of a pre-check issue about when a submission was made (for the instructor to check).
SUBMISSION_TIME = "submission time"
#: Pre-check issues that leave a graded submission waiting for a person.
REVIEW_KINDS = frozenset(
    {"metadata stripped", "test cell deleted", "test cell altered", SUBMISSION_TIME}
)
REPORT_FIELDS = ["student_id", "score", "max_score", "status", "reason", "notes"]

# Log patterns of nbgrader, checked in this order.
_LOG_REASONS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"NotJSONError|Notebook does not appear to be JSON|JSONDecodeError", re.I),
        "invalid notebook: not valid JSON",
    ),
    (
        re.compile(r"ValidationError|is not valid under any of the given schemas", re.I),
        "invalid notebook: does not match the notebook format",
    ),
    (re.compile(r"database is locked", re.I), "gradebook was busy (database is locked)"),
]


@dataclass
class RunResult:
    """Outcome of an nbgrader command, or of grading one submission (0 means success)."""

    returncode: int | None
    timed_out: bool = False
    log: str = ""
    timeout_seconds: float | None = None


@dataclass
class SubmissionStatus:
    """One row of the autograde report."""

    student_id: str
    status: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    score: str = ""
    max_score: str = ""

    @property
    def label(self) -> str:
        """Status as written for the LMS: ``failed: <reason>`` or the plain status."""
        if self.status == FAILED:
            return f"{FAILED}: {self.reason}"
        if self.status == NEEDS_MANUAL and self.reason:
            return f"{NEEDS_MANUAL}: {self.reason}"
        return self.status

    def as_row(self) -> dict[str, str]:
        return {
            "student_id": self.student_id,
            "score": self.score,
            "max_score": self.max_score,
            "status": self.status,
            "reason": self.reason,
            "notes": "; ".join(self.notes),
        }


def reason_from_log(log: str) -> str:
    """Return a sentence for the first known failure pattern in an nbgrader log."""
    for pattern, reason in _LOG_REASONS:
        if pattern.search(log):
            return reason
    exceptions = re.findall(r"^\s*([A-Za-z_.]*(?:Error|Exception)\b:?.*)$", log, flags=re.M)
    if exceptions:
        return "autograde error: " + exceptions[-1].strip()[:200]
    errors = [line.strip() for line in log.splitlines() if "error" in line.lower()]
    if errors:
        return "autograde error: " + errors[-1][:200]
    return "autograde failed without a known reason (see the nbgrader log)"


def classify(
    student_id: str,
    issues: Sequence[Issue],
    run: RunResult | None,
    needs_manual_grade: bool | Sequence[str] | None = None,
    reviews: dict[str, str] | None = None,
) -> SubmissionStatus:
    """Decide the status of one submission from the pre-check, the run and the gradebook.

    ``run`` is None when the pre-check already found a fatal problem and autograde was not
    attempted. ``needs_manual_grade`` comes from the gradebook after a successful run: the
    grade ids a person must score (each named in a note), or just whether there are any;
    ``reviews`` maps an item to the reason its answer was not read (not a plain value).
    """
    reviews = reviews or {}
    waiting = [] if isinstance(needs_manual_grade, bool | None) else list(needs_manual_grade)
    # Answers not read come first: when notes are capped, they are what the grader must see.
    notes = capped_notes(
        [f"{item}: {why}" for item, why in sorted(reviews.items()) if item.endswith("-answer")]
        + [f"{item}: {HAND_GRADED}" for item in waiting if item not in reviews]
        + [str(i) for i in issues]
    )
    fatal = [i for i in issues if i.fatal]
    if fatal:
        return SubmissionStatus(student_id, FAILED, _clean(str(fatal[0])), notes)
    if run is None:
        return SubmissionStatus(student_id, FAILED, "not autograded", notes)
    if run.returncode != 0:
        reason = reason_from_log(run.log)
        if any(i.kind == "metadata stripped" for i in issues):
            reason = "nbgrader metadata stripped; " + reason
        return SubmissionStatus(student_id, FAILED, _clean(reason), notes)
    review = [i for i in issues if i.kind in REVIEW_KINDS or i.kind.endswith("deleted")]
    if review:
        return SubmissionStatus(
            student_id, NEEDS_MANUAL, "review: " + _clean(str(review[0])), notes
        )
    answers = [f"{k}: {v}" for k, v in sorted(reviews.items()) if k.endswith("-answer")]
    if answers or reviews:
        first = answers[0] if answers else next(f"{k}: {v}" for k, v in sorted(reviews.items()))
        return SubmissionStatus(student_id, NEEDS_MANUAL, "review: " + _clean(first), notes)
    if needs_manual_grade:
        return SubmissionStatus(student_id, NEEDS_MANUAL, "", notes)
    return SubmissionStatus(student_id, GRADED, "", notes)


#: Notes kept per submission, and the length of one note: a hostile notebook with 45,000
#: unknown grade ids once wrote a 1.9 MB note that no CSV reader would read back.
MAX_NOTES = 10
MAX_NOTE_CHARS = 300


def without_hand_graded(notes: Sequence[str]) -> list[str]:
    """The notes that still hold once every hand-graded item has its score."""
    return [n for n in notes if not n.endswith(": " + HAND_GRADED)]


def _clean(text: str) -> str:
    """One note or reason as it is stored: control characters visible, length bounded."""
    return printable(shorten(text, MAX_NOTE_CHARS))


def capped_notes(notes: Sequence[str]) -> list[str]:
    """The first :data:`MAX_NOTES` notes, cleaned, then "and N more" for the rest."""
    kept = [_clean(n) for n in notes[:MAX_NOTES]]
    if len(notes) > MAX_NOTES:
        kept.append(f"and {len(notes) - MAX_NOTES} more")
    return kept


def write_report(
    rows: Iterable[SubmissionStatus],
    csv_path: Path,
    md_path: Path,
    title: str,
    extra: Sequence[str] = (),
) -> list[SubmissionStatus]:
    """Merge ``rows`` into the report at ``csv_path`` (newer rows win) and write both files.

    ``extra`` lines (refused folders, integrity problems of the batch) go under the table of
    the markdown report as ``- `` items. Returns every row of the merged report, sorted by
    student id. Text a student controls is written as escaped plain text.
    """
    merged = read_report(csv_path)
    for row in rows:
        merged[row.student_id] = row
    ordered = [merged[k] for k in sorted(merged)]
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(csv_path) as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for row in ordered:
            writer.writerow({k: neutralise(v) for k, v in row.as_row().items()})
    header = "| student | score | status | needs a person for |"
    lines = [f"# {title}", "", header, "|---|---|---|---|"]
    for row in ordered:
        notes = _md("; ".join(row.notes))
        score = f"{row.score} / {row.max_score}" if row.score else "-"
        lines.append(f"| {_md(row.student_id)} | {score} | {_md(row.label)} | {notes} |")
    attention = [r for r in ordered if r.status != GRADED]
    lines += ["", f"{len(attention)} of {len(ordered)} submissions need attention."]
    if extra:
        lines += [""] + [f"- {_md(line)}" for line in extra]
    with atomic_write(md_path) as fh:
        fh.write("\n".join(lines) + "\n")
    return ordered


def _md(text: str) -> str:
    """One line of plain text for a markdown table cell: no HTML, no pipes, no newlines."""
    import html

    flat = printable(" ".join(str(text).split()))
    # Markdown's own markup (links, images, emphasis, code) is escaped too: shown, not rendered.
    escaped = html.escape(flat, quote=False).replace("|", "/")
    return re.sub(r"([\\`*_\[\]!])", r"\\\1", escaped)


def read_report(csv_path: Path) -> dict[str, SubmissionStatus]:
    """Read an autograde report written by :func:`write_report` (empty if there is none)."""
    if not csv_path.exists():
        return {}
    # Reports written before notes were capped may hold one huge field: read it anyway.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    rows: dict[str, SubmissionStatus] = {}
    with csv_path.open(newline="", encoding="utf-8", errors="replace") as fh:
        for r in csv.DictReader(fh):
            if r.get("student_id") and r.get("status"):
                row = _row(r)
                row.notes = capped_notes(row.notes)
                rows[row.student_id] = row
    return rows


def _row(r: dict[str, str]) -> SubmissionStatus:
    """One report row read back from the CSV (older reports have no score columns)."""
    return SubmissionStatus(
        r["student_id"],
        r["status"],
        r.get("reason") or "",
        [n for n in (r.get("notes") or "").split("; ") if n],
        r.get("score") or "",
        r.get("max_score") or "",
    )
