"""Citing and copying in the browser: the paragraph numbers, the cite dialog (GB/T 7714-2015 and
Chicago, in the edition's script, with the hosted address even when the page is read from disk),
copy link / copy text, clean copy of a selection, the action bar's size, and the reading position
across the edition switch.

The hosted-address tests build a copy of the project with a site URL (the main test site has
none, and its dialog must say so instead of citing a file path).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, file_url
from township_reader.render import citation
from township_reader.vocabulary import HANS, HANT

pytestmark = pytest.mark.browser

SITE_URL = "https://example.org/township-reader/"
RELEASE_EPOCH = "1780000000"  # the copy is no git checkout: its release is the date of SOURCE_DATE_EPOCH
PARAGRAPH = "p-镇长是一个镇的带头人"
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


@pytest.fixture(scope="module")
def hosted_site(tmp_path_factory):
    """The project copied and built with a site URL, as the hosted site is."""
    root = tmp_path_factory.mktemp("hosted") / "project"
    for name in ("scripts", "seeds", "overrides", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    # neither a checkout nor a source archive (whose RELEASE file git archive filled in)
    (root / "scripts" / "township_reader" / "publish" / "RELEASE").write_text("$Format:%ct %h$\n", encoding="utf-8")
    python = str(ROOT / ".venv" / "bin" / "python")
    env = {**os.environ, "SOURCE_DATE_EPOCH": RELEASE_EPOCH}
    subprocess.run([python, "-m", "township_reader.cli", "build", "--site-url", SITE_URL], cwd=root, check=True,
                   timeout=300, capture_output=True, env=env)
    return root / "site"


def release() -> str:
    return datetime.datetime.fromtimestamp(int(RELEASE_EPOCH), datetime.UTC).strftime("%Y-%m-%d")


def front(edition: str, text_id: str) -> dict:
    import yaml

    md = (ROOT / "docs" / edition / "texts" / f"{text_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(md.split("---")[1])


def open_dialog(page, paragraph_id):
    paragraph = page.locator(f'[id="{paragraph_id}"]')
    paragraph.hover()
    paragraph.locator("button.tr-cite-button[data-action='cite']").click()
    page.wait_for_selector("dialog.tr-cite[open]")
    return paragraph


@pytest.mark.parametrize("edition", ["", "hant/"])
def test_the_citation_is_the_documented_format_with_the_hosted_address_when_read_from_disk(offline_page, hosted_site, edition):
    page = offline_page
    page.goto(file_url(hosted_site / edition / "texts" / "zhenzhang.html"))
    paragraph = open_dialog(page, PARAGRAPH)
    number = paragraph.get_attribute("data-n")
    assert number == "2" and paragraph.evaluate("p => getComputedStyle(p, '::before').content").strip('"') == "§2"
    script = HANT if edition else HANS
    meta = front(edition, "zhenzhang")
    work = citation.cited_work(meta["title"], meta["site"], meta["date"], "zhenzhang", script,
                               SITE_URL + edition, release())
    accessed = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0')"
                             " + '-' + String(d.getDate()).padStart(2, '0'); })()")
    expected = {
        "gbt7714": citation.gbt7714(work, number, PARAGRAPH, accessed),
        "chicago-note": citation.chicago_note(work, number, PARAGRAPH),
        "chicago-bibliography": citation.chicago_bibliography(work),
    }
    shown = {}
    for style in expected:
        section = page.locator(f"dialog.tr-cite [data-style='{style}']")
        shown[style] = section.locator(".tr-cite__text").inner_text()
        section.locator("button.tr-cite__copy").click()
        assert page.evaluate("window.trLastCopied") == shown[style]  # it copies what it shows
    assert shown == expected
    url = f"{SITE_URL}{edition}texts/zhenzhang.html#{PARAGRAPH}"
    assert shown["gbt7714"].startswith("佚名. ") and shown["gbt7714"].endswith(f"]. {url}.")
    assert shown["chicago-note"].endswith(f", {url}.") and "file:" not in "".join(shown.values())
    # the edition's script throughout: the Traditional citation has no Simplified interface word
    assert ("繁體版" in shown["gbt7714"] and "鄉鎮文獻注讀" in shown["gbt7714"]) if edition else "简体版" in shown["gbt7714"]
    assert page.locator("dialog.tr-cite .tr-cite__warning").count() == 0
    page.keyboard.press("Escape")
    assert page.locator("dialog.tr-cite[open]").count() == 0
    # copy link: the hosted address too
    paragraph.hover()
    paragraph.locator("button.tr-cite-button[data-action='copy']").click()
    assert page.evaluate("window.trLastCopied") == url
    assert page.guard.refused == []


def test_without_a_site_url_the_dialog_says_so_and_cites_no_file_path(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts" / "zhenzhang.html"))
    open_dialog(page, PARAGRAPH)
    assert "site_url" in page.inner_text("dialog.tr-cite .tr-cite__warning")
    texts = page.locator("dialog.tr-cite .tr-cite__text").all_inner_texts()
    assert len(texts) == 6 and not any("file:" in t or "/site/" in t for t in texts)
    assert all("§2" in t for t in texts[:2])


def test_the_fanli_documents_both_formats(site):
    for edition, words in (("", ("GB/T 7714-2015", "Chicago（注释）", "佚名")), ("hant/", ("GB/T 7714-2015", "Chicago（註釋）", "佚名"))):
        html = (site / edition / "fanli.html").read_text(encoding="utf-8")
        assert 'id="citation"' in html and all(w in html for w in words)


def test_copy_text_and_keyboard(offline_page, site, texts):
    page = offline_page
    page.goto(file_url(site / "texts" / "zhenzhang.html"))
    paragraph = page.locator(f'[id="{PARAGRAPH}"]')
    paragraph.hover()
    paragraph.locator("button.tr-cite-button[data-action='text']").click()
    block = next(b for b in texts["zhenzhang"].blocks if b.id == PARAGRAPH)
    assert page.evaluate("window.trLastCopied") == block.text["zh-Hans"]
    assert "已复制" in page.inner_text(".tr-status")
    # keyboard: from the ¶, Tab reaches copy link, cite, copy text; Enter on cite opens the dialog
    paragraph.locator("a.tr-permalink").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "copy"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("dialog.tr-cite[open]")


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_the_action_buttons_are_big_enough_and_take_no_room_hidden(browser, site, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=width < 500)
    page = context.new_page()
    try:
        page.goto(file_url(site / "texts" / "jianghua.html"))
        # hidden, the bars change no paragraph's height (they once left a blank line under the subtitle)
        grown = page.evaluate("""() => [...document.querySelectorAll('[data-tr-text] p[data-n]')].filter(p => {
            const bar = p.querySelector('.tr-actions'); if (!bar) return false;
            const before = p.getBoundingClientRect().height; bar.remove();
            const after = p.getBoundingClientRect().height; p.appendChild(bar);
            return Math.abs(before - after) > 0.5; }).map(p => p.id)""")
        assert grown == []
        paragraph = page.locator("[data-tr-text] p[data-n]").nth(2)
        if width < 500:
            paragraph.tap(position={"x": 40, "y": 10})
        else:
            paragraph.hover()
        boxes = [b.bounding_box() for b in paragraph.locator("button.tr-cite-button").all()]
        assert len(boxes) == 3 and all(b["width"] >= 24 and b["height"] >= 24 for b in boxes), boxes
    finally:
        context.close()


def test_a_selection_copies_only_the_authors_words(offline_page, site, texts):
    """Across paragraphs with a note marker, a glossary term (its tooltip), a ¶, the action bar and a
    parallel-passage aside: only the author's words, paragraphs apart by a blank line."""
    page = offline_page
    page.goto(file_url(site / "texts" / "jianghua.html"))
    first = page.evaluate("""() => {
        const ps = [...document.querySelectorAll('[data-tr-text] p[data-n]')];
        return ps.findIndex((p, k) => p.querySelector('sup.tr-note-ref') && p.querySelector('a.tr-term')
            && ps[k + 1] && p.nextElementSibling && p.nextElementSibling.matches('.tr-parallels'));
    }""")
    assert first >= 0
    ids = page.evaluate("""i => {
        const ps = [...document.querySelectorAll('[data-tr-text] p[data-n]')];
        const a = ps[i], b = ps[i + 1];
        a.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        const range = document.createRange();
        range.setStartBefore(a.firstChild);
        range.setEndAfter(b.lastChild);
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
        const inside = selector => [...document.querySelectorAll(selector)].some(el => range.intersectsNode(el));
        return [a.id, b.id, ['sup.tr-note-ref', 'a.tr-term', 'a.tr-permalink', '.tr-actions', '.tr-parallels'].every(inside)];
    }""", first)
    assert ids[2], "the selection holds a note marker, a term, a ¶, an action bar and an aside"
    page.keyboard.press("Control+C")
    copied = page.evaluate("window.trLastCopied")
    order = [b.id for b in texts["jianghua"].blocks]
    between = texts["jianghua"].blocks[order.index(ids[0]) : order.index(ids[1]) + 1]  # a heading may lie between
    assert copied == "\n\n".join(b.text["zh-Hans"] for b in between)
    assert not INVISIBLE.search(copied) and "¶" not in copied and "复制链接" not in copied and "§" not in copied


@pytest.mark.parametrize(("start", "target"), [("", "hant/"), ("hant/", "")])
@pytest.mark.parametrize("path", ["texts/jianghua.html", "glossary/index.html", "reports/jianghua.html"])
def test_switching_edition_mid_page_keeps_the_paragraph_at_the_top(offline_page, site, start, target, path):
    page = offline_page
    page.goto(file_url(site / start / path))
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.45)")
    top = settled_top(page)  # the glossary's lines lay out as they near the window (content-visibility)
    assert top
    page.click(".md-header__option .md-select > button")
    page.click(f"a[data-tr-edition='{'hant' if target else 'hans'}']")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == ("zh-Hant" if target else "zh-Hans")
    with contextlib.suppress(PlaywrightTimeout):  # the landing may take a frame or two to settle
        page.wait_for_function(f"top => ({TOP_ELEMENT})() === top", arg=top, timeout=3000)
    assert page.evaluate(TOP_ELEMENT) == top
    assert page.guard.refused == []


def settled_top(page) -> str:
    """The element at the top of the window once two readings 200 ms apart agree."""
    last = None
    for _ in range(15):
        page.wait_for_timeout(200)
        now = page.evaluate(TOP_ELEMENT)
        if now == last:
            return now
        last = now
    return last


TOP_ELEMENT = """() => {
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    const els = [...document.querySelectorAll('article.md-content__inner [id]:is(p, h1, h2, h3, h4, h5, h6, li, dt, tr, th)')];
    const el = els.find(e => {  // as reader.js's topElement: not scrolled past, nor only peeking out of the scroll margin
        const r = e.getBoundingClientRect(), line = Math.max(header, parseFloat(getComputedStyle(e).scrollMarginTop) || 0);
        return r.height && r.bottom > header + Math.min(48, r.height / 2) && r.bottom > line + Math.min(48, r.height / 2);
    });
    return el && el.id;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["", "hant/"])
def test_axe_finds_no_violation_with_the_dialog_open(offline_page, scheme, hosted_site, edition):
    from test_browser_reading import axe_violations

    offline_page.emulate_media(color_scheme=scheme)
    page = offline_page
    page.goto(file_url(hosted_site / edition / "texts" / "zhenzhang.html"))
    open_dialog(page, PARAGRAPH)
    assert axe_violations(page) == []
    sizes = page.eval_on_selector_all("dialog.tr-cite button", "els => els.map(b => [b.offsetWidth, b.offsetHeight])")
    assert all(w >= 24 and h >= 24 for w, h in sizes), sizes
