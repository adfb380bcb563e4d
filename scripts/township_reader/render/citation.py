"""Citations of a text, or of one of its paragraphs, in GB/T 7714-2015 and Chicago (notes and
bibliography): the data a citation is made of (:class:`CitedWork`, :func:`csl_item`) and the
formats. One module, so every format (the cite dialog's, and exports such as CSL-JSON, RIS or
BibTeX) says the same thing. The 凡例 page (#citation) documents both formats.

What a citation of a paragraph gives, in the edition's script:

* the author: none is known (the texts are unsigned): GB/T 7714 writes 佚名 (its rule for an
  unknown creator), Chicago begins with the title (its rule for an anonymous work);
* the work's title, and where and when it was published before this edition: the upload site
  and the date the site gives (天天文库, 2019-08-26), as its source;
* this edition: its title (乡镇文献注读), which edition (简体版 or 繁體版), the release (the
  commit's date and short hash, ``publish/release.py``), the paragraph's number (§12);
* the canonical address of the paragraph on the hosted site (the configured site URL, never a
  ``file:`` path: a site built without one says so instead of giving an address);
* GB/T 7714 also gives the date it was accessed (引用日期), which only the reader's browser knows.

A citation is made where the site is built (``publish/hooks.py``: the site URL and the release
are known only there) with the paragraph, its anchor and the access date left as
:data:`TOKENS`, which the page fills in (``reader.js``).

Punctuation follows each standard's examples: GB/T 7714-2015 separates its elements with ". ",
": ", ", ", "//" and brackets (萧钰. 出版业信息化迈入快车道[EB/OL]. (2001-12-19)[2002-04-15].
http://…); Chicago's notes separate elements with commas, its bibliography with periods, and
quote a short work's title. tests/test_citation.py checks each format's parts and order, and that
nothing from the front matter is taken as markup.

For issue 22's exports (CSL-JSON, RIS, BibTeX): :func:`cited_work` gives the work of one text in
one edition, :func:`csl_item` the same data as CSL-JSON; the release is
``publish.release.current_release(root)`` (its ``label()``, or None).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from township_reader.editions.conversion import to_traditional
from township_reader.vocabulary import HANS

# Filled in by the page: the paragraph's number, its anchor, the day the reader accessed it.
TOKENS = {"number": "⟦n⟧", "anchor": "⟦id⟧", "accessed": "⟦accessed⟧"}
SITE_TITLE = "乡镇文献注读"
EDITION_LABELS = {"zh-Hans": "简体版", "zh-Hant": "繁體版"}
ANONYMOUS = "佚名"  # GB/T 7714-2015 8.1.1: an unknown creator is written 佚名
UNKNOWN_PUBLISHER = "出版者不详"  # GB/T 7714-2015 8.4.2: [出版者不详]


@dataclass(frozen=True)
class CitedWork:
    """One text of one edition, as a citation names it (every string in the edition's script)."""

    title: str  # the work's title
    site: str | None  # where it was published before this edition: the upload site
    date: str | None  # the date that site gives (YYYY-MM-DD)
    edition_title: str  # this edition's title: 乡镇文献注读 / 鄉鎮文獻注讀
    edition: str  # 简体版 / 繁體版
    release: str | None  # the release label (2026-12-07 (7f1cdb5)); None if unknown
    url: str | None  # the text page's canonical address, without a fragment; None: no site URL
    script: str = HANS

    @property
    def release_date(self) -> str | None:
        return self.release.split(" ")[0] if self.release else None


def cited_work(title: str, site: str | None, date: str | None, text_id: str, script: str,
               site_url: str | None, release: str | None) -> CitedWork:
    """The work a text page cites: its front matter (``title`` HTML-escaped, as MkDocs keeps it),
    the edition's site URL (the Traditional edition's ends in ``hant/``) and the release.

    >>> w = cited_work("浅谈如何当好镇长", "天天文库", "2019-08-26", "zhenzhang", "zh-Hant", "https://e.org/r/hant/", None)
    >>> w.title, w.site, w.edition_title, w.edition, w.url
    ('浅谈如何当好镇长', '天天文庫', '鄉鎮文獻注讀', '繁體版', 'https://e.org/r/hant/texts/zhenzhang.html')
    """
    ui = (lambda s: s) if script == HANS else to_traditional
    url = f"{site_url.rstrip('/')}/texts/{text_id}.html" if site_url else None
    return CitedWork(html.unescape(title), ui(site) if site else None, date, ui(SITE_TITLE), EDITION_LABELS[script],
                     release, url, script)


def _ymd(date: str) -> list[int]:
    return [int(part) for part in date.split("-")]


def csl_item(work: CitedWork, number: str | None = None, anchor: str | None = None,
             accessed: str | None = None) -> dict[str, Any]:
    """The citation as CSL-JSON (the Citation Style Language's data): what citation managers read.

    >>> item = csl_item(cited_work("浅谈如何当好镇长", "天天文库", "2019-08-26", "zhenzhang", "zh-Hans", "https://e.org/", "2026-12-07 (7f1cdb5)"), "12", "p-镇长")
    >>> item["title"], item["container-title"], item["original-publisher"], item["locator"], item["URL"]
    ('浅谈如何当好镇长', '乡镇文献注读', '天天文库', '§12', 'https://e.org/texts/zhenzhang.html#p-镇长')
    """
    item: dict[str, Any] = {
        "id": (work.url or work.title) + (f"#{anchor}" if anchor else ""),
        "type": "webpage",
        "language": work.script,
        "title": work.title,
        "container-title": work.edition_title,
        "edition": work.edition,
    }
    if work.release:
        item["version"] = work.release
        item["issued"] = {"date-parts": [_ymd(work.release_date)]}
    if work.site:
        item["original-publisher"] = work.site
    if work.date:
        item["original-date"] = {"date-parts": [_ymd(work.date)]}
    if number:
        item["locator"] = f"§{number}"
        item["label"] = "paragraph"
    if work.url:
        item["URL"] = work.url + (f"#{anchor}" if anchor else "")
    if accessed:
        item["accessed"] = {"date-parts": [_ymd(accessed)]}
    return item


def _address(work: CitedWork, anchor: str | None) -> str | None:
    return work.url + (f"#{anchor}" if anchor else "") if work.url else None


def gbt7714(work: CitedWork, number: str | None = None, anchor: str | None = None, accessed: str | None = None) -> str:
    """GB/T 7714-2015, an electronic resource ([EB/OL]) contained in this edition ("//", as the
    standard writes a part of a larger work): the work, its source (the upload site and date, as
    出版者, 出版年), then this edition, edition statement and release, the paragraph as the
    location in it, [引用日期] and the address.

    >>> w = cited_work("浅谈如何当好镇长", "天天文库", "2019-08-26", "zhenzhang", "zh-Hans", "https://e.org/", "2026-12-07 (7f1cdb5)")
    >>> gbt7714(w, "12", "p-镇长", "2026-12-08")
    '佚名. 浅谈如何当好镇长[EB/OL]. 天天文库, 2019-08-26//乡镇文献注读. 简体版. 2026-12-07 (7f1cdb5): §12[2026-12-08]. https://e.org/texts/zhenzhang.html#p-镇长.'
    >>> gbt7714(cited_work("講話", None, None, "jianghua", "zh-Hant", None, None))
    '佚名. 講話[EB/OL]. [出版者不詳]//鄉鎮文獻注讀. 繁體版.'
    """
    ui = (lambda s: s) if work.script == HANS else to_traditional
    source = work.site or f"[{ui(UNKNOWN_PUBLISHER)}]"
    if work.date:
        source += f", {work.date}"
    out = f"{ANONYMOUS}. {work.title}[EB/OL]. {source}//{work.edition_title}. {work.edition}"
    if work.release:
        out += f". {work.release}"
    if number:
        out += f": §{number}"
    if accessed:
        out += f"[{accessed}]"
    address = _address(work, anchor)
    return out + (f". {address}." if address else ".")


def _chinese_date(date: str) -> str:
    """A date as Chicago writes it in Chinese (the CSL locales zh-CN and zh-TW): 2019年8月26日."""
    year, month, day = _ymd(date)
    return f"{year}年{month}月{day}日"


def chicago_note(work: CitedWork, number: str | None = None, anchor: str | None = None) -> str:
    """Chicago (17th ed.), notes and bibliography: a note. An anonymous work begins with its title;
    a short work's title is quoted; the elements are separated by commas: the title, the paragraph,
    where it was first published and when, then this edition, and the address.

    >>> w = cited_work("浅谈如何当好镇长", "天天文库", "2019-08-26", "zhenzhang", "zh-Hans", "https://e.org/", "2026-12-07 (7f1cdb5)")
    >>> chicago_note(w, "12", "p-镇长")
    '“浅谈如何当好镇长,” §12, 天天文库, 2019年8月26日, 乡镇文献注读, 简体版, 2026-12-07 (7f1cdb5), https://e.org/texts/zhenzhang.html#p-镇长.'
    """
    parts = [f"“{work.title},”"]
    if number:
        parts.append(f"§{number},")
    if work.site:
        parts.append(f"{work.site},")
    if work.date:
        parts.append(f"{_chinese_date(work.date)},")
    parts.append(f"{work.edition_title},")
    parts.append(f"{work.edition},")
    if work.release:
        parts.append(f"{work.release},")
    address = _address(work, anchor)
    if address:
        parts.append(f"{address},")
    return " ".join(parts)[:-1] + "."


def chicago_bibliography(work: CitedWork) -> str:
    """Chicago (17th ed.): the bibliography entry (the work, not a paragraph of it; periods
    between the elements).

    >>> w = cited_work("浅谈如何当好镇长", "天天文库", "2019-08-26", "zhenzhang", "zh-Hans", "https://e.org/", "2026-12-07 (7f1cdb5)")
    >>> chicago_bibliography(w)
    '“浅谈如何当好镇长.” 天天文库, 2019年8月26日. 乡镇文献注读, 简体版, 2026-12-07 (7f1cdb5). https://e.org/texts/zhenzhang.html.'
    """
    out = f"“{work.title}.”"
    if work.site or work.date:
        out += " " + ", ".join(x for x in (work.site, work.date and _chinese_date(work.date)) if x) + "."
    out += f" {work.edition_title}, {work.edition}"
    out += f", {work.release}." if work.release else "."
    if work.url:
        out += f" {work.url}."
    return out


STYLES = {
    "gbt7714": ("GB/T 7714-2015", "GB/T 7714-2015"),
    "chicago-note": ("Chicago（注释）", "Chicago（註釋）"),
    "chicago-bibliography": ("Chicago（参考文献）", "Chicago（參考文獻）"),
}


def cite_templates(work: CitedWork) -> dict[str, Any]:
    """What a text page's cite dialog shows, with the paragraph's number, its anchor and the
    access date as :data:`TOKENS`: each style's name and citation, and whether it has an address."""
    n, anchor, accessed = TOKENS["number"], TOKENS["anchor"], TOKENS["accessed"]
    texts = {
        "gbt7714": gbt7714(work, n, anchor, accessed),
        "chicago-note": chicago_note(work, n, anchor),
        "chicago-bibliography": chicago_bibliography(work),
    }
    hant = work.script != HANS
    return {
        "styles": [{"id": key, "name": STYLES[key][hant], "text": texts[key]} for key in STYLES],
        "url": work.url,
        "release": work.release,
    }


def citation_examples(script: str) -> str:
    """The 凡例 page's examples of each format, for one edition (Markdown): the mayor's essay,
    with an example address and release."""
    ui = (lambda s: s) if script == HANS else to_traditional
    work = cited_work(ui("浅谈如何当好镇长"), "天天文库", "2019-08-26", "zhenzhang", script,
                      "https://example.org/township-reader/" + ("hant/" if script != HANS else ""), "2026-12-07 (7f1cdb5)")
    anchor = "p-镇长是一个镇的带头人"
    rows = [
        ("GB/T 7714-2015", gbt7714(work, "4", anchor, "2026-12-08")),
        (STYLES["chicago-note"][script != HANS], chicago_note(work, "4", anchor)),
        (STYLES["chicago-bibliography"][script != HANS], chicago_bibliography(work)),
    ]
    return "\n".join(f"- {name}：<code>{html.escape(text)}</code>" for name, text in rows) + "\n"
