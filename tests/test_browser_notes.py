"""Annotations in the browser, on a copy of the project with notes written for the test.

Notes come from strangers' pull requests: hostile ones (raw HTML, javascript: links, event
handlers) must render as text or be removed, and nothing in them may execute.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT, file_url

pytestmark = pytest.mark.browser

HOSTILE = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "[点这里](javascript:window.__pwned='link')",
    "<a href=\"#\" onclick=\"window.__pwned='onclick'\">x</a>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "[x](JaVaScRiPt:window.__pwned='mixed-case')",
    "<details open ontoggle=\"window.__pwned='details'\">",
    "\"><script>window.__pwned='quote'</script>",
]

NOTES = """- quote: 为官一任，造福一方
  kind: context
  note: 俗语，意为做一任官要给一方百姓带来好处。见[例](https://www.gov.cn/a)（链接只能指向 seeds/publishers.yml 所列的发布者）。
  author: 测试编者
  sources: ["测试出处，2020"]
- quote: 勤政就是要肯干事，不畏难
  kind: sic
  note: "{hostile}"
  author: "<b onmouseover=alert(1)>攻击者</b>"
  sources: ["<script>window.__pwned='source'</script>"]
"""


@pytest.fixture(scope="module")
def notes_site(tmp_path_factory):
    """The project copied, with two annotations on 000 (one hostile), converted and built."""
    root = tmp_path_factory.mktemp("notes") / "project"
    for name in ("scripts", "seeds", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.rmtree(root / "seeds" / "annotations", ignore_errors=True)
    (root / "seeds" / "annotations").mkdir()
    hostile = " ".join(HOSTILE).replace("\\", "\\\\").replace('"', '\\"')
    (root / "seeds" / "annotations" / "zhenzhang.yml").write_text(NOTES.format(hostile=hostile), encoding="utf-8")
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "township_reader.cli", "convert", "-q"], cwd=root, check=True, timeout=300)
    subprocess.run([python, "-m", "township_reader.cli", "build"], cwd=root, check=True, timeout=300, capture_output=True)
    return root / "site"


def open_text(page, site):
    page.goto(file_url(site / "texts" / "zhenzhang.html"))
    return page


def test_marker_at_the_quote_and_the_note_opens_on_hover(offline_page, notes_site):
    page = open_text(offline_page, notes_site)
    highlight = page.locator(".tr-anno").first
    assert highlight.inner_text() == "为官一任，造福一方"
    marker = page.locator("sup.tr-note-ref a").first
    assert marker.inner_text() == "1" and marker.is_visible()
    marker.hover()
    page.wait_for_selector("#tr-tip:not([hidden])")
    assert "俗语" in page.inner_text("#tr-tip")
    assert page.guard.refused == []


def test_note_opens_on_keyboard_focus(offline_page, notes_site):
    page = open_text(offline_page, notes_site)
    page.locator("h1").focus()
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('sup.tr-note-ref')"):
            break
    else:
        pytest.fail("no note marker is reachable with Tab")
    page.wait_for_selector("#tr-tip:not([hidden])")
    assert page.inner_text("#tr-tip").strip()


def test_note_opens_on_tap(browser, notes_site):
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
    page = open_text(context.new_page(), notes_site)
    page.locator("sup.tr-note-ref a").first.tap()
    page.wait_for_selector("#tr-tip:not([hidden])")
    assert "俗语" in page.inner_text("#tr-tip")
    assert "#note-" not in page.url  # the first tap shows the note; it does not jump
    context.close()


def test_notes_are_listed_at_the_end_with_links_back(offline_page, notes_site):
    page = open_text(offline_page, notes_site)
    notes = page.locator("ol.tr-notes > li")
    assert notes.count() == 2
    first = notes.nth(0)
    assert "背景" in first.inner_text() and "测试出处" in first.inner_text()
    first.locator("a.tr-note__back").click()
    assert page.evaluate("location.hash").startswith("#ref-note-")
    assert page.locator("sup.tr-note-ref:target").count() == 1


def test_hostile_notes_execute_nothing(offline_page, notes_site):
    page = offline_page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_text(page, notes_site)
    note = page.locator("ol.tr-notes > li").nth(1)
    # hover, focus and click everything the hostile note rendered
    note.scroll_into_view_if_needed()
    for element in note.locator("a, b, details, summary, img, svg, iframe").all():
        try:
            element.hover(timeout=500)
            element.click(timeout=500, no_wait_after=True)
        except Exception:
            pass
    page.locator("sup.tr-note-ref a").nth(1).hover()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None, page.evaluate("window.__pwned")
    assert dialogs == []
    html = note.inner_html().lower()
    for forbidden in ("<script", "<img", "<svg", "<iframe", "<details", "onerror=", "onclick=", "onload=", "ontoggle=",
                      "onmouseover=", "javascript:"):
        assert forbidden not in html.replace("&lt;", "<").split("<", 1)[0] or forbidden not in html, forbidden
    assert not note.locator("script, img, svg, iframe, details, [onerror], [onclick], [onload], [ontoggle]").count()
    assert not note.locator("a[href^='javascript' i]").count()
    assert "&lt;script&gt;" in note.inner_html()  # shown as text
    assert page.guard.refused == []
