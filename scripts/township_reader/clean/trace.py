"""The cleaning trace: a text being cleaned, every step taken, and where each character came from.

Modelled on ftfy's ``fix_and_explain``: rules propose :class:`Edit` s (spans of the text
they saw, with a replacement); :meth:`Trace.apply` performs them and records one
:class:`Step` per edit.  A step carries the exact text removed (``old``) and put in
(``new``), its offset in the text at that moment (so the steps can be replayed), and its
line and column in the raw seed (so a scholar can find it there).

Replaying the steps on the seed reproduces the cleaned text exactly; the fidelity tests
rely on that, and on the Han characters of ``old`` and ``new`` accounting for every
difference between seed and cleaned text.
"""

from __future__ import annotations

import bisect
import itertools
import json
import operator
from collections.abc import Iterable
from typing import Any, NamedTuple

# Marks a line that stands for something that is not text (a gap, an article boundary).
# A private-use character: it never occurs in the seeds and carries no Han characters.

_NO_META: dict[str, Any] = {}
_json_string = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (the C function)
_START_END = operator.itemgetter(0, 1)  # an Edit's (start, end)


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``new``; ``meta`` carries values the rule extracted.

    (A named tuple, like :class:`Step`: rules propose them by the hundred; ``meta`` is read,
    never changed, so the shared empty default is safe.)
    """

    start: int
    end: int
    new: str = ""
    meta: dict[str, Any] = _NO_META
    note: str = ""


class Step(NamedTuple):
    """One recorded change (a named tuple: immutable, and cheap to make by the hundred thousand)."""

    rule: str
    at: int  # offset in the text just before this step (for replay)
    old: str
    new: str
    seed_offset: int  # offset in the seed text of the first changed character
    line: int  # 1-based line in the seed
    column: int  # 1-based column in the seed
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        data = {
            "rule": self.rule,
            "line": self.line,
            "column": self.column,
            "seed_offset": self.seed_offset,
            "at": self.at,
            "old": self.old,
            "new": self.new,
        }
        if self.note:
            data["note"] = self.note
        return data

    def __json__(self) -> str:
        """``json.dumps(self.as_json(), ensure_ascii=False)``, written directly (a report holds every
        step, hundreds a text: no dictionary, no encoder call per step).

        >>> Step("strip_page_markers", 0, "标题_第1页\\n", "", 0, 1, 1).__json__()
        '{"rule": "strip_page_markers", "line": 1, "column": 1, "seed_offset": 0, "at": 0, "old": "标题_第1页\\\\n", "new": ""}'
        """
        note = f', "note": {_json_string(self.note)}' if self.note else ""
        return (f'{{"rule": {_json_string(self.rule)}, "line": {self.line}, "column": {self.column}, '
                f'"seed_offset": {self.seed_offset}, "at": {self.at}, "old": {_json_string(self.old)}, '
                f'"new": {_json_string(self.new)}{note}}}')


class Trace:
    """A text under cleaning, with its history.

    >>> t = Trace("标题_第1页\\n正文")
    >>> t.apply("strip_page_markers", [Edit(0, 7)])
    >>> t.text
    '正文'
    >>> t.steps[0].old, t.steps[0].line
    ('标题_第1页\\n', 1)
    """

    def __init__(self, seed_text: str) -> None:
        self.seed = seed_text
        self.text = seed_text
        # origin[i] is the seed offset of text[i]; inserted characters get the offset of
        # the place they were inserted at, so later steps still map to a seed position.
        self.origin: list[int] | None = list(range(len(seed_text)))
        self.steps: list[Step] = []
        # where each batch of steps begins (one call of apply: positions increase within a batch)
        self.batches: list[int] = []
        self.meta: dict[str, Any] = {}
        # where each line of the seed starts: 0, then one past each line's end (C loops, one step a line)
        lines = seed_text.split("\n")
        self._line_starts = list(itertools.accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))

    def __getstate__(self) -> dict[str, Any]:
        """A pickled trace (the conversion cache, a worker's result) is a finished one: the
        per-character ``origin`` map, needed only while cleaning, is left out (a third of the
        pickle's loading time)."""
        state = self.__dict__.copy()
        state["origin"] = None
        return state

    def seed_position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a seed offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _seed_offset(self, at: int) -> int:
        if at < len(self.origin):
            return self.origin[at]
        return self.origin[-1] + 1 if self.origin else len(self.seed)

    def _keep_meta(self, meta: dict[str, Any]) -> None:
        """The first value of a key wins; list values accumulate (e.g. one entry per article)."""
        for key, value in meta.items():
            if isinstance(value, list):
                self.meta.setdefault(key, []).extend(value)
            else:
                self.meta.setdefault(key, value)

    def apply(self, rule: str, edits: Iterable[Edit]) -> None:
        """Perform non-overlapping edits (offsets in the current text) and record each."""
        ordered = sorted(edits, key=_START_END)
        if not ordered:
            return
        if self.origin is None:
            raise ValueError(f"rule {rule}: this trace was read back from a pickle and is finished; "
                             "start a new Trace from the seed")
        pieces: list[str] = []
        origin: list[int] = []
        text, seed_origin, steps = self.text, self.origin, self.steps
        size, last_seed = len(text), max(len(self.seed) - 1, 0)
        # Edits that each replace one character by one (full-width punctuation, say) leave every
        # seed offset where it was: the origin map is kept as it is, not rebuilt.
        same_places = all(e.end - e.start == 1 and len(e.new) == 1 for e in ordered)
        shift = 0  # how far the edits so far moved later offsets
        last = 0
        first_step = len(steps)
        for edit in ordered:
            start, end, new = edit.start, edit.end, edit.new
            if start < last or end < start or end > size:
                raise ValueError(f"rule {rule}: overlapping or out-of-range edit {edit}")
            old = text[start:end]
            if edit.meta:
                self._keep_meta(edit.meta)
            if old == new:
                continue
            seed_offset = self._seed_offset(start)
            line, column = self.seed_position(min(seed_offset, last_seed))
            steps.append(Step(rule, start + shift, old, new, seed_offset, line, column, edit.note))
            pieces.append(text[last:start])
            pieces.append(new)
            if not same_places:
                origin.extend(seed_origin[last:start])
                origin.extend([seed_offset] * len(new))
            shift += len(new) - len(old)
            last = end
        pieces.append(text[last:])
        self.text = "".join(pieces)
        if len(steps) > first_step:
            self.batches.append(first_step)
        if not same_places:
            origin.extend(seed_origin[last:])
            self.origin = origin


def replay(seed_text: str, steps: Iterable[Step | dict[str, Any]]) -> str:
    """Apply recorded steps to the seed; raise if any step's ``old`` text is not where it says.

    >>> replay("标题_第1页\\n正文", [{"at": 0, "old": "标题_第1页\\n", "new": ""}])
    '正文'
    """
    text = seed_text
    for step in steps:
        data = step.as_json() if isinstance(step, Step) else step
        at, old, new = data["at"], data["old"], data["new"]
        if text[at : at + len(old)] != old:
            raise ValueError(f"replay: step {data.get('rule', '?')} expected {old!r} at {at}")
        text = text[:at] + new + text[at + len(old) :]
    return text


def replays_to(seed_text: str, steps: list[Step], batches: list[int], text: str) -> bool:
    """Whether applying ``steps`` to the seed gives ``text``, each step's ``old`` being where it says.

    :func:`replay` one step at a time, but a batch of steps (one call of :meth:`Trace.apply`, at
    increasing positions) in one pass: linear in the text per batch, not per step.

    >>> t = Trace("标题_第1页\\n正文,结束")
    >>> t.apply("strip_page_markers", [Edit(0, 7)])
    >>> t.apply("normalize_ascii_punctuation", [Edit(2, 3, "，")])
    >>> replays_to(t.seed, t.steps, t.batches, t.text), replays_to(t.seed, t.steps, t.batches, "正文，结")
    (True, False)
    """
    current = seed_text
    bounds = [*batches, len(steps)]
    if not steps:
        return current == text
    if not batches or batches[0] != 0:
        return False
    for begin, end in itertools.pairwise(bounds):
        pieces: list[str] = []
        last = shift = 0
        for step in steps[begin:end]:
            start = step.at - shift  # where the step is in the text the batch began with
            if start < last or current[start : start + len(step.old)] != step.old:
                return False
            pieces.append(current[last:start])
            pieces.append(step.new)
            last = start + len(step.old)
            shift += len(step.new) - len(step.old)
        pieces.append(current[last:])
        current = "".join(pieces)
    return current == text


def final_spans(steps: list[Step], batches: list[int]) -> list[tuple[int, int]]:
    """Where each step's ``new`` text lies in the finished text: ``(start, end)`` per step.

    A step's span is known in the text just after it (``at``, ``at + len(new)``); each later batch
    moves it by the edits before it. A span a later step replaced in part or whole shrinks to
    what is left of it (a removal's span is empty: the place the removed text was).

    >>> t = Trace("标题_第1页\\n臵业,结束")
    >>> t.apply("strip_page_markers", [Edit(0, 7)])
    >>> t.apply("repair_mojibake", [Edit(0, 1, "置")])
    >>> t.apply("normalize_ascii_punctuation", [Edit(2, 3, "，")])
    >>> t.text, final_spans(t.steps, t.batches)
    ('置业，结束', [(0, 0), (0, 1), (2, 3)])
    """
    spans: list[list[int]] = []
    bounds = [*batches, len(steps)]
    for begin, end in itertools.pairwise(bounds):
        batch = steps[begin:end]
        if spans:
            _move_through(spans, batch)
        spans.extend([step.at, step.at + len(step.new)] for step in batch)
    return [(start, stop) for start, stop in spans]


def _move_through(spans: list[list[int]], batch: list[Step]) -> None:
    """Move spans (offsets in the text before ``batch``) to the text after it, in place."""
    starts: list[int] = []  # each edit's start and end in the text before the batch
    ends: list[int] = []
    before: list[int] = []  # how far the edits before each one moved later text
    shift = 0
    for step in batch:
        start = step.at - shift
        starts.append(start)
        ends.append(start + len(step.old))
        before.append(shift)
        shift += len(step.new) - len(step.old)
    before.append(shift)
    news = [len(step.new) for step in batch]

    def move(offset: int, right: bool) -> int:
        # the edits that start at or before offset; those wholly before it move it by their change
        i = bisect.bisect_right(starts, offset)
        while i > 0:
            j = i - 1
            if ends[j] > offset and starts[j] < offset:  # inside a replaced stretch: to its edge
                return starts[j] + before[j] + (news[j] if right else 0)
            if starts[j] == offset and (ends[j] > offset or right):
                # a stretch replaced from here on, or text inserted here: a span's end stays before it
                i = j
                continue
            break
        return offset + before[i]

    for span in spans:
        start, stop = span
        span[0] = move(start, right=start == stop)
        span[1] = move(stop, right=True) if stop != start else span[0]
