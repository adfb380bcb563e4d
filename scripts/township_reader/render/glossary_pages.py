"""Rendering the enrichment: term links in the text, the glossary with its concordance,
the parallel passages, and the data the tooltips read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.corpus import Enriched
from township_reader.enrich.glossary import CATEGORIES, RENDERING_KINDS, Entry, Rendering
from township_reader.render.markdown import escape_markdown, html_text
from township_reader.render.notes import linked_source_html
from township_reader.render.pages import Edition, front_matter, occurrence_link, rel
from township_reader.vocabulary import HANS

GLOSSARY = "glossary/index.md"
PINYIN = "glossary/pinyin.md"
KWIC_CONTEXT = 14
KWIC_PER_ENTRY = 20  # on the glossary page; an entry with more gets a concordance page of its own


def entry_link(page: str, entry_id: str) -> str:
    return rel(page, f"{GLOSSARY}#{entry_id}")


# --------------------------------------------------------------------------- glossary


def kwic(text: str, start: int, end: int) -> tuple[str, str, str]:
    left = text[max(0, start - KWIC_CONTEXT) : start]
    right = text[end : end + KWIC_CONTEXT]
    return ("…" if start > KWIC_CONTEXT else "") + left, text[start:end], right + ("…" if end + KWIC_CONTEXT < len(text) else "")


def concordance(enriched: Enriched, ed: Edition) -> dict[str, list[tuple[str, str, tuple[str, str, str]]]]:
    """entry id -> [(text id, block id, (left, term, right))] in corpus order."""
    lines: dict[str, list[tuple[str, str, tuple[str, str, str]]]] = defaultdict(list)
    for text_id, text in enriched.texts.items():
        for block in text.blocks:
            for occ in enriched.terms.get((text_id, block.id, ed.script), []):
                lines[occ.entry].append((text_id, block.id, kwic(block.text[ed.script], occ.start, occ.end)))
    return lines


def entry_block(entry: Entry, enriched: Enriched, ed: Edition, lines: list[Any], page: str) -> str:
    ui = ed.ui
    title = entry.title(ed.script)
    parts = [f"### {escape_markdown(title, False)} {{: #{entry.id} }}\n"]
    rows: list[tuple[str, str]] = [(ui("拼音"), f'<span lang="zh-Latn-pinyin">{html_text(entry.pinyin)}</span>'),
                                   (ui("英文"), f'<span lang="en">{html_text(entry.english)}</span>')]
    other_forms = [f for f in entry.forms(ed.script) if f != title]
    if ed.script == HANS and entry.traditional:
        rows.append((ui("繁体"), "、".join(html_text(t) for t in entry.traditional)))
    elif ed.script != HANS:
        rows.append((ui("简体"), html_text(entry.term)))
    if entry.aliases:
        aliases = entry.aliases if ed.script == HANS else [to_traditional(a) for a in entry.aliases]
        rows.append((ui("又作"), "、".join(html_text(a) for a in aliases)))
    rows.append((ui("类别"), html_text(ui(CATEGORIES[entry.category]))))
    rows.append((ui("释义"), html_text(entry.short_definition(ed.script))))
    for kind, label in RENDERING_KINDS.items():
        renderings = [r for r in entry.renderings if r.kind == kind]
        if renderings:
            rows.append((ui(label), "<br>".join(rendering_html(r) for r in renderings)))
    en = entry.en if ed.script == HANS else to_traditional(entry.en)  # the Chinese words it quotes
    rows.append(("English", f'<span lang="en">{html_text(en)}</span>'))
    if entry.related:
        related = []
        for term in entry.related:
            target = enriched.glossary.by_term[term]
            related.append(f'<a href="#{target.id}">{html_text(target.title(ed.script))}</a>')
        rows.append((ui("相关"), "、".join(related)))
    convert = str if ed.script == HANS else to_traditional
    rows.append((ui("出处"), "<br>".join(linked_source_html(s, convert) for s in entry.sources)))
    counts: dict[str, int] = defaultdict(int)
    for text_id, _block, _ctx in lines:
        counts[text_id] += 1
    summary = " · ".join(f"{html_text(enriched.texts[t].title[ed.script])} {n}" for t, n in counts.items())
    rows.append((ui("用例"), ui(f"{len(lines)} 处") + (f"：{summary}" if summary else "")))
    parts.append('<dl class="tr-entry">')
    parts.extend(f"<dt>{html_text(k)}</dt><dd>{v}</dd>" for k, v in rows)
    parts.append("</dl>\n")
    del other_forms
    if lines:
        parts.append(kwic_list(lines[:KWIC_PER_ENTRY], enriched, ed, page, title))
        if len(lines) > KWIC_PER_ENTRY:
            parts.append(f"[{ui(f'全部 {len(lines)} 处用例')}]({rel(page, concordance_path(entry.id))})\n")
    return "\n".join(parts) + "\n"


def rendering_html(rendering: Rendering) -> str:
    """Another's English rendering, whose it is, and where to check it.

    >>> rendering_html(Rendering("the key few", "official", "中国日报网", "《每日一词》，2019年"))
    '<span lang="en">the key few</span>（中国日报网；《每日一词》，2019年）'
    """
    return (f'<span lang="en">{html_text(rendering.english)}</span>'
            f'（{html_text(rendering.by)}；{linked_source_html(rendering.source)}）')


def concordance_path(entry_id: str) -> str:
    return f"glossary/kwic/{entry_id}.md"


def kwic_list(lines: list[Any], enriched: Enriched, ed: Edition, page: str, title: str) -> str:
    ui = ed.ui
    out = [f'<ol class="tr-kwic" aria-label="{html_text(ui("用例：" + title))}">']
    sources: dict[str, str] = {}  # text id -> its title, made once
    for text_id, block_id, (left, term, right) in lines:
        if text_id not in sources:
            sources[text_id] = html_text(enriched.texts[text_id].title[ed.script])
        source = sources[text_id]
        href = html_text(occurrence_link(page, text_id, block_id, term))
        out.append(f'<li><a href="{href}"><span class="tr-kwic__src">{source}</span>'
                   f'<span class="tr-kwic__left">{html_text(left)}</span><mark>{html_text(term)}</mark>'
                   f'<span class="tr-kwic__right">{html_text(right)}</span></a></li>')
    out.append("</ol>\n")
    return "\n".join(out)


Concordance = dict[str, list[tuple[str, str, tuple[str, str, str]]]]


def render_concordances(enriched: Enriched, ed: Edition, lines_by_entry: Concordance | None = None) -> dict[str, str]:
    """A page of its own for every entry with more uses than the glossary page shows
    (``lines_by_entry``: :func:`concordance`, if already made)."""
    ui = ed.ui
    pages = {}
    for entry_id, lines in (lines_by_entry if lines_by_entry is not None else concordance(enriched, ed)).items():
        if len(lines) <= KWIC_PER_ENTRY:
            continue
        entry = enriched.glossary.by_id[entry_id]
        page = concordance_path(entry_id)
        title = entry.title(ed.script)
        pages[page] = (front_matter({"title": ui("用例：") + title, "edition": ed.script})
                       + f"# {ui('用例')}：{escape_markdown(title, False)}\n\n"
                       + f"[{ui('回到词条')}]({entry_link(page, entry_id)}) · " + ui(f"共 {len(lines)} 处") + "\n\n"
                       + kwic_list(lines, enriched, ed, page, title))
    return pages


def render_glossary(enriched: Enriched, ed: Edition, lines: Concordance | None = None) -> str:
    ui = ed.ui
    page = GLOSSARY
    lines = lines if lines is not None else concordance(enriched, ed)
    total = sum(len(v) for v in lines.values())
    out = [front_matter({"title": ui("术语表"), "edition": ed.script}), f"# {ui('术语表')}\n",
           ui(f"这里解释文本中的 {len(enriched.glossary)} 个术语、数字概括语和机构名称。正文里每一处术语（共 {total} 处）"
              "都可以悬停、用键盘聚焦或轻点查看释义，并链接到这里。每个词条下列出它在各篇中的全部用例，"
              "点击可回到原段落。按拼音查找见") + f"[{ui('拼音索引')}]({rel(page, PINYIN)})" + ui("。") + "\n"]
    by_category: dict[str, list[Entry]] = defaultdict(list)
    for entry in enriched.glossary.entries:
        by_category[entry.category].append(entry)
    for category, label in CATEGORIES.items():
        entries = sorted(by_category.get(category, []), key=lambda e: e.id)
        if not entries:
            continue
        out.append(f"## {ui(label)} {{: #{category} }}\n")
        for entry in entries:
            out.append(entry_block(entry, enriched, ed, lines.get(entry.id, []), page))
    return "\n".join(out)


def render_pinyin_index(enriched: Enriched, ed: Edition) -> str:
    ui = ed.ui
    page = PINYIN
    out = [front_matter({"title": ui("拼音索引"), "edition": ed.script}), f"# {ui('拼音索引')}\n",
           ui("按拼音（不计声调）排列的全部词条。") + "\n"]
    by_letter: dict[str, list[Entry]] = defaultdict(list)
    for entry in enriched.glossary.entries:
        first = entry.id[0].upper()
        by_letter[first if first.isalpha() else "#"].append(entry)
    for letter in sorted(by_letter):
        out.append(f"## {letter} {{: #letter-{letter.lower() if letter != '#' else 'digits'} }}\n")
        for entry in sorted(by_letter[letter], key=lambda e: e.id):
            out.append(f"- [{escape_markdown(entry.title(ed.script), False)}]({entry_link(page, entry.id)}) "
                       f"<span lang=\"zh-Latn-pinyin\">{html_text(entry.pinyin)}</span> — "
                       f"<span lang=\"en\">{html_text(entry.english)}</span>")
        out.append("")
    return "\n".join(out)


def page_tooltips(enriched: Enriched, entry_ids: set[str], ed: Edition) -> str:
    """What the tooltips on one page show, for the entries used on that page only.

    A JSON data block (never executed) that ``reader.js`` reads. Per page rather than one file
    for the whole glossary, so a page's weight grows with the terms it uses, not with the glossary.
    """
    if not entry_ids:
        return ""
    data = {entry.id: [entry.title(ed.script), entry.pinyin, entry.english, entry.short_definition(ed.script)]
            + [f"{r.english} ({r.by})" for r in entry.official()[:1]]
            for entry in enriched.glossary.entries if entry.id in entry_ids}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # No "<", ">" or "&" inside the block, so it can never close its <script> or read as markup.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="tr-glossary-data">{payload}</script>\n'


