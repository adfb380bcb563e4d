"""Site formats: which document-sharing site a raw text comes from, and what that site adds.

Each format is a data file in ``formats/`` (see ``formats/README.md`` for the schema):
the patterns that recognise the site, and, per cleaning rule, the regular expressions
that match what the site added.  Code never hard-codes a site's boilerplate; a new
site is a new YAML file.  ``generic.yml`` is the fallback for texts from an unknown site:
it has no boilerplate patterns, so nothing is removed that we cannot explain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from township_reader.datafile import DataError, LineDict, load_yaml, require_keys

FORMATS_DIR = Path(str(resources.files("township_reader.clean") / "formats"))

PROFILE_KEYS = {
    "id", "site", "description", "detect", "compilation",
    "truncation_signals", "preview_limit_signals", "patterns", "units",
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """One site format."""

    id: str
    site: str | None
    description: str
    detect: tuple[re.Pattern[str], ...]
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    compilation: bool = False  # several articles on one page
    truncation_signals: tuple[re.Pattern[str], ...] = ()
    preview_limit_signals: tuple[re.Pattern[str], ...] = ()
    units: str = ""  # characters that, after a number, show it is a quantity, not a page number
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # the line of each rule's patterns

    def patterns_for(self, rule: str) -> tuple[re.Pattern[str], ...]:
        return self.patterns.get(rule, ())

    def matches(self, text: str) -> bool:
        return bool(self.detect) and all(p.search(text) for p in self.detect)


def _compile(path: Path, line: int, source: object) -> re.Pattern[str]:
    if not isinstance(source, str):
        raise DataError(path, line, f"pattern must be a string, got {type(source).__name__}")
    try:
        return re.compile(source, re.MULTILINE)
    except re.error as err:
        raise DataError(path, line, f"bad regular expression {source!r}: {err}") from None


def load_profile(path: Path) -> Profile:
    """Read and validate one format file (its rule names are checked by the rules that read them:
    :func:`township_reader.clean.rules.check_rule_names`)."""
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise DataError(path, 1, "a format file is a mapping with keys: " + ", ".join(sorted(PROFILE_KEYS)))
    require_keys(path, data, PROFILE_KEYS, {"id", "description"}, "format")
    patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
    pattern_lines: dict[str, int] = {}
    raw_patterns = data.get("patterns") or LineDict()
    for rule, sources in raw_patterns.items():
        line = raw_patterns.line_of(rule)
        pattern_lines[rule] = line
        if not isinstance(sources, list):
            raise DataError(path, line, f"patterns for '{rule}' must be a list of regular expressions")
        item_lines = getattr(sources, "item_lines", [line] * len(sources))
        patterns[rule] = tuple(_compile(path, ln, s) for s, ln in zip(sources, item_lines, strict=True))

    def compiled_list(key: str) -> tuple[re.Pattern[str], ...]:
        sources = data.get(key) or []
        if not isinstance(sources, list):
            raise DataError(path, data.line_of(key), f"'{key}' must be a list of regular expressions")
        lines = getattr(sources, "item_lines", [data.line_of(key)] * len(sources))
        return tuple(_compile(path, ln, s) for s, ln in zip(sources, lines, strict=True))

    return Profile(
        id=str(data["id"]),
        site=data.get("site"),
        description=str(data["description"]).strip(),
        detect=compiled_list("detect"),
        patterns=patterns,
        compilation=bool(data.get("compilation", False)),
        truncation_signals=compiled_list("truncation_signals"),
        preview_limit_signals=compiled_list("preview_limit_signals"),
        units=str(data.get("units") or ""),
        path=path.name,
        lines=pattern_lines,
    )


@cache
def all_profiles() -> tuple[Profile, ...]:
    """Every known site format, the generic fallback last."""
    profiles = [load_profile(p) for p in sorted(FORMATS_DIR.glob("*.yml")) if p.stem != "generic"]
    return (*profiles, generic_profile())


@cache
def generic_profile() -> Profile:
    return load_profile(FORMATS_DIR / "generic.yml")


def profile_by_id(profile_id: str) -> Profile:
    for profile in all_profiles():
        if profile.id == profile_id:
            return profile
    raise KeyError(profile_id)


def detect_profile(text: str) -> Profile:
    """The first format whose detection patterns all match, else the generic fallback.

    >>> detect_profile("ID:1\\n资源描述:\\n由会员上传分享,更多相关内容在行业资料-天天文库").id
    'tiantian-preview'
    >>> detect_profile("一段从未见过的网站的文字。").id
    'generic'
    """
    for profile in all_profiles():
        if profile.matches(text):
            return profile
    return generic_profile()
