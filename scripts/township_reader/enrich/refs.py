"""References to the corpus's texts in editorial data: ``[[jianghua]]``.

Notes, glossary definitions and sources name a text of the corpus by its id in double square
brackets; the site shows the text's short title from the catalogue (《座谈会讲话》, in the
edition's script; in English text its English short title), linked to the text where the
context is a page. So a text is named one way everywhere, and renaming it is one line of
``seeds/catalog.yml``. File numbers (000文, 001第三篇, 002讲话, "Essay 001") are refused:
readers know texts by title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from township_reader.datafile import DataError, Problems

# [[jianghua]], [[shuji-xinshiqi]]
TEXT_REF = re.compile(r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)\]\]")
# How the editorial data once named texts, by the raw file's number: 000文, 001第三篇, 002讲话,
# 003《…》, 本语料：000、001第三篇, （001）, "Essay 001", "text 000".
FILE_NUMBER_NAME = re.compile(
    r"(?<![0-9A-Za-z])00[0-9](?=文|第[一二三四五六七八九十]篇|讲话|講話|《|、|天天文库|）|\))"
    r"|（00[0-9]）|\b(?:[Ee]ssay|[Tt]exts?) 00[0-9]\b|\b00[0-9]–00[0-9]\b")


def text_refs(value: str) -> Iterator[str]:
    """The text ids ``value`` refers to.

    >>> list(text_refs("[[zhenzhang]]和[[shuji-xinshiqi]]也用了这一提法"))
    ['zhenzhang', 'shuji-xinshiqi']
    """
    return (m.group(1) for m in TEXT_REF.finditer(value))


def file_number_names(value: str) -> list[str]:
    """Names of texts by file number, which readers cannot resolve.

    >>> file_number_names("002讲话也用了这句话；000《浅谈如何当好镇长》；Essay 001 applies it；本语料：001第三篇")
    ['002', '000', 'Essay 001', '001']
    >>> file_number_names("2004年起；第3页；[[jianghua]]；GB/T 7714")
    []
    """
    return [m.group(0) for m in FILE_NUMBER_NAME.finditer(value)]


def check_refs(fields: Iterable[tuple[str, int | None, str]], known: set[str]) -> list[str]:
    """No value in ``fields`` (path, line, value) names a text by its file number (every such problem
    is reported, one line each, and fails). A reference to a text this corpus does not hold is a
    warning, returned: a glossary may serve a corpus that lacks some of the texts it cites (the
    reference then shows its id); in the project's corpus it means a typo."""
    problems = Problems()
    warnings = []
    for path, line, value in fields:
        with problems.collect():
            for name in file_number_names(value):
                raise DataError(path, line, f"“{name}” names a text by its file number — write [[<text id>]] "
                                            "(seeds/catalog.yml lists the ids), which shows the text's short title")
        for text_id in text_refs(value):
            if text_id not in known:
                warnings.append(f"{path}:{line}: [[{text_id}]] is not a text of this corpus — ids: "
                                f"{', '.join(sorted(known)[:14])}{', …' if len(known) > 14 else ''}")
    problems.raise_any()
    return list(dict.fromkeys(warnings))


def check_evidence(texts: Iterable, notes: dict[str, list]) -> list[str]:
    """Every piece of evidence the catalogue gives for an inference is an anchor of the text's page:
    one of its notes (note-…) or of its blocks (p-…, a heading's id). One that is not is a warning,
    returned (the inference is shown without that link): notes are a folder of their own, and a
    corpus may be converted with other notes, or none (``annotations=None``)."""
    warnings = []
    for text in texts:
        anchors = {b.id for b in text.blocks} | {n.id for n in notes.get(text.id, [])}
        note_ids = [n.id for n in notes.get(text.id, [])]
        for key, inference in text.inferences.items():
            for anchor in inference.evidence:
                if anchor not in anchors:
                    warnings.append(f"{inference.path}:{inference.line}: {key} of '{text.id}': evidence '{anchor}' is "
                                    f"neither a note nor a paragraph of the text — its notes: "
                                    f"{', '.join(note_ids[:8]) or 'none'}{', …' if len(note_ids) > 8 else ''} "
                                    "(a paragraph's id is in its ¶ link)")
    return warnings


def editorial_fields(glossary, notes: dict[str, list]) -> Iterator[tuple[str, int | None, str]]:
    """Every piece of editorial text that may name a text: (file, line, value)."""
    for entry in glossary.entries:
        for value in (entry.zh, entry.en, *entry.sources, *(r.source for r in entry.renderings)):
            yield glossary.path, entry.line, value
    for text_notes in notes.values():
        for a in text_notes:
            for value in (a.note, *a.sources):
                yield a.path, a.line, value
