"""Per-text corrections: fixes no rule can decide, declared by an editor in a data file.

A correction fixes what a *site* broke (a heading the preview ran into its paragraph, a
stray page number no pattern can tell from a quantity, debris from the page the text
was copied from).  It never changes what the *author* wrote: an author's error gets a
``sic`` annotation instead (see ``seeds/annotations/``).  Every correction is applied
to the cleaned text after the automatic repairs and before structure is read, is
recorded in the cleaning report with its file and line, and must match exactly once.

File: ``seeds/corrections/<seed file stem>.yml`` — a YAML list; see
``scripts/township_reader/schemas/corrections.schema.json`` and CONTRIBUTING.md.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from township_reader.clean.trace import Edit, Trace
from township_reader.datafile import DataError, LineDict, LineList, load_yaml, require_keys
from township_reader.vocabulary import GAP, sentinel_line

KINDS = {
    "heading": "the text `find` is a heading the site ran into the text around it: give it a line of its own",
    "remove": "remove `old` (inside `find`): debris a site added that no rule catches",
    "repair": "replace `old` (inside `find`) with `new`: text a site damaged, with the evidence in `reason`",
    "gap": "mark a gap right after `find`: the source skips text here but shows no sign a rule can see",
}
KEYS = {"kind", "find", "old", "new", "level", "reason"}
HEADING_LEVELS = {"title", "1", "2", "3"}


@dataclass(frozen=True)
class Correction:
    kind: str
    find: str
    reason: str
    line: int
    path: str
    old: str = ""
    new: str = ""
    level: str = ""  # for headings: "title" (the text's own title line) or 1–3 (一、 (一) 1.)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def load_corrections(path: Path, display_path: str | None = None) -> list[Correction]:
    """Read and validate a corrections file (missing file: no corrections)."""
    if not path.exists():
        return []
    shown = display_path or str(path)
    data = load_yaml(path, shown=shown)
    if data is None:
        return []
    if not isinstance(data, LineList):
        raise DataError(shown, 1, "a corrections file is a YAML list of corrections (each starting with '- kind:')")
    result = []
    for item, line in zip(data, data.item_lines, strict=True):
        if not isinstance(item, LineDict):
            raise DataError(shown, line, "each correction is a mapping with keys: " + ", ".join(sorted(KEYS)))
        require_keys(shown, item, KEYS, {"kind", "find", "reason"}, "correction")
        kind = item["kind"]
        if kind not in KINDS:
            raise DataError(shown, item.line_of("kind"),
                            f"unknown kind '{kind}' — use one of: {', '.join(KINDS)}")
        find, old, new = str(item["find"]), str(item.get("old") or ""), str(item.get("new") or "")
        if kind in {"remove", "repair", "heading"} and old and find.count(old) != 1:
            raise DataError(shown, item.line_of("old"),
                            f"'old' ({old!r}) must occur exactly once inside 'find' ({find!r})")
        if kind in {"remove", "repair"}:
            if not old:
                raise DataError(shown, item.line, f"a '{kind}' correction needs 'old': the part of 'find' to change")
        if kind == "repair" and "new" not in item:
            raise DataError(shown, item.line, "a 'repair' correction needs 'new': what 'old' becomes")
        if kind != "repair" and new:
            raise DataError(shown, item.line_of("new"), f"'new' is only for 'repair' corrections, not '{kind}'")
        level = str(item.get("level") or "")
        if level and (kind != "heading" or level not in HEADING_LEVELS):
            raise DataError(shown, item.line_of("level"),
                            "'level' is only for headings: title, 1, 2 or 3")
        result.append(Correction(kind, find, str(item["reason"]).strip(), line, shown, old, new, level))
    return result


class CorrectionError(DataError):
    pass


def _locate(text: str, correction: Correction) -> int:
    count = text.count(correction.find)
    if count == 1:
        return text.index(correction.find)
    if count == 0:
        hint = closest_passages(text, correction.find)
        raise CorrectionError(
            correction.path, correction.line,
            f"'find' text not found: {correction.find!r}" + (f" — closest: {hint}" if hint else ""),
        )
    raise CorrectionError(
        correction.path, correction.line,
        f"'find' text occurs {count} times: {correction.find!r} — make it longer so it matches once",
    )


def closest_passages(text: str, needle: str, limit: int = 2) -> str:
    """The passages of ``text`` most like ``needle``, for error messages."""
    size = max(len(needle), 4)
    windows = {text[i : i + size] for i in range(0, max(len(text) - size, 0) + 1, max(size // 3, 1))}
    best = difflib.get_close_matches(needle, windows, n=limit, cutoff=0.4)
    return "; ".join(repr(b) for b in best)


def apply_corrections(trace: Trace, corrections: list[Correction]) -> dict[str, str]:
    """Apply corrections in file order; return the declared heading levels by heading text."""
    headings: dict[str, str] = {}
    for c in corrections:
        text = trace.text
        at = _locate(text, c)
        note = f"{c.where}: {c.reason}"
        if c.kind in {"remove", "repair"}:
            start = at + c.find.index(c.old)
            edits = [Edit(start, start + len(c.old), c.new if c.kind == "repair" else "", note=note)]
        elif c.kind == "gap":
            end = at + len(c.find)
            edits = [Edit(end, end, "\n" + sentinel_line(GAP, "declared") + "\n", note=note)]
        else:  # heading: a line of its own
            heading = c.old or c.find
            start = at + c.find.index(heading)
            end = start + len(heading)
            edits = []
            if start > 0 and text[start - 1] != "\n":
                edits.append(Edit(start, start, "\n", note=note))
            if end < len(text) and text[end] != "\n":
                edits.append(Edit(end, end, "\n", note=note))
            headings[heading.strip()] = c.level or "auto"
        trace.apply("correction", edits)
    return headings
