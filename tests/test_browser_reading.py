"""Reading in the browser: editions, typography, print, dark mode, accessibility (citing and copying: test_browser_cite.py).

Screenshots of what a reader sees (desktop and phone, light and dark, print) are kept in
test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from conftest import ROOT, file_url

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "index.html",
    "text": "texts/jianghua.html",
    "glossary": "glossary/index.html",
    "report": "reports/zhenzhang.html",
    "parallels": "parallels.html",
    "fanli": "fanli.html",
    "glossary-category": "glossary/numbered-slogans.html",
    "glossary-english": "glossary/english.html",
    "concordance": "glossary/kwic/gongpu.html",
    "downloads": "exports/index.html",
    "license": "license.html",
    "search": "search.html",
}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["", "hant/"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(offline_page, site, edition, name, scheme):
    """None at any impact: minor and moderate too (Material's icon-only section toggles once left
    two navigation landmarks with the same empty name; scripts/site_hooks.py names them)."""
    offline_page.emulate_media(color_scheme=scheme)
    offline_page.goto(file_url(site / edition / PAGES[name]))
    violations = axe_violations(offline_page)
    assert not violations, violations


SHOTS = [
    ("home", "index.html", None),
    ("text", "texts/zhenzhang.html", None),
    ("text-compilation", "texts/shuji-xinshiqi.html", "p-乡镇是最基层的一级政"),
    ("speech", "texts/jianghua.html", None),
    ("glossary", "glossary/index.html", None),
    ("report", "reports/zhenzhang.html", None),
    ("parallels", "parallels.html", None),
]


@pytest.mark.parametrize("edition", ["", "hant/"])
@pytest.mark.parametrize(("width", "height", "device"), [(1280, 900, "desktop"), (390, 844, "phone")])
def test_screenshots(browser, site, artifacts, edition, width, height, device):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = context.new_page()
    tag = "hant" if edition else "hans"
    for name, path, anchor in SHOTS:
        page.goto(file_url(site / edition / path, anchor or ""))
        page.wait_for_timeout(100)
        shot = artifacts / f"{tag}-{device}-{name}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
    # dark mode and print, on the essay
    page.emulate_media(color_scheme="dark")
    page.goto(file_url(site / edition / "texts/zhenzhang.html"))
    page.screenshot(path=str(artifacts / f"{tag}-{device}-text-dark.png"))
    page.emulate_media(media="print", color_scheme="light")
    page.screenshot(path=str(artifacts / f"{tag}-{device}-text-print.png"), full_page=True)
    context.close()


def test_reading_typography(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts/zhenzhang.html"))
    style = page.evaluate("""() => { const p = document.querySelector('[data-tr-text] > p[id^="p-"]');
        const s = getComputedStyle(p); return {font: s.fontFamily, lh: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
        width: p.getBoundingClientRect().width / parseFloat(s.fontSize), indent: s.textIndent, lineBreak: s.lineBreak}; }""")
    assert "Noto Serif CJK SC" in style["font"] and "serif" in style["font"]
    assert 1.7 <= style["lh"] <= 2.0
    assert 28 <= style["width"] <= 38, "about 30-36 characters a line"
    assert style["lineBreak"] == "strict"
    assert page.evaluate("document.fonts.check('16px \"Noto Serif CJK SC\"')")
    assert page.guard.refused == []  # no web fonts


# Closing punctuation that must never begin a line (kinsoku): full-width comma, stop, colon …
CLOSING = "，。、；：？！”’）》」』"


def test_no_line_starts_with_the_punctuation_after_a_note_marker(offline_page, site):
    """A note marker before a comma must not let the comma wrap to the next line on its own.

    At each width, every marker directly followed by closing punctuation must sit on the same
    line as that punctuation."""
    page = offline_page
    page.goto(file_url(site / "texts/zhenzhang.html"))
    stranded = set()
    for width in range(320, 1300, 9):
        page.set_viewport_size({"width": width, "height": 900})
        stranded |= set(page.evaluate("""(closing) => {
            const out = [];
            for (const sup of document.querySelectorAll('[data-tr-text] sup.tr-note-ref')) {
              const next = sup.nextSibling;
              if (!next || next.nodeType !== 3 || !closing.includes(next.data[0])) continue;
              const range = document.createRange(); range.setStart(next, 0); range.setEnd(next, 1);
              const mark = sup.getBoundingClientRect(), punct = range.getBoundingClientRect();
              if (punct.top > mark.bottom - 2) out.push(sup.id + ' at ' + innerWidth + 'px');
            }
            return out; }""", CLOSING))
    assert not stranded, sorted(stranded)[:5]


def test_no_note_marker_begins_a_line(offline_page, site):
    """A note marker stays on the line of the quote it annotates, at every width."""
    page = offline_page
    stranded = set()
    for text in ("zhenzhang", "jianghua"):
        page.goto(file_url(site / f"texts/{text}.html"))
        for width in range(320, 1300, 9):
            page.set_viewport_size({"width": width, "height": 900})
            stranded |= set(page.evaluate("""() => {
                const out = [];
                for (const sup of document.querySelectorAll('[data-tr-text] sup.tr-note-ref')) {
                  const quote = sup.previousElementSibling;
                  const walker = document.createTreeWalker(quote, NodeFilter.SHOW_TEXT);
                  let last = null;
                  while (walker.nextNode()) if (walker.currentNode.data.length) last = walker.currentNode;
                  if (!last) continue;
                  const range = document.createRange();
                  range.setStart(last, last.data.length - 1); range.setEnd(last, last.data.length);
                  const before = range.getBoundingClientRect(), mark = sup.getBoundingClientRect();
                  if (mark.top > before.bottom - 2) out.push(sup.id + ' at ' + innerWidth + 'px');
                }
                return out; }"""))
    assert not stranded, sorted(stranded)[:5]


def test_dark_mode_follows_the_system_and_the_toggle(offline_page, site):
    page = offline_page
    page.emulate_media(color_scheme="dark")
    page.goto(file_url(site / "texts/zhenzhang.html"))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background.startswith("rgb(") and sum(map(int, background[4:-1].split(", "))) < 200


def test_print_shows_the_text_and_its_notes_without_navigation(offline_page, site):
    page = offline_page
    page.goto(file_url(site / "texts/jianghua.html"))
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
        '.tr-permalink', '.md-content__button'].map(s => { const e = document.querySelector(s);
        return !e || getComputedStyle(e).display === 'none'; })""")
    assert all(hidden), hidden
    assert page.evaluate("getComputedStyle(document.querySelector('article p[id^=\"p-\"]')).display") == "block"
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000


@pytest.mark.parametrize(("start", "target"), [("", "hant/"), ("hant/", "")])
def test_edition_switch_keeps_the_page_and_the_paragraph(offline_page, site, start, target):
    page = offline_page
    anchor = "p-二是当好群众领路人抓"
    page.goto(file_url(site / start / "texts/jianghua.html", anchor))
    page.click(".md-header__option .md-select > button")
    other = "hant" if target else "hans"
    page.click(f"a[data-tr-edition='{other}']")
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith(f"site/{target}texts/jianghua.html")
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#{anchor}"
    assert page.evaluate("document.documentElement.lang") == ("zh-Hant" if target else "zh-Hans")
    assert page.guard.refused == []


def test_traditional_edition_shows_the_speech_in_its_own_characters(site):
    html = (site / "hant" / "texts" / "jianghua.html").read_text(encoding="utf-8")
    seed = (ROOT / "seeds" / "002_5eef2dcfcacf4ebd.txt").read_text(encoding="utf-8")
    # The speech mixes Simplified forms into Traditional text (干 for 幹/乾, 于 for 於, 后 for 後).
    # A round trip s2t(t2s(x)) would "normalise" them; the Traditional edition must not.
    for original, round_trip in (("干事創業", "幹事創業"), ("敢于直面", "敢於直面"), ("先后被", "先後被"), ("干凈", "乾淨")):
        assert original in seed
        assert original in html and round_trip not in html


def test_a_permalink_never_sits_alone_on_a_line(offline_page, site):
    """The ¶ after a title or a paragraph stays on its last line at every width (at 1,280 px the
    speech's title filled its line and its ¶ wrapped, leaving a blank second line under it)."""
    offline_page.goto(file_url(site / "texts" / "jianghua.html"))
    alone = []
    for width in range(320, 1301, 12):
        offline_page.set_viewport_size({"width": width, "height": 900})
        alone += offline_page.evaluate("""width => [...document.querySelectorAll('article .headerlink, article .tr-permalink')]
            .filter(link => {
                const before = link.previousSibling;
                if (!before || before.nodeType !== Node.TEXT_NODE || !before.textContent.length) return false;
                const range = document.createRange();
                range.setStart(before, before.textContent.length - 1);
                range.setEnd(before, before.textContent.length);
                const last = range.getClientRects()[0], mark = link.getClientRects()[0];
                return last && mark && Math.abs(mark.bottom - last.bottom) > 4;
            }).map(link => `${width}px: ${link.getAttribute('href')}`)""", width)
    assert not alone, alone[:10]

