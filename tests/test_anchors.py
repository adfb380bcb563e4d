"""Anchors: readable, unique within their page, and stable when other paragraphs change."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from township_reader.build import load_inputs
from township_reader.decode.text import RawText
from township_reader.pipeline import Inputs, convert_raw
from township_reader.structure.anchors import paragraph_id, unique_ids
from township_reader.structure.catalog import CatalogEntry


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
    inputs = Inputs(catalog={name: CatalogEntry(name, "qunzhong")}, converters=load_inputs().converters)
    conversion = convert_raw(RawText(SEEDS / name, text, "utf-8"), inputs)
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


# ---------------------------------------------------------------- unique_ids, linear


def _unique_ids_by_definition(candidates: list[str], taken: list[str]) -> list[str]:
    """What unique_ids must return, written as plainly as it is defined (quadratic: each repeat
    tries -2, -3, … from the start)."""
    seen, result = set(taken), []
    for candidate in candidates:
        uid, n = candidate, 1
        while uid in seen:
            n += 1
            uid = f"{candidate}-{n}"
        seen.add(uid)
        result.append(uid)
    return result


# ids that collide with each other's numbered forms: p-a-2 is both a candidate and p-a's second
IDS = st.sampled_from(["p-a", "p-a-2", "p-a-3", "p-a-2-2", "p-b", "t-a", "p-a-10"])


@settings(max_examples=300, deadline=None)
@given(st.lists(IDS, max_size=200), st.lists(IDS, max_size=5))
def test_unique_ids_is_its_definition(candidates, taken):
    assert unique_ids(candidates, taken) == _unique_ids_by_definition(candidates, taken)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_unique_ids_of_a_text_of_20000_lines(seed, kinds):
    """20,000 paragraphs drawn from a few lines (a page of short repeated lines): every id is
    unique, is its paragraph's own id or that id numbered, and the repeats of an id are numbered
    2, 3, … in reading order. (It took 26 s at 20,000 lines when each repeat counted from 2.)"""
    rng = random.Random(seed)  # drawn here: 20,000 draws from Hypothesis would be its "very large input"
    lines = [f"第{k}段，乡镇工作要做好" if k % 3 else "镇长讲话" for k in range(kinds)]
    candidates = [paragraph_id(rng.choice(lines)) for _ in range(20_000)]
    ids = unique_ids(candidates)
    assert len(ids) == len(set(ids)) == 20_000
    last: dict[str, int] = {}
    for candidate, uid in zip(candidates, ids, strict=True):
        n = 1 if uid == candidate else int(uid.removeprefix(candidate + "-"))
        assert n == last.get(candidate, 0) + 1, (candidate, uid)
        last[candidate] = n
