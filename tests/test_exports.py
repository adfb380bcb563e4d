"""The JSON and plain-text exports: schema, both scripts, and agreement with the site."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import DOCS, ROOT

SCHEMA = json.loads((ROOT / "scripts" / "township_reader" / "schemas" / "text.schema.json").read_text(encoding="utf-8"))
NOTES_SCHEMA = json.loads((ROOT / "scripts" / "township_reader" / "schemas" / "notes.schema.json").read_text(encoding="utf-8"))
EXPORTS = [p for p in sorted((DOCS / "exports").glob("*.json")) + sorted((DOCS / "hant" / "exports").glob("*.json"))
           if p.name != "notes.json"]


@pytest.mark.parametrize("folder", ["", "hant/"])
def test_the_notes_export_follows_its_schema_and_has_every_note(folder):
    data = json.loads((DOCS / folder / "exports" / "notes.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, NOTES_SCHEMA)
    assert data["script"] == ("zh-Hant" if folder else "zh-Hans")
    assert data["notes"] == sum(len(t["notes"]) for t in data["texts"].values()) > 0
    for text_id, text in data["texts"].items():
        export = json.loads((DOCS / folder / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
        assert [n["id"] for n in text["notes"]] == [a["id"] for a in export["annotations"]]
        assert "[[" not in json.dumps(text, ensure_ascii=False)


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: str(p.relative_to(DOCS)))
def test_export_follows_the_schema(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["script"] == ("zh-Hant" if "hant" in path.parts else "zh-Hans")
    assert (DOCS / data["report"]).exists()


def test_every_text_has_json_and_plain_text_in_both_scripts(texts):
    for text_id in texts:
        for folder in (DOCS / "exports", DOCS / "hant" / "exports"):
            assert (folder / f"{text_id}.json").exists()
            plain = (folder / f"{text_id}.txt").read_text(encoding="utf-8")
            assert "<" not in plain and "\\*" not in plain and "{:" not in plain


def test_block_ids_are_the_anchors_on_the_page(texts):
    for text_id in texts:
        data = json.loads((DOCS / "exports" / f"{text_id}.json").read_text(encoding="utf-8"))
        page = (DOCS / "texts" / f"{text_id}.md").read_text(encoding="utf-8")
        for block in data["blocks"]:
            assert f"#{block['id']}" in page, f"{text_id}: {block['id']} is not an anchor on the page"


def test_placeholders_are_kept_literally_and_escaped(texts):
    speech = json.loads((DOCS / "exports" / "qunzhong.json").read_text(encoding="utf-8"))
    assert speech["blocks"][0]["text"].startswith("**镇是全省经济十强镇")
    page = (DOCS / "texts" / "qunzhong.md").read_text(encoding="utf-8")
    assert "\\*\\*镇是全省经济十强镇" in page
    assert "XX年" in page


def test_search_index_folds_with_the_corpus_part_of_the_table_or_all_of_it(conversions, monkeypatch):
    """A small corpus's index carries the fold pairs its characters use; a large one's, the whole
    table (bounded, and no pass over every character): the same queries fold the same way."""
    import township_reader.render.search_index as search_index
    from township_reader.render.pages import HANS_EDITION

    convs = list(conversions.values())
    small = search_index.search_index(convs, HANS_EDITION)["fold"]
    monkeypatch.setattr(search_index, "FOLD_SUBSET_MAX_CHARS", 0)
    whole = search_index.search_index(convs, HANS_EDITION)["fold"]
    pairs = lambda fold: {fold[i : i + 2] for i in range(0, len(fold), 2)}  # noqa: E731
    assert pairs(small) < pairs(whole)
    assert pairs(whole) == {k + v for k, v in search_index.simplified_fold().items()}
    assert "黨党" in pairs(small)  # 黨 folds to 党, which the texts use
