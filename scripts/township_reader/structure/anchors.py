"""Stable, readable anchors for headings and paragraphs.

An id is made from the block's own words, in Simplified characters, so that

* it is readable: ``#p-镇长是一个镇的带头`` says where it points;
* it is stable: it depends on nothing but the block itself, so adding, removing or
  editing another paragraph never changes it (a position counter would);
* it is the same in both editions, so a link can switch script and keep its place.

Two blocks of one page that would get the same id are told apart by ``-2``, ``-3`` in
reading order.  Heading ids are the whole heading; paragraph ids its first
:data:`PARAGRAPH_ID_CHARS` word characters (Han, Latin letters and digits: punctuation
and anonymisation asterisks are skipped).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from township_reader.vocabulary import HAN

PARAGRAPH_ID_CHARS = 10
WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")


def word_chars(text: str) -> str:
    """The characters of ``text`` an id is made of.

    >>> word_chars("**镇是全省经济十强镇，也是县城关镇")
    '镇是全省经济十强镇也是县城关镇'
    """
    return "".join(WORD_CHAR.findall(text)).lower()


def paragraph_id(text: str) -> str:
    """The anchor of a paragraph: ``p-`` and its first words.

    >>> paragraph_id("镇长是一个镇的带头人，其职责决定必须“为官一任，造福一方”。")
    'p-镇长是一个镇的带头人'
    """
    # the first words only: the word characters of a prefix are a prefix of the word characters
    head = word_chars(text[: 4 * PARAGRAPH_ID_CHARS])
    if len(head) < PARAGRAPH_ID_CHARS:
        head = word_chars(text)
    return "p-" + (head[:PARAGRAPH_ID_CHARS] or "x")


def heading_id(text: str) -> str:
    """The anchor of a heading: its words, like pymdownx.slugs would keep them.

    >>> heading_id("一、关心干群，努力解决矛盾")
    '一关心干群努力解决矛盾'
    """
    return word_chars(text) or "h"


def title_id(text: str) -> str:
    """The anchor of a title line inside a text.

    >>> title_id("勤政为民构建和谐-----浅谈如何当好镇长")
    't-勤政为民构建和谐浅谈如何当好镇长'
    """
    return "t-" + (word_chars(text) or "x")


def unique_ids(candidates: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Make ids unique in order: the second ``x`` becomes ``x-2``.

    >>> unique_ids(["p-a", "p-b", "p-a", "p-a"])
    ['p-a', 'p-b', 'p-a-2', 'p-a-3']
    """
    seen = set(taken)
    # the last suffix tried for each candidate: ids are only ever added, so a suffix found taken
    # stays taken, and the k-th repeat of a candidate starts where the one before it stopped
    # (from 2 each time, 200,000 repeats took hours: quadratic)
    last: dict[str, int] = {}
    result = []
    for candidate in candidates:
        uid, n = candidate, last.get(candidate, 1)
        if n > 1:
            uid = f"{candidate}-{n}"
        while uid in seen:
            n += 1
            uid = f"{candidate}-{n}"
        last[candidate] = n
        seen.add(uid)
        result.append(uid)
    return result


def paragraph_numbers(ids: Sequence[str], published: Mapping[str, str] | None = None) -> list[str]:
    """The number each paragraph shows (§12), given the paragraphs' anchors in reading order.

    A number belongs to its paragraph as its anchor does. Without a record of the numbers a
    release has published (``published``: anchor → number, for every paragraph ever published),
    paragraphs are numbered 1, 2, 3 … in reading order. With one, a published paragraph keeps its
    number whatever is corrected, inserted or removed around it; a paragraph published since gets
    the number of the paragraph before it with the next free letter (12a, 12b …), or, after the
    highest number ever published, the next number; a number whose paragraph is gone is not
    given again. (The record is the one of published anchors, ``published`` its numbers.)

    >>> paragraph_numbers(["p-a", "p-b", "p-c"])
    ['1', '2', '3']
    >>> paragraph_numbers(["p-new", "p-a", "p-x", "p-c", "p-d"], {"p-a": "1", "p-b": "2", "p-c": "3"})
    ['0a', '1', '1a', '3', '4']
    >>> paragraph_numbers(["p-a", "p-x", "p-y", "p-b"], {"p-a": "1", "p-z": "1a", "p-b": "2"})
    ['1', '1b', '1c', '2']
    """
    if not published:
        return [str(n) for n in range(1, len(ids) + 1)]
    taken = set(published.values())
    highest = max((int(m.group()) for n in taken if (m := _LEADING_NUMBER.match(n))), default=0)
    numbers: list[str] = []
    base = "0"
    for anchor in ids:
        if anchor in published:
            number = published[anchor]
            base = _LEADING_NUMBER.match(number).group() if _LEADING_NUMBER.match(number) else base
        elif int(base) >= highest:
            highest += 1
            number = base = str(highest)
        else:
            number = next(base + s for s in _suffixes() if base + s not in taken)
        taken.add(number)
        numbers.append(number)
    return numbers


_LEADING_NUMBER = re.compile(r"\d+")


def _suffixes() -> Iterator[str]:
    """a, b … z, then aa, ab … (a paragraph inserted after §12 is §12a)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for n in itertools.count(2):
        yield from ("".join(p) for p in itertools.product(letters, repeat=n))
