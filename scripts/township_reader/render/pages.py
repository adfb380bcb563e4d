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
from township_reader.render.refs import Names, TextName
from township_reader.structure.catalog import INFERENCES
from township_reader.structure.document import Compilation, Conversion, Text
from township_reader.vocabulary import HANS, HANT

SCRIPT_NAMES = {HANS: "简体", HANT: "繁体"}
# A page that names no site (the speech's: "下面是小编为大家整理的……"): what we know is that it does not
SITE_UNKNOWN = "网页未署网站名"
LICENSE_PAGE = "license.md"


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


def fmt_size(n: int) -> str:
    """A file's size as a reader reads it.

    >>> fmt_size(532), fmt_size(12_345), fmt_size(3_456_789)
    ('532 B', '12.1 KB', '3.3 MB')
    """
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def text_names(enriched: Any) -> Names:
    """How the site names each text and compilation where it refers to it (``[[id]]``): its short
    title in both scripts and in English, and its page. Made once per corpus."""
    cached = getattr(enriched, "_text_names", None)
    if cached is not None:
        return cached
    names: Names = {}
    for item in [*enriched.texts.values(), *getattr(enriched, "compilations", {}).values()]:
        names[item.id] = TextName({HANS: item.short(HANS), HANT: item.short(HANT),
                                   "en": item.short_title.get("en") or item.short(HANS)}, text_path(item.id))
    enriched._text_names = names
    return names


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
    evidence: dict[str, str] = field(default_factory=dict)  # anchor -> how the metadata box names it (注 3)


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


def inference_text(text: Text, key: str, script: str) -> str:
    """An inference about a text as a short line (the home page's cards), or ""."""
    inference = text.inferences.get(key)
    if inference is None:
        return ""
    return inference.zh if script == HANS else to_traditional(inference.zh)


@dataclass(frozen=True)
class CorpusCounts:
    """What the home page counts (each counted from the data, never written by hand)."""

    texts: int
    pages: int  # raw texts (web pages): a compilation is one
    characters: int
    notes: int
    terms: int
    clusters: int


def render_home(conversions: list[Conversion], ed: Edition, counts: CorpusCounts | None = None) -> str:
    """The home page: what the corpus is, how it was made and where to start, in the edition's script
    and in English; the way to every section; the texts as cards (readable on a phone), each with
    what the editors infer about it."""
    ui = ed.ui
    page = "index.md"
    texts = [t for c in conversions for t in c.texts]
    counts = counts or CorpusCounts(len(texts), len(conversions), sum(t.char_count(ed.script) for t in texts), 0, 0, 0)
    compilations = [c for c in conversions if c.compilation]
    made = ui(f"出自 {counts.pages} 个网页" + (f"，其中 {len(compilations)} 个是合集" if compilations else ""))
    link = lambda target, label: f"[{ui(label)}]({rel(page, target)})"  # noqa: E731
    first = max(texts, key=lambda t: t.char_count(ed.script)) if texts else None
    lines = [front_matter({"title": ui("乡镇文献注读"), "edition": ed.script, "hide": ["toc"]}),
             f"# {ui('乡镇文献注读')}\n",
             ui(f"这里收录 {counts.texts} 篇关于中国乡镇治理的中文文本（{made}），共 {fmt_int(counts.characters)} 字："
                "镇长、乡镇党委书记和县市领导谈怎样做好乡镇工作的文章、讲话和经验材料。它们抓取自文档分享网站；"
                "本站删去网站加上的东西，修复网站造成的损坏，不改作者的一个字，并逐条记录每一处改动。"
                f"编者为文本加了 {counts.notes} 条注释、{counts.terms} 个术语释义，并列出各篇共有的文句。") + "\n",
             f"## {ui('从这里开始')} {{: #start }}\n",
             f"- {link('fanli.md', '凡例')}{ui('：删去了什么，〔……〕缺文和星号占位符的含义，校正与 [sic] 的区别，编者的推断怎样标出。')}",
             ]
    if first is not None:
        lines.append(f"- {ui('先读')}[《{escape_markdown(first.short(ed.script), False)}》]({rel(page, text_path(first.id))})"
                     + ui(f"：本站最长的文本（{fmt_int(first.char_count(ed.script))} 字），注释最多。"))
    lines += [f"- {link('glossary/index.md', '术语表')}{ui(f'：{counts.terms} 个术语，可按词语、拼音或英文筛选，附英汉索引和每个术语的全部用例。')}",
              f"- {link('parallels.md', '平行文句')}{ui('：几篇文本共有的文句，区分成段的沿用和共用的提法。')}",
              f"- {link('reports/index.md', '清理报告')}{ui('：每个原始文件删去和修复了什么，逐条可查。')}",
              f"- {link('exports/index.md', '下载')}{ui('：全部文本（简体、繁体）、术语表（CSV、TBX）和注释（JSON），或整个语料的压缩包。')}",
              f"- {link(LICENSE_PAGE, '许可')}{ui('：代码、编者的内容和原文各自的许可。')}",
              "",
              f"## {ui('文本')} {{: #texts }}\n",
              '<ul class="tr-texts">']
    for text in texts:
        lines.append(_text_card(text, ed, page))
    lines.append("</ul>\n")
    lines += ["## English {: #english }\n", _english_summary(texts, counts, ed, page)]
    return "\n".join(lines) + "\n"


def _text_card(text: Text, ed: Edition, page: str) -> str:
    ui = ed.ui
    href = html_text(html_href(rel(page, text_path(text.id))))
    rows = []
    for key, (label, _en) in INFERENCES.items():
        value = inference_text(text, key, ed.script)
        if value:
            rows.append((ui(label), html_text(value) + f'<span class="tr-inferred">{html_text(ui("推断"))}</span>'))
    rows.append((ui("字数"), fmt_int(text.char_count(ed.script))))
    source = html_text(ui(text.source.site or SITE_UNKNOWN))
    if text.source.date:
        source += html_text(ui(f"，上传日期 {text.source.date}"))
    rows.append((ui("来源"), source))
    rows.append((ui("原文"), html_text(ui(SCRIPT_NAMES[text.original_script] + "字"))))
    part = ""
    if text.part_of:
        comp = html_text(html_href(rel(page, text_path(text.part_of.id))))
        part = (f'<p class="tr-text-card__part">{html_text(ui("收录于"))}<a href="{comp}">{html_text(ui("合集"))}</a>'
                + html_text(ui(f"第 {text.part_of.number} 篇，共 {text.part_of.count} 篇")) + "</p>")
    english = text.short_title.get("en")
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<li class="tr-text-card"><p class="tr-text-card__title"><a href="{href}">{html_text(text.title[ed.script])}</a></p>'
            + (f'<p class="tr-text-card__en" lang="en">{html_text(english)}</p>' if english else "")
            + part + f'<dl class="tr-text-card__meta">{meta}</dl></li>')


def _english_summary(texts: list[Text], counts: CorpusCounts, ed: Edition, page: str) -> str:
    """The home page in English: the corpus, how it was made, where to start, and the texts."""
    link = lambda target, words: f'<a href="{html_text(html_href(rel(page, target)))}">{words}</a>'  # noqa: E731
    items = []
    for text in texts:
        facts = [text.inferences[k].en for k in ("date", "place", "genre") if k in text.inferences]
        name = text.short_title.get("en") or text.title[HANS]
        items.append(f"<li>{link(text_path(text.id), html_text(name))} ({html_text(text.title[ed.script])})"
                     + (f": {html_text('; '.join(facts))}" if facts else "") + "</li>")
    return ('<div lang="en" class="tr-en">\n'
            f"<p><strong>Township Reader</strong> is a faithful, annotated reader of {counts.texts} Chinese texts on "
            f"township ({ed.ui('乡镇')}) governance — essays, a speech and model-experience reports by town mayors, township Party "
            f"secretaries and city leaders ({counts.pages} web pages, {fmt_int(counts.characters)} characters). They were "
            "scraped from document-sharing sites; the site removes only what the sites added, repairs only what they "
            "broke, never changes an author's words, and records every change in a cleaning report. Each text exists "
            "in Simplified and in Traditional characters; the one in its own script is the original.</p>\n"
            f"<p>The editors add {counts.notes} notes (dating clues, sources of quotations, errors marked [sic], "
            f"translations of sayings), a glossary of {counts.terms} terms with English renderings and an "
            f"{link('glossary/english.md', 'English–Chinese index')}, and the passages the texts share. What they infer about "
            "a text — its date, place, author and genre — is marked as an inference, with the notes that argue it. "
            f"Start with the {link('fanli.md', 'editorial conventions')} (in Chinese), the "
            f"{link('glossary/index.md', 'glossary')}, or a text below; everything can be "
            f"{link('exports/index.md', 'downloaded')} (texts, glossary as CSV and TBX, notes as JSON), "
            f"under the {link(LICENSE_PAGE, 'licences')} stated on every page.</p>\n"
            f"<ul>{''.join(items)}</ul>\n</div>\n")


TEMPLATES = Path(__file__).parent / "templates"


def render_fanli(ed: Edition, counts: Counter[str]) -> str:
    """The editorial conventions (凡例): the template, with the rules and how often each was used."""
    template = (TEMPLATES / "fanli.md").read_text(encoding="utf-8")
    body = template.replace("{{ rule_table }}", rule_table(ed, counts))
    page = f'---\ntitle: "凡例"\nedition: "{ed.script}"\n---\n\n' + body
    page = ed.ui_forms(page)
    # after the conversion: the examples are in the edition's script already, and their anchors are the same in both
    return page.replace("{{ citation_examples }}", citation_examples(ed.script))


def render_license(ed: Edition) -> str:
    """The licences: of the code, of the editors' content, of the source texts (the template, in
    the edition's script)."""
    template = (TEMPLATES / "license.md").read_text(encoding="utf-8")
    page = f'---\ntitle: "许可"\nedition: "{ed.script}"\n---\n\n' + template
    return ed.ui(page) if ed.script != HANS else page


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


EXPORTS = "exports/index.md"
ARCHIVE = "exports/township-reader-corpus.zip"  # written by the publish stage (publish/archive.py), Simplified edition's folder
GLOSSARY_CSV = "exports/glossary.csv"
GLOSSARY_TBX = "exports/glossary.tbx"
NOTES_JSON = "exports/notes.json"
ARCHIVE_SIZE_MARK = "data-tr-archive-size"  # the publish stage writes the archive's size into this element


def download_name(text_id: str, what: str, script: str | None, ext: str) -> str:
    """The name a downloaded file is saved under: distinct for every file of the site (an export of
    a text and its cleaning report, the Simplified and the Traditional export, never share one).

    >>> download_name("zhenzhang", "text", "zh-Hant", "json"), download_name("zhenzhang", "cleaning-report", None, "json")
    ('zhenzhang.text.zh-Hant.json', 'zhenzhang.cleaning-report.json')
    """
    return ".".join(part for part in (text_id, what, script, ext) if part)


# ---------------------------------------------------------------------------
# The downloads page. A new format is one line here: every text's formats (in each edition) in
# TEXT_FORMATS, a file of the whole corpus in CORPUS_FILES (under a section of DOWNLOAD_SECTIONS).
# The page lists it with its size and a download name of its own; the file itself is made by
# the pipeline (pipeline.edition_files / corpus_files), and the corpus archive takes it in if
# render/exports.archive_members names its folder.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TextFormat:
    """A format each text is exported in, in each edition: ``path`` in an edition's folder, with
    ``{id}`` for the text's id; ``what`` and ``ext`` make its download name (download_name)."""

    label: str  # as the page shows it, in Simplified (the Traditional edition converts it)
    path: str
    what: str
    ext: str
    about: str = ""  # what it is, one line in Simplified, for the page's list of formats
    spec: str = ""  # where its format is documented: a page of the site (its schema) or of a publisher


TEXT_FORMATS: tuple[TextFormat, ...] = (
    TextFormat("JSON", "exports/{id}.json", "text", "json",
               "结构化的文本：每个标题和段落带网页上的锚点，以及术语、平行文句、注释、编者的推断和许可。",
               "schemas/text.schema.json"),
    TextFormat("纯文本", "exports/{id}.txt", "text", "txt", "只有文字，每块之间空一行，末尾写明出处和许可。"),
    TextFormat("TEI", "exports/{id}.tei.xml", "tei", "xml",
               "TEI P5 XML（符合 tei_all）：清理记录标在改动发生的地方，附来源、编辑说明和改动记录；TEI Publisher 等工具可读。",
               "https://tei-c.org/guidelines/p5/"),
    TextFormat("Web Annotation", "exports/{id}.annotations.jsonld", "annotations", "jsonld",
               "编者注释，W3C Web Annotation（JSON-LD），选择器指向简繁两版网页上所注的文字；Hypothesis 等注释工具可读。",
               "schemas/web-annotation.schema.json"),
)


@dataclass(frozen=True)
class CorpusFile:
    """A download of the whole corpus: ``path`` in the Simplified edition's folder (with
    ``per_edition``, one file in each edition's folder, listed side by side)."""

    section: str  # a key of DOWNLOAD_SECTIONS
    label: str
    path: str
    name: str  # its download name (with per_edition: {script} for zh-Hans or zh-Hant)
    about: str  # what it holds, in Simplified
    per_edition: bool = False


DOWNLOAD_SECTIONS = {"glossary": "术语表", "notes": "注释"}  # anchor -> heading, in page order

CORPUS_FILES: tuple[CorpusFile, ...] = (
    CorpusFile("glossary", "CSV", GLOSSARY_CSV, "township-reader-glossary.csv",
               "UTF-8，一个词条一行，简体、繁体、拼音、英文、类别、释义、出处，表格软件可直接打开。"),
    CorpusFile("glossary", "TBX", GLOSSARY_TBX, "township-reader-glossary.tbx",
               "TBX-Basic（ISO 30042:2019），翻译软件（术语库）可以导入；每个词条一个概念，"
               "简体、繁体和英文各为一种语言，附拼音、释义和出处。"),
    CorpusFile("notes", "JSON", NOTES_JSON, "township-reader-notes.{script}.json",
               "全部注释，按文本，每条有所注的原文、所在段落的锚点、类型、注文和出处。", per_edition=True),
    CorpusFile("notes", "Web Annotation", "exports/annotations.jsonld", "township-reader-annotations.{script}.jsonld",
               "全部注释，W3C Web Annotation（JSON-LD），一个注释集；每篇文本的注释集在上面各篇文本下。", per_edition=True),
)


def render_exports_index(conversions: list[Conversion], ed: Edition, sizes: dict[str, int] | None = None) -> str:
    """The downloads: the whole corpus in one archive; each text in both editions (TEXT_FORMATS)
    with its cleaning report; the corpus's files (CORPUS_FILES). Every file with its size
    (``sizes``: docs path -> bytes, both editions) and a name of its own."""
    ui = ed.ui
    sizes = sizes or {}
    page = EXPORTS
    up = "../" if not ed.prefix else "../../"  # from this page to the site's root (the Simplified edition's)
    root = lambda path: up + path  # noqa: E731  a file of the root (Simplified) folder, from either edition

    def link(path: str, label: str, name: str) -> str:
        size = sizes.get(path)
        return (f'<a href="{html_text(root(path))}" download="{html_text(name)}">{html_text(ui(label))}</a>'
                + (f' <span class="tr-size">{fmt_size(size)}</span>' if size is not None else ""))

    lines = [front_matter({"title": ui("下载"), "edition": ed.script}), f"# {ui('下载')}\n",
             ui("本站的全部内容都可以下载：每篇文本的简体版和繁体版（JSON、纯文本、TEI、Web Annotation）、清理报告、术语表和注释，"
                "或者整个语料的一个压缩包。JSON 中每一段的 id 就是网页上该段的锚点；格式说明见")
             + f"[{ui('凡例')}]({rel(page, 'fanli.md#exports')})" + ui("，许可见")
             + f"[{ui('许可')}]({rel(page, LICENSE_PAGE)})" + ui("。") + "\n",
             '<p lang="en" class="tr-en">Everything on this site can be downloaded: each text in Simplified and in '
             "Traditional characters (JSON, plain text, TEI P5 XML, and its notes as W3C Web Annotations), its cleaning report, the glossary (CSV and TBX, the "
             "term-base exchange format translation tools read) and the notes (JSON), or the whole corpus in one "
             "archive.</p>\n",
             f"## {ui('整个语料')} {{: #corpus }}\n",
             f'<p class="tr-download-main"><a href="{html_text(root(ARCHIVE))}" download="township-reader-corpus.zip">'
             f'township-reader-corpus.zip</a> <span class="tr-size" {ARCHIVE_SIZE_MARK}></span></p>\n',
             ui("一个 ZIP 文件：全部文本的简体版和繁体版（JSON、纯文本、TEI、Web Annotation）、清理报告和转换记录（JSON）、"
                "术语表（CSV、TBX）、注释（JSON 和 Web Annotation，两种字体）、许可证和说明（README.txt）。同一次构建的压缩包逐字节相同。") + "\n",
             f"## {ui('文本')} {{: #texts }}\n",
             ui("每篇文本都有以下格式，简体版和繁体版各一份：") + "\n",
             '<ul class="tr-downloads-plain tr-formats">'
             + "".join(f"<li><strong>{html_text(ui(f.label))}</strong>：{html_text(ui(f.about))}"
                       + (f'（<a href="{html_text(f.spec if "://" in f.spec else html_href(rel(page, f.spec)))}">'
                          f'{html_text(ui("格式说明"))}</a>）' if f.spec else "") + "</li>"
                       for f in TEXT_FORMATS) + "</ul>\n",
             '<ul class="tr-downloads">']
    for conv in conversions:
        for text in conv.texts:
            parts = []
            for edition in (HANS_EDITION, HANT_EDITION):
                name = ui(SCRIPT_NAMES[edition.script])
                original = ui("（原文）") if edition.script == text.original_script else ""
                parts.append(f"{html_text(name)}{html_text(original)}：" + " · ".join(
                    link(edition.prefix + f.path.format(id=text.id), f.label,
                         download_name(text.id, f.what, edition.script, f.ext)) for f in TEXT_FORMATS))
            parts.append(html_text(ui("清理报告")) + "："
                         + link(f"reports/{conv.report_id}.json", "JSON", download_name(conv.report_id, "cleaning-report", None, "json"))
                         + " · " + html_text(ui("转换记录")) + "："
                         + link(f"reports/conversion/{text.id}.json", "JSON", download_name(text.id, "conversion-record", None, "json")))
            title = html_text(text.short(ed.script))
            href = html_text(html_href(rel(page, text_path(text.id))))
            lines.append(f'<li><p class="tr-downloads__title"><a href="{href}">{title}</a></p><ul>'
                         + "".join(f"<li>{p}</li>" for p in parts) + "</ul></li>")
    lines.append("</ul>\n")
    for section, heading in DOWNLOAD_SECTIONS.items():
        files = [f for f in CORPUS_FILES if f.section == section]
        if not files:
            continue
        lines += [f"## {ui(heading)} {{: #{section} }}\n", '<ul class="tr-downloads-plain">']
        for f in files:
            if f.per_edition:
                shown = " · ".join(f"{html_text(ui(SCRIPT_NAMES[e.script]))}："
                                   + link(e.prefix + f.path, f.label, f.name.format(script=e.script))
                                   for e in (HANS_EDITION, HANT_EDITION))
            else:
                shown = link(f.path, f.label, f.name)
            lines.append(f"<li>{shown}{html_text(ui('：' + f.about))}</li>")
        lines.append("</ul>\n")
    return "\n".join(lines) + "\n"


# Material writes the whole navigation into every page: listing every text would make each page,
# and the build, grow with the corpus. Above this many texts the nav links the home page's table.
NAV_TEXT_LIMIT = 60


def nav(conversions: list[Conversion], ed: Edition, extra: Iterable[tuple[str, Any]] = ()) -> list[Any]:
    """The site navigation, as MkDocs ``nav`` data: texts and cleaning reports by their short titles
    (the footer's "previous" and "next" show these too). Titles are HTML to MkDocs and Material
    (they are written into every page as they are): those from the seeds are escaped."""
    ui = ed.ui
    tail = [{ui("凡例"): "fanli.md"}]
    if sum(len(c.texts) for c in conversions) > NAV_TEXT_LIMIT:
        return [{ui("首页与文本目录"): "index.md"}, *[{ui(k): v} for k, v in extra], *tail,
                {ui("清理报告"): "reports/index.md"}, {ui("下载"): EXPORTS}, {ui("许可"): LICENSE_PAGE}]
    texts: list[Any] = []
    for conv in conversions:
        if conv.compilation:
            comp = conv.compilation
            # the footer's "previous"/"next" show this name alone: it says whose contents they are
            items: list[Any] = [{html_text(comp.short(ed.script)) + ui("：目录"): text_path(comp.id)}]
            items += [{html_text(t.short(ed.script)): text_path(t.id)} for t in conv.texts]
            texts.append({html_text(comp.short(ed.script)) + ui(f"（{len(conv.texts)} 篇）"): items})
        else:
            texts.append({html_text(conv.texts[0].short(ed.script)): text_path(conv.texts[0].id)})
    reports = ["reports/index.md"] + [{html_text(_report_name(conv, ed)): f"reports/{conv.report_id}.md"}
                                      for conv in conversions]
    return [{ui("首页"): "index.md"}, {ui("文本"): texts}, *[{ui(k): v} for k, v in extra], *tail,
            {ui("清理报告"): reports}, {ui("下载"): EXPORTS}, {ui("许可"): LICENSE_PAGE}]


def _report_name(conv: Conversion, ed: Edition) -> str:
    """A cleaning report's name for readers: the short title of what its raw text holds."""
    return (conv.compilation or conv.texts[0]).short(ed.script)
