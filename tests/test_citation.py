"""The citation module (render/citation.py) and the release a citation names (publish/release.py)."""

from __future__ import annotations

import subprocess

import pytest

from township_reader.publish.release import Release, current_release
from township_reader.render import citation
from township_reader.vocabulary import HANS, HANT

SITE = "https://example.org/township-reader/"


def work(script=HANS, site_url=SITE, release="2026-12-07 (7f1cdb5)", title="浅谈如何当好镇长", site="天天文库", date="2019-08-26"):
    return citation.cited_work(title, site, date, "zhenzhang", script, site_url + ("hant/" if script == HANT and site_url else "") if site_url else None, release)


def test_gbt7714_has_each_element_in_the_standards_order():
    text = citation.gbt7714(work(), "12", "p-镇长", "2026-12-08")
    # 主要责任者. 题名[文献类型标识/载体标识]. 出版者, 出版年//本站. 版本项. 发布版本: 位置[引用日期]. 获取和访问路径.
    assert text == ("佚名. 浅谈如何当好镇长[EB/OL]. 天天文库, 2019-08-26//乡镇文献注读. 简体版. 2026-12-07 (7f1cdb5): §12"
                    "[2026-12-08]. https://example.org/township-reader/texts/zhenzhang.html#p-镇长.")


def test_the_traditional_edition_cites_in_traditional_throughout():
    w = work(HANT, title="淺談如何當好鎮長")
    for text in (citation.gbt7714(w, "12", "p-镇长", "2026-12-08"), citation.chicago_note(w, "12", "p-镇长"),
                 citation.chicago_bibliography(w)):
        assert "鄉鎮文獻注讀" in text and "天天文庫" in text and "乡镇" not in text and "文库" not in text
    assert "繁體版" in citation.gbt7714(w) and w.url == SITE + "hant/texts/zhenzhang.html"


def test_chicago_begins_with_the_quoted_title_of_an_anonymous_work():
    note = citation.chicago_note(work(), "12", "p-镇长")
    assert note.startswith("“浅谈如何当好镇长,” §12, 天天文库, 2019年8月26日, ") and note.endswith("#p-镇长.")
    bib = citation.chicago_bibliography(work())
    assert bib.startswith("“浅谈如何当好镇长.” 天天文库, 2019年8月26日. 乡镇文献注读, 简体版, ") and "§" not in bib


def test_without_a_site_url_no_address_and_no_file_path():
    w = work(site_url=None)
    for text in (citation.gbt7714(w, "1", "p-x", "2026-12-08"), citation.chicago_note(w, "1", "p-x"), citation.chicago_bibliography(w)):
        assert "http" not in text and "file:" not in text
    assert citation.cite_templates(w)["url"] is None


def test_without_a_source_site_gbt_says_publisher_unknown_and_without_a_release_names_none():
    text = citation.gbt7714(work(site=None, date=None, release=None), "3", "p-y")
    assert "[出版者不详]//乡镇文献注读. 简体版: §3" in text


def test_a_title_with_markup_characters_stays_text():
    w = work(title="&lt;b&gt;题&lt;/b&gt;")  # MkDocs keeps front-matter titles HTML-escaped
    assert w.title == "<b>题</b>"
    data = citation.cite_templates(w)
    assert data["styles"][0]["text"].startswith("佚名. <b>题</b>[EB/OL]")  # the page sets it as text, not HTML


def test_csl_item_carries_what_the_formats_say():
    item = citation.csl_item(work(), "12", "p-镇长", "2026-12-08")
    assert item["type"] == "webpage" and item["locator"] == "§12" and item["original-publisher"] == "天天文库"
    assert item["issued"] == {"date-parts": [[2026, 12, 7]]} and item["accessed"] == {"date-parts": [[2026, 12, 8]]}
    assert item["URL"].endswith("zhenzhang.html#p-镇长") and item["version"] == "2026-12-07 (7f1cdb5)"


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "GIT_COMMITTER_DATE": "2026-03-04T23:30:00+00:00",
                        "GIT_AUTHOR_DATE": "2026-03-04T23:30:00+00:00", "PATH": "/usr/bin:/bin"})


def test_the_release_is_the_commits_date_and_short_hash_marked_when_the_tree_has_changes(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "commit", "-qm", "a")
    release = current_release(tmp_path)
    assert release.date == "2026-03-04" and len(release.commit) >= 7 and not release.commit.endswith("+")
    (tmp_path / "a.txt").write_text("b", encoding="utf-8")
    assert current_release(tmp_path).commit == release.commit + "+"
    assert release.label() == f"2026-03-04 ({release.commit})"


def test_outside_a_checkout_the_release_is_source_date_epochs_day_or_unknown(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    assert current_release(tmp_path) == Release("2026-05-28")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert current_release(tmp_path) is None


@pytest.mark.parametrize("script", [HANS, HANT])
def test_the_fanli_examples_are_the_functions_output(script):
    examples = citation.citation_examples(script)
    assert examples.count("<code>") == 3 and "佚名. " in examples
