"""Nothing is lost or invented silently.

For every seed: replaying the recorded steps on the raw text gives the cleaned text
exactly, and the seed's Han characters equal those of the reading text (as exported)
plus those recorded as removed, minus those recorded as inserted.  For the speech,
written in Traditional, the same holds in its own script, and its Simplified edition
is its conversion, character for character.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import DOCS, SEEDS
from township_reader.clean.trace import replay
from township_reader.editions.conversion import to_simplified
from township_reader.render.reports import han_counter
from township_reader.vocabulary import HANS, HANT

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_replaying_the_report_reproduces_the_cleaned_text(conversions, seed):
    conversion = conversions[seed]
    report = json.loads((DOCS / "reports" / f"{conversion.report_id}.json").read_text(encoding="utf-8"))
    assert report["seed"]["file"] == seed
    assert replay(conversion.raw.text, report["steps"]) == conversion.trace.text


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_han_characters_of_seed_equal_kept_plus_removed_minus_inserted(conversions, seed):
    conversion = conversions[seed]
    report = json.loads((DOCS / "reports" / f"{conversion.report_id}.json").read_text(encoding="utf-8"))
    script = conversion.original_script
    edition = "" if script == HANS else "hant/"
    kept: Counter[str] = Counter()
    for text_id in report["texts"]:
        export = json.loads((DOCS / edition / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
        assert export["script"] == script
        kept += han_counter("".join(b["text"] for b in export["blocks"] if b["type"] != "gap"))
    removed = sum((han_counter(s["old"]) for s in report["steps"]), Counter())
    inserted = sum((han_counter(s["new"]) for s in report["steps"]), Counter())
    seed_han = han_counter((SEEDS / seed).read_text(encoding="utf-8"))
    balance = kept + removed
    balance.subtract(inserted)
    assert +balance == seed_han, f"lost: {seed_han - +balance}, invented: {+balance - seed_han}"
    assert report["han"]["balanced"] is True


def test_traditional_speech_simplified_edition_is_its_conversion(conversions):
    speech = conversions["002_5eef2dcfcacf4ebd.txt"]
    assert speech.original_script == HANT
    for block in speech.texts[0].blocks:
        assert block.text[HANS] == to_simplified(block.text[HANT])
        assert len(block.text[HANS]) == len(block.text[HANT])


def test_only_site_material_is_removed(conversions):
    """Every removal of Han characters is made by a named rule or a declared correction."""
    from township_reader.clean.rules import RULES

    for conversion in conversions.values():
        for step in conversion.trace.steps:
            assert step.rule in RULES or step.rule == "correction", step
            if step.rule == "correction":
                assert step.note.startswith("seeds/corrections/"), step


def test_text_is_never_rewritten_by_repairs(conversions):
    """Repairs change only site damage: punctuation width, 臵, page numbers, breaks, gaps."""
    allowed_han_changes = {"repair_mojibake"}
    for conversion in conversions.values():
        for step in conversion.trace.steps:
            if step.rule in {"normalize_ascii_punctuation", "join_broken_lines", "join_semicolon_breaks",
                             "join_preview_chunks", "split_run_in_headings", "mark_preview_skips",
                             "mark_truncated_end", "remove_stray_page_numbers"} | allowed_han_changes:
                if step.rule not in allowed_han_changes:
                    assert not han_counter(step.old) and not han_counter(step.new), step


def test_the_balance_names_what_a_broken_step_or_a_lost_character_would_lose():
    """The report's quick check (replay the steps, compare the reading text's Han characters in
    order) falls back to counting the characters when it fails, and names them."""
    from township_reader.build import load_inputs
    from township_reader.decode.text import read_raw_text
    from township_reader.pipeline import convert_raw
    from township_reader.render.reports import han_balance

    raw = read_raw_text(SEEDS / "000_1d6332c7d5c87aac.txt")
    conversion = convert_raw(raw, load_inputs())  # a fresh one: this test breaks it
    assert han_balance(conversion)["balanced"]
    # a step recorded at the wrong place: the replay fails, the characters still balance
    steps = conversion.trace.steps
    moved = next(i for i, s in enumerate(steps) if s.old)
    steps[moved] = steps[moved]._replace(at=steps[moved].at + 1)
    assert han_balance(conversion)["balanced"]
    steps[moved] = steps[moved]._replace(at=steps[moved].at - 1)
    # a character lost from the reading text: named as unaccounted for
    block = next(b for b in conversion.texts[0].blocks if b.type == "paragraph")
    lost = next(ch for ch in block.text[HANS] if "\u4e00" <= ch <= "\u9fff")
    block.text[HANS] = block.text[HANS].replace(lost, "", 1)
    balance = han_balance(conversion)
    assert not balance["balanced"] and balance["unaccounted"] == lost and balance["invented"] == ""
