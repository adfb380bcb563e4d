"""Citations for reference managers: CSL-JSON, RIS and BibTeX (biblatex), written from the one
citation the site shows (:func:`township_reader.render.citation.csl_item`: the same title, source,
edition, release and address as the cite dialog's GB/T 7714 and Chicago).

The CSL-JSON item is the citation data itself; RIS and BibTeX say the same in their fields:

================  =====================  ==============================  =====================
CSL-JSON          RIS                    BibTeX (biblatex ``@online``)   what it holds
================  =====================  ==============================  =====================
``type`` webpage  ``TY  - ELEC``         ``@online``                     a web resource
title             ``TI``                 ``title``                       the text's title
container-title   ``T2``                 ``organization``                乡镇文献注读
edition           ``ET``                 ``edition``                     简体版 / 繁體版
version           ``N1`` (版本 …)        ``version``                     the release
issued            ``DA``, ``PY``         ``date``                        the release's day
original-*        ``OP`` (site, date)    ``origdate``, ``note``          where it was uploaded
locator           ``SE``                 ``titleaddon``                  §n (a paragraph)
URL               ``UR``                 ``url``                         the hosted page (#anchor)
accessed          ``Y2``                 ``urldate``                     the reader's day
language          ``LA``                 (none: see below)               zh-Hans / zh-Hant
================  =====================  ==============================  =====================

No author: the texts are unsigned (CSL-JSON, RIS and BibTeX all leave it out; a style then begins
with the title, as Chicago does for an anonymous work). BibTeX is written for biblatex (``@online``,
``date``, ``urldate``, UTF-8 as biber reads it); classic BibTeX styles read ``@online`` as
``@misc``. It names no language: biblatex's ``langid`` takes a babel or polyglossia language
name, and no name of the two scripts works in both (the script shows in ``edition``).
tests/test_references.py reads each back (rispy, bibtexparser) and formats all three
with a CSL processor (citeproc-py), which must give the same citation.
"""

from __future__ import annotations

import json
import re
from typing import Any

BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
# Characters LaTeX cannot take after a backslash (\~ and \^ are accents): written as its commands.
LATEX_WORDS = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _date(value: dict[str, Any] | None) -> str | None:
    """A CSL date as YYYY-MM-DD (its ``raw`` string as it is)."""
    if not value:
        return None
    if "raw" in value:
        return str(value["raw"])
    parts = value["date-parts"][0]
    return "-".join(f"{int(p):02d}" if n else str(int(p)) for n, p in enumerate(parts))


def csl_json(items: list[dict[str, Any]]) -> str:
    """CSL-JSON: a list of items (what Zotero, Mendeley and pandoc read), an item a line.

    >>> print(csl_json([{"id": "a", "title": "题"}, {"id": "b"}]), end="")
    [
    {"id": "a", "title": "题"},
    {"id": "b"}
    ]
    """
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


def ris(item: dict[str, Any]) -> str:
    """One item as an RIS record (tags in the order of the RIS specification's examples; CRLF is
    not required, and every reader checked takes LF).

    >>> record = ris({"type": "webpage", "title": "题", "container-title": "乡镇文献注读", "edition": "简体版",
    ...            "version": "2026-12-07 (7f1cdb5)", "issued": {"date-parts": [[2026, 12, 7]]},
    ...            "original-publisher": "天天文库", "original-date": {"date-parts": [[2019, 8, 26]]},
    ...            "URL": "https://e.org/texts/t.html", "language": "zh-Hans"})
    >>> print(record.removesuffix("ER  - \\n"), end="")
    TY  - ELEC
    TI  - 题
    T2  - 乡镇文献注读
    ET  - 简体版
    PY  - 2026
    DA  - 2026/12/07/
    OP  - 天天文库, 2019-08-26
    UR  - https://e.org/texts/t.html
    LA  - zh-Hans
    N1  - 版本 2026-12-07 (7f1cdb5)
    >>> record.endswith("\\nER  - \\n")  # the end of the record: the tag, two spaces, a hyphen, a space
    True
    """
    lines = [("TY", "ELEC"), ("TI", item["title"])]
    if item.get("container-title"):
        lines.append(("T2", item["container-title"]))
    if item.get("edition"):
        lines.append(("ET", item["edition"]))
    issued = _date(item.get("issued"))
    if issued:
        lines += [("PY", issued[:4]), ("DA", issued.replace("-", "/") + "/")]
    original = ", ".join(x for x in (item.get("original-publisher"), _date(item.get("original-date"))) if x)
    if original:
        lines.append(("OP", original))
    if item.get("locator"):
        lines.append(("SE", item["locator"]))
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    accessed = _date(item.get("accessed"))
    if accessed:
        lines.append(("Y2", accessed))
    if item.get("language"):
        lines.append(("LA", item["language"]))
    if item.get("version"):
        lines.append(("N1", f"版本 {item['version']}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def _bib(value: str) -> str:
    """A value in braces, its special characters escaped (a title with a % or a } stays whole)."""
    return "{" + BIBTEX_SPECIAL.sub(lambda m: LATEX_WORDS.get(m.group(1), "\\" + m.group(1)), _one_line(value)) + "}"


def bibtex(item: dict[str, Any], key: str) -> str:
    r"""One item as a biblatex ``@online`` entry with citation key ``key``.

    >>> print(bibtex({"type": "webpage", "title": "题 100%", "container-title": "乡镇文献注读", "edition": "简体版",
    ...               "version": "2026-12-07 (7f1cdb5)", "issued": {"date-parts": [[2026, 12, 7]]},
    ...               "URL": "https://e.org/t.html#p-镇长", "language": "zh-Hans"}, "t-hans"), end="")
    @online{t-hans,
      title = {题 100\%},
      organization = {乡镇文献注读},
      edition = {简体版},
      version = {2026-12-07 (7f1cdb5)},
      date = {2026-12-07},
      url = {https://e.org/t.html#p-镇长},
    }
    """
    fields = [("title", item["title"])]
    if item.get("locator"):
        fields.append(("titleaddon", item["locator"]))
    for name, csl in (("organization", "container-title"), ("edition", "edition"), ("version", "version")):
        if item.get(csl):
            fields.append((name, item[csl]))
    if issued := _date(item.get("issued")):
        fields.append(("date", issued))
    if original := _date(item.get("original-date")):
        fields.append(("origdate", original))
    if item.get("original-publisher"):
        uploaded = "原載" if item.get("language") == "zh-Hant" else "原载"  # in the edition's script
        fields.append(("note", f"{uploaded}{item['original-publisher']}" + (f"，{original}" if original else "")))
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    if accessed := _date(item.get("accessed")):
        fields.append(("urldate", accessed))
    body = "".join(f"  {name} = {_bib(value) if name != 'url' else '{' + _one_line(value) + '}'},\n"
                   for name, value in fields)
    return f"@online{{{key},\n{body}}}\n"


def citation_key(text_id: str, script: str, paragraph: str | None = None) -> str:
    """A citation key: the text id, the edition, and the paragraph's number if one is cited.

    >>> citation_key("zhenzhang", "zh-Hant", "12")
    'zhenzhang-hant-p12'
    """
    return f"{text_id}-{script.removeprefix('zh-').lower()}" + (f"-p{paragraph}" if paragraph else "")


# What the cite dialog offers besides GB/T 7714 and Chicago: a paragraph's citation in each format
# (the paragraph's number, anchor and the access date left as render/citation.TOKENS for the page).
FORMATS = (("csl-json", "CSL-JSON"), ("ris", "RIS"), ("bibtex", "BibTeX"))


def dialog_styles(item: dict[str, Any], key: str) -> list[dict[str, str]]:
    """The cite dialog's entries for one citation: each format's name and text (CSL-JSON on one line,
    RIS and BibTeX a field a line, as the files have them). The CSL-JSON item's ``id`` is the
    citation key, as in the files."""
    item = {**item, "id": key}
    texts = {"csl-json": json.dumps([item], ensure_ascii=False), "ris": ris(item), "bibtex": bibtex(item, key)}
    return [{"id": style, "name": name, "text": texts[style]} for style, name in FORMATS]


def reference_files(items: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """Every text's citation in the three formats, ``exports/<id>.csl.json``, ``.ris`` and ``.bib``,
    and the corpus's (``exports/citations.*``), from ``(text id, CSL-JSON item)`` pairs of one
    edition, in the corpus's order.

    >>> item = {"type": "webpage", "title": "题", "language": "zh-Hans", "URL": "https://e.org/t.html"}
    >>> sorted(reference_files([("t", item)]))
    ['exports/citations.bib', 'exports/citations.csl.json', 'exports/citations.ris', 'exports/t.bib', 'exports/t.csl.json', 'exports/t.ris']
    """
    # the CSL-JSON id is the BibTeX key (pandoc cites an item by its id: [@zhenzhang-hans])
    items = [(text_id, {**item, "id": citation_key(text_id, item.get("language", ""))}) for text_id, item in items]
    files: dict[str, str] = {}
    for text_id, item in items:
        files[f"exports/{text_id}.csl.json"] = csl_json([item])
        files[f"exports/{text_id}.ris"] = ris(item)
        files[f"exports/{text_id}.bib"] = bibtex(item, citation_key(text_id, item.get("language", "")))
    files["exports/citations.csl.json"] = csl_json([item for _, item in items])
    files["exports/citations.ris"] = "\n".join(ris(item) for _, item in items)
    files["exports/citations.bib"] = "\n".join(bibtex(item, citation_key(text_id, item.get("language", "")))
                                               for text_id, item in items)
    return files
