"""OpenCC conversion, exactly as opencc-python-reimplemented does it, several times faster.

opencc-python-reimplemented converts each clause (text between separators) with each
dictionary group in turn: it finds the *longest* dictionary entry anywhere in the clause
(the leftmost, if several are as long), replaces it, and does the same to the text left and
right of it; what no phrase covers then goes through the character table.  It builds a tree
of objects for every clause and tries every length at every position at every step, which
made it the slowest stage of the pipeline on large corpora.

This module uses the library's own dictionaries and separators and the same rule, but:

* finds every phrase that occurs anywhere in the text in one pass (a two-character prefix
  set rejects most positions at C speed); no entry contains a separator, so every match lies
  inside one clause, and a clause without any match needs no work of its own;
* applies the character table with ``str.translate``, in C, to everything no phrase covers.

tests/test_fastcc.py checks byte-identical output against the library on the whole corpus
and on random text; the library stays the reference, and its dictionaries the data.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

import opencc


class Converter:
    """One OpenCC configuration ("s2t", "t2s"), with the library's results."""

    def __init__(self, config: str) -> None:
        library = opencc.OpenCC(config)
        library._init_dict()  # the dictionaries, loaded and chained by the library itself
        self.separators = re.compile(library.split_chars_re.pattern)
        chain = library._dict_chain_data
        if len(chain) != 1 or len(chain[0]) != 2 or chain[0][1][0] != 1:
            raise ValueError(f"{config}: expected one group of phrases then characters, got another chain")
        (_p_max, _p_min, phrases), (_c_max, _c_min, characters) = chain[0]
        # An entry with a separator can never match (the library splits clauses at separators).
        self.phrases = {k: v.split(" ")[0] for k, v in phrases.items() if not self.separators.search(k)}
        # for each two-character prefix, the lengths of the entries that start with it, longest first
        lengths: dict[str, set[int]] = {}
        for key in self.phrases:
            lengths.setdefault(key[:2], set()).add(len(key))
        self.prefixes = {prefix: sorted(found, reverse=True) for prefix, found in lengths.items()}
        chars = {k: v.split(" ")[0] for k, v in characters.items()}
        if any(self.separators.fullmatch(k) for k in chars):
            raise ValueError(f"{config}: a separator is in the character table; translate would change it")
        self.table = str.maketrans(chars)

    def convert(self, text: str) -> str:
        n = len(text)
        pairs = map(text.__getitem__, map(slice, range(n - 1), range(2, n + 1)))
        prefixes = self.prefixes
        phrases = self.phrases
        matches: list[tuple[int, int]] = []
        for i, pair in enumerate(pairs):
            lengths = prefixes.get(pair)
            if lengths:
                for length in lengths:
                    if i + length <= n and text[i : i + length] in phrases:
                        matches.append((i, length))
        if not matches:
            return text.translate(self.table)
        # the clause of each match: between the separators around it
        ends = [m.start() for m in self.separators.finditer(text)] + [n]
        starts = [0] + [m.end() for m in self.separators.finditer(text)]
        by_clause: dict[int, list[tuple[int, int]]] = {}
        for match in matches:
            by_clause.setdefault(bisect.bisect_right(ends, match[0]), []).append(match)
        out: list[str] = []
        done = 0  # text[:done] is converted
        for clause in sorted(by_clause):
            start, end = starts[clause], ends[clause]
            out.append(text[done:start].translate(self.table))
            out.extend(self._longest_first(text, start, end, by_clause[clause]))
            done = end
        out.append(text[done:].translate(self.table))
        return "".join(out)

    def _longest_first(self, text: str, start: int, end: int, matches: list[tuple[int, int]]) -> list[str]:
        best = None
        for i, length in matches:
            if i >= start and i + length <= end and (best is None or length > best[1] or (length == best[1] and i < best[0])):
                best = (i, length)
        if best is None:
            return [text[start:end].translate(self.table)]
        i, length = best
        return ([*self._longest_first(text, start, i, matches), self.phrases[text[i:i + length]], *self._longest_first(text, i + length, end, matches)])


@cache
def converter(config: str) -> Converter:
    return Converter(config)
