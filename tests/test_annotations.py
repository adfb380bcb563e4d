"""Annotations: anchoring by quote (W3C TextQuoteSelector scoped to a paragraph) and validation."""

from __future__ import annotations

import pytest

from township_reader.datafile import DataError, DataErrors
from township_reader.editions.conversion import to_traditional
from township_reader.enrich.annotations import AnchorError, load_annotations
from township_reader.enrich.publishers import default_publishers
from township_reader.render.notes import render_note


def write(folder, text_id, body):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{text_id}.yml"
    path.write_text(body, encoding="utf-8")
    return path


NOTE = "  kind: context\n  note: 背景说明。\n  author: 测试\n  sources: [\"来源甲，2010\"]\n"


def test_a_unique_quote_anchors_without_a_paragraph(tmp_path, texts):
    write(tmp_path, "zhenzhang", "- quote: 为官一任，造福一方\n" + NOTE)
    [note] = load_annotations(tmp_path, texts)["zhenzhang"]
    assert note.block == "p-镇长是一个镇的带头人"
    body = next(b.text["zh-Hans"] for b in texts["zhenzhang"].blocks if b.id == note.block)
    assert body[note.start : note.end] == "为官一任，造福一方"
    assert note.export("zh-Hant")["quote"] == "為官一任，造福一方"


def test_a_quote_in_traditional_characters_anchors_too(tmp_path, texts):
    write(tmp_path, "jianghua", "- quote: 穩不好就是要一票否決\n" + NOTE)
    [note] = load_annotations(tmp_path, texts)["jianghua"]
    assert note.quote == "稳不好就是要一票否决"


def test_when_the_paragraph_id_changes_the_note_reanchors_by_its_quote(tmp_path, texts):
    write(tmp_path, "zhenzhang", "- quote: 为官一任，造福一方\n  paragraph: p-an-old-id\n" + NOTE)
    [note] = load_annotations(tmp_path, texts)["zhenzhang"]
    assert note.block == "p-镇长是一个镇的带头人" and note.reanchored_from == "p-an-old-id"


def test_a_missing_quote_names_file_line_quote_and_closest_candidates(tmp_path, texts):
    write(tmp_path, "zhenzhang", "- quote: 为官一任造福八方\n" + NOTE)
    with pytest.raises(AnchorError) as err:
        load_annotations(tmp_path, texts, root=tmp_path)
    message = str(err.value)
    assert message.startswith("zhenzhang.yml:1: quote “为官一任造福八方” is not in text 'zhenzhang'")
    assert "closest: #p-镇长是一个镇的带头人 “" in message


def test_an_ambiguous_quote_lists_its_paragraphs(tmp_path, texts):
    write(tmp_path, "jianghua", "- quote: 自重、自省、自警、自励\n" + NOTE)
    with pytest.raises(AnchorError, match=r"jianghua.yml:1: quote “自重、自省、自警、自励” occurs 2 times \(#p-"):
        load_annotations(tmp_path, texts, root=tmp_path)


def test_prefix_or_paragraph_tells_repeats_apart(tmp_path, texts):
    write(tmp_path, "jianghua", "- quote: 自重、自省、自警、自励\n  prefix: 希望大家做到\n" + NOTE)
    [note] = load_annotations(tmp_path, texts)["jianghua"]
    assert note.block == "p-四要扛好责任筑牢防线"


@pytest.mark.parametrize(("body", "line", "message"), [
    ("- quote: 为官一任，造福一方\n  kind: context\n  note: 说明\n  author: 甲\n  sources: [\"出处甲乙\"]\n  colour: red\n",
     6, "unknown key 'colour'"),
    ("- quote: 为官一任，造福一方\n  kind: gossip\n  note: 说明\n  author: 甲\n  sources: [\"出处甲乙\"]\n",
     2, "unknown kind 'gossip'"),
    ("- quote: 为官一任，造福一方\n  kind: context\n  note: \"  \"\n  author: 甲\n  sources: [\"出处甲乙\"]\n",
     3, "the note is empty"),
    ("- quote: 为官一任，造福一方\n  kind: context\n  note: 说明\n  author: 甲\n  sources: []\n",
     5, "must name at least one source"),
    ("- quote: 造福一方\n  kind: context\n  note: 说明\n  author: 甲\n  sources: [\"出处甲乙\"]\n",
     1, "shorter than 6 characters"),
])
def test_bad_entries_fail_with_file_line_and_what_to_do(tmp_path, texts, body, line, message):
    write(tmp_path, "zhenzhang", body)
    with pytest.raises(DataError) as err:
        load_annotations(tmp_path, texts, root=tmp_path)
    assert str(err.value).startswith(f"zhenzhang.yml:{line}: ") and message in str(err.value)


def test_every_bad_entry_of_every_file_is_reported_at_once(tmp_path, texts):
    """An editor with three mistakes in two files fixes them in one round, not three."""
    write(tmp_path, "zhenzhang", "- quote: 为官一任，造福一方\n" + NOTE
          + "- quote: 为官一任造福八方\n" + NOTE
          + "- quote: 镇长是一个镇的带头人\n  kind: gossip\n  note: 说明\n  author: 甲\n  sources: [\"出处甲乙\"]\n")
    write(tmp_path, "jianghua", "- quote: 自重、自省、自警、自励\n" + NOTE)
    with pytest.raises(DataErrors) as err:
        load_annotations(tmp_path, texts, root=tmp_path)
    lines = str(err.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == ["jianghua.yml:1", "zhenzhang.yml:6", "zhenzhang.yml:12"]
    assert "occurs 2 times" in lines[0] and "is not in text 'zhenzhang'" in lines[1] and "unknown kind 'gossip'" in lines[2]
    assert len(err.value.errors) == 3 and err.value.line == 1  # the first problem's place, for old callers


def test_a_file_for_an_unknown_text(tmp_path, texts):
    write(tmp_path, "no-such-text", "- quote: 为官一任，造福一方\n" + NOTE)
    with pytest.raises(DataError, match="no text with id 'no-such-text'"):
        load_annotations(tmp_path, texts, root=tmp_path)


@pytest.mark.parametrize("hostile", [
    "<script>window.__pwned = 1</script>",
    "<img src=x onerror=\"window.__pwned = 1\">",
    "[点我](javascript:window.__pwned=1)",
    "<a href=\"#\" onclick=\"window.__pwned=1\">x</a>",
    "<iframe src=\"data:text/html,<script>parent.__pwned=1</script>\"></iframe>",
    "[x](JaVaScRiPt:alert(1))",
    "![x](x \"onerror=alert(1)\")",
    "<svg onload=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
])
def test_hostile_markdown_is_neutralised(hostile):
    from html.parser import HTMLParser

    class Elements(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Elements()
    parser.feed(render_note(hostile))
    for tag, attrs in parser.found:
        assert tag in {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "q", "cite", "sup", "sub"}, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        href = (attrs.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:", "#")), href


# ----------------------------------------------------------------------- the real notes


def test_the_editors_notes_anchor_and_cover_every_text(texts):
    """The notes in seeds/annotations/ all load, anchor once, and reach every text."""
    from collections import Counter

    from conftest import SEEDS

    notes = load_annotations(SEEDS / "annotations", texts)
    every = [a for items in notes.values() for a in items]
    assert len(every) >= 40, f"only {len(every)} notes"
    assert set(notes) == set(texts), f"texts without notes: {sorted(set(texts) - set(notes))}"
    kinds = Counter(a.kind for a in every)
    assert kinds["sic"] >= 10 and kinds["context"] >= 30 and kinds["cross-reference"] >= 3, kinds
    for a in every:
        if a.kind != "translation":
            assert a.sources, f"{a.id}: a {a.kind} note without a source"


def test_sic_notes_leave_the_authors_words_alone(texts):
    """A [sic] note marks an error; the error itself stays in the text, character for character."""
    from conftest import SEEDS

    notes = load_annotations(SEEDS / "annotations", texts)
    for text_id, items in notes.items():
        for a in items:
            if a.kind == "sic":
                block = next(b for b in texts[text_id].blocks if b.id == a.block)
                assert a.quote in block.text["zh-Hans"]


@pytest.mark.parametrize("edition", ["", "hant/"])
def test_every_note_is_on_its_page_with_marker_backlink_and_linked_sources(site, texts, edition):
    import re

    from conftest import SEEDS

    notes = load_annotations(SEEDS / "annotations", texts)
    for text_id, items in notes.items():
        html = (site / edition / "texts" / f"{text_id}.html").read_text(encoding="utf-8")
        for a in items:
            assert f'id="{a.id}"' in html, f"{edition}{text_id}: note {a.id} missing"
            assert f'id="ref-{a.id}"' in html, f"{edition}{text_id}: marker for {a.id} missing"
        urls = [u for a in items for s in a.sources for u in re.findall(r"https?://\S+?(?=[\s，。；）)]|$)", s)]
        for url in urls:
            assert f'href="{url.replace("&", "&amp;")}"' in html, f"{edition}{text_id}: source {url} not linked"
        # a linked source shows its publisher's name, never the raw (percent-encoded) address
        publishers = default_publishers()
        links = re.findall(r'<a class="tr-note__link" href="([^"]+)"[^>]*>([^<]*)</a>', html)
        assert len(links) == len(urls), f"{edition}{text_id}: {len(links)} source links for {len(urls)} addresses"
        for href, label in links:
            name = publishers.publisher_of(href.replace("&amp;", "&")).name
            assert label == (name if not edition else to_traditional(name)), f"{edition}{text_id}: {href} shows {label!r}"
            assert not label.startswith("http")
