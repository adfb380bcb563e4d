"""Property-based tests of the converter on seed-like random input (hypothesis).

The input is built the way the seeds are: a site's header and footer lines, paragraphs
cut from the real texts, and the debris the sites leave (preview chunk markers, stray page
numbers, 臵, ASCII punctuation, placeholders, hard line breaks, unknown lines). For any such
input the converter

* never crashes;
* never loses a Han character outside the removals it records (the Han balance holds);
* is idempotent: cleaning its own output again changes nothing.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from township_reader.catalog import CatalogEntry
from township_reader.decode import RawText
from township_reader.formats import generic_profile
from township_reader.pipeline import convert_raw
from township_reader.report import han_balance
from township_reader.rules import clean
from township_reader.trace import SENTINEL

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
SEED_LINES = sorted({line for text in SEED_TEXTS for line in text.split("\n") if line.strip()})
BODY_LINES = [line for line in SEED_LINES if len(line) > 30]
HEADERS = [
    "浅谈如何当好镇长\n\n浅谈如何当好镇长\n\nID:41500670\n\n大小:38.01 KB\n\n页数:5页\n\n时间:2019-08-26\n\n资源描述:\n\n"
    "《浅谈如何当好镇长》由会员上传分享,免费在线阅读,更多相关内容在行业资料-天天文库\n\n",
    "好好学习,天天向上,一流范文网欢迎您!\n当前位置:首页 >> 最新范文 内容页\n\n乡镇材料\n\n",
    "下面是小編為大家整理的在鄉鎮黨委書記、鎮長座談會上講話,供大家參考。\n",
    "新时期乡镇党委书记\n\n时间:2019-05-12 05:50:36下载本文作者:会员上传\n简介:写写帮文库小编为你整理了多篇相关的《新时期》。\n\n第一篇:新时期\n\n",
    "",
]
FOOTERS = ["\n当前文档最多预览五页,下载文档查看全文\n温馨提示:\n1. 部分包含数学公式的文件。",
           "\nArtCutPage“>\n\n  免责声明:本文仅限学习分享。\n\nTAG标签: ", "\n推薦訪問:鎮長 會上", "", "\n相关范文推荐\n\n    增强学习意识"]
DEBRIS = ["5", "-5-", "臵", ",", ":", ";", "(一)", "?", "**", "***", "XX年", "\n\n", " ", "\r\n", "1.", "一、", "“", "”",
          "2、", "\t", "_第3页", "0.01", "4+4+2"]


def _cut(line: str, data) -> str:
    start = data.draw(st.integers(0, max(0, len(line) - 10)))
    return line[start : start + data.draw(st.integers(5, 200))]


@st.composite
def seed_like(draw) -> str:
    header = draw(st.sampled_from(HEADERS))
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["body", "body", "body", "debris", "line", "chunk"]))
        if kind == "body":
            pieces.append(_cut(draw(st.sampled_from(BODY_LINES)), draw(st.data())))
        elif kind == "debris":
            pieces.append(draw(st.sampled_from(DEBRIS)))
        elif kind == "line":
            pieces.append("\n" + draw(st.sampled_from(SEED_LINES)) + "\n")
        else:
            pieces.append(f"\n\n{draw(st.integers(1, 9))}、")
    return header + "".join(pieces) + draw(st.sampled_from(FOOTERS))


def convert(text: str):
    text = text.replace("\r\n", "\n")
    return convert_raw(RawText(SEEDS / "fuzz.txt", text, "utf-8"), CatalogEntry("fuzz.txt", "fuzz"))


# TR_FUZZ_EXAMPLES=3000 runs a longer search (the suite runs 150 examples a property).
PROPERTY = settings(max_examples=int(os.environ.get("TR_FUZZ_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(seed_like())
def test_never_crashes_and_never_loses_han_characters(text):
    if not text.strip():
        return
    conversion = convert(text)
    balance = han_balance(conversion)
    assert balance["balanced"], balance
    # the plain definitions the report's quick check stands for: the characters counted, the steps
    # replayed one at a time
    from collections import Counter

    from township_reader.report import han_counter, kept_text
    from township_reader.trace import replay, replays_to

    steps = conversion.trace.steps
    kept = han_counter(kept_text(conversion)) + han_counter("".join(s.old for s in steps))
    kept.subtract(han_counter("".join(s.new for s in steps)))
    assert +kept == han_counter(conversion.raw.text) == Counter(han_counter(conversion.raw.text))
    assert replay(conversion.raw.text, steps) == conversion.trace.text
    assert replays_to(conversion.raw.text, steps, conversion.trace.batches, conversion.trace.text)


@PROPERTY
@given(seed_like())
# found with TR_FUZZ_EXAMPLES=5000: the line a run-in heading was split from was a run-in heading
# too (55.…。由), split only by a second cleaning
@example("浅谈如何当好镇长\n\n(一)第一,必须不断增强学习意识。55.从群众思想现状上来看。由\n当前文档最多预览五页,下载文档查看全文\n")
# found with 20,000: a 写写帮文库 page's first line was taken as its title whatever it was, so the
# cleaned text lost its own first line when cleaned again
@example("好好学习,天天向上,一流范文网欢迎您!\n当前位置:首页 >> 最新范文 内容页\n\n乡镇材料\n\n5\n"
         "第一篇:新时期乡镇党委书记应增强的几种能力和意识\n5简介:写写帮文库\n")
def test_cleaning_is_idempotent(text):
    if not text.strip():
        return
    conversion = convert(text)
    cleaned = conversion.trace.text
    again, _ctx = clean(cleaned, conversion.profile)
    changes = [s for s in again.steps if s.rule not in {"strip_site_header", "strip_file_metadata"}]
    assert again.text == cleaned, [(s.rule, s.old, s.new) for s in changes[:5]]


@PROPERTY
@given(seed_like())
def test_output_is_deterministic(text):
    if not text.strip():
        return
    first, second = convert(text), convert(text)
    assert [b.__dict__ for t in first.texts for b in t.blocks] == [b.__dict__ for t in second.texts for b in t.blocks]


@PROPERTY
@given(st.text(min_size=1, max_size=400))
def test_any_text_at_all_converts_and_balances(text):
    text = re.sub(r"[\x00-\x08\x0b-\x1f\ue000]", "", text).replace("\r", "")
    if not text.strip():
        return
    conversion = convert(text)
    assert han_balance(conversion)["balanced"]
    assert conversion.profile.id in {p.id for p in [generic_profile()]} or conversion.texts
    assert all(SENTINEL not in b.text["zh-Hans"] for t in conversion.texts for b in t.blocks)


# ------------------------------------------------------------------ parallel passages


def reference_runs(texts_grams: list[list[str]], k: int) -> list[list[tuple[int, int, int, int]]]:
    """The plain algorithm the fast one replaced: record first occurrences one k-gram at a time,
    group matches by other text and diagonal, join consecutive positions."""
    first_seen: dict[str, tuple[int, int]] = {}
    result = []
    for number, text_grams in enumerate(texts_grams):
        pairs: dict[int, list[tuple[int, int]]] = {}
        for i, gram in enumerate(text_grams):
            seen = first_seen.setdefault(gram, (number, i))
            if seen[0] != number:
                pairs.setdefault(seen[0], []).append((i, seen[1]))
        runs = []
        for other, matches in pairs.items():
            matches.sort(key=lambda p: (p[0] - p[1], p[0]))
            start = prev = matches[0]
            for i, j in matches[1:]:
                if i == prev[0] + 1 and j == prev[1] + 1:
                    prev = (i, j)
                    continue
                runs.append((other, start[0], start[1], prev[0] - start[0] + k))
                start = prev = (i, j)
            runs.append((other, start[0], start[1], prev[0] - start[0] + k))
        result.append(sorted(runs))
    return result


@PROPERTY
@given(st.lists(st.text(alphabet="乡镇党委书记", min_size=0, max_size=60), min_size=1, max_size=6),
       st.integers(min_value=1, max_value=4))
def test_fast_parallel_runs_equal_the_plain_algorithm(texts, k):
    from township_reader.parallels import _matched_runs, grams

    texts_grams = [grams(text, k) for text in texts]
    first_seen: dict[str, int] = {}
    fast = [sorted(_matched_runs(number, text_grams, first_seen, k)) for number, text_grams in enumerate(texts_grams)]
    assert fast == reference_runs(texts_grams, k)


@PROPERTY
@given(st.lists(st.text(alphabet="乡镇党委书记", min_size=0, max_size=60), min_size=1, max_size=6),
       st.integers(min_value=1, max_value=4), st.data())
def test_runs_through_given_positions_are_the_runs_that_hold_one(texts, k, data):
    """_matched_runs with ``near`` follows runs from those positions: it must give exactly the
    runs of the full algorithm that hold one of them, and record the same first occurrences."""
    from township_reader.parallels import _matched_runs, grams

    texts_grams = [grams(text, k) for text in texts]
    full_seen: dict[str, int] = {}
    near_seen: dict[str, int] = {}
    for number, text_grams in enumerate(texts_grams):
        near = sorted(data.draw(st.sets(st.integers(min_value=0, max_value=max(len(text_grams) - 1, 0)))
                                if text_grams else st.just(set())))
        full = _matched_runs(number, text_grams, full_seen, k)
        through = _matched_runs(number, text_grams, near_seen, k, near)
        assert sorted(through) == sorted(r for r in full if any(r[1] <= p <= r[1] + r[3] - k for p in near))
        assert near_seen == full_seen


@PROPERTY
@given(st.lists(st.booleans(), min_size=5, max_size=60), st.integers(min_value=5, max_value=10), st.data())
def test_positions_near_a_clear_one_are_those_a_kept_run_must_hold(is_frequent, k, data):
    from township_reader.parallels import GRAM, _clear_positions, _may_keep, _near_clear

    near = _near_clear(is_frequent, k)
    clear_at = _clear_positions(is_frequent)
    grams_k = len(is_frequent) - (k - GRAM)  # k-gram positions
    assert near is not None and all(0 <= q < grams_k for q in near)
    for start in range(grams_k):
        for end in range(start, grams_k):  # a run of k-grams start … end
            holds = any(start <= q <= end for q in near)
            assert holds == _may_keep(clear_at, start, end - start + k)


@PROPERTY
@given(st.lists(st.text(alphabet="乡镇党委书记自重", min_size=0, max_size=40), min_size=1, max_size=5))
def test_four_gram_keys_are_equal_exactly_for_equal_four_grams(texts):
    from township_reader.parallels import GRAM, four_gram_keys, grams

    pairs = set()
    for text in texts:
        keys, slices = four_gram_keys(text), grams(text, GRAM)
        assert keys is not None and len(keys) == len(slices)
        pairs |= set(zip(slices, keys, strict=True))
    assert len({s for s, _ in pairs}) == len({k for _, k in pairs}) == len(pairs)
    assert four_gram_keys("乡镇𠀀党委") is None  # beyond the BMP: the numbered 4-grams instead


@PROPERTY
@given(st.text(alphabet="乡镇党委书记", min_size=8, max_size=80), st.data())
def test_distinct_run_from_positions_equals_distinct_run(chars, data):
    import itertools

    from township_reader.parallels import GRAM, _distinct_run_at, distinct_run, grams

    frequent = set(data.draw(st.lists(st.sampled_from(grams(chars, GRAM) or ["乡镇党委"]), max_size=6)))
    frequent_at = list(itertools.compress(itertools.count(), map(frequent.__contains__, grams(chars, GRAM))))
    start = data.draw(st.integers(min_value=0, max_value=len(chars) - 8))
    length = data.draw(st.integers(min_value=8, max_value=len(chars) - start))
    assert _distinct_run_at(frequent_at, start, length) == distinct_run(chars[start : start + length], frequent)


@PROPERTY
@given(st.lists(st.text(alphabet="乡镇党委书记自重省警励", min_size=0, max_size=80), min_size=2, max_size=6))
def test_eight_grams_as_pairs_of_numbered_four_grams_equal_slices(texts):
    import array
    import itertools

    from township_reader.parallels import GRAM, MIN_HAN, _long_grams, grams

    numbers: dict[str, int] = {}
    fresh = itertools.count()
    numbered = [array.array("q", map(numbers.setdefault, grams(text, GRAM), fresh)) for text in texts]
    keys = [_long_grams(text, n, MIN_HAN) for text, n in zip(texts, numbered, strict=True)]
    slices = [grams(text, MIN_HAN) for text in texts]
    assert [len(k) for k in keys] == [len(s) for s in slices]
    # the same 8-gram anywhere in the corpus has the same key, and different ones different keys
    pairs = {(s, k) for ks, ss in zip(keys, slices, strict=True) for k, s in zip(ks, ss, strict=True)}
    assert len({s for s, _ in pairs}) == len({k for _, k in pairs}) == len(pairs)


def test_the_parallel_build_equals_the_serial_build(tmp_path, monkeypatch):
    """Above PARALLEL_FROM texts the build forks (parallels beside the glossary, one edition per
    process) and reads cached conversions in the parent, and write_site's children write their
    pages themselves: the files must be exactly the same."""
    from township_reader import build
    from township_reader.synthetic import write_corpus

    paths = write_corpus(tmp_path / "seeds", 24)
    first = build.convert_files(paths, {}, tmp_path / "cache")
    texts = sum(len(c.texts) for c in first.conversions)
    assert not first.errors and texts >= build.PARALLEL_FROM
    cached = build.convert_files(paths, {}, tmp_path / "cache")  # every conversion read back from the cache
    forked = build.site_files(cached.conversions, build.GLOSSARY_FILE, None)
    build.write_site(cached.conversions, tmp_path / "docs", build.GLOSSARY_FILE, None)  # children write their own pages
    written = {p.relative_to(tmp_path / "docs").as_posix(): p.read_text(encoding="utf-8")
               for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    monkeypatch.setattr(build, "PARALLEL_FROM", 10**9)
    serial = build.site_files(build.convert_files(paths, {}).conversions, build.GLOSSARY_FILE, None)
    assert forked.keys() == serial.keys() == written.keys()
    assert [path for path in serial if forked[path] != serial[path]] == []
    assert [path for path in serial if written[path] != serial[path]] == []
    # convert_site: the reports written while the workers convert, then the rest as write_site does
    monkeypatch.setattr(build, "PARALLEL_FROM", 24)
    outcome, count = build.convert_site(paths, {}, tmp_path / "overlapped", tmp_path / "cache2", build.GLOSSARY_FILE, None)
    overlapped = {p.relative_to(tmp_path / "overlapped").as_posix(): p.read_text(encoding="utf-8")
                  for p in (tmp_path / "overlapped").rglob("*") if p.is_file()}
    assert not outcome.errors and count == len(serial) and overlapped.keys() == serial.keys()
    assert [path for path in serial if overlapped[path] != serial[path]] == []
    # the Traditional edition's copy of a report's JSON (the same bytes) is a link, not a new file
    report = next(path for path in serial if path.startswith("reports/") and path.endswith(".json"))
    for docs in (tmp_path / "docs", tmp_path / "overlapped"):
        assert (docs / report).stat().st_ino == (docs / "hant" / report).stat().st_ino


def test_a_failed_raw_text_leaves_the_tree_as_it_was(tmp_path):
    """convert_site writes reports while the others convert; one file failing drops them all."""
    from township_reader import build
    from township_reader.synthetic import write_corpus

    paths = write_corpus(tmp_path / "seeds", 24)
    paths[3].write_bytes(b"\xff\xfe\x00broken")  # not text in any encoding the reader accepts
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.md").write_text("unchanged\n", encoding="utf-8")
    outcome, count = build.convert_site(paths, {}, tmp_path / "docs", None, build.GLOSSARY_FILE, None)
    assert len(outcome.errors) == 1 and paths[3].name in outcome.errors[0] and count == 0
    assert [p.name for p in (tmp_path / "docs").rglob("*")] == ["keep.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".docs.lock", "docs", "seeds"]  # no staging folder left


def test_a_crash_in_a_conversion_is_raised_and_no_worker_is_left(tmp_path, monkeypatch):
    """A bug (not a bad raw text) in whichever process converts a text stops the conversion with
    its message, and the forked workers are gone."""
    import multiprocessing

    from township_reader import build
    from township_reader.synthetic import write_corpus

    paths = write_corpus(tmp_path / "seeds", 24)
    real = build.convert_with_report
    parent = os.getpid()

    for crashes_in, error in (("worker", RuntimeError), ("parent", ZeroDivisionError)):
        def crashing(raw, entry, converters=None, crashes_in=crashes_in):
            if (os.getpid() == parent) == (crashes_in == "parent"):
                raise ZeroDivisionError(f"bug while converting {raw.name}")
            return real(raw, entry, converters)

        monkeypatch.setattr(build, "convert_with_report", crashing)  # the forked workers inherit it
        for cache in (None, tmp_path / crashes_in):
            with pytest.raises(error, match="bug while converting"):
                build.convert_files(paths, {}, cache)
            assert multiprocessing.active_children() == []


def test_the_incremental_sync_rewrites_exactly_what_changed(tmp_path):
    """sync_site (each process compares and writes its own pages) leaves the same tree as
    sync_tree of site_files, and rewrites the same files, after one text changes."""
    from township_reader import build
    from township_reader.synthetic import write_corpus

    paths = write_corpus(tmp_path / "seeds", 24)
    for docs in ("a", "b"):
        build.write_site(build.convert_files(paths, {}).conversions, tmp_path / docs, build.GLOSSARY_FILE, None)
    paths[5].write_text(paths[5].read_text(encoding="utf-8").replace("。", "。新加的一句话。", 1), encoding="utf-8")
    conversions = build.convert_files(paths, {}).conversions
    assert sum(len(c.texts) for c in conversions) >= build.PARALLEL_FROM  # the forked path
    files = build.site_files(conversions, build.GLOSSARY_FILE, None)
    (tmp_path / "a" / "stale.md").write_text("gone", encoding="utf-8")
    (tmp_path / "b" / "stale.md").write_text("gone", encoding="utf-8")
    synced = build.sync_site(conversions, tmp_path / "a", build.GLOSSARY_FILE, None)
    assert synced == build.sync_tree(files, tmp_path / "b")
    assert 0 < len(synced) < len(files) and "stale.md" in synced
    tree = {p.relative_to(tmp_path / "a").as_posix(): p.read_text(encoding="utf-8")
            for p in (tmp_path / "a").rglob("*") if p.is_file()}
    assert tree == files
    assert build.sync_site(conversions, tmp_path / "a", build.GLOSSARY_FILE, None) == []


def test_text_pages_prepared_before_the_parallels_equal_those_made_after(conversions):
    """While a child finds the parallel passages, the parent makes the text pages but for their
    asides (build._prepare_text_pages): with the asides put in, they are the same pages."""
    from township_reader import build
    from township_reader.enrich import set_parallels
    from township_reader.parallels import find_parallels

    convs = list(conversions.values())
    enriched = build.enrich_corpus(convs, clusters=list)  # no parallels yet
    prepared = build._prepare_text_pages(convs, enriched, until=lambda: False)
    set_parallels(enriched, find_parallels([t for c in convs for t in c.texts]))
    assert enriched.clusters  # the seeds share passages: the asides are really put in
    for ed in build.EDITIONS:
        assert build._render_text_pages(ed, convs, enriched, prepared) == build._render_text_pages(ed, convs, enriched)


# ------------------------------------------------------------------ relative links

_PATH_PART = st.sampled_from(["texts", "hant", "glossary", "kwic", "reports", "a.md", "b.json", "index.md", "t"])


@PROPERTY
@given(st.lists(_PATH_PART, min_size=1, max_size=4), st.lists(_PATH_PART, min_size=0, max_size=4))
def test_relative_links_equal_posixpath_relpath(path, start):
    import posixpath

    from township_reader.pages import _relpath

    target, folder = "/".join(path), "/".join(start)
    assert _relpath(target, folder) == posixpath.relpath(target, folder or ".")


@PROPERTY
@given(st.text(alphabet="乡镇党委书记", min_size=8, max_size=80), st.data())
def test_runs_dropped_without_a_clear_position_could_not_be_kept(chars, data):
    import itertools

    from township_reader.parallels import GRAM, MIN_DISTINCT, _clear_positions, _may_keep, distinct_run, grams

    frequent = set(data.draw(st.lists(st.sampled_from(grams(chars, GRAM)), max_size=8)))
    clear_at = _clear_positions(list(map(frequent.__contains__, grams(chars, GRAM))))
    for start, end in itertools.combinations(range(len(chars) + 1), 2):
        if end - start >= 8 and distinct_run(chars[start:end], frequent) >= MIN_DISTINCT:
            assert _may_keep(clear_at, start, end - start)


@PROPERTY
@given(st.text(alphabet="镇长**\\`_[]{}>|<&#1. -", max_size=40))
def test_markdown_escape_by_table_equals_the_regex_substitution(text):
    from township_reader.markdown import INLINE_SPECIAL, escape_markdown

    plain = INLINE_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    assert escape_markdown(text, line_start=False) == plain


@PROPERTY
@given(st.lists(st.text(alphabet="党风廉政建设委", min_size=1, max_size=5), min_size=1, max_size=12, unique=True),
       st.text(alphabet="党风廉政建设委，", max_size=60))
def test_glossary_trie_pattern_equals_longest_first_alternation(forms, text):
    from township_reader.glossary import longest_first_pattern

    plain = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    assert [m.span() for m in re.finditer(longest_first_pattern(forms), text)] == [m.span() for m in re.finditer(plain, text)]
