"""Writing source text into Markdown so that Markdown reads it literally.

The seeds are full of characters Markdown would take as markup: anonymisation
placeholders (``**镇``, ``***市``) would become emphasis or a rule, a paragraph that
starts ``1.`` a list, ``(一)`` is harmless but ``[`` or ``<`` are not.  Every piece of
source text passes through :func:`escape_markdown`; inline spans (glossary terms,
annotation markers) are rendered by :func:`render_inline` around escaped text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from township_reader.enrich.spans import Span, span_order

# Characters that are markup anywhere in a line, all in Python-Markdown's escapable set
# (tables adds "|"); "<" and "&" become entities instead, as a backslash would stay visible.
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}>|])")
_BACKSLASHED = str.maketrans({char: "\\" + char for char in "\\`*_[]{}>|"})
# Markers that are markup at the start of a line: headings, quotes, list items, numbered lists.
LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+\-]|\d+(?=[.)]))")


def escape_markdown(text: str, line_start: bool = True) -> str:
    r"""Escape ``text`` so Markdown shows it as written.

    >>> escape_markdown("**镇是全省经济十强镇，***市**镇")
    '\\*\\*镇是全省经济十强镇，\\*\\*\\*市\\*\\*镇'
    >>> escape_markdown("1.从乡镇地位和作用现状来看。")
    '1\\.从乡镇地位和作用现状来看。'
    >>> escape_markdown("A&B <b>")
    'A&amp;B &lt;b\\>'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    if INLINE_SPECIAL.search(text):  # most text has none; a template substitution is slow per match
        text = text.translate(_BACKSLASHED)
    if line_start:
        match = LINE_START_SPECIAL.match(text)
        if match:
            lead, marker = match.group(1), match.group(2)
            if marker.isdigit():
                text = lead + marker + "\\" + text[len(lead) + len(marker) :]
            else:
                text = lead + "\\" + text[len(lead) :]
    return text


def attr_list(block_id: str, classes: Sequence[str] = (), number: str | None = None) -> str:
    """An attr_list block: ``{: #id .class data-n="12" }`` (``number``: a paragraph's number, §12,
    which the page shows beside it: digits and letters only).

    >>> attr_list("p-乡镇", number="12a")
    '{: #p-乡镇 data-n="12a" }'
    """
    parts = [f"#{block_id}"] + [f".{c}" for c in classes]
    if number:
        if not number.isalnum():
            raise ValueError(f"a paragraph number is digits and letters, not {number!r}")
        parts.append(f'data-n="{number}"')
    return "{: " + " ".join(parts) + " }"


Wrapper = Callable[[Span, str], str]


def render_inline(text: str, spans: Sequence[Span], wrap: dict[str, Wrapper]) -> str:
    r"""Escape ``text`` and wrap each span with ``wrap[span.kind](span, inner_markdown)``.

    Note spans may contain term spans; a term that crosses a note's edge splits the note's
    highlight (a term must always stay whole, a highlight need not).

    >>> spans = [Span(1, 5, "term", "yipiaofoujue")]
    >>> render_inline("要一票否决*。", spans, {"term": lambda s, inner: f"[{inner}](g.md#{s.key})"})
    '要[一票否决](g.md#yipiaofoujue)\\*。'
    """
    terms = sorted((s for s in spans if s.kind == "term"), key=span_order)
    outer = sorted((s for s in spans if s.kind != "term"), key=span_order)
    pieces: list[tuple[int, int, Span | None]] = []  # outer spans cut so no term is split
    for span in outer:
        start = span.start
        for term in terms:
            if term.start < span.end and term.end > span.start and not (span.start <= term.start and term.end <= span.end):
                # the term crosses an edge: end or start the highlight at the term's edge
                if term.start < span.start:
                    start = term.end
        end = span.end
        for term in terms:
            if term.start < end < term.end:
                end = term.start
        if start < end:
            pieces.append((start, end, span))

    def render_range(a: int, b: int, inner_terms: list[Span]) -> str:
        out, pos = [], a
        for term in inner_terms:
            if term.start < pos or term.end > b:
                continue
            out.append(escape_markdown(text[pos : term.start], line_start=pos == 0))
            out.append(wrap["term"](term, escape_markdown(text[term.start : term.end], line_start=False)))
            pos = term.end
        out.append(escape_markdown(text[pos:b], line_start=pos == 0))
        return "".join(out)

    result, pos = [], 0
    for start, end, span in sorted(pieces, key=lambda p: p[0]):
        if start < pos:
            continue
        result.append(render_range(pos, start, terms))
        result.append(wrap[span.kind](span, render_range(start, end, terms)))
        pos = end
    result.append(render_range(pos, len(text), terms))
    return "".join(result)


_HTML_SPECIAL = re.compile("[&<>\"']")


def html_text(text: str) -> str:
    """Text for raw HTML blocks (attribute-safe): :func:`html.escape` with ``quote=True``.

    Most text has nothing to escape; one regex search says so faster than five replacements.

    >>> html_text("乡镇"), html_text("O'Neil & <b>")
    ('乡镇', 'O&#x27;Neil &amp; &lt;b&gt;')
    """
    return html.escape(text, quote=True) if _HTML_SPECIAL.search(text) else text
