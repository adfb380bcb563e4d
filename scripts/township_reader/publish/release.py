"""The release a build publishes, as a citation names it: the commit's date and short hash.

Taken when the site is built, from the checkout it is built from, as the Makefile takes
``SOURCE_DATE_EPOCH`` (so two builds of one commit say the same, and ``docs/``, which a commit
holds, never has to name its own commit). A build from a working tree with uncommitted changes is
marked ``+`` after the hash (``7f1cdb5+``), as ``git describe --dirty`` marks it; outside a git
checkout the release is read from the project's ``scripts/township_reader/publish/RELEASE``, which ``git archive``
fills in with the commit's time and short hash (``export-subst`` in ``.gitattributes``), so a
source archive of a commit publishes the same release as its checkout; failing that (a copy that
is neither), it is the date of ``SOURCE_DATE_EPOCH`` if that is set, and otherwise unknown (None:
a citation then names no release).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Release:
    date: str  # YYYY-MM-DD (UTC): the commit's date
    commit: str = ""  # its short hash, with "+" when the tree had uncommitted changes; "" if unknown

    def label(self) -> str:
        """How a citation names it.

        >>> Release("2026-12-07", "7f1cdb5").label(), Release("2026-12-07").label()
        ('2026-12-07 (7f1cdb5)', '2026-12-07')
        """
        return f"{self.date} ({self.commit})" if self.commit else self.date

    def as_json(self) -> dict[str, str]:
        return {"date": self.date, "commit": self.commit, "label": self.label()}


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30,
                              env={**os.environ, "TZ": "UTC", "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def current_release(root: Path) -> Release | None:
    """The release of the checkout at ``root``: its last commit's date and short hash."""
    found = _git(root, "log", "-1", "--format=%cd %h", "--date=format-local:%Y-%m-%d")
    if found:
        date, commit = found.split()
        changed = _git(root, "status", "--porcelain", "--untracked-files=no")
        return Release(date, commit + ("+" if changed else ""))
    release_file = root / ARCHIVE_FILE
    archived = archive_release(release_file.read_text(encoding="utf-8") if release_file.is_file() else "")
    if archived:
        return archived
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return Release(datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d"))
    return None


ARCHIVE_FILE = "scripts/township_reader/publish/RELEASE"  # in the project being built


def archive_release(text: str) -> Release | None:
    """The release ``git archive`` wrote into the ``RELEASE`` file (``$Format:%ct %h$`` filled in:
    the commit's time and short hash), or None while it is still the placeholder (a checkout).

    >>> archive_release("1796630400 7f1cdb5\\n"), archive_release("$Format:%ct %h$\\n")
    (Release(date='2026-12-07', commit='7f1cdb5'), None)
    """
    parts = text.split()
    if len(parts) != 2 or not parts[0].isdigit() or not parts[1].isalnum():
        return None
    return Release(datetime.fromtimestamp(int(parts[0]), UTC).strftime("%Y-%m-%d"), parts[1])
