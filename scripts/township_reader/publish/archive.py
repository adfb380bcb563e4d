"""The corpus archive (``exports/township-reader-corpus.zip``): made from ``docs/`` as it is, when
the site is built, and written into the Simplified edition's folder (both editions link it).

The archive is not committed with ``docs/``: a binary that changes with every text would swell the
repository, and it holds nothing ``docs/`` does not. Its bytes depend on ``docs/`` alone (fixed
times and order, :func:`township_reader.render.exports.corpus_archive`), so two builds of one commit
give the same archive. The downloads page of each edition shows its size.
"""

from __future__ import annotations

import functools
from pathlib import Path

from township_reader.render.exports import corpus_archive
from township_reader.render.pages import ARCHIVE, ARCHIVE_SIZE_MARK, fmt_size


def docs_root(docs_dir: str | Path, edition: str) -> Path:
    """The folder of both editions' docs (the Traditional edition's is its ``hant/`` folder)."""
    docs = Path(docs_dir)
    return docs.parent if edition == "hant" else docs


@functools.lru_cache(maxsize=2)
def archive_bytes(root: Path, stamp: tuple[tuple[str, int, int], ...]) -> bytes:
    """The archive of ``root`` (``stamp``: its files' paths, sizes and times, so a changed docs/
    gives a new archive in a long-running ``serve``)."""
    return corpus_archive(lambda path: (root / path).read_bytes(), [path for path, _size, _time in stamp])


def corpus_archive_of(root: Path) -> bytes:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    stamp = tuple((p.relative_to(root).as_posix(), (s := p.stat()).st_size, s.st_mtime_ns) for p in files)
    return archive_bytes(root, stamp)


def fill_size(markdown: str, root: Path) -> str:
    """The downloads page with the archive's size written in (its element carries ARCHIVE_SIZE_MARK)."""
    mark = f"{ARCHIVE_SIZE_MARK}></span>"
    if mark not in markdown:
        return markdown
    return markdown.replace(mark, f"{ARCHIVE_SIZE_MARK}>{fmt_size(len(corpus_archive_of(root)))}</span>")


def write_archive(root: Path, site: Path) -> Path:
    target = site / ARCHIVE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(corpus_archive_of(root))
    return target
