"""What the enrich stage adds to a block's text: spans of it to mark up (a glossary term, an
annotated quote), each found in the block's plain text. The render stage turns them into markup."""

from __future__ import annotations

from typing import NamedTuple

_NO_DATA: dict[str, str] = {}


class Span(NamedTuple):
    """Markup around ``text[start:end]``: a glossary term or an annotated quote (a named tuple:
    a large corpus has one per term occurrence, tens of thousands). Order: :func:`span_order`."""

    start: int
    end: int
    kind: str  # "term" | "note"
    key: str = ""  # term id / note id
    data: dict[str, str] = _NO_DATA  # read, never changed


def span_order(span: Span) -> tuple[int, int, str, str]:
    """Spans in reading order (``data`` does not take part)."""
    return span.start, span.end, span.kind, span.key
