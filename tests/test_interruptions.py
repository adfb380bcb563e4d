"""Interruptions: a run killed at any moment loses nothing already written, and the next run
puts right what it left (issue 18: site/ emptied, docs/ missing, .docs.new-* trees in the
repository, an .md without its .json, two runs at once).

The kills are real (SIGKILL, or ``os._exit`` at a chosen system call), in a copy of the project.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

PYTHON = str(ROOT / ".venv" / "bin" / "python")
ESSAY = SEEDS / "000_1d6332c7d5c87aac.txt"
SPEECH = SEEDS / "002_5eef2dcfcacf4ebd.txt"


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path, name: str) -> list[str]:
    """What a replacement of ``folder/name`` left beside it: staging and old trees (not the lock)."""
    return sorted(p.name for p in folder.glob(f".{name}.*") if p.name != f".{name}.lock")


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    for name in ("scripts", "seeds", "overrides", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def kill_when(process: subprocess.Popen, ready, timeout: float = 60) -> None:
    """SIGKILL ``process`` as soon as ``ready()`` is true (polled every millisecond)."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"the run ended (exit {process.returncode}) before the moment to kill it")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the moment to kill the run never came")
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.wait()


def run_with_exit_at(root: Path, script: str, args: list[str], calls: tuple[str, ...], nth: int,
                     cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/<script>`` and end its process (``os._exit``, as a kill would: nothing
    cleans up) on its ``nth`` call of the ``os`` functions ``calls`` (rename, replace)."""
    wrapper = (
        "import os, runpy, sys\n"
        "count = [0]\n"
        f"for name in {calls!r}:\n"
        "    real = getattr(os, name)\n"
        "    def patched(*a, _real=real, **k):\n"
        "        count[0] += 1\n"
        f"        if count[0] == {nth}:\n"
        "            os._exit(9)\n"
        "        return _real(*a, **k)\n"
        "    setattr(os, name, patched)\n"
        f"sys.argv = [{str(root / 'scripts' / script)!r}, *{args!r}]\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n"
    )
    return subprocess.run([PYTHON, "-c", wrapper], cwd=cwd or root, capture_output=True, text=True, timeout=300)


def test_a_killed_site_build_leaves_the_last_complete_site_and_the_next_run_cleans_up(project):
    """Killed once the Simplified edition is written (the Traditional not yet): site/ is the last
    complete build, not an emptied folder nor one edition (7 of 10 kills, before)."""
    build = [PYTHON, "-m", "township_reader.cli", "build"]
    subprocess.run(build, cwd=project, check=True, capture_output=True, timeout=300)
    site = project / "site"
    before = digest(site)
    started = time.time()

    def hans_written() -> bool:
        pages = [site / "index.html", *project.glob(".site.new-*/index.html")]
        return any(p.exists() and p.stat().st_mtime >= started for p in pages)

    kill_when(subprocess.Popen(build, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), hans_written)
    assert digest(site) == before, "site/ is not the last complete build"
    again = subprocess.run(build, cwd=project, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert digest(site) == before and leftovers(project, "site") == []


def test_a_killed_conversion_leaves_docs_whole_and_its_staging_tree_is_cleaned_and_ignored(project):
    convert = [PYTHON, str(project / "scripts" / "convert.py"), "-q"]
    subprocess.run(convert, check=True, timeout=300)
    before = digest(project / "docs")
    kill_when(subprocess.Popen(convert), lambda: bool(list(project.glob(".docs.new-*/reports"))))
    assert digest(project / "docs") == before
    assert leftovers(project, "docs"), "the kill came too late to leave a staging tree"
    if (ROOT / ".git").exists():  # not in a source archive
        ignored = subprocess.run(["git", "check-ignore", "--no-index", ".docs.lock",
                                  *(f"{name}/" for name in leftovers(project, "docs"))],
                                 cwd=ROOT, capture_output=True, text=True)
        assert ignored.returncode == 0 and len(ignored.stdout.split()) == len(leftovers(project, "docs")) + 1, \
            "git does not ignore what an interrupted run leaves in the repository"
    subprocess.run(convert, check=True, timeout=300)
    assert digest(project / "docs") == before and leftovers(project, "docs") == []


def test_a_kill_between_the_two_renames_of_the_swap_is_undone_by_the_next_run(project):
    """docs/ renamed away, the new tree not yet in its place: the next run (here `convert.py
    --check`, which reads it) finds docs/ as it was."""
    before = digest(project / "docs")
    code = ("import os, sys; sys.path.insert(0, 'scripts')\n"
            "from pathlib import Path\n"
            "import township_reader.build as build\n"
            "real, calls = Path.rename, []\n"
            "def rename(self, target):\n"
            "    calls.append(self)\n"
            "    if len(calls) == 2:\n"
            "        os._exit(9)\n"
            "    return real(self, target)\n"
            "Path.rename = rename\n"
            "build.write_docs({'index.md': 'new\\n'}, Path('docs').resolve())\n")
    died = subprocess.run([PYTHON, "-c", code], cwd=project, capture_output=True, text=True, timeout=120)
    assert died.returncode == 9, died.stderr
    assert not (project / "docs").exists(), "the kill did not come between the renames"
    check = subprocess.run([PYTHON, str(project / "scripts" / "convert.py"), "--check"], capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    assert digest(project / "docs") == before and leftovers(project, "docs") == []


def test_out_writes_every_text_together_or_not_at_all(project, tmp_path):
    """`convert.py FILE --out DIR`, killed at its second rename or replace: no text has its .md
    without its .json; the next run into the folder finds it as it was, plus the new texts."""
    out = tmp_path / "out"
    first = subprocess.run([PYTHON, str(project / "scripts" / "convert.py"), str(ESSAY), "--out", str(out), "-q"],
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    died = run_with_exit_at(project, "convert.py", [str(SPEECH), "--out", str(out), "-q"], ("rename", "replace"), 2)
    assert died.returncode == 9, died.stderr
    written = {p.name for p in out.glob("*.*")} if out.exists() else set()
    for text in ("zhenzhang", "jianghua"):
        assert (f"{text}.md" in written) == (f"{text}.json" in written), f"{text}: one file of the two: {written}"
    again = subprocess.run([PYTHON, str(project / "scripts" / "convert.py"), str(SPEECH), "--out", str(out), "-q"],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert {p.name for p in out.glob("*.*")} == {"zhenzhang.md", "zhenzhang.json", "jianghua.md", "jianghua.json"}
    assert leftovers(tmp_path, "out") == []


def test_a_second_run_waits_for_the_first(project):
    """Two conversions at once would build, swap and clean up over each other: the second waits
    for the first's lock (here held by the test), then runs."""
    lock = project / ".docs.lock"
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        waiting = subprocess.Popen([PYTHON, str(project / "scripts" / "convert.py"), "-q"],
                                   stderr=subprocess.PIPE, text=True)
        # until it says it waits (it converts first, then takes the lock to write docs/: on a busy
        # machine that can take longer than a fixed sleep), then a little longer
        said: list[str] = []
        reader = threading.Thread(target=lambda: said.extend(waiting.stderr), daemon=True)
        reader.start()
        deadline = time.monotonic() + 120
        while not any("waiting for another run" in line for line in said) and waiting.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1)
        still_running = waiting.poll() is None
        fcntl.flock(handle, fcntl.LOCK_UN)
    waiting.wait(timeout=300)
    reader.join(timeout=10)
    stderr = "".join(said)
    assert still_running, "the second run did not wait for the lock"
    assert waiting.returncode == 0 and "waiting for another run" in stderr
    assert os.path.isdir(project / "docs") and leftovers(project, "docs") == []


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
