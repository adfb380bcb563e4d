"""Sources link only to accepted publishers: the list, its checks (file:line), and the project's data."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS
from township_reader.datafile import DataError, DataErrors
from township_reader.enrich.annotations import load_annotations
from township_reader.enrich.glossary import load_glossary
from township_reader.enrich.publishers import (
    WEB_ADDRESS,
    Publisher,
    Publishers,
    default_publishers,
    load_publishers,
)
from township_reader.render.notes import linked_source_html

ACCEPTED = Publishers([Publisher("www.gov.cn", "中国政府网", "gazette-database"),
                       Publisher("people.com.cn", "人民网", "news-outlet")])

ENTRY = """- id: yipiaofoujue
  term: 一票否决
  traditional: ["一票否決"]
  aliases: []
  pinyin: yī piào fǒujué
  english: one-vote veto
  category: cadre-evaluation
  zh: 考核中的否决机制。
  en: An assessment rule that vetoes everything else.
  sources:
    - "中央社会治安综合治理委员会《规定》（1991年12月25日）"
    - "{first}"
    - "{second}"
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "line", "message"), [
    ("- domain: people.com.cn\n  name: 人民网\n  kind: gossip\n", 3, "unknown kind 'gossip'"),
    ("- domain: https://people.com.cn/\n  name: 人民网\n  kind: news-outlet\n", 1, "is not a lowercase host name"),
    ("- domain: people.com.cn\n  name: 人民网\n", 1, "'kind' is a required property — add it"),
    ("- domain: people.com.cn\n  name: 人民网\n  kind: news-outlet\n  url: x\n", 4, "unknown key 'url'"),
    ("- domain: www.gov.cn\n  name: 中国政府网\n  kind: gazette-database\n"
     "- domain: people.com.cn\n  name: 人民网\n  kind: news-outlet\n", 4, "must be sorted by domain"),
    ("- domain: people.com.cn\n  name: 人民网\n  kind: news-outlet\n"
     "- domain: people.com.cn\n  name: 人民网\n  kind: news-outlet\n", 4, "already listed at line 1"),
    ("- domain: 162.218.51.55\n  name: 某站\n  kind: newspaper\n", 1, "bare IP address"),
])
def test_a_bad_publisher_entry_fails_with_file_line_and_what_to_do(tmp_path, text, line, message):
    path = write(tmp_path, "publishers.yml", text)
    with pytest.raises(DataError) as err:
        load_publishers(path, "seeds/publishers.yml")
    assert str(err.value).startswith(f"seeds/publishers.yml:{line}: ") and message in str(err.value)


def test_a_domain_covers_its_subdomains_and_nothing_else():
    assert ACCEPTED.publisher_of("http://cpc.people.com.cn/n/2013/0420/c64094-21207765.html").name == "人民网"
    assert ACCEPTED.publisher_of("https://www.gov.cn/zwgk/2008-12/19/content_1182128.htm").name == "中国政府网"
    assert ACCEPTED.publisher_of("http://big5.www.gov.cn/gate/big5/www.gov.cn/x.htm").name == "中国政府网"
    for elsewhere in ("https://gov.cn.example.org/x", "https://notpeople.com.cn/x", "https://carminebeaute.com/info/1.htm",
                      "https://gov.cn/x"):
        assert ACCEPTED.publisher_of(elsewhere) is None, elsewhere


def test_a_glossary_source_on_an_unlisted_site_fails_at_its_line(tmp_path):
    path = write(tmp_path, "glossary.yml", ENTRY.format(
        first="国务院《通知》（国发〔2008〕37号），中国政府网，https://www.gov.cn/zwgk/2008-12/19/content_1182128.htm",
        second="《准则》全文，http://carminebeaute.com/info/1113/3182.htm"))
    with pytest.raises(DataError) as err:
        load_glossary(path, "seeds/glossary.yml", ACCEPTED)
    message = str(err.value)
    assert message.startswith("seeds/glossary.yml:13: the address http://carminebeaute.com/info/1113/3182.htm is on "
                              "carminebeaute.com, which is not an accepted publisher — cite the document")
    assert "add its domain to seeds/publishers.yml" in message


def test_every_bad_address_is_reported_at_once_each_at_its_own_line(tmp_path):
    path = write(tmp_path, "glossary.yml", ENTRY.format(first="转载，http://162.218.51.55/viewthread.php?tid=1",
                                                        second="镜像，https://wikiwand.com/zh/x"))
    with pytest.raises(DataErrors) as err:
        load_glossary(path, "seeds/glossary.yml", ACCEPTED)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("seeds/glossary.yml:12: the address http://162.218.51.55/") and "bare IP address" in lines[0]
    assert lines[1].startswith("seeds/glossary.yml:13: the address https://wikiwand.com/zh/x is on wikiwand.com")


def test_an_accepted_address_passes(tmp_path):
    path = write(tmp_path, "glossary.yml", ENTRY.format(first="人民网，http://cpc.people.com.cn/n/1.html",
                                                        second="中国政府网，https://www.gov.cn/a.htm"))
    assert len(load_glossary(path, "seeds/glossary.yml", ACCEPTED)) == 1


def test_an_official_renderings_source_is_checked_too(tmp_path):
    text = ENTRY.format(first="甲乙丙丁", second="戊己庚辛") + (
        "  renderings:\n    - english: one-vote veto\n      kind: official\n      by: 某网\n"
        "      source: \"某网，https://mirror.example/x\"\n")
    path = write(tmp_path, "glossary.yml", text)
    with pytest.raises(DataError, match=r"^seeds/glossary.yml:18: the address https://mirror.example/x is on mirror.example"):
        load_glossary(path, "seeds/glossary.yml", ACCEPTED)


def test_an_annotation_source_or_note_on_an_unlisted_site_fails_at_its_line(tmp_path, texts):
    write(tmp_path, "zhenzhang.yml", (
        "- quote: 为官一任，造福一方\n  kind: context\n"
        "  note: 见 [镜像](https://musen123.com/lianjieczzz.html)。\n  author: 甲\n"
        "  sources:\n    - \"中共中央《准则》（2010年1月18日）\"\n    - \"《准则》，http://carminebeaute.com/info/1113/3182.htm\"\n"))
    with pytest.raises(DataErrors) as err:
        load_annotations(tmp_path, texts, root=tmp_path, publishers=ACCEPTED)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("zhenzhang.yml:3: the address https://musen123.com/lianjieczzz.html is on musen123.com")
    assert lines[1].startswith("zhenzhang.yml:7: the address http://carminebeaute.com/info/1113/3182.htm is on "
                               "carminebeaute.com, which is not an accepted publisher")


def test_every_address_in_the_projects_data_is_on_an_accepted_publishers_site(texts):
    """Read as text, not through the loaders, so no field can carry an address past the check."""
    publishers = default_publishers()
    files = [SEEDS / "glossary.yml", *sorted((SEEDS / "annotations").glob("*.yml"))]
    found = 0
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for address in WEB_ADDRESS.findall(line):
                found += 1
                assert publishers.problem(address) is None, f"{path.name}:{n}: {publishers.problem(address)}"
    assert found, "the data links to no publisher at all: the check above tested nothing"
    load_glossary(SEEDS / "glossary.yml")  # and the loaders agree
    load_annotations(SEEDS / "annotations", texts)


def test_every_listed_publisher_is_named_and_the_list_is_documented():
    header = (SEEDS / "publishers.yml").read_text(encoding="utf-8").split("\n- domain:")[0]
    assert "Read by scripts/township_reader/enrich/publishers.py" in header and "publishers.schema.json" in header
    for publisher in default_publishers().by_domain.values():
        assert publisher.name and not publisher.name.startswith("http")


def test_a_linked_source_shows_its_publishers_name_not_the_address():
    html = linked_source_html("新华社电，中国网2015年1月14日，http://china.com.cn/opinion/think/2015-01/14/content_34555856.htm")
    assert html.endswith('title="china.com.cn" rel="noopener">中国网</a>')
    assert 'href="http://china.com.cn/opinion/think/2015-01/14/content_34555856.htm"' in html
    assert not re.search(r">https?://", html)


def test_official_renderings_are_shown_apart_from_ours_with_whose_they_are():
    """On the glossary page an official rendering has its own row, named as such, with whose it is; a page's
    tooltip data carries it beside ours."""
    from conftest import DOCS
    from township_reader.render.markdown import html_text

    glossary = load_glossary(SEEDS / "glossary.yml")
    with_official = [e for e in glossary.entries if e.official()]
    assert with_official, "no entry has an official rendering: the rendering below is untested"
    # the entries in full are on their categories' pages
    page = "".join(p.read_text(encoding="utf-8") for p in sorted((DOCS / "glossary").glob("*.md")))
    hant = "".join(p.read_text(encoding="utf-8") for p in sorted((DOCS / "hant" / "glossary").glob("*.md")))
    for entry in with_official:
        block = page.split(f"{{: #{entry.id} }}", 1)[1].split("\n## ", 1)[0]
        official = entry.official()[0]
        assert (f'<dt>官方英译</dt><dd><span lang="en">{html_text(official.english)}</span>'
                f'（{html_text(official.by)}；') in block, entry.id
        assert f'<dt>英文</dt><dd><span lang="en">{html_text(entry.english)}</span>' in block, entry.id
        assert "<dt>官方英譯</dt>" in hant.split(f"{{: #{entry.id} }}", 1)[1].split("\n## ", 1)[0], entry.id
    tooltips = "".join(p.read_text(encoding="utf-8") for p in (DOCS / "texts").glob("*.md"))
    assert '"Letters and Visits (中国日报网（China Daily）“新闻热词”)"' in tooltips
