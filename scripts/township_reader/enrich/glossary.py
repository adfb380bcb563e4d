"""The glossary (``seeds/glossary.yml``) and finding its terms in running Chinese text.

Python-Markdown's ``abbr`` cannot do this: it wraps a term only between word boundaries,
and every Chinese character is a word character, so 实行一票否决制度 gets no tooltip.  We
match ourselves, on the structured text: at each position the longest form wins
(党风廉政建设责任制 over 党风廉政建设), in Simplified and in Traditional, and an entry's
``exclude`` strings keep a short term out of longer words it is not part of.

Schema: ``scripts/township_reader/schemas/glossary.schema.json``; every bad entry fails with the file,
the line and what to do.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema

from township_reader.datafile import DataError, LineDict, LineList, Problems, load_yaml
from township_reader.editions.conversion import taiwan_replaces, to_simplified, to_traditional
from township_reader.enrich.pinyin import pinyin_problems
from township_reader.enrich.publishers import Publishers, check_sources, default_publishers
from township_reader.vocabulary import HANS, HANT, is_han

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "glossary.schema.json"

CATEGORIES = {
    "cadre-evaluation": "干部考核",
    "party-organization": "党的组织",
    "petitions-stability": "信访维稳",
    "rural-policy": "农村政策",
    "discipline-anticorruption": "纪律与反腐",
    "numbered-slogans": "数字概括语",
    "institutions-roles": "机构与职务",
    "theory-campaigns": "理论与教育活动",
    "work-style": "作风建设",
    "safety-emergency": "安全生产与应急",
    "economy-development": "经济与发展",
}


def toneless(pinyin: str) -> str:
    """Pinyin without tone marks, spaces or punctuation: the entry's id and search key.

    >>> toneless("yī piào fǒujué"), toneless("Lǚ yóu"), toneless("jìlǜ"), toneless("sì jiā sì jiā èr")
    ('yipiaofoujue', 'lvyou', 'jilv', 'sijiasijiaer')
    """
    for toned in "üǖǘǚǜ":  # ü with or without a tone is written v, as in input methods
        pinyin = pinyin.replace(toned, "v").replace(toned.upper(), "V")
    decomposed = unicodedata.normalize("NFD", pinyin)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", plain.lower())


RENDERING_KINDS = {"official": "官方英译", "specialist": "专家译法"}


@dataclass(frozen=True)
class Rendering:
    """An English rendering that is not ours: an official one (the state's own term translations,
    an official translation of the document) or one specialists use, with whose it is."""

    english: str
    kind: str  # official | specialist
    by: str  # whose rendering: 中国关键词（China Keywords）, 中国日报网, a named dictionary …
    source: str  # where it can be checked, as a citation


@dataclass
class Entry:
    id: str
    term: str
    traditional: list[str]
    aliases: list[str]
    pinyin: str
    english: str
    category: str
    zh: str
    en: str
    related: list[str]
    sources: list[str]
    exclude: list[str] = field(default_factory=list)
    renderings: list[Rendering] = field(default_factory=list)
    line: int = 0

    def official(self) -> list[Rendering]:
        return [r for r in self.renderings if r.kind == "official"]

    def forms(self, script: str) -> list[str]:
        """Every surface form of the term in one script (longest first)."""
        if script == HANS:
            forms = [self.term, *self.aliases, *(to_simplified(t) for t in self.traditional)]
        else:
            forms = [*self.traditional, to_traditional(self.term), *(to_traditional(a) for a in self.aliases), self.term]
        return sorted(dict.fromkeys(f for f in forms if f), key=lambda f: (-len(f), f))

    def title(self, script: str) -> str:
        return self.term if script == HANS else (self.traditional[0] if self.traditional else to_traditional(self.term))

    def short_definition(self, script: str) -> str:
        """What a tooltip shows: the first sentence of the definition (the entry has it all)."""
        short = first_sentence(self.zh)
        return short if script == HANS else to_traditional(short)


OPENERS, CLOSERS = "“‘《（「『〔", "”’》）」』〕"


@functools.cache
def first_sentence(text: str) -> str:
    """Text up to its first 。 that is outside quotation marks and brackets.

    >>> first_sentence("比喻党委书记。语出毛泽东《党委会的工作方法》。")
    '比喻党委书记。'
    >>> first_sentence("讲话说“稳不好就一票否决。”此后成为常用语。")
    '讲话说“稳不好就一票否决。”此后成为常用语。'
    >>> first_sentence("没有句号")
    '没有句号'
    """
    depth = 0
    for i, char in enumerate(text):
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(0, depth - 1)
        elif char == "。" and depth == 0:
            return text[: i + 1]
    return text


class Occurrence(NamedTuple):
    """A term in a block's text (a named tuple: there are tens of thousands in a large corpus)."""

    entry: str  # entry id
    start: int
    end: int
    form: str


class Glossary:
    """All entries, and the matcher over their forms."""

    def __init__(self, entries: list[Entry], path: str = "seeds/glossary.yml") -> None:
        self.entries = entries
        self.path = path
        self.by_id = {e.id: e for e in entries}
        self.by_term = {e.term: e for e in entries}

    def __len__(self) -> int:
        return len(self.entries)

    def segmenter_words(self) -> frozenset[str]:
        """Every Simplified form of every term: the words the script converter's segmenter must
        never split (a term converts as one word wherever it occurs)."""
        return frozenset(form for entry in self.entries for form in entry.forms(HANS))

    @cached_property
    def _patterns(self) -> dict[str, tuple[re.Pattern[str] | None, dict[str, Entry]]]:
        patterns = {}
        for script in (HANS, HANT):
            owner: dict[str, Entry] = {}
            for entry in self.entries:
                for form in entry.forms(script):
                    owner.setdefault(form, entry)
            pattern = re.compile(longest_first_pattern(owner)) if owner else None
            patterns[script] = (pattern, owner)
        return patterns

    def find(self, text: str, script: str = HANS) -> list[Occurrence]:
        """Every occurrence of every term in ``text``, longest match first, no overlaps.

        >>> g = Glossary([_demo_entry("党风廉政建设", "dangfenglianzhengjianshe"),
        ...               _demo_entry("党风廉政建设责任制", "dangfenglianzhengjianshezerenzhi")])
        >>> [(o.entry, o.form) for o in g.find("严格执行党风廉政建设责任制，推进党风廉政建设")]
        [('dangfenglianzhengjianshezerenzhi', '党风廉政建设责任制'), ('dangfenglianzhengjianshe', '党风廉政建设')]
        """
        pattern, owner = self._patterns[script]
        if pattern is None:
            return []
        found = []
        for m in pattern.finditer(text):
            form = m.group()
            entry = owner[form]
            start, end = m.span()
            if entry.exclude and self._excluded(entry, text, start, end, script):
                continue
            found.append(Occurrence(entry.id, start, end, form))
        return found

    @staticmethod
    def _excluded(entry: Entry, text: str, start: int, end: int, script: str) -> bool:
        for longer in entry.exclude:
            form = longer if script == HANS else to_traditional(longer)
            for at in range(max(0, start - len(form)), start + 1):
                if text.startswith(form, at) and at + len(form) >= end:
                    return True
        return False


def longest_first_pattern(forms: Iterable[str]) -> str:
    """A regex finding the longest of ``forms`` at the leftmost place, as a trie: the forms that
    share a first character share one branch (quicker to try than one branch a form, longest first).

    >>> longest_first_pattern(["党风", "党风廉政建设", "党委"])
    '党(?:委|风(?:廉政建设)?)'
    >>> re.findall(longest_first_pattern(["党风", "党风廉政建设", "党委"]), "党风廉政建设与党风")
    ['党风廉政建设', '党风']
    """
    trie: dict[str, Any] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def branch(node: dict[str, Any]) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:  # a form may end here: a longer one is tried first (greedy), then this one
            return body + "?" if body.startswith("(?:") else f"(?:{body})?"
        return body

    return branch(trie)


def _demo_entry(term: str, entry_id: str) -> Entry:
    return Entry(entry_id, term, [], [], "", "", "party-organization", "", "", [], ["x"])


ENTRY_KEYS = {"id", "term", "traditional", "aliases", "pinyin", "english", "category",
              "zh", "en", "related", "sources", "exclude", "renderings"}  # fmt: skip


def load_glossary(path: Path, shown: str = "seeds/glossary.yml", publishers: Publishers | None = None) -> Glossary:
    """Read, validate and index the glossary; a source's web address must be on an accepted
    publisher's site (``publishers``, by default ``seeds/publishers.yml``)."""
    if not path.exists():
        return Glossary([], shown)
    data = load_yaml(path, shown=shown)
    if data is None:
        return Glossary([], shown)
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the glossary is a YAML list of entries (each starting with '- id:')")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    item_schema = schema["items"]
    validator = jsonschema.Draft202012Validator(item_schema)
    entries: list[Entry] = []
    seen_ids: dict[str, int] = {}
    seen_forms: dict[str, tuple[str, int]] = {}
    problems = Problems()  # every bad entry is reported, not just the first
    broken: set[str] = set()  # terms of bad entries: a reference to one is not a problem of its own
    publishers = publishers if publishers is not None else default_publishers()
    for item, line in zip(data, data.item_lines, strict=True):
        before = len(problems.errors)
        with problems.collect():
            _add_entry(item, line, shown, validator, entries, seen_ids, seen_forms, publishers)
        if len(problems.errors) > before and isinstance(item, dict):
            broken.add(str(item.get("term")))
    glossary = Glossary(entries, shown)
    for entry in entries:
        for related in entry.related:
            if related not in glossary.by_term and related not in broken:
                problems.errors.append(DataError(shown, entry.line,
                                                 f"'{entry.term}' lists related term '{related}', which has no entry"))
    # word division after GB/T 16159-2012, one way throughout (enrich/pinyin.py gives the rules)
    problems.errors.extend(DataError(shown, at, f"{problem} — see the rules in the header of this file")
                           for at, problem in pinyin_problems(entries))
    problems.raise_any()
    return glossary


def _add_entry(item: Any, line: int, shown: str, validator: jsonschema.Draft202012Validator, entries: list[Entry],
               seen_ids: dict[str, int], seen_forms: dict[str, tuple[str, int]], publishers: Publishers) -> None:
    """Validate one glossary item and append it to ``entries`` (raises DataError if it is bad)."""
    if not isinstance(item, LineDict):
        raise DataError(shown, line, "each entry is a mapping starting with '- id:'")
    errors = sorted(validator.iter_errors(_plain(item)), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        key = str(err.path[0]) if err.path else ""
        where = item.line_of(key) if key else item.line
        raise DataError(shown, where, _schema_message(err, item))
    problems = Problems()
    with problems.collect():
        check_sources(item["sources"], item, "sources", publishers, shown)
    for rendering in item.get("renderings") or []:
        with problems.collect():
            check_sources([rendering["source"]], rendering, "source", publishers, shown)
    problems.raise_any()
    entry = Entry(
        id=item["id"], term=item["term"], traditional=list(item.get("traditional") or []),
        aliases=list(item.get("aliases") or []), pinyin=item["pinyin"], english=item["english"],
        category=item["category"], zh=str(item["zh"]).strip(), en=str(item["en"]).strip(),
        related=list(item.get("related") or []), sources=list(item["sources"]),
        exclude=list(item.get("exclude") or []), line=item.line,
        renderings=[Rendering(str(r["english"]), r["kind"], str(r["by"]), str(r["source"]))
                    for r in item.get("renderings") or []],
    )
    for key, forms in (("term", [entry.term]), ("aliases", entry.aliases), ("traditional", entry.traditional)):
        for form in forms:
            if not is_word_form(form):
                raise DataError(shown, item.line_of(key),
                                f"form '{form}' of '{entry.term}': a glossary form has at least {MIN_FORM_CHARS} "
                                "characters, one of them Han (a shorter one, or punctuation, would be marked "
                                "everywhere; a slogan without Han, like 4+4+2, needs 4 and a digit or letter) — "
                                "use the longer word it is part of")
    if entry.id != toneless(entry.pinyin) and entry.id.rstrip("0123456789") != toneless(entry.pinyin):
        raise DataError(shown, item.line_of("id"),
                        f"id '{entry.id}' should be the toneless pinyin '{toneless(entry.pinyin)}' "
                        "(add a digit to tell homophones apart)")
    if entry.id in seen_ids:
        raise DataError(shown, item.line_of("id"), f"id '{entry.id}' is already used at line {seen_ids[entry.id]}")
    if entries and entry.id < entries[-1].id:
        raise DataError(shown, item.line_of("id"),
                        f"entries must be sorted by id: '{entry.id}' comes before '{entries[-1].id}' — "
                        "run `township-reader glossary sort`")
    for form in entry.forms(HANS):
        if form in seen_forms and seen_forms[form][0] != entry.id:
            raise DataError(shown, item.line,
                            f"form '{form}' of '{entry.term}' is already a form of '{seen_forms[form][0]}' "
                            f"(line {seen_forms[form][1]}) — a form must belong to one entry")
        seen_forms[form] = (entry.id, item.line)
    for form in entry.traditional:
        replaced = taiwan_replaces(form)
        if replaced:
            fixed = "".join(replaced.get(c, c) for c in form)
            raise DataError(shown, item.line_of("traditional"),
                            f"'{form}' writes {'、'.join(replaced)}, which Taiwan's standard writes "
                            f"{'、'.join(replaced.values())}: write '{fixed}' (the Traditional edition uses one standard)")
    for longer in entry.exclude:
        if entry.term not in longer and not any(a in longer for a in entry.aliases):
            raise DataError(shown, item.line_of("exclude"),
                            f"exclude '{longer}' does not contain the term '{entry.term}' — it would never apply")
    seen_ids[entry.id] = item.line
    entries.append(entry)


# A glossary form is a word, not a character: one character, or a form without Han (punctuation
# given as an alias), would put a tooltip on most of the text.
MIN_FORM_CHARS = 2
# A numbered slogan without Han (4+4+2, the speech's own) is a form if it is this long and not a
# bare number (2019 would mark every year).
MIN_SLOGAN_CHARS = 4


def is_word_form(form: str) -> bool:
    """Whether a glossary form is specific enough to mark wherever it occurs.

    >>> [is_word_form(f) for f in ("一票否决", "干部", "的", "，。", "4+4+2", "2019", "3+1")]
    [True, True, False, False, True, False, False]
    """
    if len(form) >= MIN_FORM_CHARS and any(map(is_han, form)):
        return True
    return len(form) >= MIN_SLOGAN_CHARS and any(ch.isalnum() for ch in form) and not form.isdigit()
# A term found more often than once every this many characters of the corpus (and more than
# FREQUENT_TERM_FLOOR times) is likely too common a word to explain: the seeds' most frequent
# term, 公仆, is used once every 1,600 characters.
FREQUENT_TERM_EVERY = 500
FREQUENT_TERM_FLOOR = 50


def frequent_terms(glossary: Glossary, counts: dict[str, dict[str, int]], corpus_chars: int) -> list[str]:
    """A warning for each entry found more often than :data:`FREQUENT_TERM_EVERY` allows.

    >>> g = Glossary([_demo_entry("我们", "women")])
    >>> frequent_terms(g, {"women": {"a": 60, "b": 10}}, 20_000)
    ["seeds/glossary.yml:0: term '我们' occurs 70 times in 20,000 characters (more than once every 500): is it too common a word to explain? Narrow it with 'exclude', or remove it"]
    """
    limit = max(FREQUENT_TERM_FLOOR, corpus_chars // FREQUENT_TERM_EVERY)
    warnings = []
    for entry in glossary.entries:
        total = sum(counts.get(entry.id, {}).values())
        if total > limit:
            warnings.append(f"{glossary.path}:{entry.line}: term '{entry.term}' occurs {total:,} times in "
                            f"{corpus_chars:,} characters (more than once every {FREQUENT_TERM_EVERY}): is it too "
                            "common a word to explain? Narrow it with 'exclude', or remove it")
    return warnings


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _schema_message(err: jsonschema.ValidationError, item: dict[str, Any]) -> str:
    what = f"entry '{item.get('term', item.get('id', '?'))}'"
    key = ".".join(str(p) for p in err.path)
    if err.validator == "additionalProperties":
        unknown = sorted(set(item) - ENTRY_KEYS)
        return f"{what}: unknown key {', '.join(repr(u) for u in unknown)} — allowed: {', '.join(sorted(ENTRY_KEYS))}"
    if err.validator == "required":
        return f"{what}: {err.message} — add it"
    if err.validator == "enum" and key == "category":
        return f"{what}: unknown category {err.instance!r} — use one of: {', '.join(CATEGORIES)}"
    return f"{what}: '{key}' {err.message}"
