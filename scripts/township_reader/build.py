"""Building ``docs/`` from ``seeds/``: reading the seeds and the editorial data, running the
pipeline (:mod:`township_reader.pipeline`), and writing what it renders — whole or not at all.

``docs/`` is written beside the old one and swapped in (:func:`township_reader.files.replacing`);
``--incremental`` rewrites only the files that changed, so that ``mkdocs build --dirty`` re-renders
only their pages; ``--out DIR`` adds a text's files to a folder, all together or none. A raw text
that fails is reported by name, one line, and nothing is written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from township_reader import project
from township_reader.clean.corrections import load_corrections
from township_reader.datafile import DataError, DataErrors
from township_reader.decode import InputError, RawText, read_raw_text
from township_reader.decode.text import unsafe_name_character
from township_reader.editions.conversion import Converters, load_overrides, use_converters
from township_reader.enrich.glossary import Glossary, load_glossary
from township_reader.files import content_key, replacing, write_if_changed, write_new
from township_reader.pipeline import Corpus, Inputs, convert_raw, render_docs
from township_reader.project import Project
from township_reader.structure.catalog import load_catalog
from township_reader.structure.document import Conversion
from township_reader.structure.published import dump_text_anchors, link_anchors, load_record
from township_reader.vocabulary import HANS, HANT


@dataclass
class Outcome:
    conversions: list[Conversion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def default_project() -> Project:
    found = project.current()
    if found is None:
        raise DataError("seeds/", None, "no project here: run in the folder that holds seeds/ and mkdocs.yml "
                                        "(or set TR_PROJECT)")
    return found


# ----------------------------------------------------------------------------- reading


def seed_files(where: Project | None = None) -> list[Path]:
    return sorted((where or default_project()).seeds.glob("*.txt"))


def check_seeds(seeds: Path) -> None:
    """Refuse what a pull request could put in ``seeds/`` to make the build read elsewhere or
    hang: a symbolic link (a seed linked to a file of the machine that builds, which would be
    published), a device, pipe or socket, or a name with a control or invisible character."""
    root = project.display_path(seeds)
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


def read_glossary(path: Path) -> Glossary:
    """The glossary, validated (a DataError names every bad entry), read once per content: a
    process that builds more than once (a test, the benchmark, the preview) validates it once."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    return _glossary(path, hashlib.sha256(data).hexdigest())


@cache
def _glossary(path: Path, _digest: str) -> Glossary:
    glossary = load_glossary(path, project.display_path(path))
    for script in (HANS, HANT):  # the matcher too (a cached property)
        glossary.find("", script)
    return glossary


@cache
def _converters(words: frozenset[str]) -> Converters:
    return Converters(words)


def load_inputs(where: Project | None = None, glossary: Glossary | None = None) -> Inputs:
    """The editorial data of ``where`` (default: this run's project) that a conversion reads: the
    catalogue, every corrections and conversion-overrides file, and the glossary's terms (the
    segmenter keeps each whole). Notes, definitions and interface words are then converted with
    the same words (:func:`use_converters`). A DataError names a bad file."""
    where = where or default_project()
    if glossary is None:
        glossary = read_glossary(where.glossary) if where.glossary.exists() else Glossary([])
    converters = _converters(glossary.segmenter_words())
    use_converters(converters)
    corrections = {path.stem: load_corrections(path, project.display_path(path))
                   for path in sorted(where.corrections.glob("*.yml"))} if where.corrections.is_dir() else {}
    overrides = {path.stem: load_overrides(path, project.display_path(path))
                 for path in sorted(where.conversion_overrides.glob("*.yml"))} if where.conversion_overrides.is_dir() else {}
    catalog = load_catalog(where.catalog, where.display_path(where.catalog))
    return Inputs(catalog, {f"{stem}.txt": found for stem, found in corrections.items()}, overrides, converters)


# ----------------------------------------------------------------------------- converting


def convert_files(paths: list[Path], inputs: Inputs, cache_folder: Path | None = None) -> Outcome:
    """Convert each raw text; one that fails is reported (one line, naming it) and skipped, the
    others go on. With ``cache_folder``, a raw text converted before with the same inputs is read
    back instead (see :func:`cache_file`)."""
    outcome = Outcome()
    owners: dict[str, str] = {}  # text id -> the seed it is a text of
    for path in paths:
        try:
            raw = read_raw_text(path)
            conversion = cached_conversion(raw, inputs, cache_folder) if cache_folder else convert_raw(raw, inputs)
        except (InputError, DataError) as err:
            if isinstance(err, InputError):  # named as reports name it: seeds/x.txt, not this checkout's path
                err = InputError(project.display_path(Path(err.file)), err.problem, err.line)
            outcome.errors.append(str(err))
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
    seed = project.display_path(conversion.raw.path)
    seen: set[str] = set()
    for text_id in ids:
        if text_id in owners or text_id in seen:
            other = f"a text of {owners[text_id]}" if text_id in owners else "another of its texts"
            return str(InputError(seed, f"its text id '{text_id}' is also the id of {other} — give each text "
                                        "its own id in seeds/catalog.yml (or rename one of the files)"))
        seen.add(text_id)
    owners.update(dict.fromkeys(ids, seed))
    return None


def cache_file(raw: RawText, inputs: Inputs, folder: Path) -> Path:
    """Where the conversion of ``raw`` is cached: named by everything it depends on (its name and
    bytes, its catalogue entry, corrections and overrides, the segmenter's words, the package's
    code and data), so a change to any of them is a miss. The folder lies outside the work tree
    (files.cache_dir): a pickle runs code when it is read, so none may come from a commit."""
    key = content_key(raw.name, raw.text, repr(inputs.catalog.get(raw.name)), repr(inputs.corrections.get(raw.name)),
                      repr(sorted(inputs.overrides.items())), sorted(inputs.converters.segmenter.words), code_version())
    return folder / f"{key}.pickle"


def cached_conversion(raw: RawText, inputs: Inputs, folder: Path) -> Conversion:
    path = cache_file(raw, inputs, folder)
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError):
        conversion = convert_raw(raw, inputs)
        write_new(path, pickle.dumps(conversion, protocol=pickle.HIGHEST_PROTOCOL))
        return conversion


@cache
def code_version() -> str:
    """A key of the package's own code and data: a change to either invalidates the cache."""
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".tsv", ".md", ".txt"})
    return content_key(*((p.relative_to(package).as_posix(), p.read_bytes()) for p in files))


def published_anchors(conversions: list[Conversion], where: Project) -> dict[Path, str]:
    """Link this conversion's anchors with the record of published ones (``seeds/anchors/``): every
    block gets the old anchors that land on it; returns each text's record file as it should now
    be. A recorded anchor no block has and none clearly replaces is a DataError naming its line."""
    texts = [t for c in conversions for t in c.texts]
    record = load_record(where.anchors, texts, project.display_path(where.anchors))
    updated, problems = link_anchors(record, texts)
    if problems:
        raise DataErrors(problems)
    return {where.anchors / f"{text_id}.yml": dump_text_anchors(text_id, anchors)
            for text_id, anchors in updated.items() if text_id in {t.id for t in texts}}


def stale_records(records: dict[Path, str], where: Project) -> list[str]:
    """The record files that differ from what the conversion would write (missing ones too), and
    any left for a text that is no longer converted."""
    stale = [project.display_path(path) for path, content in sorted(records.items())
             if not path.exists() or path.read_bytes() != content.encode("utf-8")]
    if where.anchors.is_dir():
        stale += [project.display_path(p) for p in sorted(where.anchors.glob("*.yml")) if p not in records]
    return stale


def write_records(records: dict[Path, str]) -> list[Path]:
    """Write the record files that changed (each atomically); the paths written."""
    written = []
    for path, content in sorted(records.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        if write_if_changed(path, content):
            written.append(path)
    return written


# ----------------------------------------------------------------------------- writing


_PROJECTS = object()  # docs_files's default: the project's own glossary and notes


def docs_files(conversions: list[Conversion], where: Project | None = None, glossary: Glossary | None = None,
               annotations: Path | object | None = _PROJECTS) -> tuple[dict[str, str], list[str]]:
    """Every file of ``docs/`` for ``conversions``, and the enrich stage's warnings; with the
    glossary and the notes of ``where`` (default: this run's project) unless others are given
    (``annotations=None``: no notes)."""
    if glossary is None or annotations is _PROJECTS:
        where = where or default_project()
    corpus = Corpus(glossary or read_glossary(where.glossary),
                    where.annotations if annotations is _PROJECTS else annotations,  # type: ignore[arg-type, union-attr]
                    where.changelog if where and where.changelog.exists() else None)
    return render_docs(conversions, corpus)


def write_docs(files: dict[str, str], target: Path) -> None:
    """Replace ``target`` with exactly ``files``, whole: written beside it and swapped in."""
    with replacing(target) as staging:
        for rel_path, content in files.items():
            path = staging / rel_path
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new(path, content.encode("utf-8"))


def sync_docs(files: dict[str, str], target: Path) -> list[str]:
    """Make ``target`` hold exactly ``files``, writing only what changed (each file atomically), so
    that unchanged files keep their times and ``mkdocs build --dirty`` leaves their pages be.
    Returns the paths written or removed."""
    changed = [rel_path for rel_path, content in sorted(files.items()) if write_if_changed(target / rel_path, content)]
    removed = []
    if target.exists():
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.relative_to(target).as_posix() not in files:
                path.unlink()
                removed.append(path.relative_to(target).as_posix())
    return changed + removed


def stale_files(files: dict[str, str], docs: Path) -> list[str]:
    """Paths under ``docs`` that differ from ``files`` (missing, changed or extra; a file that is
    not UTF-8 is changed)."""
    on_disk = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.exists() else set()
    differ = [p for p, content in files.items() if p not in on_disk or (docs / p).read_bytes() != content.encode("utf-8")]
    return sorted(differ + sorted(on_disk - set(files)))


def write_out(files: dict[str, str], out: Path) -> None:
    """Add ``files`` to the folder ``out`` (``convert FILE … --out DIR``), replacing those of the
    same names, all together or not at all: a copy of ``out`` (hard links) gets the new files,
    then takes its place."""
    with replacing(out, keep_existing=True) as staging:
        for rel_path, content in files.items():
            path = staging / rel_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)  # a link to the file in ``out``: write a new file, never through it
            write_new(path, content.encode("utf-8"))


def out_problem(out: Path, inputs: list[Path], where: Project | None) -> str | None:
    """Why ``--out`` may not be written, if it may not: it is a file; it lies in seeds/ or docs/
    or holds either; it holds an input (which an output could overwrite); or it holds what the
    conversion does not write, anything but folders, Markdown and JSON (it is replaced whole, so
    it must be a folder of our outputs)."""
    target = out.resolve()
    if target.exists() and not target.is_dir():
        return f"--out {out} is a file, not a folder"
    for folder in ((where.seeds, where.docs) if where else ()):
        if target.is_relative_to(folder.resolve()) or folder.resolve().is_relative_to(target):
            return (f"--out {out} is or holds {folder.relative_to(where.root)}/, which convert never writes "
                    "into — give another folder")
    for path in inputs:
        if path.resolve().is_relative_to(target):
            return f"--out {out} holds the input {path}, which an output could overwrite — give another folder"
    if target.is_dir():
        for path in sorted(target.rglob("*")):
            ours = not path.is_symlink() and (path.is_dir() or (path.is_file() and path.suffix in {".md", ".json"}))
            if not ours:
                return (f"--out {out} holds {path.relative_to(target).as_posix()}, which convert does not write: "
                        "give a new or empty folder, or one convert wrote into (its files are replaced together)")
    return None
