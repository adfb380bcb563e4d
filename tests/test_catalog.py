"""The catalogue (seeds/catalog.yml): short titles and the editors' inferences; texts named by
[[id]] in the editorial data; the licence the downloads carry; the glossary's pinyin."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DOCS, ROOT, SEEDS
from township_reader.datafile import DataError
from township_reader.structure.catalog import load_catalog


def test_the_projects_corpus_converts_without_a_warning(conversions):
    """Every reference ([[id]]) names a text of the corpus, every piece of evidence is an anchor of
    its text's page, no glossary term is too common a word."""
    from township_reader.build import docs_files

    _files, warnings = docs_files(list(conversions.values()))
    assert warnings == []


def test_every_text_has_a_short_title_and_every_inference_cites_evidence(texts):
    catalog = load_catalog(SEEDS / "catalog.yml")
    infos = {i: info for entry in catalog.values() for i, info in entry.info.items()}
    for text_id, text in texts.items():
        assert text_id in infos and infos[text_id].short_title["zh"] and infos[text_id].short_title["en"], text_id
        assert text.short() == infos[text_id].short_title["zh"]
        for inference in text.inferences.values():
            assert inference.evidence and inference.zh and inference.en
    shorts = [t.short() for t in texts.values()]
    assert len(shorts) == len(set(shorts)), "two texts share a short title"


@pytest.mark.parametrize(("entry", "message"), [
    ("- file: a.txt\n  id: a\n  short_title: {zh: 短题}\n", r"catalog\.yml:3: .*'en' is a required property"),
    ("- file: a.txt\n  id: a\n  date: {zh: 约2010年, en: about 2010}\n", r"catalog\.yml:3: .*'evidence' is a required property"),
    ("- file: a.txt\n  id: a\n  keywords: [x]\n", r"catalog\.yml:3: unknown key 'keywords' in catalogue entry"),
    ("- file: a.txt\n  id: a\n  articles:\n    - id: b\n      place: 湖北\n", r"catalog\.yml:5: .*place"),
    ("- file: a.txt\n  id: A\n", r"catalog\.yml:2: id 'A' must be lowercase"),
])
def test_a_bad_catalogue_entry_fails_with_its_line_and_what_to_do(tmp_path, entry, message):
    path = tmp_path / "catalog.yml"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_catalog(path, "seeds/catalog.yml")
    assert re.search(message, str(caught.value)), str(caught.value)


def test_editorial_data_names_no_text_by_its_file_number():
    from township_reader.enrich.refs import check_refs

    with pytest.raises(DataError, match=r"notes\.yml:7: “002” names a text by its file number"):
        check_refs([("notes.yml", 7, "002讲话也用了这句话")], {"jianghua"})
    assert check_refs([("g.yml", 3, "[[nosuch]]说")], {"jianghua"}) == [
        "g.yml:3: [[nosuch]] is not a text of this corpus — ids: jianghua"]


def test_notes_show_a_named_text_by_its_short_title_linked(texts):
    page = (DOCS / "texts" / "zhenzhang.md").read_text(encoding="utf-8")
    assert '<a href="shuji-xinshiqi.html">《新时期当好书记》</a>' in page
    hant = (DOCS / "hant" / "texts" / "zhenzhang.md").read_text(encoding="utf-8")
    assert "《新時期當好書記》" in hant
    assert "[[" not in page + hant


def test_the_downloads_licence_is_the_projects():
    packaged = ROOT / "scripts" / "township_reader" / "render" / "templates" / "LICENSE.txt"
    assert packaged.read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (DOCS / "exports" / "LICENSE.txt").read_bytes() == (ROOT / "LICENSE").read_bytes()
    export = json.loads((DOCS / "exports" / "jianghua.json").read_text(encoding="utf-8"))
    assert export["license"]["editorial"] == "CC BY 4.0" and export["license"]["code"] == "MIT"
    plain = (DOCS / "exports" / "jianghua.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in plain.splitlines()[-1] or "CC BY 4.0" in plain[-400:]


def test_the_glossary_csv_and_tbx_hold_every_entry():
    import csv
    import xml.etree.ElementTree as ET

    from township_reader.enrich.glossary import load_glossary

    glossary = load_glossary(SEEDS / "glossary.yml")
    rows = list(csv.DictReader((DOCS / "exports" / "glossary.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["id"] for r in rows] == [e.id for e in glossary.entries]
    tree = ET.parse(DOCS / "exports" / "glossary.tbx")
    concepts = [c for c in tree.iter() if c.tag.endswith("conceptEntry")]
    assert len(concepts) == len(glossary.entries)


@pytest.mark.parametrize(("term", "pinyin", "problem"), [
    ("三有", "sān yǒu", "三 counts 有: write them as one word"),
    ("三个代表", "sāngè dàibiǎo", "measure word 个: write them apart"),
    ("第一责任人", "dìyī zérènrén", "第 before the numeral 一 takes a hyphen"),
    ("城关镇", "chéng guān", "the pinyin has 2 syllables for 3 characters"),
])
def test_pinyin_that_breaks_the_word_division_rules_is_refused(term, pinyin, problem):
    from township_reader.enrich.pinyin import division, numeral_problems

    div = division(term, pinyin)
    found = div if isinstance(div, str) else " ".join(numeral_problems(div))
    assert problem in found


def test_the_glossary_writes_one_word_one_way():
    from township_reader.enrich.glossary import load_glossary
    from township_reader.enrich.pinyin import pinyin_problems

    assert pinyin_problems(load_glossary(SEEDS / "glossary.yml").entries) == []
