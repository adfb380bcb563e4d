"""Parallel passages on the site: the aside after a paragraph that reuses another text's words
(collapsed, and never split across printed pages), and the page that lists every parallel.

A reuse is shown as two passages side by side, each with its context, their differences marked
by a character-level alignment (:meth:`~township_reader.enrich.parallels.Pair.opcodes`).
"""

from __future__ import annotations

from typing import Any

from township_reader.enrich.corpus import Enriched, passage_text
from township_reader.enrich.parallels import (
    CONTEXT,
    MIN_DISTINCT,
    MIN_PHRASE,
    MIN_SHARED,
    Cluster,
    Pair,
    Passage,
)
from township_reader.render.markdown import html_text
from township_reader.render.pages import Edition, front_matter, html_href, occurrence_link, rel, text_path
from township_reader.vocabulary import HANS

PARALLELS = "parallels.md"

# Caps that keep pages bounded however large the corpus grows (none binds on the real corpus):
PARALLELS_PER_PARAGRAPH = 3  # asides after a paragraph; the parallels page has the rest
PASSAGES_PER_PHRASE = 12  # on the parallels page

REASONS = {
    "formula": "提法",
    "term": "术语表中的术语",
    "frequent": "本语料的常用词组",
    "short": "短于成段沿用",
}


def _side(enriched: Enriched, passage: Passage, pair: Pair | None, ed: Edition, page: str, mine: bool) -> str:
    """One side of an alignment: the passage in its context, what differs from the other side marked."""
    block_len = len(passage_text(enriched, passage, HANS, 0, 10**9))
    left = passage_text(enriched, passage, ed.script, max(0, passage.start - CONTEXT), passage.start)
    right = passage_text(enriched, passage, ed.script, passage.end, min(block_len, passage.end + CONTEXT))
    core = passage_text(enriched, passage, ed.script)
    if pair is not None:
        is_a = pair.a == passage
        pieces = []
        for tag, i1, i2, j1, j2 in pair.opcodes():
            lo, hi = (i1, i2) if is_a else (j1, j2)
            if hi <= lo:
                continue
            words = html_text(core[lo:hi])
            pieces.append(words if tag == "equal" else f'<mark class="tr-diff">{words}</mark>')
        body = "".join(pieces)
    else:
        body = html_text(core)
    title = html_text(enriched.texts[passage.text].short(ed.script))
    href = html_text(occurrence_link(page, passage.text, passage.block, core))  # issue 20's: the words highlighted
    label = f'<a href="{href}">{title}</a>' if not mine else f"<span>{title}</span>"
    return (f'<div class="tr-align__side"><p class="tr-align__src">{label}</p>'
            f'<p class="tr-align__text">{"…" if passage.start > CONTEXT else ""}<span class="tr-context">{html_text(left)}</span>'
            f'<span class="tr-align__passage">{body}</span>'
            f'<span class="tr-context">{html_text(right)}</span>{"…" if passage.end + CONTEXT < block_len else ""}</p></div>')


def alignment(enriched: Enriched, pair: Pair, ed: Edition, page: str, first: Passage | None = None) -> str:
    """Two passages side by side (stacked on a phone), ``first`` on the left; what differs marked."""
    a, b = (pair.a, pair.b) if first in (None, pair.a) else (pair.b, pair.a)
    return (f'<div class="tr-align">{_side(enriched, a, pair, ed, page, first is not None)}'
            f'{_side(enriched, b, pair, ed, page, False)}</div>')


def parallel_asides(enriched: Enriched, text_id: str, ed: Edition) -> dict[str, str]:
    """block id -> the aside after it: the other texts' passages its words reuse, collapsed."""
    page = text_path(text_id)
    after_block = {}
    for block in enriched.texts[text_id].blocks:
        links = enriched.parallel_links.get((text_id, block.id))
        if links:
            after_block[block.id] = parallels_aside(links, page, enriched, ed)
    return after_block


def parallels_aside(links: list[tuple[Cluster, Passage, Pair | None]], page: str, enriched: Enriched, ed: Edition) -> str:
    ui = ed.ui
    seen, unique = set(), []
    for cluster, other, pair in links:
        if (cluster.id, other.text, other.block) not in seen:
            seen.add((cluster.id, other.text, other.block))
            unique.append((cluster, other, pair))
    names = "、".join(dict.fromkeys(f"《{enriched.texts[o.text].short(ed.script)}》" for _c, o, _p in unique))
    items = []
    for cluster, other, pair in unique[:PARALLELS_PER_PARAGRAPH]:
        mine = (pair.a if pair.b == other else pair.b) if pair else None
        shown = alignment(enriched, pair, ed, page, mine) if pair else _side(enriched, other, None, ed, page, False)
        everything = html_text(html_href(rel(page, PARALLELS + "#" + cluster.id)))
        items.append(f'<li>{shown}<p class="tr-parallel-all"><a href="{everything}">{html_text(ui("在平行文句页上查看"))}</a></p></li>')
    if len(unique) > PARALLELS_PER_PARAGRAPH:
        first = unique[0][0]
        more = ui(f"另有 {len(unique) - PARALLELS_PER_PARAGRAPH} 处")
        items.append(f'<li><a href="{html_text(html_href(rel(page, PARALLELS + "#" + first.id)))}">{html_text(more)}</a></li>')
    summary = ui("平行文句：与") + html_text(names) + ui("相近的一段")
    return (f'<details class="tr-parallels" data-pagefind-ignore>'
            f'<summary><span class="tr-parallels__label">{summary}</span></summary>'
            f'<ul>{"".join(items)}</ul></details>\n')


def render_parallels(enriched: Enriched, ed: Edition) -> str:
    ui = ed.ui
    page = PARALLELS
    reuse = [c for c in enriched.clusters if c.kind == "reuse"]
    phrases = [c for c in enriched.clusters if c.kind == "phrase"]
    out = [front_matter({"title": ui("平行文句"), "edition": ed.script}), f"# {ui('平行文句')}\n",
           ui(f"平行文句是一篇文本沿用另一篇的文字：两篇的某一段有至少 {MIN_SHARED} 个汉字逐字对得上（允许增删改动几个字），"
              f"其中至少 {MIN_DISTINCT} 个不在提法之内。比较时不计标点，简繁一律按简体。"
              "两段并排列出，各带上下文，不同之处标出；正文里在该段之后有一个折叠的提示。") + "\n",
           ui(f"几篇文本共有、却不算沿用的文句（至少 {MIN_PHRASE} 个相连的汉字），另列在后面：中央文件的固定提法"
              "（见所附文件）、术语表中的术语、本语料的常用词组，以及太短、说明不了沿用的词组。"
              "它们说明这些文本共用一套话语，而不是谁抄了谁。判断的方法见") + f"[{ui('凡例')}]({rel(page, 'fanli.md#parallels')})" + ui("。") + "\n",
           '<p lang="en" class="tr-en">Parallel passages: where one text reuses another’s words, near-verbatim '
           f"(at least {MIN_SHARED} Han characters aligned in one paragraph, {MIN_DISTINCT} of them outside formulas), "
           "shown side by side with what changed marked. Shared formulas, glossary terms and stock phrases are listed "
           "apart: they show a shared idiom, not reuse.</p>\n",
           f"## {ui('成段的沿用')} {{: #reuse }}\n",
           ui(f"共 {len(reuse)} 组。") + "\n" if reuse else ui("没有。") + "\n"]
    for cluster in reuse:
        texts = "、".join(f"《{enriched.texts[t].short(ed.script)}》" for t in cluster.texts)
        out.append(f'<section class="tr-parallel" id="{cluster.id}" markdown="0">'
                   f'<h3>{html_text(texts)}</h3>'
                   f'<p class="tr-parallel__meta">{html_text(ui(f"{cluster.length} 个汉字对得上"))}</p>')
        for pair in cluster.pairs:
            out.append(alignment(enriched, pair, ed, page))
        out.append("</section>\n")
    out += [f"## {ui('共用的提法与词组')} {{: #phrases }}\n",
            ui(f"共 {len(phrases)} 组，按长度排列。") + "\n" if phrases else ui("没有。") + "\n"]
    if phrases:
        out.append('<table class="tr-phrases"><thead><tr>'
                   f'<th>{html_text(ui("文句"))}</th><th>{html_text(ui("见于"))}</th><th>{html_text(ui("为何不算沿用"))}</th>'
                   "</tr></thead><tbody>")
        for cluster in phrases:
            shown = cluster.passages[:PASSAGES_PER_PHRASE]
            where = "、".join(f'<a href="{html_text(occurrence_link(page, p.text, p.block, passage_text(enriched, p, ed.script)))}">'
                             f'{html_text(enriched.texts[p.text].short(ed.script))}</a>' for p in shown)
            if len(cluster.passages) > len(shown):
                where += html_text(ui(f"等 {len(cluster.passages)} 处"))
            why = html_text(ui(REASONS[cluster.reason]))
            if cluster.reason == "formula":
                why += f'<span class="tr-phrases__source">{html_text(ui("：") + _convert(cluster.source, ed))}</span>'
            quote = passage_text(enriched, cluster.passages[0], ed.script)
            out.append(f'<tr id="{cluster.id}"><td>{html_text(quote)}</td><td>{where}</td><td>{why}</td></tr>')
        out.append("</tbody></table>\n")
    return "\n".join(out)


def _convert(text: str, ed: Edition) -> str:
    return ed.ui(text)


__all__: list[Any] = ["parallel_asides", "render_parallels"]
