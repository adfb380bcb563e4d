"""The record of published anchors, and the aliases that keep old links landing.

A block's anchor is made from its own first words (:mod:`~township_reader.structure.anchors`):
a correction or a conversion override that touches them changes the anchor, and every link
made before would break. So every anchor the site has published is recorded, one file per text,
``seeds/anchors/<text id>.yml``, written by ``township-reader convert`` and committed with
``docs/``::

    "一关心干群努力解决矛盾": "一关心干群努力解决矛盾"
                                            an anchor of the text as it is (here a heading's), with the
                                            last words of its block (which identify the block if its
                                            opening changes)
    "p-镇长是一个镇的带头人": {number: "2", last: "的道路"}
                                            a paragraph's: also the number the site shows (§2)
    "p-镇长是壹个镇的带头人": {alias: "p-镇长是一个镇的带头人", number: "2"}
                                            an anchor no block has any more, the one it lands on, and
                                            the number its paragraph had

When a recorded anchor is gone, the conversion finds the block that took its place: the one new
block whose last words are the recorded ones, or else the one new block in its place between
anchors that stayed (:func:`link_anchors`); the old anchor becomes an alias of it, and the pages,
the JSON and the TEI carry the alias (an empty element with the old id before the block). If
no block clearly took its place, the conversion fails, naming the file and the line: the editor
writes the alias by hand. ``township-reader check`` fails if a record is not what the conversion
would write.

The same record keeps the paragraph numbers the site has published (§12), so that a number
belongs to its paragraph as its anchor does: the numbers are given by
:func:`~township_reader.structure.anchors.paragraph_numbers` from every number ever recorded,
and a paragraph whose anchor became an alias keeps its number through the alias (two merged
paragraphs keep the first one's). A text recorded before numbers were (or a new text) is
numbered 1, 2, 3 … in reading order, and those numbers are recorded from then on.

Schema: ``scripts/township_reader/schemas/anchors.schema.json``.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from township_reader.datafile import DataError, LineDict, load_yaml
from township_reader.structure.anchors import paragraph_numbers, word_chars
from township_reader.structure.document import Block, Text
from township_reader.vocabulary import HANS

TAIL_CHARS = 12  # the last word characters of a block that identify it when its opening changes


def tail(block: Block) -> str:
    """The last words of a block, as recorded.

    >>> tail(Block("paragraph", {"zh-Hans": "镇长是一个镇的带头人，其职责决定必须“为官一任，造福一方”。"}))
    '决定必须为官一任造福一方'
    """
    return word_chars(block.text[HANS])[-TAIL_CHARS:]


@dataclass
class TextAnchors:
    """One text's record: its current anchors (in reading order, with their blocks' last words),
    its aliases (old anchor -> the anchor it lands on) and the paragraph numbers published
    (anchor or alias -> number)."""

    current: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # anchor -> its line in the file
    path: str = ""
    numbers: dict[str, str] = field(default_factory=dict)


def record_path(folder: Path, text_id: str) -> Path:
    return folder / f"{text_id}.yml"


def load_text_anchors(path: Path, shown: str) -> TextAnchors:
    """Read one text's record; a bad entry is a DataError naming its line."""
    record = TextAnchors(path=shown)
    data = load_yaml(path, shown=shown)
    if data is None:
        return record
    if not isinstance(data, LineDict):
        raise DataError(shown, 1, 'a record of anchors is a mapping: "anchor": "last words", or '
                                  '"old anchor": {alias: "anchor"}')
    for key, value in data.items():
        line = data.line_of(str(key))
        anchor = str(key)
        record.lines[anchor] = line
        number = value.get("number") if isinstance(value, LineDict) else None
        if number is not None and not (isinstance(number, str) and _NUMBER.fullmatch(number)):
            raise DataError(shown, line, f'anchor "{anchor}": number is the paragraph\'s number as the site shows it, '
                                         'in quotes ("12", "12a")')
        if isinstance(value, str):
            record.current[anchor] = value
        elif isinstance(value, LineDict) and set(value) == {"number", "last"} and isinstance(value["last"], str):
            record.current[anchor] = value["last"]
        elif (isinstance(value, LineDict) and set(value) in ({"alias"}, {"alias", "number"})
              and isinstance(value["alias"], str) and value["alias"]):
            record.aliases[anchor] = value["alias"]
        else:
            raise DataError(shown, line, f'anchor "{anchor}": the value is its block\'s last words ("…"), a '
                                         'paragraph\'s {number: "12", last: "…"}, or {alias: "the anchor it lands on"} '
                                         '(with the number its paragraph had, if it was one)')
        if number is not None:
            record.numbers[anchor] = number
    return record


_NUMBER = re.compile(r"[0-9]+[a-z]*")


def load_record(folder: Path, texts: list[Text], shown_folder: str) -> dict[str, TextAnchors]:
    """The records of ``texts`` (a text without one: none yet) and of every other text recorded."""
    result: dict[str, TextAnchors] = {}
    if not folder.is_dir():
        return result
    for path in sorted(folder.glob("*.yml")):
        result[path.stem] = load_text_anchors(path, f"{shown_folder}/{path.name}")
    return result


def link_anchors(record: dict[str, TextAnchors], texts: list[Text]) -> tuple[dict[str, TextAnchors], list[DataError]]:
    """The record after this conversion, each block's ``aliases`` set, and the problems: every
    recorded anchor must be a block's anchor or an alias of one, and every recorded text must
    still be converted. A gone anchor the conversion can pair with a new block becomes an alias."""
    problems: list[DataError] = []
    updated: dict[str, TextAnchors] = {}
    converted = {t.id for t in texts}
    for text_id, old in sorted(record.items()):
        if text_id not in converted:
            problems.append(DataError(old.path, None, f"text '{text_id}' was published, and no seed gives it now — restore "
                                                      "it, or delete this file to retire its anchors (and say so in the "
                                                      "CHANGELOG)"))
            updated[text_id] = old
    for text in texts:
        new, text_problems = _link_text(text, record.get(text.id))
        updated[text.id] = new
        problems.extend(text_problems)
    return updated, problems


def _link_text(text: Text, old: TextAnchors | None) -> tuple[TextAnchors, list[DataError]]:
    for block in text.blocks:
        block.aliases = []
    current = {b.id: tail(b) for b in text.blocks}
    new = TextAnchors(current=current, path=old.path if old else f"seeds/anchors/{text.id}.yml")
    if old is None:
        _number(text, new, {})
        return new, []
    problems: list[DataError] = []
    by_id = {b.id: b for b in text.blocks}
    fresh = [b.id for b in text.blocks if b.id not in old.current]  # new, or an old alias that is a block's again
    gone = [a for a in old.current if a not in current]
    pairs = _pair(list(old.current), [b.id for b in text.blocks], gone, fresh, old.current, current)
    aliases: dict[str, str] = {}
    for anchor in gone:
        if anchor in pairs:
            aliases[anchor] = pairs[anchor]
        else:
            hint = ", ".join(f'"{b}"' for b in fresh[:4]) or "none"
            number = f', number: "{old.numbers[anchor]}"' if anchor in old.numbers else ""
            problems.append(DataError(old.path, old.lines.get(anchor), (
                f'anchor "{anchor}" of text \'{text.id}\' was published, and no block has it now, nor clearly took '
                f'its place (last words “{old.current[anchor]}”) — write "{anchor}": {{alias: "<the anchor it lands '
                f'on>"{number}}} here (new anchors: {hint})')))
    for anchor, target in old.aliases.items():
        if anchor in current:
            continue  # the anchor is a block's again
        target = aliases.get(target, target)
        if target in current:
            aliases[anchor] = target
        else:
            problems.append(DataError(old.path, old.lines.get(anchor), (
                f'alias "{anchor}" lands on "{target}", which text \'{text.id}\' no longer has — give the anchor '
                "it lands on now")))
    for anchor, target in aliases.items():
        if anchor not in current and target in by_id:
            by_id[target].aliases.append(anchor)
    for block in text.blocks:
        block.aliases.sort()
    new.aliases = dict(sorted(aliases.items()))
    published = dict(old.numbers)
    for anchor, target in aliases.items():  # a changed anchor keeps its number (merged: the first's)
        if anchor in old.numbers and target not in published:
            published[target] = old.numbers[anchor]
    _number(text, new, published)
    new.numbers.update((a, old.numbers[a]) for a in new.aliases if a in old.numbers)
    return new, problems


def _number(text: Text, new: TextAnchors, published: dict[str, str]) -> None:
    """Give the text's paragraphs their numbers from the numbers ever published, and record them."""
    paragraphs = [b for b in text.blocks if b.type == "paragraph"]
    for block, number in zip(paragraphs, paragraph_numbers([b.id for b in paragraphs], published), strict=True):
        block.number = number
        new.numbers[block.id] = number


def _pair(old_order: list[str], new_order: list[str], gone: list[str], fresh: list[str],
          old_tails: dict[str, str], new_tails: dict[str, str]) -> dict[str, str]:
    """Which new anchor each gone anchor became: the one fresh block with the same last words; or
    else, where the old and new orders differ by a run of equally many anchors replaced, the
    fresh block in the same place of the run.

    >>> _pair(["a", "b", "c"], ["a", "x", "c"], ["b"], ["x"], {"a": "1", "b": "2", "c": "3"}, {"a": "1", "x": "9", "c": "3"})
    {'b': 'x'}
    """
    pairs: dict[str, str] = {}
    fresh_set = set(fresh)
    for anchor in gone:
        same = [b for b in fresh if new_tails[b] and new_tails[b] == old_tails.get(anchor)]
        if len(same) == 1:
            pairs[anchor] = same[0]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 == j2 - j1:
            for old_anchor, new_anchor in zip(old_order[i1:i2], new_order[j1:j2], strict=True):
                if old_anchor in gone and old_anchor not in pairs and new_anchor in fresh_set:
                    pairs[old_anchor] = new_anchor
    return pairs


def dump_text_anchors(text_id: str, record: TextAnchors) -> str:
    """A text's record as its file: a header, then one anchor a line, as JSON (valid YAML)."""
    lines = [f"# The anchors of text '{text_id}' the site has published. Written by `township-reader convert`:",
             "# commit it with docs/. \"anchor\": \"its block's last words\", a paragraph's {number: \"12\", last:",
             "# \"…\"}; \"old anchor\": {alias: \"the anchor it lands on now\", number: …} (write one by hand when",
             "# the conversion asks). Format: scripts/township_reader/schemas/anchors.schema.json; why:",
             "# scripts/township_reader/structure/published.py."]

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    for anchor, words in record.current.items():
        value = (f"{{number: {quoted(record.numbers[anchor])}, last: {quoted(words)}}}" if anchor in record.numbers
                 else quoted(words))
        lines.append(f"{quoted(anchor)}: {value}")
    for anchor, target in record.aliases.items():
        number = f", number: {quoted(record.numbers[anchor])}" if anchor in record.numbers else ""
        lines.append(f"{quoted(anchor)}: {{alias: {quoted(target)}{number}}}")
    return "\n".join(lines) + "\n"
