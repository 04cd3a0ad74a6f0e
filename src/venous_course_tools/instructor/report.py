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

from .precheck import Issue

GRADED = "graded"
NEEDS_MANUAL = "needs manual grading"
FAILED = "failed"

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
    needs_manual_grade: bool | None = None,
    reviews: dict[str, str] | None = None,
) -> SubmissionStatus:
    """Decide the status of one submission from the pre-check, the run and the gradebook.

    ``run`` is None when the pre-check already found a fatal problem and autograde was not
    attempted. ``needs_manual_grade`` comes from the gradebook after a successful run;
    ``reviews`` maps an item to the reason its answer was not read (not a plain value).
    """
    notes = [str(i) for i in issues]
    reviews = reviews or {}
    notes += [f"{item}: {why}" for item, why in sorted(reviews.items()) if item.endswith("-answer")]
    fatal = [i for i in issues if i.fatal]
    if fatal:
        return SubmissionStatus(student_id, FAILED, str(fatal[0]), notes)
    if run is None:
        return SubmissionStatus(student_id, FAILED, "not autograded", notes)
    if run.returncode != 0:
        reason = reason_from_log(run.log)
        if any(i.kind == "metadata stripped" for i in issues):
            reason = "nbgrader metadata stripped; " + reason
        return SubmissionStatus(student_id, FAILED, reason, notes)
    review = [
        i
        for i in issues
        if i.kind in {"metadata stripped", "test cell deleted", "test cell altered"}
        or i.kind.endswith("deleted")
    ]
    if review:
        return SubmissionStatus(student_id, NEEDS_MANUAL, "review: " + str(review[0]), notes)
    answers = [f"{k}: {v}" for k, v in sorted(reviews.items()) if k.endswith("-answer")]
    if answers or reviews:
        first = answers[0] if answers else next(f"{k}: {v}" for k, v in sorted(reviews.items()))
        return SubmissionStatus(student_id, NEEDS_MANUAL, "review: " + first, notes)
    if needs_manual_grade:
        return SubmissionStatus(student_id, NEEDS_MANUAL, "", notes)
    return SubmissionStatus(student_id, GRADED, "", notes)


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
    merged: dict[str, SubmissionStatus] = {}
    if csv_path.exists():
        with csv_path.open(newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                notes = [n for n in r.get("notes", "").split("; ") if n]
                merged[r["student_id"]] = _row(r)
    for row in rows:
        merged[row.student_id] = row
    ordered = [merged[k] for k in sorted(merged)]
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_FIELDS)
        writer.writeheader()
        for row in ordered:
            writer.writerow(row.as_row())
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
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ordered


def _md(text: str) -> str:
    """One line of plain text for a markdown table cell: no HTML, no pipes, no newlines."""
    import html

    flat = " ".join(str(text).split())
    return html.escape(flat, quote=False).replace("|", "/")


def read_report(csv_path: Path) -> dict[str, SubmissionStatus]:
    """Read an autograde report written by :func:`write_report` (empty if there is none)."""
    if not csv_path.exists():
        return {}
    with csv_path.open(newline="", encoding="utf-8") as fh:
        return {r["student_id"]: _row(r) for r in csv.DictReader(fh)}


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
