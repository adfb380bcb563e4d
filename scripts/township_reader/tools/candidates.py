"""Terms the glossary may lack: numbered formulas and frequent words that are not entries.

Two sources of candidates, both read from the cleaned texts (Simplified):

* **numbered formulas** — quoted strings with a numeral and no sentence punctuation
  (“三带头”, “4+4+2”, “五个一”, “党政同责、一岗双责、失职追责”): the short slogans these texts
  are built from. (Unquoted ones are left to the frequent words: matching "numeral +
  character + numeral" without quotes mostly finds idioms like 一言一行 and 千头万绪.)
* **frequent words** — jieba's segmentation, with every glossary form added to its
  dictionary (so a known term is one token and its parts are not proposed again), words of
  three or more characters used at least ``min_count`` times.

A candidate is dropped if a glossary form already covers it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from township_reader.enrich.glossary import Glossary
from township_reader.structure.document import Text
from township_reader.vocabulary import HAN, HANS

NUMERAL = "一二三四五六七八九十两双百千万0-9"
QUOTED = re.compile(r"[“‘「]([^”’」]{2,14})[”’」]")
HAS_NUMERAL = re.compile(f"[{NUMERAL}]")
SENTENCE_PUNCTUATION = re.compile(r"[，。：；！？,.:;!?]")
# Plain counting expressions are not formulas.
COUNTING = re.compile(r"^[一二三四五六七八九十两0-9]+[个项条次年月日天名位件种点部份类批]")
STOP_WORDS = set("的了是在和与及等也都而又就")


@dataclass
class Candidate:
    text: str
    kind: str  # "formula" | "word"
    count: int = 0
    texts: set[str] = field(default_factory=set)
    example: str = ""


def _covered(candidate: str, glossary: Glossary) -> bool:
    return (bool(glossary.find(candidate)) and any(
        o.start == 0 and o.end == len(candidate) for o in glossary.find(candidate)
    )) or any(candidate in form for e in glossary.entries for form in e.forms(HANS))


def find_candidates(texts: list[Text], glossary: Glossary, min_count: int = 3) -> list[Candidate]:
    found: dict[str, Candidate] = {}

    def add(value: str, kind: str, text_id: str, context: str) -> None:
        candidate = found.setdefault(value, Candidate(value, kind))
        candidate.count += 1
        candidate.texts.add(text_id)
        if not candidate.example:
            candidate.example = context

    for text in texts:
        for block in text.blocks:
            body = block.text[HANS]
            for m in QUOTED.finditer(body):
                value = m.group(1)
                if HAS_NUMERAL.search(value) and not COUNTING.match(value) and not SENTENCE_PUNCTUATION.search(value):
                    add(value, "formula", text.id, body[max(0, m.start() - 10) : m.end() + 10])
    words = _frequent_words(texts, glossary)
    for word, (count, text_ids, example) in words.items():
        if count >= min_count and word not in found:
            candidate = Candidate(word, "word", count, set(text_ids), example)
            found[word] = candidate
    result = [c for c in found.values() if not _covered(c.text, glossary)]
    result.sort(key=lambda c: (c.kind != "formula", -c.count, c.text))
    return result


def _frequent_words(texts: list[Text], glossary: Glossary) -> dict[str, tuple[int, set[str], str]]:
    import rjieba

    tokenizer = rjieba.Jieba()
    for entry in glossary.entries:
        for form in entry.forms(HANS):
            tokenizer.add_word(form, 10000, None)
    counts: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    example: dict[str, str] = {}
    for text in texts:
        for block in text.blocks:
            if block.type != "paragraph":
                continue
            body = block.text[HANS]
            for word in tokenizer.cut(body, hmm=True):  # HMM: unknown words are what we look for
                if len(word) >= 3 and re.fullmatch(f"[{HAN}]+", word) and not set(word) <= STOP_WORDS:
                    counts[word] += 1
                    where[word].add(text.id)
                    if word not in example:
                        at = body.find(word)
                        example[word] = body[max(0, at - 10) : at + len(word) + 10]
    return {w: (n, where[w], example[w]) for w, n in counts.items()}
