"""The glossary: data, every occurrence tooltipped, tooltips that work, concordance, parallels."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from conftest import DOCS, ROOT, SEEDS, file_url
from township_reader.datafile import DataError
from township_reader.enrich.glossary import load_glossary
from township_reader.vocabulary import HANS, HANT

GLOSSARY = load_glossary(ROOT / "seeds" / "glossary.yml")


# ------------------------------------------------------------------------------ data


def test_glossary_is_large_sourced_and_bilingual():
    assert len(GLOSSARY) >= 80
    for entry in GLOSSARY.entries:
        assert entry.sources and entry.zh and entry.en and entry.english and entry.pinyin, entry.term
        assert re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]", entry.pinyin), entry.term


def test_required_terms_are_entries():
    required = ["一票否决", "四议两公开", "三会一课", "一岗双责", "两单四化", "4+4+2", "三查三保", "四风", "五保户",
                "村两委", "维稳", "四制考核", "五个一", "三级研判", "一会四联", "党政综合办公室", "综治", "纪委"]
    missing = [t for t in required if t not in GLOSSARY.by_term]
    assert not missing


def test_longest_match_wins_and_exclusions_apply():
    found = GLOSSARY.find("严格执行党风廉政建设责任制")
    assert [o.form for o in found] == ["党风廉政建设责任制"]


def test_a_bad_entry_names_file_and_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("- id: weiwen\n  term: 维稳\n  pinyin: wéiwěn\n  english: stability\n  category: gossip\n"
                    "  zh: 维护稳定的工作。\n  en: Stability maintenance work.\n  sources: [\"某出处，2010\"]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"glossary.yml:5: .*unknown category 'gossip'"):
        load_glossary(path, "glossary.yml")
    path.write_text("- id: yifang\n  term: 乙方\n  pinyin: yǐfāng\n  english: b\n  category: work-style\n  zh: 乙乙乙乙\n"
                    "  en: bbbbbbbbbbbb\n  sources: [\"出处出处\"]\n- id: jiafang\n  term: 甲方\n  pinyin: jiǎfāng\n  english: a\n"
                    "  category: work-style\n  zh: 甲甲甲甲\n  en: aaaaaaaaaaaa\n  sources: [\"出处出处\"]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"glossary.yml:9: entries must be sorted by id"):
        load_glossary(path, "glossary.yml")


# ---------------------------------------------------------------------- coverage


class TermLinks(HTMLParser):
    """Term links in a page's article, and any found inside headings, links or code."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.misplaced: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "tr-term" in (attrs.get("class") or "").split():
            self.links.append(attrs["href"])
            if any(t in {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code"} for t in self.stack):
                self.misplaced.append(attrs["href"])
        if tag not in {"br", "img", "input", "meta", "link", "hr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


@pytest.mark.parametrize("edition", [HANS, HANT])
def test_every_occurrence_in_every_text_has_a_tooltip(site, texts, edition):
    prefix = "" if edition == HANS else "hant/"
    total = 0
    for text in texts.values():
        expected = [o.entry for b in text.blocks if b.type == "paragraph" for o in GLOSSARY.find(b.text[edition], edition)]
        parser = TermLinks()
        parser.feed((site / prefix / "texts" / f"{text.id}.html").read_text(encoding="utf-8"))
        found = [href.split("#")[1] for href in parser.links]
        assert found == expected, f"{text.id}: {len(found)} tooltips for {len(expected)} occurrences"
        assert not parser.misplaced
        total += len(expected)
    assert total >= 300
    ids = set(re.findall(r'id="([^"]+)"', (site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")))
    assert {e.id for e in GLOSSARY.entries} <= ids


def test_exports_list_term_occurrences_and_parallels(texts):
    data = json.loads((DOCS / "exports" / "jianghua.json").read_text(encoding="utf-8"))
    assert any(t["term"] == "一票否决" and t["block"].startswith("p-") for t in data["terms"])
    blocks = {b["id"]: b["text"] for b in data["blocks"]}
    for term in data["terms"]:
        assert blocks[term["block"]][term["start"] : term["end"]] == term["form"]
    # reuse only (a stock phrase such as 上面千条线、下面一根针 is listed on the parallels page, not here),
    # each located in both texts' exports
    assert any(p["text"] == "shuji-xinshiqi" and "要坚持分工负责" in p["passage"] for p in data["parallels"])
    for p in data["parallels"]:
        assert blocks[p["block"]][p["start"] : p["end"]]
        other = json.loads((DOCS / "exports" / f"{p['text']}.json").read_text(encoding="utf-8"))
        assert {b["id"]: b["text"] for b in other["blocks"]}[p["other_block"]][p["other_start"] : p["other_end"]] == p["passage"]


def test_parallels_include_the_known_shared_passages():
    page = (DOCS / "parallels.md").read_text(encoding="utf-8")
    for passage in ("自重自省自警自励", "上面千条线下面一根针", "最关心最直接最现实"):
        assert passage in page


# ----------------------------------------------------------------------- browser


def tooltip(page):
    page.wait_for_selector("#tr-tip:not([hidden])", timeout=2000)
    return page.inner_text("#tr-tip")


@pytest.mark.browser
def test_tooltip_on_hover_shows_pinyin_english_definition(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts" / "jianghua.html", "p-二是当好群众领路人抓"))
    term = page.locator('[id="p-二是当好群众领路人抓"] a.tr-term[href$="#yipiaofoujue"]').first
    term.hover()
    text = tooltip(page)
    entry = GLOSSARY.by_id["yipiaofoujue"]
    assert entry.pinyin in text and entry.english in text and entry.zh[:10] in text
    assert term.get_attribute("aria-describedby") == "tr-tip"
    page.mouse.move(0, 0)
    page.wait_for_selector("#tr-tip", state="hidden")


@pytest.mark.browser
def test_tooltip_on_keyboard_focus_and_escape(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts" / "zhenzhang.html"))
    page.locator("h1").focus()
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tr-term')"):
            break
    else:
        pytest.fail("no glossary term is reachable with Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    entry = GLOSSARY.by_id[href.split("#")[1]]
    assert entry.english in tooltip(page)
    page.keyboard.press("Escape")
    page.wait_for_selector("#tr-tip", state="hidden")


@pytest.mark.browser
def test_tooltip_on_touch_then_follow_it_to_the_glossary(browser, site):
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(file_url(site / "texts" / "jianghua.html", "p-二是当好群众领路人抓"))
    term = page.locator('[id="p-二是当好群众领路人抓"] a.tr-term[href$="#yipiaofoujue"]').first
    term.tap()
    assert "one-vote veto" in tooltip(page)
    assert page.url.endswith("jianghua.html#p-%E4%BA%8C%E6%98%AF%E5%BD%93%E5%A5%BD%E7%BE%A4%E4%BC%97%E9%A2%86%E8%B7%AF%E4%BA%BA%E6%8A%93")
    page.locator("#tr-tip a.tr-tip__more").tap()
    page.wait_for_url("**/glossary/*.html#yipiaofoujue")  # its category's page
    assert page.locator('[id="yipiaofoujue"]').is_visible()
    context.close()


@pytest.mark.browser
def test_concordance_line_leads_back_to_its_paragraph(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "glossary" / "rural-policy.html", "siyilianggongkai"))
    line = page.locator('[id="siyilianggongkai"] ~ ol.tr-kwic a').first
    href = line.get_attribute("href")
    line.click()
    page.wait_for_url("**/texts/jianghua.html?h=*#*")  # with the words to highlight (test_browser_find.py)
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert href.endswith(anchor) and "四议两公开" in page.inner_text(f'[id="{anchor}"]')


@pytest.mark.browser
def test_parallel_passage_link_between_two_texts(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts" / "shuji-xinshiqi.html", "p-第一要坚持不懈抓党建"))
    aside = page.locator('[id="p-第一要坚持不懈抓党建"] + .tr-parallels')
    aside.locator("summary").click()  # collapsed until opened
    assert "要坚持分工负责" in aside.inner_text()
    aside.locator(".tr-align__src a", has_text="座谈会讲话").click()
    page.wait_for_url("**/texts/jianghua.html?h=*#*")  # with the words to highlight (test_browser_find.py)
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert "要坚持分工负责" in page.inner_text(f'[id="{anchor}"]')


@pytest.mark.browser
def test_traditional_edition_tooltips_show_traditional_forms(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "hant" / "texts" / "jianghua.html", "p-二是当好群众领路人抓"))
    page.locator('[id="p-二是当好群众领路人抓"] a.tr-term[href$="#yipiaofoujue"]').first.hover()
    assert "一票否決" in tooltip(page)


def test_the_glossary_is_validated_once_per_content(tmp_path):
    """A process that builds more than once (the preview, a test, the benchmark) reads the glossary
    again only when it changed."""
    from township_reader.build import read_glossary

    path = tmp_path / "glossary.yml"
    source = (SEEDS / "glossary.yml").read_text(encoding="utf-8")
    path.write_text(source, encoding="utf-8")
    first = read_glossary(path)
    assert read_glossary(path) is first
    path.write_text(source.replace("english: work safety", "english: safety at work", 1), encoding="utf-8")
    changed = read_glossary(path)
    assert changed is not first and changed.by_id["anquanshengchan"].english == "safety at work"


def entry_title(entry_id, script):
    return GLOSSARY.by_id[entry_id].title(script)


@pytest.mark.parametrize("edition", ["", "hant/"])
def test_each_text_page_carries_the_tooltips_of_its_own_terms_only(site, texts, edition):
    """Tooltip data travels with the page: exactly the entries its terms link to, as inert JSON."""
    for text_id in texts:
        html = (site / edition / "texts" / f"{text_id}.html").read_text(encoding="utf-8")
        linked = set(re.findall(r'class="tr-term" href="[^"]*#([^"]+)"', html))
        blocks = re.findall(r'<script type="application/json" class="tr-glossary-data">(.*?)</script>', html, re.S)
        assert len(blocks) == 1, f"{edition}{text_id}: {len(blocks)} tooltip data blocks"
        data = json.loads(blocks[0])
        assert set(data) == linked, f"{edition}{text_id}: data for {sorted(set(data) ^ linked)[:5]}"
        for entry_id, (title, pinyin, english, definition, *official) in data.items():
            assert title in (entry_title(entry_id, "zh-Hans"), entry_title(entry_id, "zh-Hant"))
            entry = GLOSSARY.by_id[entry_id]
            assert pinyin == entry.pinyin and english == entry.english and definition.endswith("。")
            # an official rendering travels with ours, named by whose it is; none where there is none
            assert official == [f"{r.english} ({r.by})" for r in entry.official()[:1]], entry_id
