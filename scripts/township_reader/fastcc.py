"""OpenCC conversion, exactly as opencc-python-reimplemented does it, several times faster.

opencc-python-reimplemented converts each clause (text between separators) with each
dictionary group in turn: it finds the *longest* dictionary entry anywhere in the clause
(the leftmost, if several are as long), replaces it, and does the same to the text left and
right of it; what no phrase covers then goes through the character table.  It builds a tree
of objects for every clause and tries every length at every position at every step, which
made it the slowest stage of the pipeline on large corpora.

This module uses the library's own dictionaries and separators and the same rule, but:

* knows which phrases convert differently from their characters one by one (头发 → 頭髮, not
  頭發): about a fifth of s2t's.  A clause in which no such phrase occurs converts to its
  character-table translation whatever the segmentation, so only the clauses that contain
  one need the library's rule; the others, most of the text, go through ``str.translate``;
* finds those clauses from the few characters such a phrase differs at (232 for s2t, found by
  one regex scan in C), checking only the phrases around each; no entry contains a separator,
  so every match lies inside one clause;
* in those clauses finds every phrase, then applies the library's longest-first rule.

tests/test_fastcc.py checks byte-identical output against the library on the whole corpus
and on random text; the library stays the reference, and its dictionaries the data.

Deriving these tables from the dictionaries takes about 0.13 s, which every conversion process
paid at start-up (a third of it); they are kept in ``build/cache/opencc/`` (marshal, about
0.03 s to load), under a key made of everything they are derived from: the library's code,
configurations and dictionaries, this module's source, and the Python version.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import opencc

TABLES_CACHE = Path(__file__).resolve().parents[2] / "build" / "cache" / "opencc"
_TABLES = ("separators", "phrases", "prefixes", "table", "differing", "spots", "spots_after", "spots_before")


class Converter:
    """One OpenCC configuration ("s2t", "t2s"), with the library's results.

    With ``cache`` (a folder), the tables are read from it when they were derived from the same
    library, dictionaries and code, and written to it otherwise; a missing, unreadable or
    unwritable cache only costs the derivation."""

    def __init__(self, config: str, cache: Path | None = None) -> None:
        path = cache / f"{config}-{tables_key(config)}.marshal" if cache else None
        tables = _read_tables(path) if path else None
        if tables is None:
            tables = derive_tables(config)
            if path:
                _write_tables(path, tables)
        self.separators = re.compile(tables["separators"])
        self.phrases: dict[str, str] = tables["phrases"]
        self.prefixes: dict[str, list[int]] = tables["prefixes"]
        self.table: dict[int, str] = tables["table"]
        self.differing: set[str] = tables["differing"]
        self.spots: dict[str, list[tuple[int, int]]] = tables["spots"]
        self.spots_after: dict[str, list[tuple[int, int]]] = tables["spots_after"]
        self.spots_before: dict[str, list[tuple[int, int]]] = tables["spots_before"]
        self.flagged = re.compile("[" + "".join(map(re.escape, sorted(self.spots))) + "]")

    def tables(self) -> dict[str, Any]:
        """What the converter is made of, as cached (the separators as their pattern)."""
        return {name: self.separators.pattern if name == "separators" else getattr(self, name) for name in _TABLES}

    def convert(self, text: str) -> str:
        starts = self._differing_starts(text)
        if not starts:
            return text.translate(self.table)
        n = len(text)
        out: list[str] = []
        done = 0  # text[:done] is converted
        for i in sorted(starts):
            if i < done:
                continue  # in the clause just converted
            # the clause around the hit: from after the separator before it to the one after it
            after = self.separators.search(text, i)
            end = after.start() if after else n
            before = self.separators.search(text[done:i][::-1])  # the last separator before i
            start = i - before.start() if before else done
            out.append(text[done:start].translate(self.table))
            out.extend(self._longest_first(text, start, end, self._matches(text, start, end)))
            done = end
        out.append(text[done:].translate(self.table))
        return "".join(out)

    def _differing_starts(self, text: str) -> set[int]:
        """Where a phrase that converts differently from its characters starts (at least one
        such start in each clause that has one: that is all :meth:`convert` needs)."""
        spots_after, spots_before, differing = self.spots_after, self.spots_before, self.differing
        starts = set()
        for flagged in self.flagged.finditer(text):
            at = flagged.start()
            spots = spots_after.get(text[at : at + 2], ())
            if at:
                spots_ending = spots_before.get(text[at - 1 : at + 1])
                if spots_ending:
                    spots = [*spots, *spots_ending]
            for offset, length in spots:
                start = at - offset
                if start >= 0 and text[start : start + length] in differing:
                    starts.add(start)
                    break
        return starts

    def _matches(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Every (position, length) of a phrase inside ``text[start:end]``."""
        prefixes, phrases = self.prefixes, self.phrases
        return [(i, length) for i in range(start, end - 1) for length in prefixes.get(text[i : i + 2], ())
                if i + length <= end and text[i : i + length] in phrases]

    def _longest_first(self, text: str, start: int, end: int, matches: list[tuple[int, int]]) -> list[str]:
        best = None
        for i, length in matches:
            if i >= start and i + length <= end and (best is None or length > best[1] or (length == best[1] and i < best[0])):
                best = (i, length)
        if best is None:
            return [text[start:end].translate(self.table)]
        i, length = best
        return ([*self._longest_first(text, start, i, matches), self.phrases[text[i:i + length]], *self._longest_first(text, i + length, end, matches)])


def derive_tables(config: str) -> dict[str, Any]:
    """A converter's tables, from the library's dictionaries (loaded and chained by the library
    itself); the separators as their pattern."""
    library = opencc.OpenCC(config)
    library._init_dict()
    separators = re.compile(library.split_chars_re.pattern)
    chain = library._dict_chain_data
    if len(chain) != 1 or len(chain[0]) != 2 or chain[0][1][0] != 1:
        raise ValueError(f"{config}: expected one group of phrases then characters, got another chain")
    (_p_max, _p_min, phrase_entries), (_c_max, _c_min, characters) = chain[0]
    # An entry with a separator can never match (the library splits clauses at separators).
    phrases = {k: v.split(" ")[0] for k, v in phrase_entries.items() if not separators.search(k)}
    # for each two-character prefix, the lengths of the entries that start with it, longest first
    lengths: dict[str, set[int]] = {}
    for key in phrases:
        lengths.setdefault(key[:2], set()).add(len(key))
    chars = {k: v.split(" ")[0] for k, v in characters.items()}
    if any(separators.fullmatch(k) for k in chars):
        raise ValueError(f"{config}: a separator is in the character table; translate would change it")
    table = str.maketrans(chars)
    # The phrases whose conversion is not their characters' one by one: only these can make a
    # clause's result differ from its translation. Each has a character where it differs (发 in
    # 头发 → 頭髮): for each such character, the (offset, length) of the phrases it differs in;
    # and the same keyed by the flagged character and the one after it in the phrase (or, where
    # it ends the phrase, the one before it): a flagged character in running text is checked
    # only against the phrases its neighbour allows (about 9 checks → 1).
    differing = {k for k, v in phrases.items() if k.translate(table) != v}
    spots: dict[str, set[tuple[int, int]]] = {}
    after: dict[str, set[tuple[int, int]]] = {}
    before: dict[str, set[tuple[int, int]]] = {}
    for key in differing:
        value, plain = phrases[key], key.translate(table)
        where = range(len(key)) if len(value) != len(key) else [j for j in range(len(key)) if plain[j] != value[j]]
        for j in where:
            spots.setdefault(key[j], set()).add((j, len(key)))
            if j + 1 < len(key):
                after.setdefault(key[j : j + 2], set()).add((j, len(key)))
            else:
                before.setdefault(key[j - 1 : j + 1], set()).add((j, len(key)))
    return {
        "separators": separators.pattern,
        "phrases": phrases,
        "prefixes": {prefix: sorted(found, reverse=True) for prefix, found in lengths.items()},
        "table": table,
        "differing": differing,
        "spots": {char: sorted(found) for char, found in spots.items()},
        "spots_after": {pair: sorted(found) for pair, found in after.items()},
        "spots_before": {pair: sorted(found) for pair, found in before.items()},
    }


def tables_key(config: str) -> str:
    """A digest of everything a converter's tables are derived from (about 3 ms to make)."""
    digest = hashlib.sha256(f"{config} {sys.version_info[:2]} {marshal.version}".encode())
    package = Path(opencc.__file__).parent
    for path in [Path(__file__), *sorted(package.glob("*.py")), *sorted(package.glob("config/*.json")),
                 *sorted(package.glob("dictionary/*.txt"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _read_tables(path: Path) -> dict[str, Any] | None:
    try:
        tables = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # not there yet, or damaged: derived again
    return tables if isinstance(tables, dict) and tables.keys() == set(_TABLES) else None


def _write_tables(path: Path, tables: dict[str, Any]) -> None:
    """Atomically (another process may be reading it); a folder that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(marshal.dumps(tables))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    for stale in path.parent.glob(f"{path.name.split('-')[0]}-*.marshal"):  # derived from what is gone
        if stale != path:
            stale.unlink(missing_ok=True)


@cache
def converter(config: str) -> Converter:
    return Converter(config, TABLES_CACHE)
