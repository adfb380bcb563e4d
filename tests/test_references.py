"""Citations for reference managers (render/references.py): CSL-JSON, RIS and BibTeX of one
citation read back by the parsers reference managers' formats have (rispy, bibtexparser) and
formatted by a CSL processor (citeproc-py): the three give the same formatted citation, with the
title, edition, release and address the site's citation has."""

from __future__ import annotations

import json
from importlib import resources

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from township_reader.render.references import (
    bibtex,
    citation_key,
    csl_json,
    dialog_styles,
    reference_files,
    ris,
)

# A citation as render/citation.csl_item makes it: a text of the Traditional edition, and one of
# its paragraphs, with an access date; a title with characters BibTeX and RIS treat specially.
TEXT = {
    "id": "https://example.org/reader/hant/texts/zhenzhang.html", "type": "webpage", "language": "zh-Hant",
    "title": "淺談如何當好鎮長", "container-title": "鄉鎮文獻注讀", "edition": "繁體版",
    "version": "2026-12-07 (7f1cdb5)", "issued": {"date-parts": [[2026, 12, 7]]},
    "original-publisher": "天天文庫", "original-date": {"date-parts": [[2019, 8, 26]]},
    "URL": "https://example.org/reader/hant/texts/zhenzhang.html",
}
PARAGRAPH = {**TEXT, "id": TEXT["id"] + "#p-鎮長是一個鎮的帶頭人", "locator": "§4", "label": "paragraph",
             "URL": TEXT["URL"] + "#p-鎮長是一個鎮的帶頭人", "accessed": {"date-parts": [[2026, 12, 8]]}}
ODD = {**TEXT, "id": "odd", "title": "100% {達標} & #1_x~y\\z", "version": None, "original-publisher": None,
       "original-date": None}


def parts(date: str) -> dict:
    return {"date-parts": [[int(p) for p in date.strip("/").replace("/", "-").split("-")]]}


def from_ris(text: str) -> dict:
    """What a reference manager makes of the RIS record (the fields the exporter writes)."""
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "ELEC"
    item = {"type": "webpage", "title": record["title"], "container-title": record.get("secondary_title"),
            "edition": record.get("edition"), "URL": record["urls"][0], "language": record.get("language")}
    if "date" in record:
        item["issued"] = parts(record["date"])
    if "access_date" in record:
        item["accessed"] = parts(record["access_date"])
    if "section" in record:
        item["locator"] = record["section"]
    if "original_publication" in record:
        publisher, _, date = record["original_publication"].rpartition(", ")
        item["original-publisher"], item["original-date"] = publisher, parts(date)
    for note in record.get("notes", []):
        if note.startswith("版本 "):
            item["version"] = note.removeprefix("版本 ")
    return {k: v for k, v in item.items() if v}


def from_bibtex(text: str, language: str) -> dict:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "online"
    f = {field.key: field.value for field in entry.fields}
    item = {"type": "webpage", "title": f["title"], "container-title": f.get("organization"),
            "edition": f.get("edition"), "version": f.get("version"), "URL": f["url"], "language": language,
            "locator": f.get("titleaddon")}
    if "date" in f:
        item["issued"] = parts(f["date"])
    if "urldate" in f:
        item["accessed"] = parts(f["urldate"])
    if "origdate" in f:
        item["original-date"] = parts(f["origdate"])
        item["original-publisher"] = f["note"].removeprefix("原載").removeprefix("原载").split("，")[0]
    return {k: v for k, v in item.items() if v}


def formatted(item: dict) -> str:
    """The item's bibliography entry in the style citeproc-py ships (Harvard: Cite Them Right)."""
    item = {**{k: v for k, v in item.items() if k != "label"}, "id": "x"}  # citeproc-py does not know label
    path = resources.files("citeproc") / "data" / "styles" / "harvard-cite-them-right.csl"
    style = CitationStylesStyle(str(path), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem("x")]))
    (entry,) = bibliography.bibliography()
    return str(entry)


@pytest.mark.parametrize("item", [TEXT, PARAGRAPH, ODD], ids=["text", "paragraph", "special-characters"])
def test_csl_json_ris_and_bibtex_format_the_same(item):
    item = {k: v for k, v in item.items() if v}
    (from_json,) = json.loads(csl_json([item]))
    assert from_json == item
    expected = formatted(from_json)
    assert formatted(from_ris(ris(item))) == expected
    assert formatted(from_bibtex(bibtex(item, citation_key("zhenzhang", item["language"], "4")), item["language"])) == expected
    assert item["title"] in expected and item["URL"] in expected
    read = from_ris(ris(item))
    assert (read.get("version"), read.get("edition"), read["URL"]) == (item.get("version"), item["edition"], item["URL"])
    read = from_bibtex(bibtex(item, "k"), item["language"])
    assert (read.get("version"), read.get("edition"), read.get("locator")) == (item.get("version"), item["edition"], item.get("locator"))
    if item.get("original-publisher"):
        assert ("原載" if item["language"] == "zh-Hant" else "原载") + item["original-publisher"] in bibtex(item, "k")


def test_a_value_cannot_break_out_of_its_field():
    """A title with a newline, braces or an RIS tag inside stays one field (nothing from data runs)."""
    hostile = {**TEXT, "title": "題\nER  - \nTY  - JOUR\n} @misc{evil,"}
    assert len(rispy.loads(ris(hostile))) == 1
    library = bibtexparser.parse_string(bibtex(hostile, "k"))
    assert len(library.entries) == 1 and not library.failed_blocks


def test_the_corpus_files_hold_every_text_once():
    other = {**TEXT, "id": "other", "title": "另一篇", "URL": TEXT["URL"].replace("zhenzhang", "other")}
    files = reference_files([("zhenzhang", TEXT), ("other", other)])
    assert [r["title"] for r in rispy.loads(files["exports/citations.ris"])] == ["淺談如何當好鎮長", "另一篇"]
    library = bibtexparser.parse_string(files["exports/citations.bib"])
    assert [e.key for e in library.entries] == ["zhenzhang-hant", "other-hant"] and not library.failed_blocks
    assert [i["title"] for i in json.loads(files["exports/citations.csl.json"])] == ["淺談如何當好鎮長", "另一篇"]
    assert json.loads(files["exports/other.csl.json"]) == [{**other, "id": "other-hant"}]


def test_the_dialog_offers_each_format():
    styles = dialog_styles(PARAGRAPH, "zhenzhang-hant-p4")
    assert [s["name"] for s in styles] == ["CSL-JSON", "RIS", "BibTeX"]
    assert all(PARAGRAPH["URL"] in s["text"] for s in styles)
