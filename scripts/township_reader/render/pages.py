"""Stage 4 — render the structured documents as the Markdown pages MkDocs publishes.

Every page is produced for one edition (:class:`Edition`): the Simplified one at the
top of ``docs/`` and the Traditional one under ``docs/hant/``.  Interface words are
written once, in Simplified, and converted for the Traditional edition; the texts'
words come from the model, so the speech appears there in its own characters.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from township_reader.clean.rules import INVISIBLE_CHARACTER, RULES
from township_reader.editions.conversion import to_traditional
from township_reader.enrich.spans import Span
from township_reader.render.citation import citation_examples
from township_reader.render.markdown import escape_markdown, html_text
from township_reader.structure.document import Compilation, Conversion, Text
from township_reader.vocabulary import HANS, HANT

SCRIPT_NAMES = {HANS: "简体", HANT: "繁体"}
SITE_UNKNOWN = "未署名网站"


@dataclass(frozen=True)
class Edition:
    """One edition of the site: its script and where its pages live under ``docs/``."""

    script: str
    prefix: str  # "" or "hant/"

    def ui(self, text: str) -> str:
        """Interface words, written in Simplified, in this edition's script."""
        return to_traditional(text) if self.script == HANT else text

    def ui_forms(self, text: str) -> str:
        """Like :meth:`ui`, but the character forms marked ⟪…⟫ are shown as written, in both editions
        (``<span class="tr-forms">``): the pages that explain which forms search treats as one must
        show them, not their conversion (裡裏里 is not 裡裡裡).

        >>> Edition(HANT, "hant/").ui_forms("异体字⟪里裏⟫")
        '異體字<span class="tr-forms">里裏</span>'
        """
        forms: list[str] = []

        def keep(match: re.Match[str]) -> str:
            forms.append(match.group(1))
            return f"⟪{len(forms) - 1}⟫"

        converted = self.ui(FORMS.sub(keep, text))
        return re.sub(r"⟪(\d+)⟫", lambda m: f'<span class="tr-forms">{html_text(forms[int(m.group(1))])}</span>', converted)



# Character forms a page shows as written, in both editions (Edition.ui_forms)
FORMS = re.compile(r"⟪([^⟪⟫]+)⟫")

HANS_EDITION = Edition(HANS, "")
HANT_EDITION = Edition(HANT, "hant/")
EDITIONS = (HANS_EDITION, HANT_EDITION)


def rel(from_page: str, target: str) -> str:
    """Relative link from one docs path to another.

    >>> rel("texts/zhenzhang.md", "exports/zhenzhang.json")
    '../exports/zhenzhang.json'
    >>> rel("index.md", "texts/zhenzhang.md#p-x")
    'texts/zhenzhang.md#p-x'
    """
    path, _, anchor = target.partition("#")
    link = _relpath(path, from_page.rpartition("/")[0])
    return link + (f"#{anchor}" if anchor else "")


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for the docs tree's own paths (relative, normalised: no
    ``.`` or ``..`` parts), by comparing their parts. (posixpath.relpath makes both absolute
    against the working directory on every call: a tenth of the rendering time at 1,000 texts.)

    >>> [_relpath(p, s) for p, s in [("texts/a.md", "texts"), ("exports/a.json", "texts"), ("index.md", "hant/glossary/kwic"), ("texts", "texts")]]
    ['a.md', '../exports/a.json', '../../../index.md', '.']
    """
    if not start:
        return path
    if path.startswith(start) and path[len(start) : len(start) + 1] == "/":
        return path[len(start) + 1 :]
    parts, base = path.split("/"), start.split("/")
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def html_href(link: str) -> str:
    """Links in raw HTML are not rewritten by MkDocs: point at the built .html page.

    >>> html_href("../texts/a.md#p-x")
    '../texts/a.html#p-x'
    """
    path, _, anchor = link.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + (f"#{anchor}" if anchor else "")


# What reader-search.js splits a query at (its SEPARATORS): a phrase to highlight leaves them out,
# so that it is one phrase, found across the punctuation inside it.
QUERY_SEPARATORS = re.compile(r"[\s\u3000，。、；：！？“”‘’（）《》〈〉「」『』【】…—·,;:!?\"'()\[\]{}<>|/\\]+")


def occurrence_link(from_page: str, text_id: str, block_id: str, words: str, markdown: bool = False) -> str:
    """The link to one occurrence of ``words`` in a text's block, from a concordance line, a
    parallel passage or a search result: the block's anchor, and ``?h=`` with the words, which the
    page highlights and scrolls into view (``reader.js``). Ready for an HTML attribute once escaped.

    The words are left as they are but for ASCII that means something in a URL (``%&#+?``, space
    …), as the anchors are: a percent-escaped Chinese character takes nine bytes, and a text with
    many parallel passages carries hundreds of these links.

    >>> occurrence_link("glossary/index.md", "jianghua", "p-稳不好", "一票否决")
    '../texts/jianghua.html?h=一票否决#p-稳不好'
    >>> occurrence_link("texts/a.md", "b", "p-x", "4+4+2")
    'b.html?h=4%2B4%2B2#p-x'
    >>> occurrence_link("texts/a.md", "b", "p-x", "不负重托、不辱使命") == occurrence_link("texts/a.md", "b", "p-x", "不负重托不辱使命")
    True
    """
    page = rel(from_page, text_path(text_id))
    page = page if markdown else html_href(page)  # a Markdown link names the .md file (MkDocs checks it)
    phrase = QUERY_SEPARATORS.sub("", words)
    words = "".join(c if ord(c) > 0x7F else quote(c, safe="") for c in phrase)
    return f"{page}?h={words}#{block_id}" if phrase else f"{page}#{block_id}"


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter, one key a line; values are written as JSON, which is valid YAML.

    The ``title`` is HTML-escaped: MkDocs and Material write a page's title into the page as HTML
    (``<title>``, the header, the navigation), so a title from a seed must arrive escaped. The
    other keys are text, escaped by the templates that show them (``overrides/main.html``).

    >>> front_matter({"title": "浅谈如何当好镇长", "keywords": ["镇长"], "date": None})
    '---\\ntitle: "浅谈如何当好镇长"\\nkeywords: ["镇长"]\\ndate: null\\n---\\n\\n'
    >>> front_matter({"title": '讲话"><img src=x onerror=alert(1)>'})
    '---\\ntitle: "讲话&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"\\n---\\n\\n'
    """
    if "title" in data:
        data = {**data, "title": html_text(data["title"])}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def code(text: str) -> str:
    """``text`` (a file name, say) in a ``<code>`` element, escaped for Markdown and HTML: a code
    span's backticks would end at a backtick of the text, and what followed would be markup.

    >>> print(code("a`<img src=x>`.txt"))
    <code>a\\`&lt;img src=x\\>\\`.txt</code>
    """
    return f"<code>{escape_markdown(text, line_start=False)}</code>"


def text_path(text_id: str) -> str:
    return f"texts/{text_id}.md"


def fmt_int(n: int) -> str:
    return f"{n:,}"


# ---------------------------------------------------------------------------
# Text pages
# ---------------------------------------------------------------------------


@dataclass
class PageExtras:
    """What the enrich stage adds to a text, per script: inline spans and page sections."""

    spans: dict[str, list[Span]] = field(default_factory=dict)  # by block id
    wrappers: dict[str, Callable[[Span, str], str]] = field(default_factory=dict)
    after_block: dict[str, str] = field(default_factory=dict)  # block id -> Markdown after it (parallels)
    after_text: str = ""  # e.g. the list of notes
    export: dict[str, Any] = field(default_factory=dict)


def render_compilation_page(comp: Compilation, texts: list[Text], ed: Edition) -> str:
    ui = ed.ui
    page = text_path(comp.id)
    lines = [front_matter({"title": comp.title[ed.script] + ui("（合集）"), "edition": ed.script, "compilation": comp.id}),
             f"# {escape_markdown(comp.title[ed.script], False)}{ui('（合集）')}\n",
             ui(f"这是{comp.source.site or SITE_UNKNOWN}的一个合集页面，收录 {len(texts)} 篇文章，"
                "每篇在本站单独成页。合集页面上的“第一篇”等序号和重复的标题已移入目录；"
                "整页的清理记录见") + f"[{ui('清理报告')}]({rel(page, f'reports/{comp.id}.md')})" + ui("。") + "\n",
             f"| {ui('篇')} | {ui('标题')} | {ui('字数')} |", "| --: | --- | --: |"]
    for text in texts:
        number = text.part_of.number if text.part_of else ""
        title = escape_markdown(text.title[ed.script], False)
        lines.append(f"| {number} | [{title}]({rel(page, text_path(text.id))}) | {fmt_int(text.char_count(ed.script))} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Home, editorial conventions, reports, downloads
# ---------------------------------------------------------------------------


def render_home(conversions: list[Conversion], ed: Edition, intro: str = "") -> str:
    ui = ed.ui
    lines = [front_matter({"title": ui("乡镇文献注读"), "edition": ed.script, "hide": ["navigation"]}),
             f"# {ui('乡镇文献注读')}\n",
             ui("这里收录五篇关于乡镇治理的中文文本：如何当好镇长、如何当好乡镇党委书记（五篇）、"
                "一次乡镇书记镇长座谈会上的讲话、一份做好群众工作的经验材料，以及一篇谈乡镇党政办公室的文章。"
                "它们抓取自文档分享网站；本站删去网站加上的东西，修复网站造成的损坏，不改作者的一个字，"
                "并逐条记录每一处改动。") + "\n",
             ui("阅读前请先看") + f"[{ui('凡例')}]({rel('index.md', 'fanli.md')})" + ui("：它说明删去了什么、〔……〕缺文标记、"
                "星号占位符（如 \\*\\*镇）的含义，以及校正与 [sic] 注释的区别。") + "\n",
             ]
    if intro:
        lines.append(intro + "\n")
    lines += [f"| {ui('标题')} | {ui('来源网站')} | {ui('日期')} | {ui('字数')} | {ui('原文字体')} |",
              "| --- | --- | --- | --: | --- |"]
    for conv in conversions:
        if conv.compilation:
            comp = conv.compilation
            link = rel("index.md", text_path(comp.id))
            total = sum(t.char_count(ed.script) for t in conv.texts)
            lines.append(_home_row(f"[{escape_markdown(comp.title[ed.script], False)}]({link}){ui('（合集，' + str(len(conv.texts)) + ' 篇）')}",
                                   conv.texts[0], total, ed))
            for text in conv.texts:
                link = rel("index.md", text_path(text.id))
                title = f"　{ui('第' + str(text.part_of.number) + '篇')}　[{escape_markdown(text.title[ed.script], False)}]({link})" if text.part_of else ""
                lines.append(_home_row(title, text, text.char_count(ed.script), ed))
        else:
            text = conv.texts[0]
            link = rel("index.md", text_path(text.id))
            lines.append(_home_row(f"[{escape_markdown(text.title[ed.script], False)}]({link})", text,
                                   text.char_count(ed.script), ed))
    return "\n".join(lines) + "\n"


def _home_row(title: str, text: Text, chars: int, ed: Edition) -> str:
    site = ed.ui(text.source.site or SITE_UNKNOWN)
    return f"| {title} | {site} | {text.source.date or '—'} | {fmt_int(chars)} | {ed.ui(SCRIPT_NAMES[text.original_script])} |"


TEMPLATES = Path(__file__).parent / "templates"


def render_fanli(ed: Edition, counts: Counter[str]) -> str:
    """The editorial conventions (凡例): the template, with the rules and how often each was used."""
    template = (TEMPLATES / "fanli.md").read_text(encoding="utf-8")
    body = template.replace("{{ rule_table }}", rule_table(ed, counts))
    page = f'---\ntitle: "凡例"\nedition: "{ed.script}"\n---\n\n' + body
    page = ed.ui_forms(page)
    # after the conversion: the examples are in the edition's script already, and their anchors are the same in both
    return page.replace("{{ citation_examples }}", citation_examples(ed.script))


def rule_table(ed: Edition, counts: Counter[str] | None = None) -> str:
    """The cleaning rules, with their examples, for the editorial conventions page."""
    ui = ed.ui
    header = f"| {ui('规则')} | {ui('作用')} | {ui('例：之前')} | {ui('例：之后')} |"
    if counts is not None:
        header += f" {ui('本站次数')} |"
    lines = [header, "| --- | --- | --- | --- |" + (" --: |" if counts is not None else "")]
    for rule in RULES.values():
        example = rule.example
        before, after = example if example else ("", "")
        row = (f"| `{rule.name}` | {escape_markdown(ui(rule.zh), False)} | {_example_cell(before)} | {_example_cell(after)} |")
        if counts is not None:
            row += f" {fmt_int(counts.get(rule.name, 0))} |"
        lines.append(row)
    return "\n".join(lines) + "\n"


def _example_cell(text: str) -> str:
    shown = INVISIBLE_CHARACTER.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text.replace("\ue000", "§").replace("\n", "↵"))
    return escape_markdown(shown, False) if shown else "∅"


def render_exports_index(conversions: list[Conversion], ed: Edition) -> str:
    ui = ed.ui
    page = "exports/index.md"
    lines = [front_matter({"title": ui("下载"), "edition": ed.script}), f"# {ui('下载')}\n",
             ui("每篇文本都有 JSON 和纯文本两种导出，简体版与繁体版各一套。JSON 的 blocks 中每一项的 id "
                "就是网页上该段的锚点。格式说明见") + f"[{ui('凡例')}]({rel(page, 'fanli.md#exports')})" + ui("。") + "\n",
             f"| {ui('文本')} | JSON | {ui('纯文本')} | {ui('清理报告')} |", "| --- | --- | --- | --- |"]
    for conv in conversions:
        for text in conv.texts:
            lines.append(f"| [{escape_markdown(text.title[ed.script], False)}]({rel(page, text_path(text.id))}) | "
                         f"[{text.id}.json]({text.id}.json) | [{text.id}.txt]({text.id}.txt) | "
                         f"[{conv.report_id}.json]({rel(page, f'reports/{conv.report_id}.json')}) |")
    return "\n".join(lines) + "\n"


# Material writes the whole navigation into every page: listing every text would make each page,
# and the build, grow with the corpus. Above this many texts the nav links the home page's table.
NAV_TEXT_LIMIT = 60


def nav(conversions: list[Conversion], ed: Edition, extra: Iterable[tuple[str, Any]] = ()) -> list[Any]:
    """The site navigation, as MkDocs ``nav`` data. Titles are HTML to MkDocs and Material (they are
    written into every page as they are): those from the seeds are escaped."""
    ui = ed.ui
    if sum(len(c.texts) for c in conversions) > NAV_TEXT_LIMIT:
        return [{ui("首页与文本目录"): "index.md"}, *[{ui(k): v} for k, v in extra],
                {ui("凡例"): "fanli.md"}, {ui("清理报告"): "reports/index.md"}, {ui("下载"): "exports/index.md"}]
    texts: list[Any] = []
    for conv in conversions:
        if conv.compilation:
            comp = conv.compilation
            items: list[Any] = [{ui("合集目录"): text_path(comp.id)}]
            items += [{html_text(t.title[ed.script]): text_path(t.id)} for t in conv.texts]
            texts.append({html_text(comp.title[ed.script]) + ui("（五篇）" if len(conv.texts) == 5 else "（合集）"): items})
        else:
            texts.append({html_text(conv.texts[0].title[ed.script]): text_path(conv.texts[0].id)})
    reports = ["reports/index.md"] + [{html_text(conv.raw.name): f"reports/{conv.report_id}.md"} for conv in conversions]
    return [{ui("首页"): "index.md"}, {ui("文本"): texts}, *[{ui(k): v} for k, v in extra],
            {ui("凡例"): "fanli.md"}, {ui("清理报告"): reports}, {ui("下载"): "exports/index.md"}]
