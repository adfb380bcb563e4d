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

import bisect
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from township_reader.structure.anchors import unique_ids
from township_reader.structure.document import Text
from township_reader.vocabulary import HAN_RE, HANS, han_only

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
    """Every k-character slice of ``chars``.

    >>> grams("自重自省自", 4)
    ['自重自省', '重自省自']
    """
    return [chars[i : i + k] for i in range(len(chars) - k + 1)]


def shared_runs(text_grams: list[str], first_seen: dict[str, tuple[int, int]],
                k: int) -> list[tuple[int, int, int, int]]:
    """The maximal runs of a text's k-grams that an earlier text has, at consecutive positions of
    that one text: (the earlier text's number, start here, start there, length in characters).

    >>> seen = {"自重自省": (0, 5), "重自省自": (0, 6), "省自警自": (0, 9)}
    >>> shared_runs(["自重自省", "重自省自", "自省自警", "省自警自"], seen, 4)
    [(0, 0, 5, 5), (0, 3, 9, 4)]
    """
    runs = []
    found = [first_seen.get(g) for g in text_grams]
    i = 0
    while i < len(found):
        if found[i] is None:
            i += 1
            continue
        other, there = found[i]  # type: ignore[misc]
        end = i + 1
        while end < len(found) and found[end] == (other, there + end - i):
            end += 1
        runs.append((other, i, there, end - i - 1 + k))
        i = end
    return runs


def find_parallels(texts: list[Text], min_han: int = MIN_HAN) -> list[Cluster]:
    """Clusters of passages shared by two or more texts, longest first."""
    sequences = {t.id: HanSequence(t) for t in texts}
    counts = Counter(g for seq in sequences.values() for g in grams(seq.chars, GRAM))
    frequent = {g for g, n in counts.items() if n >= FREQUENT}

    parent: dict[Span, Span] = {}

    def find(x: Span) -> Span:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Each k-gram links a text to the text where it first appeared: linear in the corpus, and a
    # passage shared by many texts still joins them all (through its first occurrence).
    first_seen: dict[str, tuple[int, int]] = {}
    order = sorted(sequences)
    for number, text_id in enumerate(order):
        chars = sequences[text_id].chars
        text_grams = grams(chars, min_han)
        for other, i, j, length in shared_runs(text_grams, first_seen, min_han):
            if distinct_run(chars[i : i + length], frequent) < MIN_DISTINCT:
                continue  # only the topic's frequent phrases and a word or two
            x, y = Span(text_id, i, i + length), Span(order[other], j, j + length)
            parent[find(x)] = find(y)
        for position, gram in enumerate(text_grams):
            first_seen.setdefault(gram, (number, position))
    # overlapping spans in the same text are the same occurrence
    by_text: dict[str, list[Span]] = defaultdict(list)
    for span in parent:
        by_text[span.text].append(span)
    for spans in by_text.values():
        spans.sort(key=lambda s: (s.start, -s.end))
        reach = spans[0]  # of the spans so far, the one that ends last
        for cur in spans[1:]:
            if cur.start < reach.end:  # not only the span before: 0–153 holds 79–153 past 0–79
                parent[find(reach)] = find(cur)
            if cur.end > reach.end:
                reach = cur
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
