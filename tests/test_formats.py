"""Each site format's cases: a raw page beside its expected reading text (tests/formats/README.md)."""

from __future__ import annotations

import difflib

import pytest

from conftest import ROOT
from township_reader.clean.formats import detect_profile
from township_reader.clean.rules import clean

CASES = ROOT / "tests" / "formats"
RAW = sorted(CASES.rglob("*.raw"))


def reading_lines(raw: str) -> str:
    trace, _ctx = clean(raw, detect_profile(raw))
    lines = [line.rstrip() for line in trace.text.replace("\ue000", "§").split("\n")]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("raw", RAW, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_raw_page_cleans_to_its_expected_text(raw, update_golden):
    assert detect_profile(raw.read_text(encoding="utf-8")).id == raw.parent.name, "detected as another format"
    produced = reading_lines(raw.read_text(encoding="utf-8"))
    expected_path = raw.with_suffix(".clean")
    if update_golden:
        expected_path.write_text(produced, encoding="utf-8")
        return
    expected = expected_path.read_text(encoding="utf-8")
    if produced != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), produced.splitlines(), "expected", "now", lineterm=""))
        pytest.fail(f"{raw.relative_to(ROOT)} cleans differently (--update-golden after a deliberate change):\n{diff}")


def test_every_format_has_a_case_and_a_negative_case():
    from township_reader.clean.formats import all_profiles

    assert {p.id for p in all_profiles()} == {p.parent.name for p in RAW}
    for folder in CASES.iterdir():
        if folder.is_dir():
            stems = {p.stem for p in folder.glob("*.raw")}
            assert "author-words-stay" in stems and len(stems) >= 2, folder.name
