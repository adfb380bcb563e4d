"""The cleaning report: every removal and repair, with counts, and the proof nothing else changed.

The report of a raw text lists every :class:`~township_reader.trace.Step`, counts them
per rule, and balances the Han characters: those of the seed must equal those kept in
the reading text, plus those removed, minus those inserted.  A correction or a rule
that lost or invented a character without recording it breaks the balance, and the
fidelity tests fail.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from .chinese import han_characters, han_only
from .pipeline import Conversion
from .structure import GAP_REASONS
from .trace import Trace, replays_to


def han_counter(text: str) -> Counter[str]:
    """The Han characters of ``text``, as a multiset.

    >>> sorted(han_counter("**镇，镇长A1").items())
    [('镇', 2), ('长', 1)]
    """
    return Counter(han_characters(text))


def kept_text(conversion: Conversion) -> str:
    """All reading text of a conversion, in the text's own script, block by block."""
    script = conversion.original_script
    return "\n".join(b.text[script] for t in conversion.texts for b in t.blocks if b.type != "gap")


def han_balance(conversion: Conversion) -> dict[str, Any]:
    """Seed Han characters = kept + removed − inserted, as counts and as a check.

    The identity holds if replaying the recorded steps on the seed gives the cleaned text
    (each step then removed exactly its ``old`` and put in its ``new``) and the reading text has
    exactly the cleaned text's Han characters, in order: both are checked in linear time. If
    either fails, the characters are counted, to say which are unaccounted for or invented.
    """
    trace = _trace(conversion)
    steps = trace.steps
    seed = han_only(conversion.raw.text)
    removed = han_only("".join(step.old for step in steps))
    inserted = han_only("".join(step.new for step in steps))
    kept = han_only(kept_text(conversion))
    missing = extra = Counter()
    if not (kept == han_only(trace.text) and replays_to(conversion.raw.text, steps, trace.batches, trace.text)):
        accounted = Counter(kept + removed)
        accounted.subtract(inserted)
        seed_counts = Counter(seed)
        missing, extra = seed_counts - accounted, +accounted - seed_counts
    return {
        "seed": len(seed),
        "kept": len(kept),
        "removed": len(removed),
        "inserted": len(inserted),
        "balanced": not missing and not extra,
        "unaccounted": "".join(sorted(missing.elements())),
        "invented": "".join(sorted(extra.elements())),
    }


def _trace(conversion: Conversion) -> Trace:
    if conversion.trace is None:
        raise ValueError(f"{conversion.raw.name}: this conversion was read back from a pickle and keeps no "
                         "trace; its report was made before (conversion.report)")
    return conversion.trace


def report_data(conversion: Conversion) -> dict[str, Any]:
    """The report of one raw text, as published in ``reports/<id>.json``."""
    steps = _trace(conversion).steps
    counts = Counter(s.rule for s in steps)
    gaps = []
    for text in conversion.texts:
        for block in text.blocks:
            if block.type == "gap":
                gaps.append({"text": text.id, "block": block.id, "reason": block.gap,
                             "description": GAP_REASONS.get(block.gap or "", "")})
    return {
        "id": conversion.report_id,
        "seed": {
            "file": conversion.raw.name,
            "sha256": hashlib.sha256(conversion.raw.text.encode("utf-8")).hexdigest(),
            "encoding": conversion.raw.encoding,
            "characters": len(conversion.raw.text),
        },
        "format": conversion.profile.id,
        "site": conversion.profile.site,
        "texts": [t.id for t in conversion.texts],
        "original_script": conversion.original_script,
        "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "han": han_balance(conversion),
        "gaps": gaps,
        "warnings": list(conversion.warnings),
        "steps": list(steps),  # Steps: dump_json writes each with Step.__json__
    }

