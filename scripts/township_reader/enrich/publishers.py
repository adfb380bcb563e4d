"""Accepted publishers: the only sites a source in the glossary or the notes may link to.

A source is a document named so that anyone can find it in a library (issuer, 《title》, number,
date, where it was officially published); a web address beside it is optional, and allowed only
on the site of a publisher listed in ``seeds/publishers.yml`` (an issuing body, an official
gazette or database, a state or Party news outlet of record, a university or academic publisher,
a reputable newspaper).  Mirrors, document-sharing sites and shops are not sources.

The check names the file and line of every address on a site that is not listed; on the site a
linked source shows the publisher's name, not the raw (often percent-encoded) address.

Schema: ``scripts/township_reader/schemas/publishers.schema.json``.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema

from township_reader import project
from township_reader.datafile import DataError, LineDict, LineList, Problems, load_yaml

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "publishers.schema.json"
KINDS = {
    "issuing-body": "the site of the body that issued the document",
    "gazette-database": "an official gazette, statute or document database",
    "news-outlet": "a state or Party news outlet of record",
    "academic": "a university or academic publisher",
    "newspaper": "a reputable newspaper",
}
# A web address in a source or a note, up to the first space or Chinese punctuation:
# "国务院…，中国政府网，https://www.gov.cn/zwgk/2008-12/19/content_1182128.htm。" → the address without "。"
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'，。；、）)\]]+")
WHAT_TO_DO = ("cite the document (issuer, 《title》, number, date, where it was officially published) without "
              "the link, or, if the site is the issuing body or an official outlet, add its domain to "
              "seeds/publishers.yml")


@dataclass(frozen=True)
class Publisher:
    domain: str  # the domain and every subdomain of it: people.com.cn covers cpc.people.com.cn
    name: str  # what a linked source shows: 人民网
    kind: str
    line: int = 0


class Publishers:
    """The accepted publishers, looked up by a web address's host."""

    def __init__(self, publishers: Iterable[Publisher], path: str = "seeds/publishers.yml") -> None:
        self.by_domain = {p.domain: p for p in publishers}
        self.path = path

    def __len__(self) -> int:
        return len(self.by_domain)

    def publisher_of(self, address: str) -> Publisher | None:
        """The publisher whose domain the address is on (the longest listed domain wins).

        >>> p = Publishers([Publisher("people.com.cn", "人民网", "news-outlet")])
        >>> p.publisher_of("http://cpc.people.com.cn/n/2013/0420/c64094-21207765.html").name
        '人民网'
        >>> p.publisher_of("https://fakepeople.com.cn/x") is None, p.publisher_of("https://people.com.cn.evil.example/") is None
        (True, True)
        """
        host = host_of(address)
        if not host:
            return None
        labels = host.split(".")
        for i in range(len(labels)):
            found = self.by_domain.get(".".join(labels[i:]))
            if found:
                return found
        return None

    def problem(self, address: str) -> str | None:
        """Why the address may not be a source's link, with what to do; None if it may."""
        host = host_of(address)
        if not host:
            return f"the address {address} has no host name — {WHAT_TO_DO}"
        if _is_ip(host):
            return f"the address {address} is a bare IP address, not a publisher's site — {WHAT_TO_DO}"
        if self.publisher_of(address) is None:
            return f"the address {address} is on {host}, which is not an accepted publisher — {WHAT_TO_DO}"
        return None


def host_of(address: str) -> str:
    try:
        return (urlsplit(address).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def addresses(text: str) -> list[str]:
    """Every http(s) address in a source line or a note.

    >>> addresses("国务院《关于…的通知》，中国政府网2008年12月19日，https://www.gov.cn/a.htm。又见 http://x.org/b")
    ['https://www.gov.cn/a.htm', 'http://x.org/b']
    """
    return WEB_ADDRESS.findall(text)


def check_addresses(text: str, publishers: Publishers, path: str, line: int) -> list[DataError]:
    """A :class:`DataError` at ``path:line`` for each address in ``text`` not on an accepted site."""
    return [DataError(path, line, problem) for a in addresses(text) if (problem := publishers.problem(a))]


def check_sources(sources: object, item: LineDict, key: str, publishers: Publishers, path: str) -> None:
    """Raise every bad address of a data item's list of sources, each at its own line."""
    if not isinstance(sources, list):
        return
    lines = sources.item_lines if isinstance(sources, LineList) else []
    problems = Problems()
    for n, source in enumerate(sources):
        line = lines[n] if n < len(lines) else item.line_of(key)
        problems.errors.extend(check_addresses(str(source), publishers, path, line))
    problems.raise_any()


def load_publishers(path: Path, shown: str = "seeds/publishers.yml") -> Publishers:
    """Read and validate the accepted publishers (every bad entry is reported, one line each)."""
    data = load_yaml(path, shown=shown)
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "the accepted publishers are a YAML list of entries (each starting with '- domain:')")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["items"])
    found: list[Publisher] = []
    seen: dict[str, int] = {}
    problems = Problems()
    for item, line in zip(data, data.item_lines, strict=True):
        with problems.collect():
            found.append(_publisher(item, line, shown, validator, seen))
    problems.raise_any()
    return Publishers(found, shown)


def _publisher(item: object, line: int, shown: str, validator: jsonschema.Draft202012Validator,
               seen: dict[str, int]) -> Publisher:
    if not isinstance(item, LineDict):
        raise DataError(shown, line, "each entry is a mapping starting with '- domain:'")
    for err in sorted(validator.iter_errors(dict(item)), key=lambda e: list(e.path)):
        key = str(err.path[0]) if err.path else ""
        where = item.line_of(key) if key else item.line
        if err.validator == "additionalProperties":
            unknown = sorted(set(item) - {"domain", "name", "kind"})
            raise DataError(shown, item.line_of(unknown[0]) if unknown else where,
                            f"unknown key {', '.join(repr(u) for u in unknown)} — allowed: domain, name, kind")
        if err.validator == "required":
            raise DataError(shown, where, f"publisher {err.message} — add it")
        if key == "kind":
            raise DataError(shown, where, f"unknown kind {item.get('kind')!r} — use one of: {', '.join(KINDS)}")
        if key == "domain":
            raise DataError(shown, where, f"domain {item.get('domain')!r} is not a lowercase host name such as "
                                          "people.com.cn (no scheme, path or www. unless only www. is meant)")
        raise DataError(shown, where, f"'{key}': {err.message}")
    domain = item["domain"]
    if domain in seen:
        raise DataError(shown, item.line_of("domain"), f"domain '{domain}' is already listed at line {seen[domain]}")
    if _is_ip(domain):
        raise DataError(shown, item.line_of("domain"), "a bare IP address is not a publisher — list its domain name")
    if seen and domain < max(seen):
        raise DataError(shown, item.line_of("domain"), f"entries must be sorted by domain: '{domain}' comes before "
                                                       f"'{max(seen)}' — move it up")
    seen[domain] = item.line
    return Publisher(domain, item["name"], item["kind"], item.line)


@functools.cache
def default_publishers() -> Publishers:
    """The project's list, read once a process (what the site's links are named from); none
    without a project."""
    found = project.current()
    return load_publishers(found.publishers) if found and found.publishers.exists() else Publishers([])
