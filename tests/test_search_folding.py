"""Which characters search treats as one (render/folding.py, render/data/search-variants.yml).

The variant table's header says each class comes from OpenCC's variant tables: every pair of
TWVariants.txt and HKVariants.txt is folded together here (or is one of the pairs the header says
it leaves out, and why), and the inline index and the Pagefind query folding agree with it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from township_reader.datafile import DataError
from township_reader.render import folding
from township_reader.vocabulary import HANS, HANT

LEFT_OUT = {"蔿", "齶"}  # the header of search-variants.yml says why


def opencc_pairs(filename: str) -> list[tuple[str, str]]:
    import opencc

    path = Path(str(resources.files(opencc))) / "dictionary" / filename
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        for value in values.split():
            if len(key) == 1 and len(value) == 1:
                pairs.append((key, value))
    return pairs


@pytest.mark.parametrize("table", ["TWVariants.txt", "HKVariants.txt"])
def test_every_variant_pair_of_opencc_is_one_character_to_search(table):
    missed = [(a, b) for a, b in opencc_pairs(table)
              if not {a, b} & LEFT_OUT and folding.fold_text(a, HANT) != folding.fold_text(b, HANT)]
    assert not missed, missed


def test_the_pairs_the_issue_names_fold_together_in_both_editions():
    for forms in ("裡裏里", "為爲为", "群羣", "眾衆众", "綫線线", "啓啟启", "峯峰"):
        for script in (HANS, HANT):
            assert len({folding.fold_text(c, script) for c in forms}) == 1, (forms, script)


def test_zhe_and_zhu_are_one_only_in_traditional_text():
    assert folding.fold_text("隨著", HANT) == folding.fold_text("随着", HANS) == "随着"
    assert folding.fold_text("显著", HANS) == "显著"  # zhù stays zhù in Simplified text
    assert "随着" in folding.query_spellings("隨著", HANS)  # a Traditional query finds Simplified text
    assert folding.query_spellings("著名", HANS) == ["著名"]  # a Simplified query: only zhù


def test_pagefind_queries_are_folded_to_the_editions_standard_forms():
    fold = folding.edition_fold(HANT)
    assert "".join(fold.get(c, c) for c in "群众里线为启峰") == "群眾裡線為啟峰"
    alternatives = folding.edition_alternatives(HANT)
    assert alternatives["裡"] == "裡裏" and alternatives["著"] == "著着"


def test_folding_keeps_one_utf16_unit_for_one():
    for table in (folding.simplified_fold(), folding.traditional_fold(), folding.edition_fold(HANT)):
        assert all(len(k.encode("utf-16-le")) == len(v.encode("utf-16-le")) == 2 for k, v in table.items())


@pytest.mark.parametrize(("entry", "problem"), [
    ("- {hans: 为, hant: 為爲}", "source"),
    ("- {hans: 为, hant: 為為, source: TWVariants}", "lists a form twice"),
    ("- {hans: 着, hant: 著着, only: zh-Hant, source: TWVariants}", "needs a `reason`"),
    ("- {hans: 为, hant: 為爲, source: TWVariants, colour: red}", "Additional properties"),
    ("- {hans: 为, hant: 為爲, source: TWVariants}\n- {hans: 伪, hant: 爲, source: TWVariants}", "already in the class at line 1"),
])
def test_a_bad_entry_is_named_with_its_line(tmp_path, entry, problem):
    path = tmp_path / "search-variants.yml"
    path.write_text(entry + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        folding.load_variants(path, "search-variants.yml")
    assert "search-variants.yml:" in str(err.value) and problem in str(err.value)
