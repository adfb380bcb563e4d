"""Did a change to the editorial data get its CHANGELOG entry? (``township-reader changelog``)

Compares the project with the commit it branched from (``git merge-base BASE HEAD``): the files
of ``seeds/`` that differ (committed, staged, or not yet committed, and new files), and the
entries of ``seeds/changelog.yml`` that are new. Every kind of editorial change among the files
needs a new entry of its kind; a note or a conversion override, one that names its text
(:func:`township_reader.enrich.changelog.missing_entries`). CI runs it on every pull request,
with the pull request's target branch as BASE (the checkout fetches the history for it).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from township_reader.datafile import DataError, load_yaml
from township_reader.enrich.changelog import load_changelog, missing_entries, parse_changelog

CHANGELOG = "seeds/changelog.yml"


class GitError(Exception):
    """git could not answer (not a checkout, or BASE unknown): the message says what to do."""


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    if done.returncode:
        raise GitError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def changed_files(root: Path, base: str) -> tuple[str, list[str]]:
    """The commit the work branched from ``base`` at, and the files of ``seeds/`` changed since."""
    fork = _git(root, "merge-base", base, "HEAD").strip()
    changed = set(_git(root, "diff", "--name-only", fork, "--", "seeds").split("\n"))
    changed |= set(_git(root, "ls-files", "--others", "--exclude-standard", "--", "seeds").split("\n"))
    return fork, sorted(p for p in changed if p)


def changelog_problems(root: Path, base: str) -> list[str]:
    """What the CHANGELOG fails to say of the editorial data changed since ``base``."""
    fork, changed = changed_files(root, base)
    try:
        before_text = _git(root, "show", f"{fork}:{CHANGELOG}")
    except GitError:
        before_text = ""  # the changelog is new
    before = parse_changelog(load_yaml(CHANGELOG, text=before_text, shown=f"{CHANGELOG} at {fork[:7]}"),
                             f"{CHANGELOG} at {fork[:7]}")
    after = load_changelog(root / CHANGELOG, CHANGELOG)
    problems = [f"{CHANGELOG}: {problem}" for problem in missing_entries(changed, before, after)]
    # A new entry names texts that exist (an old one may name a text since removed): the texts of
    # the committed docs/, one TEI file each.
    known = {p.name.removesuffix(".tei.xml") for p in (root / "docs" / "exports").glob("*.tei.xml")}
    old = {e.key() for e in before}
    for entry in after:
        for text_id in entry.texts:
            if entry.key() not in old and known and text_id not in known:
                problems.append(f"{CHANGELOG}:{entry.line}: no text with id '{text_id}' — "
                                "`township-reader annotate --list` lists the ids")
    return problems


__all__ = ["DataError", "GitError", "changed_files", "changelog_problems"]
