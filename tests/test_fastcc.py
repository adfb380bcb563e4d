"""fastcc gives exactly opencc-python-reimplemented's conversions (the library is the reference)."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from township_reader.fastcc import Converter, converter, tables_key

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
CONFIGS = ("s2t", "t2s")


@pytest.mark.parametrize("config", CONFIGS)
def test_identical_on_the_corpus(config):
    library = opencc.OpenCC(config)
    for text in SEED_TEXTS:
        assert converter(config).convert(text) == library.convert(text)
    converted = library.convert("\n".join(SEED_TEXTS))
    assert converter(config).convert("\n".join(SEED_TEXTS)) == converted


def _material(config: str) -> list[str]:
    library = opencc.OpenCC(config)
    library._init_dict()
    phrases = sorted(library._dict_chain_data[0][0][2])[::97]  # a spread of real entries
    characters = sorted(library._dict_chain_data[0][1][2])[::13]
    return phrases + characters + ["，", "。", " ", "-", "“", "”", "a", "1", "乡镇", "书记"]


@pytest.mark.parametrize("config", CONFIGS)
def test_identical_on_random_text_made_of_dictionary_entries(config):
    pieces = _material(config)
    library = opencc.OpenCC(config)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), min_size=1, max_size=40))
    def check(parts):
        text = "".join(parts)
        assert converter(config).convert(text) == library.convert(text), text

    check()


@pytest.mark.parametrize("config", CONFIGS)
def test_identical_on_text_dense_in_phrases_that_convert_differently(config):
    """fastcc converts phrase by phrase only the clauses holding a phrase that converts
    differently from its characters: text made of such phrases, their pieces and the characters
    they differ at is where it could go wrong."""
    fast, library = converter(config), opencc.OpenCC(config)
    sample = sorted(fast.differing)[:: max(1, len(fast.differing) // 800)]
    pieces = sample + [p[i:j] for p in sample[:300] for i in range(len(p)) for j in range(i + 1, len(p) + 1)]
    pieces += [*sorted(fast.spots), "，", " ", "。"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), min_size=1, max_size=40))
    def check(parts):
        text = "".join(parts)
        assert fast.convert(text) == library.convert(text), text

    check()


@pytest.mark.parametrize("config", CONFIGS)
def test_cached_tables_are_the_derived_tables(config, tmp_path):
    derived = Converter(config)
    written = Converter(config, tmp_path)
    (cached,) = tmp_path.glob(f"{config}-*.marshal")
    assert cached.name == f"{config}-{tables_key(config)}.marshal"
    read = Converter(config, tmp_path)
    assert written.tables() == read.tables() == derived.tables()
    text = "\n".join(SEED_TEXTS)
    assert read.convert(text) == derived.convert(text)


def test_a_damaged_or_stale_cache_is_derived_again_and_replaced(tmp_path):
    (tmp_path / "s2t-0000000000000000.marshal").write_bytes(b"from an older library")
    current = tmp_path / f"s2t-{tables_key('s2t')}.marshal"
    current.write_bytes(b"\x00 cut short")
    assert Converter("s2t", tmp_path).convert("头发") == "頭髮"
    assert [p.name for p in tmp_path.iterdir()] == [current.name]
    assert Converter("s2t", tmp_path).tables() == Converter("s2t").tables()


def test_a_cache_folder_that_cannot_be_written_only_costs_the_derivation(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert Converter("s2t", blocked / "opencc").convert("头发") == "頭髮"

