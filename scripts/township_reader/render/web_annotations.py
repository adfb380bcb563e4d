"""The editors' notes as W3C Web Annotations (JSON-LD): one collection per text, one for the corpus.

Each note is an ``Annotation`` (https://www.w3.org/TR/annotation-model/) whose ``@context`` is
the Web Annotation vocabulary's, ``http://www.w3.org/ns/anno.jsonld``, named by its address as
the model requires (the context is never fetched or copied here). It has

- a body: the note in both scripts (a ``Choice`` of two ``TextualBody`` s, HTML, each with its
  ``language``), its sources listed after it; and a ``tagging`` body with the note's kind;
- a target per edition: the text's page in that edition, with two selectors that select the
  same words: a ``TextQuoteSelector`` (``exact``, and up to :data:`CONTEXT` characters of the
  paragraph before and after as ``prefix`` and ``suffix``), and the paragraph's anchor as a
  ``FragmentSelector`` refined by a ``TextPositionSelector`` (code points of the paragraph's
  reading text: what the page shows of it, without the note numbers and the ¶ link the site
  adds).

Addresses are relative to the collection file (``exports/<id>.annotations.jsonld``), as JSON-LD
resolves them against the document's own URL: they point at the pages beside it, hosted or
opened from disk. ``township-reader build --site-url URL`` writes them absolute in the
published copies (:mod:`township_reader.publish.stamp`).

Schema of what is written here: ``scripts/township_reader/schemas/web-annotation.schema.json``.
"""

from __future__ import annotations

from typing import Any

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.annotations import Annotation, source_in
from township_reader.enrich.corpus import Enriched
from township_reader.render.markdown import html_text
from township_reader.render.notes import render_note
from township_reader.render.pages import EDITIONS, Edition, rel
from township_reader.structure.document import Text
from township_reader.vocabulary import HANS

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
CORPUS_COLLECTION = "exports/annotations.jsonld"
CONTEXT = 32  # characters of prefix and suffix, as Hypothesis takes


def annotations_path(text_id: str) -> str:
    return f"exports/{text_id}.annotations.jsonld"


def note_body_html(a: Annotation, script: str) -> str:
    """The note as HTML (sanitised, as on the page), followed by its sources."""
    note = render_note(a.note if script == HANS else to_traditional(a.note))
    if not a.sources:
        return note
    items = "".join(f"<li>{html_text(source_in(s, script))}</li>" for s in a.sources)
    return note + f'<ul class="sources">{items}</ul>'


def annotation_ld(a: Annotation, text: Text, ed: Edition) -> dict[str, Any]:
    """One note as an Annotation (without ``@context``: it is the collection's); addresses relative
    to ``ed``'s exports folder."""
    here = ed.prefix + annotations_path(text.id)
    block = next(b for b in text.blocks if b.id == a.block)
    targets = []
    for edition in EDITIONS:
        body = block.text[edition.script]
        targets.append({
            "type": "SpecificResource",
            "source": rel(here, f"{edition.prefix}texts/{text.id}.html"),
            "selector": [
                {"type": "TextQuoteSelector", "exact": body[a.start : a.end],
                 "prefix": body[max(0, a.start - CONTEXT) : a.start], "suffix": body[a.end : a.end + CONTEXT]},
                {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986", "value": a.block,
                 "refinedBy": {"type": "TextPositionSelector", "start": a.start, "end": a.end}},
            ],
        })
    return {
        "id": f"{text.id}.annotations.jsonld#{a.id}",
        "type": "Annotation",
        "motivation": "commenting",
        "creator": {"name": a.author},
        "body": [
            {"type": "Choice", "items": [
                {"type": "TextualBody", "purpose": "commenting", "format": "text/html", "language": edition.script,
                 "value": note_body_html(a, edition.script)} for edition in EDITIONS]},
            {"type": "TextualBody", "purpose": "tagging", "value": a.kind},
        ],
        "target": targets,
    }


def collection(collection_id: str, label: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """An AnnotationCollection with its one page of items (the annotations)."""
    data: dict[str, Any] = {"@context": CONTEXT_URL, "id": collection_id, "type": "AnnotationCollection",
                            "label": label, "total": len(items)}
    if items:
        data["first"] = {"id": f"{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}
    return data


def text_collection(text: Text, enriched: Enriched, ed: Edition) -> dict[str, Any]:
    items = [annotation_ld(a, text, ed) for a in enriched.annotations.get(text.id, [])]
    label = ed.ui("《") + text.title[ed.script] + ed.ui("》的编者注释")
    return collection(f"{text.id}.annotations.jsonld", label, items)


def corpus_collection(texts: list[Text], enriched: Enriched, ed: Edition) -> dict[str, Any]:
    items = [annotation_ld(a, text, ed) for text in texts for a in enriched.annotations.get(text.id, [])]
    return collection("annotations.jsonld", ed.ui("乡镇文献注读：全部编者注释"), items)
