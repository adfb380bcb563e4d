"""What a build adds to the exports it publishes (publish/stamp.py): the release in every text's
JSON and annotation collection (still valid against the published schemas), and with a site URL
the hosted pages' addresses in the annotations; the plain text untouched; a second stamp (a dirty
build) changes nothing."""

from __future__ import annotations

import html
import json
import shutil

import bibtexparser
import jsonschema
import pytest
import rispy

from conftest import DOCS, ROOT
from township_reader.publish.stamp import EDITION_NAMES, stamp_site
from township_reader.render.citation import cited_work, csl_item

SCHEMAS = ROOT / "scripts" / "township_reader" / "schemas"
RELEASE = {"date": "2026-12-07", "commit": "7f1cdb5", "label": "2026-12-07 (7f1cdb5)"}


def test_the_exports_of_a_build_carry_its_release(tmp_path):
    site = tmp_path / "hant"
    shutil.copytree(DOCS / "hant" / "exports", site / "exports")
    (site / "exports" / "corpus.zip").write_bytes(b"PK\x03\x04\xc3\x28")  # a binary file beside them: left alone
    before = {p.name: p.read_bytes() for p in (site / "exports").iterdir()}
    stamped = stamp_site(site, RELEASE, "https://example.org/reader/hant/", EDITION_NAMES["hant"])
    # each text's JSON, TEI and annotations, the corpus's annotations; each text's citation files, the corpus's
    assert len(stamped) == 9 * 3 + 1 + 9 * 3 + 3
    again = {p.name: p.read_bytes() for p in (site / "exports").iterdir()}
    stamp_site(site, RELEASE, "https://example.org/reader/hant/", EDITION_NAMES["hant"])
    assert {p.name: p.read_bytes() for p in (site / "exports").iterdir()} == again
    assert again["zhenzhang.txt"] == before["zhenzhang.txt"]

    text_schema = json.loads((SCHEMAS / "text.schema.json").read_text(encoding="utf-8"))
    data = json.loads(again["zhenzhang.json"])
    jsonschema.validate(data, text_schema)
    assert data["release"] == RELEASE
    unstamped = json.loads(before["zhenzhang.json"])
    assert {k: v for k, v in data.items() if k != "release"} == unstamped

    anno_schema = json.loads((SCHEMAS / "web-annotation.schema.json").read_text(encoding="utf-8"))
    collection = json.loads(again["zhenzhang.annotations.jsonld"])
    jsonschema.validate(collection, anno_schema)
    assert collection["id"] == "https://example.org/reader/hant/exports/zhenzhang.annotations.jsonld"
    assert collection["generated"] == "2026-12-07T00:00:00Z"
    assert collection["generator"]["name"] == "鄉鎮文獻注讀 繁體版 2026-12-07 (7f1cdb5)"
    annotation = collection["first"]["items"][0]
    assert annotation["id"].startswith("https://example.org/reader/hant/exports/zhenzhang.annotations.jsonld#")
    assert [t["source"] for t in annotation["target"]] == ["https://example.org/reader/texts/zhenzhang.html",
                                                           "https://example.org/reader/hant/texts/zhenzhang.html"]
    assert "版本 <date" in again["zhenzhang.tei.xml"].decode("utf-8")


def test_without_a_release_or_a_site_url_nothing_changes(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(DOCS / "exports", site / "exports")
    before = {p.name: p.read_bytes() for p in (site / "exports").iterdir()}
    written = stamp_site(site, None, None, EDITION_NAMES["hans"])
    assert all(p.endswith((".csl.json", ".ris", ".bib")) for p in written)  # only the citations are new
    assert all(p.read_bytes() == before[p.name] for p in (site / "exports").iterdir() if p.name in before)
    relative = stamp_site(site, None, "https://example.org/reader/", EDITION_NAMES["hans"])
    assert all(p.endswith((".jsonld", ".csl.json", ".ris", ".bib")) for p in relative)


def test_the_citation_files_say_what_the_cite_dialog_says(tmp_path):
    site = tmp_path / "hant"
    shutil.copytree(DOCS / "hant" / "exports", site / "exports")
    stamp_site(site, RELEASE, "https://example.org/reader/hant/", EDITION_NAMES["hant"])
    data = json.loads((site / "exports" / "zhenzhang.json").read_text(encoding="utf-8"))
    work = cited_work(data["title"], data["source"]["site"], data["source"]["date"], "zhenzhang", "zh-Hant",
                      "https://example.org/reader/hant/", RELEASE["label"])
    (item,) = json.loads((site / "exports" / "zhenzhang.csl.json").read_text(encoding="utf-8"))
    assert item == {**csl_item(work), "id": "zhenzhang-hant"}
    assert item["URL"] == "https://example.org/reader/hant/texts/zhenzhang.html" and item["version"] == RELEASE["label"]
    assert item["title"] == data["title"] and item["edition"] == "繁體版"
    (record,) = rispy.loads((site / "exports" / "zhenzhang.ris").read_text(encoding="utf-8"))
    assert (record["title"], record["urls"], record["edition"]) == (item["title"], [item["URL"]], "繁體版")
    corpus = json.loads((site / "exports" / "citations.csl.json").read_text(encoding="utf-8"))
    assert len(corpus) == 9 and item in corpus
    library = bibtexparser.parse_string((site / "exports" / "citations.bib").read_text(encoding="utf-8"))
    assert len(library.entries) == 9 and not library.failed_blocks


@pytest.mark.browser  # needs the built site (make site), as the browser tests do
def test_the_built_site_names_one_release_in_its_footers_and_exports(site):
    """The release the build published (publish/release.py): the same label in the footer of each
    edition, and in the text's JSON, TEI and annotations."""
    for folder in (site, site / "hant"):
        data = json.loads((folder / "exports" / "zhenzhang.json").read_text(encoding="utf-8"))
        label = data["release"]["label"]
        assert label and data["release"]["date"] in label
        page = (folder / "texts" / "zhenzhang.html").read_text(encoding="utf-8")
        assert f'<span class="tr-release__label">{html.escape(label)}</span>' in page
        assert f'<date type="release" when="{data["release"]["date"]}">{html.escape(label)}</date>' in (
            folder / "exports" / "zhenzhang.tei.xml").read_text(encoding="utf-8")
        assert label in json.loads((folder / "exports" / "zhenzhang.annotations.jsonld").read_text(encoding="utf-8"))[
            "generator"]["name"]
