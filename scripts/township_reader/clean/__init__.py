"""Stage 2 — clean: remove what the sites added, repair what they broke, and record every change.

The site format is recognised (:mod:`~township_reader.clean.formats`, data in ``formats/``),
the cleaning rules run in their one order (:data:`~township_reader.clean.rules.RULES`), the
editors' declared corrections are applied between the repairs and the structure rules, and
every step is kept in a :class:`~township_reader.clean.trace.Trace` that replays to the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from township_reader.clean.corrections import Correction, apply_corrections
from township_reader.clean.formats import Profile, all_profiles, detect_profile
from township_reader.clean.rules import clean, run_stage
from township_reader.clean.trace import Trace


@dataclass
class Cleaned:
    """A raw text after cleaning: its trace (the text and every step), the site format, what the
    rules learned (title, date, keywords …), the headings the corrections declared, warnings."""

    trace: Trace
    profile: Profile
    declared: dict[str, str]
    warnings: list[str] = field(default_factory=list)

    @property
    def meta(self) -> dict[str, Any]:
        return self.trace.meta


def clean_text(text: str, seed: str, corrections: list[Correction]) -> Cleaned:
    """Clean one raw text (``seed`` names it in warnings): the site's boilerplate and damage, then
    the editor's ``corrections``, then the structure rules."""
    profile = detect_profile(text)
    warnings: list[str] = []
    if profile.id == "generic":
        tried = ", ".join(p.id for p in all_profiles() if p.id != "generic")
        warnings.append(f"{seed}: unrecognised site format (tried {tried}); no boilerplate removed, "
                        "generic repairs only, first line taken as the title")
    trace, ctx = clean(text, profile, stop_before="structure")
    declared = apply_corrections(trace, corrections)
    run_stage(trace, ctx, "structure")
    warnings.extend(f"{seed}: {w}" for w in ctx.warnings)
    return Cleaned(trace, profile, declared, warnings)


__all__ = ["Cleaned", "clean_text"]
