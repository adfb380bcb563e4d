"""The structured document: the one data model every later stage reads.

A raw text's :class:`Conversion` holds its :class:`Text` s (one, or a compilation's articles)
and how it was cleaned. A :class:`Text` has a title, source metadata and a list of
:class:`Block` s: title lines, headings (with levels), paragraphs and gaps, each with its
text in both scripts and an id both editions share. Markdown, JSON, plain text, the search
index and the glossary concordance are all renderings of this one model. The structure stage
makes it in the original's script; the editions stage adds the other script and the ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from township_reader.clean.formats import Profile
from township_reader.clean.trace import Trace
from township_reader.decode.text import RawText
from township_reader.structure.catalog import Inference
from township_reader.vocabulary import HANS


@dataclass
class Block:
    """A title line, heading, paragraph or gap, with its text in both scripts."""

    type: str  # "title" | "heading" | "paragraph" | "gap"
    text: dict[str, str]
    level: int | None = None  # headings: 2 for 一、, 3 for （一）, 4 for 1. (nested by context)
    gap: str | None = None  # gaps: why text is missing
    id: str = ""
    aliases: list[str] = field(default_factory=list)  # anchors it had before, which still land on it (structure/published.py)
    number: str | None = None  # paragraphs: the number the site shows (§12), anchors.paragraph_numbers

    def plain(self, script: str = HANS) -> str:
        return self.text[script]


@dataclass
class Source:
    file: str
    site: str | None
    date: str | None
    format: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "site": self.site, "date": self.date, "format": self.format, **self.extra}


@dataclass
class PartOf:
    id: str
    title: dict[str, str]
    number: int
    count: int


_SPACE = re.compile(r"\s")


@dataclass
class Text:
    """One text of the corpus (an article of a compilation is a text of its own)."""

    id: str
    title: dict[str, str]
    source: Source
    original_script: str
    keywords: dict[str, list[str]]
    blocks: list[Block]
    part_of: PartOf | None = None
    warnings: list[str] = field(default_factory=list)
    conversion: Any = None  # how the other edition was made (editions.ConversionRecord)
    # the catalogue's short title, by script (zh-Hans, zh-Hant) and "en"; none: the title stands in
    short_title: dict[str, str] = field(default_factory=dict)
    inferences: dict[str, Inference] = field(default_factory=dict)  # the editors' (catalog.INFERENCES)

    _char_counts: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def short(self, script: str = HANS) -> str:
        """How the site names this text where it refers to it: its short title (its title if the
        catalogue gives none), in ``script`` or in English ("en")."""
        if script in self.short_title:
            return self.short_title[script]
        return self.title.get(script) or self.title[self.original_script]

    def char_count(self, script: str = HANS) -> int:
        """Characters of the reading text, without whitespace and gap marks (counted once)."""
        if script not in self._char_counts:
            self._char_counts[script] = sum(len(b.text[script]) - len(_SPACE.findall(b.text[script]))
                                            for b in self.blocks if b.type != "gap")
        return self._char_counts[script]


@dataclass
class Compilation:
    """A page of several articles: each article is a :class:`Text` with ``part_of`` set."""

    id: str
    title: dict[str, str]
    source: Source
    short_title: dict[str, str] = field(default_factory=dict)  # as Text.short_title

    def short(self, script: str = HANS) -> str:
        return self.short_title.get(script) or self.title.get(script) or next(iter(self.title.values()))


@dataclass
class Conversion:
    """One raw text, converted: where it came from, how it was cleaned, and the texts it holds."""

    raw: RawText
    profile: Profile
    trace: Trace
    original_script: str
    texts: list[Text]
    compilation: Compilation | None = None
    warnings: list[str] = field(default_factory=list)
    report: dict[str, Any] | None = None  # the cleaning report, computed once (report.report_data)
    standard: Any = None  # a Traditional original: the standard it follows (editions.StandardDecision)

    @property
    def report_id(self) -> str:
        return self.compilation.id if self.compilation else self.texts[0].id
