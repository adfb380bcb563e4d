"""Editors' annotations: notes anchored to quoted text, from ``seeds/annotations/<text id>.yml``.

The model is the W3C Web Annotation TextQuoteSelector (exact quote, optional prefix and
suffix) scoped to a paragraph: an annotation names the paragraph it belongs to, but if
that id changes (its opening words were corrected, say) it re-anchors by its quote,
provided the quote is unique in the text.  A quote that is missing or ambiguous stops
the build with the file, the line, the quote and the closest candidates with their
paragraph ids.

Notes come from strangers' pull requests: :mod:`township_reader.render.notes` renders a note's
Markdown with raw HTML switched off and sanitises the result.

Schema: ``scripts/township_reader/schemas/annotations.schema.json``.
"""

from __future__ import annotations

import difflib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from township_reader.datafile import DataError, LineDict, LineList, Problems, load_yaml
from township_reader.editions.conversion import to_simplified, to_traditional
from township_reader.enrich.publishers import (
    WEB_ADDRESS,
    Publishers,
    check_addresses,
    check_sources,
    default_publishers,
)
from township_reader.enrich.spans import Span
from township_reader.structure.anchors import unique_ids, word_chars
from township_reader.structure.document import Text
from township_reader.vocabulary import HANS, HANT

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "annotations.schema.json"

KINDS = {
    "context": "背景",
    "term": "术语",
    "correction": "校勘",
    "sic": "原文如此",
    "cross-reference": "互见",
    "translation": "英译",
}
KEYS = {"quote", "paragraph", "prefix", "suffix", "kind", "note", "author", "sources"}
MIN_QUOTE = 6


class AnchorError(DataError):
    pass


@dataclass
class Annotation:
    id: str
    number: int
    text_id: str
    block: str
    start: int
    end: int
    quote: str  # as found in the block (Simplified)
    kind: str
    note: str  # the editor's Markdown
    author: str
    sources: list[str]
    line: int
    path: str
    reanchored_from: str | None = None
    quote_hant: str = ""  # the same characters of the block in Traditional (the speech's own)

    def quote_in(self, script: str) -> str:
        return self.quote if script == HANS else (self.quote_hant or to_traditional(self.quote))

    def span(self, script: str) -> Span:
        return Span(self.start, self.end, "note", self.id, {"number": str(self.number), "kind": self.kind})

    def export(self, script: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "block": self.block,
            "start": self.start,
            "end": self.end,
            "quote": self.quote_in(script),
            "kind": self.kind,
            "note": self.note if script == HANS else to_traditional(self.note),
            "author": self.author,
            "sources": [source_in(s, script) for s in self.sources],
        }


def _fold(text: str) -> str:
    return to_simplified(text)


def _occurrences(haystack: str, needle: str, prefix: str, suffix: str) -> list[int]:
    hits, at = [], haystack.find(needle)
    while at != -1:
        if (not prefix or haystack[:at].endswith(prefix)) and (not suffix or haystack[at + len(needle) :].startswith(suffix)):
            hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits


def _candidates(text: Text, quote: str, limit: int = 3) -> str:
    """The passages most like ``quote``, with their paragraph ids, for an error message."""
    size = len(quote)
    scored = []
    for block in text.blocks:
        if block.type == "gap":
            continue
        body = block.text[HANS]
        step = max(1, size // 4)
        for i in range(0, max(len(body) - size, 0) + 1, step):
            window = body[i : i + size]
            ratio = difflib.SequenceMatcher(None, quote, window).ratio()
            scored.append((ratio, block.id, window))
    scored.sort(key=lambda s: -s[0])
    seen, shown = set(), []
    for ratio, block_id, window in scored:
        if ratio < 0.3 or (block_id, window) in seen:
            continue
        seen.add((block_id, window))
        shown.append(f"#{block_id} “{window}”")
        if len(shown) == limit:
            break
    return "; ".join(shown) if shown else "none"


class QuoteProblem(Exception):
    """A quote that does not anchor to exactly one place; the message says what to do."""


def locate(text: Text, quote: str, prefix: str = "", suffix: str = "", paragraph: str | None = None,
           short_ok: frozenset[str] | set[str] = frozenset()) -> tuple[str, int, int, str | None]:
    """Where a quote anchors: (block id, start, end, the paragraph id it was re-anchored from).

    Quotes may be given in either script; they are compared in Simplified characters.
    """
    quote, prefix, suffix = _fold(quote), _fold(prefix), _fold(suffix)
    if len(quote) < MIN_QUOTE and quote not in short_ok:
        raise QuoteProblem(f"quote “{quote}” is shorter than {MIN_QUOTE} characters — quote more of the sentence "
                           "so it anchors to one place (a whole glossary term may be shorter)")
    blocks = [b for b in text.blocks if b.type != "gap"]
    if paragraph:
        block = next((b for b in blocks if b.id == paragraph), None)
        if block is not None:
            hits = _occurrences(block.text[HANS], quote, prefix, suffix)
            if len(hits) == 1:
                return block.id, hits[0], hits[0] + len(quote), None
            if len(hits) > 1:
                where = ", ".join(_in_context(block.text[HANS], at, len(quote)) for at in hits[:5])
                raise QuoteProblem(f"quote “{quote}” occurs {len(hits)} times in #{paragraph} ({where}) — add a "
                                   "prefix or suffix (the characters just before or after it)")
    hits_all = [(b.id, at) for b in blocks for at in _occurrences(b.text[HANS], quote, prefix, suffix)]
    if len(hits_all) == 1:
        block_id, at = hits_all[0]
        return block_id, at, at + len(quote), (paragraph if paragraph and paragraph != block_id else None)
    if not hits_all:
        raise QuoteProblem(f"quote “{quote}” is not in text '{text.id}' — closest: {_candidates(text, quote)}")
    bodies = {b.id: b.text[HANS] for b in blocks}
    where = ", ".join(f"#{b} {_in_context(bodies[b], at, len(quote))}" for b, at in hits_all[:5])
    raise QuoteProblem(f"quote “{quote}” occurs {len(hits_all)} times ({where}) — give 'paragraph', or a "
                       "prefix/suffix, so it anchors to one")


def _in_context(body: str, at: int, size: int, width: int = 6) -> str:
    """An occurrence with a few characters either side, for choosing a prefix or suffix.

    >>> _in_context("稳不好就是要一票否决，一票否决不是目的", 11, 4)
    '“要一票否决，【一票否决】不是目的”'
    """
    return f"“{body[max(0, at - width):at]}【{body[at:at + size]}】{body[at + size:at + size + width]}”"


def anchor(text: Text, item: LineDict, path: str, short_ok: set[str]) -> tuple[str, int, int, str | None]:
    """:func:`locate` for an annotation file's item; problems name the file and line."""
    try:
        return locate(text, str(item["quote"]), str(item.get("prefix") or ""), str(item.get("suffix") or ""),
                      item.get("paragraph"), short_ok)
    except QuoteProblem as problem:
        raise AnchorError(path, item.line_of("quote"), str(problem)) from None


def load_annotations(folder: Path, texts: dict[str, Text], short_ok: set[str] | None = None,
                     root: Path | None = None, publishers: Publishers | None = None) -> dict[str, list[Annotation]]:
    """Read, validate and anchor every annotation file; text id -> annotations in reading order.

    A web address in a source or a note must be on an accepted publisher's site (``publishers``,
    by default ``seeds/publishers.yml``)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema["items"])
    result: dict[str, list[Annotation]] = {}
    if not folder.exists():
        return result
    problems = Problems()  # every bad entry of every file is reported, not just the first
    publishers = publishers if publishers is not None else default_publishers()
    for path in sorted(folder.glob("*.yml")):
        with problems.collect():
            _load_file(path, texts, short_ok or set(), root, validator, result, problems, publishers)
    problems.raise_any()
    return result


def _load_file(path: Path, texts: dict[str, Text], short_ok: set[str], root: Path | None,
               validator: jsonschema.Draft202012Validator, result: dict[str, list[Annotation]],
               problems: Problems, publishers: Publishers) -> None:
    shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    text_id = path.stem
    if text_id not in texts:
        close = difflib.get_close_matches(text_id, sorted(texts), n=3, cutoff=0.5)
        hint = (f"did you mean {' or '.join(close)}?" if close else
                f"ids: {', '.join(sorted(texts)[:12])}{', …' if len(texts) > 12 else ''}")
        raise DataError(shown, None, f"no text with id '{text_id}' — name the file <text id>.yml ({hint}); "
                                     "`township-reader annotate --list` lists every id")
    data = load_yaml(path, shown=shown)
    if data is None:
        return
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "an annotation file is a YAML list (each annotation starts with '- quote:')")
    text = texts[text_id]
    found: list[tuple[int, int, int, LineDict, str, str | None]] = []
    order = {b.id: n for n, b in enumerate(text.blocks)}
    for item, line in zip(data, data.item_lines, strict=True):
        with problems.collect():
            if not isinstance(item, LineDict):
                raise DataError(shown, line, "each annotation is a mapping starting with '- quote:'")
            _validate(validator, item, shown)
            problems.errors.extend(check_addresses(str(item["note"]), publishers, shown, item.line_of("note")))
            with problems.collect():
                check_sources(item.get("sources"), item, "sources", publishers, shown)
            block_id, start, end, moved = anchor(text, item, shown, short_ok)
            found.append((order[block_id], start, end, item, block_id, moved))
    found.sort(key=lambda f: (f[0], f[1], f[3].line))
    ids = unique_ids("note-" + (word_chars(_fold(str(f[3]["quote"])))[:8] or "x") for f in found)
    annotations = []
    for number, (uid, (_o, start, end, item, block_id, moved)) in enumerate(zip(ids, found, strict=True), 1):
        block = next(b for b in text.blocks if b.id == block_id)
        annotations.append(Annotation(
            id=uid, number=number, text_id=text_id, block=block_id, start=start, end=end,
            quote=block.text[HANS][start:end], quote_hant=block.text[HANT][start:end], kind=item["kind"], note=str(item["note"]).strip(),
            author=str(item["author"]), sources=[str(s) for s in item.get("sources") or []],
            line=item.line, path=shown, reanchored_from=moved,
        ))
    _check_overlaps(annotations)
    result[text_id] = annotations


def _check_overlaps(annotations: list[Annotation]) -> None:
    for a, b in itertools.pairwise(annotations):
        if a.block == b.block and b.start < a.end:
            raise AnchorError(b.path, b.line, f"quote “{b.quote}” overlaps the quote “{a.quote}” of line {a.line} — "
                                              "annotate the two passages separately, or merge the notes")


def _validate(validator: jsonschema.Draft202012Validator, item: LineDict, shown: str) -> None:
    plain = {str(k): v for k, v in item.items()}
    for err in sorted(validator.iter_errors(plain), key=lambda e: list(e.path)):
        key = str(err.path[0]) if err.path else ""
        where = item.line_of(key) if key else item.line
        if err.validator == "additionalProperties":
            unknown = sorted(set(plain) - KEYS)
            raise DataError(shown, item.line_of(unknown[0]) if unknown else where,
                            f"unknown key {', '.join(repr(u) for u in unknown)} — allowed: {', '.join(sorted(KEYS))}")
        if err.validator == "required":
            raise DataError(shown, where, f"annotation {err.message} — add it")
        if key == "kind":
            raise DataError(shown, where, f"unknown kind {plain.get('kind')!r} — use one of: {', '.join(KINDS)}")
        if key == "note":
            raise DataError(shown, where, "the note is empty — write the note, or remove the annotation")
        raise DataError(shown, where, f"'{key}': {err.message}")
    if plain["kind"] != "translation" and not plain.get("sources"):
        raise DataError(shown, item.line_of("sources") if "sources" in plain else item.line,
                        f"a '{plain['kind']}' note must name at least one source in 'sources'")


# ----------------------------------------------------------------------------- render


def source_in(source: str, script: str) -> str:
    """A source line in an edition's script: its words converted, its web addresses never.

    >>> source_in("新华社电，http://example.org/国务院", "zh-Hant")
    '新華社電，http://example.org/国务院'
    """
    if script == HANS:
        return source
    out, pos = [], 0
    for m in WEB_ADDRESS.finditer(source):
        out.append(to_traditional(source[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(to_traditional(source[pos:]))
    return "".join(out)
