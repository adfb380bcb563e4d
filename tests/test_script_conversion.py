"""The other-script editions: conversion word by word, one standard, every choice recorded,
editors' overrides checked (script_conversion.py; issue 16)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import pytest

from conftest import DOCS, ROOT, SEEDS
from township_reader.build import convert_files, load_inputs
from township_reader.datafile import DataError
from township_reader.editions.conversion import (
    Adjustment,
    Override,
    ScriptConverter,
    Segmenter,
    adjustments,
    chain,
    detect_standard,
    dictionary,
    load_overrides,
    segmenter_words,
)
from township_reader.vocabulary import HANS, HANT

CASES = ROOT / "tests" / "conversion"


def cases(config: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (CASES / f"{config}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, expected, why = line.split("\t")
            rows.append((source, expected, why))
    return rows


@pytest.fixture(scope="module")
def converters():
    return load_inputs().converters


# ----------------------------------------------------------------------------- word boundaries


@pytest.mark.parametrize(("source", "expected", "why"), cases("s2tw"), ids=lambda v: v if len(v) < 12 else None)
def test_simplified_to_traditional_by_word(converters, source, expected, why):
    assert converters("s2tw").convert(source) == expected, why


@pytest.mark.parametrize(("source", "expected", "why"), cases("tw2s"), ids=lambda v: v if len(v) < 12 else None)
def test_traditional_to_simplified_by_word(converters, source, expected, why):
    assert converters("tw2s").convert(source) == expected, why


def test_the_case_tables_hold_the_issues_words_and_60_phrases_each_way():
    s2tw, tw2s = cases("s2tw"), cases("tw2s")
    assert len(s2tw) >= 60 and len(tw2s) >= 60
    required = "带头发扬 更加注重 随着 睡不着 着重 显著 著名 干部 干净 干涉 头发 发展 以后 皇后 公里 里面 联系 关系 台风 舞台".split()
    for word in required:
        assert any(word in source for source, _, _ in s2tw), word
        traditional = opencc.OpenCC("s2tw").convert(word)
        assert any(word in expected for _, expected, _ in tw2s) or any(traditional in s for s, _, _ in tw2s), word


def test_whole_clause_opencc_makes_the_errors_word_by_word_conversion_avoids():
    """The reason for segmenting: the library over a clause crosses word boundaries."""
    library = opencc.OpenCC("s2tw")
    assert library.convert("二要带头发扬党的艰苦奋斗的作风") == "二要帶頭髮揚黨的艱苦奮鬥的作風"
    assert library.convert("更加注重用民主协商的办法") == "更加註重用民主協商的辦法"
    assert opencc.OpenCC("t2s").convert("隨著經濟下行") == "随著经济下行"


def test_a_glossary_term_is_never_split(converters):
    """Every form of every term (each piece between punctuation) is one word for the segmenter."""
    for word in converters.segmenter.words:
        assert converters.segmenter.cut(word) == [word]


def test_a_longer_phrase_of_opencc_wins_over_an_adjustment(converters):
    s2tw = converters("s2tw")
    assert s2tw.convert("不准") == "不准"
    assert s2tw.convert("不准确") == "不準確"
    assert s2tw.convert("不准备") == "不準備"


# ----------------------------------------------------------------------------- standards


def _text(text_id: str, script: str = HANS) -> str:
    data = json.loads((DOCS / ("" if script == HANS else "hant/") / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
    return "\n".join(b["text"] for b in data["blocks"])


def test_the_speech_follows_taiwans_standard_and_the_report_says_why(texts):
    speech = texts["jianghua"]
    decision = speech.conversion.standard
    assert decision.standard == "tw" and decision.config == "tw2s"
    assert decision.evidence["tw"]["為"] >= 40 and decision.evidence["tw"]["群"] >= 40
    assert decision.score("tw") > decision.score("hk") > decision.score("orthodox")
    record = json.loads((DOCS / "reports" / "conversion" / "jianghua.json").read_text(encoding="utf-8"))
    assert record["standard"]["standard"] == "tw" and record["configuration"] == "tw2s"


@pytest.mark.parametrize(("config", "standard"), [("s2t", "orthodox"), ("s2tw", "tw"), ("s2hk", "hk")])
def test_each_traditional_standard_is_recognised(config, standard):
    """A text of the corpus converted into each standard by OpenCC is recognised as that standard."""
    for text_id in ("zhenzhang", "shuji-xinshiqi", "qunzhong"):
        assert detect_standard(opencc.OpenCC(config).convert(_text(text_id))).standard == standard, text_id


def test_a_text_with_no_telling_form_gets_opencc_default():
    decision = detect_standard("黨風廉政建設")
    assert decision.standard == "orthodox" and not any(decision.evidence.values())


def test_a_new_traditional_text_gets_its_own_standard(tmp_path):
    """A seed in Hong Kong's forms is converted with hk2s, and its report says so."""
    body = opencc.OpenCC("s2hk").convert(_text("zhenzhang"))
    seed = tmp_path / "hk.txt"
    seed.write_text("浅谈如何当好镇长\n" + body, encoding="utf-8")
    outcome = convert_files([seed], load_inputs())
    [text] = outcome.conversions[0].texts
    assert text.original_script == HANT and text.conversion.config == "hk2s"
    assert text.conversion.standard.standard == "hk"


# ----------------------------------------------------------------------------- one standard per edition


def _not_taiwans() -> frozenset[str]:
    """Forms Taiwan's standard replaces (OpenCC's orthodox 爲 羣 衆 喫 裏 啓 着 …) and Hong Kong's
    own (説 户 衞 …; and 綫, which this release's HKVariants does not list), less any form s2tw
    itself writes for some Simplified character (煙 is Hong Kong's 菸 but everyone's 烟)."""
    st = dictionary("STCharacters").entries
    tw, hk = dictionary("TWVariants").entries, dictionary("HKVariants").entries
    written = {tw.get(v, (v,))[0] for values in st.values() for v in values}
    candidates = set(tw) | {v for values in hk.values() for v in values} | {"綫"}
    return frozenset(c for c in candidates if c not in written)


ANCHORS = re.compile(r'\{:[^}]*\}|\]\([^)]*\)|(?:id|href|data-[a-z-]+)="[^"]*"|#[^\s)"]+'
                     r'|"(?:id|block|other_block|entry|text_id|compilation|term)": "[^"]*"|<dt>簡體</dt><dd>[^<]*</dd>'
                     r'|<span class="tr-forms">[^<]*</span>')


def _reading_text(path: Path) -> str:
    """What a reader reads of a page or export: without anchors, link targets, ids and the glossary's
    Simplified keys (the same in both editions by design), nor a term's Simplified form shown as such,
    nor the variant forms the 凡例 and the search page show as such (Edition.ui_forms)."""
    return ANCHORS.sub("", path.read_text(encoding="utf-8"))


def test_the_traditional_edition_uses_one_standard(conversions):
    """No OpenCC-orthodox or Hong Kong form on any Traditional page or export, unless a text written
    in Traditional has it itself (the speech's own 污)."""
    allowed = {c for conv in conversions.values() if conv.original_script == HANT for c in conv.raw.text}
    forbidden = _not_taiwans() - allowed
    assert {"爲", "羣", "衆", "喫", "裏", "啓", "綫", "説", "着"} <= forbidden and "煙" not in forbidden
    found = {}
    for path in sorted((DOCS / "hant").rglob("*")):
        # the cleaning reports and conversion records quote the seeds themselves, in their own script;
        # the search index carries the table that folds every variant (a reader never sees it)
        if path.is_file() and path.suffix in {".md", ".json", ".txt", ".yml", ".js"} and not {"reports", "search"} & set(path.parts):
            chars = set(_reading_text(path)) & forbidden
            if chars:
                found[path.relative_to(DOCS).as_posix()] = "".join(sorted(chars))
    assert not found, found


def test_the_simplified_speech_has_no_taiwan_zhe():
    """In the Simplified edition 著 is left only where it is zhù (显著, 著名 …)."""
    body = _text("jianghua")
    keep = [k for dic in chain("tw2s")[0] for k in dic.entries if "著" in k]
    for match in re.finditer("著", body):
        around = body[max(0, match.start() - 4) : match.end() + 4]
        assert any(opencc.OpenCC("tw2s").convert(k) in around for k in keep), around
    for wrong in ("随著", "担著", "顶著", "冒著", "睡不著"):
        assert wrong not in body


# ----------------------------------------------------------------------------- the record


def test_every_recorded_choice_is_what_the_edition_shows(texts):
    for text in texts.values():
        record = text.conversion
        target = HANT if text.original_script == HANS else HANS
        blocks = {b.id: b for b in text.blocks}
        assert record.choices, text.id
        for choice in record.choices:
            block = blocks[choice["block"]]
            assert block.text[text.original_script][choice["offset"]] == choice["char"]
            assert block.text[target][choice["offset"]] == choice["chosen"]
            if choice["by"] == "phrase":
                key = choice["entry"].split(" → ")[0]
                assert key in choice["word"], choice


def test_the_record_shows_where_segmentation_overruled_a_phrase(texts):
    crossing = [c for c in texts["shuji-sanzhong"].conversion.choices if c.get("crossing")]
    assert any(c["char"] == "发" and c["chosen"] == "發" and "头发" in c["crossing"] for c in crossing)


def test_the_record_page_lists_choices_and_links_each_context():
    page = (DOCS / "hant" / "reports" / "conversion" / "shuji-sanzhong.md").read_text(encoding="utf-8")
    assert "繁體版是轉換本" in page and "頭髮 → 頭髮（STPhrases）" in page.replace("头发", "頭髮")
    assert re.search(r'<a href="\.\./\.\./texts/shuji-sanzhong\.html#p-[^"]+">[^<]*<mark>发</mark>', page)
    text_page = (DOCS / "texts" / "shuji-sanzhong.md").read_text(encoding="utf-8")
    assert "(../reports/conversion/shuji-sanzhong.md)" in text_page


# ----------------------------------------------------------------------------- overrides


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_an_override_applies_and_is_recorded(texts):
    xinshiqi = texts["shuji-xinshiqi"]
    [choice] = [c for c in xinshiqi.conversion.choices if c["by"] == "override"]
    assert choice["chosen"] == "鬆" and choice["source"] == "seeds/conversion/shuji-xinshiqi.yml:2"
    assert xinshiqi.conversion.overrides == ["seeds/conversion/shuji-xinshiqi.yml:2"]
    assert any("緊一陣鬆一陣" in b.text[HANT] for b in xinshiqi.blocks)


@pytest.mark.parametrize(("body", "text", "message"), [
    ("- find: 松一阵\n  new: 鬆一陣\n  reason: x\n", "紧一阵松一阵，松一阵", r"t\.yml:1: 'find' \(松一阵\) occurs 2 times"),
    ("- find: 放松学习\n  new: 放鬆學習\n  reason: x\n", "紧一阵松一阵", r"t\.yml:1: 'find' \(放松学习\) is not in the text"),
    ("- find: 放松\n  new: 放鬆\n  reason: x\n", "不能放松", r"t\.yml:1: the converter already gives 放鬆 for 放松: remove"),
    ("- find: 一阵松\n  old: 松\n  new: 紧\n  reason: x\n", "紧一阵松一阵", r"t\.yml:1: '紧' is not a form of '松'"),
], ids=["twice", "missing", "redundant", "not-a-form"])
def test_a_bad_override_fails_with_file_line_and_what_it_looked_for(tmp_path, converters, body, text, message):
    overrides = load_overrides(_write(tmp_path, body), "t.yml")
    with pytest.raises(DataError, match=message):
        converters("s2tw").convert_recorded(text, overrides)


@pytest.mark.parametrize(("body", "message"), [
    ("- find: 松一阵\n  new: 鬆\n  reason: x\n", r"t\.yml:2: 'new' \(鬆\) must have as many characters as 'old' \(松一阵\)"),
    ("- find: 松一阵\n  old: 放\n  new: 放\n  reason: x\n", r"t\.yml:2: 'old' \(放\) must be part of 'find'"),
    ("- find: 松一阵\n  new: 鬆一陣\n", r"t\.yml:1: .*reason"),
    ("find: 松一阵\n", r"t\.yml:1: a conversion-overrides file is a YAML list"),
], ids=["length", "old-outside-find", "no-reason", "not-a-list"])
def test_a_malformed_override_file_fails_with_file_and_line(tmp_path, body, message):
    with pytest.raises(DataError, match=message):
        load_overrides(_write(tmp_path, body), "t.yml")


def test_a_bad_override_stops_the_build_naming_the_file(tmp_path):
    """Through the pipeline: the seed is reported with the override's file:line, nothing converted."""
    import dataclasses

    path = tmp_path / "zhenzhang.yml"
    path.write_text("- find: 不存在的文字\n  new: 不存在的文字\n  reason: x\n", encoding="utf-8")
    inputs = dataclasses.replace(load_inputs(), overrides={"zhenzhang": load_overrides(path, "zhenzhang.yml")})
    outcome = convert_files([SEEDS / "000_1d6332c7d5c87aac.txt"], inputs)
    assert not outcome.conversions
    [error] = outcome.errors
    assert "zhenzhang.yml:1: 'find' (不存在的文字) is not in the text" in error


def test_overrides_in_the_repository_are_each_needed(converters):
    """Every committed override changes what the converter writes (a redundant one fails the build)."""
    for path in sorted((SEEDS / "conversion").glob("*.yml")):
        for override in load_overrides(path, path.name):
            assert isinstance(override, Override) and override.reason


# ----------------------------------------------------------------------------- adjustments and words


def test_every_adjustment_is_used_by_a_configuration_and_changes_its_output():
    """An adjustment that the library already gets right is dead data."""
    for adjustment in adjustments():
        library = opencc.OpenCC(adjustment.config).convert(adjustment.find)
        assert library != adjustment.convert, adjustment.where
        assert adjustment.source and adjustment.reason


def test_a_bad_adjustment_fails_with_file_and_line(tmp_path):
    path = _write(tmp_path, "- configuration: s2x\n  find: 么\n  convert: 么\n  reason: r\n  source: s\n")
    with pytest.raises(DataError, match=r"t\.yml:1: no OpenCC configuration 's2x'"):
        adjustments.__wrapped__(path)
    path = _write(tmp_path, "- configuration: tw2s\n  find: 什么\n  convert: 么\n  reason: r\n  source: s\n")
    with pytest.raises(DataError, match=r"t\.yml:3: '么' has 1 characters and '什么' 2"):
        adjustments.__wrapped__(path)


def test_an_adjustment_in_a_converter_is_recorded(converters):
    converted = converters("tw2s").convert_recorded("為什么")
    [shen] = [c for c in converted.choices if c.char == "什"]
    assert converted.text == "为什么" and shen.by == "adjustment" and shen.source.endswith(".yml:" + shen.source.rsplit(":", 1)[1])


def test_a_word_list_line_without_a_reason_fails(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# comment\n情系\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"words\.txt:2: write a word"):
        segmenter_words.__wrapped__(path)


def test_an_explicit_converter_takes_only_its_adjustments():
    plain = ScriptConverter("tw2s", Segmenter(), adjusted=[])
    assert plain.convert("為什么") == "为什幺"  # this OpenCC release's own answer, which the adjustment fixes
    fixed = ScriptConverter("tw2s", Segmenter(), adjusted=[Adjustment("tw2s", "什么", "什么", "r", "s", "x:1")])
    assert fixed.convert("為什么") == "为什么"


def test_a_glossary_traditional_form_in_another_standard_fails_with_file_and_line(tmp_path):
    from township_reader.enrich.glossary import load_glossary

    text = (SEEDS / "glossary.yml").read_text(encoding="utf-8")
    bad = text.replace('traditional: ["群眾路線"]', 'traditional: ["羣衆路線"]', 1)
    assert bad != text
    path = tmp_path / "glossary.yml"
    path.write_text(bad, encoding="utf-8")
    line = bad[: bad.index('traditional: ["羣衆路線"]')].count("\n") + 1
    with pytest.raises(DataError, match=rf"glossary\.yml:{line}: '羣衆路線' writes 羣、衆, which Taiwan's standard "
                                        r"writes 群、眾: write '群眾路線'"):
        load_glossary(path, "glossary.yml")


def test_the_conversion_data_files_follow_their_schemas():
    import jsonschema
    import yaml

    schemas = ROOT / "scripts" / "township_reader" / "schemas"
    adjustments_schema = json.loads((schemas / "conversion-adjustments.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(Path(adjustments.__wrapped__.__defaults__[0]).read_text(encoding="utf-8")),
                        adjustments_schema)
    overrides_schema = json.loads((schemas / "conversion-overrides.schema.json").read_text(encoding="utf-8"))
    for path in sorted((SEEDS / "conversion").glob("*.yml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), overrides_schema)
