"""A link checker for the built site: every internal link must reach a file, and its anchor an id.

Reads every HTML page under the site folder (both editions), collects the ids each page
defines, and checks every ``href`` and ``src`` that stays on the site.  Links off the site
(the repository, sources cited in notes) are listed, not fetched: the checker runs offline.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.links.append((value, self.getpos()[0]))


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


def check_site(site: Path) -> Report:
    report = Report()
    pages: dict[str, _Page] = {}
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":  # served at any missing path: its links are root-absolute by design
            continue
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    report.pages = len(pages)
    for page_path, page in pages.items():
        for href, line in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                if parts.scheme in ("http", "https", "mailto"):
                    report.external.add(href)
                continue
            report.links += 1
            if not parts.path:
                target = page_path
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
                if href.endswith("/") or (site / target).is_dir():
                    target = posixpath.join(target, "index.html")
            if target.startswith("..") or not (site / target).exists():
                report.broken.append(f"{page_path}:{line}: {href} — no file {target}")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target.endswith(".html") and anchor not in pages[target].ids:
                report.broken.append(f"{page_path}:{line}: {href} — no anchor #{anchor} in {target}")
    return report
