#!/usr/bin/env python3
"""Maintain the glossary (seeds/glossary.yml).

    python scripts/glossary.py check          validate it; print the number of entries and occurrences
    python scripts/glossary.py sort           sort the entries by id, in place (comments and layout kept)
    python scripts/glossary.py candidates     list terms the glossary may lack: numbered formulas
                                              and frequent words that are not yet entries

Errors name the file and line. Exit status: 0 fine, 1 a problem, 2 bad usage.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from township_reader.build import convert_files, load_default_catalog, seed_files, write_atomically
from township_reader.candidates import find_candidates
from township_reader.datafile import DataError, error_lines
from township_reader.enrich import enrich
from township_reader.glossary import load_glossary
from township_reader.pipeline import SEEDS

GLOSSARY = SEEDS / "glossary.yml"
ENTRY_START = re.compile(r"^- id: *(\S+)", re.MULTILINE)


def texts():
    outcome = convert_files(seed_files(), load_default_catalog())
    return [t for c in outcome.conversions for t in c.texts]


def sort_entries(source: str) -> str:
    """Entries (each from its '- id:' line to the next) in id order; the header stays on top."""
    starts = [m.start() for m in ENTRY_START.finditer(source)]
    if not starts:
        return source
    header, chunks = source[: starts[0]], []
    for n, start in enumerate(starts):
        chunk = source[start : starts[n + 1] if n + 1 < len(starts) else len(source)]
        chunks.append(chunk if chunk.endswith("\n") else chunk + "\n")
    chunks.sort(key=lambda c: ENTRY_START.match(c).group(1))
    return header + "".join(chunks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="glossary.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("command", choices=["check", "sort", "candidates"])
    parser.add_argument("--min-count", type=int, default=3, help="candidates: least uses of a frequent word")
    args = parser.parse_args(argv)
    if args.command == "sort":
        source = GLOSSARY.read_text(encoding="utf-8")
        write_atomically(GLOSSARY, sort_entries(source))
        print(f"sorted {len(ENTRY_START.findall(source))} entries in {GLOSSARY.name}")
        return 0
    try:
        glossary = load_glossary(GLOSSARY)
    except DataError as err:
        print(error_lines(err), file=sys.stderr)
        return 1
    corpus = texts()
    if args.command == "check":
        enriched = enrich(corpus, glossary)
        occurrences = sum(len(v) for (_t, _b, script), v in enriched.terms.items() if script == "zh-Hans")
        unused = [e.term for e in glossary.entries if not enriched.term_counts().get(e.id)]
        print(f"{len(glossary)} entries, {occurrences} occurrences in {len(corpus)} texts"
              + (f"; not found in any text: {'、'.join(unused)}" if unused else ""))
        return 0
    candidates = find_candidates(corpus, glossary, args.min_count)
    for c in candidates:
        print(f"{c.kind:8} {c.count:3}  {c.text:12}  {','.join(sorted(c.texts))}  …{c.example}…")
    print(f"{len(candidates)} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
