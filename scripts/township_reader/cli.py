"""The ``township-reader`` command: one command line over the pipeline, each subcommand a thin
layer over the library's functions.

Errors are one line each, naming the file and the line where there is one; the other files are
still converted and nothing is left half-written. Exit status: 0 on success, 1 when a file or a
check failed, 2 for bad usage.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import click
import yaml

from township_reader import project
from township_reader.build import (
    Outcome,
    check_seeds,
    convert_files,
    default_project,
    docs_files,
    load_inputs,
    out_problem,
    published_anchors,
    read_glossary,
    seed_files,
    stale_files,
    stale_records,
    sync_docs,
    write_docs,
    write_out,
    write_records,
)
from township_reader.datafile import DataError, error_lines
from township_reader.files import cache_dir, locked, write_new
from township_reader.pipeline import out_files
from township_reader.project import Project


class Failed(click.ClickException):
    """A failure already explained on stderr (one line per problem): exit 1, say nothing more."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("")

    def show(self, file: object = None) -> None:
        pass


def _say_problems(outcome: Outcome) -> None:
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in outcome.errors:
        click.echo(f"error: {error}", err=True)


def _data_error(err: DataError) -> Failed:
    click.echo(error_lines(err), err=True)
    return Failed()


def _project() -> Project:
    try:
        return default_project()
    except DataError as err:
        raise _data_error(err) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="township-reader")
def main() -> None:
    """乡镇文献注读 Township Reader: convert raw texts into the annotated reader, check the editorial
    data, build and preview the site.

    The project is the folder holding seeds/ and mkdocs.yml (the working directory or one above
    it; TR_PROJECT names another).
    """


# ----------------------------------------------------------------------------- convert


@main.command(short_help="Convert raw texts into docs/ (or FILE… into --out DIR).")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path),
              help="Folder to write <id>.md and <id>.json into (needed with FILE): a new or empty folder, "
                   "or one this command wrote into.")
@click.option("--check", is_flag=True, help="Do not write; fail if docs/ is not what a fresh run gives.")
@click.option("--incremental", is_flag=True,
              help="Reuse earlier conversions (cached outside the work tree) and rewrite only the files of docs/ "
                   "that changed, so that `build --dirty` re-renders only changed pages.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors and warnings only.")
def convert(files: tuple[Path, ...], out: Path | None, check: bool, incremental: bool, quiet: bool) -> None:
    """Convert raw texts: every seeds/*.txt into docs/ (both editions, exports, reports, search
    index), or FILE... into --out DIR (<id>.md and <id>.json per text, and reports/)."""
    if files and not out:
        raise click.UsageError("give --out DIR when converting files (without files, convert rebuilds docs/)")
    if check and (files or out):
        raise click.UsageError("--check compares docs/ with the seeds; it takes no files")
    where = project.current() if out else _project()
    if out and (problem := out_problem(out, list(files), where)):
        raise click.UsageError(problem)
    started = time.perf_counter()
    try:
        if where and not out:
            check_seeds(where.seeds)
        inputs = load_inputs(where) if where else load_inputs_outside()
    except DataError as err:
        raise _data_error(err) from None
    paths = list(files) or seed_files(where)
    cache = cache_dir("convert", where.root) if incremental and where else None
    outcome = convert_files(paths, inputs, cache)
    _say_problems(outcome)
    texts = sum(len(c.texts) for c in outcome.conversions)
    if out:
        written: dict[str, str] = {}
        glossary = read_glossary(where.glossary) if where and where.glossary.exists() else None
        try:
            for conversion in outcome.conversions:
                written.update(out_files(conversion, glossary or _empty_glossary()))
        except DataError as err:
            raise _data_error(err) from None
        if written:
            write_out(written, out.resolve())  # every text's files together, or none
        if not quiet:
            click.echo(f"converted {texts} text(s) from {len(outcome.conversions)} file(s) into {out} "
                       f"({len(written)} files, {time.perf_counter() - started:.2f} s)")
        if outcome.errors:
            raise Failed()
        return
    if outcome.errors:
        click.echo("error: docs/ left unchanged because a seed failed to convert", err=True)
        raise Failed()
    try:
        records = published_anchors(outcome.conversions, where)
        rendered, warnings = docs_files(outcome.conversions, where)
    except DataError as err:
        raise _data_error(err) from None
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if check:
        with locked(where.docs, shared=True):
            stale = stale_files(rendered, where.docs)
        if stale:
            click.echo(f"docs/ is stale ({len(stale)} file(s) differ, e.g. {stale[0]}): run "
                       "`township-reader convert` (or `make convert`)", err=True)
        if stale_anchors := stale_records(records, where):
            click.echo(f"the record of published anchors is stale ({len(stale_anchors)} file(s) differ, e.g. "
                       f"{stale_anchors[0]}): run `township-reader convert` and commit seeds/anchors/", err=True)
        if stale or stale_anchors:
            raise Failed()
        if not quiet:
            click.echo(f"docs/ is up to date ({len(rendered)} files), and the record of published anchors")
        return
    if incremental:
        with locked(where.docs):
            changed = sync_docs(rendered, where.docs)
        write_records(records)
        if not quiet:
            click.echo(f"converted {texts} texts from {len(outcome.conversions)} seeds: {len(changed)} file(s) of "
                       f"docs/ changed ({time.perf_counter() - started:.2f} s)")
        return
    write_docs(rendered, where.docs)
    write_records(records)
    if not quiet:
        click.echo(f"converted {texts} texts from {len(outcome.conversions)} seeds into docs/ "
                   f"({len(rendered)} files, {time.perf_counter() - started:.2f} s)")


def load_inputs_outside():
    """Inputs without a project: no catalogue, corrections, overrides or glossary terms."""
    from township_reader.pipeline import Inputs

    return Inputs()


def _empty_glossary():
    from township_reader.enrich.glossary import Glossary

    return Glossary([])


@main.command(short_help="Check the editorial data and that docs/ is up to date.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.pass_context
def check(ctx: click.Context, quiet: bool) -> None:
    """Check the editorial data (catalogue, corrections, conversion overrides, glossary, notes,
    publishers) and that docs/ is what a fresh conversion gives: what CI runs first."""
    ctx.invoke(convert, check=True, quiet=quiet)


@main.command(short_help="Check that changed editorial data has its CHANGELOG entry.")
@click.option("--base", default="main", show_default=True,
              help="The branch (or commit) the work is compared with: a pull request's target branch.")
def changelog(base: str) -> None:
    """Fail if the editorial data (raw texts, corrections, notes, glossary, conversion overrides,
    catalogue, publishers) changed since the work branched from BASE and seeds/changelog.yml has no
    new entry saying so. CI runs it on every pull request."""
    from township_reader.tools.changelog import GitError, changelog_problems

    where = _project()
    try:
        problems = changelog_problems(where.root, base)
    except GitError as err:
        click.echo(f"error: {err} — run in a git checkout, with BASE fetched (git fetch origin {base})", err=True)
        raise Failed() from None
    except DataError as err:
        raise _data_error(err) from None
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        raise Failed()
    click.echo(f"seeds/changelog.yml says what changed since {base}")


# ----------------------------------------------------------------------------- build and preview


@main.command(short_help="Build both editions of the site, strictly.")
@click.option("--dirty", is_flag=True, help="Rebuild only the pages whose docs/ file changed (every page when the "
                                            "navigation or the site's configuration changed, or there is no earlier build).")
@click.option("--docs", type=click.Path(path_type=Path), help="The converted docs/ (default: the project's).")
@click.option("--site", type=click.Path(path_type=Path), help="Where to build (default: the project's site/).")
@click.option("--site-url", help="The hosted address of the Simplified edition (optional).")
@click.option("--search", type=click.Choice(["inline", "pagefind"]), default="inline", show_default=True,
              help="Search backend: the inline index (also offline) or Pagefind's chunked index.")
def build(dirty: bool, docs: Path | None, site: Path | None, site_url: str | None, search: str) -> None:
    """Build both editions of the site with MkDocs, strictly (every warning fails), in one process:
    site/ (Simplified) and site/hant/ (Traditional), swapped in whole."""
    from township_reader.publish.site import SiteBuildError, build_site

    where = _project()
    docs, site = docs or where.docs, site or where.site
    try:
        seconds = build_site(where, docs, site, site_url, search, dirty)
    except SiteBuildError as err:
        click.echo(f"error: {err}", err=True)
        if not dirty:
            click.echo(f"error: {site}/ left as it was", err=True)
        raise Failed() from None
    shown = os.path.relpath(site) if site.resolve().is_relative_to(Path.cwd()) else str(site)
    click.echo(f"built {shown}/ (Simplified) and {shown}/hant/ (Traditional) in {seconds:.1f} s, search: {search}")


@main.command(short_help="Serve both editions; reconvert and reload on every save.")
@click.option("--port", default=8000, show_default=True, help="Port to serve on (127.0.0.1).")
@click.option("--once", is_flag=True, hidden=True)  # tests: build once and stop
def preview(port: int, once: bool) -> None:
    """The editor's loop: build both editions, serve them on http://127.0.0.1:PORT/, and on every
    change to seeds/ reconvert only what changed, rebuild only the changed pages and reload the
    browser. A bad entry prints its file:line here, shows it on the page, and the server goes on."""
    from township_reader.preview import serve

    serve(_project(), port, once)


# ----------------------------------------------------------------------------- editors' tools


@main.command(short_help="Anchor a quote in a text; print or append a note.")
@click.argument("text_id", required=False)
@click.argument("quote", required=False)
@click.option("--list", "list_ids", is_flag=True, help="List the text ids and titles.")
@click.option("--prefix", default="", help="Characters just before the quote.")
@click.option("--suffix", default="", help="Characters just after the quote.")
@click.option("--paragraph", help="The paragraph id (anchor) the quote is in.")
@click.option("--kind", default="context", show_default=True,
              type=click.Choice(["context", "term", "correction", "sic", "cross-reference", "translation"]),
              help="The kind of note.")
@click.option("--note", help="The note, in Markdown.")
@click.option("--source", "sources", multiple=True, help="A named source (repeat for more).")
@click.option("--author", default="", help="Who writes the note.")
@click.option("--append", is_flag=True, help="Append to seeds/annotations/TEXT_ID.yml.")
def annotate(text_id: str | None, quote: str | None, list_ids: bool, prefix: str, suffix: str, paragraph: str | None,
             kind: str, note: str | None, sources: tuple[str, ...], author: str, append: bool) -> None:
    """Find where QUOTE anchors in TEXT_ID and print the YAML of a note (or, with --append and
    --note, --author and --source, validate it and add it to seeds/annotations/TEXT_ID.yml).

    The quote may be in Simplified or Traditional characters. If it occurs more than once, give
    --prefix or --suffix (characters just before or after it) or --paragraph. Exit status 1:
    the quote does not anchor (the message lists the closest passages)."""
    from township_reader.enrich.annotations import QuoteProblem, load_annotations, locate

    where = _project()
    try:
        outcome = convert_files(seed_files(where), load_inputs(where))
    except DataError as err:
        raise _data_error(err) from None
    texts = {t.id: t for c in outcome.conversions for t in c.texts}
    if list_ids or not text_id:
        for found_id, text in texts.items():
            click.echo(f"{found_id:16} {text.title['zh-Hans']}")
        if not list_ids:
            raise click.UsageError("give TEXT_ID and QUOTE (the ids are listed above)")
        return
    if text_id not in texts:
        raise click.UsageError(f"no text '{text_id}' — ids: {', '.join(texts)}")
    if not quote:
        raise click.UsageError("give the QUOTE to annotate")
    text = texts[text_id]
    glossary = read_glossary(where.glossary)
    short_ok = {f for e in glossary.entries for s in ("zh-Hans", "zh-Hant") for f in e.forms(s)}
    try:
        block_id, start, end, moved = locate(text, quote, prefix, suffix, paragraph, short_ok)
    except QuoteProblem as problem:
        click.echo(f"error: {problem}", err=True)
        raise Failed() from None
    body = next(b.text["zh-Hans"] for b in text.blocks if b.id == block_id)
    context = 20
    click.echo(f"anchors in {text_id} #{block_id}" + (f" (not in #{moved})" if moved else ""))
    click.echo(f"  …{body[max(0, start - context) : start]}【{body[start:end]}】{body[end : end + context]}…")
    click.echo(f"  texts/{text_id}.html#{block_id}\n")
    entry: dict[str, object] = {"quote": body[start:end], "paragraph": block_id}
    if prefix:
        entry["prefix"] = prefix
    if suffix:
        entry["suffix"] = suffix
    entry |= {"kind": kind, "note": note or "（在此写注释，可用 Markdown）", "author": author or "（你的名字）",
              "sources": list(sources) or ["（出处：发布机构、标题、文号、日期、发表处）"]}
    target = where.annotations / f"{text_id}.yml"
    shown = project.display_path(target)
    entry_yaml = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    if not append:
        click.echo(f"add to {shown}:\n")
        click.echo(entry_yaml, nl=False)
        return
    if not note or not author or (not sources and kind != "translation"):
        raise click.UsageError("--append needs --note, --author and at least one --source")
    existing = target.read_text(encoding="utf-8") if target.exists() else (
        f"# Annotations on {text.title['zh-Hans']} ({text_id}). Schema: scripts/township_reader/schemas/annotations.schema.json\n")
    if not existing.endswith("\n"):
        existing += "\n"
    updated = existing + entry_yaml
    with tempfile.TemporaryDirectory() as scratch:  # validate the file as it would be, before writing it
        (Path(scratch) / target.name).write_text(updated, encoding="utf-8")
        try:
            load_annotations(Path(scratch), {text_id: text}, short_ok)
        except DataError as err:
            click.echo(error_lines(err).replace(str(Path(scratch) / target.name), shown), err=True)
            raise Failed() from None
    write_new(target, updated.encode("utf-8"))
    click.echo(f"appended to {shown}; run `make site` (or keep `township-reader preview` running) to see it")


@main.group()
def glossary() -> None:
    """Maintain the glossary (seeds/glossary.yml)."""


ENTRY_START = re.compile(r"^- id: *(\S+)", re.MULTILINE)


def sort_entries(source: str) -> str:
    """Entries (each from its '- id:' line to the next) in id order; the header stays on top.

    >>> sort_entries("# h\\n- id: b\\n  x: 1\\n- id: a\\n  x: 2\\n")
    '# h\\n- id: a\\n  x: 2\\n- id: b\\n  x: 1\\n'
    """
    starts = [m.start() for m in ENTRY_START.finditer(source)]
    if not starts:
        return source
    header, chunks = source[: starts[0]], []
    for n, start in enumerate(starts):
        chunk = source[start : starts[n + 1] if n + 1 < len(starts) else len(source)]
        chunks.append(chunk if chunk.endswith("\n") else chunk + "\n")
    chunks.sort(key=lambda c: ENTRY_START.match(c).group(1))  # type: ignore[union-attr]
    return header + "".join(chunks)


def _glossary_and_texts(where: Project):
    try:
        found = read_glossary(where.glossary)
        outcome = convert_files(seed_files(where), load_inputs(where, found))
    except DataError as err:
        raise _data_error(err) from None
    return found, [t for c in outcome.conversions for t in c.texts]


@glossary.command("check", short_help="Validate the glossary.")
def glossary_check() -> None:
    """Validate the glossary; print how many entries it has and how often they occur."""
    from township_reader.enrich.corpus import enrich

    found, texts = _glossary_and_texts(_project())
    enriched = enrich(texts, found)
    occurrences = sum(len(v) for (_t, _b, script), v in enriched.terms.items() if script == "zh-Hans")
    unused = [e.term for e in found.entries if not enriched.term_counts().get(e.id)]
    click.echo(f"{len(found)} entries, {occurrences} occurrences in {len(texts)} texts"
               + (f"; not found in any text: {'、'.join(unused)}" if unused else ""))


@glossary.command("sort", short_help="Sort the glossary's entries by id, in place.")
def glossary_sort() -> None:
    """Sort the entries by id, in place (comments and layout kept)."""
    path = _project().glossary
    source = path.read_text(encoding="utf-8")
    write_new(path, sort_entries(source).encode("utf-8"))
    click.echo(f"sorted {len(ENTRY_START.findall(source))} entries in {path.name}")


@glossary.command("candidates", short_help="List terms the glossary may lack.")
@click.option("--min-count", type=int, default=3, show_default=True, help="Least uses of a frequent word.")
def glossary_candidates(min_count: int) -> None:
    """List terms the glossary may lack: numbered formulas and frequent words that are not entries."""
    from township_reader.tools.candidates import find_candidates

    found, texts = _glossary_and_texts(_project())
    candidates = find_candidates(texts, found, min_count)
    for c in candidates:
        click.echo(f"{c.kind:8} {c.count:3}  {c.text:12}  {','.join(sorted(c.texts))}  …{c.example}…")
    click.echo(f"{len(candidates)} candidates", err=True)


@main.command(short_help="Check every internal link and anchor of the built site.")
@click.argument("site", required=False, type=click.Path(path_type=Path))
def linkcheck(site: Path | None) -> None:
    """Check every internal link and anchor of the built SITE (default: the project's site/,
    both editions); each broken one is printed as `page:line: link — problem`."""
    from township_reader.publish.linkcheck import check_site

    site = site or _project().site
    if not (site / "index.html").exists():
        raise click.UsageError(f"{site}: no built site (run `make site`)")
    report = check_site(site)
    for problem in report.broken:
        click.echo(problem)
    click.echo(f"{report.pages} pages, {report.links} internal links, {len(report.broken)} broken, "
               f"{len(report.external)} external links (not fetched)")
    if report.broken:
        raise Failed()


@main.command(short_help="Benchmark the pipeline and the site on synthetic corpora.",
              add_help_option=False,  # its options are argparse's (tools/bench.py): --help is theirs
              context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def bench(args: tuple[str, ...]) -> None:
    """Benchmark the pipeline and the site on synthetic corpora: build time, rebuild, site and
    page sizes, search, the preview's loop."""
    from township_reader.tools.bench import main as bench_main

    code = bench_main(list(args))
    if code:
        sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
