"""An nbgrader collector that refuses submissions filed under someone else's name.

nbgrader's file exchange names each submission ``<student>+<assignment>+<timestamp>+<random>``
in the shared ``inbound/`` folder. Any student can write there and pick any name (for
example ``nbgrader submit quiz --student=someone_else``); nbgrader 0.9.6 logs a warning and
collects it anyway, so a newer forged submission replaces the real one. On a hub where every
student is a real unix user, the folder's owner is the person who submitted it: this collector
keeps, for each student, only the newest submission that student owns.
"""

from __future__ import annotations

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect


def owner_name(path: str) -> str:
    """The unix user name that owns ``path`` ("uid <n>" when the uid has no name)."""
    uid = os.stat(path).st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


class OwnerCheckedCollect(ExchangeCollect):
    """Collect only submissions whose folder is owned by the student they name."""

    def _path_to_record(self, path: str) -> dict:
        record = super()._path_to_record(path)
        owner = owner_name(path)
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
