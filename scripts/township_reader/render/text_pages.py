"""A text's page: its metadata box, its blocks with their terms, notes and parallel asides, its
notes and its terms' tooltips."""

from __future__ import annotations

from collections import defaultdict

from township_reader.enrich.corpus import Enriched
from township_reader.enrich.spans import Span
from township_reader.render.glossary_pages import GLOSSARY, page_tooltips
from township_reader.render.markdown import attr_list, escape_markdown, html_text, render_inline
from township_reader.render.notes import note_wrapper, notes_section
from township_reader.render.pages import (
    SCRIPT_NAMES,
    SITE_UNKNOWN,
    Edition,
    PageExtras,
    code,
    fmt_int,
    front_matter,
    rel,
    text_path,
)
from township_reader.render.parallels_pages import parallel_asides
from township_reader.render.reports import conversion_note
from township_reader.structure.document import Block, Text
from township_reader.vocabulary import GAP_REASONS


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


def render_block(block: Block, ed: Edition, extras: PageExtras) -> str:
    text = block.text[ed.script]
    if block.type == "heading":
        return f"{'#' * (block.level or 2)} {escape_markdown(text, False)} {attr_list(block.id)}\n"
    if block.type == "gap":
        why = ed.ui(GAP_REASONS.get(block.gap or "", GAP_REASONS["declared"]))
        return (f'<span class="tr-gap__mark" aria-hidden="true">{text}</span> '
                f'<span class="tr-gap__why">{html_text(why)}</span>\n{attr_list(block.id, ["tr-gap"])}\n')
    spans = extras.spans.get(block.id, []) if block.type == "paragraph" else []
    body = render_inline(text, spans, extras.wrappers) if spans else escape_markdown(text)
    classes = ["tr-doc-title"] if block.type == "title" else []
    return f"{body}\n{attr_list(block.id, classes, block.number)}\n"


def alias_target(anchor: str) -> str:
    """An anchor the block had before (seeds/anchors/): an empty element just before it with the old
    id, so old links still land; reader-anchors.js moves the address on to the block's own."""
    return f'<div class="tr-alias" id="{html_text(anchor)}" aria-hidden="true"></div>\n'


def render_text_page(text: Text, ed: Edition, report_id: str, extras: PageExtras | None = None) -> str:
    """A text's page in one edition: its front matter, title and metadata box, its blocks (each
    followed by its parallel asides), then its notes and its terms' tooltips."""
    extras = extras or PageExtras()
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
    parts = [front_matter(fm), f"# {escape_markdown(text.title[ed.script], False)}\n",
             meta_block(text, ed, page, report_id, gaps)]
    for block in text.blocks:
        parts.extend(alias_target(alias) for alias in block.aliases)
        parts.append(render_block(block, ed, extras))
        if block.id in extras.after_block:
            parts.append(extras.after_block[block.id])
    if extras.after_text:
        parts.append(extras.after_text)
    return "\n".join(parts)


def text_extras(enriched: Enriched, text_id: str, ed: Edition) -> PageExtras:
    """Spans, wrappers and asides for one text page."""
    page = text_path(text_id)
    text = enriched.texts[text_id]
    spans: dict[str, list[Span]] = defaultdict(list)
    for block in text.blocks:
        for occ in enriched.terms.get((text_id, block.id, ed.script), []):
            spans[block.id].append(Span(occ.start, occ.end, "term", occ.entry))
    for annotation in enriched.annotations.get(text_id, []):
        span = annotation.span(ed.script)
        if span:
            spans[annotation.block].append(span)

    glossary = rel(page, GLOSSARY)  # entry_link(page, key) is glossary + "#" + key

    def term(span: Span, inner: str) -> str:
        return f"[{inner}]({glossary}#{span.key}){{: .tr-term }}"

    after_block = parallel_asides(enriched, text_id, ed)

    wrappers = {"term": term, "note": note_wrapper(ed)}
    used = {span.key for block_spans in spans.values() for span in block_spans if span.kind == "term"}
    parts = (notes_section(enriched.annotations.get(text_id, []), page, ed), page_tooltips(enriched, used, ed))
    after_text = "\n".join(part for part in parts if part)
    return PageExtras(spans=dict(spans), wrappers=wrappers, after_block=after_block, after_text=after_text)
