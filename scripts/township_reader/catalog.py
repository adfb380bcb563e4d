"""The corpus catalogue (``seeds/catalog.yml``): which raw text is which text id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .datafile import DataError, LineDict, LineList, load_yaml, require_keys

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class CatalogEntry:
    file: str
    id: str
    articles: tuple[str, ...] = ()


def slug_from_file_name(name: str) -> str:
    """A text id for a raw text the catalogue does not list.

    >>> slug_from_file_name("005_New Text(1).txt")
    '005-new-text-1'
    """
    stem = Path(name).stem.lower()
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "text"


def load_catalog(path: Path) -> dict[str, CatalogEntry]:
    """Entries by file name; a missing catalogue is an empty one."""
    if not path.exists():
        return {}
    data = load_yaml(path)
    if not isinstance(data, LineList):
        raise DataError(path, 1, "the catalogue is a YAML list of entries ('- file: …')")
    entries: dict[str, CatalogEntry] = {}
    ids: set[str] = set()
    for item, line in zip(data, data.item_lines, strict=True):
        if not isinstance(item, LineDict):
            raise DataError(path, line, "each entry is a mapping with 'file' and 'id'")
        require_keys(path, item, {"file", "id", "articles"}, {"file", "id"}, "catalogue entry")
        articles = tuple(item.get("articles") or ())
        for text_id in (item["id"], *articles):
            if not ID_PATTERN.match(str(text_id)):
                raise DataError(path, item.line, f"id '{text_id}' must be lowercase ASCII letters, digits and hyphens")
            if text_id in ids:
                raise DataError(path, item.line, f"id '{text_id}' is used twice — ids must be unique")
            ids.add(text_id)
        entries[str(item["file"])] = CatalogEntry(str(item["file"]), str(item["id"]), articles)
    return entries
