"""Notes and sources as HTML: an editor's note, its marker in the text, the list of notes at the
end of a text, and a source line with its links named after their publishers.

Notes come from strangers' pull requests, so a note's Markdown is rendered with raw HTML
switched off and the result is sanitised (``nh3``): tags outside a small allowlist,
``javascript:`` links and event-handler attributes cannot reach the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import markdown as markdown_lib
import nh3

from township_reader.editions.conversion import to_traditional
from township_reader.enrich.annotations import KINDS, Annotation
from township_reader.enrich.publishers import WEB_ADDRESS, Publishers, default_publishers, host_of
from township_reader.enrich.spans import Span
from township_reader.render.markdown import html_text
from township_reader.render.refs import Names, refs_html, refs_markdown
from township_reader.vocabulary import HANS

# The project's own editors sign notes so in the data; a page names them in its own language
PROJECT_EDITORS = "Township Reader editors"
PROJECT_EDITORS_ZH = "本站编者"

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "q", "cite", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_note(source: str) -> str:
    """A note's Markdown as safe HTML: raw HTML is shown as text, dangerous links are dropped.

    >>> render_note("见《准则》。<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org)")
    '<p>见《准则》。&lt;script&gt;alert(1)&lt;/script&gt; <a rel="noopener noreferrer nofollow">x</a> <a href="https://example.org" rel="noopener noreferrer nofollow">ok</a></p>'
    """
    md = markdown_lib.Markdown(extensions=[])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    html = md.convert(source)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def note_html(annotation: Annotation, script: str, names: Names | None = None,
              link: Callable[[str], str] | None = None) -> str:
    """An annotation's note as safe HTML, in the edition's script; a text it names (``[[id]]``) is
    its short title, linked (``link``: a text's address from its docs path)."""
    note = annotation.note if script == HANS else to_traditional(annotation.note)
    if names is not None:
        note = refs_markdown(note, names, script, link or (lambda path: path))
    return render_note(note)


def author_name(author: str, ui: Callable[[str], str]) -> str:
    """Who wrote a note, as the edition names them: the project's editors in Chinese.

    >>> author_name("Township Reader editors", str), author_name("张三", str)
    ('本站编者', '张三')
    """
    return ui(PROJECT_EDITORS_ZH) if author.strip() == PROJECT_EDITORS else author


def note_wrapper(ed: Any):
    """How an annotated quote appears in the text: highlighted, with a numbered marker."""

    def wrap(span: Span, inner: str) -> str:
        number = span.data.get("number", "")
        label = ed.ui(f"注释 {number}")
        # U+2060 WORD JOINER: no line break between the quote and its marker (Chinese text may
        # break before any character, digits included)
        return (f'<span class="tr-anno" data-note="{span.key}">{inner}</span>'
                f'<sup class="tr-note-ref" id="ref-{span.key}">\u2060<a href="#{span.key}" aria-label="{html_text(label)}" '
                f'data-note="{span.key}">{number}</a></sup>')

    return wrap


def linked_source_html(source: str, convert: Callable[[str], str] = str, publishers: Publishers | None = None,
                link_class: str = "tr-source__link") -> str:
    """A source line as HTML: its text escaped (``convert`` gives the edition's script), each web
    address a link that shows the publisher's name; the address itself is never converted.

    >>> from township_reader.enrich.publishers import Publisher
    >>> p = Publishers([Publisher("www.gov.cn", "中国政府网", "gazette-database")])
    >>> linked_source_html("国务院《通知》（国发〔2008〕37号），https://www.gov.cn/a.htm?b=1&c=2", publishers=p)
    '国务院《通知》（国发〔2008〕37号），<a class="tr-source__link" href="https://www.gov.cn/a.htm?b=1&amp;c=2" title="www.gov.cn" rel="noopener">中国政府网</a>'
    """
    publishers = publishers if publishers is not None else default_publishers()
    out, pos = [], 0
    for m in WEB_ADDRESS.finditer(source):
        out.append(html_text(convert(source[pos:m.start()])))
        address = m.group(0)
        publisher = publishers.publisher_of(address)
        label = convert(publisher.name) if publisher else host_of(address) or address
        out.append(f'<a class="{link_class}" href="{html_text(address)}" title="{html_text(host_of(address))}" '
                   f'rel="noopener">{html_text(label)}</a>')
        pos = m.end()
    out.append(html_text(convert(source[pos:])))
    return "".join(out)


def source_html(source: str, script: str = HANS) -> str:
    """A source line as HTML: the text escaped (and converted for the Traditional
    edition), every http(s) address a link, never converted, that shows its publisher's name.

    >>> source_html("新华社2015年8月15日电，http://www.news.cn/a?b=1&c=2")
    '新华社2015年8月15日电，<a class="tr-note__link" href="http://www.news.cn/a?b=1&amp;c=2" title="www.news.cn" rel="noopener">新华网</a>'
    """
    convert = str if script == HANS else to_traditional
    return linked_source_html(source, convert, link_class="tr-note__link")


def notes_section(annotations: list[Annotation], page: str, ed: Any, names: Names | None = None) -> str:
    """All notes at the end of a text, each linking back to its marker. The quoted words are shown
    as the text marks them (highlighted), not in added quotation marks: a quote that has its own
    (“民贫我愧，民苦我辱”) was shown doubled."""
    if not annotations:
        return ""
    ui = ed.ui
    names = names or {}
    folder = page.rpartition("/")[0]

    def link(path: str) -> str:  # a text's page from this page (raw HTML: the built .html)
        target = path[len(folder) + 1 :] if path.startswith(folder + "/") else path
        return target[:-3] + ".html" if target.endswith(".md") else target

    convert = str if ed.script == HANS else to_traditional

    def linked(piece: str) -> str:  # a source's words around the texts it names
        return linked_source_html(piece, convert, link_class="tr-note__link")

    items = []
    for a in annotations:
        kind = html_text(ui(KINDS[a.kind]))
        quote = a.quote_in(ed.script)
        sources = "".join(f"<li>{refs_html(s, names, ed.script, link, linked)}</li>" for s in a.sources)
        items.append(
            f'<li id="{a.id}" class="tr-note tr-note--{a.kind}">'
            f'<p class="tr-note__head"><a class="tr-note__back" href="#ref-{a.id}" aria-label="{html_text(ui("回到正文"))}">↩</a> '
            f'<span class="tr-note__kind">{kind}</span> <span class="tr-note__quote">{html_text(quote)}</span></p>'
            f'<div class="tr-note__body">{note_html(a, ed.script, names, link)}</div>'
            f'<p class="tr-note__meta">{html_text(ui("作者"))}：{html_text(author_name(a.author, ui))}</p>'
            + (f'<ul class="tr-note__sources" aria-label="{html_text(ui("出处"))}">{sources}</ul>' if sources else "")
            + "</li>"
        )
    return f"## {ui('注释')} {{: #notes }}\n\n<ol class=\"tr-notes\">\n" + "\n".join(items) + "\n</ol>\n"
