#!/usr/bin/env python3
"""Scaffold an annotation: find where a quote anchors and print (or append) its YAML.

    python scripts/annotate.py TEXT_ID "QUOTE"
        print where QUOTE anchors in the text, and a YAML entry to paste into
        seeds/annotations/TEXT_ID.yml (fill in `note` and `sources`)

    python scripts/annotate.py TEXT_ID "QUOTE" --kind sic --note "…" --source "…" --author NAME --append
        validate and append the annotation to seeds/annotations/TEXT_ID.yml

    python scripts/annotate.py --list
        the text ids

The quote may be in Simplified or Traditional characters. If it occurs more than once,
give --prefix or --suffix (characters just before or after it) or --paragraph.
Exit status: 0 anchored, 1 the quote does not anchor (the message lists the closest
passages), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml

from township_reader.annotations import KINDS, QuoteProblem, load_annotations, locate
from township_reader.build import convert_files, load_default_catalog, seed_files, write_atomically
from township_reader.datafile import DataError, error_lines
from township_reader.glossary import load_glossary
from township_reader.pipeline import ROOT, SEEDS

CONTEXT = 20


def entry_yaml(data: dict[str, object]) -> str:
    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="annotate.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("text_id", nargs="?", help="the text's id (see --list)")
    parser.add_argument("quote", nargs="?", help="the exact words to annotate, as on the site")
    parser.add_argument("--list", action="store_true", help="list the text ids and titles")
    parser.add_argument("--prefix", default="", help="characters just before the quote")
    parser.add_argument("--suffix", default="", help="characters just after the quote")
    parser.add_argument("--paragraph", help="the paragraph id (anchor) the quote is in")
    parser.add_argument("--kind", default="context", choices=list(KINDS), help="the kind of note (default: context)")
    parser.add_argument("--note", help="the note, in Markdown")
    parser.add_argument("--source", action="append", default=[], help="a named source (repeat for more)")
    parser.add_argument("--author", default="", help="who writes the note")
    parser.add_argument("--append", action="store_true", help="append to seeds/annotations/TEXT_ID.yml")
    args = parser.parse_args(argv)

    outcome = convert_files(seed_files(), load_default_catalog())
    texts = {t.id: t for c in outcome.conversions for t in c.texts}
    if args.list or not args.text_id:
        for text_id, text in texts.items():
            print(f"{text_id:16} {text.title['zh-Hans']}")
        return 0 if args.list else 2
    if args.text_id not in texts:
        print(f"error: no text '{args.text_id}' — ids: {', '.join(texts)}", file=sys.stderr)
        return 2
    if not args.quote:
        parser.error("give the QUOTE to annotate")
    text = texts[args.text_id]
    glossary = load_glossary(SEEDS / "glossary.yml")
    short_ok = {f for e in glossary.entries for s in ("zh-Hans", "zh-Hant") for f in e.forms(s)}
    try:
        block_id, start, end, moved = locate(text, args.quote, args.prefix, args.suffix, args.paragraph, short_ok)
    except QuoteProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    body = next(b.text["zh-Hans"] for b in text.blocks if b.id == block_id)
    left, right = body[max(0, start - CONTEXT) : start], body[end : end + CONTEXT]
    print(f"anchors in {args.text_id} #{block_id}" + (f" (not in #{moved})" if moved else ""))
    print(f"  …{left}【{body[start:end]}】{right}…")
    print(f"  texts/{args.text_id}.html#{block_id}\n")

    entry: dict[str, object] = {"quote": body[start:end], "paragraph": block_id}
    if args.prefix:
        entry["prefix"] = args.prefix
    if args.suffix:
        entry["suffix"] = args.suffix
    entry["kind"] = args.kind
    entry["note"] = args.note or "（在此写注释，可用 Markdown）"
    entry["author"] = args.author or "（你的名字）"
    entry["sources"] = args.source or ["（出处：发布机构、标题、日期、网址）"]
    target = SEEDS / "annotations" / f"{args.text_id}.yml"
    if not args.append:
        print(f"add to {target.relative_to(ROOT)}:\n")
        print(entry_yaml(entry), end="")
        return 0
    if not args.note or not args.author or (not args.source and args.kind != "translation"):
        print("error: --append needs --note, --author and at least one --source", file=sys.stderr)
        return 2
    existing = target.read_text(encoding="utf-8") if target.exists() else (
        f"# Annotations on {text.title['zh-Hans']} ({args.text_id}). Schema: scripts/schemas/annotations.schema.json\n")
    if existing and not existing.endswith("\n"):
        existing += "\n"
    updated = existing + entry_yaml(entry)
    with tempfile.TemporaryDirectory() as scratch:  # validate the file as it would be, before writing it
        (Path(scratch) / target.name).write_text(updated, encoding="utf-8")
        try:
            load_annotations(Path(scratch), {args.text_id: text}, short_ok)
        except DataError as err:
            print(error_lines(err).replace(str(Path(scratch) / target.name), str(target.relative_to(ROOT))),
                  file=sys.stderr)
            return 1
    write_atomically(target, updated)
    print(f"appended to {target.relative_to(ROOT)}; run `make site` to see it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
