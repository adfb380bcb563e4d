"""Stage 5 — enrich: what the corpus adds to its texts.

The glossary's terms found in every paragraph, in both scripts (:mod:`~township_reader.enrich.glossary`);
the editors' notes anchored to their quotes (:mod:`~township_reader.enrich.annotations`), with
their sources checked against the accepted publishers (:mod:`~township_reader.enrich.publishers`);
the passages texts share (:mod:`~township_reader.enrich.parallels`). Each is found as spans of a
block's plain text (:mod:`~township_reader.enrich.spans`); the render stage marks them up.
"""

from township_reader.enrich.corpus import Enriched, enrich

__all__ = ["Enriched", "enrich"]
