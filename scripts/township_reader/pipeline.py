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
from township_reader.editions.conversion import Converters, Override, to_traditional
from township_reader.enrich.annotations import load_annotations
from township_reader.enrich.changelog import load_changelog
from township_reader.enrich.corpus import Enriched, enrich, export_enrichment
from township_reader.enrich.glossary import CATEGORIES, Glossary, frequent_terms
from township_reader.enrich.refs import check_evidence, check_refs, editorial_fields
from township_reader.render.changelog import PAGE as CHANGELOG_PAGE
from township_reader.render.changelog import render_changelog
from township_reader.render.exports import (
    LICENSE_NOTE,
    SCHEMA_VERSION,
    dump_json,
    dump_json_ld,
    glossary_csv,
    glossary_tbx,
    license_line,
    plain_text,
    published_schemas,
    text_json,
)
from township_reader.render.folding import fold_js
from township_reader.render.glossary_pages import (
    ENGLISH,
    GLOSSARY,
    PINYIN,
    by_category,
    category_path,
    glossary_files,
)
from township_reader.render.pages import (
    EDITIONS,
    EXPORTS,
    GLOSSARY_CSV,
    GLOSSARY_TBX,
    HANS_EDITION,
    LICENSE_PAGE,
    NOTES_JSON,
    TEMPLATES,
    CorpusCounts,
    Edition,
    nav,
    render_compilation_page,
    render_exports_index,
    render_fanli,
    render_home,
    render_license,
    text_names,
)
from township_reader.render.parallels_pages import render_parallels
from township_reader.render.refs import refs_plain
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
        missing_evidence = check_evidence(texts, notes) if self.annotations else []
        known = {t.id for t in texts} | {c.compilation.id for c in conversions if c.compilation}
        unknown_refs = check_refs(editorial_fields(self.glossary, notes), known)
        enriched = enrich(texts, self.glossary, notes)
        enriched.compilations = {c.compilation.id: c.compilation for c in conversions if c.compilation}
        if self.changelog:
            # history: an entry may name a text no longer converted (removed, or left out of this run)
            enriched.changelog = load_changelog(self.changelog, project.display_path(self.changelog))
        enriched.warnings = frequent_terms(self.glossary, enriched.term_counts(HANS), sum(t.char_count() for t in texts))
        enriched.warnings += unknown_refs + missing_evidence
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
    files.update(corpus_files(enriched))
    # the downloads pages last: they give every file's size
    sizes = {path: len(content.encode("utf-8")) for path, content in files.items()}
    for ed in EDITIONS:
        files[ed.prefix + EXPORTS] = render_exports_index(conversions, ed, sizes)
    return files, enriched.warnings


def corpus_files(enriched: Enriched) -> dict[str, str]:
    """The downloads of the whole corpus, one for both editions (in the Simplified edition's folder):
    the glossary as CSV and TBX, the licence, and the README of the corpus archive."""
    names = text_names(enriched)
    plain = lambda text, lang: refs_plain(text, names, lang)  # noqa: E731
    uses = {entry: sum(n.values()) for entry, n in enriched.term_counts(HANS).items()}
    files = {GLOSSARY_CSV: glossary_csv(enriched.glossary.entries, CATEGORIES, uses, plain),
             GLOSSARY_TBX: glossary_tbx(enriched.glossary.entries, {k: k.replace("-", " ") for k in CATEGORIES},
                                        plain, to_traditional),
             "exports/README.txt": corpus_readme(enriched),
             # the project's LICENSE (render/templates/LICENSE.txt is a copy, which tests/test_downloads.py
             # keeps equal): the package carries it, so a corpus converted outside the checkout has it too
             "exports/LICENSE.txt": (TEMPLATES / "LICENSE.txt").read_text(encoding="utf-8")}
    return files


def corpus_readme(enriched: Enriched) -> str:
    """The README of the corpus archive: what each folder holds, the licence, how to cite."""
    texts = "\n".join(f"  {t.id:<16} {t.short(HANS)} · {t.short_title.get('en', '')} · {t.title[HANS]}"
                      for t in enriched.texts.values())
    return f"""Township Reader (乡镇文献注读): the corpus
==============================================

{len(enriched.texts)} Chinese texts on township governance, cleaned, with the editors' notes, a glossary of
{len(enriched.glossary)} terms and the record of every change the cleaning made.

texts/zh-Hans/   each text in Simplified characters: <id>.json (the structured text: every paragraph with
texts/zh-Hant/   the id of its anchor on the site, its terms, notes and parallels) and <id>.txt (plain text);
                 and in Traditional (Taiwan's standard). The edition in a text's own script is the original.
notes/           every note, by text, in Simplified and in Traditional (JSON)
glossary/        the glossary: glossary.csv (UTF-8, one entry a row) and glossary.tbx (TBX-Basic, ISO 30042)
reports/         each raw text's cleaning report, and each text's conversion record (JSON)
LICENSE.txt      the licences

The texts:
{texts}

Licence: {license_line(HANS)}
The source texts are reproduced unaltered for study, criticism and research; their copyright remains
with their authors. The editors' content (notes, glossary, catalogue, cleaning records) is CC BY 4.0;
the code is MIT. See LICENSE.txt.
Formats: the site's 凡例 page (fanli.html#exports) and the JSON Schema scripts/township_reader/schemas/text.schema.json.
"""


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
    """One edition's pages and exports (paths without the edition's prefix), but for the downloads
    page (:func:`render_docs` writes it last, with every file's size); ``records``: each raw text's
    cleaning record placed in its texts (:func:`cleaning_record`), by report id."""
    out: dict[str, str] = {}
    names = text_names(enriched)
    for conversion in conversions:
        record = records[conversion.report_id] if records else cleaning_record(conversion)
        out.update(tei_files(conversion, record, ed, enriched))
        if conversion.compilation:
            out[f"texts/{conversion.compilation.id}.md"] = render_compilation_page(conversion.compilation,
                                                                                  conversion.texts, ed)
        for text in conversion.texts:
            out[f"texts/{text.id}.md"] = render_text_page(text, ed, conversion.report_id, text_extras(enriched, text.id, ed))
            enrichment = readable(export_enrichment(enriched, text, ed.script), names, ed.script)
            out[f"exports/{text.id}.json"] = dump_json(text_json(text, ed.script, enrichment))
            out[f"exports/{text.id}.txt"] = plain_text(text, ed.script)
            out[annotations_path(text.id)] = dump_json_ld(text_collection(text, enriched, ed))
    out.update(published_schemas())
    out[CORPUS_COLLECTION] = dump_json_ld(corpus_collection([t for c in conversions for t in c.texts], enriched, ed))
    texts = [t for c in conversions for t in c.texts]
    home_counts = CorpusCounts(len(texts), len(conversions), sum(t.char_count(ed.script) for t in texts),
                               sum(len(a) for a in enriched.annotations.values()), len(enriched.glossary),
                               sum(c.kind == "reuse" for c in enriched.clusters))
    out["index.md"] = render_home(conversions, ed, home_counts)
    out["fanli.md"] = render_fanli(ed, counts)
    out[LICENSE_PAGE] = render_license(ed)
    out["reports/index.md"] = render_reports_index(conversions, {c.report_id: c.report for c in conversions}, ed)
    out.update(glossary_files(enriched, ed))
    out["parallels.md"] = render_parallels(enriched, ed)
    out[NOTES_JSON] = dump_json(notes_json(enriched, ed, names))
    out[CHANGELOG_PAGE] = render_changelog(enriched.changelog, enriched.texts, ed)
    out["search/corpus.js"] = search_index_js(conversions, ed, search_entries(enriched, ed), search_notes(enriched, ed))
    out["search/fold.js"] = fold_js(ed.script)
    out["search.md"] = render_search_page(ed)
    glossary_nav = [GLOSSARY, {ed.ui("英汉索引"): ENGLISH}, {ed.ui("拼音索引"): PINYIN},
                    *({ed.ui(CATEGORIES[c]): category_path(c)} for c in by_category(enriched))]
    extra = [("术语表", glossary_nav), ("平行文句", "parallels.md"), ("更新记录", CHANGELOG_PAGE)]
    out["nav.yml"] = yaml.safe_dump(nav(conversions, ed, extra), allow_unicode=True, sort_keys=False, width=1000)
    return out


def readable(enrichment: dict[str, Any], names: dict[str, Any], script: str) -> dict[str, Any]:
    """An export's enrichment for readers: a text a note names ([[id]]) by its short title."""
    for note in enrichment.get("annotations", []):
        note["note"] = refs_plain(note["note"], names, script)
        note["sources"] = [refs_plain(s, names, script) for s in note["sources"]]
    return enrichment


def notes_json(enriched: Enriched, ed: Edition, names: dict[str, Any]) -> dict[str, Any]:
    """Every note of the corpus in one edition's script, by text (exports/notes.json)."""
    texts = {}
    for text_id, text_notes in enriched.annotations.items():
        text = enriched.texts[text_id]
        notes = []
        for a in text_notes:
            note = a.export(ed.script)
            note["note"] = refs_plain(note["note"], names, ed.script)
            note["sources"] = [refs_plain(s, names, ed.script) for s in note["sources"]]
            notes.append({"number": a.number, "url": f"texts/{text_id}.html#{a.id}", **note})
        texts[text_id] = {"title": text.title[ed.script], "short_title": text.short(ed.script), "notes": notes}
    return {"schema": SCHEMA_VERSION, "script": ed.script, "license": LICENSE_NOTE,
            "notes": sum(len(t["notes"]) for t in texts.values()), "texts": texts}


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
