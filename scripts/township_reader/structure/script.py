"""Which script a text is written in.

The Simplified edition shows every text in Simplified characters; the Traditional
edition in Traditional.  A text written in Traditional (the speech) is shown there in
its own characters, never as a round trip through Simplified: OpenCC's t2s is
many-to-one (發/髮 → 发), so s2t(t2s(x)) is not x.  The conversion itself, word by word
and in one standard, is :mod:`township_reader.editions.conversion`.
"""

from __future__ import annotations

from functools import cache

import opencc

from township_reader.vocabulary import HANS, HANT, han_only

# Share of Han characters that t2s must change before we call a text Traditional.
TRADITIONAL_SHARE = 0.02


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
