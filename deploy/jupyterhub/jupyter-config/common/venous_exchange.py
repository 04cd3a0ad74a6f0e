"""nbgrader's file exchange, hardened for a class of real unix users.

**Submit** (:class:`AtomicSubmit`). nbgrader 0.9.6 copies a submission straight into its
final name in ``inbound/``: a full exchange disk or a server that dies mid-copy leaves a
half-written submission there, which collect then takes as the student's work. This submitter
copies into a hidden ``.partial+<assignment>+<random>`` folder first and renames it into place
only when it is complete (a rename in one folder is atomic), removes the partial copy when the
copy fails, and says why in one sentence. The partial folder's name is noted in the student's
own cache first, so when a server dies mid-copy the student's next submit removes what it
left. It also refuses a quiz folder holding a link or a special file: a link to ``/dev/zero``
would otherwise fill the class's exchange. In a setgid ``inbound/`` (``make-exchange.sh``) a
submission is readable by the instructor's group only, not by classmates who learn its name.

**Collect** (:class:`OwnerCheckedCollect`).

nbgrader's file exchange names each submission ``<student>+<assignment>+<timestamp>+<random>``
in the shared ``inbound/`` folder. Any student can write there and pick any name (for
example ``nbgrader submit quiz --student=someone_else``); nbgrader 0.9.6 logs a warning and
collects it anyway, so a newer forged submission replaces the real one. On a hub where every
student is a real unix user, the folder's owner is the person who submitted it: this collector
keeps, for each student, only the newest submission that student owns (a link planted under a
classmate's name is not a folder anyone submitted, and is refused too). It names the students
whose submit never finished (a partial folder left behind) so the instructor can ask them again.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
import pwd
import secrets
import shutil
import stat

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import ignore_patterns

#: Start of the name of a submission still being copied; collect never takes these.
PARTIAL = ".partial"
#: nbgrader's file in each submission whose secret names the student's feedback file.
SECRET = "submission_secret.txt"
#: In the student's cache: the partial folders of submits that have not finished yet.
UNFINISHED = "unfinished-submissions.txt"
#: How nbgrader 0.9.6 leaves a submission folder: files 0644, folders 0755, the top folder
#: 0777 so the instructor can delete it later; only its random name keeps it from classmates.
NBGRADER_MODES = (0o644, 0o755, 0o777)
#: In a setgid inbound/ (make-exchange.sh, nbgrader's release) a submission belongs to the
#: instructor's group: readable and removable by that group, nothing for other students even
#: when they learn the folder's name (its submission_secret.txt names the student's feedback).
GROUP_MODES = (0o640, 0o770, 0o770)
FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full(exc: OSError) -> bool:
    """True when a copy failed because the disk (or the user's quota) is full.

    ``shutil.copytree`` gathers the errors of single files into one ``shutil.Error`` that
    keeps only their messages, so those are matched too.
    """
    if exc.errno in FULL:
        return True
    return isinstance(exc, shutil.Error) and any(os.strerror(e) in str(exc) for e in FULL)


def not_ordinary(folder: str, ignore: list[str]) -> str | None:
    """The first entry below ``folder`` that is a link or a special file (None if none).

    Entries nbgrader leaves out of a submission (``ignore`` patterns) are not looked at.
    """
    for here, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not any(fnmatch.fnmatch(d, p) for p in ignore)]
        for name in dirs + files:
            if any(fnmatch.fnmatch(name, p) for p in ignore):
                continue
            mode = os.lstat(os.path.join(here, name)).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return os.path.relpath(os.path.join(here, name), folder)
    return None


class AtomicSubmit(ExchangeSubmit):
    """nbgrader's submit, but a submission appears in ``inbound/`` whole or not at all."""

    def _unfinished(self, add: str = "", remove: str = "") -> list[str]:
        """The partial folders noted in the student's cache, after adding/removing one."""
        path = os.path.join(self.cache_path, UNFINISHED)
        try:
            with open(path, encoding="utf-8") as fh:
                names = [n.strip() for n in fh if n.strip()]
        except FileNotFoundError:
            names = []
        names = [n for n in names if n != remove] + ([add] if add else [])
        os.makedirs(self.cache_path, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("".join(n + "\n" for n in names))
            fh.flush()
            os.fsync(fh.fileno())
        return names

    def _remove_unfinished(self) -> None:
        """Remove what earlier submits of this student left half-written (a server died)."""
        for name in self._unfinished():
            if name.startswith(PARTIAL + "+") and os.sep not in name:
                shutil.rmtree(os.path.join(self.inbound_path, name), ignore_errors=True)
                if not os.path.lexists(os.path.join(self.inbound_path, name)):
                    self._unfinished(remove=name)

    def _copy_into(self, partial: str, stamps: dict[str, str]) -> None:
        """Copy the quiz folder into ``partial``, with nbgrader's stamps and size limits.

        ``partial`` is made first and the stamps written into it before the copy: in a setgid
        ``inbound/`` everything made inside it then belongs to the instructor's group (the
        copy's final chmod of the top folder drops its setgid bit, so nothing may be added
        after it). The student's own files of those names are left out, as nbgrader's stamps
        replace them.
        """
        size = self.get_size(self.src_path)
        if size > 1000 * self.coursedir.max_dir_size:
            self.fail(
                f"Your quiz folder holds {size // 1_000_000} MB, more than the course allows "
                f"({self.coursedir.max_dir_size // 1000} MB): remove large files you added and "
                "submit again."
            )
        os.mkdir(partial)
        for name, text in stamps.items():
            with open(os.path.join(partial, name), "w") as fh:
                fh.write(text)
        nbgrader_ignore = ignore_patterns(
            exclude=self.coursedir.ignore,
            include=self.coursedir.include,
            max_file_size=self.coursedir.max_file_size,
            log=self.log,
        )

        def ignore(folder: str, names: list[str]) -> set[str]:
            left_out = set(nbgrader_ignore(folder, names))
            if os.path.samefile(folder, self.src_path):
                left_out |= set(stamps) & set(names)
            return left_out

        shutil.copytree(self.src_path, partial, ignore=ignore, dirs_exist_ok=True)

    def copy_files(self) -> None:
        self.init_release()
        self._remove_unfinished()
        odd = not_ordinary(self.src_path, list(self.coursedir.ignore))
        if odd:
            self.fail(
                f"Your quiz folder holds {odd}, which is a link or a special file, not an "
                "ordinary file: delete it and submit again."
            )
        final = os.path.join(self.inbound_path, self.assignment_filename)
        partial = os.path.join(
            self.inbound_path,
            f"{PARTIAL}+{self.coursedir.assignment_id}+{secrets.token_urlsafe(12)}",
        )
        submission_secret = secrets.token_hex(64)
        self.log.info("Source: %s", self.src_path)
        self.log.info("Destination: %s", final)
        self.check_filename_diff()
        self._unfinished(add=os.path.basename(partial))
        try:
            self._copy_into(partial, {"timestamp.txt": self.timestamp, SECRET: submission_secret})
            private = os.stat(self.inbound_path).st_mode & stat.S_ISGID
            file_mode, dir_mode, top_mode = GROUP_MODES if private else NBGRADER_MODES
            self.set_perms(partial, fileperms=file_mode, dirperms=dir_mode)
            os.chmod(partial, top_mode)
            os.rename(partial, final)  # the submission appears whole, or not at all
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            self._unfinished(remove=os.path.basename(partial))
            if disk_full(exc):
                self.fail(
                    "The course exchange is full, so your quiz was not submitted (nothing of "
                    "it was kept): tell your instructor, and submit again once they have made "
                    "room."
                )
            self.fail(
                f"Your quiz could not be written to the course exchange ({exc.strerror}), so "
                "it was not submitted (nothing of it was kept): submit again, and tell your "
                "instructor if it happens twice."
            )
        self._unfinished(remove=os.path.basename(partial))
        # The cache copy (in the student's own home) names the feedback file later.
        cache = os.path.join(self.cache_path, self.assignment_filename.rsplit("+", 1)[0])
        os.makedirs(self.cache_path, exist_ok=True)
        self.do_copy(self.src_path, cache)
        for name, text in [("timestamp.txt", self.timestamp), (SECRET, submission_secret)]:
            with open(os.path.join(cache, name), "w") as fh:
                fh.write(text)
        self.log.info(
            "Submitted as: %s %s %s",
            self.coursedir.course_id,
            self.coursedir.assignment_id,
            self.timestamp,
        )


#: Where the stable uids of hub users start (above any system or site account).
UID_BASE = 1_000_000
#: How many uids the mapping spreads the names over.
UID_SPAN = 2**30


def student_uid(name: str) -> int:
    """The uid a hub user's pod runs as on Kubernetes: the same on every pod and restart.

    Derived from the name alone, so the instructor's pod can check who owns a submission
    without a user database. Two names can land on the same uid (for 300 users the chance is
    about 4 in 100,000); the hub refuses to start the second one's server (``uid_collisions``).
    """
    import hashlib

    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return UID_BASE + int.from_bytes(digest[:8], "big") % UID_SPAN


def uid_collisions(names: list[str]) -> dict[int, list[str]]:
    """The uids that more than one of ``names`` maps to, with those names (sorted)."""
    by_uid: dict[int, list[str]] = {}
    for name in sorted(set(names)):
        by_uid.setdefault(student_uid(name), []).append(name)
    return {uid: group for uid, group in by_uid.items() if len(group) > 1}


def owner_name(path: str) -> str:
    """The unix user name that owns ``path`` itself ("uid <n>" when the uid has no name)."""
    uid = os.lstat(path).st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


class OwnerCheckedCollect(ExchangeCollect):
    """Collect only submissions whose folder is owned by the student they name."""

    def _path_to_record(self, path: str) -> dict:
        record = super()._path_to_record(path)
        owner = owner_name(path)
        if os.path.islink(path) or not os.path.isdir(path):
            record["owner_ok"] = False
            self.log.error(
                "Skipping %s: it is a link or a file planted by %s, not a submitted folder.",
                record["filename"],
                owner,
            )
            return record
        if os.environ.get("VENOUS_EXCHANGE_UIDS") == "from-name":
            # Kubernetes: no shared user database; each pod's uid is student_uid(name).
            record["owner_ok"] = os.lstat(path).st_uid == student_uid(record["username"])
        else:
            record["owner_ok"] = owner == record["username"]
        if not record["owner_ok"]:
            self.log.error(
                "Skipping %s: it claims to be from %s but was submitted by %s.",
                record["filename"],
                record["username"],
                owner,
            )
        return record

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        # Genuine submissions first (newest first), forged ones after them.
        return sorted(
            records, key=lambda r: (r.get("owner_ok", True), r["timestamp"]), reverse=True
        )

    def init_src(self) -> None:
        super().init_src()
        self.src_records = [r for r in self.src_records if r.get("owner_ok", True)]
        pattern = os.path.join(self.inbound_path, f"{PARTIAL}+{self.coursedir.assignment_id}+*")
        for student in sorted({owner_name(p) for p in glob.glob(pattern)}):
            self.log.warning(
                "%s started submitting %s but it never finished (their server stopped or the "
                "exchange was full); nothing of it is collected: ask them to submit again.",
                student,
                self.coursedir.assignment_id,
            )
