"""Exports of a text: a JSON document and a plain-text file, in either script.

The JSON is the structured document as data: its ``blocks`` carry the same ids as the
anchors on the site, so a researcher can cite ``texts/<id>.html#<block id>`` from a
row of the JSON.  Schema: ``scripts/township_reader/schemas/text.schema.json``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.glossary import toneless
from township_reader.structure.document import Text

SCHEMA_VERSION = 1
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
# The schemas of the exports, published with each edition (docs/schemas/): what a reader of the
# files can validate them with.
PUBLISHED_SCHEMAS = ("text.schema.json", "web-annotation.schema.json")


def published_schemas() -> dict[str, str]:
    """The exports' JSON Schemas, as files of an edition (``schemas/<name>``)."""
    return {f"schemas/{name}": (SCHEMAS / name).read_text(encoding="utf-8") for name in PUBLISHED_SCHEMAS}


def block_json(block: Any, script: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": block.id, "type": block.type}
    if block.number:
        data["number"] = block.number
    if block.level is not None:
        data["level"] = block.level
    data["text"] = block.text[script]
    if block.gap:
        data["gap"] = block.gap
    if block.aliases:
        data["aliases"] = list(block.aliases)
    return data


def text_json(text: Text, script: str, enrichment: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON export of one text in one script."""
    part_of = None
    if text.part_of:
        part_of = {
            "id": text.part_of.id,
            "title": text.part_of.title[script],
            "number": text.part_of.number,
            "count": text.part_of.count,
        }
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": text.id,
        "title": text.title[script],
        "script": script,
        "original_script": text.original_script,
        **editorial_json(text, script),
        "source": text.source.as_json(),
        "keywords": text.keywords[script],
        "part_of": part_of,
        "url": f"texts/{text.id}.html",
        "report": f"reports/{text.part_of.id if text.part_of else text.id}.json",
        "counts": {
            "characters": text.char_count(script),
            "paragraphs": sum(b.type == "paragraph" for b in text.blocks),
            "headings": sum(b.type == "heading" for b in text.blocks),
            "gaps": sum(b.type == "gap" for b in text.blocks),
        },
        "blocks": [block_json(b, script) for b in text.blocks],
        "formats": {
            "tei": f"exports/{text.id}.tei.xml",
            "web_annotations": f"exports/{text.id}.annotations.jsonld",
            "text": f"exports/{text.id}.txt",
        },
    }
    data.update(enrichment or {"terms": [], "parallels": [], "annotations": []})
    data["license"] = LICENSE_NOTE
    return data


def plain_text(text: Text, script: str) -> str:
    """The cleaned text as plain text: the title, then one block per paragraph; after a rule (——),
    where it comes from and its licence."""
    lines = [text.title[script], ""]
    for block in text.blocks:
        lines.extend([block.text[script], ""])
    lines += ["——", license_line(script)]
    return "\n".join(lines).rstrip("\n") + "\n"


def editorial_json(text: Text, script: str) -> dict[str, Any]:
    """The catalogue's short title and the editors' inferences about the text, each marked as an
    inference, with the anchors of the notes or passages that argue it."""
    from township_reader.structure.catalog import INFERENCES

    inferences = {}
    for key in INFERENCES:
        inference = text.inferences.get(key)
        if inference is not None:
            inferences[key] = {"value": inference.zh if script == "zh-Hans" else to_traditional(inference.zh),
                               "en": inference.en, "inference": True,
                               "evidence": [f"texts/{text.id}.html#{anchor}" for anchor in inference.evidence]}
    return {"short_title": {"zh": text.short(script), "en": text.short_title.get("en") or text.short(script)},
            "inferences": inferences}


def dump_json_ld(collection: dict[str, Any]) -> str:
    """An annotation collection (JSON-LD): a key a line, and each annotation of its page on a line.

    >>> print(dump_json_ld({"id": "c", "first": {"id": "c#1", "items": [{"id": "a"}, {"id": "b"}]}}), end="")
    {
     "id": "c",
     "first": {"id": "c#1", "items": [
      {"id": "a"},
      {"id": "b"}
     ]}
    }
    """
    lines = ["{"]
    keys = list(collection)
    for n, key in enumerate(keys):
        comma = "," if n + 1 < len(keys) else ""
        value = collection[key]
        if key == "first" and isinstance(value, dict) and value.get("items"):
            head = ", ".join(f"{_encode(k)}: {_encode(v)}" for k, v in value.items() if k != "items")
            lines.append(f' "first": {{{head}, "items": [')
            lines.append(",\n".join(f"  {_encode(item)}" for item in value["items"]))
            lines.append(f" ]}}{comma}")
        else:
            lines.append(f" {_encode(key)}: {_encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _no_default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _c_encoder() -> Callable[[Any], str]:
    """``json.JSONEncoder(ensure_ascii=False).encode``, without its per-call set-up: the C encoder
    it builds on every call, built once (a third quicker per item; the same output)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode
    encoder = make(None, _no_default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(encoder(value, 0))


_encode = _c_encoder()


def dump_json(data: Any) -> str:
    """Deterministic, diff-friendly JSON: one key per line, one list item per line.

    (``json.dumps`` with ``indent`` uses the pure-Python encoder, about ten times slower; here
    each item is encoded by the C encoder and only the outer layout is indented.)

    >>> print(dump_json({"id": "乡镇", "blocks": [{"n": 1}, {"n": 2}], "empty": []}), end="")
    {
     "id": "乡镇",
     "blocks": [
      {"n": 1},
      {"n": 2}
     ],
     "empty": []
    }
    """
    if not isinstance(data, dict):
        return _encode(data) + "\n"
    lines = ["{"]
    items = list(data.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n + 1 < len(items) else ""
        name = _encode(key)
        if isinstance(value, list) and value:
            lines.append(f" {name}: [")
            # items that write their own JSON (trace.Step) do; a list holds items of one kind
            encoded = list(map(getattr(type(value[0]), "__json__", _encode), value))
            lines.append(",\n".join(f"  {item}" for item in encoded))
            lines.append(f" ]{comma}")
        else:
            lines.append(f" {name}: {_encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- licence

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NOTE = {
    "code": "MIT",
    "editorial": "CC BY 4.0",
    "editorial_url": LICENSE_URL,
    "texts": "reproduced for study, criticism and research; copyright remains with their authors",
    "statement": ("Township Reader (乡镇文献注读). The source texts are reproduced unaltered for study, criticism and "
                  "research; their copyright remains with their authors. The editors' content (notes, glossary, "
                  "catalogue, cleaning records) is licensed CC BY 4.0; the code is MIT-licensed. See LICENSE."),
}
LICENSE_LINE_ZH = ("本文件由乡镇文献注读（Township Reader）整理。原文照录，供学习、研究与评论，版权归作者所有；"
                   "编者的注释、术语表、目录与清理记录以 CC BY 4.0 许可发布；代码以 MIT 许可发布。详见 LICENSE。")


def license_line(script: str) -> str:
    """The licence as one line of plain text, in an edition's script."""
    return LICENSE_LINE_ZH if script == "zh-Hans" else to_traditional(LICENSE_LINE_ZH)


# ----------------------------------------------------------------------------- the glossary


GLOSSARY_CSV_COLUMNS = ["id", "term", "traditional", "aliases", "pinyin", "pinyin_toneless", "english", "category",
                        "category_zh", "definition_zh", "definition_en", "official_renderings", "specialist_renderings",
                        "related", "sources", "uses", "license"]


def glossary_csv(entries: list[Any], categories: dict[str, str], uses: dict[str, int],
                 plain: Callable[[str, str], str]) -> str:
    """The glossary as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read it as
    UTF-8): one entry a row, both scripts, pinyin, English, definitions, sources. ``plain(text, lang)``
    writes a reference to a text ([[id]]) as its short title."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GLOSSARY_CSV_COLUMNS)
    for e in sorted(entries, key=lambda e: e.id):
        writer.writerow([
            e.id, e.term, "；".join(e.traditional or [e.title("zh-Hant")]), "；".join(e.aliases), e.pinyin,
            toneless(e.pinyin), e.english, e.category, categories[e.category], plain(e.zh, "zh-Hans"), plain(e.en, "en"),
            " | ".join(f"{r.english} ({r.by}; {plain(r.source, 'zh-Hans')})" for r in e.renderings if r.kind == "official"),
            " | ".join(f"{r.english} ({r.by}; {plain(r.source, 'zh-Hans')})" for r in e.renderings if r.kind == "specialist"),
            "；".join(e.related), " | ".join(plain(s, "zh-Hans") for s in e.sources), uses.get(e.id, 0),
            "CC BY 4.0, Township Reader (乡镇文献注读)",
        ])
    return "\ufeff" + out.getvalue()


TBX_NAMESPACE = "urn:iso:std:iso:30042:ed:3.0"


def glossary_tbx(entries: list[Any], categories_en: dict[str, str], plain: Callable[[str, str], str],
                 traditional: Callable[[str], str]) -> str:
    """The glossary as TBX-Basic (ISO 30042:2019, DCA style), the term-base exchange format translation
    tools import: a concept per entry, with a language section each for Simplified Chinese (its
    definition, sources and pinyin), Traditional Chinese and English (our rendering preferred, the
    official and specialists' admitted, each saying whose it is)."""
    def el(tag: str, text: str, **attrs: str) -> str:
        attributes = "".join(f" {k.replace('_', ':', 1) if k == 'xml_lang' else k}={quoteattr(v)}" for k, v in attrs.items())
        return f"<{tag}{attributes}>{escape(text)}</{tag}>"

    ids = {e.term: f"c-{e.id}" for e in entries}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NAMESPACE}">',
             "<tbxHeader><fileDesc>",
             "<titleStmt>" + el("title", "Township Reader (乡镇文献注读): glossary of Chinese township governance") + "</titleStmt>",
             "<publicationStmt>" + el("p", LICENSE_NOTE["statement"]) + "</publicationStmt>",
             "<sourceDesc>" + el("p", "Written by the Township Reader editors from the documents each entry cites "
                                      "(seeds/glossary.yml). Simplified Chinese is the source language; Traditional "
                                      "in Taiwan's standard (OpenCC s2tw).") + "</sourceDesc>",
             "</fileDesc></tbxHeader>", "<text><body>"]
    for e in sorted(entries, key=lambda e: e.id):
        pos = "other" if e.category == "numbered-slogans" else "noun"
        lines.append(f'<conceptEntry id="{ids[e.term]}">')
        lines.append(el("descrip", categories_en[e.category], type="subjectField"))
        for related in e.related:
            if related in ids:
                lines.append(el("ref", related, type="crossReference", target=ids[related]))
        # Simplified Chinese: the term, its other forms, the definition and its sources
        lines.append('<langSec xml:lang="zh-Hans"><descripGrp>' + el("descrip", plain(e.zh, "zh-Hans"), type="definition")
                     + el("admin", " | ".join(plain(s, "zh-Hans") for s in e.sources), type="source") + "</descripGrp>")
        lines.append("<termSec>" + el("term", e.term) + el("termNote", pos, type="partOfSpeech")
                     + el("termNote", "preferredTerm-admn-sts", type="administrativeStatus")
                     + el("note", f"Hanyu Pinyin: {e.pinyin}") + "</termSec>")
        for alias in e.aliases:
            lines.append("<termSec>" + el("term", alias) + el("termNote", pos, type="partOfSpeech")
                         + el("termNote", "variant", type="termType")
                         + el("termNote", "admittedTerm-admn-sts", type="administrativeStatus") + "</termSec>")
        lines.append("</langSec>")
        forms = list(dict.fromkeys(e.traditional or [e.title("zh-Hant")]))
        lines.append('<langSec xml:lang="zh-Hant"><descripGrp>'
                     + el("descrip", plain(traditional(e.zh), "zh-Hant"), type="definition") + "</descripGrp>")
        for n, form in enumerate(forms):
            status = "preferredTerm-admn-sts" if n == 0 else "admittedTerm-admn-sts"
            lines.append("<termSec>" + el("term", form) + el("termNote", pos, type="partOfSpeech")
                         + el("termNote", status, type="administrativeStatus") + "</termSec>")
        lines.append("</langSec>")
        lines.append('<langSec xml:lang="en"><descripGrp>' + el("descrip", plain(e.en, "en"), type="definition") + "</descripGrp>")
        lines.append("<termSec>" + el("term", e.english) + el("termNote", pos, type="partOfSpeech")
                     + el("termNote", "preferredTerm-admn-sts", type="administrativeStatus")
                     + el("note", "Township Reader's rendering") + "</termSec>")
        for r in e.renderings:
            if r.english.lower() == e.english.lower():
                continue
            kind = "Official rendering" if r.kind == "official" else "Specialists' rendering"
            lines.append("<termSec>" + el("term", r.english) + el("termNote", pos, type="partOfSpeech")
                         + el("termNote", "admittedTerm-admn-sts", type="administrativeStatus")
                         + el("note", f"{kind}, {r.by}: {plain(r.source, 'zh-Hans')}") + "</termSec>")
        lines.append("</langSec></conceptEntry>")
    lines += ["</body></text>", "</tbx>"]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- the corpus archive

ARCHIVE_ROOT = "township-reader-corpus"
ARCHIVE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: every build's archive is byte-identical


def archive_members(paths: list[str]) -> dict[str, str]:
    """What the corpus archive holds, by its name in the archive -> its docs path: every text's exports
    in both scripts (JSON, plain text, TEI, Web Annotations), the cleaning reports and conversion records
    (JSON), the glossary (CSV, TBX), the notes (JSON and Web Annotations, both scripts), the licence and
    a README.

    >>> archive_members(["exports/a.json", "hant/exports/a.txt", "reports/a.json", "reports/a.md", "exports/README.txt", "index.md"])
    {'township-reader-corpus/README.txt': 'exports/README.txt', 'township-reader-corpus/reports/a.json': 'reports/a.json', 'township-reader-corpus/texts/zh-Hans/a.json': 'exports/a.json', 'township-reader-corpus/texts/zh-Hant/a.txt': 'hant/exports/a.txt'}
    """
    members = {}
    for path in paths:
        folder, _, name = path.rpartition("/")
        if path in ("exports/README.txt", "exports/LICENSE.txt"):
            members[f"{ARCHIVE_ROOT}/{name}"] = path
        elif folder in ("exports", "hant/exports") and name.endswith((".json", ".txt", ".tei.xml", ".jsonld")):
            script = "zh-Hant" if folder.startswith("hant/") else "zh-Hans"
            if name == "notes.json":
                members[f"{ARCHIVE_ROOT}/notes/notes.{script}.json"] = path
            elif name == "annotations.jsonld":  # every text's notes as Web Annotations
                members[f"{ARCHIVE_ROOT}/notes/annotations.{script}.jsonld"] = path
            else:
                members[f"{ARCHIVE_ROOT}/texts/{script}/{name}"] = path
        elif folder == "exports" and name.endswith((".csv", ".tbx")):
            members[f"{ARCHIVE_ROOT}/glossary/{name}"] = path
        elif folder in ("reports", "reports/conversion") and name.endswith(".json"):
            members[f"{ARCHIVE_ROOT}/{path}"] = path
    return dict(sorted(members.items()))


def corpus_archive(read: Callable[[str], bytes], paths: list[str]) -> bytes:
    """The corpus archive (ZIP): the members of :func:`archive_members`, in name order, each with the
    same fixed time and permissions, so two builds of one commit give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in archive_members(paths).items():
            info = zipfile.ZipInfo(name, ARCHIVE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, read(path), compresslevel=9)
    return buffer.getvalue()
