"""Loading the project's YAML data files with line numbers, so every bad entry can be named.

Every data file an editor touches (site formats, corrections, glossary, annotations)
is read through :func:`load_yaml`.  Mappings and lists come back as :class:`LineDict`
and :class:`LineList`, which remember the line each item and key starts on; a
:class:`DataError` renders as ``path:line: problem — what to do``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml


def shown_name(name: str) -> str:
    r"""A file name as messages show it: control and invisible characters escaped, so a name can
    neither split an error into two lines nor start a line of its own (a forged CI annotation).

    >>> shown_name("seeds/a\n::error::b.txt"), shown_name("seeds/镇长.txt")
    ('seeds/a\\n::error::b.txt', 'seeds/镇长.txt')
    """
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in name)


class DataError(Exception):
    """A problem in a data file, located to a line: ``str(err)`` is one line."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = shown_name(str(path))
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


class DataErrors(DataError):
    """Several problems in data files, one per line, so an editor can fix them all in one round.

    ``str(err)`` has one ``path:line: problem`` line per problem; ``errors`` lists them.
    """

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        first = errors[0]
        Exception.__init__(self, "\n".join(str(e) for e in errors))
        self.path, self.line, self.problem = first.path, first.line, first.problem


class Problems:
    """Collects the :class:`DataError` s of a file's entries instead of stopping at the first.

    >>> problems = Problems()
    >>> for line in (3, 7):
    ...     with problems.collect():
    ...         raise DataError("a.yml", line, "bad")
    >>> problems.raise_any()
    Traceback (most recent call last):
    township_reader.datafile.DataErrors: a.yml:3: bad
    a.yml:7: bad
    """

    def __init__(self) -> None:
        self.errors: list[DataError] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        try:
            yield
        except DataErrors as err:
            self.errors.extend(err.errors)
        except DataError as err:
            self.errors.append(err)

    def raise_any(self) -> None:
        """Raise the one problem as it was, several as :class:`DataErrors`; nothing if none."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DataErrors(self.errors)


def error_lines(err: DataError) -> str:
    """``error: …`` once per problem, for a command line's stderr."""
    return "\n".join(f"error: {line}" for line in str(err).splitlines())


class LineDict(dict):
    """A dict from YAML that knows its line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class LineList(list):
    """A list from YAML that knows its line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: 8× faster
    pass


# Limits on an editor's data file, so that no pull request can exhaust the machine that builds:
# its size (the glossary, the largest, is 150 KB), the length of one value (the longest note is
# 421 characters), and how deeply it nests (the files nest four levels).
MAX_DATA_FILE_BYTES = 2 * 1024 * 1024
MAX_VALUE_CHARS = 5_000
MAX_NESTING = 20


def _check_events(text: str, name: str) -> None:
    """Refuse YAML aliases, overlong values and deep nesting, before anything is built: an alias
    repeats a value without writing it out, and 600 bytes of aliases nested in aliases stand for
    billions of values (a "billion laughs": 4 GB and a MemoryError). Data files write values out."""
    depth = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise DataError(name, line, f"YAML alias '*{event.anchor}': aliases are not allowed in data files — "
                                        "write the value out")
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_VALUE_CHARS:
            raise DataError(name, line, f"a value of {len(event.value):,} characters; the limit is "
                                        f"{MAX_VALUE_CHARS:,} — shorten it")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                raise DataError(name, line, f"nested more than {MAX_NESTING} levels deep — data files are flat lists")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path | str, text: str | None = None, shown: str | None = None) -> Any:
    """Parse a YAML data file; syntax errors become a :class:`DataError` with the line, and so do
    aliases, a file or value over its limit and deep nesting (:func:`_check_events`).

    ``shown`` is how errors name the file (a path relative to the project, say).
    """
    path = Path(path)
    name = shown or str(path)
    if text is None:
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_DATA_FILE_BYTES + 1)
        except FileNotFoundError:
            raise DataError(name, None, "no such file") from None
        except OSError as err:
            raise DataError(name, None, f"cannot read the file ({err.strerror})") from None
        if len(data) > MAX_DATA_FILE_BYTES:
            raise DataError(name, None, f"larger than {MAX_DATA_FILE_BYTES:,} bytes — split it or shorten it")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DataError(name, None, "not UTF-8 — save the file as UTF-8") from None
    elif len(text) > MAX_DATA_FILE_BYTES:
        raise DataError(name, None, f"larger than {MAX_DATA_FILE_BYTES:,} characters — split it or shorten it")
    try:
        _check_events(text, name)
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as err:
        # The construct that is not closed is where to look, more than where parsing stopped.
        mark = err.context_mark or err.problem_mark
        line = mark.line + 1 if mark else None
        problem = err.problem or err.context or "invalid YAML"
        found = f" (noticed at line {err.problem_mark.line + 1})" if err.context_mark and err.problem_mark else ""
        raise DataError(name, line, f"YAML syntax error: {problem}{found} — check quoting and indentation") from None


def require_keys(path: Path | str, item: LineDict, allowed: set[str], required: set[str], what: str) -> None:
    """Unknown or missing keys in a data-file item are errors, located to the key's line."""
    for key in item:
        if key not in allowed:
            raise DataError(
                path,
                item.line_of(key),
                f"unknown key '{key}' in {what} — allowed keys: {', '.join(sorted(allowed))}",
            )
    for key in sorted(required):
        if key not in item or item[key] in (None, "", []):
            raise DataError(path, item.line, f"{what} has no '{key}' — add it")
