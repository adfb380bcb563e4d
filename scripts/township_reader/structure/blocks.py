"""Blocks: the cleaned text's lines read as title lines, headings (nested by their numbering),
paragraphs and gaps, grouped by article; and the ids both editions share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from township_reader.structure.anchors import (
    heading_id,
    paragraph_id,
    paragraph_numbers,
    title_id,
    unique_ids,
)
from township_reader.structure.document import Block, Text
from township_reader.vocabulary import (
    ARTICLE,
    GAP,
    GAP_MARK,
    HANS,
    HANT,
    HEADING_L1,
    HEADING_L2,
    HEADING_L3,
    SENTENCE_END,
    SENTINEL,
)

# A heading line is short; longer numbered lines are paragraphs that start with a number.
MAX_HEADING = 40


@dataclass
class RawBlock:
    type: str
    text: str
    family: int = 0  # heading number family: 1 一、, 2 （一）, 3 1.; 0 declared without family
    level: str = ""  # declared level
    gap: str | None = None


def heading_family(line: str) -> int:
    """Which numbering a heading line uses: 1 for 一、, 2 for （一）, 3 for 1., 0 for none.

    >>> [heading_family(s) for s in ("一、知形势、高站位", "（一）综合实力增强。", "1.从乡镇地位来看。", "同志们：")]
    [1, 2, 3, 0]
    """
    if HEADING_L1.match(line):
        return 1
    if HEADING_L2.match(line):
        return 2
    if HEADING_L3.match(line):
        return 3
    return 0


def is_heading_line(line: str) -> bool:
    """A short numbered line that is not a sentence running on.

    >>> is_heading_line("一、关于乡镇书记角色定位问题"), is_heading_line("（一）综合实力增强。")
    (True, True)
    >>> is_heading_line("1-10月，全市生产总值完成**亿元。")
    False
    """
    if not heading_family(line) or len(line) > MAX_HEADING:
        return False
    body = line.rstrip("。")
    return not any(mark in body for mark in "。！？")


def is_title_line(line: str, title: str) -> bool:
    """A short line that ends with the text's title is the text's own title line.

    >>> is_title_line("勤政为民构建和谐-----浅谈如何当好镇长", "浅谈如何当好镇长")
    True
    """
    return bool(title) and line.endswith(title) and len(line) <= 2 * len(title) + 20 and line[-1] not in SENTENCE_END


def parse_blocks(text: str, title: str, declared: dict[str, str]) -> list[tuple[int, list[RawBlock]]]:
    """Split cleaned text into blocks, grouped by article (article 0 when there are none)."""
    articles: list[tuple[int, list[RawBlock]]] = [(0, [])]
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        blocks = articles[-1][1]
        if line.startswith(SENTINEL):
            kind, _, value = line[1:].partition(":")
            if kind == ARTICLE:
                articles.append((int(value), []))
            elif kind == GAP:
                blocks.append(RawBlock("gap", GAP_MARK, gap=value))
            continue
        if line in declared:
            level = declared[line]
            kind = "title" if level == "title" else "heading"
            blocks.append(RawBlock(kind, line, family=heading_family(line), level=level))
        elif is_heading_line(line):
            blocks.append(RawBlock("heading", line, family=heading_family(line)))
        elif is_title_line(line, title):
            blocks.append(RawBlock("title", line))
        else:
            blocks.append(RawBlock("paragraph", line))
    if len(articles) > 1 and not articles[0][1]:
        articles = articles[1:]
    return articles


def heading_levels(blocks: list[RawBlock]) -> list[int | None]:
    """Nest headings by their numbering: a heading is one level below the nearest wider one.

    >>> raw = [RawBlock("heading", "一、", 1), RawBlock("heading", "1.", 3), RawBlock("heading", "（一）", 2)]
    >>> heading_levels(raw)
    [2, 3, 3]
    """
    stack: list[tuple[int, int]] = []  # (family, level)
    levels: list[int | None] = []
    for block in blocks:
        if block.type == "gap":  # after skipped text, nothing tells what a heading is nested in
            stack.clear()
        if block.type != "heading":
            levels.append(None)
            continue
        if block.level.isdigit():
            family = int(block.level)
        else:
            family = block.family or 1
        while stack and stack[-1][0] >= family:
            stack.pop()
        level = stack[-1][1] + 1 if stack else 2
        level = min(level, 6)
        stack.append((family, level))
        levels.append(level)
    return levels


def make_blocks(raw_blocks: list[RawBlock], original_script: str) -> list[Block]:
    """Blocks in the original's script, with heading levels (the editions stage adds the other
    script and the ids: :func:`assign_ids`)."""
    blocks = []
    for raw, level in zip(raw_blocks, heading_levels(raw_blocks), strict=True):
        texts = {HANS: GAP_MARK, HANT: GAP_MARK} if raw.type == "gap" else {original_script: raw.text}
        blocks.append(Block(raw.type, texts, level, raw.gap))
    return blocks


def assign_ids(blocks: list[Block]) -> None:
    """Give each block its anchor, made from its Simplified text, unique within the text."""
    gap_number = 0
    candidates = []
    for block in blocks:
        hans = block.text[HANS]
        if block.type == "gap":
            gap_number += 1
            candidates.append(f"gap-{gap_number}")
        elif block.type == "heading":
            candidates.append(heading_id(hans))
        elif block.type == "title":
            candidates.append(title_id(hans))
        else:
            candidates.append(paragraph_id(hans))
    for block, uid in zip(blocks, unique_ids(candidates), strict=True):
        block.id = uid
    paragraphs = [block for block in blocks if block.type == "paragraph"]
    for block, number in zip(paragraphs, paragraph_numbers([b.id for b in paragraphs]), strict=True):
        block.number = number


class Placed(NamedTuple):
    """Where a block (or an article boundary: ``block`` None) lies in the cleaned text."""

    text: int  # which text of the raw text (a compilation's article), by index
    block: int | None  # which block of that text, by index
    start: int  # offset of its first character in the cleaned text
    end: int  # offset just past its last character


def place_blocks(cleaned: str, texts: list[Text], script: str) -> list[Placed]:
    """Each block of ``texts`` (made by :func:`parse_blocks` from ``cleaned``) and each article
    boundary, with its place in ``cleaned``, in reading order: what ties the cleaning record
    (offsets in the cleaned text) to the blocks. Raises ValueError if the blocks are not the
    cleaned text's lines.

    >>> from township_reader.structure.document import Source
    >>> blocks = [Block("heading", {"zh-Hans": "一、总则"}), Block("paragraph", {"zh-Hans": "正文。"})]
    >>> text = Text("t", {}, Source("a.txt", None, None, "generic"), "zh-Hans", {}, blocks)
    >>> [tuple(p) for p in place_blocks("  一、总则\\n\\n正文。\\n", [text], "zh-Hans")]
    [(0, 0, 2, 6), (0, 1, 8, 11)]
    """
    articles: list[list[tuple[int, int, str]]] = [[]]  # per article: (start, end, line)
    boundaries: list[tuple[int, int, int]] = []  # (article index, start, end)
    pos = 0
    for raw_line in cleaned.split("\n"):
        line = raw_line.strip()
        if line:
            start = pos + len(raw_line) - len(raw_line.lstrip())
            if line.startswith(SENTINEL) and line[1:].partition(":")[0] == ARTICLE:
                articles.append([])
                boundaries.append((len(articles) - 1, start, start + len(line)))
            else:
                articles[-1].append((start, start + len(line), line))
        pos += len(raw_line) + 1
    first = 1 if len(articles) > 1 and not articles[0] else 0
    if len(texts) == 1 and not first:
        articles = articles[:1]  # a page that is not a compilation: one text (structure reads article 0)
    placed: list[Placed] = []
    for index, text in enumerate(texts):
        lines = articles[index + first]
        boundary = next((b for b in boundaries if b[0] == index + first), None)
        if boundary:
            placed.append(Placed(index, None, boundary[1], boundary[2]))
        if len(lines) != len(text.blocks):
            raise ValueError(f"text {text.id}: {len(text.blocks)} blocks but {len(lines)} lines in the cleaned text")
        for number, (block, (start, end, line)) in enumerate(zip(text.blocks, lines, strict=True)):
            if block.type != "gap" and block.text[script] != line:
                raise ValueError(f"text {text.id}: block {number} is not the cleaned text's line at {start}")
            placed.append(Placed(index, number, start, end))
    return placed
