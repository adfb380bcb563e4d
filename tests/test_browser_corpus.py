"""Browsing the corpus (issue 21) in headless Chromium, at 1280 and 390 px, in both editions: the
home page, names instead of file numbers, the editors' inferences, the licence, the glossary's
filter, the concordance, the parallels, the downloads, and the small things (404 page, charset of
the exports when served, note headings, target sizes, Tab stops, the skip link, print)."""

from __future__ import annotations

import os
import re
import socket
import threading
import urllib.request
from contextlib import contextmanager

import pytest

from conftest import DOCS, file_url

WIDTHS = [(1280, "desktop"), (390, "phone")]
EDITIONS = ["", "hant/"]
# How texts were named before they had short titles: file numbers, and the raw files' names
FILE_NAMES = re.compile(r"(?<![0-9])00[0-4](?:文|讲话|講話|第[一二三四五]篇)|Essay 00[0-4]|\d{3}_[0-9a-f]{16}\.txt")


@contextmanager
def page_at(browser, width: int):
    """A page ``width`` px wide that refuses the network (the offline reader's case)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "about:"))
                  else route.abort("internetdisconnected"))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    try:
        yield page
    finally:
        context.close()


# ----------------------------------------------------------------------------- the home page


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_the_home_page_orients_and_fits_a_phone(browser, site, texts, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "index.html"))
        body = page.inner_text("article")
        assert f"{len(texts)} 篇" in body and "五篇" not in body
        assert page.locator("#english").count() == 1 and "Township" in page.inner_text("article [lang='en'], article")
        # every section is reachable from home: the navigation is not hidden, and the page links them
        for target in ("glossary/index.html", "parallels.html", "reports/index.html", "exports/index.html", "license.html"):
            assert page.locator(f"article a[href$='{target}']").count() >= 1, target
        assert page.locator(".md-sidebar--primary[hidden]").count() == 0
        assert page.locator("li.tr-text-card").count() == len(texts)
        # nothing wider than the screen: the cards replace the table whose 字数 column was cut off
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for card in page.locator("li.tr-text-card").all()[:3]:
            box = card.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert not page.errors


# ----------------------------------------------------------------------- names, not numbers


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_readers_see_titles_not_file_numbers(browser, site, texts, edition):
    """Navigation, footers, notes, tooltips' data, glossary pages and the downloads name texts by
    their short titles; a raw file's name shows only where a file is meant (a report's 原始文件)."""
    pages = [f"texts/{t}.html" for t in texts] + ["index.html", "glossary/index.html", "glossary/numbered-slogans.html",
                                                 "parallels.html", "exports/index.html", "reports/index.html"]
    with page_at(browser, 1280) as page:
        for path in pages:
            page.goto(file_url(site / edition / path))
            shown = page.evaluate("""() => {
                const copy = document.body.cloneNode(true);
                copy.querySelectorAll('.tr-meta dd code, table code').forEach(e => e.remove());  // the file, where a file is meant
                return copy.innerText + ' ' + [...document.querySelectorAll('[title],[aria-label]')]
                    .map(e => (e.getAttribute('title') || '') + ' ' + (e.getAttribute('aria-label') || '')).join(' ')
                    + ' ' + [...document.querySelectorAll('script[type="application/json"]')].map(s => s.textContent).join(' ');
            }""")
            assert not FILE_NAMES.findall(shown), (path, FILE_NAMES.findall(shown)[:5])
            assert not re.search(r"\[\[[a-z0-9-]+\]\]", shown), path  # a [[text id]] left unresolved (not CSL's [[2026, 12, 7]])
        page.goto(file_url(site / edition / "texts/zhenzhang.html"))
        footer = page.inner_text(".md-footer")
        assert ".txt" not in footer


# ------------------------------------------------------------------------ metadata, licence


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_the_editors_inferences_are_marked_and_argued_and_the_sites_data_named_as_such(browser, site, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "texts/zhenzhang.html"))
        meta = page.locator("dl.tr-meta")
        text = meta.inner_text()
        assert "2010" in text and ("编者推断" in text or "編者推斷" in text)
        assert ("上传日期" in text or "上傳日期" in text) and "2019-08-26" in text
        evidence = meta.locator(".tr-evidence a").all()
        assert evidence
        for link in evidence:
            anchor = link.get_attribute("href").lstrip("#")
            assert page.locator(f"[id='{anchor}']").count() == 1, anchor
        assert meta.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        page.goto(file_url(site / edition / "texts/jianghua.html"))
        text = page.inner_text("dl.tr-meta")
        assert "2015" in text and "2022" in text  # the speech's clues, not one date
        assert "未署名网站" not in text and "未署名網站" not in text
        if "网站标签" in text or "網站標籤" in text:  # the site's tags, named as the site's (no 关键词 row)
            assert not re.search(r"^(关键词|關鍵詞)", text, re.M)


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("path", ["index.html", "texts/jianghua.html", "glossary/index.html", "exports/index.html"])
def test_every_page_states_the_licence_in_its_footer(browser, site, edition, path):
    with page_at(browser, 390) as page:
        page.goto(file_url(site / edition / path))
        footer = page.locator(".tr-license")
        assert "CC BY 4.0" in footer.inner_text() and "MIT" in footer.inner_text()
        link = footer.locator("a")
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith(f"{edition}license.html")


# ------------------------------------------------------------------------------- glossary


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_the_glossary_filters_by_term_toneless_pinyin_english_and_category(browser, site, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "glossary/index.html"))
        total = page.locator("[data-tr-gloss-list] > li").count()
        box = page.locator("[data-tr-gloss-query]")
        assert box.is_visible()
        visible = lambda: page.locator("[data-tr-gloss-list] > li:not([hidden])")  # noqa: E731
        for query, entry in [("yipiao", "yipiaofoujue"), ("yī piào", "yipiaofoujue"), ("one-vote", "yipiaofoujue"),
                             ("一票", "yipiaofoujue"), ("信訪" if edition else "信访", "xinfang")]:
            box.fill(query)
            shown = visible()
            assert 0 < shown.count() < total, query
            assert page.locator(f"[data-tr-gloss-list] > li#{entry}:not([hidden])").count() == 1, query
        box.fill("")
        page.select_option("[data-tr-gloss-category]", "numbered-slogans")
        cats = {li.get_attribute("data-cat") for li in visible().all()}
        assert cats == {"numbered-slogans"}
        assert re.search(r"\d+", page.inner_text("[data-tr-gloss-count]"))
        box.fill("zzzzqqq")
        assert visible().count() == 0 and page.locator("[data-tr-gloss-none]").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # an entry's line leads to its full entry on its category's page
        page.select_option("[data-tr-gloss-category]", "")
        box.fill("yipiao")
        visible().first.locator("a").click()
        page.wait_for_load_state()
        assert "/glossary/" in page.url and page.url.endswith("#yipiaofoujue")
        assert page.locator("#yipiaofoujue").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_english_index_leads_from_english_to_the_chinese_entry(browser, site, edition):
    with page_at(browser, 390) as page:
        page.goto(file_url(site / edition / "glossary/english.html"))
        line = page.locator("ul.tr-english-index li", has_text="one-vote veto").first
        line.locator("a").click()
        page.wait_for_load_state()
        assert page.url.endswith("#yipiaofoujue")


# ---------------------------------------------------------------------------- concordance


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_the_concordance_centres_the_keyword_and_clips_contexts_on_their_outer_sides(browser, site, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "glossary/kwic/gongpu.html"))
        lines = page.evaluate("""() => [...document.querySelectorAll('ol.tr-kwic a')].slice(0, 15).map(a => {
            const left = a.querySelector('.tr-kwic__left'), inner = left.firstElementChild,
                  right = a.querySelector('.tr-kwic__right'), mark = a.querySelector('mark'),
                  src = a.querySelector('.tr-kwic__src');
            const l = left.getBoundingClientRect(), i = inner.getBoundingClientRect(), m = mark.getBoundingClientRect(),
                  r = right.getBoundingClientRect();
            return {leftEnd: l.right, innerEnd: i.right, leftStart: l.left, innerStart: i.left, markLeft: m.left,
                    markRight: m.right, rightStart: r.left, rightWidth: r.width, rightScroll: right.scrollWidth,
                    src: src.textContent, srcClipped: src.scrollWidth > src.clientWidth + 1};
        })""")
        assert lines
        centres = {round((x["markLeft"] + x["markRight"]) / 2) for x in lines}
        assert max(centres) - min(centres) <= 40  # every keyword in one column, whatever its length
        for x in lines:
            assert abs(x["innerEnd"] - x["leftEnd"]) <= 1  # the left context ends at the keyword ...
            assert x["innerStart"] >= x["leftStart"] - 1 or x["innerEnd"] <= x["leftEnd"] + 1  # ... cut on its left
            assert abs(x["rightStart"] - x["markRight"]) <= 8  # the right context starts at the keyword
            assert (not x["srcClipped"] and len(x["src"]) > 8) or not x["srcClipped"]  # full short titles


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_concordance_sorts_by_either_context_and_filters_by_text(browser, site, edition):
    with page_at(browser, 390) as page:
        page.goto(file_url(site / edition / "glossary/kwic/gongpu.html"))
        assert page.locator("[data-tr-kwic-tools]").is_visible()
        before = page.eval_on_selector_all("ol.tr-kwic li", "ls => ls.map(l => l.dataset.n)")
        in_order = """(ls, key) => { const c = new Intl.Collator(document.documentElement.lang, {sensitivity: 'base'});
            return ls.every((l, i) => i === 0 || c.compare(ls[i - 1].dataset[key], l.dataset[key]) <= 0); }"""
        for key, by in (("r", "right"), ("l", "left")):
            page.select_option("[data-tr-kwic-sort]", by)
            assert page.evaluate(f"({in_order})([...document.querySelectorAll('ol.tr-kwic li')], '{key}')"), by
            assert page.eval_on_selector_all("ol.tr-kwic li", "ls => ls.map(l => l.dataset.n)") != before
        page.select_option("[data-tr-kwic-sort]", "text")
        assert page.eval_on_selector_all("ol.tr-kwic li", "ls => ls.map(l => l.dataset.n)") == before
        options = page.eval_on_selector_all("[data-tr-kwic-text] option", "os => os.map(o => o.value).filter(Boolean)")
        page.select_option("[data-tr-kwic-text]", options[0])
        shown = page.eval_on_selector_all("ol.tr-kwic li:not([hidden])", "ls => ls.map(l => l.dataset.text)")
        assert shown and set(shown) == {options[0]}


# ------------------------------------------------------------------------------ parallels


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_parallel_asides_are_collapsed_and_show_both_sides_with_context(browser, site, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "texts/jianghua.html"))
        asides = page.locator("details.tr-parallels")
        assert asides.count() >= 1
        assert page.evaluate("[...document.querySelectorAll('details.tr-parallels')].every(d => !d.open)")
        first = asides.first
        assert first.locator(".tr-align").is_hidden()
        first.locator("summary").click()
        assert first.locator(".tr-align__side").count() == 2 and first.locator(".tr-context").first.is_visible()
        assert first.locator("mark.tr-diff").count() >= 1
        page.emulate_media(media="print")
        assert first.evaluate("d => getComputedStyle(d).breakInside") == "avoid"
        page.goto(file_url(site / edition / "parallels.html"))
        assert page.locator(".tr-align").count() >= 1 and page.locator("table.tr-phrases tr").count() > 5
        assert page.evaluate("document.documentElement.scrollWidth") <= width


# ------------------------------------------------------------------------------ downloads


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_downloads_list_both_editions_with_sizes_and_distinct_names(browser, site, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "exports/index.html"))
        links = page.eval_on_selector_all("article a[download]", """as => as.map(a => ({href: a.href, name: a.getAttribute('download'),
            size: a.nextElementSibling && a.nextElementSibling.classList.contains('tr-size') ? a.nextElementSibling.textContent : ''}))""")
        names = [x["name"] for x in links]
        by_name: dict[str, set[str]] = {}
        for x in links:  # a compilation's articles share its cleaning report: one file, one name
            by_name.setdefault(x["name"], set()).add(x["href"])
        assert all(len(hrefs) == 1 for hrefs in by_name.values()), "two files share a download name"
        assert len({x["href"] for x in links}) == len(by_name)
        assert any("/hant/exports/" in x["href"] for x in links) and any("zh-Hant" in n for n in names)
        for x in links:
            assert re.fullmatch(r"\d+(\.\d)? (B|KB|MB)", x["size"]), x
            path = site / urllib.request.url2pathname(x["href"].split("file://", 1)[1]).split(str(site) + "/", 1)[1]
            assert path.is_file(), x["href"]
        for needed in ("township-reader-corpus.zip", "township-reader-glossary.csv", "township-reader-glossary.tbx"):
            assert needed in names
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_corpus_archive_holds_both_scripts_notes_glossary_reports_licence_and_readme(site):
    import zipfile

    with zipfile.ZipFile(site / "exports" / "township-reader-corpus.zip") as archive:
        names = set(archive.namelist())
        assert {"township-reader-corpus/README.txt", "township-reader-corpus/LICENSE.txt",
                "township-reader-corpus/glossary/glossary.csv", "township-reader-corpus/glossary/glossary.tbx",
                "township-reader-corpus/notes/notes.zh-Hans.json", "township-reader-corpus/notes/notes.zh-Hant.json",
                "township-reader-corpus/texts/zh-Hant/jianghua.txt", "township-reader-corpus/texts/zh-Hans/jianghua.json"} <= names
        assert any(n.startswith("township-reader-corpus/reports/") for n in names)
        assert archive.read("township-reader-corpus/texts/zh-Hans/zhenzhang.txt") == (DOCS / "exports" / "zhenzhang.txt").read_bytes()


# --------------------------------------------------------------------------- small things


def test_the_404_page_is_in_chinese_and_its_links_follow_the_sites_path(tmp_path):
    """Built with the site's address under a sub-path (as the publish workflow does), every link of
    the 404 page starts with that path; the edition switch is not //hant (a host named hant)."""
    import subprocess
    import sys

    from conftest import ROOT

    # in its own process: MkDocs's logging, set up by a build, stays with the process
    env = {k: v for k, v in os.environ.items() if k not in ("TR_REPO_URL", "TR_REPO_NAME")}
    subprocess.run([sys.executable, "-m", "township_reader.cli", "build", "--docs", str(DOCS), "--site",
                    str(tmp_path / "site"), "--site-url", "https://example.org/reader/"],
                   check=True, cwd=ROOT, env={**env, "TR_PROJECT": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
                   capture_output=True)
    html = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert "找不到" in html and "404 - Not found" not in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert "//hant/index.html" not in hrefs
    local = [h for h in hrefs if not h.startswith(("http", "#", "mailto:"))]
    assert local and all(h.startswith("/reader/") for h in local), [h for h in local if not h.startswith("/reader/")][:5]
    assert "/reader/hant/index.html" in hrefs
    # no button opens a placeholder repository: the publish workflow names the real one (TR_REPO_URL)
    text_page = (tmp_path / "site" / "texts" / "jianghua.html").read_text(encoding="utf-8")
    assert "township-reader/township-reader" not in text_page and "tr-annotate" not in text_page


@contextmanager
def served(site):
    import functools
    import http.server

    from township_reader.publish.serve import SiteHandler

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(SiteHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()


@pytest.mark.parametrize("path", ["exports/zhenzhang.txt", "hant/exports/jianghua.txt", "exports/glossary.csv",
                                  "exports/notes.json", "exports/glossary.tbx"])
def test_make_serve_sends_the_exports_as_utf8(site, path):
    with served(site) as root, urllib.request.urlopen(root + path) as response:
        assert "charset=utf-8" in response.headers["Content-Type"].lower()
        assert response.read().decode("utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_note_headings_quote_once_and_name_the_editors_in_the_editions_language(browser, site, edition):
    with page_at(browser, 1280) as page:
        page.goto(file_url(site / edition / "texts/zhenzhang.html"))
        heads = page.eval_on_selector_all(".tr-note__head", "hs => hs.map(h => h.innerText)")
        assert heads and not any(re.search(r"““|””|「「|」」", h) for h in heads)
        metas = page.eval_on_selector_all(".tr-note__meta", "ms => ms.map(m => m.innerText)")
        assert metas and not any("Township Reader editors" in m for m in metas)
        assert any("本站編者" in m or "本站编者" in m for m in metas)
        sources = page.inner_text("ol.tr-notes")
        assert not re.search(r"%[0-9A-F]{2}%[0-9A-F]{2}", sources)  # addresses shown decoded


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("width", "device"), WIDTHS)
def test_note_markers_and_links_of_the_metadata_are_24px_targets(browser, site, edition, width, device):
    with page_at(browser, width) as page:
        page.goto(file_url(site / edition / "texts/zhenzhang.html"))
        sizes = page.eval_on_selector_all("sup.tr-note-ref a", "as => as.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes[:3]


@pytest.mark.browser
def test_terms_are_reachable_by_keyboard_without_a_tab_stop_at_every_occurrence(browser, site):
    """Each term is a Tab stop where it first occurs on the page; its other occurrences are links
    for mouse, touch and a screen reader's list, not Tab stops (the speech has 191 term links)."""
    with page_at(browser, 1280) as page:
        page.goto(file_url(site / "texts/jianghua.html"))
        terms = page.eval_on_selector_all("a.tr-term", "as => as.map(a => [a.getAttribute('href'), a.tabIndex])")
        stops = [href for href, tab in terms if tab >= 0]
        assert len(terms) > 100 and len(stops) == len({href for href, _ in terms}) == len(set(stops))
        page.keyboard.press("Tab")  # the skip link
        assert page.evaluate("document.activeElement.classList.contains('md-skip')")
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#tr-main"
        assert page.evaluate("document.querySelector('#tr-main h1') !== null")
        focused = page.evaluate("document.activeElement.id")
        assert focused == "tr-main"


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_printed_page_gives_its_address_and_the_date_it_was_printed(browser, site, edition):
    with page_at(browser, 1280) as page:
        page.goto(file_url(site / edition / "texts/zhenzhang.html"))
        page.emulate_media(media="print")
        line = page.locator(".tr-print-source")
        assert line.is_visible()
        text = line.inner_text()
        assert "zhenzhang.html" in text and re.search(r"\d{4}-\d{2}-\d{2}", text)
        assert page.locator(".md-header").is_hidden()


def test_traditional_pages_use_one_kind_of_quotation_marks(site):
    """The Traditional speech, written in Traditional characters, uses “ ” (as do the texts converted
    from Simplified and the notes); the edition's own words do not bring in 「 」 beside them."""
    for page in sorted((site / "hant").rglob("*.html")):
        html = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert "「" not in html and "」" not in html, page.relative_to(site)


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_headings_do_not_leave_one_character_on_their_last_line(browser, site, texts, edition):
    """Each text's title, laid out at every width from 6 to 40 characters: with the site's style no
    last line holds a single character; with plain wrapping some did (so the check can see one)."""
    orphans = {"balance": 0, "wrap": 0}
    with page_at(browser, 1280) as page:
        for text_id in texts:
            page.goto(file_url(site / edition / f"texts/{text_id}.html"))
            found = page.evaluate("""() => {
                const h = document.querySelector('article h1'), size = parseFloat(getComputedStyle(h).fontSize);
                const count = () => {
                    let n = 0;
                    for (let w = 6; w <= 40; w++) {
                        h.style.width = (w * size) + 'px';
                        const r = document.createRange(); r.selectNodeContents(h.firstChild);  // the words, not the ¶
                        const rects = [...r.getClientRects()].filter(x => x.width > 0);
                        const bottom = Math.max(...rects.map(x => x.bottom));
                        const tops = new Set(rects.map(x => Math.round(x.top)));
                        const last = rects.filter(x => Math.abs(x.bottom - bottom) < 2).reduce((s, x) => s + x.width, 0);
                        if (tops.size > 1 && last < 1.5 * size) n++;
                    }
                    return n;
                };
                const styled = count();
                h.style.textWrap = 'wrap';
                return {balance: styled, wrap: count()};
            }""")
            orphans["balance"] += found["balance"]
            orphans["wrap"] += found["wrap"]
    assert orphans["balance"] == 0 and orphans["wrap"] > 0, orphans


def test_the_footers_traditional_words_are_the_editions_conversion_of_the_simplified():
    from conftest import ROOT
    from township_reader.editions.conversion import to_traditional

    template = (ROOT / "overrides" / "partials" / "copyright.html").read_text(encoding="utf-8")
    hant, hans = re.findall(r"\n    (原文著作[^\n]+)", template)
    assert to_traditional(hans) == hant
