"""Pinyin word division in the glossary, after GB/T 16159-2012 (汉语拼音正词法基本规则).

The glossary writes each term's pinyin with tone marks, divided into words. The rules it follows
(its header and the 凡例 page, #pinyin, say the same to editors and readers), with the standard's
clauses:

1. The word is the unit (5.1). A two- or three-syllable structure that names one concept is one
   word (5.2): chéngguānzhèn 城关镇, fùmǔguān 父母官, jítǐfǎng 集体访. A name of four syllables
   or more is divided into its words or rhythm groups (语节) (5.3): dǎngfēng liánzhèng jiànshè.
2. A numeral and the measure word after it are written apart (6.1.5.7): sān gè dàibiǎo 三个代表,
   yī piào fǒujué 一票否决, qiān tiáo xiàn 千条线. Whole numbers from 11 to 99 are one word
   (6.1.5.2): shí'èr 十二, èrshí 二十. 第 and the numeral after it take a hyphen (6.1.5.4):
   dì-yī zérènrén 第一责任人.
3. In a numbered slogan (数字概括语), a numeral and the one or two characters it counts make one
   two- or three-syllable concept, written as one word (5.2): sānnóng 三农, sìfēng 四风,
   sānfúwù 三服务, liǎnggōngkāi 两公开, Shíbādà 十八大; the slogan is divided into these units
   (5.3): sìyì liǎnggōngkāi 四议两公开, yīgǎng shuāngzé 一岗双责.
4. Proper names take capitals (6.3.2): Dèng Xiǎopíng lǐlùn; a syllable beginning with a, o or e
   after another takes an apostrophe (6.7): shí'èr. Tones are the citation tones (一, 不 unchanged).

What the check below enforces, so an editor's new entry cannot quietly differ:

- each term has as many syllables as Han characters (a term with digits or Latin letters is not
  checked syllable by syllable);
- one word is written one way: a string of characters written as one word in one entry is not
  divided in another where it stands as a unit (党政 as dǎngzhèng here and dǎng zhèng there);
- rule 2 and rule 3 for numerals: a numeral (or a number) before a measure word is followed by a
  word break; before anything else it is joined to it, unless the entry is a dictionary word listed
  in :data:`LEXICALISED`; 第 before a numeral takes a hyphen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from township_reader.vocabulary import is_han

# Every syllable of Putonghua, toneless (ü written v), longest first for matching.
SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cei cen ceng
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan
cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng
er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing
jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan
lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me
mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin
ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia
qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa
sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui
shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun
tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao
ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen
zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())

NUMERALS = set("一二三四五六七八九十两双百千万亿")
# Measure words the glossary's terms use after a numeral (6.1.5.7: written apart from it)
MEASURE_WORDS = set("个项种条笔票股根件名位次张份批类届")
# Dictionary words whose numeral is part of the word, not a count (现代汉语词典 writes them as
# one word), and a sum that is words of its own: the numeral rules do not apply to them
LEXICALISED = {"一把手": "yībǎshǒu", "四加四加二": "sì jiā sì jiā èr"}


def toneless_syllable(text: str) -> str:
    """A syllable (or word) without tone marks, lowercase, ü as v.

    >>> toneless_syllable("Lǚ"), toneless_syllable("nüè")
    ('lv', 'nve')
    """
    for toned in "üǖǘǚǜ":
        text = text.replace(toned, "v").replace(toned.upper(), "V")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).lower()


def syllables(word: str) -> list[str] | None:
    """A pinyin word split into its syllables (as written, tones kept), or None if it cannot be.
    Apostrophes and hyphens divide syllables; otherwise the split that uses only real syllables,
    preferring longer ones first (xian, not xi'an: the standard writes xi'an with the apostrophe).

    >>> syllables("chéngguānzhèn"), syllables("shí'èr"), syllables("dì-yī"), syllables("zzz")
    (['chéng', 'guān', 'zhèn'], ['shí', 'èr'], ['dì', 'yī'], None)
    """
    out: list[str] = []
    for part in re.split(r"['’-]", word):
        plain = toneless_syllable(part)
        if len(plain) != len(part):  # a letter the table does not know
            return None
        split = _split(plain)
        if split is None:
            return None
        pos = 0
        for piece in split:
            out.append(part[pos : pos + len(piece)])
            pos += len(piece)
    return out


def _split(plain: str, first: bool = True) -> list[str] | None:
    """Syllables of an apostrophe-free stretch: a syllable that begins with a, o or e comes only
    first (after another it would take an apostrophe, 6.7: so sānge is sān ge, not sāng e)."""
    if not plain:
        return []
    for size in range(min(6, len(plain)), 0, -1):
        head = plain[:size]
        if head in SYLLABLES and (first or head[0] not in "aoe"):
            rest = _split(plain[size:], False)
            if rest is not None:
                return [head, *rest]
    return None


@dataclass(frozen=True)
class Division:
    """A term's characters grouped as its pinyin groups them: one (start, end, pinyin word) a word."""

    term: str
    words: tuple[tuple[int, int, str], ...]
    syllables: tuple[str, ...] = ()

    def breaks(self) -> set[int]:
        """Positions between characters where the pinyin has a word break."""
        return {start for start, _end, _word in self.words[1:]}

    def word_at(self, start: int, end: int) -> bool:
        return any(s == start and e == end for s, e, _ in self.words)


def division(term: str, pinyin: str) -> Division | str:
    """How ``pinyin`` divides ``term`` into words, or why it cannot be read against it.

    >>> division("四议两公开", "sìyì liǎnggōngkāi").words
    ((0, 2, 'sìyì'), (2, 5, 'liǎnggōngkāi'))
    >>> division("城关镇", "chéngguān")
    'the pinyin has 2 syllables for 3 characters'
    """
    if not all(is_han(ch) for ch in term):
        return "the term has characters other than Han: not checked syllable by syllable"
    words, pos, all_syllables = [], 0, []
    for word in re.findall(r"[^\s,，;；、·]+", pinyin):
        parts = syllables(word.strip("()（）“”\"'"))
        if parts is None:
            return f"'{word}' is not a sequence of pinyin syllables"
        words.append((pos, pos + len(parts), word))
        all_syllables.extend(parts)
        pos += len(parts)
    if pos != len(term):
        return f"the pinyin has {pos} syllables for {len(term)} characters"
    return Division(term, tuple(words), tuple(all_syllables))


def numeral_problems(division: Division) -> list[str]:
    """Rules 2 and 3 on numerals, for one term.

    >>> numeral_problems(division("三个代表", "sānge dàibiǎo"))
    ['三 is a numeral before the measure word 个: write them apart (6.1.5.7: sān ge)']
    >>> numeral_problems(division("四有", "sì yǒu"))
    ['四 counts 有: write them as one word (rule 3, 5.2: sìyǒu)']
    >>> numeral_problems(division("第一责任人", "dìyī zérènrén"))
    ['第 before the numeral 一 takes a hyphen (6.1.5.4: dì-yī)']
    >>> numeral_problems(division("十八大", "Shíbādà")), numeral_problems(division("一票否决", "yī piào fǒujué"))
    ([], [])
    """
    term = division.term
    if term in LEXICALISED:
        return []
    breaks = division.breaks()
    problems = []
    for i, char in enumerate(term):
        if char not in NUMERALS or (i + 1 < len(term) and term[i + 1] in NUMERALS):
            continue  # inside a number: its last digit decides
        start = i
        while start and term[start - 1] in NUMERALS:
            start -= 1
        number = term[start : i + 1]
        for j in range(start + 1, i + 1):
            if j in breaks:
                problems.append(f"the number {number} is one word (6.1.5.2)")
        if start and term[start - 1] == "第":
            word = next(w for s, e, w in division.words if s <= start - 1 < e)
            if "-" not in word or start in breaks:
                problems.append(f"第 before the numeral {number} takes a hyphen (6.1.5.4: dì-{_syl(division, start)})")
        if i + 1 == len(term) or (start and term[start - 1] == "第"):
            continue  # an ordinal (dì-yī) is a word of its own: what follows is not counted
        follower = term[i + 1]
        if follower in MEASURE_WORDS:
            if i + 1 not in breaks:
                problems.append(f"{number} is a numeral before the measure word {follower}: write them apart "
                                f"(6.1.5.7: {_syl(division, start, i + 1)} {_syl(division, i + 1)})")
        elif i + 1 in breaks:
            problems.append(f"{number} counts {follower}: write them as one word (rule 3, 5.2: "
                            f"{_syl(division, start, i + 1)}{_syl(division, i + 1)})")
    return problems


def _syl(division: Division, start: int, end: int | None = None) -> str:
    """The syllables written for characters ``start:end`` (lowercase, for a hint)."""
    end = start + 1 if end is None else end
    return "".join(division.syllables[start:end]).lower()


def inconsistencies(divisions: Iterable[tuple[int, Division]]) -> list[tuple[int, str]]:
    """Words written one way in one entry and another way in another: a multi-character word of one
    entry that stands as a unit in another term (word breaks at both its ends) but is divided there.

    >>> a = division("党政", "dǎngzhèng")
    >>> b = division("党政联席会", "dǎng zhèng liánxíhuì")
    >>> inconsistencies([(10, a), (20, b)])
    [(20, '党政 is one word at line 10 (dǎngzhèng) but divided here: dǎng zhèng')]
    """
    joined: dict[str, tuple[int, str]] = {}
    items = list(divisions)
    for line, div in items:
        for start, end, word in div.words:
            if end - start >= 2:
                joined.setdefault(div.term[start:end], (line, word))
    problems = []
    for line, div in items:
        breaks = div.breaks()
        for chars, (other_line, word) in joined.items():
            if other_line == line:
                continue
            at = div.term.find(chars)
            while at != -1:
                end = at + len(chars)
                edges = (at == 0 or at in breaks) and (end == len(div.term) or end in breaks)
                if edges and not div.word_at(at, end):
                    written = " ".join(w for s, e, w in div.words if s >= at and e <= end)
                    problems.append((line, f"{chars} is one word at line {other_line} ({word}) but divided here: {written}"))
                at = div.term.find(chars, at + 1)
    return sorted(set(problems))


def pinyin_problems(entries: Iterable) -> list[tuple[int, str]]:
    """(line, problem) for every entry whose pinyin breaks the glossary's word division."""
    problems: list[tuple[int, str]] = []
    divisions = []
    for entry in entries:
        div = division(entry.term, entry.pinyin)
        if isinstance(div, str):
            if not div.startswith("the term has characters other than Han"):
                problems.append((entry.line, f"pinyin '{entry.pinyin}' of '{entry.term}': {div}"))
            continue
        if entry.term in LEXICALISED and entry.pinyin != LEXICALISED[entry.term]:
            problems.append((entry.line, f"'{entry.term}' is written {LEXICALISED[entry.term]} (a dictionary word)"))
        problems.extend((entry.line, f"pinyin '{entry.pinyin}' of '{entry.term}': {p}") for p in numeral_problems(div))
        divisions.append((entry.line, div))
    problems.extend((line, f"pinyin: {p}") for line, p in inconsistencies(divisions))
    return sorted(problems)
