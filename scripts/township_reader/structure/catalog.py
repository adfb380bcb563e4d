"""The corpus catalogue (``seeds/catalog.yml``): which raw text is which text id."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from township_reader.datafile import DataError, LineDict, LineList, load_yaml, require_keys

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class CatalogEntry:
    file: str
    id: str
    articles: tuple[str, ...] = ()
    # why the cleaning may remove more than report.MAX_REMOVED_SHARE of this seed's Han characters
    acknowledge_removal: str = ""


def slug_from_file_name(name: str) -> str:
    """A text id for a raw text the catalogue does not list: its name's ASCII letters and digits,
    and, if the name has other characters (Chinese), a short hash of the name, so that two
    Chinese names do not both become ``text``, nor 005_镇长.txt and 005_书记.txt ``005``.

    >>> slug_from_file_name("005_New Text(1).txt")
    '005-new-text-1'
    >>> slug_from_file_name("镇长讲话.txt"), slug_from_file_name("书记讲话.txt"), slug_from_file_name("005_镇长.txt")
    ('text-724a0f11', 'text-0078c45e', '005-0b15c0be')
    """
    stem = unicodedata.normalize("NFC", Path(name).stem)  # one name, however the file system spells it
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if stem.isascii():
        return slug or "text"
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'text'}-{digest}"


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
        require_keys(path, item, {"file", "id", "articles", "acknowledge_removal"}, {"file", "id"}, "catalogue entry")
        articles = tuple(item.get("articles") or ())
        for text_id in (item["id"], *articles):
            if not ID_PATTERN.match(str(text_id)):
                raise DataError(path, item.line, f"id '{text_id}' must be lowercase ASCII letters, digits and hyphens")
            if text_id in ids:
                raise DataError(path, item.line, f"id '{text_id}' is used twice — ids must be unique")
            ids.add(text_id)
        entries[str(item["file"])] = CatalogEntry(str(item["file"]), str(item["id"]), articles,
                                                  str(item.get("acknowledge_removal") or "").strip())
    return entries
