"""Anchors: readable, unique within their page, and stable when other paragraphs change."""

from __future__ import annotations

import re

from conftest import SEEDS
from township_reader.catalog import CatalogEntry
from township_reader.decode import RawText
from township_reader.pipeline import convert_raw


def test_every_heading_and_paragraph_has_a_unique_readable_id(texts):
    for text in texts.values():
        ids = [b.id for b in text.blocks]
        assert len(ids) == len(set(ids)), text.id
        for block in text.blocks:
            assert not re.fullmatch(r"_?\d+", block.id), block.id
            if block.type == "paragraph":
                assert block.id.startswith("p-") and re.search(r"[\u4e00-\u9fff]{2}", block.id), block.id
            if block.type == "heading":
                assert re.search(r"[\u4e00-\u9fff]{2}", block.id), block.id


def test_ids_are_the_same_in_both_editions(texts):
    import json

    from conftest import DOCS

    for text_id in texts:
        hans = json.loads((DOCS / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
        hant = json.loads((DOCS / "hant" / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
        assert [b["id"] for b in hans["blocks"]] == [b["id"] for b in hant["blocks"]]


def _ids(text: str, name: str = "003_d063b06d76fab278.txt") -> dict[str, str]:
    conversion = convert_raw(RawText(SEEDS / name, text, "utf-8"), CatalogEntry(name, "qunzhong"))
    return {b.text["zh-Hans"]: b.id for t in conversion.texts for b in t.blocks if b.type == "paragraph"}


def test_ids_do_not_move_when_other_paragraphs_are_added_removed_or_edited():
    seed = (SEEDS / "003_d063b06d76fab278.txt").read_text(encoding="utf-8")
    before = _ids(seed)
    paragraphs = [line for line in seed.split("\n") if len(line) > 60 and "本文" not in line]
    first, second, third = paragraphs[1], paragraphs[3], paragraphs[5]
    changed = seed.replace(first, "新加的一段，说明这里原来没有的内容。\n\n" + first)  # added
    changed = changed.replace(second + "\n", "")  # removed
    changed = changed.replace(third, third.replace("。", "，又改了一句。", 1))  # edited
    after = _ids(changed)
    untouched = {text: uid for text, uid in before.items() if text in after and "又改了一句" not in text}
    assert len(untouched) >= len(before) - 3
    for text, uid in untouched.items():
        assert after[text] == uid, f"id of an untouched paragraph changed: {uid} -> {after[text]}"
