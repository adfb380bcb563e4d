"""The search index: every heading and paragraph of every text, the editors' notes and the
glossary, for the in-browser search.

Stock Material search cannot search Chinese well:
it matches only word prefixes, cannot find a word inside a longer one, returns section
hits rather than paragraphs, and a Simplified query never finds Traditional text.  Our
search (``overrides/assets/javascripts/reader-search.js``) matches substrings, so it needs
no word segmentation: every paragraph is a document, a result links to its anchor, and
both the text and the query are folded to Simplified characters and to one form of each
variant (:mod:`township_reader.render.folding`), with tables that ship inside the index.

Three kinds of document: the texts' headings and paragraphs (``docs``), the editors' notes
(``notes``: the note, its kind and the words it annotates), and the glossary's entries
(``entries``: found by a form of the term, its pinyin or English, or by words of its definition).

The index is a script (``search/corpus.js``) rather than JSON, because a page opened from
``file://`` may load a script but may not fetch a file.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.annotations import KINDS
from township_reader.enrich.corpus import Enriched
from township_reader.render.folding import pairs, query_alternatives, simplified_fold, traditional_fold
from township_reader.render.markdown import html_text
from township_reader.render.notes import note_html
from township_reader.render.pages import Edition, front_matter, text_path
from township_reader.structure.document import Conversion
from township_reader.vocabulary import HANS, HANT, is_han

INDEX_VERSION = 2


# Up to this many characters of text (about 70 texts), the index carries only the part of the
# fold table the corpus uses (for the five seeds 4 KB instead of 18 KB); above it the whole table,
# then under 2% of the index, which saves a pass over every character of the corpus.
FOLD_SUBSET_MAX_CHARS = 250_000


def fold_table(corpus_chars: set[str] | None) -> dict[str, str]:
    """The part of the fold a query can use: characters that fold to a corpus character (all of
    it if ``corpus_chars`` is None).

    A query character that folds to nothing in the corpus cannot match anyway.
    """
    table = simplified_fold()
    if corpus_chars is None:
        return dict(table)
    return {k: v for k, v in table.items() if v in corpus_chars or k in corpus_chars}


def page_url(path: str) -> str:
    """The built page of a docs path (the site uses ``.html`` URLs so it works from file://)."""
    return path[:-3] + ".html"


def search_index(conversions: list[Conversion], ed: Edition, extra_docs: list[dict[str, Any]] | None = None,
                 notes: list[list[Any]] | None = None) -> dict[str, Any]:
    """The index of one edition: ``pages`` [url, title]; ``docs`` [page, anchor, type (t, h, p),
    text, the heading it is under, its paragraph number]; ``entries`` (:func:`search_entries`);
    ``notes`` (:func:`search_notes`); and the fold tables."""
    pages: list[list[str]] = []
    docs: list[list[Any]] = []
    page_of: dict[str, int] = {}
    size = sum(t.char_count(ed.script) for c in conversions for t in c.texts)
    chars: set[str] | None = set() if size <= FOLD_SUBSET_MAX_CHARS else None
    for conv in conversions:
        for text in conv.texts:
            page = page_of[text.id] = len(pages)
            title = text.title[ed.script]
            pages.append([page_url(text_path(text.id)), title])
            section = -1
            for block in text.blocks:
                if block.type == "gap":
                    continue
                content = block.text[ed.script]
                if chars is not None:
                    chars.update(content)
                if block.type == "heading":
                    section = len(docs)
                docs.append([page, block.id, block.type[0], content, section, block.number or ""])
    data: dict[str, Any] = {
        "version": INDEX_VERSION,
        "script": ed.script,
        "pages": pages,
        "docs": docs,
        "entries": extra_docs or [],
        "notes": [[page_of[note[0]], *note[1:]] for note in notes or [] if note[0] in page_of],
    }
    if chars is not None:
        for entry in data["entries"]:
            chars.update(json.dumps(entry, ensure_ascii=False))
        for note in data["notes"]:
            chars.update(json.dumps(note, ensure_ascii=False))
        chars = {ch for ch in chars if is_han(ch)}
    data["fold"] = pairs(fold_table(chars))
    data["traditional"] = pairs(traditional_fold()) if ed.script == HANT else ""
    data["alternatives"] = query_alternatives()
    return data


def search_index_js(conversions: list[Conversion], ed: Edition, extra_docs: list[dict[str, Any]] | None = None,
                    notes: list[list[Any]] | None = None) -> str:
    data = search_index(conversions, ed, extra_docs, notes)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"/* Township Reader search index ({ed.script}); generated by township-reader convert */\nwindow.__trSearchIndex={payload};\n"


def search_entries(enriched: Enriched, ed: Edition) -> list[dict[str, Any]]:
    """Glossary entries as search documents: found by any form, toneless pinyin or English (a
    dictionary card), or by the words of their definition (a definition, shown with the words)."""
    entries = []
    for entry in enriched.glossary.entries:
        definition = entry.zh if ed.script == HANS else to_traditional(entry.zh)
        entries.append({
            "term": entry.title(ed.script),
            "forms": entry.forms(ed.script) + ([entry.term] if ed.script != HANS else entry.traditional),
            "pinyin": entry.pinyin,
            "keys": [entry.id, entry.pinyin.replace(" ", "")],
            "english": entry.english,
            "definition": entry.short_definition(ed.script),
            "text": definition,
            "url": f"glossary/index.html#{entry.id}",
        })
    return entries


_TAG = re.compile(r"<[^>]+>")


def note_text(annotation: Any, script: str) -> str:
    """A note as plain text, as it reads on the page (links as their words)."""
    return html.unescape(_TAG.sub("", note_html(annotation, script))).strip()


def search_notes(enriched: Enriched, ed: Edition) -> list[list[Any]]:
    """The editors' notes as search documents: [text id, note anchor, kind (in the edition's
    words), the quote, the note], in the order of the texts."""
    notes = []
    for text_id, text_notes in enriched.annotations.items():
        for a in text_notes:
            notes.append([text_id, a.id, ed.ui(KINDS[a.kind]), a.quote_in(ed.script), note_text(a, ed.script)])
    return notes


def render_search_page(ed: Edition) -> str:
    """``search.html``: the full results of a search (``search.html?q=一票否决``), every matching
    paragraph, note and glossary entry, rendered by ``reader-search.js``. A search has an address:
    it can be bookmarked, shared, opened in a new tab, and the back button returns to it. A plain
    form, so it works from ``file://`` too."""
    def ui(text: str) -> str:  # Taiwan's words, as the header's search box says them (overrides/partials/search.html)
        return ed.ui(text).replace("搜索", "搜尋").replace("運行", "執行") if ed.script == HANT else text

    label = ui("搜索全部文本、注释和术语表")
    return (front_matter({"title": ui("搜索"), "edition": ed.script, "hide": ["toc"]})
            + f"# {ui('搜索')}\n\n"
            + '<div class="tr-search-page" data-tr-search-page>\n'
            + f'<form class="tr-search-page__form" role="search" aria-label="{html_text(label)}" action="search.html" method="get">'
            + f'<label class="tr-search-page__label" for="tr-search-page-q">{html_text(label)}</label>'
            + '<input class="tr-search-page__input" id="tr-search-page-q" name="q" type="search" autocomplete="off" '
            + 'spellcheck="false" data-tr-search-page-query>'
            + f'<button class="tr-search-page__submit md-button md-button--primary" type="submit">{html_text(ui("搜索"))}</button>'
            + '</form>\n'
            + '<p class="tr-search-page__status" role="status" aria-live="polite" data-tr-search-page-status></p>\n'
            + '<div class="tr-search-page__results md-search-result" data-tr-search-page-results></div>\n'
            + f'<noscript><p>{html_text(ui("搜索需要浏览器运行 JavaScript。"))}</p></noscript>\n'
            + "</div>\n\n"
            + ed.ui_forms("文本、注释和术语表都在其中。简体和繁体、异体字（如“⟪裡⟫、⟪裏⟫、⟪里⟫”，“⟪著⟫、⟪着⟫”）一律视为同一个字，"
                 "词中的字也能找到（“否决”能找到“一票否决”）。排序和字形归并的规则见")
            + f"[{ui('凡例')}](fanli.md#search)" + ui("。") + "\n")
