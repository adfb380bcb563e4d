"""The other-script edition: OpenCC word by word, in one standard, with a record of every choice.

OpenCC on its own makes three kinds of error in this corpus, and so does every OpenCC build
that converts running text (the C++ library and s2tw as much as opencc-python-reimplemented):

* **Phrases across word boundaries.** OpenCC looks for the longest dictionary phrase anywhere
  in a clause, so 要带头|发扬 becomes 帶頭髮揚 (头发, "hair") and 更加|注重 更加註重. We cut the
  text into words first (:class:`Segmenter`: jieba's dictionary through rjieba, with the
  glossary's terms added so a term is never split) and convert each word on its own.
* **Two standards in one edition.** OpenCC's s2t writes its "orthodox" forms (爲 羣 衆 喫 裏),
  which no reader in Taiwan or Hong Kong writes; the speech, written in Traditional, uses
  Taiwan's (為 群 眾 吃 裡). The Traditional edition is made with s2tw: s2t's dictionaries and
  Taiwan's character variants, without s2twp's phrase localisation (软件 → 軟體), which would
  change the author's vocabulary.
* **The wrong way back.** A text written in Traditional is converted to Simplified with the
  configuration of the standard it follows (tw2s, hk2s or t2s; :func:`detect_standard` decides
  from its characters and says why): t2s keeps Taiwan's 著 for the particle zhe (随著, 睡不著)
  where Simplified writes 着; tw2s does not.

What the configurations still get wrong is data, not code: ``data/conversion/adjustments.yml``
(phrases a configuration of this OpenCC release maps wrongly, each with its reason and source)
and the editors' per-text overrides in ``seeds/conversion/<text id>.yml``. Every character the
converter chose among several forms for is recorded (:class:`Choice`), with the rule or
dictionary entry that decided it; the conversion record of each text lists them.

OpenCC stays the reference: the library converts; this module only decides what it converts at
once, and reads the library's dictionaries (plain text files) to explain and to check.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import opencc
import rjieba

from township_reader.datafile import DataError, LineDict, LineList, Problems, load_yaml, require_keys
from township_reader.vocabulary import HANS

OPENCC_DIR = Path(str(resources.files(opencc)))
ADJUSTMENTS_FILE = Path(__file__).parent / "data" / "adjustments.yml"
WORDS_FILE = Path(__file__).parent / "data" / "words.txt"

# The configuration that makes the Traditional edition of a Simplified text, and the ones that
# make the Simplified edition of a Traditional text, by the standard the text follows.
TO_TRADITIONAL = "s2tw"
TO_SIMPLIFIED = {"tw": "tw2s", "hk": "hk2s", "orthodox": "t2s"}
STANDARD_NAMES = {
    "tw": "台湾标准（OpenCC tw2s）",
    "hk": "香港标准（OpenCC hk2s）",
    "orthodox": "OpenCC 传统字形（t2s）",
    "simplified": "简体（OpenCC s2tw）",
}

PUNCTUATION = re.compile(r"[^\w+]+")  # what jieba never keeps inside a word (its own "+" is)
CONTEXT = 8  # characters of context on each side of a recorded choice


# ----------------------------------------------------------------------------- dictionaries


@dataclass(frozen=True, eq=False)  # one object per file (cached): compared and hashed by identity
class Dictionary:
    """One of the library's dictionaries: key → candidates (the first is what OpenCC writes)."""

    name: str  # the file's stem: STPhrases, TWVariants, …
    entries: dict[str, tuple[str, ...]]

    @cached_property
    def phrases(self) -> bool:
        return any(len(key) > 1 for key in self.entries)

    @cached_property
    def longest(self) -> int:
        return max(map(len, self.entries), default=1)


@cache
def dictionary(name: str) -> Dictionary:
    """Read one of OpenCC's dictionaries from the installed library (its own data files)."""
    entries: dict[str, tuple[str, ...]] = {}
    path = OPENCC_DIR / "dictionary" / f"{name}.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            entries[key] = tuple(values.split(" "))
    return Dictionary(name, entries)


@cache
def chain(config: str) -> tuple[tuple[Dictionary, ...], ...]:
    """A configuration's conversion chain, as the library's own JSON file gives it: stages applied
    one after another, each a group of dictionaries (phrases before characters)."""
    data = json.loads((OPENCC_DIR / "config" / f"{config}.json").read_text(encoding="utf-8"))

    def files(spec: dict[str, Any]) -> list[str]:
        if spec.get("type") == "group":
            return [name for item in spec["dicts"] for name in files(item)]
        return [Path(spec["file"]).stem]

    return tuple(tuple(dictionary(name) for name in files(stage["dict"])) for stage in data["conversion_chain"])


@cache
def candidates(config: str) -> dict[str, frozenset[str]]:
    """Every form each character can take under ``config``, from its character tables and from the
    phrases that contain it, through every stage. A character with more than one is ambiguous:
    the converter chose, and the choice is recorded.

    >>> sorted(candidates("s2tw")["发"]), sorted(candidates("tw2s")["著"])
    (['發', '髮'], ['着', '著'])
    """
    forms: dict[str, set[str]] = {}
    for stage in chain(config):
        step: dict[str, set[str]] = {}
        table = _character_table(stage)
        for dic in stage:
            for key, values in dic.entries.items():
                if len(key) == 1:
                    step.setdefault(key, set()).update(values)
                else:
                    for i, char in enumerate(key):
                        step.setdefault(char, set()).add(values[0][i])
        for char, outs in step.items():
            if char not in table:  # changed only inside some phrases: elsewhere it stays itself
                outs.add(char)
        if not forms:
            forms = {char: set(outs) for char, outs in step.items()}
            continue
        for char in list(forms):  # forms of earlier stages go through this one
            forms[char] = {out for form in forms[char] for out in step.get(form, {form})}
        for char, outs in step.items():
            forms.setdefault(char, set()).update(outs)
    return {char: frozenset(outs) for char, outs in forms.items() if len(outs) > 1}


@cache
def _character_table(stage: tuple[Dictionary, ...]) -> dict[str, tuple[str, ...]]:
    """A stage's character tables, merged (a stage's phrases come before its characters)."""
    return {k: v for dic in stage if not dic.phrases for k, v in dic.entries.items()}


# ----------------------------------------------------------------------------- segmentation


class Segmenter:
    """Words, by jieba's dictionary (rjieba: jieba's algorithm and dictionary, in Rust), with
    ``words`` added so that each is always one segment. Only dictionary words are joined (no
    HMM guessing of unknown words, which could join characters across a boundary).

    >>> Segmenter().cut("要带头发扬艰苦奋斗的作风")
    ['要带头', '发扬', '艰苦奋斗', '的', '作风']
    >>> Segmenter(["四议两公开"]).cut("落实四议两公开")
    ['落实', '四议两公开']
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        # jieba cuts at punctuation whatever its dictionary says: a form with punctuation in it
        # (上面千条线，下面一根针) is kept whole piece by piece
        self.words = frozenset(piece for w in words for piece in PUNCTUATION.split(w) if len(piece) > 1)
        self._jieba = rjieba.Jieba()
        for word in sorted(self.words | segmenter_words()):
            self._jieba.add_word(word, None, None)

    def cut(self, text: str) -> list[str]:
        return self._jieba.cut(text, hmm=False)

    def cut_traditional(self, text: str) -> list[str]:
        """Words of a text written in Traditional: cut on its character-by-character Simplified
        rendering (the same length; jieba's dictionary is Simplified), then taken from the text."""
        words, at = [], 0
        for word in self.cut(text.translate(_flattening())):
            words.append(text[at : at + len(word)])
            at += len(word)
        return words


@cache
def segmenter_words(path: Path = WORDS_FILE) -> frozenset[str]:
    """The words ``data/conversion/words.txt`` adds to jieba's dictionary (a word, a tab, why)."""
    words = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, tab, reason = line.partition("\t")
        if not tab or not reason.strip() or len(word) < 2:
            raise DataError(path.name if path == WORDS_FILE else path, number,
                            "write a word of two or more characters, a tab, and why it must stay whole")
        words.add(word)
    return frozenset(words)


@cache
def _flattening() -> dict[int, str]:
    """Each Traditional character to its first Simplified form (TSCharacters), one for one."""
    return {ord(k): v[0] for k, v in dictionary("TSCharacters").entries.items() if len(v[0]) == 1}


@cache
def default_segmenter() -> Segmenter:
    return Segmenter()


# ----------------------------------------------------------------------------- adjustments


@dataclass(frozen=True)
class Adjustment:
    """A phrase (or character) one configuration of this OpenCC release maps wrongly."""

    config: str
    find: str
    convert: str
    reason: str
    source: str
    where: str  # file:line

    def describe(self) -> str:
        return f"{self.find} → {self.convert}"


ADJUSTMENT_KEYS = {"configuration", "find", "convert", "reason", "source"}


@cache
def adjustments(path: Path = ADJUSTMENTS_FILE) -> tuple[Adjustment, ...]:
    """The adjustments file, validated (file:line and what to do on a bad entry)."""
    shown = "scripts/township_reader/editions/data/adjustments.yml" if path == ADJUSTMENTS_FILE else str(path)
    data = load_yaml(path, shown=shown)
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the adjustments file is a YAML list of entries (each starting with '- configuration:')")
    found, problems = [], Problems()
    for item in data:
        with problems.collect():
            if not isinstance(item, LineDict):
                raise DataError(shown, getattr(item, "line", None), "each adjustment is a mapping with "
                                + ", ".join(sorted(ADJUSTMENT_KEYS)))
            require_keys(shown, item, ADJUSTMENT_KEYS, ADJUSTMENT_KEYS, "adjustment")
            config, find, convert = (str(item[k]) for k in ("configuration", "find", "convert"))
            if not (OPENCC_DIR / "config" / f"{config}.json").exists():
                raise DataError(shown, item.line_of("configuration"), f"no OpenCC configuration '{config}': "
                                "use one of " + ", ".join(sorted(p.stem for p in (OPENCC_DIR / "config").glob("*.json"))))
            if len(find) != len(convert):
                raise DataError(shown, item.line_of("convert"), f"'{convert}' has {len(convert)} characters and "
                                f"'{find}' {len(find)}: a conversion maps one character to one")
            found.append(Adjustment(config, find, convert, str(item["reason"]), str(item["source"]),
                                    f"{shown}:{item.line}"))
    problems.raise_any()
    return tuple(found)


# ----------------------------------------------------------------------------- overrides


@dataclass(frozen=True)
class Override:
    """An editor's choice for one place: ``old`` (inside ``find``, which occurs once in the text,
    in the original's script) is shown as ``new`` in the other edition."""

    find: str
    old: str
    new: str
    reason: str
    where: str  # file:line

    @property
    def offset(self) -> int:
        return self.find.index(self.old)


OVERRIDE_KEYS = {"find", "old", "new", "reason"}


def load_overrides(path: Path, shown: str | None = None) -> list[Override]:
    """A text's conversion overrides (no file: none)."""
    if not path.exists():
        return []
    shown = shown or str(path)
    data = load_yaml(path, shown=shown)
    if data is None:
        return []
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "a conversion-overrides file is a YAML list of overrides (each starting with '- find:')")
    found, problems = [], Problems()
    for item in data:
        with problems.collect():
            if not isinstance(item, LineDict):
                raise DataError(shown, getattr(item, "line", None), "each override is a mapping with find, old, new, reason")
            require_keys(shown, item, OVERRIDE_KEYS, {"find", "new", "reason"}, "conversion override")
            find = str(item["find"])
            old = str(item.get("old") or find)
            new = str(item["new"])
            if old not in find:
                raise DataError(shown, item.line_of("old"), f"'old' ({old}) must be part of 'find' ({find})")
            if len(new) != len(old):
                raise DataError(shown, item.line_of("new"), f"'new' ({new}) must have as many characters as "
                                f"'old' ({old}): the conversion maps one character to one")
            found.append(Override(find, old, new, str(item["reason"]), f"{shown}:{item.line}"))
    problems.raise_any()
    return found


# ----------------------------------------------------------------------------- the record


@dataclass(frozen=True)
class Choice:
    """One character the converter chose a form for, among several (see :func:`candidates`)."""

    offset: int  # in the text
    in_word: int  # in the word
    char: str
    chosen: str
    word: str  # the segment it was converted in
    by: str  # "phrase" | "character" | "adjustment" | "override"
    entry: str  # the dictionary entry or data line that decided: "头发 → 頭髮", "发 → 發 髮"
    source: str  # which dictionary or file: "STPhrases", "seeds/conversion/x.yml:3"
    crossing: str = ""  # an OpenCC phrase across the word's boundary that would have decided otherwise

    def as_json(self, context: tuple[str, str]) -> dict[str, Any]:
        data = {"char": self.char, "chosen": self.chosen, "word": self.word, "by": self.by,
                "entry": self.entry, "source": self.source, "before": context[0], "after": context[1]}
        if self.crossing:
            data["crossing"] = self.crossing
        return data


@dataclass
class Converted:
    """A text in the other script, and the choices made converting it."""

    text: str
    config: str
    choices: list[Choice] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)


# ----------------------------------------------------------------------------- the converter


class ScriptConverter:
    """One OpenCC configuration, applied word by word, with its adjustments.

    >>> s2tw = ScriptConverter("s2tw")
    >>> s2tw.convert("要带头发扬艰苦奋斗的作风，更加注重民生")
    '要帶頭發揚艱苦奮鬥的作風，更加注重民生'
    >>> s2tw.convert("为人民群众吃苦在前")
    '為人民群眾吃苦在前'
    >>> ScriptConverter("tw2s").convert("隨著經濟發展，睡不著覺，成績顯著，為什么")
    '随着经济发展，睡不着觉，成绩显著，为什么'
    """

    def __init__(self, config: str, segmenter: Segmenter | None = None,
                 adjusted: Iterable[Adjustment] | None = None) -> None:
        self.config = config
        self.segmenter = segmenter or default_segmenter()
        self.traditional_source = config != TO_TRADITIONAL and not config.startswith("s2")
        self.adjustments = {a.find: a for a in (adjustments() if adjusted is None else adjusted) if a.config == config}
        self._longest_adjustment = max(map(len, self.adjustments), default=0)
        self._opencc = opencc.OpenCC(config)
        self.ambiguous = candidates(config)
        self.phrase_dictionaries = [d for stage in chain(config) for d in stage if d.phrases]
        self._convert_word = lru_cache(maxsize=1 << 17)(self._word)

    # -- conversion

    def words(self, text: str) -> list[str]:
        return self.segmenter.cut_traditional(text) if self.traditional_source else self.segmenter.cut(text)

    def convert(self, text: str) -> str:
        return "".join(self._convert_word(w)[0] for w in self.words(text)) if text else text

    def convert_recorded(self, text: str, overrides: Iterable[Override] = ()) -> Converted:
        """``text`` converted, with every ambiguous choice and the overrides applied (each must
        match exactly once and change what the converter gives, or :class:`DataError`)."""
        out: list[str] = []
        choices: list[Choice] = []
        at = 0
        for word in self.words(text):
            converted, explained = self._convert_word(word)
            out.append(converted)
            choices.extend(replace(choice, offset=at + offset) for offset, choice in explained)
            at += len(word)
        result = "".join(out)
        overrides = list(overrides)
        if overrides:
            result, choices = self._apply_overrides(text, result, choices, overrides)
        self._mark_crossings(text, result, choices)
        return Converted(result, self.config, choices, overrides)

    def _word(self, word: str) -> tuple[str, tuple[tuple[int, Choice], ...]]:
        """A word converted, and the choices it holds, by offset (cached: words repeat)."""
        pieces = list(self._adjusted_pieces(word))
        converted = "".join(self._opencc.convert(p) if a is None else a.convert for p, a in pieces)
        explained = []
        at = 0
        for piece, adjustment in pieces:
            for i, char in enumerate(piece):
                pos = at + i
                if adjustment is not None:
                    choice = Choice(pos, pos, char, converted[pos], word, "adjustment", adjustment.describe(), adjustment.where)
                elif char in self.ambiguous:
                    choice = self._explain(word, pos, converted[pos])
                else:
                    continue
                explained.append((pos, choice))
            at += len(piece)
        return converted, tuple(explained)

    def _adjusted_pieces(self, word: str) -> Iterator[tuple[str, Adjustment | None]]:
        """The word cut around the adjustments found in it (longest first, leftmost). A longer
        phrase of OpenCC's over the same characters wins, as a longer phrase wins in OpenCC
        (the adjustment 不准 → 不准 leaves 不准确 to OpenCC's 不準確)."""
        if not self.adjustments:
            yield word, None
            return
        start = plain = 0
        while start < len(word):
            for size in range(min(self._longest_adjustment, len(word) - start), 0, -1):
                adjustment = self.adjustments.get(word[start : start + size])
                if adjustment and not self._longer_phrase(word, start, size):
                    if plain < start:
                        yield word[plain:start], None
                    yield adjustment.find, adjustment
                    start = plain = start + size
                    break
            else:
                start += 1
        if plain < len(word):
            yield word[plain:], None

    def _longer_phrase(self, word: str, start: int, size: int) -> bool:
        """Whether a phrase of the first stage, longer than ``size``, covers word[start:start+size]."""
        first = [d for d in chain(self.config)[0] if d.phrases]
        for length in range(size + 1, len(word) + 1):
            for begin in range(max(0, start + size - length), min(start, len(word) - length) + 1):
                if any(word[begin : begin + length] in d.entries for d in first):
                    return True
        return False

    def _explain(self, word: str, pos: int, chosen: str) -> Choice:
        """Which dictionary entry gave ``chosen``: the longest phrase of the configuration that
        covers ``pos`` in the word and writes ``chosen`` there, else the character table."""
        char = word[pos]
        for size in range(min(len(word), max(d.longest for d in self.phrase_dictionaries)), 1, -1):
            for begin in range(max(0, pos - size + 1), min(pos, len(word) - size) + 1):
                key = word[begin : begin + size]
                for dic in self.phrase_dictionaries:
                    values = dic.entries.get(key)
                    if values and self._finish(values[0][pos - begin], dic) == chosen:
                        return Choice(pos, pos, char, chosen, word, "phrase", f"{key} → {values[0]}", dic.name)
        return Choice(pos, pos, char, chosen, word, "character", self._table_entry(char), self._table_names())

    def _finish(self, form: str, after: Dictionary) -> str:
        """A form a phrase of one stage wrote, through the character tables of the later stages."""
        stages = chain(self.config)
        index = next(i for i, stage in enumerate(stages) if after in stage)
        for stage in stages[index + 1 :]:
            table = _character_table(stage)
            form = table[form][0] if form in table else form
        return form

    def _table_entry(self, char: str) -> str:
        parts = []
        form = char
        for stage in chain(self.config):
            table = _character_table(stage)
            if form in table:
                parts.append(f"{form} → {' '.join(table[form])}")
                form = table[form][0]
        return "；".join(parts) or f"{char} → {char}"

    def _table_names(self) -> str:
        return " + ".join(d.name for stage in chain(self.config) for d in stage if not d.phrases)

    # -- overrides and crossings

    def _apply_overrides(self, text: str, result: str, choices: list[Choice],
                         overrides: list[Override]) -> tuple[str, list[Choice]]:
        chars = list(result)
        forced: dict[int, Choice] = {}
        problems = Problems()
        for override in overrides:
            with problems.collect():
                path, _, line = override.where.rpartition(":")
                hits = [m.start() for m in re.finditer(re.escape(override.find), text)]
                if len(hits) != 1:
                    raise DataError(path, int(line), f"'find' ({override.find}) occurs {len(hits)} times in the text, "
                                    "not once: lengthen it with the words around it" if hits else
                                    f"'find' ({override.find}) is not in the text: copy it from the page of the "
                                    "original edition (overrides are written in the original's script)")
                begin = hits[0] + override.offset
                current = "".join(chars[begin : begin + len(override.old)])
                if current == override.new:
                    raise DataError(path, int(line), f"the converter already gives {override.new} for "
                                    f"{override.old}: remove this override")
                for i, (old, new) in enumerate(zip(override.old, override.new, strict=True)):
                    if not self.may_become(old, new):
                        raise DataError(path, int(line), f"'{new}' is not a form of '{old}' in {self.config}: an "
                                        "override chooses among the forms of a character; an error in the text itself "
                                        "is a correction (seeds/corrections/) or a [sic] note")
                    chars[begin + i] = new
                    forced[begin + i] = Choice(begin + i, i, old, new, override.old, "override",
                                               f"{override.old} → {override.new}", override.where)
        problems.raise_any()
        kept = [c for c in choices if c.offset not in forced]
        return "".join(chars), sorted([*kept, *forced.values()], key=lambda c: c.offset)

    def may_become(self, old: str, new: str) -> bool:
        """Whether ``new`` is a form ``old`` may take (its candidates, or a form that converts
        back to it): an override chooses, it does not rewrite."""
        if old == new or new in self.ambiguous.get(old, ()):
            return True
        return self.convert_char(old) == new or _back(self.config).convert_char(new) == old

    @lru_cache(maxsize=4096)  # noqa: B019 (converters live as long as the process)
    def convert_char(self, char: str) -> str:
        return self._opencc.convert(char)

    def _mark_crossings(self, text: str, result: str, choices: list[Choice]) -> None:
        """Note, on each choice, what OpenCC over the whole clause (the old conversion, without
        segmentation) writes there instead, and the phrase across the word boundary that made it
        do so: the places a reviewer checks first. Only where such a phrase exists is the clause
        converted (by the library itself) to see what it writes."""
        for index, choice in enumerate(choices):
            if choice.by == "override":
                continue
            phrases = self._crossing_phrases(text, choice)
            if not phrases:
                continue
            start, clause = self._clause(text, choice.offset)
            written = self._whole_clause(clause)[choice.offset - start]
            if written == choice.chosen:
                continue
            named = [f"{key} → {value}（{name}）" for key, value, name, form in phrases if form == written]
            choices[index] = replace(choice, crossing=f"{written}" + (f"：{named[0]}" if named else ""))

    def _crossing_phrases(self, text: str, choice: Choice) -> list[tuple[str, str, str, str]]:
        """Phrases of the configuration over ``choice``'s character that cross its word's boundary
        and would write another form: (key, value, dictionary, the form), longest first."""
        pos, found = choice.offset, []
        word_start = pos - choice.in_word
        word_end = word_start + len(choice.word)
        for dic in self.phrase_dictionaries:
            for size in range(min(dic.longest, len(text)), 1, -1):
                for begin in range(max(0, pos - size + 1), min(pos, len(text) - size) + 1):
                    if word_start <= begin and begin + size <= word_end:
                        continue
                    key = text[begin : begin + size]
                    values = dic.entries.get(key)
                    if values:
                        form = self._finish(values[0][pos - begin], dic)
                        if form != choice.chosen:
                            found.append((key, values[0], dic.name, form))
        return found

    def _clause(self, text: str, pos: int) -> tuple[int, str]:
        """The clause around ``pos`` as the library cuts text (between its separators)."""
        start = 0
        for match in self._opencc.split_chars_re.finditer(text):
            if match.start() > pos:
                return start, text[start : match.start()]
            start = match.end()
        return start, text[start:]

    @lru_cache(maxsize=4096)  # noqa: B019 (converters live as long as the process)
    def _whole_clause(self, clause: str) -> str:
        return self._opencc.convert(clause)


@cache
def _back(config: str) -> ScriptConverter:
    return ScriptConverter("tw2s" if config == TO_TRADITIONAL else TO_TRADITIONAL)


def to_traditional(text: str) -> str:
    """Simplified text in Taiwan's standard characters, word by word (OpenCC s2tw), with the
    current build's words (:func:`use_converters`): notes, definitions, interface words.

    >>> to_traditional("一票否决，党风廉政建设，群众，不准索取，不准确")
    '一票否決，黨風廉政建設，群眾，不准索取，不準確'
    """
    return current_converters()(TO_TRADITIONAL).convert(text)


def to_simplified(text: str, standard: str = "tw") -> str:
    """Traditional text in Simplified, with the configuration of its standard (default Taiwan's,
    the standard of the corpus's Traditional text).

    >>> to_simplified("一票否決，黨風廉政建設，隨著")
    '一票否决，党风廉政建设，随着'
    """
    return current_converters()(TO_SIMPLIFIED[standard]).convert(text)


# ----------------------------------------------------------------------------- standards


@dataclass(frozen=True)
class StandardDecision:
    """Which standard a Traditional text follows, and the characters that show it."""

    standard: str  # "tw" | "hk" | "orthodox"
    evidence: dict[str, dict[str, int]]  # standard → {form: count} of the forms only it writes
    against: dict[str, dict[str, int]]  # standard → {form: count} of the forms it would replace

    @property
    def config(self) -> str:
        return TO_SIMPLIFIED[self.standard]

    def score(self, standard: str) -> int:
        return sum(self.evidence[standard].values()) - sum(self.against[standard].values())

    def as_json(self) -> dict[str, Any]:
        return {"standard": self.standard, "configuration": self.config,
                "evidence": self.evidence, "against": self.against,
                "scores": {s: self.score(s) for s in TO_SIMPLIFIED}}


# Forms that tell nothing of the standard: 著 is zhù in every standard (and Taiwan's particle zhe),
# 么 also the Simplified form of 麼, which texts that mix the scripts write (什么).
UNINFORMATIVE = frozenset("著么")


@cache
def _standard_forms() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For each standard: the forms it writes where another writes a different one, and the forms
    it replaces (both from OpenCC's variant tables, which map OpenCC's forms to each standard's)."""
    tw, hk = dictionary("TWVariants").entries, dictionary("HKVariants").entries

    def own(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
        return frozenset(v for k, values in table.items() for v in values if v != k) - UNINFORMATIVE

    def replaced(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
        return frozenset(k for k, values in table.items() if k not in values) - UNINFORMATIVE

    return {
        "tw": (own(tw), replaced(tw)),
        "hk": (own(hk), replaced(hk)),
        "orthodox": (replaced(tw) | replaced(hk), own(tw) | own(hk)),
    }


def taiwan_replaces(text: str) -> dict[str, str]:
    """The forms in ``text`` that Taiwan's standard replaces, with Taiwan's (OpenCC's TWVariants).

    >>> taiwan_replaces("羣衆路線，爲人民服務"), taiwan_replaces("群眾路線")
    ({'羣': '群', '衆': '眾', '爲': '為'}, {})
    """
    table = dictionary("TWVariants").entries
    return {c: table[c][0] for c in dict.fromkeys(text) if c in table and c not in table[c]}


def detect_standard(text: str) -> StandardDecision:
    """The standard a Traditional text follows: the one whose own forms it uses most, against the
    forms that standard would have replaced. With no evidence either way: OpenCC's (t2s).

    >>> detect_standard("我們為人民服務，群眾路線，說話算數").standard
    'tw'
    >>> detect_standard("我們爲人民服務，羣衆路線").standard
    'orthodox'
    >>> detect_standard("我們為人民服務，説話，户口").standard
    'hk'
    """
    counts = Counter(text)
    evidence, against = {}, {}
    for standard, (own, replaced) in _standard_forms().items():
        evidence[standard] = {c: counts[c] for c in sorted(own) if counts[c]}
        against[standard] = {c: counts[c] for c in sorted(replaced) if counts[c]}
    decision = StandardDecision("orthodox", evidence, against)
    if not any(evidence.values()):
        return decision
    best = max(TO_SIMPLIFIED, key=lambda s: (decision.score(s), s == "tw"))  # a tie: Taiwan's, the corpus's
    return StandardDecision(best, evidence, against)


# ----------------------------------------------------------------------------- one build's converters


class Converters:
    """The converters of one build: one segmenter (with the glossary's terms, so a term is never
    split) shared by every configuration, each made once."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.segmenter = Segmenter(words)
        self._made: dict[str, ScriptConverter] = {}

    def __call__(self, config: str) -> ScriptConverter:
        if config not in self._made:
            self._made[config] = ScriptConverter(config, self.segmenter)
        return self._made[config]

    def for_text(self, original_script: str, standard: StandardDecision | None) -> ScriptConverter:
        """The converter that makes the other edition of a text written in ``original_script``."""
        if original_script == HANS:
            return self(TO_TRADITIONAL)
        return self(standard.config if standard else TO_SIMPLIFIED["tw"])


@dataclass
class ConversionRecord:
    """How the other edition of one text was made: the configuration, the standard the original
    follows (and why), and every character the converter chose a form for."""

    text_id: str
    config: str
    original_script: str
    standard: StandardDecision | None
    segmenter_words: int
    choices: list[dict[str, Any]]  # each: block, offset, and Choice.as_json
    overrides: list[str] = field(default_factory=list)  # file:line of each override applied

    def counts(self) -> dict[str, dict[str, int]]:
        """Per character, how often each form was chosen (most frequent characters first)."""
        per: dict[str, Counter[str]] = {}
        for choice in self.choices:
            per.setdefault(choice["char"], Counter())[choice["chosen"]] += 1
        ordered = sorted(per.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        return {char: dict(forms.most_common()) for char, forms in ordered}

    def as_json(self) -> dict[str, Any]:
        return {
            "schema": "township-reader/conversion-record/1",
            "text": self.text_id,
            "original_script": self.original_script,
            "configuration": self.config,
            "standard": self.standard.as_json() if self.standard else None,
            "method": ("segmented into words with rjieba (jieba's dictionary, no HMM) plus "
                       f"{self.segmenter_words} glossary forms; each word converted with OpenCC "
                       f"'{self.config}' (opencc-python-reimplemented); adjustments: "
                       "scripts/township_reader/editions/data/adjustments.yml; overrides: "
                       f"seeds/conversion/{self.text_id}.yml"),
            "overrides": self.overrides,
            "counts": self.counts(),
            "choices": self.choices,
        }


_CURRENT: list[Converters] = []


def use_converters(converters: Converters) -> None:
    """Make ``converters`` the ones :func:`to_traditional` and :func:`to_simplified` use: a build
    sets those with its glossary's terms before it renders, so that notes, definitions and the
    texts are cut into the same words."""
    _CURRENT[:] = [converters]


def current_converters() -> Converters:
    if not _CURRENT:
        _CURRENT.append(Converters())
    return _CURRENT[0]
