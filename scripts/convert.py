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

from township_reader.build import (
    DOCS,
    ROOT,
    Outcome,
    convert_files,
    convert_site,
    load_default_catalog,
    out_files,
    seed_files,
    site_files,
    sync_site,
    write_atomically,
)
from township_reader.datafile import DataError, error_lines

CACHE = ROOT / "build" / "cache" / "convert"


def stale_files(files: dict[str, str], docs: Path) -> list[str]:
    """Paths under docs/ that differ from ``files`` (missing, changed or extra)."""
    on_disk = {str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_file()} if docs.exists() else set()
    differ = [p for p, c in files.items() if p not in on_disk or (docs / p).read_text(encoding="utf-8") != c]
    return sorted(differ + sorted(on_disk - set(files)))


def report(outcome: Outcome) -> None:
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in outcome.errors:
        print(f"error: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="convert.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="raw text files (default: every seeds/*.txt into docs/)")
    parser.add_argument("--out", type=Path, help="folder to write <id>.md and <id>.json into (needed with FILE)")
    parser.add_argument("--check", action="store_true", help="do not write; fail if docs/ is not a fresh run")
    parser.add_argument("--incremental", action="store_true",
                        help="reuse earlier conversions (build/cache/) and rewrite only the files of docs/ that "
                             "changed, so `mkdocs build --dirty` re-renders only changed pages (for large corpora)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    args = parser.parse_args(argv)
    if args.files and not args.out:
        parser.error("give --out DIR when converting files (without files, convert.py rebuilds docs/)")
    if args.check and (args.files or args.out):
        parser.error("--check compares docs/ with the seeds; it takes no files")

    started = time.perf_counter()
    try:
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
    outcome = convert_files(paths, catalog, CACHE if args.incremental else None)
    report(outcome)

    if args.out:
        written = 0
        for conversion in outcome.conversions:
            for rel_path, content in out_files(conversion).items():
                write_atomically(args.out / rel_path, content)
                written += 1
        if not args.quiet:
            texts = sum(len(c.texts) for c in outcome.conversions)
            print(f"converted {texts} text(s) from {len(outcome.conversions)} file(s) into {args.out} "
                  f"({written} files, {time.perf_counter() - started:.2f} s)")
        return 1 if outcome.errors else 0

    if outcome.errors:
        print("error: docs/ left unchanged because a seed failed to convert", file=sys.stderr)
        return 1
    texts = sum(len(c.texts) for c in outcome.conversions)
    try:
        if args.incremental:
            # each process compares the pages it renders with docs/ and rewrites only what changed
            changed = sync_site(outcome.conversions, DOCS)
            if not args.quiet:
                print(f"converted {texts} texts from {len(outcome.conversions)} seeds: {len(changed)} file(s) of "
                      f"docs/ changed ({time.perf_counter() - started:.2f} s)")
            return 0
        files = site_files(outcome.conversions)
    except DataError as err:
        print(error_lines(err), file=sys.stderr)
        return 1
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
