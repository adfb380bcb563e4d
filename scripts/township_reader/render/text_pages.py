"""A text's page: its metadata box, its blocks with their terms, notes and parallel asides, its
notes and its terms' tooltips."""

from __future__ import annotations

from collections import defaultdict

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.corpus import Enriched
from township_reader.enrich.spans import Span
from township_reader.render.glossary_pages import glossary_link_of, page_tooltips
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
    text_names,
    text_path,
)
from township_reader.render.parallels_pages import parallel_asides
from township_reader.render.reports import conversion_note
from township_reader.structure.catalog import INFERENCES
from township_reader.structure.document import Block, Text
from township_reader.vocabulary import GAP_REASONS, HANS


def source_line(text: Text, ed: Edition) -> str:
    """Where the text was found: the site (or that the page names none) and the site's document ID
    and size. The site's date and tags have rows of their own, named as the site's."""
    src = text.source
    parts = [ed.ui(src.site or SITE_UNKNOWN)]
    if "site_id" in src.extra:
        parts.append(ed.ui(f"文档 ID {src.extra['site_id']}"))
    if "size" in src.extra:
        parts.append(src.extra["size"])
    return " · ".join(parts)


def inference_row(text: Text, key: str, ed: Edition, evidence: dict[str, str], page: str) -> str | None:
    """An inference of the editors about the text, marked as one, with links to what argues it."""
    inference = text.inferences.get(key)
    if inference is None:
        return None
    value = inference.zh if ed.script == HANS else to_traditional(inference.zh)
    # the anchors on this page (a page made without the notes, ``convert --out``, has only its paragraphs)
    links = "、".join(f"[{evidence[anchor]}](#{anchor})" for anchor in inference.evidence if anchor in evidence)
    return (f"{escape_markdown(value, False)} <span class=\"tr-inferred\">{html_text(ed.ui('编者推断'))}</span>"
            + (f"<span class=\"tr-evidence\">{ed.ui('依据：')}{links}</span>" if links else ""))


def meta_block(text: Text, ed: Edition, page: str, report_id: str, gaps: int, evidence: dict[str, str] | None = None) -> str:
    """The metadata box each text page opens with: what the editors infer about the text (each
    marked as an inference, linked to the notes or passages that argue it), then what the source
    says, as the source's: its site, the date it shows (上传日期) and its tags (网站标签)."""
    ui = ed.ui
    evidence = evidence or {}
    rows = []
    for key, (label, _en) in INFERENCES.items():
        row = inference_row(text, key, ed, evidence, page)
        if row:
            rows.append((ui(label), row))
    rows.append((ui("来源"), source_line(text, ed)))
    if text.source.date:
        rows.append((ui("上传日期"), ui(f"{text.source.date}（网站页面所记，不是写作日期）")))
    if text.keywords[ed.script]:
        rows.append((ui("网站标签"), "、".join(escape_markdown(k, False) for k in text.keywords[ed.script])
                     + ui("（网站所加，不是作者的关键词）")))
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


def evidence_labels(enriched: Enriched, text: Text, ed: Edition) -> dict[str, str]:
    """How the metadata box names each piece of evidence: a note by its number (注 3), a paragraph
    by its opening words (原文“今天我们利用…”)."""
    labels = {a.id: ed.ui(f"注 {a.number}") for a in enriched.annotations.get(text.id, [])}
    for block in text.blocks:
        words = block.text[ed.script]
        labels.setdefault(block.id, ed.ui("原文") + f"“{escape_markdown(words[:8], False)}{'…' if len(words) > 8 else ''}”")
    return labels


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
             meta_block(text, ed, page, report_id, gaps, extras.evidence)]
    for block in text.blocks:
        parts.extend(alias_target(alias) for alias in block.aliases)
        parts.append(render_block(block, ed, extras))
        if block.id in extras.after_block:
            parts.append(extras.after_block[block.id])
    if extras.after_text:
        parts.append(extras.after_text)
    return "\n".join(parts)


TAB_STOP: dict[str, str] = {"stop": "1"}
NOT_A_STOP: dict[str, str] = {}


def text_extras(enriched: Enriched, text_id: str, ed: Edition) -> PageExtras:
    """Spans, wrappers and asides for one text page."""
    page = text_path(text_id)
    text = enriched.texts[text_id]
    spans: dict[str, list[Span]] = defaultdict(list)
    # A term is a Tab stop where it first occurs in the text; its later occurrences are links for the
    # mouse, touch and a screen reader's list of links, not Tab stops (the speech has 176 terms)
    seen: set[str] = set()
    for block in text.blocks:
        for occ in enriched.terms.get((text_id, block.id, ed.script), []):
            stop = occ.entry not in seen
            seen.add(occ.entry)
            spans[block.id].append(Span(occ.start, occ.end, "term", occ.entry, TAB_STOP if stop else NOT_A_STOP))
    for annotation in enriched.annotations.get(text_id, []):
        span = annotation.span(ed.script)
        if span:
            spans[annotation.block].append(span)

    link = glossary_link_of(enriched, page)

    def term(span: Span, inner: str) -> str:
        attrs = "" if span.data.get("stop") else ' tabindex="-1"'
        return f"[{inner}]({link(span.key)}){{: .tr-term{attrs} }}"

    after_block = parallel_asides(enriched, text_id, ed)

    wrappers = {"term": term, "note": note_wrapper(ed)}
    used = {span.key for block_spans in spans.values() for span in block_spans if span.kind == "term"}
    parts = (notes_section(enriched.annotations.get(text_id, []), page, ed, text_names(enriched)),
             page_tooltips(enriched, used, ed))
    after_text = "\n".join(part for part in parts if part)
    return PageExtras(spans=dict(spans), wrappers=wrappers, after_block=after_block, after_text=after_text,
                      evidence=evidence_labels(enriched, text, ed))
