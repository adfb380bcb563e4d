"""Where the build keeps its caches: outside the work tree.

Two caches hold code: Jinja's compiled templates (``site_hooks.py``; loading one unpickles its
header and runs its bytecode) and the conversions ``convert.py --incremental`` reuses (pickles).
Kept in the repository's ``build/``, a file a pull request force-adds there ran on the machine
that built the site, the publishing job included. Outside the work tree, only code that already
runs on the machine can write them. They live in ``$XDG_CACHE_HOME/township-reader/`` (default
``~/.cache/township-reader/``), one folder per checkout; ``make clean`` removes them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "township-reader"


def cache_dir(kind: str, root: Path = ROOT) -> Path | None:
    """This checkout's cache folder for ``kind`` ("jinja", "convert"), created; None if it cannot
    be (no writable home: the build then runs without the cache) or if it would lie inside the
    work tree (XDG_CACHE_HOME pointing into it), where a committed file could pose as a cache."""
    checkout = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    try:
        path = cache_root() / checkout / kind
        if path.resolve().is_relative_to(root.resolve()):
            return None
        path.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: Path.home() without a home
        return None
    return path
