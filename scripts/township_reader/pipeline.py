"""The pipeline, stage by stage, in memory.

One raw text goes through decode → clean → structure → editions (:func:`convert_raw`); then the
corpus goes through enrich → render (:func:`render_docs`), which returns every file of
``docs/`` by path. Every stage is called here, in this order, and no stage calls a later one.
The editorial data is read before any text is converted (:class:`Inputs`). Reading seeds and
writing files is :mod:`township_reader.build`'s.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from township_reader import project
from township_reader.clean import clean_text
from township_reader.clean.corrections import Correction
from township_reader.decode import InputError, RawText
from township_reader.editions import make_editions
from township_reader.editions.conversion import Converters, Override
from township_reader.enrich.annotations import load_annotations
from township_reader.enrich.changelog import load_changelog
from township_reader.enrich.corpus import Enriched, enrich, export_enrichment
from township_reader.enrich.glossary import Glossary, frequent_terms
from township_reader.render.changelog import PAGE as CHANGELOG_PAGE
from township_reader.render.changelog import render_changelog
from township_reader.render.exports import dump_json, dump_json_ld, plain_text, published_schemas, text_json
from township_reader.render.folding import fold_js
from township_reader.render.glossary_pages import (
    concordance,
    render_concordances,
    render_glossary,
    render_pinyin_index,
)
from township_reader.render.pages import (
    EDITIONS,
    HANS_EDITION,
    Edition,
    nav,
    render_compilation_page,
    render_exports_index,
    render_fanli,
    render_home,
)
from township_reader.render.parallels_pages import render_parallels
from township_reader.render.reports import (
    removal_problem,
    render_conversion_page,
    render_report_page,
    render_reports_index,
    report_data,
    report_step_rows,
)
from township_reader.render.search_index import (
    render_search_page,
    search_entries,
    search_index_js,
    search_notes,
)
from township_reader.render.tei import TextRecord, cleaning_record, tei_files
from township_reader.render.text_pages import render_text_page, text_extras
from township_reader.render.web_annotations import (
    CORPUS_COLLECTION,
    annotations_path,
    corpus_collection,
    text_collection,
)
from township_reader.structure import structure
from township_reader.structure.catalog import CatalogEntry
from township_reader.structure.document import Conversion
from township_reader.vocabulary import HANS


@dataclass(frozen=True)
class Inputs:
    """The editorial data a conversion reads, loaded once, before any text is converted."""

    catalog: dict[str, CatalogEntry] = field(default_factory=dict)  # by seed file name
    corrections: dict[str, list[Correction]] = field(default_factory=dict)  # by seed file name
    overrides: dict[str, list[Override]] = field(default_factory=dict)  # by text id
    converters: Converters = field(default_factory=Converters)


def convert_raw(raw: RawText, inputs: Inputs) -> Conversion:
    """One raw text through clean, structure and editions, with its cleaning report; an
    :class:`InputError` if the cleaning took more of it than it may (see report.removal_problem)."""
    entry = inputs.catalog.get(raw.name)
    seed = project.display_path(raw.path)
    cleaned = clean_text(raw.text, seed, inputs.corrections.get(raw.name, []))  # stage 2
    conversion = structure(raw, cleaned, entry)  # stage 3
    make_editions(conversion, inputs.converters, inputs.overrides)  # stage 4
    conversion.report = report_data(conversion)
    if problem := removal_problem(conversion, conversion.report, bool(entry and entry.acknowledge_removal)):
        raise InputError(seed, problem)
    return conversion


@dataclass
class Corpus:
    """What the corpus adds to its texts: the glossary and the editors' notes (by text id)."""

    glossary: Glossary
    annotations: Path | None = None  # the folder of annotation files; None: no notes
    changelog: Path | None = None  # the CHANGELOG of editorial changes (seeds/changelog.yml); None: none

    def enrich(self, conversions: list[Conversion]) -> Enriched:
        """Stage 5: terms, notes and parallel passages (a DataError names a bad entry)."""
        texts = [t for c in conversions for t in c.texts]
        short_ok = {f for e in self.glossary.entries for s in ("zh-Hans", "zh-Hant") for f in e.forms(s)}
        found = project.current()
        notes = (load_annotations(self.annotations, {t.id: t for t in texts}, short_ok, found.root if found else None)
                 if self.annotations else {})
        enriched = enrich(texts, self.glossary, notes)
        if self.changelog:
            # history: an entry may name a text no longer converted (removed, or left out of this run)
            enriched.changelog = load_changelog(self.changelog, project.display_path(self.changelog))
        enriched.warnings = frequent_terms(self.glossary, enriched.term_counts(HANS), sum(t.char_count() for t in texts))
        return enriched


def render_docs(conversions: list[Conversion], corpus: Corpus) -> tuple[dict[str, str], list[str]]:
    """Stages 5 and 6: every file of ``docs/``, by path, for both editions; and the warnings."""
    enriched = corpus.enrich(conversions)
    files: dict[str, str] = {}
    for conversion in conversions:
        files.update(report_files(conversion))
    counts: Counter[str] = Counter()
    for conversion in conversions:
        counts.update(conversion.report["counts"])
    records = {conversion.report_id: cleaning_record(conversion) for conversion in conversions}
    for ed in EDITIONS:
        for path, content in edition_files(ed, conversions, enriched, counts, records).items():
            files[ed.prefix + path] = content
    return files, enriched.warnings


def report_files(conversion: Conversion) -> dict[str, str]:
    """A raw text's cleaning report (its JSON, and its page in each edition) and each of its texts'
    conversion records (JSON and pages)."""
    report = conversion.report
    data = dump_json(report)
    rows = report_step_rows(report)
    files = {}
    for ed in EDITIONS:
        files[f"{ed.prefix}reports/{conversion.report_id}.json"] = data
        files[f"{ed.prefix}reports/{conversion.report_id}.md"] = render_report_page(conversion, report, ed, rows)
    for text in conversion.texts:
        record = dump_json(text.conversion.as_json())
        for ed in EDITIONS:
            files[f"{ed.prefix}reports/conversion/{text.id}.json"] = record
            files[f"{ed.prefix}reports/conversion/{text.id}.md"] = render_conversion_page(text, ed)
    return files


def edition_files(ed: Edition, conversions: list[Conversion], enriched: Enriched, counts: Counter[str],
                  records: dict[str, list[TextRecord]] | None = None) -> dict[str, str]:
    """One edition's pages and exports (paths without the edition's prefix); ``records``: each raw
    text's cleaning record placed in its texts (:func:`cleaning_record`), by report id."""
    out: dict[str, str] = {}
    for conversion in conversions:
        record = records[conversion.report_id] if records else cleaning_record(conversion)
        out.update(tei_files(conversion, record, ed, enriched))
        if conversion.compilation:
            out[f"texts/{conversion.compilation.id}.md"] = render_compilation_page(conversion.compilation,
                                                                                  conversion.texts, ed)
        for text in conversion.texts:
            out[f"texts/{text.id}.md"] = render_text_page(text, ed, conversion.report_id, text_extras(enriched, text.id, ed))
            out[f"exports/{text.id}.json"] = dump_json(text_json(text, ed.script, export_enrichment(enriched, text, ed.script)))
            out[f"exports/{text.id}.txt"] = plain_text(text, ed.script)
            out[annotations_path(text.id)] = dump_json_ld(text_collection(text, enriched, ed))
    out.update(published_schemas())
    out[CORPUS_COLLECTION] = dump_json_ld(corpus_collection([t for c in conversions for t in c.texts], enriched, ed))
    out["index.md"] = render_home(conversions, ed)
    out["fanli.md"] = render_fanli(ed, counts)
    out["reports/index.md"] = render_reports_index(conversions, {c.report_id: c.report for c in conversions}, ed)
    out["exports/index.md"] = render_exports_index(conversions, ed)
    lines = concordance(enriched, ed)
    out["glossary/index.md"] = render_glossary(enriched, ed, lines)
    out["glossary/pinyin.md"] = render_pinyin_index(enriched, ed)
    out.update(render_concordances(enriched, ed, lines))
    out["parallels.md"] = render_parallels(enriched, ed)
    out[CHANGELOG_PAGE] = render_changelog(enriched.changelog, enriched.texts, ed)
    out["search/corpus.js"] = search_index_js(conversions, ed, search_entries(enriched, ed), search_notes(enriched, ed))
    out["search/fold.js"] = fold_js(ed.script)
    out["search.md"] = render_search_page(ed)
    extra = [("术语表", ["glossary/index.md", {ed.ui("拼音索引"): "glossary/pinyin.md"}]), ("平行文句", "parallels.md"), ("更新记录", CHANGELOG_PAGE)]
    out["nav.yml"] = yaml.safe_dump(nav(conversions, ed, extra), allow_unicode=True, sort_keys=False, width=1000)
    return out


def out_files(conversion: Conversion, glossary: Glossary) -> dict[str, str]:
    """What ``convert FILE --out DIR`` writes for one raw text: its Markdown and JSON, with glossary
    terms and parallels within this raw text, without notes (those belong to the corpus); its
    cleaning report's JSON and its conversion records."""
    files: dict[str, Any] = {}
    enriched = enrich(conversion.texts, glossary)
    for text in conversion.texts:
        files[f"{text.id}.md"] = render_text_page(text, HANS_EDITION, conversion.report_id,
                                                  text_extras(enriched, text.id, HANS_EDITION))
        files[f"{text.id}.json"] = dump_json(text_json(text, HANS_EDITION.script,
                                                       export_enrichment(enriched, text, HANS_EDITION.script)))
    files[f"reports/{conversion.report_id}.json"] = dump_json(conversion.report)
    for text in conversion.texts:
        files[f"reports/conversion/{text.id}.json"] = dump_json(text.conversion.as_json())
    return files
