"""Parallel passages: phrases that two or more texts share, as ctext.org links reused text.

A parallel is a run of at least :data:`MIN_HAN` Han characters that occurs in two
different texts, compared in Simplified characters with punctuation ignored (so
自重、自省、自警、自励 matches 自重，自省，自警，自励, and the Traditional speech matches
the Simplified essays).

Most raw matches of that length in a corpus this narrow are only its topic phrase with a
word attached (作为一名乡镇党委书记, 乡镇党委书记必须).  A match is kept only if, once
the corpus's frequent phrases (4-grams occurring at least :data:`FREQUENT` times) are taken
out, a run of at least :data:`MIN_DISTINCT` characters remains: 上面千条线下面一根针 stays,
乡镇党委书记必须 goes.  Occurrences joined by matches form a cluster; the page lists the
clusters by length.
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .anchors import unique_ids
from .chinese import HAN_RE, HANS, han_only
from .structure import Text

MIN_HAN = 8
FREQUENT = 10
MIN_DISTINCT = 5
GRAM = 4


@dataclass(frozen=True)
class Span:
    """Han characters ``start:end`` of a text's Han sequence, and where they are on the page."""

    text: str
    start: int
    end: int


@dataclass
class Occurrence:
    text: str
    block: str  # the block the passage starts in
    quote: str  # the passage as written (with punctuation), in Simplified
    han: str  # its Han characters


@dataclass
class Cluster:
    id: str
    han: str  # the longest occurrence's Han characters
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return sorted({o.text for o in self.occurrences})

    @property
    def length(self) -> int:
        return len(self.han)


class HanSequence:
    """A text's Han characters in reading order, and the blocks they come from."""

    def __init__(self, text: Text) -> None:
        self.blocks = [(b.id, b.text[HANS]) for b in text.blocks if b.type in ("paragraph", "title", "heading")]
        hans = [han_only(body) for _id, body in self.blocks]
        self.starts = list(itertools.accumulate((len(h) for h in hans), initial=0))
        self.chars = "".join(hans)

    def _locate(self, han_index: int) -> tuple[int, int]:
        """(block number, offset in the block's text) of the n-th Han character."""
        block = bisect.bisect_right(self.starts, han_index) - 1
        wanted = han_index - self.starts[block]
        match = next(itertools.islice(HAN_RE.finditer(self.blocks[block][1]), wanted, None), None)
        if match is None:
            raise IndexError(han_index)
        return block, match.start()

    def quote(self, start: int, end: int) -> tuple[str, str]:
        """The block and the passage as written, for Han positions ``start:end``."""
        block, first = self._locate(start)
        last_block, last = self._locate(end - 1)
        block_id, text = self.blocks[block]
        if last_block != block:
            return block_id, text[first:]
        return block_id, text[first : last + 1]


_TEXT_SHIFT = 32  # a k-gram's first occurrence is stored as (text number + 1) << 32 | position


def _matched_runs(number: int, text_grams: list[str], first_seen: dict[str, int],
                  k: int, near: list[int] | None = None) -> list[tuple[int, int, int, int]]:
    """Maximal runs of this text's k-grams that continue one earlier text's run.

    ``first_seen`` maps each k-gram to its first occurrence in the texts before this one
    (text number and position, packed in one int); this text's new k-grams are added to it.
    A run is a stretch of consecutive positions whose k-grams were first seen at consecutive
    positions of one other text.  Returns (other text's number, start here, start there,
    length in characters).  The work per character is done by C loops (map, compress,
    groupby); Python code runs once per run.

    With ``near`` (sorted positions), only the runs that hold one of those positions: each is
    looked up there and followed from there (:func:`_runs_through`), not found among them all.
    """
    if near is not None:
        runs = _runs_through(number, text_grams, first_seen, k, near)
        _add_first_seen(number, text_grams, first_seen)
        return runs
    n = len(text_grams)
    found = list(map(first_seen.get, text_grams, itertools.repeat(0, n)))
    _add_first_seen(number, text_grams, first_seen)
    at = list(itertools.compress(range(n), found))  # positions whose k-gram an earlier text has
    where = list(filter(None, found))
    runs = []
    index = 0
    for _diagonal, group in itertools.groupby(map(operator.sub, where, at)):
        size = len(list(group))
        start, end = index, index + size
        index = end
        while start < end:  # one run unless the positions skip (they cannot on one diagonal; checked)
            if at[end - 1] - at[start] == end - 1 - start:
                stop = end
            else:
                stop = start + 1
                while stop < end and at[stop] == at[stop - 1] + 1:
                    stop += 1
            other, there = divmod(where[start], 1 << _TEXT_SHIFT)
            runs.append((other - 1, at[start], there, at[stop - 1] - at[start] + k))
            start = stop
    return runs


def _add_first_seen(number: int, text_grams: list[str], first_seen: dict[str, int]) -> None:
    """Record where this text's k-grams that no earlier text has first occur (its first position)."""
    n = len(text_grams)
    base = (number + 1) << _TEXT_SHIFT
    own = dict(zip(reversed(text_grams), range(base + n - 1, base - 1, -1), strict=True))  # first position wins
    missing = list(itertools.filterfalse(first_seen.__contains__, own))  # not keys() - keys(): that walks first_seen
    first_seen.update(zip(missing, map(own.__getitem__, missing), strict=True))


_STRIDE = 32  # how many k-grams a run is followed by at once (long runs: passages copied whole)


def _runs_through(number: int, text_grams: list[str], first_seen: dict[str, int], k: int,
                  near: list[int]) -> list[tuple[int, int, int, int]]:
    """The runs of :func:`_matched_runs` (before this text's k-grams are added) that hold a
    position of ``near``: looked up at those positions, then followed both ways along the
    diagonal while the k-grams' first occurrences continue it, ``_STRIDE`` at a time."""
    get = first_seen.get
    n = len(text_grams)
    runs = []
    last_end = -1  # the runs found so far end before this position
    found = map(get, map(text_grams.__getitem__, near), itertools.repeat(0))
    for p, value in zip(near, found, strict=True):
        if not value or p < last_end:
            continue
        start = p  # follow the diagonal back while k-grams were first seen just before `value`'s
        while start > 0:
            lo = max(0, start - _STRIDE)
            seen = list(map(get, text_grams[lo:start], itertools.repeat(0)))
            if seen == list(range(value - (p - lo), value - (p - start))):
                start = lo
                continue
            for got in reversed(seen):
                if got != value - (p - start) - 1:
                    break
                start -= 1
            break
        end = p + 1  # and forward
        while end < n:
            hi = min(n, end + _STRIDE)
            seen = list(map(get, text_grams[end:hi], itertools.repeat(0)))
            if seen == list(range(value + (end - p), value + (hi - p))):
                end = hi
                continue
            for got in seen:
                if got != value + (end - p):
                    break
                end += 1
            break
        other, there = divmod(value - (p - start), 1 << _TEXT_SHIFT)
        runs.append((other - 1, start, there, end - start - 1 + k))
        last_end = end
    return runs


def _distinct_run_at(frequent_at: list[int], start: int, length: int) -> int:
    """:func:`distinct_run` of ``chars[start:start + length]``, from the positions of the
    text's frequent 4-grams (sorted), without slicing."""
    lo = bisect.bisect_left(frequent_at, start)
    hi = bisect.bisect_right(frequent_at, start + length - GRAM)
    if lo == hi:
        return length
    hits = frequent_at[lo:hi]
    best = max(hits[0] - start, start + length - (hits[-1] + GRAM))
    if len(hits) > 1:
        best = max(best, max(map(operator.sub, hits[1:], hits)) - GRAM)
    return best


def _clear_positions(is_frequent: list[bool], distinct: int = MIN_DISTINCT) -> list[int]:
    """Where ``distinct`` characters in a row can be clear of frequent 4-grams: the positions
    that start ``distinct - GRAM + 1`` 4-grams in a row none of which is frequent.

    A run keeps ``distinct`` clear characters only if it holds such a position (the 4-grams
    starting at its first ``distinct - GRAM + 1`` clear characters lie inside the run and are
    not frequent), so most runs are dropped by one bisection (:func:`_may_keep`).
    """
    return list(itertools.compress(itertools.count(), map(operator.not_, _frequent_within(is_frequent, distinct))))


def _frequent_within(is_frequent: list[bool], distinct: int) -> list[bool]:
    """For each position c: whether a frequent 4-gram is among those at c … c + distinct - GRAM
    (False: c is a clear position)."""
    window = is_frequent
    for shift in range(1, distinct - GRAM + 1):
        window = list(map(operator.or_, window, is_frequent[shift:]))
    return window


def _near_clear(is_frequent: list[bool], k: int, distinct: int = MIN_DISTINCT) -> list[int] | None:
    """The k-gram positions a run must hold to keep ``distinct`` clear characters: those with a
    clear position (:func:`_clear_positions`) at most ``k - distinct`` after them.

    A run of k-grams ``i … e`` (characters ``i … e + k - 1``) passes :func:`_may_keep` exactly
    when a clear position lies in ``i … e + k - distinct``, that is, when one of its k-grams is
    one of these. None if ``k`` is shorter than ``distinct`` (then every run is looked at).
    """
    if k < distinct or distinct < GRAM:
        return None
    window = _frequent_within(is_frequent, distinct)
    blocked = window  # blocked[q]: no clear position in q … q + k - distinct
    for shift in range(1, k - distinct + 1):
        blocked = list(map(operator.and_, blocked, window[shift:]))
    return list(itertools.compress(itertools.count(), map(operator.not_, blocked)))


def _may_keep(clear_at: list[int], start: int, length: int, distinct: int = MIN_DISTINCT) -> bool:
    """Whether the run ``start:start + length`` holds a clear position (see :func:`_clear_positions`)."""
    k = bisect.bisect_left(clear_at, start)
    return k < len(clear_at) and clear_at[k] <= start + length - distinct


def distinct_run(han: str, frequent: set[str] | frozenset[str]) -> int:
    """The longest run of ``han`` not covered by a frequent 4-gram.

    >>> distinct_run("乡镇党委书记必须", {"乡镇党委", "镇党委书", "党委书记"})
    2
    >>> distinct_run("自重自省自警自励", {"乡镇党委"})
    8
    """
    n = len(han)
    hits = [i for i in range(n - GRAM + 1) if han[i : i + GRAM] in frequent]
    if not hits:
        return n
    best = max(hits[0], n - (hits[-1] + GRAM))
    for a, b in itertools.pairwise(hits):
        best = max(best, b - a - GRAM)
    return best


def grams(chars: str, k: int) -> list[str]:
    """Every k-character slice of ``chars``, cut at C speed (one regex scan).

    >>> grams("自重自省自", 4)
    ['自重自省', '重自省自']
    """
    return _gram_pattern(k).findall(chars)


@functools.cache
def _gram_pattern(k: int) -> re.Pattern[str]:
    return re.compile(f"(?=(.{{{k}}}))", re.DOTALL)


def four_gram_keys(chars: str) -> array.array | None:
    """Every 4-gram of ``chars`` as one 64-bit int: its four UTF-16 code units, read straight from
    the encoded text (four array reads, interleaved; no slices, no dictionary). Equal keys are
    equal 4-grams. None if ``chars`` has a character beyond the BMP (a 4-gram would not fit).

    >>> keys = four_gram_keys("自重自省自重自省")
    >>> len(keys), keys[0] == keys[4], keys[0] == keys[2]
    (5, True, False)
    """
    size = len(chars) - GRAM + 1
    if size <= 0:
        return array.array("Q")
    if max(chars) > "\uffff":
        return None
    data = chars.encode("utf-16-le")  # two bytes a character: a 4-gram is 8 bytes
    keys = array.array("Q", bytes(8 * size))
    for offset in range(GRAM):
        count = (len(chars) - offset) // GRAM  # the 4-grams at offset, offset + 4, …
        part = array.array("Q")
        part.frombytes(data[2 * offset : 2 * offset + 8 * count])
        keys[offset::GRAM] = part
    return keys


def _long_grams(chars: str, numbered: array.array, k: int, bits: int | None = 32) -> list[str] | list[int]:
    """The text's k-grams as dictionary keys. For k = 8, two 4-gram keys make one (the keys of
    the 4-grams at i and i + 4 in one int, ``bits`` apart): equal keys are equal 8-grams, and
    ints are quicker to make and to look up than slices. ``bits`` None: slices."""
    if k != 2 * GRAM or bits is None:
        return grams(chars, k)
    return list(map(operator.or_, map(operator.lshift, numbered[:-GRAM], itertools.repeat(bits)), numbered[GRAM:]))


def _four_grams(sequences: dict[str, HanSequence]) -> tuple[dict[str, array.array], int | None]:
    """Each text's 4-grams as ints, and how many bits a key takes (None: too many to pack).

    The keys are :func:`four_gram_keys` if every character is in the BMP; else each distinct
    4-gram is numbered the first time it is seen."""
    keys = {text_id: four_gram_keys(seq.chars) for text_id, seq in sequences.items()}
    if all(k is not None for k in keys.values()):
        return keys, 64  # type: ignore[return-value]
    numbers: dict[str, int] = {}
    fresh = itertools.count()
    numbered = {text_id: array.array("q", map(numbers.setdefault, grams(seq.chars, GRAM), fresh))
                for text_id, seq in sequences.items()}
    return numbered, 32 if sum(map(len, numbered.values())) < 1 << 32 else None


def find_parallels(texts: list[Text], min_han: int = MIN_HAN) -> list[Cluster]:
    """Clusters of passages shared by two or more texts, longest first."""
    sequences = {t.id: HanSequence(t) for t in texts}
    # a text's 4-grams are kept as ints, compactly, so finding its frequent ones later needs no
    # second slicing
    gram_numbers, bits = _four_grams(sequences)
    counts: Counter[int] = Counter()
    for numbered in gram_numbers.values():
        counts.update(numbered)
    frequent = {g for g, n in counts.items() if n >= FREQUENT}

    parent: dict[Span, Span] = {}

    def find(x: Span) -> Span:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Each k-gram links a text to the text where it first appeared: linear in the corpus, and a
    # passage shared by many texts still joins them all (through its first occurrence).
    first_seen: dict[str, int] = {}
    order = sorted(sequences)
    for number, text_id in enumerate(order):
        chars = sequences[text_id].chars
        is_frequent = list(map(frequent.__contains__, gram_numbers[text_id]))
        # only the runs through a position near a clear one may be kept: only those are followed
        near = _near_clear(is_frequent, min_han)
        runs = _matched_runs(number, _long_grams(chars, gram_numbers[text_id], min_han, bits), first_seen,
                             min_han, near)
        clear_at = _clear_positions(is_frequent) if near is None and runs else []
        frequent_at: list[int] | None = None  # made only if a run may be kept
        for other, i, j, length in runs:
            if near is None and not _may_keep(clear_at, i, length):
                continue
            if frequent_at is None:
                frequent_at = list(itertools.compress(itertools.count(), is_frequent))
            if _distinct_run_at(frequent_at, i, length) < MIN_DISTINCT:
                continue
            x, y = Span(text_id, i, i + length), Span(order[other], j, j + length)
            parent[find(x)] = find(y)
    # overlapping spans in the same text are the same occurrence
    by_text: dict[str, list[Span]] = defaultdict(list)
    for span in parent:
        by_text[span.text].append(span)
    for spans in by_text.values():
        spans.sort(key=lambda s: (s.start, -s.end))
        for prev, cur in itertools.pairwise(spans):
            if cur.start < prev.end:
                parent[find(prev)] = find(cur)
    groups: dict[Span, list[Span]] = defaultdict(list)
    for span in list(parent):
        groups[find(span)].append(span)

    clusters = []
    for spans in groups.values():
        merged: list[Span] = []
        for span in sorted(spans, key=lambda s: (s.text, s.start, -s.end)):
            if merged and merged[-1].text == span.text and span.start < merged[-1].end:
                last = merged.pop()
                span = Span(span.text, last.start, max(last.end, span.end))
            merged.append(span)
        if len({s.text for s in merged}) < 2:
            continue
        occurrences = []
        for span in merged:
            seq = sequences[span.text]
            block, quote = seq.quote(span.start, span.end)
            occurrences.append(Occurrence(span.text, block, quote, seq.chars[span.start : span.end]))
        longest = max(occurrences, key=lambda o: (len(o.han), o.han))
        clusters.append(Cluster("", longest.han, occurrences))
    clusters.sort(key=lambda c: (-c.length, c.han))
    # the anchor is the passage itself: stable when other clusters come and go
    for cluster, uid in zip(clusters, unique_ids("par-" + c.han[:12] for c in clusters), strict=True):
        cluster.id = uid
    return clusters


def parallels_by_block(clusters: list[Cluster]) -> dict[tuple[str, str], list[tuple[Cluster, Occurrence]]]:
    """For each (text, block), its clusters and the other texts' occurrences."""
    links: dict[tuple[str, str], list[tuple[Cluster, Occurrence]]] = defaultdict(list)
    for cluster in clusters:
        for mine in cluster.occurrences:
            for other in cluster.occurrences:
                if other.text != mine.text:
                    links[(mine.text, mine.block)].append((cluster, other))
    return links
