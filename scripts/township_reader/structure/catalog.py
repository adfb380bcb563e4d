"""The corpus catalogue (``seeds/catalog.yml``): which raw text is which text id, and what the
editors record about each text: its short title, and what they infer about its date, place,
author and genre, each with the evidence that argues it.

Schema: ``scripts/township_reader/schemas/catalog.schema.json``. A bad entry fails with the file,
the line and what to do. Evidence names anchors (a note's id, ``note-…``, or a paragraph's,
``p-…``) of the text's page: the enrich stage checks them once the notes are anchored.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from township_reader.datafile import DataError, LineDict, LineList, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "catalog.schema.json"

# What the editors may infer about a text, in the order a reader meets it; labels in Simplified.
INFERENCES = {
    "date": ("写作年代", "Date"),
    "place": ("地点", "Place"),
    "author_role": ("作者身份", "Author"),
    "genre": ("体裁", "Genre"),
}
TEXT_KEYS = {"id", "short_title", *INFERENCES}
ENTRY_KEYS = {"file", "acknowledge_removal", "articles", *TEXT_KEYS}


@dataclass(frozen=True)
class Inference:
    """What the editors infer about a text (in Chinese, and in English for the English summary),
    and the anchors on the text's page that argue it: its notes or its own paragraphs."""

    zh: str
    en: str
    evidence: tuple[str, ...]
    line: int = 0
    path: str = "seeds/catalog.yml"  # where it was read, for messages


@dataclass(frozen=True)
class TextInfo:
    """The catalogue's record of one text (or of a compilation)."""

    id: str
    short_title: dict[str, str] = field(default_factory=dict)  # "zh" (Simplified), "zh-Hant" (optional), "en"
    inferences: dict[str, Inference] = field(default_factory=dict)  # by key of INFERENCES
    line: int = 0


@dataclass(frozen=True)
class CatalogEntry:
    file: str
    id: str
    articles: tuple[str, ...] = ()
    # why the cleaning may remove more than report.MAX_REMOVED_SHARE of this seed's Han characters
    acknowledge_removal: str = ""
    info: dict[str, TextInfo] = field(default_factory=dict)  # by text id: the entry's own and its articles'
    path: str = "seeds/catalog.yml"  # where it was read, for messages


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


def _validate(validator: jsonschema.Draft202012Validator, item: LineDict, shown: str, what: str, keys: set[str]) -> None:
    """The schema's first complaint about ``item``, located to its key's line, saying what to do."""
    plain = json.loads(json.dumps(item, default=str))
    errors = [e for e in validator.iter_errors(plain)
              if not (keys is ENTRY_KEYS and len(e.path) > 1 and e.path[0] == "articles")]  # each article: its own line
    for err in sorted(errors, key=lambda e: [str(p) for p in e.path]):
        key = str(err.path[0]) if err.path else ""
        line = item.line_of(key) if key else item.line
        if err.validator == "additionalProperties" and not err.path:
            unknown = sorted(set(plain) - keys)
            raise DataError(shown, item.line_of(unknown[0]) if unknown else line,
                            f"unknown key '{unknown[0] if unknown else '?'}' in {what} — allowed keys: {', '.join(sorted(keys))}")
        if err.validator == "required" and not err.path:
            raise DataError(shown, line, f"{what} {err.message} — add it")
        where = "/".join(str(p) for p in err.path)
        hint = {"short_title": "give zh (Simplified, a few characters) and en",
                **{k: "give zh, en and evidence (note or paragraph ids of this text's page)" for k in INFERENCES}}.get(key, "")
        raise DataError(shown, line, f"'{where}': {err.message}" + (f" — {hint}" if hint else ""))


def _text_info(item: LineDict, text_id: str, shown: str) -> TextInfo:
    short = {str(k): str(v).strip() for k, v in (item.get("short_title") or {}).items()}
    inferences = {}
    for key in INFERENCES:
        value = item.get(key)
        if value:
            inferences[key] = Inference(str(value["zh"]).strip(), str(value["en"]).strip(),
                                        tuple(str(e) for e in value["evidence"]), item.line_of(key), shown)
    return TextInfo(text_id, short, inferences, item.line)


def load_catalog(path: Path, shown: str | None = None) -> dict[str, CatalogEntry]:
    """Entries by file name; a missing catalogue is an empty one."""
    if not path.exists():
        return {}
    shown = shown or str(path)
    data = load_yaml(path, shown=shown)
    if data is None:
        return {}
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the catalogue is a YAML list of entries ('- file: …')")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # an entry and an article checked on their own (so a message names their line), with the definitions they refer to
    validator = jsonschema.Draft202012Validator({**schema["items"], "$defs": schema["$defs"]})
    article_validator = jsonschema.Draft202012Validator({**schema["$defs"]["article"], "$defs": schema["$defs"]})
    entries: dict[str, CatalogEntry] = {}
    ids: set[str] = set()

    def claim(text_id: str, line: int) -> None:
        if not ID_PATTERN.match(text_id):
            raise DataError(shown, line, f"id '{text_id}' must be lowercase ASCII letters, digits and hyphens")
        if text_id in ids:
            raise DataError(shown, line, f"id '{text_id}' is used twice — ids must be unique")
        ids.add(text_id)

    for item, line in zip(data, data.item_lines, strict=True):
        if not isinstance(item, LineDict):
            raise DataError(shown, line, "each entry is a mapping with 'file' and 'id'")
        if "id" in item:
            claim(str(item["id"]), item.line_of("id"))
        _validate(validator, item, shown, "catalogue entry", ENTRY_KEYS)
        info = {str(item["id"]): _text_info(item, str(item["id"]), shown)}
        articles = []
        listed = item.get("articles") or []
        for article, article_line in zip(listed, getattr(listed, "item_lines", [item.line] * len(listed)), strict=True):
            if isinstance(article, LineDict):  # an article with its own record
                _validate(article_validator, article, shown, "article", TEXT_KEYS)
                text_id = str(article["id"])
                claim(text_id, article.line_of("id"))
                info[text_id] = _text_info(article, text_id, shown)
            else:  # only its id
                text_id = str(article)
                claim(text_id, article_line)
            articles.append(text_id)
        entries[str(item["file"])] = CatalogEntry(str(item["file"]), str(item["id"]), tuple(articles),
                                                  str(item.get("acknowledge_removal") or "").strip(), info, shown)
    return entries
