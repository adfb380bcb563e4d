"""What a build adds to the exports it publishes (publish/stamp.py): the release in every text's
JSON and annotation collection (still valid against the published schemas), and with a site URL
the hosted pages' addresses in the annotations; the plain text untouched; a second stamp (a dirty
build) changes nothing."""

from __future__ import annotations

import json
import shutil

import jsonschema

from conftest import DOCS, ROOT
from township_reader.publish.stamp import EDITION_NAMES, stamp_site

SCHEMAS = ROOT / "scripts" / "township_reader" / "schemas"
RELEASE = {"date": "2026-12-07", "commit": "7f1cdb5", "label": "2026-12-07 (7f1cdb5)"}


def test_the_exports_of_a_build_carry_its_release(tmp_path):
    site = tmp_path / "hant"
    shutil.copytree(DOCS / "hant" / "exports", site / "exports")
    (site / "exports" / "corpus.zip").write_bytes(b"PK\x03\x04\xc3\x28")  # a binary file beside them: left alone
    before = {p.name: p.read_bytes() for p in (site / "exports").iterdir()}
    stamped = stamp_site(site, RELEASE, "https://example.org/reader/hant/", EDITION_NAMES["hant"])
    assert len(stamped) == 9 * 3 + 1  # each text's JSON, TEI and annotations; the corpus's annotations
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
    assert stamp_site(site, None, None, EDITION_NAMES["hans"]) == []
    relative = stamp_site(site, None, "https://example.org/reader/", EDITION_NAMES["hans"])
    assert relative and all(p.endswith(".jsonld") for p in relative)
