"""The editors' notes as W3C Web Annotations: the model's structure (a JSON Schema of the part of the
model the files use), every note once, and every selector resolving on the built pages in Chromium,
in both editions."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import pytest

from conftest import DOCS, ROOT, file_url

SCHEMA = json.loads((ROOT / "scripts" / "township_reader" / "schemas" / "web-annotation.schema.json").read_text(encoding="utf-8"))
EDITIONS = {"zh-Hans": DOCS, "zh-Hant": DOCS / "hant"}
COLLECTIONS = sorted((DOCS / "exports").glob("*.jsonld")) + sorted((DOCS / "hant" / "exports").glob("*.jsonld"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def items(collection: dict) -> list[dict]:
    return collection.get("first", {}).get("items", [])


@pytest.mark.parametrize("path", COLLECTIONS, ids=lambda p: str(p.relative_to(DOCS)))
def test_collection_follows_the_web_annotation_model(path):
    data = load(path)
    jsonschema.validate(data, SCHEMA)
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["total"] == len(items(data))
    for annotation in items(data):
        languages = [b["language"] for b in annotation["body"][0]["items"]]
        assert languages == ["zh-Hans", "zh-Hant"]
        assert [urlsplit(t["source"]).path.rsplit("/", 2)[-2] for t in annotation["target"]] == ["texts", "texts"]


def test_every_note_is_one_annotation_in_its_text_and_in_the_corpus(texts):
    for folder in (DOCS / "exports", DOCS / "hant" / "exports"):
        corpus = [a["id"] for a in items(load(folder / "annotations.jsonld"))]
        assert len(corpus) == len(set(corpus))
        per_text = []
        for text_id in texts:
            export = load(folder / f"{text_id}.json")
            collection = load(folder / f"{text_id}.annotations.jsonld")
            assert [a["id"] for a in items(collection)] == [f"{text_id}.annotations.jsonld#{n['id']}"
                                                             for n in export["annotations"]]
            per_text += [a["id"] for a in items(collection)]
        assert corpus == per_text


def test_selectors_agree_with_the_exports(texts):
    """Each target's quote is the export's block text at the position selector's offsets, in the
    target edition's script; the prefix and suffix are the paragraph's characters either side."""
    for text_id in texts:
        collection = load(DOCS / "exports" / f"{text_id}.annotations.jsonld")
        for annotation in items(collection):
            for target, (script, root) in zip(annotation["target"], EDITIONS.items(), strict=True):
                quote, fragment = target["selector"]
                export = load(root / "exports" / f"{text_id}.json")
                block = next(b for b in export["blocks"] if b["id"] == fragment["value"])
                chars = block["text"]
                start, end = fragment["refinedBy"]["start"], fragment["refinedBy"]["end"]
                assert chars[start:end] == quote["exact"], (text_id, script)
                assert chars[:start].endswith(quote["prefix"]) and chars[end:].startswith(quote["suffix"])


RESOLVE = r"""
(targets) => {
  // What the page shows of a block as its text: without the note numbers, the ¶ and cite
  // controls and the word joiners the site adds around them.
  const SKIP = "sup.tr-note-ref, .tr-permalink, .headerlink, .tr-cite-button, button, .tr-alias";
  function readingText(element) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const out = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest(SKIP)) out.push(walker.currentNode.nodeValue);
    }
    return out.join("").replace(/\u2060/g, "");
  }
  const article = document.querySelector("article");
  const blocks = [...article.querySelectorAll("p[id], h2[id], h3[id], h4[id], h5[id], h6[id]")];
  const texts = blocks.map(readingText);
  return targets.map(({quote, fragment}) => {
    const element = document.getElementById(fragment.value);
    const own = element ? readingText(element) : null;
    const points = own === null ? [] : Array.from(own);
    const byPosition = points.slice(fragment.refinedBy.start, fragment.refinedBy.end).join("");
    // the TextQuoteSelector over every block of the page: where prefix + exact + suffix occurs
    const whole = quote.prefix + quote.exact + quote.suffix;
    const found = [];
    texts.forEach((text, n) => {
      let at = text.indexOf(whole);
      while (at !== -1) {
        found.push({block: blocks[n].id, offset: Array.from(text.slice(0, at + quote.prefix.length)).length});
        at = text.indexOf(whole, at + 1);
      }
    });
    return {own, byPosition, found};
  });
}
"""


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_every_selector_resolves_on_the_built_page(offline_page, site, texts, script):
    """In Chromium, from disk with the network refused: for every note, the target of this edition
    names a page of the built site; on it, the paragraph's text is the export's, the position
    selector gives the quoted words, and the quote selector (with its prefix and suffix) occurs once,
    in that paragraph at that position."""
    root = site if script == "zh-Hans" else site / "hant"
    checked = 0
    for text_id in texts:
        collection_path = root / "exports" / f"{text_id}.annotations.jsonld"
        collection = load(collection_path)
        export = load(root / "exports" / f"{text_id}.json")
        index = 0 if script == "zh-Hans" else 1
        targets = [a["target"][index] for a in items(collection)]
        if not targets:
            continue
        pages = {urljoin(file_url(collection_path), t["source"]) for t in targets}
        assert pages == {file_url(root / "texts" / f"{text_id}.html")}
        offline_page.goto(pages.pop())
        results = offline_page.evaluate(RESOLVE, [{"quote": t["selector"][0], "fragment": t["selector"][1]}
                                                  for t in targets])
        for target, result in zip(targets, results, strict=True):
            quote, fragment = target["selector"]
            block = next(b for b in export["blocks"] if b["id"] == fragment["value"])
            assert result["own"] == block["text"], (text_id, fragment["value"])
            assert result["byPosition"] == quote["exact"]
            assert result["found"] == [{"block": fragment["value"], "offset": fragment["refinedBy"]["start"]}]
            checked += 1
    assert checked >= 50
    assert not offline_page.guard.refused and not offline_page.errors
