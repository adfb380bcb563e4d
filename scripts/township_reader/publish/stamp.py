"""What a build adds to the exports it publishes: its release, (with a site URL) absolute
addresses in the Web Annotations, and every text's citation for reference managers.

``docs/`` holds the exports as the conversion makes them: a commit holds ``docs/``, so nothing in
it can name the commit. The release a build publishes (the commit's date and short hash,
:mod:`township_reader.publish.release`) is known only when the site is built; the MkDocs hook
(``publish/hooks.py``) then stamps the copies in ``site/`` of each edition, as it writes the
release in every page's footer and in the citations:

- a text's JSON export (``exports/<id>.json``): ``"release": {"date", "commit", "label"}``;
- its TEI: ``<date type="release">`` in the ``publicationStmt`` and in the ``edition``, and the
  day on the change record's generation entry (``<change type="generation">``);
- the Web Annotation collections (``*.annotations.jsonld``): ``generated`` (the release's day)
  and ``generator`` (this edition, with the release); with a site URL, every ``id`` and
  ``source`` absolute (the hosted page of each edition), as the Web Annotation model prefers.

It also writes each text's citation, the one the cite dialog shows (render/citation.csl_item), as
CSL-JSON, RIS and BibTeX (``exports/<id>.csl.json``, ``.ris``, ``.bib``, and the corpus's
``exports/citations.*``: render/references.py); the cite dialog offers the same three for a
paragraph (:func:`paragraph_formats`).

Two builds of one commit stamp the same bytes. The plain-text export stays the text alone.
A file that is not what the conversion writes (no ``<publisher>`` in a TEI, say) is an error
naming it: stamping never guesses.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from township_reader.render.citation import TOKENS, CitedWork, cited_work, csl_item
from township_reader.render.exports import dump_json, dump_json_ld
from township_reader.render.references import citation_key, dialog_styles, reference_files

RELEASE_WORD = "版本"  # as the TEI's edition statement names the release (the same in both scripts)


# How the Web Annotations' generator names each edition (MkDocs's extra.edition: hans, hant).
EDITION_NAMES = {"hans": "乡镇文献注读 简体版", "hant": "鄉鎮文獻注讀 繁體版"}


class StampError(ValueError):
    """An export is not as the conversion writes it: the message names the file."""


def _release(release: dict[str, Any]) -> dict[str, str]:
    return {"date": str(release["date"]), "commit": str(release.get("commit") or ""), "label": str(release["label"])}


def stamp_text_json(content: str, release: dict[str, Any]) -> str:
    """A text's JSON export with its release, after ``report`` (the schema's ``release``).

    >>> print(stamp_text_json('{\\n "schema": 1,\\n "report": "r.json",\\n "blocks": []\\n}\\n',
    ...                       {"date": "2026-12-07", "commit": "7f1cdb5", "label": "2026-12-07 (7f1cdb5)"}), end="")
    {
     "schema": 1,
     "report": "r.json",
     "release": {"date": "2026-12-07", "commit": "7f1cdb5", "label": "2026-12-07 (7f1cdb5)"},
     "blocks": []
    }
    """
    data = json.loads(content)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key != "release":
            out[key] = value
        if key == "report":
            out["release"] = _release(release)
    return dump_json(out)


_PUBLISHER = re.compile(r"^( *)<publisher>[^<]*</publisher>\n", re.M)
_EDITION = re.compile(r"<edition>([^<]*)</edition>")
_GENERATION = re.compile(r'<change who="#tr" type="generation">')


def stamp_tei(content: str, release: dict[str, Any], name: str = "TEI") -> str:
    """A TEI export with its release in the publication statement, the edition statement and the
    change record's generation entry.

    >>> tei = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="zh-Hant"><edition>繁體版：轉換本</edition>\\n'
    ...        '  <publisher>P</publisher>\\n<change who="#tr" type="generation">g</change></TEI>')
    >>> release = {"date": "2026-12-07", "commit": "7f1cdb5", "label": "2026-12-07 (7f1cdb5)"}
    >>> print(stamp_tei(tei, release))
    <TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="zh-Hant"><edition>繁體版：轉換本，版本 <date type="release" when="2026-12-07">2026-12-07 (7f1cdb5)</date></edition>
      <publisher>P</publisher>
      <date type="release" when="2026-12-07">2026-12-07 (7f1cdb5)</date>
    <change who="#tr" type="generation" when="2026-12-07">g</change></TEI>
    >>> stamp_tei(stamp_tei(tei, release), release) == stamp_tei(tei, release)
    True
    """
    r = _release(release)
    content = _unstamp_tei(content)  # a build that did not copy the file again (mkdocs --dirty)
    if not (_PUBLISHER.search(content) and _EDITION.search(content) and _GENERATION.search(content)):
        raise StampError(f"{name}: not a TEI file as township-reader convert writes it (publisher, edition, "
                         "generation entry) — rerun `township-reader convert`")
    date = f'<date type="release" when="{_xml(r["date"])}">{_xml(r["label"])}</date>'
    content = _EDITION.sub(lambda m: f"<edition>{m.group(1)}，{RELEASE_WORD} {date}</edition>", content, count=1)
    content = _PUBLISHER.sub(lambda m: f"{m.group(0)}{m.group(1)}{date}\n", content, count=1)
    return _GENERATION.sub(f'<change who="#tr" type="generation" when="{_xml(r["date"])}">', content, count=1)


_STAMPED = (re.compile(f"，{RELEASE_WORD} <date type=\"release\"[^>]*>[^<]*</date>"),
            re.compile(r'\n *<date type="release"[^>]*>[^<]*</date>(?=\n)'),
            re.compile(r'(?<=<change who="#tr" type="generation") when="[^"]*"'))


def _unstamp_tei(content: str) -> str:
    for pattern in _STAMPED:
        content = pattern.sub("", content)
    return content


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def stamp_annotations(content: str, release: dict[str, Any], file_url: str | None, edition_name: str) -> str:
    """An annotation collection with ``generated`` and ``generator`` (after ``label``), and, given
    the collection's own hosted address ``file_url``, every ``id`` and ``source`` made absolute.

    >>> c = '{"@context": "x", "id": "a.jsonld", "type": "AnnotationCollection", "label": "L", "total": 0}'
    >>> print(stamp_annotations(c, {"date": "2026-12-07", "label": "2026-12-07 (7f1cdb5)"}, "https://e.org/r/exports/a.jsonld", "乡镇文献注读 简体版"), end="")
    {
     "@context": "x",
     "id": "https://e.org/r/exports/a.jsonld",
     "type": "AnnotationCollection",
     "label": "L",
     "generated": "2026-12-07T00:00:00Z",
     "generator": {"type": "Software", "name": "乡镇文献注读 简体版 2026-12-07 (7f1cdb5)"},
     "total": 0
    }
    """
    r = _release(release)
    data = json.loads(content)
    if file_url:
        data = _absolute(data, file_url)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in ("generated", "generator"):
            out[key] = value
        if key == "label":
            out["generated"] = f"{r['date']}T00:00:00Z"
            out["generator"] = {"type": "Software", "name": f"{edition_name} {r['label']}"}
    return dump_json_ld(out)


def _absolute(value: Any, base: str) -> Any:
    """``id`` and ``source`` strings resolved against ``base``, through nested objects and lists."""
    if isinstance(value, list):
        return [_absolute(v, base) for v in value]
    if isinstance(value, dict):
        return {k: urljoin(base, v) if k in ("id", "source") and isinstance(v, str)
                else _absolute(v, base) for k, v in value.items()}
    return value


def paragraph_formats(work: CitedWork, text_id: str) -> list[dict[str, str]]:
    """The cite dialog's CSL-JSON, RIS and BibTeX of a paragraph of ``work``: the paragraph's number,
    its anchor and the access date left as render/citation.TOKENS, which the page fills in."""
    item = csl_item(work, TOKENS["number"], TOKENS["anchor"])
    item["accessed"] = {"raw": TOKENS["accessed"]}  # a CSL date as a string: the page writes YYYY-MM-DD
    return dialog_styles(item, citation_key(text_id, work.script, TOKENS["number"]))


def text_citations(edition_site: Path, edition_url: str | None,
                   release: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """Every text of the edition (its JSON export in ``exports/``, by id) with its citation as the
    site shows it (render/citation.csl_item): what the reference-manager files hold."""
    items = []
    for path in sorted((edition_site / "exports").glob("*.json")):
        if not (path.parent / f"{path.stem}.tei.xml").exists():
            continue  # not a text's export
        data = json.loads(path.read_text(encoding="utf-8"))
        source = data.get("source") or {}
        work = cited_work(html.escape(data["title"], quote=False), source.get("site"), source.get("date"), data["id"],
                          data["script"], edition_url, release["label"] if release else None)
        items.append((data["id"], csl_item(work)))
    return items


def stamp_site(edition_site: Path, release: dict[str, Any] | None, edition_url: str | None, edition_name: str) -> list[str]:
    """Stamp one edition's exports in ``edition_site`` (``site/`` or ``site/hant/``), whose hosted
    address is ``edition_url`` (None: no site URL, addresses stay relative). No release: nothing to
    stamp (the addresses still become absolute). Returns the paths stamped, relative to the folder."""
    exports = edition_site / "exports"
    if not exports.is_dir():
        return []
    stamped = []
    for rel, content in reference_files(text_citations(edition_site, edition_url, release)).items():
        (edition_site / rel).write_text(content, encoding="utf-8")
        stamped.append(rel)
    for path in sorted(exports.iterdir()):
        name = path.name
        annotations = name.endswith(".annotations.jsonld") or name == "annotations.jsonld"
        text_json = name.endswith(".json") and (exports / f"{name.removesuffix('.json')}.tei.xml").exists()
        if not (annotations or name.endswith(".tei.xml") or text_json):
            continue  # another file (a corpus archive, a glossary): not read at all
        if release is None and not (annotations and edition_url):
            continue
        content = path.read_text(encoding="utf-8")
        if annotations:
            url = urljoin(edition_url, f"exports/{name}") if edition_url else None
            new = stamp_annotations(content, release, url, edition_name) if release else \
                dump_json_ld(_absolute(json.loads(content), url))
        elif name.endswith(".tei.xml"):
            new = stamp_tei(content, release, f"exports/{name}")
        else:
            new = stamp_text_json(content, release)
        path.write_text(new, encoding="utf-8")
        stamped.append(f"exports/{name}")
    return stamped
