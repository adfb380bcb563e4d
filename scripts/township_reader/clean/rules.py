"""Stage 1 — the cleaning rules, in the order they run.

Every rule is a small function ``rule(text, ctx) -> list[Edit]`` registered with
:func:`cleaning_rule`.  It proposes edits; :func:`clean` performs them on a
:class:`~township_reader.clean.trace.Trace`, which records each one.  A rule's docstring says
why it exists and shows a Chinese before/after example that runs as a doctest
(``demo(rule, before, format)`` returns the text after that rule alone).

Site-specific knowledge — what each site adds — is data, in ``formats/*.yml``; a rule
reads its patterns with ``ctx.profile.patterns_for(<rule name>)``.  The rules never
change the author's words: they remove what a site added, rejoin what a site broke,
repair encoding damage, and mark what is missing.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from township_reader.clean.formats import Profile
from township_reader.clean.trace import Edit, Trace
from township_reader.datafile import DataError
from township_reader.vocabulary import (
    ARTICLE,
    GAP,
    HAN,
    HEADING_L1,
    HEADING_L2,
    HEADING_L3,
    SENTENCE_END,
    SENTINEL,
    sentinel_line,
)

# A line that starts a new unit and must never be glued to the line before it.
BLOCK_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、]|第[一二三四五六七八九十]+[篇章节条,，、])")


@dataclass
class RuleContext:
    """What a rule may know besides the text: the site format, the raw seed, metadata so far."""

    profile: Profile
    seed: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


RuleFunc = Callable[[str, RuleContext], list[Edit]]


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str  # "boilerplate", "repair" or "structure"
    func: RuleFunc
    zh: str  # what the rule does, for readers (凡例 and the cleaning reports)

    @property
    def summary(self) -> str:
        return (self.func.__doc__ or "").strip().splitlines()[0]

    @property
    def example(self) -> tuple[str, str] | None:
        """The docstring's first before/after example, as (before, after) text."""
        match = re.search(r">>> demo\(\w+, (\"(?:[^\"\\]|\\.)*\")[^\n]*\)\n\s+('(?:[^'\\]|\\.)*')", self.func.__doc__ or "")
        if not match:
            return None
        return ast.literal_eval(match.group(1)), ast.literal_eval(match.group(2))


_DESCRIBED: dict[str, Rule] = {}  # every rule's description, by name; RULES (at the end) orders them


def cleaning_rule(stage: str, zh: str) -> Callable[[RuleFunc], RuleFunc]:
    """Describe a rule: its stage and, in one Chinese sentence for the site's readers (``zh``),
    what it does. The order rules run in is :data:`RULES`, at the end of this module.
    """

    def describe(func: RuleFunc) -> RuleFunc:
        _DESCRIBED[func.__name__] = Rule(func.__name__, stage, func, zh)
        return func

    return describe


def demo(func: RuleFunc, text: str, profile_id: str = "generic", seed: str | None = None, **meta: Any) -> str:
    """Run one rule on ``text`` (for examples and tests) and return the result.

    ``seed`` stands for the whole raw text when a rule looks at it (default: ``text``);
    keyword arguments are metadata earlier rules would have found (``title=…``).
    """
    from township_reader.clean.formats import profile_by_id

    trace = Trace(text)
    ctx = RuleContext(profile_by_id(profile_id), seed=text if seed is None else seed, meta=dict(meta))
    trace.apply(func.__name__, func(text, ctx))
    return trace.text


def pattern_edits(text: str, patterns: Iterable[re.Pattern[str]], note: str = "") -> list[Edit]:
    """Remove every match of every pattern; named groups become metadata."""
    spans: list[Edit] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            meta = {k: v.strip() for k, v in m.groupdict().items() if v is not None and v.strip()}
            spans.append(Edit(m.start(), m.end(), "", meta=meta, note=note))
    return _drop_overlaps(spans)


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if kept and edit.start < kept[-1].end:
            continue
        kept.append(edit)
    return kept


# ---------------------------------------------------------------------------
# Boilerplate: what the sites added around the text
# ---------------------------------------------------------------------------

# Characters that show nothing but change what a reader sees or copies: zero-width characters
# (U+200B–U+200D, U+2060, U+FEFF inside a text; sites use them to fingerprint copied text) and
# bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which can show
# characters in an order other than the one they are stored in. Chinese prose needs none of them.
INVISIBLE_CHARACTER = re.compile("[\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]")


@cleaning_rule("boilerplate", zh="删去看不见的格式字符（零宽字符、双向文本控制符），逐个记入报告。")
def remove_invisible_characters(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove zero-width and bidirectional-control characters, each recorded with its position.

    They run first, so that no site pattern is defeated by a zero-width space inside it.

    >>> demo(remove_invisible_characters, "乡镇\\u200b干部\\u202e要\\u202c做好")
    '乡镇干部要做好'
    """
    return [Edit(m.start(), m.end(), "", note=f"U+{ord(m.group()):04X}") for m in INVISIBLE_CHARACTER.finditer(text)]


@cleaning_rule("boilerplate", zh="删去网站的页眉；页面标题保留为本文标题。")
def strip_site_header(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the site's page header; keep the page title as the text's title.

    A 天天文库 preview starts with its title twice; the title moves to metadata.

    >>> demo(strip_site_header, "浅谈如何当好镇长\\n\\n浅谈如何当好镇长\\nID:41500670\\n", "tiantian-preview")
    'ID:41500670\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_site_header"), "page header; title kept as metadata")


@cleaning_rule("boilerplate", zh="删去网站的文件信息行（ID、大小、页数、时间），其值保留为元数据。")
def strip_file_metadata(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the site's file-metadata lines (ID, 大小, 页数, 时间); keep their values as metadata.

    >>> demo(strip_file_metadata, "ID:41500670\\n\\n大小:38.01 KB\\n\\n页数:5页\\n\\n时间:2019-08-26\\n正文", "tiantian-preview")
    '\\n\\n\\n正文'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_file_metadata"), "file metadata; values kept")


@cleaning_rule("boilerplate", zh="删去标注预览页图的“…_第N页”行。")
def strip_page_markers(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the "…_第N页" lines that label a preview's page images.

    >>> demo(strip_page_markers, "浅谈如何当好镇长_第1页\\n浅谈如何当好镇长_第2页\\n资源描述:\\n", "tiantian-preview")
    '资源描述:\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_page_markers"))


@cleaning_rule("boilerplate", zh="删去预览器自己的提示，如“预览图正在加载中”。")
def strip_preview_notices(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the preview viewer's own messages, such as its loading notice.

    >>> demo(strip_preview_notices, "预览图正在加载中,预计需要20秒,请耐心等待\\n资源描述:\\n", "tiantian-preview")
    '资源描述:\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_preview_notices"))


@cleaning_rule("boilerplate", zh="删去“资源描述”和“由会员上传分享”的说明。")
def strip_resource_description(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the 资源描述 blurb ("《…》由会员上传分享,免费在线阅读…").

    >>> demo(strip_resource_description, "资源描述:\\n\\n《浅谈如何当好镇长》由会员上传分享,免费在线阅读,更多相关内容在行业资料-天天文库\\n\\n1、正文", "tiantian-preview")
    '\\n1、正文'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_resource_description"))


@cleaning_rule("boilerplate", zh="删去下载提示。")
def strip_download_prompts(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove download prompts ("当前文档最多预览五页,下载文档查看全文", "点此处下载文档" …).

    >>> demo(strip_download_prompts, "入手,\\n当前文档最多预览五页,下载文档查看全文\\n此文档下载收益归作者所有\\n", "tiantian-preview")
    '入手,\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_download_prompts"))


@cleaning_rule("boilerplate", zh="删去“温馨提示”及其各条。")
def strip_tips(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the 温馨提示 block and its numbered items.

    >>> demo(strip_tips, "正文。\\n温馨提示:\\n1. 部分包含数学公式的文件,查看预览时可能会显示错乱。\\n2. 本文档由用户上传。", "tiantian-preview")
    '正文。\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_tips"))


@cleaning_rule("boilerplate", zh="删去网站的声明和免责声明。")
def strip_disclaimers(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the site's disclaimers (声明, 免责声明).

    >>> demo(strip_disclaimers, "正文。\\n  免责声明:本文仅限学习分享,如产生版权问题,请联系我们及时删除。\\n", "yiliu-fanwen")
    '正文。\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_disclaimers"))


@cleaning_rule("boilerplate", zh="删去关键词行和 TAG 行，关键词保留为元数据。")
def strip_keyword_lines(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove keyword and TAG lines; keep the keywords as metadata.

    >>> demo(strip_keyword_lines, "标题 本文关键词:工作经验,乡镇,典型\\n正文", "yiliu-fanwen")
    '正文'
    """
    edits = pattern_edits(text, ctx.profile.patterns_for("strip_keyword_lines"))
    return [_with_keyword_list(e) for e in edits]


def _with_keyword_list(edit: Edit) -> Edit:
    meta = dict(edit.meta)
    for key in ("keywords", "tags"):
        if key in meta:
            meta[key] = [k for k in re.split(r"[,，、\s]+", meta[key]) if k]
    return Edit(edit.start, edit.end, edit.new, meta, edit.note)


@cleaning_rule("boilerplate", zh="删去与正文开头重复的“本文简介”（先核对确实重复，否则保留并警告）。")
def strip_teaser(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the 本文简介 teaser, but only after checking that it repeats the text's opening.

    A teaser that does not repeat the opening is kept (and a warning says so): it may be
    text we would otherwise lose.

    >>> demo(strip_teaser, "标题 本文简介:标题**镇是全省经济十强镇,也是\\n\\n标题\\n\\n**镇是全省经济十强镇,也是县城关镇。", "yiliu-fanwen", title="标题")
    '\\n标题\\n\\n**镇是全省经济十强镇,也是县城关镇。'
    """
    edits = []
    title = ctx.meta.get("title", "")
    for edit in pattern_edits(text, ctx.profile.patterns_for("strip_teaser")):
        teaser = edit.meta.get("teaser", "")
        if title and teaser.startswith(title):
            teaser = teaser[len(title) :]
        rest = text[: edit.start] + text[edit.end :]
        probe = re.sub(r"\s", "", teaser)[:30]
        if probe and probe in re.sub(r"\s", "", rest):
            edits.append(Edit(edit.start, edit.end, "", {}, "teaser repeats the opening"))
        else:
            ctx.warnings.append(f"teaser does not repeat the text's opening, kept: {teaser[:30]}…")
    return edits


@cleaning_rule("boilerplate", zh="删去网站的来源行（“来源于xiexiebang.com”“来源:网络整理”）。")
def strip_source_credits(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the site's source credits ("《…》来源于xiexiebang.com…", "来源:网络整理").

    >>> demo(strip_source_credits, "正文。\\n《乡镇党委书记谈增强公仆意识》来源于xiexiebang.com,欢迎阅读乡镇党委书记谈增强公仆意识。\\n", "xiexiebang-compilation")
    '正文。\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_source_credits"))


@cleaning_rule("boilerplate", zh="删去“推荐访问”行，其中的标签保留为关键词。")
def strip_recommendations(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the 推荐访问 line; its tags become keywords (the title among them is dropped).

    >>> demo(strip_recommendations, "共同奋斗!\\n推薦訪問:鎮長 會上 黨委書記 在鄉鎮黨委書記、鎮長座談會上講話", "xiaobian-fanwen", title="在鄉鎮黨委書記、鎮長座談會上講話")
    '共同奋斗!'
    """
    title = ctx.meta.get("title", "")
    edits = []
    for edit in pattern_edits(text, ctx.profile.patterns_for("strip_recommendations")):
        words = [w for w in edit.meta.get("keywords", "").split() if w and w != title]
        edits.append(Edit(edit.start, edit.end, "", {"keywords": words} if words else {}, edit.note))
    return edits


@cleaning_rule("boilerplate", zh="删去“相关范文推荐”里其他文章的摘要，直到页尾。")
def strip_related_teasers(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the 相关范文推荐 list of teasers for unrelated articles, to the end of the page.

    >>> demo(strip_related_teasers, "正文。\\n相关范文推荐\\n\\n    增强学习意识 提高素质能力\\n\\n    ①学习影响着……", "xiexiebang-compilation")
    '正文。\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_related_teasers"))


@cleaning_rule("boilerplate", zh="删去混进文本的网页代码碎片（“ArtCutPage“>”）。")
def strip_html_debris(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove fragments of the site's HTML that leaked into the text ("ArtCutPage“>").

    >>> demo(strip_html_debris, "恶性事件。\\n\\nArtCutPage“>\\n\\n", "yiliu-fanwen")
    '恶性事件。\\n\\n\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_html_debris"))


@cleaning_rule("boilerplate", zh="删去网站加在标题或正文前的标签（“文章标题:”“本文内容:”）。")
def strip_title_labels(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove labels the site puts before a title or the text ("文章标题:", "… 本文内容:").

    >>> demo(strip_title_labels, "文章标题:乡镇党委书记谈增强公仆意识\\n", "xiexiebang-compilation")
    '乡镇党委书记谈增强公仆意识\\n'
    """
    return pattern_edits(text, ctx.profile.patterns_for("strip_title_labels"))


@cleaning_rule("boilerplate", zh="把合集的“第N篇:标题”行变为分篇的界线，标题作为该篇的标题。")
def mark_article_boundaries(text: str, ctx: RuleContext) -> list[Edit]:
    """Turn a compilation's "第N篇:<title>" lines into article boundaries; titles go to metadata.

    >>> demo(mark_article_boundaries, "第二篇:乡镇党委书记谈增强公仆意识\\n", "xiexiebang-compilation")
    '\\ue000article:2\\n'
    """
    edits = []
    for edit in pattern_edits(text, ctx.profile.patterns_for("mark_article_boundaries")):
        number = chinese_numeral(edit.meta["number"])
        article = {"number": number, "title": edit.meta["title"]}
        edits.append(
            Edit(edit.start, edit.end, sentinel_line(ARTICLE, str(number)) + "\n", {"articles": [article]},
                 "article boundary; title kept as the article's title")
        )
    return edits


def chinese_numeral(numeral: str) -> int:
    """Value of a small Chinese numeral (up to 99).

    >>> [chinese_numeral(n) for n in ("一", "十", "十二", "二十", "九十九")]
    [1, 10, 12, 20, 99]
    """
    digits = "一二三四五六七八九"
    if "十" not in numeral:
        return digits.index(numeral) + 1
    tens, _, ones = numeral.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


@cleaning_rule("boilerplate", zh="删去正文第一行重复的标题。")
def strip_repeated_titles(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove the title line that repeats, as the first line of the text, the title already taken.

    >>> demo(strip_repeated_titles, "\\n乡镇做好群众工作经验典型材料\\n\\n**镇是全省经济十强镇。", title="乡镇做好群众工作经验典型材料")
    '\\n\\n**镇是全省经济十强镇。'
    """
    titles = {0: ctx.meta.get("title", "")}
    for article in ctx.meta.get("articles", []):
        titles[article["number"]] = article["title"]
    edits = []
    current, expecting = 0, True
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith(SENTINEL + ARTICLE + ":"):
            current, expecting = int(stripped.split(":", 1)[1]), True
        elif stripped and expecting:
            if stripped == titles.get(current):
                edits.append(Edit(pos, pos + len(line), "", {}, "repeats the title"))
            expecting = False
        pos += len(line)
    return edits


# ---------------------------------------------------------------------------
# Repairs: what the sites broke inside the text
# ---------------------------------------------------------------------------


@cleaning_rule("repair", zh="接回文库预览切开的编号小块（“1、”“2、”……），它们常把一个词切成两半。")
def join_preview_chunks(text: str, ctx: RuleContext) -> list[Edit]:
    """Rejoin a preview's numbered chunks ("1、" … "8、"), which cut words in half.

    The chunk numbers must run 1, 2, 3 … at line starts; a "2、" that breaks the run is text.

    >>> demo(join_preview_chunks, "1、务实为\\n\\n2、民、均衡发展", "tiantian-preview")
    '务实为民、均衡发展'
    """
    markers = [m for p in ctx.profile.patterns_for("join_preview_chunks") for m in p.finditer(text)]
    markers.sort(key=lambda m: m.start())
    chunk_markers = []
    for m in markers:
        if int(m.group("number")) == len(chunk_markers) + 1:
            chunk_markers.append(m)
    if len(chunk_markers) < 2:
        return []
    edits = []
    for i, m in enumerate(chunk_markers):
        start = m.start()
        if i:  # swallow the line break(s) before the chunk: the words run on
            while start > 0 and text[start - 1] in "\n \t":
                start -= 1
        edits.append(Edit(start, m.end(), "", {}, f"preview chunk {i + 1}"))
    return edits


@cleaning_rule("repair", zh="删去预览留在句子中间的页码（“创造力。5每个人”“无-5-关”）；数字后跟量词的是数量，保留。")
def remove_stray_page_numbers(text: str, ctx: RuleContext) -> list[Edit]:
    """Remove page numbers that a preview left inside sentences ("创造力。5每个人", "无-5-关").

    A number followed by a unit (个, 年, 月, 倍 …, listed per site in ``units``) is a
    quantity, not a page number, and stays.

    >>> demo(remove_stray_page_numbers, "创造力。5每个人都有;与党政办无-5-关。10月25日", "tiantian-preview")
    '创造力。每个人都有;与党政办无关。10月25日'
    """
    edits = []
    for pattern in ctx.profile.patterns_for("remove_stray_page_numbers"):
        for m in pattern.finditer(text):
            following = text[m.end() : m.end() + 1]
            if following and following in ctx.profile.units:
                continue
            edits.append(Edit(m.start(), m.end(), "", {}, "stray page number"))
    return _drop_overlaps(edits)


@cleaning_rule("repair", zh="在预览跳过若干页的地方放缺文标记〔……〕。")
def mark_preview_skips(text: str, ctx: RuleContext) -> list[Edit]:
    """Put a gap marker where a preview jumped over pages ("建设社会 增设了" — two unrelated ends).

    >>> demo(mark_preview_skips, "建设社会 增设了一名政法副书记", "tiantian-preview")
    '建设社会\\n\\ue000gap:preview-skip\\n增设了一名政法副书记'
    """
    return [
        Edit(m.start(), m.end(), "\n" + sentinel_line(GAP, "preview-skip") + "\n", {}, "the preview skipped pages here")
        for p in ctx.profile.patterns_for("mark_preview_skips")
        for m in p.finditer(text)
    ]


@cleaning_rule("repair", zh="在来源页面只显示了一部分的文本末尾放缺文标记〔……〕。")
def mark_truncated_end(text: str, ctx: RuleContext) -> list[Edit]:
    """Put a gap marker at the end of a text the page shows only in part.

    Either the page proves it (a pagination fragment), or it says the preview is limited
    and the text stops mid-sentence.

    >>> demo(mark_truncated_end, "从解决好饮水、上学、看病、就业、住房等现实问题入手,\\n", "tiantian-preview", seed="当前文档最多预览五页")
    '从解决好饮水、上学、看病、就业、住房等现实问题入手,\\n\\ue000gap:truncated\\n'
    """
    seed = ctx.seed
    body = text.rstrip()
    if not body or body.endswith(sentinel_line(GAP, "truncated")):
        return []
    proven = any(p.search(seed) for p in ctx.profile.truncation_signals)
    limited = any(p.search(seed) for p in ctx.profile.preview_limit_signals)
    open_end = body[-1] not in SENTENCE_END
    if not (proven or (limited and open_end)):
        return []
    why = "the page shows only the first part of the text" if proven else "the preview stops mid-sentence"
    end = len(body)
    return [Edit(end, len(text), "\n" + sentinel_line(GAP, "truncated") + "\n", {}, why)]


@cache
def mojibake_table() -> dict[str, tuple[str, str]]:
    """Mis-encoded characters and their repairs, from ``clean/mojibake.tsv``."""
    table: dict[str, tuple[str, str]] = {}
    path = resources.files("township_reader.clean") / "mojibake.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or len(parts[0]) != 1:
            raise ValueError(f"{path}:{number}: expected 'bad<TAB>good<TAB>why' with one bad character")
        table[parts[0]] = (parts[1], parts[2])
    return table


@cleaning_rule("repair", zh="修复编码损坏的字（“臵”→“置”）。")
def repair_mojibake(text: str, ctx: RuleContext) -> list[Edit]:
    """Repair characters that a site's encoding damaged (臵 for 置), from ``clean/mojibake.tsv``.

    >>> demo(repair_mojibake, "处于承上启下的重要位臵,机构设臵得到了规范")
    '处于承上启下的重要位置,机构设置得到了规范'
    """
    table = mojibake_table()
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in table) + "]")
    return [Edit(m.start(), m.end(), table[m.group()][0], {}, table[m.group()][1]) for m in pattern.finditer(text)]


@cleaning_rule("repair", zh="接回网站在每个分号后断开的段落。")
def join_semicolon_breaks(text: str, ctx: RuleContext) -> list[Edit]:
    """Rejoin paragraphs that a site broke after every semicolon.

    >>> demo(join_semicolon_breaks, "總結一下工作;\\n二是研。", "xiaobian-fanwen")
    '總結一下工作;二是研。'
    """
    return pattern_edits(text, ctx.profile.patterns_for("join_semicolon_breaks"), "line break after a semicolon")


# A line this long that stops without punctuation was cut, not ended: headings are short.
MIN_BROKEN_LINE = 40


@cleaning_rule("repair", zh="接回在词中间被硬换行切断的段落。")
def join_broken_lines(text: str, ctx: RuleContext) -> list[Edit]:
    """Rejoin a paragraph that a hard line break cut mid-word ("妥善处理好各" / "种利益关系").

    A line is joined to the next when it is long (a heading is short), ends on a character
    that cannot end a paragraph (a Han character, a comma, an opening bracket), and the next
    line does not start a new unit (一、, （一）, 1. …).

    >>> demo(join_broken_lines, "面对新形势、新的紧迫任务的要求,乡镇党委书记要充分发挥思想政治工作的优势,妥善处理好各\\n\\n种利益关系。")
    '面对新形势、新的紧迫任务的要求,乡镇党委书记要充分发挥思想政治工作的优势,妥善处理好各种利益关系。'
    """
    edits = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*[^\n \t][^\n]*", text)]
    paragraph = 0  # length of the paragraph as joined so far: joins chain in one pass
    for (start, end), (next_start, next_end) in itertools.pairwise(lines):
        line, following = text[start:end], text[next_start:next_end]
        paragraph += len(line.strip())
        if SENTINEL in line or SENTINEL in following or paragraph < MIN_BROKEN_LINE:
            paragraph = 0
            continue
        last = line.rstrip()[-1]
        if not re.match(f"[{HAN}A-Za-z0-9，,、“‘《（(]", last) or BLOCK_START.match(following.strip()):
            paragraph = 0
            continue
        join_from = start + len(line.rstrip())
        join_to = next_start + (len(following) - len(following.lstrip(" \t")))
        edits.append(Edit(join_from, join_to, "", {}, "hard line break inside a paragraph"))
    return edits


# ASCII punctuation and its full-width form in Chinese text.
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
ASCII_PUNCTUATION = re.compile(r"[,:;()?!]")
# A URL: its punctuation is not Chinese punctuation ("http://a.cn/x?y=1").
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
CJK_CONTEXT_CLASS = f"[{HAN}\u3000-\u303f\uff00-\uffef“”‘’—…]"
CJK_CONTEXT = re.compile(CJK_CONTEXT_CLASS)


@cleaning_rule("repair", zh="中文里的半角 , : ; ( ) ? ! 改为全角；数字、公式、字母、网址里的不动。")
def normalize_ascii_punctuation(text: str, ctx: RuleContext) -> list[Edit]:
    """Turn ASCII , : ; ( ) ? ! in Chinese text into their full-width forms.

    Punctuation next to a Chinese character is Chinese punctuation; between two digits
    (21:02, 1,000), between two Latin letters, or inside a URL it is left alone. Numbers
    (0.01, 1-10月) and formulas (4+4+2, “3+1”) have no such characters to change.

    >>> demo(normalize_ascii_punctuation, "关心干群,努力解决;(一)增强?增长**%,**市第*位,在s105线,0.01分之差,“3+1”,比重**:**:**")
    '关心干群，努力解决；（一）增强？增长**%，**市第*位，在s105线，0.01分之差，“3+1”，比重**:**:**'
    """
    # A mark made full-width is Chinese context for its neighbour ("第五);" → "第五）；"), so
    # decide again on the text as it would be, until nothing more changes.
    chosen: dict[int, str] = {}
    view = text
    while True:
        more = {i: mark for i, mark in _full_width_marks(view).items() if i not in chosen}
        if not more:
            break
        chosen.update(more)
        view = _with_marks(text, chosen)
        if not _next_to_changed(view, more):
            break  # no mark still ASCII has a changed neighbour: another pass would change nothing
    return [Edit(i, i + 1, mark) for i, mark in sorted(chosen.items())]


def _with_marks(text: str, marks: dict[int, str]) -> str:
    """``text`` with the character at each position in ``marks`` replaced by its mark."""
    pieces, last = [], 0
    for i in sorted(marks):
        pieces.append(text[last:i])
        pieces.append(marks[i])
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces)


def _next_to_changed(view: str, changed: dict[int, str]) -> bool:
    """Whether a mark still ASCII in ``view`` has one of the ``changed`` positions for a neighbour."""
    for m in ASCII_PUNCTUATION.finditer(view):
        i = m.start()
        if i - 1 in changed or i + 1 in changed:
            return True
        if m.group() in SEPARATORS and (_neighbour_at(view, i, -1) in changed or _neighbour_at(view, i, 1) in changed):
            return True
    return False


def _full_width_marks(text: str) -> dict[int, str]:
    """The ASCII marks of ``text`` that are Chinese punctuation, and their full-width forms.

    A mark next to a Chinese character is one (the digit and letter exceptions cannot hold
    there): those are found by one regex scan. Only a separator beside a placeholder or per
    cent sign needs looking past it, one by one (:func:`_is_chinese_mark`).
    """
    marks = {m.start(): FULL_WIDTH[m.group()] for m in _BESIDE_CJK.finditer(text)}
    for m in _BESIDE_NEUTRAL.finditer(text):
        i = m.start()
        if i not in marks and _is_chinese_mark(text, i):
            marks[i] = FULL_WIDTH[m.group()]
    protected = [(m.start(), m.end()) for m in URL.finditer(text)] if marks else []
    if protected:
        marks = {i: mark for i, mark in marks.items() if not any(a <= i < b for a, b in protected)}
    return marks


def _is_chinese_mark(text: str, i: int) -> bool:
    """Whether the ASCII mark at ``i`` is Chinese punctuation (URLs aside): not between two
    digits (21:02) or two Latin letters (GDP,WTO), and next to Chinese context — for a
    separator, past placeholders and per cent signs ("增长**%,**市")."""
    mark = text[i]
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isascii() and before.isdigit() and after.isascii() and after.isdigit():
        return False
    if before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
        return False
    if mark in SEPARATORS:
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
    return bool(CJK_CONTEXT.match(before or " ") or CJK_CONTEXT.match(after or " "))


# Separators whose context may be read past placeholder asterisks; not ":" (a ratio "**:**:**").
SEPARATORS = ",;?!"
NEUTRAL = "*%％"
# A mark beside Chinese context; for a separator that context is not ％ (itself neutral: looked past).
# Each alternative starts with the mark, so the scan looks only at marks.
_BESIDE_CJK = re.compile(f"[:()](?:(?<={CJK_CONTEXT_CLASS}.)|(?={CJK_CONTEXT_CLASS}))"
                         f"|[{SEPARATORS}](?:(?<={CJK_CONTEXT_CLASS}.)(?<!％.)|(?!％)(?={CJK_CONTEXT_CLASS}))", re.DOTALL)
_BESIDE_NEUTRAL = re.compile(f"[{SEPARATORS}](?:(?<=[{re.escape(NEUTRAL)}].)|(?=[{re.escape(NEUTRAL)}]))", re.DOTALL)


def _neighbour(text: str, i: int, step: int) -> str:
    j = _neighbour_at(text, i, step)
    return text[j] if 0 <= j < len(text) else ""


def _neighbour_at(text: str, i: int, step: int) -> int:
    """The position of the first character from ``i`` in direction ``step`` that is not neutral."""
    j = i + step
    while 0 <= j < len(text) and text[j] in NEUTRAL:
        j += step
    return j


# ---------------------------------------------------------------------------
# Structure: where headings start and end
# ---------------------------------------------------------------------------

# A run-in heading's lead sentence is short: "（一）综合实力增强。" then the paragraph.
MAX_RUN_IN_HEADING = 25


@cleaning_rule("structure", zh="把连进正文的编号标题（一、（一）1.）放回单独一行。")
def split_run_in_headings(text: str, ctx: RuleContext) -> list[Edit]:
    """Put a numbered heading that runs into its paragraph on a line of its own.

    A line that starts with a heading number (一、 （一） 1.) and whose first sentence is
    short ends the heading at that full stop. In a flattened preview, a heading number
    right after a full stop also starts a new line (patterns in the site format). What
    follows a split is a line too, and is looked at in turn: a heading run into a heading
    run into its paragraph comes apart in one pass (cleaning again changes nothing).

    >>> demo(split_run_in_headings, "（一）综合实力增强。1-10月，全市生产总值完成**亿元。")
    '（一）综合实力增强。\\n1-10月，全市生产总值完成**亿元。'
    >>> demo(split_run_in_headings, "（一）综合实力增强。1.生产总值稳步增长。全年完成**亿元。")
    '（一）综合实力增强。\\n1.生产总值稳步增长。\\n全年完成**亿元。'
    """
    edits = [Edit(m.start(), m.start(), "\n", {}, "heading starts a new line")
             for p in ctx.profile.patterns_for("split_run_in_headings") for m in p.finditer(text)]
    starts = {e.start for e in edits}
    for m in re.finditer(r"^[^\n]+", text, re.MULTILINE):
        candidates = [m.start()] + [s for s in starts if m.start() < s < m.end()]
        for start in candidates:  # grows as lines are split off
            line = text[start : m.end()]
            if not (HEADING_L1.match(line) or HEADING_L2.match(line) or HEADING_L3.match(line)):
                continue
            stop = line.find("。")
            if 0 < stop < MAX_RUN_IN_HEADING and stop + 1 < len(line.rstrip()):
                nxt = start + stop + 1
                if nxt not in starts:
                    starts.add(nxt)
                    candidates.append(nxt)
                    edits.append(Edit(nxt, nxt, "\n", {}, "run-in heading ends at its full stop"))
    return _drop_overlaps_allow_insert(edits)


def _drop_overlaps_allow_insert(edits: list[Edit]) -> list[Edit]:
    seen: set[int] = set()
    result = []
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start not in seen:
            seen.add(edit.start)
            result.append(edit)
    return result


# ---------------------------------------------------------------------------


# Repairs enable one another (a rejoined line gives a stray page number the context that shows
# it is one), so the repair stage runs until a round changes nothing. Boilerplate runs once:
# its patterns match the top and bottom of a page, and a second run could eat the author's lines.
MAX_REPAIR_ROUNDS = 5


def _in_order(*funcs: RuleFunc) -> dict[str, Rule]:
    """The rules, by name, in the order given; every described rule must be listed, once."""
    names = [func.__name__ for func in funcs]
    missing = set(_DESCRIBED) - set(names)
    if missing or len(set(names)) != len(names):
        raise RuntimeError(f"RULES must list every cleaning rule once (missing: {sorted(missing)})")
    return {name: _DESCRIBED[name] for name in names}


# The cleaning rules, in the order they run (one explicit order, as ftfy keeps its fixes): what the
# sites added, then what they broke (repeated until nothing changes), then the structure.
RULES: dict[str, Rule] = _in_order(
    remove_invisible_characters,
    strip_site_header,
    strip_file_metadata,
    strip_page_markers,
    strip_preview_notices,
    strip_resource_description,
    strip_download_prompts,
    strip_tips,
    strip_disclaimers,
    strip_keyword_lines,
    strip_teaser,
    strip_source_credits,
    strip_recommendations,
    strip_related_teasers,
    strip_html_debris,
    strip_title_labels,
    mark_article_boundaries,
    strip_repeated_titles,
    join_preview_chunks,
    remove_stray_page_numbers,
    mark_preview_skips,
    mark_truncated_end,
    repair_mojibake,
    join_semicolon_breaks,
    join_broken_lines,
    normalize_ascii_punctuation,
    split_run_in_headings,
)


def check_rule_names(profile: Profile) -> None:
    """A site format gives patterns only to rules that exist (file:line and the rules' names)."""
    for rule, line in profile.lines.items():
        if rule not in RULES:
            raise DataError(f"scripts/township_reader/clean/formats/{profile.path}", line,
                            f"no cleaning rule named '{rule}' — known rules: {', '.join(RULES)}")


def clean(seed: str, profile: Profile, stop_before: str | None = None) -> tuple[Trace, RuleContext]:
    """Run every rule, in order, on a seed text; return the trace and what the rules learned.

    ``stop_before`` names a stage ("structure") to stop at, so corrections can be applied
    between the repairs and the structure rules.
    """
    check_rule_names(profile)
    trace = Trace(seed)
    ctx = RuleContext(profile, seed=seed, meta=trace.meta)
    for stage in STAGES:
        if stage == stop_before:
            break
        run_stage(trace, ctx, stage)
    return trace, ctx


STAGES = ("boilerplate", "repair", "structure")


def run_stage(trace: Trace, ctx: RuleContext, stage: str) -> None:
    """Run the rules of one stage (the repairs until they reach a fixed point)."""
    rounds = MAX_REPAIR_ROUNDS if stage == "repair" else 1
    for _ in range(rounds):
        before = len(trace.steps)
        for rule in RULES.values():
            if rule.stage == stage:
                trace.apply(rule.name, rule.func(trace.text, ctx))
        if len(trace.steps) == before:
            return
    if stage == "repair":
        ctx.warnings.append(f"repairs still changed the text after {MAX_REPAIR_ROUNDS} rounds")
