"""The repository itself: what a pull request may not slip in, and what a source archive needs."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT


def test_no_file_git_ignores_is_tracked():
    """A force-added file under an ignored path (a cache under build/, say) is how a pull request
    plants a file the build reads without anyone reviewing it. `make check` fails on it too."""
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("not a git checkout (a source archive)")
    tracked = subprocess.run(["git", "ls-files", "-ci", "--exclude-standard"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split("\n")
    assert [path for path in tracked if path] == []


def test_make_check_fails_on_a_tracked_ignored_file(tmp_path):
    if not shutil.which("git"):
        pytest.skip("no git")
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    (repo / ".gitignore").write_text("/build/\n", encoding="utf-8")
    (repo / "build").mkdir()
    (repo / "build" / "cache.pickle").write_bytes(b"hostile")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-f", "Makefile", ".gitignore", "build/cache.pickle"], cwd=repo, check=True)
    result = subprocess.run(["make", "-s", "check-tracked"], cwd=repo, capture_output=True, text=True)
    assert result.returncode != 0 and "build/cache.pickle" in result.stderr


def test_outside_git_the_makefile_exports_no_empty_source_date_epoch(tmp_path):
    """In a source archive (no .git) `git log` gives nothing: an empty SOURCE_DATE_EPOCH broke
    MkDocs's build date (and building an sdist). Exported only when known."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    env_probe = "probe: ; @echo \"[$${SOURCE_DATE_EPOCH-unset}]\""
    # a clean environment: this suite may itself run under make (MAKEFLAGS, SOURCE_DATE_EPOCH …)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    probe = ["make", "-s", "--no-print-directory", "--eval", env_probe, "probe"]
    outside = subprocess.run(probe, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert outside.stdout.strip() == "[unset]", outside.stdout + outside.stderr
    given = subprocess.run([*probe, "SOURCE_DATE_EPOCH=1700000000"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert given.stdout.strip() == "[1700000000]", given.stdout + given.stderr
