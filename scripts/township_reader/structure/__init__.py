"""Stage 3 — structure: the cleaned text as a document, in its own script.

Its texts (one, or each article of a compilation), their titles and sources, and their blocks:
title lines, headings nested by their numbering, paragraphs and gaps. The editions stage adds
the other script and the ids (:mod:`township_reader.editions`).
"""

from __future__ import annotations

from township_reader.clean import Cleaned
from township_reader.decode import RawText
from township_reader.structure.blocks import make_blocks, parse_blocks
from township_reader.structure.catalog import CatalogEntry, slug_from_file_name
from township_reader.structure.document import Compilation, Conversion, PartOf, Source, Text
from township_reader.structure.script import detect_script
from township_reader.vocabulary import SENTINEL

SOURCE_EXTRA_KEYS = ("site_id", "pages", "size", "time", "source_note")


def structure(raw: RawText, cleaned: Cleaned, entry: CatalogEntry | None) -> Conversion:
    """The document a cleaned raw text holds, each text's blocks in the original's script."""
    trace = cleaned.trace
    title = str(cleaned.meta.get("title") or first_line(trace.text) or raw.path.stem)
    script = detect_script(trace.text)
    articles = parse_blocks(trace.text, title, cleaned.declared)
    base_id = entry.id if entry else slug_from_file_name(raw.name)
    source = Source(
        file=raw.name,
        site=cleaned.profile.site,
        date=cleaned.meta.get("date"),
        format=cleaned.profile.id,
        extra={k: cleaned.meta[k] for k in SOURCE_EXTRA_KEYS if k in cleaned.meta},
    )
    keywords = {script: list(dict.fromkeys([*cleaned.meta.get("keywords", []), *cleaned.meta.get("tags", [])]))}
    warnings = cleaned.warnings
    if not cleaned.profile.compilation or (len(articles) == 1 and articles[0][0] == 0):
        text = Text(base_id, {script: title}, source, script, keywords, make_blocks(articles[0][1], script),
                    warnings=warnings)
        catalogued(text, entry)
        return Conversion(raw, cleaned.profile, trace, script, [text], warnings=warnings)

    article_titles = {a["number"]: a["title"] for a in cleaned.meta.get("articles", [])}
    ids = list(entry.articles) if entry and entry.articles else []
    compilation = Compilation(base_id, {script: title}, source)
    catalogued(compilation, entry)
    texts = []
    for index, (number, raw_blocks) in enumerate(articles):
        text_id = ids[index] if index < len(ids) else f"{base_id}-{number or index + 1}"
        part = PartOf(base_id, compilation.title, number, len(articles))
        texts.append(Text(text_id, {script: article_titles.get(number, f"{title}（{number}）")}, source, script,
                          keywords, make_blocks(raw_blocks, script), part_of=part))
        catalogued(texts[-1], entry)
    return Conversion(raw, cleaned.profile, trace, script, texts, compilation, warnings)


def catalogued(text: Text | Compilation, entry: CatalogEntry | None) -> None:
    """What the catalogue records about the text: its short title (in Simplified and English; the
    editions stage adds the Traditional one) and the editors' inferences."""
    info = entry.info.get(text.id) if entry else None
    if info is None:
        return
    given = info.short_title
    text.short_title = {k: v for k, v in (("zh-Hans", given.get("zh")), ("zh-Hant", given.get("zh-Hant")),
                                           ("en", given.get("en"))) if v}
    if isinstance(text, Text):
        text.inferences = dict(info.inferences)


def first_line(text: str) -> str:
    """The first line of ``text`` that has words (not a line the converter inserted)."""
    for line in text.splitlines():
        if line.strip() and not line.startswith(SENTINEL):
            return line.strip()
    return ""


__all__ = ["structure"]
