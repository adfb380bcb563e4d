"""Showing references to the corpus's texts (``[[id]]``, :mod:`township_reader.enrich.refs`).

A reference becomes the text's short title in the edition's script, in 《》 (in English text,
the English short title in quotation marks); where the context is a page, a link to the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from township_reader.enrich.refs import TEXT_REF
from township_reader.render.markdown import html_text
from township_reader.vocabulary import HANS


@dataclass(frozen=True)
class TextName:
    """How the site names a text: its short title by script and in English, and its page."""

    short: dict[str, str]  # zh-Hans, zh-Hant, en
    path: str  # texts/<id>.md


Names = dict[str, TextName]


def _title(names: Names, text_id: str, lang: str) -> str:
    name = names.get(text_id)
    if name is None:  # a text this corpus lacks (a warning: enrich.refs.check_refs), or --out without a catalogue
        return text_id
    shown = name.short.get(lang) or name.short.get(HANS) or text_id
    return f"“{shown}”" if lang == "en" else f"《{shown}》"


def refs_plain(text: str, names: Names, lang: str = HANS) -> str:
    """References as plain text (a tooltip, an export).

    >>> names = {"jianghua": TextName({"zh-Hans": "座谈会讲话", "zh-Hant": "座談會講話", "en": "Speech to the Forum"}, "texts/jianghua.md")}
    >>> refs_plain("[[jianghua]]也用了这句话", names), refs_plain("[[jianghua]] uses it", names, "en")
    ('《座谈会讲话》也用了这句话', '“Speech to the Forum” uses it')
    """
    return TEXT_REF.sub(lambda m: _title(names, m.group(1), lang), text)


def refs_markdown(text: str, names: Names, lang: str, link: Callable[[str], str]) -> str:
    """References as Markdown links (a note's Markdown); ``link`` gives a text's address from its
    page's docs path."""

    def one(m: re.Match[str]) -> str:
        name = names.get(m.group(1))
        title = _title(names, m.group(1), lang)
        return f"[{title}]({link(name.path)})" if name else title

    return TEXT_REF.sub(one, text)


def refs_html(text: str, names: Names, lang: str, link: Callable[[str], str] | None = None,
              escape: Callable[[str], str] = html_text) -> str:
    """``text`` as HTML: escaped (with ``escape``), each reference a link to its text (or its title
    alone, without ``link``).

    >>> names = {"jianghua": TextName({"zh-Hans": "座谈会讲话"}, "texts/jianghua.md")}
    >>> refs_html("见[[jianghua]] & 别处", names, "zh-Hans", lambda p: "../" + p.replace(".md", ".html"))
    '见<a href="../texts/jianghua.html">《座谈会讲话》</a> &amp; 别处'
    """
    out, pos = [], 0
    for m in TEXT_REF.finditer(text):
        out.append(escape(text[pos : m.start()]))
        name = names.get(m.group(1))
        title = html_text(_title(names, m.group(1), lang))
        out.append(f'<a href="{html_text(link(name.path))}">{title}</a>' if name and link else title)
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)
