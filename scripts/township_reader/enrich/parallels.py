"""Parallel passages: where one text reuses another's words, near-verbatim.

What counts (the 凡例 says it to readers, #parallels):

- **Reuse (沿用).** Two paragraphs of different texts that share at least :data:`MIN_SHARED`
  Han characters in aligned runs — allowing small differences (a word added, dropped or changed:
  要坚持分工负责发挥好每个班子成员的作用 / 要坚持分工负责权责统一把发挥班子成员的作用) — of which
  at least :data:`MIN_DISTINCT` lie outside formulas. Compared in Simplified characters with
  punctuation ignored (so the Traditional speech meets the Simplified essays). A character-level
  alignment (difflib) shows what changed, side by side. These get an aside in the reading text.
- **Shared phrases (共用的提法与词组).** A run of at least :data:`MIN_PHRASE` Han characters that
  two texts share but that is not reuse: a formula (提法) every document of the genre repeats
  (全心全意为人民服务的宗旨), a glossary term, or a short stock phrase (是摆在我们面前的). Listed on
  the parallels page, each with why it is set aside; no aside in the text.

What a formula is, and where that comes from (nothing here is a guessed frequency):

1. the documented list ``enrich/data/formulas.yml`` (each phrase with the document that fixed it);
2. the glossary's terms, each sourced in ``seeds/glossary.yml``;
3. frequency in the corpus itself, the only reference corpus the project has: a four-character
   string found :data:`FREQUENT` times or more (乡镇党委书记), and a seed that occurs in more than
   :data:`MAX_SEED_BLOCKS` paragraphs. No declared dependency ships phrase frequencies of a general
   reference corpus (jieba's dictionary, inside rjieba, has word frequencies only, and no API), so
   the project does not pretend to have one.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from township_reader.datafile import DataError, LineDict, LineList, load_yaml
from township_reader.structure.anchors import unique_ids
from township_reader.structure.document import Text
from township_reader.vocabulary import HAN_RE, HANS, han_only

SEED = 6  # a shared run of this many Han characters starts a candidate
MAX_GAP = 12  # characters between two seeds of one passage, on either side
MAX_SHIFT = 10  # how much more one side may have between two seeds (words added or dropped)
MIN_SEGMENT = 8  # aligned characters a stretch of reuse must have to count
MIN_RATIO = 0.6  # how alike the two stretches must be (difflib's ratio)
MIN_SHARED = 16  # reuse: aligned Han characters two paragraphs share, at least
MIN_DISTINCT = 12  # reuse: of them, outside formulas, at least
MIN_PHRASE = 8  # a shared phrase: this many Han characters in a row, at least
FREQUENT = 10  # a four-character string this frequent in the corpus is a formula of the corpus
GRAM = 4
MAX_SEED_BLOCKS = 12  # a seed in more paragraphs than this is a stock phrase: never a seed
CONTEXT = 16  # characters of context shown on each side of a passage

FORMULAS_PATH = Path(__file__).with_name("data") / "formulas.yml"
FORMULAS_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "formulas.schema.json"


@dataclass(frozen=True)
class Formula:
    phrase: str  # as the document writes it
    source: str  # the document that fixed it, cited
    line: int = 0

    @property
    def han(self) -> str:
        return han_only(self.phrase)


@functools.cache
def load_formulas(path: Path = FORMULAS_PATH) -> tuple[Formula, ...]:
    """The documented list of formulas (``enrich/data/formulas.yml``); a bad entry fails with its line."""
    shown = f"scripts/township_reader/enrich/data/{path.name}" if path == FORMULAS_PATH else str(path)
    data = load_yaml(path, shown=shown)
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the formula list is a YAML list of entries ('- phrase: …')")
    validator = jsonschema.Draft202012Validator(json.loads(FORMULAS_SCHEMA.read_text(encoding="utf-8"))["items"])
    formulas = []
    for item, line in zip(data, data.item_lines, strict=True):
        plain = dict(item) if isinstance(item, LineDict) else item
        for err in validator.iter_errors(plain):
            raise DataError(shown, line, f"{err.message} — each entry is {{phrase, source}}, see formulas.schema.json")
        if len(han_only(item["phrase"])) < 4:
            raise DataError(shown, line, f"phrase '{item['phrase']}' has fewer than 4 Han characters — too short to be told apart")
        formulas.append(Formula(str(item["phrase"]), str(item["source"]), line))
    return tuple(formulas)


@dataclass(frozen=True)
class Passage:
    """A passage of a paragraph: ``start:end`` of its Simplified text (punctuation included)."""

    text: str
    block: str
    start: int
    end: int
    quote: str  # the passage as written, in Simplified

    @property
    def han(self) -> str:
        return han_only(self.quote)


@dataclass(frozen=True)
class Pair:
    """Two passages of different texts, one reusing the other: aligned character by character."""

    a: Passage
    b: Passage
    shared: int  # Han characters aligned equal
    distinct: int  # of them, outside formulas
    ratio: float  # difflib's ratio of the two passages' Han characters

    def opcodes(self) -> list[tuple[str, int, int, int, int]]:
        """The alignment of the two passages as written: difflib's opcodes (equal, replace, delete,
        insert) over ``a.quote`` and ``b.quote``."""
        return difflib.SequenceMatcher(None, self.a.quote, self.b.quote, autojunk=False).get_opcodes()


@dataclass
class Cluster:
    """Passages that are one parallel: reuse (with its aligned pairs) or a shared phrase (with why
    it is set aside: a listed formula and its source, a glossary term, a frequent string, or short)."""

    id: str
    kind: str  # "reuse" | "phrase"
    han: str  # the longest passage's Han characters (a phrase: the phrase)
    passages: list[Passage] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    reason: str = ""  # a phrase: "formula" | "term" | "frequent" | "short"
    source: str = ""  # a listed formula's source, or the term's entry id

    @property
    def texts(self) -> list[str]:
        return sorted({p.text for p in self.passages})

    @property
    def length(self) -> int:
        return max((p.shared for p in self.pairs), default=len(self.han))

    # the names the rest of the code knew
    @property
    def occurrences(self) -> list[Passage]:
        return self.passages


class Blocks:
    """The corpus's paragraphs (and headings) as Han sequences, with where each character is written."""

    def __init__(self, texts: list[Text]) -> None:
        self.keys: list[tuple[str, str]] = []
        self.han: list[str] = []
        self.positions: list[list[int]] = []
        self.written: list[str] = []
        for text in texts:
            for block in text.blocks:
                if block.type not in ("paragraph", "heading", "title"):
                    continue
                body = block.text[HANS]
                positions = [m.start() for m in HAN_RE.finditer(body)]
                self.keys.append((text.id, block.id))
                self.positions.append(positions)
                self.han.append("".join(body[p] for p in positions))
                self.written.append(body)

    def passage(self, n: int, start: int, end: int) -> Passage:
        """Han characters ``start:end`` of block ``n`` as a passage of its written text."""
        positions = self.positions[n]
        first, last = positions[start], positions[end - 1] + 1
        text_id, block_id = self.keys[n]
        return Passage(text_id, block_id, first, last, self.written[n][first:last])


def covered(han: str, phrases: list[str], frequent: set[str]) -> list[bool]:
    """Which characters of ``han`` lie in a formula: a listed phrase, a glossary term's form, or a
    frequent four-character string of the corpus.

    >>> covered("做到自重自省自警自励", ["自重自省自警自励"], set())
    [False, False, True, True, True, True, True, True, True, True]
    """
    mask = [False] * len(han)
    for phrase in phrases:
        at = han.find(phrase)
        while at != -1:
            mask[at : at + len(phrase)] = [True] * len(phrase)
            at = han.find(phrase, at + 1)
    for i in range(len(han) - GRAM + 1):
        if han[i : i + GRAM] in frequent:
            mask[i : i + GRAM] = [True] * GRAM
    return mask


def chains(hits: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Seeds (position here, position there) joined into stretches: each next seed a little further
    on both sides, and not much further on one than on the other.

    >>> chains([(0, 0), (5, 5), (9, 14), (60, 3)])
    [[(0, 0), (5, 5), (9, 14)], [(60, 3)]]
    """
    found: list[list[tuple[int, int]]] = []
    for i, j in sorted(hits):
        for chain in found:
            li, lj = chain[-1]
            if 0 < i - li <= SEED + MAX_GAP and 0 < j - lj <= SEED + MAX_GAP and abs((i - li) - (j - lj)) <= MAX_SHIFT:
                chain.append((i, j))
                break
        else:
            found.append([(i, j)])
    return found


def align(a: str, b: str) -> tuple[int, int, int, int, int]:
    """The aligned part of two stretches: (start in a, end in a, start in b, end in b, characters
    equal), trimmed to the first and last equal run of two characters or more.

    >>> align("xx要坚持分工负责发挥好每个班子成员的作用", "要坚持分工负责权责统一把发挥班子成员的作用yy")
    (2, 21, 0, 21, 16)
    """
    # a character that happens to be equal on its own is not part of the alignment
    blocks = [m for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size >= 2]
    if not blocks:
        return 0, 0, 0, 0, 0
    return (blocks[0].a, blocks[-1].a + blocks[-1].size, blocks[0].b, blocks[-1].b + blocks[-1].size,
            sum(m.size for m in blocks))


def nearby(stretches: list[tuple[int, int, int, int, int]]) -> list[list[tuple[int, int, int, int, int]]]:
    """Aligned stretches (a0, a1, b0, b1, equal) grouped where they follow each other closely on both
    sides: one passage reused with a few words changed, not two passages far apart.

    >>> nearby([(0, 10, 0, 10, 10), (14, 30, 15, 31, 16), (200, 210, 40, 50, 10)])
    [[(0, 10, 0, 10, 10), (14, 30, 15, 31, 16)], [(200, 210, 40, 50, 10)]]
    """
    groups: list[list[tuple[int, int, int, int, int]]] = []
    for stretch in sorted(stretches):
        last = groups[-1][-1] if groups else None
        if last and 0 <= stretch[0] - last[1] <= MAX_GAP and 0 <= stretch[2] - last[3] <= MAX_GAP:
            groups[-1].append(stretch)
        else:
            groups.append([stretch])
    return groups


def extend(a: str, b: str, i: int, j: int, end: int) -> tuple[int, int, int]:
    """An exact run ``a[i:end] == b[j:j + end - i]`` made as long as the two strings agree on both
    sides: a run found inside a window is not cut at the window's edge (做到自重、自省、自警、自).

    >>> extend("xx做到自重自省自警自励yy", "做到自重自省自警自励", 4, 2, 8)
    (2, 0, 12)
    """
    while i > 0 and j > 0 and a[i - 1] == b[j - 1]:
        i, j = i - 1, j - 1
    k = j + end - i
    while end < len(a) and k < len(b) and a[end] == b[k]:
        end, k = end + 1, k + 1
    return i, j, end


def find_parallels(texts: list[Text], glossary_forms: frozenset[str] = frozenset(),
                   formulas: tuple[Formula, ...] | None = None) -> list[Cluster]:
    """Reuse clusters (longest first), then shared phrases (longest first)."""
    formulas = load_formulas() if formulas is None else formulas
    corpus = Blocks(texts)
    counts = Counter(h[i : i + GRAM] for h in corpus.han for i in range(len(h) - GRAM + 1))
    frequent = {g for g, n in counts.items() if n >= FREQUENT}
    listed = {f.han: f for f in formulas}
    terms = sorted({han_only(f) for f in glossary_forms if len(han_only(f)) >= 3}, key=len, reverse=True)
    formula_phrases = [*listed, *terms]

    # seeds: each SEED-character string in at most MAX_SEED_BLOCKS paragraphs, by paragraph
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, han in enumerate(corpus.han):
        for i in range(len(han) - SEED + 1):
            where[han[i : i + SEED]].append((n, i))
    hits: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)  # (block, block) -> seeds
    for places in where.values():
        if len({n for n, _ in places}) > MAX_SEED_BLOCKS:
            continue
        for (n, i), (m, j) in itertools.combinations(places, 2):
            if corpus.keys[n][0] != corpus.keys[m][0]:
                hits[(n, m) if n < m else (m, n)].append((i, j) if n < m else (j, i))

    pairs: list[Pair] = []
    phrase_spans: list[tuple[int, int, int, int, int]] = []  # (block, start, end, other block, other start)
    for (n, m), seeds in hits.items():
        a_han, b_han = corpus.han[n], corpus.han[m]
        mask = covered(a_han, formula_phrases, frequent)
        stretches = []
        for chain in chains(seeds):
            (i0, j0), (i1, j1) = chain[0], chain[-1]
            # aligned over the seeds and a little around them: a changed character every few
            # characters leaves stretches too short to seed, at either end
            ia, ja = max(0, i0 - MAX_GAP), max(0, j0 - MAX_GAP)
            a0, a1, b0, b1, equal = align(a_han[ia : i1 + SEED + MAX_GAP], b_han[ja : j1 + SEED + MAX_GAP])
            a0, a1, b0, b1 = ia + a0, ia + a1, ja + b0, ja + b1
            ratio = difflib.SequenceMatcher(None, a_han[a0:a1], b_han[b0:b1], autojunk=False).ratio()
            if equal >= MIN_SEGMENT and ratio >= MIN_RATIO:
                stretches.append((a0, a1, b0, b1, equal))
            size, at, bt = max((b.size, b.a, b.b) for b in difflib.SequenceMatcher(
                None, a_han[i0 : i1 + SEED], b_han[j0 : j1 + SEED], autojunk=False).get_matching_blocks())
            start, other, end = extend(a_han, b_han, i0 + at, j0 + bt, i0 + at + size)
            if end - start >= MIN_PHRASE:
                phrase_spans.append((n, start, end, m, other))
        for group in nearby(stretches):
            a0, a1 = group[0][0], group[-1][1]
            b0, b1 = min(s[2] for s in group), max(s[3] for s in group)
            matcher = difflib.SequenceMatcher(None, a_han[a0:a1], b_han[b0:b1], autojunk=False)
            blocks = matcher.get_matching_blocks()
            equal = sum(b.size for b in blocks)
            distinct = sum(1 for b in blocks for k in range(a0 + b.a, a0 + b.a + b.size) if not mask[k])
            ratio = matcher.ratio()
            # near-verbatim: long enough, mostly outside formulas, and alike as a whole (not stock
            # phrases scattered over two long paragraphs)
            if equal < MIN_SHARED or distinct < MIN_DISTINCT or ratio < MIN_RATIO:
                continue
            pairs.append(Pair(corpus.passage(n, a0, a1), corpus.passage(m, b0, b1), equal, distinct, round(ratio, 3)))

    clusters = reuse_clusters(pairs)
    reused = {(p.text, p.block) for c in clusters for p in c.passages}
    clusters += phrase_clusters(corpus, phrase_spans, reused, listed, terms, frequent)
    for cluster, uid in zip(clusters, unique_ids("par-" + c.han[:12] for c in clusters), strict=True):
        cluster.id = uid  # the anchor is the passage itself: stable when other clusters come and go
    return clusters


def reuse_clusters(pairs: list[Pair]) -> list[Cluster]:
    """Pairs joined into clusters by the paragraphs they share (a paragraph reused by two texts is one
    cluster of three), longest first."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        parent[find((pair.a.text, pair.a.block))] = find((pair.b.text, pair.b.block))
    groups: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair in pairs:
        groups[find((pair.a.text, pair.a.block))].append(pair)
    clusters = []
    for members in groups.values():
        members.sort(key=lambda p: (-p.shared, p.a.text, p.a.block, p.b.text, p.b.block))
        passages = list(dict.fromkeys(p for pair in members for p in (pair.a, pair.b)))
        longest = max(passages, key=lambda p: (len(p.han), p.han))
        clusters.append(Cluster("", "reuse", longest.han, passages, members))
    clusters.sort(key=lambda c: (-c.length, c.han))
    return clusters


def phrase_clusters(corpus: Blocks, spans: list[tuple[int, int, int, int, int]], reused: set[tuple[str, str]],
                    listed: dict[str, Formula], terms: list[str], frequent: set[str]) -> list[Cluster]:
    """The shared runs that are not reuse, one cluster per phrase, with why each is set aside."""
    by_phrase: dict[str, list[Passage]] = defaultdict(list)
    for n, i0, i1, m, j0 in spans:
        if corpus.keys[n] in reused and corpus.keys[m] in reused:
            continue
        phrase = corpus.han[n][i0:i1]
        for passage in (corpus.passage(n, i0, i1), corpus.passage(m, j0, j0 + i1 - i0)):
            if passage not in by_phrase[phrase]:
                by_phrase[phrase].append(passage)
    # a phrase inside a longer shared phrase of the same paragraphs is that one
    phrases = sorted(by_phrase, key=lambda p: (-len(p), p))
    kept: list[str] = []
    for phrase in phrases:
        if not any(phrase in longer and {(x.text, x.block) for x in by_phrase[phrase]} <=
                   {(x.text, x.block) for x in by_phrase[longer]} for longer in kept):
            kept.append(phrase)
    clusters = []
    for phrase in kept:
        passages = sorted(by_phrase[phrase], key=lambda p: (p.text, p.block, p.start))
        if len({p.text for p in passages}) < 2:
            continue
        reason, source = "short", ""
        formula = next((f for han, f in listed.items() if han in phrase or phrase in han), None)
        term = next((t for t in terms if t in phrase or phrase in t), None)
        if formula is not None:
            reason, source = "formula", formula.source
        elif term is not None:
            reason, source = "term", term
        elif any(phrase[i : i + GRAM] in frequent for i in range(len(phrase) - GRAM + 1)):
            reason = "frequent"
        clusters.append(Cluster("", "phrase", phrase, passages, [], reason, source))
    clusters.sort(key=lambda c: (-len(c.han), c.han))
    return clusters


def parallels_by_block(clusters: list[Cluster]) -> dict[tuple[str, str], list[tuple[Cluster, Passage, Pair | None]]]:
    """For each (text, block): the reuse clusters it is in, each other text's passage, and the pair
    that aligns the two (None if the two are joined only through a third)."""
    links: dict[tuple[str, str], list[tuple[Cluster, Passage, Pair | None]]] = defaultdict(list)
    for cluster in clusters:
        if cluster.kind != "reuse":
            continue
        for mine in cluster.passages:
            for other in cluster.passages:
                if other.text == mine.text:
                    continue
                pair = next((p for p in cluster.pairs if {p.a, p.b} == {mine, other}), None)
                links[(mine.text, mine.block)].append((cluster, other, pair))
    return links
