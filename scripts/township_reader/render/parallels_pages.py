"""Parallel passages on the site: the asides after a paragraph, and the page that lists them all."""

from __future__ import annotations

from typing import Any

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.corpus import Enriched
from township_reader.render.markdown import escape_markdown, html_text
from township_reader.render.pages import Edition, front_matter, html_href, occurrence_link, rel, text_path
from township_reader.vocabulary import HANS

PARALLELS = "parallels.md"


# Caps that keep pages bounded however large the corpus grows (none binds on the five seeds):
PARALLELS_PER_PARAGRAPH = 3  # asides after a paragraph; the parallels page has the rest


OCCURRENCES_PER_CLUSTER = 12  # on the parallels page


def parallel_asides(enriched: Enriched, text_id: str, ed: Edition) -> dict[str, str]:
    """block id -> the aside after it that links its parallel passages (none before
    :func:`~township_reader.enrich.corpus.set_parallels`: the rest of the page can be made before)."""
    page = text_path(text_id)
    after_block = {}
    for block in enriched.texts[text_id].blocks:
        links = enriched.parallel_links.get((text_id, block.id))
        if links:
            after_block[block.id] = parallels_aside(links, page, enriched, ed)
    return after_block


def quote_in(enriched: Enriched, text_id: str, block_id: str, quote: str, script: str) -> str:
    """A passage quoted from a block (found in its Simplified text), as the block reads in ``script``:
    the speech's own Traditional characters, not a conversion back from Simplified."""
    if script == HANS:
        return quote
    block = next((b for b in enriched.texts[text_id].blocks if b.id == block_id), None)
    at = block.text[HANS].find(quote) if block else -1
    return block.text[script][at : at + len(quote)] if block and at >= 0 else to_traditional(quote)


def parallels_aside(links: list[tuple[Any, Any]], page: str, enriched: Enriched, ed: Edition) -> str:
    ui = ed.ui
    items = []
    seen = set()
    unique = []
    for cluster, other in links:
        key = (cluster.id, other.text, other.block)
        if key not in seen:
            seen.add(key)
            unique.append((cluster, other))
    for cluster, other in unique[:PARALLELS_PER_PARAGRAPH]:
        title = enriched.texts[other.text].title[ed.script]
        quote = quote_in(enriched, other.text, other.block, other.quote, ed.script)
        href = occurrence_link(page, other.text, other.block, quote)
        items.append(f'<li><a href="{html_text(href)}">{html_text(title)}</a>：'
                     f'<q>{html_text(quote)}</q> '
                     f'<a class="tr-parallel-all" href="{html_text(html_href(rel(page, PARALLELS + "#" + cluster.id)))}">'
                     f'{html_text(ui("全部"))}</a></li>')
    if len(unique) > PARALLELS_PER_PARAGRAPH:
        first = unique[0][0]
        more = ui(f"另有 {len(unique) - PARALLELS_PER_PARAGRAPH} 处")
        items.append(f'<li><a href="{html_text(html_href(rel(page, PARALLELS + "#" + first.id)))}">{html_text(more)}</a></li>')
    label = ui("平行文句")
    return (f'<div class="tr-parallels" role="note" data-pagefind-ignore aria-label="{html_text(label)}">'
            f'<span class="tr-parallels__label">{html_text(label)}</span><ul>{"".join(items)}</ul></div>\n')


def render_parallels(enriched: Enriched, ed: Edition) -> str:
    from township_reader.enrich.parallels import FREQUENT, MIN_DISTINCT, MIN_HAN

    ui = ed.ui
    page = PARALLELS
    clusters = enriched.clusters
    occurrences = sum(len(c.occurrences) for c in clusters)
    out = [front_matter({"title": ui("平行文句"), "edition": ed.script}), f"# {ui('平行文句')}\n",
           ui(f"两篇或多篇文本共有的文句：至少 {MIN_HAN} 个相连的汉字相同（不计标点，简繁一律按简体比较）。"
              f"只由本语料最常见的词组（出现 {FREQUENT} 次以上的四字串，如“乡镇党委书记”）加一两个字构成的，"
              f"不算：除去这些词组后须剩下至少 {MIN_DISTINCT} 个相连的字。共 {len(clusters)} 组、{occurrences} 处，按长度排列。") + "\n"]
    for cluster in clusters:
        han = cluster.han if ed.script == HANS else to_traditional(cluster.han)
        texts = len(cluster.texts)
        out.append(f"## {escape_markdown(han, False)} {{: #{cluster.id} }}\n")
        out.append(ui(f"{cluster.length} 字 · {texts} 篇 · {len(cluster.occurrences)} 处") + "\n")
        shown = cluster.occurrences[:OCCURRENCES_PER_CLUSTER]
        if len(cluster.occurrences) > len(shown):
            out.append(ui(f"（列出前 {len(shown)} 处）") + "\n")
        for occ in shown:
            title = enriched.texts[occ.text].title[ed.script]
            quote = quote_in(enriched, occ.text, occ.block, occ.quote, ed.script)
            link = occurrence_link(page, occ.text, occ.block, quote, markdown=True)
            out.append(f"- [{escape_markdown(title, False)}]({link})：{escape_markdown(quote, False)}")
        out.append("")
    return "\n".join(out)
