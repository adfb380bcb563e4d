"""Stage 3 — enrich the structured texts: glossary terms, parallel passages, annotations.

Nothing here changes a text.  Enrichment finds *where* things are (term occurrences,
shared passages, annotated quotes) as spans of a block's plain text; rendering turns the
spans into tooltips, links and markers, and the exports list them as data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.glossary import Glossary, Occurrence
from township_reader.enrich.parallels import Cluster, Pair, Passage, find_parallels, parallels_by_block
from township_reader.structure.document import Text
from township_reader.vocabulary import HANS, SCRIPTS

# Blocks whose text gets glossary tooltips: not headings, not title lines, not gaps.
TOOLTIP_BLOCKS = {"paragraph"}


@dataclass
class Enriched:
    glossary: Glossary
    texts: dict[str, Text]
    # (text id, block id, script) -> occurrences in that block's text
    terms: dict[tuple[str, str, str], list[Occurrence]] = field(default_factory=dict)
    clusters: list[Cluster] = field(default_factory=list)
    parallel_links: dict[tuple[str, str], list[tuple[Cluster, Passage, Pair | None]]] = field(default_factory=dict)
    annotations: dict[str, list[Any]] = field(default_factory=dict)
    compilations: dict[str, Any] = field(default_factory=dict)  # by id: their titles and short titles
    warnings: list[str] = field(default_factory=list)  # e.g. a glossary term that is too common a word
    changelog: list[Any] = field(default_factory=list)  # the CHANGELOG's entries, newest first (enrich/changelog.py)

    def term_counts(self, script: str = HANS) -> dict[str, dict[str, int]]:
        """entry id -> text id -> occurrences."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for (text_id, _block, sc), occurrences in self.terms.items():
            if sc == script:
                for occ in occurrences:
                    counts[occ.entry][text_id] += 1
        return counts


def enrich(texts: list[Text], glossary: Glossary, annotations: dict[str, list[Any]] | None = None) -> Enriched:
    """Find the terms and the parallel passages in ``texts``, beside the annotations (anchored by
    :func:`~township_reader.enrich.annotations.load_annotations`)."""
    enriched = Enriched(glossary, {t.id: t for t in texts}, annotations=annotations or {})
    for text in texts:
        for block in text.blocks:
            if block.type not in TOOLTIP_BLOCKS:
                continue
            for script in SCRIPTS:
                found = glossary.find(block.text[script], script)
                if found:
                    enriched.terms[(text.id, block.id, script)] = found
    enriched.clusters = find_parallels(texts, glossary.segmenter_words())
    enriched.parallel_links = parallels_by_block(enriched.clusters)
    return enriched


def passage_text(enriched: Enriched, passage: Passage, script: str, start: int | None = None, end: int | None = None) -> str:
    """A passage (or ``start:end`` of its paragraph) as its paragraph reads in ``script``: the speech's
    own Traditional characters, not a conversion back from Simplified."""
    start = passage.start if start is None else start
    end = passage.end if end is None else end
    if script == HANS:
        block = _block(enriched, passage)
        return block.text[HANS][start:end] if block else passage.quote
    block = _block(enriched, passage)
    if block and len(block.text[script]) == len(block.text[HANS]):
        return block.text[script][start:end]
    return to_traditional(block.text[HANS][start:end] if block else passage.quote)


def _block(enriched: Enriched, passage: Passage):
    text = enriched.texts.get(passage.text)
    return next((b for b in text.blocks if b.id == passage.block), None) if text else None


def export_enrichment(enriched: Enriched, text: Text, script: str) -> dict[str, Any]:
    """What the JSON export of a text carries besides its blocks."""
    terms = []
    for block in text.blocks:
        for occ in enriched.terms.get((text.id, block.id, script), []):
            terms.append({"term": enriched.glossary.by_id[occ.entry].term, "entry": occ.entry, "block": block.id,
                          "start": occ.start, "end": occ.end, "form": occ.form})
    parallels = []
    for block in text.blocks:
        for cluster, other, pair in enriched.parallel_links.get((text.id, block.id), []):
            mine = pair.a if pair and pair.a.text == text.id else pair.b if pair else None
            parallels.append({"block": block.id, "start": mine.start if mine else None, "end": mine.end if mine else None,
                              "text": other.text, "other_block": other.block, "other_start": other.start,
                              "other_end": other.end, "passage": passage_text(enriched, other, script),
                              "parallel": cluster.id,
                              "shared": pair.shared if pair else None})
    annotations = [a.export(script) for a in enriched.annotations.get(text.id, [])]
    return {"terms": terms, "parallels": parallels, "annotations": annotations}
