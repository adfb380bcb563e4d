#!/usr/bin/env python3
"""Convert raw texts into Township Reader's Markdown and exports.

    python scripts/convert.py                     regenerate everything under docs/ from seeds/
    python scripts/convert.py FILE ... --out DIR  convert any raw texts into DIR:
                                                  <id>.md and <id>.json per text (+ reports/)
    python scripts/convert.py --check             exit 1 if docs/ differs from a fresh run

Errors are one line each, naming the file and the problem; the other files are still
converted, and nothing is left half-written. Exit status: 0 on success, 1 if any file
failed (or, with --check, if docs/ is stale), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from township_reader.atomic import locked
from township_reader.build import (
    DOCS,
    ROOT,
    SEEDS,
    Outcome,
    check_seeds,
    convert_files,
    convert_site,
    load_default_catalog,
    out_files,
    seed_files,
    site_files,
    sync_site,
    write_out,
)
from township_reader.caches import cache_dir
from township_reader.datafile import DataError, error_lines


def stale_files(files: dict[str, str], docs: Path) -> list[str]:
    """Paths under docs/ that differ from ``files`` (missing, changed or extra), compared as bytes
    (a file that is not UTF-8 is simply different)."""
    on_disk = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()} if docs.exists() else set()
    differ = [p for p, c in files.items() if p not in on_disk or (docs / p).read_bytes() != c.encode("utf-8")]
    return sorted(differ + sorted(on_disk - set(files)))


def out_problem(out: Path, inputs: list[Path]) -> str | None:
    """Why ``--out`` may not be written, if it may not: it is a file; it lies in seeds/ or docs/
    or holds either; it holds an input (which an output could overwrite); or it holds what
    convert.py does not write, anything but folders, Markdown and JSON (it is replaced whole, so
    it must be a folder of our outputs)."""
    where = out.resolve()
    if where.exists() and not where.is_dir():
        return f"--out {out} is a file, not a folder"
    for folder in (SEEDS, DOCS):
        if where.is_relative_to(folder.resolve()) or folder.resolve().is_relative_to(where):
            return f"--out {out} is or holds {folder.relative_to(ROOT)}/, which convert.py never writes into — give another folder"
    for path in inputs:
        if path.resolve().is_relative_to(where):
            return f"--out {out} holds the input {path}, which an output could overwrite — give another folder"
    if where.is_dir():
        for path in sorted(where.rglob("*")):
            ours = not path.is_symlink() and (path.is_dir() or (path.is_file() and path.suffix in {".md", ".json"}))
            if not ours:
                return (f"--out {out} holds {path.relative_to(where).as_posix()}, which convert.py does not write: give "
                        "a new or empty folder, or one convert.py wrote into (its files are replaced together)")
    return None


def report(outcome: Outcome) -> None:
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in outcome.errors:
        print(f"error: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="convert.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="raw text files (default: every seeds/*.txt into docs/)")
    parser.add_argument("--out", type=Path, help="folder to write <id>.md and <id>.json into (needed with FILE): "
                                                 "a new or empty folder, or one convert.py wrote into")
    parser.add_argument("--check", action="store_true", help="do not write; fail if docs/ is not a fresh run")
    parser.add_argument("--incremental", action="store_true",
                        help="reuse earlier conversions (cached outside the work tree) and rewrite only the files "
                             "of docs/ that changed, so `mkdocs build --dirty` re-renders only changed pages (for "
                             "large corpora)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    if args.files and not args.out:
        parser.error("give --out DIR when converting files (without files, convert.py rebuilds docs/)")
    if args.check and (args.files or args.out):
        parser.error("--check compares docs/ with the seeds; it takes no files")
    if args.out and (problem := out_problem(args.out, args.files)):
        parser.error(problem)

    started = time.perf_counter()
    try:
        check_seeds()
        catalog = load_default_catalog()
    except DataError as err:
        print(error_lines(err), file=sys.stderr)
        return 1
    paths = args.files or seed_files()
    if not (args.out or args.incremental or args.check):
        # a full run: the cleaning reports are written into a new docs/ while the workers convert,
        # then each process writes the pages it renders (swapped in whole, or not at all)
        try:
            outcome, count = convert_site(paths, catalog, DOCS)
        except DataError as err:
            print(error_lines(err), file=sys.stderr)
            return 1
        report(outcome)
        if outcome.errors:
            print("error: docs/ left unchanged because a seed failed to convert", file=sys.stderr)
            return 1
        if not args.quiet:
            texts = sum(len(c.texts) for c in outcome.conversions)
            print(f"converted {texts} texts from {len(outcome.conversions)} seeds into docs/ "
                  f"({count} files, {time.perf_counter() - started:.2f} s)")
        return 0
    outcome = convert_files(paths, catalog, cache_dir("convert") if args.incremental else None)
    report(outcome)

    if args.out:
        files: dict[str, str] = {}
        try:
            for conversion in outcome.conversions:
                files.update(out_files(conversion))
        except DataError as err:
            print(error_lines(err), file=sys.stderr)
            return 1
        if files:
            write_out(files, args.out.resolve())  # every text's files together, or none (a symlink's folder)
        if not args.quiet:
            texts = sum(len(c.texts) for c in outcome.conversions)
            print(f"converted {texts} text(s) from {len(outcome.conversions)} file(s) into {args.out} "
                  f"({len(files)} files, {time.perf_counter() - started:.2f} s)")
        return 1 if outcome.errors else 0

    if outcome.errors:
        print("error: docs/ left unchanged because a seed failed to convert", file=sys.stderr)
        return 1
    texts = sum(len(c.texts) for c in outcome.conversions)
    try:
        if args.incremental:
            # each process compares the pages it renders with docs/ and rewrites only what changed
            with locked(DOCS):
                changed = sync_site(outcome.conversions, DOCS)
            if not args.quiet:
                print(f"converted {texts} texts from {len(outcome.conversions)} seeds: {len(changed)} file(s) of "
                      f"docs/ changed ({time.perf_counter() - started:.2f} s)")
            return 0
        files = site_files(outcome.conversions)
    except DataError as err:
        print(error_lines(err), file=sys.stderr)
        return 1
    with locked(DOCS, shared=True):
        stale = stale_files(files, DOCS)
    if stale:
        print(f"docs/ is stale ({len(stale)} file(s) differ, e.g. {stale[0]}): run `python scripts/convert.py`",
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"docs/ is up to date ({len(files)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
