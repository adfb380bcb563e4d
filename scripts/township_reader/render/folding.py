"""Which characters search treats as one: the two scripts and the variant forms.

Two tables, both data:

* OpenCC's Traditional → Simplified character table (``TSCharacters.txt``, as
  opencc-python-reimplemented ships it): 書 and 书 are one character to search;
* ``data/search-variants.yml``: the forms the Traditional standards write differently for one
  character (裏/裡, 爲/為, 羣/群, 衆/眾, 綫/線, 啓/啟, 峯/峰 …), from OpenCC's variant tables, each
  class with its source; and the pairs that are one character only in Traditional text (著 is
  Taiwan's form of 着 as well as 著).

How each search uses them:

* The inline index (``reader-search.js`` over ``search/corpus.js``) folds every text and every
  query with the same function and the same tables, to Simplified (:func:`simplified_fold`). A
  Traditional text's 著 also folds to 着 (:func:`traditional_fold`); a Simplified text's 著 stays
  著 (it is zhù there). A query that may be Traditional (typed in the Traditional edition, or
  holding a Traditional character) looks for both readings (:func:`query_alternatives`): 隨著 finds
  随着; in the Simplified edition 著名 finds only 著名.
* Pagefind's index holds the pages as they are: its result snippets are shown as it returns them,
  and must be the author's words. So a query is folded instead, into the edition's script and its
  standard forms (:func:`edition_fold`: 群众 → 群眾 in the Traditional edition, where OpenCC's own
  table would write 羣衆), then spelt in each form the edition's texts may use
  (:func:`edition_alternatives`: 裡 and 裏), and every spelling is searched.

The folding keeps one UTF-16 unit for one (highlighting maps folded offsets back to the text).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema

from township_reader.datafile import DataError, LineDict, LineList, Problems, load_yaml
from township_reader.vocabulary import HANS, HANT

VARIANTS = Path(__file__).parent / "data" / "search-variants.yml"
SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "search-variants.schema.json"
SHOWN = "scripts/township_reader/render/data/search-variants.yml"


@dataclass(frozen=True)
class VariantClass:
    """Forms search treats as one character: the Simplified one, the Traditional ones (Taiwan's first)."""

    hans: str
    hant: str
    only: str | None = None  # "zh-Hant": one character only in Traditional text
    line: int = 0

    @property
    def forms(self) -> str:
        return self.hans + "".join(f for f in self.hant if f != self.hans)


def load_variants(path: Path = VARIANTS, shown: str = SHOWN) -> tuple[VariantClass, ...]:
    """Read and check the variant classes (every bad entry named, one line each)."""
    data = load_yaml(path, shown=shown)
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the variant classes are a YAML list of entries ('- {hans: …, hant: …, source: …}')")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))["items"])
    classes: list[VariantClass] = []
    owner: dict[str, int] = {}  # a Traditional form -> the line of its class
    problems = Problems()
    for item, line in zip(data, data.item_lines, strict=True):
        with problems.collect():
            if not isinstance(item, LineDict):
                raise DataError(shown, line, "each entry is a mapping: {hans: 为, hant: 為爲, source: …}")
            errors = sorted(validator.iter_errors(dict(item)), key=lambda e: list(e.path))
            if errors:
                err = errors[0]
                key = str(err.path[0]) if err.path else ""
                raise DataError(shown, line, f"{key + ': ' if key else ''}{err.message} — see the file's header for each key")
            if item.get("only") and not item.get("reason"):
                raise DataError(shown, line, "a class folded only in Traditional text needs a `reason`: why Simplified keeps the forms apart")
            hant = item["hant"]
            if len(set(hant)) != len(hant) or len(hant) < 1:
                raise DataError(shown, line, f"hant {hant!r} lists a form twice — list each Traditional form once")
            for form in hant:
                if form != item["hans"] and form in owner:
                    raise DataError(shown, line, f"{form} is already in the class at line {owner[form]} — one class per form")
                owner[form] = line
            classes.append(VariantClass(item["hans"], hant, item.get("only"), line))
    problems.raise_any()
    return tuple(classes)


@cache
def variant_classes() -> tuple[VariantClass, ...]:
    return load_variants()


def _opencc_characters(filename: str) -> dict[str, str]:
    """One of OpenCC's character tables, first candidate of each entry, one UTF-16 unit each
    (so folding never moves a character: highlighting relies on it)."""
    import opencc

    path = Path(str(resources.files(opencc))) / "dictionary" / filename
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values and len(key) == 1:
            first = values.split()[0]
            if len(first) == 1 and first != key and ord(key) < 0x10000 and ord(first) < 0x10000:
                table[key] = first
    return table


@cache
def opencc_t2s_characters() -> dict[str, str]:
    """OpenCC's Traditional→Simplified character table."""
    return _opencc_characters("TSCharacters.txt")


@cache
def opencc_s2t_characters() -> dict[str, str]:
    """OpenCC's Simplified→Traditional character table (OpenCC's own Traditional forms: 群 → 羣)."""
    return _opencc_characters("STCharacters.txt")


@cache
def simplified_fold() -> dict[str, str]:
    """What the inline index folds each character to, in text and query alike: OpenCC's
    Simplified form, then the Simplified form of its variant class (classes folded only in
    Traditional text excepted).

    >>> fold = simplified_fold()
    >>> "".join(fold.get(c, c) for c in "羣衆裏爲綫啓峯衞隨著")
    '群众里为线启峰卫随著'
    """
    t2s = opencc_t2s_characters()
    variant: dict[str, str] = {}
    for cls in variant_classes():
        if cls.only:
            continue
        for form in cls.hant:
            for char in (form, t2s.get(form, form)):
                if char != cls.hans:
                    variant[char] = cls.hans
    table = {key: variant.get(value, value) for key, value in t2s.items()}
    for key, value in variant.items():
        table.setdefault(key, value)
    return {key: value for key, value in sorted(table.items()) if key != value}


def _fold(char: str) -> str:
    return simplified_fold().get(char, char)


@cache
def traditional_fold() -> dict[str, str]:
    """What a Traditional text's characters fold to beyond :func:`simplified_fold` (after it):
    the forms that are one character only in Traditional text (著 → 着, 么 → 幺)."""
    table = {}
    for cls in variant_classes():
        if cls.only:
            for form in cls.hant:
                if _fold(form) != cls.hans:
                    table[_fold(form)] = cls.hans
    return dict(sorted(table.items()))


@cache
def query_alternatives() -> dict[str, str]:
    """For a query that may be Traditional: each folded character that stands for two in
    Simplified, and the two (著 → 着著: a Traditional 著 may be zhe or zhù)."""
    return {key: value + key for key, value in traditional_fold().items()}


def looks_traditional(query: str) -> bool:
    """Whether a query holds a character that only Traditional text writes.

    >>> looks_traditional("隨著"), looks_traditional("著名"), looks_traditional("随着")
    (True, False, False)
    """
    fold = simplified_fold()
    return any(char in fold for char in query)


def fold_text(text: str, script: str) -> str:
    """A text (or a query typed in ``script``'s edition) as the inline index folds it: the same
    function as ``reader-search.js``'s, for tests and tools.

    >>> fold_text("隨著時代", HANT), fold_text("显著成效", HANS), fold_text("顯著成效", HANT)
    ('随着时代', '显著成效', '显着成效')
    """
    folded = "".join(_fold(c) for c in text)
    if script == HANT:
        extra = traditional_fold()
        folded = "".join(extra.get(c, c) for c in folded)
    return folded


def query_spellings(query: str, script: str, limit: int = 16) -> list[str]:
    """A query folded, in each spelling it may mean (the first ``limit``): one, unless it may be
    Traditional and holds a character that is two in Simplified.

    >>> query_spellings("隨著", HANS), query_spellings("著名", HANS), query_spellings("著名", HANT)
    (['随着', '随著'], ['著名'], ['着名', '著名'])
    """
    folded = "".join(_fold(c) for c in query)
    if not (script == HANT or looks_traditional(query)):
        return [folded]
    spellings = [""]
    alternatives = query_alternatives()
    for char in folded:
        spellings = [s + a for s in spellings for a in alternatives.get(char, char)][:limit]
    return spellings


@cache
def edition_fold(script: str) -> dict[str, str]:
    """Pagefind: what a query's characters become in the edition's script and standard forms.

    >>> fold = edition_fold(HANT)
    >>> "".join(fold.get(c, c) for c in "群众里线着")
    '群眾裡線著'
    """
    if script == HANS:
        return simplified_fold()
    table = dict(opencc_s2t_characters())
    standard = {form: cls.hant[0] for cls in variant_classes() for form in cls.hant if form != cls.hant[0]}
    table = {key: standard.get(value, value) for key, value in table.items()}
    for key, value in standard.items():
        table.setdefault(key, value)
    return {key: value for key, value in sorted(table.items()) if key != value}


@cache
def edition_alternatives(script: str) -> dict[str, str]:
    """Pagefind: each character of a folded query (:func:`edition_fold`), and every form the
    edition's texts may write it in (Taiwan's first): 裡 → 裡裏, 著 → 著着."""
    if script == HANS:
        return query_alternatives()
    return {cls.hant[0]: cls.hant for cls in variant_classes() if len(cls.hant) > 1}


def pairs(table: dict[str, str]) -> str:
    """A table as the browser reads it: key and value, one after the other."""
    return "".join(k + v for k, v in table.items())


def fold_js(script: str) -> str:
    """``search/fold.js``: the tables, for a page that highlights words (``?h=``) without loading
    the index, and for Pagefind's queries."""
    data = {
        "fold": pairs(simplified_fold()),
        "traditional": pairs(traditional_fold()) if script == HANT else "",
        "alternatives": query_alternatives(),
        "edition": pairs(edition_fold(script)) if script == HANT else "",
        "editionAlternatives": edition_alternatives(script),
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (f"/* Township Reader: characters search treats as one ({script}); generated by township-reader convert "
            f"from OpenCC's tables and render/data/search-variants.yml */\nwindow.__trFold={payload};\n")
