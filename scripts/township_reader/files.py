"""Writing files so that nothing is ever half-written, and the caches kept outside the work tree.

One file is written with :func:`write_new` (a temporary name beside it, then a rename); a folder
of outputs is replaced whole with :func:`replacing`.

Replacing a folder of outputs whole (``docs/``, ``site/``, a ``--out`` folder), so that no
interruption leaves it half-written, missing or mixed with another run's.

A replacement is built in a staging folder beside its target (``.docs.new-…``) and swapped in
by two renames: the target to ``.docs.old-…``, the staging folder to the target. A run that is
killed leaves at most those folders behind; the next run on the same target puts the old one
back if the target is missing (killed between the renames) and removes the rest before it
starts. A lock beside the target (``.docs.lock``, held with ``flock`` for the whole run, and
released by the system when a process dies) keeps two runs from building, swapping or
cleaning up at once, and a reader (the site build reading ``docs/``) from seeing a swap.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _sibling(target: Path, kind: str) -> str:
    return f".{target.name}.{kind}"


def lock_path(target: Path) -> Path:
    return target.parent / _sibling(target, "lock")


@contextlib.contextmanager
def locked(target: Path, shared: bool = False) -> Iterator[None]:
    """Hold ``target``'s lock (exclusive, or shared for a reader) until the block ends; first,
    put right what an interrupted run left (:func:`recover`). Waits for a run that holds it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another run that is writing {target.name}/ ({lock_path(target).name})", file=sys.stderr)
            fcntl.flock(fd, fcntl.LOCK_EX)
        recover(target)
        if shared:
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def recover(target: Path) -> None:
    """Undo what an interrupted replacement of ``target`` left: if ``target`` is missing (killed
    between the two renames), the previous one is put back; staging and old folders are removed.
    Call with the lock held."""
    olds = sorted(target.parent.glob(_sibling(target, "old-*")), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists() and not target.is_symlink():
        olds.pop().rename(target)
    for stale in [*olds, *target.parent.glob(_sibling(target, "new-*"))]:
        shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def replacing(target: Path, keep_existing: bool = False) -> Iterator[Path]:
    """An empty folder beside ``target`` to build its replacement in (with ``keep_existing``, one
    holding hard links to the files ``target`` holds now, for new files to be added to); put in
    ``target``'s place by two renames when the block ends, or removed if it raises (``target`` is
    then left as it was). The lock is held throughout."""
    with locked(target):
        staging = Path(tempfile.mkdtemp(prefix=_sibling(target, "new-"), dir=target.parent))
        try:
            if keep_existing and target.is_dir():
                _link_tree(target, staging)
            staging.chmod(target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_umask())
            yield staging
            swap_in(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` in ``target``'s place (two renames; :func:`recover` finishes the job if a
    kill comes between them) and remove the old one."""
    old = target.parent / _sibling(target, f"old-{os.getpid()}-{time.monotonic_ns()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _link_tree(source: Path, copy: Path) -> None:
    """``copy`` gets ``source``'s folders and, as hard links, its files (copies where links fail).
    Safe because every file of a replacement is written new, never changed in place."""
    for folder, dirs, files in os.walk(source):
        here = copy / Path(folder).relative_to(source)
        for name in dirs:
            (here / name).mkdir()
        for name in files:
            try:
                os.link(Path(folder) / name, here / name, follow_symlinks=False)
            except OSError:
                shutil.copy2(Path(folder) / name, here / name, follow_symlinks=False)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------- caches
#
# Two caches hold code: Jinja's compiled templates (publish/hooks.py; loading one unpickles its
# header and runs its bytecode) and the conversions ``convert --incremental`` reuses (pickles).
# Kept in the repository's ``build/``, a file a pull request force-adds there ran on the machine
# that built the site, the publishing job included. Outside the work tree, only code that already
# runs on the machine can write them. They live in ``$XDG_CACHE_HOME/township-reader/`` (default
# ``~/.cache/township-reader/``), one folder per checkout; ``make clean`` removes them.

def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "township-reader"


def cache_dir(kind: str, root: Path) -> Path | None:
    """This checkout's cache folder for ``kind`` ("jinja", "convert"), created; None if it cannot
    be (no writable home: the build then runs without the cache) or if it would lie inside the
    work tree (XDG_CACHE_HOME pointing into it), where a committed file could pose as a cache."""
    checkout = content_key(str(root.resolve()))[:16]
    try:
        path = cache_root() / checkout / kind
        if path.resolve().is_relative_to(root.resolve()):
            return None
        path.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home
        return None
    return path


# ----------------------------------------------------------------------------- files


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: into a temporary file beside it, renamed into place,
    so that a reader (or an interrupted run) sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's files are private; these are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` (atomically) unless it holds exactly that; whether it wrote.
    An unchanged file keeps its modification time, so ``mkdocs build --dirty`` leaves its page be."""
    data = content.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:  # sizes first: no read
            return False
    except FileNotFoundError:
        pass
    write_new(path, data)
    return True


def content_key(*parts: object) -> str:
    """A key for everything a cached result depends on: the SHA-256 of ``parts`` (strings, bytes,
    or sequences of them, each delimited), in hex.

    >>> content_key("a", "bc") != content_key("ab", "c")
    True
    """
    digest = hashlib.sha256()

    def add(part: object) -> None:
        if isinstance(part, (list, tuple)):
            digest.update(b"[")
            for item in part:
                add(item)
            digest.update(b"]")
            return
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)

    for part in parts:
        add(part)
    return digest.hexdigest()
