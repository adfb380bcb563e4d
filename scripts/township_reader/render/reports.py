"""The cleaning report: every removal and repair, with counts, and the proof nothing else changed.

The report of a raw text lists every :class:`~township_reader.clean.trace.Step`, counts them
per rule, and balances the Han characters: those of the seed must equal those kept in
the reading text, plus those removed, minus those inserted.  A correction or a rule
that lost or invented a character without recording it breaks the balance, and the
fidelity tests fail.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from typing import Any

from township_reader.clean.rules import RULES
from township_reader.clean.trace import Trace, replays_to
from township_reader.render.markdown import attr_list, escape_markdown, html_text
from township_reader.render.pages import (
    SCRIPT_NAMES,
    SITE_UNKNOWN,
    Edition,
    code,
    fmt_int,
    front_matter,
    html_href,
    rel,
    text_path,
)
from township_reader.structure.document import Conversion, Text
from township_reader.vocabulary import GAP_REASONS, HANS, HANT, han_characters, han_only


def han_counter(text: str) -> Counter[str]:
    """The Han characters of ``text``, as a multiset.

    >>> sorted(han_counter("**镇，镇长A1").items())
    [('镇', 2), ('长', 1)]
    """
    return Counter(han_characters(text))


def kept_text(conversion: Conversion) -> str:
    """All reading text of a conversion, in the text's own script, block by block."""
    script = conversion.original_script
    return "\n".join(b.text[script] for t in conversion.texts for b in t.blocks if b.type != "gap")


def han_balance(conversion: Conversion) -> dict[str, Any]:
    """Seed Han characters = kept + removed − inserted, as counts and as a check.

    The identity holds if replaying the recorded steps on the seed gives the cleaned text
    (each step then removed exactly its ``old`` and put in its ``new``) and the reading text has
    exactly the cleaned text's Han characters, in order: both are checked in linear time. If
    either fails, the characters are counted, to say which are unaccounted for or invented.
    """
    trace = _trace(conversion)
    steps = trace.steps
    seed = han_only(conversion.raw.text)
    removed = han_only("".join(step.old for step in steps))
    inserted = han_only("".join(step.new for step in steps))
    kept = han_only(kept_text(conversion))
    missing = extra = Counter()
    if not (kept == han_only(trace.text) and replays_to(conversion.raw.text, steps, trace.batches, trace.text)):
        accounted = Counter(kept + removed)
        accounted.subtract(inserted)
        seed_counts = Counter(seed)
        missing, extra = seed_counts - accounted, +accounted - seed_counts
    return {
        "seed": len(seed),
        "kept": len(kept),
        "removed": len(removed),
        "inserted": len(inserted),
        "balanced": not missing and not extra,
        "unaccounted": "".join(sorted(missing.elements())),
        "invented": "".join(sorted(extra.elements())),
    }


def _trace(conversion: Conversion) -> Trace:
    if conversion.trace is None:
        raise ValueError(f"{conversion.raw.name}: this conversion was read back from a pickle and keeps no "
                         "trace; its report was made before (conversion.report)")
    return conversion.trace


def report_data(conversion: Conversion) -> dict[str, Any]:
    """The report of one raw text, as published in ``reports/<id>.json``."""
    steps = _trace(conversion).steps
    counts = Counter(s.rule for s in steps)
    gaps = []
    for text in conversion.texts:
        for block in text.blocks:
            if block.type == "gap":
                gaps.append({"text": text.id, "block": block.id, "reason": block.gap,
                             "description": GAP_REASONS.get(block.gap or "", "")})
    return {
        "id": conversion.report_id,
        "seed": {
            "file": conversion.raw.name,
            "sha256": hashlib.sha256(conversion.raw.text.encode("utf-8")).hexdigest(),
            "encoding": conversion.raw.encoding,
            "characters": len(conversion.raw.text),
        },
        "format": conversion.profile.id,
        "site": conversion.profile.site,
        "texts": [t.id for t in conversion.texts],
        "original_script": conversion.original_script,
        "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "han": han_balance(conversion),
        "gaps": gaps,
        "warnings": list(conversion.warnings),
        "steps": list(steps),  # Steps: dump_json writes each with Step.__json__
    }


# The share of a seed's Han characters the cleaning (rules and corrections together) may remove
# without an editor's word for it: the seeds lose 0.5–21% (site headers, teasers of other pages).
# More than this is a site format or a correction gone wrong, unless the seed's catalogue entry
# says why (``acknowledge_removal``). A text left with no characters at all is always an error.
MAX_REMOVED_SHARE = 0.5


def removal_problem(conversion: Conversion, report: dict[str, Any], acknowledged: bool = False) -> str | None:
    """What is wrong, if the cleaning emptied a text or removed too much of the seed; else None."""
    for text in conversion.texts:
        if text.char_count() == 0:
            return (f"text '{text.id}' is empty after cleaning ({_largest_removal(report['steps'])} removed the most) — a correction "
                    "or a site format may not remove a whole text; check them")
    han = report["han"]
    share = han["removed"] / han["seed"] if han["seed"] else 0.0
    if share > MAX_REMOVED_SHARE and not acknowledged:
        return (f"the cleaning removed {share:.0%} of the seed's Han characters ({han['removed']:,} of "
                f"{han['seed']:,}; {_largest_removal(report['steps'])} removed the most), more than {MAX_REMOVED_SHARE:.0%} — check the "
                "corrections and the site format, or say why in the seed's entry in seeds/catalog.yml "
                "(acknowledge_removal: …)")
    return None


def _largest_removal(steps: list[Any]) -> str:
    """The rule, or the correction (file:line), that removed the most Han characters."""
    removed: Counter[str] = Counter()
    for step in steps:
        if step.rule == "correction":
            where = step.note.split(": ", 1)[0]
            removed[f"the correction at {where}"] += len(han_only(step.old))
        else:
            removed[f"rule {step.rule}"] += len(han_only(step.old))
    return removed.most_common(1)[0][0] if removed else "no step"


STAGE_NAMES = {"boilerplate": "删除网站附加内容", "repair": "修复网站造成的损坏", "structure": "恢复结构"}


def render_reports_index(conversions: list[Conversion], reports: dict[str, dict[str, Any]], ed: Edition) -> str:
    ui = ed.ui
    lines = [front_matter({"title": ui("清理报告"), "edition": ed.script}), f"# {ui('清理报告')}\n",
             ui("每个原始文件一份报告：逐条列出删除和修复（规则、位置、原文、替换），按规则计数，"
                "并核对汉字：原始文件的汉字 = 阅读文本的汉字 + 删除的汉字 − 插入的汉字。") + "\n",
             f"| {ui('文本')} | {ui('原始文件')} | {ui('格式')} | {ui('改动')} | {ui('原文汉字')} | {ui('保留')} | {ui('删除')} | {ui('插入')} | {ui('核对')} |",
             "| --- | --- | --- | --: | --: | --: | --: | --: | --- |"]
    for conv in conversions:
        data = reports[conv.report_id]
        han = data["han"]
        link = rel("reports/index.md", f"reports/{conv.report_id}.md")
        ok = ui("相符") if han["balanced"] else ui("不符")
        name = escape_markdown((conv.compilation or conv.texts[0]).short(ed.script), False)
        lines.append(f"| [{name}]({link}) | {code(conv.raw.name)} | `{data['format']}` | {fmt_int(sum(data['counts'].values()))} | "
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
    short = (conv.compilation or conv.texts[0]).short(ed.script)
    lines = [front_matter({"title": ui("清理报告：") + short, "edition": ed.script}),
             f"# {ui('清理报告')}：{escape_markdown(short, False)}\n",
             f"<dl class=\"tr-meta\" markdown=\"1\">\n<dt>{ui('文本')}</dt>\n<dd markdown=\"span\">{texts}</dd>\n"
             f"<dt>{ui('原始文件')}</dt>\n<dd markdown=\"span\">{code(conv.raw.name)}</dd>\n"
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
