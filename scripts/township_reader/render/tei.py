"""The TEI P5 export of a text, in either script: the structured document with the cleaning
record encoded where each change happened.

One file per text and edition, ``exports/<id>.tei.xml``, written with :mod:`xml.etree` (every
value is escaped by the library). What the file holds:

- a ``teiHeader``: the title, the source (site, upload date, the raw file's name and SHA-256),
  the editorial declaration (what the cleaning removed and repaired, how the other script was
  made, with counts), the licence, the change record;
- the text: headings nest as ``<div>`` s by their level, and every heading, paragraph, title
  line and gap carries the site's anchor as ``xml:id`` (with ``_`` in front when the anchor
  starts with a character an XML name may not start with, a digit);
- the editorial record in the text, where it happened:

  ==========================  ==========================================================
  a repaired character        ``<choice><sic>臵</sic><corr resp="#tr">置</corr></choice>``
  a declared repair           the same, ``resp="#editors"``, its file and reason in a note
  half-width punctuation      ``<choice><orig>,</orig><reg resp="#tr">，</reg></choice>``
  text a site added           omitted, with ``<note type="removal">``: the rule, the seed
                              line:column, and the removed text in ``<quote>``
  a gap                       ``<gap reason="truncated">`` with the site's wording in ``<desc>``
  a placeholder               ``<seg type="placeholder">**</seg>`` (the characters kept)
  a glossary term             ``<term ref="../glossary/index.html#id">``
  an editor's note            ``<seg type="annotated" xml:id="q-…">`` and, after it,
                              ``<note target="#q-…">``
  a [sic] note                ``<sic xml:id="q-…">`` and its ``<note type="sic">``
  ==========================  ==========================================================

  Line breaks the cleaning joined or made (a paragraph rejoined, a heading put on a line of its
  own) change no character of the text: the header counts them and the cleaning report lists
  each.

The reading text of the TEI (every text node outside ``<note>``, ``<corr>``/``<reg>`` rather than
``<sic>``/``<orig>``, a gap as 〔……〕) is the JSON export's, block by block
(:func:`reading_text`, and the round-trip test).
"""

from __future__ import annotations

import bisect
import html.parser
import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

from township_reader.clean.rules import RULES
from township_reader.clean.trace import Step, final_spans
from township_reader.editions.conversion import to_traditional
from township_reader.enrich.annotations import KINDS, Annotation, source_in
from township_reader.enrich.changelog import KINDS as KIND_NAMES
from township_reader.enrich.corpus import Enriched
from township_reader.enrich.publishers import WEB_ADDRESS
from township_reader.render.notes import render_note
from township_reader.render.pages import SCRIPT_NAMES, SITE_UNKNOWN, Edition, rel
from township_reader.structure.blocks import Placed, place_blocks
from township_reader.structure.catalog import INFERENCES
from township_reader.structure.document import Block, Conversion, Text
from township_reader.vocabulary import GAP, GAP_MARK, GAP_REASONS, HANS, HANT, PLACEHOLDER, SENTINEL

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
ET.register_namespace("", TEI_NS)

# Who made a change: the pipeline's rules, or the editors (a declared correction, a note).
PIPELINE = "tr"
EDITORS = "editors"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def tei_path(text_id: str) -> str:
    return f"exports/{text_id}.tei.xml"


def xml_id(anchor: str) -> str:
    """An anchor as an ``xml:id``: itself, or with ``_`` in front if an XML name may not start so.

    >>> xml_id("p-镇长是一个镇的带头人"), xml_id("1从乡镇地位和作用现状来看")
    ('p-镇长是一个镇的带头人', '_1从乡镇地位和作用现状来看')
    """
    return anchor if _NAME_START.match(anchor) else "_" + anchor


_NAME_START = re.compile(r"[A-Za-z_\u00c0-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f"
                         r"\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff]")


def E(tag: str, attrib: dict[str, str] | None = None, text: str | None = None, *children: ET.Element) -> ET.Element:
    """A TEI element (attributes without a value are left out)."""
    element = ET.Element(f"{{{TEI_NS}}}{tag}", {k: v for k, v in (attrib or {}).items() if v is not None})
    element.text = text
    element.extend(children)
    return element


def sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    child = E(tag, attrib, text)
    parent.append(child)
    return child


# ----------------------------------------------------------------------------- the cleaning record, placed


@dataclass(frozen=True)
class Change:
    """One step of the cleaning, as the TEI encodes it, and where."""

    kind: str  # "regularisation" | "correction" | "removal" | "gap" | "structure" | "superseded"
    step: Step
    start: int = 0  # in the block's text (inline changes)
    end: int = 0


@dataclass
class TextRecord:
    """The cleaning record of one text, placed: inline (by block index), between blocks, at the end."""

    inline: dict[int, list[Change]] = field(default_factory=dict)
    before: dict[int, list[Change]] = field(default_factory=dict)
    after: list[Change] = field(default_factory=list)
    gaps: dict[int, Step] = field(default_factory=dict)  # a gap block's step (a declared gap: the editors')
    declared: set[int] = field(default_factory=set)  # blocks a correction put on a line of their own
    corrections: list[Step] = field(default_factory=list)  # the editors' corrections placed in this text
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, rule) -> steps

    def changes(self) -> list[Change]:
        """Every change placed in the text (for tests)."""
        return [*(c for cs in self.inline.values() for c in cs), *(c for cs in self.before.values() for c in cs),
                *self.after]


def step_kind(step: Step) -> str:
    """How the TEI encodes a step (before it is placed).

    >>> step_kind(Step("repair_mojibake", 0, "臵", "置", 0, 1, 1)), step_kind(Step("join_broken_lines", 0, "\\n", "", 0, 1, 1))
    ('correction', 'structure')
    """
    if SENTINEL in step.new:
        return "gap" if f"{SENTINEL}{GAP}:" in step.new else "boundary"
    if not step.new.strip():
        return "removal" if step.old.strip() else "structure"
    if step.rule == "normalize_ascii_punctuation":
        return "regularisation"
    return "correction"


def cleaning_record(conversion: Conversion) -> list[TextRecord]:
    """The cleaning record of each text of ``conversion``, placed where each step happened: a change
    of characters inside a block; a removal inside a block (or at its edge, if the removed text
    had no line break) or between blocks; a gap at its gap block. Every step is counted in
    exactly one text; a repair inside text a later step removed is counted as superseded."""
    trace = conversion.trace
    texts = conversion.texts
    script = conversion.original_script
    records = [TextRecord() for _ in texts]
    placed = place_blocks(trace.text, texts, script)
    starts = [p.start for p in placed]
    for step, (start, end) in zip(trace.steps, final_spans(trace.steps, trace.batches), strict=True):
        kind = step_kind(step)
        i = bisect.bisect_right(starts, start) - 1  # the item this offset is in or after
        place = _place_step(step, kind, start, end, i, placed, texts, script)
        record = records[place.text]
        if step.rule == "correction" and step.note not in {c.note for c in record.corrections}:
            record.corrections.append(step)
        if place.how == "superseded":
            record.counts[("superseded", step.rule)] += 1
            continue
        if kind == "gap" and place.how == "gap":
            record.gaps[place.block] = step
            record.counts[("gap", step.rule)] += 1
            if step.old.strip():  # a gap mark that replaced text: the text is a removal
                record.before.setdefault(place.block, []).append(Change("removal", step))
                record.counts[("removal", step.rule)] += 1
            continue
        if kind in {"gap", "boundary"}:
            kind = "removal"
        record.counts[(kind, step.rule)] += 1
        if place.how == "declared":
            record.declared.add(place.block)
        elif kind == "structure":
            continue
        elif place.how == "inline":
            record.inline.setdefault(place.block, []).append(Change(kind, step, place.start, place.end))
        elif place.how == "before":
            record.before.setdefault(place.block, []).append(Change(kind, step))
        else:
            record.after.append(Change(kind, step))
    return records


class _Place(NamedTuple):
    text: int  # which text of the raw text
    how: str  # "inline" | "before" (a block) | "after" (the last block) | "gap" | "declared" | "superseded"
    block: int = 0
    start: int = 0
    end: int = 0


def _place_step(step: Step, kind: str, start: int, end: int, i: int, placed: list[Placed],
                texts: list[Text], script: str) -> _Place:
    """Which text a step belongs to, and where in it."""
    item = placed[i] if i >= 0 else None
    if kind in {"gap", "boundary"} and end > start:
        hit = next((p for p in placed[max(i, 0) :] if p.end >= end), None)
        if hit is not None and kind == "gap" and hit.block is not None:
            return _Place(hit.text, "gap", hit.block)
        if hit is not None and kind == "boundary":
            return _Place(hit.text, "before", 0)
    if kind in {"correction", "regularisation"}:
        if (item is not None and item.block is not None and start < end <= item.end
                and texts[item.text].blocks[item.block].text[script][start - item.start : end - item.start] == step.new):
            return _Place(item.text, "inline", item.block, start - item.start, end - item.start)
        return _Place(_between(placed, i, start).text, "superseded")
    if kind == "structure" and step.rule == "correction":  # a heading the editors put on its own line
        for p in placed[max(i - 1, 0) : i + 2]:
            if p.block is not None and (p.start == end or p.end == start):
                return _Place(p.text, "declared", p.block)
    if item is not None and item.block is not None and (
            item.start < start < item.end or (start in (item.start, item.end) and "\n" not in step.old)):
        return _Place(item.text, "inline", item.block, start - item.start, start - item.start)
    return _between(placed, i, start)


def _between(placed: list[Placed], i: int, offset: int) -> _Place:
    """A place between blocks: before the next block of the same text, or at the end of a text."""
    j = next((k for k in range(max(i, 0), len(placed)) if placed[k].start >= offset), len(placed))
    following = placed[j] if j < len(placed) else None
    previous = placed[j - 1] if j > 0 else None
    if following is None:
        return _Place(placed[-1].text if placed else 0, "after")
    if following.block is None:  # an article boundary follows: the end of the text before, if any
        if previous is not None:
            return _Place(previous.text, "after")
        return _Place(following.text, "before", 0)
    return _Place(following.text, "before", following.block)


# ----------------------------------------------------------------------------- marks in a block


@dataclass
class Mark:
    """Markup around ``text[start:end]`` of a block: an element to wrap it, or (``atomic``) one that
    replaces it whole (a ``<choice>``, which holds its own text)."""

    start: int
    end: int
    make: Callable[[], ET.Element]
    atomic: bool = False
    key: str = ""  # the id of the first piece, if the mark has to be split to nest


@dataclass
class _Node:
    start: int
    end: int
    mark: Mark | None
    children: list[_Node] = field(default_factory=list)
    piece: tuple[int, int] = (0, 0)  # (n, of how many), when a mark had to be split


def _place(node: _Node, mark: Mark, start: int, end: int, pieces: list[_Node]) -> None:
    """Put ``mark`` over ``[start, end)`` inside ``node``: into a child that holds it whole, around
    the children it holds whole; an atomic child it crosses is taken in whole, and where it
    crosses the edge of another child it is cut in pieces."""
    for child in node.children:
        if child.start <= start and end <= child.end and child.mark is not None:
            if child.mark.atomic:
                if (child.start, child.end) != (start, end):
                    return  # inside a <choice>: the text is the choice's own
                break  # the same characters as a choice: around it
            _place(child, mark, start, end, pieces)
            return
    for child in node.children:
        if child.mark is not None and child.mark.atomic and child.start < end and start < child.end:
            start, end = min(start, child.start), max(end, child.end)
    crossing = [c for c in node.children
                if c.start < end and start < c.end and not (start <= c.start and c.end <= end)]
    cuts = sorted({start, end, *(edge for c in crossing for edge in (c.start, c.end) if start < edge < end)})
    for a, b in itertools.pairwise(cuts):
        holder = next((c for c in crossing if c.start <= a and b <= c.end), None)
        if holder is not None:
            _place(holder, mark, a, b, pieces)
            continue
        inner = [c for c in node.children if a <= c.start and c.end <= b]
        new = _Node(a, b, mark, inner)
        pieces.append(new)
        node.children = sorted([c for c in node.children if c not in inner] + [new], key=lambda c: (c.start, -c.end))


def marked_up(parent: ET.Element, text: str, marks: list[Mark], points: list[tuple[int, ET.Element]]) -> dict[str, list[str]]:
    """Write ``text`` into ``parent`` with ``marks`` nested (in the order given: earlier marks stay
    whole, later ones are cut or widened around them) and ``points`` (elements at an offset, such
    as notes: after the text up to it, outside a mark that ends there). Returns the ids of the
    pieces of each mark that had to be cut (its ``key``: the pieces' ids), linked by next/prev.

    >>> p = E("p")
    >>> marks = [Mark(1, 5, _maker("term", {})), Mark(3, 7, _maker("seg", {}), key="q")]
    >>> marked_up(p, "要一票否决制度。", marks, [(7, E("note"))])
    {'q': ['q', 'q-2']}
    >>> ET.tostring(p, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
    '<p>要<term>一票<seg xml:id="q" next="#q-2">否决</seg></term><seg xml:id="q-2" prev="#q">制度</seg><note />。</p>'
    """
    root = _Node(0, len(text), None)
    split: dict[str, list[str]] = {}
    for mark in marks:
        if mark.start >= mark.end:
            continue
        pieces: list[_Node] = []
        _place(root, mark, mark.start, mark.end, pieces)
        if len(pieces) > 1:  # one element in several pieces: linked as TEI links split elements
            pieces.sort(key=lambda n: n.start)
            for n, piece in enumerate(pieces, 1):
                piece.piece = (n, len(pieces))
            key = mark.key or f"m{mark.start}"
            split[key] = [key if n == 1 else f"{key}-{n}" for n in range(1, len(pieces) + 1)]
    _write(parent, root, text, sorted(points, key=lambda p: p[0]))
    return split


def _write(parent: ET.Element, node: _Node, text: str, points: list[tuple[int, ET.Element]]) -> None:
    pos = node.start
    k = 0

    def put(value: str | ET.Element) -> None:
        if isinstance(value, str):
            if not value:
                return
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + value
            else:
                parent.text = (parent.text or "") + value
        else:
            parent.append(value)

    for child in node.children:
        while k < len(points) and points[k][0] <= child.start:
            at = max(pos, points[k][0])
            put(text[pos:at])
            pos = at
            put(points[k][1])
            k += 1
        put(text[pos : child.start])
        element = _element_of(child)
        inner = []
        while k < len(points) and points[k][0] < child.end:
            inner.append(points[k])
            k += 1
        if child.mark is not None and child.mark.atomic:
            put(element)
            for _offset, point in inner:  # nothing goes inside a choice: just after it
                put(point)
        else:
            _write(element, child, text, inner)
            put(element)
        pos = child.end
    for offset, point in points[k:]:
        at = max(pos, min(offset, node.end))
        put(text[pos:at])
        pos = at
        put(point)
    put(text[pos : node.end])


def _element_of(node: _Node) -> ET.Element:
    assert node.mark is not None
    element = node.mark.make()
    n, total = node.piece
    if total > 1:  # a cut mark: the first piece keeps the id, the others get their own; next/prev link them
        key = node.mark.key or f"m{node.mark.start}"
        ids = [key if i == 1 else f"{key}-{i}" for i in range(1, total + 1)]
        element.set(XML_ID, ids[n - 1])
        if n > 1:
            element.set("prev", f"#{ids[n - 2]}")
        if n < total:
            element.set("next", f"#{ids[n]}")
    return element


# ----------------------------------------------------------------------------- notes as TEI


class _NoteHTML(html.parser.HTMLParser):
    """A note's sanitised HTML (render/notes.py: a small set of tags) as TEI elements."""

    TAGS: ClassVar[dict[str, tuple[str, dict[str, str]]]] = {"p": ("p", {}), "a": ("ref", {}), "em": ("emph", {}), "strong": ("hi", {"rend": "bold"}),
            "code": ("code", {}), "ul": ("list", {"rend": "bulleted"}), "ol": ("list", {"rend": "numbered"}),
            "li": ("item", {}), "blockquote": ("quote", {}), "q": ("q", {}), "cite": ("title", {}),
            "sup": ("hi", {"rend": "sup"}), "sub": ("hi", {"rend": "sub"})}

    def __init__(self, root: ET.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.stack[-1].append(E("lb"))
            return
        name, attrib = self.TAGS.get(tag, ("seg", {}))
        attrib = dict(attrib)
        href = dict(attrs).get("href")
        if name == "ref" and href:
            attrib["target"] = href
        element = E(name, attrib)
        self.stack[-1].append(element)
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag != "br" and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def note_elements(markdown: str) -> ET.Element:
    """A note's Markdown as the content of a TEI ``<note>`` (through its sanitised HTML).

    >>> ET.tostring(note_elements("见《准则》*第三条*。[链接](https://example.org)"), encoding="unicode")
    '<note xmlns="http://www.tei-c.org/ns/1.0"><p>见《准则》<emph>第三条</emph>。<ref target="https://example.org">链接</ref></p></note>'
    """
    note = E("note")
    parser = _NoteHTML(note)
    parser.feed(render_note(markdown))
    parser.close()
    return note


def bibl_of(source: str) -> ET.Element:
    """A source line as a ``<bibl>``, each web address a ``<ref>``."""
    bibl = E("bibl")
    pos, last = 0, None
    for m in WEB_ADDRESS.finditer(source):
        before = source[pos : m.start()]
        if last is None:
            bibl.text = (bibl.text or "") + before
        else:
            last.tail = (last.tail or "") + before
        last = sub(bibl, "ref", {"target": m.group(0)}, m.group(0))
        pos = m.end()
    rest = source[pos:]
    if last is None:
        bibl.text = (bibl.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest
    return bibl


# ----------------------------------------------------------------------------- the document


@dataclass
class TeiContext:
    """What a TEI file needs besides its text: the raw text it came from, its placed cleaning
    record, the corpus's enrichment, and the other formats it links to."""

    conversion: Conversion
    record: TextRecord
    enriched: Enriched | None = None


def render_tei(text: Text, ed: Edition, ctx: TeiContext) -> str:
    """The TEI P5 document of one text in one edition's script, as a string."""
    root = E("TEI", {XML_LANG: ed.script})
    root.append(tei_header(text, ed, ctx))
    text_element = sub(root, "text")
    body = sub(text_element, "body")
    _body(body, text, ed, ctx)
    _indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<?xml-model href="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
            'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def _resp_ids(annotations: list[Annotation]) -> dict[str, str]:
    """The note authors of a text, each with an id for ``resp``."""
    ids: dict[str, str] = {}
    for a in annotations:
        ids.setdefault(a.author, f"resp-{len(ids) + 1}")
    return ids


def tei_header(text: Text, ed: Edition, ctx: TeiContext) -> ET.Element:
    ui = ed.ui
    conversion = ctx.conversion
    script = ed.script
    annotations = ctx.enriched.annotations.get(text.id, []) if ctx.enriched else []
    header = E("teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", {"type": "main"}, text.title[script])
    sub(title_stmt, "title", {"type": "sub"}, ui(f"乡镇文献注读 · {SCRIPT_NAMES[script]}版 · TEI P5"))
    resp = sub(title_stmt, "respStmt")
    sub(resp, "resp", None, ui("删去网站所加内容、修复网站造成的损坏、恢复结构、转换字体（逐条记录）"))
    sub(resp, "name", {XML_ID: PIPELINE}, ui("乡镇文献注读转换程序（township-reader）"))
    resp = sub(title_stmt, "respStmt")
    sub(resp, "resp", None, ui("校正（seeds/corrections/）"))
    sub(resp, "name", {XML_ID: EDITORS}, ui("乡镇文献注读编者（Township Reader editors）"))
    for author, rid in _resp_ids(annotations).items():
        resp = sub(title_stmt, "respStmt")
        sub(resp, "resp", None, ui("注释"))
        sub(resp, "name", {XML_ID: rid}, author)

    edition_stmt = sub(file_desc, "editionStmt")
    original = text.original_script == script
    sub(edition_stmt, "edition", None,
                  ui(f"{SCRIPT_NAMES[script]}版：" + ("原文" if original else f"转换本（原文为{SCRIPT_NAMES[text.original_script]}字）")))

    extent = sub(file_desc, "extent")
    sub(extent, "measure", {"unit": "characters", "quantity": str(text.char_count(script))},
        ui(f"{text.char_count(script):,} 字"))

    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", None, ui("乡镇文献注读（Township Reader）"))
    sub(pub, "idno", {"type": "text"}, text.id)
    availability = sub(pub, "availability")
    sub(availability, "licence", {"target": LICENCE_URL},
        ui("编辑内容（清理记录、结构、注释、术语）：知识共享署名 4.0 国际许可协议（CC BY 4.0）。"))
    sub(availability, "p", None, ui("原文由作者发表在文档分享网站上，本站为学习、评论和研究而转载，注明来源，不作改动；"
                                     "原文著作权归作者所有，本项目不主张任何权利。"))

    if text.part_of:
        series = sub(file_desc, "seriesStmt")
        sub(series, "title", None, text.part_of.title[script])
        sub(series, "biblScope", {"unit": "part", "n": str(text.part_of.number)},
            ui(f"第 {text.part_of.number} 篇，共 {text.part_of.count} 篇"))

    notes_stmt = sub(file_desc, "notesStmt")
    page = tei_path(text.id)
    other = HANT if script == HANS else HANS
    other_prefix = "hant/" if other == HANT else ""
    links = [("page", rel(page, f"texts/{text.id}.html")), ("json", rel(page, f"exports/{text.id}.json")),
             ("text", rel(page, f"exports/{text.id}.txt")),
             ("annotations", rel(page, f"exports/{text.id}.annotations.jsonld")),
             ("report", rel(page, f"reports/{conversion.report_id}.json")),
             ("conversion-record", rel(page, f"reports/conversion/{text.id}.json")),
             ("other-script", _other_edition(ed, other_prefix, tei_path(text.id)))]
    for kind, target in links:
        sub(notes_stmt, "relatedItem", {"type": kind, "target": target})

    source_desc = sub(file_desc, "sourceDesc")
    source_desc.append(_source_bibl(text, ed, conversion))

    encoding = sub(header, "encodingDesc")
    project = sub(encoding, "projectDesc")
    sub(project, "p", None, ui("乡镇文献注读是关于乡镇治理的中文文本的忠实、带注释的读本：只删去网站加上的东西，"
                                "只修复网站造成的损坏，不改作者的一个字，每一处改动都有记录。"))
    sampling = sub(encoding, "samplingDecl")
    removed = _count(ctx.record, "removal")
    sub(sampling, "p", None, ui("网站在文本前后和文本中加上的内容（页眉、文件信息、分页标记、下载提示、推荐和其他文章的摘要等）"
                                 f"不属于本文，已删去，共 {removed} 处；删去的每一处在正文中它原来的位置以 "
                                 "note type=\"removal\" 标出，写明规则、原始文件中的行与列，并以 quote 照录删去的文字。"))
    sub(sampling, "p", None, _rules_line(ctx.record, "removal", ui))
    editorial = sub(encoding, "editorialDecl")
    correction = sub(editorial, "correction", {"method": "markup"})
    repaired = _count(ctx.record, "correction")
    sub(correction, "p", None, ui(f"网站造成的损坏（编码损坏的字，如“臵”为“置”）修复 {repaired} 处，以 choice/sic/corr 标出；"
                                   "编者在校正文件中声明的修复同样标出，resp 指向编者，理由写在其后的 note 中。"
                                   "作者原文的错误不改，以 sic 标出并加注。"))
    normalization = sub(editorial, "normalization", {"method": "markup"})
    regularised = _count(ctx.record, "regularisation")
    sub(normalization, "p", None, ui(f"中文里的半角标点改为全角，共 {regularised} 处，以 choice/orig/reg 标出；"
                                      "数字、公式、字母、网址里的不动。"))
    if not original and text.conversion is not None:
        record = text.conversion
        sub(normalization, "p", None, ui(
            f"本文原文为{SCRIPT_NAMES[text.original_script]}字，{SCRIPT_NAMES[script]}版是转换本：先用 rjieba 分词"
            f"（另加术语表的 {record.segmenter_words} 个词形），再用 OpenCC（{record.config}）逐词转换；"
            f"在几种写法中选定字形 {len(record.choices)} 处，改定 {len(record.overrides)} 处，详见转换记录。"
            "sic、orig 和删去的文字照录原始文件，不转换。"))
    segmentation = sub(editorial, "segmentation")
    structure = _count(ctx.record, "structure")
    sub(segmentation, "p", None, ui(f"网站切断的段落接回、连进正文的标题放回单独一行，共 {structure} 处；"
                                     "这些改动不涉及文字，正文中不另标出，清理报告逐条列出。标题按编号嵌套为 div。"))
    interpretation = sub(editorial, "interpretation")
    sub(interpretation, "p", None, ui("匿名占位符（**镇、XX年）原样保留，以 seg type=\"placeholder\" 标出；"
                                       "术语表中的术语以 term 标出，ref 指向术语表；编者的注释以 note 标出，"
                                       "target 指向所注的文字（seg 或 sic）。缺文以 gap 标出，desc 为网站的说明。"))
    superseded = _count(ctx.record, "superseded")
    if superseded:
        sub(interpretation, "p", None, ui(f"另有 {superseded} 处修复发生在后来删去的文字中，见删去的文字。"))
    ids = sub(encoding, "p")
    ids.text = ui("每个标题、段落、文内标题行和缺文的 xml:id 就是网页上的锚点（以数字开头的锚点前加“_”）；"
                  "段落的旧锚点以 anchor type=\"alias\" 保留在段首。")

    profile = sub(header, "profileDesc")
    _inferences(profile, notes_stmt, text, ed)
    lang_usage = sub(profile, "langUsage")
    sub(lang_usage, "language", {"ident": script}, ui(f"中文（{SCRIPT_NAMES[script]}字）"))
    if not original:
        sub(lang_usage, "language", {"ident": text.original_script},
            ui(f"中文（{SCRIPT_NAMES[text.original_script]}字）：原始文件中删去和修复前的文字"))
    if text.keywords[script]:
        text_class = sub(profile, "textClass")
        keywords = sub(text_class, "keywords", {"n": "site"})
        for keyword in text.keywords[script]:
            sub(keywords, "term", {"type": "site-tag"}, keyword)

    revision = sub(header, "revisionDesc")
    _changes(revision, text, ed, ctx)
    return header


def _inferences(profile: ET.Element, notes_stmt: ET.Element, text: Text, ed: Edition) -> None:
    """The editors' inferences from the catalogue (structure/catalog.py), each marked as theirs
    (``resp``), as an inference (``cert="medium"``) and with its evidence (``source``: the notes or
    paragraphs of the text's page that argue it): the date and place where the text was made in
    ``creation``, the author's role and the genre as notes."""
    inferences = text.inferences
    if not inferences:
        return
    page = rel(tei_path(text.id), f"texts/{text.id}.html")

    def attrs(key: str) -> dict[str, str]:
        evidence = " ".join(f"{page}#{anchor}" for anchor in inferences[key].evidence)
        return {"type": "inference", "cert": "medium", "resp": f"#{EDITORS}", **({"source": evidence} if evidence else {})}

    def value(key: str) -> str:
        return ed.ui(inferences[key].zh)

    labels = {key: ed.ui(label) for key, (label, _en) in INFERENCES.items()}
    if "date" in inferences or "place" in inferences:
        creation = sub(profile, "creation")
        for key, tag in (("date", "date"), ("place", "placeName")):
            if key in inferences:
                sub(creation, tag, attrs(key), value(key))
    for key in ("author_role", "genre"):
        if key in inferences:
            sub(notes_stmt, "note", {**attrs(key), "subtype": key}, f"{labels[key]}（{ed.ui('编者推断')}）：{value(key)}")


def _other_edition(ed: Edition, other_prefix: str, path: str) -> str:
    """The same file in the other edition's folder, relative to this one."""
    here = ed.prefix + path
    return rel(here, other_prefix + path)


def _count(record: TextRecord, kind: str) -> int:
    return sum(n for (k, _rule), n in record.counts.items() if k == kind)


def _rules_line(record: TextRecord, kind: str, ui: Callable[[str], str]) -> str:
    rules = Counter({rule: n for (k, rule), n in record.counts.items() if k == kind})
    if not rules:
        return ui("本文没有删去的内容。")
    return ui("按规则：") + "；".join(f"{rule} {n}" for rule, n in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))) + ui("。")


def _source_bibl(text: Text, ed: Edition, conversion: Conversion) -> ET.Element:
    ui = ed.ui
    src = text.source
    seed = (conversion.report or {}).get("seed", {})
    bibl = E("bibl")
    sub(bibl, "title", {"level": "a" if text.part_of else "m"}, text.title[text.original_script])
    if text.part_of:
        sub(bibl, "title", {"level": "m"}, text.part_of.title[text.original_script])
        sub(bibl, "biblScope", {"unit": "part", "n": str(text.part_of.number)},
            ui(f"第 {text.part_of.number} 篇，共 {text.part_of.count} 篇"))
    sub(bibl, "publisher", None, ui(src.site or SITE_UNKNOWN))
    if src.date:
        sub(bibl, "date", {"type": "upload", "when": src.date}, ui(f"上传于 {src.date}"))
    if "site_id" in src.extra:
        sub(bibl, "idno", {"type": "site"}, str(src.extra["site_id"]))
    sub(bibl, "idno", {"type": "seed-file"}, f"seeds/{src.file}")
    if seed.get("sha256"):
        sub(bibl, "idno", {"type": "SHA-256"}, seed["sha256"])
    details = [ui(f"网站格式 {src.format}")]
    if seed.get("encoding"):
        details.append(ui(f"编码 {seed['encoding']}"))
    if "size" in src.extra:
        details.append(str(src.extra["size"]))
    if "pages" in src.extra:
        pages = str(src.extra["pages"])
        details.append(ui(f"{pages} 页") if pages.isdigit() else pages)
    sub(bibl, "note", None, ui("原始文件：") + "，".join(details) + ui("。"))
    return bibl


def _changes(revision: ET.Element, text: Text, ed: Edition, ctx: TeiContext) -> None:
    """The change record: the CHANGELOG's entries that concern this text (seeds/changelog.yml,
    newest first, each with its day), the editors' declared corrections of this text and its
    conversion overrides, and the generation (the build stamps its release there:
    publish/stamp.py)."""
    ui = ed.ui
    for entry in (ctx.enriched.changelog if ctx.enriched else []):
        if entry.concerns(text.id):
            change = sub(revision, "change", {"who": f"#{EDITORS}", "when": entry.date, "type": entry.kind})
            change.text = ed.ui(KIND_NAMES[entry.kind] + "：") + (entry.summary if ed.script == HANS else to_traditional(entry.summary))
    for step in ctx.record.corrections:
        change = sub(revision, "change", {"who": f"#{EDITORS}"})
        change.text = ui("校正：") + step.note
    record = text.conversion
    for where in (record.overrides if record is not None else []):
        change = sub(revision, "change", {"who": f"#{EDITORS}"})
        change.text = ui("转换改定：") + where
    change = sub(revision, "change", {"who": f"#{PIPELINE}", "type": "generation"})
    change.text = ui("由 township-reader 从原始文件生成（清理、结构、转换、注释）。")


def _body(body: ET.Element, text: Text, ed: Edition, ctx: TeiContext) -> None:
    """The blocks: headings open nested divs by level; everything else goes into the open one."""
    record = ctx.record
    stack: list[tuple[int, ET.Element]] = [(1, body)]

    def declared(index: int) -> str | None:  # a heading an editor's correction put on a line of its own
        return f"#{EDITORS}" if index in record.declared else None

    started = False  # has content begun (a title line is a <head> only before it)
    for index, block in enumerate(text.blocks):
        if block.type == "heading":
            level = block.level or 2
            while stack[-1][0] >= level:
                stack.pop()
        for change in record.before.get(index, []):
            stack[-1][1].append(_removal_note(change.step, ed))
        parent = stack[-1][1]
        if block.type == "heading":
            div = sub(parent, "div", {"type": "section"})
            stack.append((block.level or 2, div))
            element = sub(div, "head", {XML_ID: xml_id(block.id), "resp": declared(index)})
        elif block.type == "title":
            element = sub(parent, "head" if not started and parent is body else "ab",
                          {XML_ID: xml_id(block.id), "type": "title", "resp": declared(index)})
        elif block.type == "gap":
            for alias in block.aliases:
                sub(parent, "anchor", {XML_ID: xml_id(alias), "type": "alias"})
            step = record.gaps.get(index)
            reason = block.gap or "declared"
            element = sub(parent, "gap", {XML_ID: xml_id(block.id), "reason": reason,
                                          "resp": f"#{EDITORS}" if step is not None and step.rule == "correction" else f"#{PIPELINE}"})
            sub(element, "desc", None, ed.ui(GAP_REASONS.get(reason, GAP_REASONS["declared"])))
            started = True
            continue
        else:
            element = sub(parent, "p", {XML_ID: xml_id(block.id)})
        started = True
        _block_content(element, block, index, text, ed, ctx)
    for change in record.after:
        stack[-1][1].append(_removal_note(change.step, ed))


def _removal_note(step: Step, ed: Edition) -> ET.Element:
    """Text the cleaning removed, noted where it was: which rule (or correction), where in the seed."""
    ui = ed.ui
    by_editors = step.rule == "correction"
    note = E("note", {"type": "removal", "subtype": step.rule, "resp": f"#{EDITORS if by_editors else PIPELINE}",
                      "n": f"{step.line}:{step.column}"})
    if by_editors:
        note.text = ui("编者校正删去：") + step.note + " "
    else:
        rule = RULES.get(step.rule)
        note.text = ui(rule.zh if rule else step.rule) + " "
    quote = sub(note, "quote", {XML_LANG: None})
    quote.text = step.old.replace(SENTINEL, "")
    return note


def _block_content(element: ET.Element, block: Block, index: int, text: Text, ed: Edition, ctx: TeiContext) -> None:
    script = ed.script
    value = block.text[script]
    original = text.original_script
    seed_lang = original if original != script else None
    marks: list[Mark] = []
    points: list[tuple[int, ET.Element]] = []
    for alias in block.aliases:
        points.append((0, E("anchor", {XML_ID: xml_id(alias), "type": "alias"})))
    for change in ctx.record.inline.get(index, []):
        step = change.step
        if change.kind == "removal":
            points.append((change.start, _removal_note(step, ed)))
            continue
        by_editors = step.rule == "correction"
        resp = f"#{EDITORS if by_editors else PIPELINE}"
        shown = value[change.start : change.end]
        if change.kind == "regularisation":
            make = _choice_maker("orig", step.old, "reg", shown, resp, seed_lang)
        else:
            make = _choice_maker("sic", step.old, "corr", shown, resp, seed_lang)
        marks.append(Mark(change.start, change.end, make, atomic=True))
        if by_editors:
            note = E("note", {"type": "correction", "resp": resp, "n": f"{step.line}:{step.column}"},
                     ed.ui("编者校正：") + step.note)
            points.append((change.end, note))
    if ctx.enriched is not None and block.type == "paragraph":
        for occ in ctx.enriched.terms.get((text.id, block.id, script), []):
            ref = rel(tei_path(text.id), "glossary/index.html") + f"#{occ.entry}"
            marks.append(Mark(occ.start, occ.end, _maker("term", {"ref": ref}), key=f"term-{block.id}-{occ.start}"))
    if ctx.enriched is not None:
        ids = _resp_ids(ctx.enriched.annotations.get(text.id, []))
        for a in ctx.enriched.annotations.get(text.id, []):
            if a.block != block.id:
                continue
            quote_id = f"q-{a.id}"
            tag, attrib = ("sic", {XML_ID: quote_id}) if a.kind == "sic" else ("seg", {"type": "annotated", XML_ID: quote_id})
            marks.append(Mark(a.start, a.end, _maker(tag, attrib), key=quote_id))
            points.append((a.end, _annotation_note(a, ed, ids[a.author])))
    for m in PLACEHOLDER.finditer(value):
        marks.append(Mark(m.start(), m.end(), _maker("seg", {"type": "placeholder"})))
    # choices first (they stay whole), then terms, the annotated quotes, placeholders
    order = {"choice": 0, "term": 1, "sic": 2, "seg": 3}
    marks.sort(key=lambda m: (order.get(_tag_of(m), 4), m.start))
    split = marked_up(element, value, marks, points)
    for note in element.iter(f"{{{TEI_NS}}}note"):  # a note on a quote cut in pieces points at each
        target = note.get("target", "")[1:]
        if target in split:
            note.set("target", " ".join(f"#{piece}" for piece in split[target]))


def _tag_of(mark: Mark) -> str:
    return mark.make().tag.rpartition("}")[2]


def _maker(tag: str, attrib: dict[str, str]) -> Callable[[], ET.Element]:
    return lambda: E(tag, dict(attrib))


def _choice_maker(kept: str, old: str, made: str, new: str, resp: str, seed_lang: str | None) -> Callable[[], ET.Element]:
    def make() -> ET.Element:
        choice = E("choice")
        sub(choice, kept, {XML_LANG: seed_lang}, old)
        sub(choice, made, {"resp": resp}, new)
        return choice

    return make


def _annotation_note(a: Annotation, ed: Edition, resp: str) -> ET.Element:
    script = ed.script
    note = note_elements(a.note if script == HANS else _to_traditional(a.note))
    note.attrib.update({XML_ID: a.id, "type": a.kind, "n": str(a.number), "target": f"#q-{a.id}", "resp": f"#{resp}"})
    note.set("subtype", ed.ui(KINDS[a.kind]))
    if a.sources:
        list_bibl = sub(note, "listBibl")
        for source in a.sources:
            list_bibl.append(bibl_of(source_in(source, script)))
    return note


def _to_traditional(value: str) -> str:
    from township_reader.editions.conversion import to_traditional

    return to_traditional(value)


# ----------------------------------------------------------------------------- layout and reading text


_MIXED = {"p", "head", "ab", "note", "title", "edition", "resp", "name", "publisher", "licence", "idno", "date",
          "measure", "biblScope", "language", "term", "change", "desc", "bibl", "quote", "item"}


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the structure (header, divs) but never inside an element with text content: a
    space there would be part of the text."""
    if element.tag.rpartition("}")[2] in _MIXED or not len(element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level


def reading_text(element: ET.Element) -> str:
    """The reading text of a TEI block element: its text outside notes, the corrected and
    regularised readings of choices, 〔……〕 for a gap.

    >>> p = ET.fromstring('<p xmlns="http://www.tei-c.org/ns/1.0">设<choice><sic>臵</sic><corr>置</corr></choice>'
    ...                   '<note>注</note>，<seg type="placeholder">**</seg>镇</p>')
    >>> reading_text(p)
    '设置，**镇'
    """
    name = element.tag.rpartition("}")[2]
    if name == "gap":
        return GAP_MARK
    out = [element.text or ""]
    for child in element:
        child_name = child.tag.rpartition("}")[2]
        if child_name == "choice":
            out.extend(reading_text(part) for part in child if part.tag.rpartition("}")[2] in {"corr", "reg"})
        elif child_name not in {"note", "anchor"}:
            out.append(reading_text(child))
        out.append(child.tail or "")
    return "".join(out)


def tei_files(conversion: Conversion, records: list[TextRecord], ed: Edition, enriched: Enriched | None) -> dict[str, str]:
    """The TEI file of each text of ``conversion`` in edition ``ed`` (paths without the prefix)."""
    files = {}
    for text, record in zip(conversion.texts, records, strict=True):
        ctx = TeiContext(conversion, record, enriched)
        files[tei_path(text.id)] = render_tei(text, ed, ctx)
    return files
