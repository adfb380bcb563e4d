"""The CHANGELOG of editorial changes: ``seeds/changelog.yml``, kept by hand, one entry per change.

An editor who changes the texts, the corrections, the notes, the glossary, the conversion
overrides or the catalogue adds an entry in the same pull request, newest first::

    - date: 2026-12-08
      kind: note
      texts: [zhenzhang]
      summary: 为“罗阳镇”补注所属县份，出处为县志。

The site shows the entries on its 更新记录 page (both editions), each text's TEI lists those that
concern it in its change record, and every published build names its release (the commit's
date and hash): the entries dated up to that day are what it holds. On a pull request CI runs
``township-reader changelog --base <the target branch>`` (:mod:`township_reader.tools.changelog`):
if the editorial data changed and no new entry of that kind says so, it fails.

Schema: ``scripts/township_reader/schemas/changelog.schema.json``.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jsonschema

from township_reader.datafile import DataError, LineDict, LineList, load_yaml

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "changelog.schema.json"
KINDS = {"text": "文本", "correction": "校正", "note": "注释", "glossary": "术语", "conversion": "转换改定",
         "catalogue": "目录", "publishers": "发布者"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Entry:
    date: str
    kind: str
    summary: str
    texts: tuple[str, ...] = ()  # the texts it concerns; none: the corpus
    line: int = 0

    def key(self) -> tuple[str, str, str, tuple[str, ...]]:
        """What makes an entry the same one in two versions of the file."""
        return self.date, self.kind, self.summary, self.texts

    def concerns(self, text_id: str) -> bool:
        return not self.texts or text_id in self.texts


def load_changelog(path: Path, shown: str, text_ids: set[str] | None = None) -> list[Entry]:
    """The entries, newest first; a bad entry (or one out of order, or naming an unknown text when
    ``text_ids`` is given) is a DataError naming its line. No file: no entries."""
    if not path.exists():
        return []
    return parse_changelog(load_yaml(path, shown=shown), shown, text_ids)


def parse_changelog(data: object, shown: str, text_ids: set[str] | None = None) -> list[Entry]:
    if data is None:
        return []
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the changelog is a YAML list of entries, newest first ('- date: …')")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema["items"])
    entries: list[Entry] = []
    for item, line in zip(data, data.item_lines, strict=True):
        if not isinstance(item, LineDict):
            raise DataError(shown, line, "each entry is a mapping: date, kind, summary (and texts)")
        plain = {str(k): v for k, v in item.items()}
        if isinstance(plain.get("date"), datetime.date):  # YAML reads an unquoted 2026-12-07 as a date
            plain["date"] = plain["date"].isoformat()
        for err in sorted(validator.iter_errors(plain), key=lambda e: list(e.path)):
            key = str(err.path[0]) if err.path else ""
            where = item.line_of(key) if key else item.line
            if key == "kind":
                raise DataError(shown, where, f"unknown kind {plain.get('kind')!r} — use one of: {', '.join(KINDS)}")
            if key == "date":
                raise DataError(shown, where, "the date is YYYY-MM-DD, in quotes or not (the day of the change)")
            raise DataError(shown, where, f"{key + ': ' if key else ''}{err.message}")
        date = str(plain["date"])
        texts = tuple(str(t) for t in plain.get("texts") or ())
        for text_id in texts:
            if text_ids is not None and text_id not in text_ids:
                raise DataError(shown, item.line_of("texts"), f"no text with id '{text_id}' — "
                                                              "`township-reader annotate --list` lists the ids")
        if entries and date > entries[-1].date:
            raise DataError(shown, item.line_of("date"), f"{date} is after the entry above it ({entries[-1].date}) — "
                                                         "the newest entries come first")
        entries.append(Entry(date, str(plain["kind"]), str(plain["summary"]).strip(), texts, item.line))
    return entries


def data_kind(path: str) -> tuple[str, str | None] | None:
    """The kind of editorial change a changed file of the project is, and the text it concerns when
    its name says (a note file, a conversion-overrides file); None if it is not editorial data.

    >>> data_kind("seeds/annotations/zhenzhang.yml"), data_kind("seeds/002_5eef2dcfcacf4ebd.txt"), data_kind("docs/x.md")
    (('note', 'zhenzhang'), ('text', None), None)
    """
    parts = PurePosixPath(path).parts
    if len(parts) < 2 or parts[0] != "seeds" or PurePosixPath(path).name == "README.md":
        return None
    if len(parts) == 2:
        name = parts[1]
        if name.endswith(".txt"):
            return "text", None
        return {"catalog.yml": ("catalogue", None), "glossary.yml": ("glossary", None),
                "publishers.yml": ("publishers", None)}.get(name)
    folder, stem = parts[1], PurePosixPath(path).stem
    if folder == "annotations":
        return "note", stem
    if folder == "conversion":
        return "conversion", stem
    if folder == "corrections":
        return "correction", None
    return None  # seeds/anchors/ is written by the conversion


def missing_entries(changed: list[str], before: list[Entry], after: list[Entry]) -> list[str]:
    """What the new entries (in ``after``, not in ``before``) fail to say of the ``changed`` files:
    one line per kind (and text) of change no new entry covers."""
    known = {e.key() for e in before}
    new = [e for e in after if e.key() not in known]
    needed: dict[tuple[str, str | None], list[str]] = {}
    for path in changed:
        found = data_kind(path)
        if found:
            needed.setdefault(found, []).append(path)
    problems = []
    for (kind, text_id), paths in sorted(needed.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        covered = any(e.kind == kind and (text_id is None or e.concerns(text_id)) for e in new)
        if not covered:
            about = f", texts: [{text_id}]" if text_id else ""
            problems.append(f"{', '.join(paths)} changed, and no new entry of kind '{kind}'{about} says so — add one "
                            f"at the top (date, kind: {kind}{about}, summary)")
    return problems
