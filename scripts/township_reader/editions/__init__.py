"""Stage 4 — editions: each text in the other script, and the anchors both editions share.

A text written in Simplified gets its Traditional edition in Taiwan's standard; a text written
in Traditional its Simplified edition, with the configuration of the standard it follows. The
conversion goes word by word and records every choice among forms
(:mod:`township_reader.editions.conversion`). Then each block gets its id, made from its
Simplified text, so that a link works in both editions.
"""

from __future__ import annotations

import bisect
import itertools

from township_reader.editions.conversion import (
    CONTEXT,
    ConversionRecord,
    Converters,
    Override,
    ScriptConverter,
    StandardDecision,
    detect_standard,
    to_traditional,
)
from township_reader.structure.blocks import assign_ids
from township_reader.structure.document import Conversion, Text
from township_reader.vocabulary import HANS, HANT


def make_editions(conversion: Conversion, converters: Converters, overrides: dict[str, list[Override]]) -> None:
    """Add the other script to every text of ``conversion`` (titles, keywords, blocks), the blocks'
    ids and the conversion records. ``overrides``: the editors' choices, by text id."""
    script = conversion.original_script
    other = HANT if script == HANS else HANS
    standard = detect_standard(conversion.trace.text) if script == HANT else None
    conversion.standard = standard
    converter = converters.for_text(script, standard)
    if conversion.compilation:  # the articles' part_of.title is this same mapping
        conversion.compilation.title[other] = converter.convert(conversion.compilation.title[script])
        short_title_in_both(conversion.compilation.short_title)
    for text in conversion.texts:
        text.title[other] = converter.convert(text.title[script])
        short_title_in_both(text.short_title)
        if other not in text.keywords:  # the articles of a compilation share one mapping
            text.keywords[other] = [converter.convert(k) for k in text.keywords[script]]
        text.conversion = convert_blocks(text, converter, standard, overrides.get(text.id, []))


def short_title_in_both(short_title: dict[str, str]) -> None:
    """The catalogue's short title (written in Simplified) in Traditional too, unless it gives one."""
    if HANS in short_title and HANT not in short_title:
        short_title[HANT] = to_traditional(short_title[HANS])


def convert_blocks(text: Text, converter: ScriptConverter, standard: StandardDecision | None,
                   overrides: list[Override]) -> ConversionRecord:
    """The text's blocks in the other script (converted as one text: a line is never joined to the
    next), their ids (from the Simplified text: the speech's needs its conversion), and the record
    of the conversion: every choice, by block and offset, with its context."""
    script = text.original_script
    other = HANT if script == HANS else HANS
    lines = [block.text[script] for block in text.blocks]
    converted = converter.convert_recorded("\n".join(lines), overrides)
    for block, line in zip(text.blocks, converted.text.split("\n") if lines else [], strict=True):
        block.text[other] = line
    assign_ids(text.blocks)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    choices = []
    for choice in converted.choices:
        index = bisect.bisect_right(starts, choice.offset) - 1
        offset = choice.offset - starts[index]
        source = lines[index]
        context = (source[max(0, offset - CONTEXT) : offset], source[offset + 1 : offset + 1 + CONTEXT])
        choices.append({"block": text.blocks[index].id, "offset": offset, **choice.as_json(context)})
    return ConversionRecord(text.id, converter.config, script, standard, len(converter.segmenter.words),
                            choices, [o.where for o in overrides])


__all__ = ["Converters", "make_editions"]
