"""Stage 3 — enrich the structured texts: glossary terms, parallel passages, annotations.

Nothing here changes a text.  Enrichment finds *where* things are (term occurrences,
shared passages, annotated quotes) as spans of a block's plain text; rendering turns the
spans into tooltips, links and markers, and the exports list them as data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from township_reader.enrich.glossary import Glossary, Occurrence
from township_reader.enrich.parallels import Cluster, find_parallels, parallels_by_block
from township_reader.enrich.parallels import Occurrence as ParallelOccurrence
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
    parallel_links: dict[tuple[str, str], list[tuple[Cluster, ParallelOccurrence]]] = field(default_factory=dict)
    annotations: dict[str, list[Any]] = field(default_factory=dict)
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
    enriched.clusters = find_parallels(texts)
    enriched.parallel_links = parallels_by_block(enriched.clusters)
    return enriched


def export_enrichment(enriched: Enriched, text: Text, script: str) -> dict[str, Any]:
    """What the JSON export of a text carries besides its blocks."""
    terms = []
    for block in text.blocks:
        for occ in enriched.terms.get((text.id, block.id, script), []):
            terms.append({"term": enriched.glossary.by_id[occ.entry].term, "entry": occ.entry, "block": block.id,
                          "start": occ.start, "end": occ.end, "form": occ.form})
    parallels = []
    for block in text.blocks:
        for cluster, other in enriched.parallel_links.get((text.id, block.id), []):
            parallels.append({"block": block.id, "text": other.text, "other_block": other.block,
                              "passage": other.quote, "parallel": cluster.id})
    annotations = [a.export(script) for a in enriched.annotations.get(text.id, [])]
    return {"terms": terms, "parallels": parallels, "annotations": annotations}
