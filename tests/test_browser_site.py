"""The built site in a real headless Chromium: search, offline use, permalinks.

"Offline" is file:// with every non-file request refused and counted. "Search works"
is typing into the search box and reading the result list.
"""

from __future__ import annotations

import pytest

from conftest import file_url

pytestmark = pytest.mark.browser

SEARCHES = [
    # query, the text expected as top hit
    ("一票否决", "texts/jianghua.html"),
    ("否决", "texts/jianghua.html"),  # a word inside a longer word
    ("四议两公开", "texts/jianghua.html"),
    ("公仆意识", "texts/shuji-gongpu.html"),
    ("党政办公室", "texts/bangongshi.html"),
    ("民主集中制", "texts/jianghua.html"),
]


def type_query(page, query: str, entries: bool = False) -> list[str]:
    """Type into the search box like a reader; return the targets of the text results
    (or, with ``entries``, of the glossary entries shown above them)."""
    page.click("[data-tr-search-query]")
    page.fill("[data-tr-search-query]", "")
    page.keyboard.type(query, delay=20)
    page.wait_for_function(  # an answer: a count of results, or none
        "() => /找到|没有|沒有/.test(document.querySelector('[data-tr-search-meta]').textContent)")
    page.wait_for_timeout(150)
    group = "li.tr-search-entry" if entries else "li:not(.tr-search-entry)"
    return [a.get_attribute("href") for a in page.query_selector_all(f"[data-tr-search-results] {group} a.md-search-result__link")]


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_top_hit_offline(offline_page, site, query, expected):
    offline_page.goto(file_url(site / "index.html"))
    links = type_query(offline_page, query)
    assert links, f"no results for {query}"
    assert expected in links[0], f"{query}: top hit {links[0]}"
    assert "#" in links[0], "a result links to the paragraph anchor"
    marks = offline_page.locator("[data-tr-search-results] li:not(.tr-search-entry) mark").all_inner_texts()
    assert marks and all(query in m or m in query for m in marks)
    assert offline_page.guard.refused == []


@pytest.mark.parametrize(("query", "entry"), [
    ("一票否决", "yipiaofoujue"), ("yipiaofoujue", "yipiaofoujue"), ("one-vote veto", "yipiaofoujue"),
    ("sì yì liǎng gōngkāi", "siyilianggongkai"), ("四議兩公開", "siyilianggongkai"), ("4+2", None),
])
def test_glossary_entries_are_found_by_term_pinyin_and_english(offline_page, site, query, entry):
    offline_page.goto(file_url(site / "index.html"))
    entries = type_query(offline_page, query, entries=True)
    if entry is None:
        assert all("#" in e for e in entries)
    else:
        assert entries and entries[0].endswith(f"glossary/index.html#{entry}")


def test_search_finds_nothing_for_a_word_in_no_text(offline_page, site):
    offline_page.goto(file_url(site / "index.html"))
    assert type_query(offline_page, "量子力学") == []
    assert "没有找到" in offline_page.inner_text("[data-tr-search-meta]")


def test_search_result_opens_the_paragraph_with_the_word_marked(offline_page, site):
    offline_page.goto(file_url(site / "index.html"))
    entries = type_query(offline_page, "四议两公开", entries=True)
    for _ in range(len(entries) + 1):  # past the glossary's entry card, to the first text
        offline_page.keyboard.press("ArrowDown")
    offline_page.keyboard.press("Enter")
    offline_page.wait_for_url("**/texts/jianghua.html*")
    anchor = offline_page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert anchor.startswith("p-")
    offline_page.wait_for_selector("mark.tr-hit")
    assert offline_page.locator(f'[id="{anchor}"] mark.tr-hit').first.inner_text() == "四议两公开"


def test_offline_site_is_styled_navigable_and_requests_nothing(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "index.html"))
    # styled: Material's and our stylesheets applied
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--tr-measure').trim()") == "36em"
    assert page.evaluate("document.fonts.check('16px serif')")
    # navigable: follow the home page's cards to a text, then the nav to another
    page.click("article .tr-text-card >> text=浅谈如何当好镇长")
    page.wait_for_url("**/texts/zhenzhang.html")
    assert page.inner_text("h1").startswith("浅谈如何当好镇长")
    page.click("nav.md-nav--primary >> text=凡例")
    page.wait_for_url("**/fanli.html")
    # search answers
    assert any("jianghua" in link for link in type_query(page, "一票否决"))
    # the Traditional edition too
    page.goto(file_url(site / "hant" / "texts" / "jianghua.html"))
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert "四議兩公開" in page.inner_text("article")
    assert any("jianghua" in link for link in type_query(page, "一票否決"))
    assert page.guard.refused == [], f"requests off the machine: {page.guard.refused}"
    assert page.errors == []


def test_html_lang_names_the_script(offline_page, site):
    offline_page.goto(file_url(site / "texts" / "zhenzhang.html"))
    assert offline_page.evaluate("document.documentElement.lang") == "zh-Hans"


def test_paragraph_permalink_shows_on_hover_and_keyboard_focus(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts" / "zhenzhang.html"))
    paragraph = page.locator('[id="p-镇长是一个镇的带头人"]')
    link = paragraph.locator("a.tr-permalink")
    assert link.get_attribute("href") == "#p-镇长是一个镇的带头人"
    assert float(link.evaluate("el => getComputedStyle(el).opacity")) == 0
    paragraph.hover()
    page.wait_for_timeout(300)
    assert float(link.evaluate("el => getComputedStyle(el).opacity")) == 1
    page.mouse.move(0, 0)
    # keyboard: tab through the page until the paragraph's permalink has focus
    page.locator("h1").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#p-镇长是一个镇的带头人":
            break
    else:
        pytest.fail("the paragraph permalink is not reachable with Tab")
    page.wait_for_timeout(300)
    assert float(link.evaluate("el => getComputedStyle(el).opacity")) == 1
    page.keyboard.press("Enter")
    assert page.evaluate("decodeURIComponent(location.hash)") == "#p-镇长是一个镇的带头人"


def test_hosted_site_search_works_over_http(browser, http_site):
    page = browser.new_page()
    page.goto(http_site + "texts/qunzhong.html")
    links = type_query(page, "否决")
    assert links and "jianghua" in links[0]
    page.close()


@pytest.mark.parametrize("fragment", ["%E0%A4%A", "%", "p-%ZZ", "%E0%A4%A?h=x"])
def test_a_malformed_fragment_throws_nothing(offline_page, site, fragment):
    """Anyone can send a link with a fragment that is not valid percent-encoding (#%E0%A4%A):
    reader.js threw a URIError on it, before the page's own scripts had run."""
    page = offline_page
    page.goto(file_url(site / "texts" / "zhenzhang.html") + "?h=镇长#" + fragment)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.errors == []
    page.locator("a[data-tr-edition]").first.dispatch_event("click")  # the edition switch reads the fragment too
    assert page.errors == []
