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


# The share of a seed's Han characters the cleaning (rules and corrections together) may remove
# without an editor's word for it: the seeds lose 0.5–21% (site headers, teasers of other pages).
# More than this is a site format or a correction gone wrong, unless the seed's catalogue entry
# says why (``acknowledge_removal``). A text left with no characters at all is always an error.
MAX_REMOVED_SHARE = 0.5


def removal_problem(conversion: Conversion, report: dict[str, Any], acknowledged: bool = False) -> str | None:
    """What is wrong, if the cleaning emptied a text or removed too much of the seed; else None."""
    for text in conversion.texts:
        if text.char_count() == 0:
            return (f"text '{text.id}' is empty after cleaning ({_largest_removal(report['steps'])} removed the most) — a correction "
                    "or a site format may not remove a whole text; check them")
    han = report["han"]
    share = han["removed"] / han["seed"] if han["seed"] else 0.0
    if share > MAX_REMOVED_SHARE and not acknowledged:
        return (f"the cleaning removed {share:.0%} of the seed's Han characters ({han['removed']:,} of "
                f"{han['seed']:,}; {_largest_removal(report['steps'])} removed the most), more than {MAX_REMOVED_SHARE:.0%} — check the "
                "corrections and the site format, or say why in the seed's entry in seeds/catalog.yml "
                "(acknowledge_removal: …)")
    return None


def _largest_removal(steps: list[Any]) -> str:
    """The rule, or the correction (file:line), that removed the most Han characters."""
    removed: Counter[str] = Counter()
    for step in steps:
        if step.rule == "correction":
            where = step.note.split(": ", 1)[0]
            removed[f"the correction at {where}"] += len(han_only(step.old))
        else:
            removed[f"rule {step.rule}"] += len(han_only(step.old))
    return removed.most_common(1)[0][0] if removed else "no step"
