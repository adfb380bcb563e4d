"""The shared vocabulary of every stage: the two scripts, what a Han character is, and the marks
the converter puts in a text (gaps, article boundaries) that later stages read.

Defined once here, used everywhere (decode, clean, structure, editions, enrich, render), so
that "a Han character" means the same to the cleaning report's balance, the anchors, the
parallel passages and the search index.
"""

from __future__ import annotations

import re
from functools import lru_cache

HANS = "zh-Hans"
HANT = "zh-Hant"
SCRIPTS = (HANS, HANT)

# Han characters: CJK Unified Ideographs and Extension A, the compatibility ideographs, and the
# supplementary planes' Extensions B–H and compatibility supplement. A character class body.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U000323af"
HAN_RE = re.compile(f"[{HAN}]")
NOT_HAN_RE = re.compile(f"[^{HAN}]+")

# Characters that end a sentence (or a quotation that ends one).
SENTENCE_END = "。！？!?…”’」』"
# A heading number of the 一、 family, the (一) family and the 1. family.
HEADING_L1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
HEADING_L2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
HEADING_L3 = re.compile(r"^\d{1,2}[.．](?!\d)")

# A line the converter inserts stands alone and starts with SENTINEL, a private-use character a
# raw text may not contain (decode refuses it): "\ue000gap:truncated", "\ue000article:2".
SENTINEL = "\ue000"
GAP = "gap"
ARTICLE = "article"

# The visible mark for text the source lacks, the same everywhere (reading text, exports, report).
GAP_MARK = "〔……〕"
GAP_REASONS = {
    "truncated": "缺文：来源页面到此为止，原文其余部分未见。",
    "preview-skip": "缺文：文库预览在此跳过了若干页。",
    "declared": "缺文：来源在此缺少文字（见校正记录）。",
}


# An anonymisation placeholder the source (its uploader or the site) put for a name or a number:
# a run of asterisks (**镇, ***市, 增长**%) or XX (XX年) standing alone, not inside a Latin word.
# Kept as written everywhere; the TEI marks each one (render/tei.py).
PLACEHOLDER = re.compile(r"[*＊]+|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])")


def sentinel_line(kind: str, value: str) -> str:
    r"""A line standing for a gap or an article boundary; it has no Han characters.

    >>> sentinel_line("gap", "truncated")
    '\ue000gap:truncated'
    """
    return f"{SENTINEL}{kind}:{value}"


def is_han(char: str) -> bool:
    """Whether ``char`` is a Han character.

    >>> is_han("镇"), is_han("，"), is_han("A")
    (True, False, False)
    """
    return bool(HAN_RE.match(char))


@lru_cache(maxsize=8)  # a text's own is asked for more than once (its script, its Han balance)
def han_only(text: str) -> str:
    """The Han characters of ``text``, as one string.

    >>> han_only("**镇，镇长A1")
    '镇镇长'
    """
    return NOT_HAN_RE.sub("", text)


def han_characters(text: str) -> list[str]:
    """The Han characters of ``text``, one string each."""
    return HAN_RE.findall(text)
