"""One raw text through clean → correct → structure: the :class:`Conversion` later stages read."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import CatalogEntry, slug_from_file_name
from .chinese import HANS, HANT, detect_script
from .corrections import apply_corrections, load_corrections
from .decode import RawText
from .formats import Profile, all_profiles, detect_profile
from .rules import RuleContext, clean, run_stage
from .script_conversion import (
    CONTEXT,
    ConversionRecord,
    Converters,
    ScriptConverter,
    StandardDecision,
    current_converters,
    detect_standard,
    load_overrides,
)
from .structure import SCRIPTS, Block, PartOf, RawBlock, Source, Text, make_blocks, parse_blocks
from .trace import Trace

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CORRECTIONS = SEEDS / "corrections"
CONVERSION_OVERRIDES = SEEDS / "conversion"

SOURCE_EXTRA_KEYS = ("site_id", "pages", "size", "time", "source_note")


@dataclass
class Compilation:
    """A page of several articles: each article is a :class:`Text` with ``part_of`` set."""

    id: str
    title: dict[str, str]
    source: Source
    article_ids: list[str]


@dataclass
class Conversion:
    raw: RawText
    profile: Profile
    trace: Trace | None  # None once pickled: see __getstate__
    original_script: str
    texts: list[Text]
    compilation: Compilation | None = None
    warnings: list[str] = field(default_factory=list)
    report: dict[str, Any] | None = None  # the cleaning report, computed once (report.report_data)
    report_files: dict[str, str] | None = None  # its JSON and its page in each edition, by docs path
    standard: StandardDecision | None = None  # a Traditional original: the standard it follows

    def __getstate__(self) -> dict[str, Any]:
        """A pickled conversion (the cache, a worker's result) is a finished one: it keeps what
        publishing reads. The trace and the report's list of steps, already written out in
        ``report_files``, are left out: their hundreds of small objects made most of the
        pickle's loading time (about 1.0 ms a text, 0.12 ms without them)."""
        state = self.__dict__.copy()
        state["trace"] = None
        if self.report is not None:
            state["report"] = {key: value for key, value in self.report.items() if key != "steps"}
        return state

    def finish(self) -> Conversion:
        """Keep only what a pickled copy keeps (:meth:`__getstate__`): for a conversion made in the
        process that publishes it, whose trace (a seed offset for every character) would otherwise
        stay in memory with it. Returns the conversion."""
        self.__dict__.update(self.__getstate__())
        return self

    @property
    def report_id(self) -> str:
        return self.compilation.id if self.compilation else self.texts[0].id


def corrections_path(seed_name: str) -> Path:
    return CORRECTIONS / f"{Path(seed_name).stem}.yml"


def display_path(path: Path) -> str:
    """How reports and messages name a file: relative to the project when it is inside it, so
    that what is written into docs/ is the same on every checkout (an editor's docs/ must pass
    CI's ``convert.py --check`` on another machine, and publish no path of theirs).

    >>> display_path(ROOT / "seeds" / "new.txt"), display_path(Path("/elsewhere/new.txt"))
    ('seeds/new.txt', '/elsewhere/new.txt')
    """
    return path.relative_to(ROOT).as_posix() if path.is_absolute() and path.is_relative_to(ROOT) else str(path)


def overrides_path(text_id: str) -> Path:
    return CONVERSION_OVERRIDES / f"{text_id}.yml"


def convert_raw(raw: RawText, entry: CatalogEntry | None = None, converters: Converters | None = None) -> Conversion:
    """Clean, correct and structure one raw text, and make its other-script edition."""
    converters = converters or current_converters()
    profile = detect_profile(raw.text)
    warnings: list[str] = []
    seed = display_path(raw.path)
    if profile.id == "generic":
        tried = ", ".join(p.id for p in all_profiles() if p.id != "generic")
        warnings.append(
            f"{seed}: unrecognised site format (tried {tried}); no boilerplate removed, "
            "generic repairs only, first line taken as the title"
        )
    trace, ctx = clean(raw.text, profile, stop_before="structure")
    path = corrections_path(raw.name)
    declared = apply_corrections(trace, load_corrections(path, display_path(path)))
    run_stage(trace, ctx, "structure")
    warnings.extend(f"{seed}: {w}" for w in ctx.warnings)

    title = str(trace.meta.get("title") or _first_line(trace.text) or raw.path.stem)
    script = detect_script(trace.text)
    standard = detect_standard(trace.text) if script == HANT else None
    converter = converters.for_text(script, standard)
    articles = parse_blocks(trace.text, title, declared)
    base_id = entry.id if entry else slug_from_file_name(raw.name)
    source = Source(
        file=raw.name,
        site=profile.site,
        date=trace.meta.get("date"),
        format=profile.id,
        extra={k: trace.meta[k] for k in SOURCE_EXTRA_KEYS if k in trace.meta},
    )
    keywords = [*trace.meta.get("keywords", []), *trace.meta.get("tags", [])]
    keyword_map = {s: [_in_script(k, script, s, converter) for k in dict.fromkeys(keywords)] for s in SCRIPTS}
    titles = {s: _in_script(title, script, s, converter) for s in SCRIPTS}

    if not profile.compilation or (len(articles) == 1 and articles[0][0] == 0):
        blocks, record = _blocks(base_id, articles[0][1], script, converter, standard)
        text = Text(base_id, titles, source, script, keyword_map, blocks, warnings=warnings, conversion=record)
        return Conversion(raw, profile, trace, script, [text], warnings=warnings, standard=standard)

    meta_articles = {a["number"]: a["title"] for a in trace.meta.get("articles", [])}
    ids = list(entry.articles) if entry and entry.articles else []
    texts = []
    for index, (number, raw_blocks) in enumerate(articles):
        text_id = ids[index] if index < len(ids) else f"{base_id}-{number or index + 1}"
        article_title = meta_articles.get(number, f"{title}（{number}）")
        part = PartOf(base_id, titles, number, len(articles))
        blocks, record = _blocks(text_id, raw_blocks, script, converter, standard)
        texts.append(Text(
            text_id,
            {s: _in_script(article_title, script, s, converter) for s in SCRIPTS},
            source,
            script,
            keyword_map,
            blocks,
            part_of=part,
            conversion=record,
        ))
    compilation = Compilation(base_id, titles, source, [t.id for t in texts])
    return Conversion(raw, profile, trace, script, texts, compilation, warnings, standard=standard)


def _in_script(text: str, source_script: str, target_script: str, converter: ScriptConverter) -> str:
    return text if source_script == target_script else converter.convert(text)


def _blocks(text_id: str, raw_blocks: list[RawBlock], script: str, converter: ScriptConverter,
            standard: StandardDecision | None) -> tuple[list[Block], ConversionRecord]:
    """A text's blocks in both scripts, and the record of how the other script was made (with the
    text's overrides, ``seeds/conversion/<text id>.yml``)."""
    path = overrides_path(text_id)
    overrides = load_overrides(path, display_path(path))
    joined = "\n".join(r.text for r in raw_blocks)
    converted = converter.convert_recorded(joined, overrides)
    blocks = make_blocks(raw_blocks, script, converted.text.split("\n") if raw_blocks else [])
    starts, at = [], 0
    for raw in raw_blocks:
        starts.append(at)
        at += len(raw.text) + 1
    choices = []
    for choice in converted.choices:
        index = bisect.bisect_right(starts, choice.offset) - 1
        offset = choice.offset - starts[index]
        source = raw_blocks[index].text
        context = (source[max(0, offset - CONTEXT) : offset], source[offset + 1 : offset + 1 + CONTEXT])
        choices.append({"block": blocks[index].id, "offset": offset, **choice.as_json(context)})
    record = ConversionRecord(text_id, converter.config, script, standard, len(converter.segmenter.words),
                              choices, [o.where for o in overrides])
    return blocks, record


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.startswith("\ue000"):
            return line.strip()
    return ""


__all__ = ["HANS", "HANT", "Compilation", "Conversion", "RuleContext", "convert_raw"]
