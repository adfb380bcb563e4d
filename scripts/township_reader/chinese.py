"""Han characters, and which script a text is written in.

The Simplified edition shows every text in Simplified characters; the Traditional
edition in Traditional.  A text written in Traditional (the speech) is shown there in
its own characters, never as a round trip through Simplified: OpenCC's t2s is
many-to-one (發/髮 → 发), so s2t(t2s(x)) is not x.  The conversion itself, word by word
and in one standard, is :mod:`township_reader.script_conversion`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import opencc

HANS = "zh-Hans"
HANT = "zh-Hant"

# Share of Han characters that t2s must change before we call a text Traditional.
TRADITIONAL_SHARE = 0.02


HAN_RE = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002fa1f]")


NOT_HAN_RE = re.compile("[^\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002fa1f]+")


@lru_cache(maxsize=8)  # a text's own is asked for more than once (its script, its Han balance)
def han_only(text: str) -> str:
    """The Han characters of ``text``, as one string (no list of one-character strings).

    >>> han_only("**镇，镇长A1")
    '镇镇长'
    """
    return NOT_HAN_RE.sub("", text)


def han_characters(text: str) -> list[str]:
    """The Han characters of ``text`` (a C-level scan: this runs over the whole corpus)."""
    return HAN_RE.findall(text)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0002fa1f"


def detect_script(text: str) -> str:
    """``zh-Hant`` if the text is written in Traditional characters, else ``zh-Hans``.

    >>> detect_script("在鄉鎮黨委書記、鎮長座談會上講話"), detect_script("在乡镇党委书记、镇长座谈会上讲话")
    ('zh-Hant', 'zh-Hans')
    """
    han = han_only(text)
    if not han:
        return HANS
    traditional = traditional_only_characters()
    changed = sum(map(traditional.__contains__, han))
    return HANT if changed / len(han) >= TRADITIONAL_SHARE else HANS


@cache
def traditional_only_characters() -> frozenset[str]:
    """Characters OpenCC's t2s changes (its TSCharacters table): written only in Traditional."""
    from importlib import resources
    from pathlib import Path

    path = Path(str(resources.files(opencc))) / "dictionary" / "TSCharacters.txt"
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values and key not in values.split():
            found.add(key)
    return frozenset(found)
