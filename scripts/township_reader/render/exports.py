"""Exports of a text: a JSON document and a plain-text file, in either script.

The JSON is the structured document as data: its ``blocks`` carry the same ids as the
anchors on the site, so a researcher can cite ``texts/<id>.html#<block id>`` from a
row of the JSON.  Schema: ``scripts/township_reader/schemas/text.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    return data


def plain_text(text: Text, script: str) -> str:
    """The cleaned text as plain text: the title, then one block per paragraph."""
    lines = [text.title[script], ""]
    for block in text.blocks:
        lines.extend([block.text[script], ""])
    return "\n".join(lines).rstrip("\n") + "\n"


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
