"""Rendering the glossary: term links in the text and the data their tooltips read, and the glossary's
pages: an index that filters as one types (term, toneless pinyin, English) and by category, a page
per category with the entries in full and their concordance, an English–Chinese index, a pinyin
index, and a concordance page for each much-used term.

The glossary was one page of 410 KB (97,000 px tall on a desktop): on a throttled phone it took
7 s to become usable. The index is small (one line an entry) and each category's page holds only
its own entries, so no page grows with the whole glossary's concordance.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.corpus import Enriched
from township_reader.enrich.glossary import CATEGORIES, RENDERING_KINDS, Entry, Rendering, toneless
from township_reader.render.markdown import escape_markdown, html_text
from township_reader.render.notes import linked_source_html
from township_reader.render.pages import (
    Edition,
    front_matter,
    html_href,
    occurrence_link,
    rel,
    text_names,
)
from township_reader.render.refs import Names, refs_html, refs_plain
from township_reader.vocabulary import HANS

GLOSSARY = "glossary/index.md"
PINYIN = "glossary/pinyin.md"
ENGLISH = "glossary/english.md"
KWIC_CONTEXT = 30  # characters each side; the page clips them to its width, on their outer sides
KWIC_PER_ENTRY = 20  # on the category page; an entry with more gets a concordance page of its own


def category_path(category: str) -> str:
    return f"glossary/{category}.md"


def entry_path(entry: Entry) -> str:
    """Where an entry is, in full: its category's page (the index has a line with the same anchor)."""
    return f"{category_path(entry.category)}#{entry.id}"


def entry_link(page: str, entry: Entry) -> str:
    return rel(page, entry_path(entry))


def _english_key(text: str) -> str:
    """How the English index sorts: case and a leading article ignored.

    >>> sorted(["the 'key few'", "Party building", "one-vote veto"], key=_english_key)
    ["the 'key few'", 'one-vote veto', 'Party building']
    """
    words = text.lower().lstrip("'\"‘“(").split(" ", 1)
    rest = words[1] if len(words) > 1 and words[0] in {"the", "a", "an"} else " ".join(words)
    return rest.lstrip("'\"‘“(")


# --------------------------------------------------------------------------- concordance


def kwic(text: str, start: int, end: int) -> tuple[str, str, str]:
    left = text[max(0, start - KWIC_CONTEXT) : start]
    right = text[end : end + KWIC_CONTEXT]
    return ("…" if start > KWIC_CONTEXT else "") + left, text[start:end], right + ("…" if end + KWIC_CONTEXT < len(text) else "")


Line = tuple[str, str, tuple[str, str, str]]  # (text id, block id, (left, term, right))
Concordance = dict[str, list[Line]]


def concordance(enriched: Enriched, ed: Edition) -> Concordance:
    """entry id -> [(text id, block id, (left, term, right))] in corpus order."""
    lines: Concordance = defaultdict(list)
    for text_id, text in enriched.texts.items():
        for block in text.blocks:
            for occ in enriched.terms.get((text_id, block.id, ed.script), []):
                lines[occ.entry].append((text_id, block.id, kwic(block.text[ed.script], occ.start, occ.end)))
    return lines


def kwic_list(lines: list[Line], enriched: Enriched, ed: Edition, page: str, title: str) -> str:
    """A concordance: each line the keyword centred, its contexts clipped on their outer sides
    (reader.css), its text's short title in full. With more than one line, controls to sort by the
    left or the right context or by text, and to show one text's lines only (reader-corpus.js; hidden
    until the script runs)."""
    ui = ed.ui
    texts: dict[str, int] = defaultdict(int)
    for text_id, _block, _ctx in lines:
        texts[text_id] += 1
    out = []
    if len(lines) > 1:
        options = "".join(f'<option value="{html_text(t)}">{html_text(enriched.texts[t].short(ed.script))}（{n}）</option>'
                          for t, n in texts.items())
        out.append(f'<div class="tr-kwic-tools" data-tr-kwic-tools hidden>'
                   f'<label>{html_text(ui("排序"))} <select data-tr-kwic-sort>'
                   f'<option value="text">{html_text(ui("按文本"))}</option>'
                   f'<option value="left">{html_text(ui("按左侧语境"))}</option>'
                   f'<option value="right">{html_text(ui("按右侧语境"))}</option></select></label> '
                   f'<label>{html_text(ui("文本"))} <select data-tr-kwic-text>'
                   f'<option value="">{html_text(ui(f"全部（{len(lines)}）"))}</option>{options}</select></label></div>')
    out.append(f'<ol class="tr-kwic" aria-label="{html_text(ui("用例：") + title)}">')
    sources: dict[str, str] = {}
    for n, (text_id, block_id, (left, term, right)) in enumerate(lines):
        if text_id not in sources:
            sources[text_id] = html_text(enriched.texts[text_id].short(ed.script))
        # data-l: the left context read outwards from the keyword, the sort key of a KWIC sort by left
        out.append(f'<li data-n="{n}" data-text="{html_text(text_id)}" data-l="{html_text(left[::-1])}" data-r="{html_text(right)}">'
                   f'<a href="{html_text(occurrence_link(page, text_id, block_id, term))}">'
                   f'<span class="tr-kwic__src">{sources[text_id]}</span>'
                   f'<span class="tr-kwic__left"><span>{html_text(left)}</span></span><mark>{html_text(term)}</mark>'
                   f'<span class="tr-kwic__right">{html_text(right)}</span></a></li>')
    out.append("</ol>\n")
    return "\n".join(out)


def concordance_path(entry_id: str) -> str:
    return f"glossary/kwic/{entry_id}.md"


def render_concordances(enriched: Enriched, ed: Edition, lines_by_entry: Concordance | None = None) -> dict[str, str]:
    """A page of its own for every entry with more uses than its category page shows
    (``lines_by_entry``: :func:`concordance`, if already made)."""
    ui = ed.ui
    pages = {}
    for entry_id, lines in (lines_by_entry if lines_by_entry is not None else concordance(enriched, ed)).items():
        if len(lines) <= KWIC_PER_ENTRY:
            continue
        entry = enriched.glossary.by_id[entry_id]
        page = concordance_path(entry_id)
        title = entry.title(ed.script)
        pages[page] = (front_matter({"title": ui("用例：") + title, "edition": ed.script, "tr_filter": True})
                       + f"# {ui('用例')}：{escape_markdown(title, False)}\n\n"
                       + f"[{ui('回到词条')}]({entry_link(page, entry)}) · " + ui(f"共 {len(lines)} 处") + "\n\n"
                       + kwic_list(lines, enriched, ed, page, title))
    return pages


# --------------------------------------------------------------------------- entries


def rendering_html(rendering: Rendering) -> str:
    """Another's English rendering, whose it is, and where to check it.

    >>> rendering_html(Rendering("the key few", "official", "中国日报网", "《每日一词》，2019年"))
    '<span lang="en">the key few</span>（中国日报网；《每日一词》，2019年）'
    """
    return (f'<span lang="en">{html_text(rendering.english)}</span>'
            f'（{html_text(rendering.by)}；{linked_source_html(rendering.source)}）')


def entry_block(entry: Entry, enriched: Enriched, ed: Edition, lines: list[Line], page: str, names: Names) -> str:
    ui = ed.ui
    title = entry.title(ed.script)
    convert = str if ed.script == HANS else to_traditional
    link: Callable[[str], str] = lambda path: html_href(rel(page, path))  # noqa: E731
    parts = [f"## {escape_markdown(title, False)} {{: #{entry.id} }}\n"]
    rows: list[tuple[str, str]] = [(ui("拼音"), f'<span lang="zh-Latn-pinyin">{html_text(entry.pinyin)}</span>'),
                                   (ui("英文"), f'<span lang="en">{html_text(entry.english)}</span>')]
    if ed.script == HANS and entry.traditional:
        rows.append((ui("繁体"), "、".join(html_text(t) for t in entry.traditional)))
    elif ed.script != HANS:
        rows.append((ui("简体"), html_text(entry.term)))
    if entry.aliases:
        aliases = entry.aliases if ed.script == HANS else [to_traditional(a) for a in entry.aliases]
        rows.append((ui("又作"), "、".join(html_text(a) for a in aliases)))
    rows.append((ui("类别"), f'<a href="{html_href(rel(page, category_path(entry.category)))}">'
                            f'{html_text(ui(CATEGORIES[entry.category]))}</a>'))
    rows.append((ui("释义"), refs_html(convert(entry.zh), names, ed.script, link)))
    for kind, label in RENDERING_KINDS.items():
        renderings = [r for r in entry.renderings if r.kind == kind]
        if renderings:
            rows.append((ui(label), "<br>".join(rendering_html(r) for r in renderings)))
    en = entry.en if ed.script == HANS else to_traditional(entry.en)  # the Chinese words it quotes
    rows.append(("English", f'<span lang="en">{refs_html(en, names, "en", link)}</span>'))
    if entry.related:
        related = []
        for term in entry.related:
            target = enriched.glossary.by_term[term]
            related.append(f'<a href="{html_href(entry_link(page, target))}">{html_text(target.title(ed.script))}</a>')
        rows.append((ui("相关"), "、".join(related)))
    rows.append((ui("出处"), "<br>".join(refs_html(s, names, ed.script, link,
                                                   lambda piece: linked_source_html(piece, convert))
                                          for s in entry.sources)))
    counts: dict[str, int] = defaultdict(int)
    for text_id, _block, _ctx in lines:
        counts[text_id] += 1
    summary = " · ".join(f"{html_text(enriched.texts[t].short(ed.script))} {n}" for t, n in counts.items())
    rows.append((ui("用例"), ui(f"{len(lines)} 处") + (f"：{summary}" if summary else "")))
    parts.append('<dl class="tr-entry">')
    parts.extend(f"<dt>{html_text(k)}</dt><dd>{v}</dd>" for k, v in rows)
    parts.append("</dl>\n")
    if lines:
        parts.append(kwic_list(lines[:KWIC_PER_ENTRY], enriched, ed, page, title))
        if len(lines) > KWIC_PER_ENTRY:
            parts.append(f"[{ui(f'全部 {len(lines)} 处用例')}]({rel(page, concordance_path(entry.id))})\n")
    return "\n".join(parts) + "\n"


def by_category(enriched: Enriched) -> dict[str, list[Entry]]:
    """The entries of each category (in CATEGORIES's order), by id."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in enriched.glossary.entries:
        groups[entry.category].append(entry)
    return {c: sorted(groups[c], key=lambda e: e.id) for c in CATEGORIES if groups.get(c)}


def render_category_pages(enriched: Enriched, ed: Edition, lines: Concordance) -> dict[str, str]:
    """A page per category: its entries in full, each with its concordance."""
    ui = ed.ui
    names = text_names(enriched)
    pages = {}
    for category, entries in by_category(enriched).items():
        page = category_path(category)
        label = ui(CATEGORIES[category])
        out = [front_matter({"title": ui("术语表：") + label, "edition": ed.script, "tr_filter": True}),
               f"# {ui('术语表')}：{label}\n",
               ui(f"本类 {len(entries)} 个词条。") + f"[{ui('全部词条与筛选')}]({rel(page, GLOSSARY)})" + " · "
               + f"[{ui('英汉索引')}]({rel(page, ENGLISH)})" + " · " + f"[{ui('拼音索引')}]({rel(page, PINYIN)})" + "\n",
               '<nav class="tr-gloss-toc" aria-label="' + html_text(ui("本类词条")) + '"><ul>'
               + "".join(f'<li><a href="#{e.id}">{html_text(e.title(ed.script))}</a></li>' for e in entries)
               + "</ul></nav>\n"]
        for entry in entries:
            out.append(entry_block(entry, enriched, ed, lines.get(entry.id, []), page, names))
        pages[page] = "\n".join(out)
    return pages


# --------------------------------------------------------------------------- the index pages


def search_key(entry: Entry, ed: Edition) -> str:
    """What the index's filter matches: every form in both scripts, the toneless pinyin (whole and by
    syllable group) and the English, lowercase.

    >>> e = Entry("yipiaofoujue", "一票否决", [], [], "yī piào fǒujué", "one-vote veto", "cadre-evaluation", "", "", [], ["x"])
    >>> search_key(e, Edition("zh-Hans", ""))
    '一票否决 一票否決 yi piao foujue one-vote veto'
    """
    forms = dict.fromkeys([*entry.forms(HANS), *entry.forms("zh-Hant")])
    words = " ".join(toneless(w) for w in entry.pinyin.replace("-", " ").split())
    english = " ".join([entry.english, *(r.english for r in entry.renderings)])
    return " ".join([*forms, words, english]).lower()


def render_glossary(enriched: Enriched, ed: Edition, lines: Concordance | None = None) -> str:
    """The glossary's index: every entry on one line (term, pinyin, English, category), a filter
    box and a category filter (reader-corpus.js; without the script the whole list shows), and the
    ways in: by category, the English–Chinese index, the pinyin index."""
    ui = ed.ui
    page = GLOSSARY
    lines = lines if lines is not None else concordance(enriched, ed)
    total = sum(len(v) for v in lines.values())
    groups = by_category(enriched)
    options = "".join(f'<option value="{c}">{html_text(ui(CATEGORIES[c]))}</option>' for c in groups)
    # a short introduction, then the filter and the list right under it: on a phone the filter and
    # the first matches are on the first screen (reader-corpus.js shows the filter); the categories
    # follow the list (the filter's select offers them too)
    form = (f'<form class="tr-gloss-filter" data-tr-gloss-filter role="search" aria-label="{html_text(ui("筛选术语"))}" hidden>'
            f'<label><span>{html_text(ui("筛选"))}</span><input type="search" data-tr-gloss-query '
            f'placeholder="{html_text(ui("词语、拼音或英文"))}" autocomplete="off" spellcheck="false"></label>'
            f'<label><span>{html_text(ui("类别"))}</span><select data-tr-gloss-category>'
            f'<option value="">{html_text(ui("全部类别"))}</option>{options}</select></label>'
            f'<p class="tr-gloss-count" role="status" aria-live="polite" data-tr-gloss-count '
            f'data-label="{html_text(ui("{n} 个词条"))}">{html_text(ui(f"{len(enriched.glossary)} 个词条"))}</p></form>')
    out = [front_matter({"title": ui("术语表"), "edition": ed.script, "tr_filter": True}), f"# {ui('术语表')}\n",
           ui(f"文本中的 {len(enriched.glossary)} 个术语、数字概括语和机构名称；正文里的 {total} 处都可以悬停、聚焦或轻点看释义。"
              "每个词条的完整释义、出处和全部用例在它的类别页上。") + "\n",
           '<p lang="en" class="tr-en">' + html_text(
               f"Glossary: {len(enriched.glossary)} terms of Chinese local governance. Filter by term, by pinyin "
               "without tones (yipiaofoujue) or by English; each entry's page gives its definition in Chinese and "
               "English, its sources and every use in the texts.") + "</p>\n",
           f"[{ui('英汉索引')}]({rel(page, ENGLISH)}) · [{ui('拼音索引')}]({rel(page, PINYIN)}) · "
           f"[{ui('类别')}](#categories)\n",
           f"## {ui('全部词条')} {{: #entries }}\n", form]
    out.append('<ul class="tr-gloss-list" data-tr-gloss-list>')
    for entry in sorted(enriched.glossary.entries, key=lambda e: e.id):
        out.append(f'<li id="{entry.id}" data-cat="{entry.category}" data-key="{html_text(search_key(entry, ed))}">'
                   f'<a href="{html_text(html_href(entry_link(page, entry)))}">{html_text(entry.title(ed.script))}</a> '
                   f'<span lang="zh-Latn-pinyin">{html_text(entry.pinyin)}</span> '
                   f'<span lang="en">{html_text(entry.english)}</span> '
                   f'<span class="tr-gloss-list__cat">{html_text(ui(CATEGORIES[entry.category]))}</span></li>')
    out.append("</ul>\n")
    out.append(f'<p class="tr-gloss-none" data-tr-gloss-none hidden>{html_text(ui("没有符合的词条。"))}</p>\n')
    out += [f"## {ui('类别')} {{: #categories }}\n",
            '<ul class="tr-gloss-cats">' + "".join(
                f'<li><a href="{html_href(rel(page, category_path(c)))}">{html_text(ui(CATEGORIES[c]))}</a> {len(es)}</li>'
                for c, es in groups.items()) + "</ul>\n"]
    return "\n".join(out)


def render_english_index(enriched: Enriched, ed: Edition) -> str:
    """English–Chinese: every English rendering (ours, and the official and specialists' renderings
    the entries cite, marked as theirs), alphabetically, each with its Chinese term."""
    ui = ed.ui
    page = ENGLISH
    rows: list[tuple[str, str, Entry]] = []
    for entry in enriched.glossary.entries:
        rows.append((entry.english, "", entry))
        for rendering in entry.renderings:
            if rendering.english.lower() != entry.english.lower():
                rows.append((rendering.english, rendering.by, entry))
    rows.sort(key=lambda r: (_english_key(r[0]), r[0], r[2].id))
    out = [front_matter({"title": ui("英汉索引"), "edition": ed.script}), f"# {ui('英汉索引')}\n",
           '<p lang="en" class="tr-en">English–Chinese index: every English rendering of a glossary term, alphabetically. '
           "Ours first; a rendering that is not ours names whose it is (an official translation, or a specialist's).</p>\n",
           ui("本站译法之外，另列词条所引的官方和专家译法，并注明出处。") + f"[{ui('回到术语表')}]({rel(page, GLOSSARY)})\n"]
    letter = ""
    for english, by, entry in rows:
        first = _english_key(english)[:1].upper()
        first = first if first.isalpha() and first.isascii() else "#"
        if first != letter:
            if letter:
                out.append("</ul>\n")
            letter = first
            anchor = f"en-{letter.lower()}" if letter != "#" else "en-other"
            out.append(f"## {letter if letter != '#' else ui('其他')} {{: #{anchor} }}\n")
            out.append('<ul class="tr-english-index">')
        whose = f'<span class="tr-english-index__by">（{html_text(by)}）</span>' if by else ""
        out.append(f'<li><span lang="en">{html_text(english)}</span>{whose} → '
                   f'<a href="{html_text(html_href(entry_link(page, entry)))}">{html_text(entry.title(ed.script))}</a> '
                   f'<span lang="zh-Latn-pinyin">{html_text(entry.pinyin)}</span></li>')
    if letter:
        out.append("</ul>\n")
    return "\n".join(out)


def render_pinyin_index(enriched: Enriched, ed: Edition) -> str:
    ui = ed.ui
    page = PINYIN
    out = [front_matter({"title": ui("拼音索引"), "edition": ed.script}), f"# {ui('拼音索引')}\n",
           ui("按拼音（不计声调）排列的全部词条。拼音按《汉语拼音正词法基本规则》（GB/T 16159—2012）分词连写，"
              "本站的做法见") + f"[{ui('凡例')}]({rel(page, 'fanli.md#pinyin')})" + ui("。") + "\n"]
    by_letter: dict[str, list[Entry]] = defaultdict(list)
    for entry in enriched.glossary.entries:
        first = entry.id[0].upper()
        by_letter[first if first.isalpha() else "#"].append(entry)
    for letter in sorted(by_letter):
        out.append(f"## {letter} {{: #letter-{letter.lower() if letter != '#' else 'digits'} }}\n")
        for entry in sorted(by_letter[letter], key=lambda e: e.id):
            out.append(f"- [{escape_markdown(entry.title(ed.script), False)}]({entry_link(page, entry)}) "
                       f"<span lang=\"zh-Latn-pinyin\">{html_text(entry.pinyin)}</span> — "
                       f"<span lang=\"en\">{html_text(entry.english)}</span>")
        out.append("")
    return "\n".join(out)


def glossary_files(enriched: Enriched, ed: Edition) -> dict[str, str]:
    """Every page of the glossary, by docs path."""
    lines = concordance(enriched, ed)
    files = {GLOSSARY: render_glossary(enriched, ed, lines), PINYIN: render_pinyin_index(enriched, ed),
             ENGLISH: render_english_index(enriched, ed)}
    files.update(render_category_pages(enriched, ed, lines))
    files.update(render_concordances(enriched, ed, lines))
    return files


def page_tooltips(enriched: Enriched, entry_ids: set[str], ed: Edition) -> str:
    """What the tooltips on one page show, for the entries used on that page only.

    A JSON data block (never executed) that ``reader.js`` reads. Per page rather than one file
    for the whole glossary, so a page's weight grows with the terms it uses, not with the glossary.
    """
    if not entry_ids:
        return ""
    names = text_names(enriched)
    data = {entry.id: [entry.title(ed.script), entry.pinyin, entry.english,
                       refs_plain(entry.short_definition(ed.script), names, ed.script)]
            + [f"{r.english} ({r.by})" for r in entry.official()[:1]]
            for entry in enriched.glossary.entries if entry.id in entry_ids}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # No "<", ">" or "&" inside the block, so it can never close its <script> or read as markup.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="tr-glossary-data">{payload}</script>\n'


def glossary_link_of(enriched: Enriched, page: str) -> Callable[[str], str]:
    """entry id -> its address from ``page`` (the term links of a text page)."""
    cache: dict[str, str] = {}

    def link(entry_id: str) -> str:
        if entry_id not in cache:
            cache[entry_id] = entry_link(page, enriched.glossary.by_id[entry_id])
        return cache[entry_id]

    return link


