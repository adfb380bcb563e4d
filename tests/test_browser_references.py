"""The cite dialog offers a paragraph's citation as CSL-JSON, RIS and BibTeX (publish/stamp.py,
render/references.py): what a reader copies imports, with the paragraph's number, its address and
the day, in both editions, from disk; and the site's citation files are there."""

from __future__ import annotations

import datetime
import json

import bibtexparser
import pytest
import rispy

from conftest import file_url


@pytest.mark.parametrize("edition", ["", "hant/"])
def test_the_dialog_gives_each_format_of_the_paragraph(offline_page, site, edition):
    page = offline_page
    page.goto(file_url(site / edition / "texts" / "zhenzhang.html"))
    paragraph = page.locator("p[data-n]").nth(1)
    paragraph.hover()
    paragraph.locator("button.tr-cite-button[data-action='cite']").click()
    page.wait_for_selector("dialog.tr-cite[open]")
    number, anchor = paragraph.get_attribute("data-n"), paragraph.get_attribute("id")
    text = {style: page.locator(f"section[data-style='{style}'] .tr-cite__text").inner_text()
            for style in ("csl-json", "ris", "bibtex")}
    (item,) = json.loads(text["csl-json"])
    (record,) = rispy.loads(text["ris"])
    (entry,) = bibtexparser.parse_string(text["bibtex"]).entries
    fields = {f.key: f.value for f in entry.fields}
    today = datetime.date.today().isoformat()
    assert item["locator"] == record["section"] == fields["titleaddon"] == f"§{number}"
    assert item["title"] == record["title"] == fields["title"]
    assert item["accessed"] == {"raw": today} and record["access_date"] == fields["urldate"] == today
    assert item["id"] == entry.key == f"zhenzhang-{'hant' if edition else 'hans'}-p{number}"
    if "URL" in item:  # a site built with its address (the test site may not be)
        assert item["URL"].endswith(f"#{anchor}") and record["urls"] == [item["URL"]] and fields["url"] == item["URL"]
    for style in ("csl-json", "ris", "bibtex"):
        button = page.locator(f"section[data-style='{style}'] button.tr-cite__copy")
        box = button.bounding_box()
        assert box and box["height"] >= 24 and box["width"] >= 24
    assert not page.errors and not page.guard.refused


def test_the_site_has_every_texts_citation_files(site):
    for edition in ("", "hant/"):
        exports = site / edition / "exports" if edition else site / "exports"
        texts = sorted(p.name.removesuffix(".tei.xml") for p in exports.glob("*.tei.xml"))
        assert len(texts) == 9
        for text_id in texts:
            for ext in (".csl.json", ".ris", ".bib"):
                assert (exports / f"{text_id}{ext}").stat().st_size > 0
        assert len(json.loads((exports / "citations.csl.json").read_text(encoding="utf-8"))) == 9
