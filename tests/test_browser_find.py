"""Finding in the browser: every hit reachable from the results page, a search's address and the
back button, notes and glossary definitions as results, the status line, variant-insensitive
matching, and landing on the words (from a search result, a concordance line and a parallel
passage: the first highlighted occurrence inside the window, on desktop and phone), kept across
the edition switch. Over HTTP and from file://.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

from conftest import file_url
from township_reader.render.folding import fold_text
from township_reader.vocabulary import HANS, HANT

pytestmark = pytest.mark.browser

SEPARATORS = re.compile(r"[\s\u3000，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,;:!?\"'()\[\]{}<>|/\\*]+")
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=["file", "http"])
def where(request, site, http_site):
    """The site's root, read from disk or served."""
    return (lambda path: file_url(site / path)) if request.param == "file" else (lambda path: http_site + quote(path))


@pytest.fixture(params=list(VIEWPORTS))
def viewport_page(request, browser):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=request.param == "phone")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    yield page
    context.close()


def results_page(page, url):
    page.goto(url)
    page.wait_for_function("() => { const s = document.querySelector('[data-tr-search-page-status]').textContent;"
                           " return /找到|沒有|没有/.test(s); }")
    return page


def expand_all(page):
    closed = page.locator("button[data-tr-expand][aria-expanded='false']")
    for _ in range(closed.count()):
        closed.first.click()


def paragraph_links(page):
    return page.eval_on_selector_all(
        "[data-tr-search-page-results] a[data-tr-kind='paragraph']",
        "els => els.map(a => [a.pathname.split('/').pop().replace('.html', ''), decodeURIComponent(a.hash.slice(1))])")


def matching_blocks(texts, query, script):
    want = fold_text(query, script)
    return {(text_id, block.id) for text_id, text in texts.items() for block in text.blocks
            if want in SEPARATORS.sub("", fold_text(block.text[script], script))}


@pytest.mark.parametrize("edition", ["", "hant/"])
@pytest.mark.parametrize("query", ["干部", "乡镇"])
def test_every_hit_is_reachable_from_the_results_page(browser, where, texts, edition, query):
    page = browser.new_page()
    results_page(page, where(f"{edition}search.html") + "?q=" + quote(query))
    expected = matching_blocks(texts, query, HANT if edition else HANS)
    assert len(expected) > 40
    status = page.inner_text("[data-tr-search-page-status]")
    assert f"中的 {len(expected)} 段" in status, status
    expand_all(page)
    links = paragraph_links(page)
    assert set(map(tuple, links)) == expected and len(links) == len(expected)
    page.close()


def test_a_search_has_an_address_and_the_back_button_returns_to_it(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "index.html"))
    page.click("[data-tr-search-query]")
    page.type("[data-tr-search-query]", "一票否决", delay=5)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["一票否决"]
    page.wait_for_selector("[data-tr-search-page-results] a[data-tr-kind='paragraph']")
    expand_all(page)
    first = page.locator("[data-tr-search-page-results] a[data-tr-kind='paragraph']").first
    first.click()
    page.wait_for_url(re.compile(r"texts/.*\?h="))
    page.go_back()
    page.wait_for_selector("[data-tr-search-page-results] a[data-tr-kind='paragraph']")
    assert page.input_value("[data-tr-search-page-query]") == "一票否决"
    # opened afresh (a bookmark, a shared link, a new tab), the address gives the same results
    page.goto(file_url(site / "search.html") + "?q=" + quote("一票否决"))
    page.wait_for_selector("[data-tr-search-page-results] a[data-tr-kind='paragraph']")
    assert page.guard.refused == [] and page.errors == []


@pytest.mark.parametrize("edition", ["", "hant/"])
@pytest.mark.parametrize("query", ["原文如此", "习近平", "新华社", "英译"])
def test_notes_are_found_and_labelled(offline_page, site, edition, query):
    page = results_page(offline_page, file_url(site / edition / "search.html") + "?q=" + quote(query))
    notes = page.locator("[data-tr-search-page-results] a[data-tr-kind='note']")
    assert notes.count() >= 1
    assert re.search(r"编者注释|編者注釋", notes.first.inner_text())
    assert re.search(rf"{notes.count()} 條注釋|{notes.count()} 条注释", page.inner_text("[data-tr-search-page-status]"))
    href = notes.first.get_attribute("href")
    assert "?h=" in href and "#note-" in unquote(href)


@pytest.mark.parametrize(("query", "kind"), [("yipiaofoujue", "entry"), ("one-vote veto", "entry"), ("乡镇党委", "definition")])
def test_glossary_entries_and_definitions_are_results_and_counted(offline_page, site, query, kind):
    page = offline_page
    page.goto(file_url(site / "index.html"))
    page.click("[data-tr-search-query]")
    page.type("[data-tr-search-query]", query, delay=5)
    page.wait_for_function("() => /找到|没有/.test(document.querySelector('[data-tr-search-meta]').textContent)")
    meta = page.inner_text("[data-tr-search-meta]")
    entries = page.locator("[data-tr-search-results] li.tr-search-entry")
    assert entries.count() >= 1 and "个词条" in meta and "找到 0" not in meta, meta
    assert ("词条释义" in entries.last.inner_text()) == (kind == "definition")


@pytest.mark.parametrize("edition", ["", "hant/"])
@pytest.mark.parametrize("query", ["随着", "隨著"])
def test_zhe_and_variants_find_the_speech(offline_page, site, edition, query):
    page = results_page(offline_page, file_url(site / edition / "search.html") + "?q=" + quote(query))
    pages = {link[0] for link in paragraph_links(page)}
    assert "jianghua" in pages


def land_and_check(page):
    """After following a link with ?h=: the first highlighted occurrence is inside the window, below
    the header and above the step control."""
    page.wait_for_function("() => window.trHighlightReady === true", timeout=10_000)
    return page.evaluate("""() => {
        const mark = document.querySelector('mark.tr-hit--current');
        if (!mark) return 'no highlight';
        const r = mark.getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        const step = document.querySelector('.tr-step');
        const bottom = step ? step.getBoundingClientRect().top : innerHeight;
        const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
        if (target && !target.contains(mark)) return 'first highlight outside the linked element';
        return r.top >= header && r.bottom <= bottom ? 'in view' : `out of view: ${Math.round(r.top)} px (window ${innerHeight})`;
    }""")


SEARCH_QUERIES = ["一票否决", "四议两公开", "民主集中制", "维稳", "拆迁", "巡视", "罗阳镇", "锦石乡",
                  "发展才是硬道理", "天增岁月廉增寿", "群众路线", "随着"]


@pytest.mark.parametrize("query", SEARCH_QUERIES)
def test_a_search_result_lands_on_the_words(viewport_page, site, query):
    page = results_page(viewport_page, file_url(site / "search.html") + "?q=" + quote(query))
    links = page.locator("[data-tr-search-page-results] a[data-tr-kind='paragraph']")
    assert links.count() >= 1, query
    # the last of the best paragraphs of the first text: often deep in a long paragraph
    best = page.locator("[data-tr-search-page-results] li[data-tr-group='0'] > a[data-tr-kind='paragraph']")
    best.nth(best.count() - 1).click()
    assert land_and_check(page) == "in view", query
    # the step control goes to the next one and brings it into view
    total = page.evaluate("document.querySelectorAll('mark.tr-hit--current').length && "
                          "Number(document.querySelector('.tr-step__count').textContent.split('/')[1])")
    if total > 1:
        page.click(".tr-step__next")
        assert page.evaluate("""() => { const r = document.querySelector('mark.tr-hit--current').getBoundingClientRect();
                                        return r.top >= 0 && r.bottom <= innerHeight; }""")
    assert page.errors == []


def kwic_links(site, count):
    html = "".join(p.read_text(encoding="utf-8") for p in sorted((site / "glossary" / "kwic").glob("*.html")))
    links = sorted(set(re.findall(r'<li[^>]*><a href="([^"]+\?h=[^"]+)"><span class="tr-kwic__src">', html)))
    assert len(links) >= count
    return links[:: len(links) // count][:count]  # spread over the terms and texts


def parallel_links(site, count):
    html = (site / "parallels.html").read_text(encoding="utf-8")
    return sorted(set(re.findall(r'<a href="(texts/[^"]+\?h=[^"]+)"', html)))[:count]


@pytest.mark.parametrize("n", range(6))
def test_a_concordance_line_lands_on_the_words(viewport_page, site, n):
    links = kwic_links(site, 6)
    page = viewport_page
    page.goto(file_url(site / "glossary" / "kwic" / "x.html").rsplit("/", 1)[0] + "/" + links[n].replace("&amp;", "&"))
    assert land_and_check(page) == "in view", links[n]


@pytest.mark.parametrize("n", range(6))
def test_a_parallel_passage_lands_on_the_words(viewport_page, site, n):
    links = parallel_links(site, 6)
    page = viewport_page
    page.goto(file_url(site / "parallels.html").rsplit("/", 1)[0] + "/" + links[n].replace("&amp;", "&"))
    assert land_and_check(page) == "in view", links[n]


def test_the_aside_links_carry_the_words(site):
    html = (site / "texts" / "jianghua.html").read_text(encoding="utf-8")
    aside = re.findall(r'<details class="tr-parallels".*?</details>', html, re.S)  # the collapsed asides (issue 21)
    links = [h for a in aside for h in re.findall(r'<a href="([^"]+)"', a) if "parallels.html" not in h]
    assert aside and links and all("?h=" in h for h in links)


@pytest.mark.parametrize(("start", "target"), [("", "hant/"), ("hant/", "")])
def test_the_highlight_survives_the_edition_switch(offline_page, site, start, target):
    page = offline_page
    page.goto(file_url(site / start / "texts" / "jianghua.html") + "?h=" + quote("一票否决") + "#p-二是当好群众领路人抓")
    page.wait_for_function("() => window.trHighlightReady === true")
    count = page.locator("mark.tr-hit").count()
    assert count >= 1
    page.click(".md-header__option .md-select > button")
    page.click(f"a[data-tr-edition='{'hant' if target else 'hans'}']")
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.trHighlightReady === true")
    assert parse_qs(urlsplit(page.url).query)["h"] == ["一票否决"]
    assert page.locator("mark.tr-hit").count() == count
    assert page.guard.refused == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["", "hant/"])
def test_axe_finds_no_violation_in_the_results_page_and_the_highlight(offline_page, scheme, site, edition):
    from test_browser_reading import axe_violations

    offline_page.emulate_media(color_scheme=scheme)
    page = results_page(offline_page, file_url(site / edition / "search.html") + "?q=" + quote("干部"))
    expand_all(page)
    assert axe_violations(page) == []
    page.goto(file_url(site / edition / "texts" / "jianghua.html") + "?h=" + quote("一票否决") + "#p-二是当好群众领路人抓")
    page.wait_for_function("() => window.trHighlightReady === true")
    assert axe_violations(page) == []
    sizes = page.eval_on_selector_all(".tr-step button", "els => els.map(b => [b.offsetWidth, b.offsetHeight])")
    assert len(sizes) == 3 and all(w >= 24 and h >= 24 for w, h in sizes), sizes
