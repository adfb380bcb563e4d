"""Convert raw texts and write the ``docs/`` tree (or a folder of exports) — atomically.

Every output file is computed in memory first; only then is anything written.  The
``docs/`` tree is written beside the old one and swapped in with two renames, so an
error never leaves a half-written ``docs/``.  With ``--out`` each text's files are
written to temporary names and renamed into place, so a text either has all its files
or none.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import yaml

from .annotations import load_annotations
from .atomic import replacing
from .catalog import CatalogEntry, load_catalog
from .chinese import HANS, HANT, traditional_only_characters
from .datafile import DataError
from .decode import InputError, RawText, read_raw_text, unsafe_name_character
from .enrich import Enriched, enrich, export_enrichment, set_parallels
from .exports import dump_json, plain_text, text_json
from .glossary import Glossary, frequent_terms, load_glossary
from .glossary_pages import (
    concordance,
    parallel_asides,
    render_concordances,
    render_glossary,
    render_parallels,
    render_pinyin_index,
    search_entries,
    text_enrichment,
)
from .pages import (
    EDITIONS,
    HANS_EDITION,
    Edition,
    TextPagePieces,
    join_text_page,
    nav,
    render_compilation_page,
    render_conversion_page,
    render_exports_index,
    render_home,
    render_report_page,
    render_reports_index,
    render_text_page,
    report_step_rows,
    rule_table,
    text_page_pieces,
)
from .parallels import Cluster, find_parallels
from .pipeline import (
    CONVERSION_OVERRIDES,
    ROOT,
    SEEDS,
    Conversion,
    convert_raw,
    corrections_path,
    display_path,
)
from .report import removal_problem, report_data
from .script_conversion import Converters, use_converters
from .search_index import query_fold_js, search_index_js

TEMPLATES = Path(__file__).parent / "templates"
DOCS = ROOT / "docs"
GLOSSARY_FILE = SEEDS / "glossary.yml"
ANNOTATIONS_DIR = SEEDS / "annotations"


@dataclass
class Outcome:
    conversions: list[Conversion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Below this many files a process pool costs more than it saves.
PARALLEL_FROM = 24


def convert_files(paths: list[Path], catalog: dict[str, CatalogEntry], cache: Path | None = None, *,
                  each: Callable[[Conversion], None] | None = None,
                  meanwhile: Callable[[], None] | None = None,
                  glossary_file: Path = GLOSSARY_FILE) -> Outcome:
    """Convert each file; a file that fails is reported and skipped, the others go on.

    The other-script editions are made with the glossary's terms (``glossary_file``) added to the
    segmenter, so that no term is split.

    With ``cache``, a raw text converted before (same bytes, same corrections, same code) is
    read back from the cache instead of converted again: only what changed is converted.
    What is left is converted in parallel, one process per core; results keep the input order.
    ``each(conversion)`` is called on each conversion as soon as this process has it, and
    ``meanwhile()`` once the workers have started: work that need not wait for all of them
    (:func:`convert_site`).
    """
    outcome = Outcome()
    results: list[tuple[Conversion | None, str]] = []
    todo: list[tuple[int, RawText]] = []
    converters = converters_for(glossary_file)
    for path in paths:
        try:
            raw = read_raw_text(path)
        except InputError as err:  # named as reports name it: seeds/x.txt, not this checkout's path
            results.append((None, str(InputError(display_path(Path(err.file)), err.problem, err.line))))
            continue
        hit = cache_path(raw, catalog.get(raw.name), cache, converters) if cache else None
        if hit and hit.exists():
            results.append(_passed_to(each, _unpickled(hit), ""))
        else:
            results.append((None, ""))
            todo.append((len(results) - 1, raw))
    jobs = [(raw, catalog.get(raw.name), cache, converters) for _, raw in todo]
    if len(jobs) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        done = _convert_in_parallel(jobs, each, meanwhile)
    else:
        if meanwhile:
            meanwhile()
        done = [_passed_to(each, *_convert_one(job)) for job in jobs]
    for (index, _), result in zip(todo, done, strict=True):
        results[index] = result
    owners: dict[str, str] = {}  # text id -> the seed it is a text of
    for conversion, error in results:
        if error:
            outcome.errors.append(error)
            continue
        if clash := _id_clash(conversion, owners):
            outcome.errors.append(clash)
            continue
        outcome.conversions.append(conversion)
        outcome.warnings.extend(conversion.warnings)
    return outcome


def _id_clash(conversion: Conversion, owners: dict[str, str]) -> str | None:
    """An error if one of the conversion's ids (its texts', its compilation's) is taken, by another
    seed or by another of its own texts: the two would overwrite each other's pages. Else the
    ids are recorded as taken, and None."""
    ids = [t.id for t in conversion.texts] + ([conversion.compilation.id] if conversion.compilation else [])
    seed = display_path(conversion.raw.path)
    seen: set[str] = set()
    for text_id in ids:
        if text_id in owners or text_id in seen:
            other = f"a text of {owners[text_id]}" if text_id in owners else "another of its texts"
            return str(InputError(seed, f"its text id '{text_id}' is also the id of {other} — give each text "
                                        "its own id in seeds/catalog.yml (or rename one of the files)"))
        seen.add(text_id)
    owners.update(dict.fromkeys(ids, seed))
    return None


def _passed_to(each: Callable[[Conversion], None] | None, conversion: Conversion | None,
               error: str) -> tuple[Conversion | None, str]:
    if each and conversion is not None and not error:
        each(conversion)
    return conversion, error


@functools.lru_cache(maxsize=4)
def _converters(words: frozenset[str]) -> Converters:
    return Converters(words)


def converters_for(glossary_file: Path) -> Converters:
    """The converters of a build: the segmenter knows every Simplified form of the glossary's terms.
    A glossary that does not load adds none (the enrich stage reports what is wrong with it)."""
    try:
        words = read_glossary(glossary_file).segmenter_words()
    except DataError:
        words = frozenset()
    converters = _converters(words)
    use_converters(converters)  # notes, definitions and interface words are cut the same way
    return converters


def warm_up(converters: Converters) -> None:
    """Load what every conversion needs (OpenCC's dictionaries, jieba's) once, before forking."""
    for config in ("s2tw", "tw2s"):
        converters(config).convert("发展")
    traditional_only_characters()


Job = tuple[RawText, CatalogEntry | None, Path | None, Converters]


def _convert_one(job: Job) -> tuple[Conversion | None, str]:
    raw, entry, cache, converters = job
    try:
        return cached_conversion(raw, entry, cache, converters), ""
    except (InputError, DataError) as err:
        return None, str(err)


_JOBS: list[Job] | None = None
_NEXT: Any = None  # the number of the next job not yet taken, shared with the workers


def _convert_in_parallel(jobs: list[Job],
                         each: Callable[[Conversion], None] | None,
                         meanwhile: Callable[[], None] | None) -> list[tuple[Conversion | None, str]]:
    """:func:`_convert_one` of every job, shared between this process and one forked worker per
    other core, each taking the next job no one has taken (so all finish together).

    This process converts too, rather than only waiting for results: its own conversions make no
    trip back, and a child fewer means fewer of its pages copied on write after the fork (a page
    fault costs 6–11 µs on this virtual machine). The workers inherit the jobs, so only their
    numbers are shared; a worker's conversion comes back as the cache file it wrote, or pickled.
    ``each`` is called in this process; ``meanwhile()`` once the workers have started.
    """
    global _JOBS, _NEXT
    context = multiprocessing.get_context("fork")
    warm_up(jobs[0][3])  # the workers inherit the dictionaries instead of each loading them
    _JOBS, _NEXT = jobs, context.Value("q", 0)
    results: list[tuple[Conversion | None, str]] = [(None, "")] * len(jobs)
    workers: dict[Connection, BaseProcess] = {}
    finished = False
    try:
        with _forking():
            for _ in range((os.cpu_count() or 2) - 1):
                receiver, sender = context.Pipe(duplex=False)
                with contextlib.suppress(AttributeError, OSError):  # room for a dozen pickled conversions
                    fcntl.fcntl(receiver.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
                worker = context.Process(target=_work, args=(sender,), daemon=True)
                worker.start()
                sender.close()
                workers[receiver] = worker
        if meanwhile:
            meanwhile()
        waiting = dict(workers)

        def receive(timeout: float | None) -> None:
            for receiver in multiprocessing.connection.wait(list(waiting), timeout):
                try:
                    message = receiver.recv()  # type: ignore[union-attr]
                except EOFError:
                    raise RuntimeError(f"a conversion worker stopped (exit code {waiting[receiver].exitcode})") from None
                if message is None:
                    del waiting[receiver]
                    continue
                index, data, error = message
                if index < 0:
                    raise RuntimeError(f"a conversion worker failed:\n{error}")
                results[index] = _passed_to(each, _unpickled(data), error)

        while (index := _take()) is not None:
            conversion, error = _convert_one(jobs[index])
            # as finished as the workers' (those are pickled): the traces would fill this process
            results[index] = _passed_to(each, conversion.finish() if conversion else None, error)
            receive(0)  # what the workers have sent meanwhile: their pipes stay clear
        while waiting:
            receive(None)
        finished = True
    finally:
        _JOBS = _NEXT = None
        for receiver, worker in workers.items():
            if not finished:
                worker.terminate()
            worker.join()
            receiver.close()
    return results


def _take() -> int | None:
    """The number of the next job no process has taken, taken; None when none is left."""
    assert _JOBS is not None and _NEXT is not None
    with _NEXT.get_lock():
        index = _NEXT.value
        if index >= len(_JOBS):
            return None
        _NEXT.value = index + 1
    return index


def _work(sender: Connection) -> None:
    """A forked worker: convert jobs until none is left, send each result, then None."""
    try:
        while (index := _take()) is not None:
            sender.send((index, *_convert_shared_job(index)))
        sender.send(None)
    except BaseException:  # the parent re-raises it
        sender.send((-1, None, traceback.format_exc()))
    finally:
        sender.close()


def _convert_shared_job(index: int) -> tuple[bytes | Path | None, str]:
    """:func:`_convert_one` in a forked worker, of the job it inherited as ``_JOBS[index]``: the
    conversion comes back as the cache file it wrote (read from the page cache, not sent down a
    pipe), or without a cache pickled once."""
    assert _JOBS is not None
    raw, entry, cache, converters = _JOBS[index]
    try:
        path = cache_path(raw, entry, cache, converters) if cache else None
        if path and path.exists():
            return path, ""
        data = pickle.dumps(convert_with_report(raw, entry, converters), protocol=pickle.HIGHEST_PROTOCOL)
        if path:
            _write_cache(path, data)
            return path, ""
        return data, ""
    except (InputError, DataError) as err:
        return None, str(err)


def _unpickled(data: bytes | Path | None) -> Conversion | None:
    """A conversion from its pickle, or from the cache file that holds it."""
    if isinstance(data, Path):
        with data.open("rb") as handle:
            return pickle.load(handle)
    return pickle.loads(data) if data else None


def code_version() -> str:
    """A hash of the converter's own code and data: a change to either invalidates the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yml", ".tsv", ".md"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def convert_with_report(raw: RawText, entry: CatalogEntry | None, converters: Converters | None = None) -> Conversion:
    conversion = convert_raw(raw, entry, converters)
    # here, so they run in the worker processes and are cached with the conversion
    conversion.report = report_data(conversion)
    problem = removal_problem(conversion, conversion.report, bool(entry and entry.acknowledge_removal))
    if problem:
        raise InputError(display_path(raw.path), problem)
    conversion.report_files = report_files(conversion)
    for text in conversion.texts:  # what rendering asks of every text, counted once here
        for script in (HANS, HANT):
            text.char_count(script)
    return conversion


def report_files(conversion: Conversion) -> dict[str, str]:
    """The cleaning report's JSON and its page in each edition: they depend on this raw text only."""
    report = conversion.report or report_data(conversion)
    report_id = conversion.report_id
    files = {f"reports/{report_id}.json": dump_json(report)}
    rows = report_step_rows(report)
    for ed in EDITIONS:
        files[f"{ed.prefix}reports/{report_id}.md"] = render_report_page(conversion, report, ed, rows)
    for ed in EDITIONS[1:]:
        files[f"{ed.prefix}reports/{report_id}.json"] = files[f"reports/{report_id}.json"]
    files.update(conversion_record_files(conversion))
    return files


def conversion_record_files(conversion: Conversion) -> dict[str, str]:
    """Each text's conversion record: its JSON (the same in both editions) and its page in each."""
    files: dict[str, str] = {}
    for text in conversion.texts:
        if text.conversion is None:
            continue
        data = dump_json(text.conversion.as_json())
        for ed in EDITIONS:
            files[f"{ed.prefix}reports/conversion/{text.id}.json"] = data
            files[f"{ed.prefix}reports/conversion/{text.id}.md"] = render_conversion_page(text, ed)
    return files


def cache_path(raw: RawText, entry: CatalogEntry | None, cache: Path, converters: Converters) -> Path:
    """Where the conversion of this raw text is cached: keyed by its bytes, corrections, the
    conversion overrides, the segmenter's words and the code."""
    corrections = corrections_path(raw.name)
    key = hashlib.sha256()
    overrides = sorted(CONVERSION_OVERRIDES.glob("*.yml")) if CONVERSION_OVERRIDES.is_dir() else []
    for part in (raw.name, raw.text, repr(entry), corrections.read_text(encoding="utf-8") if corrections.exists() else "",
                 *(p.name + p.read_text(encoding="utf-8") for p in overrides),
                 "\n".join(sorted(converters.segmenter.words)), _CODE_VERSION()):
        key.update(part.encode("utf-8"))
        key.update(b"\0")
    return cache / f"{key.hexdigest()}.pickle"


def cached_conversion(raw: RawText, entry: CatalogEntry | None, cache: Path | None,
                      converters: Converters | None = None) -> Conversion:
    if cache is None:
        return convert_with_report(raw, entry, converters)
    converters = converters or converters_for(GLOSSARY_FILE)
    path = cache_path(raw, entry, cache, converters)
    if path.exists():
        return _unpickled(path)
    conversion = convert_with_report(raw, entry, converters)
    _write_cache(path, pickle.dumps(conversion, protocol=pickle.HIGHEST_PROTOCOL))
    return conversion


def _write_cache(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


_CODE_VERSION = functools.cache(code_version)


def seed_files(seeds: Path = SEEDS) -> list[Path]:
    return sorted(seeds.glob("*.txt"))


def check_seeds(seeds: Path = SEEDS) -> None:
    """Refuse what a pull request could put in ``seeds/`` to make the build read elsewhere or
    hang: a symbolic link (a seed linked to a file of the machine that builds, which would be
    published), a device, pipe or socket, or a name with a control or invisible character."""
    root = display_path(seeds)
    for folder, dirs, files in os.walk(seeds):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            shown = f"{root}/{path.relative_to(seeds).as_posix()}"
            if bad := unsafe_name_character(name):
                raise DataError(shown, None, f"the name contains U+{ord(bad):04X}, a control or invisible character "
                                             "— rename it")
            if path.is_symlink():
                raise DataError(shown, None, "is a symbolic link; seeds/ holds only files and folders — put the "
                                             "file itself here")
            if not (path.is_dir() or path.is_file()):
                raise DataError(shown, None, "is not a regular file (a device, pipe or socket) — remove it")


def enrich_corpus(conversions: list[Conversion], glossary_file: Path = GLOSSARY_FILE,
                  annotations_dir: Path | None = ANNOTATIONS_DIR,
                  clusters: Callable[[], list[Cluster]] | None = None) -> Enriched:
    """Glossary, annotations and parallels for the converted texts (raises DataError on bad data)."""
    texts = [t for c in conversions for t in c.texts]
    glossary = read_glossary(glossary_file)
    short_ok = {f for e in glossary.entries for s in ("zh-Hans", "zh-Hant") for f in e.forms(s)}
    annotations = load_annotations(annotations_dir, {t.id: t for t in texts}, short_ok, ROOT) if annotations_dir else {}
    enriched = enrich(texts, glossary, annotations, clusters)
    enriched.warnings = frequent_terms(glossary, enriched.term_counts(HANS), sum(t.char_count() for t in texts))
    return enriched


def read_glossary(path: Path) -> Glossary:
    """:func:`load_glossary`, once per content: a process that builds twice (a test, the
    benchmark, :func:`convert_site` warming it while the workers convert) validates it once."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    return _glossary_of(path, data)


def forget_glossary() -> None:
    """Drop the glossaries :func:`read_glossary` keeps, as a new process starts without them
    (the benchmark's rebuild after a change measures what ``convert.py --incremental`` pays)."""
    _glossary_of.cache_clear()


@functools.lru_cache(maxsize=4)
def _glossary_of(path: Path, data: bytes | None) -> Glossary:
    glossary = load_glossary(path)
    for script in (HANS, HANT):  # the matcher too (a cached property)
        glossary.find("", script)
    return glossary


def site_files(conversions: list[Conversion], glossary_file: Path = GLOSSARY_FILE,
               annotations_dir: Path | None = ANNOTATIONS_DIR) -> dict[str, str]:
    """Every file of ``docs/``, by path, for both editions."""
    sink = _Sink()
    _build_site(conversions, glossary_file, annotations_dir, sink)
    return sink.files


def write_site(conversions: list[Conversion], target: Path, glossary_file: Path = GLOSSARY_FILE,
               annotations_dir: Path | None = ANNOTATIONS_DIR) -> int:
    """Replace ``target`` with exactly :func:`site_files`, never leaving it half-written; return
    the number of files.

    The same pages, but each process writes what it renders into the new tree as soon as it
    has rendered it (on a large corpus the parent writes the cleaning reports while a child
    finds the parallel passages, and the child writes its edition's text pages itself): the
    writing overlaps the rendering instead of following it, and no page travels between
    processes. ``tests/test_properties.py`` checks the tree equals :func:`write_tree` of
    :func:`site_files`.
    """
    with _replacing(target) as staging:
        sink = _Sink(staging)
        _build_site(conversions, glossary_file, annotations_dir, sink)
    return sink.count


class _Abandoned(Exception):
    """A raw text failed to convert: the new tree is dropped, the old one stays."""


def convert_site(paths: list[Path], catalog: dict[str, CatalogEntry], target: Path, cache: Path | None = None,
                 glossary_file: Path = GLOSSARY_FILE, annotations_dir: Path | None = ANNOTATIONS_DIR) -> tuple[Outcome, int]:
    """:func:`convert_files`, then :func:`write_site` — overlapped: while the workers convert,
    this process reads the glossary and writes each cleaning report into the new tree as its
    conversion arrives (each depends on its raw text only). Returns the outcome (its conversions
    without their ``report_files``, written) and the number of files written; if any raw text
    failed, nothing is written and ``target`` stays as it was.
    """
    with contextlib.suppress(_Abandoned), _replacing(target) as staging:
        sink = _Sink(staging)
        outcome = convert_files(paths, catalog, cache, each=lambda c: _write_reports(sink, c),
                                glossary_file=glossary_file)
        if outcome.errors:
            raise _Abandoned
        outcome.warnings += _build_site(outcome.conversions, glossary_file, annotations_dir, sink, reports_written=True)
        return outcome, sink.count
    return outcome, 0


def _write_reports(sink: _Sink, conversion: Conversion) -> None:
    """Write a conversion's cleaning report; its files are not kept (the memory they took is
    reused for the conversions still to come, instead of more of it being mapped)."""
    sink(conversion.report_files or report_files(conversion))
    conversion.report_files = None


def sync_site(conversions: list[Conversion], target: Path, glossary_file: Path = GLOSSARY_FILE,
              annotations_dir: Path | None = ANNOTATIONS_DIR) -> list[str]:
    """Make ``target`` hold exactly :func:`site_files`, writing only the files that changed (each
    atomically), as :func:`sync_tree` does; return the paths written or removed.

    Each process compares and writes the pages it renders, as :func:`write_site` writes them:
    the comparing is shared between the processes and no page travels between them.
    """
    sink = _Sink(target, sync=True)
    _build_site(conversions, glossary_file, annotations_dir, sink)
    return sorted(sink.changed) + _remove_all_but(target, sink.produced)


class _Sink:
    """Where rendered files go: into ``files``; or, given a folder, written into it at once; or,
    with ``sync``, written into it where they differ from what it holds."""

    def __init__(self, folder: Path | None = None, sync: bool = False) -> None:
        self.folder = folder
        self.sync = sync
        self.files: dict[str, str] = {}
        self.count = 0
        self.changed: list[str] = []  # sync: the paths written
        self.produced: set[str] = set()  # sync: every path rendered

    def __call__(self, out: dict[str, str], prefix: str = "") -> None:
        self.count += len(out)
        if self.folder is None:
            for path, content in out.items():
                self.files[prefix + path] = content
            return
        if self.sync:
            for rel_path, content in out.items():
                self.produced.add(prefix + rel_path)
                if write_if_changed(self.folder / (prefix + rel_path), content):
                    self.changed.append(prefix + rel_path)
            return
        made: set[Path] = set()
        first: dict[int, Path] = {}  # a content given under two paths: where it was written first
        for rel_path, content in out.items():
            path = self.folder / (prefix + rel_path)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            if id(content) in first and _linked(first[id(content)], path):
                continue
            _write_new(path, content.encode("utf-8"))
            first[id(content)] = path

    def result(self, pages: dict[str, str]) -> tuple[int, dict[str, str], list[str], set[str]]:
        """What a forked child sends back: the pages themselves only if there is no folder."""
        if self.folder is None:
            return 0, pages, [], set()
        self(pages)
        return self.count, {}, self.changed, self.produced

    def absorb(self, result: tuple[int, dict[str, str], list[str], set[str]]) -> None:
        """Take in a child's :meth:`result`."""
        count, pages, changed, produced = result
        self.count += count
        self.changed.extend(changed)
        self.produced |= produced
        self(pages)


def _build_site(conversions: list[Conversion], glossary_file: Path, annotations_dir: Path | None, sink: _Sink,
                reports_written: bool = False) -> list[str]:
    """Render every file of ``docs/`` into ``sink``, for both editions; return the enrichment's warnings.

    On a large corpus, with more than one core, a forked process finds the parallel passages
    while this one finds the glossary terms, renders every page that does not show parallels
    (reports, glossary, concordances, search index, home) and, for as long as the child is not
    done, the text pages but for their parallel asides; then a forked process finishes the
    first half of the text pages and exports, both editions, while this one finishes the other
    half. Forked children see ``_SHARED`` without pickling it; a child that can write into the
    sink's folder writes its pages itself, so only their number comes back.
    """
    global _SHARED
    reports = {c.report_id: c.report or report_data(c) for c in conversions}
    counts: Counter[str] = Counter()
    for data in reports.values():
        counts.update({k: v for k, v in data["counts"].items()})
    texts = sum(len(c.texts) for c in conversions)
    if texts < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        if not reports_written:
            for c in conversions:
                sink(c.report_files or report_files(c))
        enriched = enrich_corpus(conversions, glossary_file, annotations_dir)
        for ed in EDITIONS:
            sink(_render_corpus_pages(ed, conversions, enriched, reports, counts), ed.prefix)
            sink(_render_text_pages(ed, conversions, enriched), ed.prefix)
            sink({"parallels.md": render_parallels(enriched, ed)}, ed.prefix)
        return enriched.warnings
    context = multiprocessing.get_context("fork")
    try:
        _SHARED = (conversions,)
        with _forking(), context.Pool(1) as pool:
            parallels = pool.apply_async(_shared_parallels)
            # while a child finds the parallels: the reports, the terms, then every page that
            # needs no parallels
            if not reports_written:
                for c in conversions:
                    sink(c.report_files or report_files(c))
            enriched = enrich_corpus(conversions, glossary_file, annotations_dir, clusters=list)
            for ed in EDITIONS:
                sink(_render_corpus_pages(ed, conversions, enriched, reports, counts), ed.prefix)
            # if the parallels are not found yet: the text pages, all but their parallel asides,
            # taken from both halves in turn (see below)
            half = _half(conversions)
            order = [c for pair in itertools.zip_longest(conversions[:half], conversions[half:]) for c in pair if c]
            prepared = _prepare_text_pages(order, enriched, until=parallels.ready)
            set_parallels(enriched, parallels.get())
        # then a child renders the first half of the text pages, both editions, while this process
        # renders the other half and the parallels pages
        _SHARED = (conversions[:half], enriched, sink, prepared)
        with _forking(), context.Pool(1) as pool:
            first = pool.apply_async(_shared_text_pages)
            for ed in EDITIONS:
                sink(_render_text_pages(ed, conversions[half:], enriched, prepared), ed.prefix)
                sink({"parallels.md": render_parallels(enriched, ed)}, ed.prefix)
            sink.absorb(first.get())
    finally:
        _SHARED = None
    return enriched.warnings


_SHARED: tuple[Any, ...] | None = None


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Around forking workers: the objects that exist now (the corpus, in the parent) are moved
    out of the garbage collector's reach, so a child's collections neither scan them nor, by
    touching them, copy the parent's memory page by page (what ``gc.freeze`` is for)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _shared_parallels() -> list[Cluster]:
    assert _SHARED is not None
    return find_parallels([t for c in _SHARED[0] for t in c.texts])


def _shared_text_pages() -> tuple[int, dict[str, str], list[str], set[str]]:
    """In a forked child: the text pages of its conversions in both editions, written into the
    sink's folder if it has one (then only what was written travels back), else returned."""
    assert _SHARED is not None
    conversions, enriched, parent_sink, prepared = _SHARED
    pages = {ed.prefix + path: content for ed in EDITIONS
             for path, content in _render_text_pages(ed, conversions, enriched, prepared).items()}
    return _Sink(parent_sink.folder, parent_sink.sync).result(pages)


def _half(conversions: list[Conversion]) -> int:
    """Where to cut the conversions so that each part holds about half the texts' characters."""
    sizes = [sum(t.char_count() for t in c.texts) for c in conversions]
    total, running = sum(sizes), 0
    for index, size in enumerate(sizes):
        running += size
        if 2 * running >= total:
            return index + 1
    return len(conversions)


def _prepare_text_pages(conversions: list[Conversion], enriched: Enriched,
                        until: Callable[[], bool]) -> dict[tuple[str, str], TextPagePieces]:
    """Text pages of both editions without their parallel asides, text by text, until ``until()``
    says the parallels are found (this process would only wait for them otherwise)."""
    prepared: dict[tuple[str, str], TextPagePieces] = {}
    for conv in conversions:
        for text in conv.texts:
            if until():
                return prepared
            for ed in EDITIONS:
                prepared[(ed.script, text.id)] = text_page_pieces(text, ed, conv.report_id,
                                                                  text_enrichment(enriched, text.id, ed))
    return prepared


def _render_text_pages(ed: Edition, conversions: list[Conversion], enriched: Enriched,
                       prepared: dict[tuple[str, str], TextPagePieces] | None = None) -> dict[str, str]:
    """One edition's text pages and exports (paths without the edition's prefix), which show the
    parallel passages; ``prepared`` pages need only their asides."""
    out: dict[str, str] = {}
    prepared = prepared or {}
    for conv in conversions:
        for text in conv.texts:
            pieces = prepared.get((ed.script, text.id))
            if pieces is None:
                out[f"texts/{text.id}.md"] = render_text_page(text, ed, conv.report_id, text_enrichment(enriched, text.id, ed))
            else:
                out[f"texts/{text.id}.md"] = join_text_page(pieces, parallel_asides(enriched, text.id, ed))
            out[f"exports/{text.id}.json"] = dump_json(text_json(text, ed.script, export_enrichment(enriched, text, ed.script)))
            out[f"exports/{text.id}.txt"] = plain_text(text, ed.script)
    return out


def _render_corpus_pages(ed: Edition, conversions: list[Conversion], enriched: Enriched, reports: dict[str, Any],
                         counts: Counter[str]) -> dict[str, str]:
    """One edition's other files: compilations, home, glossary, concordances, search index,
    navigation. None of them needs the parallel passages."""
    out: dict[str, str] = {}
    for conv in conversions:
        if conv.compilation:
            out[f"texts/{conv.compilation.id}.md"] = render_compilation_page(conv.compilation, conv.texts, ed)
    out["index.md"] = render_home(conversions, ed)
    out["fanli.md"] = render_fanli(ed, counts)
    out["reports/index.md"] = render_reports_index(conversions, reports, ed)
    out["exports/index.md"] = render_exports_index(conversions, ed)
    lines = concordance(enriched, ed)
    out["glossary/index.md"] = render_glossary(enriched, ed, lines)
    out["glossary/pinyin.md"] = render_pinyin_index(enriched, ed)
    out.update(render_concordances(enriched, ed, lines))
    out["search/corpus.js"] = search_index_js(conversions, ed, search_entries(enriched, ed))
    out["search/fold.js"] = query_fold_js(ed)
    extra = [("术语表", ["glossary/index.md", {ed.ui("拼音索引"): "glossary/pinyin.md"}]), ("平行文句", "parallels.md")]
    out["nav.yml"] = yaml.safe_dump(nav(conversions, ed, extra), allow_unicode=True, sort_keys=False, width=1000)
    return out


def render_fanli(ed: Edition, counts: Counter[str]) -> str:
    template = (TEMPLATES / "fanli.md").read_text(encoding="utf-8")
    body = template.replace("{{ rule_table }}", rule_table(ed, counts))
    page = f'---\ntitle: "凡例"\nedition: "{ed.script}"\n---\n\n' + body
    return ed.ui(page) if ed.script != HANS_EDITION.script else page


def _linked(existing: Path, path: Path) -> bool:
    """Make ``path`` a hard link to ``existing`` (the same bytes: the Traditional edition's copy of
    a cleaning report's JSON), if the file system can; a new file costs this machine's file system
    ten times what a link does. Whether it did."""
    try:
        os.link(existing, path)
    except OSError:
        return False
    return True


def _write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file (three system calls: ``Path.write_bytes`` makes five)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_tree(files: dict[str, str], target: Path) -> None:
    """Replace ``target`` with exactly ``files``, never leaving it half-written."""
    with _replacing(target) as staging:
        _Sink(staging)(files)


_replacing = replacing  # docs/ is written beside and swapped in whole: see atomic.py


def sync_tree(files: dict[str, str], target: Path) -> list[str]:
    """Make ``target`` hold exactly ``files``, writing only what changed (each file atomically).

    Unchanged files keep their modification times, so ``mkdocs build --dirty`` re-renders only
    the pages that changed. Returns the paths written or removed.
    """
    changed = [rel_path for rel_path, content in sorted(files.items()) if write_if_changed(target / rel_path, content)]
    return changed + _remove_all_but(target, files)


def _remove_all_but(target: Path, keep: Collection[str]) -> list[str]:
    """Remove the files under ``target`` whose paths are not in ``keep``; return their paths."""
    removed = []
    if target.exists():
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.relative_to(target).as_posix() not in keep:
                path.unlink()
                removed.append(path.relative_to(target).as_posix())
    return removed


def write_if_changed(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` (atomically) unless it holds exactly that; whether it wrote.

    An unchanged file keeps its modification time, so ``mkdocs build --dirty`` leaves its page be.
    """
    data = content.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:  # sizes first: no read
            return False
    except FileNotFoundError:
        pass
    write_atomically(path, content)
    return True


_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp's files are private; these are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def out_files(conversion: Conversion) -> dict[str, str]:
    """What ``convert.py FILE --out DIR`` writes for one raw text: with glossary terms and
    parallels within this raw text, without annotations (those belong to the corpus)."""
    files = {}
    texts = conversion.texts
    enriched = enrich(texts, load_glossary(SEEDS / "glossary.yml"))
    for text in texts:
        files[f"{text.id}.md"] = render_text_page(text, HANS_EDITION, conversion.report_id,
                                                  text_enrichment(enriched, text.id, HANS_EDITION))
        files[f"{text.id}.json"] = dump_json(text_json(text, HANS_EDITION.script,
                                                       export_enrichment(enriched, text, HANS_EDITION.script)))
    files[f"reports/{conversion.report_id}.json"] = dump_json(conversion.report or report_data(conversion))
    for text in texts:
        if text.conversion is not None:
            files[f"reports/conversion/{text.id}.json"] = dump_json(text.conversion.as_json())
    return files


def write_out(files: dict[str, str], out: Path) -> None:
    """Add ``files`` to the folder ``out`` (``convert.py FILE … --out DIR``), replacing those of
    the same names, all together or not at all: a copy of ``out`` (hard links) gets the new files,
    then takes its place (atomic.py)."""
    with replacing(out, keep_existing=True) as staging:
        for rel_path, content in files.items():
            path = staging / rel_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)  # a link to the file in ``out``: write a new file, never through it
            _write_new(path, content.encode("utf-8"))


def load_default_catalog() -> dict[str, CatalogEntry]:
    return load_catalog(SEEDS / "catalog.yml")


def summary(outcome: Outcome) -> dict[str, Any]:
    return {
        "texts": sum(len(c.texts) for c in outcome.conversions),
        "seeds": len(outcome.conversions),
        "errors": len(outcome.errors),
    }
