"""Unit tests for each cleaning rule: what it changes, and what it must leave alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from township_reader.clean.rules import (
    RULES,
    demo,
    join_broken_lines,
    join_preview_chunks,
    join_semicolon_breaks,
    mark_article_boundaries,
    mark_preview_skips,
    mark_truncated_end,
    normalize_ascii_punctuation,
    remove_invisible_characters,
    remove_stray_page_numbers,
    repair_mojibake,
    split_run_in_headings,
    strip_disclaimers,
    strip_download_prompts,
    strip_file_metadata,
    strip_html_debris,
    strip_keyword_lines,
    strip_page_markers,
    strip_preview_notices,
    strip_recommendations,
    strip_related_teasers,
    strip_repeated_titles,
    strip_resource_description,
    strip_site_header,
    strip_source_credits,
    strip_teaser,
    strip_tips,
    strip_title_labels,
)
from township_reader.clean.trace import Trace

TT = "tiantian-preview"
XX = "xiexiebang-compilation"
YL = "yiliu-fanwen"
XB = "xiaobian-fanwen"


def test_every_rule_documents_itself_with_a_chinese_example():
    for rule in RULES.values():
        doc = rule.func.__doc__ or ""
        assert rule.summary, f"{rule.name}: no docstring"
        assert re.search(r"[\u4e00-\u9fff]", rule.zh), f"{rule.name}: no Chinese description for readers"
        assert rule.example, f"{rule.name}: no `>>> demo(...)` before/after example in its docstring"
        before, after = rule.example
        assert re.search(r"[\u4e00-\u9fff]", before), f"{rule.name}: the example is not Chinese"
        assert before != after, f"{rule.name}: the example shows no change"
        assert "demo(" in doc


def test_the_rules_run_in_the_one_order_given_by_stage():
    """RULES is the one explicit order: every described rule once, the stages in turn."""
    from township_reader.clean.rules import STAGES

    stages = [rule.stage for rule in RULES.values()]
    assert stages == sorted(stages, key=STAGES.index)


# --- boilerplate -------------------------------------------------------------------------


def test_remove_invisible_characters_records_each_one_and_keeps_the_text():
    """Zero-width and bidirectional-control characters go, each as a step naming its code point,
    and before any site pattern runs (a zero-width space would hide a download prompt from it)."""
    from township_reader.clean.formats import generic_profile
    from township_reader.clean.rules import clean

    seed = "乡镇\u200b干部要\u202e做好\u202c群众工作\ufeff。\n当前文档最多预\u200d览五页"
    trace, _ = clean(seed, generic_profile())
    assert trace.text.startswith("乡镇干部要做好群众工作。")
    steps = [s for s in trace.steps if s.rule == "remove_invisible_characters"]
    assert [s.note for s in steps] == ["U+200B", "U+202E", "U+202C", "U+FEFF", "U+200D"]
    assert [(s.line, s.column) for s in steps] == [(1, 3), (1, 7), (1, 10), (1, 15), (2, 8)]
    assert demo(remove_invisible_characters, "乡镇干部，“一票否决”。") == "乡镇干部，“一票否决”。"
    # the word joiner and zero-width space the site itself writes are not in the seeds' text
    assert demo(remove_invisible_characters, "甲\u2060乙\u200b丙") == "甲乙丙"



def test_strip_site_header_keeps_title_as_metadata():
    trace = Trace("浅谈如何当好镇长\n\n浅谈如何当好镇长\nID:1\n")
    from township_reader.clean.formats import profile_by_id
    from township_reader.clean.rules import RuleContext

    ctx = RuleContext(profile_by_id(TT), seed=trace.text, meta=trace.meta)
    trace.apply("strip_site_header", strip_site_header(trace.text, ctx))
    assert trace.text == "ID:1\n"
    assert trace.meta["title"] == "浅谈如何当好镇长"


def test_strip_site_header_needs_the_title_twice():
    # a page that does not start with its title twice is not this header: nothing is removed
    assert demo(strip_site_header, "浅谈如何当好镇长\n\n另一个标题\n", TT) == "浅谈如何当好镇长\n\n另一个标题\n"


def test_strip_site_header_compilation_title_needs_the_upload_line_after_it():
    # 写写帮文库: the first line is the page title when the site's upload line or blurb follows;
    # found by the property test: any first line was taken, so cleaning twice took two
    page = "新时期乡镇党委书记应增强的几种能力和意识\n\n时间:2019-05-12 05:50:36下载本文作者:会员上传\n"
    assert demo(strip_site_header, page, XX) == "\n时间:2019-05-12 05:50:36下载本文作者:会员上传\n"
    cleaned = "乡镇材料\n\n第一篇:新时期乡镇党委书记应增强的几种能力和意识\n"
    assert demo(strip_site_header, cleaned, XX) == cleaned


def test_strip_site_header_speech():
    text = "下面是小編為大家整理的在鄉鎮黨委書記、鎮長座談會上講話,供大家參考。\n同志們:\n"
    assert demo(strip_site_header, text, XB) == "同志們:\n"


def test_strip_site_header_repeated_line_after_line():
    # found by the property test (cleaning twice changed the text): the header sentence twice
    line = "下面是小編為大家整理的在鄉鎮黨委書記、鎮長座談會上講話,供大家參考。\n"
    assert demo(strip_site_header, line + line + "同志們:\n", XB) == "同志們:\n"


def test_strip_file_metadata_only_whole_lines():
    text = "ID:41500670\n正文里提到时间:2019年\n"
    assert demo(strip_file_metadata, text, TT) == "正文里提到时间:2019年\n"


def test_strip_page_markers_including_unnumbered():
    text = "对做好工作的思考_第页\n对做好工作的思考_第1页\n正文_第一章\n"
    assert demo(strip_page_markers, text, TT) == "正文_第一章\n"


def test_strip_preview_notices():
    assert demo(strip_preview_notices, "预览图正在加载中,预计需要20秒,请耐心等待\n正文", TT) == "正文"


def test_strip_resource_description():
    text = "资源描述:\n\n《对做好工作的思考》由会员上传分享,免费在线阅读,更多相关内容在行业资料-天天文库\n\n1、正文"
    assert demo(strip_resource_description, text, TT) == "\n1、正文"


def test_strip_download_prompts_all_sites():
    text = "下载新时期乡镇党委书记应增强的几种能力和意识word格式文档\n下载新时期.doc\n将本文档下载到自己电脑,方便修改和收藏。\n点此处下载文档\n\n文档为doc格式\n正文"
    assert demo(strip_download_prompts, text, XX) == "\n正文"


def test_strip_tips_to_end_of_file_without_newline():
    text = "正文。\n温馨提示:\n1. 一\n2. 二\n3. 三\n4. 下载文档时可能由于网络波动等原因无法下载"
    assert demo(strip_tips, text, TT) == "正文。\n"


def test_strip_disclaimers():
    text = "正文。\n声明:本文内容由互联网用户自发贡献自行上传,本网站不拥有所有权。\n"
    assert demo(strip_disclaimers, text, XX) == "正文。\n"


def test_strip_keyword_lines_keeps_keywords():
    trace_text = "标题 本文关键词:工作经验,乡镇,典型\n正文\nTAG标签: "
    assert demo(strip_keyword_lines, trace_text, YL) == "正文\n"


def test_strip_teaser_only_when_it_repeats_the_opening():
    kept = "标题 本文简介:一段正文里没有的话\n\n正文开头。"
    assert demo(strip_teaser, kept, YL, title="标题") == kept


def test_strip_source_credits():
    text = "正文。\n乡镇做好群众工作经验典型材料\xa0 来源:网络整理\n"
    assert demo(strip_source_credits, text, YL) == "正文。\n"


def test_strip_recommendations_at_end_only():
    text = "推薦訪問:是正文里的话\n正文"
    assert demo(strip_recommendations, text, XB) == text


def test_strip_related_teasers_runs_to_the_end():
    text = "正文。\n相关范文推荐\n\n    一\n\n    二......"
    assert demo(strip_related_teasers, text, XX) == "正文。\n"


def test_strip_html_debris():
    assert demo(strip_html_debris, "ArtCutPage“>\n正文", YL) == "正文"


def test_strip_title_labels():
    assert demo(strip_title_labels, "标题 本文内容:\n\n标题\n", YL) == "\n标题\n"


def test_mark_article_boundaries_numbers_articles():
    text = "第十二篇:标题\n正文"
    assert demo(mark_article_boundaries, text, XX) == "\ue000article:12\n正文"


def test_strip_repeated_titles_only_first_line_after_a_boundary():
    text = "\ue000article:1\n\n标题甲\n\n正文提到标题甲\n标题甲\n"
    out = demo(strip_repeated_titles, text, articles=[{"number": 1, "title": "标题甲"}])
    assert out == "\ue000article:1\n\n\n正文提到标题甲\n标题甲\n"


# --- repairs -----------------------------------------------------------------------------


def test_join_preview_chunks_requires_a_numbered_run():
    # a lone "2、" is the author's list, not a chunk marker
    assert demo(join_preview_chunks, "正文\n\n2、第二点", TT) == "正文\n\n2、第二点"
    assert demo(join_preview_chunks, "1、甲乙\n\n2、丙丁\n\n3、戊", TT) == "甲乙丙丁戊"


def test_remove_stray_page_numbers_keeps_quantities():
    text = "8项禁止、52个不准。16个大字。“坚持”5,一是"
    assert demo(remove_stray_page_numbers, text, TT) == "8项禁止、52个不准。16个大字。“坚持”,一是"


def test_remove_stray_page_numbers_only_in_previews():
    assert demo(remove_stray_page_numbers, "创造力。5每个人", YL) == "创造力。5每个人"


def test_mark_preview_skips_only_between_han():
    assert demo(mark_preview_skips, "大小:38.01 KB", TT) == "大小:38.01 KB"


def test_mark_truncated_end_not_when_complete():
    assert demo(mark_truncated_end, "入手。\n", TT, seed="当前文档最多预览五页") == "入手。\n"
    assert demo(mark_truncated_end, "入手,\n", TT, seed="全文") == "入手,\n"


def test_mark_truncated_end_when_proven():
    # 一流范文网's pagination fragment proves truncation even after a full stop
    out = demo(mark_truncated_end, "恶性事件。\n", YL, seed="ArtCutPage“>")
    assert out.endswith("\ue000gap:truncated\n")


def test_repair_mojibake():
    assert demo(repair_mojibake, "位臵与设臵") == "位置与设置"
    assert demo(repair_mojibake, "位置") == "位置"


def test_join_semicolon_breaks():
    assert demo(join_semicolon_breaks, "甲;\n乙。\n丙\n", XB) == "甲;乙。\n丙\n"
    assert demo(join_semicolon_breaks, "甲;\n乙", TT) == "甲;\n乙"


def test_join_broken_lines_leaves_headings_and_sentence_ends():
    long = "乡" * 50
    assert demo(join_broken_lines, f"{long}。\n\n下一段") == f"{long}。\n\n下一段"
    assert demo(join_broken_lines, "一、关于乡镇书记角色定位问题\n\n乡镇书记") == "一、关于乡镇书记角色定位问题\n\n乡镇书记"
    assert demo(join_broken_lines, f"{long}\n\n一、标题") == f"{long}\n\n一、标题"
    assert demo(join_broken_lines, f"{long}\n\n种利益") == f"{long}种利益"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("关心干群,努力", "关心干群，努力"),
        ("(一)增强", "（一）增强"),
        ("吗?肯定", "吗？肯定"),
        ("奋斗!", "奋斗！"),
        ("目的有三:一是", "目的有三：一是"),
        ("0.01分之差", "0.01分之差"),
        ("1-10月", "1-10月"),
        ("“4+4+2”", "“4+4+2”"),
        ("“3+1”、周六", "“3+1”、周六"),
        ("2014-12-15 21:02:25", "2014-12-15 21:02:25"),
        ("GDP,WTO", "GDP,WTO"),
        ("s105线、沿江", "s105线、沿江"),
        ("见http://a.cn/x?y=1,z", "见http://a.cn/x?y=1,z"),
        ("调整为**:**:**", "调整为**:**:**"),
        ("增长**%,**市", "增长**%，**市"),
    ],
)
def test_normalize_ascii_punctuation(before, after):
    assert demo(normalize_ascii_punctuation, before) == after


def test_split_run_in_headings():
    assert demo(split_run_in_headings, "1.从干部队伍来看。总体来说很好。") == "1.从干部队伍来看。\n总体来说很好。"
    # a long first sentence is a paragraph that starts with a number, not a heading
    long = "一、" + "很" * 30 + "。后文"
    assert demo(split_run_in_headings, long) == long
    # in a flattened preview, a heading number right after a full stop starts a line
    assert demo(split_run_in_headings, "办公室。（二）激励机制不健全。乡镇改革后", TT) == "办公室。\n（二）激励机制不健全。\n乡镇改革后"


def _plain_full_width_marks(text: str) -> dict[int, str]:
    """The plain definition of the marks to change, one mark at a time (the rule finds most of
    them with one regex scan; this checks it finds the same)."""
    from township_reader.clean.rules import CJK_CONTEXT, FULL_WIDTH, SEPARATORS, URL, _neighbour

    protected = [(m.start(), m.end()) for m in URL.finditer(text)]
    marks: dict[int, str] = {}
    for m in re.finditer(r"[,:;()?!]", text):
        i, mark = m.start(), m.group()
        if any(a <= i < b for a, b in protected):
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isascii() and before.isdigit() and after.isascii() and after.isdigit():
            continue
        if before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
            continue
        if mark in SEPARATORS:
            before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if CJK_CONTEXT.match(before or " ") or CJK_CONTEXT.match(after or " "):
            marks[i] = FULL_WIDTH[mark]
    return marks


def _full_width_by_rescanning(text: str) -> str:
    """The plain definition: rescan the whole text until no mark changes (the rule skips rescans
    that cannot change anything; this checks it skips only those)."""
    view = text
    while True:
        more = _plain_full_width_marks(view)
        if not more:
            return view
        chars = list(view)
        for i, mark in more.items():
            chars[i] = mark
        view = "".join(chars)


PUNCTUATION_ALPHABET = "乡镇第五一12ab*%％,:;()?! “”/.w"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PUNCTUATION_ALPHABET, max_size=30))
def test_full_width_punctuation_equals_rescanning_to_a_fixed_point(text):
    assert demo(normalize_ascii_punctuation, text) == _full_width_by_rescanning(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PUNCTUATION_ALPHABET, max_size=40) | st.sampled_from(
    ["见http://a.cn/x?y=1,z中", "见www.a.cn,中文", "增长**%,**市", "第五);", "s105线,沿江"]))
def test_full_width_marks_equal_the_plain_definition(text):
    from township_reader.clean.rules import _full_width_marks

    assert _full_width_marks(text) == _plain_full_width_marks(text)
