"""Stage 4 — render the structured documents as the Markdown pages MkDocs publishes.

Every page is produced for one edition (:class:`Edition`): the Simplified one at the
top of ``docs/`` and the Traditional one under ``docs/hant/``.  Interface words are
written once, in Simplified, and converted for the Traditional edition; the texts'
words come from the model, so the speech appears there in its own characters.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .chinese import HANS, HANT
from .markdown import Span, attr_list, escape_markdown, html_text, render_inline
from .pipeline import Compilation, Conversion
from .rules import INVISIBLE_CHARACTER, RULES
from .script_conversion import to_traditional
from .structure import GAP_REASONS, Block, Text

SCRIPT_NAMES = {HANS: "简体", HANT: "繁体"}
STAGE_NAMES = {"boilerplate": "删除网站附加内容", "repair": "修复网站造成的损坏", "structure": "恢复结构"}
GAP_NAMES = {"truncated": "下文缺", "preview-skip": "中间缺", "declared": "缺文"}
SITE_UNKNOWN = "未署名网站"


@dataclass(frozen=True)
class Edition:
    """One edition of the site: its script and where its pages live under ``docs/``."""

    script: str
    prefix: str  # "" or "hant/"

    def ui(self, text: str) -> str:
        """Interface words, written in Simplified, in this edition's script."""
        return to_traditional(text) if self.script == HANT else text

    @property
    def lang(self) -> str:
        return self.script


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
class Enrichment:
    """What the enrich stage adds to a text, per script: inline spans and page sections."""

    spans: dict[str, list[Span]] = field(default_factory=dict)  # by block id
    wrappers: dict[str, Callable[[Span, str], str]] = field(default_factory=dict)
    after_block: dict[str, str] = field(default_factory=dict)  # block id -> Markdown after it (parallels)
    after_text: str = ""  # e.g. the list of notes
    export: dict[str, Any] = field(default_factory=dict)


def source_line(text: Text, ed: Edition) -> str:
    src = text.source
    parts = [ed.ui(src.site or SITE_UNKNOWN)]
    if "site_id" in src.extra:
        parts.append(ed.ui(f"文档 ID {src.extra['site_id']}"))
    if "size" in src.extra:
        parts.append(src.extra["size"])
    if src.date:
        parts.append(ed.ui(f"上传于 {src.date}"))
    return " · ".join(parts)


def meta_block(text: Text, ed: Edition, page: str, report_id: str, gaps: int) -> str:
    """The metadata box each text page opens with."""
    ui = ed.ui
    rows = [(ui("来源"), source_line(text, ed))]
    if text.part_of:
        comp = text.part_of
        link = rel(page, text_path(comp.id))
        rows.append((ui("收录于"), f"[{escape_markdown(comp.title[ed.script], False)}]({link})"
                     + ui(f"（第 {comp.number} 篇，共 {comp.count} 篇）")))
    script_note = ui(f"原文为{SCRIPT_NAMES[text.original_script]}字")
    length = ui(f"{fmt_int(text.char_count(ed.script))} 字")
    extra = ui(f" · 缺文 {gaps} 处，以 〔……〕 标出") if gaps else ""
    rows.append((ui("原文"), f"{script_note} · {length}{extra}"))
    if text.conversion is not None:
        rows.append((ui("转换"), conversion_note(text, ed, page)))
    if text.keywords[ed.script]:
        rows.append((ui("关键词"), "、".join(escape_markdown(k, False) for k in text.keywords[ed.script])))
    downloads = " · ".join([
        f"[JSON]({rel(page, f'exports/{text.id}.json')})",
        f"[{ui('纯文本')}]({rel(page, f'exports/{text.id}.txt')})",
        f"[{ui('清理报告')}]({rel(page, f'reports/{report_id}.md')})",
        f"{ui('原始文件')} {code(text.source.file)}",
    ])
    rows.append((ui("下载"), downloads))
    lines = ['<dl class="tr-meta" markdown="1" data-pagefind-ignore="index">']
    for label, value in rows:
        lines.append(f"<dt>{html_text(label)}</dt>")
        lines.append(f'<dd markdown="span">{value}</dd>')
    lines.append("</dl>")
    return "\n".join(lines) + "\n"


def render_block(block: Block, ed: Edition, enrichment: Enrichment) -> str:
    text = block.text[ed.script]
    if block.type == "heading":
        return f"{'#' * (block.level or 2)} {escape_markdown(text, False)} {attr_list(block.id)}\n"
    if block.type == "gap":
        why = ed.ui(GAP_REASONS.get(block.gap or "", GAP_REASONS["declared"]))
        return (f'<span class="tr-gap__mark" aria-hidden="true">{text}</span> '
                f'<span class="tr-gap__why">{html_text(why)}</span>\n{attr_list(block.id, ["tr-gap"])}\n')
    spans = enrichment.spans.get(block.id, []) if block.type == "paragraph" else []
    body = render_inline(text, spans, enrichment.wrappers) if spans else escape_markdown(text)
    classes = ["tr-doc-title"] if block.type == "title" else []
    return f"{body}\n{attr_list(block.id, classes)}\n"


def render_text_page(text: Text, ed: Edition, report_id: str, enrichment: Enrichment | None = None) -> str:
    enrichment = enrichment or Enrichment()
    return join_text_page(text_page_pieces(text, ed, report_id, enrichment), enrichment.after_block)


# A text page before the parallel passages are known: its opening, then (block id, Markdown) for
# each block, then what follows the last block. join_text_page puts the asides after their blocks.
TextPagePieces = tuple[str, list[tuple[str, str]], str]


def text_page_pieces(text: Text, ed: Edition, report_id: str, enrichment: Enrichment) -> TextPagePieces:
    """Everything of a text page but the asides after its blocks (``enrichment.after_block``)."""
    page = text_path(text.id)
    gaps = sum(b.type == "gap" for b in text.blocks)
    fm = {
        "title": text.title[ed.script],
        "text_id": text.id,
        "edition": ed.script,
        "original_script": text.original_script,
        "site": text.source.site,
        "date": text.source.date,
        "source_file": text.source.file,
        "keywords": text.keywords[ed.script],
    }
    opening = "\n".join([front_matter(fm), f"# {escape_markdown(text.title[ed.script], False)}\n",
                         meta_block(text, ed, page, report_id, gaps)])
    blocks = [(block.id, render_block(block, ed, enrichment)) for block in text.blocks]
    return opening, blocks, enrichment.after_text


def join_text_page(pieces: TextPagePieces, after_block: dict[str, str]) -> str:
    opening, blocks, closing = pieces
    parts = [opening]
    for block_id, markdown in blocks:
        parts.append(markdown)
        if block_id in after_block:
            parts.append(after_block[block_id])
    if closing:
        parts.append(closing)
    return "\n".join(parts)


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


def render_reports_index(conversions: list[Conversion], reports: dict[str, dict[str, Any]], ed: Edition) -> str:
    ui = ed.ui
    lines = [front_matter({"title": ui("清理报告"), "edition": ed.script}), f"# {ui('清理报告')}\n",
             ui("每个原始文件一份报告：逐条列出删除和修复（规则、位置、原文、替换），按规则计数，"
                "并核对汉字：原始文件的汉字 = 阅读文本的汉字 + 删除的汉字 − 插入的汉字。") + "\n",
             f"| {ui('原始文件')} | {ui('格式')} | {ui('改动')} | {ui('原文汉字')} | {ui('保留')} | {ui('删除')} | {ui('插入')} | {ui('核对')} |",
             "| --- | --- | --: | --: | --: | --: | --: | --- |"]
    for conv in conversions:
        data = reports[conv.report_id]
        han = data["han"]
        link = rel("reports/index.md", f"reports/{conv.report_id}.md")
        ok = ui("相符") if han["balanced"] else ui("不符")
        lines.append(f"| [{code(conv.raw.name)}]({link}) | `{data['format']}` | {fmt_int(sum(data['counts'].values()))} | "
                     f"{fmt_int(han['seed'])} | {fmt_int(han['kept'])} | {fmt_int(han['removed'])} | {fmt_int(han['inserted'])} | {ok} |")
    return "\n".join(lines) + "\n"


# Rules whose steps are single characters, listed compactly (line, then column:old→new).
GROUPED_RULES = {"normalize_ascii_punctuation", "repair_mojibake"}


_INVISIBLE = re.compile("[\ue000\n\t]")


def _visible(text: str) -> str:
    """Marks, line breaks and tabs shown as § ↵ ⇥ (a step's text in the report)."""
    if not _INVISIBLE.search(text):
        return text
    return text.replace("\ue000", "§").replace("\n", "↵").replace("\t", "⇥")


@functools.lru_cache(maxsize=1024)
def _mark_cell(text: str) -> str:
    """A one-character change as shown in the report (the same few marks, hundreds of times a text)."""
    return html_text(_visible(text))


def report_step_rows(data: dict[str, Any]) -> dict[str, str]:
    """The rows of each rule's table of steps: the seed's own text, the same in both editions."""
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for step in data["steps"]:
        by_rule.setdefault(step.rule, []).append(step)
    rows: dict[str, str] = {}
    for rule, steps in by_rule.items():
        lines = []
        if rule in GROUPED_RULES:  # many one-character changes: one row per line of the seed
            by_line: dict[int, list[str]] = {}
            for step in steps:
                by_line.setdefault(step.line, []).append(f"{step.column}:{_mark_cell(step.old)}→{_mark_cell(step.new)}")
            for line, changes in by_line.items():
                lines.append(f"<tr><td>{line}</td><td><code>{' '.join(changes)}</code></td></tr>")
        else:
            for step in steps:
                lines.append(f"<tr><td>{step.line}:{step.column}</td>"
                             f"<td><code>{html_text(_visible(step.old))}</code></td>"
                             f"<td><code>{html_text(_visible(step.new))}</code></td>"
                             f"<td>{html_text(step.note)}</td></tr>")
        rows[rule] = "\n".join(lines)
    return rows


def render_report_page(conv: Conversion, data: dict[str, Any], ed: Edition,
                       rows: dict[str, str] | None = None) -> str:
    """The cleaning report's page; ``rows`` is :func:`report_step_rows` of ``data``, if already made."""
    ui = ed.ui
    rows = rows if rows is not None else report_step_rows(data)
    page = f"reports/{conv.report_id}.md"
    han = data["han"]
    texts = "、".join(f"[{escape_markdown(t.title[ed.script], False)}]({rel(page, text_path(t.id))})" for t in conv.texts)
    lines = [front_matter({"title": ui("清理报告：") + conv.raw.name, "edition": ed.script}),
             f"# {ui('清理报告')}：{code(conv.raw.name)}\n",
             f"<dl class=\"tr-meta\" markdown=\"1\">\n<dt>{ui('文本')}</dt>\n<dd markdown=\"span\">{texts}</dd>\n"
             f"<dt>{ui('格式')}</dt>\n<dd markdown=\"span\">`{data['format']}`（{ui(conv.profile.site or SITE_UNKNOWN)}）</dd>\n"
             f"<dt>SHA-256</dt>\n<dd markdown=\"span\">`{data['seed']['sha256']}`</dd>\n"
             f"<dt>{ui('数据')}</dt>\n<dd markdown=\"span\">[JSON]({rel(page, f'reports/{conv.report_id}.json')})</dd>\n</dl>\n"]
    balance = ui("相符") if han["balanced"] else ui("不符：") + han["unaccounted"] + " / " + han["invented"]
    lines.append(f"## {ui('汉字核对')} {attr_list('han')}\n")
    lines.append(ui(f"原始文件有汉字 {fmt_int(han['seed'])} 个：阅读文本保留 {fmt_int(han['kept'])} 个，"
                    f"删除 {fmt_int(han['removed'])} 个，插入 {fmt_int(han['inserted'])} 个。")
                 + f"{fmt_int(han['kept'])} + {fmt_int(han['removed'])} − {fmt_int(han['inserted'])} = "
                 + f"{fmt_int(han['kept'] + han['removed'] - han['inserted'])}：**{balance}**。\n")
    if data["warnings"]:
        lines.append(f"## {ui('警告')} {attr_list('warnings')}\n")
        lines.extend(f"- {escape_markdown(w, False)}" for w in data["warnings"])
        lines.append("")
    if data["gaps"]:
        lines.append(f"## {ui('缺文')} {attr_list('gaps')}\n")
        for gap in data["gaps"]:
            link = rel(page, f"{text_path(gap['text'])}#{gap['block']}")
            lines.append(f"- [〔……〕 {gap['text']}#{gap['block']}]({link})：{ui(gap['description'])}")
        lines.append("")
    lines.append(f"## {ui('按规则计数')} {attr_list('counts')}\n")
    lines.append(f"| {ui('规则')} | {ui('阶段')} | {ui('次数')} |\n| --- | --- | --: |")
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for step in data["steps"]:
        by_rule.setdefault(step.rule, []).append(step)
    for rule, count in data["counts"].items():
        stage = RULES[rule].stage if rule in RULES else "correction"
        stage_name = ui(STAGE_NAMES.get(stage, "校正（见 seeds/corrections/）"))
        lines.append(f"| [`{rule}`](#{rule}) | {stage_name} | {fmt_int(count)} |")
    lines.append("")
    lines.append(f"## {ui('逐条记录')} {attr_list('steps')}\n")
    lines.append(ui("位置为原始文件中的行:列。↵ 表示换行，§ 表示本站插入的标记（缺文、篇的分界）。") + "\n")
    for rule, steps in by_rule.items():
        summary = RULES[rule].zh if rule in RULES else "按校正文件（seeds/corrections/）所作的修改，每条写明理由。"
        lines.append(f"### `{rule}`（{fmt_int(len(steps))}） {attr_list(rule)}\n")
        lines.append(escape_markdown(ui(summary), False) + "\n")
        lines.append('<table class="tr-steps">')
        if rule in GROUPED_RULES:
            lines.append(f"<thead><tr><th>{ui('行')}</th><th>{ui('列：原文→替换')}</th></tr></thead><tbody>")
        else:
            lines.append(f"<thead><tr><th>{ui('位置')}</th><th>{ui('删除或原文')}</th><th>{ui('替换为')}</th>"
                         f"<th>{ui('说明')}</th></tr></thead><tbody>")
        lines.append(rows[rule])
        lines.append("</tbody></table>\n")
    return "\n".join(lines) + "\n"


def conversion_path(text_id: str) -> str:
    return f"reports/conversion/{text_id}.md"


DIRECTIONS = {"s2tw": "简体 → 繁体（台湾标准）", "tw2s": "繁体（台湾标准）→ 简体",
              "hk2s": "繁体（香港标准）→ 简体", "t2s": "繁体（OpenCC 传统字形）→ 简体"}
RULE_NAMES = {"phrase": "词典中的词", "character": "字表（首选字形）", "adjustment": "本站对 OpenCC 词典的调整",
              "override": "编辑的逐处改定"}
CONVERSION_EXAMPLES = 3  # contexts shown per group on the page (the JSON has every one)


def conversion_note(text: Text, ed: Edition, page: str) -> str:
    """What the metadata box says of the other edition, with a link to the conversion record."""
    ui = ed.ui
    link = f"[{ui('转换记录')}]({rel(page, conversion_path(text.id))})"
    if text.original_script == HANS:
        made = ui("繁体版由 OpenCC 逐词转换（台湾标准）")
    else:
        standard = text.conversion.standard.standard if text.conversion and text.conversion.standard else "tw"
        name = {"tw": "台湾标准", "hk": "香港标准", "orthodox": "传统字形"}[standard]
        made = ui(f"原文用{name}繁体字；简体版由 OpenCC 逐词转换")
    return f"{made} · {link}"


def render_conversion_page(text: Text, ed: Edition) -> str:
    """A text's conversion record: how its other edition was made, and every choice among forms."""
    ui = ed.ui
    record = text.conversion
    assert record is not None
    page = conversion_path(text.id)
    title = text.title[ed.script]
    text_page = text_path(text.id)
    target = HANT if text.original_script == HANS else HANS
    lines = [front_matter({"title": ui("转换记录：") + title, "edition": ed.script}),
             f"# {ui('转换记录')}：{escape_markdown(title, False)}\n",
             ui(f"本文原文为{SCRIPT_NAMES[text.original_script]}字；{SCRIPT_NAMES[target]}版是转换本，不是原文。"
                "转换先用 rjieba（jieba 的词典）把文本切分成词，再用 OpenCC 逐词转换，使词典中的词组不会跨越词的边界"
                "（“带头|发扬”不会变成“帶頭髮揚”）。一个字有几种可能的写法时，下面逐一列出所选的字形和依据；"
                "说明见") + f"[{ui('凡例')}]({rel(page, 'fanli.md#conversion')})" + ui("。") + "\n",
             '<dl class="tr-meta" markdown="1">',
             f"<dt>{ui('文本')}</dt>\n<dd markdown=\"span\">[{escape_markdown(title, False)}]({rel(page, text_page)})</dd>",
             f"<dt>{ui('方向')}</dt>\n<dd>{html_text(ui(DIRECTIONS.get(record.config, record.config)))}</dd>",
             f"<dt>{ui('配置')}</dt>\n<dd markdown=\"span\">OpenCC `{record.config}` "
             + ui(f"（opencc-python-reimplemented）；分词词典另加术语表的 {fmt_int(record.segmenter_words)} 个词形") + "</dd>",
             f"<dt>{ui('数据')}</dt>\n<dd markdown=\"span\">[JSON]({text.id}.json)</dd>",
             "</dl>\n"]
    if record.standard:
        lines += _standard_section(record.standard, ed)
    choices = record.choices
    counts = record.counts()
    lines.append(f"## {ui('按字计数')} {attr_list('counts')}\n")
    if not choices:
        lines.append(ui("本文没有一个字需要在几种写法之间选择。") + "\n")
    else:
        lines.append(ui(f"需要选择字形的地方共 {fmt_int(len(choices))} 处，涉及 {fmt_int(len(counts))} 个字"
                        "（字 → 所选字形与次数；点字可看依据和例子）：") + "\n")
        items = []
        for char, forms in counts.items():
            chosen = "、".join(f"{html_text(form)} {fmt_int(n)}" for form, n in forms.items())
            items.append(f'<li><a href="#c-{ord(char):x}">{html_text(char)}</a> → {chosen}</li>')
        lines.append('<ul class="tr-conv-counts">' + "".join(items) + "</ul>\n")
    overrides = [c for c in choices if c["by"] == "override"]
    lines.append(f"## {ui('编辑的改定')} {attr_list('overrides')}\n")
    if overrides:
        lines.append(ui("编辑在 seeds/conversion/ 中逐处改定的字形：") + "\n")
        lines += [_choice_item(c, page, text.id, ed) for c in overrides]
    else:
        lines.append(ui("没有。编辑可在 seeds/conversion/ 中逐处改定转换结果（见 CONTRIBUTING.md）。"))
    lines.append("")
    crossing = [c for c in choices if c.get("crossing")]
    lines.append(f"## {ui('与整句转换不同之处')} {attr_list('crossing')}\n")
    if crossing:
        lines.append(ui("这些地方若不先分词，OpenCC 会用跨越词界的词组决定字形（括号中为该词组），结果与本站不同。"
                        "它们是复核的重点。") + "\n")
        lines += [_choice_item(c, page, text.id, ed, crossing=True) for c in crossing]
    else:
        lines.append(ui("没有。"))
    lines.append("")
    lines.append(f"## {ui('逐字记录')} {attr_list('choices')}\n")
    lines.append(ui("每个字按所选字形和依据分组，每组举例至多三处（JSON 中列出每一处）。") + "\n")
    by_char: dict[str, dict[tuple[str, str, str, str], list[dict[str, Any]]]] = {}
    for choice in choices:
        key = (choice["chosen"], choice["by"], choice["entry"], choice["source"])
        by_char.setdefault(choice["char"], {}).setdefault(key, []).append(choice)
    rows = []
    for char in counts:
        groups = sorted(by_char[char].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for number, ((chosen, by, entry, source), group) in enumerate(groups):
            head = f'<th id="c-{ord(char):x}" rowspan="{len(groups)}">{html_text(char)}</th>' if number == 0 else ""
            rule = f"{html_text(ui(RULE_NAMES.get(by, by)))}：{html_text(entry)}（{html_text(source)}）"
            examples = "<br>".join(_context_link(c, page, text.id) for c in group[:CONVERSION_EXAMPLES])
            rows.append(f"<tr>{head}<td>{html_text(chosen)}</td><td>{rule}</td>"
                        f'<td class="tr-num">{fmt_int(len(group))}</td><td>{examples}</td></tr>')
    if rows:
        lines.append(f'<table class="tr-conv-choices"><thead><tr><th>{ui("字")}</th><th>{ui("字形")}</th>'
                     f'<th>{ui("依据")}</th><th>{ui("次数")}</th><th>{ui("例")}</th></tr></thead><tbody>')
        lines += rows
        lines.append("</tbody></table>\n")
    return "\n".join(lines) + "\n"


def _standard_section(decision: Any, ed: Edition) -> list[str]:
    ui = ed.ui
    names = {"tw": "台湾标准", "hk": "香港标准", "orthodox": "OpenCC 传统字形"}
    data = decision.as_json()
    lines = [f"## {ui('原文的用字标准')} {attr_list('standard')}\n",
             ui(f"原文用的是{names[decision.standard]}的字形，所以简体版用 OpenCC 的 {decision.config} 转换。"
                "依据是只有某一标准才写的字形（左）与该标准会改掉的字形（右）：") + "\n",
             f"| {ui('标准')} | {ui('原文用了它的字形')} | {ui('原文用了它会改掉的字形')} | {ui('得分')} |",
             "| --- | --- | --- | --: |"]
    for standard in ("tw", "hk", "orthodox"):
        own = "、".join(f"{html_text(c)} {n}" for c, n in data["evidence"][standard].items()) or "—"
        against = "、".join(f"{html_text(c)} {n}" for c, n in data["against"][standard].items()) or "—"
        lines.append(f"| {ui(names[standard])} | {own} | {against} | {data['scores'][standard]} |")
    lines.append("")
    return lines


def _context_link(choice: dict[str, Any], page: str, text_id: str) -> str:
    """A choice in its context, linked to its paragraph: 带头<mark>发</mark>扬."""
    href = html_href(rel(page, f"{text_path(text_id)}#{choice['block']}"))
    return (f'<a href="{html_text(href)}">{html_text(choice["before"])}<mark>{html_text(choice["char"])}</mark>'
            f'{html_text(choice["after"])}</a>')


def _choice_item(choice: dict[str, Any], page: str, text_id: str, ed: Edition, crossing: bool = False) -> str:
    rule = f"{ed.ui(RULE_NAMES.get(choice['by'], choice['by']))}：{choice['entry']}（{choice['source']}）"
    extra = f"；{ed.ui('整句转换')}：{choice['crossing']}" if crossing else ""
    return (f"- {_context_link(choice, page, text_id)} → {html_text(choice['chosen'])}"
            f"（{html_text(rule)}{html_text(extra)}）")


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
